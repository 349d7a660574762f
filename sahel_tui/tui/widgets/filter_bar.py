"""Field filters in the query (``entity:jnim source:"APA" date:2024-03``) and the bar that shows them.

The query text in the search box is the only place filters live: choosing a facet
appends a ``field:value`` token to it, removing a filter cuts the token out, and
filters typed by hand show up in the bar like chosen ones.  So what the analyst
sees in the search box is always exactly what is searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from sahel_tui.core.text import safe_line

FILTER_FIELDS = ("entity", "type", "source", "date", "author")
MAX_KEYED = 9  # filters 1-9 have a digit each in the remove-filter picker (F7)

_TOKEN = re.compile(
    r"(?<![^\s(])"  # at the start or after a space or an opening parenthesis
    r"(?P<neg>-|NOT\s+)?"
    r"(?P<field>" + "|".join(FILTER_FIELDS) + r"):"
    r"(?P<value>\"[^\"]*\"?|\[[^\]]*\]?|[^\s)]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QueryFilter:
    """One ``field:value`` token of a query, with where it sits in the query text."""

    field: str  # lower case
    value: str  # as written, quotes and brackets kept
    start: int
    end: int
    negated: bool = False

    @property
    def text(self) -> str:
        return f"{'-' if self.negated else ''}{self.field}:{self.value}"

    @property
    def bare_value(self) -> str:
        return self.value.strip('"')

    @property
    def key(self) -> tuple[str, str, bool]:
        """What two tokens share when they filter the same thing."""
        return (self.field, " ".join(self.bare_value.lower().split()), self.negated)


def parse_filters(query: str) -> list[QueryFilter]:
    """The field filters of ``query``, in the order they are written."""
    out = []
    for m in _TOKEN.finditer(query or ""):
        value = m.group("value")
        if not value or value == '"':
            continue
        out.append(
            QueryFilter(
                field=m.group("field").lower(), value=value, start=m.start(), end=m.end(), negated=bool(m.group("neg"))
            )
        )
    return out


def _tidy(query: str) -> str:
    return " ".join(query.split())


def remove_filter(query: str, target: QueryFilter) -> str:
    """``query`` without the token ``target`` (found again by its key if the text moved)."""
    for f in parse_filters(query):
        if (f.start, f.end) == (target.start, target.end) and f.key == target.key:
            return _tidy(query[: f.start] + " " + query[f.end :])
    for f in parse_filters(query):
        if f.key == target.key:
            return _tidy(query[: f.start] + " " + query[f.end :])
    return query


def remove_all_filters(query: str) -> str:
    out = query
    for f in reversed(parse_filters(query)):
        out = out[: f.start] + " " + out[f.end :]
    return _tidy(out)


def free_text(query: str) -> str:
    """The words of the query that are not field filters."""
    return remove_all_filters(query)


def facet_token(kind: str, value: str) -> str | None:
    """The filter token that narrows a result set to one facet value (None if it cannot)."""
    value = " ".join((value or "").split())
    if not value:
        return None
    if kind == "entity":
        return f"entity:{value}" if re.fullmatch(r"[\w.\-]+", value) else f'entity:"{value.replace(chr(34), "")}"'
    if kind == "type":
        return f"type:{value.lower()}"
    if kind == "source":
        return f'source:"{value.replace(chr(34), "")}"'
    if kind == "date":
        return f"date:{value}" if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value) else None
    return None


def filter_of(token: str) -> QueryFilter | None:
    found = parse_filters(token)
    return found[0] if found else None


def has_filter(query: str, token: str) -> bool:
    wanted = filter_of(token)
    return wanted is not None and any(f.key == wanted.key for f in parse_filters(query))


def toggle_filter(query: str, token: str) -> str:
    """Add ``token`` to the query, or take it out when the query already filters on it."""
    wanted = filter_of(token)
    if wanted is None:
        return query
    for f in parse_filters(query):
        if f.key == wanted.key:
            return remove_filter(query, f)
    return _tidy(f"{query} {token}")


class FilterBar(Static):
    """``Filters  1 entity:jnim  2 source:"APA"   F7 removes one · ^x all``.

    Hidden while the query has no field filters.
    """

    HELP_GROUP = "Filters"

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.filters: list[QueryFilter] = []

    def show_filters(self, filters: list[QueryFilter], names: dict[str, str] | None = None) -> None:
        """Show ``filters``; ``names`` maps an entity id to a display name."""
        self.filters = list(filters)
        self.display = bool(filters)
        if not filters:
            self.update("")
            return
        names = names or {}
        parts: list[Content] = [Content("Filters ").stylize("bold")]
        for n, f in enumerate(filters, 1):
            chip = Content(safe_line(f.text, 60)).stylize("bold")
            if f.field == "entity" and f.bare_value in names:
                chip = chip + Content(f" {safe_line(names[f.bare_value], 30)}").stylize("italic")
            key = Content(f" {n} ").stylize("reverse") if n <= MAX_KEYED else Content("   ")
            parts.extend([Content(" "), key, Content(" "), chip])
        hint = "F7 removes one · ^x all" if len(filters) > 1 else "F7 or ^x removes it"
        parts.append(Content("   " + hint).stylize("$text-muted"))
        self.update(Content.assemble(*parts))
