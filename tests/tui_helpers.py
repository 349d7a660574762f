"""Helpers shared by the app tests."""

from __future__ import annotations

from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.app import SahelApp


class RecordingApp(SahelApp):
    """The app, keeping every notification it shows (severity, text)."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.messages: list[tuple[str, str]] = []

    def notify(self, message, *, title="", severity="information", timeout=None, markup=True):
        self.messages.append((severity, str(message)))
        return super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


async def wait_until(pilot, predicate, what: str) -> None:
    """Let the app run until ``predicate()`` holds; fail naming ``what`` after ~10 s."""
    for _ in range(500):
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


async def settle(pilot) -> None:
    """Let timers fire, workers finish and their results land on screen."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
