"""Side-by-side comparison of two articles: shared core, additions, fact differences.

:func:`compare` splits both bodies into sentences, scores every sentence pair by
the overlap of their content-word stems (Dice coefficient), and pairs sentences
one to one, best score first, keeping pairs above :data:`MIN_PAIR_SCORE`.  So a
sentence finds its counterpart even when it was paraphrased or moved; sentences
left over are what one source has and the other has not.  Within each pair a
word-level diff marks the words that differ.

Fact differences answer "what does this source add" at a glance: catalog
entities (from the analysts' mentions and from alias detection), dates, numbers,
identifiers (``5UMBH``) and other proper names found on one side only, compared
in normalised form (``C130`` = ``C-130``, ``20 August`` = ``August 20``).

Everything a comparison screen needs is here: :meth:`Comparison.rows` gives the
aligned rows in reading order, :func:`render_text` the CLI's plain-text report.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from sahel_tui.core import detect
from sahel_tui.core.models import Article, Mention
from sahel_tui.core.sentences import SENTENCE_OPENERS, split_sentences
from sahel_tui.core.similarity import STOPWORDS, content_words, normalise, text_similarity, words
from sahel_tui.core.text import safe_line

MIN_PAIR_SCORE = 0.3  # paraphrases of the seed story score 0.3-0.6; unrelated sentences < 0.3
SAME, PARAPHRASE, LEFT_ONLY, RIGHT_ONLY = "same", "paraphrase", "left_only", "right_only"
LEFT, RIGHT = "left", "right"

# -- data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article: its position in reading order and its span in the body."""

    index: int
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class WordSpan:
    """A word that differs, as a span relative to the start of its sentence."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class SentencePair:
    left: Sentence
    right: Sentence
    score: float  # in [0, 1]
    kind: str  # "same" (identical after normalisation) | "paraphrase"
    left_words: tuple[WordSpan, ...] = ()  # words of the left sentence missing on the right
    right_words: tuple[WordSpan, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "left": self.left.to_json(),
            "right": self.right.to_json(),
            "score": round(self.score, 4),
            "kind": self.kind,
            "left_words": [w.to_json() for w in self.left_words],
            "right_words": [w.to_json() for w in self.right_words],
        }


@dataclass(frozen=True)
class Fact:
    """Something one side reports and the other does not."""

    side: str  # "left" | "right"
    kind: str  # "date" | "number" | "identifier" | "name" | an entity label (LOCATION, ...)
    text: str  # as written in the article (catalog name for entities)
    key: str  # normalised form used for matching ("2023-10-27", "c130", "1200")
    start: int  # first occurrence in that side's body
    end: int
    context: str = ""  # the words around the first occurrence
    entity: str | None = None  # catalog entity id, for entity facts

    def to_json(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "kind": self.kind,
            "text": self.text,
            "key": self.key,
            "start": self.start,
            "end": self.end,
            "context": self.context,
            "entity": self.entity,
        }


@dataclass(frozen=True)
class EntityDiff:
    shared: tuple[str, ...] = ()  # entity ids found in both articles
    left_only: tuple[str, ...] = ()
    right_only: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()  # one-sided facts, left side first, in reading order
    names: dict[str, str] = field(default_factory=dict)  # entity id -> display name

    def to_json(self) -> dict[str, Any]:
        return {
            "shared": list(self.shared),
            "left_only": list(self.left_only),
            "right_only": list(self.right_only),
            "names": dict(self.names),
            "facts": [f.to_json() for f in self.facts],
        }


class Row(NamedTuple):
    """One row of the side-by-side view (words to highlight are relative to each sentence)."""

    left: Sentence | None
    right: Sentence | None
    kind: str  # "same" | "paraphrase" | "left_only" | "right_only"
    score: float
    left_words: tuple[WordSpan, ...] = ()
    right_words: tuple[WordSpan, ...] = ()


@dataclass(frozen=True)
class Comparison:
    left_id: str
    right_id: str
    left_title: str
    right_title: str
    similarity: float  # the similarity index's score of the two bodies, in [0, 1]
    pairs: tuple[SentencePair, ...]  # in the left article's reading order
    left_only: tuple[Sentence, ...]
    right_only: tuple[Sentence, ...]
    entities: EntityDiff

    def facts(self, side: str) -> tuple[Fact, ...]:
        """The facts only ``side`` ("left" or "right") reports."""
        return tuple(f for f in self.entities.facts if f.side == side)

    def rows(self) -> list[Row]:
        """Aligned rows in reading order: pairs share a row, unique sentences sit where they occur.

        The left article's order is kept; a right-only sentence comes right after
        the row holding the right sentence before it.
        """
        by_left = {p.left.index: p for p in self.pairs}
        rows: list[Row] = []
        for sentence in sorted([*self.left_only, *(p.left for p in self.pairs)], key=lambda s: s.index):
            pair = by_left.get(sentence.index)
            if pair is None:
                rows.append(Row(sentence, None, LEFT_ONLY, 0.0))
            else:
                rows.append(Row(pair.left, pair.right, pair.kind, pair.score, pair.left_words, pair.right_words))
        for sentence in sorted(self.right_only, key=lambda s: s.index):
            rows.insert(_row_after(rows, sentence.index - 1), Row(None, sentence, RIGHT_ONLY, 0.0))
        return rows

    def to_json(self) -> dict[str, Any]:
        return {
            "left": {"id": self.left_id, "title": self.left_title},
            "right": {"id": self.right_id, "title": self.right_title},
            "similarity": round(self.similarity, 4),
            "pairs": [p.to_json() for p in self.pairs],
            "left_only": [s.to_json() for s in self.left_only],
            "right_only": [s.to_json() for s in self.right_only],
            "entities": self.entities.to_json(),
        }


def _row_after(rows: list[Row], right_index: int) -> int:
    """Insertion point just after the row holding right sentence ``right_index`` (0 if none)."""
    if right_index < 0:
        return 0
    for position, row in enumerate(rows):
        if row.right is not None and row.right.index == right_index:
            return position + 1
    return 0


# -- comparison ---------------------------------------------------------------------


def compare(
    left: Article,
    right: Article,
    *,
    left_mentions: Iterable[Mention] = (),
    right_mentions: Iterable[Mention] = (),
    matcher: detect.EntityMatcher | None = None,
    catalog_names: Mapping[str, str] | None = None,
    entity_types: Mapping[str, str] | None = None,
    similarity: float | None = None,
) -> Comparison:
    """Compare two articles.

    ``matcher`` finds catalog names and aliases in both bodies; ``catalog_names``
    (entity id -> canonical name) and ``entity_types`` (entity id -> label id)
    make the fact list readable.  Mentions add the analysts' own annotations,
    including entities the matcher cannot see and unlinked names.  Pass the
    similarity index's score as ``similarity`` to show the same number as the
    "similar articles" list (it discounts the corpus's common words); without
    it the score is computed from the two texts alone.
    """
    left_sentences = body_sentences(left.body)
    right_sentences = body_sentences(right.body)
    pairs, left_only, right_only = align(left_sentences, right_sentences)
    entities = _entity_diff(
        (left.body, tuple(left_mentions)),
        (right.body, tuple(right_mentions)),
        matcher,
        dict(catalog_names or {}),
        dict(entity_types or {}),
    )
    return Comparison(
        left_id=left.id,
        right_id=right.id,
        left_title=left.title,
        right_title=right.title,
        similarity=text_similarity(left.body, right.body) if similarity is None else similarity,
        pairs=pairs,
        left_only=left_only,
        right_only=right_only,
        entities=entities,
    )


def body_sentences(body: str) -> list[Sentence]:
    """The sentences of an article body, in reading order."""
    return [Sentence(i, start, end, body[start:end]) for i, (start, end) in enumerate(split_sentences(body))]


# -- sentence alignment -------------------------------------------------------------


def sentence_score(left: frozenset[str], right: frozenset[str]) -> float:
    """Dice overlap of two sets of content stems, smoothed so that one shared word of a
    two-word heading is not a match."""
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    return 2 * len(left & right) / (len(left) + len(right) + 1)


def align(
    left: list[Sentence], right: list[Sentence], min_score: float = MIN_PAIR_SCORE
) -> tuple[tuple[SentencePair, ...], tuple[Sentence, ...], tuple[Sentence, ...]]:
    """One-to-one sentence pairs (best score first) and the sentences left without one."""
    left_stems = [frozenset(content_words(s.text)) for s in left]
    right_stems = [frozenset(content_words(s.text)) for s in right]
    candidates = sorted(
        (
            (-score, i, j)
            for i, stems in enumerate(left_stems)
            for j, other in enumerate(right_stems)
            if stems & other and (score := sentence_score(stems, other)) >= min_score
        ),
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs: list[SentencePair] = []
    for negative, i, j in candidates:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        pairs.append(_pair(left[i], right[j], -negative))
    pairs.sort(key=lambda p: p.left.index)
    left_only = tuple(s for s in left if s.index not in used_left)
    right_only = tuple(s for s in right if s.index not in used_right)
    return tuple(pairs), left_only, right_only


_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_WORD = re.compile(r"[^\W_]+")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, key)`` of each word of a sentence; key is the normalised word."""
    out = []
    for match in _TOKEN.finditer(text):
        key = "".join(_WORD.findall(normalise(match.group(0))))
        out.append((match.start(), match.end(), key))
    return out


def _pair(left: Sentence, right: Sentence, score: float) -> SentencePair:
    left_tokens, right_tokens = _tokens(left.text), _tokens(right.text)
    left_keys = [k for _, _, k in left_tokens]
    right_keys = [k for _, _, k in right_tokens]
    if left_keys == right_keys:
        return SentencePair(left, right, 1.0, SAME)
    left_words, right_words = _differing_words(left.text, right.text, left_tokens, right_tokens)
    return SentencePair(left, right, score, PARAPHRASE, left_words, right_words)


def _differing_words(
    left_text: str,
    right_text: str,
    left_tokens: list[tuple[int, int, str]],
    right_tokens: list[tuple[int, int, str]],
) -> tuple[tuple[WordSpan, ...], tuple[WordSpan, ...]]:
    """Words outside the matching blocks of a token diff, except words merely moved."""
    left_keys = [k for _, _, k in left_tokens]
    right_keys = [k for _, _, k in right_tokens]
    matcher = difflib.SequenceMatcher(None, left_keys, right_keys, autojunk=False)
    left_changed: list[int] = []
    right_changed: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            left_changed.extend(range(i1, i2))
            right_changed.extend(range(j1, j2))
    left_set, right_set = set(left_keys), set(right_keys)
    left_words = tuple(
        WordSpan(s, e, left_text[s:e]) for s, e, k in (left_tokens[i] for i in left_changed) if k not in right_set
    )
    right_words = tuple(
        WordSpan(s, e, right_text[s:e]) for s, e, k in (right_tokens[j] for j in right_changed) if k not in left_set
    )
    return left_words, right_words


# -- facts --------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000,
}  # fmt: skip

