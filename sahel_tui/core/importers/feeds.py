"""News feeds: RSS and Atom (feedparser) and JSON Feed (stdlib ``json``): one article per item.

Each item gives the title, link, date, author and its content (else its
summary) as text; the feed's own title is the source.  The feed is parsed from
the saved file only (feedparser is never handed a URL, so nothing is fetched).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sahel_tui.core.errors import SahelError
from sahel_tui.core.importers.base import (
    MAX_CONTAINER_BYTES,
    ImportRecord,
    Item,
    Refusal,
    clean_field,
    display_name,
    fragment_text,
    http_url,
    iso_date,
    read_capped,
)

SUFFIXES = (".rss", ".atom", ".xml")
JSON_SUFFIXES = (".json",)
_JSON_FEED = "https://jsonfeed.org/version/"


def read_feed(path: Path) -> Iterator[Item]:
    import feedparser

    data = read_capped(path, MAX_CONTAINER_BYTES)
    parsed = feedparser.parse(data)  # bytes: parsed as a document, never fetched
    if not parsed.get("version") and not parsed.entries:
        raise SahelError("not an RSS or Atom feed")
    if not parsed.entries:
        raise SahelError("the feed has no items")
    source = clean_field(parsed.feed.get("title"))
    language = clean_field(parsed.feed.get("language"), 20)
    where = display_name(path)
    for number, entry in enumerate(parsed.entries, start=1):
        content = entry.get("content") or []
        markup = next((c.get("value") for c in content if c.get("value")), None) or entry.get("summary") or ""
        yield _item(
            path,
            number,
            where,
            text=fragment_text(markup),
            title=entry.get("title"),
            url=entry.get("link"),
            date=entry.get("published_parsed") or entry.get("updated_parsed"),
            author=entry.get("author"),
            source=source,
            language=language,
        )


def _item(path: Path, number: int, where: str, *, text: str, **meta: Any) -> Item:
    if not text.strip():
        return Refusal(where, f"item {number} has no text (no content and no summary)")
    return ImportRecord(
        text=text,
        original_name=f"{path.name}#{number}",
        title=clean_field(meta["title"]),
        date=iso_date(meta["date"]),
        source=meta["source"],
        url=http_url(meta["url"]),
        author=clean_field(meta["author"]),
        language=meta["language"],
        where=f"{where}#{number}",
    )


def is_json_feed(data: Any) -> bool:
    return isinstance(data, dict) and str(data.get("version", "")).startswith(_JSON_FEED)


def read_json_feed(path: Path) -> Iterator[Item]:
    try:
        data = json.loads(read_capped(path, MAX_CONTAINER_BYTES).decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SahelError(f"not valid JSON: {exc}") from None
    if not is_json_feed(data):
        raise SahelError("a .json file must be a JSON Feed (version https://jsonfeed.org/version/1 or 1.1)")
    items = data.get("items")
    if not isinstance(items, list):
        raise SahelError("JSON Feed without an items list")
    source = clean_field(data.get("title"))
    language = clean_field(data.get("language"), 20)
    where = display_name(path)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield Refusal(where, f"item {number} is not an object")
            continue
        text = item.get("content_text")
        if not isinstance(text, str) or not text.strip():
            markup = item.get("content_html") or item.get("summary") or ""
            text = fragment_text(markup) if isinstance(markup, str) else ""
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        names = [str(a["name"]) for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
        yield _item(
            path,
            number,
            where,
            text=text,
            title=item.get("title"),
            url=item.get("url") or item.get("external_url"),
            date=item.get("date_published") or item.get("date_modified"),
            author=", ".join(names) or None,
            source=source,
            language=clean_field(item.get("language"), 20) or language,
        )
