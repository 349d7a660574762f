"""Undo and redo of annotation edits for one session.

Each edit the analyst makes is recorded as a :class:`Change`: the article, the
mention before and the mention after (``None`` for "did not exist").  One analyst
action is one :class:`Step` of one or more changes ("accept all suggestions" saves
many mentions at once), and undo reverts a whole step.  Undo applies the step
backwards through the workspace, one save per article file, so an undo is saved
to YAML like any other edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from sahel_tui.core.annotations import undo_conflict
from sahel_tui.core.errors import UndoConflict
from sahel_tui.core.models import Mention


class MentionEditor(Protocol):
    def replace_mentions(
        self,
        article_id: str,
        remove: Sequence[str],
        put: Sequence[Mention],
        expect: Mapping[str, Mention | None] | None = None,
    ) -> None: ...

    def stored_mentions(self, article_id: str) -> list[Mention]: ...


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


@dataclass(frozen=True)
class Step:
    """The changes of one analyst action, in the order they were made: undone together."""

    changes: tuple[Change, ...]
    summary: str | None = None

    @property
    def article_id(self) -> str:
        """The article of the first change (the one the analyst was reading)."""
        return self.changes[0].article_id

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.article_id for c in self.changes))

    @property
    def description(self) -> str:
        if self.summary:
            return self.summary
        if len(self.changes) == 1:
            return self.changes[0].description
        return f"{len(self.changes)} changes"


class History:
    """A linear undo/redo stack; a new step after an undo drops the redo branch."""

    def __init__(self, limit: int = 500):
        self._done: list[Step] = []
        self._undone: list[Step] = []
        self._limit = limit

    def record(self, change: Change | Step) -> None:
        step = change if isinstance(change, Step) else Step((change,))
        if not step.changes:
            return
        self._done.append(step)
        del self._done[: -self._limit]
        self._undone.clear()

    def record_many(self, changes: Iterable[Change], summary: str | None = None) -> None:
        """Record changes made by one action as one step (nothing when there are none)."""
        self.record(Step(tuple(changes), summary))

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo(self, editor: MentionEditor) -> Step | None:
        """Revert the last step, only if its mentions are still as this session left them.

        If a teammate changed one since, nothing is written, the step is dropped (it
        can never apply again) and :class:`UndoConflict` says who changed what; the
        next undo goes on with the step before.
        """
        if not self._done:
            return None
        step = self._done[-1]
        try:
            _apply(editor, [(c.article_id, c.after, c.before) for c in reversed(step.changes)])
        except UndoConflict as exc:
            self._done.pop()
            raise UndoConflict(f"not undone: {exc.message}; that step is dropped from undo") from exc
        self._undone.append(self._done.pop())
        return step

    def redo(self, editor: MentionEditor) -> Step | None:
        if not self._undone:
            return None
        step = self._undone[-1]
        try:
            _apply(editor, [(c.article_id, c.before, c.after) for c in step.changes])
        except UndoConflict as exc:
            self._undone.pop()
            raise UndoConflict(f"not redone: {exc.message}; that step is dropped from redo") from exc
        self._done.append(self._undone.pop())
        return step


def _apply(editor: MentionEditor, moves: list[tuple[str, Mention | None, Mention | None]]) -> None:
    """Move mentions from their current to their target state: one editor call per article.

    Every article is checked first (so a conflict in the second file leaves the
    first untouched), then each save checks again under the file's lock.
    """
    per_article: dict[str, dict[str, Mention | None]] = {}
    expected: dict[str, dict[str, Mention | None]] = {}
    for article_id, current, target in moves:
        mention = target or current
        if mention is not None:
            per_article.setdefault(article_id, {})[mention.id] = target
            expected.setdefault(article_id, {}).setdefault(mention.id, current)
    for article_id, expect in expected.items():
        now = {m.id: m for m in editor.stored_mentions(article_id)}
        for mention_id, state in expect.items():
            conflict = undo_conflict(state, now.get(mention_id))
            if conflict:
                raise UndoConflict(conflict)
    for article_id, targets in per_article.items():
        remove = [mention_id for mention_id, target in targets.items() if target is None]
        put = [target for target in targets.values() if target is not None]
        editor.replace_mentions(article_id, remove, put, expected[article_id])
