"""Choosing what to compare an article with: its closest rewrites, best first.

Lists :meth:`Workspace.similar` for the left article with each score (verified
copies and rewrites first, each saying why: "9 of 10 sentences aligned"), then
any other member of its story group that the list left out.  Finding similar
articles may build the similarity index, so it runs in a worker thread.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.core.errors import SahelError
from sahel_tui.core.text import safe_line
from sahel_tui.tui.handoff import deliver
from sahel_tui.tui.screens.modal import Dialog

LIMIT = 20


def candidates(workspace, article_id: str) -> list[dict]:
    """``{"id", "title", "score", "story", "why"}`` rows: similar articles, then the rest of the story group."""
    rows = [dict(row.to_json(), story=False) for row in workspace.similar(article_id, limit=LIMIT)]
    listed = {row["id"] for row in rows} | {article_id}
    group: list[str] = next((g for g in workspace.story_groups() if article_id in g), [])
    index = workspace.similarity()
    for other in group:
        if other not in listed:
            rows.append(
                {
                    "id": other,
                    "title": workspace.article(other).title,
                    "score": round(index.score(article_id, other), 4),
                    "story": True,
                    "why": index.verify(article_id, other, lambda a: workspace.article(a).body).describe(),
                }
            )
    story = set(group)
    for row in rows:
        row["story"] = row["id"] in story
    return rows


def candidate_prompt(row: dict, *, current: bool) -> Content:
    score = Content(f"{row['score']:.3f}").stylize("bold")
    badge = Content(" same story" if row.get("story") else "").stylize("$text-success")
    why = Content("")
    if row.get("story") and row.get("why"):  # why the two are grouped: "9 of 10 sentences aligned"
        why = Content.assemble("\n       ", Content(safe_line(row["why"], 120)).stylize("$text-muted"))
    mark = Content(" · compared now").stylize("$text-muted") if current else Content("")
    title = Content(safe_line(row["title"], 200))
    meta = Content(safe_line(row["id"], 80)).stylize("$text-muted")
    return Content.assemble(score, "  ", title, "\n       ", meta, badge, mark, why)


class PartnerList(OptionList):
    HELP_GROUP = "Partner picker"


class PartnerPicker(Dialog[str | None]):
    """Pick the article to compare the left one with."""

    HELP_GROUP = "Partner picker"
    FIT = {"#partner-list": (8, 20)}
    BINDINGS = [
        Binding("enter", "pick", "Compare", id="partner.pick", priority=True),
        Binding("escape,q", "cancel", "Cancel", id="partner.cancel"),
    ]

    def __init__(self, workspace, article_id: str, current: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.article_id = article_id
        self.current = current
        self.rows: list[dict] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog partner-dialog") as dialog:
            dialog.border_title = "Compare with"
            try:
                title = self.workspace.article(self.article_id).title
            except SahelError:
                title = self.article_id
            yield Static(
                Content.assemble(("Rewrites of ", "$text-muted"), (safe_line(title, 120), "bold")),
                classes="dialog-title",
                markup=False,
            )
            yield PartnerList(
                Option(Content("Finding similar articles…").stylize("italic"), disabled=True),
                id="partner-list",
                markup=False,
            )
            yield self.hint_widget()

    def on_mount(self) -> None:
        self.query_one(PartnerList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="partners")
    def load(self) -> None:
        try:
            rows = candidates(self.workspace, self.article_id)
        except SahelError as exc:
            deliver(self, self._show, [], str(exc))
            return
        deliver(self, self._show, rows, None)

    def _show(self, rows: list[dict], error: str | None) -> None:
        if not self.is_attached:
            return
        self.rows = rows
        options = self.query_one(PartnerList)
        options.clear_options()
        if error or not rows:
            text = f"Cannot list similar articles: {safe_line(error, 200)}" if error else "No similar article found."
            options.add_option(Option(Content(text).stylize("italic"), disabled=True))
            return
        for n, row in enumerate(rows):
            if n:
                options.add_option(None)
            options.add_option(Option(candidate_prompt(row, current=row["id"] == self.current), id=row["id"]))
        ids = [o.id for o in options.options]
        options.highlighted = ids.index(self.current) if self.current in ids else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(event.option.id)

    def action_pick(self) -> None:
        option = self.query_one(PartnerList).highlighted_option
        if option is not None and option.id:
            self.dismiss(option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
