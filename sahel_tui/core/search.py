"""The query language and search: fields, aliases, dates, snippets, facets, suggestions.

Queries use Whoosh's syntax (``AND``/``OR``/``NOT``, ``-word``, quoted phrases,
``word*``, ``word~``, parentheses) plus analyst fields:

============================  ===================================================
``entity:jnim``               confirmed or detected entity; a name or alias is
                              resolved (``entity:"Africa Corps"``, ``entity:niamay``)
``type:armed_group``          label id, any case
``source:apa``                words of the source name
``date:2024-03``              a year, month or day; ``date:[2024-01 TO 2024-03]``,
                              ``date:>2024-01``, ``date:<=2024``
``author:analyst1``           author of a mention
``title:`` / ``body:``        one text field only
============================  ===================================================

Plain words search the title (boosted), the body and the names of the entities
found in the article (so ``Niamey`` finds an article that only says
``Niamay``).  Several plain words rank articles where they are adjacent first.
With ``as_you_type`` the last, unfinished word is a prefix, served by an edge
n-gram field (title and names) and the most frequent completions among body
terms, never by an unbounded prefix query.

Nothing a user types raises: bad syntax, unknown fields, lone operators or
wildcards and very long queries give a one-line ``error`` note in
:class:`SearchResults` (with a best-effort result), and expansions are capped
so that no query takes seconds.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from heapq import nlargest
from itertools import chain
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh import collectors, fields, qparser
from whoosh import query as wq
from whoosh.qparser import plugins
from whoosh.searching import TimeLimit

from sahel_tui.core import analysis
from sahel_tui.core.errors import SahelError
from sahel_tui.core.ids import ENTITY_ID_RE
from sahel_tui.core.index import SearchIndex, Snapshot
from sahel_tui.core.models import FacetCount, Highlight, SearchHit, SearchResults

log = logging.getLogger(__name__)

Resolver = Callable[[str], Sequence[str]]

FIELDS = ("author", "body", "date", "entity", "source", "title", "type")
FIELD_ALIASES = {
    "entities": "entity", "label": "type", "labels": "type", "types": "type",
    "authors": "author", "sources": "source", "dates": "date",
}  # fmt: skip
TEXT_FIELDS = ("title", "body", "names")

MAX_QUERY_CHARS = 1000
MAX_WORDS = 64
MAX_CLAUSES = 96  # leaf queries after expansion of words into fields
MAX_EXPANSION = 50  # terms a wildcard may expand to
COMPLETIONS = 6  # body terms a half-typed word of 4+ letters expands to
MAX_LIMIT = 1000
RERANK_DEPTH = 100  # best-scored hits checked for adjacent query words
TIME_LIMIT = 1.5  # seconds; a safety net, expansions are capped long before
SNIPPET_CHARS = 220
SNIPPET_SCAN = 1500
_SNIPPET_CACHE = 4000

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_FIELD_RE = re.compile(r"(?<![\w:])(\w+):")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DATE_MIN, _DATE_MAX = 1000_00_00, 9999_99_99
_PARTIAL_RE = re.compile(r"[^\W_][\w'\u2019\-]*$")


# -- parsing ----------------------------------------------------------------------------------


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


def sanitize(text: str) -> tuple[str, list[str]]:
    """NFC, control characters as spaces, typographic quotes as '"', length caps."""
    notes: list[str] = []
    text = unicodedata.normalize("NFC", text or "").translate(_QUOTES)
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" and ch != " " else ch for ch in text)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(f"query too long: only the first {MAX_QUERY_CHARS} characters are used")
    words = text.split(" ")
    if sum(1 for w in words if w) > MAX_WORDS:
        kept, count = [], 0
        for word in words:
            count += bool(word)
            if count > MAX_WORDS:
                break
            kept.append(word)
        text = " ".join(kept)
        notes.append(f"query too long: only the first {MAX_WORDS} words are used")
    return text, notes


def _outside_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are not inside double quotes."""
    spans, start, inside = [], 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            if not inside:
                spans.append((start, i))
            else:
                start = i + 1
            inside = not inside
    if not inside:
        spans.append((start, len(text)))
    return spans


def _fix_fields(text: str) -> tuple[str, list[str]]:
    """Lower-case known field names, map aliases, turn unknown ``foo:`` into words."""
    notes: list[str] = []
    out = list(text)
    for lo, hi in _outside_quotes(text):
        for m in _FIELD_RE.finditer(text, lo, hi):
            name = m.group(1).lower()
            name = FIELD_ALIASES.get(name, name)
            if name in FIELDS:
                out[m.start(1) : m.end(1)] = [""] * (m.end(1) - m.start(1))
                out[m.start(1)] = name
            else:
                out[m.end(1)] = " "
                if m.group(1)[0].isalpha() and not text.startswith("//", m.end()):
                    notes.append(f"unknown field '{m.group(1)[:30]}:' (fields: {', '.join(FIELDS)}); searched as words")
    return "".join(out), notes


