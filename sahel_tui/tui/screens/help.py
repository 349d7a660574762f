"""The help screen: every binding of the screen it was opened from, grouped by pane.

The rows come from :func:`sahel_tui.tui.commands.collect`, the same table the
command palette uses, so help, palette and footer never disagree.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from sahel_tui.core.text import safe_line
from sahel_tui.tui.commands import CommandEntry, collect

# Panes first, in screen order; whatever else shows up follows in the order found.
GROUP_ORDER = ("Main", "Search", "Filters", "Results", "Reader", "Entities", "Facets", "Dialog", "App")
GROUP_TITLES = {
    "Main": "Anywhere (letters not while typing a query)",
    "Search": "Search box",
    "Results": "Results pane",
    "Reader": "Reader pane",
    "Entities": "Entities pane",
    "App": "Everywhere",
}
KEY_WIDTH = 18


def _keys_of(entry: CommandEntry) -> list[str]:
    """All keys bound to the entry's action on its owner (collect() keeps the first only)."""
    keys: list[str] = []
    owner = entry.owner
    try:
        for bindings in owner._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.action == entry.action:
                    keys.append(owner.app.get_key_display(binding))
    except Exception:
        pass
    for key in entry.key.split(", "):
        keys.append(key)
    return list(dict.fromkeys(k for k in keys if k))


def _description(entry: CommandEntry, node: DOMNode) -> str:
    """The binding's description; label keys also name their entity type."""
    if entry.action.startswith("label(") and entry.action.endswith(")"):
        workspace = getattr(node.app, "workspace", None)
        key = entry.action[len("label(") : -1]
        label = workspace.labels.by_key(key) if workspace is not None else None
        if label is not None:
            return f"Label as {label.name}"
    return entry.description


_NUMBERED = re.compile(r"^(\w+)\((\d+)\)$")


def _series_key(entry: CommandEntry, description: str) -> tuple[str, str, str] | None:
    """Entries like ``remove_filter(3)`` "Remove filter 3" form a series shown on one row."""
    m = _NUMBERED.match(entry.action)
    if not m or not description.endswith(f" {m.group(2)}"):
        return None
    return (entry.group, m.group(1), description[: -len(m.group(2))])


def help_sections(screen: Screen) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(group, [(keys, description), ...]), ...]`` for every binding of ``screen``."""
    groups: dict[str, list[tuple[str, str]]] = {}
    series: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for entry in collect(screen):
        keys = " ".join(_keys_of(entry))
        description = _description(entry, screen)
        key = _series_key(entry, description)
        if key is not None:
            if key not in series:
                series[key] = []
                groups.setdefault(entry.group, []).append(("", repr(key)))  # placeholder, filled below
            numbered = _NUMBERED.match(entry.action)
            assert numbered is not None  # _series_key() matched it
            series[key].append((keys, numbered.group(2)))
            continue
        groups.setdefault(entry.group, []).append((keys, description))
    for key, members in series.items():
        group, _action, stem = key
        first, last = members[0], members[-1]
        row = (
            (f"{first[0]} … {last[0]}", f"{stem}{first[1]}-{last[1]}")
            if len(members) > 1
            else (first[0], f"{stem}{first[1]}")
        )
        groups[group] = [row if r == ("", repr(key)) else r for r in groups[group]]
    ordered = [g for g in GROUP_ORDER if g in groups] + [g for g in groups if g not in GROUP_ORDER]
    return [(g, groups[g]) for g in ordered]


def help_content(sections: list[tuple[str, list[tuple[str, str]]]]) -> Content:
    lines: list[Content] = []
    for group, rows in sections:
        if lines:
            lines.append(Content(""))
        lines.append(Content(GROUP_TITLES.get(group, group)).stylize("bold underline"))
        for keys, description in rows:
            shown = safe_line(keys, 60)
            pad = " " * max(1, KEY_WIDTH - cell_len(shown))
            lines.append(Content.assemble((shown, "bold $accent"), pad, safe_line(description, 120)))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Keys of the screen below, by pane; scroll with the arrows, close with Escape, q or F1."""

    HELP_GROUP = "Help"
    BINDINGS = [
        Binding("escape", "close", "Close help", id="help.close"),
        Binding("q", "close", "Close help", show=False, id="help.close_q"),
        Binding("f1", "close", "Close help", show=False, id="help.close_f1"),
        Binding("question_mark", "close", "Close help", show=False, id="help.close_question"),
        Binding("j", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("k", "scroll('up')", "Scroll up", show=False, id="help.up"),
    ]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.target = screen
        self.sections = help_sections(screen)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = f"Keys · {getattr(self.target, 'HELP_GROUP', type(self.target).__name__)} screen"
            yield Static(
                Content.assemble(
                    "Keys work in the pane that has the focus. ", ("ctrl+p", "bold"), " runs any of them by name."
                ),
                id="help-intro",
                markup=False,
            )
            with VerticalScroll(id="help-body"):
                yield Static(help_content(self.sections), id="help-text", markup=False)
            yield Static(
                Content.assemble(("↑↓ PgUp PgDn", "bold"), " scroll · ", ("Esc q F1", "bold"), " close"),
                id="help-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "down":
            body.scroll_down(animate=False)
        else:
            body.scroll_up(animate=False)
