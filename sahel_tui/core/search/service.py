"""Running a search: sanitise, rewrite, run on the engine, rerank, fall back, collect hits and facets."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace

from sahel_tui.core import analysis, thesaurus
from sahel_tui.core.engine import nodes as n
from sahel_tui.core.engine.base import EngineSnapshot, Matches, SearchEngine
from sahel_tui.core.engine.whoosh_engine import WhooshEngine
from sahel_tui.core.errors import SahelError
from sahel_tui.core.index.store import SearchIndex
from sahel_tui.core.models import FacetCount, Highlight, SearchHit, SearchResults
from sahel_tui.core.search.facets import facets
from sahel_tui.core.search.highlight import TermMatcher, make_snippet, query_matcher
from sahel_tui.core.search.query import (
    fix_fields,
    loose_words,
    parse,
    plain_words,
    sanitize,
    split_operator,
    split_partial,
    tidy_operators,
    unclosed_quote,
    words_query,
)
from sahel_tui.core.search.ranking import RERANK_DEPTH, adjacent_words, rerank_adjacent
from sahel_tui.core.search.rewrite import Rewriter
from sahel_tui.core.search.suggest import partial_clause, suggest, surface
from sahel_tui.core.search.types import Resolver

log = logging.getLogger("sahel_tui.core.search")

MAX_LIMIT = 1000
TIME_LIMIT = 1.5  # seconds; a safety net, expansions are capped long before
_SNIPPET_CACHE = 4000


def engine_for(index: SearchIndex | SearchEngine) -> SearchEngine:
    """The engine to search: a :class:`SearchIndex` folder is searched with Whoosh."""
    return WhooshEngine(index) if isinstance(index, SearchIndex) else index


def search(
    index: SearchIndex | SearchEngine,
    query: str,
    *,
    limit: int = 20,
    resolve_entity: Resolver | None = None,
    label_ids: Iterable[str] = frozenset(),
    with_facets: bool = True,
    as_you_type: bool = False,
    snippets: bool = True,
    entity_label: Callable[[str], str | None] | None = None,
) -> SearchResults:
    """Search the index; never raises (problems come back in ``SearchResults.error``).

    ``resolve_entity(text)`` maps a name or alias to entity ids (for ``entity:``),
    ``label_ids`` are the known types (for ``type:``), ``entity_label(id)`` names
    entities in the facets.  ``as_you_type`` treats an unfinished last word as a
    prefix; ``snippets=False`` skips reading article bodies.
    """
    engine = engine_for(index)
    text, notes = sanitize(query)
    options = _Options(
        resolve_entity, {str(i).lower(): str(i) for i in label_ids}, with_facets, as_you_type, snippets, entity_label
    )
    try:
        with engine.snapshot() as snap:
            return _search(snap, query, text, notes, max(0, min(limit, MAX_LIMIT)), options)
    except SahelError as exc:
        return SearchResults(query=query, hits=(), total=0, error=str(exc))
    except Exception as exc:
        log.warning("search failed for %r", query, exc_info=True)
        if not engine.verify().ok:
            message = "the search index is damaged; it will be rebuilt (or run `sahel-tui index --rebuild`)"
        else:
            message = f"search failed: {type(exc).__name__}: {' '.join(str(exc).split())[:150]}"
        return SearchResults(query=query, hits=(), total=0, error=message)


@dataclass(frozen=True)
class _Options:
    resolve_entity: Resolver | None
    label_ids: dict[str, str]  # lower-case id -> id
    with_facets: bool
    as_you_type: bool
    snippets: bool
    entity_label: Callable[[str], str | None] | None

    def facets(self, snap: EngineSnapshot, docnums: Collection[int]) -> dict[str, tuple[FacetCount, ...]]:
        return facets(snap, docnums, self.entity_label) if self.with_facets else {}


def _build(snap: EngineSnapshot, text: str, partial: str | None, ctx: Rewriter) -> n.Node | None:
    """The index-field query for ``text`` (plus the half-typed ``partial``).

    The operator before the half-typed word applies to it: ``NOT Mal`` excludes,
    ``Mali OR Nig`` adds.
    """
    main = None
    op = "AND"
    if partial:
        text, op = split_operator(text)
    if text.strip():
        try:
            parsed = parse(text)
        except Exception:
            ctx.note("could not read the query syntax; searched the words")
            parsed = words_query(text)
        main = ctx.rewrite(parsed)
        if main is not None and not ctx.fuzzy:
            ctx.adjacent = adjacent_words(parsed)
    if partial:
        clause = partial_clause(snap, partial)
        whole = analysis.analyze(partial)
        if clause is not None and len(whole) == 1 and whole[0] in ctx.synonyms:
            clause = ctx.with_synonyms(clause, *ctx.synonyms[whole[0]])  # as Enter would count it
        if clause is not None:
            main = _combine(main, clause, op)
    return main


def _combine(main: n.Node | None, clause: n.Node, op: str) -> n.Node:
    if op == "NOT":
        return n.Not(clause) if main is None else n.AndNot(main, clause)
    if main is None:
        return clause
    return n.Or((main, clause)) if op == "OR" else n.And((main, clause))


def _thesaurus(text: str, exact: bool) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Index term of each plain word -> (the word, its usual synonyms); nothing when ``exact``."""
    if exact:
        return {}
    by_word: dict[str, list[str]] = {}
    for word, synonym in thesaurus.expand(loose_words(text)):
        if " " not in word:
            by_word.setdefault(word, []).append(synonym)
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for word, synonyms in by_word.items():
        terms = analysis.analyze(word)
        if len(terms) == 1 and terms[0] not in out:
            out[terms[0]] = (word, tuple(synonyms))
    return out


