"""Help while typing and after a miss: completion of the last word, did-you-mean, surface words.

As you type, the unfinished last word is a prefix served by an edge n-gram
field (title and names) and the most frequent completions among body terms,
never by an unbounded prefix query.  After a search with few results, rare or
unknown words are replaced by the most frequent term within a small edit
distance, written as some article writes it.
"""

from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from sahel_tui.core import analysis
from sahel_tui.core.engine import nodes as n
from sahel_tui.core.engine.base import EngineSnapshot
from sahel_tui.core.search.expand import first_letter_pool
from sahel_tui.core.search.query import outside_quotes
from sahel_tui.core.search.rewrite import TEXT_FIELDS, or_

COMPLETIONS = 6  # body terms a half-typed word of 4+ letters expands to


def partial_clause(snap: EngineSnapshot, word: str) -> n.Node | None:
    """The half-typed last word, as a bounded OR.

    Title and entity names: one edge n-gram term (longer prefixes: a prefix
    query, which expands to few terms).  Body: the word itself and its most
    frequent completions, fewer for shorter prefixes.
    """
    key = analysis.prefix_key(word)
    if len(key) < analysis.NGRAM_MIN:  # one letter says too little to search for
        return None
    clauses: list[n.Node] = []
    if len(key) <= analysis.NGRAM_MAX:
        clauses.append(n.Term("prefix", key))
        body_fields: tuple[str, ...] = ("body",)
    else:
        clauses.extend(n.Prefix(f, key) for f in ("title", "names"))
        body_fields = TEXT_FIELDS
    whole = analysis.analyze(word)
    if len(whole) == 1:
        clauses.extend(n.Term(f, whole[0]) for f in body_fields)
    elif whole:
        clauses.extend(n.Phrase(f, tuple(whole)) for f in body_fields)
    limit = COMPLETIONS if len(key) >= 4 else len(key) - 1  # short prefixes: fewer, broader terms
    for term in completions(snap, key)[:limit]:
        if term not in whole:
            clauses.append(n.Term("body", term))
    return or_(clauses) if clauses else None


def completions(snap: EngineSnapshot, key: str) -> list[str]:
    """The most frequent body terms starting with ``key``, and stems ``key`` starts with."""
    cache_key = ("complete", key)
    found = snap.cache.get(cache_key)
    if found is None:
        vocab = snap.vocabulary()
        found = vocab.completions(key, COMPLETIONS)
        for cut in range(max(3, len(key) - 3), len(key)):  # "operati" -> stem "oper"
            if vocab.freq(key[:cut]) and key[:cut] not in found:
                found.append(key[:cut])
        snap.cache[cache_key] = found
    return found


# -- suggestions -------------------------------------------------------------------------------


def correction(snap: EngineSnapshot, stem: str) -> str | None:
    """The most frequent body term within a small edit distance of ``stem``."""
    vocab = snap.vocabulary()
    if len(stem) < 3:
        return None
    pool = first_letter_pool(snap, stem[0])
    cutoff = 1 if len(stem) <= 4 else 2
    matches = process.extract(stem, pool, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=20)
    matches = [m for m in matches if m[0] != stem and vocab.freq(m[0]) > vocab.freq(stem)]
    if not matches:
        return None
    best = min(matches, key=lambda m: (m[1], -vocab.freq(m[0])))
    return best[0]


def surface(snap: EngineSnapshot, stem: str) -> str | None:
    """A word as written in some article whose index term is ``stem``."""
    key = ("surface", stem)
    if key in snap.cache:
        cached: str | None = snap.cache[key]
        return cached
    word = None
    for fieldname in ("title", "body"):
        try:
            docnums = snap.docs_with_term(fieldname, stem)[:3]
        except Exception:
            docnums = []
        for docnum in docnums:
            text = snap.stored_text(docnum, fieldname)
            for m in analysis.TOKEN_RE.finditer(text):
                if stem in analysis.word_terms(m.group(0)):
                    word = m.group(0).lower()
                    break
            if word:
                break
        if word:
            break
    snap.cache[key] = word
    return word


def suggest(snap: EngineSnapshot, text: str, total: int) -> str | None:
    """A corrected query string, when some words are unknown or rare."""
    vocab = snap.vocabulary()
    replaced = text
    changed = False
    for lo, hi in reversed(outside_quotes(text)):
        segment = text[lo:hi]
        for m in reversed(list(analysis.TOKEN_RE.finditer(segment))):
            word = m.group(0)
            before = segment[: m.start()]
            if re.search(r"\w:$", before) or word in ("AND", "OR", "NOT", "TO"):
                continue
            stems = analysis.analyze(word)
            if len(stems) != 1 or any(ch.isdigit() for ch in word):
                continue
            freq = vocab.freq(stems[0])
            if freq and total:  # the query found what it asked for: leave its words alone
                continue
            fixed = correction(snap, stems[0])
            if fixed is None or (freq and vocab.freq(fixed) < 5 * freq):
                continue
            word_as_written = surface(snap, fixed)
            if not word_as_written:
                continue
            start, end = lo + m.start(), lo + m.end()
            replaced = replaced[:start] + word_as_written + replaced[end:]
            changed = True
    return replaced.strip() if changed else None
