"""The article body with entity highlights, a keyboard cursor and selection.

Drawing is line-based (``render_line``) over a :class:`TextLayout`, so the cursor,
selection, query hits, mentions and suggestions are styles on character ranges
of the normalised body: offsets on screen are the offsets saved in the YAML.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from sahel_tui.core.models import Article, Mention, Occurrence
from sahel_tui.core.text import safe_display
from sahel_tui.tui.textlayout import TextLayout

CURSOR = Style(reverse=True, bold=True)
SELECTION = Style(bgcolor="#3a5f9f", color="#ffffff", underline=True)
HIT = Style(bgcolor="#d7af00", color="#000000")
SUGGESTION = Style(dim=True, italic=True, underline=True)
FLAGGED = Style(strike=True, italic=True)


def display_text(body: str) -> str:
    """A copy of ``body`` with one harmless, visible character per character."""
    out = []
    for ch in body:
        if ch == "\n":
            out.append(ch)
            continue
        shown = safe_display(ch)
        out.append(shown if len(shown) == 1 else "\ufffd")
    return "".join(out)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    style: Style
    priority: int


SCROLL_MARGIN = 3  # lines of context kept above and below a hit that n/N jumps to


class ArticleView(ScrollView, can_focus=True):
    """Read and annotate one article from the keyboard."""

    HELP_GROUP = "Reader"
    BINDINGS = [
        Binding("left,h", "move('char', -1)", "Left", show=False, id="reader.left"),
        Binding("right,l", "move('char', 1)", "Right", show=False, id="reader.right"),
        Binding("up,k", "move('line', -1)", "Up", show=False, id="reader.up"),
        Binding("down,j", "move('line', 1)", "Down", show=False, id="reader.down"),
        Binding("w,ctrl+right", "move('word', 1)", "Next word", show=False, id="reader.word_next"),
        Binding("b,ctrl+left", "move('word', -1)", "Previous word", show=False, id="reader.word_prev"),
        Binding("home", "move('home', 0)", "Line start", show=False, id="reader.home"),
        Binding("end,dollar_sign", "move('end', 0)", "Line end", show=False, id="reader.end"),
        Binding("right_curly_bracket", "move('para', 1)", "Next paragraph", show=False, id="reader.para_next"),
        Binding("left_curly_bracket", "move('para', -1)", "Previous paragraph", show=False, id="reader.para_prev"),
        Binding("pagedown,space", "move('page', 1)", "Page down", show=False, id="reader.page_down"),
        Binding("pageup", "move('page', -1)", "Page up", show=False, id="reader.page_up"),
        Binding("g", "move('top', 0)", "Top", show=False, id="reader.top"),
        Binding("G", "move('bottom', 0)", "Bottom", show=False, id="reader.bottom"),
        Binding("n", "jump(1)", "Next hit", id="reader.next"),
        Binding("N", "jump(-1)", "Previous hit", id="reader.prev"),
        Binding("v", "select", "Select/extend", id="reader.select"),
        Binding("V", "shrink", "Shrink selection", show=False, id="reader.shrink"),
        Binding("escape", "cancel", "Cancel selection", show=False, id="reader.cancel"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, layout=False)

    class CursorMoved(Message):
        def __init__(self, view: ArticleView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.shown = ""
        self.mentions: list[Mention] = []
        self.suggestions: list[Occurrence] = []
        self.label_styles: dict[str, Style] = {}
        self.terms: tuple[str, ...] = ()
        self.focus_entity: str | None = None
        self._anchor: int | None = None  # selection start when selecting
        self._sel_end: int | None = None
        self._layout: TextLayout | None = None
        self._spans: list[Span] = []
        self._span_starts: list[int] = []
        self._hits: list[tuple[int, int]] = []
        self._goal_column: int | None = None

    @property
    def _open_article(self) -> Article:
        """The article shown, where the caller has made sure there is one."""
        assert self.article is not None
        return self.article

    # -- content ------------------------------------------------------------------------
    def show_article(
        self,
        article: Article | None,
        mentions: list[Mention],
        *,
        terms: tuple[str, ...] = (),
        suggestions: Sequence[Occurrence] = (),
        label_styles: dict[str, Style] | None = None,
        keep_cursor: bool = False,
    ) -> None:
        same = article is not None and self.article is not None and article.id == self.article.id
        self.article = article
        self.shown = display_text(article.body) if article else ""
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.suggestions = list(suggestions)
        if label_styles is not None:
            self.label_styles = label_styles
        self.terms = terms
        self._hits = self._find_hits(terms)
        self._rebuild_spans()
        self._relayout()
        if not (keep_cursor and same):
            self._anchor = self._sel_end = None
            self.cursor = self._hits[0][0] if self._hits else 0
            self.scroll_to(0, 0, animate=False)
        else:
            self.cursor = min(self.cursor, max(len(self.shown) - 1, 0))
        self.refresh()

    def set_terms(self, terms: tuple[str, ...]) -> None:
        """Highlight another query's words without reloading the article."""
        if terms == self.terms:
            return
        self.terms = terms
        self._hits = self._find_hits(terms)
        self._rebuild_spans()
        self.refresh()

    def update_annotations(self, mentions: list[Mention], suggestions: list[Occurrence]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.suggestions = list(suggestions)
        self._rebuild_spans()
        self.refresh()

    def _find_hits(self, terms: tuple[str, ...]) -> list[tuple[int, int]]:
        """Where the query's words and phrases occur, matched as the search matched them."""
        if not self.shown or not terms:
            return []
        from sahel_tui.core.search import find_spans

        return sorted(set(find_spans(self._open_article.body, list(terms))))

    def _rebuild_spans(self) -> None:
        spans: list[Span] = []
        for s in self.suggestions:
            spans.append(Span(s.start, s.end, SUGGESTION, 1))
        for m in self.mentions:
            style = self.label_styles.get(m.label, Style(bold=True, underline=True))
            if m.entity and m.entity == self.focus_entity:
                style = style + Style(reverse=True)
            if m.state != "ok":
                style = style + FLAGGED
            spans.append(Span(m.start, m.end, style, 2))
        for start, end in self._hits:
            spans.append(Span(start, end, HIT, 3))
        spans.sort(key=lambda s: s.start)
        self._spans = spans
        self._span_starts = [s.start for s in spans]

    def _relayout(self) -> None:
        width = max(self.scrollable_content_region.width, 20)
        self._layout = TextLayout(self.shown, width)
        self.virtual_size = Size(width, len(self._layout.lines))

    def on_resize(self) -> None:
        if self.article is not None:
            self._relayout()
            self._scroll_to_cursor()

    # -- drawing ------------------------------------------------------------------------
    @property
    def selection(self) -> tuple[int, int] | None:
        if self._anchor is None or self._sel_end is None:
            return None
        return (min(self._anchor, self._sel_end), max(self._anchor, self._sel_end))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        layout = self._layout
        index = y + scroll_y
        if layout is None or not self.shown or index >= len(layout.lines):
            return Strip.blank(width, self.rich_style)
        line = layout.lines[index]
        segments = self._segments(line.start, line.end)
        if (
            self.has_focus
            and self.cursor == line.end
            and (line.end >= len(self.shown) or self.shown[line.end] in "\n ")
        ):
            segments.append(Segment(" ", CURSOR))
        strip = Strip(segments).crop_extend(scroll_x, scroll_x + width, self.rich_style)
        return strip.apply_style(self.rich_style)

    def _style_at(self, offset: int) -> Style | None:
        i = bisect.bisect_right(self._span_starts, offset)
        best: Span | None = None
        # spans are short; scan back a bounded window for ones covering offset
        for span in self._spans[max(0, i - 64) : i]:
            if span.start <= offset < span.end and (best is None or span.priority >= best.priority):
                best = span
        style = best.style if best else None
        sel = self.selection
        if sel and sel[0] <= offset < sel[1]:
            style = (style + SELECTION) if style else SELECTION
        if offset == self.cursor and self.has_focus:
            style = (style + CURSOR) if style else CURSOR
        return style

    def _segments(self, start: int, end: int) -> list[Segment]:
        segments: list[Segment] = []
        run_start = start
        current = self._style_at(start) if start < end else None
        for offset in range(start + 1, end + 1):
            style = self._style_at(offset) if offset < end else None
            if offset == end or style != current:
                segments.append(Segment(self.shown[run_start:offset], current))
                run_start, current = offset, style
        return segments

    # -- cursor -------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved(self, new))

    def _scroll_to_cursor(self) -> None:
        if self._layout is None:
            return
        line_no = self._layout.line_of(self.cursor)
        self.scroll_to_region(Region(0, line_no, 1, 1), animate=False, immediate=True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, unit: str, step: int) -> None:
        layout = self._layout
        if layout is None or not self.shown:
            return
        pos = self.cursor
        if unit in ("line", "page"):
            if self._goal_column is None:
                self._goal_column = layout.column_of(pos)
            count = 1 if unit == "line" else max(self.scrollable_content_region.height - 1, 1)
            for _ in range(count):
                pos = layout.line_down(pos, self._goal_column) if step > 0 else layout.line_up(pos, self._goal_column)
        else:
            self._goal_column = None
            if unit == "char":
                pos = layout.next_char(pos) if step > 0 else layout.prev_char(pos)
            elif unit == "word":
                pos = layout.next_word(pos) if step > 0 else layout.prev_word(pos)
            elif unit == "para":
                pos = layout.next_paragraph(pos) if step > 0 else layout.prev_paragraph(pos)
            elif unit == "home":
                pos = layout.lines[layout.line_of(pos)].start
            elif unit == "end":
                line = layout.lines[layout.line_of(pos)]
                pos = max(line.start, line.end - 1)
            elif unit == "top":
                pos = 0
            elif unit == "bottom":
                pos = layout.clamp(len(self.shown))
        if self._anchor is not None:
            self._sel_end = pos + 1 if pos >= self._anchor else pos
        self.cursor = pos

    def move_to(self, offset: int) -> None:
        self._goal_column = None
        self.cursor = max(0, min(offset, max(len(self.shown) - 1, 0)))

    # -- jumping between hits and mentions ------------------------------------------------
    def jump_targets(self) -> list[tuple[int, int]]:
        if self.focus_entity:
            spans = [(m.start, m.end) for m in self.mentions if m.entity == self.focus_entity]
            if spans:
                return spans
        return list(self._hits)

    def action_jump(self, step: int) -> None:
        targets = [s for s, _ in self.jump_targets()]
        if not targets:
            self.notify("No query hits or entity mentions to jump to", timeout=2, markup=False)
            return
        if step > 0:
            later = [t for t in targets if t > self.cursor]
            self.move_to(later[0] if later else targets[0])
        else:
            earlier = [t for t in targets if t < self.cursor]
            self.move_to(earlier[-1] if earlier else targets[-1])
        self._scroll_with_margin()
        self.post_message(self.HitMoved(self.hit_label()))

    class HitMoved(Message):
        """``n``/``N`` moved the cursor: ``label`` says where it is ("hit 2/7")."""

        def __init__(self, label: str) -> None:
            super().__init__()
            self.label = label

    def hit_label(self) -> str:
        """ "hit 2/7" when the cursor is on the 2nd of 7 jump targets, "7 hits" elsewhere."""
        targets = self.jump_targets()
        what = "mention" if self.focus_entity and targets != self._hits else "hit"
        for number, (start, end) in enumerate(targets, 1):
            if start <= self.cursor < max(end, start + 1):
                return f"{what} {number}/{len(targets)}"
        return f"{len(targets)} {what}{'s' if len(targets) != 1 else ''}"

    def _scroll_with_margin(self) -> None:
        """Keep a few lines of context above and below the cursor (a scroll margin)."""
        if self._layout is None:
            return
        line_no = self._layout.line_of(self.cursor)
        top = max(0, line_no - SCROLL_MARGIN)
        self.scroll_to_region(Region(0, top, 1, 2 * SCROLL_MARGIN + 1), animate=False, immediate=True)

    def set_focus_entity(self, entity_id: str | None) -> None:
        self.focus_entity = entity_id
        self._rebuild_spans()
        self.refresh()

    # -- selection ----------------------------------------------------------------------
    def action_select(self) -> None:
        """Start a selection on the word under the cursor, or extend it by a word."""
        layout = self._layout
        if layout is None or not self.shown:
            return
        if self._anchor is None:
            word = layout.word_at(self.cursor)
            start, end = word if word else (self.cursor, self.cursor + 1)
            self._anchor, self._sel_end = start, end
            self.cursor = start
        else:
            self._sel_end = layout.word_end_after(max(self._sel_end or self._anchor, self._anchor))
            self.cursor = max(self._sel_end - 1, self._anchor)
        self.refresh()

    def action_shrink(self) -> None:
        if self._anchor is None or self._layout is None or self._sel_end is None:
            return
        self._sel_end = self._layout.word_end_before(self._sel_end, self._anchor)
        self.refresh()

    def action_cancel(self) -> None:
        if self._anchor is not None:
            self._anchor = self._sel_end = None
            self.refresh()

    def clear_selection(self) -> None:
        self._anchor = self._sel_end = None
        self.refresh()

    def target_span(self) -> tuple[int, int] | None:
        """The selection, else the word under the cursor: what a label key annotates."""
        if self.selection:
            start, end = self.selection
        elif self._layout is not None and (word := self._layout.word_at(self.cursor)):
            start, end = word
            if not (start <= self.cursor < end):
                return None
        else:
            return None
        text = self.article.body if self.article else ""
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def mention_at_cursor(self) -> Mention | None:
        for m in self.mentions:
            if m.start <= self.cursor < m.end:
                return m
        return None

    def suggestion_at_cursor(self) -> Occurrence | None:
        for s in self.suggestions:
            if s.start <= self.cursor < s.end:
                return s
        return None