def _run(snap: EngineSnapshot, q: n.Node, limit: int, quick: bool = False) -> Matches:
    return snap.search(q, limit, quick=quick, seconds=TIME_LIMIT)


def _hit(snap: EngineSnapshot, docnum: int, score: float, matcher: TermMatcher, snippets: bool) -> SearchHit | None:
    row = snap.row(docnum)
    if row is None:
        return None
    snippet: str = ""
    highlights: tuple[Highlight, ...] = ()
    if snippets:
        key = ("snippet", docnum, matcher.key)
        cached = snap.cache.get(key)
        if cached is None:
            cached = make_snippet(snap.stored_text(docnum, "body"), matcher)
            if len(snap.cache) > _SNIPPET_CACHE:
                for k in [k for k in snap.cache if k[0] == "snippet"][: _SNIPPET_CACHE // 2]:
                    snap.cache.pop(k, None)
            snap.cache[key] = cached
        snippet, highlights = cached
    return SearchHit(
        id=row.id,
        title=row.title,
        date=row.date,
        source=row.source,
        score=float(score),
        snippet=snippet,
        snippet_highlights=highlights,
        entities=row.entities,
        story=row.story,
    )


def _search(
    snap: EngineSnapshot, original: str, text: str, notes: list[str], limit: int, opts: _Options
) -> SearchResults:
    if not text.strip():
        return _list_all(snap, original, limit, opts, notes)
    exact = text.lstrip().startswith("=")
    if exact:  # a leading "=": the words as typed, no synonyms
        text = text.lstrip()[1:]
    text, notices = fix_fields(text)
    if unclosed_quote(text):
        notices.append("unclosed quote: the phrase runs to the end of the query")
    text = tidy_operators(text)
    head, partial = split_partial(text) if opts.as_you_type else (text, None)
    ctx = _rewriter(snap, opts, notes, text, exact)
    ctx.complete_entity = _entity_being_typed(text) if opts.as_you_type else None
    q = _build(snap, head, partial, ctx)
    words = plain_words(head) + ([partial + "*"] if partial else [])
    if q is None and partial and not head.strip() and not ctx.notes:
        return _list_all(snap, original, limit, opts, [])  # one letter typed: keep the full list
    if q is None:
        if not ctx.notes:
            ctx.note("nothing to search for: only common words or operators")
        return SearchResults(
            query=original, hits=(), total=0, terms=tuple(words), error="; ".join(ctx.notes), notices=tuple(notices)
        )
    if isinstance(n.simplify(q), n.Every):  # e.g. `*` or `entity:*`: the plain listing
        listing = _list_all(snap, original, limit, opts, ctx.notes)
        return replace(listing, notices=tuple(notices))
    typing = partial is not None  # a half-typed word: quick scoring
    found = _run(snap, q, max(limit, RERANK_DEPTH) if ctx.adjacent else limit, quick=typing)
    top, docset = found.top, found.docnums
    if ctx.adjacent and top:
        top = rerank_adjacent(snap, ctx.adjacent, top)[:limit]
    if found.stopped:
        ctx.note("search stopped early: results are incomplete")
    suggestion = None
    fuzzy = False
    if len(docset) <= 2 and not typing:
        suggestion = suggest(snap, text, len(docset))
    if not docset and (ctx.text_terms or partial):
        # approximate matches, as you type too: the half-typed word counts as a whole one
        fuzzy_ctx = Rewriter(snap, opts.resolve_entity, opts.label_ids, [], fuzzy=True)
        fq = _build(snap, text, None, fuzzy_ctx)
        if fq is not None and fuzzy_ctx.text_terms:
            fuzzy_found = _run(snap, fq, limit)
            if fuzzy_found.docnums:
                q, top, docset, fuzzy = fq, fuzzy_found.top, fuzzy_found.docnums, True
    matcher = query_matcher(snap, q, partial)
    hits = tuple(h for score, d in top if (h := _hit(snap, d, score, matcher, opts.snippets)) is not None)
    expanded: tuple[tuple[str, str], ...] = ()
    if fuzzy:
        words = [s for t in sorted(matcher.terms)[:10] if (s := surface(snap, t))] or words
    else:
        expanded = tuple(ctx.expanded)
        words += [synonym for _word, synonym in expanded]
    return SearchResults(
        query=original, hits=hits, total=len(docset), suggestion=suggestion, fuzzy=fuzzy,
        terms=tuple(dict.fromkeys(words)), facets=opts.facets(snap, docset),
        error="; ".join(ctx.notes) or None, notices=tuple(notices), expanded=expanded,
    )  # fmt: skip


def _rewriter(snap: EngineSnapshot, opts: _Options, notes: list[str], text: str, exact: bool) -> Rewriter:
    ctx = Rewriter(snap, opts.resolve_entity, opts.label_ids, notes, synonyms=_thesaurus(text, exact))
    ctx.entity_label = opts.entity_label
    return ctx


_ENTITY_TAIL_RE = re.compile(r'(?:^|[\s(])entity:("?)([^\s"]+)$')


def _entity_being_typed(text: str) -> str | None:
    """The value of a final ``entity:jn`` still being typed (no space after it)."""
    m = _ENTITY_TAIL_RE.search(text)
    return m.group(2) if m else None


def _list_all(snap: EngineSnapshot, original: str, limit: int, opts: _Options, notes: list[str]) -> SearchResults:
    """Every article, newest first (unknown dates last)."""
    order = snap.live_docnums()
    matcher = TermMatcher(frozenset())
    hits = tuple(h for d in order[:limit] if (h := _hit(snap, d, 0.0, matcher, opts.snippets)) is not None)
    return SearchResults(
        query=original, hits=hits, total=len(order), facets=opts.facets(snap, order), error="; ".join(notes) or None
    )
