"""Reviewing mentions whose article text changed: ``r`` in the reader.

A mention is ``moved`` when its quoted text was found again at other offsets
(perhaps slightly reworded), ``orphaned`` when it was not found at all.  For each
one the screen shows what was saved (the quote with its context) next to what
the article says now, and the analyst accepts the new position, deletes the
mention, or skips it for later.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.core.errors import SahelError
from sahel_tui.core.models import Article, Mention
from sahel_tui.core.text import safe_line
from sahel_tui.tui.screens.modal import Dialog, head_cells, tail_cells, type_tag

CONTEXT = 32
OPEN, ACCEPTED, DELETED = "open", "accepted", "deleted"
BADGES = {
    "moved": Content(" MOVED ").stylize("bold reverse $warning"),
    "orphaned": Content(" ORPHANED ").stylize("bold reverse $error"),
}
DONE = {
    ACCEPTED: Content("✓ accepted ").stylize("bold $success"),
    DELETED: Content("✗ deleted  ").stylize("bold $error"),
}


def in_context(prefix: str, exact: str, suffix: str, width: int) -> Content:
    """``…before [exact] after…`` on one line of ``width`` cells, the quote in the middle."""
    exact_shown = head_cells(safe_line(exact, 200), max(width // 2, 8))
    side = max((width - cell_len(exact_shown) - 2) // 2, 4)
    return Content.assemble(
        Content(tail_cells(safe_line(prefix, 200), side)),
        " ",
        Content(exact_shown).stylize("bold underline reverse"),
        " ",
        Content(head_cells(safe_line(suffix, 200), side)),
    )


class FlaggedList(OptionList):
    """The mentions to review, one per line."""

    HELP_GROUP = "Review"


class ReviewScreen(Dialog[int]):
    """Accept, delete or skip each moved or orphaned mention; returns the number of changes."""

    HELP_GROUP = "Review"
    BINDINGS = [
        Binding("a,enter", "accept", "Accept new position", priority=True, id="review.accept"),
        Binding("d,delete", "delete", "Delete", id="review.delete"),
        Binding("s", "skip", "Skip", id="review.skip"),
        Binding("escape", "close", "Close", id="review.close"),
    ]

    def __init__(self, workspace, article: Article, flagged: list[Mention]) -> None:
        super().__init__()
        self.workspace = workspace
        self.article = article
        self.flagged = list(flagged)
        self.status = [OPEN] * len(self.flagged)
        self.changes = 0
        try:  # the mentions as saved, before re-anchoring on the current text
            saved, _ = workspace.store.load(article.id)
        except SahelError:
            saved = []
        self.saved = {m.id: m for m in saved}

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog review-dialog") as dialog:
            dialog.border_title = "Review moved and orphaned mentions"
            yield Static(
                Content.assemble(
                    Content(safe_line(self.article.title, 200)).stylize("bold italic"),
                    "\n",
                    Content(
                        "changed after these mentions were saved: accept where each one is now, or delete it"
                    ).stylize("$text-muted"),
                ),
                classes="dialog-title",
                markup=False,
            )
            yield FlaggedList(*[Option(self._row(i)) for i in range(len(self.flagged))], id="review-list", markup=False)
            yield Static(id="review-detail", classes="dialog-detail", markup=False)
            yield self.hint_widget()

    def on_mount(self) -> None:
        flagged = self.query_one(FlaggedList)
        flagged.focus()
        self.call_after_refresh(self._show_detail)

    def _row(self, index: int) -> Content:
        mention = self.flagged[index]
        status = self.status[index]
        label = self.workspace.labels.get(mention.label)
        entity = self.workspace.catalog.get(mention.entity) if mention.entity else None
        saved = self.saved.get(mention.id, mention)
        lead = DONE.get(status) or BADGES.get(mention.state, Content(f" {mention.state} "))
        parts: list[Content | str] = [
            lead,
            " ",
            Content(f"“{safe_line(saved.quote.exact, 50)}”").stylize("bold"),
            "  ",
            type_tag(label, mention.label),
        ]
        if mention.entity:
            parts.append(
                Content(f" → {safe_line(entity.name if entity else mention.entity, 50)}").stylize("$text-muted")
            )
        row = Content.assemble(*parts)
        return row.stylize("dim") if status != OPEN else row

    def on_resize(self, event: events.Resize) -> None:
        self._show_detail()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def _current(self) -> int | None:
        return self.query_one(FlaggedList).highlighted

    def _show_detail(self) -> None:
        index = self._current()
        detail = self.query_one("#review-detail", Static)
        if index is None:
            detail.update(Content("Nothing to review."))
            return
        width = max(detail.content_region.width - 12, 30)
        mention = self.flagged[index]
        saved = self.saved.get(mention.id, mention)
        body = self.article.body
        head = Content("Saved  ").stylize("bold")
        lines = [
            Content.assemble(head, in_context(saved.quote.prefix, saved.quote.exact, saved.quote.suffix, width)),
            Content(f"       at {saved.start}-{saved.end}").stylize("$text-muted"),
        ]
        now = Content("Now    ").stylize("bold")
        if mention.state == "orphaned":
            lines.append(
                Content.assemble(
                    now, Content("not found: the quoted text is no longer in the article").stylize("italic")
                )
            )
            lines.append(
                Content("       It cannot be accepted: d deletes it, s keeps it for later").stylize("$text-muted")
            )
        else:
            lines.append(
                Content.assemble(
                    now,
                    in_context(
                        body[max(0, mention.start - CONTEXT) : mention.start],
                        body[mention.start : mention.end],
                        body[mention.end : mention.end + CONTEXT],
                        width,
                    ),
                )
            )
            lines.append(Content(f"       at {mention.start}-{mention.end}").stylize("$text-muted"))
        status = self.status[index]
        if status != OPEN:
            lines.append(Content.assemble("       ", DONE[status]))
        detail.update(Content("\n").join(lines))

    # -- actions ----------------------------------------------------------------------------
    def _after(self, index: int, status: str) -> None:
        self.status[index] = status
        self.changes += 1
        flagged = self.query_one(FlaggedList)
        flagged.replace_option_prompt_at_index(index, self._row(index))
        if OPEN not in self.status:
            self.notify(
                f"Review done: {self.status.count(ACCEPTED)} accepted, {self.status.count(DELETED)} deleted",
                markup=False,
                timeout=4,
            )
            self.dismiss(self.changes)
            return
        self._next_open(index)

    def _next_open(self, index: int) -> None:
        count = len(self.flagged)
        for step in range(1, count + 1):
            candidate = (index + step) % count
            if self.status[candidate] == OPEN:
                self.query_one(FlaggedList).highlighted = candidate
                break
        self._show_detail()

    def action_accept(self) -> None:
        index = self._current()
        if index is None or self.status[index] != OPEN:
            return
        mention = self.flagged[index]
        if mention.state == "orphaned":
            self.notify(
                "This text is gone from the article: delete the mention (d) or keep it for later (s)",
                severity="warning",
                markup=False,
            )
            return
        try:
            self.workspace.confirm_mention(self.article.id, mention.id)
        except SahelError as exc:
            self.notify(safe_line(str(exc), 300), severity="error", markup=False, timeout=8)
            return
        self._after(index, ACCEPTED)

    def action_delete(self) -> None:
        index = self._current()
        if index is None or self.status[index] != OPEN:
            return
        try:
            self.workspace.delete_mention(self.article.id, self.flagged[index].id)
        except SahelError as exc:
            self.notify(safe_line(str(exc), 300), severity="error", markup=False, timeout=8)
            return
        self._after(index, DELETED)

    def action_skip(self) -> None:
        index = self._current()
        if index is not None:
            self._next_open(index)

    def action_close(self) -> None:
        self.dismiss(self.changes)
