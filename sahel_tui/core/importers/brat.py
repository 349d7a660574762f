"""brat standoff: a ``.txt`` with a ``.ann`` beside it (what ``export --format brat`` writes).

Text-bound annotations (``T1<TAB>LABEL 10 16<TAB>Niamey``) become mentions;
``Reference`` normalisations (``N1<TAB>Reference T1 catalog:niamey<TAB>Niamey``)
link them to catalog entities.  Discontinuous spans keep their outer bounds.
Other annotation kinds (relations, events, attributes, notes) are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from sahel_tui.core.errors import SahelError
from sahel_tui.core.importers.base import EntityRecord, ImportRecord, Item, MentionRecord, display_name, read_capped
from sahel_tui.core.text import decode_bytes

SUFFIXES = (".ann",)
_TEXT_BOUND = re.compile(r"^(T\d+)\t(\S+) (\d+) (\d+(?:;\d+ \d+)*)\t?(.*)$")
_REFERENCE = re.compile(r"^(N\d+)\tReference (T\d+) ([^\t]+)\t?(.*)$")


def read_brat(path: Path) -> Iterator[Item]:
    text_path = path.with_suffix(".txt")
    if not text_path.is_file():
        raise SahelError(f"no {text_path.name} beside the .ann file")
    raw = read_capped(text_path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = decode_bytes(raw)[0]
    spans: dict[str, tuple[int, int, str, str]] = {}
    links: dict[str, tuple[str, str]] = {}
    for line in read_capped(path).decode("utf-8", "replace").splitlines():
        bound = _TEXT_BOUND.match(line)
        if bound:
            tid, label, start, rest, exact = bound.groups()
            end = int(rest.split(";")[-1].split()[-1])
            spans[tid] = (int(start), end, label, exact)
            continue
        reference = _REFERENCE.match(line)
        if reference:
            _, tid, target, name = reference.groups()
            links[tid] = (target.split(":", 1)[-1], name)
    mentions = []
    entities: dict[str, EntityRecord] = {}
    for tid, (start, end, label, exact) in spans.items():
        entity_id, name = links.get(tid, (None, ""))
        if entity_id and entity_id not in entities:
            entities[entity_id] = EntityRecord(entity_id, name or exact, label)
        mentions.append(MentionRecord(start, end, label, entity_id, text=exact or None))
    return_record = ImportRecord(
        text=text,
        original_name=text_path.name,
        id=text_path.stem,
        mentions=tuple(mentions),
        entities=tuple(entities.values()),
        where=display_name(path),
    )
    yield return_record
