"""The header line: corpus, workspace and index status.

Its state is reactive: whoever learns a new count or index state assigns it
(``status.mentions = 88``) and the line redraws itself.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from sahel_tui.core.text import safe_line


class StatusBar(Static):
    """One line: ``sahel-tui · 5 articles · 87 mentions · index fresh · workspace index · tester``."""

    HELP_GROUP = "Status"

    articles: reactive[int | None] = reactive(None, init=False)  # None while the corpus is scanned
    mentions: reactive[int | None] = reactive(None, init=False)  # None while (or if not) counted
    index_state: reactive[str] = reactive("checking…", init=False)
    workspace: reactive[str] = reactive("", init=False)
    read_only: reactive[bool] = reactive(False, init=False)
    author: reactive[str | None] = reactive(None, init=False)
    corpus: reactive[str | None] = reactive(None, init=False)
    # ``file:line: message`` while entities.yaml cannot be read: shown first until the file is fixed
    catalog_problem: reactive[str | None] = reactive(None, init=False)

    def __init__(
        self,
        *,
        workspace: str = "",
        read_only: bool = False,
        author: str | None = None,
        corpus: str | None = None,
        **kwargs,
    ) -> None:
        kwargs.setdefault("markup", False)
        super().__init__("sahel-tui", **kwargs)
        self.set_reactive(StatusBar.workspace, workspace)
        self.set_reactive(StatusBar.read_only, read_only)
        self.set_reactive(StatusBar.author, author)
        self.set_reactive(StatusBar.corpus, corpus)

    def on_mount(self) -> None:
        self._show()

    # any change of state redraws the line
    def watch_articles(self) -> None:
        self._show()

    def watch_mentions(self) -> None:
        self._show()

    def watch_index_state(self) -> None:
        self._show()

    def watch_workspace(self) -> None:
        self._show()

    def watch_read_only(self) -> None:
        self._show()

    def watch_author(self) -> None:
        self._show()

    def watch_corpus(self) -> None:
        self._show()

    def watch_catalog_problem(self) -> None:
        self._show()

    def parts(self) -> list[Content]:
        """The pieces of the line, most useful first."""
        articles, mentions, index = self.articles, self.mentions, self.index_state
        parts: list[Content] = [Content("sahel-tui").stylize("bold")]
        if self.catalog_problem:
            warning = f"CATALOG NOT LOADED, fix {safe_line(self.catalog_problem, 120)}"
            parts.append(Content(warning).stylize("bold reverse $error"))
        parts.append(Content("loading…" if articles is None else f"{articles} article{'s' if articles != 1 else ''}"))
        if mentions is not None:
            parts.append(Content(f"{mentions} mention{'s' if mentions != 1 else ''}"))
        state = Content(safe_line(index, 80))
        if index != "fresh":
            state = state.stylize("bold $warning")
        parts.append(Content.assemble("index ", state))
        if self.read_only:
            parts.append(Content("READ-ONLY").stylize("bold reverse"))
        parts.append(Content(f"workspace {safe_line(self.workspace, 60)}").stylize("$text-muted"))
        if self.author:
            parts.append(Content(f"as {safe_line(self.author, 40)}").stylize("$text-muted"))
        if self.corpus:
            parts.append(Content(f"corpus {safe_line(self.corpus, 60)}").stylize("$text-muted"))
        return parts

    def _show(self) -> None:
        """As many whole parts as fit the line (the least useful ones are last)."""
        if not self.is_mounted:
            return
        width = self.content_region.width or 200
        shown: list[Content] = []
        used = 0
        for part in self.parts():
            extra = part.cell_length + (3 if shown else 0)
            if shown and used + extra > width:
                break
            shown.append(part)
            used += extra
        self.update(Content(" · ").join(shown))

    def on_resize(self) -> None:
        self._show()
