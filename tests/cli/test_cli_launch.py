"""Launching the app: refused without a terminal (one line, no escape codes), ended when the terminal goes away."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shlex
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

APP = [sys.executable, "-m", "sahel_tui"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAHEL_TUI_", "TEXTUAL"))}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")
    env.update(extra)
    return env


def _args(corpus: Path, workspace: Path) -> list[str]:
    return [*APP, "--corpus", str(corpus), "--workspace", str(workspace), "--author", "tester"]


def _assert_refused(code: int, out: bytes, err: bytes, reason: str) -> None:
    assert code == 2
    assert out == b""
    assert b"\x1b" not in err
    line = err.decode()
    assert line.endswith("\n") and line.count("\n") == 1, line
    assert reason in line
    assert "sahel-tui --help" in line and "ssh -t" in line


@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
def test_without_a_terminal_the_app_refuses_with_one_line_at_once(stdin, corpus_dir, workspace_dir):
    started = time.monotonic()
    feed = {"stdin": subprocess.DEVNULL} if stdin == "devnull" else {"input": b""}
    done = subprocess.run(_args(corpus_dir, workspace_dir), capture_output=True, env=_env(), timeout=60, **feed)
    assert time.monotonic() - started < 30  # it does not sit reading an empty stdin
    _assert_refused(done.returncode, done.stdout, done.stderr, "input is not one")
    assert not (workspace_dir / "whoosh").exists()  # refused before the workspace was touched


class Pty:
    """The app in a pseudo-terminal of its own (not its controlling terminal, like a sub-process of a shell)."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = dict(env, COLUMNS="100", LINES="30")
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
        )
        os.close(slave)
        self.raw = bytearray()

    def read_until(self, predicate, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(bytes(self.raw)):
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    data = b""
                if not data:
                    break
                self.raw.extend(data)
            if time.monotonic() > deadline:
                break
        assert predicate(bytes(self.raw)), f"never seen; read {len(self.raw)} bytes"

    def wait(self, timeout: float) -> int | None:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


def test_term_dumb_is_refused_without_a_single_escape_code(corpus_dir, workspace_dir):
    term = Pty(_args(corpus_dir, workspace_dir), _env(TERM="dumb"))
    try:
        code = term.wait(30)
        term.read_until(lambda raw: b"\n" in raw, timeout=10)
    finally:
        term.close()
    assert code == 2
    assert b"\x1b" not in term.raw
    assert b"TERM=dumb" in term.raw and b"ssh -t" in term.raw


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.parametrize("how", ["terminal closed", "SIGHUP"])
def test_the_app_ends_promptly_when_its_terminal_goes_away(how, corpus_dir, workspace_dir):
    term = Pty(_args(corpus_dir, workspace_dir), _env())
    try:
        term.read_until(lambda raw: b"index fresh" in raw)
        if how == "SIGHUP":
            os.kill(term.proc.pid, signal.SIGHUP)
        else:
            os.close(term.master)  # the SSH client went away: the terminal is hung up, no signal arrives
            term.master = -1
        code = term.wait(15)
        if code is None:  # still running: it must at least not be spinning on the dead terminal
            before = _cpu_seconds(term.proc.pid)
            time.sleep(2)
            spent = _cpu_seconds(term.proc.pid) - before
            pytest.fail(f"the app still runs 15 s after the hangup ({spent:.1f} s of CPU in the last 2 s)")
    finally:
        term.close()
    assert code == 129


def test_the_app_refuses_a_corpus_folder_that_does_not_exist(tmp_path: Path) -> None:
    """Same one line and exit code as the other commands; no app on the previous corpus's index."""
    from conftest import ROOT

    missing = tmp_path / "no-such-corpus"
    cmd = [sys.executable, "-m", "sahel_tui", "--corpus", str(missing), "--workspace", str(ROOT / "index")]
    search = subprocess.run([*cmd, "search", "x"], capture_output=True, text=True, timeout=60)
    app = subprocess.run(
        ["script", "-qec", " ".join(shlex.quote(c) for c in cmd), "/dev/null"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    assert search.returncode == 1 and f"corpus folder not found: {missing}" in search.stderr
    assert app.returncode == 1
    assert f"corpus folder not found: {missing}" in app.stdout  # script(1) merges the pty's output
    assert "\x1b[?1049h" not in app.stdout  # the app never took over the screen
