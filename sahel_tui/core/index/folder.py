"""What every engine's index folder shares: one writer at a time, key-values, progress, swaps.

Both the Whoosh store (:mod:`sahel_tui.core.index.store`) and the tantivy engine
keep their index in a folder with a ``<folder>.lock`` file lock beside it, a small
JSON file of key-values inside it, and build a new index in a side folder that is
swapped in whole.  :class:`IndexFolder` is that behaviour, written once.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import filelock

from sahel_tui.core import index as settings
from sahel_tui.core.engine.base import IndexStatus
from sahel_tui.core.errors import IndexBusy, ReadOnlyWorkspace, SahelError

META_FILE = "sahel_index.json"

Progress = Callable[[int, int], None]


class IndexFolder:
    """A writer lock (in this process and across processes) and key-values beside the index.

    Subclasses set ``dir``, ``read_only``, ``_write_lock``, ``_file_lock`` and the
    ``META_VERSION`` written with the key-values.
    """

    dir: Path
    read_only: bool
    _write_lock: threading.Lock
    _file_lock: filelock.BaseFileLock
    META_VERSION: str = ""
    _lock: threading.RLock | threading.Lock
    _ix: Any
    _status: IndexStatus | None

    def _check(self, ix: Any) -> int:
        """Read the index enough to prove it is sound; its document count (engine-specific)."""
        raise NotImplementedError

    def mark_corrupt(self, detail: str) -> None:
        raise NotImplementedError

    def verify(self) -> IndexStatus:
        """Check the open index again (after a search failed); mark it corrupt if broken."""
        with self._lock:
            ix = self._ix
        if ix is None:
            return self._status or IndexStatus("missing", "not opened")
        try:
            count = self._check(ix)
        except Exception as exc:
            self.mark_corrupt(one_line(exc))
            return self._status or IndexStatus("corrupt", one_line(exc))
        return IndexStatus("ok", "", count)

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyWorkspace("the search index is read-only")

    @contextmanager
    def _exclusive(self, timeout: float | None = None) -> Iterator[None]:
        """One writer in this process and across processes (waiting ``timeout`` s at most)."""
        wait = settings.WRITER_TIMEOUT if timeout is None else timeout
        if not self._write_lock.acquire(timeout=wait):
            raise IndexBusy(f"the search index is being written in this session (waited {wait:.0f} s)")
        try:
            try:
                self.dir.parent.mkdir(parents=True, exist_ok=True)
                self._file_lock.acquire(timeout=wait)
            except filelock.Timeout as exc:
                raise IndexBusy(
                    f"the search index is being written by another sahel-tui process "
                    f"(waited {wait:.0f} s); try again when it has finished"
                ) from exc
            except OSError as exc:
                raise SahelError(f"cannot lock the search index: {one_line(exc)}", path=self.dir) from exc
            try:
                yield
            finally:
                self._file_lock.release()
        finally:
            self._write_lock.release()

    # -- small key-value store ------------------------------------------------------------
    def _read_meta(self) -> dict[str, Any] | None:
        try:
            data = json.loads((self.dir / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def meta_get(self, key: str, default: Any = None) -> Any:
        values = (self._read_meta() or {}).get("values")
        return values.get(key, default) if isinstance(values, dict) else default

    def meta_set(self, key: str, value: Any) -> None:
        """Store a JSON value beside the index (atomically; dropped by a rebuild)."""
        self._writable()
        with self._write_lock:
            meta = self._read_meta() or {"version": self.META_VERSION}
            stored = meta.get("values")
            values: dict[str, Any] = stored if isinstance(stored, dict) else {}
            values[key] = value
            meta["values"] = values
            self.dir.mkdir(parents=True, exist_ok=True)
            write_json(self.dir / META_FILE, meta)


class ProgressCounter:
    """Calls ``progress(done, total)`` about 200 times over a run, and at the end."""

    def __init__(self, progress: Progress | None, total: int | None):
        self.progress = progress
        self.total = total or 0
        self.every = max(1, self.total // 200)
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.progress is not None and self.done % self.every == 0:
            self.progress(self.done, max(self.total, self.done))

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))


def swap_in(target: Path, tmp: Path) -> None:
    """Replace the folder ``target`` by the complete new folder ``tmp``."""
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def dir_id(path: Path) -> tuple[int, int] | None:
    """Which folder ``path`` is now (a rebuild in another process swaps in a new one)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, sort_keys=True, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:200]
