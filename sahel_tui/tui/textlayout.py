"""Wrapping an article body into screen lines that remember their offsets.

Pure logic (no Textual): the reader and the comparison view draw these lines;
cursor motions by character, word and line are computed here so they can be
tested without a terminal.  Widths are measured in terminal cells, so wide
(CJK) characters take two cells.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rich.cells import cell_len

# Words for the cursor and selection: apostrophes join (Jama'at, Mali’s) but hyphens
# do not, so one place in "Bamako-Gao-Tessalit" can be selected; `v` extends over them.
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first character of the line in the text
    end: int  # offset just after the last character shown (trailing space excluded)


def wrap(text: str, width: int) -> list[Line]:
    """Greedy word wrap of ``text`` to ``width`` cells; newlines always break."""
    width = max(width, 8)
    lines: list[Line] = []
    pos = 0
    for para in text.split("\n"):
        para_start = pos
        pos += len(para) + 1
        if not para:
            lines.append(Line(para_start, para_start))
            continue
        start = 0
        while start < len(para):
            end = _fit(para, start, width)
            lines.append(Line(para_start + start, para_start + end))
            start = end
            while start < len(para) and para[start] == " ":
                start += 1
    return lines or [Line(0, 0)]


def _fit(para: str, start: int, width: int) -> int:
    """End offset of the longest run from ``start`` fitting ``width`` cells, broken at a space."""
    cells = 0
    last_space = -1
    i = start
    while i < len(para):
        w = cell_len(para[i])
        if cells + w > width:
            break
        if para[i] == " ":
            last_space = i
        cells += w
        i += 1
    if i >= len(para):
        return len(para)
    if last_space > start:
        return last_space
    return max(i, start + 1)  # a word longer than the line: hard break


class TextLayout:
    """Lines of a wrapped text plus cursor motions over them."""

    def __init__(self, text: str, width: int):
        self.text = text
        self.width = width
        self.lines = wrap(text, width)
        self._starts = [line.start for line in self.lines]
        self._words = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
        self._word_starts = [w[0] for w in self._words]

    def line_of(self, offset: int) -> int:
        index = bisect.bisect_right(self._starts, offset) - 1
        return max(0, min(index, len(self.lines) - 1))

    def column_of(self, offset: int) -> int:
        line = self.lines[self.line_of(offset)]
        return cell_len(self.text[line.start : min(offset, line.end)])

    def offset_at(self, line_no: int, column: int) -> int:
        line = self.lines[max(0, min(line_no, len(self.lines) - 1))]
        cells = 0
        for i in range(line.start, line.end):
            w = cell_len(self.text[i])
            if cells + w > column:
                return i
            cells += w
        return max(line.start, line.end - 1) if line.end > line.start else line.start

    def clamp(self, offset: int) -> int:
        return max(0, min(offset, max(len(self.text) - 1, 0)))

    def next_char(self, offset: int) -> int:
        return self.clamp(offset + 1)

    def prev_char(self, offset: int) -> int:
        return self.clamp(offset - 1)

    def next_word(self, offset: int) -> int:
        i = bisect.bisect_right(self._word_starts, offset)
        return self._words[i][0] if i < len(self._words) else offset

    def prev_word(self, offset: int) -> int:
        i = bisect.bisect_left(self._word_starts, offset) - 1
        return self._words[i][0] if i >= 0 else offset

    def word_at(self, offset: int) -> tuple[int, int] | None:
        """The word containing ``offset`` (or starting right after it)."""
        i = bisect.bisect_right(self._word_starts, offset) - 1
        if i >= 0 and self._words[i][0] <= offset < self._words[i][1]:
            return self._words[i]
        if i + 1 < len(self._words):
            return self._words[i + 1]
        return None

    def word_end_after(self, offset: int) -> int:
        """End of the next word ending after ``offset`` (to extend a selection by a word)."""
        for _start, end in self._words[max(0, bisect.bisect_right(self._word_starts, offset) - 1) :]:
            if end > offset:
                return end
        return len(self.text)

    def word_end_before(self, offset: int, floor: int) -> int:
        """End of the last word ending before ``offset`` but after ``floor`` (shrink a selection)."""
        best = offset
        for _start, end in self._words:
            if end >= offset:
                break
            if end > floor:
                best = end
        return best

    def line_down(self, offset: int, column: int | None = None) -> int:
        line_no = self.line_of(offset)
        col = self.column_of(offset) if column is None else column
        return self.offset_at(min(line_no + 1, len(self.lines) - 1), col)

    def line_up(self, offset: int, column: int | None = None) -> int:
        line_no = self.line_of(offset)
        col = self.column_of(offset) if column is None else column
        return self.offset_at(max(line_no - 1, 0), col)

    def next_paragraph(self, offset: int) -> int:
        i = self.text.find("\n\n", offset)
        if i < 0:
            return offset
        j = i
        while j < len(self.text) and self.text[j] == "\n":
            j += 1
        return self.clamp(j)

    def prev_paragraph(self, offset: int) -> int:
        i = self.text.rfind("\n\n", 0, max(offset - 1, 0))
        if i < 0:
            return 0
        return self.clamp(i + 2)
