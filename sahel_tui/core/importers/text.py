"""Plain text (``.txt``) and Markdown (``.md``): the corpus cleaner does the rest.

Markdown is stripped to text: headings stay as lines of their own, emphasis,
links, images, code fences and list markers lose their markup, block quotes
their ``>``.  HTML inside Markdown is reduced to its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from sahel_tui.core.importers.base import ImportRecord, Item, display_name, read_capped
from sahel_tui.core.text import decode_bytes, normalize

SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]*)`")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def read_text(path: Path) -> Iterator[Item]:
    text, _ = decode_bytes(read_capped(path))
    yield ImportRecord(text=normalize(text), original_name=path.name, title_in_text=True, where=display_name(path))


def read_markdown(path: Path) -> Iterator[Item]:
    text, _ = decode_bytes(read_capped(path))
    yield ImportRecord(
        text=markdown_to_text(normalize(text)), original_name=path.name, title_in_text=True, where=display_name(path)
    )


def _inline(line: str) -> str:
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _REF_LINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    for _ in range(3):  # nested emphasis
        line = _EMPHASIS.sub(r"\2", line)
    return _TAG.sub("", line)


def markdown_to_text(markdown: str) -> str:
    """Markdown -> text: a heading is a line (and paragraph) of its own; the words are all kept."""
    out: list[str] = []
    in_fence = False
    for raw in markdown.split("\n"):
        if _FENCE.match(raw):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence:
            out.append(raw)
            continue
        if _REF_DEF.match(raw) or (_RULE.match(raw) and not _SETEXT.match(raw)):
            out.append("")
            continue
        if _SETEXT.match(raw) and out and out[-1].strip():
            out.append("")  # the line above was a heading: end its paragraph
            continue
        heading = _HEADING.match(raw)
        if heading:
            out.extend(["", _inline(heading.group(1)), ""])
            continue
        line = _QUOTE.sub("", raw)
        line = _LIST.sub("", line)
        out.append(_inline(line).rstrip())
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
