"""The main screen: search bar, filters, results, reader and entity sidebar.

Wide terminals (110 columns and more) show the three panes side by side; narrow
ones show exactly one of them at a time: F2 results, F3 entities, Enter (or F4)
the reader, Escape back one step.  Everything slow (the index check, searches,
the "other articles" of an entity) runs in worker threads; results that arrive
after a newer search was started are dropped.
"""

from __future__ import annotations

import time

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from sahel_tui.core.errors import SahelError
from sahel_tui.core.models import SearchResults
from sahel_tui.core.query_filters import free_text, parse_filters, remove_all_filters, remove_filter, toggle_token
from sahel_tui.core.text import safe_line
from sahel_tui.tui.widgets.entity_sidebar import EntityList, EntityRow, EntitySidebar
from sahel_tui.tui.widgets.filter_bar import FilterBar
from sahel_tui.tui.widgets.reader import AnnotatingView, Reader, label_styles
from sahel_tui.tui.widgets.results_list import ResultsList
from sahel_tui.tui.widgets.search_bar import SearchBar
from sahel_tui.tui.widgets.status_bar import StatusBar

NARROW = 110  # below this width the panes take turns
WIDE = 160  # from this width the side panes get wider
PAGE = 50  # results fetched per page
PANES = ("results", "reader", "sidebar")
PANE_NAMES = {"results": "Results", "reader": "Reader", "sidebar": "Entities", "search": "Search"}


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

    def __init__(self, workspace, *, initial_query: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.initial_query = initial_query
        self.results: SearchResults | None = None
        self.article_id: str | None = None
        self.index_state = "checking…"
        self.article_count: int | None = None
        self.mention_total: int | None = None
        self.ready = False
        self.pane = "results"  # the pane shown in narrow mode
        self.hidden: set[str] = set()  # panes hidden by the user in wide mode
        self.limit = PAGE
        self._search_seq = 0
        self._searching_as_you_type = False
        self._last_progress = 0.0
        self._detail_for: str | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
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
        self._set_notice(Content("Checking the search index…").stylize("italic"))
        self._apply_layout(self.size.width)
        self._update_status()
        self.workspace.on_index_commit = self._commit_from_thread
        self.prepare()
        search.focus()

    def on_unmount(self) -> None:
        if self.workspace.on_index_commit == self._commit_from_thread:
            self.workspace.on_index_commit = None

    # -- start-up -----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="prepare")
    def prepare(self) -> None:
        """Scan the corpus and bring the index up to date off the UI thread, then search."""
        state, message = "fresh", None
        try:
            count = len(self.workspace.paths())
            self.app.call_from_thread(self._set_article_count, count)
            report = self.workspace.sync_index(progress=self._progress_from_thread)
            self.workspace.warm()
            if report.rebuilt:
                message = (
                    f"Search index built: {report.total} articles"
                    if (report.reason or "").startswith("missing")
                    else f"Search index rebuilt ({report.reason}): {report.total} articles"
                )
            elif report.added or report.updated or report.removed:
                message = (
                    f"Search index updated: {report.added} added, {report.updated} changed, {report.removed} removed"
                )
            stale = [n for n in report.notices if "stale" in n]
            read_only = [n for n in report.notices if "read-only" in n and "stale" not in n]
            if stale:
                state, message = "stale (read-only)", stale[-1]
            elif read_only:
                message = read_only[-1]  # e.g. a private index built in the user's cache
        except SahelError as exc:
            self.app.call_from_thread(self._error, exc)
            state = "unavailable"
        self.app.call_from_thread(self._prepared, state, message)

    def _progress_from_thread(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last_progress < 0.25:
            return
        self._last_progress = now
        self.app.call_from_thread(self._set_index_state, f"updating… {done}/{total}")

    def _set_article_count(self, count: int) -> None:
        self.article_count = count
        self._update_status()

    def _set_index_state(self, state: str) -> None:
        self.index_state = state
        self._update_status()

    def _prepared(self, state: str, message: str | None) -> None:
        self.ready = True
        self.index_state = state
        if message:
            self.notify(safe_line(message, 200), markup=False, timeout=4)
        for problem in self.workspace.problems()[:5]:
            self.notify(safe_line(str(problem), 300), severity="warning", markup=False, timeout=8)
        self._update_status()
        self._count_mentions()
        self.run_search(self.query_one(SearchBar).value, as_you_type=False)

    class IndexCommitted(Message):
        """The background index updater committed: searches now see the change."""

    def _commit_from_thread(self) -> None:
        # post_message is thread-safe and never waits: the updater thread must not block
        # on the UI thread, which may itself be waiting for the updater (flush).
        self.post_message(self.IndexCommitted())

    def on_main_screen_index_committed(self, event: IndexCommitted) -> None:
        event.stop()
        self._index_committed()

    def _index_committed(self) -> None:
        self.index_state = "fresh"
        self._update_status()
        self.run_search(self.query_one(SearchBar).value, as_you_type=False)

    def _error(self, exc: Exception) -> None:
        self.notify(safe_line(str(exc), 300), severity="error", markup=False, timeout=10)

    @work(thread=True, exclusive=True, group="count")
    def _count_mentions(self) -> None:
        try:
            total = self.workspace.mention_count()
        except SahelError:
            total = None
        self.app.call_from_thread(self._set_mention_total, total)

    def _set_mention_total(self, total: int | None) -> None:
        self.mention_total = total
        self._update_status()

    def _update_status(self) -> None:
        self.query_one(StatusBar).show_status(
            articles=self.article_count,
            mentions=self.mention_total,
            index=self.index_state,
            workspace=self.workspace.root.name,
            read_only=self.workspace.read_only,
            author=self.workspace.author,
            corpus=self.workspace.corpus.name if self.workspace.corpus else None,
        )

    # -- search -------------------------------------------------------------------------
    def on_search_bar_query_changed(self, event: SearchBar.QueryChanged) -> None:
        self.limit = PAGE
        self.run_search(event.query, as_you_type=event.as_you_type)

    def run_search(self, query: str, *, as_you_type: bool) -> None:
        self._search_seq += 1
        self._show_filters(query)
        if not self.ready:
            return  # _prepared searches for whatever is in the box then
        self._search(query, as_you_type, self._search_seq, self.limit)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str, as_you_type: bool, seq: int, limit: int) -> None:
        worker = get_current_worker()
        try:
            results = self.workspace.search(query, limit=limit, as_you_type=as_you_type)
        except SahelError as exc:
            self.app.call_from_thread(self._error, exc)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_results, results, seq, as_you_type)

    @property
    def query_text(self) -> str:
        return self.query_one(SearchBar).value

    def _show_filters(self, query: str) -> None:
        self.query_one(FilterBar).show_filters(parse_filters(query), self._entity_names(query))

    def _show_results(self, results: SearchResults, seq: int, as_you_type: bool) -> None:
        if seq != self._search_seq:
            return  # a newer search is on its way: drop this stale one
        self.results = results
        self._searching_as_you_type = as_you_type
        filters = parse_filters(results.query)
        hint = None
        if filters:
            hint = "Remove a filter: F7 (or - outside the search box), or ctrl+x for all."
        elif as_you_type and free_text(results.query):
            hint = "Enter in the search box looks for approximate matches."
        self.query_one(ResultsList).show_results(results, empty_hint=hint)
        self.query_one(ResultsList).border_title = f"Results {results.total}"
        self._set_notice(self._notice_for(results, as_you_type))
        if self.query_one(EntitySidebar).scope == "results":
            self._refresh_sidebar()
        if self.article_id is not None:
            view = self.query_one(AnnotatingView)
            view.set_terms(results.terms)

    def _notice_for(self, results: SearchResults, as_you_type: bool) -> Content:
        parts: list[Content] = []
        n = results.total
        text = free_text(results.query)
        filters = parse_filters(results.query)
        if results.error:
            parts.append(Content(safe_line(results.error, 200)).stylize("bold $warning"))
        if not results.hits:
            parts.append(Content("No results").stylize("bold"))
        elif not text and not filters:
            parts.append(Content(f"All {n} article{'s' if n != 1 else ''}, newest first"))
        elif results.fuzzy:
            shown = safe_line(" ".join(results.terms), 80)
            parts.append(
                Content.assemble(
                    (f"No exact match: {n} approximate result{'s' if n != 1 else ''}", "bold"),
                    " for ",
                    (shown, "italic"),
                )
            )
        else:
            parts.append(
                Content.assemble(f"{n} result{'s' if n != 1 else ''} for ", (safe_line(results.query, 80), "bold"))
            )
        if results.suggestion:
            parts.append(
                Content.assemble(
                    "did you mean ",
                    (safe_line(results.suggestion, 80), "bold underline"),
                    "? ",
                    ("ctrl+y", "bold reverse"),
                    " searches for it",
                )
            )
        elif not results.hits and as_you_type and text and not results.error and not filters:
            parts.append(Content("Enter: approximate matches").stylize("$text-muted"))
        if filters and not results.hits:
            parts.append(Content.assemble(("F7", "bold"), " removes a filter, ", ("ctrl+x", "bold"), " all"))
        return Content(" · ").join(parts)

    def _set_notice(self, content: Content) -> None:
        self.query_one("#notice", Static).update(content)

    def on_results_list_suggestion_accepted(self, event: ResultsList.SuggestionAccepted) -> None:
        self.action_accept_suggestion()

    def on_results_list_more_requested(self, event: ResultsList.MoreRequested) -> None:
        self.limit += PAGE
        self.run_search(self.query_text, as_you_type=self._searching_as_you_type)

    def action_accept_suggestion(self) -> None:
        results = self.results
        if results is None or not results.suggestion:
            self.notify("No 'did you mean' suggestion for this query", markup=False, timeout=3)
            return
        self.query_one(SearchBar).set_query(results.suggestion)

    # -- filters ---------------------------------------------------------------------------
    def _set_query(self, query: str) -> None:
        self.limit = PAGE
        self.query_one(SearchBar).set_query(query)

    def action_facets(self) -> None:
        if self.results is None:
            self.notify("Search first: facets describe a result set", markup=False, timeout=3)
            return
        from sahel_tui.tui.screens.facets import FacetsScreen

        ws = self.workspace
        entities = ws.catalog.all()
        query = self.query_text

        def chosen(token: str | None) -> None:
            if token:
                self._set_query(toggle_token(self.query_text, token))

        self.app.push_screen(
            FacetsScreen(
                self.results,
                query,
                parse_filters(query),
                entity_names={e.id: e.name for e in entities},
                entity_types={e.id: e.type for e in entities},
                type_names={label.id: label.name for label in ws.labels},
            ),
            chosen,
        )

    def action_remove_filter(self) -> None:
        """Pick an active filter to remove (a digit per filter in the picker)."""
        filters = parse_filters(self.query_text)
        if not filters:
            self.notify("No filters to remove", markup=False, timeout=2)
            return
        from sahel_tui.tui.screens.facets import CLEAR_ALL, RemoveFilterScreen

        def chosen(token: str | None) -> None:
            if token == CLEAR_ALL:
                self.action_clear_filters()
            elif token:
                found = [f for f in parse_filters(self.query_text) if f.text == token]
                if found:
                    self._set_query(remove_filter(self.query_text, found[0]))

        self.app.push_screen(RemoveFilterScreen(filters, self._entity_names(self.query_text)), chosen)

    def _entity_names(self, query: str) -> dict[str, str]:
        if not any(f.field == "entity" for f in parse_filters(query)):
            return {}
        return {e.id: e.name for e in self.workspace.catalog.all()}

    def action_clear_filters(self) -> None:
        if not parse_filters(self.query_text):
            self.notify("No filters to clear", markup=False, timeout=2)
            return
        self._set_query(remove_all_filters(self.query_text))

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
            self._error(exc)
            return
        self.article_id = article_id
        view = self.query_one(AnnotatingView)
        suggestions = [s for s in suggestions if (article_id, s.start, s.end) not in view.rejected]
        terms = self.results.terms if self.results else ()
        self.query_one(Reader).show(
            article,
            mentions,
            terms=terms,
            suggestions=suggestions,
            label_styles=label_styles(ws.labels),
            keep_cursor=keep_cursor,
        )
        self._refresh_sidebar()
        if switch:
            self.action_show_pane("reader")

    def on_annotating_view_annotated(self, event: AnnotatingView.Annotated) -> None:
        self._refresh_sidebar()
        self._count_mentions()
        if not self.workspace.read_only:
            self.index_state = "updating…"
            self._update_status()

    # -- sidebar ------------------------------------------------------------------------
    def _refresh_sidebar(self) -> None:
        sidebar = self.query_one(EntitySidebar)
        ws = self.workspace
        type_names = {label.id: label.name for label in ws.labels}
        rows: list[EntityRow] = []
        empty = "no entities"
        if sidebar.scope == "article":
            view = self.query_one(AnnotatingView)
            if self.article_id is None:
                empty = "open an article to see its entities"
            else:
                counts: dict[tuple[str | None, str, str], list[int]] = {}
                for m in view.mentions:
                    entity = ws.catalog.get(m.entity) if m.entity else None
                    key = (m.entity, entity.name if entity else m.quote.exact, entity.type if entity else m.label)
                    counts.setdefault(key, [0, 0])[0] += 1
                for s in view.suggestions:
                    entity = ws.catalog.get(s.entity) if s.entity else None
                    if entity is None:
                        continue
                    counts.setdefault((entity.id, entity.name, entity.type), [0, 0])[1] += 1
                linkable = {e.type for e in ws.catalog.all()}
                rows = [
                    EntityRow(eid, name, label, n, suggested, linkable=label in linkable)
                    for (eid, name, label), (n, suggested) in counts.items()
                ]
        elif self.results is not None:
            for facet in self.results.facets.get("entity", ()):
                entity = ws.catalog.get(facet.value)
                if entity is not None:
                    rows.append(EntityRow(entity.id, entity.name, entity.type, facet.count))
        sidebar.show_rows(rows, type_names, empty=empty)

    def on_entity_sidebar_scope_changed(self, event: EntitySidebar.ScopeChanged) -> None:
        self._refresh_sidebar()

    def on_entity_sidebar_entity_chosen(self, event: EntitySidebar.EntityChosen) -> None:
        view = self.query_one(AnnotatingView)
        sidebar = self.query_one(EntitySidebar)
        if event.focus or sidebar.has_focus_within:
            view.set_focus_entity(event.entity_id)
        self._show_entity_detail(event.entity_id, event.name, event.type)
        if event.focus:
            self._focus_entity_in_reader(event.entity_id, event.name)

    def _focus_entity_in_reader(self, entity_id: str | None, name: str) -> None:
        """Put the reader's cursor on the entity's first mention (or match) and focus the reader."""
        view = self.query_one(AnnotatingView)
        if self.article_id is None:
            self.notify(
                "Open an article first: the list below has the articles that mention it", markup=False, timeout=4
            )
            return
        if entity_id is None:
            spans = [m.start for m in view.mentions if m.entity is None and m.quote.exact == name]
        else:
            spans = [m.start for m in view.mentions if m.entity == entity_id]
            spans = spans or [s.start for s in view.suggestions if s.entity == entity_id]
        if not spans:
            self.notify(
                f"{safe_line(name, 60)} is not in the open article; its articles are listed below it",
                markup=False,
                timeout=4,
            )
            return
        self.action_show_pane("reader")
        view.move_to(min(spans))
        mentions = sum(1 for m in view.mentions if entity_id is not None and m.entity == entity_id)
        if mentions > 1:
            self.notify(
                f"{mentions} mentions of {safe_line(name, 60)}: n / N jump between them", markup=False, timeout=3
            )

    def _show_entity_detail(self, entity_id: str | None, name: str, label_id: str) -> None:
        sidebar = self.query_one(EntitySidebar)
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
        self._load_entity_articles(entity_id, self.article_id)

    def _entity_detail(self, entity, others: int | None) -> Content:
        label = self.workspace.labels.get(entity.type)
        lines = [
            Content(safe_line(entity.name, 120)).stylize("bold"),
            Content(f"{label.name if label else entity.type} · {safe_line(entity.id, 60)}").stylize("$text-muted"),
        ]
        if entity.aliases:
            lines.append(Content.assemble(("aka ", "$text-muted"), safe_line(", ".join(entity.aliases), 70)))
        if self.article_id is not None:
            view = self.query_one(AnnotatingView)
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

    @work(thread=True, exclusive=True, group="entity-articles")
    def _load_entity_articles(self, entity_id: str, current: str | None) -> None:
        try:
            found = self.workspace.search(f"entity:{entity_id}", limit=100, with_facets=False)
            articles = [(h.id, h.title) for h in found.hits if h.id != current]
        except SahelError:
            articles = []
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._entity_articles_loaded, entity_id, articles)

    def _entity_articles_loaded(self, entity_id: str, articles: list[tuple[str, str]]) -> None:
        if entity_id != self._detail_for:
            return
        entity = self.workspace.catalog.get(entity_id)
        if entity is not None:
            self.query_one(EntitySidebar).show_detail(self._entity_detail(entity, len(articles)), articles)

    # -- layout ---------------------------------------------------------------------------
    @property
    def narrow(self) -> bool:
        return self.has_class("narrow")

    def on_resize(self, event) -> None:
        self._apply_layout(event.size.width)

    def _pane_widget(self, pane: str) -> Widget:
        return self.query_one({"results": ResultsList, "reader": Reader, "sidebar": EntitySidebar}[pane])

    def _focus_target(self, pane: str) -> Widget:
        if pane == "results":
            return self.query_one(ResultsList)
        if pane == "reader":
            return self.query_one(AnnotatingView)
        if pane == "sidebar":
            return self.query_one(EntityList)
        return self.query_one(SearchBar)

    def _apply_layout(self, width: int) -> None:
        narrow = width < NARROW
        self.set_class(narrow, "narrow")
        self.query_one(SearchBar).compact = narrow  # one line instead of three on small terminals
        self.set_class(width >= WIDE, "wide")
        for pane in PANES:
            widget = self._pane_widget(pane)
            widget.display = (pane == self.pane) if narrow else (pane not in self.hidden)
        self._update_pane_hints()
        self.refresh_bindings()

    def _update_pane_hints(self) -> None:
        """In narrow mode each pane says, on its bottom border, how to reach the others."""
        hints = {
            "results": "Enter/F4 reader · F3 entities",
            "reader": "Esc results · F3 entities",
            "sidebar": "Esc reader · F2 results",
        }
        for pane in PANES:
            self._pane_widget(pane).border_subtitle = hints[pane] if self.narrow else None

    def pane_of(self, widget: Widget | None) -> str | None:
        """Which pane ``widget`` is in ("search" for the search box)."""
        node: DOMNode | None = widget
        while node is not None and node is not self:
            if isinstance(node, SearchBar):
                return "search"
            if isinstance(node, ResultsList):
                return "results"
            if isinstance(node, Reader):
                return "reader"
            if isinstance(node, EntitySidebar):
                return "sidebar"
            node = node.parent
        return None

    def action_show_pane(self, pane: str) -> None:
        """Show and focus ``pane``; in wide mode, the key of a focused side pane hides it."""
        if pane == "search":
            self.action_focus_search()
            return
        if self.narrow:
            self.pane = pane
        elif pane in self.hidden:
            self.hidden.discard(pane)
        elif pane != "reader" and self.pane_of(self.focused) == pane:
            self.hidden.add(pane)
            self._apply_layout(self.size.width)
            self.set_focus(self._focus_target("reader"))
            return
        self._apply_layout(self.size.width)
        # set_focus, not focus(): at once, so a key typed right after goes to the new pane
        self.set_focus(self._focus_target(pane))

    def action_focus_search(self) -> None:
        self.set_focus(self.query_one(SearchBar))

    def _back_target(self) -> str | None:
        focused = self.focused
        where = self.pane_of(focused)
        view = self.query_one(AnnotatingView)
        if where == "reader" and view.selection is not None:
            return None  # the reader's own Escape cancels the selection
        if where == "search":
            return "results"
        if where == "sidebar":
            return "reader" if self.article_id is not None else "results"
        if where == "reader":
            return "results"
        if where == "results":
            return "search"
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return bool(parameters) and self._back_target() == parameters[0]
        return True

    def action_back(self, target: str) -> None:
        self.action_show_pane(target)

    def on_descendant_focus(self, event) -> None:
        pane = self.pane_of(self.focused)
        if pane in PANES:
            self.pane = pane  # the pane to keep when the terminal gets narrow
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
                self._error(exc)
                return
            if not similar:
                self.notify("No similar article to compare with", markup=False)
                return
            right = similar[0]["id"]
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
