"""Linking a mention to a catalog entity: fuzzy search as you type.

Opened with the mention's text in the search box.  Entities of the mention's
type come first, then the others; the last row creates a new entity named after
the search text.  ``Ctrl+A`` links and records the mention's text as an alias of
the chosen entity, so the next occurrence is recognised by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.core.catalog import CatalogMatch, fold_name
from sahel_tui.core.errors import SahelError
from sahel_tui.core.ids import slugify
from sahel_tui.core.models import Entity
from sahel_tui.core.text import safe_line
from sahel_tui.tui.handoff import deliver
from sahel_tui.tui.screens.modal import Dialog, swatch, type_tag
from sahel_tui.tui.widgets.safe_input import SafeInput

SAME_TYPE_LIMIT = 30
OTHER_TYPE_LIMIT = 20
FUZZY_ONLY = 150  # catalog scores below this come from fuzzy matching alone
CREATE = "create"
UNLINK = "unlink"


@dataclass(frozen=True)
class PickerResult:
    """What the analyst chose: ``entity_id`` None means "unlink"."""

    entity_id: str | None
    created: bool = False
    alias_added: str | None = None


class EntityList(OptionList, can_focus=False):
    """Catalog matches for the search text (the search box keeps the focus)."""

    HELP_GROUP = "Entity picker"


class EntityPicker(Dialog[PickerResult | None]):
    """Find the catalog entity a mention refers to, or create it."""

    HELP_GROUP = "Entity picker"
    FIT = {"#picker-list": (12, 16)}
    BINDINGS = [
        Binding("enter", "pick", "Link", priority=True, id="picker.pick"),
        Binding(
            "ctrl+a",
            "pick_with_alias",
            "Link + add alias",
            priority=True,
            id="picker.alias",
            tooltip="Link, and add the mention's text to the entity's aliases",
        ),
        Binding("ctrl+n", "create", "New entity", priority=True, id="picker.create"),
        Binding("escape", "cancel", "Leave as is", id="picker.cancel"),
        Binding("down", "move(1)", "Next match", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Previous match", show=False, id="picker.up"),
        Binding("pagedown", "page(1)", "Next page", show=False, id="picker.page_down"),
        Binding("pageup", "page(-1)", "Previous page", show=False, id="picker.page_up"),
    ]

    def __init__(self, workspace, text: str, label: str, current: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.text = " ".join(text.split())
        self.label_id = label
        self.label = workspace.labels.get(label)
        self.current = current
        self.matches: list[CatalogMatch] = []
        self.saving = False  # a catalog write is under way (keys are ignored meanwhile)

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog picker-dialog") as dialog:
            dialog.border_title = "Link to a catalog entity"
            yield Static(self._title(), classes="dialog-title", markup=False)
            yield SafeInput(
                value=safe_line(self.text, 200),
                placeholder="type a name, alias or id",
                id="picker-input",
                select_on_focus=False,
            )
            yield EntityList(id="picker-list", markup=False)
            yield Static(id="picker-detail", classes="dialog-detail", markup=False)
            yield self.hint_widget()

    def _title(self) -> Content:
        parts: list[Content | str] = [
            Content(f"“{safe_line(self.text, 60)}”").stylize("bold"),
            " ",
            swatch(self.label, self.label_id),
        ]
        if self.current:
            entity = self.workspace.catalog.get(self.current)
            parts += [
                Content(" · linked to ").stylize("$text-muted"),
                Content(safe_line(entity.name if entity else self.current, 60)).stylize("bold"),
            ]
        else:
            parts.append(Content(" · not linked yet").stylize("$text-muted"))
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        search = self.query_one(Input)
        search.cursor_position = len(search.value)
        search.focus()
        self.refill(search.value)

    # -- searching --------------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill(event.value)

    def find(self, query: str) -> list[CatalogMatch]:
        """Entities of the mention's type first, then the others, each by score."""
        catalog = self.workspace.catalog
        same = catalog.search_matches(query, SAME_TYPE_LIMIT, types=[self.label_id])
        others = [
            m
            for m in catalog.search_matches(query, SAME_TYPE_LIMIT + OTHER_TYPE_LIMIT)
            if m.entity.type != self.label_id
        ][:OTHER_TYPE_LIMIT]
        return same + others

    def refill(self, query: str) -> None:
        self.matches = self.find(query)
        options = [Option(self._row(m), id=f"e:{m.entity.id}") for m in self.matches]
        name = " ".join(query.split())
        if self._can_create(name):
            options.append(Option(self._create_row(name), id=CREATE))
        if self.current:
            options.append(
                Option(Content("  × Unlink: keep the mention without an entity").stylize("$text-muted"), id=UNLINK)
            )
        entities = self.query_one(EntityList)
        entities.set_options(options)
        entities.highlighted = self._first_choice(options)
        self._show_detail()

    def _first_choice(self, options: list[Option]) -> int | None:
        """The row Enter picks: the best match, unless it is only a loose fuzzy one.

        A typed name that merely resembles an entity (no exact, prefix or word match)
        should create a new entity on Enter, not link the mention to the wrong one.
        """
        if not options:
            return None
        ids = [o.id for o in options]
        if CREATE in ids and self.matches and self.matches[0].score < FUZZY_ONLY:
            return ids.index(CREATE)
        return 0

    def _can_create(self, name: str) -> bool:
        if not name:
            return False
        return self.workspace.catalog.duplicate_of(name, self.label_id) is None

    def _row(self, match: CatalogMatch) -> Content:
        entity = match.entity
        label = self.workspace.labels.get(entity.type)
        marker = Content("● " if entity.id == self.current else "  ").stylize("bold")
        parts: list[Content | str] = [marker, Content(safe_line(entity.name, 80)).stylize("bold")]
        if match.matched not in (entity.name, entity.id):
            parts.append(Content(f" aka {safe_line(match.matched, 60)}").stylize("italic"))
        parts += ["  ", type_tag(label, entity.type), Content(f"  {safe_line(entity.id, 64)}").stylize("dim")]
        return Content.assemble(*parts)

    def _new_alias(self, name: str) -> str | None:
        """The mention's text, when a new entity gets another name than it."""
        if self.text and fold_name(self.text) != fold_name(name):
            return self.text
        return None

    def _create_row(self, name: str) -> Content:
        parts: list[Content | str] = [
            Content("+ ").stylize("bold $success"),
            Content("Create new ").stylize("bold"),
            type_tag(self.label, self.label_id),
            " ",
            Content(f"“{safe_line(name, 80)}”").stylize("bold"),
        ]
        alias = self._new_alias(name)
        if alias:
            parts.append(Content(f" aka “{safe_line(alias, 60)}”").stylize("italic"))
        parts.append(Content(f"  id {slugify(name)}").stylize("dim"))
        return Content.assemble(*parts)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#picker-detail", Static)
        entity = self.highlighted_entity()
        if entity is None:
            option = self._highlighted_option()
            if option is not None and option.id == CREATE:
                detail.update(
                    Content("Enter or Ctrl+N adds this entity to entities.yaml and links the mention.").stylize(
                        "$text-muted"
                    )
                )
            elif option is None:
                detail.update(
                    Content("No match: type another name, or clear the box to list every entity.").stylize(
                        "$text-muted"
                    )
                )
            else:
                detail.update(Content(""))
            return
        lines: list[Content] = []
        if entity.aliases:
            lines.append(Content("aka " + safe_line(", ".join(entity.aliases), 300)))
        if entity.note:
            lines.append(Content(safe_line(entity.note, 300)).stylize("italic $text-muted"))
        if not lines:
            lines.append(Content("No aliases or note.").stylize("$text-muted"))
        detail.update(Content("\n").join(lines))

    # -- choosing ---------------------------------------------------------------------------
    def _highlighted_option(self) -> Option | None:
        return self.query_one(EntityList).highlighted_option

    def highlighted_entity(self) -> Entity | None:
        option = self._highlighted_option()
        if option is None or not option.id or not option.id.startswith("e:"):
            return None
        return self.workspace.catalog.get(option.id[2:])

    def action_move(self, step: int) -> None:
        entities = self.query_one(EntityList)
        entities.action_cursor_down() if step > 0 else entities.action_cursor_up()

    def action_page(self, step: int) -> None:
        entities = self.query_one(EntityList)
        entities.action_page_down() if step > 0 else entities.action_page_up()

    def action_pick(self) -> None:
        if self.saving:
            return
        option = self._highlighted_option()
        if option is None:
            self.notify("Nothing to link: type a name, or Ctrl+N to create one", severity="warning", markup=False)
            return
        if option.id == CREATE:
            self.action_create()
        elif option.id == UNLINK:
            self.dismiss(PickerResult(None))
        else:
            self.dismiss(PickerResult((option.id or "")[2:]))

    def action_pick_with_alias(self) -> None:
        if self.saving:
            return
        entity = self.highlighted_entity()
        if entity is None:
            self.notify(
                "Move to a catalog entity first (Ctrl+A adds the mention's text as its alias)",
                severity="warning",
                markup=False,
            )
            return
        if not self.text or fold_name(self.text) in {fold_name(n) for n in entity.names}:
            self.dismiss(PickerResult(entity.id))
            return
        self._start_saving(f"Adding the alias “{safe_line(self.text, 60)}” to {safe_line(entity.name, 60)}…")
        self._save_alias(entity.id, self.text)

    def action_create(self) -> None:
        if self.saving:
            return
        name = " ".join(self.query_one(Input).value.split())
        if not name:
            self.notify("Type the new entity's name first", severity="warning", markup=False)
            return
        self._start_saving(f"Adding “{safe_line(name, 60)}” to the catalog…")
        self._save_entity(name, self._new_alias(name))

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)

    # -- catalog writes ---------------------------------------------------------------------
    # They run in a thread: a catalog change waits for the background index updater,
    # which reports its commits to the UI thread; waiting on the UI thread would stall both.
    def _start_saving(self, message: str) -> None:
        self.saving = True
        self.query_one(Input).disabled = True
        self.query_one("#picker-detail", Static).update(Content(message).stylize("italic"))

    def _failed(self, exc: SahelError) -> None:
        self.saving = False
        search = self.query_one(Input)
        search.disabled = False
        search.focus()
        self._show_detail()
        self.notify(safe_line(str(exc), 300), severity="error", markup=False, timeout=8)

    @work(thread=True, exclusive=True, group="picker-save")
    def _save_entity(self, name: str, alias: str | None) -> None:
        try:
            entity = self.workspace.add_entity(name, self.label_id, aliases=[alias] if alias else ())
        except SahelError as exc:
            deliver(self, self._failed, exc)
            return
        deliver(self, self.dismiss, PickerResult(entity.id, created=True, alias_added=alias))

    @work(thread=True, exclusive=True, group="picker-save")
    def _save_alias(self, entity_id: str, alias: str) -> None:
        try:
            self.workspace.add_alias(entity_id, alias)
        except SahelError as exc:
            deliver(self, self._failed, exc)
            return
        deliver(self, self.dismiss, PickerResult(entity_id, alias_added=alias))
