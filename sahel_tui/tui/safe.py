"""Turning untrusted text into something a Textual widget can show safely.

Article text, YAML values and queries are never formatted into markup strings:
they go through :func:`sahel_tui.core.text.safe_display` (control characters made
visible) and become :class:`~textual.content.Content` objects, which Textual
renders literally.
"""

from __future__ import annotations

from textual.content import Content

from sahel_tui.core.text import safe_display, safe_line


def text(value: str | None, max_len: int | None = None) -> Content:
    """Multi-line untrusted text as literal Content."""
    return Content(safe_display(value or "", max_len))


def line(value: str | None, max_len: int | None = 300) -> Content:
    """One line of untrusted text (newlines and tabs become spaces)."""
    return Content(safe_line(value or "", max_len))


def styled(template: str, **values: str) -> Content:
    """Markup written by us, with untrusted ``$values`` substituted literally.

    ``styled("[b]$title[/b] $date", title=article.title, date=article.date)``
    """
    return Content.from_markup(template, **{k: safe_line(v or "", 300) for k, v in values.items()})
