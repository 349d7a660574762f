"""CSV: one row a mention, UTF-8 with a header row (and a byte-order mark in files, for spreadsheets).

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with ``'``: article text is
untrusted.  Orphaned mentions are listed too, with their state.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from sahel_tui.core.exporters.base import ExportItem

HEADER = (
    "article_id",
    "title",
    "date",
    "source",
    "url",
    "start",
    "end",
    "text",
    "label",
    "entity_id",
    "entity_name",
    "author",
    "state",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return "" if value is None else value


def write(items: Iterable[ExportItem], stream: IO[str]) -> int:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(HEADER)
    rows = 0
    for item in items:
        article = item.article
        for mention in item.mentions:
            entity = item.entity(mention.entity)
            values = (
                article.id,
                article.title,
                article.date,
                article.source,
                article.url,
                mention.start,
                mention.end,
                mention.text,
                mention.label,
                mention.entity,
                entity.name if entity else None,
                mention.author,
                mention.state,
            )
            writer.writerow([cell(v) for v in values])
            rows += 1
    return rows
