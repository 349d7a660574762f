"""Background updates: submitted documents applied in batches, one commit each."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import cast

from sahel_tui.core.errors import SahelError
from sahel_tui.core.index.store import SearchIndex, one_line
from sahel_tui.core.models import IndexDoc

log = logging.getLogger("sahel_tui.core.index")

DocSource = IndexDoc | Callable[[], IndexDoc | None]


class IndexUpdater:
    """Applies submitted documents in the background, in batches, one commit each.

    ``submit`` returns at once; the worker waits ``delay`` seconds for more
    submissions, builds the documents (callables are called in the worker),
    writes them in one commit and calls ``on_commit()``.  Errors never vanish:
    they are kept in ``last_error``, passed to ``on_error``, and raised by the
    next :meth:`flush` as a :class:`SahelError`.  Documents of a failed batch
    are not retried: the article's fingerprint in the index is then stale, so
    the next index sync re-indexes it.
    """

    def __init__(
        self,
        index: SearchIndex,
        *,
        on_commit: Callable[[], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        delay: float = 0.02,
    ):
        self.index = index
        self.on_commit = on_commit
        self.on_error = on_error
        self.delay = delay
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
            try:
                self._apply(batch)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _apply(self, batch: list[tuple[str, DocSource | str]]) -> None:
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
            return
        try:
            self.index.update(docs.values(), delete_ids=sorted(deletes))
            self.index.refresh()
            self.commits += 1
        except Exception as exc:
            self._report(exc)
            return
        if self.on_commit is not None:
            try:
                self.on_commit()
            except Exception as exc:
                self._report(exc)

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
