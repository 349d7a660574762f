"""Exporters: the corpus (or a query's results) with its annotations, in other tools' formats.

One module per format, all behind one interface: ``write(items, stream)`` for
single-file formats and ``write_folder(items, folder)`` for brat.  Each
:class:`ExportItem` carries an article, its metadata, its mentions (orphaned
ones are left out of the offset-based formats) and the catalog entities they use.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sahel_tui.core.errors import InvalidInput, SahelError
from sahel_tui.core.exporters import brat, conll, csvfile, jsonl, w3c
from sahel_tui.core.exporters.base import ExportItem
from sahel_tui.core.yamlio import atomic_write_text

if TYPE_CHECKING:  # pragma: no cover
    from sahel_tui.core.workspace import Workspace

Writer = Callable[[Iterable[ExportItem], IO[str]], int]

FORMATS: dict[str, Writer | None] = {
    "jsonl": jsonl.write,
    "brat": None,  # a folder of .txt/.ann pairs: brat.write_folder
    "conll": conll.write,
    "w3c": w3c.write,
    "csv": csvfile.write,
}


@dataclass(frozen=True)
class ExportReport:
    format: str
    articles: int
    mentions: int
    path: str | None

    def to_json(self) -> dict[str, Any]:
        return {"format": self.format, "articles": self.articles, "mentions": self.mentions, "path": self.path}


def items(ws: Workspace, ids: Iterable[str]) -> Iterator[ExportItem]:
    for article_id in ids:
        try:
            article = ws.article(article_id)
        except SahelError:
            continue
        mentions = ws.mentions(article_id)
        entity_ids = {m.entity for m in mentions if m.entity}
        entities = tuple(e for eid in sorted(entity_ids) if (e := ws.catalog.get(eid)) is not None)
        yield ExportItem(article, dict(ws.overrides.get(article_id, {})), tuple(mentions), entities)


def export(
    ws: Workspace, fmt: str, ids: Iterable[str], *, out: Path | None = None, stream: IO[str] | None = None
) -> ExportReport:
    """Write ``ids`` as ``fmt`` to ``out`` (a file, or a folder for brat) or ``stream``."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown export format {fmt!r}; use {', '.join(FORMATS)}")
    counted = _Counter(items(ws, ids))
    writer = FORMATS[fmt]
    if writer is None:
        if out is None:
            raise InvalidInput("brat writes a folder of .txt/.ann pairs: give it with -o DIR")
        brat.write_folder(counted, out, ws.labels.ids)
    elif out is None:
        if stream is None:
            raise InvalidInput("nowhere to write: give -o PATH")
        writer(counted, stream)
    else:
        buffer = io.StringIO(newline="")
        writer(counted, buffer)
        text = buffer.getvalue()
        atomic_write_text(out, ("\ufeff" + text) if fmt == "csv" else text)
    return ExportReport(fmt, counted.articles, counted.mentions, str(out) if out is not None else None)


class _Counter:
    """The items, counting articles and exported mentions on the way."""

    def __init__(self, source: Iterable[ExportItem]):
        self.source = source
        self.articles = 0
        self.mentions = 0

    def __iter__(self) -> Iterator[ExportItem]:
        for item in self.source:
            self.articles += 1
            self.mentions += len(item.placed)
            yield item


__all__ = ["FORMATS", "ExportItem", "ExportReport", "export", "items"]