_OPERATORS = ("AND", "OR", "NOT")


def _tidy_operators(text: str) -> str:
    """Drop dangling or repeated operators (``a OR OR b``, ``AND a``, ``a NOT``).

    A query made only of exclusions (``-gold -mine``) becomes ``NOT gold NOT mine``.
    """
    tokens = re.findall(r'"[^"]*"?|\S+', text)
    out: list[str] = []
    for token in tokens:
        if token in ("AND", "OR"):
            if not out or out[-1] in _OPERATORS:
                if out and out[-1] in ("AND", "OR"):
                    out[-1] = token
                continue
        elif token == "NOT" and out and out[-1] == "NOT":
            out.pop()
            continue
        out.append(token)
    while out and out[-1] in _OPERATORS:
        out.pop()
    words = [t for t in out if t not in _OPERATORS]
    if words and all(t.startswith("-") and len(t) > 1 for t in words):
        out = [f"NOT {t[1:]}" if t.startswith("-") else t for t in out]
    tidy = " ".join(out)
    return tidy + " " if text.endswith((" ", "\t")) and tidy else tidy


def _split_partial(text: str) -> tuple[str, str | None]:
    """``("jnim", "blo")`` for ``jnim blo``; no partial when the text ends in a space."""
    if not text or text[-1].isspace() or text.count('"') % 2:
        return text, None
    m = _PARTIAL_RE.search(text)
    if m is None or (m.start() > 0 and not text[m.start() - 1].isspace()):
        return text, None
    word = m.group(0)
    if word in ("AND", "OR", "NOT", "TO"):
        return text, None
    return text[: m.start()], word


_FIELDED_RE = re.compile(r'\w+:\s*(?:"[^"]*"?|[\[{][^\]}]*[\]}]?|\S*)')


def _plain_words(text: str) -> list[str]:
    """Quoted phrases and unfielded words of a query, without operators (for highlighting)."""
    text = _FIELDED_RE.sub(" ", text)
    text = re.sub(r'(?:^|(?<=[\s(]))-(?:"[^"]*"?|\S*)', " ", text)  # -excluded words
    found: list[str] = [m.group(1) for m in re.finditer(r'"([^"]+)"', text)]
    rest = re.sub(r'"[^"]*"?', " ", text)
    for token in rest.split():
        if token in ("AND", "OR", "NOT", "TO") or token.startswith("-") or ":" in token:
            continue
        token = token.strip("()[]{}^~+*?")
        if token and any(ch.isalnum() for ch in token):
            found.append(token)
    return found


# -- rewriting ----------------------------------------------------------------------------------


