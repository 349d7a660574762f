"""The listing fields of an indexed article, as one packed value per document.

Engine-neutral: every engine stores :meth:`IndexedArticle.encode` beside each
document, and the listing, facets and fingerprints are read from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sahel_tui.core.ids import ENTITY_ID_RE

_ROW_SEP = "\x1f"


def clean_cell(text: str | None) -> str:
    return " ".join((text or "").replace(_ROW_SEP, " ").split())


def valid_ids(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if isinstance(v, str) and ENTITY_ID_RE.match(v)))


def date_number(date: str | None) -> int | None:
    """``2024-03-22`` -> ``20240322``; None for a missing or malformed date."""
    if not date or len(date) != 10 or date[4] != "-" or date[7] != "-":
        return None
    digits = date[:4] + date[5:7] + date[8:]
    return int(digits) if digits.isdigit() else None


@dataclass(frozen=True)
class IndexedArticle:
    """The listing fields of one indexed article (no body)."""

    id: str
    title: str
    date: str | None
    source: str | None
    entities: tuple[str, ...]  # confirmed and detected entity ids
    labels: tuple[str, ...]
    story: str | None
    fingerprint: str

    @property
    def month(self) -> str:
        return self.date[:7] if self.date else "unknown"

    def encode(self) -> bytes:
        cells = (
            self.id,
            self.title,
            self.date or "",
            self.source or "",
            " ".join(self.entities),
            " ".join(self.labels),
            self.story or "",
            self.fingerprint,
        )
        return _ROW_SEP.join(cells).encode("utf-8")

    @classmethod
    def decode(cls, raw: bytes) -> IndexedArticle | None:
        cells = raw.decode("utf-8", "replace").split(_ROW_SEP)
        if len(cells) != 8:
            return None
        doc_id, title, date, source, ents, labels, story, fingerprint = cells
        return cls(
            doc_id,
            title,
            date or None,
            source or None,
            tuple(ents.split()),
            tuple(labels.split()),
            story or None,
            fingerprint,
        )


def facet_keys(row: IndexedArticle) -> tuple[str, ...]:
    """The facet values of one article as ``"facet:value"`` keys."""
    return (
        *(f"entity:{e}" for e in row.entities),
        *(f"type:{t}" for t in row.labels),
        *((f"source:{row.source}",) if row.source else ()),
        f"date:{row.month}",
    )
