"""CoNLL-style BIO: one token a line (``token<TAB>tag``), one sentence a block, ``# id = ...`` per article.

Sentences come from :func:`sahel_tui.core.sentences.split_sentences`; a token
takes ``B-LABEL`` when a mention starts in it, ``I-LABEL`` inside the mention, ``O`` outside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from sahel_tui.core.exporters.base import ExportItem
from sahel_tui.core.sentences import split_sentences

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


def tagged(item: ExportItem) -> list[list[tuple[str, str]]]:
    """The article's sentences as lists of (token, BIO tag)."""
    body = item.article.body
    mentions = sorted(item.placed, key=lambda m: (m.start, -m.end))
    sentences = []
    for start, end in split_sentences(body):
        rows = []
        current = None
        for match in _TOKEN.finditer(body, start, end):
            tok_start, tok_end = match.span()
            mention = next((m for m in mentions if m.start < tok_end and tok_start < m.end), None)
            if mention is None:
                tag, current = "O", None
            else:
                tag = f"{'I' if mention is current else 'B'}-{mention.label}"
                current = mention
            token = " ".join(match.group().split())
            rows.append((token, tag))
        if rows:
            sentences.append(rows)
    return sentences


def write(items: Iterable[ExportItem], stream: IO[str]) -> int:
    count = 0
    for item in items:
        stream.write(f"# id = {item.article.id}\n")
        for sentence in tagged(item):
            stream.write("".join(f"{token}\t{tag}\n" for token, tag in sentence))
            stream.write("\n")
        count += 1
    return count