@dataclass
class _Rewriter:
    """Turns the parser's output into queries on real index fields."""

    snap: Snapshot
    resolve_entity: Resolver | None
    label_ids: dict[str, str]  # lower-case id -> id
    notes: list[str] = field(default_factory=list)
    fuzzy: bool = False
    leaves: int = 0
    text_terms: int = 0
    adjacent: list[str] = field(default_factory=list)  # plain words whose adjacency ranks first

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def leaf_budget(self, count: int = 1) -> bool:
        self.leaves += count
        if self.leaves > MAX_CLAUSES:
            self.note(f"query too long: only the first {MAX_CLAUSES} terms are used")
            return False
        return True

    def rewrite(self, q: Any) -> Any | None:
        if q is None or q is wq.NullQuery or isinstance(q, wq.qcore._NullQuery):
            return None
        if isinstance(q, wq.Not):
            inner = self.rewrite(q.query)
            return wq.Not(inner) if inner is not None else None
        if isinstance(q, wq.AndNot):
            a, b = self.rewrite(q.a), self.rewrite(q.b)
            if a is None:
                return wq.Not(b) if b is not None else None
            return wq.AndNot(a, b) if b is not None else a
        if isinstance(q, wq.BinaryQuery):  # AndMaybe, Require, Otherwise
            a, b = self.rewrite(q.a), self.rewrite(q.b)
            if a is None or b is None:
                return a or b
            return q.__class__(a, b)
        if isinstance(q, wq.compound.CompoundQuery):
            children = [c for c in (self.rewrite(s) for s in q.subqueries) if c is not None]
            if not children:
                return None
            return children[0] if len(children) == 1 else q.__class__(children, boost=q.boost)
        if isinstance(q, wq.Every):
            fieldname = {"entity": "entity", "type": "type", "author": "author", "date": "date_num"}.get(
                q.fieldname or ""
            )
            return wq.Every(fieldname) if fieldname else wq.Every()
        return self.leaf(q)

    def leaf(self, q: Any) -> Any | None:
        name = q.field() if hasattr(q, "field") else None
        if name in ("text", "title", "body"):
            return self.text_leaf(q, TEXT_FIELDS if name == "text" else (name,))
        handler = getattr(self, f"field_{name}", None)
        if handler is None:
            return None
        if not self.leaf_budget():
            return None
        return handler(q)

    # text fields -------------------------------------------------------------------------

    def text_leaf(self, q: Any, names: tuple[str, ...]) -> Any | None:
        if isinstance(q, wq.Phrase):
            words = [w for w in q.words if w]
            if len(words) == 1:
                return self.text_leaf(wq.Term("text", words[0]), names)
            if not words or not self.leaf_budget(len(names)):
                return None
            return _or([wq.Phrase(f, words, slop=q.slop) for f in names])
        if isinstance(q, wq.FuzzyTerm):
            self.text_terms += 1
            return self.fuzzy_terms(q.text, q.maxdist, names)
        if isinstance(q, wq.Prefix):
            return self.expansion(q.text, None, names)
        if isinstance(q, wq.Wildcard):
            return self.expansion(None, q.text, names)
        if isinstance(q, wq.Term):
            if not self.leaf_budget(len(names)):
                return None
            self.text_terms += 1
            if self.fuzzy:
                return self.fuzzy_terms(q.text, 1 if len(q.text) <= 5 else 2, names)
            return _or([wq.Term(f, q.text) for f in names])
        self.note("ranges only work with date:, e.g. date:[2024-01 TO 2024-03]")
        return None

    def fuzzy_terms(self, text: str, maxdist: int, names: tuple[str, ...]) -> Any | None:
        """Index terms within ``maxdist`` edits of ``text`` (same first letter), as an OR."""
        terms = _similar_terms(self.snap, text, max(1, min(2, maxdist)))
        if not terms:
            return _nothing()
        if not self.leaf_budget(min(len(terms), 8)):
            return None
        return _or([wq.Term(f, t) for t in terms for f in names])

    def expansion(self, prefix: str | None, pattern: str | None, names: tuple[str, ...]) -> Any | None:
        """A bounded expansion of ``prefix*`` or a wildcard over the body vocabulary."""
        typed = prefix + "*" if prefix is not None else pattern or ""
        if not any(ch.isalnum() for ch in typed):
            if typed.strip("*"):
                self.note(f"'{typed[:20]}' alone matches any word; ignored")
                return None
            return wq.Every()
        vocab = self.snap.vocabulary()
        key = ("expand", typed)
        terms = self.snap.cache.get(key)
        if terms is None:
            terms = _expand(vocab, analysis.fold(prefix) if prefix is not None else analysis.fold(typed))
            self.snap.cache[key] = terms
        if len(terms) >= MAX_EXPANSION:
            self.note(f"'{typed[:20]}' matches many words: using the {MAX_EXPANSION} most frequent")
        if not terms:
            return _nothing()
        if not self.leaf_budget(min(len(terms), 8)):
            return None
        return _or([wq.Term(f, t) for t in terms for f in names if f != "names"])

    # analyst fields ----------------------------------------------------------------------

    @staticmethod
    def _value(q: Any) -> str | None:
        if isinstance(q, wq.Phrase):
            return " ".join(q.words)
        if isinstance(q, (wq.Term, wq.Prefix, wq.Wildcard)):
            return str(q.text)
        return None

    def field_entity(self, q: Any) -> Any | None:
        if isinstance(q, (wq.Prefix, wq.Wildcard)):
            pattern = q.text.lower() + ("*" if isinstance(q, wq.Prefix) else "")
            ids = [t for t in _lexicon(self.snap, "entity") if _wild_re(pattern).match(t)][:MAX_EXPANSION]
            return _or([wq.Term("entity", i) for i in ids]) if ids else _nothing()
        value = self._value(q)
        if value is None:
            self.note('entity: takes an id or a name, e.g. entity:jnim or entity:"Africa Corps"')
            return None
        ids = self.entity_ids(value)
        if not ids:
            self.note(f"no entity matches '{value[:40]}'")
            return _nothing()
        return _or([wq.Term("entity", i) for i in ids])

    def entity_ids(self, value: str) -> list[str]:
        ids: dict[str, None] = {}
        candidate = value.strip().lower()
        if ENTITY_ID_RE.match(candidate) and self.snap.reader.doc_frequency("entity", candidate):
            ids[candidate] = None
        if self.resolve_entity is not None:
            try:
                for entity_id in self.resolve_entity(value.strip()):
                    if isinstance(entity_id, str) and ENTITY_ID_RE.match(entity_id):
                        ids[entity_id] = None
            except Exception as exc:
                log.warning("entity resolver failed on %r: %s", value, exc)
        if not ids and ENTITY_ID_RE.match(candidate) and self.resolve_entity is None:
            ids[candidate] = None
        return list(ids)

    def field_type(self, q: Any) -> Any | None:
        value = self._value(q)
        if value is None:
            self.note("type: takes a label id, e.g. type:armed_group")
            return None
        key = re.sub(r"[\s\-]+", "_", value.strip()).lower()
        if self.label_ids and key not in self.label_ids:
            known = ", ".join(sorted(self.label_ids.values()))
            self.note(f"unknown type '{value[:40]}' (types: {known})")
            return _nothing()
        return wq.Term("type", key)

    def field_source(self, q: Any) -> Any | None:
        value = self._value(q)
        words = [t.text for t in analysis.plain_analyzer()(value or "", mode="query")]
        if not words:
            return None
        return wq.Term("source", words[0]) if len(words) == 1 else wq.Phrase("source", words)

    def field_author(self, q: Any) -> Any | None:
        value = (self._value(q) or "").strip().lower()
        return wq.Term("author", value) if value else None

    def field_date(self, q: Any) -> Any | None:
        if isinstance(q, wq.TermRange):
            low = _date_bound(q.start, upper=bool(q.startexcl)) if q.start else None
            high = _date_bound(q.end, upper=not q.endexcl) if q.end else None
            if (q.start and low is None) or (q.end and high is None):
                return self.bad_date(q.start if q.start and low is None else q.end)
            # explicit bounds: Whoosh's open-ended numeric ranges match too much
            return wq.NumericRange(
                "date_num",
                _DATE_MIN if low is None else low,
                _DATE_MAX if high is None else high,
                startexcl=bool(q.startexcl and low is not None),
                endexcl=bool(q.endexcl and high is not None),
                constantscore=True,
            )
        value = self._value(q)
        low = _date_bound(value or "", upper=False)
        high = _date_bound(value or "", upper=True)
        if low is None or high is None:
            return self.bad_date(value or "")
        return wq.NumericRange("date_num", low, high, constantscore=True)

    def bad_date(self, value: str) -> Any:
        self.note(f"invalid date '{value[:20]}': use YYYY, YYYY-MM or YYYY-MM-DD")
        return _nothing()


