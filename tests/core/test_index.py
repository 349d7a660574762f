"""The Whoosh index: build, incremental updates, health checks and recovery, background updates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from sahel_tui.core import index as index_module
from sahel_tui.core.errors import ReadOnlyWorkspace, SahelError
from sahel_tui.core.index import META_FILE, IndexUpdater, SearchIndex
from sahel_tui.core.models import IndexDoc
from sahel_tui.core.search import search

ROOT = Path(__file__).resolve().parents[2]


def make_doc(
    doc_id: str,
    body: str,
    *,
    title: str = "",
    date: str | None = None,
    source: str | None = None,
    entities: tuple[str, ...] = (),
    detected: tuple[str, ...] = (),
    labels: tuple[str, ...] = (),
    names: tuple[str, ...] = (),
    authors: tuple[str, ...] = (),
    fingerprint: str = "fp1",
    story: str | None = None,
) -> IndexDoc:
    return IndexDoc(
        id=doc_id,
        title=title or body.split(".")[0],
        date=date,
        source=source,
        body=body,
        entities=entities,
        detected=detected,
        labels=labels,
        names=names,
        authors=authors,
        fingerprint=fingerprint,
        story=story,
    )


DOCS = [
    make_doc(
        "a1",
        "JNIM declared a blockade of the Kayes region.",
        date="2024-03-22",
        source="APA",
        entities=("jnim",),
        labels=("ARMED_GROUP",),
        fingerprint="fa",
    ),
    make_doc(
        "a2",
        "Niger lent Mali a C-130 aircraft.",
        date="2023-10-27",
        source="Inter Bellum News",
        detected=("c-130",),
        labels=("EQUIPMENT",),
        fingerprint="fb",
    ),
    make_doc("a3", "Undated wire copy about Gao.", fingerprint="fc"),
    make_doc("a4", "Air chiefs met in Bamako.", date="2025-04-17", fingerprint="fd"),
]


def ids(results) -> list[str]:
    return [h.id for h in results.hits]


@pytest.fixture
def built(tmp_path: Path) -> SearchIndex:
    ix = SearchIndex(tmp_path / "whoosh")
    ix.rebuild(DOCS, total=len(DOCS))
    return ix


def _segment_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".seg")


# -- build and open --------------------------------------------------------------------------


def test_missing_index_is_reported_then_built(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "whoosh")
    status = ix.open()
    assert status.state == "missing" and status.rebuild_reason
    seen: list[tuple[int, int]] = []
    assert ix.rebuild(DOCS, total=len(DOCS), progress=lambda d, t: seen.append((d, t))) == 4
    assert ix.open().ok and ix.doc_count() == 4
    assert seen[-1] == (4, 4)
    assert ids(search(ix, "blockade")) == ["a1"]


def test_rebuild_in_several_segments_keeps_every_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "REBUILD_SEGMENT", 3)
    ix = SearchIndex(tmp_path / "whoosh")
    assert ix.rebuild(iter(DOCS)) == 4
    assert ix.segment_count() == 2
    assert [d.id for d in ix.all_docs()] == ["a4", "a1", "a2", "a3"]
    assert set(ids(search(ix, "blockade OR Bamako"))) == {"a1", "a4"}


def test_search_on_a_missing_index_is_a_message_not_an_exception(tmp_path: Path) -> None:
    results = search(SearchIndex(tmp_path / "nothing"), "blockade")
    assert results.hits == () and "not available" in (results.error or "")


def test_reopening_in_a_new_object_finds_the_same_index(built: SearchIndex) -> None:
    again = SearchIndex(built.dir)
    assert again.open().ok and again.doc_count() == 4


def test_fingerprints_map_ids_to_stored_fingerprints(built: SearchIndex) -> None:
    assert built.fingerprints() == {"a1": "fa", "a2": "fb", "a3": "fc", "a4": "fd"}


def test_update_replaces_adds_and_deletes_in_one_commit(built: SearchIndex) -> None:
    changed = make_doc("a1", "JNIM lifted the siege of Nioro.", fingerprint="fa2")
    new = make_doc("a5", "Drones struck near Menaka.", fingerprint="fe")
    assert built.update([changed, new], delete_ids=["a3"]) == 2
    assert built.fingerprints() == {"a1": "fa2", "a2": "fb", "a4": "fd", "a5": "fe"}
    assert ids(search(built, "siege")) == ["a1"]
    assert search(built, "=blockade").total == 0  # the old text is gone, not duplicated
    assert search(built, "Gao").total == 0
    assert ids(search(built, "drones")) == ["a5"]
    assert built.doc_count() == 4
    listing = search(built, "")
    assert listing.total == 4
    assert {f.value: f.count for f in listing.facets["date"]} == {"2025-04": 1, "2023-10": 1, "unknown": 2}
    assert {f.value: f.count for f in listing.facets["source"]} == {"Inter Bellum News": 1}


def test_other_process_commits_are_seen_by_an_open_index(built: SearchIndex) -> None:
    assert search(built, "Tessalit").total == 0
    other = SearchIndex(built.dir)
    other.update([make_doc("a9", "Flights to Tessalit resumed.")])
    assert ids(search(built, "Tessalit")) == ["a9"]


def test_a_rebuild_by_another_process_replaces_what_an_open_index_sees(built: SearchIndex) -> None:
    assert ids(search(built, "blockade")) == ["a1"]
    SearchIndex(built.dir).rebuild([make_doc("n1", "Fresh report from Menaka.")])
    assert search(built, "blockade").total == 0
    assert ids(search(built, "Menaka")) == ["n1"]
    assert built.fingerprints() == {"n1": "fp1"}


def test_all_docs_newest_first_unknown_dates_last(built: SearchIndex) -> None:
    assert [d.id for d in built.all_docs()] == ["a4", "a1", "a2", "a3"]
    assert [d.id for d in built.list_all(limit=2, offset=1)] == ["a1", "a2"]
    first = built.all_docs()[1]
    assert (first.title, first.date, first.source, first.entities) == (
        "JNIM declared a blockade of the Kayes region",
        "2024-03-22",
        "APA",
        ("jnim",),
    )


def test_ids_matching_phrases_folds_and_stems(built: SearchIndex) -> None:
    assert built.ids_matching_phrases(["Kayes Region", "C130"]) == {"a1", "a2"}
    assert built.ids_matching_phrases(["Timbuktu"]) == set()


def test_invalid_ids_are_not_indexed(built: SearchIndex) -> None:
    built.update([make_doc("../evil", "blockade"), make_doc("ok", "blockade again")])
    assert "../evil" not in built.fingerprints() and "ok" in built.fingerprints()


def test_meta_values_persist_beside_the_index(built: SearchIndex) -> None:
    built.meta_set("catalog_digest", "abc")
    assert SearchIndex(built.dir).meta_get("catalog_digest") == "abc"
    assert built.meta_get("missing", "default") == "default"
    assert json.loads((built.dir / META_FILE).read_text())["values"] == {"catalog_digest": "abc"}


def test_read_only_index_refuses_writes_but_searches(built: SearchIndex) -> None:
    ro = SearchIndex(built.dir, read_only=True)
    assert ro.open().ok
    with pytest.raises(ReadOnlyWorkspace):
        ro.update([make_doc("x", "text")])
    with pytest.raises(ReadOnlyWorkspace):
        ro.meta_set("k", "v")
    assert ids(search(ro, "blockade")) == ["a1"]


# -- damaged indexes ---------------------------------------------------------------------------


def _assert_rebuilds(ix: SearchIndex, state: str) -> None:
    status = SearchIndex(ix.dir).open()
    assert status.state == state, status
    fresh = SearchIndex(ix.dir)
    fresh.rebuild(DOCS)
    assert fresh.open().ok
    assert ids(search(fresh, "blockade")) == ["a1"]


def test_schema_version_mismatch_is_incompatible(built: SearchIndex) -> None:
    (built.dir / META_FILE).write_text(json.dumps({"version": "0.0", "values": {}}))
    _assert_rebuilds(built, "incompatible")


def test_missing_version_record_is_incompatible(built: SearchIndex) -> None:
    (built.dir / META_FILE).unlink()
    _assert_rebuilds(built, "incompatible")


def test_truncated_segment_is_corrupt(built: SearchIndex) -> None:
    built.close()
    for seg in _segment_files(built.dir):
        with open(seg, "r+b") as fh:
            fh.truncate(os.path.getsize(seg) // 2)
    _assert_rebuilds(built, "corrupt")


def test_garbage_files_are_corrupt(built: SearchIndex) -> None:
    built.close()
    for path in built.dir.iterdir():
        if path.name != META_FILE:
            path.write_bytes(os.urandom(512))
    _assert_rebuilds(built, "corrupt")


def test_deleted_table_of_contents_is_corrupt(built: SearchIndex) -> None:
    built.close()
    for toc in built.dir.glob("*.toc"):
        toc.unlink()
    _assert_rebuilds(built, "corrupt")


def test_update_on_a_broken_index_asks_for_a_rebuild(built: SearchIndex) -> None:
    (built.dir / META_FILE).write_text("{not json")
    with pytest.raises(SahelError, match="rebuilt"):
        SearchIndex(built.dir).update([make_doc("z", "text")])


# -- locks -------------------------------------------------------------------------------------

_HOLD_LOCKS = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from sahel_tui.core.index import SearchIndex
    ix = SearchIndex(Path(sys.argv[1]))
    ix.open()
    with ix._exclusive():
        writer = ix._ix.writer()          # Whoosh's own lock too
        print("locked", flush=True)
        time.sleep(60)
    """
)


