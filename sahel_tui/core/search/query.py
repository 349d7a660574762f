"""Reading what an analyst typed: cleanup, field names, operators, the half-typed word, parsing.

Everything here works on the query text or on engine-neutral nodes
(:mod:`sahel_tui.core.engine.nodes`); the syntax itself is read by
:func:`sahel_tui.core.engine.whoosh_engine.parse_query`.
"""

from __future__ import annotations

import re
import unicodedata

from sahel_tui.core import analysis
from sahel_tui.core.engine import nodes as n
from sahel_tui.core.engine.whoosh_engine import parse_query

FIELDS = ("author", "body", "date", "entity", "source", "title", "type")
FIELD_ALIASES = {
    "entities": "entity", "label": "type", "labels": "type", "types": "type",
    "authors": "author", "sources": "source", "dates": "date",
}  # fmt: skip

MAX_QUERY_CHARS = 1000
MAX_WORDS = 64

QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
FIELD_RE = re.compile(r"(?<![\w:])(\w+):")
_PARTIAL_RE = re.compile(r"[^\W_][\w'\u2019\-]*$")


def sanitize(text: str) -> tuple[str, list[str]]:
    """NFC, control characters as spaces, typographic quotes as '"', length caps."""
    notes: list[str] = []
    text = unicodedata.normalize("NFC", text or "").translate(QUOTES)
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


def outside_quotes(text: str) -> list[tuple[int, int]]:
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


def fix_fields(text: str) -> tuple[str, list[str]]:
    """Lower-case known field names, map aliases, turn unknown ``foo:`` into words."""
    notes: list[str] = []
    out = list(text)
    for lo, hi in outside_quotes(text):
        for m in FIELD_RE.finditer(text, lo, hi):
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


OPERATORS = ("AND", "OR", "NOT")


def tidy_operators(text: str) -> str:
    """Drop dangling or repeated operators (``a OR OR b``, ``AND a``, ``a NOT``).

    A query made only of exclusions (``-gold -mine``) becomes ``NOT gold NOT mine``.
    """
    tokens = re.findall(r'"[^"]*"?|\S+', text)
    out: list[str] = []
    for token in tokens:
        if token in ("AND", "OR"):
            if not out or out[-1] in OPERATORS:
                if out and out[-1] in ("AND", "OR"):
                    out[-1] = token
                continue
        elif token == "NOT" and out and out[-1] == "NOT":
            out.pop()
            continue
        out.append(token)
    while out and out[-1] in OPERATORS:
        out.pop()
    words = [t for t in out if t not in OPERATORS]
    if words and all(t.startswith("-") and len(t) > 1 for t in words):
        out = [f"NOT {t[1:]}" if t.startswith("-") else t for t in out]
    tidy = " ".join(out)
    return tidy + " " if text.endswith((" ", "\t")) and tidy else tidy


def split_partial(text: str) -> tuple[str, str | None]:
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


def split_operator(head: str) -> tuple[str, str]:
    """``("Mali", "OR")`` for the head ``Mali OR `` of ``Mali OR Nig``: the operator before the half-typed word.

    ``AND`` when there is none, so the half-typed word is combined as a finished one would be.
    """
    m = re.search(r"(?:^|\s)(AND|OR|NOT)\s+$", head)
    if m is None:
        return head, "AND"
    rest = head[: m.start()]
    if m.group(1) == "NOT":  # "a OR NOT b" keeps its OR: only NOT is carried
        return rest + " ", "NOT"
    return rest + " ", m.group(1)


def unclosed_quote(text: str) -> bool:
    """Whether a double quote was opened and not closed."""
    return text.count('"') % 2 == 1


def loose_words(text: str) -> list[str]:
    """The plain words of a query outside quotes and fields (the words a thesaurus may expand)."""
    text = re.sub(r'"[^"]*"?', " ", _FIELDED_RE.sub(" ", text))
    return [w for w in plain_words(text) if " " not in w]


_FIELDED_RE = re.compile(r'\w+:\s*(?:"[^"]*"?|[\[{][^\]}]*[\]}]?|\S*)')


def plain_words(text: str) -> list[str]:
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


def parse(text: str) -> n.Node | None:
    """The query tree of ``text`` (field names as typed); raises on unreadable syntax."""
    return parse_query(text)


def words_query(text: str) -> n.Node | None:
    """All the words of ``text`` (operators and syntax ignored), as the parser would AND them."""
    clauses: list[n.Node] = []
    for m in analysis.TOKEN_RE.finditer(text):
        if m.group(0) in ("AND", "OR", "NOT", "TO"):
            continue
        terms = analysis.analyze(m.group(0))
        if len(terms) == 1:
            clauses.append(n.Term("text", terms[0]))
        elif terms:
            clauses.append(n.Phrase("text", tuple(terms)))
    return n.And(tuple(clauses)) if clauses else None
