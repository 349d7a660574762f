"""The tantivy engine: :class:`SearchEngine` on a tantivy index folder (for large corpora).

Same documents, same terms as the Whoosh engine: every text field is analysed
in Python by the analyzers of :mod:`sahel_tui.core.analysis` (folding,
compounds, stop words, stems, edge n-grams) and handed to tantivy pre-tokenized,
with the analyzer's positions, so that both engines hold the same terms at the
same positions and the query language, highlighting and facets do not change.
tantivy only stores, scores (BM25, ``title`` boosted) and iterates postings,
natively.

Document numbers are the value of the ``seq`` fast field, given to each document
when it is written (one more than the largest in the index): stable within a
snapshot, cheap to read for every match (:meth:`Searcher.fast_field_values`),
so that totals and facets are exact without fetching stored documents.

Layout of the folder::

    tantivy/                 tantivy's files (meta.json, segments)
      sahel_index.json       index format version and small key-values
    tantivy.lock             cross-process write lock (beside it)
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import Any

import filelock
import tantivy as tv

from sahel_tui.core import analysis
from sahel_tui.core import index as settings
from sahel_tui.core.engine import nodes as n
from sahel_tui.core.engine.base import IndexStatus, Matches, Progress
from sahel_tui.core.errors import IndexBusy, SahelError
from sahel_tui.core.ids import is_valid_article_id
from sahel_tui.core.index.folder import META_FILE, IndexFolder, ProgressCounter, dir_id, one_line, swap_in, write_json
from sahel_tui.core.index.rows import IndexedArticle, facet_keys
from sahel_tui.core.index.schema import INDEX_VERSION, doc_fields
from sahel_tui.core.models import IndexDoc

log = logging.getLogger("sahel_tui.core.index")

#: Bump when the tantivy fields change (the analysis version is part of INDEX_VERSION).
TANTIVY_SCHEMA = 1
VERSION = f"tantivy-{TANTIVY_SCHEMA}.{INDEX_VERSION}"
TITLE_BOOST = 2.0  # as the Whoosh schema's field_boost
WRITER_HEAP = 64_000_000

_POSITIONAL = ("title", "body", "names")
_TEXT_FIELDS = ("id", "title", "body", "names", "prefix", "entity", "type", "author", "source")


def build_schema() -> Any:
    sb = tv.SchemaBuilder()
    sb.add_unsigned_field("seq", stored=False, indexed=True, fast=True)
    for name in _TEXT_FIELDS:
        option = "position" if name in (*_POSITIONAL, "source") else "freq"  # as Whoosh's TEXT fields
        sb.add_text_field(name, stored=False, tokenizer_name="raw", index_option=option)
    sb.add_integer_field("date_num", stored=False, indexed=True, fast=True)
    for name in ("row", "title_s", "body_s"):
        sb.add_bytes_field(name, stored=True)
    return sb.build()


# -- documents ----------------------------------------------------------------------------------


def _analysed(analyzer: Any, text: str) -> Any:
    tokens = [
        tv.Token(t.text, t.pos, t.startchar, t.endchar)
        for t in analyzer(text, positions=True, chars=True, mode="index")
    ]
    return tv.PreTokenizedString(text, tokens)


def _words(text: str, sep: str | None, lower: bool) -> Any:
    words = [w.strip() for w in (text.split(sep) if sep else text.split())]
    words = [w.lower() if lower else w for w in words if w]
    return tv.PreTokenizedString(text, [tv.Token(w, i, 0, 0) for i, w in enumerate(words)])


class _Analyzers(threading.local):
    def __init__(self) -> None:
        self.text = analysis.text_analyzer()
        self.plain = analysis.plain_analyzer()
        self.prefix = analysis.prefix_analyzer()


_analyzers = _Analyzers()


def to_document(doc: IndexDoc, seq: int) -> Any:
    """The tantivy document of ``doc`` (the fields of :func:`doc_fields`, analysed here)."""
    values = doc_fields(doc)
    a = _analyzers
    out = tv.Document()
    out.add_unsigned("seq", seq)
    out.add_text("id", doc.id)
    for name in _POSITIONAL:
        out.add_pre_tokenized_text(name, _analysed(a.text, values[name] or ""))
    out.add_pre_tokenized_text("prefix", _analysed(a.prefix, values["prefix"] or ""))
    out.add_pre_tokenized_text("source", _analysed(a.plain, values["source"] or ""))
    out.add_pre_tokenized_text("entity", _words(values["entity"], None, lower=False))
    out.add_pre_tokenized_text("type", _words(values["type"], None, lower=True))
    out.add_pre_tokenized_text("author", _words(values["author"], ",", lower=True))
    if "date_num" in values:
        out.add_integer("date_num", values["date_num"])
    out.add_bytes("row", values["row"])
    out.add_bytes("title_s", (doc.title or "").encode("utf-8"))
    out.add_bytes("body_s", (doc.body or "").encode("utf-8"))
    return out


# -- queries ------------------------------------------------------------------------------------


def to_tantivy(node: n.Node | None, schema: Any) -> Any:
    """The tantivy query for an index-field node tree (as :func:`whoosh_engine.to_whoosh`)."""
    q = tv.Query
    if node is None:
        return q.empty_query()
    if isinstance(node, n.Term):
        return _field_boost(node.field, q.term_query(schema, node.field, node.text))
    if isinstance(node, n.Phrase):
        if len(node.words) == 1:
            return _field_boost(node.field, q.term_query(schema, node.field, node.words[0]))
        if not node.words:
            return q.empty_query()
        # Whoosh's slop 1 is "next to each other", tantivy's is 0
        phrase = q.phrase_query(schema, node.field, list(node.words), slop=max(0, node.slop - 1))
        return _field_boost(node.field, phrase)
    if isinstance(node, n.Prefix):
        return _field_boost(node.field, q.regex_query(schema, node.field, re.escape(node.text) + ".*"))
    if isinstance(node, n.NumericRange):
        ranged = q.range_query(
            schema, node.field, tv.FieldType.Integer, node.low, node.high,
            include_lower=not node.startexcl, include_upper=not node.endexcl,
        )  # fmt: skip
        return q.const_score_query(ranged, 1.0)
    if isinstance(node, n.Every):
        if node.field is None:
            return q.all_query()
        if node.field == "date_num":
            return q.exists_query("date_num")
        return q.const_score_query(q.regex_query(schema, node.field, ".+"), 1.0)
    if isinstance(node, (n.And, n.Or)):
        occur = tv.Occur.Must if isinstance(node, n.And) else tv.Occur.Should
        clauses: list[tuple[Any, Any]] = []
        for child in node.children:
            if isinstance(child, n.Not) and isinstance(node, n.And):
                if child.child is not None:
                    clauses.append((tv.Occur.MustNot, to_tantivy(child.child, schema)))
            else:
                clauses.append((occur, to_tantivy(child, schema)))
        if not clauses:
            return q.empty_query()
        if all(o == tv.Occur.MustNot for o, _ in clauses):
            clauses.insert(0, (tv.Occur.Must, q.all_query()))
        return _boost(q.boolean_query(clauses), node.boost)
    if isinstance(node, n.Not):
        if node.child is None:
            return q.all_query()
        return q.boolean_query([(tv.Occur.Must, q.all_query()), (tv.Occur.MustNot, to_tantivy(node.child, schema))])
    if isinstance(node, n.AndNot):
        if node.a is None:
            return q.empty_query()
        a = to_tantivy(node.a, schema)
        if node.b is None:
            return a
        return q.boolean_query([(tv.Occur.Must, a), (tv.Occur.MustNot, to_tantivy(node.b, schema))])
    if isinstance(node, n.AndMaybe):
        if node.a is None:
            return q.empty_query()
        a = to_tantivy(node.a, schema)
        if node.b is None:
            return a
        return q.boolean_query([(tv.Occur.Must, a), (tv.Occur.Should, to_tantivy(node.b, schema))])
    if isinstance(node, n.Require):
        if node.a is None or node.b is None:
            return q.empty_query()
        b = q.const_score_query(to_tantivy(node.b, schema), 0.0)
        return q.boolean_query([(tv.Occur.Must, to_tantivy(node.a, schema)), (tv.Occur.Must, b)])
    raise TypeError(f"{type(node).__name__} is parser output; rewrite it onto index fields first")


def _field_boost(field: str, query: Any) -> Any:
    return _boost(query, TITLE_BOOST) if field == "title" else query


def _boost(query: Any, boost: float) -> Any:
    return query if boost == 1.0 else tv.Query.boost_query(query, boost)


# -- reading ------------------------------------------------------------------------------------


class TantivyVocabulary:
    """The body terms of one searcher (tantivy walks its term dictionary natively)."""

    def __init__(self, searcher: Any):
        self.searcher = searcher
        self._prefixes: dict[str, dict[str, int]] = {}

    def freq(self, word: str) -> int:
        return int(self.searcher.doc_freq("body", word)) if word else 0

    def frequencies(self, prefix: str) -> dict[str, int]:
        found = self._prefixes.get(prefix)
        if found is None:
            found = {t: int(c) for t, c in self.searcher.terms_with_prefix("body", prefix)}
            if len(self._prefixes) > 512:
                self._prefixes.clear()
            self._prefixes[prefix] = found
        return found

    def completions(self, prefix: str, limit: int) -> list[str]:
        found = self.frequencies(prefix)
        return sorted(found, key=lambda w: (-found[w], w))[: max(0, limit)]


class TantivySnapshot:
    """:class:`~sahel_tui.core.engine.base.EngineSnapshot` over one tantivy searcher."""

    def __init__(self, searcher: Any, schema: Any, generation: Any):
        self.searcher = searcher
        self.schema = schema
        self.generation = generation
        self.cache: dict[Any, Any] = {}
        self._lock = threading.Lock()
        self._rows: dict[int, IndexedArticle] | None = None
        self._addresses: dict[int, Any] = {}
        self._live: list[int] | None = None
        self._facets: tuple[dict[int, tuple[str, ...]], Counter[str]] | None = None
        self._vocab: TantivyVocabulary | None = None

    def _all(self) -> list[tuple[int, Any]]:
        count = int(self.searcher.num_docs)
        if not count:
            return []
        hits = self.searcher.search(tv.Query.all_query(), limit=count, count=False, order_by_field="seq").hits
        return [(int(seq), addr) for seq, addr in hits]

    def rows(self) -> dict[int, IndexedArticle]:
        """Listing fields by document number, read once per snapshot."""
        with self._lock:
            if self._rows is None:
                rows: dict[int, IndexedArticle] = {}
                for seq, addr in self._all():
                    self._addresses[seq] = addr
                    raw = self.searcher.doc(addr).get_first("row")
                    row = IndexedArticle.decode(raw) if raw else None
                    if row is not None:
                        rows[seq] = row
                self._rows = rows
            return self._rows

    def search(self, query: n.Node, limit: int, *, quick: bool = False, seconds: float = 1.5) -> Matches:
        """Every match, scored natively: ``docnums`` (and so totals and facets) are exact."""
        total = int(self.searcher.num_docs)
        if not total:
            return Matches([], set())
        hits = self.searcher.search(to_tantivy(query, self.schema), limit=total, count=False).hits
        seqs = self.searcher.fast_field_values("seq", [addr for _, addr in hits])
        top = [(float(score), int(seq)) for (score, _), seq in zip(hits[: max(0, limit)], seqs, strict=False)]
        return Matches(top, {int(s) for s in seqs if s is not None})

    def _keys(self) -> tuple[dict[int, tuple[str, ...]], Counter[str]]:
        if self._facets is None:
            keys = {d: facet_keys(row) for d, row in self.rows().items()}
            self._facets = (keys, Counter(chain.from_iterable(keys.values())))
        return self._facets

    def facet_counts(self, docnums: Collection[int]) -> Counter[str]:
        keys, totals = self._keys()
        if len(docnums) * 2 <= len(keys):
            return Counter(chain.from_iterable(k for d in docnums if (k := keys.get(d)) is not None))
        inside = docnums if isinstance(docnums, (set, frozenset)) else set(docnums)
        outside = (k for d, k in keys.items() if d not in inside)
        return totals - Counter(chain.from_iterable(outside))

    def vocabulary(self) -> TantivyVocabulary:
        if self._vocab is None:
            self._vocab = TantivyVocabulary(self.searcher)
        return self._vocab

    def terms(self, field: str) -> list[str]:
        return sorted(t for t, count in self.searcher.terms_with_prefix(field, "") if count)

    def doc_frequency(self, field: str, term: str) -> int:
        return int(self.searcher.doc_freq(field, term))

    def docs_with_term(self, field: str, term: str) -> list[int]:
        return sorted(self.search(n.Term(field, term), 0).docnums)

    def leaf_terms(self, leaf: n.Leaf, fields: Collection[str]) -> list[str]:
        if leaf.field not in fields:
            return []
        if isinstance(leaf, n.Term):
            return [leaf.text]
        if isinstance(leaf, n.Phrase):
            return list(leaf.words)
        if isinstance(leaf, n.Prefix):
            return sorted(t for t, count in self.searcher.terms_with_prefix(leaf.field, leaf.text) if count)
        return []

    def adjacent_docs(self, fields: Iterable[str], words: list[str], docnums: list[int]) -> set[int]:
        wanted = set(docnums)
        query = n.Or(tuple(n.Phrase(f, tuple(words)) for f in fields))
        return {d for d in self.search(query, 0).docnums if d in wanted}

    def row(self, docnum: int) -> IndexedArticle | None:
        return self.rows().get(docnum)

    def live_docnums(self) -> list[int]:
        if self._live is None:
            dated = [(row.date or "", row.id, d) for d, row in self.rows().items()]
            dated.sort(key=lambda x: x[1])
            dated.sort(key=lambda x: x[0], reverse=True)
            self._live = [d for _, _, d in dated]
        return self._live

    def stored_text(self, docnum: int, field: str) -> str:
        self.rows()
        addr = self._addresses.get(docnum)
        if addr is None or field not in ("title", "body"):
            return ""
        raw = self.searcher.doc(addr).get_first(f"{field}_s")
        return raw.decode("utf-8", "replace") if raw else ""

    def doc_count(self) -> int:
        return int(self.searcher.num_docs)

    def warm(self) -> None:
        self.live_docnums()
        self._keys()


# -- the index ----------------------------------------------------------------------------------


class TantivyIndex(IndexFolder):
    """The tantivy index of one workspace: the engine interface plus what the workspace needs.

    Offers the methods of :class:`~sahel_tui.core.index.store.SearchIndex` that the
    workspace and the background updater call (``fingerprints``, ``meta_get``,
    ``ids_matching_phrases``...), so that either can be the workspace's index.
    """

    META_VERSION = VERSION

    name = "tantivy"

    def __init__(self, index_dir: Path, read_only: bool = False):
        self.dir = Path(index_dir)
        self.read_only = read_only
        self.schema = build_schema()
        self._ix: Any = None
        self._snapshot: TantivySnapshot | None = None
        self._status: IndexStatus | None = None
        self._dir_id: tuple[int, int] | None = None
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._file_lock = filelock.FileLock(str(self.dir) + ".lock", timeout=settings.WRITER_TIMEOUT)

    # -- health ---------------------------------------------------------------------------

    @property
    def status(self) -> IndexStatus | None:
        return self._status

    def open(self) -> IndexStatus:
        with self._lock:
            if self._status is not None and self._status.ok and dir_id(self.dir) == self._dir_id:
                return self._status
            self._snapshot = None
            self._ix = None
            status = self._probe()
            self._status = status
            self._dir_id = dir_id(self.dir)
            if not status.ok:
                log.info("search index at %s: %s", self.dir, status.rebuild_reason)
            return status

    def _probe(self) -> IndexStatus:
        if not self.dir.is_dir() or not (self.dir / "meta.json").exists():
            return IndexStatus("missing", "no index yet")
        meta = self._read_meta()
        version = meta.get("version") if meta else None
        if version != VERSION:
            return IndexStatus("incompatible", f"index format {version or 'unknown'}, expected {VERSION}")
        try:
            ix = tv.Index(self.schema, path=str(self.dir), reuse=True)
            ix.config_reader("Manual")
            count = self._check(ix)
        except Exception as exc:
            return IndexStatus("corrupt", one_line(exc))
        self._ix = ix
        return IndexStatus("ok", "", count)

    def _check(self, ix: Any) -> int:
        ix.reload()
        searcher = ix.searcher()
        count = int(searcher.num_docs)
        if count:
            hits = searcher.search(tv.Query.all_query(), limit=1, count=False).hits
            if not hits or searcher.doc(hits[0][1]).get_first("row") is None:
                raise ValueError("stored fields unreadable")
        return count

    def mark_corrupt(self, detail: str) -> None:
        with self._lock:
            self._status = IndexStatus("corrupt", detail)
            self._ix = None
            self._snapshot = None

    def close(self) -> None:
        with self._lock:
            self._ix = None
            self._snapshot = None
            self._status = None

    # -- reading --------------------------------------------------------------------------

    def _generation(self) -> Any:
        try:
            st = os.stat(self.dir / "meta.json")
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    @contextmanager
    def snapshot(self) -> Iterator[TantivySnapshot]:
        with self._lock:
            if self._status is None or dir_id(self.dir) != self._dir_id:
                self._status = None
                self.open()
            if self._ix is None:
                reason = self._status.rebuild_reason if self._status else "not opened"
                raise SahelError(f"the search index is not available ({reason}); run `sahel-tui index`")
            generation = self._generation()
            if self._snapshot is None or self._snapshot.generation != generation:
                self._ix.reload()
                self._snapshot = TantivySnapshot(self._ix.searcher(), self.schema, generation)
            snap = self._snapshot
        yield snap

    def refresh(self) -> None:
        with self.snapshot() as snap:
            snap.warm()

    def doc_count(self) -> int:
        with self.snapshot() as snap:
            return snap.doc_count()

    def fingerprints(self) -> dict[str, str]:
        with self.snapshot() as snap:
            return {row.id: row.fingerprint for row in snap.rows().values()}

    def all_docs(self, sort: str = "date") -> list[IndexedArticle]:
        with self.snapshot() as snap:
            rows = snap.rows()
            if sort == "id":
                return sorted(rows.values(), key=lambda r: r.id)
            return [rows[d] for d in snap.live_docnums()]

    def list_all(self, limit: int = 50, offset: int = 0) -> list[IndexedArticle]:
        with self.snapshot() as snap:
            rows = snap.rows()
            return [rows[d] for d in snap.live_docnums()[max(0, offset) : max(0, offset) + max(0, limit)]]

    def ids_matching_phrases(self, phrases: Iterable[str]) -> set[str]:
        clauses: list[n.Node] = []
        for phrase in phrases:
            terms = tuple(analysis.analyze(phrase))
            for field in ("title", "body", "names"):
                if terms:
                    clauses.append(n.Phrase(field, terms) if len(terms) > 1 else n.Term(field, terms[0]))
        if not clauses:
            return set()
        with self.snapshot() as snap:
            rows = snap.rows()
            return {rows[d].id for d in snap.search(n.Or(tuple(clauses)), 0).docnums if d in rows}

    # -- writing --------------------------------------------------------------------------

    @staticmethod
    def _next_seq(ix: Any) -> int:
        ix.reload()
        searcher = ix.searcher()
        if not searcher.num_docs:
            return 0
        hits = searcher.search(tv.Query.all_query(), limit=1, count=False, order_by_field="seq").hits
        return int(hits[0][0]) + 1 if hits else 0

    @staticmethod
    def _feed(writer: Any, docs: Iterable[IndexDoc], seq: int, counter: ProgressCounter, *, replace: bool) -> None:
        for doc in docs:
            if not is_valid_article_id(doc.id):
                log.warning("not indexed: invalid article id %r", doc.id)
                continue
            if replace:
                writer.delete_documents_by_term("id", doc.id)
            writer.add_document(to_document(doc, seq))
            seq += 1
            counter.step()

    def update(
        self,
        docs: Iterable[IndexDoc],
        delete_ids: Iterable[str] = (),
        progress: Progress | None = None,
        total: int | None = None,
        lock_timeout: float | None = None,
    ) -> int:
        self._writable()
        status = self.open()
        if not status.ok:
            raise SahelError(f"the search index must be rebuilt first ({status.rebuild_reason})")
        counter = ProgressCounter(progress, total)
        with self._exclusive(lock_timeout):
            writer = self._writer(self._ix, threads=1)
            try:
                for doc_id in delete_ids:
                    writer.delete_documents_by_term("id", doc_id)
                self._feed(writer, docs, self._next_seq(self._ix), counter, replace=True)
                counter.finish()
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                _rollback(writer)
                raise
        self._after_commit()
        return counter.done

    def delete(self, ids: Iterable[str]) -> None:
        self.update((), delete_ids=ids)

    def rebuild(self, docs: Iterable[IndexDoc], total: int | None = None, progress: Progress | None = None) -> int:
        """Build a fresh index beside the old one and swap it in when complete."""
        self._writable()
        counter = ProgressCounter(progress, total)
        with self._exclusive():
            for leftover in self.dir.parent.glob(f"{self.dir.name}.new-*"):
                shutil.rmtree(leftover, ignore_errors=True)
            tmp = self.dir.with_name(f"{self.dir.name}.new-{os.getpid()}")
            try:
                tmp.mkdir(parents=True)
                ix = tv.Index(self.schema, path=str(tmp), reuse=False)
                writer = self._writer(ix, threads=0)
                try:
                    self._feed(writer, docs, 0, counter, replace=False)
                    writer.commit()
                    writer.wait_merging_threads()
                except BaseException:
                    _rollback(writer)
                    raise
                del writer, ix
                counter.finish()
                write_json(tmp / META_FILE, {"version": VERSION, "values": {}})
                with self._lock:
                    self._ix = None
                    self._snapshot = None
                    swap_in(self.dir, tmp)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        with self._lock:
            self._status = None
        self.open()
        return counter.done

    @staticmethod
    def _writer(ix: Any, threads: int) -> Any:
        try:
            return ix.writer(WRITER_HEAP, threads) if threads else ix.writer(WRITER_HEAP * 2, 2)
        except ValueError as exc:
            raise IndexBusy(f"the search index is locked by another writer ({one_line(exc)})") from exc

    def _after_commit(self) -> None:
        with self._lock:
            if self._ix is not None:
                self._snapshot = None
                self._ix.reload()
                self._status = IndexStatus("ok", "", int(self._ix.searcher().num_docs))

    def segment_count(self) -> int:
        with self.snapshot() as snap:
            return int(snap.searcher.num_segments)

    # -- small key-value store ------------------------------------------------------------


def _rollback(writer: Any) -> None:
    try:
        writer.rollback()
    except Exception:
        log.debug("rolling back the index writer failed", exc_info=True)


#: The engine interface is the index itself (``snapshot`` yields :class:`TantivySnapshot`).
TantivyEngine = TantivyIndex
