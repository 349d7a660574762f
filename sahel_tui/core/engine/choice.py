"""Which engine indexes a workspace: Whoosh or tantivy, or ``auto`` (the default).

The choice comes from, in order: what the caller asks for (``sahel-tui index
--engine``), the ``SAHEL_TUI_ENGINE`` environment variable, what the workspace
recorded (``index-engine`` in the workspace folder, written by ``index
--engine``), else ``auto``: Whoosh up to ``AUTO_LIMIT`` articles in the corpus,
tantivy above (see docs/scaling.md for the measurements behind the limit).
Each engine keeps its own index folder (``whoosh/``, ``tantivy/``), so switching
back and forth never reads one engine's files with the other.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sahel_tui.core.errors import InvalidInput

if TYPE_CHECKING:
    from sahel_tui.core.engine.tantivy_engine import TantivyIndex
    from sahel_tui.core.index.store import SearchIndex

ENGINES = ("whoosh", "tantivy")
CHOICES = ("auto", *ENGINES)
DEFAULT = "auto"
#: Above this many corpus articles, ``auto`` picks tantivy (Whoosh: phrase p50 156 ms and a
#: 1.2 s reopen at 10,000 articles, growing with the hits; tantivy 2-10x faster there).
AUTO_LIMIT = 20_000
ENV = "SAHEL_TUI_ENGINE"
RECORD_FILE = "index-engine"


def _checked(name: str, where: str) -> str:
    value = name.strip().lower()
    if value not in CHOICES:
        raise InvalidInput(f"unknown search engine {name!r} ({where}); choose one of: {', '.join(CHOICES)}")
    return value


def recorded_engine(root: Path) -> str | None:
    try:
        text = (Path(root) / RECORD_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text.lower() if text.lower() in CHOICES else None


def resolve_engine(root: Path, requested: str | None = None) -> str:
    """The engine choice for the workspace at ``root`` (``auto`` is decided by :func:`decide_engine`)."""
    if requested:
        return _checked(requested, "asked for")
    env = os.environ.get(ENV, "").strip()
    if env:
        return _checked(env, ENV)
    return recorded_engine(root) or DEFAULT


def record_engine(root: Path, name: str) -> None:
    """Remember ``name`` as the workspace's engine (atomically)."""
    from sahel_tui.core.yamlio import atomic_write_text

    atomic_write_text(Path(root) / RECORD_FILE, _checked(name, "asked for") + "\n")


def decide_engine(choice: str, corpus_size: Callable[[], int]) -> str:
    """The engine for ``choice``: ``auto`` counts the corpus (only then)."""
    if choice != "auto":
        return _checked(choice, "asked for")
    return "tantivy" if corpus_size() > AUTO_LIMIT else "whoosh"


def make_index(name: str, parent: Path, read_only: bool = False) -> SearchIndex | TantivyIndex:
    """The index of engine ``name`` in its folder under ``parent``."""
    if decide_engine(name, lambda: 0) == "tantivy":
        from sahel_tui.core.engine.tantivy_engine import TantivyIndex

        return TantivyIndex(Path(parent) / "tantivy", read_only=read_only)
    from sahel_tui.core.index.store import SearchIndex

    return SearchIndex(Path(parent) / "whoosh", read_only=read_only)
