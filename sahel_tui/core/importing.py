"""``import``: files of any supported format -> corpus articles + workspace metadata, mentions, entities.

For each input file (folders are walked recursively; hidden files and folders
are left out, symlinked folders are not followed):

1. its importer (:mod:`sahel_tui.core.importers`) reads records; a file or part
   that cannot be used is refused with its reason, and the import goes on;
2. the text a record would get in the corpus is cleaned exactly as the corpus
   loader will clean it; an exact copy (same normalised text) of an article
   already in the corpus, or imported earlier in the same run, is skipped;
3. the article is written (atomically) as ``<slug>-<hash>.txt`` in the corpus
   folder: the slug comes from the file name or title (ASCII letters and
   digits only), the hash from the text, so no untrusted name ever becomes a
   path; an id proposed by the source (JSON Lines) is kept when it is a plain
   safe name that is free;
4. title, date, source, url, author, language and the original file name go
   into ``metadata.yaml`` (one locked write for the whole import), so what the
   app shows is the source's own metadata, not a guess;
5. catalog entries are merged into ``entities.yaml`` (an entity already there,
   by id or by name and type, is reused) and mentions are re-anchored on the
   stored body and saved through the annotation store;
6. new articles that are near copies of others are reported with their story
   group, and the search index is updated.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sahel_tui.core import ids
from sahel_tui.core.anchoring import make_quote, reanchor
from sahel_tui.core.annotations import clean_author, format_time
from sahel_tui.core.articles import clean_text, derive_title
from sahel_tui.core.errors import InvalidInput, ReadOnlyWorkspace, SahelError
from sahel_tui.core.importers import ImportRecord, Refusal, is_brat_text, reader_for
from sahel_tui.core.importers.base import EntityRecord, MentionRecord, display_name
from sahel_tui.core.metadata import FIELDS, check_field, metadata_path
from sahel_tui.core.models import Mention
from sahel_tui.core.text import normalize, safe_line, sha256_text
from sahel_tui.core.yamlio import atomic_write_text, dump_yaml, leading_comments, locked_document

if TYPE_CHECKING:  # pragma: no cover
    from sahel_tui.core.workspace import IndexReport, Workspace

Progress = Callable[[int, int], None]
_SLUG_MAX = 48
_SAFE_GIVEN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_TITLE_LINE_MAX = 140
_METADATA_HEADER = (
    "# Per-article overrides of title, date (YYYY-MM-DD), source and url; import adds where it came from.\n"
)


@dataclass(frozen=True)
class Added:
    id: str
    original_name: str
    title: str
    mentions: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "original_name": self.original_name, "title": self.title, "mentions": self.mentions}


@dataclass(frozen=True)
class Copy:
    where: str
    copy_of: str

    def to_json(self) -> dict[str, Any]:
        return {"file": self.where, "copy_of": self.copy_of}


@dataclass(frozen=True)
class Joined:
    id: str
    group: tuple[str, ...]  # the other articles of its story group

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "group": list(self.group)}


@dataclass
class ImportReport:
    """What :meth:`Workspace.import_paths` did."""

    files: int = 0
    added: list[Added] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)
    joined: list[Joined] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    ignored: int = 0  # files of an unknown type inside folders
    notes: list[str] = field(default_factory=list)  # mentions or entities that could not be used
    index: IndexReport | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "added": [a.to_json() for a in self.added],
            "skipped_copies": [c.to_json() for c in self.copies],
            "joined": [j.to_json() for j in self.joined],
            "refused": [r.to_json() for r in self.refused],
            "ignored": self.ignored,
            "notes": self.notes,
            "index": self.index.to_json() if self.index is not None else None,
        }

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.copies)} skipped as copies, "
            f"{len(self.joined)} joined to story groups, {len(self.refused)} refused"
            + (f", {self.ignored} files of other types ignored" if self.ignored else "")
        )


# -- inputs ------------------------------------------------------------------------------


def input_files(paths: Iterable[Path], report: ImportReport) -> list[Path]:
    """The files to read: given files, and supported files found walking given folders."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    child = Path(folder) / name
                    if name.startswith(".") or is_brat_text(child):
                        continue
                    if reader_for(child) is None:
                        report.ignored += 1
                    else:
                        found.append(child)
        elif not path.exists():
            report.refused.append(Refusal(display_name(path), "no such file or folder"))
        elif reader_for(path) is None:
            report.refused.append(Refusal(display_name(path), f"unsupported file type {safe_line(path.suffix, 20)!r}"))
        else:
            found.append(path.with_suffix(".ann") if is_brat_text(path) else path)
    unique = list(dict.fromkeys(found))
    report.files = len(unique)
    return unique