def _lock_holder(index_dir: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCKS, str(index_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_locks_of_a_killed_writer_do_not_wedge_the_index(built: SearchIndex) -> None:
    proc = _lock_holder(built.dir)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (built.dir / "MAIN_WRITELOCK").exists()  # the stale lock file is still there
    built.update([make_doc("a7", "Convoy reached Kidal.")])
    assert ids(search(built, "Kidal")) == ["a7"]


def test_a_live_writer_elsewhere_gives_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "WRITER_TIMEOUT", 0.2)
    ix = SearchIndex(tmp_path / "whoosh")
    ix.rebuild(DOCS)
    proc = _lock_holder(ix.dir)
    try:
        with pytest.raises(SahelError, match="another sahel-tui process"):
            ix.update([make_doc("a8", "text")])
    finally:
        proc.kill()
        proc.wait()
    assert ids(search(ix, "blockade")) == ["a1"]  # readers were never blocked


# -- background updates ------------------------------------------------------------------------


def test_updater_commits_in_background_and_search_sees_it(built: SearchIndex) -> None:
    seen: list[int] = []
    updater = IndexUpdater(built, on_commit=lambda: seen.append(search(built, "Tombouctou").total))
    try:
        updater.submit(make_doc("b1", "Fighting near Tombouctou."))
        updater.submit(lambda: make_doc("b2", "Tombouctou airport closed."))
        assert updater.flush(timeout=20)
    finally:
        updater.stop()
    assert seen and seen[-1] == 2  # visible from the commit callback on
    assert sorted(ids(search(built, "Tombouctou"))) == ["b1", "b2"]


def test_updater_batches_and_the_last_version_wins(built: SearchIndex) -> None:
    updater = IndexUpdater(built, delay=0.2)
    try:
        for n in range(5):
            updater.submit(make_doc("a1", f"Version {n} of the story.", fingerprint=f"v{n}"))
        updater.delete("a3")
        assert updater.flush(timeout=20)
    finally:
        updater.stop()
    assert updater.commits == 1
    assert built.fingerprints()["a1"] == "v4" and "a3" not in built.fingerprints()


def test_updater_errors_are_reported_not_lost(built: SearchIndex) -> None:
    errors: list[BaseException] = []
    updater = IndexUpdater(built, on_error=errors.append)

    def broken() -> IndexDoc:
        raise ValueError("annotation file vanished")

    try:
        updater.submit(broken)
        updater.submit(make_doc("c1", "Bridge destroyed near Gossi."))
        with pytest.raises(SahelError, match="annotation file vanished"):
            updater.flush(timeout=20)
        assert updater.flush(timeout=20)  # reported once
    finally:
        updater.stop()
    assert isinstance(updater.last_error, ValueError) and len(errors) == 1
    assert ids(search(built, "Gossi")) == ["c1"]  # the rest of the batch was written


def test_updater_reports_a_failing_index(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "whoosh", read_only=True)
    updater = IndexUpdater(ix)
    try:
        updater.submit(make_doc("d1", "text"))
        with pytest.raises(SahelError, match="read-only"):
            updater.flush(timeout=20)
    finally:
        updater.stop()
    assert not updater.alive


def test_updater_waits_for_a_teammates_writer_and_catches_up(built: SearchIndex) -> None:
    """Another process holds the index (a rebuild): the update is retried, said, and lands afterwards."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import filelock, sys, time; lock = filelock.FileLock(sys.argv[1]); lock.acquire();"
            " print('held', flush=True); time.sleep(3); lock.release()",
            str(built.dir) + ".lock",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    waits: list[tuple[int, float]] = []
    errors: list[BaseException] = []
    updater = IndexUpdater(built, on_busy=lambda attempt, retry_in: waits.append((attempt, retry_in)))
    updater.on_error = errors.append
    try:
        updater.submit(make_doc("w1", "Convoy held at Ansongo."))
        assert not updater.flush(timeout=1.5)  # still waiting: the teammate holds the index
        assert updater.busy and waits and waits[0][0] == 1
        assert ids(search(built, "Ansongo")) == []
        holder.wait(timeout=20)
        assert updater.flush(timeout=30)  # no error raised: nothing was lost
    finally:
        updater.stop()
        holder.kill()
    assert ids(search(built, "Ansongo")) == ["w1"]
    assert not updater.busy and not errors
    assert [a for a, _ in waits] == list(range(1, len(waits) + 1))  # one notice per attempt, in order


def test_concurrent_searches_during_commits_never_fail(built: SearchIndex) -> None:
    failures: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            results = search(built, "blockade OR convoy")
            if results.error:
                failures.append(results.error)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for n in range(8):
            built.update([make_doc(f"e{n}", f"Convoy number {n} attacked.")])
    finally:
        stop.set()
        thread.join()
    assert failures == []
    assert search(built, "convoy").total == 8
