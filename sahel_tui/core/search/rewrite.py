"""The field rewriter: turns the parsed query (analyst fields) into a query on index fields.

Plain words become clauses on ``title``, ``body`` and ``names``; ``entity:``
names and aliases are resolved to ids, ``type:`` checked against the known
labels, ``date:`` turned into numeric ranges, wildcards and fuzzy words
expanded over the vocabulary (bounded).  Problems become one-line notes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sahel_tui.core import analysis
from sahel_tui.core.catalog import fold_name
from sahel_tui.core.engine import nodes as n
from sahel_tui.core.engine.base import EngineSnapshot
from sahel_tui.core.ids import ENTITY_ID_RE
from sahel_tui.core.search.expand import MAX_EXPANSION, expand, similar_terms, wild_re
from sahel_tui.core.search.types import Resolver

log = logging.getLogger("sahel_tui.core.search")

TEXT_FIELDS = ("title", "body", "names")
MAX_CLAUSES = 96  # leaf queries after expansion of words into fields
SYNONYM_WEIGHT = 0.4  # a thesaurus synonym counts less than the word typed
MAX_SYNONYMS = 8  # synonyms added for one word

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DATE_MIN, _DATE_MAX = 1000_00_00, 9999_99_99


@dataclass
class Rewriter:
    """Turns the parser's output into queries on real index fields."""

    snap: EngineSnapshot
    resolve_entity: Resolver | None
    label_ids: dict[str, str]  # lower-case id -> id
    notes: list[str] = field(default_factory=list)
    fuzzy: bool = False
    leaves: int = 0
    text_terms: int = 0
    adjacent: list[str] = field(default_factory=list)  # plain words whose adjacency ranks first
    #: index term of a plain word -> (word as typed, synonyms), added at a lower weight
    synonyms: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    expanded: list[tuple[str, str]] = field(default_factory=list)  # (word, synonym) pairs actually added
    complete_entity: str | None = None  # the half-typed value of a final ``entity:`` (as you type)
    entity_label: Callable[[str], str | None] | None = None  # id -> canonical name, for that completion

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def leaf_budget(self, count: int = 1) -> bool:
        self.leaves += count
        if self.leaves > MAX_CLAUSES:
            self.note(f"query too long: only the first {MAX_CLAUSES} terms are used")
            return False
        return True

    def rewrite(self, q: n.Node | None) -> n.Node | None:
        if q is None:
            return None
        if isinstance(q, n.Not):
            inner = self.rewrite(q.child)
            return n.Not(inner) if inner is not None else None
        if isinstance(q, n.AndNot):
            a, b = self.rewrite(q.a), self.rewrite(q.b)
            if a is None:
                return n.Not(b) if b is not None else None
            return n.AndNot(a, b) if b is not None else a
        if isinstance(q, (n.AndMaybe, n.Require)):
            a, b = self.rewrite(q.a), self.rewrite(q.b)
            if a is None or b is None:
                return a or b
            return q.__class__(a, b)
        if isinstance(q, (n.And, n.Or)):
            children = tuple(c for c in (self.rewrite(s) for s in q.children) if c is not None)
            if not children:
                return None
            return children[0] if len(children) == 1 else q.__class__(children, boost=q.boost)
        if isinstance(q, n.Every):
            fieldname = {"entity": "entity", "type": "type", "author": "author", "date": "date_num"}.get(q.field or "")
            return n.Every(fieldname) if fieldname else n.Every()
        return self.leaf(q)

    def leaf(self, q: n.Leaf) -> n.Node | None:
        name = q.field
        if name in ("text", "title", "body"):
            return self.text_leaf(q, TEXT_FIELDS if name == "text" else (name,))
        handler = getattr(self, f"field_{name}", None)
        if handler is None:
            return None
        if not self.leaf_budget():
            return None
        node: n.Node | None = handler(q)
        return node

    # text fields -------------------------------------------------------------------------

    def text_leaf(self, q: n.Leaf, names: tuple[str, ...]) -> n.Node | None:
        if isinstance(q, n.Phrase):
            words = tuple(w for w in q.words if w)
            if len(words) == 1:
                return self.text_leaf(n.Term("text", words[0]), names)
            if not words or not self.leaf_budget(len(names)):
                return None
            return or_([n.Phrase(f, words, slop=q.slop) for f in names])
        if isinstance(q, n.Fuzzy):
            self.text_terms += 1
            return self.fuzzy_terms(q.text, q.maxdist, names)
        if isinstance(q, n.Prefix):
            return self.expansion(q.text, None, names)
        if isinstance(q, n.Wildcard):
            return self.expansion(None, q.text, names)
        if isinstance(q, n.Term):
            if not self.leaf_budget(len(names)):
                return None
            self.text_terms += 1
            if self.fuzzy:
                return self.fuzzy_terms(q.text, 1 if len(q.text) <= 5 else 2, names)
            exact = or_([n.Term(f, q.text) for f in names])
            if names == TEXT_FIELDS and q.text in self.synonyms:
                return self.with_synonyms(exact, *self.synonyms[q.text])
            return exact
        self.note("ranges only work with date:, e.g. date:[2024-01 TO 2024-03]")
        return None

    def with_synonyms(self, exact: n.Node, word: str, synonyms: tuple[str, ...]) -> n.Node:
        """``exact`` OR the synonyms the index knows, at :data:`SYNONYM_WEIGHT`."""
        clauses: list[n.Node] = []
        for synonym in synonyms:
            terms = tuple(analysis.analyze(synonym))
            # one term lookup each, not the whole vocabulary (3 s to read at 10,000 articles)
            if not terms or not all(self.snap.doc_frequency("body", t) for t in terms):
                continue  # no article has it: nothing to add, nothing to announce
            if len(clauses) >= MAX_SYNONYMS or not self.leaf_budget(len(TEXT_FIELDS)):
                break
            if len(terms) == 1:
                clauses.append(or_([n.Term(f, terms[0]) for f in TEXT_FIELDS]))
            else:
                clauses.append(or_([n.Phrase(f, terms) for f in TEXT_FIELDS]))
            self.expanded.append((word, synonym))
        if not clauses:
            return exact
        return n.Or((exact, n.Or(tuple(clauses), boost=SYNONYM_WEIGHT)))

    def fuzzy_terms(self, text: str, maxdist: int, names: tuple[str, ...]) -> n.Node | None:
        """Index terms within ``maxdist`` edits of ``text`` (same first letter), as an OR."""
        terms = similar_terms(self.snap, text, max(1, min(2, maxdist)))
        if not terms:
            return nothing()
        if not self.leaf_budget(min(len(terms), 8)):
            return None
        return or_([n.Term(f, t) for t in terms for f in names])

    def expansion(self, prefix: str | None, pattern: str | None, names: tuple[str, ...]) -> n.Node | None:
        """A bounded expansion of ``prefix*`` or a wildcard over the body vocabulary."""
        typed = prefix + "*" if prefix is not None else pattern or ""
        if not any(ch.isalnum() for ch in typed):
            if typed.strip("*"):
                self.note(f"'{typed[:20]}' alone matches any word; ignored")
                return None
            return n.Every()
        vocab = self.snap.vocabulary()
        key = ("expand", typed)
        terms = self.snap.cache.get(key)
        if terms is None:
            terms = expand(vocab, analysis.fold(prefix) if prefix is not None else analysis.fold(typed))
            self.snap.cache[key] = terms
        if len(terms) >= MAX_EXPANSION:
            self.note(f"'{typed[:20]}' matches many words: using the {MAX_EXPANSION} most frequent")
        if not terms:
            return nothing()
        if not self.leaf_budget(min(len(terms), 8)):
            return None
        return or_([n.Term(f, t) for t in terms for f in names if f != "names"])

    # analyst fields ----------------------------------------------------------------------

    @staticmethod
    def _value(q: n.Leaf) -> str | None:
        if isinstance(q, n.Phrase):
            return " ".join(q.words)
        if isinstance(q, (n.Term, n.Prefix, n.Wildcard)):
            return str(q.text)
        return None

    def field_entity(self, q: n.Leaf) -> n.Node | None:
        if isinstance(q, (n.Prefix, n.Wildcard)):
            pattern = q.text.lower() + ("*" if isinstance(q, n.Prefix) else "")
            ids = [t for t in lexicon(self.snap, "entity") if wild_re(pattern).match(t)][:MAX_EXPANSION]
            return or_([n.Term("entity", i) for i in ids]) if ids else nothing()
        value = self._value(q)
        if value is None:
            self.note('entity: takes an id or a name, e.g. entity:jnim or entity:"Africa Corps"')
            return None
        ids = self.entity_ids(value)
        if not ids and self.complete_entity is not None and value.strip().lower() == self.complete_entity.lower():
            ids = self.entity_completions(value)
        if not ids:
            self.note(f"no entity matches '{value[:40]}'")
            return nothing()
        return or_([n.Term("entity", i) for i in ids])

    def entity_completions(self, value: str) -> list[str]:
        """Entities of the index whose id or name starts with ``value`` (``entity:jn`` as you type)."""
        key = fold_name(value)
        if not key:
            return []
        found = []
        for entity_id in lexicon(self.snap, "entity"):
            name = self.entity_label(entity_id) if self.entity_label is not None else None
            if entity_id.startswith(key) or (name and fold_name(name).startswith(key)):
                found.append(entity_id)
        return found[:MAX_EXPANSION]

    def entity_ids(self, value: str) -> list[str]:
        ids: dict[str, None] = {}
        candidate = value.strip().lower()
        if ENTITY_ID_RE.match(candidate) and self.snap.doc_frequency("entity", candidate):
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

    def field_type(self, q: n.Leaf) -> n.Node | None:
        value = self._value(q)
        if value is None:
            self.note("type: takes a label id, e.g. type:armed_group")
            return None
        key = re.sub(r"[\s\-]+", "_", value.strip()).lower()
        if self.label_ids and key not in self.label_ids:
            known = ", ".join(sorted(self.label_ids.values()))
            self.note(f"unknown type '{value[:40]}' (types: {known})")
            return nothing()
        return n.Term("type", key)

    def field_source(self, q: n.Leaf) -> n.Node | None:
        value = self._value(q)
        words = [t.text for t in analysis.plain_analyzer()(value or "", mode="query")]
        if not words:
            return None
        return n.Term("source", words[0]) if len(words) == 1 else n.Phrase("source", tuple(words))

    def field_author(self, q: n.Leaf) -> n.Node | None:
        value = (self._value(q) or "").strip().lower()
        return n.Term("author", value) if value else None

    def field_date(self, q: n.Leaf) -> n.Node | None:
        if isinstance(q, n.Range):
            low = date_bound(q.start, upper=bool(q.startexcl)) if q.start else None
            high = date_bound(q.end, upper=not q.endexcl) if q.end else None
            if (q.start and low is None) or (q.end and high is None):
                return self.bad_date((q.start if q.start and low is None else q.end) or "")
            # explicit bounds: open-ended numeric ranges match too much in Whoosh
            return n.NumericRange(
                "date_num",
                _DATE_MIN if low is None else low,
                _DATE_MAX if high is None else high,
                startexcl=bool(q.startexcl and low is not None),
                endexcl=bool(q.endexcl and high is not None),
            )
        value = self._value(q)
        low = date_bound(value or "", upper=False)
        high = date_bound(value or "", upper=True)
        if low is None or high is None:
            return self.bad_date(value or "")
        return n.NumericRange("date_num", low, high)

    def bad_date(self, value: str) -> n.Node:
        self.note(f"invalid date '{value[:20]}': use YYYY, YYYY-MM or YYYY-MM-DD")
        return nothing()


def nothing() -> n.Node:
    """A clause that matches no article (an empty clause would be dropped from an AND)."""
    return n.Term("id", "")


def or_(clauses: list[n.Node]) -> n.Node:
    return clauses[0] if len(clauses) == 1 else n.Or(tuple(clauses))


def date_bound(value: str, *, upper: bool) -> int | None:
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


def lexicon(snap: EngineSnapshot, fieldname: str) -> list[str]:
    """Every term of ``fieldname`` (cached in the snapshot)."""
    key = ("lexicon", fieldname)
    if key not in snap.cache:
        snap.cache[key] = snap.terms(fieldname)
    terms: list[str] = snap.cache[key]
    return terms
