"""Raw article files -> :class:`~sahel_tui.core.models.Article`.

The corpus is one flat folder of ``*.txt`` files (UTF-8 preferred; see
:func:`sahel_tui.core.text.decode_bytes` for the other encodings read).  Any
file name works: the article id is the stem when that is a plain id, else a
slug plus a hash of the name (:func:`sahel_tui.core.ids.article_id_for_file`),
and the article then records its original file name.  Hidden files,
sub-folders, other extensions (``README.md``, notes, images) and symlinks
leading out of the corpus are ignored.

Cleaning turns a scraped page into the article text:

1. a leading `` date 2024-03-22 `` marker gives the date (never guessed otherwise);
2. outlet footers and wire-agency signatures at the end give the source;
3. a "Related Stories" tail (and the teaser list before it) is cut off;
4. single boilerplate lines (``Advertisement``, ``2 min read``, ``Updated on``,
   share and subscribe prompts, photo credits) are dropped;
5. photo captions, recognised by repetition, are dropped, and so are the
   related-story teaser headlines they are interleaved with after the last
   paragraph;
6. a title line is taken from the top; otherwise one is derived from the lead
   sentence (``title_derived``);
7. lines are assembled into paragraphs: hard-wrapped lines are re-joined,
   section headings stay paragraphs of their own.

Each kind of junk is a row of data (:data:`BOILERPLATE`, :data:`TAIL_MARKERS`,
:data:`OUTLETS`, :data:`WIRE_AGENCIES`, :data:`FOOTERS`): a new outlet's junk
is one more line there.  Every dropped line is kept in :attr:`Article.removed`.
"""

from __future__ import annotations

import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sahel_tui.core import metadata
from sahel_tui.core.errors import InvalidInput, Problem, SahelError
from sahel_tui.core.ids import article_id_for_file, derived_article_id, is_valid_article_id
from sahel_tui.core.models import Article
from sahel_tui.core.sentences import first_sentence
from sahel_tui.core.text import decode_bytes, hazards, line_of, normalize, safe_line, sha256_text

ARTICLE_SUFFIXES = (".txt",)
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
TITLE_MAX = 90  # derived titles: clause cuts up to this length
TITLE_SOFT_MAX = 100  # derived titles: phrase cuts (before a preposition) up to this length
TITLE_LINE_MAX = 150  # a first line longer than this is never a title
HEADING_MAX = 100  # a line without final punctuation longer than this is a hard-wrapped line
_RULE_LINE_MAX = 160  # boilerplate rules only look at lines this short
_FOOTER_LINES = 8  # footer rules look at this many non-blank lines from the end

# -- rules as data ------------------------------------------------------------------


@dataclass(frozen=True)
class LineRule:
    """A whole line (stripped, case-insensitive) that is page furniture, not article text."""

    name: str
    pattern: str
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, re.IGNORECASE))

    def matches(self, line: str) -> bool:
        return len(line) <= _RULE_LINE_MAX and self.regex.fullmatch(line) is not None


BOILERPLATE: tuple[LineRule, ...] = (
    LineRule("advertisement", r"[-–—\s]*(?:advert(?:is|i)?e?ments?|sponsored(?: content)?)[-–—\s]*"),
    LineRule("updated", r"(?:last\s+)?(?:updated|published|posted)(?:\s+on)?\s*:?(?:\s*.{0,60}\d.{0,40})?"),
    LineRule("reading time", r"\d{1,3}\s*(?:-\s*)?min(?:ute)?s?\s+read"),
    LineRule("share", r"(?:share|tweet|print|email)(?: this)?(?: (?:article|story|page))?(?: (?:on|via) \w+)?:?"),
    LineRule("subscribe", r"(?:follow us|subscribe|sign up)(?:\s+(?:to|on|for)\b.{0,60})?"),
    LineRule("no stories", r"no (?:related )?(?:stories|articles|posts) found\.?"),
    LineRule("read also", r"(?:read more|read also|also read|lire aussi|see also)\b.{0,120}"),
    LineRule("photo credit", r"\(?(?:photo|photograph|image|picture|file photo)s?(?: credit| by)?\s*[:©].{0,100}"),
)

