"""Highlighting: which words of a text match a query, and snippets around the densest matches.

Matching is the search's own (stems, folded accents, ``C-130``/``C130``), so the
reader highlights what the search found.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sahel_tui.core import analysis
from sahel_tui.core.engine import nodes as n
from sahel_tui.core.engine.base import EngineSnapshot
from sahel_tui.core.models import Highlight
from sahel_tui.core.search.rewrite import TEXT_FIELDS

SNIPPET_CHARS = 220
SNIPPET_SCAN = 1500


@dataclass(frozen=True)
class TermMatcher:
    """Which words of a text match a query: index terms (stems) and prefixes."""

    terms: frozenset[str]
    prefixes: tuple[str, ...] = ()
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> tuple[frozenset[str], tuple[str, ...]]:
        return (self.terms, self.prefixes)

    def matches(self, word: str) -> bool:
        seen = self._seen.get(word)
        if seen is None:
            seen = self._matches(word)
            if len(self._seen) < 50_000:
                self._seen[word] = seen
        return seen

    def _matches(self, word: str) -> bool:
        if self.terms and not self.terms.isdisjoint(analysis.word_terms(word)):
            return True
        if self.prefixes:
            folded = word.lower() if word.isascii() else analysis.fold(word)
            if folded.startswith(self.prefixes):
                return True
            if not folded.isalnum():  # a compound: its parts and joined form
                return any(s.startswith(self.prefixes) for s in analysis.word_surfaces(word))
        return False

    def spans(self, text: str) -> list[tuple[int, int]]:
        if not self.terms and not self.prefixes:
            return []
        matches = self.matches
        return [m.span() for m in analysis.TOKEN_RE.finditer(text) if matches(m.group(0))]

    @classmethod
    def from_terms(cls, terms: Iterable[str]) -> TermMatcher:
        """From query words and phrases; a word ending in ``*`` is a prefix."""
        stems: set[str] = set()
        prefixes: list[str] = []
        for term in terms:
            if term.endswith("*") and term.strip("*"):
                prefixes.append(analysis.prefix_key(term.rstrip("*")))
            else:
                stems.update(analysis.analyze(term))
        return cls(frozenset(stems), tuple(p for p in prefixes if p))


def find_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of the words of ``text`` that match ``SearchResults.terms``.

    Matching is the search's own (stems, folded accents, ``C-130``/``C130``), so the
    reader highlights what the search found.
    """
    words = [t for t in terms if len(analysis.analyze(t.rstrip("*"))) <= 1 or t.endswith("*")]
    phrases = [tuple(stems) for t in terms if t not in words and (stems := analysis.analyze(t))]
    spans = TermMatcher.from_terms(words).spans(text) if words else []
    if phrases:
        spans.extend(phrase_spans(text, phrases))
    return sorted(set(spans))


def phrase_spans(text: str, phrases: Sequence[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Where each phrase stands as a whole in ``text``: its words in order, common words between.

    ``"Russian forces"`` highlights "Russian forces", never a lone "Russian" or the
    "Force" of "Air Force".
    """
    tokens = [(m.span(), analysis.word_terms(m.group(0))) for m in analysis.TOKEN_RE.finditer(text)]
    tokens = [(span, terms) for span, terms in tokens if terms]  # common words do not break a phrase
    found: list[tuple[int, int]] = []
    for phrase in phrases:
        size = len(phrase)
        for i in range(len(tokens) - size + 1):
            if all(phrase[k] in tokens[i + k][1] for k in range(size)):
                found.append((tokens[i][0][0], tokens[i + size - 1][0][1]))
    return found


def make_snippet(text: str, matcher: TermMatcher, width: int = SNIPPET_CHARS) -> tuple[str, tuple[Highlight, ...]]:
    """A plain-text window of ``text`` around the densest matches, with highlight spans.

    Looks for matches in the first :data:`SNIPPET_SCAN` characters (the lead,
    where query words usually are), and in the rest only if there are none.
    """
    cut = text.rfind(" ", 0, SNIPPET_SCAN) + 1 if len(text) > SNIPPET_SCAN else len(text)
    spans = matcher.spans(text[:cut])
    if not spans and cut < len(text):
        spans = [(s + cut, e + cut) for s, e in matcher.spans(text[cut:])]
    start = _best_window(spans, width) if spans else 0
    if start > 0:
        cut = text.rfind(" ", max(0, start - 30), start)
        start = cut + 1 if cut >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start + width // 2, end)
        end = cut if cut > start else end
    return _render(text, start, end, [s for s in spans if s[0] >= start and s[1] <= end])


def _best_window(spans: list[tuple[int, int]], width: int) -> int:
    best_start, best_count, j = spans[0][0], 0, 0
    for i, (s, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= s + width - 20:
            j += 1
        if j - i > best_count:
            best_count, best_start = j - i, s
    return max(0, best_start - 40)


def _render(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> tuple[str, tuple[Highlight, ...]]:
    """Collapse whitespace and control characters; map spans into the rendered text."""
    out: list[str] = ["\u2026"] if start > 0 else []
    mapping: dict[int, int] = {}
    pending_space = False
    for i in range(start, end):
        ch = text[i]
        if ch.isspace() or unicodedata.category(ch)[0] == "C":
            pending_space = bool(out) and out[-1] != "\u2026"
            mapping[i] = len(out)
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        mapping[i] = len(out)
        out.append(ch)
    mapping[end] = len(out)
    if end < len(text):
        out.append("\u2026")
    highlights = tuple(Highlight(mapping[s], mapping[e - 1] + 1) for s, e in spans if s in mapping and e - 1 in mapping)
    return "".join(out), highlights


def query_matcher(snap: EngineSnapshot, q: n.Node | None, partial: str | None) -> TermMatcher:
    """The text terms a rewritten query matches (prefixes expanded), plus the half-typed word."""
    terms: set[str] = set()
    for leaf in n.positive_leaves(q):
        try:
            terms.update(snap.leaf_terms(leaf, TEXT_FIELDS))
        except Exception:
            continue
    prefixes = (analysis.prefix_key(partial),) if partial and analysis.prefix_key(partial) else ()
    return TermMatcher(frozenset(terms), prefixes)
