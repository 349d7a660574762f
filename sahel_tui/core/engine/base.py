"""The search engine interface: what the query language and the index need from an engine.

The query language (:mod:`sahel_tui.core.search`), highlighting and facets talk to
an engine only through :class:`SearchEngine` and the :class:`EngineSnapshot` it
hands out, with queries as :mod:`sahel_tui.core.engine.nodes` trees.  Whoosh
(:mod:`sahel_tui.core.engine.whoosh_engine`) is the first implementation; a
second engine provides the same methods with the same meaning and passes
``tests/core/test_engine_contract.py``.

What a second engine must provide:

* documents: add or replace :class:`IndexDoc` by id, delete by id, both in one
  commit (:meth:`SearchEngine.update`), or build from scratch
  (:meth:`SearchEngine.rebuild`); the fields are those of
  :func:`sahel_tui.core.index.schema.doc_fields` (text fields analysed with
  :mod:`sahel_tui.core.analysis`, so that terms are the query language's terms);
* health: :meth:`~SearchEngine.open` returns an :class:`IndexStatus` and never
  raises on a broken index, :meth:`~SearchEngine.verify` re-checks after a
  failed search, :meth:`~SearchEngine.close` releases files;
* reading: :meth:`~SearchEngine.snapshot` yields one consistent generation of
  the index (an :class:`EngineSnapshot`), which a commit in another thread never
  closes under its user.

Document numbers (``docnum``) are small non-negative integers, valid within one
snapshot only; they index :meth:`EngineSnapshot.row`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sahel_tui.core.engine.nodes import Leaf, Node
from sahel_tui.core.models import IndexDoc

if TYPE_CHECKING:  # the index package imports this module
    from sahel_tui.core.index.rows import IndexedArticle

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class IndexStatus:
    """What :meth:`SearchEngine.open` found."""

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


@dataclass(frozen=True)
class Matches:
    """The result of :meth:`EngineSnapshot.search`."""

    top: list[tuple[float, int]]  # (score, docnum), best first, at most ``limit``
    docnums: set[int]  # every matching document (for totals and facets)
    stopped: bool = False  # the time limit cut the search short: ``docnums`` is incomplete


class TermVocabulary(Protocol):
    """The body terms of a snapshot with their document frequencies (completion, spelling)."""

    def freq(self, word: str) -> int:
        """Documents whose body holds the term ``word`` (0 if none)."""
        ...

    def frequencies(self, prefix: str) -> dict[str, int]:
        """Every term starting with ``prefix`` and its document frequency."""
        ...

    def completions(self, prefix: str, limit: int) -> list[str]:
        """The ``limit`` most frequent terms starting with ``prefix``, most frequent first (ties by term)."""
        ...


class EngineSnapshot(Protocol):
    """One generation of the index, read by one search.

    ``cache`` is free for callers (completions, expansions, snippets) and dies
    with the snapshot's generation.
    """

    cache: dict[Any, Any]

    def search(self, query: Node, limit: int, *, quick: bool = False, seconds: float = 1.5) -> Matches:
        """The ``limit`` best-scored matches of ``query`` (BM25F-like; ``title`` boosted) and every match.

        ``quick`` may trade ranking quality for speed (term frequency only);
        the search stops after about ``seconds`` with ``stopped`` set.
        """
        ...

    def facet_counts(self, docnums: Collection[int]) -> Counter[str]:
        """Counts of ``"facet:value"`` keys (:func:`sahel_tui.core.index.rows.facet_keys`) over ``docnums``."""
        ...

    def vocabulary(self) -> TermVocabulary:
        """The body vocabulary (for completion, wildcards, fuzzy terms and did-you-mean)."""
        ...

    def terms(self, field: str) -> list[str]:
        """Every term of ``field``, sorted."""
        ...

    def doc_frequency(self, field: str, term: str) -> int:
        """Documents whose ``field`` holds ``term``."""
        ...

    def docs_with_term(self, field: str, term: str) -> list[int]:
        """Document numbers whose ``field`` holds ``term``, ascending."""
        ...

    def leaf_terms(self, leaf: Leaf, fields: Collection[str]) -> list[str]:
        """The terms of ``fields`` that ``leaf`` matches (a prefix expanded), for highlighting."""
        ...

    def adjacent_docs(self, fields: Iterable[str], words: list[str], docnums: list[int]) -> set[int]:
        """Those of ``docnums`` where ``words`` stand next to each other, in order, in one of ``fields``."""
        ...

    def row(self, docnum: int) -> IndexedArticle | None:
        """The listing fields of a document (None if deleted or out of range)."""
        ...

    def live_docnums(self) -> list[int]:
        """Every document: newest first, unknown dates last, then by id."""
        ...

    def stored_text(self, docnum: int, field: str) -> str:
        """The stored ``title`` or ``body`` of a document ("" when absent)."""
        ...

    def doc_count(self) -> int: ...


class SearchEngine(Protocol):
    """A full-text index of one workspace's articles (derived data: it can always be rebuilt)."""

    def open(self) -> IndexStatus:
        """Open the index and say whether it is usable; never raises on a broken index."""
        ...

    def verify(self) -> IndexStatus:
        """Check the open index again (after a search failed); mark it corrupt if broken."""
        ...

    def close(self) -> None: ...

    def update(
        self,
        docs: Iterable[IndexDoc],
        delete_ids: Iterable[str] = (),
        progress: Progress | None = None,
        total: int | None = None,
    ) -> int:
        """Add or replace ``docs`` (by id) and delete ``delete_ids`` in one commit; return docs written."""
        ...

    def delete(self, ids: Iterable[str]) -> None:
        """Remove articles by id (unknown ids are ignored), in one commit."""
        ...

    def rebuild(self, docs: Iterable[IndexDoc], total: int | None = None, progress: Progress | None = None) -> int:
        """Replace the whole index by ``docs``, atomically; return docs written."""
        ...

    def doc_count(self) -> int: ...

    def snapshot(self) -> AbstractContextManager[EngineSnapshot]:
        """The current generation (refreshed after commits); raises :class:`SahelError` if unusable."""
        ...


__all__ = [
    "EngineSnapshot",
    "IndexStatus",
    "Matches",
    "Progress",
    "SearchEngine",
    "TermVocabulary",
]