#: Lower-case words that may join the capitalised words of one name (Chief of the General Staff).
NAME_JOINERS = ("of the", "of", "de", "du", "des", "la", "le", "al", "el", "bin", "ben", "ag", "ould")

#: Lower-case prefixes glued to a name word (al-Islam, wal-Muslimin).
NAME_PREFIXES = ("al", "el", "wal", "ad", "ag", "ar", "as", "at", "ben", "bin", "ibn", "ould")

#: Hyphenated endings that turn a name into an adjective (Al-Qaeda-linked, Defense-controlled).
COMPOUND_ENDINGS = ("linked", "backed", "led", "based", "controlled", "affiliated", "allied", "owned", "run", "born")

#: Capitalised words that are not names on their own.
NOT_NAMES = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december
    """.split()
)

_MONTH = r"(?P<month>" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
DATE_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"),
    re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR}\b)?"),
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b"),
    re.compile(rf"(?<![\w.,-]){_YEAR}(?![\w-])"),
)
_NUMBER = re.compile(r"(?<![\w.,-])\d+(?:,\d{3})*(?:\.\d+)?(?:\s?%|\s+per\s?cent)?(?![\w-])")
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
_IDENTIFIER = re.compile(r"\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])(?!\d+(?:st|nd|rd|th)\b)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b")
_NAME_WORD = rf"(?:(?:{'|'.join(NAME_PREFIXES)})-)?[A-Z](?:[\w'’-]*\w)?"
_JOINER = "|".join(j.replace(" ", r"\s+") for j in NAME_JOINERS)
_NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?:(?:{_JOINER})\s+)?{_NAME_WORD})*")
_COMPOUND_ENDING = re.compile(rf"-(?:{'|'.join(COMPOUND_ENDINGS)})\b")
_MASK = "\x00"
_POSSESSIVE_END = re.compile(r"['’]s?$")
_CONTEXT = 40


class _Found:
    """One side's facts, first occurrence kept, and the spans of the body they claim."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.facts: dict[tuple[str, str], Fact] = {}  # ("entity", id) or (kind, key)
        self.taken = bytearray(len(body))  # 1 where a fact was found

    def overlaps(self, start: int, end: int) -> bool:
        return any(self.taken[start:end])

    def add(self, kind: str, text: str, key: str, start: int, end: int, entity: str | None = None) -> None:
        self.taken[start:end] = b"\x01" * (end - start)
        slot = ("entity", entity) if entity else (kind, key)
        if slot not in self.facts:
            self.facts[slot] = Fact("", kind, text, key, start, end, _context(self.body, start, end), entity)


