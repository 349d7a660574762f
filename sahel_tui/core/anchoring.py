"""Re-anchoring mentions when an article's body changes.

A mention stores its offsets, the body's sha256 and a W3C-style text quote (the
exact text and up to :data:`CONTEXT_CHARS` characters on each side).  When the
body is no longer the one the mention was made on, :func:`reanchor` looks for
the quoted text again:

1. the old offsets still hold the exact text: ``ok`` (a ``moved`` mention stays
   ``moved`` until an analyst confirms it);
2. the exact text occurs elsewhere: the occurrence whose surrounding text best
   matches the stored prefix/suffix wins, the nearest one on a tie.  It must
   share at least half of its context with the quote, or be a long text (at least
   :data:`DISTINCTIVE_CHARS`) that occurs only once; then the mention is ``moved``;
3. a fuzzy match of prefix + exact + suffix (rapidfuzz) finds where the passage
   went, and a close variant of the exact text inside it: ``moved``, with the quote
   updated to the new wording;
4. otherwise ``orphaned``: offsets, quote and sha256 are kept as they were (the
   mention is never dropped and never attached to other text), so a later body in
   which the text reappears re-anchors it again.

Offsets of an orphaned mention may lie outside the current body; readers must
not use them to slice it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from rapidfuzz import fuzz

from sahel_tui.core.models import Article, Mention, Quote

CONTEXT_CHARS = 32
DISTINCTIVE_CHARS = 12  # a quote this long that occurs once is the same text, whatever its context
MIN_CONTEXT_SCORE = 0.5  # share of prefix + suffix that must still surround an exact occurrence
MIN_FUZZY_CHARS = 4  # shorter quotes are only re-found exactly
MIN_PASSAGE_SCORE = 75.0  # rapidfuzz score of prefix + exact + suffix against the new body
MIN_EXACT_SCORE = 80.0  # rapidfuzz score of the exact text against its new wording


def make_quote(body: str, start: int, end: int) -> Quote:
    """The quote of ``body[start:end]`` with up to :data:`CONTEXT_CHARS` of context each side."""
    return Quote(
        exact=body[start:end],
        prefix=body[max(0, start - CONTEXT_CHARS) : start],
        suffix=body[end : end + CONTEXT_CHARS],
    )


def reanchor(mention: Mention, body: str, body_sha256: str) -> Mention:
    """The mention placed on ``body`` (see the module doc); unchanged when nothing moved."""
    exact = mention.quote.exact
    if _holds(body, mention.start, mention.end, exact):
        if mention.body_sha256 == body_sha256 and mention.state != "orphaned":
            return mention
        state = "moved" if mention.state == "moved" else "ok"
        return _placed(mention, body, body_sha256, mention.start, mention.end, state)
    span = _find_exact(mention.quote, body, mention.start) or _find_fuzzy(mention.quote, body)
    if span is None:
        return mention if mention.state == "orphaned" else replace(mention, state="orphaned")
    return _placed(mention, body, body_sha256, span[0], span[1], "moved")


def reanchor_all(mentions: Iterable[Mention], article: Article) -> tuple[list[Mention], bool]:
    """Every mention re-anchored on ``article.body``; ``changed`` when any of them moved."""
    before = list(mentions)
    placed = [reanchor(mention, article.body, article.body_sha256) for mention in before]
    return placed, any(new != old for new, old in zip(placed, before, strict=True))


def _holds(body: str, start: int, end: int, exact: str) -> bool:
    return bool(exact) and 0 <= start < end <= len(body) and body[start:end] == exact


def _placed(mention: Mention, body: str, sha: str, start: int, end: int, state: str) -> Mention:
    return replace(mention, start=start, end=end, quote=make_quote(body, start, end), body_sha256=sha, state=state)


# ---------------------------------------------------------------- exact search


def _occurrences(body: str, exact: str) -> list[int]:
    found, at = [], body.find(exact)
    while at != -1:
        found.append(at)
        at = body.find(exact, at + 1)
    return found


def _find_exact(quote: Quote, body: str, old_start: int) -> tuple[int, int] | None:
    """The best exact occurrence of the quote, if its context (or length) vouches for it."""
    if not quote.exact:
        return None
    starts = _occurrences(body, quote.exact)
    if not starts:
        return None
    best = max(starts, key=lambda s: (context_score(quote, body, s), -abs(s - old_start)))
    end = best + len(quote.exact)
    distinctive = len(starts) == 1 and len(quote.exact.strip()) >= DISTINCTIVE_CHARS
    if context_score(quote, body, best) >= MIN_CONTEXT_SCORE or distinctive:
        return best, end
    return None


def context_score(quote: Quote, body: str, start: int) -> float:
    """0..1: how much of the quote's prefix and suffix surround ``body[start:]`` now."""
    end = start + len(quote.exact)
    before = body[max(0, start - len(quote.prefix)) : start]
    after = body[end : end + len(quote.suffix)]
    return (
        _side_score(quote.prefix[::-1], before[::-1], start == 0) + _side_score(quote.suffix, after, end == len(body))
    ) / 2


def _side_score(expected: str, actual: str, at_edge: bool) -> float:
    """Share of ``expected`` that ``actual`` starts with (an empty side matches the text's edge)."""
    if not expected:
        return 1.0 if at_edge else 0.0
    common = 0
    for a, b in zip(expected, actual, strict=False):
        if a != b:
            break
        common += 1
    return common / len(expected)


# ---------------------------------------------------------------- fuzzy search


def _find_fuzzy(quote: Quote, body: str) -> tuple[int, int] | None:
    """Where a slightly reworded passage went: ``(start, end)`` of the new wording."""
    exact = quote.exact
    if len(exact.strip()) < MIN_FUZZY_CHARS or not body:
        return None
    needle = quote.prefix + exact + quote.suffix
    passage = fuzz.partial_ratio_alignment(needle, body, score_cutoff=MIN_PASSAGE_SCORE)
    if passage is None:
        return None
    lo = max(0, passage.dest_start - len(exact))
    hi = min(len(body), passage.dest_end + len(exact))
    window = body[lo:hi]
    found = fuzz.partial_ratio_alignment(exact, window, score_cutoff=MIN_EXACT_SCORE)
    if found is None:
        return None
    start, end = _snap_to_words(body, lo + found.dest_start, lo + found.dest_end, lo, hi)
    if start >= end or fuzz.ratio(exact, body[start:end]) < MIN_EXACT_SCORE:
        return None
    return start, end


def _snap_to_words(body: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """Widen a span that cuts a word to the whole word; trim surrounding spaces."""
    while start > lo and start < len(body) and body[start - 1].isalnum() and body[start].isalnum():
        start -= 1
    while end < hi and end > 0 and body[end].isalnum() and body[end - 1].isalnum():
        end += 1
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end
