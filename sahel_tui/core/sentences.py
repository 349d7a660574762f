"""Sentence splitting for news text: abbreviations, initials, datelines, headings.

:func:`split_sentences` returns ``(start, end)`` code-point spans into the body,
trimmed of surrounding whitespace, in reading order.  The rules are small and
driven by the word lists below rather than by a statistical model:

* a paragraph (text between blank lines) is never joined to the next one;
* a line without final punctuation is a heading, its own sentence, unless it is
  plainly a wrapped line (long, ending with a comma, or followed by a line that
  starts in lower case);
* a leading ``date YYYY-MM-DD`` marker and an agency dateline
  (``BAMAKO, Mali (AP) —``) are sentences of their own, so the first real
  sentence of a wire story lines up with the first sentence of a rewrite;
* a full stop ends a sentence unless the word before it is a title
  (``Gen.``), an abbreviation or an initial followed by a word that does not
  usually start a sentence, or the next word starts in lower case or with a
  digit after an abbreviation (``No. 5``, ``Jan. 12``);
* closing quotes and brackets after the final mark stay with their sentence.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

#: Titles and ranks: a full stop after them never ends a sentence.
TITLES = frozenset(
    """
    adm brig capt cdr cmdr col cpl dr ft gen gov hon lt maj messrs mgr mme mlle mm mr mrs ms
    mt pres prof pvt rep rev sen sgt st
    """.split()
)

#: Abbreviations that rarely end a sentence: they do only when the next word is
#: a common sentence opener (``... in the U.S. The army said``).
ABBREVIATIONS = frozenset(
    """
    a.m p.m e.g i.e etc vs cf al approx dept est fig inc ltd co corp jr sr no nos vol
    u.s u.k u.n u.s.a e.u a.u d.c n.b
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    """.split()
)

#: Words that usually open a sentence; after an abbreviation or an initial they
#: signal that the full stop did end the sentence after all.
SENTENCE_OPENERS = frozenset(
    """
    a according after also although an and as at before but by despite during for
    from he her his however i if in it its meanwhile moreover nevertheless on one
    our she since so some that the their there these they this those to under
    we when while with yet
    """.split()
)

#: Line endings that mark a line as finished text rather than a heading.
_FINAL_MARKS = ".!?…"
_CLOSERS = "\"'”’»)]"
_OPENERS_PUNCT = "\"'“‘«(["
_HEADING_MAX_WORDS = 20
_CONTINUATION_ENDINGS = ",;:-–—/&("

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_DATE_MARKER = re.compile(r"date[ \t]+\d{4}-\d{2}-\d{2}(?=\s|$)")
_DATELINE = re.compile(
    r"[A-ZÀ-Þ][A-ZÀ-Þ'’ .-]{1,40}"  # BAMAKO / OUAGADOUGOU / SAINT-LOUIS
    r"(?:,[ \t]+[A-Z][\w'’ .-]{1,40}?)?"  # , Mali
    r"(?:[ \t]+\([A-Za-z][\w .&-]{0,30}\))?"  # (AP)
    r"[ \t]+[—–-]{1,2}(?=[ \t])"
)
_TERMINATOR = re.compile(rf"(?:\.{{3}}|…|[.!?]+)[{re.escape(_CLOSERS)}]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"[\w.’'-]*\w$")


def split_sentences(body: str) -> list[Span]:
    """Code-point spans of the sentences of ``body``, whitespace trimmed, in order."""
    spans: list[Span] = []
    for start, end in _paragraphs(body):
        for block_start, block_end in _blocks(body, start, end):
            spans.extend(_split_block(body, block_start, block_end))
    return spans


def first_sentence(text: str, limit: int = 1000) -> str:
    """The first sentence of running text (``text[:limit]``), by the rules of :func:`split_sentences`.

    The one first-sentence rule: titles derived from a lead and the first
    sentence of a label's description both use it.  Unlike
    :func:`split_sentences`, a line break or a dateline does not end it.
    """
    head = text[:limit]
    for match in _TERMINATOR.finditer(head):
        if _ends_sentence(head, match, len(head)):
            return head[: match.end()].strip()
    return head.strip()


def sentence_texts(body: str) -> list[str]:
    """The sentences of ``body`` as strings (convenience for display and tests)."""
    return [body[start:end] for start, end in split_sentences(body)]


def _paragraphs(body: str) -> list[Span]:
    """Spans of the paragraphs of ``body`` (separated by blank lines)."""
    spans: list[Span] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(body)))
    return [span for span in (_trim(body, *span) for span in spans) if span[0] < span[1]]


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(body: str, start: int, end: int) -> list[Span]:
    """Trimmed, non-empty line spans of ``body[start:end]``."""
    spans: list[Span] = []
    position = start
    while position <= end:
        newline = body.find("\n", position, end)
        line_end = end if newline < 0 else newline
        span = _trim(body, position, line_end)
        if span[0] < span[1]:
            spans.append(span)
        position = line_end + 1
    return spans


def _blocks(body: str, start: int, end: int) -> list[Span]:
    """Runs of lines to split into sentences; a heading line is a run of its own."""
    lines = _lines(body, start, end)
    blocks: list[Span] = []
    run_start: int | None = None
    for index, (line_start, line_end) in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if _is_heading(body, line_start, line_end, following):
            if run_start is not None:
                blocks.append((run_start, lines[index - 1][1]))
                run_start = None
            blocks.append((line_start, line_end))
        elif run_start is None:
            run_start = line_start
    if run_start is not None:
        blocks.append((run_start, lines[-1][1]))
    return blocks


def _is_heading(body: str, start: int, end: int, following: Span | None) -> bool:
    """A line without final punctuation that does not look like a wrapped line."""
    line = body[start:end]
    stripped = line.rstrip(_CLOSERS)
    if not stripped or stripped[-1] in _FINAL_MARKS:
        return False
    if stripped[-1] in _CONTINUATION_ENDINGS or len(line.split()) > _HEADING_MAX_WORDS:
        return False
    return not (following is not None and _starts_lower(body[following[0] : following[1]]))


def _starts_lower(text: str) -> bool:
    word = text.lstrip(_OPENERS_PUNCT + " \t")
    return bool(word) and word[0].islower()


def _split_block(body: str, start: int, end: int) -> list[Span]:
    """Sentences of one block of running text."""
    spans: list[Span] = []
    start = _peel_leaders(body, start, end, spans)
    sentence_start = start
    for match in _TERMINATOR.finditer(body, start, end):
        if _ends_sentence(body, match, end):
            span = _trim(body, sentence_start, match.end())
            if span[0] < span[1]:
                spans.append(span)
            sentence_start = match.end()
    tail = _trim(body, sentence_start, end)
    if tail[0] < tail[1]:
        spans.append(tail)
    return spans


def _peel_leaders(body: str, start: int, end: int, spans: list[Span]) -> int:
    """Emit a leading date marker and dateline as sentences; return where text begins."""
    for pattern in (_DATE_MARKER, _DATELINE):
        match = pattern.match(body, start, end)
        if match is None:
            continue
        spans.append(_trim(body, match.start(), match.end()))
        start = _trim(body, match.end(), end)[0]
    return start


def _ends_sentence(body: str, match: re.Match[str], end: int) -> bool:
    """Whether the terminator ``match`` closes a sentence."""
    following = _next_word(body, match.end(), end)
    if following is None:
        return True
    mark = match.group(0).rstrip(_CLOSERS)
    if following[0].islower():
        return False
    if mark != ".":
        return True  # "!", "?", "...", "?!" before a capitalised word
    before = _WORD_BEFORE.search(body, max(0, match.start() - 40), match.start())
    word = before.group(0).lower() if before else ""
    if word in TITLES:
        return False
    if word in ABBREVIATIONS or _is_initial(word):
        if following[0].isdigit():
            return False
        return following.lower() in SENTENCE_OPENERS
    return True


def _is_initial(word: str) -> bool:
    """``A`` in ``A. B. Traoré`` (one letter, possibly after other initials)."""
    return len(word) == 1 and word.isalpha()


def _next_word(body: str, position: int, end: int) -> str | None:
    """The word after ``position`` (skipping spaces and opening quotes), or None at the end."""
    while position < end and (body[position].isspace() or body[position] in _OPENERS_PUNCT):
        position += 1
    if position >= end:
        return None
    word_end = position
    while word_end < end and not body[word_end].isspace():
        word_end += 1
    word = body[position:word_end].strip(".,;:!?" + _CLOSERS)
    return word or body[position]
