"""The record every importer returns, and helpers the importers share."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sahel_tui.core.errors import SahelError
from sahel_tui.core.text import safe_line

MAX_FILE_BYTES = 5 * 1024 * 1024  # one article (a page, an e-mail, a text file)
MAX_CONTAINER_BYTES = 200 * 1024 * 1024  # many articles (a feed, an mbox, JSON Lines)


@dataclass(frozen=True)
class MentionRecord:
    """A mention as another tool (or our own export) gives it: offsets into :attr:`ImportRecord.text`."""

    start: int
    end: int
    label: str
    entity: str | None = None
    id: str | None = None
    text: str | None = None  # the exact text, when the source says it (checked against the offsets)
    author: str | None = None
    created: str | None = None
    state: str | None = None


@dataclass(frozen=True)
class EntityRecord:
    """A catalog entry as another tool gives it."""

    id: str | None
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class ImportRecord:
    """One article read from an input file, whatever its format.

    ``text`` is the article text: paragraphs separated by blank lines.  When
    ``title_in_text`` is true (plain text and Markdown), the text is written to
    the corpus as it is and the corpus cleaner finds the title line, boilerplate
    and footer as it does for any corpus file; otherwise the title is written as
    the first line and the text follows it unchanged.
    """

    text: str
    original_name: str  # the input file's name (with the item number for feeds, mboxes, JSON Lines)
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD, or None: never guessed
    source: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    id: str | None = None  # an id the source proposes (JSON Lines); used when safe and free
    mentions: tuple[MentionRecord, ...] = ()
    entities: tuple[EntityRecord, ...] = ()
    title_in_text: bool = False
    where: str = ""  # file (and line or item) for messages


@dataclass(frozen=True)
class Refusal:
    """An input (file, line or item) that could not be imported, and why."""

    file: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}" if self.line else f"{self.file}: {self.reason}"

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "reason": self.reason}


Item = ImportRecord | Refusal


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, or :class:`SahelError` when it is too big or unreadable."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise SahelError(f"file is {size / 1_048_576:.1f} MB, over the {limit // 1_048_576} MB limit")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise SahelError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise SahelError(f"file is over the {limit // 1_048_576} MB limit")
    return data


def display_name(path: Path) -> str:
    return safe_line(str(path), 300)


def clean_field(value: Any, limit: int = 300) -> str | None:
    """One line of metadata text (whitespace collapsed, capped), or ``None`` when empty."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text[:limit] or None


_ISO_START = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a date, datetime, struct_time or ISO-8601 text; ``None`` otherwise (never guessed)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "tm_year"):
        try:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
        except ValueError:
            return None
    if isinstance(value, str):
        match = _ISO_START.match(value.strip())
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups())).isoformat()
            except ValueError:
                return None
    return None


def http_url(value: Any) -> str | None:
    text = clean_field(value, 500)
    return text if text and re.match(r"^https?://\S+$", text) else None


def paragraphs_text(lines: Iterator[str] | list[str]) -> str:
    """Non-empty lines, stripped and whitespace-collapsed, one paragraph each."""
    kept = [" ".join(line.split()) for line in lines]
    return "\n\n".join(line for line in kept if line)


_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article header footer hr dd dt figcaption".split()
)
_SKIP_TAGS = frozenset("script style noscript template head svg iframe".split())


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.lines.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.lines[-1] += data


def fragment_text(markup: str) -> str:
    """Text of a small HTML fragment (a feed item's content, an e-mail's HTML part): one paragraph a block.

    No scripts, styles or tags survive; entities are decoded.  Whole pages go
    through trafilatura instead (:mod:`sahel_tui.core.importers.html`).
    """
    if "<" not in markup:
        return paragraphs_text(html.unescape(markup).split("\n"))
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return paragraphs_text(parser.lines)
