"""Per-article mention files: ``<workspace>/annotations/<article-id>.yaml``.

Reading validates every mention and reports ``file:line: message`` problems; a
bad mention is skipped and the valid rest loads.  A file that cannot be read at
all yields one problem and no mentions, and is never overwritten: saving into
that article is refused until the file is fixed.

Every change (:meth:`AnnotationStore.add`, ``add_many``, ``remove``, ``update``,
``restore``, ``replace_many``, ``reanchor_and_save``) is a locked re-read of the one file, a merge by mention
id and an atomic write, so several processes can annotate one article at once,
and a crash leaves the old file or the new one.  Entries this version cannot
use (invalid mentions, unknown keys) are written back as they were.  Files are
written with mentions sorted by ``(start, end, id)`` and a fixed key order.

Re-anchoring: ``load(article_id, article=article)`` re-anchors the mentions on
the article's current body in memory (see :mod:`sahel_tui.core.anchoring`).
The new positions are saved by the next ``add`` into that article, or at once
by :meth:`AnnotationStore.reanchor_and_save`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from sahel_tui.core import ids
from sahel_tui.core.anchoring import make_quote, reanchor, reanchor_all
from sahel_tui.core.catalog import Catalog
from sahel_tui.core.errors import InvalidInput, NotFound, Problem, ReadOnlyWorkspace, SahelError, UndoConflict
from sahel_tui.core.labels import LabelSet
from sahel_tui.core.models import MENTION_STATES, Article, Mention, Quote
from sahel_tui.core.paths import default_author
from sahel_tui.core.yamlio import (
    FlowDict,
    YamlDoc,
    atomic_write_text,
    dump_yaml,
    locked_document,
    parse_yaml_bytes,
    read_capped,
)

ANNOTATIONS_DIR = "annotations"
SUFFIX = ".yaml"
MENTION_KEYS = ("id", "label", "entity", "start", "end", "quote", "body_sha256", "state", "author", "created")
QUOTE_KEYS = ("exact", "prefix", "suffix")
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
MAX_AUTHOR = 100
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_UNSET: Any = object()

T = TypeVar("T")


@dataclass
class _FileContent:
    """One annotation file as read: the usable mentions and everything else, kept."""

    mentions: dict[str, Mention] = field(default_factory=dict)
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)  # unknown keys per mention id
    kept: list[Any] = field(default_factory=list)  # raw entries that are not usable mentions
    top: dict[str, Any] = field(default_factory=dict)  # unknown top-level keys
    lines: dict[str, int | None] = field(default_factory=dict)  # mention id -> line
    entity_lines: dict[str, int | None] = field(default_factory=dict)  # mention id -> line of "entity:"
    problems: list[Problem] = field(default_factory=list)
    unsafe: Problem | None = None  # why this file must not be rewritten


class AnnotationStore:
    """The mention files of one workspace."""

    def __init__(
        self,
        workspace_dir: str | Path,
        read_only: bool = False,
        *,
        labels: LabelSet | None = None,
        catalog: Catalog | None = None,
    ):
        self.workspace_dir = Path(workspace_dir)
        self.folder = self.workspace_dir / ANNOTATIONS_DIR
        self.read_only = read_only
        self.labels = labels if labels is not None else LabelSet.load(self.workspace_dir)[0]
        self.catalog = catalog
        self._lines: dict[str, dict[str, int | None]] = {}
        self._cache: dict[str, tuple[bytes, _FileContent]] = {}  # article id -> (sha256 of bytes, parsed)
        self._root: tuple[Path, Path] | None = None  # (folder, folder resolved), asked once

    def path_for(self, article_id: str) -> Path:
        """``annotations/<article_id>.yaml``; refuses ids that would leave the folder."""
        if self._root is None or self._root[0] != self.folder:
            self._root = (self.folder, self.folder.resolve())
        return ids.safe_child(self.folder, article_id, SUFFIX, root=self._root[1])

    def stat_path(self, article_id: str) -> str:
        """Where ``article_id``'s file is, for ``stat()`` only (the freshness check, once per article).

        The id is checked (no separator, no leading dot, so the name stays in the
        folder) but no symlink is resolved: :meth:`path_for`'s two resolutions were
        most of the freshness check of a large corpus.  Read and write with :meth:`path_for`.
        """
        ids.check_article_id(article_id)
        return f"{self.folder}{os.sep}{article_id}{SUFFIX}"

    # ------------------------------------------------------------------ reading

    def load(self, article_id: str, article: Article | None = None) -> tuple[list[Mention], list[Problem]]:
        """Mentions of one article, sorted, and the problems of its file.

        With ``article``, mentions are re-anchored on its body (in memory) and
        checked against it.
        """
        content = self._read(article_id)
        mentions = _sorted(content.mentions.values())
        problems = list(content.problems) + self._unknown_entities(article_id, content)
        if article is not None:
            mentions, _ = reanchor_all(mentions, article)
            problems += self.validate(article, mentions)
        return mentions, problems

    def load_all(
        self, article_ids: Iterable[str] | None = None, articles: Mapping[str, Article] | None = None
    ) -> tuple[dict[str, list[Mention]], list[Problem]]:
        """Mentions of the given articles (default: every annotation file), and all problems."""
        wanted = list(article_ids) if article_ids is not None else self.article_ids()
        result: dict[str, list[Mention]] = {}
        problems: list[Problem] = []
        for article_id in wanted:
            try:
                mentions, found = self.load(article_id, (articles or {}).get(article_id))
            except InvalidInput as exc:
                problems.append(Problem(str(self.folder), None, exc.message))
                continue
            result[article_id] = mentions
            problems += found
        return result, problems

    def article_ids(self) -> list[str]:
        """Ids of the articles that have an annotation file, sorted."""
        stems = (entry.name[: -len(SUFFIX)] for entry in self._files())
        return [stem for stem in stems if ids.is_valid_article_id(stem)]

    def validate(self, article: Article, mentions: Iterable[Mention]) -> list[Problem]:
        """Problems of mentions against the article's current body."""
        path = str(self.path_for(article.id))
        lines = self._lines.get(article.id, {})
        problems = []
        for mention in mentions:
            problem = _check_against_body(mention, article)
            if problem is not None:
                message, severity = problem
                problems.append(Problem(path, lines.get(mention.id), f"{mention.id}: {message}", severity))
        return problems

    def check(
        self,
        known_ids: Iterable[str] | None = None,
        *,
        articles: Mapping[str, Article] | None = None,
        labels: LabelSet | None = None,
        catalog: Catalog | None = None,
    ) -> list[Problem]:
        """Every problem of every annotation file, for ``sahel-tui check``.

        Reports files whose name is not an article id, files of articles that are
        not in ``known_ids`` (default: the keys of ``articles``), and the problems
        of each file; with ``articles``, mentions are also checked against the
        article's current body.  ``labels`` and ``catalog`` replace the store's
        own for this check.
        """
        articles = articles or {}
        known = set(known_ids) if known_ids is not None else set(articles)
        checker = AnnotationStore(
            self.workspace_dir,
            read_only=True,
            labels=labels or self.labels,
            catalog=catalog if catalog is not None else self.catalog,
        )
        problems: list[Problem] = []
        for entry in self._files():
            stem = entry.name[: -len(SUFFIX)]
            if not ids.is_valid_article_id(stem):
                problems.append(Problem(str(entry), None, "file name is not an article id (ignored)", "warning"))
                continue
            if stem not in known:
                problems.append(
                    Problem(
                        str(entry), None, f"annotations of article {stem}, which is not in the corpus (kept)", "warning"
                    )
                )
            problems += checker.load(stem, articles.get(stem))[1]
        return problems

    def _files(self) -> list[Path]:
        try:
            return sorted(entry for entry in self.folder.iterdir() if entry.name.endswith(SUFFIX))
        except OSError:
            return []

    def fingerprint(self, article_id: str) -> str:
        """sha256 of the article's annotation file as stored ("" when it has none)."""
        try:
            raw = read_capped(self.path_for(article_id))
        except SahelError:
            return "unreadable"
        return "" if raw is None else hashlib.sha256(raw).hexdigest()

    def changed_since_read(self, article_id: str) -> bool:
        """True when the article's annotation file is not what this session last read (a teammate wrote it)."""
        try:
            raw = read_capped(self.path_for(article_id))
        except SahelError:
            return True
        cached = self._cache.get(article_id)
        if raw is None:
            return cached is not None
        return cached is None or cached[0] != hashlib.sha256(raw).digest()

    def _read(self, article_id: str) -> _FileContent:
        """The parsed file; parsing is skipped when its bytes are those of the last read."""
        path = self.path_for(article_id)
        try:
            raw = read_capped(path)
        except SahelError as exc:
            problem = Problem(exc.path or str(path), exc.line, exc.message)
            content = _FileContent(problems=[problem], unsafe=problem)
        else:
            content = self._parse_cached(article_id, path, raw)
        self._lines[article_id] = content.lines
        return content

    def _parse_cached(self, article_id: str, path: Path, raw: bytes | None) -> _FileContent:
        if raw is None:
            self._cache.pop(article_id, None)
            return _FileContent()
        digest = hashlib.sha256(raw).digest()
        cached = self._cache.get(article_id)
        if cached is not None and cached[0] == digest:
            return cached[1]
        try:
            content = self._parse(article_id, parse_yaml_bytes(raw, path))
        except SahelError as exc:
            problem = Problem(exc.path or str(path), exc.line, exc.message)
            content = _FileContent(problems=[problem], unsafe=problem)
        self._cache[article_id] = (digest, content)
        return content

    def _unknown_entities(self, article_id: str, content: _FileContent) -> list[Problem]:
        """Warnings for linked entities that the catalog does not have (checked at each load)."""
        if self.catalog is None:
            return []
        path = str(self.path_for(article_id))
        return [
            Problem(
                path, content.entity_lines.get(m.id), f"{m.id}: entity {m.entity!r} is not in the catalog", "warning"
            )
            for m in _sorted(content.mentions.values())
            if m.entity is not None and m.entity not in self.catalog
        ]

    def _parse(self, article_id: str, doc: YamlDoc) -> _FileContent:
        content = _FileContent()
        data = doc.data
        if data is None:
            return content
        if not isinstance(data, dict):
            content.unsafe = doc.problem("expected a mapping with 'article:' and 'mentions:'")
            content.problems.append(content.unsafe)
            return content
        self._parse_top(article_id, doc, content)
        raw = data.get("mentions")
        if raw is None:
            return content
        if not isinstance(raw, list):
            content.unsafe = doc.problem("'mentions' must be a list", "mentions")
            content.problems.append(content.unsafe)
            return content
        for index, entry in enumerate(raw):
            self._parse_entry(doc, index, entry, content)
        return content

    def _parse_top(self, article_id: str, doc: YamlDoc, content: _FileContent) -> None:
        data = doc.data
        named = data.get("article")
        if named is None:
            content.problems.append(
                doc.problem(f"no 'article:' key (the file name says {article_id})", severity="warning")
            )
        elif named != article_id:
            content.unsafe = doc.problem(
                f"'article: {named}' does not match the file name ({article_id}); fix or rename the file",
                "article",
            )
            content.problems.append(content.unsafe)
        for key, value in data.items():
            if key not in ("article", "mentions"):
                content.top[key] = value
                content.problems.append(doc.problem(f"unknown key {key!r} (kept, not used)", key, severity="warning"))

    def _parse_entry(self, doc: YamlDoc, index: int, entry: Any, content: _FileContent) -> None:
        where = ("mentions", index)
        found: list[Problem] = []

        def report(message: str, *path: Any, severity: str = "error") -> None:
            found.append(doc.problem(message, *where, *path, severity=severity))

        mention = _parse_mention(entry, self.labels, report)
        if mention is not None and mention.id in content.mentions:
            first = content.lines.get(mention.id)
            found.append(
                doc.problem(f"duplicate mention id {mention.id} (first at line {first}); skipped", *where, "id")
            )
            mention = None
        content.problems += found
        if mention is None:
            content.kept.append(entry)
            return
        content.mentions[mention.id] = mention
        content.lines[mention.id] = doc.line(*where)
        content.entity_lines[mention.id] = doc.line(*where, "entity")
        content.extras[mention.id] = {k: v for k, v in entry.items() if k not in MENTION_KEYS}

    # ------------------------------------------------------------------ writing

    def add(
        self,
        article: Article,
        start: int,
        end: int,
        label: str,
        entity: str | None = None,
        author: str | None = None,
        now: dt.datetime | None = None,
    ) -> Mention:
        """Annotate ``article.body[start:end]`` (surrounding spaces trimmed) and save.

        An identical mention (same span, label and entity) is returned as is
        rather than added twice.  Other mentions of the article whose body has
        changed are re-anchored and saved with it.
        """
        [(mention, _)] = self.add_many(article, [(start, end, label, entity)], author=author, now=now)
        return mention

    def add_many(
        self,
        article: Article,
        spans: Sequence[tuple[int, int, str, str | None]],
        *,
        author: str | None = None,
        now: dt.datetime | None = None,
    ) -> list[tuple[Mention, bool]]:
        """Annotate several ``(start, end, label, entity)`` spans of one article in one save.

        Every span is checked before anything is written: one bad span saves
        nothing.  Returns, per span, the mention and whether it is new (``False``
        when an identical mention was already there).
        """
        wanted = [
            (*checked_span(article.body, start, end), self.labels.resolve(label).id, self._checked_entity(entity))
            for start, end, label, entity in spans
        ]
        created = format_time(now)
        who = clean_author(author if author is not None else default_author())

        def change(mentions: dict[str, Mention]) -> list[tuple[Mention, bool]]:
            for mention_id, mention in list(mentions.items()):
                mentions[mention_id] = reanchor(mention, article.body, article.body_sha256)
            return [_add_one(mentions, article, span, who, created) for span in wanted]

        return self._edit(article.id, change)

    def remove(self, article_id: str, mention_id: str) -> Mention:
        """Delete one mention; returns it (for undo)."""

        if not self.path_for(article_id).exists():  # nothing to remove: no lock, no folder
            raise NotFound(f"no mention {mention_id!r} in article {article_id}")

        def change(mentions: dict[str, Mention]) -> Mention:
            if mention_id not in mentions:
                raise NotFound(f"no mention {mention_id!r} in article {article_id}")
            return mentions.pop(mention_id)

        return self._edit(article_id, change)

    def update(
        self,
        article_id: str,
        mention_id: str,
        *,
        label: str = _UNSET,
        entity: str | None = _UNSET,
        state: str = _UNSET,
        author: str | None = None,
    ) -> Mention:
        """Change the label, the linked entity (``None`` unlinks) or the state of a mention.

        ``author``, when given, becomes the mention's author: whoever last decided its
        label or entity answers for it (and is named if someone else's undo is refused).
        """
        changes: dict[str, Any] = {}
        if author:
            changes["author"] = author
        if label is not _UNSET:
            changes["label"] = self.labels.resolve(label).id
        if entity is not _UNSET:
            changes["entity"] = self._checked_entity(entity)
        if state is not _UNSET:
            if state not in MENTION_STATES:
                raise InvalidInput(f"unknown state {state!r}; use {', '.join(MENTION_STATES)}")
            changes["state"] = state

        if not self.path_for(article_id).exists():  # nothing to remove: no lock, no folder
            raise NotFound(f"no mention {mention_id!r} in article {article_id}")

        def change(mentions: dict[str, Mention]) -> Mention:
            if mention_id not in mentions:
                raise NotFound(f"no mention {mention_id!r} in article {article_id}")
            mentions[mention_id] = replace(mentions[mention_id], **changes)
            return mentions[mention_id]

        return self._edit(article_id, change)

    def restore(self, article_id: str, mention: Mention) -> Mention:
        """Put back a mention exactly as given, same id (undo of a remove or an update)."""
        checked = self._checked_restore(mention)

        def change(mentions: dict[str, Mention]) -> Mention:
            mentions[checked.id] = checked
            return checked

        return self._edit(article_id, change)

    def _checked_restore(self, mention: Mention) -> Mention:
        errors: list[str] = []

        def report(message: str, *path: Any, severity: str = "error") -> None:
            if severity == "error":
                errors.append(message)

        checked = _parse_mention(mention_to_yaml(mention), self.labels, report)
        if checked is None or errors:
            raise InvalidInput(f"cannot restore mention: {errors[0] if errors else 'invalid mention'}")
        return checked

    def replace_many(
        self,
        article_id: str,
        remove: Sequence[str] = (),
        put: Sequence[Mention] = (),
        expect: Mapping[str, Mention | None] | None = None,
    ) -> None:
        """Delete the mentions ``remove`` (ids not in the file are skipped) and put back
        the mentions ``put`` exactly as given, in one save (undo and redo of a step).

        With ``expect`` (mention id -> the state this session left it in, ``None`` for
        "absent"), nothing is written and :class:`UndoConflict` is raised when the file
        (read under its lock) holds anything else: a teammate changed it since.
        """
        checked = [self._checked_restore(mention) for mention in put]

        def change(mentions: dict[str, Mention]) -> None:
            for mention_id, state in (expect or {}).items():
                conflict = undo_conflict(state, mentions.get(mention_id))
                if conflict:
                    raise UndoConflict(conflict)
            for mention_id in remove:
                mentions.pop(mention_id, None)
            mentions.update({mention.id: mention for mention in checked})

        if not checked and not self.path_for(article_id).exists():
            return  # nothing to remove: no lock, no folder
        self._edit(article_id, change)

    def restore_all(self, article_id: str, mentions: Iterable[Mention]) -> list[Mention]:
        """Put back several mentions exactly as given, in one locked save (import of a whole article)."""
        errors: list[str] = []

        def report(message: str, *path: Any, severity: str = "error") -> None:
            if severity == "error":
                errors.append(message)

        checked = [_parse_mention(mention_to_yaml(mention), self.labels, report) for mention in mentions]
        if errors or any(m is None for m in checked):
            raise InvalidInput(f"cannot restore mention: {errors[0] if errors else 'invalid mention'}")
        placed = [m for m in checked if m is not None]

        def change(current: dict[str, Mention]) -> list[Mention]:
            current.update({mention.id: mention for mention in placed})
            return placed

        return self._edit(article_id, change)

    def reanchor_and_save(self, article: Article) -> tuple[list[Mention], bool]:
        """Re-anchor the article's mentions on its current body and save them if any moved."""

        def change(mentions: dict[str, Mention]) -> tuple[list[Mention], bool]:
            placed, changed = reanchor_all(mentions.values(), article)
            mentions.update({mention.id: mention for mention in placed})
            return _sorted(placed), changed

        return self._edit(article.id, change)

    def _edit(self, article_id: str, change: Callable[[dict[str, Mention]], T]) -> T:
        """Locked re-read of the article's file, ``change`` on its mentions, atomic write."""
        path = self.path_for(article_id)
        if self.read_only:
            raise ReadOnlyWorkspace("the workspace is open read-only; nothing was saved", path=path)
        with locked_document(path, lock_root=self.folder.parent) as doc:
            content = self._parse(article_id, doc)
            if content.unsafe is not None:
                raise SahelError(
                    f"not saved, the file must be fixed first: {content.unsafe.message}",
                    path=path,
                    line=content.unsafe.line,
                )
            mentions = dict(content.mentions)
            result = change(mentions)
            if mentions != content.mentions:
                atomic_write_text(path, dump_yaml(_layout(article_id, mentions.values(), content)), locked=True)
        return result

    def _checked_entity(self, entity: str | None) -> str | None:
        if entity is None:
            return None
        ids.check_entity_id(entity)
        if self.catalog is not None and entity not in self.catalog:
            raise InvalidInput(f"unknown entity {entity!r}; add it to the catalog first")
        return entity


