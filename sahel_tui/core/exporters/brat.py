"""brat standoff: ``<id>.txt`` (the body) and ``<id>.ann`` per article, plus ``annotation.conf``.

Mentions are text-bound annotations (``T1<TAB>LOCATION 10 16<TAB>Niamey``; a
span across lines is written as fragments), and each link to the catalog is a
normalisation (``N1<TAB>Reference T1 catalog:niamey<TAB>Niamey``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sahel_tui.core.exporters.base import ExportItem
from sahel_tui.core.ids import safe_child
from sahel_tui.core.yamlio import atomic_write_text


def _fragments(body: str, start: int, end: int) -> str:
    parts, cursor = [], start
    for piece in body[start:end].split("\n"):
        if piece:
            parts.append(f"{cursor} {cursor + len(piece)}")
        cursor += len(piece) + 1
    return ";".join(parts) or f"{start} {end}"


def ann_text(item: ExportItem) -> str:
    body = item.article.body
    lines: list[str] = []
    normalisations = 0
    for number, mention in enumerate(item.placed, start=1):
        text = body[mention.start : mention.end].replace("\n", " ")
        lines.append(f"T{number}\t{mention.label} {_fragments(body, mention.start, mention.end)}\t{text}")
        if mention.entity:
            normalisations += 1
            entity = item.entity(mention.entity)
            name = " ".join((entity.name if entity else mention.entity).split())
            lines.append(f"N{normalisations}\tReference T{number} catalog:{mention.entity}\t{name}")
    return "".join(line + "\n" for line in lines)


def write_folder(items: Iterable[ExportItem], folder: Path, labels: Iterable[str]) -> int:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for item in items:
        atomic_write_text(safe_child(folder, item.article.id, ".txt"), item.article.body)
        atomic_write_text(safe_child(folder, item.article.id, ".ann"), ann_text(item))
        count += 1
    conf = "[entities]\n" + "".join(f"{label}\n" for label in labels)
    conf += "[relations]\n[events]\n[attributes]\n"
    atomic_write_text(folder / "annotation.conf", conf)
    return count
