"""Searching from the main screen: as-you-type and exact searches, pages, filters.

Searches run in a worker thread; results that arrive after a newer search was
started are dropped.  The line under the search box says what the results are.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from sahel_tui.core.errors import SahelError
from sahel_tui.core.models import SearchResults
from sahel_tui.core.query_filters import free_text, parse_filters, remove_all_filters, remove_filter, toggle_token
from sahel_tui.core.text import safe_line
from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.handoff import deliver
from sahel_tui.tui.widgets.filter_bar import FilterBar
from sahel_tui.tui.widgets.results_list import ResultsList
from sahel_tui.tui.widgets.search_bar import SearchBar


def report_error(screen: Screen, exc: Exception) -> None:
    """A failed workspace call, as one line the analyst can act on."""
    screen.notify(safe_line(str(exc), 300), severity="error", markup=False, timeout=10)


def empty_hint(results: SearchResults, as_you_type: bool) -> str | None:
    """What to try when the results are not what was wanted."""
    if parse_filters(results.query):
        return "Remove a filter: F7 (or - outside the search box), or ctrl+x for all."
    if as_you_type and free_text(results.query):
        return "Enter in the search box looks for approximate matches."
    return None


def search_notice(results: SearchResults, as_you_type: bool) -> Content:
    """The line under the search box: what these results are, and what else to try."""
    parts: list[Content] = []
    n = results.total
    text = free_text(results.query)
    filters = parse_filters(results.query)
    if results.error:
        parts.append(Content(safe_line(results.error, 200)).stylize("bold $warning"))
    for note in results.notices:
        parts.append(Content(safe_line(note, 200)).stylize("$warning"))
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
    if results.also_matched and results.hits:
        parts.append(
            Content.assemble(
                "also matched: ",
                (safe_line(", ".join(results.also_matched), 80), "italic"),
                " (",
                ("=", "bold"),
                " before the query: exact words)",
            )
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


class SearchController:
    """The search of one screen: the query box, the results list and the notice line.

    ``ready`` says whether the index can be searched yet (until then the query is
    kept and searched for later); ``on_results`` hears of every result set shown.
    """

    def __init__(
        self,
        screen: Screen,
        workspace: Workspace,
        *,
        page: int,
        ready: Callable[[], bool],
        on_results: Callable[[SearchResults], None],
    ) -> None:
        self.screen = screen
        self.workspace = workspace
        self.page = page
        self.limit = page
        self.results: SearchResults | None = None
        self._ready = ready
        self._on_results = on_results
        self._seq = 0
        self._as_you_type = False

    @property
    def query(self) -> str:
        return self.screen.query_one(SearchBar).value

    def set_notice(self, content: Content) -> None:
        self.screen.query_one("#notice", Static).update(content)

    # -- running searches ---------------------------------------------------------------
    def run(self, query: str, *, as_you_type: bool) -> None:
        self._seq += 1
        self.show_filters(query)
        if not self._ready():
            return  # the query is searched for once the index is ready
        self.screen.run_worker(
            partial(self._search, query, as_you_type, self._seq, self.limit),
            thread=True,
            exclusive=True,
            group="search",
        )

    def new_query(self, query: str, *, as_you_type: bool) -> None:
        """The query box changed: search from the first page."""
        self.limit = self.page
        self.run(query, as_you_type=as_you_type)

    def search_again(self) -> None:
        """Search for what is in the box now (the index changed or became ready)."""
        self.run(self.query, as_you_type=False)

    def more(self) -> None:
        """The next page of the same results."""
        self.limit += self.page
        self.run(self.query, as_you_type=self._as_you_type)

    def _search(self, query: str, as_you_type: bool, seq: int, limit: int) -> None:
        worker = get_current_worker()
        try:
            results = self.workspace.search(query, limit=limit, as_you_type=as_you_type)
        except SahelError as exc:
            deliver(self.screen, report_error, self.screen, exc)
            return
        if not worker.is_cancelled:
            deliver(self.screen, self._show, results, seq, as_you_type)

    def _show(self, results: SearchResults, seq: int, as_you_type: bool) -> None:
        if seq != self._seq:
            return  # a newer search is on its way: drop this stale one
        self.results = results
        self._as_you_type = as_you_type
        listing = self.screen.query_one(ResultsList)
        listing.show_results(results, empty_hint=empty_hint(results, as_you_type))
        listing.border_title = f"Results {results.total}"
        self.set_notice(search_notice(results, as_you_type))
        self._on_results(results)

    # -- changing the query -------------------------------------------------------------
    def set_query(self, query: str) -> None:
        self.limit = self.page
        self.screen.query_one(SearchBar).set_query(query)

    def accept_suggestion(self) -> None:
        results = self.results
        if results is None or not results.suggestion:
            self.screen.notify("No 'did you mean' suggestion for this query", markup=False, timeout=3)
            return
        self.screen.query_one(SearchBar).set_query(results.suggestion)

    def show_filters(self, query: str) -> None:
        self.screen.query_one(FilterBar).show_filters(parse_filters(query), self.entity_names(query))

    def entity_names(self, query: str) -> dict[str, str]:
        if not any(f.field == "entity" for f in parse_filters(query)):
            return {}
        return {e.id: e.name for e in self.workspace.catalog.all()}

    def facets(self) -> None:
        """Pick a facet of the results to add (or remove) as a filter."""
        if self.results is None:
            self.screen.notify("Search first: facets describe a result set", markup=False, timeout=3)
            return
        from sahel_tui.tui.screens.facets import FacetsScreen

        ws = self.workspace
        entities = ws.catalog.all()
        query = self.query

        def chosen(token: str | None) -> None:
            if token:
                self.set_query(toggle_token(self.query, token))

        self.screen.app.push_screen(
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

    def remove_filter(self) -> None:
        """Pick an active filter to remove (a digit per filter in the picker)."""
        filters = parse_filters(self.query)
        if not filters:
            self.screen.notify("No filters to remove", markup=False, timeout=2)
            return
        from sahel_tui.tui.screens.facets import CLEAR_ALL, RemoveFilterScreen

        def chosen(token: str | None) -> None:
            if token == CLEAR_ALL:
                self.clear_filters()
            elif token:
                found = [f for f in parse_filters(self.query) if f.text == token]
                if found:
                    self.set_query(remove_filter(self.query, found[0]))

        self.screen.app.push_screen(RemoveFilterScreen(filters, self.entity_names(self.query)), chosen)

    def clear_filters(self) -> None:
        if not parse_filters(self.query):
            self.screen.notify("No filters to clear", markup=False, timeout=2)
            return
        self.set_query(remove_all_filters(self.query))
