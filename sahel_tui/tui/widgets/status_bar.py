"""The header line: corpus, workspace and index status."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from sahel_tui.core.text import safe_line


class StatusBar(Static):
    """One line: ``sahel-tui · 5 articles · 87 mentions · index fresh · workspace index · tester``."""

    HELP_GROUP = "Status"

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("markup", False)
        super().__init__("sahel-tui", **kwargs)
        self.index_state = ""
        self._parts: list[Content] = []

    def show_status(
        self,
        *,
        articles: int | None,
        mentions: int | None,
        index: str,
        workspace: str,
        read_only: bool = False,
        busy: str | None = None,
        author: str | None = None,
        corpus: str | None = None,
    ) -> None:
        self.index_state = index
        parts: list[Content] = [Content("sahel-tui").stylize("bold")]
        parts.append(Content("loading…" if articles is None else f"{articles} article{'s' if articles != 1 else ''}"))
        if mentions is not None:
            parts.append(Content(f"{mentions} mention{'s' if mentions != 1 else ''}"))
        state = Content(safe_line(index, 80))
        if index != "fresh":
            state = state.stylize("bold $warning")
        parts.append(Content.assemble("index ", state))
        if read_only:
            parts.append(Content("READ-ONLY").stylize("bold reverse"))
        if busy:
            parts.append(Content(safe_line(busy, 80)))
        parts.append(Content(f"workspace {safe_line(workspace, 60)}").stylize("$text-muted"))
        if author:
            parts.append(Content(f"as {safe_line(author, 40)}").stylize("$text-muted"))
        if corpus:
            parts.append(Content(f"corpus {safe_line(corpus, 60)}").stylize("$text-muted"))
        self._parts = parts
        self._show()

    def _show(self) -> None:
        """As many whole parts as fit the line (the least useful ones are last)."""
        width = self.content_region.width or 200
        shown: list[Content] = []
        used = 0
        for part in self._parts:
            extra = part.cell_length + (3 if shown else 0)
            if shown and used + extra > width:
                break
            shown.append(part)
            used += extra
        self.update(Content(" · ").join(shown))

    def on_resize(self) -> None:
        if self._parts:
            self._show()
