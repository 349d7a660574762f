"""The header line redraws itself when the counts or the index state change.

Nobody calls a refresh: assigning a count (as the start-up check, the mention
count and the index updater do) is enough for the analyst to see it.
"""

from __future__ import annotations

from conftest import IDS
from textual.app import App, ComposeResult
from tui_helpers import settle

from sahel_tui.core.workspace import IndexReport, Workspace
from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.screens.main_startup import index_outcome
from sahel_tui.tui.widgets.reader import AnnotatingView
from sahel_tui.tui.widgets.results_list import ResultsList
from sahel_tui.tui.widgets.status_bar import StatusBar

WIDE = (120, 40)


def status_text(node) -> str:
    content = node.query_one(StatusBar).render()
    return getattr(content, "plain", str(content))


async def wait_for(pilot, predicate, what: str, attempts: int = 200) -> None:
    for _ in range(attempts):
        if predicate():
            return
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
    raise AssertionError(f"timed out waiting for {what}")


class StatusApp(App):
    def compose(self) -> ComposeResult:
        yield StatusBar(workspace="index", author="tester", corpus="seeds")


async def test_assigning_a_count_or_state_redraws_the_line() -> None:
    app = StatusApp()
    async with app.run_test(size=(120, 3)) as pilot:
        bar = app.query_one(StatusBar)
        first = status_text(app)
        assert "loading…" in first and "index checking…" in first and "workspace index" in first
        assert "as tester" in first and "corpus seeds" in first and "mention" not in first
        bar.articles = 5
        bar.mentions = 1
        await pilot.pause()
        assert "5 articles · 1 mention · index checking…" in status_text(app)
        bar.index_state = "stale (read-only)"
        bar.read_only = True
        bar.mentions = 12
        await pilot.pause()
        shown = status_text(app)
        assert "12 mentions" in shown and "index stale (read-only)" in shown and "READ-ONLY" in shown


async def test_a_narrow_line_keeps_the_counts_and_drops_the_least_useful_parts() -> None:
    app = StatusApp()
    async with app.run_test(size=(50, 3)) as pilot:
        bar = app.query_one(StatusBar)
        bar.articles, bar.mentions, bar.index_state = 5, 87, "fresh"
        await pilot.pause()
        shown = status_text(app)
        assert "5 articles · 87 mentions · index fresh" in shown
        assert "corpus" not in shown and len(shown) <= 50


async def test_deleting_and_undoing_a_mention_changes_the_count_in_the_header(
    workspace: Workspace, workspace_dir
) -> None:
    article_id = IDS["c130_a"]
    body = workspace.article(article_id).body
    start = body.index("CSP-PSD")
    workspace.annotate(article_id, start, start + 7, "ARMED_GROUP", entity="csp-psd")
    total = workspace.mention_count()
    app = SahelApp(workspace)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_for(pilot, lambda: f"{total} mentions" in status_text(screen), "the first count")
        screen.query_one(ResultsList).post_message(ResultsList.Opened(article_id))
        await pilot.pause()
        view = screen.query_one(AnnotatingView)
        view.focus()
        view.move_to(start)
        await pilot.pause()
        await pilot.press("d")
        await wait_for(pilot, lambda: f"{total - 1} mentions" in status_text(screen), "the count after deleting")
        await wait_for(pilot, lambda: "index fresh" in status_text(screen), "the index to catch up")
        await pilot.press("u")
        await wait_for(pilot, lambda: f"{total} mentions" in status_text(screen), "the count after undoing")


def test_start_up_state_and_message_come_from_the_report_fields(tmp_path) -> None:
    assert index_outcome(IndexReport(total=5)) == ("fresh", None)
    assert index_outcome(IndexReport(rebuilt=True, reason="missing: no index yet", first_build=True, total=5)) == (
        "fresh",
        "Search index built: 5 articles",
    )
    assert index_outcome(IndexReport(rebuilt=True, reason="catalog changed", total=5)) == (
        "fresh",
        "Search index rebuilt (catalog changed): 5 articles",
    )
    state, message = index_outcome(IndexReport(added=1, stale=3, read_only=True, total=5))
    assert state == "stale (read-only)" and message is not None and "3 articles" in message
    private = tmp_path / "cache" / "whoosh"
    state, message = index_outcome(
        IndexReport(rebuilt=True, reason="missing", private_index=private, private_index_reason="corrupt", total=5)
    )
    assert state == "fresh" and message is not None and str(private) in message and "corrupt" in message
