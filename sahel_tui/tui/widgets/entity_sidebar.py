"""The entity sidebar: entities of the open article (or of the result set).

Entities are grouped by type with counts; the highlighted one shows its canonical
name, aliases and the other articles that mention it.  Enter on an entity
focuses it in the reader (``n``/``N`` then jump between its mentions); Enter on
an article opens it.  ``s`` switches between the open article and the whole
result set.  The rows are the workspace's counts (:class:`EntityCount`): this
widget draws them and counts nothing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.core.text import safe_line
from sahel_tui.core.workspace import EntityCount

EntityRow = EntityCount  # the rows it draws are the workspace's counts, as they come


def row_prompt(row: EntityRow, scope: str) -> Content:
    name = Content(safe_line(row.name, 80))
    if scope == "results":
        return Content.assemble(" ", name, (f"  {row.count}", "bold"))
    parts: list = [" "]
    if row.count:
        parts.extend([name, (f"  {row.count}×", "bold")])
        if row.suggested:
            parts.append((f" +{row.suggested} suggested", "italic $text-muted"))
    else:
        parts.extend([name.stylize("italic"), (f"  {row.suggested} suggested", "italic $text-muted")])
    if row.entity_id is None and row.linkable:
        parts.append(("  not linked", "italic $text-muted"))
    return Content.assemble(*parts)


class EntityList(OptionList):
    HELP_GROUP = "Entities"
    BINDINGS = [
        Binding("enter", "focus_entity", "Focus in reader", id="entities.focus"),
        Binding("j", "cursor_down", "Down", show=False, id="entities.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entities.up"),
    ]

    def action_focus_entity(self) -> None:
        self.action_select()


class ArticleLinks(OptionList):
    HELP_GROUP = "Entities"
    BINDINGS = [
        Binding("enter", "open_article", "Open article", id="links.open"),
        Binding("j", "cursor_down", "Down", show=False, id="links.down"),
        Binding("k", "cursor_up", "Up", show=False, id="links.up"),
    ]

    def action_open_article(self) -> None:
        self.action_select()


class EntitySidebar(Vertical):
    """Entities by type; details and other articles of the highlighted one."""

    HELP_GROUP = "Entities"
    BINDINGS = [
        Binding("s", "toggle_scope", "Article/results", id="entities.scope"),
        Binding("o", "to_articles", "Its articles", show=False, id="entities.articles"),
    ]

    class EntityChosen(Message):
        """An entity was highlighted (``focus=False``) or chosen with Enter (``focus=True``)."""

        def __init__(self, entity_id: str | None, *, name: str = "", type: str = "", focus: bool = False) -> None:
            super().__init__()
            self.entity_id = entity_id
            self.name = name
            self.type = type
            self.focus = focus

    class OpenArticle(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class ScopeChanged(Message):
        def __init__(self, scope: str) -> None:
            super().__init__()
            self.scope = scope

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scope = "article"
        self.rows: list[EntityRow] = []
        self._by_key: dict[str, EntityRow] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="entities-title", markup=False)
        with Container(id="entity-body"):
            yield EntityList(id="entity-list")
            with Vertical(id="entity-info"):
                yield Static("", id="entity-detail", markup=False)
                yield ArticleLinks(id="entity-articles")

    def on_mount(self) -> None:
        self.border_title = "Entities"
        self._update_title(0)

    def _update_title(self, count: int) -> None:
        if self.scope == "article":
            here, other, unit = "This article", "all results", "n× mentions here"
        else:
            here, other, unit = "All results", "this article", "n = articles in the results"
        self.query_one("#entities-title", Static).update(
            Content.assemble(
                (here, "bold"),
                f" ({count})  ",
                ("s", "bold reverse"),
                (f" {other}", "$text-muted"),
                "\n",
                (unit, "italic $text-muted"),
            )
        )

    @property
    def highlighted_row(self) -> EntityRow | None:
        option = self.query_one(EntityList).highlighted_option
        return self._by_key.get(option.id) if option is not None and option.id else None

    def show_rows(self, rows: list[EntityRow], type_names: dict[str, str], *, empty: str = "no entities") -> None:
        self.rows = rows
        self._by_key = {r.key: r for r in rows}
        self._update_title(len(rows))
        lst = self.query_one(EntityList)
        keep = lst.highlighted_option.id if lst.highlighted_option else None
        lst.clear_options()
        options: list[Option] = []
        current_type = None

        def order(r):
            return (r.type, -r.count, -r.suggested, r.name.lower())

        for row in sorted(rows, key=order):
            if row.type != current_type:
                current_type = row.type
                options.append(
                    Option(
                        Content(safe_line(type_names.get(row.type, row.type), 60)).stylize("bold underline"),
                        id=f"type:{row.type}",
                        disabled=True,
                    )
                )
            options.append(Option(row_prompt(row, self.scope), id=row.key))
        if not options:
            options.append(Option(Content(empty).stylize("italic"), disabled=True))
        lst.add_options(options)
        ids = [o.id for o in options]
        if keep in ids:
            lst.highlighted = ids.index(keep)
        else:
            lst.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)
        if not rows:
            self.show_detail(Content(""), [])

    def show_detail(self, detail: Content, articles: list[tuple[str, str]]) -> None:
        static = self.query_one("#entity-detail", Static)
        static.update(detail)
        static.display = bool(detail.plain)
        links = self.query_one(ArticleLinks)
        links.clear_options()
        links.add_options(
            Option(Content.assemble(("› ", "bold"), safe_line(title, 120)), id=aid) for aid, title in articles
        )
        links.display = bool(articles)
        if articles:
            links.highlighted = 0
        self.query_one("#entity-info").display = bool(detail.plain) or bool(articles)
        # the list may have shrunk to make room: keep its highlighted row in view
        self.call_after_refresh(self.query_one(EntityList).scroll_to_highlight)

    def _chosen(self, option_id: str, *, focus: bool) -> None:
        row = self._by_key.get(option_id)
        if row is not None:
            self.post_message(self.EntityChosen(row.entity_id, name=row.name, type=row.type, focus=focus))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if event.option_list.id == "entity-articles":
            self.post_message(self.OpenArticle(option_id))
        else:
            self._chosen(option_id, focus=True)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_list.id == "entity-list":
            self._chosen(event.option.id or "", focus=False)

    def action_toggle_scope(self) -> None:
        self.scope = "results" if self.scope == "article" else "article"
        self.post_message(self.ScopeChanged(self.scope))

    def action_to_articles(self) -> None:
        links = self.query_one(ArticleLinks)
        if links.display and links.option_count:
            self.screen.set_focus(links)
        else:
            self.notify("No other article mentions it", markup=False, timeout=2)