def _context(body: str, start: int, end: int) -> str:
    before = body[max(0, start - _CONTEXT) : start].split(None, 1)[-1] if start > _CONTEXT else body[:start]
    after = body[end : end + _CONTEXT].rsplit(None, 1)[0] if len(body) - end > _CONTEXT else body[end:]
    return " ".join(f"{before}{body[start:end]}{after}".split())


def extract_facts(
    body: str,
    mentions: Iterable[Mention] = (),
    matcher: detect.EntityMatcher | None = None,
    catalog_names: Mapping[str, str] | None = None,
    entity_types: Mapping[str, str] | None = None,
) -> dict[tuple[str, str], Fact]:
    """Facts of one article, keyed by ``("entity", id)`` or ``(kind, normalised key)``.

    Entities (mentions, then catalog matches), dates, numbers, identifiers and
    names are looked for in that order; a span of text is claimed by the first.
    """
    found = _Found(body)
    names = catalog_names or {}
    types = entity_types or {}
    for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
        if mention.state == "orphaned" or not 0 <= mention.start < mention.end <= len(body):
            continue
        if mention.entity:
            text = names.get(mention.entity, mention.text)
            found.add(mention.label, text, mention.entity, mention.start, mention.end, mention.entity)
        else:
            found.add(mention.label, mention.text, normalise(mention.text), mention.start, mention.end)
    for match in matcher.find(body) if matcher is not None else ():
        label = types.get(match.entity, "ENTITY")
        text = names.get(match.entity, body[match.start : match.end])
        found.add(label, text, match.entity, match.start, match.end, match.entity)
    _find_dates(found)
    _find_numbers(found)
    _find_identifiers(found)
    _find_names(found)
    return found.facts