def read_records(files: Sequence[Path], report: ImportReport, progress: Progress | None) -> Iterator[ImportRecord]:
    for done, path in enumerate(files, start=1):
        entry = reader_for(path)
        assert entry is not None
        _, reader = entry
        try:
            for item in reader(path):
                if isinstance(item, Refusal):
                    report.refused.append(item)
                else:
                    yield item
        except SahelError as exc:
            report.refused.append(Refusal(display_name(path), exc.message, exc.line))
        except (OSError, ValueError, LookupError, UnicodeError) as exc:
            report.refused.append(Refusal(display_name(path), f"cannot read: {safe_line(str(exc), 200)}"))
        if progress is not None:
            progress(done, len(files))


# -- ids and texts -----------------------------------------------------------------------


def slug(name: str) -> str:
    """ASCII letters and digits of ``name`` joined by ``-`` (accents folded), at most 48 chars; ``article`` if none."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return text[:_SLUG_MAX].rstrip("-") or "article"


def copy_key(body: str) -> str:
    """Exact-copy key of a cleaned body: case and whitespace do not count."""
    return hashlib.sha256(" ".join(body.casefold().split()).encode("utf-8")).hexdigest()


def title_line(title: str) -> str:
    """The title as a line the corpus cleaner takes as the title (one short line, no final punctuation)."""
    line = " ".join(title.split())
    if len(line) > _TITLE_LINE_MAX:
        line = line[:_TITLE_LINE_MAX].rsplit(" ", 1)[0]
    words = line.split()
    line = " ".join(words[:25]).rstrip(".,;:–—-/&( ")
    return (line[:1].upper() + line[1:]) or "Untitled"


def corpus_text(record: ImportRecord) -> tuple[str, str, str]:
    """(file content, cleaned body, title) of a record as the corpus will hold it."""
    text = normalize(record.text)
    if record.title_in_text:
        content = text if text.endswith("\n") else text + "\n"
    else:
        body = text.strip("\n")
        title = record.title or derive_title(body.split("\n\n", 1)[0])
        content = f"{title_line(title)}\n\n{body}\n"
    cleaned = clean_text(content)
    if not cleaned.paragraphs:
        raise SahelError("no article text left after removing page boilerplate")
    return content, "\n\n".join(cleaned.paragraphs), record.title or cleaned.title


def _article_id(record: ImportRecord, body: str, taken: set[str]) -> str:
    given = record.id
    if given and _SAFE_GIVEN_ID.match(given) and given.casefold() not in taken:
        return given
    stem = record.original_name.rsplit(".", 1)[0] if record.title_in_text else (record.title or record.original_name)
    base = f"{slug(stem)}-{sha256_text(body)[:10]}"
    candidate, n = base, 2
    while candidate.casefold() in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# -- metadata ----------------------------------------------------------------------------


def _metadata_entry(record: ImportRecord, report: ImportReport, article_id: str) -> dict[str, str]:
    wanted = {
        "title": record.title,
        "date": record.date,
        "source": record.source,
        "url": record.url,
        "author": record.author,
        "language": record.language,
        "original_name": record.original_name,
    }
    entry: dict[str, str] = {}
    for key in FIELDS:
        value = wanted.get(key)
        if not value:
            continue
        try:
            entry[key] = check_field(key, value)
        except InvalidInput as exc:
            report.notes.append(f"{article_id}: {exc.message}; not recorded")
    return entry


def write_metadata(workspace_dir: Path, entries: dict[str, dict[str, str]]) -> None:
    """Add the entries of new articles to ``metadata.yaml``: one locked re-read, merge and atomic write."""
    if not entries:
        return
    path = metadata_path(workspace_dir)
    with locked_document(path) as doc:
        data = doc.data if doc.data is not None else {}
        if not isinstance(data, dict):
            raise SahelError("metadata not saved: the file is not a mapping of article ids; fix it first", path=path)
        for article_id, entry in entries.items():
            old = data.get(article_id)
            data[article_id] = {**(old if isinstance(old, dict) else {}), **entry}
        text_keys = sorted(k for k in data if isinstance(k, str))
        ordered = {**{k: data[k] for k in text_keys}, **{k: v for k, v in data.items() if not isinstance(k, str)}}
        header = leading_comments(doc.text) if doc.text else _METADATA_HEADER
        atomic_write_text(path, dump_yaml(ordered, header=header), locked=True)


# -- entities and mentions -----------------------------------------------------------------


def merge_entities(ws: Workspace, entities: Iterable[EntityRecord], report: ImportReport, where: str) -> dict[str, str]:
    """Catalog ids of the record's entities (by their id in the source), adding the new ones."""
    mapping: dict[str, str] = {}
    for entity in entities:
        label = ws.labels.get(entity.type)
        if label is None:
            report.notes.append(
                f"{where}: entity {safe_line(entity.name, 60)!r} has unknown type {entity.type!r}; not added"
            )
            continue
        known = ws.catalog.get(entity.id) if entity.id else None
        if known is not None and known.type != label.id:
            report.notes.append(
                f"{where}: entity {known.id!r} is a {known.type} in the catalog, {label.id} in the import; "
                "the catalog's kept"
            )
        if known is None:
            known = next((e for e in ws.catalog.find(entity.name) if e.type == label.id), None)
        if known is None:
            wanted = entity.id if entity.id and ids.ENTITY_ID_RE.match(entity.id) else None
            try:
                known = ws.add_entity(entity.name, label.id, aliases=entity.aliases, entity_id=wanted, note=entity.note)
            except InvalidInput as exc:
                report.notes.append(f"{where}: entity {safe_line(entity.name, 60)!r} not added: {exc.message}")
                continue
        if entity.id:
            mapping[entity.id] = known.id
    return mapping


