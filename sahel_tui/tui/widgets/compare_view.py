"""The aligned rows of a comparison: two articles side by side (or stacked, or one side).

Data first, widgets second.  :func:`prepare` does the work that may be slow (the
comparison, each side's mentions and catalog matches) and turns it into plain
data that a worker thread can hand to the UI: for each side, the spans to colour
(mentions in their entity type's colour as in the reader, catalog matches
underlined, entities and facts only this side reports marked) and the list of
what the side adds.  The widgets then only lay the rows out:

* a :class:`CompareHeader` with both titles, the similarity score and what each
  side adds (its one-sided entities drawn exactly as they are marked in the text);
* a :class:`CompareView`: one :class:`CompareRow` per row of
  :meth:`~sahel_tui.core.compare.Comparison.rows`.  Both sides of a pair sit in
  one row, so they scroll together by construction.  Shared text is subdued, the
  words that differ in a reworded pair are highlighted, a sentence only one side
  has is emphasised and faces a hatched gap.

Article text is untrusted: it goes through :func:`~sahel_tui.core.text.safe_line`
(one visible character per character, so offsets still hold) into
:class:`~textual.content.Content`, never into markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

from sahel_tui.core.compare import (
    FACT_KINDS,
    LEFT,
    LEFT_ONLY,
    PARAPHRASE,
    RIGHT,
    RIGHT_ONLY,
    SAME,
    Comparison,
    Fact,
    Row,
    fact_group_key,
    fact_group_name,
)
from sahel_tui.core.text import safe_line

COLUMNS, STACKED, SINGLE = "columns", "stacked", "single"
LAYOUTS = (COLUMNS, STACKED, SINGLE)
LAYOUT_NAMES = {COLUMNS: "side by side", STACKED: "stacked", SINGLE: "one side"}

SIDE_LETTER = {LEFT: "L", RIGHT: "R"}
OTHER = {LEFT: RIGHT, RIGHT: LEFT}

# Styles written by us (theme variables resolve in light and dark themes).
SUBDUED = "$foreground-muted"
EMPHASIS = "$foreground"
DIFF_WORDS = "bold $text-warning"  # words of a reworded pair the other side lacks
ONE_SIDED_FACT = "bold reverse"  # a number, date or name only this side reports
MUTED = "$foreground-muted"

MAX_FACTS_PER_KIND = 12


# -- data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A span of one side's body to style (offsets into ``Article.body``)."""

    start: int
    end: int
    style: Style | str
    priority: int  # higher is applied later (wins)


@dataclass(frozen=True)
class SideInfo:
    """One article of the comparison, ready to draw."""

    side: str  # "left" | "right"
    article_id: str
    title: str
    date: str | None
    source: str | None
    marks: tuple[Mark, ...] = ()
    adds: tuple[tuple[str, tuple[tuple[str, Style | str], ...]], ...] = ()  # (group, ((text, style), ...))


@dataclass(frozen=True)
class Prepared:
    """Everything the comparison screen shows, computed off the UI thread."""

    comparison: Comparison
    rows: tuple[Row, ...]
    left: SideInfo
    right: SideInfo
    differences: tuple[int, ...] = field(default=())  # indices of rows that are not "same"

    def side(self, side: str) -> SideInfo:
        return self.left if side == LEFT else self.right


def _label_style(
    color: str | None, *, bold: bool | None = None, underline: bool | None = None, reverse: bool | None = None
) -> Style:
    try:
        foreground = Color.parse(color) if color else None
    except ColorParseError:
        foreground = None
    return Style(foreground=foreground, bold=bold, underline=underline, reverse=reverse)


def mention_style(color: str | None) -> Style:
    """As the reader draws an analyst's mention: type colour, bold, underlined."""
    return _label_style(color, bold=True, underline=True)


def detected_style(color: str | None) -> Style:
    """A catalog name found in the text but not annotated: type colour, underlined."""
    return _label_style(color, underline=True)


def one_sided_style(color: str | None) -> Style:
    """An entity only this side mentions: the type colour as a background."""
    return _label_style(color, bold=True, reverse=True)