def _find_dates(found: _Found) -> None:
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(found.body):
            if not found.overlaps(match.start(), match.end()):
                found.add("date", match.group(0), _date_key(match), match.start(), match.end())


def _date_key(match: re.Match[str]) -> str:
    """``YYYY-MM-DD``, ``--MM-DD`` (no year), ``YYYY-MM`` or ``YYYY``."""
    parts = match.groupdict()
    month = parts.get("month")
    number = int(month) if month and month.isdigit() else MONTHS.get((month or "").lower().rstrip("."))
    year, day = parts.get("year"), parts.get("day")
    if number is None:
        return str(year)
    if day is None:
        return f"{year}-{number:02d}"
    return f"{year or '-'}-{number:02d}-{int(day):02d}"


def _find_numbers(found: _Found) -> None:
    for match in _NUMBER.finditer(found.body):
        if not found.overlaps(match.start(), match.end()):
            found.add("number", match.group(0), _number_key(match.group(0)), match.start(), match.end())
    for match in _NUMBER_WORD.finditer(found.body):
        if not found.overlaps(match.start(), match.end()):
            key = str(NUMBER_WORDS[match.group(0).lower()])
            found.add("number", match.group(0), key, match.start(), match.end())


def _number_key(text: str) -> str:
    """``1,200`` -> ``1200``, ``3.50`` -> ``3.5``, ``12 per cent`` -> ``12%``."""
    digits = text.split("%")[0].split("per")[0].replace(",", "").strip()
    whole, _, fraction = digits.partition(".")
    key = (whole.lstrip("0") or "0") + ("." + fraction.rstrip("0") if fraction.rstrip("0") else "")
    return key + ("%" if "%" in text or "per" in text else "")


