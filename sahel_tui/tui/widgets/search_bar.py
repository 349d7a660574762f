"""The query box: debounced search-as-you-type."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from sahel_tui.tui.widgets.safe_input import SafeInput

PLACEHOLDER = 'Search: blockade  "Africa Corps"  entity:jnim  type:location  date:2024  (empty: all, newest first)'


class SearchBar(SafeInput):
    """Typing here searches; Enter or Down moves to the results."""

    HELP_GROUP = "Search"
    DEBOUNCE = 0.12
    BINDINGS = [
        Binding("down", "to_results", "To results", id="search.to_results"),
        Binding("escape", "leave", "Leave search", show=False, id="search.leave"),
        Binding("ctrl+u", "clear_query", "Clear query", id="search.clear"),
    ]

    class QueryChanged(Message):
        def __init__(self, query: str, as_you_type: bool) -> None:
            super().__init__()
            self.query = query
            self.as_you_type = as_you_type

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=PLACEHOLDER, **kwargs)
        self._timer: Timer | None = None

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "/" and self.cursor_position == 0:
            # the key that focuses the box is never typed at the start of the query ("/Africa Corps");
            # inside one it is a character ("24/7")
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.DEBOUNCE, self._emit)

    def _emit(self) -> None:
        self._timer = None
        self.post_message(self.QueryChanged(self.value, as_you_type=True))

    async def action_submit(self) -> None:
        """Enter: search now and move to the results at once (a second Enter opens the first one)."""
        self.search_now()
        self._to_results()

    def search_now(self) -> None:
        """Search for the current value at once (no debounce, no as-you-type prefixing)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.post_message(self.QueryChanged(self.value, as_you_type=False))

    def set_query(self, query: str) -> None:
        """Replace the query (a facet chosen, a filter removed) and search for it at once."""
        with self.prevent(Input.Changed):
            self.value = query
        self.cursor_position = len(query)
        self.search_now()

    def action_to_results(self) -> None:
        self._to_results()

    def action_leave(self) -> None:
        self._to_results()

    def _to_results(self) -> None:
        show_pane = getattr(self.screen, "action_show_pane", None)
        if show_pane is not None:
            show_pane("results")
        else:
            self.screen.focus_next()

    def action_clear_query(self) -> None:
        self.value = ""
