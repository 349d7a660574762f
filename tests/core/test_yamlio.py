"""Safe YAML loading with line numbers, stable dumping, atomic writes and writer locks."""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_tui.core import yamlio
from sahel_tui.core.errors import ReadOnlyWorkspace, SahelError
from sahel_tui.core.yamlio import (
    FlowDict,
    FlowList,
    atomic_write_text,
    dump_yaml,
    leading_comments,
    load_yaml,
    locked_document,
    parse_yaml,
    write_lock,
)


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------------- loading


def test_every_entry_has_its_line_number() -> None:
    doc = parse_yaml("article: a\nmentions:\n- id: m-1\n  start: 4\n- id: m-2\n  quote:\n    exact: Gao\n", "f.yaml")
    assert doc.data["mentions"][1]["quote"]["exact"] == "Gao"
    assert doc.line("article") == 1
    assert doc.line("mentions", 0) == 3
    assert doc.line("mentions", 0, "start") == 4
    assert doc.line("mentions", 1, "quote") == 6
    assert doc.line("mentions", 1, "quote", "exact") == 7
    assert doc.line("mentions", 1, "no-such-key") == 5  # nearest known ancestor
    assert str(doc.problem("bad start", "mentions", 0, "start")) == "f.yaml:4: bad start"


def test_duplicate_key_is_refused_with_both_lines() -> None:
    with pytest.raises(SahelError) as caught:
        parse_yaml("id: m-1\nstart: 1\nend: 4\nstart: 2\n", "dup.yaml")
    assert caught.value.line == 4
    assert str(caught.value) == "dup.yaml:4: invalid YAML: duplicate key 'start' (first at line 2)"


def test_dates_stay_text_and_impossible_dates_do_not_crash() -> None:
    doc = parse_yaml("a: 2024-03-22\nb: 2024-02-30\nc: '2026-11-24T08:15:02Z'\n")
    assert doc.data == {"a": "2024-03-22", "b": "2024-02-30", "c": "2026-11-24T08:15:02Z"}


def test_syntax_error_is_one_line_with_the_line_number(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("a: 1\nb: [1, 2\nc: 3\n", encoding="utf-8")
    with pytest.raises(SahelError) as caught:
        load_yaml(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:")
    assert caught.value.line is not None and caught.value.line >= 2


def test_explicit_typed_value_that_cannot_be_built_is_a_yaml_error() -> None:
    with pytest.raises(SahelError, match=r"^x\.yaml:2: invalid YAML: invalid int value"):
        parse_yaml("a: 1\nb: !!int twelve\n", "x.yaml")


def test_missing_file_is_an_empty_document(tmp_path: Path) -> None:
    assert load_yaml(tmp_path / "absent.yaml").data is None


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(SahelError, match="too large"):
        load_yaml(path)


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"a: ok\nb: caf\xe9\n")
    with pytest.raises(SahelError) as caught:
        load_yaml(path)
    assert caught.value.line == 2
    assert "UTF-8" in str(caught.value)


def test_control_characters_are_refused_with_their_line() -> None:
    with pytest.raises(SahelError) as caught:
        parse_yaml("a: 1\nb: x\x00y\n", "c.yaml")
    assert caught.value.line == 2
    assert "U+0000" in str(caught.value)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: Diéma\n".encode())
    assert load_yaml(path).data == {"a": "Diéma"}


# ------------------------------------------------------------------- dumping


def test_dump_keeps_key_order_block_style_and_unicode_unwrapped() -> None:
    long_note = "word " * 60
    text = dump_yaml(
        {
            "zeta": 1,
            "alpha": "Diéma",
            "aliases": FlowList(["JNIM", "GSIM"]),
            "quote": FlowDict(exact="Niamay", prefix="a", suffix="b"),
            "note": long_note.strip(),
        }
    )
    lines = text.splitlines()
    assert [line.split(":")[0] for line in lines] == ["zeta", "alpha", "aliases", "quote", "note"]
    assert "alpha: Diéma" in lines
    assert "aliases: [JNIM, GSIM]" in lines
    assert "quote: {exact: Niamay, prefix: a, suffix: b}" in lines
    assert len(lines) == 5  # the long note is not wrapped


def test_dump_never_writes_anchors_for_shared_objects() -> None:
    shared = {"a": 1}
    text = dump_yaml({"x": shared, "y": shared})
    assert "&" not in text and "*" not in text


@settings(max_examples=150, deadline=None)
@given(st.text(), st.text(), st.text())
def test_any_text_survives_a_dump_and_load(exact: str, prefix: str, note: str) -> None:
    data = {"quote": FlowDict(exact=exact, prefix=prefix, suffix=""), "note": note, "list": FlowList([exact])}
    assert parse_yaml(dump_yaml(data)).data == data


def test_leading_comment_block_is_found() -> None:
    text = "# Catalog\n# of entities\n\nversion: 1\n# not this one\n"
    assert leading_comments(text) == "# Catalog\n# of entities\n"
    assert leading_comments("version: 1\n") == ""


# ------------------------------------------------------------- atomic writes


def test_atomic_write_replaces_content_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "file.yaml"
    atomic_write_text(path, "a: 1\n")
    os.chmod(path, 0o640)
    atomic_write_text(path, "a: 2\n")
    assert path.read_text(encoding="utf-8") == "a: 2\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert temp_files(path.parent) == []


@pytest.mark.parametrize("target", ["write", "fsync", "replace"])
def test_failed_write_keeps_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    path = tmp_path / "file.yaml"
    path.write_text("old: true\n", encoding="utf-8")

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, target, full_disk)
    with pytest.raises(SahelError) as caught:
        atomic_write_text(path, "new: true\n")
    monkeypatch.undo()
    assert not isinstance(caught.value, ReadOnlyWorkspace)
    assert str(caught.value) == f"{path}: cannot save: No space left on device; the previous version is intact"
    assert path.read_text(encoding="utf-8") == "old: true\n"
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_file_system_is_a_read_only_workspace_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    path = tmp_path / "file.yaml"
    path.write_text("old: true\n", encoding="utf-8")
    real_open = os.open

    def refuse(file: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT:
            raise OSError(code, os.strerror(code))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ReadOnlyWorkspace):
        atomic_write_text(path, "new: true\n")
    monkeypatch.undo()
    assert load_yaml(path).data == {"old": True}


