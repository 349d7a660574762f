"""A text box that never sends what it holds to the terminal raw.

Textual's ``Input`` draws its value as it is: a pasted escape sequence, or a
facet value taken from an article (``source:"Evil ESC[2J"``), would reach the
terminal.  This box keeps the value exact (so the query still matches) and draws
it through :func:`sahel_tui.core.text.safe_line`, which maps each dangerous
character to one visible one, so cursor positions stay right.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input

from sahel_tui.core.text import safe_line


class SafeInput(Input):
    @property
    def _value(self) -> Text:
        if self.password:
            return Text("•" * len(self.value), no_wrap=True, overflow="ignore", end="")
        return Text(safe_line(self.value), no_wrap=True, overflow="ignore", end="")
