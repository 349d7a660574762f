"""Ranking on top of the engine's scores: several plain words rank first where they are adjacent."""

from __future__ import annotations

from sahel_tui.core.engine import nodes as n
from sahel_tui.core.engine.base import EngineSnapshot

RERANK_DEPTH = 100  # best-scored hits checked for adjacent query words
ADJACENT_FIELDS = ("title", "body")


def adjacent_words(parsed: n.Node | None) -> list[str]:
    """The plain words of a query of several plain words (their index terms, in order)."""
    if isinstance(parsed, n.And):
        words = [c.text for c in parsed.children if type(c) is n.Term and c.field == "text"]
        if len(words) >= 2:
            return words
    return []


def rerank_adjacent(snap: EngineSnapshot, words: list[str], top: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """``top`` with the articles where ``words`` stand next to each other, in order, first.

    Checks positions of the best-scored documents only (the engine looks up one
    posting list per word): far cheaper than a phrase clause evaluated over the
    whole result set.
    """
    adjacent = snap.adjacent_docs(ADJACENT_FIELDS, words, sorted(d for _, d in top))
    if not adjacent:
        return top
    bonus = max(score for score, _ in top)
    boosted = [(score + bonus if d in adjacent else score, d) for score, d in top]
    return sorted(boosted, key=lambda x: (-x[0], x[1]))
