"""The colour legend: entity types with their keys and descriptions (``L`` in the reader)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style as RichStyle
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.style import Style
from textual.widgets import Static
from textual.widgets.option_list import Option

from sahel_tui.core.models import Label
from sahel_tui.tui.screens.label_menu import LabelDetails, LabelList, label_row
from sahel_tui.tui.screens.modal import Dialog
from sahel_tui.tui.widgets.article_view import FLAGGED, HIT, SELECTION, SUGGESTION


def _sample(text: str, style: RichStyle) -> Content:
    return Content(text).stylize(Style.from_rich_style(style))


def marks_line() -> Content:
    """How the reader marks text besides entity types, drawn with the reader's own styles."""
    return Content.assemble(
        ("Marks: ", "$text-muted"),
        _sample("suggestion", SUGGESTION),
        (" y/x · ", "$text-muted"),
        _sample("needs review", FLAGGED),
        (" r · ", "$text-muted"),
        _sample("query hit", HIT),
        (" n · ", "$text-muted"),
        _sample("selection", SELECTION),
        (" v", "$text-muted"),
    )


class LegendScreen(LabelDetails, Dialog[None]):
    """Entity types: key, colour, id and description; the marks of the reader."""

    DETAIL_ID = "legend-detail"
    HELP_GROUP = "Legend"
    FIT = {"#legend-list": (15, 16)}
    BINDINGS = [
        Binding("escape", "close", "Close", id="legend.close"),
        Binding("L,q", "close", "Close", show=False, id="legend.close_alt"),
    ]

    def __init__(self, labels: Iterable[Label]) -> None:
        super().__init__()
        self.labels = list(labels)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog legend-dialog") as dialog:
            dialog.border_title = "Legend"
            yield Static(
                Content("Press a type's key in the reader to label the word under the cursor"),
                classes="dialog-title",
                markup=False,
            )
            yield LabelList(*[Option(label_row(lb), id=lb.id) for lb in self.labels], id="legend-list", markup=False)
            yield Static(marks_line(), id="legend-marks", markup=False)
            yield Static(id="legend-detail", classes="dialog-detail", markup=False)
            yield self.hint_widget()

    def on_mount(self) -> None:
        options = self.query_one(LabelList)
        options.focus()
        self._show_detail(options.highlighted)

    def action_close(self) -> None:
        self.dismiss(None)