TAIL_MARKERS: tuple[LineRule, ...] = (
    LineRule("related", r"(?:related|more) (?:stories|articles|posts|news|content|coverage)\s*:?"),
    LineRule("also like", r"you (?:may|might) also (?:like|be interested in)\s*:?"),
    LineRule("read next", r"(?:read next|recommended(?: for you)?|trending(?: now)?|most read|latest news)\s*:?"),
)


@dataclass(frozen=True)
class Outlet:
    """A news outlet whose footer lines (full-line regexes) name it as the source."""

    name: str
    footers: tuple[str, ...]
    regexes: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regexes", tuple(re.compile(p, re.IGNORECASE) for p in self.footers))

    def matches(self, line: str) -> bool:
        return any(regex.fullmatch(line) for regex in self.regexes)


OUTLETS: tuple[Outlet, ...] = (
    Outlet("Inter Bellum News", (r"inter bellum news", r"(?:https?://)?(?:www\.)?interbellumnews\.com/?")),
)

# Wire agencies whose staff initials end an article: ``MD/ac/Sf/fss/as/APA``.
WIRE_AGENCIES: dict[str, str] = {
    "APA": "APA",
    "AFP": "AFP",
    "AP": "AP",
    "ANP": "ANP",
    "AIP": "AIP",
    "APS": "APS",
    "MAP": "MAP",
    "PANA": "PANA",
    "XINHUA": "Xinhua",
}
_WIRE_SIGNATURE = re.compile(r"(?:[A-Za-z]{1,6}/){2,12}([A-Za-z]{2,8})")
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})/?", re.IGNORECASE)

# Other footer lines: (full-line regex, how the source is read from the match).
FOOTERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]], ...] = (
    (re.compile(r"sources?\s*:\s*(.{2,60}?)\.?", re.IGNORECASE), lambda m: m.group(1)),
    (
        re.compile(
            r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(.{2,80}?)\.?(?:\s*all rights reserved\.?)?",
            re.IGNORECASE,
        ),
        lambda m: m.group(1),
    ),
)

_DATE_MARKER = re.compile(r"date:?\s+(\d{4}-\d{2}-\d{2})(?=\s|$)\s*", re.IGNORECASE)
_TERMINAL = frozenset(".!?…:")
_NOT_HEADING_END = frozenset(".,;:")
_CLOSERS = "\"'”’»)]"
_CONTINUATION = frozenset(",;–—-")

# -- line classification -------------------------------------------------------------


def _last_char(line: str) -> str:
    trimmed = line.rstrip(_CLOSERS)
    return trimmed[-1:] if trimmed else ""


def ends_sentence(line: str) -> bool:
    return _last_char(line) in _TERMINAL


def _starts_lower(line: str) -> bool:
    return bool(line) and line[0].islower()


def _word_count(line: str, limit: int = 64) -> int:
    """Words in ``line``, counting no further than ``limit`` (cheap on huge lines)."""
    return len(line[: limit * 20].split(None, limit))


def is_heading(line: str, max_len: int = HEADING_MAX, max_words: int = 14) -> bool:
    """A short line with no final punctuation that does not start in lower case."""
    if not line or len(line) > max_len or _starts_lower(line):
        return False
    if _last_char(line) in _NOT_HEADING_END:
        return False
    return _word_count(line) <= max_words


def is_prose(line: str) -> bool:
    """A line of running text: a sentence end and at least eight words."""
    return ends_sentence(line) and _word_count(line) >= 8


# -- the cleaning draft ----------------------------------------------------------------


@dataclass
class _Block:
    lines: list[str] = field(default_factory=list)
    indexes: list[int] = field(default_factory=list)  # line numbers (0-based) of ``lines``
    had_caption: bool = False


