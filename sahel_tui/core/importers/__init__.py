"""Importers: one module per input format, each turning a file into :class:`ImportRecord` items.

A registry maps file suffixes to readers (datasette's shape: named
implementations behind one interface).  A reader yields records, or
:class:`Refusal` for a part it cannot use (a bad JSON line, an empty feed
item), and raises :class:`~sahel_tui.core.errors.SahelError` when the whole
file is unusable.  :mod:`sahel_tui.core.importing` writes the records into the
corpus and the workspace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from sahel_tui.core.importers import brat, feeds, html, jsonl, mail, text
from sahel_tui.core.importers.base import EntityRecord, ImportRecord, Item, MentionRecord, Refusal

Reader = Callable[[Path], Iterator[Item]]

READERS: dict[str, tuple[str, Reader]] = {}
for _suffixes, _name, _reader in (
    (text.SUFFIXES, "text", text.read_text),
    (text.MARKDOWN_SUFFIXES, "markdown", text.read_markdown),
    (html.SUFFIXES, "html", html.read_html),
    (feeds.SUFFIXES, "feed", feeds.read_feed),
    (feeds.JSON_SUFFIXES, "json feed", feeds.read_json_feed),
    (mail.EML_SUFFIXES, "e-mail", mail.read_eml),
    (mail.MBOX_SUFFIXES, "mbox", mail.read_mbox),
    (jsonl.SUFFIXES, "json lines", jsonl.read_jsonl),
    (brat.SUFFIXES, "brat", brat.read_brat),
):
    for _suffix in _suffixes:
        READERS[_suffix] = (_name, _reader)


def reader_for(path: Path) -> tuple[str, Reader] | None:
    """The format name and reader of ``path`` by its suffix (any case); ``None`` when unknown.

    A ``.txt`` with a ``.ann`` beside it is a brat document: it is read through the ``.ann``.
    """
    return READERS.get(path.suffix.lower())


def is_brat_text(path: Path) -> bool:
    return path.suffix.lower() == ".txt" and path.with_suffix(".ann").is_file()


__all__ = ["READERS", "EntityRecord", "ImportRecord", "Item", "MentionRecord", "Refusal", "is_brat_text", "reader_for"]