def _nothing() -> Any:
    """A clause that matches no article (``NullQuery`` would be dropped from an AND)."""
    return wq.Term("id", "")


def _or(clauses: list[Any]) -> Any:
    return clauses[0] if len(clauses) == 1 else wq.Or(clauses)


def _similar_terms(snap: Snapshot, text: str, maxdist: int) -> list[str]:
    """The most frequent vocabulary terms within ``maxdist`` edits of ``text``.

    Only terms with the same first letter (a prefix length of one keeps the
    comparison off the whole dictionary); rapidfuzz does the distances in C.
    """
    key = ("similar", text, maxdist)
    found = snap.cache.get(key)
    if found is None:
        pool = _first_letter_pool(snap, text[:1])
        matches = process.extract(
            text, pool, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=MAX_EXPANSION * 4
        )
        vocab = snap.vocabulary()
        ranked = sorted(matches, key=lambda m: (m[1], -vocab.freq(m[0])))
        found = [m[0] for m in ranked[:MAX_EXPANSION]]
        snap.cache[key] = found
    return found


def _first_letter_pool(snap: Snapshot, letter: str) -> list[str]:
    key = ("first", letter)
    pool = snap.cache.get(key)
    if pool is None:
        pool = list(snap.vocabulary().frequencies(letter)) if letter else []
        snap.cache[key] = pool
    return pool


def _date_bound(value: str, *, upper: bool) -> int | None:
    """``2024-03`` -> 20240300 (lower) or 20240399 (upper); None if not a date."""
    m = _DATE_RE.match(value.strip())
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if (month is not None and not 1 <= int(month) <= 12) or (day is not None and not 1 <= int(day) <= 31):
        return None
    if month is None:
        return int(year) * 10000 + (9999 if upper else 0)
    if day is None:
        return int(year) * 10000 + int(month) * 100 + (99 if upper else 0)
    return int(year) * 10000 + int(month) * 100 + int(day)


def _wild_re(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern) + "$")


def _expand(vocab: Any, pattern: str) -> list[str]:
    """Up to MAX_EXPANSION most frequent vocabulary terms matching ``pattern`` (or a prefix)."""
    if "*" not in pattern and "?" not in pattern:
        return vocab.completions(pattern, MAX_EXPANSION)
    literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
    candidates = vocab.frequencies(literal)
    regexes = [_wild_re(pattern)]
    tail = re.split(r"[*?]", pattern)[-1]
    stemmed = analysis.stem_word(tail) if tail else None
    if stemmed and stemmed != tail:  # the vocabulary holds stems: "*ade" must find "blockad"
        regexes.append(_wild_re(pattern[: len(pattern) - len(tail)] + stemmed))
    matched = [w for w in candidates if any(r.match(w) for r in regexes)]
    if len(matched) <= MAX_EXPANSION:
        return matched
    return nlargest(MAX_EXPANSION, matched, key=candidates.__getitem__)


def _lexicon(snap: Snapshot, fieldname: str) -> list[str]:
    key = ("lexicon", fieldname)
    if key not in snap.cache:
        snap.cache[key] = [t.decode("utf-8") if isinstance(t, bytes) else t for t in snap.reader.lexicon(fieldname)]
    return snap.cache[key]


