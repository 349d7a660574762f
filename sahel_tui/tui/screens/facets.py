"""Facets of the current result set: entity types, sources, dates and entities, with counts.

Choosing a facet narrows the query (``type:armed_group``, ``source:"APA"``,
``date:2024-03``, ``entity:jnim`` are added to the search box); choosing an
active filter (listed first, ticked) takes it out again.  Typing in the box at
the top narrows the list, which matters once a corpus has hundreds of entities.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.core.detect import fold
from sahel_tui.core.models import FacetCount, SearchResults
from sahel_tui.core.query_filters import QueryFilter, facet_token, has_filter
from sahel_tui.core.text import safe_line
from sahel_tui.tui.widgets.safe_input import SafeInput

SECTIONS = (
    ("type", "Entity types"),
    ("source", "Sources"),
    ("date", "Months"),
    ("entity", "Entities"),
)


@dataclass(frozen=True)
class FacetRow:
    section: str  # "active" or a facet kind
    token: str | None  # the filter token to add or remove (None: cannot filter on it)
    text: str  # what is shown (and matched by the narrowing box)
    count: int | None
    active: bool = False
    detail: str = ""  # shown dim after the text (an entity's type)


def facet_rows(
    results: SearchResults,
    query: str,
    filters: list[QueryFilter],
    *,
    entity_names: dict[str, str],
    entity_types: dict[str, str],
    type_names: dict[str, str],
) -> list[FacetRow]:
    """Every row of the panel, section by section (pure: tested without a screen)."""
    rows: list[FacetRow] = [FacetRow("active", f.text, f.text, None, active=True) for f in filters]
    for kind, _title in SECTIONS:
        counts: list[FacetCount] = list(results.facets.get(kind, ()))
        if kind == "date":  # newest month first, undated last
            known = sorted((c for c in counts if c.value != "unknown"), key=lambda c: c.value, reverse=True)
            counts = known + [c for c in counts if c.value == "unknown"]
        for c in counts:
            token = facet_token(kind, c.value)
            if kind == "entity":
                text = entity_names.get(c.value) or c.label or c.value
                detail = type_names.get(entity_types.get(c.value, ""), "")
            elif kind == "type":
                text, detail = type_names.get(c.value, c.value.replace("_", " ").title()), ""
            elif kind == "date":
                text, detail = ("date unknown", "cannot filter") if c.value == "unknown" else (c.value, "")
            else:
                text, detail = c.label or c.value, ""
            rows.append(
                FacetRow(kind, token, text, c.count, active=bool(token and has_filter(query, token)), detail=detail)
            )
    return rows


class FacetList(OptionList):
    HELP_GROUP = "Facets"
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="facets.down"),
        Binding("k", "cursor_up", "Up", show=False, id="facets.up"),
    ]


class FacetsScreen(ModalScreen[str | None]):
    """Pick a facet to filter on (or an active filter to remove); returns the token."""

    HELP_GROUP = "Facets"
    DEFAULT_CSS = """
    FacetsScreen {
        align: center middle;
        background: $background 60%;
    }
    #facets-dialog {
        width: 76;
        max-width: 96%;
        height: 90%;
        max-height: 44;
        border: round $accent;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    #facets-summary { height: auto; color: $text-muted; }
    #facets-filter { margin: 0 0 1 0; }
    #facet-list { height: 1fr; border: none; padding: 0; }
    #facets-hint { height: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="facets.close"),
        Binding("enter", "choose", "Add/remove filter", id="facets.choose"),
        Binding("down", "move('down')", "Down", show=False, id="facets.list_down"),
        Binding("up", "move('up')", "Up", show=False, id="facets.list_up"),
        Binding("pagedown", "move('page_down')", "Page down", show=False, id="facets.page_down"),
        Binding("pageup", "move('page_up')", "Page up", show=False, id="facets.page_up"),
    ]

    def __init__(
        self,
        results: SearchResults,
        query: str,
        filters: list[QueryFilter],
        *,
        entity_names: dict[str, str],
        entity_types: dict[str, str],
        type_names: dict[str, str],
    ) -> None:
        super().__init__()
        self.results = results
        self.query_text = query
        self.rows = facet_rows(
            results, query, filters, entity_names=entity_names, entity_types=entity_types, type_names=type_names
        )
        self._shown: list[FacetRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="facets-dialog") as dialog:
            dialog.border_title = "Facets and filters"
            yield Static(self._summary(), id="facets-summary", markup=False)
            yield SafeInput(placeholder="type to narrow the list", id="facets-filter", compact=True)
            yield FacetList(id="facet-list")
            yield Static(
                Content.assemble(
                    ("Enter", "bold"),
                    " add or remove · ",
                    ("↑↓", "bold"),
                    " move · ",
                    ("Esc", "bold"),
                    " close · ✓ already filtering",
                ),
                id="facets-hint",
                markup=False,
            )

    def _summary(self) -> Content:
        n = self.results.total
        what = f"{n} result{'s' if n != 1 else ''}"
        query = safe_line(self.query_text, 80)
        if query:
            return Content.assemble(
                "Counts for the ", (what, "bold"), " of ", (query, "bold"), ": choosing one narrows the search."
            )
        return Content.assemble("Counts for ", ("all articles", "bold"), ": choosing one narrows the search.")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#facets-filter", Input).focus()

    def _fill(self, needle: str) -> None:
        folded = fold(needle.strip())
        lst = self.query_one(FacetList)
        lst.clear_options()
        options: list[Option] = []
        self._shown = []
        sections = [("active", "Active filters (Enter removes)"), *SECTIONS]
        for kind, title in sections:
            rows = [
                r
                for r in self.rows
                if r.section == kind and (not folded or folded in fold(f"{r.text} {r.detail} {r.token or ''}"))
            ]
            if not rows:
                continue
            options.append(Option(Content(title).stylize("bold underline"), id=f"header:{kind}", disabled=True))
            for row in rows:
                options.append(Option(self._prompt(row), id=f"row:{len(self._shown)}", disabled=row.token is None))
                self._shown.append(row)
        if not options:
            options.append(Option(Content("nothing matches").stylize("italic $text-muted"), disabled=True))
        lst.add_options(options)
        first = next((i for i, o in enumerate(lst.options) if not o.disabled), None)
        lst.highlighted = first

    @staticmethod
    def _prompt(row: FacetRow) -> Content:
        if row.section == "active":
            return Content.assemble(("  ✕ ", "bold"), (safe_line(row.text, 70), "bold"))
        mark = ("✓ ", "bold $success") if row.active else ("  ", "")
        count = f"{row.count:>5}  " if row.count is not None else "       "
        parts: list = [mark, (count, "$text-muted"), safe_line(row.text, 70)]
        if row.detail:
            parts.append((f"  {safe_line(row.detail, 30)}", "italic $text-muted"))
        return Content.assemble(*parts)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose_option(event.option)

    def action_move(self, how: str) -> None:
        lst = self.query_one(FacetList)
        getattr(lst, f"action_cursor_{how}" if how in ("up", "down") else f"action_{how}")()

    def action_choose(self) -> None:
        self._choose_option(self.query_one(FacetList).highlighted_option)

    def _choose_option(self, option: Option | None) -> None:
        if option is None or option.disabled or not (option.id or "").startswith("row:"):
            return
        row = self._shown[int((option.id or "").split(":", 1)[1])]
        if row.token:
            self.dismiss(row.token)

    def action_close(self) -> None:
        self.dismiss(None)


