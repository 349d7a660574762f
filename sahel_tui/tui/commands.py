"""One table of commands for the palette and the help screen.

Bindings stay declared on the widget that owns them (with an ``id`` each, so a
keymap can remap them).  This module walks the widgets of the current screen and
turns every described binding into a palette command and a help-screen row, so
nothing has to be listed twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.widget import Widget


@dataclass(frozen=True)
class CommandEntry:
    group: str  # the pane or screen that owns the binding
    key: str  # as displayed
    description: str
    action: str
    owner: Widget | App[Any]
    help: str = ""

    def run(self):
        # run_action is a coroutine: return it so the palette's callback awaits it.
        return self.owner.run_action(self.action)


def _group_of(node: DOMNode) -> str:
    return getattr(node, "HELP_GROUP", None) or type(node).__name__


def _bindings_of(node: DOMNode) -> Iterator[Binding]:
    seen: set[str] = set()
    for bindings in node._bindings.key_to_bindings.values():
        for binding in bindings:
            if binding.description and binding.action not in seen:
                seen.add(binding.action)
                yield binding


def _key_display(node: DOMNode, binding: Binding) -> str:
    try:
        return node.app.get_key_display(binding)
    except Exception:
        return binding.key


def collect(screen: Widget, *, include_hidden: bool = True) -> list[CommandEntry]:
    """Every described binding reachable on ``screen``: its widgets, itself and the app."""
    nodes: list[Widget | App[Any]] = [screen.app, screen]
    nodes.extend(w for w in screen.query("*") if include_hidden or w.display)
    by_action: dict[tuple[str, str], CommandEntry] = {}
    for node in nodes:
        for binding in _bindings_of(node):
            key = (_group_of(node), binding.action)
            if key in by_action:
                old = by_action[key]
                by_action[key] = CommandEntry(
                    old.group,
                    f"{old.key}, {_key_display(node, binding)}",
                    old.description,
                    old.action,
                    old.owner,
                    old.help,
                )
                continue
            by_action[key] = CommandEntry(
                group=_group_of(node),
                key=_key_display(node, binding),
                description=binding.description,
                action=binding.action,
                owner=node,
                help=binding.tooltip,
            )
    return list(by_action.values())


class BindingCommands(Provider):
    """Palette commands generated from the bindings of the current screen."""

    def _entries(self) -> list[CommandEntry]:
        return collect(self.screen)

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(
                f"{entry.group}: {entry.description}",
                partial(entry.run),
                help=f"key {entry.key}" + (f" - {entry.help}" if entry.help else ""),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            text = f"{entry.group}: {entry.description}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(entry.run),
                    help=f"key {entry.key}" + (f" - {entry.help}" if entry.help else ""),
                )
