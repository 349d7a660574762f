"""Choosing an entity type (label): ``t`` on a mention in the reader."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.keys import _character_to_key
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.core.models import Label
from sahel_tui.core.text import safe_display, safe_line
from sahel_tui.tui.screens.modal import Dialog, first_sentence, label_key, swatch, type_tag

NAME_WIDTH = 18
ID_WIDTH = 15


def label_row(label: Label, *, current: bool = False) -> Content:
    """``[1] Person          PERSON          A named individual…`` (one line, cut by the list)."""
    name = type_tag(label, label.id).stylize("bold", 2)
    name = name.pad_right(max(NAME_WIDTH - name.cell_length, 1))
    ident = Content(safe_line(label.id, 40)).stylize("$text-muted")
    ident = ident.pad_right(max(ID_WIDTH - ident.cell_length, 1))
    mark = Content("● " if current else "  ").stylize("bold")
    return Content.assemble(
        label_key(label), " ", mark, name, ident, Content(safe_line(first_sentence(label.description), 300))
    )


def label_detail(label: Label) -> Content:
    """The full description of a label (its name, id and key are on its row above)."""
    return Content(safe_display(" ".join(label.description.split()), 1200) or "(no description)")


class LabelList(OptionList):
    """The entity types, one per line; the detail pane shows the highlighted one."""

    HELP_GROUP = "Entity types"


class LabelDetails:
    """Shows the full description of the highlighted type below the list (menu and legend)."""

    DETAIL_ID = "label-detail"
    labels: list[Label]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(event.option_index)

    def _show_detail(self, index: int | None) -> None:
        if index is None or not self.labels:
            return
        self.query_one(f"#{self.DETAIL_ID}", Static).update(label_detail(self.labels[index]))  # type: ignore[attr-defined]


class LabelMenu(LabelDetails, Dialog[str | None]):
    """Pick an entity type by its key, or move to it and press Enter."""

    HELP_GROUP = "Entity type menu"
    FIT = {"#label-list": (14, 16)}
    BINDINGS = [
        Binding("enter", "choose", "Choose", priority=True, id="label_menu.choose"),
        Binding("escape", "cancel", "Cancel", id="label_menu.cancel"),
    ]

    def __init__(self, labels: Iterable[Label], current: str) -> None:
        super().__init__()
        self.labels = list(labels)
        self.current = current
        # One binding per label key (the set of labels comes from data, so do the keys).
        for label in self.labels:
            if label.key:
                key = _character_to_key(label.key)
                binding = Binding(
                    key,
                    f"choose_label({label.id!r})",
                    f"Type {safe_line(label.name, 40)}",
                    show=False,
                    id=f"label_menu.key_{label.id.lower()}",
                )
                self._bindings.key_to_bindings[key] = [binding]

    def compose(self) -> ComposeResult:
        current = next((lb for lb in self.labels if lb.id == self.current), None)
        with Vertical(id="dialog", classes="dialog label-dialog") as dialog:
            dialog.border_title = "Entity type"
            now = Content.assemble(
                "Now: ", swatch(current, self.current), " · press a type's key, or move to it and press Enter"
            )
            yield Static(now, classes="dialog-title", markup=False)
            yield LabelList(
                *[Option(label_row(lb, current=lb.id == self.current), id=lb.id) for lb in self.labels],
                id="label-list",
                markup=False,
            )
            yield Static(id="label-detail", classes="dialog-detail", markup=False)
            yield self.hint_widget()

    def on_mount(self) -> None:
        options = self.query_one(LabelList)
        ids = [lb.id for lb in self.labels]
        options.highlighted = ids.index(self.current) if self.current in ids else 0
        options.focus()
        self._show_detail(options.highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        options = self.query_one(LabelList)
        if options.highlighted is not None:
            self.dismiss(self.labels[options.highlighted].id)

    def action_choose_label(self, label_id: str) -> None:
        self.dismiss(label_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
