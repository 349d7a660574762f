"""Snapshots: one searcher of one index generation, with per-segment caches.

Searches run on a :class:`Snapshot`: one Whoosh searcher plus per-generation
caches (a table of every article's listing fields for facets and sorting, and
the vocabulary used for completion and spelling).  Snapshots are reference
counted, so a commit in the background never closes a searcher that another
thread is still using.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sahel_tui.core.index.rows import IndexedArticle, facet_keys
from sahel_tui.core.index.vocabulary import MultiVocabulary, Vocabulary

log = logging.getLogger("sahel_tui.core.index")


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
