"""W3C Web Annotation (JSON-LD): an ``AnnotationCollection`` with one annotation a mention.

Each annotation targets the article (its URL, else ``urn:sahel-tui:article:<id>``)
with a ``TextQuoteSelector`` (exact, prefix, suffix) and a
``TextPositionSelector`` (code-point start and end in the body); its bodies tag
the label and identify the catalog entity; ``creator`` and ``created`` are the
mention's author and time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from sahel_tui.core.exporters.base import ExportItem
from sahel_tui.core.models import Mention

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def annotation(item: ExportItem, mention: Mention) -> dict[str, Any]:
    article = item.article
    bodies: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": mention.label}]
    if mention.entity:
        entity = item.entity(mention.entity)
        bodies.append(
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": f"urn:sahel-tui:entity:{mention.entity}",
                **({"value": entity.name} if entity else {}),
            }
        )
    return {
        "id": f"urn:sahel-tui:mention:{article.id}:{mention.id}",
        "type": "Annotation",
        "motivation": "identifying" if mention.entity else "tagging",
        "creator": {"type": "Person", "name": mention.author},
        "created": mention.created,
        "body": bodies,
        "target": {
            "source": article.url or f"urn:sahel-tui:article:{article.id}",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": mention.quote.exact,
                    "prefix": mention.quote.prefix,
                    "suffix": mention.quote.suffix,
                },
                {"type": "TextPositionSelector", "start": mention.start, "end": mention.end},
            ],
        },
    }


def write(items: Iterable[ExportItem], stream: IO[str]) -> int:
    annotations = [annotation(item, m) for item in items for m in item.placed]
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "sahel-tui mentions",
        "total": len(annotations),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": annotations},
    }
    json.dump(collection, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    return len(annotations)
