"""End to end: the installed ``sahel-tui`` in a real terminal (tmux), driven by keystrokes.

Search, open, move the cursor, annotate with a label key, dismiss the entity
picker, quit; then the annotation must be in the workspace's YAML file.
The screen is polled with a deadline: nothing here depends on fixed sleeps.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import yaml
from conftest import IDS

pytestmark = pytest.mark.e2e

DEADLINE = 60.0  # seconds for any one thing to show up (a cold start builds the index)


def _installed_app() -> Path:
    candidates = [Path(sys.executable).parent / "sahel-tui"]
    found = shutil.which("sahel-tui")
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("the sahel-tui command is not installed next to this Python: run `pip install -e .` first")


def _tmux() -> str:
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.fail(
            "tmux is not installed: the end-to-end test needs it (CI installs it; locally: apt-get install tmux)"
        )
    return tmux


class Terminal:
    """One tmux server of our own (its own socket), one session, one pane."""

    def __init__(self, tmux: str, command: list[str], *, width: int, height: int, env: dict[str, str]):
        self.tmux = tmux
        self.socket = f"sahel-e2e-{uuid.uuid4().hex[:10]}"
        self.session = "app"
        shell_command = " ".join(shlex.quote(part) for part in ["env", *(f"{k}={v}" for k, v in env.items()), *command])
        self._run(
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            str(width),
            "-y",
            str(height),
            shell_command,
            ";",
            "set-option",
            "-t",
            self.session,
            "remain-on-exit",
            "on",
        )
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
        raise AssertionError(f"the app did not exit; last screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True, timeout=30)
        self.socket_path.unlink(missing_ok=True)  # tmux leaves it behind when killed


@pytest.fixture
def terminal_factory():
    made: list[Terminal] = []

    def make(command: list[str], *, width: int = 100, height: int = 30, env: dict[str, str]) -> Terminal:
        term = Terminal(_tmux(), command, width=width, height=height, env=env)
        made.append(term)
        return term

    yield make
    for term in made:
        term.close()


def _mentions(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("mentions") or [])


def test_search_open_annotate_and_quit_saves_the_mention(terminal_factory, corpus_dir, workspace_dir, tmp_path):
    app = _installed_app()
    article = IDS["airstrikes"]
    yaml_path = workspace_dir / "annotations" / f"{article}.yaml"
    before = _mentions(yaml_path) if yaml_path.exists() else []
    assert not [m for m in before if m["quote"]["exact"] == "militants"]  # the word is not annotated yet
    total_before = sum(len(_mentions(p)) for p in (workspace_dir / "annotations").glob("*.yaml"))

    term = terminal_factory(
        [str(app), "--corpus", str(corpus_dir), "--workspace", str(workspace_dir), "--author", "e2e"],
        env={
            "TERM": "xterm-256color",
            "HOME": str(tmp_path),
            "TEXTUAL_ANIMATIONS": "none",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        },
    )
    term.wait_for("index fresh", "All 5 articles", f"{total_before} mentions")

    term.keys("blockade", literal=True)
    term.wait_for("1 result for blockade")
    term.keys("Enter")  # search box -> results
    term.wait_for("Mark for compare")  # the results pane has the focus: its keys are in the footer
    term.keys("Enter")  # open the first result
    screen = term.wait_for("Mali Launches Airstrikes to Break", "Esc results")
    assert "Next hit" in screen  # the reader has the focus: its keys are in the footer

    # The cursor starts on the first "blockade"; n goes to the second one
    # ("...militants seeking to blockade critical..."), three words back is "militants".
    term.keys("n")
    term.keys("b")
    term.keys("b")
    term.keys("b")
    term.keys("3")  # type 3 is "Armed group"
    term.wait_for("Link to a catalog entity")  # the entity picker opened on the new mention
    term.wait_for(f"{total_before + 1} mentions")  # saved before any linking
    term.keys("Escape")  # leave it unlinked
    # "militants" occurs again in the article, unannotated: the app offers those next
    term.wait_for("Other occurrences", absent=("Link to a catalog entity",))
    term.keys("Escape")  # accept none of them
    term.wait_for("Esc results", absent=("Other occurrences", "Link to a catalog entity"))
    term.keys("C-q")
    assert term.wait_exit() == 0

    after = _mentions(yaml_path)
    new = [m for m in after if m["quote"]["exact"] == "militants"]
    assert len(new) == 1, f"expected one new 'militants' mention, found {new}"
    mention = new[0]
    assert mention["label"] == "ARMED_GROUP"
    assert mention["author"] == "e2e"
    assert mention.get("entity") is None  # the picker was dismissed: not linked
    body = (corpus_dir / f"{article}.txt").read_text(encoding="utf-8")
    assert "militants seeking to blockade" in body
    assert len(after) == len(before) + 1


def test_not_mali_while_typing_then_an_entity_query_opens(terminal_factory, corpus_dir, workspace_dir, tmp_path):
    app = _installed_app()
    term = terminal_factory(
        [str(app), "--corpus", str(corpus_dir), "--workspace", str(workspace_dir), "--author", "e2e"],
        env={
            "TERM": "xterm-256color",
            "HOME": str(tmp_path),
            "TEXTUAL_ANIMATIONS": "none",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        },
    )
    term.wait_for("index fresh", "All 5 articles")
    term.keys("NOT Mali", literal=True)  # no trailing space: the count is the one Enter gives
    term.wait_for("No results", absent=("All 5 articles",))
    term.keys("C-u")
    term.keys("entity:jnim", literal=True)
    term.wait_for("1 result for entity:jnim")
    term.keys("Enter")  # search box -> results
    term.wait_for("Mark for compare")
    term.keys("Enter")  # open it
    term.wait_for("Mali Launches Airstrikes to Break", "Esc results")
    term.keys("C-q")
    assert term.wait_exit() == 0
