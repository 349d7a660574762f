"""Bounded expansions over the body vocabulary: wildcards, prefixes, words within a few edits."""

from __future__ import annotations

import re
from heapq import nlargest

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from sahel_tui.core import analysis
from sahel_tui.core.engine.base import EngineSnapshot, TermVocabulary

MAX_EXPANSION = 50  # terms a wildcard may expand to


def similar_terms(snap: EngineSnapshot, text: str, maxdist: int) -> list[str]:
    """The most frequent vocabulary terms within ``maxdist`` edits of ``text``.

    Only terms with the same first letter (a prefix length of one keeps the
    comparison off the whole dictionary); rapidfuzz does the distances in C.
    """
    key = ("similar", text, maxdist)
    found = snap.cache.get(key)
    if found is None:
        pool = first_letter_pool(snap, text[:1])
        matches = process.extract(
            text, pool, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=MAX_EXPANSION * 4
        )
        vocab = snap.vocabulary()
        ranked = sorted(matches, key=lambda m: (m[1], -vocab.freq(m[0])))
        found = [m[0] for m in ranked[:MAX_EXPANSION]]
        snap.cache[key] = found
    return found


def first_letter_pool(snap: EngineSnapshot, letter: str) -> list[str]:
    key = ("first", letter)
    pool = snap.cache.get(key)
    if pool is None:
        pool = list(snap.vocabulary().frequencies(letter)) if letter else []
        snap.cache[key] = pool
    return pool


def wild_re(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern) + "$")


def expand(vocab: TermVocabulary, pattern: str) -> list[str]:
    """Up to MAX_EXPANSION most frequent vocabulary terms matching ``pattern`` (or a prefix)."""
    if "*" not in pattern and "?" not in pattern:
        return vocab.completions(pattern, MAX_EXPANSION)
    literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
    candidates = vocab.frequencies(literal)
    regexes = [wild_re(pattern)]
    tail = re.split(r"[*?]", pattern)[-1]
    stemmed = analysis.stem_word(tail) if tail else None
    if stemmed and stemmed != tail:  # the vocabulary holds stems: "*ade" must find "blockad"
        regexes.append(wild_re(pattern[: len(pattern) - len(tail)] + stemmed))
    matched = [w for w in candidates if any(r.match(w) for r in regexes)]
    if len(matched) <= MAX_EXPANSION:
        return matched
    return nlargest(MAX_EXPANSION, matched, key=candidates.__getitem__)
