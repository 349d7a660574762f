"""The live workspace on the main screen: teammates' changes show without a restart.

The core's watcher (:meth:`Workspace.watch`) runs in a background thread and
reports what changed on disk; this module turns that into a message and, on the
UI thread, refreshes what shows it: the open article's highlights, the entity
list, the mention count and the results (a new article, an entity's new
mentions).  A change this session made itself is not reported by the core.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from textual.message import Message
from textual.screen import Screen

from sahel_tui.core.watch import DiskChanges, WorkspaceWatcher
from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.screens.main_startup import catalog_warning
from sahel_tui.tui.widgets.reader import AnnotatingView
from sahel_tui.tui.widgets.status_bar import StatusBar

log = logging.getLogger("sahel_tui.tui.live")

WATCH_ENV = "SAHEL_TUI_WATCH"
"""Set to 0 to turn the live workspace off (the app then sees changes at its next search)."""


class WorkspaceChanged(Message):
    """Files of the workspace or corpus changed on disk (someone else's work)."""

    def __init__(self, changes: DiskChanges) -> None:
        super().__init__()
        self.changes = changes


class LiveWorkspace:
    """Starts and stops the watcher; applies a change to what the screen shows."""

    def __init__(
        self,
        screen: Screen,
        workspace: Workspace,
        *,
        article_id: Callable[[], str | None],
        on_entities: Callable[[], None],
        on_counts: Callable[[], None],
        on_results: Callable[[], None],
    ) -> None:
        self.screen = screen
        self.workspace = workspace
        self._article_id = article_id
        self._on_entities = on_entities
        self._on_counts = on_counts
        self._on_results = on_results
        self._watcher: WorkspaceWatcher | None = None
        self.changes_seen = 0

    def start(self) -> None:
        if self._watcher is not None or os.environ.get(WATCH_ENV, "1") == "0":
            return
        try:
            self._watcher = self.workspace.watch(self._from_thread)
        except Exception as exc:  # no inotify left, a folder that vanished: the app works without it
            log.warning("the workspace is not watched: %s", exc)

    def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None

    def _from_thread(self, changes: DiskChanges) -> None:
        self.screen.post_message(WorkspaceChanged(changes))  # thread-safe, never waits

    def apply(self, changes: DiskChanges) -> None:
        """On the UI thread: show the changes."""
        self.changes_seen += 1
        article_id = self._article_id()
        view = self.screen.query_one(AnnotatingView)
        if view.article is not None and (
            article_id in changes.annotations or changes.catalog or changes.metadata or changes.corpus
        ):
            ws = self.workspace
            try:
                mentions = ws.mentions(view.article.id)
                suggestions = [
                    s for s in ws.suggestions(view.article.id) if (view.article.id, s.start, s.end) not in view.rejected
                ]
            except Exception as exc:  # the article went away or its file is broken: said by the next open
                log.warning("open article not refreshed: %s", exc)
            else:
                view.update_annotations(mentions, suggestions)
        self.screen.query_one(StatusBar).catalog_problem = catalog_warning(self.workspace)
        self._on_entities()
        if changes.annotations:
            self._on_counts()
        self._on_results()
