"""Background updates: submitted documents applied in batches, one commit each."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Protocol, cast

from sahel_tui.core.errors import IndexBusy, SahelError
from sahel_tui.core.index.store import one_line
from sahel_tui.core.models import IndexDoc

log = logging.getLogger("sahel_tui.core.index")

DocSource = IndexDoc | Callable[[], IndexDoc | None]


class WritableIndex(Protocol):
    """What the updater needs of an index (the Whoosh store and the tantivy engine both provide it)."""

    def update(
        self, docs: Iterable[IndexDoc], delete_ids: Iterable[str] = (), *, lock_timeout: float | None = None
    ) -> int: ...

    def refresh(self) -> None: ...


class IndexUpdater:
    """Applies submitted documents in the background, in batches, one commit each.

    ``submit`` returns at once; the worker waits ``delay`` seconds for more
    submissions, builds the documents (callables are called in the worker),
    writes them in one commit and calls ``on_commit()``.  Errors never vanish:
    they are kept in ``last_error``, passed to ``on_error``, and raised by the
    next :meth:`flush` as a :class:`SahelError`.

    When another writer holds the index (a teammate's app, ``index --rebuild``)
    the batch is kept and retried with backoff (``RETRY_DELAYS``), and
    ``on_busy(attempt, next_try_in)`` says so; ``busy`` stays true until a commit
    goes through.  Documents that fail for any other reason are not retried: the
    article's fingerprint in the index is then stale, so the next sync re-indexes it.
    """

    LOCK_TIMEOUT = 1.0
    """Seconds one attempt waits for the index lock (the thread then sleeps, holding nothing)."""
    RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)
    """Backoff between attempts while the index is busy; the last one repeats."""

    def __init__(
        self,
        index: WritableIndex,
        *,
        on_commit: Callable[[], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_busy: Callable[[int, float], None] | None = None,
        delay: float = 0.02,
    ):
        self.index = index
        self.on_commit = on_commit
        self.on_error = on_error
        self.on_busy = on_busy
        self.delay = delay
        self.busy_attempts = 0
        """Failed attempts in a row because another writer held the index (0: not waiting)."""
        self.last_error: BaseException | None = None
        self.commits = 0
        self._pending: list[tuple[str, DocSource | str]] = []
        self._cond = threading.Condition()
        self._busy = False
        self._stopping = False
        self._unreported: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="sahel-index-updater", daemon=True)
        self._thread.start()

    def submit(self, doc: DocSource) -> None:
        """Queue a document (or a callable that makes it, or returns None to skip)."""
        self._enqueue(("doc", doc))

    def delete(self, article_id: str) -> None:
        """Queue the removal of an article from the index."""
        self._enqueue(("delete", article_id))

    def _enqueue(self, item: tuple[str, DocSource | str]) -> None:
        with self._cond:
            if self._stopping:
                raise SahelError("the index updater has been stopped")
            self._pending.append(item)
            self._cond.notify_all()

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait until everything submitted is committed; False on timeout.

        Raises :class:`SahelError` if a background update failed since the last flush.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._pending or self._busy:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(remaining)
            error, self._unreported = self._unreported, None
        if error is not None:
            raise SahelError(f"background index update failed: {one_line(error)}") from error
        return True

    def stop(self, timeout: float = 30.0) -> None:
        """Finish pending work and stop the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._stopping:
                    self._cond.wait()
                if not self._pending and self._stopping:
                    return
            if self.delay:
                time.sleep(self.delay)  # let a burst of saves gather into one commit
            with self._cond:
                batch, self._pending = self._pending, []
                self._busy = True
            retry_in = None
            try:
                if not self._apply(batch):
                    retry_in = self._wait_for_writer(batch)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
            if retry_in is not None:
                with self._cond:  # sleep holding no lock; a stop request wakes us for a last try
                    if not self._stopping:
                        self._cond.wait(retry_in)

    @property
    def busy(self) -> bool:
        """True while updates wait for another writer to release the index."""
        return self.busy_attempts > 0

    def _wait_for_writer(self, batch: list[tuple[str, DocSource | str]]) -> float | None:
        """The index was busy: keep ``batch`` ahead of newer work and say when to try again."""
        self.busy_attempts += 1
        if self._stopping and self.busy_attempts > len(self.RETRY_DELAYS):
            log.warning("index still busy at exit; %d updates left for the next sync", len(batch))
            return None  # dropped: the stale fingerprints make the next sync redo them
        with self._cond:
            self._pending[:0] = batch
        retry_in = self.RETRY_DELAYS[min(self.busy_attempts, len(self.RETRY_DELAYS)) - 1]
        if self.on_busy is not None:
            try:
                self.on_busy(self.busy_attempts, retry_in)
            except Exception:
                log.exception("index updater busy callback failed")
        return retry_in

    def _apply(self, batch: list[tuple[str, DocSource | str]]) -> bool:
        """Write ``batch`` in one commit; False when another writer holds the index."""
        docs: dict[str, IndexDoc] = {}
        deletes: set[str] = set()
        for kind, item in batch:
            try:
                if kind == "delete":
                    deletes.add(str(item))
                    docs.pop(str(item), None)
                    continue
                source = cast(DocSource, item)  # only "delete" entries carry a bare id
                doc = source() if callable(source) else source
                if doc is not None:
                    docs[doc.id] = doc
                    deletes.discard(doc.id)
            except Exception as exc:
                self._report(exc)
        if not docs and not deletes:
            return True
        try:
            self.index.update(docs.values(), delete_ids=sorted(deletes), lock_timeout=self.LOCK_TIMEOUT)
            self.index.refresh()
            self.commits += 1
            self.busy_attempts = 0
        except IndexBusy:
            return False
        except Exception as exc:
            self._report(exc)
            return True
        if self.on_commit is not None:
            try:
                self.on_commit()
            except Exception as exc:
                self._report(exc)
        return True

    def _report(self, exc: BaseException) -> None:
        log.warning("background index update failed: %s", one_line(exc))
        self.last_error = exc
        with self._cond:
            self._unreported = exc
        if self.on_error is not None:
            try:
                self.on_error(exc)
            except Exception:
                log.exception("index updater error callback failed")