def _find_identifiers(found: _Found) -> None:
    for match in _IDENTIFIER.finditer(found.body):
        if not found.overlaps(match.start(), match.end()):
            key = normalise(match.group(0)).replace("-", "")
            found.add("identifier", match.group(0), key, match.start(), match.end())


def _find_names(found: _Found) -> None:
    """Runs of capitalised words outside headings and outside facts already found.

    A sentence's first word is only part of a name when it is capitalised
    elsewhere too, or when a longer run follows it and it is not a stop word.
    """
    masked = _masked(found)
    runs: list[tuple[int, int, bool]] = []
    capitalised_inside: set[str] = set()
    for start, end in split_sentences(found.body):
        if found.body[end - 1] not in _SENTENCE_END:
            continue  # a heading: title case says nothing about names
        for match in _NAME.finditer(masked, start, end):
            initial = not masked[start : match.start()].strip(_LEADING)
            runs.append((match.start(), match.end(), initial))
            if not initial:
                capitalised_inside.add(match.group(0).split()[0])
    for start, end, initial in runs:
        span = _name_span(masked, start, end, initial, capitalised_inside)
        if span is not None:
            text = found.body[span[0] : span[1]]
            found.add("name", text, normalise(text), *span)


_SENTENCE_END = ".!?\"'”’)"
_LEADING = " \t\n\"'“‘(["


def _masked(found: _Found) -> str:
    """The body with facts already found and compound endings blanked out (offsets kept)."""
    chars = [_MASK if taken else ch for ch, taken in zip(found.body, found.taken)]
    for match in _COMPOUND_ENDING.finditer(found.body):
        chars[match.start() : match.end()] = _MASK * (match.end() - match.start())
    return "".join(chars)


def _name_span(
    masked: str, start: int, end: int, initial: bool, capitalised_inside: set[str]
) -> tuple[int, int] | None:
    """The part of a capitalised run that is a name, or None."""
    parts = masked[start:end].split()
    first = parts[0]
    opener = len(parts) == 1 or first.lower() in STOPWORDS or first.lower() in SENTENCE_OPENERS
    if initial and first not in capitalised_inside and opener:
        start = masked.index(parts[1], start + len(first)) if len(parts) > 1 else end
    text = _POSSESSIVE_END.sub("", masked[start:end])
    if len(text) < 2 or text.lower() in STOPWORDS or all(w.lower() in NOT_NAMES for w in text.split()):
        return None
    return start, start + len(text)


# -- one-sided facts ----------------------------------------------------------------


