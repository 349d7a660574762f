"""The one text-folding family: matching, indexing, similarity and catalog names.

Every comparison of words in sahel-tui goes through :func:`fold`, so a name
folds the same way wherever it is looked up (``Łódź`` -> ``lodz``, ``straße`` ->
``strasse``, ``Diéma`` -> ``diema``).  One code point at a time:

* case is folded with ``str.casefold`` (``ß`` -> ``ss``, ``ẞ`` -> ``ss``);
* compatibility forms are decomposed (NFKD: ``ﬁ`` -> ``fi``, full-width letters
  -> ASCII) and combining marks are dropped (accents);
* letters that carry no decomposition are spelled in Latin letters:
  ``ł`` -> ``l``, ``ø`` -> ``o``, ``đ`` -> ``d``, ``æ`` -> ``ae``, ``œ`` -> ``oe``,
  ``þ`` -> ``th``, ``ı`` -> ``i`` ...;
* apostrophe look-alikes become ``'`` and dash look-alikes ``-``.

A character may fold to several characters (``ß``) or to none (a lone
combining mark).  :func:`fold_with_offsets` returns, for callers that must map
positions back to the original text (entity detection), where each folded
character came from.  The variants built on :func:`fold`: :func:`fold_name`
(catalog names: spacing squashed too) and the analyzers and similarity
features, which fold each word with :func:`fold`.

Changing the table changes index terms: bump ``analysis.ANALYSIS_VERSION`` and
``similarity.CACHE_VERSION`` with it.
"""

from __future__ import annotations

import re
import unicodedata

#: Apostrophe look-alikes, folded to ``'``.
APOSTROPHES = "'\u2019\u2018\u02bc\u2032\u02bb"
#: Dash look-alikes, folded to ``-`` (hyphen, non-breaking hyphen, figure dash, en and em dash, minus).
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"

#: Letters without a Unicode decomposition, spelled in Latin letters (lower case: applied after casefold).
SPECIAL_LETTERS = {
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "ŀ": "l",
    "ĸ": "k",
    "ŋ": "n",
    **{ch: "'" for ch in APOSTROPHES},
    **{ch: "-" for ch in DASHES},
}


def fold_char(ch: str) -> str:
    """The fold of one code point: zero, one or several characters."""
    out = []
    for c in ch.casefold():
        special = SPECIAL_LETTERS.get(c)
        if special is not None:
            out.append(special)
            continue
        decomposed = unicodedata.normalize("NFKD", c)
        if any(d.isspace() for d in decomposed):  # e.g. U+00A8 -> " ̈": keep the canonical form
            decomposed = unicodedata.normalize("NFD", c)
        out.extend(SPECIAL_LETTERS.get(d, d) for d in decomposed if not unicodedata.combining(d))
    return "".join(out)


class _FoldTable(dict[int, str]):
    """``str.translate`` table that computes and remembers the fold of each code point."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        if len(folded) != 1:
            _UNEVEN.add(chr(code))
        return folded


_TABLE = _FoldTable()
_UNEVEN: set[str] = set()  # characters seen so far that fold to zero or several characters
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group(0).translate(_TABLE)


def fold(text: str) -> str:
    """Case-, accent- and look-alike-free form of ``text`` (the base of every comparison).

    Equal to folding each character with :func:`fold_char`; ASCII runs are only
    lowered (``str.lower`` first is safe: a character and its lower case fold alike).
    """
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return _NON_ASCII.sub(_fold_run, lowered)


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)`` and, when lengths differ, the original index of each folded character.

    ``None`` means one folded character per original character (the common
    case), so positions are the same in both texts.
    """
    if text.isascii():
        return text.lower(), None
    folded = text.translate(_TABLE)  # character by character: fills _UNEVEN for every character of text
    if _UNEVEN.isdisjoint(text):
        return folded, None
    origin: list[int] = []
    for index, ch in enumerate(text):
        origin.extend([index] * len(_TABLE[ord(ch)]))
    return folded, origin


def fold_name(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name (catalog keys and duplicate checks)."""
    return " ".join(fold(text).split())
