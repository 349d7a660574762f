"""JSON Lines: one article a line with metadata, mentions and the catalog entities they use.

The format :mod:`sahel_tui.core.importers.jsonl` reads, so an export imports back as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from sahel_tui.core.exporters.base import ExportItem


def record(item: ExportItem) -> dict[str, Any]:
    article = item.article
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "url": article.url,
        "author": item.metadata.get("author"),
        "language": item.metadata.get("language"),
        "original_name": item.metadata.get("original_name"),
        "text": article.body,
        "mentions": [
            {
                "id": m.id,
                "start": m.start,
                "end": m.end,
                "label": m.label,
                "entity": m.entity,
                "text": m.text,
                "author": m.author,
                "created": m.created,
                "state": m.state,
            }
            for m in item.placed
        ],
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "note": e.note}
            for e in item.entities
        ],
    }


def write(items: Iterable[ExportItem], stream: IO[str]) -> int:
    count = 0
    for item in items:
        stream.write(json.dumps(record(item), ensure_ascii=False) + "\n")
        count += 1
    return count
