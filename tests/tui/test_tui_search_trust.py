"""Pilot tests: search results an analyst can believe (counts while typing, notices, hits in the reader)."""

from __future__ import annotations

import pytest
from conftest import IDS
from tui_helpers import settle

from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.widgets.reader import AnnotatingView, Reader
from sahel_tui.tui.widgets.results_list import ResultsList
from sahel_tui.tui.widgets.search_bar import SearchBar

WIDE = (120, 40)


def main_screen(app) -> MainScreen:
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


def notice(app) -> str:
    content = main_screen(app).query_one("#notice").render()
    return getattr(content, "plain", str(content))


async def wait_for(pilot, predicate, what: str) -> None:
    for _ in range(200):
        if predicate():
            return
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
    raise AssertionError(f"timed out waiting for {what}")


async def type_query(pilot, text: str) -> None:
    screen = main_screen(pilot.app)
    screen.query_one(SearchBar).focus()
    await pilot.press("ctrl+u", *text)
    await wait_for(pilot, lambda: screen.results is not None and screen.results.query == text, repr(text))
    await settle(pilot)


@pytest.fixture
def app(corpus_dir, workspace_dir):
    app = SahelApp(Workspace(corpus=corpus_dir, root=workspace_dir, author="tester"))
    yield app
    app.workspace.close()


async def test_not_mali_while_typing_counts_what_enter_counts(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "NOT Mali")
        typed = main_screen(app).results
        assert typed is not None and typed.total == app.workspace.search("NOT Mali").total
        assert "No results" in notice(app)
        await type_query(pilot, "Mali OR Niger")
        assert main_screen(app).results.total > app.workspace.search("Mali AND Niger").total


async def test_slash_focuses_the_search_box_and_is_never_typed(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "blockade")
        await pilot.press("enter")  # to the results
        await settle(pilot)
        assert isinstance(app.focused, ResultsList)
        await pilot.press("slash")
        await settle(pilot)
        bar = main_screen(app).query_one(SearchBar)
        assert app.focused is bar
        await pilot.press("home", "slash", "end", " ", "x")
        await settle(pilot)
        assert bar.value == "blockade x"
        await pilot.press("ctrl+u", "slash", "N", "i", "g", "e", "r")  # "/" in an empty box: not typed
        await settle(pilot)
        assert bar.value == "Niger"


async def test_the_notice_line_says_what_the_thesaurus_added(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "exit")
        assert "2 results" in notice(app) and "also matched: withdrawal" in notice(app)
        await type_query(pilot, "=exit")
        assert "also matched" not in notice(app) and "No results" in notice(app)


async def test_an_unknown_field_and_an_unclosed_quote_are_said_in_the_notice(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "foo:bar")
        assert "searched as words" in notice(app)
        await type_query(pilot, '"Africa Corps')
        assert "unclosed quote" in notice(app)


async def test_approximate_matches_and_entity_completion_as_you_type(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "Wagnar")
        assert main_screen(app).query_one(ResultsList).article_ids and "approximate" in notice(app)
        await type_query(pilot, "entity:jn")
        assert main_screen(app).query_one(ResultsList).article_ids == [IDS["airstrikes"]]


async def test_n_counts_the_hits_and_a_phrase_is_one_hit(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, '"Africa Corps"')
        await pilot.press("enter", "enter")
        await settle(pilot)
        view = main_screen(app).query_one(AnnotatingView)
        reader = main_screen(app).query_one(Reader)
        hits = [view.shown[s:e] for s, e in view.jump_targets()]
        assert hits and all(h.lower() == "africa corps" for h in hits)
        await pilot.press("n")
        await settle(pilot)
        expected = 2 if len(hits) > 1 else 1
        assert str(reader.border_subtitle).startswith(f"hit {expected}/{len(hits)}")
        await pilot.press("N")
        await settle(pilot)
        assert str(reader.border_subtitle).startswith(f"hit 1/{len(hits)}")
