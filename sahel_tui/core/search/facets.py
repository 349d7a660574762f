"""Facets of a result set: counts by entity, type, source and month, ranked for display."""

from __future__ import annotations

from collections.abc import Callable, Collection

from sahel_tui.core.engine.base import EngineSnapshot
from sahel_tui.core.models import FacetCount


def facets(
    snap: EngineSnapshot, docnums: Collection[int], entity_label: Callable[[str], str | None] | None = None
) -> dict[str, tuple[FacetCount, ...]]:
    """Counts by entity, type, source and month (``unknown`` when undated).

    The engine counts (:meth:`EngineSnapshot.facet_counts`); this ranks them:
    most frequent first, months newest first.  ``entity_label`` gives the
    display name of an entity id.
    """
    counts = snap.facet_counts(docnums)
    split: dict[str, dict[str, int]] = {"entity": {}, "type": {}, "source": {}, "date": {}}
    for key, count in counts.items():
        name, _, value = key.partition(":")
        split[name][value] = count

    def ranked(counter: dict[str, int]) -> tuple[FacetCount, ...]:
        return tuple(FacetCount(v, c) for v, c in sorted(counter.items(), key=lambda x: (-x[1], x[0])))

    entities = ranked(split["entity"])
    if entity_label is not None:
        entities = tuple(FacetCount(f.value, f.count, _label(entity_label, f.value)) for f in entities)
    month = split["date"]
    dated = sorted((m for m in month if m != "unknown"), reverse=True)
    months = tuple(FacetCount(m, month[m]) for m in dated)
    if "unknown" in month:
        months += (FacetCount("unknown", month["unknown"]),)
    return {"entity": entities, "type": ranked(split["type"]), "source": ranked(split["source"]), "date": months}


def _label(entity_label: Callable[[str], str | None], entity_id: str) -> str | None:
    try:
        return entity_label(entity_id)
    except Exception:
        return None
