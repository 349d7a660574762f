"""Turns the reader's annotation requests into Workspace calls and dialogs.

The reader widget (:class:`~sahel_tui.tui.widgets.reader.AnnotatingView`) only
says what the analyst asked for; this module makes the one Workspace call each
request needs (the same call the CLI makes), opens the modal dialogs, and tells
the analyst what was saved.  The domain rules (auto-linking, what one undo step
is) live in :mod:`sahel_tui.core.workspace`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from sahel_tui.core.errors import SahelError
from sahel_tui.core.models import Mention, Occurrence
from sahel_tui.core.text import safe_line
from sahel_tui.tui.handoff import deliver
from sahel_tui.tui.screens.entity_picker import EntityPicker, PickerResult
from sahel_tui.tui.screens.label_menu import LabelMenu
from sahel_tui.tui.screens.legend import LegendScreen
from sahel_tui.tui.screens.occurrences import OccurrencesScreen
from sahel_tui.tui.screens.review import ReviewScreen
from sahel_tui.tui.widgets.reader import AnnotatingView

Request = AnnotatingView.Request


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class AnnotationController:
    """Handles :class:`AnnotatingView.Request` messages for the screen that shows the reader."""

    def __init__(self, screen: Screen[Any]) -> None:
        self.screen = screen
        self._handlers: dict[type[Request], Callable[[Any], None]] = {
            AnnotatingView.AnnotateRequested: self.annotate,
            AnnotatingView.LinkRequested: lambda r: self.open_picker(r.view, r.mention),
            AnnotatingView.RelabelRequested: self.relabel,
            AnnotatingView.RetypeRequested: self.retype,
            AnnotatingView.DeleteRequested: self.delete,
            AnnotatingView.HistoryRequested: self.history,
            AnnotatingView.OccurrencesRequested: lambda r: self.offer_occurrences(r.view, r.mention),
            AnnotatingView.AcceptRequested: self.accept,
            AnnotatingView.ReviewRequested: self.review,
            AnnotatingView.LegendRequested: self.legend,
        }

    @property
    def workspace(self) -> Any:
        return self.screen.app.workspace  # type: ignore[attr-defined]

    def handle(self, request: Request) -> None:
        handler = self._handlers.get(type(request))
        if handler is not None:
            request.stop()
            handler(request)

    @staticmethod
    def _report(view: AnnotatingView, exc: SahelError) -> None:
        view.notify(safe_line(str(exc), 300), severity="error", markup=False, timeout=8)

    @staticmethod
    def _article_id(view: AnnotatingView) -> str:
        assert view.article is not None  # the view posts requests only with an article open
        return view.article.id

    # -- labelling ----------------------------------------------------------------------------
    def annotate(self, request: AnnotatingView.AnnotateRequested) -> None:
        view = request.view
        article_id = self._article_id(view)
        try:
            mention = self.workspace.annotate(article_id, request.start, request.end, request.label, auto_link=True)
        except SahelError as exc:
            self._report(view, exc)
            return
        view.clear_selection()
        view.reload_annotations()
        linked = f" → {mention.entity}" if mention.entity else ""
        view.notify(f"Saved {mention.label} '{safe_line(mention.quote.exact, 40)}'{linked}", markup=False, timeout=4)
        self.open_picker(view, mention, then_occurrences=True)

    def open_picker(self, view: AnnotatingView, mention: Mention, *, then_occurrences: bool = False) -> None:
        article_id = self._article_id(view)

        def picked(result: PickerResult | None) -> None:
            current = mention
            if result is not None and result.entity_id != mention.entity:
                try:
                    current = self.workspace.edit_mention(article_id, mention.id, entity=result.entity_id)
                except SahelError as exc:
                    self._report(view, exc)
                    return
            if result is not None:
                view.reload_annotations()
                quoted = safe_line(mention.quote.exact, 40)
                if current.entity is None:
                    message = f"Unlinked '{quoted}'"
                else:
                    message = f"Linked '{quoted}' → {current.entity}"
                    if result.created:
                        message += " (new entity in the catalog)"
                    if result.alias_added:
                        message += f"; alias '{safe_line(result.alias_added, 40)}' added"
                view.notify(message, markup=False, timeout=4)
            if then_occurrences:
                self.offer_occurrences(view, current)

        self.screen.app.push_screen(
            EntityPicker(self.workspace, mention.quote.exact, mention.label, current=mention.entity), picked
        )

    def relabel(self, request: AnnotatingView.RelabelRequested) -> None:
        view, mention = request.view, request.mention
        article_id = self._article_id(view)

        def chosen(label_id: str | None) -> None:
            if label_id and label_id != mention.label:
                try:
                    self.workspace.edit_mention(article_id, mention.id, label=label_id)
                except SahelError as exc:
                    self._report(view, exc)
                    return
                view.reload_annotations()
                view.notify(f"'{safe_line(mention.quote.exact, 40)}' is now {label_id}", markup=False)

        self.screen.app.push_screen(LabelMenu(self.workspace.labels, current=mention.label), chosen)

    def retype(self, request: AnnotatingView.RetypeRequested) -> None:
        """A number key on an existing mention: its type changes; no second mention inside it."""
        view, mention = request.view, request.mention
        if request.label == mention.label:
            view.notify(f"'{safe_line(mention.quote.exact, 40)}' is already {mention.label}", markup=False, timeout=3)
            return
        try:
            self.workspace.edit_mention(self._article_id(view), mention.id, label=request.label)
        except SahelError as exc:
            self._report(view, exc)
            return
        view.reload_annotations()
        view.notify(f"'{safe_line(mention.quote.exact, 40)}' is now {request.label} (u undoes it)", markup=False)

    def delete(self, request: AnnotatingView.DeleteRequested) -> None:
        view, mention = request.view, request.mention
        try:
            self.workspace.delete_mention(self._article_id(view), mention.id)
        except SahelError as exc:
            self._report(view, exc)
            return
        view.reload_annotations()
        view.notify(f"Deleted {mention.label} '{safe_line(mention.quote.exact, 40)}' (u to undo)", markup=False)

    def history(self, request: AnnotatingView.HistoryRequested) -> None:
        view, which = request.view, request.which
        try:
            step = self.workspace.undo() if which == "undo" else self.workspace.redo()
        except SahelError as exc:
            self._report(view, exc)
            return
        if step is None:
            view.notify(f"Nothing to {which}", markup=False, timeout=2)
            return
        if view.article is not None and view.article.id in step.article_ids:
            view.reload_annotations()
        else:
            view.post_message(AnnotatingView.Annotated(step.article_id))
        view.notify(f"{which.capitalize()}: {safe_line(step.description, 60)}", markup=False, timeout=3)

    # -- occurrences and suggestions ------------------------------------------------------------
    def offer_occurrences(self, view: AnnotatingView, mention: Mention) -> None:
        """Other places of the mention's text, found in a worker thread (the index may be busy)."""
        article_id = self._article_id(view)
        app = self.screen.app

        def find() -> None:
            try:
                found = self.workspace.occurrences(mention.quote.exact, entity_id=mention.entity, sync=False)
            except SahelError as exc:
                deliver(view, self._report, view, exc)
                return
            occurrences = [
                o for o in found if not o.annotated and not (o.article_id == article_id and o.start == mention.start)
            ]
            if occurrences:
                deliver(view, show, occurrences)

        def show(occurrences: list[Occurrence]) -> None:
            def accepted(chosen: list[Occurrence] | None) -> None:
                if chosen:
                    self.annotate_occurrences(view, chosen, mention.label, mention.entity)

            app.push_screen(
                OccurrencesScreen(occurrences, mention.label, mention.entity, current_article=article_id), accepted
            )

        self.screen.run_worker(find, thread=True, group="occurrences", exclusive=True)

    def annotate_occurrences(
        self, view: AnnotatingView, chosen: list[Occurrence], label: str, entity: str | None
    ) -> None:
        try:
            saved = self.workspace.annotate_occurrences(chosen, label, entity=entity)
        except SahelError as exc:
            self._report(view, exc)
            saved = []
        view.reload_annotations()
        view.notify(f"Saved {_plural(len(saved), 'more mention')} (u undoes them all)", markup=False, timeout=4)

    def accept(self, request: AnnotatingView.AcceptRequested) -> None:
        view = request.view
        try:
            saved = self.workspace.accept_suggestions(self._article_id(view), request.suggestions)
        except SahelError as exc:
            self._report(view, exc)
            return
        view.reload_annotations()
        undo = " (u undoes them all)" if request.every and len(saved) > 1 else ""
        view.notify(f"Accepted {_plural(len(saved), 'suggestion')}{undo}", markup=False, timeout=3)

    # -- dialogs that only show -------------------------------------------------------------------
    def review(self, request: AnnotatingView.ReviewRequested) -> None:
        view = request.view
        assert view.article is not None

        def done(_: object) -> None:
            view.reload_annotations()

        self.screen.app.push_screen(ReviewScreen(self.workspace, view.article, request.flagged), done)

    def legend(self, request: AnnotatingView.LegendRequested) -> None:
        self.screen.app.push_screen(LegendScreen(self.workspace.labels))
