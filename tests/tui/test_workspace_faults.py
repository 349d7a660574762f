"""Faults under the workspace: a full disk during a save, a writer killed while it held
the index lock, a missing, truncated or garbage index.

What an analyst notices: a save that cannot complete fails with one clear line (CLI)
or a notification (app) and the previous YAML file is byte-for-byte intact; the
next save, once there is room again, works; a dead writer's lock never wedges the
index; a broken index is rebuilt with a one-line notice on stderr (never on stdout,
which scripts parse) and never a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import IDS, ROOT
from tui_helpers import RecordingApp, wait_until

from sahel_tui.core.errors import SahelError
from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.widgets.reader import AnnotatingView
from sahel_tui.tui.widgets.results_list import ResultsList

ARTICLE = IDS["aes_air"]
ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def one_line_error(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("sahel-tui: "), err
    assert "Traceback" not in err
    return err


# -- a full disk -----------------------------------------------------------------------------


def _fd_path(fd: int) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch):
    """``disk_full(target, call)``: saving ``target`` fails with ENOSPC in ``call``.

    ``call`` is the system call that hits the full disk: ``write`` (after writing
    half of the first block, as a disk that fills up mid-file does), ``fsync`` or
    ``replace``.  Only the file and its temporary copies are affected; every other
    file (the index, the terminal, pytest's own) writes as usual.
    """

    def make(target: Path, call: str) -> None:
        folder, name = str(target.parent.resolve()), target.name

        def hit(path: str) -> bool:
            return os.path.dirname(path) == folder and name in os.path.basename(path)

        if call == "write":
            real_write, started = os.write, set()

            def write(fd, data):
                if not hit(_fd_path(fd)):
                    return real_write(fd, data)
                if fd not in started:
                    started.add(fd)
                    return real_write(fd, bytes(data)[: max(1, len(data) // 2)])
                raise ENOSPC

            monkeypatch.setattr(os, "write", write)
        elif call == "fsync":
            real_fsync = os.fsync

            def fsync(fd):
                if hit(_fd_path(fd)):
                    raise ENOSPC
                return real_fsync(fd)

            monkeypatch.setattr(os, "fsync", fsync)
        else:
            real_replace = os.replace

            def replace(src, dst, *args, **kwargs):
                if hit(os.path.abspath(dst)):
                    raise ENOSPC
                return real_replace(src, dst, *args, **kwargs)

            monkeypatch.setattr(os, "replace", replace)

    yield make
    monkeypatch.undo()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_full_disk_during_a_cli_save_fails_in_one_line_and_keeps_the_file(
    run, workspace_dir: Path, disk_full, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    path = workspace_dir / "annotations" / f"{ARTICLE}.yaml"
    before = path.read_bytes()
    code, out, _ = run("show", ARTICLE, "--json")
    body = json.loads(out)["body"]
    start = body.index("Tuareg")
    args = ("annotate", ARTICLE, "--start", str(start), "--end", str(start + 6), "--label", "armed_group")
    disk_full(path, call)
    code, out, err = run(*args)
    assert code == 1 and out == ""
    assert "No space left on device" in one_line_error(err) and "previous version is intact" in err
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []
    monkeypatch.undo()  # room on the disk again: the same save now works
    code, out, err = run(*args, "--json")
    assert code == 0, err
    assert json.loads(out)["text"] == "Tuareg"


def test_full_disk_while_adding_to_the_catalog_keeps_the_catalog(
    workspace: Workspace, workspace_dir: Path, disk_full
) -> None:
    path = workspace_dir / "entities.yaml"
    before = path.read_bytes()
    disk_full(path, "write")
    with pytest.raises(SahelError, match="No space left on device"):
        workspace.add_entity("Checkpoint 17", "LOCATION")  # a name the gazetteer does not have
    assert path.read_bytes() == before
    assert leftovers(workspace_dir) == []


async def test_full_disk_during_an_app_save_is_a_notification_and_keeps_the_file(
    workspace: Workspace, workspace_dir: Path, disk_full
) -> None:
    path = workspace_dir / "annotations" / f"{ARTICLE}.yaml"
    before = path.read_bytes()
    app = RecordingApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.ready and screen.results is not None, "the first results")
        screen.query_one(ResultsList).post_message(ResultsList.Opened(ARTICLE))
        view = screen.query_one(AnnotatingView)
        await wait_until(pilot, lambda: view.article is not None and view.article.id == ARTICLE, "the article")
        view.focus()
        view.move_to(view.article.body.index("Tuareg"))
        mentions_before = list(view.mentions)
        disk_full(path, "fsync")
        await pilot.press("3")
        await pilot.pause()
        errors = [text for severity, text in app.messages if severity == "error"]
        assert len(errors) == 1 and "No space left on device" in errors[0]
        assert "previous version is intact" in errors[0]
        assert app.is_running and isinstance(app.screen, MainScreen)  # no entity dialog for a failed save
        assert list(view.mentions) == mentions_before
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


# -- a writer killed while it held the index lock -------------------------------------------------

_HOLD_INDEX_LOCKS = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sahel_tui.core.index import SearchIndex
    ix = SearchIndex(Path(sys.argv[1]))
    assert ix.open().ok
    with ix._exclusive():                 # sahel-tui's own writer lock
        writer = ix._ix.writer()          # and Whoosh's
        writer.add_document(id="half-written")
        print("locked", flush=True)
        time.sleep(60)
    """
)


