"""Pilot tests of the main screen: what an analyst sees and can reach from the keyboard."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import IDS
from tui_helpers import settle

from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.screens import main as main_module
from sahel_tui.tui.screens.facets import FacetsScreen, RemoveFilterScreen
from sahel_tui.tui.screens.help import HelpScreen
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.widgets.entity_sidebar import ArticleLinks, EntityList, EntitySidebar
from sahel_tui.tui.widgets.filter_bar import FilterBar
from sahel_tui.tui.widgets.reader import AnnotatingView, Reader
from sahel_tui.tui.widgets.results_list import MORE_ID, SUGGEST_ID, ResultsList
from sahel_tui.tui.widgets.search_bar import SearchBar
from sahel_tui.tui.widgets.status_bar import StatusBar

WIDE = (120, 40)
NARROW = (80, 24)


# -- helpers ------------------------------------------------------------------------------


async def wait_for(pilot, predicate, what: str, attempts: int = 200) -> None:
    """Pump the app until ``predicate()`` holds (the search box debounces keystrokes)."""
    for _ in range(attempts):
        if predicate():
            return
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
    raise AssertionError(f"timed out waiting for {what}")


def main_screen(app) -> MainScreen:
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


def result_ids(app) -> list[str]:
    return main_screen(app).query_one(ResultsList).article_ids


def text_of(widget) -> str:
    """The plain text a Static-like widget shows."""
    content = widget.render()
    return getattr(content, "plain", str(content))


def notice(app) -> str:
    return text_of(main_screen(app).query_one("#notice"))


def reader_header(app) -> str:
    return text_of(main_screen(app).query_one("#article-header"))


def shown_panes(app) -> list[str]:
    screen = main_screen(app)
    return [
        name
        for name, widget in (
            ("results", screen.query_one(ResultsList)),
            ("reader", screen.query_one(Reader)),
            ("sidebar", screen.query_one(EntitySidebar)),
        )
        if widget.display
    ]


def option_texts(option_list) -> list[str]:
    return [o.prompt.plain if hasattr(o.prompt, "plain") else str(o.prompt) for o in option_list.options]


async def type_query(pilot, text: str) -> None:
    """Type into the search box and wait for the as-you-type search of exactly that text."""
    app = pilot.app
    screen = main_screen(app)
    screen.query_one(SearchBar).focus()
    await pilot.press("ctrl+u")
    await pilot.press(*text)
    await wait_for(pilot, lambda: screen.results is not None and screen.results.query == text, f"results for {text!r}")
    await settle(pilot)


def make_app(corpus: Path, root: Path) -> SahelApp:
    return SahelApp(Workspace(corpus=corpus, root=root, author="tester"))


@pytest.fixture
def app(corpus_dir, workspace_dir):
    app = make_app(corpus_dir, workspace_dir)
    yield app
    app.workspace.close()


def mention_starts(workspace: Workspace, article_id: str, entity_id: str) -> list[int]:
    """Where the (seed) mentions of ``entity_id`` start in the article."""
    return sorted(m.start for m in workspace.mentions(article_id) if m.entity == entity_id)


# -- start-up -----------------------------------------------------------------------------


async def test_empty_query_lists_every_article_newest_first(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        ids = result_ids(app)
        assert len(ids) == 5
        # dated articles first, newest first; undated after them
        assert ids[:2] == [IDS["c130_b"], IDS["c130_a"]]
        assert "newest first" in notice(app)
        status = text_of(main_screen(app).query_one(StatusBar))
        assert "5 articles" in status and "index fresh" in status
        assert isinstance(app.focused, SearchBar)


async def test_first_frame_shows_index_check_while_it_runs(corpus_dir, workspace_dir, monkeypatch):
    release = threading.Event()
    app = make_app(corpus_dir, workspace_dir)
    real_sync = app.workspace.sync_index

    def slow_sync(**kwargs):
        release.wait(30)
        return real_sync(**kwargs)

    monkeypatch.setattr(app.workspace, "sync_index", slow_sync)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            status = text_of(main_screen(app).query_one(StatusBar))
            assert "index checking…" in status
            assert "Checking the search index" in notice(app)
            assert result_ids(app) == []
            await pilot.press(*"niger")  # typing while the index is checked is kept
            release.set()
            await wait_for(pilot, lambda: main_screen(app).results is not None, "the first results")
            await settle(pilot)
            assert "index fresh" in text_of(main_screen(app).query_one(StatusBar))
            assert main_screen(app).results.query == "niger"
            assert len(result_ids(app)) == 4
    finally:
        release.set()
        app.workspace.close()


async def test_status_shows_the_index_catching_up_after_an_annotation(app, monkeypatch):
    gate = threading.Event()
    real_index_doc = app.workspace.index_doc

    def slow_index_doc(article_id, **kwargs):
        gate.wait(30)  # the background index update takes its time
        return real_index_doc(article_id, **kwargs)

    try:
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            monkeypatch.setattr(app.workspace, "index_doc", slow_index_doc)
            status = main_screen(app).query_one(StatusBar)
            mentions_before = main_screen(app).mention_total
            await open_first_result(pilot, "blockade")
            view = main_screen(app).query_one(AnnotatingView)
            await pilot.press("n", "b", "b", "b")  # "militants", three words before the second hit
            assert view.shown[view.cursor : view.cursor + 9] == "militants"
            await pilot.press("3")  # annotate it as an armed group
            assert "index updating…" in text_of(status)
            gate.set()
            await wait_for(pilot, lambda: "index fresh" in text_of(status), "the index to catch up")
            await wait_for(pilot, lambda: main_screen(app).mention_total == mentions_before + 1, "the new count")
            assert f"{mentions_before + 1} mentions" in text_of(status)
    finally:
        gate.set()


# -- search and open ----------------------------------------------------------------------


async def test_phrase_search_then_enter_opens_the_article(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, '"Africa Corps"')
        assert result_ids(app) == [IDS["airstrikes"]]
        assert "1 result for" in notice(app)
        await pilot.press("enter")  # from the search box to the results
        await settle(pilot)
        assert isinstance(app.focused, ResultsList)
        await pilot.press("enter")  # open
        await settle(pilot)
        assert isinstance(app.focused, AnnotatingView)
        assert "Mali Launches Airstrikes to Break Militant Blockade" in reader_header(app)
        view = main_screen(app).query_one(AnnotatingView)
        # the cursor starts on the first query hit and the hit is highlighted
        assert view.shown[view.cursor : view.cursor + 6].lower() == "africa"


async def test_result_rows_show_title_date_source_and_highlighted_snippet(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "blockade")
        option = main_screen(app).query_one(ResultsList).options[0]
        lines = option.prompt.plain.split("\n")
        assert lines[0].startswith("Mali Launches Airstrikes")
        assert lines[1] == "no date · Inter Bellum News"
        highlighted = {option.prompt.plain[s.start : s.end] for s in option.prompt.spans if "underline" in str(s.style)}
        assert {h.lower() for h in highlighted} == {"blockade"}


async def test_stale_search_results_are_dropped(app, monkeypatch):
    gate = threading.Event()
    real_search = app.workspace.search

    def search(query, **kwargs):
        if query == "niger":
            gate.wait(30)  # the older search finishes last
        return real_search(query, **kwargs)

    monkeypatch.setattr(app.workspace, "search", search)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.run_search("niger", as_you_type=False)
        screen.run_search("blockade", as_you_type=False)
        await wait_for(
            pilot, lambda: screen.results is not None and screen.results.query == "blockade", "the newer results"
        )
        gate.set()
        await settle(pilot)
        assert screen.results.query == "blockade"
        assert result_ids(app) == [IDS["airstrikes"]]


async def test_did_you_mean_is_one_key_away(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        suggestion = app.workspace.search("Bamakko").suggestion
        assert suggestion == "bamako"  # what the search core proposes for this typo
        await type_query(pilot, "Bamakko")
        await pilot.press("enter")  # a full search: approximate matches and the suggestion
        await wait_for(pilot, lambda: main_screen(app).results.suggestion == suggestion, "the suggestion")
        await settle(pilot)
        assert "did you mean bamako?" in notice(app)
        rows = main_screen(app).query_one(ResultsList)
        assert rows.options[0].id == SUGGEST_ID
        assert "Did you mean bamako?" in option_texts(rows)[0]
        assert rows.highlighted_id is not None  # Enter still opens the first article
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: main_screen(app).results.query == "bamako", "the corrected search")
        await settle(pilot)
        assert main_screen(app).query_one(SearchBar).value == "bamako"
        assert not main_screen(app).results.fuzzy
        assert len(result_ids(app)) == 5


async def test_did_you_mean_row_accepts_with_enter(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "Bamakko")
        await pilot.press("enter")  # to the results pane, with the full search's suggestion
        await wait_for(pilot, lambda: main_screen(app).results.suggestion is not None, "the suggestion")
        await settle(pilot)
        assert isinstance(app.focused, ResultsList)
        await pilot.press("home", "enter")  # the first row is the suggestion
        await wait_for(pilot, lambda: main_screen(app).results.query == "bamako", "the corrected search")
        assert len(result_ids(app)) == 5


async def test_no_match_while_typing_points_to_approximate_search(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "zzqxv")
        assert result_ids(app) == []
        assert "No results" in notice(app)
        rows = option_texts(main_screen(app).query_one(ResultsList))
        assert any("No article matches this query." in r for r in rows)


async def test_show_more_row_fetches_the_next_page(app, monkeypatch):
    monkeypatch.setattr(main_module, "PAGE", 2)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        rows = main_screen(app).query_one(ResultsList)
        assert len(result_ids(app)) == 2
        assert rows.options[-1].id == MORE_ID
        assert "2 of 5 shown" in option_texts(rows)[-1]
        await pilot.press("f2", "end", "enter")
        await settle(pilot)
        assert len(result_ids(app)) == 4


async def test_markup_in_an_article_is_shown_literally(corpus_dir, workspace_dir):
    (corpus_dir / "900_hostile.txt").write_text(
        "Convoy [bold]ambushed[/] near [@click=app.quit]Kwarazgo[/]\n\n"
        "The convoy [/] was ambushed [link=http://x]near Kwarazgo[/link] on Monday.\n",
        encoding="utf-8",
    )
    app = make_app(corpus_dir, workspace_dir)
    try:
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await type_query(pilot, "kwarazgo")
            assert result_ids(app) == ["900_hostile"]
            title = main_screen(app).query_one(ResultsList).options[0].prompt.plain
            assert "[bold]ambushed[/]" in title and "[@click=app.quit]" in title
            await pilot.press("enter", "enter")
            await settle(pilot)
            assert "[@click=app.quit]Kwarazgo[/]" in reader_header(app)
            assert app.is_running
    finally:
        app.workspace.close()


# -- facets and filters -------------------------------------------------------------------


async def choose_facet(pilot, narrow_to: str) -> None:
    app = pilot.app
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(app.screen, FacetsScreen)
    await pilot.press(*narrow_to)
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)


async def test_facet_narrows_results_and_removing_it_restores_them(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "niger")
        before = result_ids(app)
        assert len(before) == 4
        await pilot.press("enter")  # focus the results: letters are keys there
        await choose_facet(pilot, "APA")
        screen = main_screen(app)
        assert screen.query_one(SearchBar).value == 'niger source:"APA"'
        assert result_ids(app) == [IDS["aes_air"]]
        bar = screen.query_one(FilterBar)
        assert bar.display and 'source:"APA"' in text_of(bar)
        await pilot.press("f7")  # the remove-filter picker
        await settle(pilot)
        assert isinstance(app.screen, RemoveFilterScreen)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert screen.query_one(SearchBar).value == "niger"
        assert result_ids(app) == before
        assert not bar.display


async def test_remove_filter_picker_has_a_digit_per_filter(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "niger type:armed_group date:2024-03")
        await pilot.press("enter", "minus")  # from the results pane, "-" opens the picker too
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, RemoveFilterScreen)
        rows = option_texts(picker.query_one("#unfilter-list"))
        assert rows == [" 1  type:armed_group", " 2  date:2024-03"]
        await pilot.press("2")
        await settle(pilot)
        assert main_screen(app).query_one(SearchBar).value == "niger type:armed_group"
        assert len(result_ids(app)) == 3
        await pilot.press("minus", "a")  # a removes them all
        await settle(pilot)
        assert main_screen(app).query_one(SearchBar).value == "niger"
        await pilot.press("minus")  # nothing left to remove: no picker
        assert isinstance(app.screen, MainScreen)


async def test_facets_panel_counts_the_result_set(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "niger")
        await pilot.press("enter", "f")
        await settle(pilot)
        panel = app.screen
        assert isinstance(panel, FacetsScreen)
        texts = option_texts(panel.query_one("#facet-list"))
        assert "Entity types" in texts and "Sources" in texts and "Months" in texts and "Entities" in texts
        row = next(t for t in texts if t.strip().endswith("2024-03"))
        assert row.split()[0] == "2"  # two of the four results are from March 2024
        assert any("Niamey" in t and t.split()[0] == "4" for t in texts)
        await pilot.press(*"tessalit")
        await pilot.pause()
        texts = option_texts(panel.query_one("#facet-list"))
        assert [t for t in texts if "Tessalit" in t] and not [t for t in texts if "Niamey" in t]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).query_one(SearchBar).value == "niger"


async def test_choosing_an_active_filter_in_the_panel_removes_it(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "niger date:2024-03")
        assert len(result_ids(app)) == 2
        await pilot.press("enter", "f")
        await settle(pilot)
        texts = option_texts(app.screen.query_one("#facet-list"))
        assert texts[0].startswith("Active filters")
        assert "date:2024-03" in texts[1]
        await pilot.press("enter")  # the first row is the active filter
        await settle(pilot)
        assert main_screen(app).query_one(SearchBar).value == "niger"
        assert len(result_ids(app)) == 4


async def test_ctrl_x_clears_every_filter_even_from_the_search_box(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await type_query(pilot, "niger type:armed_group date:2024-03")
        assert len(result_ids(app)) == 2
        bar = main_screen(app).query_one(FilterBar)
        assert "type:armed_group" in text_of(bar) and "date:2024-03" in text_of(bar)
        assert isinstance(app.focused, SearchBar)
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert main_screen(app).query_one(SearchBar).value == "niger"
        assert len(result_ids(app)) == 4


async def test_entity_facet_adds_entity_filter(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("f2", "f")
        await settle(pilot)
        await pilot.press(*"jama'at")
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).query_one(SearchBar).value == "entity:jnim"
        assert result_ids(app) == [IDS["airstrikes"]]


# -- entity sidebar -----------------------------------------------------------------------


async def open_first_result(pilot, query: str) -> None:
    await type_query(pilot, query)
    await pilot.press("enter", "enter")
    await settle(pilot)


async def test_sidebar_lists_article_entities_and_switches_to_the_result_set(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "blockade")
        await pilot.press("f3")
        await settle(pilot)
        sidebar = main_screen(app).query_one(EntitySidebar)
        assert isinstance(app.focused, EntityList)
        assert sidebar.scope == "article"
        assert text_of(sidebar.query_one("#entities-title")).startswith("This article")
        names = {r.name for r in sidebar.rows}
        assert "Jama'at Nusrat al-Islam wal-Muslimin" in names and "Africa Corps" in names
        texts = option_texts(sidebar.query_one(EntityList))
        assert "Armed group" in texts  # grouped by type
        await pilot.press("s")
        await settle(pilot)
        assert sidebar.scope == "results"
        assert text_of(sidebar.query_one("#entities-title")).startswith("All results")
        counts = {r.entity_id: r.count for r in sidebar.rows}
        assert counts["jnim"] == 1  # articles of the result set
        await type_query(pilot, "niger")  # the result-set view follows the search
        counts = {r.entity_id: r.count for r in sidebar.rows}
        assert counts["niamey"] == 4
        await pilot.press("f3", "s")
        await settle(pilot)
        assert sidebar.scope == "article"


async def test_choosing_an_entity_focuses_it_in_the_reader(app):
    starts = mention_starts(app.workspace, IDS["airstrikes"], "jnim")
    assert len(starts) >= 2  # the seed workspace links several JNIM mentions there
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "blockade")
        screen = main_screen(app)
        view = screen.query_one(AnnotatingView)
        await pilot.press("f3")
        await settle(pilot)
        entity_list = screen.query_one(EntityList)
        entity_list.highlighted = next(i for i, o in enumerate(entity_list.options) if o.id == "entity:jnim")
        await settle(pilot)
        detail = text_of(screen.query_one("#entity-detail"))
        assert "Jama'at Nusrat al-Islam wal-Muslimin" in detail
        assert "aka JNIM, GSIM" in detail
        assert f"Here {len(starts)}×" in detail
        assert view.focus_entity == "jnim"  # browsing the list shows the entity in the reader
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is view
        assert view.cursor == starts[0]
        await pilot.press("n")
        assert view.cursor == starts[1]
        await pilot.press("N")
        assert view.cursor == starts[0]
        await pilot.press("N")  # wraps around to the last mention
        assert view.cursor == starts[-1]


async def test_opening_from_the_results_goes_back_to_query_hits(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "blockade")
        screen = main_screen(app)
        view = screen.query_one(AnnotatingView)
        await pilot.press("f3")
        await settle(pilot)
        assert view.focus_entity is not None
        await pilot.press("f2", "enter")
        await settle(pilot)
        assert view.focus_entity is None
        await pilot.press("n")
        assert view.shown[view.cursor : view.cursor + 8].lower() == "blockade"


async def test_sidebar_lists_other_articles_and_enter_opens_one(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "blockade")
        screen = main_screen(app)
        await pilot.press("f3")
        await settle(pilot)
        entity_list = screen.query_one(EntityList)
        entity_list.highlighted = next(i for i, o in enumerate(entity_list.options) if o.id == "entity:bamako")
        await settle(pilot)
        links = screen.query_one(ArticleLinks)
        assert links.option_count == 4  # Bamako is in every article
        assert "4 other articles" in text_of(screen.query_one("#entity-detail"))
        await pilot.press("o")
        assert app.focused is links
        first = links.options[0].id
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article_id == first != IDS["airstrikes"]
        assert isinstance(app.focused, AnnotatingView)


# -- layout and navigation ------------------------------------------------------------------


@pytest.mark.parametrize("size", [WIDE, (200, 60)])
async def test_wide_terminals_show_three_panes(app, size):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert shown_panes(app) == ["results", "reader", "sidebar"]
        assert not main_screen(app).narrow


async def test_narrow_terminal_reaches_every_pane_by_keyboard(app):
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.narrow
        assert shown_panes(app) == ["results"]
        await type_query(pilot, "blockade")
        await pilot.press("enter")  # search box -> results
        assert isinstance(app.focused, ResultsList) and shown_panes(app) == ["results"]
        assert "Enter/F4 reader" in str(screen.query_one(ResultsList).border_subtitle)
        await pilot.press("enter")  # open -> reader
        await settle(pilot)
        assert shown_panes(app) == ["reader"] and isinstance(app.focused, AnnotatingView)
        assert "Esc results" in str(screen.query_one(Reader).border_subtitle)
        footer_keys = {b.binding.description for b in screen.active_bindings.values()}
        assert "Back to results" in footer_keys  # the footer says how to get back
        await pilot.press("f3")  # entities
        await settle(pilot)
        assert shown_panes(app) == ["sidebar"] and isinstance(app.focused, EntityList)
        await pilot.press("escape")  # back to the reader
        assert shown_panes(app) == ["reader"] and isinstance(app.focused, AnnotatingView)
        await pilot.press("escape")  # back to the results
        assert shown_panes(app) == ["results"] and isinstance(app.focused, ResultsList)
        await pilot.press("f4")
        assert shown_panes(app) == ["reader"]
        await pilot.press("f2")
        assert shown_panes(app) == ["results"]
        await pilot.press("escape")  # results -> search box
        assert isinstance(app.focused, SearchBar)
        await pilot.press("slash")  # typed into the box: it has the focus
        assert screen.query_one(SearchBar).value.endswith("/")


async def test_escape_in_the_reader_cancels_a_selection_before_leaving(app):
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "blockade")
        view = main_screen(app).query_one(AnnotatingView)
        await pilot.press("v")
        assert view.selection is not None
        await pilot.press("escape")
        assert view.selection is None and shown_panes(app) == ["reader"]
        await pilot.press("escape")
        assert shown_panes(app) == ["results"]


async def test_resizing_switches_between_layouts(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "blockade")
        await pilot.resize_terminal(*NARROW)
        await settle(pilot)
        assert shown_panes(app) == ["reader"]  # the pane that had the focus
        await pilot.resize_terminal(*WIDE)
        await settle(pilot)
        assert shown_panes(app) == ["results", "reader", "sidebar"]


async def test_wide_mode_side_pane_keys_toggle_the_pane(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        assert isinstance(app.focused, EntityList)
        await pilot.press("f3")  # hide it to give the reader room
        assert shown_panes(app) == ["results", "reader"]
        assert isinstance(app.focused, AnnotatingView)
        await pilot.press("f3")
        assert shown_panes(app) == ["results", "reader", "sidebar"]


# -- help and palette -----------------------------------------------------------------------


async def test_help_lists_every_binding_grouped_by_pane(app):
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("f2", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = text_of(app.screen.query_one("#help-text"))
        for title in ("Search box", "Results pane", "Reader pane", "Entities pane", "Everywhere"):
            assert title in text
        for description in (
            "Facets",
            "Clear all filters",
            "Remove a filter",
            "Accept 'did you mean'",
            "Mark for compare",
            "Next hit",
            "Label as Person",
            "Label as Date",
            "Article/results",
            "Open article",
            "Focus in reader",
            "Quit",
            "Help",
        ):
            assert description in text, description
        body = app.screen.query_one("#help-body")
        assert body.max_scroll_y > 0  # longer than the box: it scrolls
        await pilot.press("pagedown")
        assert body.scroll_y > 0
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1", "escape")
        assert isinstance(app.screen, MainScreen)


async def test_palette_runs_binding_commands(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"facets")
        await wait_for(
            pilot,
            lambda: (
                "Facets" in str(app.screen.query("CommandList").first().options[0].prompt)
                if app.screen.query("CommandList") and app.screen.query("CommandList").first().option_count
                else False
            ),
            "the palette to list Facets",
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FacetsScreen)


async def test_f10_switches_to_the_light_theme(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.current_theme.dark
        await pilot.press("f10")
        assert not app.current_theme.dark