def _mention_id(article_id: str, given: MentionRecord, taken: Container[str]) -> str:
    if given.id and ids.MENTION_ID_RE.match(given.id) and given.id not in taken:
        return given.id
    seed = f"{article_id}:{given.start}:{given.end}:{given.label}:{given.entity}"
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()
    n = 0
    while f"m-{digest[n : n + 12]}" in taken:
        n += 1
    return f"m-{digest[n : n + 12]}"


def save_mentions(
    ws: Workspace, article_id: str, record: ImportRecord, entity_ids: dict[str, str], report: ImportReport
) -> int:
    """Place the record's mentions on the stored body and save them; returns how many were saved."""
    if not record.mentions:
        return 0
    article = ws.article(article_id)
    text = normalize(record.text)
    text_sha = sha256_text(text)
    saved: dict[str, Mention] = {}
    for given in record.mentions:
        label = ws.labels.get(given.label)
        where = f"{record.where}: mention {given.start}-{given.end}"
        if label is None:
            report.notes.append(f"{where}: unknown label {safe_line(given.label, 40)!r}; skipped")
            continue
        if not 0 <= given.start < given.end <= len(text):
            report.notes.append(f"{where}: offsets outside the text; skipped")
            continue
        exact = text[given.start : given.end]
        if given.text is not None and normalize(given.text) != exact:
            report.notes.append(f"{where}: its text {safe_line(given.text, 40)!r} is not at those offsets; skipped")
            continue
        entity = entity_ids.get(given.entity, given.entity) if given.entity else None
        if entity is not None and entity not in ws.catalog:
            report.notes.append(f"{where}: entity {safe_line(entity, 40)!r} is not in the catalog; saved unlinked")
            entity = None
        mention = Mention(
            id=_mention_id(article_id, given, saved),
            label=label.id,
            entity=entity,
            start=given.start,
            end=given.end,
            quote=make_quote(text, given.start, given.end),
            author=clean_author(given.author or ws.author),
            created=given.created or format_time(),
            body_sha256=text_sha,
            state="ok",
        )
        placed = reanchor(mention, article.body, article.body_sha256)
        if placed.state == "orphaned":
            report.notes.append(f"{where}: {safe_line(exact, 40)!r} is not in the stored text; saved as orphaned")
        saved[placed.id] = placed
    if not saved:
        return 0
    try:
        ws.store.restore_all(article_id, saved.values())
    except InvalidInput:  # one bad mention: save the others one by one, each refusal noted
        for mention in list(saved.values()):
            try:
                ws.store.restore(article_id, mention)
            except InvalidInput as exc:
                report.notes.append(f"{record.where}: mention {mention.start}-{mention.end}: {exc.message}")
                del saved[mention.id]
    return len(saved)