# ------------------------------------------------------------------- locking


def _hold_lock_then_wait(path: str, ready: multiprocessing.synchronize.Event) -> None:
    with write_lock(path):
        ready.set()
        signal.pause()


def test_lock_of_a_killed_process_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    child = ctx.Process(target=_hold_lock_then_wait, args=(str(path), ready))
    child.start()
    assert ready.wait(10)
    with pytest.raises(SahelError, match="another sahel-tui process"), write_lock(path, timeout=0.2):
        pass
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    assert yamlio.lock_path(path).exists()  # the lock file stays; the kernel dropped the lock
    with write_lock(path, timeout=10):
        atomic_write_text(path, "ok: 1\n")
    assert load_yaml(path).data == {"ok": 1}


def test_locked_document_refuses_to_hand_out_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text("entities: [\n", encoding="utf-8")
    with pytest.raises(SahelError, match="must be fixed first"), locked_document(path):
        pass
    assert path.read_text(encoding="utf-8") == "entities: [\n"


def test_locked_save_replaces_the_temp_file_of_a_killed_writer(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    (tmp_path / ".entities.yaml.tmp").write_text("half a fi", encoding="utf-8")  # left by a killed writer
    with locked_document(path) as doc:
        assert doc.data == {"a": 1}
        atomic_write_text(path, "a: 2\n", locked=True)
    assert load_yaml(path).data == {"a": 2}
    assert temp_files(tmp_path) == []


def test_reading_needs_no_lock_in_a_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text("a: 1\n", encoding="utf-8")

    def no_lock(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(yamlio.FileLock, "acquire", no_lock)
    assert load_yaml(path).data == {"a": 1}
    with pytest.raises(ReadOnlyWorkspace, match="read-only"), write_lock(path):
        pass


def test_locks_live_in_one_hidden_folder_of_the_workspace(tmp_path: Path) -> None:
    for path, lock_root in ((tmp_path / "entities.yaml", None), (tmp_path / "annotations" / "a.yaml", tmp_path)):
        with yamlio.locked_document(path, lock_root=lock_root):
            atomic_write_text(path, "ok: 1\n", locked=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".locks", "annotations", "entities.yaml"]
    assert [p.name for p in (tmp_path / "annotations").iterdir()] == ["a.yaml"]
    assert (tmp_path / ".locks" / "entities.yaml.lock").exists()
    assert (tmp_path / ".locks" / "annotations" / "a.yaml.lock").exists()
