"""The main screen's entity pane: what it lists, the highlighted entity's details, its articles.

The counting is the workspace's (:meth:`Workspace.article_entity_counts`,
:meth:`Workspace.result_entity_counts`); this module only decides which counts
the sidebar shows and fetches the other articles of an entity in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.content import Content
from textual.screen import Screen
from textual.worker import get_current_worker

from sahel_tui.core.errors import SahelError
from sahel_tui.core.models import Entity, SearchResults
from sahel_tui.core.text import safe_line
from sahel_tui.core.workspace import EntityCount, Workspace
from sahel_tui.tui.handoff import deliver
from sahel_tui.tui.widgets.entity_sidebar import EntitySidebar
from sahel_tui.tui.widgets.reader import AnnotatingView

OTHER_ARTICLES = 100  # at most this many other articles listed under an entity


class EntityPane:
    """Fills the entity sidebar for the open article or the current results.

    ``article_id`` and ``results`` say what is open and what was found;
    ``show_reader`` shows and focuses the reader.
    """

    def __init__(
        self,
        screen: Screen,
        workspace: Workspace,
        *,
        article_id: Callable[[], str | None],
        results: Callable[[], SearchResults | None],
        show_reader: Callable[[], None],
    ) -> None:
        self.screen = screen
        self.workspace = workspace
        self._article_id = article_id
        self._results = results
        self._show_reader = show_reader
        self._detail_for: str | None = None

    @property
    def sidebar(self) -> EntitySidebar:
        return self.screen.query_one(EntitySidebar)

    @property
    def view(self) -> AnnotatingView:
        return self.screen.query_one(AnnotatingView)

    def refresh(self) -> None:
        """Refill the list for the current scope (the open article or the results)."""
        ws = self.workspace
        sidebar = self.sidebar
        rows: list[EntityCount] = []
        empty = "no entities"
        if sidebar.scope == "article":
            if self._article_id() is None:
                empty = "open an article to see its entities"
            else:
                view = self.view
                rows = ws.article_entity_counts(view.mentions, view.suggestions)
        elif (results := self._results()) is not None:
            rows = ws.result_entity_counts(results)
        sidebar.show_rows(rows, {label.id: label.name for label in ws.labels}, empty=empty)

    def results_changed(self) -> None:
        if self.sidebar.scope == "results":
            self.refresh()

    def chosen(self, event: EntitySidebar.EntityChosen) -> None:
        """An entity was highlighted (show it) or chosen with Enter (and go to it in the reader)."""
        if event.focus or self.sidebar.has_focus_within:
            self.view.set_focus_entity(event.entity_id)
        self._show_detail(event.entity_id, event.name, event.type)
        if event.focus:
            self._focus_in_reader(event.entity_id, event.name)

    def _focus_in_reader(self, entity_id: str | None, name: str) -> None:
        """Put the reader's cursor on the entity's first mention (or match) and focus the reader."""
        view = self.view
        notify = self.screen.notify
        if self._article_id() is None:
            notify("Open an article first: the list below has the articles that mention it", markup=False, timeout=4)
            return
        if entity_id is None:
            spans = [m.start for m in view.mentions if m.entity is None and m.quote.exact == name]
        else:
            spans = [m.start for m in view.mentions if m.entity == entity_id]
            spans = spans or [s.start for s in view.suggestions if s.entity == entity_id]
        if not spans:
            notify(
                f"{safe_line(name, 60)} is not in the open article; its articles are listed below it",
                markup=False,
                timeout=4,
            )
            return
        self._show_reader()
        view.move_to(min(spans))
        mentions = sum(1 for m in view.mentions if entity_id is not None and m.entity == entity_id)
        if mentions > 1:
            notify(f"{mentions} mentions of {safe_line(name, 60)}: n / N jump between them", markup=False, timeout=3)

    def _show_detail(self, entity_id: str | None, name: str, label_id: str) -> None:
        sidebar = self.sidebar
        ws = self.workspace
        self._detail_for = entity_id
        if entity_id is None:
            label = ws.labels.get(label_id)
            sidebar.show_detail(
                Content.assemble(
                    (safe_line(name, 80), "bold"),
                    "\n",
                    (f"{label.name if label else label_id} · not linked to the catalog", "$text-muted"),
                    "\n",
                    ("Enter on it in the reader links it to an entity.", "italic"),
                ),
                [],
            )
            return
        entity = ws.catalog.get(entity_id)
        if entity is None:
            sidebar.show_detail(Content(f"Unknown entity {safe_line(entity_id, 60)}"), [])
            return
        sidebar.show_detail(self._entity_detail(entity, None), [])
        self.screen.run_worker(
            partial(self._load_entity_articles, entity_id, self._article_id()),
            thread=True,
            exclusive=True,
            group="entity-articles",
        )

    def _entity_detail(self, entity: Entity, others: int | None) -> Content:
        label = self.workspace.labels.get(entity.type)
        lines = [
            Content(safe_line(entity.name, 120)).stylize("bold"),
            Content(f"{label.name if label else entity.type} · {safe_line(entity.id, 60)}").stylize("$text-muted"),
        ]
        if entity.aliases:
            lines.append(Content.assemble(("aka ", "$text-muted"), safe_line(", ".join(entity.aliases), 70)))
        if self._article_id() is not None:
            view = self.view
            mentions = sum(1 for m in view.mentions if m.entity == entity.id)
            suggested = sum(1 for s in view.suggestions if s.entity == entity.id)
            if mentions or suggested:
                here = f"Here {mentions}×" + (f", {suggested} suggested" if suggested else "")
                hint = " · Enter goes to it" + (", n/N next" if mentions > 1 else "")
                lines.append(Content.assemble((here, "bold"), (hint, "$text-muted")))
        if others is None:
            lines.append(Content("looking for other articles…").stylize("$text-muted"))
        elif others == 0:
            lines.append(Content("No other article mentions it.").stylize("$text-muted"))
        else:
            lines.append(
                Content.assemble(
                    (f"{others} other article{'s' if others != 1 else ''}", "bold"), (" · o picks one", "$text-muted")
                )
            )
        if entity.note:
            lines.append(Content(safe_line(entity.note, 120)).stylize("italic $text-muted"))
        return Content("\n").join(lines)

    def _load_entity_articles(self, entity_id: str, current: str | None) -> None:
        try:
            found = self.workspace.search(f"entity:{entity_id}", limit=OTHER_ARTICLES, with_facets=False)
            articles = [(h.id, h.title) for h in found.hits if h.id != current]
        except SahelError:
            articles = []
        if not get_current_worker().is_cancelled:
            deliver(self.screen, self._entity_articles_loaded, entity_id, articles)

    def _entity_articles_loaded(self, entity_id: str, articles: list[tuple[str, str]]) -> None:
        if entity_id != self._detail_for:
            return
        entity = self.workspace.catalog.get(entity_id)
        if entity is not None:
            self.sidebar.show_detail(self._entity_detail(entity, len(articles)), articles)