# ------------------------------------------------------------------------ helpers


def undo_conflict(expected: Mention | None, current: Mention | None) -> str | None:
    """Why a mention is no longer as this session left it (None when it is)."""
    if expected is None:
        if current is None:
            return None
        return f"'{current.quote.exact}' was added again by {current.author} since"
    if current is None:
        return f"'{expected.quote.exact}' was deleted by someone else since"
    fields = ("label", "entity", "start", "end", "state", "author")
    if all(getattr(current, f) == getattr(expected, f) for f in fields):
        return None
    now = current.label + (f" → {current.entity}" if current.entity else "")
    return f"'{current.quote.exact}' was changed by {current.author} since (now {now})"


def _add_one(
    mentions: dict[str, Mention],
    article: Article,
    span: tuple[int, int, str, str | None],
    author: str,
    created: str,
) -> tuple[Mention, bool]:
    """Add one mention to ``mentions`` unless an identical one is there; (mention, is new)."""
    start, end, label_id, entity_id = span
    for mention in mentions.values():
        if (mention.start, mention.end, mention.label, mention.entity) == (
            start,
            end,
            label_id,
            entity_id,
        ) and mention.state != "orphaned":
            return mention, False
    mention_id = ids.new_mention_id()
    while mention_id in mentions:
        mention_id = ids.new_mention_id()
    mention = Mention(
        id=mention_id,
        label=label_id,
        entity=entity_id,
        start=start,
        end=end,
        quote=make_quote(article.body, start, end),
        author=author,
        created=created,
        body_sha256=article.body_sha256,
        state="ok",
    )
    mentions[mention_id] = mention
    return mention, True


