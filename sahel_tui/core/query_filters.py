"""Field filters in a query (``entity:jnim source:"APA" -type:location``) and the free text around them.

The query text is the only place filters live: choosing a facet appends a
``field:value`` token to it, removing a filter cuts the token out, and filters
typed by hand count like chosen ones.  This module reads a query the way the
search does (:mod:`sahel_tui.core.search`): the same field names and aliases
(``labels:`` and ``label:`` are ``type:``), the same field boundaries, nothing
inside double quotes, ``-field:x`` and ``NOT field:x`` as exclusions.

Every edit returns a clean query: no dangling ``AND``/``OR``/``NOT``, no empty
``( )``, single spaces between the words that are left, the rest as written.

Pure functions, no terminal: the TUI only draws what :func:`parse_filters` finds.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

# Imported from the search grammar rather than copied so that the filter grammar
# cannot drift from the search grammar: the field-name pattern (and its
# boundary rule), the boolean operators, and the typographic quotes read as '"'.
from sahel_tui.core.search.query import FIELD_ALIASES, FIELD_RE, FIELDS, OPERATORS, QUOTES, sanitize
from sahel_tui.core.search.rewrite import TEXT_FIELDS

FILTER_FIELDS = tuple(name for name in FIELDS if name not in TEXT_FIELDS)
"""Fields that narrow a result set (``title:``/``body:`` only pick a text field)."""

_VALUE = re.compile(
    r'"[^"]*"?'  # a phrase (still being typed when unclosed)
    r"|[\[{][^\]}\"]*[\]}]"  # a range (closed; quotes pair up as in the search)
    r'|\((?:"[^"]*"|[^()"])*\)'  # a group of values: entity:(jnim OR aqim)
    r'|[^\s()"]+'  # a word, up to a space or a parenthesis
)
_NOT = re.compile(r"NOT\s+")
_SIMPLE_VALUE = re.compile(r"[\w.\-]+")
_DATE_VALUE = re.compile(r"\d{4}(-\d{2}){0,2}")


def canonical_field(name: str) -> str | None:
    """``"entity"`` for ``Entity``/``entities``, ``"type"`` for ``labels``; None if not a filter field."""
    lowered = name.lower()
    lowered = FIELD_ALIASES.get(lowered, lowered)
    return lowered if lowered in FILTER_FIELDS else None


@dataclass(frozen=True)
class QueryFilter:
    """One filter token of a query and where it sits in the query text."""

    field: str  # the canonical field: "type" for labels:armed_group
    value: str  # as the search reads it: quotes, brackets and parentheses kept
    start: int  # span of the whole token in the query, sign or NOT included
    end: int
    negated: bool = False
    written_field: str = ""  # the field name as typed ("labels")

    @property
    def text(self) -> str:
        """The token in canonical form: ``-type:armed_group`` for ``NOT labels:armed_group``."""
        return f"{'-' if self.negated else ''}{self.field}:{self.value}"

    @property
    def bare_value(self) -> str:
        return self.value.strip('"')

    @property
    def key(self) -> tuple[str, str, bool]:
        """What two tokens share when they filter the same thing."""
        return (self.field, " ".join(self.bare_value.lower().split()), self.negated)


@dataclass(frozen=True)
class ParsedQuery:
    filters: tuple[QueryFilter, ...]
    free_text: str  # the query without its filters, tidied


# -- reading ------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _view_char(ch: str) -> str:
    """The character the search sees in place of ``ch`` (control and space characters are spaces)."""
    seen, _notes = sanitize(ch)
    return seen if len(seen) == 1 else ch


def _view(query: str) -> str:
    """``query`` as the search reads it, character for character (so spans stay valid)."""
    return "".join(_view_char(ch) for ch in query.translate(QUOTES))


@dataclass(frozen=True)
class _Token:
    kind: str  # "filter", "word", "op", "open", "close"
    start: int
    end: int
    text: str  # as written in the query
    filter: QueryFilter | None = None


def _match_filter(view: str, pos: int, *, token_start: bool) -> QueryFilter | None:
    """A filter token at ``pos``: ``[NOT ][-+]field:value`` at a token start, ``field:value`` inside a word."""
    at = pos
    negated = False
    if token_start:
        m = _NOT.match(view, at)
        if m is not None:
            negated, at = True, m.end()
        if view[at : at + 1] in ("-", "+"):
            negated ^= view[at] == "-"
            at += 1
    name = FIELD_RE.match(view, at)
    if name is None:
        return None
    canonical = canonical_field(name.group(1))
    value = _VALUE.match(view, name.end())
    if canonical is None or value is None or not value.group(0).strip('"').strip():
        return None
    return QueryFilter(
        field=canonical,
        value=unicodedata.normalize("NFC", value.group(0)),
        start=pos,
        end=value.end(),
        negated=negated,
        written_field=name.group(1),
    )


class _Lexer:
    """Splits a query into filters, words, operators and parentheses, with their spans."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.view = _view(query)
        self.tokens: list[_Token] = []
        self.excluding: list[bool] = []  # per open group: -( ... ) or NOT ( ... )
        i, n = 0, len(self.view)
        while i < n:
            ch = self.view[i]
            if ch == " ":
                i += 1
            elif ch in "()":
                i = self.add("open" if ch == "(" else "close", i, i + 1)
            elif (found := _match_filter(self.view, i, token_start=True)) is not None:
                i = self.add("filter", i, found.end, found)
            else:
                i = self.word(i)

    def add(self, kind: str, start: int, end: int, found: QueryFilter | None = None) -> int:
        if kind == "open":
            before = self.tokens[-1] if self.tokens else None
            self.excluding.append(self.view[start] == "-" or (before is not None and before.text == "NOT"))
        elif kind == "close" and self.excluding:
            self.excluding.pop()
        elif found is not None and sum(self.excluding) % 2:  # a filter in an excluded group excludes
            found = replace(found, negated=not found.negated)
        self.tokens.append(_Token(kind, start, end, self.query[start:end], found))
        return end

    def word(self, i: int) -> int:
        """Add the word starting at ``i`` (and a filter the search finds inside it); return its end."""
        view, start, n = self.view, i, len(self.view)
        while i < n and view[i] != " " and view[i] not in "()":
            if view[i] == '"':
                close = view.find('"', i + 1)
                i = n if close < 0 else close + 1
                continue
            if i > start and (found := _match_filter(view, i, token_start=False)) is not None:
                self.add("word", start, i)
                return self.add("filter", i, found.end, found)
            i += 1
        text = view[start:i]
        if text in ("-", "+") and i < n and view[i] == "(":  # -( ... ): the sign belongs to the group
            return self.add("open", start, i + 1)
        return self.add("op" if text in OPERATORS else "word", start, i)


