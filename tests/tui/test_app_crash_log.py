"""A crash in the app: one line for the analyst, the traceback in the private crash log."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sahel_tui.tui.app import SahelApp


def _crash(app: SahelApp) -> None:
    try:
        raise RuntimeError("a widget failed")
    except RuntimeError as exc:
        app._handle_exception(exc)


def test_a_crash_is_logged_privately_and_named_in_one_line(
    workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("SAHEL_TUI_DEBUG", raising=False)
    app = SahelApp(workspace)
    _crash(app)
    log = tmp_path / "state" / "sahel-tui" / "crash.log"
    assert app._crash_message == f"sahel-tui stopped: RuntimeError (details in {log})"
    assert "RuntimeError: a widget failed" in log.read_text(encoding="utf-8")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_planted_symlink_gets_nothing(workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("SAHEL_TUI_DEBUG", raising=False)
    victim = tmp_path / "victim"
    victim.write_text("keep\n", encoding="utf-8")
    (tmp_path / "state" / "sahel-tui").mkdir(parents=True)
    (tmp_path / "state" / "sahel-tui" / "crash.log").symlink_to(victim)
    app = SahelApp(workspace)
    _crash(app)
    assert app._crash_message == "sahel-tui stopped: RuntimeError (no crash log could be written)"
    assert victim.read_text(encoding="utf-8") == "keep\n"