# -- as-you-type ----------------------------------------------------------------------------------


def _partial_clause(snap: Snapshot, word: str) -> Any | None:
    """The half-typed last word, as a bounded OR.

    Title and entity names: one edge n-gram term (longer prefixes: a prefix
    query, which expands to few terms).  Body: the word itself and its most
    frequent completions, fewer for shorter prefixes.
    """
    key = analysis.prefix_key(word)
    if len(key) < analysis.NGRAM_MIN:  # one letter says too little to search for
        return None
    clauses: list[Any] = []
    if len(key) <= analysis.NGRAM_MAX:
        clauses.append(wq.Term("prefix", key))
        body_fields: tuple[str, ...] = ("body",)
    else:
        clauses.extend(wq.Prefix(f, key) for f in ("title", "names"))
        body_fields = TEXT_FIELDS
    whole = analysis.analyze(word)
    if len(whole) == 1:
        clauses.extend(wq.Term(f, whole[0]) for f in body_fields)
    elif whole:
        clauses.extend(wq.Phrase(f, whole) for f in body_fields)
    limit = COMPLETIONS if len(key) >= 4 else len(key) - 1  # short prefixes: fewer, broader terms
    for term in _completions(snap, key)[:limit]:
        if term not in whole:
            clauses.append(wq.Term("body", term))
    return _or(clauses) if clauses else None


def _completions(snap: Snapshot, key: str) -> list[str]:
    """The most frequent body terms starting with ``key``, and stems ``key`` starts with."""
    cache_key = ("complete", key)
    found = snap.cache.get(cache_key)
    if found is None:
        vocab = snap.vocabulary()
        found = vocab.completions(key, COMPLETIONS)
        for cut in range(max(3, len(key) - 3), len(key)):  # "operati" -> stem "oper"
            if vocab.freq(key[:cut]) and key[:cut] not in found:
                found.append(key[:cut])
        snap.cache[cache_key] = found
    return found


# -- suggestions -------------------------------------------------------------------------------


def _correction(snap: Snapshot, stem: str) -> str | None:
    """The most frequent body term within a small edit distance of ``stem``."""
    vocab = snap.vocabulary()
    if len(stem) < 3:
        return None
    pool = _first_letter_pool(snap, stem[0])
    cutoff = 1 if len(stem) <= 4 else 2
    matches = process.extract(stem, pool, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=20)
    matches = [m for m in matches if m[0] != stem and vocab.freq(m[0]) > vocab.freq(stem)]
    if not matches:
        return None
    best = min(matches, key=lambda m: (m[1], -vocab.freq(m[0])))
    return best[0]


def _surface(snap: Snapshot, stem: str) -> str | None:
    """A word as written in some article whose index term is ``stem``."""
    key = ("surface", stem)
    if key in snap.cache:
        return snap.cache[key]
    word = None
    for fieldname in ("title", "body"):
        try:
            docnums = list(snap.searcher.docs_for_query(wq.Term(fieldname, stem)))[:3]
        except Exception:
            docnums = []
        for docnum in docnums:
            text = snap.searcher.stored_fields(docnum).get(fieldname) or ""
            for m in analysis.TOKEN_RE.finditer(text):
                if stem in analysis.word_terms(m.group(0)):
                    word = m.group(0).lower()
                    break
            if word:
                break
        if word:
            break
    snap.cache[key] = word
    return word


def _suggest(snap: Snapshot, text: str, total: int) -> str | None:
    """A corrected query string, when some words are unknown or rare."""
    vocab = snap.vocabulary()
    replaced = text
    changed = False
    for lo, hi in reversed(_outside_quotes(text)):
        segment = text[lo:hi]
        for m in reversed(list(analysis.TOKEN_RE.finditer(segment))):
            word = m.group(0)
            before = segment[: m.start()]
            if re.search(r"\w:$", before) or word in ("AND", "OR", "NOT", "TO"):
                continue
            stems = analysis.analyze(word)
            if len(stems) != 1 or any(ch.isdigit() for ch in word):
                continue
            freq = vocab.freq(stems[0])
            if freq and total > 2:
                continue
            fixed = _correction(snap, stems[0])
            if fixed is None or (freq and vocab.freq(fixed) < 5 * freq):
                continue
            surface = _surface(snap, fixed)
            if not surface:
                continue
            start, end = lo + m.start(), lo + m.end()
            replaced = replaced[:start] + surface + replaced[end:]
            changed = True
    return replaced.strip() if changed else None


