"""The reader pane: article header plus the annotating article view.

Every annotation key posts a request message; the annotation controller turns
each into one Workspace call (the same the CLI makes) and opens the dialogs.
"""

from __future__ import annotations

from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from sahel_tui.core.errors import SahelError
from sahel_tui.core.models import Article, Mention, Occurrence
from sahel_tui.core.text import safe_line
from sahel_tui.tui.widgets.article_view import ArticleView

LABEL_BINDINGS = [
    Binding(str(n), f"label({n})", f"Label as type {n}", show=False, id=f"reader.label{n}") for n in range(1, 10)
]


class AnnotatingView(ArticleView):
    """The article view plus the annotation keys.

    A key says what the analyst asked for as a :class:`Request` message; the
    screen's annotation controller (``sahel_tui.tui.annotation_controller``) makes
    the Workspace call and opens the dialogs.  This widget decides no domain rule.
    """

    BINDINGS = [
        *LABEL_BINDINGS,
        Binding("enter", "link", "Link entity", id="reader.link"),
        Binding("t", "relabel", "Change type", show=False, id="reader.relabel"),
        Binding("d,delete", "delete", "Delete mention", id="reader.delete"),
        Binding("u", "undo", "Undo", id="reader.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="reader.redo"),
        Binding("a", "occurrences", "All occurrences", id="reader.occurrences"),
        Binding("y", "accept_suggestion", "Accept suggestion", show=False, id="reader.accept"),
        Binding("x", "reject_suggestion", "Reject suggestion", show=False, id="reader.reject"),
        Binding("Y", "accept_all_suggestions", "Accept all suggestions", show=False, id="reader.accept_all"),
        Binding("r", "review", "Review flagged", show=False, id="reader.review"),
        Binding("L", "legend", "Legend", id="reader.legend"),
    ]

    class Annotated(Message):
        """Mentions of the article changed (saved to YAML)."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class Request(Message):
        """Something the analyst asked the reader for; handled by the annotation controller."""

        def __init__(self, view: AnnotatingView) -> None:
            super().__init__()
            self.view = view

    class AnnotateRequested(Request):
        """Save ``body[start:end]`` as a mention of type ``label`` (number key)."""

        def __init__(self, view: AnnotatingView, start: int, end: int, label: str) -> None:
            super().__init__(view)
            self.start, self.end, self.label = start, end, label

    class MentionRequest(Request):
        """An action on the mention under the cursor."""

        def __init__(self, view: AnnotatingView, mention: Mention) -> None:
            super().__init__(view)
            self.mention = mention

    class LinkRequested(MentionRequest):
        """Open the entity picker for the mention (Enter)."""

    class RelabelRequested(MentionRequest):
        """Open the type menu for the mention (t)."""

    class RetypeRequested(MentionRequest):
        """Give the mention under the cursor the type of a number key (as ``t`` would)."""

        def __init__(self, view: AnnotatingView, mention: Mention, label: str) -> None:
            super().__init__(view, mention)
            self.label = label

    class DeleteRequested(MentionRequest):
        """Delete the mention (d)."""

    class OccurrencesRequested(MentionRequest):
        """Offer the mention's other occurrences (a)."""

    class HistoryRequested(Request):
        """Undo or redo one step (u, ctrl+r)."""

        def __init__(self, view: AnnotatingView, which: str) -> None:
            super().__init__(view)
            self.which = which

    class AcceptRequested(Request):
        """Accept suggestions: the one under the cursor (y) or all of them (Y), as one step."""

        def __init__(self, view: AnnotatingView, suggestions: list[Occurrence], *, every: bool) -> None:
            super().__init__(view)
            self.suggestions = suggestions
            self.every = every

    class ReviewRequested(Request):
        """Open the review of moved and orphaned mentions (r)."""

        def __init__(self, view: AnnotatingView, flagged: list[Mention]) -> None:
            super().__init__(view)
            self.flagged = flagged

    class LegendRequested(Request):
        """Show the entity types and their keys (L)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rejected: set[tuple[str, int, int]] = set()

    @property
    def workspace(self):
        return self.app.workspace  # type: ignore[attr-defined]

    # -- helpers ----------------------------------------------------------------------------
    def _guard(self) -> bool:
        if self.article is None:
            self.notify("Open an article first", severity="warning", markup=False)
            return False
        if self.workspace.read_only:
            self.notify("Read-only workspace: annotations cannot be saved", severity="warning", markup=False)
            return False
        return True

    def reload_annotations(self) -> None:
        if self.article is None:
            return
        ws = self.workspace
        mentions = ws.mentions(self.article.id)
        suggestions = [
            s for s in ws.suggestions(self.article.id) if (self.article.id, s.start, s.end) not in self.rejected
        ]
        self.update_annotations(mentions, suggestions)
        self.post_message(self.Annotated(self.article.id))

    # -- labelling --------------------------------------------------------------------------
    def action_label(self, number: int) -> None:
        if not self._guard():
            return
        label = self.workspace.labels.by_key(str(number))
        if label is None:
            self.notify(f"No entity type on key {number}", severity="warning", markup=False)
            return
        mention = None if self.selection else self.mention_at_cursor()
        if mention is not None:  # a type key on a mention retypes it; a nested mention needs a selection (v)
            self.post_message(self.RetypeRequested(self, mention, label.id))
            return
        span = self.target_span()
        if span is None:
            self.notify("Move the cursor onto a word or select text with v", severity="warning", markup=False)
            return
        self.post_message(self.AnnotateRequested(self, span[0], span[1], label.id))

    def action_link(self) -> None:
        if not self._guard():
            return
        mention = self.mention_at_cursor()
        if mention is None:
            if self.selection or self.target_span():
                self.notify(
                    "Press a type key (1-9) to annotate; Enter links an existing mention", markup=False, timeout=4
                )
            return
        self.post_message(self.LinkRequested(self, mention))

    def _editable_mention(self, hint: str = "No mention under the cursor") -> Mention | None:
        """The mention under the cursor, when the workspace can be written; else say why not."""
        if not self._guard():
            return None
        mention = self.mention_at_cursor()
        if mention is None:
            self.notify(hint, severity="warning", markup=False)
        return mention

    def action_relabel(self) -> None:
        mention = self._editable_mention()
        if mention is not None:
            self.post_message(self.RelabelRequested(self, mention))

    def action_delete(self) -> None:
        mention = self._editable_mention()
        if mention is not None:
            self.post_message(self.DeleteRequested(self, mention))

    def action_undo(self) -> None:
        if not self.workspace.read_only:
            self.post_message(self.HistoryRequested(self, "undo"))

    def action_redo(self) -> None:
        if not self.workspace.read_only:
            self.post_message(self.HistoryRequested(self, "redo"))

    # -- occurrences and suggestions ------------------------------------------------------
    def action_occurrences(self) -> None:
        mention = self._editable_mention("Put the cursor on a mention to annotate its other occurrences")
        if mention is not None:
            self.post_message(self.OccurrencesRequested(self, mention))

    def action_accept_suggestion(self) -> None:
        if not self._guard():
            return
        suggestion = self.suggestion_at_cursor()
        if suggestion is None:
            self.notify("No suggestion under the cursor (dim underlined text)", markup=False)
            return
        self.post_message(self.AcceptRequested(self, [suggestion], every=False))

    def action_accept_all_suggestions(self) -> None:
        if not self._guard():
            return
        if not self.suggestions:
            self.notify("No suggestions in this article", markup=False)
            return
        self.post_message(self.AcceptRequested(self, list(self.suggestions), every=True))

    def action_reject_suggestion(self) -> None:
        suggestion = self.suggestion_at_cursor()
        if suggestion is None or self.article is None:
            return
        self.rejected.add((self.article.id, suggestion.start, suggestion.end))
        self.reload_annotations()

    def action_review(self) -> None:
        if self.article is None:
            return
        flagged = [m for m in self.mentions if m.state != "ok"]
        if not flagged:
            self.notify("No moved or orphaned mentions in this article", markup=False)
            return
        self.post_message(self.ReviewRequested(self, flagged))

    def action_legend(self) -> None:
        self.post_message(self.LegendRequested(self))


class Reader(Vertical):
    """Title and metadata above the article view."""

    HELP_GROUP = "Reader"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._reported: set[tuple[str, tuple[str, ...]]] = set()
        self._hit_label = ""  # "hit 2/7" shown on the border after n/N

    def compose(self) -> ComposeResult:
        yield Static(id="article-header", markup=False)
        yield AnnotatingView(id="article")

    @property
    def view(self) -> AnnotatingView:
        return self.query_one(AnnotatingView)

    def show(self, article: Article | None, mentions: list[Mention], **kwargs) -> None:
        header = self.query_one("#article-header", Static)
        if article is None:
            header.update(Content("No article open: search, then Enter on a result."))
        else:
            meta = " · ".join([article.date or "date unknown", article.source or "source unknown", article.id])
            flagged = sum(1 for m in mentions if m.state != "ok")
            if flagged:
                meta += f" · {flagged} mention(s) need review (r)"
            header.update(
                Content.assemble(
                    Content(safe_line(article.title, 300)).stylize("bold"),
                    "\n",
                    Content(safe_line(meta, 300)).stylize("$text-muted"),
                )
            )
        same = article is not None and self.view.article is not None and self.view.article.id == article.id
        if not same and self._hit_label:  # the hit counter belongs to the article it counted
            self.border_subtitle = self._base_subtitle() or None
            self._hit_label = ""
        self.view.show_article(article, mentions, **kwargs)
        if article is not None:
            self._report_file_problems(article.id)

    def on_article_view_hit_moved(self, event: ArticleView.HitMoved) -> None:
        base = self._base_subtitle()  # the layout's key hints, kept after the counter
        self._hit_label = event.label
        self.border_subtitle = f"{event.label} · {base}" if base else event.label

    def _base_subtitle(self) -> str:
        subtitle = str(self.border_subtitle or "")
        if self._hit_label and subtitle.startswith(self._hit_label):
            subtitle = subtitle[len(self._hit_label) :].lstrip(" ·")
        return subtitle

    def _report_file_problems(self, article_id: str) -> None:
        """Say once why an article's annotations are missing (a broken or partly invalid file)."""
        workspace = self.app.workspace  # type: ignore[attr-defined]
        try:
            _, problems = workspace.store.load(article_id)
        except SahelError as exc:
            problems = [exc]
        errors = [p for p in problems if getattr(p, "severity", "error") == "error"]
        key = (article_id, tuple(str(p) for p in errors))
        if not errors or key in self._reported:
            return
        self._reported.add(key)
        more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        self.notify(
            f"{safe_line(str(errors[0]), 300)}{more}. Annotations that cannot be read are not shown; "
            "fix the file (sahel-tui check) before annotating this article.",
            severity="warning",
            markup=False,
            timeout=12,
        )


def label_styles(labels) -> dict[str, Style]:
    """Mention styles per label: colour plus underline, so NO_COLOR still shows them."""
    return {label.id: Style(color=label.color, bold=True, underline=True) for label in labels}
