"""The result list: one row per article with title, date, source and snippet.

Besides articles, the list can hold two action rows, so that what to do next is
always one Enter away: "did you mean …" when nothing matched, and "show more"
when the result set is larger than what was fetched.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sahel_tui.core.models import SearchHit, SearchResults
from sahel_tui.core.text import safe_line

SUGGEST_ID = "__suggest__"
MORE_ID = "__more__"
SNIPPET_MAX = 170  # characters of snippet per row: about three lines of a narrow pane
# As query hits are in the reader; the underline keeps them visible without colour (NO_COLOR).
HIT_STYLE = "bold underline #000000 on #d7af00"


def _cut_snippet(text: str, highlights) -> tuple[str, list[tuple[int, int]]]:
    """``text`` cut to :data:`SNIPPET_MAX` at a word boundary, with the highlights still inside."""
    spans = [(h.start, h.end) for h in highlights if 0 <= h.start < h.end <= len(text)]
    if len(text) <= SNIPPET_MAX:
        return text, spans
    cut = text.rfind(" ", 0, SNIPPET_MAX)
    cut = cut if cut > SNIPPET_MAX // 2 else SNIPPET_MAX
    return text[:cut].rstrip() + " …", [(s, e) for s, e in spans if e <= cut]


def hit_prompt(hit: SearchHit, *, marked: bool, entity_names: dict[str, str] | None = None) -> Content:
    """Title, then date · source, then the snippet with the matched words highlighted."""
    mark = Content("◆ ").stylize("bold $accent") if marked else Content("")
    title = mark + Content(safe_line(hit.title, 200)).stylize("bold")
    meta_parts = [hit.date or "no date", hit.source or "unknown source"]
    if hit.story:
        meta_parts.append("has rewrites")
    meta = Content(" · ".join(safe_line(p, 60) for p in meta_parts)).stylize("$text-muted")
    lines = [title, meta]
    # safe_line keeps one character per character (control pictures), so offsets still hold
    snippet_text, spans = _cut_snippet(safe_line(hit.snippet, 2000), hit.snippet_highlights)
    if snippet_text:
        snippet = Content(snippet_text)
        for start, end in spans:
            snippet = snippet.stylize(HIT_STYLE, start, end)
        lines.append(snippet)
    return Content("\n").join(lines)


class ResultsList(OptionList):
    """Search results; Enter opens the article, m marks it for comparison."""

    HELP_GROUP = "Results"
    BINDINGS = [
        Binding("enter", "open", "Open", id="results.open"),
        Binding("m", "mark", "Mark for compare", id="results.mark"),
        Binding("c", "compare", "Compare", id="results.compare"),
        Binding("j", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k", "cursor_up", "Up", show=False, id="results.up"),
    ]

    class Opened(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class Highlighted(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class CompareRequested(Message):
        def __init__(self, left: str, right: str | None) -> None:
            super().__init__()
            self.left = left
            self.right = right

    class SuggestionAccepted(Message):
        """Enter on the "did you mean" row."""

    class MoreRequested(Message):
        """Enter on the "show more" row."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.results: SearchResults | None = None
        self.marked: list[str] = []
        self.hint: Content | None = None

    def show_results(self, results: SearchResults, *, empty_hint: str | None = None) -> None:
        """Fill the list; on a refresh of the same query, keep the highlighted article."""
        same_query = self.results is not None and self.results.query == results.query
        keep = self.highlighted_option.id if same_query and self.highlighted_option is not None else None
        self.results = results
        self.clear_options()
        options: list[Option | None] = []
        if results.suggestion:
            options.append(
                Option(
                    Content.assemble(
                        ("Did you mean ", "bold"),
                        (safe_line(results.suggestion, 120), "bold underline"),
                        ("?", "bold"),
                        "\n",
                        ("ctrl+y, or Enter on this line, searches for it", "$text-muted"),
                    ),
                    id=SUGGEST_ID,
                )
            )
            if results.hits:
                options.append(None)
        for n, hit in enumerate(results.hits):
            if n:
                options.append(None)
            options.append(Option(hit_prompt(hit, marked=hit.id in self.marked), id=hit.id))
        if not results.hits:
            options.append(
                Option(
                    Content.assemble(
                        ("No article matches this query.", "italic"),
                        *(("\n", (safe_line(empty_hint, 200), "$text-muted")) if empty_hint else ()),
                    ),
                    disabled=True,
                )
            )
        elif results.total > len(results.hits):
            options.append(None)
            options.append(
                Option(
                    Content.assemble(
                        (f"{len(results.hits)} of {results.total} shown", "$text-muted"),
                        " · ",
                        ("Enter: show more", "bold"),
                    ),
                    id=MORE_ID,
                )
            )
        self.add_options(options)
        ids = [o.id for o in self.options]
        if keep in ids:
            self.highlighted = ids.index(keep)
        elif ids:
            # the first article (Enter opens it); the suggestion row when there is none
            articles = [i for i, o in enumerate(self.options) if o.id not in (SUGGEST_ID, MORE_ID) and not o.disabled]
            actions = [i for i, o in enumerate(self.options) if not o.disabled]
            self.highlighted = next(iter(articles or actions), None)

    @property
    def article_ids(self) -> list[str]:
        return [h.id for h in self.results.hits] if self.results else []

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        if option is None or option.id in (None, SUGGEST_ID, MORE_ID):
            return None
        return option.id

    def _activate(self, option_id: str | None) -> None:
        if option_id == SUGGEST_ID:
            self.post_message(self.SuggestionAccepted())
        elif option_id == MORE_ID:
            self.post_message(self.MoreRequested())
        elif option_id:
            self.post_message(self.Opened(option_id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._activate(event.option.id)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id and event.option.id not in (SUGGEST_ID, MORE_ID):
            self.post_message(self.Highlighted(event.option.id))

    def action_open(self) -> None:
        option = self.highlighted_option
        if option is not None and not option.disabled:
            self._activate(option.id)

    def action_mark(self) -> None:
        article_id = self.highlighted_id
        if not article_id:
            return
        if article_id in self.marked:
            self.marked.remove(article_id)
        else:
            self.marked = ([*self.marked, article_id])[-2:]
        if self.results is not None:
            self.show_results(self.results)
        count = len(self.marked)
        self.notify(
            f"{count} marked for comparison" + (" (press c to compare them)" if count == 2 else ""),
            markup=False,
            timeout=3,
        )

    def action_compare(self) -> None:
        if len(self.marked) == 2:
            self.post_message(self.CompareRequested(self.marked[0], self.marked[1]))
        elif self.highlighted_id:
            self.post_message(self.CompareRequested(self.highlighted_id, None))
