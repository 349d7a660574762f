"""The live workspace: notice what teammates (and editors, and the CLI) change on disk.

A :class:`WorkspaceWatcher` follows the workspace folder (annotation files,
``entities.yaml``, ``metadata.yaml``) and the corpus folder with :mod:`watchfiles`
in a background thread, and hands each batch of changes, sorted by kind, to a
callback.  :meth:`Workspace.apply_changes` turns a batch into what this session
must redo: re-read the catalog, forget the corpus listing, queue index updates
for articles whose index entry is behind.  A session's own writes come back as
events too; they are recognised there (the index already has them, the catalog
already read them) and cost nothing.

Derived files (the index, lock files, temporary files of atomic writes) are ignored.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sahel_tui.core.ids import is_valid_article_id

log = logging.getLogger("sahel_tui.core.watch")

DEBOUNCE_MS = 300
"""Changes closer together than this arrive as one batch (a save writes a temp file, then renames)."""


@dataclass
class DiskChanges:
    """What changed on disk in one batch, by kind."""

    annotations: set[str] = field(default_factory=set)  # article ids whose annotation file changed
    catalog: bool = False
    metadata: bool = False
    corpus: bool = False

    def __bool__(self) -> bool:
        return bool(self.annotations or self.catalog or self.metadata or self.corpus)


def classify(paths: Iterable[str | Path], *, root: Path, corpus: Path | None) -> DiskChanges:
    """Sort changed paths into the kinds a session reacts to; derived and temporary files are dropped."""
    from sahel_tui.core.annotations import ANNOTATIONS_DIR
    from sahel_tui.core.catalog import ENTITIES_FILE
    from sahel_tui.core.metadata import METADATA_FILE

    changes = DiskChanges()
    root, corpus_dir = _resolved(root), _resolved(corpus) if corpus is not None else None
    for raw in paths:
        path = _resolved(Path(raw))
        name = path.name
        if name.startswith(".") or name.endswith((".lock", ".tmp")) or ".tmp" in name:
            continue
        if path.parent == root / ANNOTATIONS_DIR and name.endswith(".yaml"):
            article_id = name[: -len(".yaml")]
            if is_valid_article_id(article_id):
                changes.annotations.add(article_id)
        elif path == root / ENTITIES_FILE:
            changes.catalog = True
        elif path == root / METADATA_FILE:
            changes.metadata = True
        elif corpus_dir is not None and _inside(path, corpus_dir) and not _inside(path, root):
            changes.corpus = True
    return changes


class WorkspaceWatcher:
    """Calls ``on_change(DiskChanges)`` from a background thread when the workspace or corpus changes.

    ``stop()`` ends the thread within a fraction of a second.  A folder that cannot
    be watched (it vanished, no inotify left) ends the watcher with a warning in the
    log; the session goes on as before, seeing changes at its next search.
    """

    def __init__(self, root: Path, corpus: Path | None, on_change: Callable[[DiskChanges], None]) -> None:
        self.root = root
        self.corpus = corpus
        self.on_change = on_change
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sahel-workspace-watcher", daemon=True)
        self.started = threading.Event()
        """Set once the folders are being watched (changes made before may be missed)."""

    def start(self) -> WorkspaceWatcher:
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _folders(self) -> list[Path]:
        folders = [self.root]
        if self.corpus is not None and not _inside(_resolved(self.corpus), _resolved(self.root)):
            folders.append(self.corpus)
        return [f for f in folders if f.is_dir()]

    def _run(self) -> None:
        import watchfiles

        folders = self._folders()
        if not folders:
            return
        try:
            watcher = watchfiles.watch(
                *folders,
                stop_event=self._stop,
                debounce=DEBOUNCE_MS,
                step=50,
                yield_on_timeout=True,
                rust_timeout=500,
                ignore_permission_denied=True,
            )
            for batch in watcher:
                self.started.set()
                if self._stop.is_set():
                    return
                if not batch:
                    continue
                changes = classify((path for _, path in batch), root=self.root, corpus=self.corpus)
                if changes:
                    try:
                        self.on_change(changes)
                    except Exception:
                        log.exception("reacting to workspace changes failed")
        except Exception as exc:  # the folder vanished, no inotify watches left...
            log.warning("the workspace is no longer watched: %s", exc)
        finally:
            self.started.set()


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
