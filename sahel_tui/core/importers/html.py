"""Saved web pages (``.html``, ``.htm``): the main text and the page's own metadata, by trafilatura.

trafilatura leaves out navigation, ads, cookie banners, related-story lists,
comments and footers, and reads the title, date, author, site name, canonical
URL and language from the page's metadata.  It works on the saved file only:
nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from sahel_tui.core.errors import SahelError
from sahel_tui.core.importers.base import (
    ImportRecord,
    Item,
    clean_field,
    display_name,
    http_url,
    iso_date,
    paragraphs_text,
    read_capped,
)
from sahel_tui.core.text import decode_bytes, normalize

SUFFIXES = (".html", ".htm", ".xhtml")

_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.IGNORECASE)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


def _decode(data: bytes) -> str:
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)[0]


def page_record(markup: str, original_name: str, where: str) -> ImportRecord:
    """The article of one HTML page, or :class:`SahelError` when the page has no main text."""
    import trafilatura  # imported here: about 0.5 s, needed only for HTML

    dates = {"original_date": True, "extensive_search": False, "max_date": dt.date.today().isoformat()}
    document = trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        date_extraction_params=dates,  # the page's metadata only: no date guessed from its text
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise SahelError("no article text found in the page")
    title = clean_field(getattr(document, "title", None))
    lines = [line for line in normalize(text).split("\n")]
    if title and lines and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # the headline: written once, as the title line
    body = paragraphs_text(lines)
    if not body:
        raise SahelError("no article text found in the page")
    language = clean_field(getattr(document, "language", None), 20)
    if language is None:
        match = _LANG.search(markup[:8192])
        language = match.group(1).lower() if match else None
    return ImportRecord(
        text=body,
        original_name=original_name,
        title=title,
        date=iso_date(getattr(document, "date", None)),
        source=clean_field(getattr(document, "sitename", None)) or clean_field(getattr(document, "hostname", None)),
        url=http_url(getattr(document, "url", None)),
        author=clean_field(getattr(document, "author", None)),
        language=language,
        where=where,
    )


def read_html(path: Path) -> Iterator[Item]:
    yield page_record(_decode(read_capped(path)), path.name, display_name(path))
