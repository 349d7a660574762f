"""Which of the main screen's panes are shown, and where Escape and the pane keys go.

Wide terminals (110 columns and more) show the three panes side by side, and the
key of a focused side pane hides it; narrow ones show exactly one pane at a time
(F2 results, F3 entities, Enter or F4 the reader, Escape back one step).
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from sahel_tui.tui.widgets.entity_sidebar import EntityList, EntitySidebar
from sahel_tui.tui.widgets.reader import AnnotatingView, Reader
from sahel_tui.tui.widgets.results_list import ResultsList
from sahel_tui.tui.widgets.search_bar import SearchBar

NARROW = 110  # below this width the panes take turns
WIDE = 160  # from this width the side panes get wider
PANES = ("results", "reader", "sidebar")
# in narrow mode each pane says, on its bottom border, how to reach the others
HINTS = {
    "results": "Enter/F4 reader · F3 entities",
    "reader": "Esc results · F3 entities",
    "sidebar": "Esc reader · F2 results",
}


class PaneLayout:
    """The panes of one screen: shown, hidden, focused; narrow or wide."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.pane = "results"  # the pane shown in narrow mode
        self.hidden: set[str] = set()  # panes hidden by the user in wide mode

    @property
    def narrow(self) -> bool:
        return self.screen.has_class("narrow")

    def pane_widget(self, pane: str) -> Widget:
        return self.screen.query_one({"results": ResultsList, "reader": Reader, "sidebar": EntitySidebar}[pane])

    def focus_target(self, pane: str) -> Widget:
        if pane == "results":
            return self.screen.query_one(ResultsList)
        if pane == "reader":
            return self.screen.query_one(AnnotatingView)
        if pane == "sidebar":
            return self.screen.query_one(EntityList)
        return self.screen.query_one(SearchBar)

    def apply(self, width: int | None = None) -> None:
        """Lay the panes out for a terminal ``width`` columns wide (default: the screen's)."""
        screen = self.screen
        width = screen.size.width if width is None else width
        narrow = width < NARROW
        screen.set_class(narrow, "narrow")
        screen.query_one(SearchBar).compact = narrow  # one line instead of three on small terminals
        screen.set_class(width >= WIDE, "wide")
        for pane in PANES:
            widget = self.pane_widget(pane)
            widget.display = (pane == self.pane) if narrow else (pane not in self.hidden)
            widget.border_subtitle = HINTS[pane] if narrow else None
        screen.refresh_bindings()

    def pane_of(self, widget: Widget | None) -> str | None:
        """Which pane ``widget`` is in ("search" for the search box)."""
        node: DOMNode | None = widget
        while node is not None and node is not self.screen:
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

    def show(self, pane: str) -> None:
        """Show and focus ``pane``; in wide mode, the key of a focused side pane hides it."""
        screen = self.screen
        if pane == "search":
            screen.set_focus(self.focus_target("search"))
            return
        if self.narrow:
            self.pane = pane
        elif pane in self.hidden:
            self.hidden.discard(pane)
        elif pane != "reader" and self.pane_of(screen.focused) == pane:
            self.hidden.add(pane)
            self.apply()
            screen.set_focus(self.focus_target("reader"))
            return
        self.apply()
        # set_focus, not focus(): at once, so a key typed right after goes to the new pane
        screen.set_focus(self.focus_target(pane))

    def back_target(self, *, article_open: bool) -> str | None:
        """Where Escape goes from the focused widget (None: it is the widget's own Escape)."""
        where = self.pane_of(self.screen.focused)
        if where == "reader" and self.screen.query_one(AnnotatingView).selection is not None:
            return None  # the reader's own Escape cancels the selection
        if where == "search":
            return "results"
        if where == "sidebar":
            return "reader" if article_open else "results"
        if where == "reader":
            return "results"
        if where == "results":
            return "search"
        return None

    def focus_moved(self) -> None:
        """Remember the focused pane: it is the one kept when the terminal gets narrow."""
        pane = self.pane_of(self.screen.focused)
        if pane in PANES:
            self.pane = pane
