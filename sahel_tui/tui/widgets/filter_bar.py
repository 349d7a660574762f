"""The bar that shows the field filters of the query (``entity:jnim source:"APA" date:2024-03``).

The query text in the search box is the only place filters live; the core
(:mod:`sahel_tui.core.query_filters`) reads them out of it and edits it.  This
widget only draws one chip per filter the core found, typed or chosen.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from sahel_tui.core.query_filters import QueryFilter
from sahel_tui.core.text import safe_line

MAX_KEYED = 9  # filters 1-9 have a digit each in the remove-filter picker (F7)


class FilterBar(Static):
    """``Filters  1 entity:jnim  2 source:"APA"   F7 removes one · ^x all``.

    Hidden while the query has no field filters.
    """

    HELP_GROUP = "Filters"

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.filters: list[QueryFilter] = []

    def show_filters(self, filters: list[QueryFilter], names: dict[str, str] | None = None) -> None:
        """Show ``filters``; ``names`` maps an entity id to a display name."""
        self.filters = list(filters)
        self.display = bool(filters)
        if not filters:
            self.update("")
            return
        names = names or {}
        parts: list[Content] = [Content("Filters ").stylize("bold")]
        for n, f in enumerate(filters, 1):
            chip = Content(safe_line(f.text, 60)).stylize("bold")
            if f.field == "entity" and f.bare_value in names:
                chip = chip + Content(f" {safe_line(names[f.bare_value], 30)}").stylize("italic")
            key = Content(f" {n} ").stylize("reverse") if n <= MAX_KEYED else Content("   ")
            parts.extend([Content(" "), key, Content(" "), chip])
        hint = "F7 removes one · ^x all" if len(filters) > 1 else "F7 or ^x removes it"
        parts.append(Content("   " + hint).stylize("$text-muted"))
        self.update(Content.assemble(*parts))
