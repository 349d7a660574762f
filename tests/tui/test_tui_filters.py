"""Pilot tests of the filter bar: every filter the search applies has a chip, and removing them leaves a clean query."""

from __future__ import annotations

import pytest
from tui_helpers import settle, wait_until

from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.screens.facets import RemoveFilterScreen
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.widgets.filter_bar import FilterBar
from sahel_tui.tui.widgets.results_list import ResultsList
from sahel_tui.tui.widgets.search_bar import SearchBar

WIDE = (120, 40)


@pytest.fixture
def app(corpus_dir, workspace_dir):
    app = SahelApp(Workspace(corpus=corpus_dir, root=workspace_dir, author="tester"))
    yield app
    app.workspace.close()


def screen_of(app) -> MainScreen:
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


def bar_text(app) -> str:
    content = screen_of(app).query_one(FilterBar).render()
    return getattr(content, "plain", str(content))


def box(app) -> str:
    return screen_of(app).query_one(SearchBar).value


def shown(app) -> list[str]:
    return screen_of(app).query_one(ResultsList).article_ids


async def search_for(pilot, text: str) -> None:
    screen = screen_of(pilot.app)
    screen.query_one(SearchBar).focus()
    await pilot.press("ctrl+u", *text)
    await wait_until(
        pilot, lambda: screen.results is not None and screen.results.query == text, f"results for {text!r}"
    )
    await settle(pilot)


async def test_f7_removes_a_labels_filter(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await search_for(pilot, "niger")
        everything = shown(app)
        await search_for(pilot, "niger labels:armed_group")
        narrowed = shown(app)
        assert narrowed and len(narrowed) < len(everything)  # the search applies it...
        assert screen_of(app).query_one(FilterBar).display
        assert "type:armed_group" in bar_text(app)  # ...so the bar shows it
        await pilot.press("enter", "f7")
        await settle(pilot)
        assert isinstance(app.screen, RemoveFilterScreen)
        await pilot.press("1")
        await settle(pilot)
        assert box(app) == "niger"
        assert shown(app) == everything
        assert not screen_of(app).query_one(FilterBar).display


async def test_ctrl_x_on_a_group_of_filters_leaves_only_the_free_text(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await search_for(pilot, "niger")
        everything = shown(app)
        await search_for(pilot, "niger (entity:jnim OR entity:niamey)")
        assert "entity:jnim" in bar_text(app) and "entity:niamey" in bar_text(app)
        await pilot.press("ctrl+x")  # from the search box
        await settle(pilot)
        assert box(app) == "niger"
        assert shown(app) == everything
        await search_for(pilot, "(entity:jnim OR labels:location)")
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert box(app) == ""
        assert "(" not in box(app) and "OR" not in box(app)
