"""Plain data types shared by every part of the core and by both shells.

All offsets are Unicode code-point offsets into :attr:`Article.body`, the
cleaned and NFC-normalised text of an article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sahel_tui.core.errors import Problem

MENTION_STATES = ("ok", "moved", "orphaned")


@dataclass(frozen=True)
class Article:
    id: str
    path: Path
    title: str
    date: str | None  # ISO date (YYYY-MM-DD) or None when unknown: never invented
    source: str | None
    url: str | None
    body: str  # cleaned, NFC, "\n" line endings; offsets refer to this string
    paragraphs: tuple[tuple[int, int], ...]  # (start, end) of each paragraph in body
    body_sha256: str
    title_derived: bool = False  # True when the title was made from the lead sentence
    removed: tuple[str, ...] = ()  # boilerplate lines dropped by the cleaner
    problems: tuple[Problem, ...] = ()  # decoding or format problems (warnings)
    # Where it came from, as ``import`` recorded it in metadata.yaml (None when unknown).
    author: str | None = None
    language: str | None = None
    original_name: str | None = None  # the imported file's name, exactly as it was

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "language": self.language,
            "original_name": self.original_name,
            "path": str(self.path),
            "body": self.body,
            "body_sha256": self.body_sha256,
            "title_derived": self.title_derived,
        }


@dataclass(frozen=True)
class Quote:
    """W3C Web Annotation TextQuoteSelector: the exact text and ~32 chars around it."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Mention:
    id: str
    label: str  # a Label id, upper case (ARMED_GROUP)
    entity: str | None  # a catalog entity id, or None when not linked yet
    start: int
    end: int
    quote: Quote
    author: str
    created: str  # ISO 8601 UTC, "2026-11-24T08:15:02Z"
    body_sha256: str  # sha256 of the body the mention was made (or last re-anchored) on
    state: str = "ok"  # "ok" | "moved" | "orphaned"

    @property
    def text(self) -> str:
        return self.quote.exact

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "entity": self.entity,
            "text": self.quote.exact,
            "prefix": self.quote.prefix,
            "suffix": self.quote.suffix,
            "author": self.author,
            "created": self.created,
            "state": self.state,
        }


@dataclass(frozen=True)
class Label:
    """An entity type (ACLED-style actor/place/equipment category)."""

    id: str  # "ARMED_GROUP"
    name: str  # "Armed group"
    description: str
    key: str  # the single key that applies it in the reader
    color: str  # a Textual colour name or hex, readable on dark and light themes


@dataclass(frozen=True)
class Entity:
    id: str  # "jnim"
    name: str  # canonical name
    type: str  # a Label id
    aliases: tuple[str, ...] = ()
    note: str | None = None
    external_ids: dict[str, str] = field(default_factory=dict)  # {"wikidata": "Q..."}
    related: tuple[str, ...] = ()  # ids of related entities (Wagner Group <-> Africa Corps)
    admin_level: int | None = None  # for LOCATION: 0 country, 1 region, 2 district, 3 town
    country: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 codes of the countries it belongs to or acts in

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "note": self.note,
            "external_ids": dict(self.external_ids),
            "related": list(self.related),
            "admin_level": self.admin_level,
            "country": list(self.country),
        }


@dataclass(frozen=True)
class Occurrence:
    """A span of text that could be annotated (keyword in context)."""

    article_id: str
    start: int
    end: int
    text: str
    left: str  # context before
    right: str  # context after
    entity: str | None = None  # the catalog entity whose name or alias matched
    annotated: bool = False  # already covered by a mention

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "left": self.left,
            "right": self.right,
            "entity": self.entity,
            "annotated": self.annotated,
        }


@dataclass(frozen=True)
class Highlight:
    """A highlighted fragment of a snippet: ``text[start:end]`` matched the query."""

    start: int
    end: int


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    date: str | None
    source: str | None
    score: float
    snippet: str  # plain text, no markup
    snippet_highlights: tuple[Highlight, ...] = ()  # spans of snippet that matched
    entities: tuple[str, ...] = ()  # entity ids of the article (annotated and detected)
    story: str | None = None  # story-group id when the article has rewrites

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "highlights": [[h.start, h.end] for h in self.snippet_highlights],
            "entities": list(self.entities),
            "story": self.story,
        }


@dataclass(frozen=True)
class FacetCount:
    value: str  # entity id, label id, source name, or date bucket (YYYY-MM / "unknown")
    count: int
    label: str | None = None  # display name (entity canonical name)


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: tuple[SearchHit, ...]
    total: int
    suggestion: str | None = None  # "did you mean" query, when the query found little or nothing
    fuzzy: bool = False  # True when hits come from the fuzzy fallback
    terms: tuple[str, ...] = ()  # query words/phrases to highlight in the reader
    facets: dict[str, tuple[FacetCount, ...]] = field(default_factory=dict)  # entity|type|source|date
    error: str | None = None  # a one-line message when the query could not be parsed as typed
    notices: tuple[str, ...] = ()  # what the search did besides the query as typed (searched as words, ...)
    expanded: tuple[tuple[str, str], ...] = ()  # (query word, synonym) pairs the thesaurus added

    @property
    def also_matched(self) -> tuple[str, ...]:
        """The synonyms the thesaurus added, once each, in query order."""
        return tuple(dict.fromkeys(synonym for _word, synonym in self.expanded))

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "suggestion": self.suggestion,
            "fuzzy": self.fuzzy,
            "error": self.error,
            "notices": list(self.notices),
            "also_matched": list(self.also_matched),
            "hits": [h.to_json() for h in self.hits],
            "facets": {
                name: [{"value": f.value, "count": f.count, "label": f.label} for f in counts]
                for name, counts in self.facets.items()
            },
        }


@dataclass(frozen=True)
class IndexDoc:
    """Everything the search index holds about one article (built by the workspace)."""

    id: str
    title: str
    date: str | None
    source: str | None
    body: str
    entities: tuple[str, ...]  # ids of entities annotated in the article (confirmed mentions)
    detected: tuple[str, ...]  # ids of catalog entities whose name/alias occurs in the text
    labels: tuple[str, ...]  # label ids of the article's mentions and detected entities
    names: tuple[str, ...]  # canonical names and aliases of all entities above
    authors: tuple[str, ...]  # authors of the article's mentions
    fingerprint: str  # changes whenever the article file, its annotations or metadata change
    story: str | None = None  # story-group id (rewrites of one story)
