"""The one object the shells talk to: corpus + labels + catalog + annotations + index.

Every operation a key does in the app is one call here that a CLI command also
makes, so the CLI tests cover the app's logic and the app tests cover only what
is on screen.

Loading is lazy and cheap: the corpus folder is listed, articles are read when
asked for, and the search index tells which articles changed since it was built
(fingerprints of the article file, its annotation file and its metadata).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import EllipsisType
from typing import IO, TYPE_CHECKING, Any

from sahel_tui.core.annotations import AnnotationStore, checked_span
from sahel_tui.core.articles import load_article, scan_corpus
from sahel_tui.core.catalog import Catalog
from sahel_tui.core.detect import EntityMatcher
from sahel_tui.core.errors import IndexBusy, InvalidInput, NotFound, Problem, ReadOnlyWorkspace, SahelError
from sahel_tui.core.gazetteer import seeder, shipped_gazetteer
from sahel_tui.core.history import Change, History, Step
from sahel_tui.core.ids import check_article_id, check_entity_id
from sahel_tui.core.labels import LabelSet
from sahel_tui.core.metadata import load_overrides
from sahel_tui.core.models import Article, Entity, IndexDoc, Mention, Occurrence, SearchResults
from sahel_tui.core.paths import default_author

if TYPE_CHECKING:  # pragma: no cover - typing only; imported lazily at run time
    from sahel_tui.core.compare import Comparison
    from sahel_tui.core.engine.tantivy_engine import TantivyIndex
    from sahel_tui.core.exporters import ExportReport
    from sahel_tui.core.importing import ImportReport
    from sahel_tui.core.index import IndexUpdater, SearchIndex
    from sahel_tui.core.similarity import SimilarityIndex
    from sahel_tui.core.watch import DiskChanges, WorkspaceWatcher

log = logging.getLogger("sahel_tui.workspace")

Progress = Callable[[int, int], None]
CONTEXT = 40  # characters of context either side in keyword-in-context lists


@dataclass(frozen=True)
class Skipped:
    """An article the index left out, and why."""

    article_id: str
    reason: str


@dataclass
class IndexReport:
    """What :meth:`Workspace.sync_index` did.

    The typed fields are what callers decide on; ``notices`` only says the same
    things in words for display.
    """

    added: int = 0
    updated: int = 0
    removed: int = 0
    rebuilt: bool = False
    reason: str | None = None  # why the index was rebuilt (missing, incompatible, corrupt, asked)
    seconds: float = 0.0
    total: int = 0
    stale: int = 0  # articles the index is behind on and cannot catch up on (read-only workspace)
    private_index: Path | None = None  # the per-user index searched instead of a read-only workspace's
    private_index_reason: str | None = None  # why the workspace's own index needed a rebuild then
    read_only: bool = False  # the workspace is read-only
    skipped: list[Skipped] = field(default_factory=list)  # articles left out of the index
    first_build: bool = False  # rebuilt because there was no index yet (not because it was out of date)

    @property
    def changed(self) -> bool:
        return bool(self.rebuilt or self.added or self.updated or self.removed)

    def private_index_notice(self) -> str | None:
        if self.private_index is None:
            return None
        return (
            f"the workspace is read-only and its index needs a rebuild ({self.private_index_reason}): "
            f"searching a private index in {self.private_index}"
        )

    def stale_notice(self) -> str | None:
        if not self.stale:
            return None
        return f"index is stale ({self.stale} articles) and the workspace is read-only"

    def read_only_notices(self) -> list[str]:
        """What the workspace being read-only cost this check (a private or a stale index), in words."""
        return [n for n in (self.private_index_notice(), self.stale_notice()) if n]

    @property
    def notices(self) -> list[str]:
        """Everything worth telling about this check, in words, for display."""
        notes = []
        if private := self.private_index_notice():
            notes.append(private)
        notes.extend(f"skipped {s.article_id}: {s.reason}" for s in self.skipped)
        if self.rebuilt:
            notes.append(f"index rebuilt: {self.reason}")
        if stale := self.stale_notice():
            notes.append(stale)
        return notes

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "rebuilt": self.rebuilt,
            "reason": self.reason,
            "seconds": round(self.seconds, 3),
            "articles": self.total,
            "notices": self.notices,
            "stale": self.stale,
            "private_index": str(self.private_index) if self.private_index is not None else None,
            "read_only": self.read_only,
            "skipped": [{"id": s.article_id, "reason": s.reason} for s in self.skipped],
        }

    def summary(self) -> str:
        if self.rebuilt:
            head = f"index rebuilt ({self.reason or 'asked'}): {self.total} articles"
        elif self.added or self.updated or self.removed:
            head = f"index updated: {self.added} added, {self.updated} updated, {self.removed} removed; {self.total} articles"
        else:
            head = f"index up to date: {self.total} articles"
        return f"{head} in {self.seconds:.2f} s"


@dataclass(frozen=True)
class SimilarArticle:
    """An article close to another one (:meth:`Workspace.similar`), best first."""

    id: str
    title: str
    score: float
    same_story: bool = False  # sentence alignment verified it as a copy or rewrite
    why: str = ""  # "31 of 35 sentences aligned"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "score": self.score, "same_story": self.same_story, "why": self.why}


@dataclass(frozen=True)
class EntityStats:
    """A catalog entity with its confirmed mentions and the articles they are in."""

    entity: Entity
    mentions: int
    articles: int

    def to_json(self) -> dict[str, Any]:
        return {**self.entity.to_json(), "mentions": self.mentions, "articles": self.articles}


@dataclass(frozen=True)
class EntityCount:
    """One row of an entity list: an entity (or an unlinked mention text) and how often it occurs.

    In an article: ``count`` mentions and ``suggested`` unannotated catalog matches;
    in a result set: ``count`` articles.
    """

    entity_id: str | None  # None for mentions not linked to the catalog
    name: str
    type: str
    count: int
    suggested: int = 0
    linkable: bool = True  # the catalog has entities of this type (so an unlinked mention is a to-do)

    @property
    def key(self) -> str:
        """Stable identity: the same entity keeps its place when a list is refilled."""
        if self.entity_id:
            return f"entity:{self.entity_id}"
        return f"unlinked:{self.type}:{self.name}"


def article_entity_counts(
    mentions: Iterable[Mention], suggestions: Iterable[Occurrence], catalog: Catalog
) -> list[EntityCount]:
    """Entities of one article: mentions per entity (unlinked ones by their text), plus suggestions.

    Rows come in the order their entity first occurs: mentions first, then entities
    only suggested.  Suggestions of entities not in the catalog are left out.
    """
    counts: dict[tuple[str | None, str, str], list[int]] = {}
    for m in mentions:
        entity = catalog.get(m.entity) if m.entity else None
        key = (m.entity, entity.name, entity.type) if entity else (m.entity, m.quote.exact, m.label)
        counts.setdefault(key, [0, 0])[0] += 1
    for s in suggestions:
        entity = catalog.get(s.entity) if s.entity else None
        if entity is not None:
            counts.setdefault((entity.id, entity.name, entity.type), [0, 0])[1] += 1
    linkable = {e.type for e in catalog.all()}
    return [
        EntityCount(eid, name, label, n, suggested, linkable=label in linkable)
        for (eid, name, label), (n, suggested) in counts.items()
    ]


def result_entity_counts(results: SearchResults, catalog: Catalog) -> list[EntityCount]:
    """Entities of a result set: articles per catalog entity (from the entity facet)."""
    rows = []
    for facet in results.facets.get("entity", ()):
        entity = catalog.get(facet.value)
        if entity is not None:
            rows.append(EntityCount(entity.id, entity.name, entity.type, facet.count))
    return rows


class Workspace:
    def __init__(
        self,
        corpus: Path | None,
        root: Path,
        *,
        author: str | None = None,
        read_only: bool = False,
        gazetteer: bool = True,
        engine: str | None = None,
    ):
        from sahel_tui.core.engine.choice import resolve_engine

        self.use_gazetteer = gazetteer  # False: the catalog is entities.yaml alone (see core/gazetteer.py)
        self.corpus = Path(corpus) if corpus is not None else None
        self.root = Path(root)
        self.author = (author or default_author()).strip() or "analyst"
        self.read_only = read_only or not _writable(self.root)
        self.engine = resolve_engine(self.root, engine)  # "auto" | "whoosh" | "tantivy" (core/engine/choice.py)
        self.history = History()
        self._lock = threading.RLock()
        self._articles: dict[str, Article] = {}
        self._paths: dict[str, Path] | None = None
        self._load_problems: list[Problem] = []
        self._labels: LabelSet | None = None
        self._catalog: Catalog | None = None
        self._matcher: EntityMatcher | None = None
        self._overrides: dict[str, dict[str, Any]] | None = None
        self._store: AnnotationStore | None = None
        self._index: SearchIndex | TantivyIndex | None = None
        self._updater: IndexUpdater | None = None
        self._similarity: SimilarityIndex | None = None
        self.on_index_commit: Callable[[], None] | None = None  # set by the TUI
        self.on_index_busy: Callable[[int, float], None] | None = None  # set by the TUI: (attempt, retry in s)
        self._unindexed: set[str] = set()  # changed here while no index was open (the CLI)
        self.unindexed: list[str] = []
        """After :meth:`close`: changed articles the index could not take (busy); the next sync does."""

    # -- context manager ------------------------------------------------------------------
    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Wait for pending index updates (they are derived data: losing them costs only time)."""
        if self._unindexed:
            self.index_changes()
        if self._updater is not None:
            try:
                # A teammate's rebuild can hold the index for minutes: do not keep the user
                # waiting at exit; the next sync redoes what is left (fingerprints are stale).
                self._updater.flush(timeout=3 if self._updater.busy else 30)
                self._updater.stop(timeout=10)
            except Exception as exc:
                log.warning("index updater: %s", exc)
            self._updater = None

    # -- loading ----------------------------------------------------------------------------
    @property
    def labels(self) -> LabelSet:
        if self._labels is None:
            self._labels, problems = LabelSet.load(self.root)
            self._load_problems.extend(problems)
        return self._labels

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            seed = seeder(shipped_gazetteer(self.labels)) if self.use_gazetteer else None
            self._catalog, problems = Catalog.load(self.root, labels=self.labels, read_only=self.read_only, seed=seed)
            self._load_problems.extend(problems)
        return self._catalog

    def reload_catalog_if_changed(self) -> bool:
        """Pick up a teammate's (or an editor's) change to ``entities.yaml``; True when re-read.

        Called before every index sync, so a long-running app never judges the
        shared index by an old catalog (and never rebuilds it without the new entity).
        """
        if self._catalog is None or not self._catalog.reload_if_changed():
            return False
        self._matcher = None
        return True

    @property
    def matcher(self) -> EntityMatcher:
        if self._matcher is None:
            self._matcher = EntityMatcher(self.catalog.all())
        return self._matcher

    @property
    def store(self) -> AnnotationStore:
        if self._store is None:
            self._store = AnnotationStore(self.root, read_only=self.read_only, labels=self.labels, catalog=self.catalog)
        return self._store

    @property
    def overrides(self) -> dict[str, dict[str, Any]]:
        if self._overrides is None:
            self._overrides, problems = load_overrides(self.root)
            self._load_problems.extend(problems)
        return self._overrides

    def check_corpus(self) -> None:
        """Refuse a corpus folder that does not exist (before an app opens an old index of it)."""
        if self.corpus is not None and not self.corpus.is_dir():
            raise SahelError(f"corpus folder not found: {self.corpus}")

    def paths(self) -> dict[str, Path]:
        if self._paths is None:
            self.check_corpus()
            if self.corpus is None:
                self._paths = {}
            else:
                self._paths, problems = scan_corpus(self.corpus)
                self._load_problems.extend(problems)
        return self._paths

    def corpus_changed(self) -> None:
        """Forget what was read of the corpus folder and metadata.yaml (files were added)."""
        with self._lock:
            self._paths = None
            self._overrides = None
            self._articles.clear()
            self._similarity = None

    def import_paths(
        self, paths: Iterable[Path], *, progress: Progress | None = None, index_progress: Progress | None = None
    ) -> ImportReport:
        """Import files and folders into the corpus and this workspace (see :mod:`sahel_tui.core.importing`).

        ``progress`` is called after each input file, ``index_progress`` while the index is updated.
        """
        from sahel_tui.core.importing import import_paths

        return import_paths(self, paths, progress=progress, index_progress=index_progress)

    def export(
        self, fmt: str, *, query: str | None = None, out: Path | None = None, stream: IO[str] | None = None
    ) -> ExportReport:
        """Export the corpus, or a query's results, as ``fmt`` (see :mod:`sahel_tui.core.exporters`)."""
        from sahel_tui.core.exporters import export

        ids = self.article_ids() if query is None else self.query_ids(query)
        return export(self, fmt, ids, out=out, stream=stream)

    def query_ids(self, query: str) -> list[str]:
        """Ids of every article matching ``query``, best first (the index is brought up to date first)."""
        self.sync_index()
        results = self.search(query, limit=max(len(self.paths()), 1), with_facets=False)
        if results.error and not results.hits:
            raise InvalidInput(results.error)
        return [hit.id for hit in results.hits]

    def article_ids(self) -> list[str]:
        return sorted(self.paths())

    def article(self, article_id: str, *, keep: bool = True) -> Article:
        """The article, read once and kept; ``keep=False`` reads it without keeping it.

        A build of the whole index reads every article once: kept, they were most of
        its memory (1.4 GB at 100,000 articles), so the build does not keep them.
        """
        with self._lock:
            cached = self._articles.get(article_id)
            if cached is not None:
                return cached
        check_article_id(article_id)
        path = self.paths().get(article_id)
        if path is None:
            raise NotFound(f"no article {article_id!r} in {self.corpus}")
        article = load_article(path, article_id, self.overrides.get(article_id))
        if keep:
            with self._lock:
                self._articles[article_id] = article
        return article

    def mentions(self, article_id: str, *, article: Article | None = None) -> list[Mention]:
        """The article's mentions, re-anchored in memory if its body changed."""
        article = article if article is not None else self.article(article_id)
        mentions, problems = self.store.load(article_id, article=article)
        with self._lock:
            known = {str(p) for p in self._load_problems}
            self._load_problems.extend(p for p in problems if str(p) not in known)
        return mentions

    def problems(self) -> list[Problem]:
        return list(self._load_problems)

    def summary(self) -> str:
        return f"{len(self.paths())} articles, {len(self.catalog.all())} entities, workspace {self.root}"

    # -- annotation -------------------------------------------------------------------------
    def _writable_or_raise(self) -> None:
        if self.read_only:
            raise ReadOnlyWorkspace(f"workspace {self.root} is read-only: nothing was saved")

    def annotate(
        self,
        article_id: str,
        start: int,
        end: int,
        label: str,
        *,
        entity: str | None = None,
        author: str | None = None,
        auto_link: bool = False,
    ) -> Mention:
        """Save one mention (one undo step); see :meth:`annotate_many` for ``auto_link``."""
        [mention] = self.annotate_many(
            article_id, [(start, end)], label, entity=entity, author=author, auto_link=auto_link
        )
        return mention

    def annotate_many(
        self,
        article_id: str,
        spans: Sequence[tuple[int, int]],
        label: str,
        *,
        entity: str | None = None,
        author: str | None = None,
        auto_link: bool = False,
    ) -> list[Mention]:
        """Save ``article.body[start:end]`` of every span as a mention of type ``label``.

        One save of the article's file and one undo step.  ``entity`` (an id, or a
        name unique within the type) links them all; without it, ``auto_link``
        links each span by :meth:`auto_entity`.  Returns the mentions (a mention
        that was already there is returned as is, not saved twice).
        """
        planned = [(article_id, start, end, None) for start, end in spans]
        return self._annotate_spans(planned, label, entity=entity, author=author, auto_link=auto_link)

    def annotate_occurrences(
        self,
        occurrences: Sequence[Occurrence],
        label: str,
        *,
        entity: str | None = None,
        author: str | None = None,
        auto_link: bool = False,
    ) -> list[Mention]:
        """Save occurrences (of one or several articles) as mentions of type ``label``: one undo step.

        Each article's file is saved once.  An occurrence found through an entity's
        names is linked to that entity, else to ``entity``, else (with ``auto_link``)
        by :meth:`auto_entity`.  Everything is checked before anything is saved.
        """
        planned = [(o.article_id, o.start, o.end, o.entity) for o in occurrences]
        return self._annotate_spans(planned, label, entity=entity, author=author, auto_link=auto_link)

    def _annotate_spans(
        self,
        planned: Sequence[tuple[str, int, int, str | None]],
        label: str,
        *,
        entity: str | None,
        author: str | None,
        auto_link: bool,
    ) -> list[Mention]:
        """``(article id, start, end, entity or None)`` spans, checked, then saved as one undo step."""
        self._writable_or_raise()
        label_id = self.labels.resolve(label).id
        fixed = self._known_entity(entity, label_id).id if entity is not None else None
        per_article: dict[str, list[tuple[int, int, str, str | None]]] = {}
        articles: dict[str, Article] = {}
        for article_id, span_start, span_end, span_entity in planned:
            article = articles.get(article_id) or self.article(article_id)
            articles[article.id] = article
            start, end = checked_span(article.body, span_start, span_end)
            linked = span_entity or fixed
            if linked is None and auto_link:
                found = self.auto_entity(article.body[start:end], label_id)
                linked = found.id if found is not None else None
            per_article.setdefault(article.id, []).append((start, end, label_id, linked))
        return self._add_mentions(articles, per_article, author)

    def annotate_text(
        self,
        article_id: str,
        text: str,
        label: str,
        *,
        every: bool = False,
        entity: str | None = None,
        author: str | None = None,
        auto_link: bool = False,
    ) -> list[Mention]:
        """Annotate where ``text`` occurs in the article (ignoring case, accents, spacing): one undo step.

        The first occurrence, or with ``every`` each occurrence that no mention
        covers yet; :class:`NotFound` when the text is not in the article.
        """
        found = self.occurrences(text, article_ids=[article_id])
        if not found:
            raise NotFound(f"{text!r} does not occur in article {article_id}")
        chosen = [o for o in found if not o.annotated] if every else found[:1]
        return self.annotate_occurrences(chosen, label, entity=entity, author=author, auto_link=auto_link)

    def accept_suggestions(self, article_id: str, suggestions: Sequence[Occurrence] | None = None) -> list[Mention]:
        """Save suggestions (default: all of the article's) as mentions: one save, one undo step.

        Each is typed and linked as the catalog entity whose name or alias matched;
        a suggestion whose entity left the catalog is skipped.
        """
        self._writable_or_raise()
        article = self.article(article_id)
        chosen = self.suggestions(article_id) if suggestions is None else list(suggestions)
        spans: list[tuple[int, int, str, str | None]] = []
        for s in chosen:
            if s.article_id != article_id:
                raise InvalidInput(f"suggestion at {s.start}-{s.end} is in article {s.article_id}, not {article_id}")
            found = self.catalog.get(s.entity) if s.entity else None
            if found is not None:
                spans.append((s.start, s.end, found.type, found.id))
        return self._add_mentions({article_id: article}, {article_id: spans} if spans else {}, None)

    def _add_mentions(
        self,
        articles: dict[str, Article],
        per_article: dict[str, list[tuple[int, int, str, str | None]]],
        author: str | None,
    ) -> list[Mention]:
        """One save per article, one undo step for all of them (also when a later save fails)."""
        changes: list[Change] = []
        saved: list[Mention] = []
        try:
            for article_id, spans in per_article.items():
                added = self.store.add_many(articles[article_id], spans, author=author or self.author)
                changes.extend(Change(article_id, None, m) for m, new in added if new)
                saved.extend(m for m, _ in added)
                self._reindex(article_id)
        finally:
            self.history.record_many(changes, f"add {len(changes)} mentions" if len(changes) > 1 else None)
        return list({m.id: m for m in saved}.values())

    def auto_entity(self, text: str, label: str) -> Entity | None:
        """The auto-link rule: the one catalog entity of type ``label`` named ``text`` (name or alias).

        ``None`` when no entity of that type has the name, or several do.  The same
        rule resolves an entity given by name rather than id.
        """
        label_id = self.labels.resolve(label).id
        matches = [e for e in self.catalog.find(text) if e.type == label_id]
        return matches[0] if len(matches) == 1 else None

    def unannotate(self, article_id: str, mention_id: str) -> Mention:
        self._writable_or_raise()
        check_article_id(article_id)
        removed = self.store.remove(article_id, mention_id)
        self._reindex(article_id)
        return removed

    def delete_mention(self, article_id: str, mention_id: str) -> Mention:
        """Delete with undo (the TUI's path; the CLI's unannotate is the same write)."""
        removed = self.unannotate(article_id, mention_id)
        self.history.record(Change(article_id, removed, None))
        return removed

    def edit_mention(
        self, article_id: str, mention_id: str, *, label: str | None = None, entity: str | EllipsisType | None = ...
    ) -> Mention:
        self._writable_or_raise()
        before = {m.id: m for m in self.mentions(article_id)}.get(mention_id)
        if before is None:
            raise NotFound(f"no mention {mention_id!r} in article {article_id!r}")
        kwargs: dict[str, Any] = {}
        if label is not None:
            kwargs["label"] = self.labels.resolve(label).id
        if entity is not ...:
            kwargs["entity"] = (
                None if entity is None else self._known_entity(entity, kwargs.get("label", before.label)).id
            )
        after = self.store.update(article_id, mention_id, author=self.author, **kwargs)
        self.history.record(Change(article_id, before, after))
        self._reindex(article_id)
        return after

    def confirm_mention(self, article_id: str, mention_id: str) -> Mention:
        """Accept where a ``moved`` mention was re-anchored: saved there as ``ok`` (with undo)."""
        self._writable_or_raise()
        current = {m.id: m for m in self.mentions(article_id)}.get(mention_id)
        if current is None:
            raise NotFound(f"no mention {mention_id!r} in article {article_id!r}")
        if current.state == "orphaned":
            raise InvalidInput(
                f"mention {mention_id}: its text is no longer in the article; delete it or leave it orphaned"
            )
        before = {m.id: m for m in self.store.load(article_id)[0]}.get(mention_id)
        after = self.store.restore(article_id, replace(current, state="ok"))
        self.history.record(Change(article_id, before, after))
        self._reindex(article_id)
        return after

    def restore_mention(self, article_id: str, mention: Mention) -> Mention:
        self._writable_or_raise()
        restored = self.store.restore(article_id, mention)
        self._reindex(article_id)
        return restored

    def replace_mentions(
        self,
        article_id: str,
        remove: Sequence[str],
        put: Sequence[Mention],
        expect: Mapping[str, Mention | None] | None = None,
    ) -> None:
        """Delete and put back mentions of one article in one save (how undo applies a step).

        ``expect``: the state this session left each mention in; anything else in the
        file (a teammate's later edit) refuses the whole save with :class:`UndoConflict`.
        """
        self._writable_or_raise()
        self.store.replace_many(article_id, remove, put, expect)
        self._reindex(article_id)

    def stored_mentions(self, article_id: str) -> list[Mention]:
        """The article's mentions exactly as its file holds them (no re-anchoring in memory)."""
        return self.store.load(article_id)[0]

    def undo(self) -> Step | None:
        """Revert the last step (all the mentions one action saved); None when there is none."""
        self._writable_or_raise()
        return self.history.undo(self)

    def redo(self) -> Step | None:
        self._writable_or_raise()
        return self.history.redo(self)

    def _known_entity(self, entity: str, label_id: str) -> Entity:
        """An entity by id, or by a name that :meth:`auto_entity` resolves within the type."""
        found = self.catalog.get(entity) or self.auto_entity(entity, label_id)
        if found is None:
            raise InvalidInput(f"unknown {label_id} entity {entity!r}: see 'sahel-tui entities'")
        return found

    # -- catalog ----------------------------------------------------------------------------
    def add_entity(
        self,
        name: str,
        type: str,
        *,
        aliases: Iterable[str] = (),
        entity_id: str | None = None,
        note: str | None = None,
    ) -> Entity:
        self._writable_or_raise()
        if entity_id is not None:
            check_entity_id(entity_id)
        entity = self.catalog.add_entity(
            name, self.labels.resolve(type).id, aliases=tuple(aliases), id=entity_id, note=note
        )
        self._catalog_changed([entity.id])
        return entity

    def add_alias(self, entity_id: str, alias: str) -> Entity:
        self._writable_or_raise()
        entity = self.catalog.add_alias(entity_id, alias)
        self._catalog_changed([entity.id])
        return entity

    def _catalog_changed(self, entity_ids: list[str]) -> None:
        self._matcher = None
        if self._index is None:
            return
        names = [n for eid in entity_ids if (e := self.catalog.get(eid)) for n in e.names]
        affected = self.index.ids_matching_phrases(names) if names else set()
        for article_id in affected:
            self._reindex(article_id)
        self._set_catalog_digest_after_flush()

    def annotated_ids(self) -> list[str]:
        """Articles of the corpus that have an annotation file (only those files are read)."""
        paths = self.paths()
        return [i for i in self.store.article_ids() if i in paths]

    def mention_count(self) -> int:
        """Mentions saved for the articles of the corpus."""
        by_article, _ = self.store.load_all(self.annotated_ids())
        return sum(len(mentions) for mentions in by_article.values())

    def entity_table(self) -> list[EntityStats]:
        """Catalog entities with mention and article counts (confirmed mentions)."""
        mentions: dict[str, int] = {}
        articles: dict[str, set[str]] = {}
        all_mentions, _ = self.store.load_all(self.annotated_ids())
        for article_id, items in all_mentions.items():
            for m in items:
                if m.entity:
                    mentions[m.entity] = mentions.get(m.entity, 0) + 1
                    articles.setdefault(m.entity, set()).add(article_id)
        return [
            EntityStats(entity, mentions.get(entity.id, 0), len(articles.get(entity.id, ())))
            for entity in self.catalog.all()
        ]

    def article_entity_counts(
        self, mentions: Iterable[Mention], suggestions: Iterable[Occurrence]
    ) -> list[EntityCount]:
        """The entity list of an open article (see :func:`article_entity_counts`)."""
        return article_entity_counts(mentions, suggestions, self.catalog)

    def result_entity_counts(self, results: SearchResults) -> list[EntityCount]:
        """The entity list of a result set (see :func:`result_entity_counts`)."""
        return result_entity_counts(results, self.catalog)

    # -- occurrences and suggestions ----------------------------------------------------------
    def occurrences(
        self,
        text: str,
        *,
        entity_id: str | None = None,
        article_ids: Iterable[str] | None = None,
        limit: int = 500,
        sync: bool = True,
    ) -> list[Occurrence]:
        """Places where ``text`` (and, with ``entity_id``, the entity's names) occur.

        Without ``article_ids`` the whole corpus is searched, using the index to find
        candidate articles first (brought up to date first unless ``sync`` is false:
        the app keeps its index current in the background and must never wait for a
        teammate's index lock here).
        """
        phrases = {" ".join(text.split())} if text.strip() else set()
        if entity_id and (entity := self.catalog.get(entity_id)) is not None:
            phrases.update(entity.names)
        phrases = {p for p in phrases if len(p) >= 2}
        if not phrases:
            return []
        if article_ids is None:
            if sync:
                self.sync_index()
            candidates = sorted(self.index.ids_matching_phrases(sorted(phrases)))
        else:
            candidates = list(article_ids)
        matcher = EntityMatcher([Entity(id=entity_id or "_", name=p, type="LOCATION") for p in phrases])
        found: list[Occurrence] = []
        for article_id in candidates:
            try:
                article = self.article(article_id)
            except SahelError:
                continue
            covered = [(m.start, m.end) for m in self.mentions(article_id)]
            for match in matcher.find(article.body):
                found.append(
                    _occurrence(
                        article,
                        match.start,
                        match.end,
                        entity_id,
                        any(s <= match.start and match.end <= e for s, e in covered),
                    )
                )
                if len(found) >= limit:
                    return found
        return found

    def suggestions(self, article_id: str) -> list[Occurrence]:
        """Catalog names and aliases found in the article but not yet annotated."""
        article = self.article(article_id)
        covered = [(m.start, m.end) for m in self.mentions(article_id)]
        out = []
        for match in self.matcher.find(article.body):
            if any(s < match.end and match.start < e for s, e in covered):
                continue
            out.append(_occurrence(article, match.start, match.end, match.entity, False))
        return out

    # -- index --------------------------------------------------------------------------------
    @property
    def index(self) -> SearchIndex | TantivyIndex:
        if self._index is None:
            from sahel_tui.core.engine.choice import decide_engine, make_index

            self.engine = decide_engine(self.engine, self._corpus_size)
            self._index = make_index(self.engine, self.root, read_only=self.read_only)
        return self._index

    def _corpus_size(self) -> int:
        try:
            return len(self.paths())
        except SahelError:
            return 0

    def _fingerprint(self, article_id: str, path: Path | str) -> str:
        parts = [_stat(path)]
        try:
            parts.append(_stat(self.store.stat_path(article_id)))
        except SahelError:
            parts.append("-")
        override = self.overrides.get(article_id)
        if override:
            parts.append(hashlib.sha1(json.dumps(override, sort_keys=True, default=str).encode()).hexdigest()[:12])
        return "|".join(parts)

    def index_doc(self, article_id: str, *, keep: bool = True) -> IndexDoc:
        article = self.article(article_id, keep=keep)
        mentions = self.mentions(article_id, article=article)
        confirmed = [m.entity for m in mentions if m.entity and m.state != "orphaned"]
        detected = self.matcher.entity_ids(article.title + "\n" + article.body)
        entity_ids = list(dict.fromkeys(confirmed + detected))
        labels = {m.label for m in mentions if m.state != "orphaned"}
        names: list[str] = []
        for eid in entity_ids:
            entity = self.catalog.get(eid)
            if entity is not None:
                labels.add(entity.type)
                names.extend(entity.names)
        return IndexDoc(
            id=article.id,
            title=article.title,
            date=article.date,
            source=article.source,
            body=article.body,
            entities=tuple(dict.fromkeys(confirmed)),
            detected=tuple(detected),
            labels=tuple(sorted(labels)),
            names=tuple(dict.fromkeys(names)),
            authors=tuple(sorted({m.author for m in mentions})),
            fingerprint=self._fingerprint(article.id, article.path),
        )

    def sync_index(self, *, rebuild: bool = False, progress: Progress | None = None) -> IndexReport:
        """Bring the index up to date with the corpus and the YAML (the only slow call)."""
        started = time.perf_counter()
        report = IndexReport(read_only=self.read_only)
        self.reload_catalog_if_changed()
        with self._lock:
            status = self.index.open()
            reason = "asked" if rebuild else status.rebuild_reason
            first_build = not rebuild and status.state == "missing"
            digest = self.catalog.digest()
            if reason is None and self.index.meta_get("catalog_digest") != digest:
                reason = "catalog changed"
            if reason is not None and self.index.read_only:
                reason, first_build = self._use_private_index(reason, rebuild, digest, report)
            paths = self.paths()
            if reason is not None:
                ids = sorted(paths)
                self.index.rebuild(self._docs(ids, report), total=len(ids), progress=progress)
                report.rebuilt, report.reason, report.first_build = True, reason, first_build
            else:
                stored = self.index.fingerprints()
                changed = [i for i, p in sorted(paths.items()) if stored.get(i) != self._fingerprint(i, p)]
                removed = [i for i in stored if i not in paths]
                if changed or removed:
                    if not self.index.read_only:
                        report.added = sum(1 for i in changed if i not in stored)
                        report.updated = len(changed) - report.added
                        report.removed = len(removed)
                        self.index.update(
                            self._docs(changed, report), delete_ids=removed, total=len(changed), progress=progress
                        )
                    else:
                        report.stale = len(changed) + len(removed)
            if not self.index.read_only:
                self.index.meta_set("catalog_digest", digest)
            report.total = len(paths)
        report.seconds = time.perf_counter() - started
        return report

    def _use_private_index(
        self, reason: str, rebuild: bool, digest: str, report: IndexReport
    ) -> tuple[str | None, bool]:
        """A read-only workspace whose index needs a rebuild: search a private index instead.

        The private index lives in the per-user cache, one per workspace folder, so
        nothing is written to the workspace and the next start reuses it.  Returns
        why the private index itself needs a rebuild (None when it is up to date)
        and whether that is because it does not exist yet.
        """
        from platformdirs import user_cache_path

        from sahel_tui.core.engine.choice import make_index

        key = hashlib.sha1(str(self.root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
        folder = user_cache_path("sahel-tui", appauthor=False) / "indexes" / key / self.engine
        if not _writable(folder):
            raise ReadOnlyWorkspace(f"the index needs a rebuild ({reason}) but the workspace is read-only")
        if self._index is not None:
            self._index.close()
        self._index = make_index(self.engine, folder.parent)
        report.private_index, report.private_index_reason = folder, reason
        status = self._index.open()
        private_reason = "asked" if rebuild else status.rebuild_reason
        if private_reason is None and self._index.meta_get("catalog_digest") != digest:
            private_reason = "catalog changed"
        return private_reason, not rebuild and status.state == "missing"

    def _docs(self, ids: Iterable[str], report: IndexReport) -> Iterable[IndexDoc]:
        for article_id in ids:
            try:
                yield self.index_doc(article_id, keep=False)  # streamed: a build keeps no article
            except SahelError as exc:
                self._load_problems.append(Problem(str(self.paths().get(article_id, article_id)), None, str(exc)))
                report.skipped.append(Skipped(article_id, str(exc)))

    def watch(self, on_change: Callable[[DiskChanges], None]) -> WorkspaceWatcher:
        """Follow teammates' changes on disk: ``on_change`` gets what :meth:`apply_changes` found.

        Runs in a background thread (see :mod:`sahel_tui.core.watch`); stop it with ``.stop()``.
        """
        from sahel_tui.core.watch import WorkspaceWatcher

        def changed(raw: DiskChanges) -> None:
            seen = self.apply_changes(raw)
            if seen:
                on_change(seen)

        return WorkspaceWatcher(self.root, self.corpus, changed).start()

    def apply_changes(self, changes: DiskChanges) -> DiskChanges:
        """Bring this session up to date with files changed by someone else; what really changed.

        The catalog is re-read when ``entities.yaml`` changed; the corpus listing and
        metadata are forgotten when they changed; annotation files whose index entry
        is behind are queued for the background index updater (a teammate's app has
        usually indexed them already, then nothing is written).  A change this
        session made itself is recognised and dropped.
        """
        from sahel_tui.core.watch import DiskChanges

        seen = DiskChanges()
        if changes.catalog and self.reload_catalog_if_changed():
            seen.catalog = True
        if changes.metadata or changes.corpus:
            self.corpus_changed()
            seen.metadata, seen.corpus = changes.metadata, changes.corpus
        if changes.annotations or seen.corpus or seen.metadata:
            try:
                paths = self.paths()
                stored = self.index.fingerprints() if self._index is not None else {}
            except SahelError as exc:
                log.warning("workspace change not applied: %s", exc)
                return seen
            ids = set(changes.annotations)
            if seen.corpus or seen.metadata:  # which articles came, went or changed
                ids |= {i for i, path in paths.items() if stored.get(i) != self._fingerprint(i, path)}
                ids |= {i for i in stored if i not in paths}
            for article_id in sorted(ids):
                path = paths.get(article_id)
                if path is None:
                    if article_id in stored:
                        self._unindex(article_id)
                    continue
                if self.store.changed_since_read(article_id):
                    seen.annotations.add(article_id)
                if self._index is not None and stored.get(article_id) != self._fingerprint(article_id, path):
                    self._reindex(article_id)
                    seen.annotations.add(article_id)
        return seen

    def index_changes(self, lock_timeout: float = 10.0) -> bool:
        """Index the articles this session changed without an open index (a CLI ``annotate``).

        So the running apps' searches see a CLI change at once.  An index that does
        not exist yet is left alone (the next sync builds it); a busy one leaves the
        articles in :attr:`unindexed` and returns False (their fingerprints are stale,
        so the next sync anywhere indexes them).
        """
        ids, self._unindexed = sorted(self._unindexed), set()
        if not ids or self.read_only:
            return True
        try:
            if not self.index.open().ok:
                return True
            self.index.update(self._docs(ids, IndexReport()), lock_timeout=lock_timeout)
        except IndexBusy:
            self.unindexed = ids
            return False
        except SahelError as exc:
            log.warning("index not updated: %s", exc)
            self.unindexed = ids
            return False
        return True

    def _ensure_updater(self) -> IndexUpdater:
        if self._updater is None:
            from sahel_tui.core.index import IndexUpdater

            self._updater = IndexUpdater(self.index, on_commit=self._committed, on_busy=self._index_busy)
        return self._updater

    def _unindex(self, article_id: str) -> None:
        """Queue the removal of an article that left the corpus."""
        if self._index is not None and not self.read_only:
            self._ensure_updater().delete(article_id)

    def _reindex(self, article_id: str) -> None:
        """Queue the article's index document; the index catches up in the background."""
        if self.read_only:
            return
        if self._index is None:
            self._unindexed.add(article_id)
            return
        self._ensure_updater().submit(lambda: self.index_doc(article_id))

    @property
    def index_busy(self) -> bool:
        """True while this session's index updates wait for another writer (they are retried)."""
        return self._updater is not None and self._updater.busy

    def _index_busy(self, attempt: int, retry_in: float) -> None:
        callback = self.on_index_busy
        if callback is not None:
            callback(attempt, retry_in)

    def _committed(self) -> None:
        callback = self.on_index_commit
        if callback is not None:
            callback()

    def _set_catalog_digest_after_flush(self) -> None:
        """Record that the index knows this catalog (never blocks: the UI thread calls it).

        The affected articles are queued on the background updater, which commits them
        before the process exits (see :meth:`close`).
        """
        if not self.read_only:
            self.index.meta_set("catalog_digest", self.catalog.digest())

    def flush(self, timeout: float = 30) -> None:
        if self._updater is not None:
            self._updater.flush(timeout=timeout)

    def search(
        self, query: str, *, limit: int = 20, as_you_type: bool = False, with_facets: bool = True
    ) -> SearchResults:
        from sahel_tui.core.search import search

        return search(
            self.index,
            query,
            limit=limit,
            resolve_entity=self.resolve_entity,
            label_ids=frozenset(label.id for label in self.labels),
            as_you_type=as_you_type,
            with_facets=with_facets,
            entity_label=self.entity_name,
        )

    def entity_name(self, entity_id: str) -> str | None:
        entity = self.catalog.get(entity_id)
        return entity.name if entity is not None else None

    def warm(self) -> None:
        """Fill the index's caches (about 0.6 s at 10,000 articles) so the first keystroke is fast."""
        self.index.refresh()

    def resolve_entity(self, text: str) -> list[str]:
        return [e.id for e in self.catalog.find(text)]

    # -- comparison ---------------------------------------------------------------------------
    def similarity(self) -> SimilarityIndex:
        if self._similarity is None:
            from sahel_tui.core.similarity import SimilarityIndex

            cache = None if self.read_only else self.root / "similarity"
            self._similarity = SimilarityIndex.build(self._bodies(), cache_dir=cache)
        return self._similarity

    def _bodies(self) -> Iterable[tuple[str, str]]:
        for article_id in self.article_ids():
            try:
                yield article_id, self.article(article_id, keep=False).body  # every article, none kept
            except SahelError:
                continue

    def similar(self, article_id: str, *, limit: int = 10) -> list[SimilarArticle]:
        """Closest articles: verified copies and rewrites first (most aligned first), then the rest by score."""
        self.article(article_id)
        index = self.similarity()
        rows = []
        for other, score in index.similar(article_id, limit=max(limit, 25)):
            evidence = index.verify(article_id, other, self._body)
            rows.append(
                (
                    evidence,
                    SimilarArticle(
                        other, self.article(other).title, round(score, 4), evidence.same_story, evidence.describe()
                    ),
                )
            )
        rows.sort(key=lambda r: (not r[0].same_story, -r[0].coverage if r[0].same_story else -r[1].score))
        return [row for _, row in rows[: max(0, limit)]]

    def _body(self, article_id: str) -> str:
        return self.article(article_id).body

    def story_groups(self) -> list[list[str]]:
        """Groups of copies and rewrites of one source text, verified by sentence alignment."""
        return self.similarity().story_groups(texts=self._body)

    def compare(self, left_id: str, right_id: str) -> Comparison:
        from sahel_tui.core.compare import compare

        left, right = self.article(left_id), self.article(right_id)
        if left_id == right_id:
            raise InvalidInput("compare needs two different articles")
        entities = self.catalog.all()
        return compare(
            left,
            right,
            left_mentions=self.mentions(left_id),
            right_mentions=self.mentions(right_id),
            matcher=self.matcher,
            catalog_names={e.id: e.name for e in entities},
            entity_types={e.id: e.type for e in entities},
            similarity=self.similarity().score(left_id, right_id),
        )

    # -- validation ---------------------------------------------------------------------------
    def check(self) -> list[Problem]:
        problems: list[Problem] = []
        paths = self.paths()
        _ = self.labels, self.catalog, self.overrides
        problems.extend(self._load_problems)
        for article_id in sorted(paths):
            try:
                article = self.article(article_id)
            except SahelError as exc:
                problems.append(Problem(str(paths[article_id]), None, str(exc)))
                continue
            problems.extend(article.problems)
        problems.extend(
            self.store.check(
                articles={i: self._articles[i] for i in paths if i in self._articles},
                labels=self.labels,
                catalog=self.catalog,
            )
        )
        seen: set[str] = set()
        unique = []
        for problem in problems:
            if str(problem) not in seen:
                seen.add(str(problem))
                unique.append(problem)
        return unique


def _occurrence(article: Article, start: int, end: int, entity: str | None, annotated: bool) -> Occurrence:
    body = article.body
    return Occurrence(
        article_id=article.id,
        start=start,
        end=end,
        text=body[start:end],
        left=body[max(0, start - CONTEXT) : start].replace("\n", " "),
        right=body[end : end + CONTEXT].replace("\n", " "),
        entity=entity,
        annotated=annotated,
    )


def _stat(path: Path | str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_mtime_ns}:{st.st_size}"


def _writable(root: Path) -> bool:
    probe = root if root.exists() else root.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return os.access(probe, os.W_OK)
