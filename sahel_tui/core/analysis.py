"""Whoosh analyzers for Sahel news text.

One analyzer serves indexing and queries, so that a word typed by an analyst
is reduced exactly as the same word in an article.  :class:`WordTokenizer`
does the word-level work in one pass:

* words are matched by :data:`TOKEN_RE`: runs of letters and digits, joined by
  hyphens or apostrophes (``C-130``, ``Al-Qaeda-linked``, ``Jama'at``,
  ``Mali’s``), and dotted abbreviations (``U.S.``);
* case, accents and special letters are folded with :func:`folding.fold`, the
  fold shared with entity detection, similarity and the catalog (``Diema``
  finds ``Diéma``, ``Lodz`` finds ``Łódź``, ``strasse`` finds ``straße``);
* hyphens and apostrophes: when indexing, a hyphenated word yields its parts at
  consecutive positions (so ``"al qaeda"`` and ``Al-Qaeda`` work as phrases)
  plus the joined form at the position of the first part (``alqaeda``,
  ``c130``).  In a query, a compound made of letters only yields its parts (a
  phrase), while a compound with digits yields the joined form only, so
  ``C-130`` and ``C130`` find each other.  Possessives (``Mali’s``) and French
  elisions (``l'Air``) are dropped; other apostrophes are removed (``Jama'at``
  -> ``jamaat``);
* stop words are dropped and positions count only the words kept, so phrases
  skip stop words the same way everywhere.

English stemming follows (``blockades`` finds ``blockade``).

Stored text keeps its accents and punctuation for display.  Any change to
these rules changes :data:`ANALYSIS_VERSION`, which forces an index rebuild.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from whoosh.analysis import Analyzer, NgramFilter, StemFilter, Tokenizer
from whoosh.analysis.acore import Token

from sahel_tui.core.folding import APOSTROPHES
from sahel_tui.core.folding import fold as fold  # the analyzers' fold, also used by queries

#: Bump whenever tokenisation, folding, stop words or stemming change.
ANALYSIS_VERSION = 3

#: Edge n-gram sizes of the search-as-you-type field.
NGRAM_MIN = 2
NGRAM_MAX = 8

_APOSTROPHES = APOSTROPHES
_HYPHENS = "\\-\u2010\u2011"  # for character classes
#: A word: letters/digits joined by hyphens or apostrophes, or a dotted abbreviation.
TOKEN_RE = re.compile(
    rf"(?:[^\W\d_]\.){{2,}}(?![^\W_])|\w+(?:[{_APOSTROPHES}{_HYPHENS}]\w+)*",
    re.UNICODE,
)
_PART_RE = re.compile(rf"[^{_HYPHENS}]+")
_ELISION_RE = re.compile(rf"^(?:qu|[cdjlmnst])[{_APOSTROPHES}](?=\w\w)")
_POSSESSIVE_RE = re.compile(rf"[{_APOSTROPHES}]s?$")
_APOSTROPHE_RE = re.compile(rf"[{_APOSTROPHES}]")
_SPECIAL_RE = re.compile(rf"[{_APOSTROPHES}{_HYPHENS}.]")

#: Whoosh's English stop words, minus those that carry meaning in this domain
#: ("US" troops, the month of "May", "will", "can", "not").
STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "have", "if",
        "in", "is", "it", "of", "on", "or", "that", "the", "this", "to", "we", "when",
        "with", "yet", "you", "your",
    }
)  # fmt: skip

_MAX_JOIN_PARTS = 4  # "Bamako-Gao-Tessalit-Niamay-Bamako" is a route, not a word


def _clean_part(part: str) -> str:
    """One hyphen-separated part without elision, possessive or inner apostrophes."""
    part = _ELISION_RE.sub("", part)
    part = _POSSESSIVE_RE.sub("", part)
    return _APOSTROPHE_RE.sub("", part)


def split_compound(word: str, transform: Callable[[str], str] | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of the parts of a tokenizer word, apostrophes handled.

    Positions are in ``word``; ``transform`` (the fold) is applied to each part
    before it is cleaned, so a part that folds to more characters keeps its span.

    >>> [p[2] for p in split_compound("Al-Qaeda-linked")]
    ['Al', 'Qaeda', 'linked']
    >>> [p[2] for p in split_compound("Mali’s")]
    ['Mali']
    """
    if word.endswith(".") and "." in word[:-1]:  # U.S. -> US
        text = word.replace(".", "")
        return [(0, len(word), transform(text) if transform else text)]
    parts = []
    for m in _PART_RE.finditer(word):
        text = _clean_part(transform(m.group(0)) if transform else m.group(0))
        if text:
            parts.append((m.start(), m.end(), text))
    return parts


