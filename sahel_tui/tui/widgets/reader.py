"""The reader pane: article header plus the annotating article view.

Every annotation key here is one Workspace call (the same the CLI makes); this
module only decides what to call and what to show afterwards.
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
from sahel_tui.core.models import Article, Mention
from sahel_tui.core.text import safe_line
from sahel_tui.tui.widgets.article_view import ArticleView

LABEL_BINDINGS = [
    Binding(str(n), f"label({n})", f"Label as type {n}", show=False, id=f"reader.label{n}") for n in range(1, 10)
]


class AnnotatingView(ArticleView):
    """The article view plus the annotation keys."""

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

    def _report(self, exc: SahelError) -> None:
        self.notify(safe_line(str(exc), 300), severity="error", markup=False, timeout=8)

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
        span = self.target_span()
        if span is None:
            self.notify("Move the cursor onto a word or select text with v", severity="warning", markup=False)
            return
        start, end = span
        text = self._open_article.body[start:end]
        entity = self._auto_entity(text, label.id)
        try:
            mention = self.workspace.annotate(self._open_article.id, start, end, label.id, entity=entity)
        except SahelError as exc:
            self._report(exc)
            return
        self.clear_selection()
        self.reload_annotations()
        linked = f" → {mention.entity}" if mention.entity else ""
        self.notify(f"Saved {label.id} '{safe_line(text, 40)}'{linked}", markup=False, timeout=4)
        self.open_picker(mention, then_occurrences=True)

    def _auto_entity(self, text: str, label_id: str) -> str | None:
        """Link at once when exactly one catalog entity of that type has this name or alias."""
        matches = [e for e in self.workspace.catalog.find(text) if e.type == label_id]
        return matches[0].id if len(matches) == 1 else None

    def open_picker(self, mention: Mention, *, then_occurrences: bool = False) -> None:
        from sahel_tui.tui.screens.entity_picker import EntityPicker, PickerResult

        article_id = self._open_article.id

        def picked(result: PickerResult | None) -> None:
            current = mention
            if result is not None and result.entity_id != mention.entity:
                try:
                    current = self.workspace.edit_mention(article_id, mention.id, entity=result.entity_id)
                except SahelError as exc:
                    self._report(exc)
                    return
            if result is not None:
                self.reload_annotations()
                quoted = safe_line(mention.quote.exact, 40)
                if current.entity is None:
                    message = f"Unlinked '{quoted}'"
                else:
                    message = f"Linked '{quoted}' → {current.entity}"
                    if result.created:
                        message += " (new entity in the catalog)"
                    if result.alias_added:
                        message += f"; alias '{safe_line(result.alias_added, 40)}' added"
                self.notify(message, markup=False, timeout=4)
            if then_occurrences:
                self.offer_occurrences(current)

        self.app.push_screen(
            EntityPicker(self.workspace, mention.quote.exact, mention.label, current=mention.entity), picked
        )

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
        self.open_picker(mention)

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
        if mention is None:
            return
        from sahel_tui.tui.screens.label_menu import LabelMenu

        def chosen(label_id: str | None) -> None:
            if label_id and label_id != mention.label:
                try:
                    self.workspace.edit_mention(self._open_article.id, mention.id, label=label_id)
                except SahelError as exc:
                    self._report(exc)
                    return
                self.reload_annotations()
                self.notify(f"'{safe_line(mention.quote.exact, 40)}' is now {label_id}", markup=False)

        self.app.push_screen(LabelMenu(self.workspace.labels, current=mention.label), chosen)

    def action_delete(self) -> None:
        mention = self._editable_mention()
        if mention is None:
            return
        try:
            self.workspace.delete_mention(self._open_article.id, mention.id)
        except SahelError as exc:
            self._report(exc)
            return
        self.reload_annotations()
        self.notify(f"Deleted {mention.label} '{safe_line(mention.quote.exact, 40)}' (u to undo)", markup=False)

    def action_undo(self) -> None:
        self._history("undo")

    def action_redo(self) -> None:
        self._history("redo")

    def _history(self, which: str) -> None:
        if self.workspace.read_only:
            return
        try:
            change = self.workspace.undo() if which == "undo" else self.workspace.redo()
        except SahelError as exc:
            self._report(exc)
            return
        if change is None:
            self.notify(f"Nothing to {which}", markup=False, timeout=2)
            return
        if self.article is not None and change.article_id == self.article.id:
            self.reload_annotations()
        else:
            self.post_message(self.Annotated(change.article_id))
        self.notify(f"{which.capitalize()}: {safe_line(change.description, 60)}", markup=False, timeout=3)

    # -- occurrences and suggestions ------------------------------------------------------
    def offer_occurrences(self, mention: Mention) -> None:
        occurrences = [
            o
            for o in self.workspace.occurrences(mention.quote.exact, entity_id=mention.entity)
            if not o.annotated and not (o.article_id == self._open_article.id and o.start == mention.start)
        ]
        if not occurrences:
            return
        from sahel_tui.tui.screens.occurrences import OccurrencesScreen

        def accepted(chosen: list | None) -> None:
            if chosen:
                self.annotate_occurrences(chosen, mention.label, mention.entity)

        self.app.push_screen(
            OccurrencesScreen(occurrences, mention.label, mention.entity, current_article=self._open_article.id),
            accepted,
        )

    def annotate_occurrences(self, chosen, label: str, entity: str | None) -> None:
        saved = 0
        for occ in chosen:
            try:
                self.workspace.annotate(occ.article_id, occ.start, occ.end, label, entity=occ.entity or entity)
                saved += 1
            except SahelError as exc:
                self._report(exc)
        self.reload_annotations()
        self.notify(f"Saved {saved} more mention{'s' if saved != 1 else ''}", markup=False, timeout=4)

    def action_occurrences(self) -> None:
        mention = self._editable_mention("Put the cursor on a mention to annotate its other occurrences")
        if mention is not None:
            self.offer_occurrences(mention)

    def action_accept_suggestion(self) -> None:
        if not self._guard():
            return
        suggestion = self.suggestion_at_cursor()
        if suggestion is None:
            self.notify("No suggestion under the cursor (dim underlined text)", markup=False)
            return
        self._accept([suggestion])

    def action_accept_all_suggestions(self) -> None:
        if not self._guard():
            return
        if not self.suggestions:
            self.notify("No suggestions in this article", markup=False)
            return
        self._accept(list(self.suggestions))

    def _accept(self, suggestions) -> None:
        saved = 0
        for s in suggestions:
            entity = self.workspace.catalog.get(s.entity) if s.entity else None
            if entity is None:
                continue
            try:
                self.workspace.annotate(s.article_id, s.start, s.end, entity.type, entity=entity.id)
                saved += 1
            except SahelError as exc:
                self._report(exc)
        self.reload_annotations()
        self.notify(f"Accepted {saved} suggestion{'s' if saved != 1 else ''}", markup=False, timeout=3)

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
        from sahel_tui.tui.screens.review import ReviewScreen

        def done(_: object) -> None:
            self.reload_annotations()

        self.app.push_screen(ReviewScreen(self.workspace, self.article, flagged), done)

    def action_legend(self) -> None:
        from sahel_tui.tui.screens.legend import LegendScreen

        self.app.push_screen(LegendScreen(self.workspace.labels))


class Reader(Vertical):
    """Title and metadata above the article view."""

    HELP_GROUP = "Reader"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._reported: set[tuple[str, tuple[str, ...]]] = set()

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
        self.view.show_article(article, mentions, **kwargs)
        if article is not None:
            self._report_file_problems(article.id)

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
