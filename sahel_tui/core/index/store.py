"""The Whoosh index folder: open and health checks, batched writes, rebuilds, key-values.

:meth:`SearchIndex.open` says whether the index can be used as it is or must be
rebuilt (missing, incompatible schema, or damaged files); it never raises on a
broken index.  Writes are batched (one writer and one commit per call),
serialised across processes by a lock file beside the index, and a rebuild is
made in a temporary folder that replaces the old index only once it is complete.

Both locks (Whoosh's ``MAIN_WRITELOCK`` and ``whoosh.lock``) are ``flock``
locks: a writer that is killed leaves the lock files behind but not the locks,
so nothing is ever wedged; a live writer elsewhere makes a write wait
``WRITER_TIMEOUT`` seconds and then fail with a one-line message.

The tunables ``WRITER_TIMEOUT`` and ``REBUILD_SEGMENT`` live in the
:mod:`sahel_tui.core.index` package and are read from it at call time.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import filelock
from whoosh import index, query
from whoosh.writing import NO_MERGE, LockError

from sahel_tui.core import analysis
from sahel_tui.core import index as settings
from sahel_tui.core.engine.base import IndexStatus
from sahel_tui.core.errors import IndexBusy, SahelError
from sahel_tui.core.ids import is_valid_article_id
from sahel_tui.core.index.folder import (
    META_FILE,
    IndexFolder,
    ProgressCounter,
    dir_id,
    one_line,
    swap_in,
    write_json,
)
from sahel_tui.core.index.rows import IndexedArticle
from sahel_tui.core.index.schema import INDEX_VERSION, build_schema, doc_fields
from sahel_tui.core.index.snapshots import Snapshot, _SegmentData
from sahel_tui.core.models import IndexDoc

log = logging.getLogger("sahel_tui.core.index")

INDEX_NAME = "MAIN"

Progress = Callable[[int, int], None]


# -- the index ------------------------------------------------------------------------------


class SearchIndex(IndexFolder):
    """The derived full-text index of one workspace."""

    META_VERSION = INDEX_VERSION

    def __init__(self, index_dir: Path, read_only: bool = False):
        self.dir = Path(index_dir)
        self.read_only = read_only
        self._ix: Any = None
        self._snapshot: Snapshot | None = None
        self._status: IndexStatus | None = None
        self._segments: dict[str, _SegmentData] = {}  # caches by segment id
        self._dir_id: tuple[int, int] | None = None  # (device, inode) of the folder opened
        self._lock = threading.RLock()  # guards _ix, _snapshot, _status
        self._write_lock = threading.Lock()  # one writer per process
        self._file_lock = filelock.FileLock(str(self.dir) + ".lock", timeout=settings.WRITER_TIMEOUT)

    # -- health ---------------------------------------------------------------------------

    @property
    def status(self) -> IndexStatus | None:
        return self._status

    def open(self) -> IndexStatus:
        """Open the index and say whether it is usable; never raises on a broken index."""
        with self._lock:
            if (
                self._status is not None
                and self._status.ok
                and self._ix is not None
                and dir_id(self.dir) == self._dir_id
            ):
                try:
                    if self._ix.latest_generation() == self._snapshot_generation():
                        return self._status
                except Exception:
                    pass
            status, ix = self._probe()
            try:
                self._install(ix if status.ok else None)
            except Exception as exc:
                status = IndexStatus("corrupt", one_line(exc))
                self._install(None)
            self._status = status
            self._dir_id = dir_id(self.dir)
            if not status.ok:
                log.info("search index at %s: %s", self.dir, status.rebuild_reason)
            return status

    def _snapshot_generation(self) -> int | None:
        return self._snapshot.generation if self._snapshot is not None else None

    def _probe(self) -> tuple[IndexStatus, Any]:
        if not self.dir.is_dir() or not any(self.dir.iterdir()):
            return IndexStatus("missing", "no index yet"), None
        meta = self._read_meta()
        has_toc = any(p.suffix == ".toc" for p in self.dir.iterdir())
        if not has_toc:
            return IndexStatus("corrupt", "the index has no table of contents"), None
        version = meta.get("version") if meta else None
        if version != INDEX_VERSION:
            found = version or "unknown"
            return IndexStatus("incompatible", f"index format {found}, expected {INDEX_VERSION}"), None
        try:
            ix = index.open_dir(str(self.dir), indexname=INDEX_NAME, schema=build_schema())
            count = self._check(ix)
        except Exception as exc:
            return IndexStatus("corrupt", one_line(exc)), None
        return IndexStatus("ok", "", count), ix

    @staticmethod
    def _check(ix: Any) -> int:
        """Read a little of everything: TOC, segments, stored fields, columns, postings."""
        with ix.searcher() as searcher:
            reader = searcher.reader()
            count = int(reader.doc_count())
            docnums = list(reader.all_doc_ids())
            if len(docnums) != count:
                raise ValueError("document count mismatch")
            for docnum in (docnums[:1] + docnums[-1:]) if docnums else []:
                stored = searcher.stored_fields(docnum)
                if "id" not in stored:
                    raise ValueError("stored fields unreadable")
            if docnums:
                list(reader.column_reader("row"))
                for fieldname in ("title", "body", "entity"):
                    for term in _first_terms(reader, fieldname, 2):
                        list(searcher.search(query.Term(fieldname, term), limit=1))
        return count

    def mark_corrupt(self, detail: str) -> None:
        """Record that a search found the index damaged; the next sync rebuilds it."""
        with self._lock:
            self._status = IndexStatus("corrupt", detail)
            self._install(None)

    def _install(self, ix: Any) -> None:
        old = self._snapshot
        self._ix = ix
        self._snapshot = None
        if ix is not None:
            self._snapshot = Snapshot(ix.searcher(), ix.latest_generation(), self._segments)
            current = set(self._snapshot.segment_ids())
            for key in [k for k in self._segments if k not in current]:
                del self._segments[key]
        else:
            self._segments.clear()
        if old is not None:
            old.retire()

    def close(self) -> None:
        with self._lock:
            self._install(None)

    # -- reading --------------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """The current searcher, refreshed when another commit happened."""
        with self._lock:
            if self._status is None:
                self.open()
            if self._ix is None:
                reason = self._status.rebuild_reason if self._status else "not opened"
                raise SahelError(f"the search index is not available ({reason}); run `sahel-tui index`")
            self._refresh_if_stale()
            snap = self._snapshot
            assert snap is not None
            snap.acquire()
        try:
            yield snap
        finally:
            snap.release()

    def _refresh_if_stale(self) -> None:
        if dir_id(self.dir) != self._dir_id:  # another process rebuilt and swapped the folder
            self._status = None
            self.open()
            if self._ix is None:
                reason = self._status.rebuild_reason if self._status else "not opened"
                raise SahelError(f"the search index is not available ({reason}); run `sahel-tui index`")
            return
        try:
            latest = self._ix.latest_generation()
        except Exception:
            return
        if self._snapshot is None or latest != self._snapshot.generation:
            self._install(self._ix)

    def refresh(self) -> None:
        """Pick up the latest commit and build the caches of the new snapshot."""
        with self.snapshot() as snap:
            snap.warm()

    def doc_count(self) -> int:
        with self.snapshot() as snap:
            return int(snap.reader.doc_count())

    def fingerprints(self) -> dict[str, str]:
        """``{article id: fingerprint}`` of every indexed article."""
        with self.snapshot() as snap:
            return {row.id: row.fingerprint for row in snap.table() if row is not None}

    def all_docs(self, sort: str = "date") -> list[IndexedArticle]:
        """Every indexed article: newest first (unknown dates last), or by id."""
        with self.snapshot() as snap:
            table = snap.table()
            if sort == "id":
                return sorted((r for r in table if r is not None), key=lambda r: r.id)
            return [table[n] for n in snap.live_docnums()]  # type: ignore[misc]

    def list_all(self, limit: int = 50, offset: int = 0) -> list[IndexedArticle]:
        """One page of :meth:`all_docs` (newest first)."""
        with self.snapshot() as snap:
            table = snap.table()
            page = snap.live_docnums()[max(0, offset) : max(0, offset) + max(0, limit)]
            return [table[n] for n in page]  # type: ignore[misc]

    def ids_matching_phrases(self, phrases: Iterable[str]) -> set[str]:
        """Ids of articles whose title, body or entity names contain any of ``phrases``.

        A superset is fine (callers check the text): matching folds case and
        accents and uses stems.
        """
        clauses = []
        for phrase in phrases:
            terms = analysis.analyze(phrase)
            for field in ("title", "body", "names"):
                if len(terms) == 1:
                    clauses.append(query.Term(field, terms[0]))
                elif terms:
                    clauses.append(query.Phrase(field, terms))
        if not clauses:
            return set()
        with self.snapshot() as snap:
            table = snap.table()
            found = snap.searcher.docs_for_query(query.Or(clauses))
            return {row.id for n in found if n < len(table) and (row := table[n]) is not None}

    # -- writing --------------------------------------------------------------------------

    def update(
        self,
        docs: Iterable[IndexDoc],
        delete_ids: Iterable[str] = (),
        progress: Progress | None = None,
        total: int | None = None,
        lock_timeout: float | None = None,
    ) -> int:
        """Add or replace ``docs`` and delete ``delete_ids`` in one commit; return docs written.

        Raises :class:`IndexBusy` when another writer keeps the index longer than
        ``lock_timeout`` seconds (default ``WRITER_TIMEOUT``).
        """
        self._writable()
        status = self.open()
        if not status.ok:
            raise SahelError(f"the search index must be rebuilt first ({status.rebuild_reason})")
        with self._exclusive(lock_timeout):
            writer = self._writer(self._ix)
            try:
                for doc_id in delete_ids:
                    writer.delete_by_term("id", doc_id)
                counter = ProgressCounter(progress, total)
                self._feed(writer, docs, counter, replace=True)
                counter.finish()
                writer.commit()
            except BaseException:
                _cancel(writer)
                raise
        self._after_commit()
        return counter.done

    def rebuild(self, docs: Iterable[IndexDoc], total: int | None = None, progress: Progress | None = None) -> int:
        """Build a fresh index from ``docs`` and swap it in; return docs written.

        The new index is written beside the old one, in segments of
        ``REBUILD_SEGMENT`` articles (one big commit costs about half as much
        again), and replaces it only when complete.
        """
        self._writable()
        counter = ProgressCounter(progress, total)
        with self._exclusive():
            for leftover in self.dir.parent.glob(f"{self.dir.name}.new-*"):  # from a killed rebuild
                shutil.rmtree(leftover, ignore_errors=True)
            tmp = self.dir.with_name(f"{self.dir.name}.new-{os.getpid()}")
            try:
                tmp.mkdir(parents=True)
                ix = index.create_in(str(tmp), build_schema(), indexname=INDEX_NAME)
                stream = iter(docs)
                while chunk := list(itertools.islice(stream, settings.REBUILD_SEGMENT)):
                    writer = self._writer(ix)
                    try:
                        self._feed(writer, chunk, counter, replace=False)
                        writer.commit(mergetype=NO_MERGE)
                    except BaseException:
                        _cancel(writer)
                        raise
                counter.finish()
                write_json(tmp / META_FILE, {"version": INDEX_VERSION, "values": {}})
                with self._lock:
                    self._install(None)
                    swap_in(self.dir, tmp)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        with self._lock:
            self._status = None
        self.open()
        return counter.done

    @staticmethod
    def _writer(ix: Any) -> Any:
        try:
            return ix.writer(timeout=settings.WRITER_TIMEOUT, limitmb=256)
        except LockError as exc:
            raise IndexBusy("the search index is locked by another writer; try again when it has finished") from exc

    @staticmethod
    def _feed(writer: Any, docs: Iterable[IndexDoc], counter: ProgressCounter, *, replace: bool) -> None:
        add = writer.update_document if replace else writer.add_document
        for doc in docs:
            if not is_valid_article_id(doc.id):
                log.warning("not indexed: invalid article id %r", doc.id)
                continue
            add(**doc_fields(doc))
            counter.step()

    def _after_commit(self) -> None:
        with self._lock:
            if self._ix is not None:
                self._install(self._ix)
                self._status = IndexStatus("ok", "", self._snapshot.reader.doc_count() if self._snapshot else 0)

    def segment_count(self) -> int:
        with self.snapshot() as snap:
            return len(snap.reader.segments() or [])

    def optimize(self) -> None:
        """Merge all segments into one (slow: tens of seconds at 10,000 articles)."""
        self._writable()
        with self._exclusive():
            writer = self._writer(self._ix)
            try:
                writer.commit(optimize=True)
            except BaseException:
                _cancel(writer)
                raise
        self._after_commit()

    # -- small key-value store ------------------------------------------------------------


def _first_terms(reader: Any, fieldname: str, n: int) -> list[Any]:
    terms = []
    for term in reader.lexicon(fieldname):
        terms.append(term.decode("utf-8") if isinstance(term, bytes) and fieldname != "date_num" else term)
        if len(terms) >= n:
            break
    return terms


def _cancel(writer: Any) -> None:
    try:
        writer.cancel()
    except Exception:
        log.debug("cancelling the index writer failed", exc_info=True)