def _entity_diff(
    left: tuple[str, tuple[Mention, ...]],
    right: tuple[str, tuple[Mention, ...]],
    matcher: detect.EntityMatcher | None,
    names: dict[str, str],
    types: dict[str, str],
) -> EntityDiff:
    left_facts = extract_facts(left[0], left[1], matcher, names, types)
    right_facts = extract_facts(right[0], right[1], matcher, names, types)
    left_entities = _entity_order(left_facts)
    right_entities = _entity_order(right_facts)
    one_sided = [
        *_one_sided(LEFT, left_facts, right_facts, right[0]),
        *_one_sided(RIGHT, right_facts, left_facts, left[0]),
    ]
    display = {f.entity: f.text for f in [*left_facts.values(), *right_facts.values()] if f.entity}
    return EntityDiff(
        shared=tuple(e for e in left_entities if e in right_entities),
        left_only=tuple(e for e in left_entities if e not in right_entities),
        right_only=tuple(e for e in right_entities if e not in left_entities),
        facts=tuple(one_sided),
        names=display,
    )


def _entity_order(facts: dict[tuple[str, str], Fact]) -> list[str]:
    seen: dict[str, None] = {}
    for fact in sorted(facts.values(), key=lambda f: f.start):
        if fact.entity:
            seen.setdefault(fact.entity, None)
    return list(seen)


#: Kinds of facts that are not entity types, in the order they are shown (after entity types).
FACT_KINDS = ("date", "number", "identifier", "name")
#: The heading of each kind's group of facts.
FACT_KIND_NAMES = {"date": "dates", "number": "numbers", "identifier": "identifiers", "name": "names"}
_PLAIN = tuple(kind for kind in FACT_KINDS if kind != "name")  # compared by normalised key


def fact_group_key(group: str, label_order: Mapping[str, int] | None = None) -> tuple[int, int, str]:
    """Sort key of a group of facts: entity types first (in ``label_order``), then :data:`FACT_KINDS`."""
    if group in FACT_KINDS:
        return (1, FACT_KINDS.index(group), "")
    return (0, (label_order or {}).get(group, len(label_order or ())), group)


def fact_group_name(group: str) -> str:
    """The heading of a group of facts (``dates``, ...); an entity type's group keeps its name."""
    return FACT_KIND_NAMES.get(group, group)


def _one_sided(
    side: str, mine: dict[tuple[str, str], Fact], theirs: dict[tuple[str, str], Fact], their_body: str
) -> list[Fact]:
    """Facts of ``mine`` with no counterpart in ``theirs``, in reading order, tagged with ``side``.

    A name also counts as shared when the other text contains it anywhere (even
    where it was not picked up as a name, e.g. as a sentence's first word).
    """
    their_entities = {f.entity for f in theirs.values() if f.entity}
    their_keys = {(f.kind, f.key) for f in theirs.values() if f.kind in _PLAIN}
    their_names = [f.key for f in theirs.values() if not f.entity and f.kind not in _PLAIN]
    their_dates = [f.key for f in theirs.values() if f.kind == "date"]
    their_words = f" {' '.join(words(their_body))} "
    out = []
    for fact in sorted(mine.values(), key=lambda f: f.start):
        if fact.entity:
            shared = fact.entity in their_entities
        elif fact.kind == "date":
            shared = any(_dates_agree(fact.key, other) for other in their_dates)
        elif fact.kind in _PLAIN:
            shared = (fact.kind, fact.key) in their_keys
        else:
            shared = any(_names_agree(fact.key, other) for other in their_names)
            shared = shared or f" {' '.join(words(fact.text))} " in their_words
        if not shared:
            out.append(replace(fact, side=side))
    return out


def fact_overlap(body: str, other: str) -> tuple[int, int]:
    """``(shared, total)``: how many of the facts found in ``body`` (dates, numbers,
    identifiers, names) ``other`` reports too, and how many there are."""
    mine, theirs = extract_facts(body), extract_facts(other)
    return len(mine) - len(_one_sided(LEFT, mine, theirs, other)), len(mine)


