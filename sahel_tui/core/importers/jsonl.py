"""JSON Lines (``.jsonl``, ``.ndjson``): one article a line, the format ``export --format jsonl`` writes.

Each line is an object with ``text`` (or ``body``) and optional ``id``,
``title``, ``date``, ``source``, ``url``, ``author``, ``language``,
``original_name``, ``mentions`` (``start``, ``end``, ``label``, optional
``entity``, ``id``, ``text``, ``author``, ``created``, ``state``; offsets are
code points into the text) and ``entities`` (``id``, ``name``, ``type``,
optional ``aliases``, ``note``).  A bad line is refused with its line number;
the other lines are still imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sahel_tui.core.errors import SahelError
from sahel_tui.core.importers.base import (
    MAX_CONTAINER_BYTES,
    EntityRecord,
    ImportRecord,
    Item,
    MentionRecord,
    Refusal,
    clean_field,
    display_name,
    http_url,
    iso_date,
    read_capped,
)

SUFFIXES = (".jsonl", ".ndjson")


def read_jsonl(path: Path) -> Iterator[Item]:
    data = read_capped(path, MAX_CONTAINER_BYTES)
    where = display_name(path)
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            yield record_of(entry, f"{path.name}#{number}", f"{where}:{number}")
        except UnicodeDecodeError:
            yield Refusal(where, "not UTF-8", number)
        except ValueError as exc:
            yield Refusal(where, f"not valid JSON: {exc}", number)
        except SahelError as exc:
            yield Refusal(where, exc.message, number)


def record_of(entry: Any, original_name: str, where: str) -> ImportRecord:
    if not isinstance(entry, dict):
        raise SahelError("a line must be a JSON object")
    text = entry.get("text", entry.get("body"))
    if not isinstance(text, str) or not text.strip():
        raise SahelError("no 'text' (the article body)")
    mentions = entry.get("mentions") or []
    entities = entry.get("entities") or []
    if not isinstance(mentions, list) or not isinstance(entities, list):
        raise SahelError("'mentions' and 'entities' must be lists")
    given_name = entry.get("original_name")
    return ImportRecord(
        text=text,
        original_name=given_name if isinstance(given_name, str) and given_name.strip() else original_name,
        title=clean_field(entry.get("title")),
        date=iso_date(entry.get("date")),
        source=clean_field(entry.get("source")),
        url=http_url(entry.get("url")),
        author=clean_field(entry.get("author")),
        language=clean_field(entry.get("language"), 20),
        id=entry["id"] if isinstance(entry.get("id"), str) else None,
        mentions=tuple(_mention(m) for m in mentions),
        entities=tuple(e for e in (_entity(e) for e in entities) if e is not None),
        where=where,
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _mention(entry: Any) -> MentionRecord:
    if not isinstance(entry, dict):
        raise SahelError("a mention must be an object with start, end and label")
    start, end, label = entry.get("start"), entry.get("end"), entry.get("label", entry.get("type"))
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        raise SahelError(f"mention offsets must be whole numbers, not {start!r}..{end!r}")
    if not isinstance(label, str):
        raise SahelError("a mention needs a label")
    return MentionRecord(
        start=start,
        end=end,
        label=label,
        entity=_text(entry.get("entity")),
        id=_text(entry.get("id")),
        text=_text(entry.get("text")),
        author=_text(entry.get("author")),
        created=_text(entry.get("created")),
        state=_text(entry.get("state")),
    )


def _entity(entry: Any) -> EntityRecord | None:
    if not isinstance(entry, dict):
        return None
    name, type_ = clean_field(entry.get("name")), clean_field(entry.get("type"))
    if name is None or type_ is None:
        return None
    aliases = entry.get("aliases") or []
    return EntityRecord(
        id=_text(entry.get("id")),
        name=name,
        type=type_,
        aliases=tuple(a for a in (clean_field(x) for x in aliases if isinstance(aliases, list)) if a),
        note=clean_field(entry.get("note"), 2000),
    )
