"""SVG snapshots of the comparison screen (pytest-textual-snapshot).

Regenerate with ``pytest tests/test_snapshots_compare.py --snapshot-update`` and
look at every changed SVG before committing it.
"""

from __future__ import annotations

import pytest
from conftest import IDS
from textual.widgets import Input
from tui_helpers import settle

from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.screens.compare import CompareScreen

NARROW = (80, 24)
WIDE = (160, 50)
A, C = IDS["c130_a"], IDS["c130_c"]


@pytest.fixture
def use_gazetteer() -> bool:
    """The pictures show the seeds' own catalog, not the shipped gazetteer (which has tests of its own)."""
    return False


@pytest.fixture(autouse=True)
def no_blink(monkeypatch):
    """A blinking cursor makes snapshots flaky."""
    monkeypatch.setattr(Input, "cursor_blink", False)


def compare(left: str, right: str, *keys: str):
    """``run_before``: push the comparison of ``left`` with ``right``, then press ``keys``."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.app.push_screen(CompareScreen(pilot.app.workspace, left, right))
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


def test_compare_side_by_side_wide(snap_compare, indexed):
    assert snap_compare(SahelApp(indexed), terminal_size=WIDE, run_before=compare(A, C))


def test_compare_stacked_narrow(snap_compare, indexed):
    assert snap_compare(SahelApp(indexed), terminal_size=NARROW, run_before=compare(A, C))


def test_compare_one_side_narrow(snap_compare, indexed):
    """``v`` shows one side at a time, ``tab`` the right one; ``]`` steps over the sentences R
    lacks (one-line notes) to the first sentence only R has."""
    assert snap_compare(
        SahelApp(indexed), terminal_size=NARROW, run_before=compare(A, C, "v", "tab", *["right_square_bracket"] * 4)
    )


def test_compare_swapped_wide_after_next_difference(snap_compare, indexed):
    assert snap_compare(SahelApp(indexed), terminal_size=WIDE, run_before=compare(A, C, "s", "n", "n", "n"))


def test_compare_partner_picker_narrow(snap_compare, indexed):
    assert snap_compare(SahelApp(indexed), terminal_size=NARROW, run_before=compare(A, C, "p"))