class WordTokenizer(Tokenizer):
    """Words of :data:`TOKEN_RE`, folded (:func:`folding.fold`), compounds handled, stop words dropped.

    One pass instead of a tokenizer and four filters: indexing spends most of
    its time here.  Positions count kept words only, so phrases
    skip stop words the same way in articles and queries.
    """

    def __init__(self, stoplist: frozenset[str] = STOP_WORDS, minsize: int = 2):
        self.stops = frozenset(stoplist)
        self.min = minsize

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordTokenizer) and (self.stops, self.min) == (other.stops, other.min)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        pos = start_pos - 1
        matches = TOKEN_RE.finditer(value) if tokenize else [_Whole(value)]
        stops, minsize, special = self.stops, self.min, _SPECIAL_RE.search
        for m in matches:
            raw = m.group(0)
            text = fold(raw)
            if keeporiginal:
                t.original = raw
            if special(text) is None:  # the common case: a plain word
                if len(text) < minsize or text in stops:
                    if not removestops:
                        yield _set(t, text, pos, start_char + m.start(), start_char + m.end(), stopped=True)
                    continue
                pos += 1
                yield _set(t, text, pos, start_char + m.start(), start_char + m.end())
                continue
            parts = split_compound(raw, fold)
            if mode == "query" and len(parts) > 1 and any(c.isdigit() for c in text):
                parts = [(0, len(text), "".join(p[2] for p in parts))]
            kept = [p for p in parts if len(p[2]) >= minsize and p[2] not in stops]
            if not kept:
                if not removestops and parts:
                    yield _set(t, text, pos, start_char + m.start(), start_char + m.end(), stopped=True)
                continue
            base = start_char + m.start()
            first = pos + 1
            for start, end, part in kept:
                pos += 1
                yield _set(t, part, pos, base + start, base + end)
            if mode != "query" and 1 < len(parts) <= _MAX_JOIN_PARTS:
                yield _set(t, "".join(p[2] for p in parts), first, base, base + parts[-1][1])


class _Whole:
    """A stand-in regex match covering a whole value (Whoosh's ``tokenize=False``)."""

    def __init__(self, value: str):
        self.value = value

    def group(self, _: int) -> str:
        return self.value

    def start(self) -> int:
        return 0

    def end(self) -> int:
        return len(self.value)


def _set(t: Token, text: str, pos: int, startchar: int, endchar: int, stopped: bool = False) -> Token:
    t.text = text
    t.stopped = stopped
    if t.positions:
        t.pos = pos
    if t.chars:
        t.startchar, t.endchar = startchar, endchar
    return t


def _base(stops: frozenset[str] = STOP_WORDS) -> Analyzer:
    return WordTokenizer(stops)


def text_analyzer() -> Analyzer:
    """The analyzer of title, body and names: words, folding, compounds, stop words, stems."""
    return _base() | StemFilter(cachesize=-1)  # an unbounded dict: the fastest cache


def plain_analyzer() -> Analyzer:
    """Folding and compounds without stemming or stop words (sources, surface words)."""
    return _base(frozenset())


def prefix_analyzer() -> Analyzer:
    """Edge n-grams (2-8 chars) of folded words, for search-as-you-type."""
    return _base(frozenset()) | NgramFilter(NGRAM_MIN, NGRAM_MAX, at="start")


_TEXT = text_analyzer()
_PLAIN = plain_analyzer()


def analyze(text: str, mode: str = "query") -> list[str]:
    """Index terms of ``text`` for title/body/names, as Whoosh would produce them."""
    return [t.text for t in _TEXT(text, mode=mode)]


@lru_cache(maxsize=200_000)
def word_terms(word: str) -> frozenset[str]:
    """All index terms one tokenizer word produces (used to find matches in text)."""
    return frozenset(t.text for t in _TEXT(word, mode="index"))


@lru_cache(maxsize=200_000)
def word_surfaces(word: str) -> tuple[str, ...]:
    """Folded, unstemmed forms of one tokenizer word: its parts and joined form."""
    return tuple(t.text for t in _PLAIN(word, mode="index"))


def prefix_key(word: str) -> str:
    """The folded form of a half-typed word, compounds joined (``C-13`` -> ``c13``)."""
    parts = [p[2] for m in TOKEN_RE.finditer(word) for p in split_compound(m.group(0))]
    return fold("".join(parts))


@lru_cache(maxsize=100_000)
def stem_word(word: str) -> str | None:
    """The body/title term of one folded surface word, or None for a stop word."""
    terms = [t.text for t in _TEXT(word, mode="query")]
    return terms[0] if len(terms) == 1 else None