# -- the import ------------------------------------------------------------------------------


@dataclass
class _Pending:
    id: str
    record: ImportRecord
    title: str


def _existing_keys(ws: Workspace) -> dict[str, str]:
    keys: dict[str, str] = {}
    for article_id in ws.article_ids():
        try:
            keys.setdefault(copy_key(ws.article(article_id).body), article_id)
        except SahelError:
            continue
    return keys


def _write_articles(
    ws: Workspace, records: Iterable[ImportRecord], report: ImportReport
) -> tuple[list[_Pending], dict[str, dict[str, str]]]:
    assert ws.corpus is not None
    corpus = ws.corpus
    keys = _existing_keys(ws)
    taken = {p.stem.casefold() for p in corpus.iterdir() if p.is_file()}
    pending: list[_Pending] = []
    metadata: dict[str, dict[str, str]] = {}
    for record in records:
        try:
            content, body, title = corpus_text(record)
        except SahelError as exc:
            report.refused.append(Refusal(record.where, exc.message))
            continue
        key = copy_key(body)
        if key in keys:
            report.copies.append(Copy(record.where, keys[key]))
            continue
        article_id = _article_id(record, body, taken)
        atomic_write_text(ids.safe_child(corpus, article_id, ".txt"), content)
        taken.add(article_id.casefold())
        keys[key] = article_id
        metadata[article_id] = _metadata_entry(record, report, article_id)
        pending.append(_Pending(article_id, record, title))
    return pending, metadata


def import_paths(
    ws: Workspace,
    paths: Iterable[Path],
    *,
    progress: Progress | None = None,
    index_progress: Progress | None = None,
    update_index: bool = True,
) -> ImportReport:
    """Import ``paths`` (files and folders) into the workspace's corpus; see the module doc."""
    if ws.corpus is None:
        raise SahelError("no corpus folder to import into: pass --corpus DIR")
    if ws.read_only:
        raise ReadOnlyWorkspace("the workspace is open read-only; nothing was imported", path=ws.root)
    ws.corpus.mkdir(parents=True, exist_ok=True)
    report = ImportReport()
    files = input_files(paths, report)
    pending, metadata = _write_articles(ws, read_records(files, report, progress), report)
    write_metadata(ws.root, metadata)
    ws.corpus_changed()
    added_ids = set()
    for item in pending:
        try:
            ws.article(item.id)
        except SahelError as exc:
            report.refused.append(Refusal(item.record.where, exc.message))
            continue
        entity_ids = merge_entities(ws, item.record.entities, report, item.record.where)
        count = save_mentions(ws, item.id, item.record, entity_ids, report)
        report.added.append(Added(item.id, item.record.original_name, item.title, count))
        added_ids.add(item.id)
    if added_ids:
        _join_groups(ws, added_ids, report)
    if update_index:
        report.index = ws.sync_index(progress=index_progress)
    return report


def _join_groups(ws: Workspace, added: set[str], report: ImportReport) -> None:
    for group in ws.story_groups():
        if len(group) < 2:
            continue
        for article_id in group:
            if article_id in added:
                report.joined.append(Joined(article_id, tuple(i for i in group if i != article_id)))