def prepare(workspace, left_id: str, right_id: str) -> Prepared:
    """Compare two articles and resolve everything the screen draws (may take a while)."""
    comparison = workspace.compare(left_id, right_id)
    rows = tuple(comparison.rows())
    left = _side_info(workspace, comparison, LEFT)
    right = _side_info(workspace, comparison, RIGHT)
    differences = tuple(i for i, row in enumerate(rows) if row.kind != SAME)
    return Prepared(comparison, rows, left, right, differences)


def _side_info(workspace, comparison: Comparison, side: str) -> SideInfo:
    article_id = comparison.left_id if side == LEFT else comparison.right_id
    article = workspace.article(article_id)
    labels = workspace.labels
    catalog = workspace.catalog
    one_sided = set(comparison.entities.left_only if side == LEFT else comparison.entities.right_only)

    def color_of(label_id: str | None) -> str | None:
        label = labels.get(label_id) if label_id else None
        return label.color if label else None

    def type_of(entity_id: str | None) -> str | None:
        entity = catalog.get(entity_id) if entity_id else None
        return entity.type if entity else None

    marks: list[Mark] = []
    mentions = [m for m in workspace.mentions(article_id) if m.state != "orphaned"]
    for m in mentions:
        color = color_of(m.label)
        style = one_sided_style(color) if m.entity in one_sided else mention_style(color)
        marks.append(Mark(m.start, m.end, style, 3))
    covered = [(m.start, m.end) for m in mentions]
    for occ in workspace.suggestions(article_id):
        if any(s < occ.end and occ.start < e for s, e in covered):
            continue
        color = color_of(type_of(occ.entity))
        style = one_sided_style(color) if occ.entity in one_sided else detected_style(color)
        marks.append(Mark(occ.start, occ.end, style, 2))
    for fact in comparison.facts(side):
        if not fact.entity and fact.kind in FACT_KINDS:
            marks.append(Mark(fact.start, fact.end, ONE_SIDED_FACT, 1))
    return SideInfo(
        side=side,
        article_id=article_id,
        title=article.title,
        date=article.date,
        source=article.source,
        marks=tuple(sorted(marks, key=lambda k: (k.priority, k.start))),
        adds=_adds(comparison.facts(side), labels, type_of, color_of),
    )


def _adds(facts: Iterable[Fact], labels, type_of, color_of) -> tuple:
    """What one side reports that the other does not, grouped: entity types first, then facts."""
    groups: dict[str, list[tuple[str, Style | str]]] = {}
    seen: set[tuple[str, str]] = set()
    for fact in facts:
        label_id = type_of(fact.entity) if fact.entity else None
        if label_id is None and fact.kind not in FACT_KINDS:
            label_id = fact.kind  # an unlinked mention: its kind is its label
        if label_id is not None:
            label = labels.get(label_id)
            group = label.name if label else label_id.replace("_", " ").capitalize()
            style: Style | str = one_sided_style(color_of(label_id))
        else:
            group = fact.kind
            style = ONE_SIDED_FACT
        text = " ".join(safe_line(fact.text, 120).split())
        if (group, text.lower()) in seen or not text:
            continue
        seen.add((group, text.lower()))
        groups.setdefault(group, []).append((text, style))
    label_order = {label.name: n for n, label in enumerate(labels)}
    ordered = sorted(groups.items(), key=lambda item: fact_group_key(item[0], label_order))
    out = []
    for group, items in ordered:
        if len(items) > MAX_FACTS_PER_KIND:
            items = [*items[:MAX_FACTS_PER_KIND], (f"{len(items) - MAX_FACTS_PER_KIND} more", MUTED)]
        out.append((fact_group_name(group), tuple(items)))
    return tuple(out)


# -- content ------------------------------------------------------------------------------


