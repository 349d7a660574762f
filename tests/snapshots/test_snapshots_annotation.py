"""Snapshots of the annotation dialogs at 80x24 and 120x40.

Each app runs over private copies of the seed corpus and the bundled catalog
(without the bundled annotations), opens one article and goes through the keys an analyst would press.  Background
work (index updates, searches) is waited for and notifications are cleared
before the picture is taken, so the pictures do not depend on timing.
"""

from __future__ import annotations

import asyncio

import pytest
from conftest import IDS
from textual.widgets import Input
from tui_helpers import write_flagged

from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.widgets.reader import AnnotatingView
from sahel_tui.tui.widgets.results_list import ResultsList

C130_A = IDS["c130_a"]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def use_gazetteer() -> bool:
    """The pictures show the seeds' own catalog, not the shipped gazetteer (which has tests of its own)."""
    return False


@pytest.fixture
def workspace(workspace, workspace_dir):
    """conftest's workspace (bundled catalog), without the bundled annotations.

    The pictures then change when the dialogs change, not when annotations are
    added to the bundled workspace.
    """
    for path in (workspace_dir / "annotations").glob("*.yaml"):
        path.unlink()
    return workspace


@pytest.fixture
def make_app(workspace, corpus_dir, workspace_dir):
    """``make_app()``: the app over the fixture copies (call after preparing files)."""
    opened: list[Workspace] = []

    def make() -> SahelApp:
        workspace = Workspace(corpus=corpus_dir, root=workspace_dir, author="tester", gazetteer=False)
        opened.append(workspace)
        return SahelApp(workspace)

    yield make
    for workspace in opened:
        workspace.close()


async def _quiet(pilot) -> None:
    """Wait for index updates, searches and screens; no blinking cursor, no toasts."""
    app = pilot.app
    await app.workers.wait_for_complete()
    await asyncio.to_thread(app.workspace.flush)
    await app.workers.wait_for_complete()
    await pilot.pause()
    for field in app.screen.query(Input):
        field.cursor_blink = False
    app.clear_notifications()
    for screen in app.screen_stack:  # toasts under a dialog stay until their timer: no timing in pictures
        for rack in screen.query("ToastRack"):
            rack.remove_children()
    await pilot.pause()


def _steps(article_id: str, at: str | None, *keys: str):
    """A ``run_before``: open the article, put the cursor on ``at``, press ``keys``."""

    async def run_before(pilot) -> None:
        app = pilot.app
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one(ResultsList).post_message(ResultsList.Opened(article_id))
        await pilot.pause()
        app.clear_notifications()  # start-up notices, before a dialog covers them
        view = app.screen.query_one(AnnotatingView)
        view.focus()
        if at is not None:
            view.move_to(view.article.body.index(at))
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        await _quiet(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_entity_picker(snap_compare, make_app, size):
    # "junta" labelled as an organisation: the catalog's Nigerien junta (alias "Niger's junta")
    # comes first, other types after, and the last row creates a new entity.
    assert snap_compare(make_app(), terminal_size=size, run_before=_steps(C130_A, "junta has", "5"))


@pytest.mark.parametrize("size", SIZES)
def test_occurrences(snap_compare, make_app, size):
    # "aircraft" labelled as equipment, left unlinked: its other occurrences, this article first;
    # the first accepted, the second rejected, the cursor on the third.
    assert snap_compare(make_app(), terminal_size=size, run_before=_steps(C130_A, "aircraft", "7", "escape", "y", "x"))


@pytest.mark.parametrize("size", SIZES)
def test_label_menu(snap_compare, make_app, workspace, size):
    body = workspace.article(C130_A).body
    start = body.index("CSP-PSD")
    workspace.annotate(C130_A, start, start + 7, "ORGANIZATION")
    workspace.close()
    assert snap_compare(make_app(), terminal_size=size, run_before=_steps(C130_A, "CSP-PSD", "t"))


@pytest.mark.parametrize("size", SIZES)
def test_legend(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=_steps(C130_A, None, "L", "down", "down"))


@pytest.mark.parametrize("size", SIZES)
def test_review(snap_compare, make_app, corpus_dir, workspace_dir, size):
    # One orphaned mention, two moved ones; the cursor on "Niamey", now spelt "Niamay".
    write_flagged(corpus_dir, workspace_dir, C130_A)
    assert snap_compare(make_app(), terminal_size=size, run_before=_steps(C130_A, None, "r", "down"))
