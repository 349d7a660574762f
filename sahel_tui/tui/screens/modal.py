"""What the annotation dialogs share: the dialog frame, key hints, label swatches.

Every dialog is a :class:`Dialog`: a centred, bordered box on a dimmed screen,
with a one-line hint at the bottom built from the screen's own bindings (so the
hint, the help screen and the command palette never disagree).
"""

from __future__ import annotations

from typing import TypeVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from sahel_tui.core import sentences
from sahel_tui.core.models import Label
from sahel_tui.core.text import safe_line

ResultType = TypeVar("ResultType")

ELLIPSIS = "…"


class Dialog(ModalScreen[ResultType]):
    """A modal dialog: subclasses compose inside ``#dialog`` and declare BINDINGS."""

    HELP_GROUP = "Dialog"
    # A modal screen hides the app's bindings: bring back help and the command palette.
    BINDINGS = [
        Binding("f1", "app.help", "Help", show=False, id="dialog.help"),
        Binding("ctrl+p", "app.command_palette", "Commands", show=False, id="dialog.palette"),
    ]
    FIT: dict[str, tuple[int, int]] = {}
    """``selector -> (rows the rest of the dialog needs, most rows wanted)``: the lists that
    take whatever height the terminal has (CSS ``vh`` limits are not honoured inside an
    auto-height box, so the limit is set here)."""

    def on_mount(self) -> None:
        self.fit(self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.height)

    def fit(self, height: int) -> None:
        for selector, (reserve, most) in self.FIT.items():
            for widget in self.query(selector):
                widget.styles.max_height = max(3, min(most, height - reserve))

    def key_hint(self) -> Content:
        """``Enter link · Esc cancel``: the shown bindings of this screen, in order."""
        parts: list[Content] = []
        seen: set[str] = set()
        for binding in Binding.make_bindings(self.BINDINGS):
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key_display or self.app.get_key_display(binding)
            parts.append(Content.assemble((key, "bold $accent"), " ", binding.description))
        return Content(" · ").join(parts)

    def hint_widget(self) -> Static:
        return Static(self.key_hint(), classes="dialog-hint", markup=False)


# -- text helpers ----------------------------------------------------------------------


def tail_cells(text: str, width: int) -> str:
    """The last ``width`` cells of ``text`` (an ellipsis first when cut)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 1  # the ellipsis
    for ch in reversed(text):
        w = cell_len(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return ELLIPSIS + "".join(reversed(out))


def head_cells(text: str, width: int) -> str:
    """The first ``width`` cells of ``text`` (an ellipsis last when cut)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 1
    for ch in text:
        w = cell_len(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out) + ELLIPSIS


def first_sentence(text: str) -> str:
    """The first sentence of a description, on one line (the whole text when it has one)."""
    return sentences.first_sentence(" ".join(text.split()))


def swatch(label: Label | None, label_id: str) -> Content:
    """The label's name styled as mentions of it are in the reader (colour + bold underline).

    The underline keeps it recognisable without colour (NO_COLOR).
    """
    name = safe_line(label.name if label else label_id, 40)
    if label is None:
        return Content(name).stylize("bold underline")
    return Content(name).stylize(f"bold underline {label.color}")


def type_tag(label: Label | None, label_id: str) -> Content:
    """``■ Armed group``: a block of the label's colour, then its name in the text colour.

    For rows that can be highlighted: a coloured name would be hard to read on the
    highlight, a coloured block is not.
    """
    name = Content(safe_line(label.name if label else label_id, 40))
    block = Content("■ ").stylize(label.color) if label is not None else Content("■ ")
    return Content.assemble(block, name)


def label_key(label: Label) -> Content:
    """The key that applies a label, as a small keycap (blank when it has none)."""
    key = safe_line(label.key, 1) if label.key else " "
    return Content(f" {key} ").stylize("bold reverse" if label.key else "")
