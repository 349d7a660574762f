"""The Whoosh engine: :class:`SearchEngine` over a :class:`SearchIndex` folder.

Everything that speaks Whoosh to run a query lives here: the translation of
:mod:`~sahel_tui.core.engine.nodes` trees into Whoosh queries (simplified by
Whoosh's own ``normalize``), the collector that keeps every match for facets
under a time limit, postings lookups for adjacency, and the reading of the
query syntax with Whoosh's parser into engine-neutral nodes
(:func:`parse_query`), so that the query language itself never sees Whoosh.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from typing import Any

from whoosh import collectors, fields, qparser, scoring
from whoosh import query as wq
from whoosh.qparser import plugins
from whoosh.searching import Searcher, TimeLimit

from sahel_tui.core import analysis
from sahel_tui.core.engine import nodes as n
from sahel_tui.core.engine.base import IndexStatus, Matches, Progress
from sahel_tui.core.index.rows import IndexedArticle
from sahel_tui.core.index.snapshots import Snapshot
from sahel_tui.core.index.store import SearchIndex
from sahel_tui.core.index.vocabulary import MultiVocabulary
from sahel_tui.core.models import IndexDoc

# -- reading the query syntax ------------------------------------------------------------------


def _parse_schema() -> fields.Schema:
    """Fields the parser knows; analyst fields keep their text verbatim for rewriting."""
    text = analysis.text_analyzer
    return fields.Schema(
        text=fields.TEXT(analyzer=text(), multitoken_query="phrase"),
        title=fields.TEXT(analyzer=text(), multitoken_query="phrase"),
        body=fields.TEXT(analyzer=text(), multitoken_query="phrase"),
        entity=fields.ID(),
        type=fields.ID(),
        source=fields.ID(),
        date=fields.ID(),
        author=fields.ID(),
    )


_local = threading.local()


def _parser() -> qparser.QueryParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = qparser.QueryParser("text", _parse_schema())
        start = r"(?:^|(?<=[\s(]))"
        parser.add_plugin(plugins.PlusMinusPlugin(plusexpr=start + r"\+", minusexpr=start + "-"))
        parser.add_plugin(plugins.GtLtPlugin())
        parser.add_plugin(plugins.FuzzyTermPlugin())
        _local.parser = parser
    return parser


def parse_query(text: str) -> n.Node | None:
    """The query syntax (``AND``/``OR``/``NOT``, ``+``/``-``, phrases, ``field:``, ranges, ``*``, ``~``).

    Unfielded words are in field ``text``; words of ``text``/``title``/``body``
    are analysed into index terms, other fields keep their text as typed.
    None when nothing searchable is left.  Raises on syntax the parser cannot read.
    """
    return _from_whoosh(_parser().parse(text))


_BINARY: dict[type, type[n.AndNot] | type[n.AndMaybe] | type[n.Require]] = {
    wq.AndNot: n.AndNot,
    wq.AndMaybe: n.AndMaybe,
    wq.Require: n.Require,
}
_COMPOUND: dict[type, type[n.And] | type[n.Or]] = {wq.And: n.And, wq.Or: n.Or}


def _from_whoosh(q: Any) -> n.Node | None:
    if q is None or q is wq.NullQuery or isinstance(q, wq.qcore._NullQuery):
        return None
    if isinstance(q, wq.Not):
        return n.Not(_from_whoosh(q.query))
    if isinstance(q, wq.BinaryQuery):
        binary = _BINARY.get(type(q))
        if binary is None:
            raise TypeError(f"unsupported query {type(q).__name__}")
        return binary(_from_whoosh(q.a), _from_whoosh(q.b))
    if isinstance(q, wq.compound.CompoundQuery):
        compound = _COMPOUND.get(type(q))
        if compound is None:
            raise TypeError(f"unsupported query {type(q).__name__}")
        children = tuple(c for c in (_from_whoosh(s) for s in q.subqueries) if c is not None)
        return compound(children, boost=q.boost)
    if isinstance(q, wq.Every):
        return n.Every(q.fieldname or None)
    if isinstance(q, wq.Phrase):
        return n.Phrase(q.fieldname, tuple(q.words), q.slop)
    if isinstance(q, wq.FuzzyTerm):
        return n.Fuzzy(q.fieldname, q.text, q.maxdist)
    if isinstance(q, wq.Prefix):
        return n.Prefix(q.fieldname, q.text)
    if isinstance(q, wq.Wildcard):
        return n.Wildcard(q.fieldname, q.text)
    if isinstance(q, wq.TermRange):
        return n.Range(q.fieldname, q.start, q.end, bool(q.startexcl), bool(q.endexcl))
    if isinstance(q, wq.Term):
        return n.Term(q.fieldname, q.text)
    return n.Unsupported(q.field())


# -- running queries ----------------------------------------------------------------------------


def to_whoosh(node: n.Node) -> Any:
    """The Whoosh query for an index-field node tree (not yet normalised)."""
    if isinstance(node, n.Term):
        return wq.Term(node.field, node.text)
    if isinstance(node, n.Phrase):
        return wq.Phrase(node.field, list(node.words), slop=node.slop)
    if isinstance(node, n.Prefix):
        return wq.Prefix(node.field, node.text)
    if isinstance(node, n.NumericRange):
        return wq.NumericRange(
            node.field, node.low, node.high, startexcl=node.startexcl, endexcl=node.endexcl, constantscore=True
        )
    if isinstance(node, n.Every):
        return wq.Every(node.field) if node.field else wq.Every()
    if isinstance(node, n.And):
        return wq.And([to_whoosh(c) for c in node.children], boost=node.boost)
    if isinstance(node, n.Or):
        return wq.Or([to_whoosh(c) for c in node.children], boost=node.boost)
    if isinstance(node, n.Not):
        return wq.Not(_child(node.child))
    if isinstance(node, n.AndNot):
        return wq.AndNot(_child(node.a), _child(node.b))
    if isinstance(node, n.AndMaybe):
        return wq.AndMaybe(_child(node.a), _child(node.b))
    if isinstance(node, n.Require):
        return wq.Require(_child(node.a), _child(node.b))
    raise TypeError(f"{type(node).__name__} is parser output; rewrite it onto index fields first")


def _child(node: n.Node | None) -> Any:
    return wq.NullQuery if node is None else to_whoosh(node)


class _AllDocsCollector(collectors.TopCollector):
    """The top N by score, and every matching document number (for facets).

    Stops with :class:`TimeLimit` after ``seconds`` (checked every 512 documents,
    without the timer thread of Whoosh's ``TimeLimitCollector``).  ``replace=0``:
    Whoosh's matcher replacement (every 10 matches by default) drops the clauses
    that can no longer reach the top N, which would leave their other documents
    out of ``docset``; totals and facets must count every match.
    """

    def __init__(self, limit: int, seconds: float):
        super().__init__(limit=limit, usequality=False, replace=0)
        self.deadline = time.monotonic() + seconds

    def _collect(self, global_docnum: int, score: float) -> Any:
        docset = self.docset
        docset.add(global_docnum)
        if not len(docset) & 511 and time.monotonic() > self.deadline:
            raise TimeLimit
        return super()._collect(global_docnum, score)


def _text(term: Any) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else str(term)


class WhooshSnapshot:
    """:class:`~sahel_tui.core.engine.base.EngineSnapshot` over one :class:`Snapshot`."""

    def __init__(self, snap: Snapshot):
        self.snap = snap
        self.cache = snap.cache

    @property
    def _quick_searcher(self) -> Any:
        """A searcher on the same reader that scores by term frequency (no length norms).

        About twice as fast as BM25 on broad queries; used while a query is typed.
        """
        searcher = self.cache.get("quick-searcher")
        if searcher is None:
            searcher = Searcher(self.snap.reader, weighting=scoring.Frequency(), closereader=False)
            self.cache["quick-searcher"] = searcher
        return searcher

    def search(self, query: n.Node, limit: int, *, quick: bool = False, seconds: float = 1.5) -> Matches:
        collector = _AllDocsCollector(max(1, limit), seconds)
        stopped = False
        searcher = self._quick_searcher if quick else self.snap.searcher
        try:
            searcher.search_with_collector(to_whoosh(query).normalize(), collector)
        except TimeLimit:
            stopped = True
        results = collector.results()
        top = [(score, docnum) for score, docnum in results.top_n][:limit] if limit > 0 else []
        return Matches(top, set(collector.docset), stopped)

    def facet_counts(self, docnums: Collection[int]) -> Counter[str]:
        """Counts the smaller side: the matches, or the articles outside them (subtracted from the totals)."""
        keys, totals = self.snap.facet_keys()
        if len(docnums) * 2 <= len(keys):
            return Counter(chain.from_iterable(k for d in docnums if d < len(keys) and (k := keys[d]) is not None))
        inside = docnums if isinstance(docnums, (set, frozenset)) else set(docnums)
        outside = (k for d, k in enumerate(keys) if k is not None and d not in inside)
        return totals - Counter(chain.from_iterable(outside))

    def vocabulary(self) -> MultiVocabulary:
        return self.snap.vocabulary()

    def terms(self, field: str) -> list[str]:
        return [_text(t) for t in self.snap.reader.lexicon(field)]

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self.snap.reader.doc_frequency(field, term))

    def docs_with_term(self, field: str, term: str) -> list[int]:
        return list(self.snap.searcher.docs_for_query(wq.Term(field, term)))

    def leaf_terms(self, leaf: n.Leaf, fields: Collection[str]) -> list[str]:
        expanded = to_whoosh(leaf).expanded_terms(self.snap.reader, phrases=True)
        return [_text(text) for fieldname, text in expanded if fieldname in fields]

    def adjacent_docs(self, fields: Iterable[str], words: list[str], docnums: list[int]) -> set[int]:
        """One posting lookup per word and field: far cheaper than a phrase over the whole result set."""
        found: set[int] = set()
        reader = self.snap.reader
        for fieldname in fields:
            if not all(reader.doc_frequency(fieldname, w) for w in words):
                continue
            matchers = [reader.postings(fieldname, w) for w in words]
            for docnum in docnums:
                positions: list[set[int]] = []
                for matcher in matchers:
                    if matcher.is_active() and matcher.id() < docnum:
                        matcher.skip_to(docnum)
                    if not matcher.is_active() or matcher.id() != docnum:
                        break
                    positions.append(set(matcher.value_as("positions")))
                else:
                    if any(all(p + i in positions[i] for i in range(1, len(words))) for p in positions[0]):
                        found.add(docnum)
        return found

    def row(self, docnum: int) -> IndexedArticle | None:
        table = self.snap.table()
        return table[docnum] if 0 <= docnum < len(table) else None

    def live_docnums(self) -> list[int]:
        return self.snap.live_docnums()

    def stored_text(self, docnum: int, field: str) -> str:
        return str(self.snap.searcher.stored_fields(docnum).get(field) or "")

    def doc_count(self) -> int:
        return int(self.snap.reader.doc_count())


class WhooshEngine:
    """:class:`~sahel_tui.core.engine.base.SearchEngine` on a Whoosh index folder (:class:`SearchIndex`)."""

    def __init__(self, index: SearchIndex):
        self.index = index

    def open(self) -> IndexStatus:
        return self.index.open()

    def verify(self) -> IndexStatus:
        return self.index.verify()

    def close(self) -> None:
        self.index.close()

    def update(
        self,
        docs: Iterable[IndexDoc],
        delete_ids: Iterable[str] = (),
        progress: Progress | None = None,
        total: int | None = None,
    ) -> int:
        return self.index.update(docs, delete_ids, progress=progress, total=total)

    def delete(self, ids: Iterable[str]) -> None:
        self.index.update((), delete_ids=ids)

    def rebuild(self, docs: Iterable[IndexDoc], total: int | None = None, progress: Progress | None = None) -> int:
        return self.index.rebuild(docs, total=total, progress=progress)

    def doc_count(self) -> int:
        return self.index.doc_count()

    @contextmanager
    def snapshot(self) -> Iterator[WhooshSnapshot]:
        with self.index.snapshot() as snap:
            yield WhooshSnapshot(snap)
