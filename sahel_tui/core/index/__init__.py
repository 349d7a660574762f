"""The derived full-text index: schema, snapshot caches, store, background updater.

The index is derived data: everything in it can be rebuilt from the corpus and
the YAML.  One module per job:

``rows``        the listing fields of an article, packed as one value per document
``schema``      the Whoosh schema and the Whoosh document of an :class:`IndexDoc`
``vocabulary``  the body terms and their frequencies (completion, spelling)
``snapshots``   one searcher of one generation, with per-segment caches
``store``       :class:`SearchIndex`: open, health checks, writes, rebuilds, key-values
``updater``     :class:`IndexUpdater`: batched background commits

Searching goes through the engine interface (:mod:`sahel_tui.core.engine`), whose
Whoosh implementation runs on these snapshots.

Layout of the index folder::

    whoosh/
      _MAIN_<gen>.toc, MAIN_<segment>.seg   Whoosh files
      sahel_index.json                      schema version and small key-values
    whoosh.lock                             cross-process write lock (beside it)
"""

from __future__ import annotations

#: Seconds a write waits for another process's writer (read at call time by ``store``).
WRITER_TIMEOUT = 15.0
#: Articles per segment when rebuilding (read at call time by ``store``).
REBUILD_SEGMENT = 2000

from sahel_tui.core.engine.base import IndexStatus  # noqa: E402
from sahel_tui.core.index.rows import IndexedArticle, date_number, facet_keys  # noqa: E402
from sahel_tui.core.index.schema import INDEX_VERSION, SCHEMA_VERSION, build_schema, doc_fields  # noqa: E402
from sahel_tui.core.index.snapshots import Snapshot  # noqa: E402
from sahel_tui.core.index.store import INDEX_NAME, META_FILE, Progress, SearchIndex  # noqa: E402
from sahel_tui.core.index.updater import DocSource, IndexUpdater  # noqa: E402
from sahel_tui.core.index.vocabulary import MultiVocabulary, Vocabulary  # noqa: E402

__all__ = [
    "INDEX_NAME",
    "INDEX_VERSION",
    "META_FILE",
    "REBUILD_SEGMENT",
    "SCHEMA_VERSION",
    "WRITER_TIMEOUT",
    "DocSource",
    "IndexStatus",
    "IndexUpdater",
    "IndexedArticle",
    "MultiVocabulary",
    "Progress",
    "SearchIndex",
    "Snapshot",
    "Vocabulary",
    "build_schema",
    "date_number",
    "doc_fields",
    "facet_keys",
]
