"""The crash log is private: per user, 0600 in a 0700 directory, never through a symlink."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sahel_tui.core.crashlog import crash_log_path, log_exception


def _boom() -> RuntimeError:
    try:
        raise RuntimeError("boom in the reader")
    except RuntimeError as exc:
        return exc


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state"


def test_the_log_is_in_the_users_state_directory(state_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert crash_log_path() == state_home / "sahel-tui" / "crash.log"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/dir")
    assert crash_log_path() == Path.home() / ".local" / "state" / "sahel-tui" / "crash.log"
    monkeypatch.delenv("XDG_STATE_HOME")
    assert crash_log_path() == Path.home() / ".local" / "state" / "sahel-tui" / "crash.log"


def test_a_crash_is_appended_to_a_private_file(state_home: Path) -> None:
    path = log_exception(_boom())
    assert path == state_home / "sahel-tui" / "crash.log"
    assert log_exception(_boom()) == path
    text = path.read_text(encoding="utf-8")
    assert text.count("RuntimeError: boom in the reader") == 2 and "Traceback" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_existing_readable_log_and_directory_are_made_private(state_home: Path) -> None:
    directory = state_home / "sahel-tui"
    directory.mkdir(parents=True, mode=0o755)
    os.chmod(directory, 0o777)
    (directory / "crash.log").write_text("old\n", encoding="utf-8")
    os.chmod(directory / "crash.log", 0o644)
    path = log_exception(_boom())
    assert path is not None and path.read_text(encoding="utf-8").startswith("old\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_a_symlink_in_place_of_the_log_is_refused(state_home: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    directory = state_home / "sahel-tui"
    directory.mkdir(parents=True)
    (directory / "crash.log").symlink_to(victim)
    assert log_exception(_boom()) is None
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_a_fifo_in_place_of_the_log_does_not_hang(state_home: Path) -> None:
    directory = state_home / "sahel-tui"
    directory.mkdir(parents=True)
    os.mkfifo(directory / "crash.log")
    assert log_exception(_boom()) is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_a_log_owned_by_someone_else_is_refused(state_home: Path) -> None:
    directory = state_home / "sahel-tui"
    directory.mkdir(parents=True)
    log = directory / "crash.log"
    log.write_text("theirs\n", encoding="utf-8")
    os.chown(log, 54321, 54321)
    assert log_exception(_boom()) is None
    assert log.read_text(encoding="utf-8") == "theirs\n"
    os.chown(directory, 54321, 54321)
    log.unlink()
    assert log_exception(_boom()) is None
    assert not log.exists()


def test_a_state_path_that_cannot_be_a_directory_gives_no_log(state_home: Path) -> None:
    state_home.mkdir(parents=True)
    (state_home / "sahel-tui").write_text("a file, not a directory\n", encoding="utf-8")
    assert log_exception(_boom()) is None
