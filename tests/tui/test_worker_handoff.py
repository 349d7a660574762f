"""A worker's result that arrives after its screen closed (or the app quit) is dropped, never a crash.

Found over SSH: two analysts quit at once; the live workspace had just started a
search for the other's saved mention, its result reached a main screen whose
widgets Textual was already removing, and the app ended with exit code 1.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading

from tui_helpers import settle

from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.handoff import deliver, still_showing
from sahel_tui.tui.screens.help import HelpScreen
from sahel_tui.tui.screens.main import MainScreen

WIDE = (120, 40)


def _from_thread(owner, got: list[str], value: str) -> BaseException | None:
    failure: list[BaseException] = []

    def work() -> None:
        try:
            deliver(owner, got.append, value)
        except BaseException as exc:  # what the worker would have died of
            failure.append(exc)

    thread = threading.Thread(target=contextvars.copy_context().run, args=(work,))  # as Textual's workers run
    thread.start()
    return thread, failure


async def test_a_result_for_a_closed_screen_is_dropped_and_the_app_carries_on(workspace):
    app = SahelApp(workspace)
    got: list[str] = []
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press("f1")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen) and still_showing(help_screen)
        await pilot.press("escape")
        await settle(pilot)
        assert not still_showing(help_screen)
        for owner, value in ((help_screen, "for the closed help"), (main, "for the main screen")):
            thread, failure = _from_thread(owner, got, value)
            while thread.is_alive():
                await asyncio.sleep(0.01)
            assert failure == []
        await settle(pilot)
        assert got == ["for the main screen"]
        assert app.is_running


async def test_a_result_after_quitting_is_dropped_without_an_error(workspace):
    app = SahelApp(workspace)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        main = app.screen
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    got: list[str] = []
    thread, failure = _from_thread(main, got, "too late")
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert failure == [] and got == []
