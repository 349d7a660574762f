"""Compare two rewrites of one story: aligned sentences, what each side adds.

Pushed by the main screen (``c`` on the results list).  The comparison is
computed in a worker thread; the screen then shows a header (titles, similarity,
what each side adds) over the aligned rows.  Keys step through the differences,
swap the sides, pick another partner from the similar articles, change the layout
(side by side, stacked, one side at a time) and open either article in the reader.

Opening an article pops this screen and posts :class:`CompareScreen.OpenArticle`
to the screen below (the main screen), with the body offset of the sentence the
row cursor is on.  A screen without a handler for it gets the results list's
``Opened`` message instead, which every main screen understands.
"""

from __future__ import annotations

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer

from sahel_tui.core.compare import LEFT, RIGHT
from sahel_tui.core.errors import SahelError
from sahel_tui.core.text import safe_line
from sahel_tui.tui.handoff import deliver
from sahel_tui.tui.widgets.compare_view import (
    COLUMNS,
    LAYOUT_NAMES,
    LAYOUTS,
    OTHER,
    SIDE_LETTER,
    SINGLE,
    STACKED,
    CompareHeader,
    CompareView,
    Prepared,
    prepare,
)

WIDE = 120  # from this width the two articles sit side by side


class CompareScreen(Screen):
    """Two articles, sentence by sentence."""

    HELP_GROUP = "Compare"
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="compare.back"),
        Binding("n,right_square_bracket", "difference(1)", "Next diff", id="compare.next"),
        Binding("N,left_square_bracket", "difference(-1)", "Previous difference", show=False, id="compare.prev"),
        Binding("s", "swap", "Swap", id="compare.swap"),
        Binding(
            "p",
            "pick_partner",
            "Partner",
            id="compare.partner",
            tooltip="Compare the left article with another article of its story",
        ),
        Binding(
            "v",
            "cycle_layout",
            "Layout",
            id="compare.layout",
            tooltip="Side by side, stacked (left above right), or one side at a time",
        ),
        Binding(
            "tab",
            "switch_side",
            "Side",
            id="compare.side",
            tooltip="Make the other article the active one (the one shown in one-side layout)",
        ),
        Binding(
            "enter",
            "open_active",
            "Open",
            id="compare.open",
            tooltip="Open the active article in the reader at the current sentence",
        ),
        Binding("o", "open('left')", "Open left article", show=False, id="compare.open_left"),
        Binding("O", "open('right')", "Open right article", show=False, id="compare.open_right"),
        Binding(
            "f",
            "toggle_facts",
            "Show all facts",
            show=False,
            id="compare.facts",
            tooltip="Show every fact each side adds (the header is cut to fit on small terminals)",
        ),
    ]

    class OpenArticle(Message):
        """Open ``article_id`` in the reader, with the cursor at ``offset`` when given."""

        def __init__(self, article_id: str, offset: int | None = None) -> None:
            super().__init__()
            self.article_id = article_id
            self.offset = offset

    def __init__(self, workspace, left_id: str, right_id: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.left_id = left_id
        self.right_id = right_id
        self.prepared: Prepared | None = None
        self.error: str | None = None
        self.active = LEFT
        self.layout_mode: str | None = None  # None: follows the terminal width
        self._keep: tuple[str, int] | None = None

    def compose(self) -> ComposeResult:
        yield CompareHeader(id="cmp-header")
        yield CompareView(id="cmp-rows")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_layout()
        self.query_one(CompareView).focus()
        self.load()

    # -- loading --------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="compare")
    def load(self) -> None:
        left_id, right_id = self.left_id, self.right_id
        try:
            prepared = prepare(self.workspace, left_id, right_id)
        except SahelError as exc:
            deliver(self, self._failed, str(exc))
            return
        deliver(self, self._loaded, prepared)

    def _failed(self, message: str) -> None:
        if not self.is_attached:
            return  # the analyst left before the comparison was ready
        self.error = message
        self.query_one(CompareHeader).show_message(f"Cannot compare: {message}")
        self.notify(safe_line(message, 300), severity="error", markup=False, timeout=8)

    async def _loaded(self, prepared: Prepared) -> None:
        if not self.is_attached:
            return
        if (prepared.left.article_id, prepared.right.article_id) != (self.left_id, self.right_id):
            return  # a newer comparison is on its way
        self.prepared = prepared
        self.error = None
        view = self.query_one(CompareView)
        await view.show(prepared, current=_row_of(prepared, self._keep))
        self._refresh_header()

    def _refresh_header(self) -> None:
        if self.prepared is None:
            return
        view = self.query_one(CompareView)
        self.query_one(CompareHeader).show(
            self.prepared, current=view.current, active=self.active, compact=self.effective_layout != COLUMNS
        )

    def on_compare_view_current_changed(self, event: CompareView.CurrentChanged) -> None:
        if self.prepared is not None:
            self.query_one(CompareHeader).show_position(self.prepared, event.index)

    # -- layout ---------------------------------------------------------------------------
    @property
    def effective_layout(self) -> str:
        if self.layout_mode is not None:
            return self.layout_mode
        return COLUMNS if self.app.size.width >= WIDE else STACKED

    def on_resize(self, event: events.Resize) -> None:
        self._apply_layout()

    def _apply_layout(self) -> None:
        mode = self.effective_layout
        for name in LAYOUTS:
            self.set_class(mode == name, f"-{name}")
        self.set_class(mode == SINGLE and self.active == LEFT, "-show-left")
        self.set_class(mode == SINGLE and self.active == RIGHT, "-show-right")
        self.query_one(Footer).compact = self.app.size.width < WIDE  # room for every key at 80 columns
        view = self.query_one(CompareView)
        if (view.layout_mode, view.active_side) != (mode, self.active):
            view.set_layout(mode, self.active)
        self._refresh_header()

    def action_cycle_layout(self) -> None:
        mode = LAYOUTS[(LAYOUTS.index(self.effective_layout) + 1) % len(LAYOUTS)]
        self.layout_mode = mode
        self._apply_layout()
        extra = f" ({SIDE_LETTER[self.active]}; tab shows the other)" if mode == SINGLE else ""
        self.notify(f"Layout: {LAYOUT_NAMES[mode]}{extra}", timeout=2, markup=False)

    def action_toggle_facts(self) -> None:
        self.toggle_class("-facts-open")

    def action_switch_side(self) -> None:
        self.active = OTHER[self.active]
        self._apply_layout()

    # -- navigation -----------------------------------------------------------------------
    def action_difference(self, step: int) -> None:
        if not self.query_one(CompareView).next_difference(step):
            self.notify("The two articles say the same thing, sentence for sentence", timeout=3, markup=False)

    # -- swapping and partners --------------------------------------------------------------
    def action_swap(self) -> None:
        if self.prepared is None:
            return
        row = self.query_one(CompareView).current_row
        # keep the cursor on the same sentences: the old left sentence is now on the right
        keep = None
        if row is not None:
            if row.left is not None:
                keep = (RIGHT, row.left.index)
            else:
                assert row.right is not None  # every row has a sentence on at least one side
                keep = (LEFT, row.right.index)
        self.compare_with(self.right_id, self.left_id, keep=keep)

    def compare_with(self, left_id: str, right_id: str, *, keep: tuple[str, int] | None = None) -> None:
        """Compare another pair; ``keep`` = (side, sentence index) to put the cursor on."""
        self._keep = keep
        self.left_id, self.right_id = left_id, right_id
        self.prepared = None
        self.query_one(CompareHeader).show_message("Comparing…")
        self.load()

    def action_pick_partner(self) -> None:
        from sahel_tui.tui.screens.partner_picker import PartnerPicker

        def picked(article_id: str | None) -> None:
            if article_id and article_id != self.right_id:
                self.compare_with(self.left_id, article_id)

        self.app.push_screen(PartnerPicker(self.workspace, self.left_id, self.right_id), picked)

    # -- opening in the reader ----------------------------------------------------------------
    def action_open(self, side: str) -> None:
        article_id = self.left_id if side == LEFT else self.right_id
        offset = None
        row = self.query_one(CompareView).current_row
        if row is not None:
            sentence = row.left if side == LEFT else row.right
            offset = sentence.start if sentence is not None else None
        self._open_in_reader(article_id, offset)

    def action_open_active(self) -> None:
        self.action_open(self.active)

    def _open_in_reader(self, article_id: str, offset: int | None) -> None:
        app = self.app
        app.pop_screen()
        target = app.screen
        if hasattr(type(target), "on_compare_screen_open_article"):
            target.post_message(self.OpenArticle(article_id, offset))
        else:
            from sahel_tui.tui.widgets.results_list import ResultsList

            target.post_message(ResultsList.Opened(article_id))

    def action_back(self) -> None:
        self.app.pop_screen()


def _row_of(prepared: Prepared, keep: tuple[str, int] | None) -> int:
    """The row holding sentence ``keep`` = (side, sentence index), else the first row."""
    if keep is None:
        return 0
    side, index = keep
    for n, row in enumerate(prepared.rows):
        sentence = row.left if side == LEFT else row.right
        if sentence is not None and sentence.index == index:
            return n
    return 0
