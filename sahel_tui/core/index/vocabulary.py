"""The body vocabulary of a snapshot: sorted terms and document frequencies, per segment."""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Vocabulary:
    """The body terms (folded stems) of one segment, sorted, with document frequencies."""

    words: tuple[str, ...]
    freqs: tuple[int, ...]
    lookup: dict[str, int]

    @classmethod
    def read(cls, segment_reader: Any) -> Vocabulary:
        words: list[str] = []
        freqs: list[int] = []
        for term, info in segment_reader.iter_field("body"):
            words.append(term.decode("utf-8") if isinstance(term, bytes) else term)
            freqs.append(info.doc_frequency())
        return cls(tuple(words), tuple(freqs), {w: i for i, w in enumerate(words)})

    def freq(self, word: str) -> int:
        i = self.lookup.get(word)
        return self.freqs[i] if i is not None else 0

    def starting(self, prefix: str) -> Iterator[tuple[str, int]]:
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + "\uffff", lo)
        return zip(self.words[lo:hi], self.freqs[lo:hi])


class MultiVocabulary:
    """The body vocabulary of a whole snapshot: one :class:`Vocabulary` per segment."""

    def __init__(self, parts: list[Vocabulary]):
        self.parts = parts

    def freq(self, word: str) -> int:
        return sum(p.freq(word) for p in self.parts)

    def frequencies(self, prefix: str) -> dict[str, int]:
        """Every term starting with ``prefix`` and its document frequency."""
        if len(self.parts) == 1:
            return dict(self.parts[0].starting(prefix))
        found: dict[str, int] = {}
        for part in self.parts:
            for word, freq in part.starting(prefix):
                found[word] = found.get(word, 0) + freq
        return found

    def completions(self, prefix: str, limit: int) -> list[str]:
        """The ``limit`` most frequent terms starting with ``prefix``, most frequent first."""
        found = self.frequencies(prefix)
        return (
            heapq.nlargest(limit, found, key=lambda w: (found[w], w))
            if limit < len(found)
            else sorted(found, key=lambda w: (-found[w], w))
        )
