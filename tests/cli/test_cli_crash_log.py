"""An internal error in the CLI: one line for the user, the traceback in the private crash log."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sahel_tui import cli


def _explode(args: object) -> int:
    raise RuntimeError("internal failure while checking")


def test_an_internal_error_goes_to_the_private_crash_log(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setitem(cli.COMMANDS, "check", _explode)
    code, out, err = run("check")
    log = tmp_path / "state" / "sahel-tui" / "crash.log"
    assert code == 1 and out == ""
    assert err.strip().endswith(f"(details in {log})")
    assert "Traceback" not in err
    assert "RuntimeError: internal failure while checking" in log.read_text(encoding="utf-8")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_planted_symlink_is_not_followed(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setitem(cli.COMMANDS, "check", _explode)
    victim = tmp_path / "victim"
    victim.write_text("keep\n", encoding="utf-8")
    (tmp_path / "state" / "sahel-tui").mkdir(parents=True)
    (tmp_path / "state" / "sahel-tui" / "crash.log").symlink_to(victim)
    code, _, err = run("check")
    assert code == 1 and "no log" in err
    assert victim.read_text(encoding="utf-8") == "keep\n"