def _tokens(query: str) -> list[_Token]:
    return _Lexer(query).tokens


def parse_filters(query: str) -> list[QueryFilter]:
    """The filters of ``query``, in the order they are written."""
    return [t.filter for t in _tokens(query or "") if t.filter is not None]


def parse_query(query: str) -> ParsedQuery:
    """The filters of ``query`` and the free text around them."""
    return ParsedQuery(tuple(parse_filters(query)), free_text(query))


# -- rewriting ----------------------------------------------------------------------------


@dataclass
class _Group:
    open: _Token | None
    items: list[_Token | _Group] = field(default_factory=list)
    close: _Token | None = None


def _is_op(item: _Token | _Group, *names: str) -> bool:
    return isinstance(item, _Token) and item.kind == "op" and (not names or item.text in names)


def _tree(tokens: list[_Token]) -> _Group:
    root = _Group(None)
    stack = [root]
    for token in tokens:
        if token.kind == "open":
            group = _Group(token)
            stack[-1].items.append(group)
            stack.append(group)
        elif token.kind == "close" and len(stack) > 1:
            stack.pop().close = token
        else:
            stack[-1].items.append(token if token.kind != "close" else _Token("word", token.start, token.end, ")"))
    return root


def _tidy(items: list[_Token | _Group]) -> list[_Token | _Group]:
    """The search's operator rules, group by group; groups left empty go, with a NOT before them."""
    out: list[_Token | _Group] = []
    for item in items:
        if isinstance(item, _Group):
            item.items = _tidy(item.items)
            if not item.items:
                if out and _is_op(out[-1], "NOT"):
                    out.pop()
                continue
        elif _is_op(item, "AND", "OR"):
            if not out or _is_op(out[-1]):
                if out and _is_op(out[-1], "AND", "OR"):
                    out[-1] = item
                continue
        elif _is_op(item, "NOT") and out and _is_op(out[-1], "NOT"):
            out.pop()
            continue
        out.append(item)
    while out and _is_op(out[-1]):
        out.pop()
    return out