def test_a_writer_killed_holding_the_index_locks_does_not_wedge_index_or_annotate(
    run, corpus_dir: Path, workspace_dir: Path
) -> None:
    code, _, err = run("index")
    assert code == 0, err
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_INDEX_LOCKS, str(workspace_dir / "whoosh")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    assert (workspace_dir / "whoosh" / "MAIN_WRITELOCK").exists()  # the dead writer's lock file is left behind
    new = corpus_dir / "005_kidal.txt"
    new.write_text(
        "Convoy reaches Kidal\n\nA supply convoy reached Kidal on Sunday after a week on the road.\n", encoding="utf-8"
    )
    code, out, err = run("index", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["rebuilt"] is False and report["added"] == 1
    code, out, err = run("annotate", "005_kidal", "--start", "0", "--end", "6", "--label", "location", "--json")
    assert code == 0, err
    code, out, err = run("search", "author:tester", "--json")
    assert code == 0, err
    assert [hit["id"] for hit in json.loads(out)["hits"]] == ["005_kidal"]  # the annotation reached the index
    code, out, _ = run("search", "Kidal", "--json")
    assert "half-written" not in out


# -- a missing or broken index -------------------------------------------------------------------


def _damage(whoosh: Path, how: str) -> None:
    files = [p for p in whoosh.iterdir() if p.is_file()]
    if how == "missing":
        for path in files:
            path.unlink()
        whoosh.rmdir()
    elif how == "truncated":
        for path in files:
            if path.suffix == ".seg":
                with path.open("r+b") as handle:
                    handle.truncate(path.stat().st_size // 2)
    elif how == "garbage":
        for path in files:
            path.write_bytes(os.urandom(max(64, path.stat().st_size)))
    elif how == "empty-files":
        for path in files:
            path.write_bytes(b"")
    elif how == "no-table-of-contents":
        for path in files:
            if path.suffix == ".toc":
                path.unlink()
    elif how == "garbage-segments":  # the version record survives: only the segments say it is broken
        for path in files:
            if path.suffix in (".seg", ".toc"):
                path.write_bytes(b"\x89garbage" * 40)


DAMAGE = {
    "missing": "missing",
    "truncated": "corrupt",
    "garbage": "incompatible",  # the version record is garbage too: the index cannot be trusted
    "empty-files": "incompatible",
    "no-table-of-contents": "corrupt",
    "garbage-segments": "corrupt",
}


@pytest.mark.parametrize("how", list(DAMAGE))
def test_search_rebuilds_a_missing_or_broken_index_with_a_one_line_notice(run, workspace_dir: Path, how: str) -> None:
    code, _, err = run("index")
    assert code == 0, err
    _damage(workspace_dir / "whoosh", how)
    code, out, err = run("search", "blockade", "--json")
    assert code == 0, err
    assert [hit["id"] for hit in json.loads(out)["hits"]] == [IDS["airstrikes"]]
    assert f"index rebuilt ({DAMAGE[how]}" in one_line_error(err) and "5 articles" in err
    code, out, err = run("search", "blockade")
    assert code == 0 and err == ""  # rebuilt once: the next search has nothing to say
    assert out.startswith("1 result")


async def test_app_starts_on_a_garbage_index_and_says_it_rebuilt_it(corpus_dir: Path, workspace_dir: Path) -> None:
    with Workspace(corpus=corpus_dir, root=workspace_dir, author="tester") as ws:
        ws.sync_index()
    _damage(workspace_dir / "whoosh", "garbage-segments")
    app = RecordingApp(Workspace(corpus=corpus_dir, root=workspace_dir, author="tester"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.ready and screen.results is not None, "the first results")
        assert len(screen.query_one(ResultsList).article_ids) == 5
        rebuilt = [text for _, text in app.messages if "rebuilt" in text]
        assert len(rebuilt) == 1 and "corrupt" in rebuilt[0]
        assert not [m for m in app.messages if m[0] == "error"]
    app.workspace.close()


# -- a teammate holds the index (an `index --rebuild` in another shell) -------------------------------

_HOLD_INDEX_FILE_LOCK = textwrap.dedent(
    """
    import sys, time, filelock
    lock = filelock.FileLock(sys.argv[1])
    lock.acquire()
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    lock.release()
    """
)


async def test_annotating_while_a_teammate_holds_the_index_never_freezes_or_quits(
    workspace: Workspace, workspace_dir: Path
) -> None:
    """The app keeps working, says the index is busy, and the mention becomes searchable afterwards."""
    from sahel_tui.tui.widgets.status_bar import StatusBar

    app = RecordingApp(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.ready and screen.results is not None, "the first results")
        holder = subprocess.Popen(
            [sys.executable, "-c", _HOLD_INDEX_FILE_LOCK, str(workspace.index.dir) + ".lock", "4"],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            screen.query_one(ResultsList).post_message(ResultsList.Opened(ARTICLE))
            view = screen.query_one(AnnotatingView)
            await wait_until(pilot, lambda: view.article is not None and view.article.id == ARTICLE, "the article")
            view.focus()
            view.move_to(view.article.body.index("Tuareg"))
            count = len(view.mentions)
            await pilot.press("3")  # a label key: saves, then looks for the word's other occurrences
            await wait_until(pilot, lambda: len(view.mentions) == count + 1, "the saved mention")
            status = screen.query_one(StatusBar)
            await wait_until(pilot, lambda: "waiting" in status.index_state, "the busy index in the status line")
            assert any("busy" in text for _, text in app.messages)
            assert app.is_running and not [t for s, t in app.messages if s == "error"]
            assert ARTICLE not in [hit.id for hit in workspace.search("author:tester").hits]  # not yet
            holder.wait(timeout=30)
            for _ in range(40):  # the retries catch up once the teammate is done (backoff up to 8 s)
                if status.index_state == "fresh":
                    break
                await pilot.pause(0.5)
            assert status.index_state == "fresh"
        finally:
            holder.kill()
        assert ARTICLE in [hit.id for hit in workspace.search("author:tester").hits]
        assert app.is_running
    saved = (workspace_dir / "annotations" / f"{ARTICLE}.yaml").read_text(encoding="utf-8")
    assert "Tuareg" in saved and "tester" in saved
