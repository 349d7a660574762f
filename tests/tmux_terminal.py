"""A real terminal for end-to-end tests: one tmux server of our own, one session, one pane.

Shared by the tmux and SSH end-to-end tests. The screen is polled with a
deadline; nothing depends on fixed sleeps.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

DEADLINE = 60.0  # seconds for any one thing to show up (a cold start builds the index)


def need(program: str, *extra: str) -> str:
    """The path of ``program`` (or one of ``extra``), or a failed test naming what to install."""
    for candidate in (shutil.which(program), *extra):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(f"{program} is not installed: the end-to-end tests need it (.ci/run installs it)")


class Terminal:
    """One tmux server of our own (its own socket), one session, one pane."""

    def __init__(self, command: list[str], *, width: int, height: int, env: dict[str, str]):
        self.tmux = need("tmux")
        self.socket = f"sahel-e2e-{uuid.uuid4().hex[:10]}"
        self.session = "app"
        shell_command = " ".join(shlex.quote(p) for p in ["env", *(f"{k}={v}" for k, v in env.items()), *command])
        self._run("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height), shell_command)
        self._run("set-option", "-t", self.session, "remain-on-exit", "on")
        self.socket_path = Path(self.pane("#{socket_path}"))

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            [self.tmux, "-L", self.socket, "-f", os.devnull, *args], capture_output=True, text=True, timeout=30
        )
        if done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args[:2])} failed: {done.stderr.strip()}")
        return done.stdout

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._run("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def resize(self, width: int, height: int) -> None:
        self._run("resize-window", "-t", self.session, "-x", str(width), "-y", str(height))

    def pane(self, fmt: str) -> str:
        return self._run("display-message", "-p", "-t", self.session, fmt).strip()

    def wait_for(self, *texts: str, absent: tuple[str, ...] = ()) -> str:
        """Poll the screen until it shows every one of ``texts`` (and none of ``absent``)."""
        deadline = time.monotonic() + DEADLINE
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(t in screen for t in texts) and not any(t in screen for t in absent):
                return screen
            if self.pane("#{pane_dead}") == "1":
                break
            time.sleep(0.05)
        raise AssertionError(f"the screen never showed {texts!r} (without {absent!r}); last screen:\n{screen}")

    def wait_exit(self) -> int:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            if self.pane("#{pane_dead}") == "1":
                return int(self.pane("#{pane_dead_status}") or 0)
            time.sleep(0.05)
        raise AssertionError(f"the program did not exit; last screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True, timeout=30)
        self.socket_path.unlink(missing_ok=True)  # tmux leaves it behind when killed
