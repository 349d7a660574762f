"""The Whoosh index: schema, build and update, health checks, background updates.

The index is derived data: everything in it can be rebuilt from the corpus and
the YAML.  :meth:`SearchIndex.open` says whether it can be used as it is or
must be rebuilt (missing, incompatible schema, or damaged files); it never
raises on a broken index.  Writes are batched (one writer and one commit per
call), serialised across processes by a lock file beside the index, and a
rebuild is made in a temporary folder that replaces the old index only once
it is complete.

Searches run on a :class:`Snapshot`: one Whoosh searcher plus per-generation
caches (a table of every article's listing fields for facets and sorting, and
the vocabulary used for completion and spelling).  Snapshots are reference
counted, so a commit in the background never closes a searcher that another
thread is still using.

Both locks (Whoosh's ``MAIN_WRITELOCK`` and ``whoosh.lock``) are ``flock``
locks: a writer that is killed leaves the lock files behind but not the locks,
so nothing is ever wedged; a live writer elsewhere makes a write wait
:data:`WRITER_TIMEOUT` seconds and then fail with a one-line message.

Layout of the index folder::

    whoosh/
      _MAIN_<gen>.toc, MAIN_<segment>.seg   Whoosh files
      sahel_index.json                      schema version and small key-values
    whoosh.lock                             cross-process write lock (beside it)
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import json
import logging
import os
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import filelock
from whoosh import columns, fields, index, query, scoring
from whoosh.searching import Searcher
from whoosh.writing import NO_MERGE, LockError

from sahel_tui.core import analysis
from sahel_tui.core.errors import ReadOnlyWorkspace, SahelError
from sahel_tui.core.ids import ENTITY_ID_RE, is_valid_article_id
from sahel_tui.core.models import IndexDoc

log = logging.getLogger(__name__)

#: Bump when fields change; together with the analysis version it must match
#: the version recorded beside an index, else the index is rebuilt.
SCHEMA_VERSION = 2
INDEX_VERSION = f"{SCHEMA_VERSION}.{analysis.ANALYSIS_VERSION}"

META_FILE = "sahel_index.json"
INDEX_NAME = "MAIN"
WRITER_TIMEOUT = 15.0  # seconds to wait for another process's writer
REBUILD_SEGMENT = 2000  # articles per segment when rebuilding
_ROW_SEP = "\x1f"

Progress = Callable[[int, int], None]


# -- schema ---------------------------------------------------------------------------------


def build_schema() -> fields.Schema:
    """The Whoosh schema (see the module docstring of :mod:`analysis` for analyzers)."""
    text = analysis.text_analyzer
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=text(), stored=True, field_boost=2.0),
        body=fields.TEXT(analyzer=text(), stored=True),
        names=fields.TEXT(analyzer=text()),
        # edge n-grams of title and entity names: search-as-you-type
        prefix=fields.TEXT(analyzer=analysis.prefix_analyzer(), phrase=False),
        # (scorable: a field without a length column makes Whoosh stat a file per posting)
        entity=fields.KEYWORD(scorable=True),
        type=fields.KEYWORD(lowercase=True, scorable=True),
        author=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        source=fields.TEXT(analyzer=analysis.plain_analyzer(), stored=True),
        date_num=fields.NUMERIC(int, bits=32),  # signed: unsigned ranges are buggy in Whoosh
        date=fields.STORED(),
        story=fields.STORED(),
        entities=fields.STORED(),
        # everything the listing, the facets and fingerprints() need, one value per doc
        row=fields.COLUMN(columns.VarBytesColumn()),
    )


def _clean_cell(text: str | None) -> str:
    return " ".join((text or "").replace(_ROW_SEP, " ").split())


def _valid_ids(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if isinstance(v, str) and ENTITY_ID_RE.match(v)))


def date_number(date: str | None) -> int | None:
    """``2024-03-22`` -> ``20240322``; None for a missing or malformed date."""
    if not date or len(date) != 10 or date[4] != "-" or date[7] != "-":
        return None
    digits = date[:4] + date[5:7] + date[8:]
    return int(digits) if digits.isdigit() else None


@dataclass(frozen=True)
class IndexedArticle:
    """The listing fields of one indexed article (no body)."""

    id: str
    title: str
    date: str | None
    source: str | None
    entities: tuple[str, ...]  # confirmed and detected entity ids
    labels: tuple[str, ...]
    story: str | None
    fingerprint: str

    @property
    def month(self) -> str:
        return self.date[:7] if self.date else "unknown"

    def encode(self) -> bytes:
        cells = (
            self.id,
            self.title,
            self.date or "",
            self.source or "",
            " ".join(self.entities),
            " ".join(self.labels),
            self.story or "",
            self.fingerprint,
        )
        return _ROW_SEP.join(cells).encode("utf-8")

    @classmethod
    def decode(cls, raw: bytes) -> IndexedArticle | None:
        cells = raw.decode("utf-8", "replace").split(_ROW_SEP)
        if len(cells) != 8:
            return None
        doc_id, title, date, source, ents, labels, story, fingerprint = cells
        return cls(
            doc_id,
            title,
            date or None,
            source or None,
            tuple(ents.split()),
            tuple(labels.split()),
            story or None,
            fingerprint,
        )


def doc_fields(doc: IndexDoc) -> dict[str, Any]:
    """The Whoosh document for one IndexDoc (ids validated, text kept as is)."""
    entity_ids = _valid_ids((*doc.entities, *doc.detected))
    labels = tuple(dict.fromkeys(_clean_cell(label).replace(" ", "_") for label in doc.labels if label))
    names = "\n".join(n for n in doc.names if n)
    date = doc.date if date_number(doc.date) is not None else None
    row = IndexedArticle(
        doc.id,
        _clean_cell(doc.title),
        date,
        _clean_cell(doc.source) or None,
        entity_ids,
        labels,
        _clean_cell(doc.story) or None,
        _clean_cell(doc.fingerprint),
    )
    values: dict[str, Any] = {
        "id": doc.id,
        "title": doc.title,
        "body": doc.body,
        "names": names,
        "prefix": f"{doc.title}\n{names}",
        "entity": " ".join(entity_ids),
        "type": " ".join(labels),
        "author": ",".join(a.replace(",", " ") for a in doc.authors if a),
        "source": doc.source or "",
        "date": date,
        "story": doc.story,
        "entities": entity_ids,
        "row": row.encode(),
    }
    number = date_number(date)
    if number is not None:
        values["date_num"] = number
    return values


# -- status ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexStatus:
    """What :meth:`SearchIndex.open` found."""

    state: str  # "ok" | "missing" | "incompatible" | "corrupt"
    detail: str = ""
    doc_count: int = 0

    @property
    def ok(self) -> bool:
        return self.state == "ok"

    @property
    def rebuild_reason(self) -> str | None:
        """None when usable, else a short reason for the user (``corrupt: ...``)."""
        if self.ok:
            return None
        return f"{self.state}: {self.detail}" if self.detail else self.state


# -- snapshots ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """The body terms (folded stems) of one segment, sorted, with document frequencies."""

    words: tuple[str, ...]
    freqs: tuple[int, ...]
    lookup: dict[str, int]

    @classmethod
    def read(cls, segment_reader: Any) -> Vocabulary:
        words: list[str] = []
        freqs: list[int] = []
        for term, info in segment_reader.iter_field("body"):
            words.append(term.decode("utf-8") if isinstance(term, bytes) else term)
            freqs.append(info.doc_frequency())
        return cls(tuple(words), tuple(freqs), {w: i for i, w in enumerate(words)})

    def freq(self, word: str) -> int:
        i = self.lookup.get(word)
        return self.freqs[i] if i is not None else 0

    def starting(self, prefix: str) -> Iterator[tuple[str, int]]:
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + "\uffff", lo)
        return zip(self.words[lo:hi], self.freqs[lo:hi])


class MultiVocabulary:
    """The body vocabulary of a whole snapshot: one :class:`Vocabulary` per segment."""

    def __init__(self, parts: list[Vocabulary]):
        self.parts = parts

    def freq(self, word: str) -> int:
        return sum(p.freq(word) for p in self.parts)

    def frequencies(self, prefix: str) -> dict[str, int]:
        """Every term starting with ``prefix`` and its document frequency."""
        if len(self.parts) == 1:
            return dict(self.parts[0].starting(prefix))
        found: dict[str, int] = {}
        for part in self.parts:
            for word, freq in part.starting(prefix):
                found[word] = found.get(word, 0) + freq
        return found

    def completions(self, prefix: str, limit: int) -> list[str]:
        """The ``limit`` most frequent terms starting with ``prefix``, most frequent first."""
        found = self.frequencies(prefix)
        return (
            heapq.nlargest(limit, found, key=lambda w: (found[w], w))
            if limit < len(found)
            else sorted(found, key=lambda w: (-found[w], w))
        )


def facet_keys(row: IndexedArticle) -> tuple[str, ...]:
    """The facet values of one article as ``"facet:value"`` keys."""
    return (
        *(f"entity:{e}" for e in row.entities),
        *(f"type:{t}" for t in row.labels),
        *((f"source:{row.source}",) if row.source else ()),
        f"date:{row.month}",
    )


@dataclass
class _SegmentData:
    """Caches of one immutable segment, shared by every snapshot that contains it."""

    rows: list[IndexedArticle | None]
    vocab: Vocabulary | None = None
    keys: list[tuple[str, ...] | None] | None = None
    totals: Counter[str] | None = None

    def facets(self) -> tuple[list[tuple[str, ...] | None], Counter[str]]:
        if self.keys is None or self.totals is None:
            self.keys = [None if row is None else facet_keys(row) for row in self.rows]
            self.totals = Counter(itertools.chain.from_iterable(k for k in self.keys if k is not None))
        return self.keys, self.totals


class Snapshot:
    """A searcher for one generation of the index, with lazily built caches.

    Use through :meth:`SearchIndex.snapshot`; ``cache`` is free for callers
    (search keeps completions and snippets there) and dies with the snapshot.
    The listing table and the vocabulary are assembled from per-segment caches,
    so a commit only pays for the segments it wrote.
    """

    def __init__(self, searcher: Any, generation: int, segments: dict[str, _SegmentData]):
        self.searcher = searcher
        self.generation = generation
        self.cache: dict[Any, Any] = {}
        self._segments = segments
        self._lock = threading.Lock()
        self._users = 0
        self._retired = False
        self._table: list[IndexedArticle | None] | None = None
        self._live: list[int] | None = None
        self._vocab: MultiVocabulary | None = None
        self._facets: tuple[list[tuple[str, ...] | None], Counter[str]] | None = None

    @property
    def reader(self) -> Any:
        return self.searcher.reader()

    @property
    def quick_searcher(self) -> Any:
        """A searcher on the same reader that scores by term frequency (no length norms).

        About twice as fast as BM25 on broad queries; used while a query is typed.
        """
        searcher = self.cache.get("quick-searcher")
        if searcher is None:
            searcher = Searcher(self.reader, weighting=scoring.Frequency(), closereader=False)
            self.cache["quick-searcher"] = searcher
        return searcher

    def segment_ids(self) -> list[str]:
        return [r.segment().segment_id() for r, _ in self.reader.leaf_readers() if r.segment() is not None]

    def acquire(self) -> None:
        with self._lock:
            self._users += 1

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            close = self._retired and self._users == 0
        if close:
            self._close()

    def retire(self) -> None:
        with self._lock:
            self._retired = True
            close = self._users == 0
        if close:
            self._close()

    def _close(self) -> None:
        try:
            self.searcher.close()
        except Exception:
            log.debug("closing a searcher failed", exc_info=True)

    def _segment(self, reader: Any) -> _SegmentData:
        segment = reader.segment()
        key = segment.segment_id() if segment is not None else None
        data = self._segments.get(key) if key else None
        if data is None:
            raw = list(reader.column_reader("row")) if reader.has_column("row") else []
            data = _SegmentData([IndexedArticle.decode(v) if v else None for v in raw])
            if key:
                self._segments[key] = data
        return data

    def table(self) -> list[IndexedArticle | None]:
        """Listing fields by document number (None for deleted documents)."""
        if self._table is None:
            table: list[IndexedArticle | None] = []
            for reader, _offset in self.reader.leaf_readers():
                rows = self._segment(reader).rows
                if reader.has_deletions():
                    rows = [None if reader.is_deleted(n) else row for n, row in enumerate(rows)]
                table.extend(rows)
            self._table = table
        return self._table

    def live_docnums(self) -> list[int]:
        """Document numbers of all articles, newest first, unknown dates last, then by id."""
        if self._live is None:
            table = self.table()
            dated = [(row.date or "", row.id, n) for n, row in enumerate(table) if row is not None]
            dated.sort(key=lambda x: x[1])
            dated.sort(key=lambda x: x[0], reverse=True)
            self._live = [n for _, _, n in dated]
        return self._live

    def facet_keys(self) -> tuple[list[tuple[str, ...] | None], Counter[str]]:
        """Per document number, its facet keys (None when deleted); and their totals."""
        if self._facets is None:
            keys: list[tuple[str, ...] | None] = []
            totals: Counter[str] = Counter()
            for reader, _offset in self.reader.leaf_readers():
                seg_keys, seg_totals = self._segment(reader).facets()
                totals.update(seg_totals)
                if reader.has_deletions():
                    gone = [k for n, k in enumerate(seg_keys) if k is not None and reader.is_deleted(n)]
                    totals.subtract(itertools.chain.from_iterable(gone))
                    seg_keys = [None if reader.is_deleted(n) else k for n, k in enumerate(seg_keys)]
                keys.extend(seg_keys)
            self._facets = (keys, +totals)
        return self._facets

    def vocabulary(self) -> MultiVocabulary:
        if self._vocab is None:
            parts = []
            for reader, _offset in self.reader.leaf_readers():
                data = self._segment(reader)
                if data.vocab is None:
                    data.vocab = Vocabulary.read(reader)
                parts.append(data.vocab)
            self._vocab = MultiVocabulary(parts)
        return self._vocab

    def warm(self) -> None:
        """Build the caches now (in the background, after a commit)."""
        self.live_docnums()
        self.facet_keys()
        self.vocabulary()


# -- the index ------------------------------------------------------------------------------


class SearchIndex:
    """The derived full-text index of one workspace."""

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
        self._file_lock = filelock.FileLock(str(self.dir) + ".lock", timeout=WRITER_TIMEOUT)

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
                and _dir_id(self.dir) == self._dir_id
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
                status = IndexStatus("corrupt", _one_line(exc))
                self._install(None)
            self._status = status
            self._dir_id = _dir_id(self.dir)
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
            return IndexStatus("corrupt", _one_line(exc)), None
        return IndexStatus("ok", "", count), ix

    @staticmethod
    def _check(ix: Any) -> int:
        """Read a little of everything: TOC, segments, stored fields, columns, postings."""
        with ix.searcher() as searcher:
            reader = searcher.reader()
            count = reader.doc_count()
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

    def verify(self) -> IndexStatus:
        """Check the open index again (after a search failed); mark it corrupt if broken."""
        with self._lock:
            ix = self._ix
        if ix is None:
            return self._status or IndexStatus("missing", "not opened")
        try:
            count = self._check(ix)
        except Exception as exc:
            self.mark_corrupt(_one_line(exc))
            return self._status  # type: ignore[return-value]
        return IndexStatus("ok", "", count)

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
        if _dir_id(self.dir) != self._dir_id:  # another process rebuilt and swapped the folder
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
            return snap.reader.doc_count()

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

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyWorkspace("the search index is read-only")

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One writer in this process and across processes."""
        with self._write_lock:
            try:
                self.dir.parent.mkdir(parents=True, exist_ok=True)
                self._file_lock.acquire()
            except filelock.Timeout as exc:
                raise SahelError(
                    f"the search index is being written by another sahel-tui process "
                    f"(waited {WRITER_TIMEOUT:.0f} s); try again when it has finished"
                ) from exc
            except OSError as exc:
                raise SahelError(f"cannot lock the search index: {_one_line(exc)}", path=self.dir) from exc
            try:
                yield
            finally:
                self._file_lock.release()

    def update(
        self,
        docs: Iterable[IndexDoc],
        delete_ids: Iterable[str] = (),
        progress: Progress | None = None,
        total: int | None = None,
    ) -> int:
        """Add or replace ``docs`` and delete ``delete_ids`` in one commit; return docs written."""
        self._writable()
        status = self.open()
        if not status.ok:
            raise SahelError(f"the search index must be rebuilt first ({status.rebuild_reason})")
        with self._exclusive():
            writer = self._writer(self._ix)
            try:
                for doc_id in delete_ids:
                    writer.delete_by_term("id", doc_id)
                counter = _Counter(progress, total)
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
        :data:`REBUILD_SEGMENT` articles (one big commit costs about half as much
        again), and replaces it only when complete.
        """
        self._writable()
        counter = _Counter(progress, total)
        with self._exclusive():
            for leftover in self.dir.parent.glob(f"{self.dir.name}.new-*"):  # from a killed rebuild
                shutil.rmtree(leftover, ignore_errors=True)
            tmp = self.dir.with_name(f"{self.dir.name}.new-{os.getpid()}")
            try:
                tmp.mkdir(parents=True)
                ix = index.create_in(str(tmp), build_schema(), indexname=INDEX_NAME)
                stream = iter(docs)
                while chunk := list(itertools.islice(stream, REBUILD_SEGMENT)):
                    writer = self._writer(ix)
                    try:
                        self._feed(writer, chunk, counter, replace=False)
                        writer.commit(mergetype=NO_MERGE)
                    except BaseException:
                        _cancel(writer)
                        raise
                counter.finish()
                _write_json(tmp / META_FILE, {"version": INDEX_VERSION, "values": {}})
                with self._lock:
                    self._install(None)
                    self._swap_in(tmp)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        with self._lock:
            self._status = None
        self.open()
        return counter.done

    def _swap_in(self, tmp: Path) -> None:
        old = self.dir.with_name(f"{self.dir.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        if self.dir.exists():
            os.replace(self.dir, old)
        os.replace(tmp, self.dir)
        shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def _writer(ix: Any) -> Any:
        try:
            return ix.writer(timeout=WRITER_TIMEOUT, limitmb=256)
        except LockError as exc:
            raise SahelError("the search index is locked by another writer; try again when it has finished") from exc

    @staticmethod
    def _feed(writer: Any, docs: Iterable[IndexDoc], counter: _Counter, *, replace: bool) -> None:
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

    def _read_meta(self) -> dict[str, Any] | None:
        try:
            data = json.loads((self.dir / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def meta_get(self, key: str, default: Any = None) -> Any:
        meta = self._read_meta() or {}
        values = meta.get("values")
        return values.get(key, default) if isinstance(values, dict) else default

    def meta_set(self, key: str, value: Any) -> None:
        """Store a JSON value beside the index (atomically; dropped by a rebuild)."""
        self._writable()
        with self._write_lock:
            meta = self._read_meta() or {"version": INDEX_VERSION}
            stored = meta.get("values")
            values: dict[str, Any] = stored if isinstance(stored, dict) else {}
            values[key] = value
            meta["values"] = values
            self.dir.mkdir(parents=True, exist_ok=True)
            _write_json(self.dir / META_FILE, meta)


class _Counter:
    """Calls ``progress(done, total)`` about 200 times over a run, and at the end."""

    def __init__(self, progress: Progress | None, total: int | None):
        self.progress = progress
        self.total = total or 0
        self.every = max(1, self.total // 200)
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.progress is not None and self.done % self.every == 0:
            self.progress(self.done, max(self.total, self.done))

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))


def _first_terms(reader: Any, fieldname: str, n: int) -> list[Any]:
    terms = []
    for term in reader.lexicon(fieldname):
        terms.append(term.decode("utf-8") if isinstance(term, bytes) and fieldname != "date_num" else term)
        if len(terms) >= n:
            break
    return terms


def _dir_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _cancel(writer: Any) -> None:
    try:
        writer.cancel()
    except Exception:
        log.debug("cancelling the index writer failed", exc_info=True)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, sort_keys=True, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:200]


# -- background updates ---------------------------------------------------------------------

DocSource = IndexDoc | Callable[[], IndexDoc | None]


class IndexUpdater:
    """Applies submitted documents in the background, in batches, one commit each.

    ``submit`` returns at once; the worker waits ``delay`` seconds for more
    submissions, builds the documents (callables are called in the worker),
    writes them in one commit and calls ``on_commit()``.  Errors never vanish:
    they are kept in ``last_error``, passed to ``on_error``, and raised by the
    next :meth:`flush` as a :class:`SahelError`.  Documents of a failed batch
    are not retried: the article's fingerprint in the index is then stale, so
    the next index sync re-indexes it.
    """

    def __init__(
        self,
        index: SearchIndex,
        *,
        on_commit: Callable[[], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        delay: float = 0.02,
    ):
        self.index = index
        self.on_commit = on_commit
        self.on_error = on_error
        self.delay = delay
        self.last_error: BaseException | None = None
        self.commits = 0
        self._pending: list[tuple[str, DocSource | str]] = []
        self._cond = threading.Condition()
        self._busy = False
        self._stopping = False
        self._unreported: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="sahel-index-updater", daemon=True)
        self._thread.start()

    def submit(self, doc: DocSource) -> None:
        """Queue a document (or a callable that makes it, or returns None to skip)."""
        self._enqueue(("doc", doc))

    def delete(self, article_id: str) -> None:
        """Queue the removal of an article from the index."""
        self._enqueue(("delete", article_id))

    def _enqueue(self, item: tuple[str, DocSource | str]) -> None:
        with self._cond:
            if self._stopping:
                raise SahelError("the index updater has been stopped")
            self._pending.append(item)
            self._cond.notify_all()

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait until everything submitted is committed; False on timeout.

        Raises :class:`SahelError` if a background update failed since the last flush.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._pending or self._busy:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(remaining)
            error, self._unreported = self._unreported, None
        if error is not None:
            raise SahelError(f"background index update failed: {_one_line(error)}") from error
        return True

    def stop(self, timeout: float = 30.0) -> None:
        """Finish pending work and stop the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._stopping:
                    self._cond.wait()
                if not self._pending and self._stopping:
                    return
            if self.delay:
                time.sleep(self.delay)  # let a burst of saves gather into one commit
            with self._cond:
                batch, self._pending = self._pending, []
                self._busy = True
            try:
                self._apply(batch)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _apply(self, batch: list[tuple[str, DocSource | str]]) -> None:
        docs: dict[str, IndexDoc] = {}
        deletes: set[str] = set()
        for kind, item in batch:
            try:
                if kind == "delete":
                    deletes.add(str(item))
                    docs.pop(str(item), None)
                    continue
                source = cast(DocSource, item)  # only "delete" entries carry a bare id
                doc = source() if callable(source) else source
                if doc is not None:
                    docs[doc.id] = doc
                    deletes.discard(doc.id)
            except Exception as exc:
                self._report(exc)
        if not docs and not deletes:
            return
        try:
            self.index.update(docs.values(), delete_ids=sorted(deletes))
            self.index.refresh()
            self.commits += 1
        except Exception as exc:
            self._report(exc)
            return
        if self.on_commit is not None:
            try:
                self.on_commit()
            except Exception as exc:
                self._report(exc)

    def _report(self, exc: BaseException) -> None:
        log.warning("background index update failed: %s", _one_line(exc))
        self.last_error = exc
        with self._cond:
            self._unreported = exc
        if self.on_error is not None:
            try:
                self.on_error(exc)
            except Exception:
                log.exception("index updater error callback failed")