def _dates_agree(left: str, right: str) -> bool:
    """Same date, or one is a less precise form of the other (``--08-20`` vs ``2023-08-20``)."""
    if left == right:
        return True
    short, long_ = sorted((left, right), key=len)
    if short.startswith("--"):
        return long_.endswith(short[1:]) and len(long_) == 10
    return long_.startswith(short + "-")


def _names_agree(left: str, right: str) -> bool:
    """Same name, or a shorter form of it: several of its words (``Modibo Keita`` in
    ``Modibo Keita International Airport``) or its last word (``Traoré``, ``Sahel``)."""
    if left == right:
        return True
    short, long_ = sorted((left, right), key=len)
    if " " in short:
        return f" {short} " in f" {long_} "
    return long_.endswith(f" {short}")


# -- plain-text report --------------------------------------------------------------


def _display(text: str) -> str:
    """Untrusted article text made safe for a terminal, on one line."""
    return " ".join(safe_line(text).split())


def render_text(comparison: Comparison, width: int = 100, label_order: Sequence[str] = ()) -> str:
    """The comparison as plain text: summary, shared core, each side's additions, facts.

    Facts are grouped as in the TUI: entity types first (in ``label_order``, the
    workspace's label ids), then dates, numbers, identifiers and names.
    """
    width = max(40, width)
    c = comparison
    same = sum(1 for p in c.pairs if p.kind == SAME)
    summary = (
        f"similarity {c.similarity:.3f} · {len(c.pairs)} sentence pairs ({same} same, "
        f"{len(c.pairs) - same} paraphrase) · {len(c.left_only)} only left · {len(c.right_only)} only right"
    )
    lines = [
        *_wrap(f"{c.left_id}  {c.left_title}", width, "LEFT   "),
        *_wrap(f"{c.right_id}  {c.right_title}", width, "RIGHT  "),
        *_wrap(summary, width, ""),
        "",
        f"SHARED CORE ({len(c.pairs)})",
    ]
    for pair in c.pairs:
        lines.append(f"  [{pair.score:.2f} {pair.kind}]")
        lines += _wrap(pair.left.text, width, "    L  ")
        lines += _wrap(pair.right.text, width, "    R  ")
    for title, sentences in ((f"ONLY LEFT {c.left_id}", c.left_only), (f"ONLY RIGHT {c.right_id}", c.right_only)):
        lines += ["", *_wrap(f"{title} ({len(sentences)})", width, "")]
        for sentence in sentences:
            lines += _wrap(sentence.text, width, "  - ")
    lines += ["", "FACTS"]
    lines += _wrap(_entity_list(c.entities.shared, c.entities.names) or "none", width, "  shared entities: ")
    for side, label in ((LEFT, f"only left {c.left_id}"), (RIGHT, f"only right {c.right_id}")):
        lines += _wrap(f"{label}:", width, "  ")
        facts = c.facts(side)
        if not facts:
            lines.append("    none")
        for kind, items in _by_kind(facts, label_order):
            lines += _wrap("; ".join(_display(f.text) for f in items), width, f"    {fact_group_name(kind).lower()}: ")
    return "\n".join(lines) + "\n"


def _entity_list(ids: Iterable[str], names: Mapping[str, str]) -> str:
    return ", ".join(_display(names.get(i, i)) for i in ids)


def _by_kind(facts: Iterable[Fact], label_order: Sequence[str] = ()) -> list[tuple[str, list[Fact]]]:
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(fact.kind, []).append(fact)
    rank = {label: n for n, label in enumerate(label_order)}
    return sorted(groups.items(), key=lambda item: fact_group_key(item[0], rank))


def _wrap(text: str, width: int, prefix: str) -> list[str]:
    return textwrap.wrap(_display(text), width=width, initial_indent=prefix, subsequent_indent=" " * len(prefix)) or [
        prefix.rstrip()
    ]