def sentence_content(
    text: str, start: int, base: str, marks: Sequence[Mark], words: Iterable = (), words_style: str = DIFF_WORDS
) -> Content:
    """One sentence as Content: ``base`` style, differing ``words``, then entity marks on top.

    ``start`` is the sentence's offset in the body (marks are body offsets, words
    are relative to the sentence).
    """
    shown = safe_line(text)  # one character per character: offsets still hold
    content = Content(shown).stylize(base)
    for word in words:
        content = content.stylize(words_style, word.start, word.end)
    end = start + len(text)
    for mark in marks:
        if mark.start < end and start < mark.end:
            content = content.stylize(mark.style, max(mark.start, start) - start, min(mark.end, end) - start)
    return content


def gutter_content(row: Row) -> Content:
    """The narrow column left of each row: how the two sides relate."""
    if row.kind == SAME:
        return Content("  =").stylize(MUTED)
    if row.kind == PARAPHRASE:
        return Content(f"≈{round(row.score * 100):>2d}%")
    if row.kind == LEFT_ONLY:
        return Content(" +L").stylize("bold")
    return Content(" +R").stylize("bold")


def adds_content(info: SideInfo, other_id: str, *, letter: bool) -> Content:
    """``L adds  Location: Sahel · numbers: two`` with the entities drawn as in the text."""
    head: list[Content | tuple[str, str] | str] = []
    if letter:
        head.append((f"{SIDE_LETTER[info.side]} ", "bold"))
    if not info.adds:
        return Content.assemble(*head, (f"adds nothing {_short(other_id)} lacks", MUTED))
    head.append(("adds ", MUTED))
    parts: list[Content] = []
    for group, items in info.adds:
        values = Content(", ").join(Content(text).stylize(style) for text, style in items)
        parts.append(Content.assemble((f"{group}: ", MUTED), values))
    return Content.assemble(*head, Content(" · ").stylize(MUTED).join(parts))


def title_content(info: SideInfo, *, active: bool) -> Content:
    """Side letter, title, and a second line with id, date and source."""
    letter = Content(f" {SIDE_LETTER[info.side]} ").stylize("bold reverse $accent" if active else "bold reverse")
    title = Content(" " + " ".join(safe_line(info.title, 300).split())).stylize("bold")
    meta = " · ".join(
        safe_line(p, 80) for p in (info.article_id, info.date or "no date", info.source or "unknown source")
    )
    return Content.assemble(letter, title, "\n", Content(meta).stylize(MUTED))


def summary_content(prepared: Prepared, current: int, *, compact: bool = False) -> Content:
    """``similarity 0.165 · 7 paired (0 same, 7 reworded) · 12 only in L · …`` and a legend.

    ``compact`` (narrow layouts) drops the legend and shortens the wording.
    """
    c = prepared.comparison
    same = sum(1 for p in c.pairs if p.kind == SAME)
    parts = [Content.assemble(("similarity ", MUTED), (f"{c.similarity:.3f}", "bold"))]
    if compact:
        parts.append(Content(f"{len(c.pairs)} paired"))
    else:
        parts.append(Content(f"{len(c.pairs)} paired ({same} same, {len(c.pairs) - same} reworded)"))
    parts.append(Content(f"{len(c.left_only)} only in L").stylize("bold" if c.left_only else MUTED))
    parts.append(Content(f"{len(c.right_only)} only in R").stylize("bold" if c.right_only else MUTED))
    if prepared.differences:
        done = sum(1 for d in prepared.differences if d <= current)
        word = "diff" if compact else "difference"
        parts.append(Content(f"{word} {done}/{len(prepared.differences)}").stylize(MUTED))
    summary = Content(" · ").join(parts)
    if compact:
        return summary
    legend = Content.assemble(
        ("   ", ""),
        Content("reworded").stylize(DIFF_WORDS),
        " ",
        Content("only this side").stylize("bold reverse"),
        " ",
        Content("shared").stylize(SUBDUED),
    )
    return Content.assemble(summary, legend)


def _short(article_id: str) -> str:
    return safe_line(article_id.split("_", 1)[0], 20)


# -- widgets ------------------------------------------------------------------------------


