"""The Textual application: a thin shell that owns the workspace and the screens."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from sahel_tui.core.crashlog import log_exception
from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.commands import BindingCommands

log = logging.getLogger("sahel_tui.tui")

STYLES = Path(__file__).parent / "styles"


class SahelApp(App[int]):
    """sahel-tui: search, read, annotate and compare Sahel news articles."""

    TITLE = "sahel-tui"
    CSS_PATH = sorted(str(p) for p in STYLES.glob("*.tcss"))
    COMMANDS = App.COMMANDS | {BindingCommands}
    HELP_GROUP = "App"
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("question_mark", "help", "Help", show=False, id="app.help_alt"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f10", "toggle_dark", "Light/dark theme", show=False, id="app.theme"),
    ]

    def __init__(self, workspace: Workspace, *, initial_query: str = ""):
        super().__init__()
        self.workspace = workspace
        self.initial_query = initial_query

    def on_mount(self) -> None:
        from sahel_tui.tui.screens.main import MainScreen

        self.push_screen(MainScreen(self.workspace, initial_query=self.initial_query))

    # -- commands -------------------------------------------------------------------
    def action_help(self) -> None:
        from sahel_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # No screenshots on a shared server: they write files wherever the app runs.
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command

    # -- safety ---------------------------------------------------------------------
    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Never open a browser on the machine the app runs on (it is a server)."""
        self.notify("Links are not opened from sahel-tui; copy the address instead.", severity="warning", markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """Log the traceback server-side; show the user one line instead of locals."""
        log_path = log_exception(error)
        if os.environ.get("SAHEL_TUI_DEBUG") or self.is_headless:
            super()._handle_exception(error)
            return
        self._return_code = 1
        details = f"details in {log_path}" if log_path is not None else "no crash log could be written"
        self._crash_message = f"sahel-tui stopped: {type(error).__name__} ({details})"
        self.exit(1)


def run_app(workspace: Workspace) -> int:
    app = SahelApp(workspace)
    try:
        code = app.run()
    finally:
        workspace.close()
    message = getattr(app, "_crash_message", None)
    if message:
        import sys

        print(message, file=sys.stderr)
    return int(code or app.return_code or 0)