@dataclass
class _Draft:
    lines: list[str]
    kept: list[bool] = field(default_factory=list)
    removed: list[tuple[int, str]] = field(default_factory=list)  # (line index, text)
    captions: set[int] = field(default_factory=set)
    date: str | None = None
    source: str | None = None
    tail_cut: bool = False
    warnings: list[tuple[int | None, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.kept = [True] * len(self.lines)

    def remove(self, index: int, text: str | None = None) -> None:
        if self.kept[index] and self.lines[index]:
            self.removed.append((index, self.lines[index] if text is None else text))
        self.kept[index] = False

    def removed_in_order(self) -> tuple[str, ...]:
        return tuple(text for _, text in sorted(self.removed, key=lambda item: item[0]))

    def live(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if self.kept[i] and line]


def _take_date_marker(draft: _Draft) -> None:
    """`` date 2024-03-22 `` at the very start: the date, removed from the text."""
    live = draft.live()
    if not live:
        return
    index = live[0]
    match = _DATE_MARKER.match(draft.lines[index])
    if match is None:
        return
    value = match.group(1)
    try:
        draft.date = metadata.check_date(value)
    except InvalidInput:
        draft.warnings.append((index + 1, f"date marker {value!r} is not a valid date; ignored"))
    draft.removed.append((index, match.group(0).strip()))
    draft.lines[index] = draft.lines[index][match.end() :]


def _squash(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _footer_source(line: str, domain_label: str | None) -> tuple[bool, str | None]:
    """Is ``line`` an outlet or wire footer, and which source does it name?"""
    for outlet in OUTLETS:
        if outlet.matches(line):
            return True, outlet.name
    wire = _WIRE_SIGNATURE.fullmatch(line)
    if wire is not None and wire.group(1).isupper():
        code = wire.group(1)
        return True, WIRE_AGENCIES.get(code, code)
    if domain_label and _squash(line) == domain_label and is_heading(line, 60, 6):
        return True, line
    domain = _DOMAIN.fullmatch(line)
    if domain is not None:
        return True, domain.group(1).lower()
    for pattern, source in FOOTERS:
        match = pattern.fullmatch(line)
        if match is not None:
            return True, (source(match) or "").strip() or None
    return False, None


def _take_footer(draft: _Draft) -> None:
    """Outlet footer lines and wire signatures at the end: the source, removed from the text."""
    domain_label: str | None = None
    found: list[str] = []
    for index in reversed(draft.live()[-_FOOTER_LINES:]):
        line = draft.lines[index]
        if len(line) > _RULE_LINE_MAX:
            break
        if any(rule.matches(line) for rule in BOILERPLATE):
            continue
        is_footer, source = _footer_source(line, domain_label)
        if not is_footer:
            break
        draft.remove(index)
        domain = _DOMAIN.fullmatch(line)
        if domain is not None:
            domain_label = _squash(domain.group(1).split(".")[0])
        if source:
            found.append(source)
    draft.source = _pick_source(found)


def _pick_source(found: list[str]) -> str | None:
    """A known outlet or agency first, then a name line, then a bare domain."""
    known = frozenset(outlet.name for outlet in OUTLETS) | frozenset(WIRE_AGENCIES.values())
    tests: tuple[Callable[[str], bool], ...] = (
        lambda s: s in known,
        lambda s: _DOMAIN.fullmatch(s) is None,
        lambda s: True,
    )
    for wanted in tests:
        for source in found:
            if wanted(source):
                return source
    return None


def _cut_related_tail(draft: _Draft) -> None:
    """From a "Related Stories" marker with no paragraph after it, to the end."""
    marker: int | None = None
    for index in reversed(draft.live()):
        line = draft.lines[index]
        if is_prose(line):
            break
        if len(line) <= 60 and any(rule.matches(line) for rule in TAIL_MARKERS):
            marker = index
    if marker is None:
        return
    for index in range(marker, len(draft.lines)):
        draft.remove(index)
    draft.tail_cut = True


def _drop_boilerplate(draft: _Draft) -> None:
    for index in draft.live():
        if any(rule.matches(draft.lines[index]) for rule in BOILERPLATE):
            draft.remove(index)


def _drop_captions(draft: _Draft) -> None:
    """Lines repeated on the page are photo captions (also with a credit appended)."""
    live = draft.live()
    counts = Counter(draft.lines[i] for i in live if 20 <= len(draft.lines[i]) <= 200)
    captions = {line for line, n in counts.items() if n > 1}
    if all(draft.lines[i] in captions for i in live):
        return  # nothing but repeated lines: that is the text, not captions around it
    lengths = sorted({len(c) for c in captions})  # at most 181 distinct lengths
    seen: set[str] = set()
    for index in live:
        line = draft.lines[index]
        if line in captions or any(line[:n] in captions for n in lengths if 0 < len(line) - n <= 80):
            draft.remove(index)
            draft.captions.add(index)
        elif len(line) > 200:
            if line in seen:
                draft.remove(index)  # a whole paragraph scraped twice
            seen.add(line)


def _blocks(draft: _Draft) -> list[_Block]:
    """Kept lines grouped by blank lines; removed lines do not split a block."""
    blocks: list[_Block] = []
    current = _Block()
    for index, line in enumerate(draft.lines):
        if not line and draft.kept[index]:
            if current.lines:
                blocks.append(current)
            current = _Block()
        elif draft.kept[index]:
            current.lines.append(line)
            current.indexes.append(index)
        elif index in draft.captions:
            current.had_caption = True
    if current.lines:
        blocks.append(current)
    return blocks


def _drop_teasers(draft: _Draft, blocks: list[_Block]) -> list[_Block]:
    """Related-story headlines after the last paragraph: between captions, or before a cut tail."""
    last_prose = max((i for i, b in enumerate(blocks) if any(is_prose(line) for line in b.lines)), default=-1)
    if last_prose < 0:
        return blocks
    kept = blocks[: last_prose + 1]
    for position, block in enumerate(blocks[last_prose + 1 :], start=last_prose + 1):
        headlines = all(is_heading(line) for line in block.lines)
        link_list = draft.tail_cut and position == len(blocks) - 1 and len(block.lines) > 1
        if headlines and (block.had_caption or link_list):
            for index in block.indexes:
                draft.remove(index)
        else:
            kept.append(block)
    return kept


# -- paragraphs --------------------------------------------------------------------


def _is_wrapped(lines: list[str]) -> bool:
    """Lines hard-wrapped at a fixed width: every line but the last 40-100 chars, most ending mid-sentence."""
    inner = lines[:-1]
    if not inner or not all(40 <= len(line) <= HEADING_MAX for line in inner):
        return False
    return sum(ends_sentence(line) for line in inner) * 2 < len(inner)


def _continues(previous: str, line: str, wrapped: bool) -> bool:
    """Is ``line`` the continuation of the paragraph that ``previous`` ends?"""
    if wrapped:
        return True
    if ends_sentence(previous):
        return False
    return _starts_lower(line) or len(previous) > HEADING_MAX or _last_char(previous) in _CONTINUATION


def _join(parts: list[str], line: str) -> None:
    if parts[-1].endswith("-") and not parts[-1].endswith(" -") and _starts_lower(line):
        parts[-1] += line  # a word hyphenated at the line end keeps its hyphen
    else:
        parts.append(line)


def paragraphs_of(lines: list[str]) -> list[str]:
    """The paragraphs of one block of consecutive lines."""
    start = 0
    result: list[str] = []
    while (
        start < len(lines) - 1
        and is_heading(lines[start])
        and len(lines[start]) < 40
        and not _continues(lines[start], lines[start + 1], wrapped=False)
    ):
        result.append(lines[start])  # short headings before a wrapped paragraph
        start += 1
    body = lines[start:]
    wrapped = _is_wrapped(body)
    parts: list[str] = []
    previous = ""
    for line in body:
        if parts and _continues(previous, line, wrapped):
            _join(parts, line)
        else:
            if parts:
                result.append(" ".join(parts))
            parts = [line]
        previous = line
    if parts:
        result.append(" ".join(parts))
    return result


# -- titles --------------------------------------------------------------------------

_INTRO_WORDS = frozenset(
    "amid amidst after following despite although though while whilst as with in during against "
    "given facing under beyond before since because when once on at over for from unlike like by "
    "to amongst among throughout".split()
)
_CLAUSE = re.compile(r"\s*[,;:]\s+|\s+[–—]\s+|\s+-\s+")
_PHRASE = re.compile(
    r"\s+(?=(?:in|for|within|amid|amidst|with|to|after|following|as|over|on|against|at|from|by|"
    r"since|during|while|which|that|who|including|under|into|across|near)\s)"
)


def _is_list_comma(sentence: str, end: int) -> bool:
    """A comma inside an enumeration (``Burkina Faso, Mali, and Niger``)."""
    following = sentence[end:].split(",", 1)[0]
    return len(following.split()) <= 3 or following.startswith(("and ", "or "))


def _clause_cuts(sentence: str) -> list[int]:
    cuts = []
    for match in _CLAUSE.finditer(sentence):
        if sentence[match.start()] == "," and _is_list_comma(sentence, match.end()):
            continue
        cuts.append(match.start())
    return cuts


def _drop_long_intro(sentence: str) -> str:
    """``Amid escalating tensions ... region, Niger has ...`` -> ``Niger has ...``."""
    cuts = _clause_cuts(sentence)
    if not cuts or sentence.split(None, 1)[0].lower().strip(",") not in _INTRO_WORDS:
        return sentence
    intro = sentence[: cuts[0]]
    rest = sentence[cuts[0] :].lstrip(" ,;:–—-")
    if len(intro) > 25 and len(rest) >= 20:
        return rest
    return sentence


def _best_cut(cuts: list[int], low: int, high: int) -> int | None:
    fitting = [c for c in cuts if low <= c <= high]
    return max(fitting) if fitting else None


def derive_title(lead: str) -> str:
    """A short title from the lead sentence, cut at a clause boundary (about 90 chars at most)."""
    sentence = first_sentence(lead).rstrip(_CLOSERS).rstrip(".…:;, ")
    sentence = " ".join(_drop_long_intro(sentence).split())
    if len(sentence) > TITLE_MAX:
        cut = _best_cut(_clause_cuts(sentence), 30, TITLE_MAX)
        if cut is None:
            cut = _best_cut([m.start() for m in _PHRASE.finditer(sentence)], 30, TITLE_SOFT_MAX)
        if cut is not None:
            sentence = sentence[:cut].rstrip(" ,;:")
        else:
            sentence = sentence[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    if not sentence:  # nothing but punctuation: show the lead itself
        sentence = " ".join(lead[: TITLE_MAX * 2].split())[:TITLE_MAX]
    return sentence[:1].upper() + sentence[1:]


def _is_title_line(block: _Block, more_blocks: bool) -> bool:
    lines = block.lines
    line = lines[0]
    if not (len(lines) > 1 or more_blocks):
        return False
    if not is_heading(line, TITLE_LINE_MAX, 25) or _last_char(line) in _CONTINUATION:
        return False
    return not (len(lines) > 1 and (_starts_lower(lines[1]) or _is_wrapped(lines)))


# -- overrides -------------------------------------------------------------------------


def _apply_override(article: Article, override: Any) -> Article:
    """The article with its metadata overrides, each checked by :func:`metadata.check_field`.

    A ``None`` value removes what the cleaning found (the title is always kept);
    an invalid value is a problem on the article and is ignored.
    """
    where = safe_line(str(article.path))
    if not isinstance(override, Mapping):
        problem = Problem(where, None, "metadata entry must be a mapping of title/date/source/url; ignored")
        return replace(article, problems=(*article.problems, problem))
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in metadata.FIELDS:
        if key not in override:
            continue
        value = override[key]
        if value is None:
            if key != "title":
                changes[key] = None
            continue
        try:
            changes[key] = metadata.check_field(key, value)
        except InvalidInput as exc:
            problems.append(Problem(where, None, f"metadata {exc.message}; ignored"))
            continue
        if key == "title":
            changes["title_derived"] = False
    return replace(article, **changes, problems=article.problems + tuple(problems))


# -- loading ---------------------------------------------------------------------------


def _read(path: Path) -> bytes:
    where = safe_line(str(path))
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise SahelError("not a regular file, skipped", path=where)
        if info.st_size > MAX_ARTICLE_BYTES:
            raise SahelError(_too_big(info.st_size), path=where)
        with path.open("rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise SahelError(f"cannot read: {exc.strerror or exc}", path=where) from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise SahelError(_too_big(len(data)), path=where)
    return data


def _too_big(size: int) -> str:
    return f"file is {size / 1_048_576:.1f} MB, over the {MAX_ARTICLE_BYTES // 1_048_576} MB limit; skipped"


@dataclass(frozen=True)
class Cleaned:
    """What :func:`clean_text` makes of one page."""

    title: str
    title_derived: bool
    date: str | None
    source: str | None
    paragraphs: tuple[str, ...]
    removed: tuple[str, ...]
    warnings: tuple[tuple[int | None, str], ...]


_STEPS: tuple[Callable[[_Draft], None], ...] = (
    _take_date_marker,
    _take_footer,
    _cut_related_tail,
    _drop_boilerplate,
    _drop_captions,
)


def clean_text(text: str) -> Cleaned:
    """Clean normalised page text into title, date, source and paragraphs."""
    draft = _Draft([line.strip() for line in text.split("\n")])
    for step in _STEPS:
        step(draft)
    blocks = _drop_teasers(draft, _blocks(draft))
    removed = draft.removed_in_order()
    title, derived = "", False
    if blocks and _is_title_line(blocks[0], len(blocks) > 1):
        title = blocks[0].lines.pop(0)
        if not blocks[0].lines:
            blocks.pop(0)
    paragraphs = tuple(p for block in blocks for p in paragraphs_of(block.lines))
    if not title and paragraphs:
        title, derived = derive_title(paragraphs[0]), True
    return Cleaned(title, derived, draft.date, draft.source, paragraphs, removed, tuple(draft.warnings))


def _spans(paragraphs: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    spans, offset = [], 0
    for paragraph in paragraphs:
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 2
    return tuple(spans)


def _hazard_problems(where: str, text: str) -> list[Problem]:
    return [
        Problem(where, line_of(text, first), f"{count} {kind}{'s' if count != 1 else ''} (shown as symbols)", "warning")
        for kind, count, first in hazards(text)
    ]


def load_article(path: Path, article_id: str | None = None, override: Mapping[str, Any] | None = None) -> Article:
    """Read, decode and clean one article file (never written to).

    ``override`` (the article's entry in the workspace ``metadata.yaml``) may set
    ``title``, ``date``, ``source`` and ``url``; it wins over what the cleaning
    found.  Raises :class:`SahelError` (one line, naming the file) when the file
    cannot be used: unreadable, too large, binary, empty, or boilerplate only.
    """
    path = Path(path)
    where = safe_line(str(path))
    article_id = article_id_for_file(path.name) if article_id is None else article_id
    if not is_valid_article_id(article_id):
        raise SahelError(f"invalid article id {safe_line(article_id, 80)!r}", path=where)
    try:
        text, decode_warnings = decode_bytes(_read(path))
    except SahelError as exc:
        raise SahelError(exc.message, path=exc.path or where) from None
    text = normalize(text)
    if not text.strip():
        raise SahelError("empty file, skipped", path=where)
    cleaned = clean_text(text)
    if not cleaned.paragraphs:
        raise SahelError("no article text left after removing page boilerplate, skipped", path=where)
    body = "\n\n".join(cleaned.paragraphs)
    problems = [Problem(where, None, w, "warning") for w in decode_warnings]
    problems += [Problem(where, line, message, "warning") for line, message in cleaned.warnings]
    problems += _hazard_problems(where, text)
    article = Article(
        id=article_id,
        path=path,
        title=cleaned.title,
        date=cleaned.date,
        source=cleaned.source,
        url=None,
        body=body,
        paragraphs=_spans(cleaned.paragraphs),
        body_sha256=sha256_text(body),
        title_derived=cleaned.title_derived,
        removed=cleaned.removed,
        problems=tuple(problems),
        original_name=None if article_id == path.stem else path.name,
    )
    return _apply_override(article, override) if override else article


# -- the corpus ------------------------------------------------------------------------


def _inside(root: Path, entry: os.DirEntry[str]) -> bool:
    try:
        target = Path(entry.path).resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return target.parent == root or root in target.parents


def scan_corpus(corpus_dir: Path) -> tuple[dict[str, Path], list[Problem]]:
    """The article files of a corpus folder, by id (sorted), and why others were skipped.

    Only ``*.txt`` files (any case of the suffix) directly in the folder count;
    hidden files, folders and other extensions are ignored without a word.  Every
    name gets an id (:func:`~sahel_tui.core.ids.article_id_for_file`); a plain
    stem that another file already has in another case (``Report.txt`` /
    ``report.txt``) gets a derived id, so no two ids differ only in case.
    Symlinks leading outside the folder or nowhere are skipped with a problem.
    """
    corpus_dir = Path(corpus_dir)
    try:
        root = corpus_dir.resolve(strict=True)
        entries = list(os.scandir(corpus_dir))
    except OSError as exc:
        raise SahelError(
            f"cannot read the corpus folder: {exc.strerror or exc}", path=safe_line(str(corpus_dir))
        ) from None
    found: dict[str, Path] = {}
    taken: set[str] = set()
    problems: list[Problem] = []
    # Plain names first: their ids never depend on which other files are there.
    for entry in sorted(entries, key=lambda e: (article_id_for_file(e.name) != e.name[:-4], e.name)):
        name = entry.name
        _stem, dot, suffix = name.rpartition(".")
        if name.startswith(".") or not dot or f".{suffix.lower()}" not in ARTICLE_SUFFIXES:
            continue
        where = safe_line(entry.path)
        try:
            if entry.is_symlink() and not _inside(root, entry):
                problems.append(Problem(where, None, "symlink leads outside the corpus or nowhere; skipped", "warning"))
                continue
            if not entry.is_file():
                continue
        except OSError:
            continue
        article_id = article_id_for_file(name)
        if article_id.casefold() in taken:
            article_id = derived_article_id(name)
        if article_id.casefold() in taken or not is_valid_article_id(article_id):
            problems.append(
                Problem(where, None, f"another file already has the id {safe_line(article_id)!r}; skipped", "warning")
            )
            continue
        taken.add(article_id.casefold())
        found[article_id] = Path(entry.path)
    return dict(sorted(found.items())), problems


def load_corpus(
    corpus_dir: Path, overrides: Mapping[str, Mapping[str, Any]] | None = None
) -> tuple[dict[str, Article], list[Problem]]:
    """Every article of the corpus (sorted by id) and every problem met on the way.

    A file that cannot be used is skipped with a problem; the others still load.
    Article warnings (decoding, control characters, bad metadata) are included.
    """
    paths, problems = scan_corpus(corpus_dir)
    overrides = overrides or {}
    articles: dict[str, Article] = {}
    for article_id, path in paths.items():
        try:
            article = load_article(path, article_id, overrides.get(article_id))
        except SahelError as exc:
            problems.append(Problem(exc.path or safe_line(str(path)), exc.line, exc.message))
            continue
        articles[article_id] = article
        problems.extend(article.problems)
    return articles, problems