def checked_span(body: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` with surrounding whitespace trimmed, else :class:`InvalidInput`."""
    if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int) or not isinstance(end, int):
        raise InvalidInput("start and end must be whole numbers")
    if not 0 <= start < end <= len(body):
        raise InvalidInput(f"span {start}-{end} is not inside the article (0-{len(body)}, start before end)")
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise InvalidInput("the selected text is only whitespace")
    return start, end


def format_time(now: dt.datetime | None = None) -> str:
    """UTC time as ``YYYY-MM-DDTHH:MM:SSZ`` (a naive ``now`` is taken as UTC)."""
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    return now.astimezone(dt.UTC).strftime(TIME_FORMAT)


def clean_author(author: str) -> str:
    clean = "".join(ch for ch in " ".join(str(author).split()) if ch.isprintable())[:MAX_AUTHOR]
    return clean or "analyst"


def mention_to_yaml(mention: Mention, extras: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The mention as written in its file: fixed key order, quote on one line."""
    quote = FlowDict(exact=mention.quote.exact, prefix=mention.quote.prefix, suffix=mention.quote.suffix)
    out: dict[str, Any] = {
        "id": mention.id,
        "label": mention.label,
        "entity": mention.entity,
        "start": mention.start,
        "end": mention.end,
        "quote": quote,
        "body_sha256": mention.body_sha256,
        "state": mention.state,
        "author": mention.author,
        "created": mention.created,
    }
    out.update(extras or {})
    return out


def _sorted(mentions: Iterable[Mention]) -> list[Mention]:
    return sorted(mentions, key=lambda m: (m.start, m.end, m.id))


def _layout(article_id: str, mentions: Iterable[Mention], content: _FileContent) -> dict[str, Any]:
    entries: list[Any] = [mention_to_yaml(m, content.extras.get(m.id)) for m in _sorted(mentions)]
    return {"article": article_id, "mentions": entries + content.kept, **content.top}


def _check_against_body(mention: Mention, article: Article) -> tuple[str, str] | None:
    if mention.state == "orphaned":
        return f"the text {mention.quote.exact!r} is no longer in the article; mention kept as orphaned", "warning"
    if not 0 <= mention.start < mention.end <= len(article.body):
        return (
            f"offsets {mention.start}-{mention.end} are outside the article ({len(article.body)} characters)",
            "error",
        )
    if article.body[mention.start : mention.end] != mention.quote.exact:
        if mention.body_sha256 == article.body_sha256:
            return f"quote {mention.quote.exact!r} does not match the text at {mention.start}-{mention.end}", "error"
        return "the article changed since this mention was made; it will be re-anchored", "warning"
    return None


Report = Callable[..., None]


def handwritten_mention_id(entry: Mapping[str, Any]) -> str:
    """The id of a mention written by hand without one: the same entry always gets the same id."""
    quote = entry.get("quote")
    exact = quote.get("exact") if isinstance(quote, Mapping) else quote
    key = json.dumps([entry.get("start"), entry.get("end"), entry.get("label"), exact], default=str)
    return "m-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _parse_mention(entry: Any, labels: LabelSet, report: Report) -> Mention | None:
    """A :class:`Mention` from one raw YAML entry, or ``None`` after reporting why not."""
    if not isinstance(entry, dict):
        report("a mention must be a mapping (id, label, start, end, quote, ...)")
        return None
    mention_id = entry.get("id")
    if mention_id is None:
        mention_id = handwritten_mention_id(entry)
        entry = {**entry, "id": mention_id}
        report(f"mention without an id: given {mention_id} (written on the next save)", severity="warning")
    if not isinstance(mention_id, str) or not ids.MENTION_ID_RE.match(mention_id):
        report(f"bad mention id {mention_id!r} (expected m- and 6 to 32 hex digits); skipped", "id")
        return None
    label = _label(entry, labels, report)
    entity = _entity(entry, report)
    span = _offsets(entry, report)
    quote = _quote(entry, report)
    if label is None or entity is _UNSET or span is None or quote is None:
        return None
    body_sha256, author, created = (_text(entry, key, report) for key in ("body_sha256", "author", "created"))
    if body_sha256 is None or author is None or created is None:
        return None
    if body_sha256 and not _SHA_RE.match(body_sha256):
        report(
            f"{mention_id}: body_sha256 is not a sha256 hex digest; it will be re-anchored",
            "body_sha256",
            severity="warning",
        )
    state = entry.get("state", "ok")
    if state not in MENTION_STATES:
        report(f"{mention_id}: unknown state {state!r}, read as 'ok'", "state", severity="warning")
        state = "ok"
    for key in entry:
        if key not in MENTION_KEYS:
            report(f"{mention_id}: unknown key {key!r} (kept, not used)", key, severity="warning")
    return Mention(
        id=mention_id,
        label=label,
        entity=entity,
        start=span[0],
        end=span[1],
        quote=quote,
        author=author,
        created=created,
        body_sha256=body_sha256,
        state=state,
    )


def _label(entry: dict[str, Any], labels: LabelSet, report: Report) -> str | None:
    value = entry.get("label")
    found = labels.get(value) if isinstance(value, str) else None
    if found is None:
        report(f"{entry['id']}: unknown label {value!r}; valid labels: {', '.join(labels.ids)}", "label")
        return None
    return found.id


def _entity(entry: dict[str, Any], report: Report) -> Any:
    value = entry.get("entity")
    if value is None:
        return None
    if not isinstance(value, str) or not ids.ENTITY_ID_RE.match(value):
        report(f"{entry['id']}: bad entity id {value!r}", "entity")
        return _UNSET
    return value


def _offsets(entry: dict[str, Any], report: Report) -> tuple[int, int] | None:
    values: list[int] = []
    for key in ("start", "end"):
        value = entry.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            report(f"{entry['id']}: {key} must be a whole number, not {value!r}", key)
            return None
        if value < 0:
            report(f"{entry['id']}: {key} must not be negative ({value})", key)
            return None
        values.append(value)
    start, end = values
    if end <= start:
        report(f"{entry['id']}: end ({end}) must be after start ({start})", "end")
        return None
    return start, end


def _quote(entry: dict[str, Any], report: Report) -> Quote | None:
    value = entry.get("quote")
    if not isinstance(value, dict) or not isinstance(value.get("exact"), str) or not value["exact"]:
        report(f"{entry['id']}: quote must be a mapping with a non-empty 'exact' text", "quote")
        return None
    parts = {key: value.get(key, "") for key in QUOTE_KEYS}
    if not all(isinstance(part, str) for part in parts.values()):
        report(f"{entry['id']}: quote prefix and suffix must be text", "quote")
        return None
    return Quote(**parts)


def _text(entry: dict[str, Any], key: str, report: Report) -> str | None:
    value = entry.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        report(f"{entry['id']}: {key} must be text, not {value!r}", key)
        return None
    return value
