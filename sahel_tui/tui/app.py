"""The Textual application: a thin shell that owns the workspace and the screens."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

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


#: Exit code of a launch refused because there is no usable terminal (as a usage error).
NO_TERMINAL = 2
#: Exit code when the terminal went away under the running app (128 + SIGHUP).
HANGUP = 129


def terminal_problem(
    stdin: IO[Any] | None = None, stdout: IO[Any] | None = None, term: str | None = None
) -> str | None:
    """Why the full-screen app cannot run here, as one line for stderr; None when it can.

    Needs a terminal on both stdin and stdout and a ``TERM`` that can address the screen:
    ``ssh -T``, a pipe, ``</dev/null``, cron and ``TERM=dumb`` get the line instead of
    kilobytes of escape codes and an app reading an empty stdin for ever.
    """
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    term = os.environ.get("TERM", "") if term is None else term
    hint = "use the commands (sahel-tui --help) or a terminal (ssh -t)"
    for name, stream in (("input", stdin), ("output", stdout)):
        try:
            is_tty = stream is not None and os.isatty(stream.fileno())
        except (AttributeError, ValueError, OSError):
            is_tty = False
        if not is_tty:
            return f"sahel-tui: the app needs a terminal but its {name} is not one; {hint}"
    if term.strip().lower() in {"", "dumb", "unknown"}:
        shown = f"TERM={term.strip()}" if term.strip() else "TERM is not set"
        return f"sahel-tui: the app needs a terminal that can draw a screen ({shown}); {hint}"
    return None


def run_app(workspace: Workspace) -> int:
    problem = terminal_problem()
    if problem is not None:
        workspace.close()
        print(problem, file=sys.stderr)
        return NO_TERMINAL
    app = SahelApp(workspace)
    try:
        code = asyncio.run(_run_until_hangup(app))
    finally:
        workspace.close()
    if code == HANGUP:  # nobody is left to read: do not fail flushing to a dead terminal on exit
        _detach_from_terminal()
        return HANGUP
    message = getattr(app, "_crash_message", None)
    if message:
        print(message, file=sys.stderr)
    return int(code or app.return_code or 0)


def _detach_from_terminal() -> None:
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
    except OSError:
        return
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            os.dup2(devnull, fd)
    os.close(devnull)


async def _run_until_hangup(app: SahelApp) -> int | None:
    """Run ``app`` (as ``App.run`` does), ending it cleanly when its terminal goes away.

    A hangup (SIGHUP: the SSH client or the terminal window closed) and SIGTERM ask the
    app to exit, so the workspace is closed as on ctrl+q. A terminal can also vanish
    without a signal reaching the app (it is not the terminal's session leader): a
    watcher looks once a second and does the same, so the app never spins on a dead
    terminal.
    """
    loop = asyncio.get_running_loop()
    gone = threading.Event()

    def hang_up() -> None:
        if not gone.is_set():
            gone.set()
            app.exit(HANGUP)

    installed = []
    for signum in (signal.SIGHUP, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, hang_up)
            installed.append(signum)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no signals
            pass
    fd = sys.stdin.fileno()

    def watch() -> None:
        while not gone.wait(1.0):
            if not os.isatty(fd):  # a hung-up terminal answers no terminal request
                loop.call_soon_threadsafe(hang_up)
                return

    watcher = threading.Thread(target=watch, name="sahel-terminal-watch", daemon=True)
    watcher.start()
    try:
        return await app.run_async()
    finally:
        gone.set()
        for signum in installed:
            loop.remove_signal_handler(signum)
