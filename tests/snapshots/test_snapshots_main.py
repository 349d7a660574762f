"""SVG snapshots of the main screen, its panels and layouts (pytest-textual-snapshot).

Regenerate with ``pytest tests/test_snapshots_main.py --snapshot-update`` and look
at every changed SVG before committing it.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tui_helpers import settle

from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.widgets.entity_sidebar import EntityList
from sahel_tui.tui.widgets.search_bar import SearchBar

NARROW = (80, 24)
WIDE = (120, 40)


@pytest.fixture
def use_gazetteer() -> bool:
    """The pictures show the seeds' own catalog, not the shipped gazetteer (which has tests of its own)."""
    return False


@pytest.fixture(autouse=True)
def no_blink(monkeypatch):
    """A blinking cursor makes snapshots flaky."""
    monkeypatch.setattr(Input, "cursor_blink", False)


async def search(pilot, query: str) -> None:
    """Type a query and wait for its as-you-type results."""
    screen = pilot.app.screen
    screen.query_one(SearchBar).focus()
    await pilot.press(*query)
    for _ in range(200):
        if screen.results is not None and screen.results.query == query:
            break
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
    else:
        raise AssertionError(f"no results for {query!r}")
    await settle(pilot)


def steps(*actions):
    """``run_before`` doing ``actions`` in order: a str is a query, a tuple keys to press."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        for action in actions:
            if isinstance(action, str):
                await search(pilot, action)
            elif callable(action):
                action(pilot.app)
            else:
                await pilot.press(*action)
            await settle(pilot)

    return run_before


def submit(query: str):
    """Put ``query`` in the search box and search at once, as Enter does (one full search)."""

    def run(app) -> None:
        app.screen.query_one(SearchBar).set_query(query)

    return run


def highlight_entity(entity_id: str):
    def run(app) -> None:
        entity_list = app.screen.query_one(EntityList)
        entity_list.highlighted = next(i for i, o in enumerate(entity_list.options) if o.id == f"entity:{entity_id}")

    return run


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
def test_start_screen(snap_compare, workspace, size):
    # first launch: the index is built in the background, with a notice
    assert snap_compare(SahelApp(workspace), terminal_size=size, run_before=steps())


def test_search_results(snap_compare, indexed):
    assert snap_compare(SahelApp(indexed), terminal_size=WIDE, run_before=steps("blockade", ("enter",)))


def test_reader_with_highlighted_mentions(snap_compare, indexed):
    assert snap_compare(SahelApp(indexed), terminal_size=WIDE, run_before=steps("blockade", ("enter", "enter")))


def test_sidebar_article_entities(snap_compare, indexed):
    assert snap_compare(
        SahelApp(indexed),
        terminal_size=WIDE,
        run_before=steps("blockade", ("enter", "enter", "f3"), highlight_entity("jnim")),
    )


def test_sidebar_result_set_entities(snap_compare, indexed):
    assert snap_compare(
        SahelApp(indexed),
        terminal_size=WIDE,
        run_before=steps("niger", ("enter", "enter", "f3", "s"), highlight_entity("niamey")),
    )


def test_facets_panel(snap_compare, indexed):
    assert snap_compare(SahelApp(indexed), terminal_size=NARROW, run_before=steps("niger", ("enter", "f")))


def test_filter_bar(snap_compare, indexed):
    assert snap_compare(
        SahelApp(indexed), terminal_size=NARROW, run_before=steps("niger type:armed_group date:2024-03", ("enter",))
    )


def test_did_you_mean(snap_compare, indexed):
    assert snap_compare(SahelApp(indexed), terminal_size=NARROW, run_before=steps(submit("Bamakko")))


def test_help_screen(snap_compare, indexed):
    assert snap_compare(SahelApp(indexed), terminal_size=NARROW, run_before=steps(("f2", "f1")))


def test_narrow_reader(snap_compare, indexed):
    assert snap_compare(SahelApp(indexed), terminal_size=NARROW, run_before=steps("blockade", ("enter", "enter")))


def test_narrow_entities(snap_compare, indexed):
    assert snap_compare(
        SahelApp(indexed),
        terminal_size=NARROW,
        run_before=steps("blockade", ("enter", "enter", "f3"), highlight_entity("jnim")),
    )


def test_light_theme_reader(snap_compare, indexed):
    assert snap_compare(SahelApp(indexed), terminal_size=WIDE, run_before=steps("blockade", ("enter", "enter", "f10")))
