"""Start-up and the index state of the main screen.

At start the corpus is scanned and the index brought up to date off the UI
thread; until then the screen says the index is being checked and searches wait.
Later the background index updater says when a change is searchable.  Every
count and state learnt goes to the reactive :class:`StatusBar`, which redraws
itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from sahel_tui.core.errors import SahelError
from sahel_tui.core.text import safe_line
from sahel_tui.core.workspace import IndexReport, Workspace
from sahel_tui.tui.handoff import deliver
from sahel_tui.tui.screens.main_search import report_error
from sahel_tui.tui.widgets.status_bar import StatusBar

PROGRESS_EVERY = 0.25  # seconds between two progress updates of the status line


def index_outcome(report: IndexReport) -> tuple[str, str | None]:
    """The index state for the status line and what to tell the analyst, after a start-up check."""
    if report.stale:
        return "stale (read-only)", report.stale_notice()
    if report.private_index is not None:
        return "fresh", report.private_index_notice()  # e.g. a private index built in the user's cache
    if report.rebuilt:
        if report.first_build:
            return "fresh", f"Search index built: {report.total} articles"
        return "fresh", f"Search index rebuilt ({report.reason}): {report.total} articles"
    if report.added or report.updated or report.removed:
        return "fresh", (
            f"Search index updated: {report.added} added, {report.updated} changed, {report.removed} removed"
        )
    return "fresh", None


def catalog_warning(workspace: Workspace) -> str | None:
    """``entities.yaml:line: message`` while the catalog file cannot be read (the status line shows it)."""
    broken = workspace.catalog.broken
    return None if broken is None else str(broken)


class IndexCommitted(Message):
    """The background index updater committed: searches now see the change."""


class IndexWaiting(Message):
    """Another writer holds the index; the background updater retries in ``retry_in`` seconds."""

    def __init__(self, attempt: int, retry_in: float) -> None:
        super().__init__()
        self.attempt = attempt
        self.retry_in = retry_in


class IndexWatcher:
    """Prepares the index at start, then follows it (and the mention count) for the status line.

    ``on_ready`` runs on the UI thread once the index can be searched (or is known
    to be unavailable), and again after every commit of the background updater.
    """

    def __init__(self, screen: Screen, workspace: Workspace, *, on_ready: Callable[[], None]) -> None:
        self.screen = screen
        self.workspace = workspace
        self.ready = False
        self._on_ready = on_ready
        self._last_progress = 0.0

    @property
    def status(self) -> StatusBar:
        return self.screen.query_one(StatusBar)

    def _set_status(self, name: str, value: object) -> None:
        setattr(self.status, name, value)  # on the UI thread: the status line redraws itself

    def start(self) -> None:
        self.workspace.on_index_commit = self._commit_from_thread
        self.workspace.on_index_busy = self._busy_from_thread
        self.screen.run_worker(self._prepare, thread=True, exclusive=True, group="prepare")

    def stop(self) -> None:
        if self.workspace.on_index_commit == self._commit_from_thread:
            self.workspace.on_index_commit = None
        if self.workspace.on_index_busy == self._busy_from_thread:
            self.workspace.on_index_busy = None

    # -- start-up -----------------------------------------------------------------------
    def _prepare(self) -> None:
        """Scan the corpus and bring the index up to date (in a worker thread)."""
        call = partial(deliver, self.screen)
        state, message = "fresh", None
        try:
            count = len(self.workspace.paths())
            call(self._set_status, "articles", count)
            report = self.workspace.sync_index(progress=self._progress_from_thread)
            self.workspace.warm()
            call(self._set_status, "catalog_problem", catalog_warning(self.workspace))
            state, message = index_outcome(report)
        except SahelError as exc:
            call(report_error, self.screen, exc)
            state = "unavailable"
        call(self._prepared, state, message)

    def _progress_from_thread(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last_progress < PROGRESS_EVERY:
            return
        self._last_progress = now
        deliver(self.screen, self._set_status, "index_state", f"updating… {done}/{total}")

    def _prepared(self, state: str, message: str | None) -> None:
        self.ready = True
        self.status.index_state = state
        if message:
            self.screen.notify(safe_line(message, 200), markup=False, timeout=4)
        for problem in self.workspace.problems()[:5]:
            self.screen.notify(safe_line(str(problem), 300), severity="warning", markup=False, timeout=8)
        self.count_mentions()
        self._on_ready()

    # -- later changes --------------------------------------------------------------------
    def _commit_from_thread(self) -> None:
        # post_message is thread-safe and never waits: the updater thread must not block
        # on the UI thread, which may itself be waiting for the updater (flush).
        self.screen.post_message(IndexCommitted())

    def _busy_from_thread(self, attempt: int, retry_in: float) -> None:
        self.screen.post_message(IndexWaiting(attempt, retry_in))

    def waiting(self, event: IndexWaiting) -> None:
        """Another writer (a teammate's rebuild) holds the index: say so; the change is kept and retried."""
        self.status.index_state = f"waiting for another writer (try {event.attempt + 1})"
        if event.attempt == 1:
            self.screen.notify(
                "The search index is busy (another analyst or an index rebuild): "
                "your change is saved and will be searchable when it is free",
                markup=False,
                timeout=6,
            )

    def committed(self) -> None:
        """The updater committed (on the UI thread, from the screen's message handler)."""
        self.status.index_state = "fresh"
        self._on_ready()

    def annotated(self) -> None:
        """Mentions changed: recount them; the background updater is now behind."""
        self.count_mentions()
        if not self.workspace.read_only:
            self.status.index_state = "updating…"

    def count_mentions(self) -> None:
        self.screen.run_worker(self._count_mentions, thread=True, exclusive=True, group="count")

    def _count_mentions(self) -> None:
        try:
            total: int | None = self.workspace.mention_count()
        except SahelError:
            total = None
        if not get_current_worker().is_cancelled:
            deliver(self.screen, self._set_status, "mentions", total)