class SideCell(Horizontal):
    """One side of a row: a side letter (stacked and one-side layouts) and the sentence."""

    def __init__(self, side: str, content: Content | None, *, unique: bool) -> None:
        classes = f"side -{side}" + (" -missing" if content is None else "") + (" -unique" if unique else "")
        super().__init__(classes=classes)
        self.side = side
        self.content = content

    def compose(self) -> ComposeResult:
        yield Static(SIDE_LETTER[self.side], classes="side-letter", markup=False)
        yield Static(self.content or Content(""), classes="side-text", markup=False)

    def set_missing_note(self, note: Content) -> None:
        if self.content is None:
            self.query_one(".side-text", Static).update(note)


class CompareRow(Container):
    """One aligned row: gutter, left sentence, right sentence."""

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, row: Row, left: Content | None, right: Content | None) -> None:
        super().__init__(classes=f"compare-row kind-{row.kind}")
        self.index = index
        self.row = row
        self.left = left
        self.right = right

    def compose(self) -> ComposeResult:
        yield Static(gutter_content(self.row), classes="gutter", markup=False)
        yield SideCell(LEFT, self.left, unique=self.row.kind == LEFT_ONLY)
        yield SideCell(RIGHT, self.right, unique=self.row.kind == RIGHT_ONLY)

    def on_click(self) -> None:
        self.post_message(self.Clicked(self.index))