# -- snippets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermMatcher:
    """Which words of a text match a query: index terms (stems) and prefixes."""

    terms: frozenset[str]
    prefixes: tuple[str, ...] = ()
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> tuple[frozenset[str], tuple[str, ...]]:
        return (self.terms, self.prefixes)

    def matches(self, word: str) -> bool:
        seen = self._seen.get(word)
        if seen is None:
            seen = self._matches(word)
            if len(self._seen) < 50_000:
                self._seen[word] = seen
        return seen

    def _matches(self, word: str) -> bool:
        if self.terms and not self.terms.isdisjoint(analysis.word_terms(word)):
            return True
        if self.prefixes:
            folded = word.lower() if word.isascii() else analysis.fold(word)
            if folded.startswith(self.prefixes):
                return True
            if not folded.isalnum():  # a compound: its parts and joined form
                return any(s.startswith(self.prefixes) for s in analysis.word_surfaces(word))
        return False

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self.terms and not self.prefixes:
            return []
        matches = self.matches
        return [m.span() for m in analysis.TOKEN_RE.finditer(text) if matches(m.group(0))]

    @classmethod
    def from_terms(cls, terms: Iterable[str]) -> TermMatcher:
        """From query words and phrases; a word ending in ``*`` is a prefix."""
        stems: set[str] = set()
        prefixes: list[str] = []
        for term in terms:
            if term.endswith("*") and term.strip("*"):
                prefixes.append(analysis.prefix_key(term.rstrip("*")))
            else:
                stems.update(analysis.analyze(term))
        return cls(frozenset(stems), tuple(p for p in prefixes if p))


