"""Annotating the other occurrences of a mention: a keyword-in-context list.

Each row is one place where the mention's text (or a name or alias of its
entity) occurs, in this article or elsewhere in the corpus: the text before it
right-aligned, the match, the text after it.  Rows are grouped by article.  The
analyst accepts (``y``) or rejects (``x``) rows, or accepts all (``A``), then
saves the accepted ones with Enter.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.core.errors import SahelError
from sahel_tui.core.models import Occurrence
from sahel_tui.core.text import safe_line
from sahel_tui.tui.screens.modal import Dialog, head_cells, swatch, tail_cells

PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
MARKS = {
    PENDING: Content("· ").stylize("$text-muted"),
    ACCEPTED: Content("✓ ").stylize("bold $success"),
    REJECTED: Content("✗ ").stylize("bold $error"),
}
MARK_WIDTH = 2
MAX_MATCH = 30


class KwicList(OptionList):
    """The occurrences, grouped under one header row per article."""

    HELP_GROUP = "Occurrences"

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, OccurrencesScreen):
            screen.relayout()


class OccurrencesScreen(Dialog[list[Occurrence] | None]):
    """Choose which other occurrences to annotate like this mention."""

    HELP_GROUP = "Occurrences"
    FIT = {"#occ-list": (10, 40)}
    BINDINGS = [
        Binding("y", "mark('accepted')", "Accept", id="occurrences.accept"),
        Binding("x", "mark('rejected')", "Reject", id="occurrences.reject"),
        Binding("space", "toggle_occurrence", "Toggle", show=False, id="occurrences.toggle"),
        Binding("A", "mark_all('accepted')", "Accept all", id="occurrences.accept_all"),
        Binding("X", "mark_all('rejected')", "Reject all", show=False, id="occurrences.reject_all"),
        Binding("enter", "confirm", "Save accepted", priority=True, id="occurrences.confirm"),
        Binding("escape", "cancel", "Cancel", id="occurrences.cancel"),
    ]

    def __init__(
        self, occurrences: list[Occurrence], label: str, entity: str | None, *, current_article: str | None = None
    ) -> None:
        super().__init__()
        self.label_id = label
        self.entity_id = entity
        self.current_article = current_article
        # this article first, then the others in corpus order; text order within an article
        self.occurrences = sorted(
            occurrences, key=lambda o: (o.article_id != current_article, o.article_id, o.start, o.end)
        )
        self.states = [PENDING] * len(self.occurrences)
        self._width = 0
        self._row_of: list[int | None] = []  # option index -> occurrence index (None: a header)
        self._option_of: dict[int, int] = {}  # occurrence index -> option index

    @property
    def workspace(self):
        return getattr(self.app, "workspace", None)

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog occurrences-dialog") as dialog:
            dialog.border_title = "Other occurrences"
            yield Static(self._title(), classes="dialog-title", markup=False)
            yield Static(id="occ-summary", markup=False)
            yield KwicList(id="occ-list", markup=False)
            yield self.hint_widget()

    def _title(self) -> Content:
        ws = self.workspace
        label = ws.labels.get(self.label_id) if ws is not None else None
        parts: list[Content | str] = ["Annotate as ", swatch(label, self.label_id)]
        if self.entity_id:
            entity = ws.catalog.get(self.entity_id) if ws is not None else None
            parts += [" → ", Content(safe_line(entity.name if entity else self.entity_id, 60)).stylize("bold")]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        kwic = self.query_one(KwicList)
        kwic.focus()
        self._update_summary()
        self.call_after_refresh(self.relayout)

    def relayout(self) -> None:
        """(Re)build the rows for the list's width, keeping the highlighted row."""
        kwic = self.query_one(KwicList)
        width = kwic.scrollable_content_region.width - 1
        if width <= 0 or width == self._width:
            return
        self._width = width
        keep = self._current_index()
        options: list[Option] = []
        self._row_of, self._option_of = [], {}
        match_width = min(max((len(safe_line(o.text)) for o in self.occurrences), default=1), MAX_MATCH)
        last_article = None
        for i, occ in enumerate(self.occurrences):
            if occ.article_id != last_article:
                last_article = occ.article_id
                options.append(Option(self._header(occ.article_id), disabled=True))
                self._row_of.append(None)
            self._option_of[i] = len(options)
            options.append(Option(self._row(i, match_width)))
            self._row_of.append(i)
        kwic.set_options(options)
        self._highlight(keep if keep is not None else 0)

    def _header(self, article_id: str) -> Content:
        title = ""
        ws = self.workspace
        if ws is not None:
            try:
                title = ws.article(article_id).title
            except SahelError:
                title = ""
        where = " (this article)" if article_id == self.current_article else ""
        return Content.assemble(
            Content(safe_line(article_id, 60)).stylize("bold"),
            Content(where).stylize("bold"),
            Content(f"  {safe_line(title, 200)}" if title else "").stylize("italic"),
        )

    def _row(self, index: int, match_width: int) -> Content:
        occ = self.occurrences[index]
        state = self.states[index]
        match = head_cells(safe_line(occ.text, 200), match_width)
        rest = max(self._width - MARK_WIDTH - match_width - 2, 10)
        left_width = rest * 2 // 5
        right_width = rest - left_width
        left = Content(tail_cells(safe_line(occ.left, 200), left_width))
        left = left.pad_left(max(left_width - left.cell_length, 0))
        shown_match = Content(match).stylize("bold underline reverse" if state != REJECTED else "strike")
        right = Content(head_cells(safe_line(occ.right, 200), right_width))
        row = Content.assemble(MARKS[state], left, " ", shown_match, " ", right)
        return row.stylize("dim") if state == REJECTED else row

    # -- state --------------------------------------------------------------------------------
    def _current_index(self) -> int | None:
        highlighted = self.query_one(KwicList).highlighted
        if highlighted is None or highlighted >= len(self._row_of):
            return None
        return self._row_of[highlighted]

    def _highlight(self, index: int) -> None:
        if not self.occurrences:
            return
        index = max(0, min(index, len(self.occurrences) - 1))
        kwic = self.query_one(KwicList)
        option = self._option_of[index]
        kwic.highlighted = option
        if option > 0 and self._row_of[option - 1] is None:  # keep the article header in view
            kwic.scroll_to_region(
                Region(0, kwic._index_to_line.get(option - 1, 0), 1, 2), animate=False, immediate=True
            )

    def _refresh_row(self, index: int) -> None:
        kwic = self.query_one(KwicList)
        match_width = min(max((len(safe_line(o.text)) for o in self.occurrences), default=1), MAX_MATCH)
        kwic.replace_option_prompt_at_index(self._option_of[index], self._row(index, match_width))

    def _update_summary(self) -> None:
        accepted = self.states.count(ACCEPTED)
        rejected = self.states.count(REJECTED)
        articles = len({o.article_id for o in self.occurrences})
        here = sum(1 for o in self.occurrences if o.article_id == self.current_article)
        head = f"{len(self.occurrences)} unannotated in {articles} article{'s' if articles != 1 else ''}"
        if self.current_article is not None:
            head += f" ({here} here)"
        counts = f" · {accepted} accepted · {rejected} rejected"
        self.query_one("#occ-summary", Static).update(Content.assemble(head, Content(counts).stylize("$text-muted")))

    def _set(self, index: int, state: str) -> None:
        self.states[index] = state
        if self._option_of:
            self._refresh_row(index)
        self._update_summary()

    # -- actions ----------------------------------------------------------------------------
    def action_mark(self, state: str) -> None:
        index = self._current_index()
        if index is None:
            return
        self._set(index, state)
        if index + 1 < len(self.occurrences):
            self._highlight(index + 1)

    def action_toggle_occurrence(self) -> None:
        index = self._current_index()
        if index is None:
            return
        self._set(index, REJECTED if self.states[index] == ACCEPTED else ACCEPTED)

    def action_mark_all(self, state: str) -> None:
        for index in range(len(self.occurrences)):
            self.states[index] = state
            if self._option_of:
                self._refresh_row(index)
        self._update_summary()

    def action_confirm(self) -> None:
        chosen = [o for o, s in zip(self.occurrences, self.states, strict=True) if s == ACCEPTED]
        if not chosen:
            self.notify("Nothing accepted, nothing saved (y accepts a row, A accepts all)", markup=False, timeout=4)
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
