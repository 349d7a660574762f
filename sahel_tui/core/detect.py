"""Finding catalog names and aliases in article text.

Used by the index (articles are findable by an entity's canonical name even when
they only use an alias or a misspelling), by annotation suggestions and "annotate
all occurrences", and by the comparison's fact differences.

Matching folds case, accents and special letters with :mod:`folding`
(``Diema`` matches ``Diéma``, ``Lodz`` matches ``Łódź``) on a folded copy of the
text; positions are mapped back to the original, so offsets stay valid even
where one character folds to two (``ß`` -> ``ss``).
Short all-capital aliases (``AES``, ``US``) match case-sensitively, so that the
pronoun "us" is not the United States.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sahel_tui.core.folding import fold as fold  # re-exported: the fold detection matches with
from sahel_tui.core.folding import fold_with_offsets
from sahel_tui.core.models import Entity


def _strict(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(alias) <= 4 and all(c.isupper() for c in letters)


TRIE_DEPTH = 100


def _trie_pattern(names: Iterable[str]) -> str:
    """One regex alternation of ``names`` (spaces match any run of whitespace), as a prefix trie.

    It matches what ``longest|...|shortest`` would (at each point the longer names are
    tried first, and a shorter one only when a longer one fails), but shares the work
    of common prefixes, so a catalog of thousands of names stays fast.
    """
    names = list(names)
    # Names longer than TRIE_DEPTH (hostile files) go first as plain alternatives, so
    # that neither this recursion nor the regex's nesting gets deep.
    long = sorted((n for n in names if len(n) > TRIE_DEPTH), key=len, reverse=True)
    end = ""  # marks a node where a name ends (no name is empty, so it is never a character)
    trie: dict[str, Any] = {}
    for name in names:
        if len(name) > TRIE_DEPTH:
            continue
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[end] = {}

    def pattern(node: dict[str, Any]) -> str:
        pieces = [(r"\s+" if ch == " " else re.escape(ch)) + pattern(child) for ch, child in node.items() if ch]
        if not pieces:
            return ""
        body = pieces[0] if len(pieces) == 1 else "(?:" + "|".join(pieces) + ")"
        return f"(?:{body})?" if end in node else body

    return "|".join([*(re.escape(n).replace(r"\ ", r"\s+") for n in long), pattern(trie)])


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entity: str
    alias: str  # the catalog name or alias that matched


def _original_span(origin: list[int] | None, start: int, end: int, length: int) -> tuple[int, int]:
    """A span of the folded text as a span of the original (marks folded away stay inside)."""
    if origin is None:
        return start, end
    return origin[start], origin[end] if end < len(origin) else length


class EntityMatcher:
    """Finds every catalog name and alias in a text, longest match first."""

    def __init__(self, entities: Iterable[Entity]):
        folded: dict[str, set[str]] = {}
        strict: dict[str, set[str]] = {}
        self._alias_of: dict[tuple[str, str], str] = {}
        for entity in entities:
            for name in entity.names:
                name = " ".join(name.split())
                if len(name) < 2:
                    continue
                if _strict(name):
                    strict.setdefault(name, set()).add(entity.id)
                else:
                    folded.setdefault(fold(name), set()).add(entity.id)
                self._alias_of[(entity.id, fold(name))] = name
        self._folded = folded
        self._strict = strict
        self._folded_re = self._compile(folded)
        self._strict_re = self._compile(strict)

    @staticmethod
    def _compile(names: dict[str, set[str]]) -> re.Pattern[str] | None:
        if not names:
            return None
        return re.compile(rf"(?<!\w)(?:{_trie_pattern(names)})(?![\w])", re.UNICODE)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches, sorted by start; the longest wins on overlap."""
        found: list[Match] = []
        if self._folded_re is not None:
            folded_text, origin = fold_with_offsets(text)
            for m in self._folded_re.finditer(folded_text):
                key = " ".join(m.group(0).split())
                start, end = _original_span(origin, m.start(), m.end(), len(text))
                for entity_id in sorted(self._folded.get(key, ())):
                    found.append(Match(start, end, entity_id, self._alias_of.get((entity_id, key), key)))
        if self._strict_re is not None:
            for m in self._strict_re.finditer(text):
                key = " ".join(m.group(0).split())
                for entity_id in sorted(self._strict.get(key, ())):
                    found.append(Match(m.start(), m.end(), entity_id, key))
        found.sort(key=lambda x: (x.start, -(x.end - x.start), x.entity))
        result: list[Match] = []
        last_end = -1
        last_span: tuple[int, int] | None = None
        for match in found:
            if (match.start, match.end) == last_span:
                result.append(match)  # one span, several entities sharing an alias
                continue
            if match.start < last_end:
                continue
            result.append(match)
            last_end = match.end
            last_span = (match.start, match.end)
        return result

    def entity_ids(self, text: str) -> list[str]:
        """Distinct entity ids found in ``text``, in order of first appearance."""
        seen: dict[str, None] = {}
        for match in self.find(text):
            seen.setdefault(match.entity, None)
        return list(seen)