def find_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of the words of ``text`` that match ``SearchResults.terms``.

    Matching is the search's own (stems, folded accents, ``C-130``/``C130``), so the
    reader highlights what the search found.
    """
    return TermMatcher.from_terms(terms).spans(text)


def make_snippet(text: str, matcher: TermMatcher, width: int = SNIPPET_CHARS) -> tuple[str, tuple[Highlight, ...]]:
    """A plain-text window of ``text`` around the densest matches, with highlight spans.

    Looks for matches in the first :data:`SNIPPET_SCAN` characters (the lead,
    where query words usually are), and in the rest only if there are none.
    """
    cut = text.rfind(" ", 0, SNIPPET_SCAN) + 1 if len(text) > SNIPPET_SCAN else len(text)
    spans = matcher.spans(text[:cut])
    if not spans and cut < len(text):
        spans = [(s + cut, e + cut) for s, e in matcher.spans(text[cut:])]
    start = _best_window(spans, width) if spans else 0
    if start > 0:
        cut = text.rfind(" ", max(0, start - 30), start)
        start = cut + 1 if cut >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start + width // 2, end)
        end = cut if cut > start else end
    return _render(text, start, end, [s for s in spans if s[0] >= start and s[1] <= end])


def _best_window(spans: list[tuple[int, int]], width: int) -> int:
    best_start, best_count, j = spans[0][0], 0, 0
    for i, (s, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= s + width - 20:
            j += 1
        if j - i > best_count:
            best_count, best_start = j - i, s
    return max(0, best_start - 40)


def _render(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[str, tuple[Highlight, ...]]:
    """Collapse whitespace and control characters; map spans into the rendered text."""
    out: list[str] = ["\u2026"] if start > 0 else []
    mapping: dict[int, int] = {}
    pending_space = False
    for i in range(start, end):
        ch = text[i]
        if ch.isspace() or unicodedata.category(ch)[0] == "C":
            pending_space = bool(out) and out[-1] != "\u2026"
            mapping[i] = len(out)
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        mapping[i] = len(out)
        out.append(ch)
    mapping[end] = len(out)
    if end < len(text):
        out.append("\u2026")
    highlights = tuple(Highlight(mapping[s], mapping[e - 1] + 1) for s, e in spans if s in mapping and e - 1 in mapping)
    return "".join(out), highlights


# -- facets --------------------------------------------------------------------------------------


def facets(
    snap: Snapshot, docnums: Collection[int], entity_label: Callable[[str], str | None] | None = None
) -> dict[str, tuple[FacetCount, ...]]:
    """Counts by entity, type, source and month (``unknown`` when undated).

    Counts the smaller side: the result set, or the articles outside it
    (subtracted from the totals), so a broad query costs no more than half the
    corpus.  ``entity_label`` gives the display name of an entity id.
    """
    keys, totals = snap.facet_keys()
    if len(docnums) * 2 <= len(keys):
        counts = Counter(chain.from_iterable(k for n in docnums if n < len(keys) and (k := keys[n]) is not None))
    else:
        inside = docnums if isinstance(docnums, (set, frozenset)) else set(docnums)
        outside = (k for n, k in enumerate(keys) if k is not None and n not in inside)
        counts = totals - Counter(chain.from_iterable(outside))
    split: dict[str, dict[str, int]] = {"entity": {}, "type": {}, "source": {}, "date": {}}
    for key, count in counts.items():
        name, _, value = key.partition(":")
        split[name][value] = count

    def ranked(counter: dict[str, int]) -> tuple[FacetCount, ...]:
        return tuple(FacetCount(v, c) for v, c in sorted(counter.items(), key=lambda x: (-x[1], x[0])))

    entities = ranked(split["entity"])
    if entity_label is not None:
        entities = tuple(FacetCount(f.value, f.count, _label(entity_label, f.value)) for f in entities)
    month = split["date"]
    dated = sorted((m for m in month if m != "unknown"), reverse=True)
    months = tuple(FacetCount(m, month[m]) for m in dated)
    if "unknown" in month:
        months += (FacetCount("unknown", month["unknown"]),)
    return {"entity": entities, "type": ranked(split["type"]), "source": ranked(split["source"]), "date": months}


def _label(entity_label: Callable[[str], str | None], entity_id: str) -> str | None:
    try:
        return entity_label(entity_id)
    except Exception:
        return None


# -- running a search -------------------------------------------------------------------------


class _AllDocsCollector(collectors.TopCollector):
    """The top N by score, and every matching document number (for facets).

    Stops with :class:`TimeLimit` after ``seconds`` (checked every 512 documents,
    without the timer thread of Whoosh's ``TimeLimitCollector``).
    """

    def __init__(self, limit: int, seconds: float = TIME_LIMIT):
        super().__init__(limit=limit, usequality=False)
        self.deadline = time.monotonic() + seconds

    def _collect(self, global_docnum: int, score: float) -> Any:
        docset = self.docset
        docset.add(global_docnum)
        if not len(docset) & 511 and time.monotonic() > self.deadline:
            raise TimeLimit
        return super()._collect(global_docnum, score)


def _adjacent_words(parsed: Any) -> list[str]:
    """The plain words of a query of several plain words (their index terms, in order)."""
    if isinstance(parsed, wq.And):
        words = [c.text for c in parsed.subqueries if type(c) is wq.Term and c.fieldname == "text"]
        if len(words) >= 2:
            return words
    return []


def _rerank_adjacent(snap: Snapshot, words: list[str], top: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """``top`` with the articles where ``words`` stand next to each other, in order, first.

    Checks positions of the best-scored documents only, one posting lookup per
    word: far cheaper than a phrase clause evaluated over the whole result set.
    """
    adjacent = _adjacent_docs(snap, words, sorted(n for _, n in top))
    if not adjacent:
        return top
    bonus = max(score for score, _ in top)
    boosted = [(score + bonus if n in adjacent else score, n) for score, n in top]
    return sorted(boosted, key=lambda x: (-x[0], x[1]))


def _adjacent_docs(snap: Snapshot, words: list[str], docnums: list[int]) -> set[int]:
    found: set[int] = set()
    reader = snap.reader
    for fieldname in ("title", "body"):
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


def _build(snap: Snapshot, text: str, partial: str | None, ctx: _Rewriter) -> Any | None:
    """The Whoosh query for ``text`` (plus the half-typed ``partial``)."""
    main = None
    if text.strip():
        try:
            parsed = _parser().parse(text)
        except Exception:
            ctx.note("could not read the query syntax; searched the words")
            parsed = _words_query(text)
        main = ctx.rewrite(parsed)
        if main is not None and not ctx.fuzzy:
            ctx.adjacent = _adjacent_words(parsed)
    if partial:
        clause = _partial_clause(snap, partial)
        if clause is not None:
            main = clause if main is None else wq.And([main, clause])
    return main.normalize() if main is not None else None


def _words_query(text: str) -> Any:
    """All the words of ``text`` (operators and syntax ignored), as the parser would AND them."""
    clauses = []
    for m in analysis.TOKEN_RE.finditer(text):
        if m.group(0) in ("AND", "OR", "NOT", "TO"):
            continue
        terms = analysis.analyze(m.group(0))
        if len(terms) == 1:
            clauses.append(wq.Term("text", terms[0]))
        elif terms:
            clauses.append(wq.Phrase("text", terms))
    return wq.And(clauses) if clauses else wq.NullQuery


def _run(snap: Snapshot, q: Any, limit: int, quick: bool = False) -> tuple[list[tuple[float, int]], set[int], bool]:
    collector = _AllDocsCollector(max(1, limit))
    stopped = False
    searcher = snap.quick_searcher if quick else snap.searcher
    try:
        searcher.search_with_collector(q, collector)
    except TimeLimit:
        stopped = True
    results = collector.results()
    top = [(score, docnum) for score, docnum in results.top_n][:limit] if limit > 0 else []
    return top, set(collector.docset), stopped


def _positive_leaves(q: Any) -> Iterable[Any]:
    if q is None or isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_leaves(q.a)
    elif isinstance(q, wq.BinaryQuery):
        yield from _positive_leaves(q.a)
        yield from _positive_leaves(q.b)
    elif isinstance(q, wq.compound.CompoundQuery):
        for sub in q.subqueries:
            yield from _positive_leaves(sub)
    elif q.is_leaf():
        yield q


def _matcher(snap: Snapshot, q: Any, partial: str | None) -> TermMatcher:
    terms: set[str] = set()
    for leaf in _positive_leaves(q):
        try:
            expanded = leaf.expanded_terms(snap.reader, phrases=True)
        except Exception:
            continue
        for fieldname, text in expanded:
            if fieldname in TEXT_FIELDS:
                terms.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    prefixes = (analysis.prefix_key(partial),) if partial and analysis.prefix_key(partial) else ()
    return TermMatcher(frozenset(terms), prefixes)


def _hit(snap: Snapshot, docnum: int, score: float, matcher: TermMatcher, snippets: bool) -> SearchHit | None:
    row = snap.table()[docnum] if docnum < len(snap.table()) else None
    if row is None:
        return None
    snippet: str = ""
    highlights: tuple[Highlight, ...] = ()
    if snippets:
        key = ("snippet", docnum, matcher.key)
        cached = snap.cache.get(key)
        if cached is None:
            body = snap.searcher.stored_fields(docnum).get("body") or ""
            cached = make_snippet(body, matcher)
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


def search(
    index: SearchIndex,
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
    text, notes = sanitize(query)
    options = _Options(
        resolve_entity, {str(i).lower(): str(i) for i in label_ids}, with_facets, as_you_type, snippets, entity_label
    )
    try:
        with index.snapshot() as snap:
            return _search(snap, query, text, notes, max(0, min(limit, MAX_LIMIT)), options)
    except SahelError as exc:
        return SearchResults(query=query, hits=(), total=0, error=str(exc))
    except Exception as exc:
        log.warning("search failed for %r", query, exc_info=True)
        if not index.verify().ok:
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

    def facets(self, snap: Snapshot, docnums: Collection[int]) -> dict[str, tuple[FacetCount, ...]]:
        return facets(snap, docnums, self.entity_label) if self.with_facets else {}


def _search(snap: Snapshot, original: str, text: str, notes: list[str], limit: int, opts: _Options) -> SearchResults:
    if not text.strip():
        return _list_all(snap, original, limit, opts, notes)
    text, field_notes = _fix_fields(text)
    notes.extend(field_notes)
    text = _tidy_operators(text)
    head, partial = _split_partial(text) if opts.as_you_type else (text, None)
    ctx = _Rewriter(snap, opts.resolve_entity, opts.label_ids, notes)
    q = _build(snap, head, partial, ctx)
    words = _plain_words(head) + ([partial + "*"] if partial else [])
    if q is None and partial and not head.strip() and not ctx.notes:
        return _list_all(snap, original, limit, opts, [])  # one letter typed: keep the full list
    if q is None:
        if not ctx.notes:
            ctx.note("nothing to search for: only common words or operators")
        return SearchResults(query=original, hits=(), total=0, terms=tuple(words), error="; ".join(ctx.notes))
    if isinstance(q, wq.Every):
        return _list_all(snap, original, limit, opts, ctx.notes)
    typing = partial is not None  # a half-typed word: quick scoring, no spelling help yet
    top, docset, stopped = _run(snap, q, max(limit, RERANK_DEPTH) if ctx.adjacent else limit, quick=typing)
    if ctx.adjacent and top:
        top = _rerank_adjacent(snap, ctx.adjacent, top)[:limit]
    if stopped:
        ctx.note("search stopped early: results are incomplete")
    suggestion = None
    fuzzy = False
    if len(docset) <= 2 and not typing:
        suggestion = _suggest(snap, text, len(docset))
    if not docset and ctx.text_terms and not typing:
        fuzzy_ctx = _Rewriter(snap, opts.resolve_entity, opts.label_ids, [], fuzzy=True)
        fq = _build(snap, head, partial, fuzzy_ctx)
        if fq is not None:
            ftop, fdocs, _ = _run(snap, fq, limit)
            if fdocs:
                q, top, docset, fuzzy = fq, ftop, fdocs, True
    matcher = _matcher(snap, q, partial)
    hits = tuple(h for score, n in top if (h := _hit(snap, n, score, matcher, opts.snippets)) is not None)
    if fuzzy:
        words = [s for t in sorted(matcher.terms)[:10] if (s := _surface(snap, t))] or words
    return SearchResults(
        query=original, hits=hits, total=len(docset), suggestion=suggestion, fuzzy=fuzzy,
        terms=tuple(dict.fromkeys(words)), facets=opts.facets(snap, docset),
        error="; ".join(ctx.notes) or None,
    )  # fmt: skip


def _list_all(snap: Snapshot, original: str, limit: int, opts: _Options, notes: list[str]) -> SearchResults:
    """Every article, newest first (unknown dates last)."""
    order = snap.live_docnums()
    matcher = TermMatcher(frozenset())
    hits = tuple(h for n in order[:limit] if (h := _hit(snap, n, 0.0, matcher, opts.snippets)) is not None)
    return SearchResults(
        query=original, hits=hits, total=len(order), facets=opts.facets(snap, order), error="; ".join(notes) or None
    )