def _flatten(items: list[_Token | _Group]) -> list[_Token]:
    flat: list[_Token] = []
    for item in items:
        if isinstance(item, _Group):
            flat.extend([item.open] if item.open else [])
            flat.extend(_flatten(item.items))
            flat.extend([item.close] if item.close else [])
        else:
            flat.append(item)
    return flat


def _rebuild(query: str, drop: set[tuple[int, int]]) -> str:
    """``query`` without the tokens at the spans in ``drop``, tidied."""
    lexed = _Lexer(query)
    kept = [t for t in lexed.tokens if (t.start, t.end) not in drop]
    flat = _flatten(_tidy(_tree(kept).items))
    view = lexed.view
    out: list[str] = []
    for prev, token in zip([None, *flat], flat, strict=False):
        if prev is not None:
            gap = view[prev.end : token.start]
            if gap.strip():  # something was taken out here
                sep = "" if prev.kind == "open" or token.kind == "close" else " "
            else:
                sep = " " if gap else ""
            out.append(sep)
        out.append(token.text)
    return "".join(out)


def remove_filter(query: str, target: QueryFilter | int) -> str:
    """``query`` without one filter: ``target`` is a parsed token (found again by its key
    if the text moved) or its index in :func:`parse_filters`.  Unchanged if not found."""
    filters = parse_filters(query)
    found: QueryFilter | None = None
    if isinstance(target, int):
        found = filters[target] if 0 <= target < len(filters) else None
    else:
        same_place = [f for f in filters if (f.start, f.end) == (target.start, target.end) and f.key == target.key]
        same_key = [f for f in filters if f.key == target.key]
        found = next(iter(same_place or same_key), None)
    if found is None:
        return query
    return _rebuild(query, {(found.start, found.end)})


def remove_all_filters(query: str) -> str:
    """``query`` without any filter: only its free text is left."""
    return _rebuild(query, {(f.start, f.end) for f in parse_filters(query)})


def free_text(query: str) -> str:
    """The words of the query that are not filters (tidied like any edit)."""
    return remove_all_filters(query or "")


# -- adding -------------------------------------------------------------------------------


def filter_token(field_name: str, value: str) -> str | None:
    """The token for one filter (``source:"APA"``, ``entity:jnim``, ``type:armed_group``), or None if it cannot be one."""
    name = canonical_field(field_name)
    value = " ".join((value or "").split())
    if name is None or not value:
        return None
    if name == "date":
        return f"date:{value}" if _DATE_VALUE.fullmatch(value) else None
    if name == "type":
        value = value.lower()
    if name == "source" or not _SIMPLE_VALUE.fullmatch(value):
        unquoted = value.replace('"', "").strip()
        return f'{name}:"{unquoted}"' if unquoted else None
    return f"{name}:{value}"


def facet_token(kind: str, value: str) -> str | None:
    """The filter token that narrows a result set to one facet value (None if it cannot)."""
    return filter_token(kind, value) if kind in ("entity", "type", "source", "date") else None


def filter_of(token: str) -> QueryFilter | None:
    found = parse_filters(token)
    return found[0] if found else None


def has_filter(query: str, token: str) -> bool:
    wanted = filter_of(token)
    return wanted is not None and any(f.key == wanted.key for f in parse_filters(query))


def _append(query: str, token: str) -> str:
    """``query`` narrowed by ``token``: after any half-typed phrase or group, never after a dangling operator."""
    lexed = _Lexer(query)
    closing = '"' if lexed.view.count('"') % 2 else ""  # an unclosed phrase would swallow the token
    depth = 0
    for t in lexed.tokens:
        if t.kind == "open":
            depth += 1
        elif t.kind == "close" and depth:
            depth -= 1
    base = query.rstrip() + closing + ")" * depth
    kept = _tokens(base)
    while kept and kept[-1].kind == "op":
        kept.pop()
    base = base[: kept[-1].end] if kept else ""
    return f"{base} {token}" if base else token


def toggle_token(query: str, token: str) -> str:
    """Add the filter ``token`` to the query, or take it out when the query already filters on it."""
    wanted = filter_of(token)
    if wanted is None:
        return query
    present = [f for f in parse_filters(query) if f.key == wanted.key]
    if present:
        return _rebuild(query, {(f.start, f.end) for f in present})
    return _append(query, wanted.text)


def toggle_filter(query: str, field_name: str, value: str) -> str:
    """Add ``field:value`` to the query, or take it out when the query already filters on it."""
    token = filter_token(field_name, value)
    return toggle_token(query, token) if token else query