class CompareHeader(Vertical):
    """Both titles, the similarity summary and what each side adds."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.compact = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="cmp-titles", classes="cmp-pair"):
            yield Static(classes="cmp-spacer")
            yield Static(Content("Comparing…"), id="cmp-title-left", classes="cmp-cell -left", markup=False)
            yield Static(id="cmp-title-right", classes="cmp-cell -right", markup=False)
        yield Static(id="cmp-summary", markup=False)
        with Horizontal(id="cmp-facts", classes="cmp-pair"):
            yield Static(classes="cmp-spacer")
            yield Static(id="cmp-facts-left", classes="cmp-cell -left", markup=False)
            yield Static(id="cmp-facts-right", classes="cmp-cell -right", markup=False)

    def show(self, prepared: Prepared, *, current: int, active: str, compact: bool) -> None:
        self.compact = compact
        left, right = prepared.left, prepared.right
        self.query_one("#cmp-title-left", Static).update(title_content(left, active=active == LEFT))
        self.query_one("#cmp-title-right", Static).update(title_content(right, active=active == RIGHT))
        self.query_one("#cmp-facts-left", Static).update(adds_content(left, right.article_id, letter=compact))
        self.query_one("#cmp-facts-right", Static).update(adds_content(right, left.article_id, letter=compact))
        self.show_position(prepared, current)

    def show_position(self, prepared: Prepared, current: int) -> None:
        self.query_one("#cmp-summary", Static).update(summary_content(prepared, current, compact=self.compact))

    def show_message(self, message: str) -> None:
        self.query_one("#cmp-title-left", Static).update(Content(safe_line(message, 300)))


class CompareView(VerticalScroll, can_focus=True):
    """The aligned rows; a row cursor (``current``) for stepping through differences."""

    HELP_GROUP = "Compare"
    BINDINGS = [
        Binding("down,j", "step(1)", "Next row", show=False, id="compare.row_next"),
        Binding("up,k", "step(-1)", "Previous row", show=False, id="compare.row_prev"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="compare.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="compare.page_up"),
        Binding("home,g", "first", "First row", show=False, id="compare.first"),
        Binding("end,G", "last", "Last row", show=False, id="compare.last"),
    ]

    class CurrentChanged(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.prepared: Prepared | None = None
        self.current = 0
        self.layout_mode = COLUMNS
        self.active_side = LEFT  # the side shown in the one-side layout

    # -- content ----------------------------------------------------------------------
    async def show(self, prepared: Prepared, *, current: int = 0) -> None:
        self.prepared = prepared
        await self.remove_children()
        widgets: list[Widget] = [self._row_widget(i, row) for i, row in enumerate(prepared.rows)]
        if not widgets:
            widgets = [Static(Content("Both articles are empty.").stylize(MUTED), classes="cmp-empty")]
        await self.mount_all(widgets)
        self._apply_missing_notes()
        self.current = -1
        self.move_to(max(0, min(current, len(prepared.rows) - 1)), top=True)

    def _row_widget(self, index: int, row: Row) -> CompareRow:
        prepared = self.prepared
        assert prepared is not None
        base = SUBDUED if row.kind in (SAME, PARAPHRASE) else EMPHASIS
        left = right = None
        if row.left is not None:
            left = sentence_content(row.left.text, row.left.start, base, prepared.left.marks, row.left_words)
        if row.right is not None:
            right = sentence_content(row.right.text, row.right.start, base, prepared.right.marks, row.right_words)
        return CompareRow(index, row, left, right)

    def _apply_missing_notes(self) -> None:
        """What fills a missing side: a hatched gap side by side, a short note on one side."""
        if self.prepared is None:
            return
        for cell in self.query(SideCell):
            if cell.content is None:
                other = self.prepared.side(OTHER[cell.side])
                note = Content(f"· only in {SIDE_LETTER[other.side]} ({_short(other.article_id)})").stylize(
                    f"italic {MUTED}"
                )
                cell.set_missing_note(note if self.layout_mode == SINGLE else Content(""))

    # -- layout -----------------------------------------------------------------------
    def set_layout(self, mode: str, active: str = LEFT) -> None:
        self.layout_mode = mode
        self.active_side = active
        self._apply_missing_notes()
        self.call_after_refresh(self.scroll_to_current)

    # -- cursor -----------------------------------------------------------------------
    @property
    def rows(self) -> list[CompareRow]:
        return list(self.query(CompareRow))

    @property
    def current_row(self) -> Row | None:
        if self.prepared is None or not 0 <= self.current < len(self.prepared.rows):
            return None
        return self.prepared.rows[self.current]

    def move_to(self, index: int, *, top: bool = False) -> None:
        rows = self.rows
        if not rows:
            return
        index = max(0, min(index, len(rows) - 1))
        if 0 <= self.current < len(rows):
            rows[self.current].remove_class("-current")
        self.current = index
        rows[index].add_class("-current")
        self.call_after_refresh(self.scroll_to_current, top)
        self.post_message(self.CurrentChanged(index))

    def scroll_to_current(self, top: bool = False) -> None:
        rows = self.rows
        if 0 <= self.current < len(rows):
            row = rows[self.current]
            self.scroll_to_widget(row, animate=False, top=top or row.outer_size.height > self.size.height)

    def _shown(self, index: int) -> bool:
        """Whether row ``index`` has a sentence on screen (one-side layout: on the side shown)."""
        if self.prepared is None or self.layout_mode != SINGLE:
            return True
        row = self.prepared.rows[index]
        return (row.left if self.active_side == LEFT else row.right) is not None

    def next_difference(self, step: int) -> bool:
        """Move to the next (``step`` 1) or previous (-1) difference; False when there is none."""
        if self.prepared is None:
            return False
        diffs = [d for d in self.prepared.differences if self._shown(d)]
        if not diffs:
            return False
        if step > 0:
            later = [d for d in diffs if d > self.current]
            target = later[0] if later else diffs[0]
        else:
            earlier = [d for d in diffs if d < self.current]
            target = earlier[-1] if earlier else diffs[-1]
        self.move_to(target)
        return True

    def action_step(self, step: int) -> None:
        index = self.current + step
        while 0 <= index < len(self.rows) and not self._shown(index):
            index += step
        if 0 <= index < len(self.rows):
            self.move_to(index)

    def action_page(self, step: int) -> None:
        rows = self.rows
        if not rows:
            return
        room = max(1, self.size.height - 1)
        index, used = self.current, 0
        while 0 <= index + step < len(rows):
            used += rows[index].outer_size.height
            if used > room:
                break
            index += step
        self.move_to(index if index != self.current else self.current + step)

    def action_first(self) -> None:
        self.move_to(0, top=True)

    def action_last(self) -> None:
        self.move_to(len(self.rows) - 1)

    def on_compare_row_clicked(self, event: CompareRow.Clicked) -> None:
        event.stop()
        self.move_to(event.index)
