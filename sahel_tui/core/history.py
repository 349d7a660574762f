"""Undo and redo of annotation edits for one session.

Each edit the analyst makes is recorded as a :class:`Change`: the article, the
mention before and the mention after (``None`` for "did not exist").  Undo applies
the change backwards through the same workspace calls that made it, so an undo is
saved to YAML like any other edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sahel_tui.core.models import Mention


class MentionEditor(Protocol):
    def restore_mention(self, article_id: str, mention: Mention) -> Mention: ...

    def unannotate(self, article_id: str, mention_id: str) -> Mention: ...


@dataclass(frozen=True)
class Change:
    article_id: str
    before: Mention | None
    after: Mention | None

    @property
    def description(self) -> str:
        if self.before is None and self.after is not None:
            return f"add {self.after.label} '{self.after.quote.exact}'"
        if self.after is None and self.before is not None:
            return f"delete {self.before.label} '{self.before.quote.exact}'"
        assert self.after is not None
        return f"edit {self.after.label} '{self.after.quote.exact}'"


class History:
    """A linear undo/redo stack; a new change after an undo drops the redo branch."""

    def __init__(self, limit: int = 500):
        self._done: list[Change] = []
        self._undone: list[Change] = []
        self._limit = limit

    def record(self, change: Change) -> None:
        self._done.append(change)
        del self._done[: -self._limit]
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo(self, editor: MentionEditor) -> Change | None:
        if not self._done:
            return None
        change = self._done.pop()
        _apply(editor, change.article_id, change.after, change.before)
        self._undone.append(change)
        return change

    def redo(self, editor: MentionEditor) -> Change | None:
        if not self._undone:
            return None
        change = self._undone.pop()
        _apply(editor, change.article_id, change.before, change.after)
        self._done.append(change)
        return change


def _apply(editor: MentionEditor, article_id: str, current: Mention | None, target: Mention | None) -> None:
    """Move one mention from ``current`` to ``target`` state."""
    if target is None:
        if current is not None:
            editor.unannotate(article_id, current.id)
        return
    editor.restore_mention(article_id, target)
