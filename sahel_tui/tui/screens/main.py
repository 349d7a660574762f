"""The main screen: search bar, filters, results, reader and entity sidebar.

This module composes the screen, declares its keys and routes the widgets'
messages; each concern has its own module:

- ``main_startup``: start-up, the index state and the counts on the status line;
- ``main_search``: as-you-type and exact searches, pages, filters, the notice line;
- ``main_layout``: which panes are shown (side by side or one at a time) and focus;
- ``main_entities``: the entity sidebar's rows, details and other articles.

Everything slow (the index check, searches, the "other articles" of an entity)
runs in worker threads.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from sahel_tui.core.errors import SahelError
from sahel_tui.core.models import SearchResults
from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.annotation_controller import AnnotationController
from sahel_tui.tui.screens.main_entities import EntityPane
from sahel_tui.tui.screens.main_layout import PaneLayout
from sahel_tui.tui.screens.main_live import LiveWorkspace, WorkspaceChanged
from sahel_tui.tui.screens.main_search import SearchController, report_error
from sahel_tui.tui.screens.main_startup import IndexCommitted, IndexWaiting, IndexWatcher
from sahel_tui.tui.widgets.entity_sidebar import EntityList, EntitySidebar
from sahel_tui.tui.widgets.filter_bar import FilterBar
from sahel_tui.tui.widgets.reader import AnnotatingView, Reader, label_styles
from sahel_tui.tui.widgets.results_list import ResultsList
from sahel_tui.tui.widgets.search_bar import SearchBar
from sahel_tui.tui.widgets.status_bar import StatusBar

PAGE = 50  # results fetched per page


class MainScreen(Screen):
    HELP_GROUP = "Main"
    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="main.search"),
        Binding("ctrl+f", "focus_search", "Search", show=False, id="main.search_alt"),
        Binding("f2", "show_pane('results')", "Results", id="main.results"),
        Binding("f3", "show_pane('sidebar')", "Entities", id="main.sidebar"),
        Binding("f4", "show_pane('reader')", "Reader", show=False, id="main.reader"),
        Binding("f5", "compare", "Compare", show=False, id="main.compare"),
        Binding("f", "facets", "Facets", id="main.facets"),
        Binding("f6", "facets", "Facets", show=False, id="main.facets_alt"),
        Binding("ctrl+x", "clear_filters", "Clear all filters", show=False, priority=True, id="main.clear_filters"),
        Binding("minus", "remove_filter", "Remove a filter", show=False, id="main.unfilter"),
        Binding("f7", "remove_filter", "Remove a filter", show=False, id="main.unfilter_alt"),
        Binding("ctrl+y", "accept_suggestion", "Accept 'did you mean'", show=False, id="main.accept_suggestion"),
        # Escape goes back one step; which step depends on the focus (see check_action).
        Binding("escape", "back('reader')", "Back to reader", priority=True, id="main.back_reader"),
        Binding("escape", "back('results')", "Back to results", priority=True, id="main.back_results"),
        Binding("escape", "back('search')", "Back to search", show=False, priority=True, id="main.back_search"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="main.next_pane"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, id="main.prev_pane"),
    ]

    def __init__(self, workspace: Workspace, *, initial_query: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.initial_query = initial_query
        self.article_id: str | None = None
        self.index = IndexWatcher(self, workspace, on_ready=self._index_ready)
        self.search = SearchController(
            self, workspace, page=PAGE, ready=lambda: self.index.ready, on_results=self._results_shown
        )
        self.panes = PaneLayout(self)
        self.entities = EntityPane(
            self,
            workspace,
            article_id=lambda: self.article_id,
            results=lambda: self.search.results,
            show_reader=lambda: self.panes.show("reader"),
        )
        self.live = LiveWorkspace(
            self,
            workspace,
            article_id=lambda: self.article_id,
            on_entities=lambda: self.entities.refresh(),
            on_counts=lambda: self.index.count_mentions(),
            on_results=lambda: self.search.search_again() if self.index.ready else None,
        )

    def compose(self) -> ComposeResult:
        ws = self.workspace
        yield StatusBar(
            id="status",
            workspace=ws.root.name,
            read_only=ws.read_only,
            author=ws.author,
            corpus=ws.corpus.name if ws.corpus else None,
        )
        yield SearchBar(id="search")
        yield FilterBar(id="filters")
        yield Static("", id="notice", markup=False)
        with Horizontal(id="panes"):
            yield ResultsList(id="results")
            yield Reader(id="reader")
            yield EntitySidebar(id="sidebar")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        search = self.query_one(SearchBar)
        search.value = self.initial_query
        self.query_one(FilterBar).display = False
        self.query_one(ResultsList).border_title = "Results"
        self.query_one(Reader).border_title = "Reader"
        self.query_one(Reader).show(None, [])
        self.query_one(EntitySidebar).show_rows([], {}, empty="open an article to see its entities")
        self.search.set_notice(Content("Checking the search index…").stylize("italic"))
        self.panes.apply()
        self.index.start()
        search.focus()

    def on_unmount(self) -> None:
        self.live.stop()
        self.index.stop()

    # -- state the tests and other screens read -----------------------------------------
    @property
    def ready(self) -> bool:
        """The index can be searched (or is known to be unavailable)."""
        return self.index.ready

    @property
    def results(self) -> SearchResults | None:
        return self.search.results

    @property
    def mention_total(self) -> int | None:
        return self.query_one(StatusBar).mentions

    @property
    def query_text(self) -> str:
        return self.search.query

    @property
    def narrow(self) -> bool:
        return self.panes.narrow

    def pane_of(self, widget: Widget | None) -> str | None:
        """Which pane ``widget`` is in ("search" for the search box)."""
        return self.panes.pane_of(widget)

    # -- index ----------------------------------------------------------------------------
    def _index_ready(self) -> None:
        self.live.start()  # once the index is up to date: from now on, follow teammates' changes
        self.search.search_again()

    def on_workspace_changed(self, event: WorkspaceChanged) -> None:
        event.stop()
        self.live.apply(event.changes)

    def on_index_waiting(self, event: IndexWaiting) -> None:
        event.stop()
        self.index.waiting(event)

    def on_index_committed(self, event: IndexCommitted) -> None:
        event.stop()
        self.index.committed()

    # -- search -------------------------------------------------------------------------
    def on_search_bar_query_changed(self, event: SearchBar.QueryChanged) -> None:
        self.search.new_query(event.query, as_you_type=event.as_you_type)

    def run_search(self, query: str, *, as_you_type: bool) -> None:
        self.search.run(query, as_you_type=as_you_type)

    def _results_shown(self, results: SearchResults) -> None:
        self.entities.results_changed()
        if self.article_id is not None:
            self.query_one(AnnotatingView).set_terms(results.terms)

    def on_results_list_suggestion_accepted(self, event: ResultsList.SuggestionAccepted) -> None:
        self.action_accept_suggestion()

    def on_results_list_more_requested(self, event: ResultsList.MoreRequested) -> None:
        self.search.more()

    def action_accept_suggestion(self) -> None:
        self.search.accept_suggestion()

    # -- filters ---------------------------------------------------------------------------
    def action_facets(self) -> None:
        self.search.facets()

    def action_remove_filter(self) -> None:
        """Pick an active filter to remove (a digit per filter in the picker)."""
        self.search.remove_filter()

    def action_clear_filters(self) -> None:
        self.search.clear_filters()

    # -- opening articles ----------------------------------------------------------------
    def on_results_list_opened(self, event: ResultsList.Opened) -> None:
        self.query_one(AnnotatingView).set_focus_entity(None)  # n/N go back to query hits
        self._open(event.article_id)

    def on_entity_sidebar_open_article(self, event: EntitySidebar.OpenArticle) -> None:
        self._open(event.article_id)

    def _open(self, article_id: str, *, keep_cursor: bool = False, switch: bool = True) -> None:
        ws = self.workspace
        try:
            article = ws.article(article_id)
            mentions = ws.mentions(article_id)
            suggestions = ws.suggestions(article_id)
        except SahelError as exc:
            report_error(self, exc)
            return
        self.article_id = article_id
        view = self.query_one(AnnotatingView)
        suggestions = [s for s in suggestions if (article_id, s.start, s.end) not in view.rejected]
        results = self.search.results
        terms = results.terms if results else ()
        self.query_one(Reader).show(
            article,
            mentions,
            terms=terms,
            suggestions=suggestions,
            label_styles=label_styles(ws.labels),
            keep_cursor=keep_cursor,
        )
        self.entities.refresh()
        if switch:
            self.action_show_pane("reader")

    @on(AnnotatingView.Request)
    def _annotation_requested(self, event: AnnotatingView.Request) -> None:
        AnnotationController(self).handle(event)  # the reader's keys: Workspace calls and dialogs

    def on_annotating_view_annotated(self, event: AnnotatingView.Annotated) -> None:
        self.entities.refresh()
        self.index.annotated()

    # -- sidebar ------------------------------------------------------------------------
    def on_entity_sidebar_scope_changed(self, event: EntitySidebar.ScopeChanged) -> None:
        self.entities.refresh()

    def on_entity_sidebar_entity_chosen(self, event: EntitySidebar.EntityChosen) -> None:
        self.entities.chosen(event)

    # -- layout ---------------------------------------------------------------------------
    def on_resize(self, event) -> None:
        self.panes.apply(event.size.width)

    def action_show_pane(self, pane: str) -> None:
        """Show and focus ``pane``; in wide mode, the key of a focused side pane hides it."""
        self.panes.show(pane)

    def action_focus_search(self) -> None:
        self.panes.show("search")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            target = self.panes.back_target(article_open=self.article_id is not None)
            return bool(parameters) and target == parameters[0]
        return True

    def action_back(self, target: str) -> None:
        self.action_show_pane(target)

    def on_descendant_focus(self, event) -> None:
        self.panes.focus_moved()
        if isinstance(self.focused, EntityList):
            # browsing the entity list shows the highlighted entity in the reader
            row = self.query_one(EntitySidebar).highlighted_row
            if row is not None:
                self.query_one(AnnotatingView).set_focus_entity(row.entity_id)
        self.refresh_bindings()

    # -- comparison ------------------------------------------------------------------------
    def action_compare(self) -> None:
        self.query_one(ResultsList).action_compare()

    def on_results_list_compare_requested(self, event: ResultsList.CompareRequested) -> None:
        ws = self.workspace
        right = event.right
        if right is None:
            try:
                similar = ws.similar(event.left, limit=1)
            except SahelError as exc:
                report_error(self, exc)
                return
            if not similar:
                self.notify("No similar article to compare with", markup=False)
                return
            right = similar[0].id
        try:
            from sahel_tui.tui.screens.compare import CompareScreen
        except ImportError:
            self.notify("Comparison is not available in this build", severity="warning", markup=False)
            return
        self.app.push_screen(CompareScreen(ws, event.left, right))

    def on_compare_screen_open_article(self, event) -> None:
        """Open the article chosen in the comparison at the sentence the cursor was on."""
        self._open(event.article_id)
        if event.offset is not None:
            self.query_one(AnnotatingView).move_to(event.offset)