CLEAR_ALL = "\x00all"  # what RemoveFilterScreen returns for "remove every filter"


class RemoveFilterScreen(ModalScreen[str | None]):
    """The active filters, numbered: a digit (or Enter) removes one, ``a`` removes all.

    Returns the token of the filter to remove, :data:`CLEAR_ALL`, or None.
    """

    HELP_GROUP = "Remove filter"
    DEFAULT_CSS = """
    RemoveFilterScreen {
        align: center middle;
        background: $background 60%;
    }
    #unfilter-dialog {
        width: 64;
        max-width: 96%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    #unfilter-list { height: auto; max-height: 14; border: none; padding: 0; }
    #unfilter-hint { height: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="unfilter.close"),
        Binding("enter", "remove_highlighted", "Remove filter", id="unfilter.remove"),
        Binding("a,ctrl+x", "remove_all", "Remove all filters", id="unfilter.remove_all"),
        *[
            Binding(str(n), f"remove({n})", f"Remove filter {n}", show=False, id=f"unfilter.remove{n}")
            for n in range(1, 10)
        ],
        Binding("j", "move('down')", "Down", show=False, id="unfilter.down"),
        Binding("k", "move('up')", "Up", show=False, id="unfilter.up"),
    ]

    def __init__(self, filters: list[QueryFilter], names: dict[str, str] | None = None) -> None:
        super().__init__()
        self.filters = list(filters)
        self.names = names or {}

    def compose(self) -> ComposeResult:
        with Vertical(id="unfilter-dialog") as dialog:
            dialog.border_title = "Remove a filter"
            yield OptionList(
                *[Option(self._prompt(n, f), id=str(n)) for n, f in enumerate(self.filters, 1)], id="unfilter-list"
            )
            yield Static(
                Content.assemble(
                    ("1-9", "bold"),
                    " or ",
                    ("Enter", "bold"),
                    " removes one · ",
                    ("a", "bold"),
                    " all · ",
                    ("Esc", "bold"),
                    " close",
                ),
                id="unfilter-hint",
                markup=False,
            )

    def _prompt(self, n: int, f: QueryFilter) -> Content:
        key = Content(f" {n} " if n <= 9 else "   ").stylize("bold reverse")
        parts: list = [key, " ", (safe_line(f.text, 60), "bold")]
        if f.field == "entity" and f.bare_value in self.names:
            parts.append((f"  {safe_line(self.names[f.bare_value], 40)}", "italic $text-muted"))
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        lst = self.query_one("#unfilter-list", OptionList)
        lst.highlighted = 0 if self.filters else None
        lst.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_remove(int(event.option.id or 0))

    def action_move(self, direction: str) -> None:
        lst = self.query_one("#unfilter-list", OptionList)
        lst.action_cursor_down() if direction == "down" else lst.action_cursor_up()

    def action_remove(self, number: int) -> None:
        if 1 <= number <= len(self.filters):
            self.dismiss(self.filters[number - 1].text)

    def action_remove_highlighted(self) -> None:
        highlighted = self.query_one("#unfilter-list", OptionList).highlighted
        if highlighted is not None:
            self.action_remove(highlighted + 1)

    def action_remove_all(self) -> None:
        self.dismiss(CLEAR_ALL)

    def action_close(self) -> None:
        self.dismiss(None)
