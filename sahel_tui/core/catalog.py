"""The canonical entity catalog: ``<workspace>/entities.yaml``.

Loading validates every entry and reports ``file:line: message`` problems; an
invalid entry is skipped and the rest loads.  Every change is a locked
re-read + merge + atomic write of the file, so two processes adding entities at
the same time both keep theirs, and entries this version cannot read (invalid
ones, unknown keys, the comment block at the top) are written back unchanged.

A catalog may have a ``seed``: entities it starts from, merged with the file's
own on every load (the workspace's seed is the shipped gazetteer, see
``gazetteer.py``).  Changing a seeded entity writes a copy of it to the file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from rapidfuzz import fuzz

from sahel_tui.core import ids
from sahel_tui.core.errors import InvalidInput, NotFound, Problem, ReadOnlyWorkspace, SahelError
from sahel_tui.core.folding import fold_name as fold_name  # re-exported for the shells
from sahel_tui.core.labels import LabelSet
from sahel_tui.core.models import Entity
from sahel_tui.core.yamlio import (
    FlowDict,
    FlowList,
    LineMap,
    YamlDoc,
    atomic_write_text,
    dump_yaml,
    leading_comments,
    load_yaml,
    locked_document,
    parse_yaml,
)

ENTITIES_FILE = "entities.yaml"
KEY_ORDER = ("id", "name", "type", "aliases", "admin_level", "country", "note", "external_ids", "related")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")  # ISO 3166-1 alpha-2
ADMIN_LEVELS = range(0, 4)
MAX_NAME = 200
_UNSET: Any = object()

T = TypeVar("T")

# Entities a catalog starts from (the shipped gazetteer), merged with the file's own:
# ``seed(doc, own entities, own problems)`` -> (all entities, all problems).
Seed = Callable[[YamlDoc, list[Entity], list[Problem]], tuple[list[Entity], list[Problem]]]


def find_duplicate(entities: Iterable[Entity], name: str, type_id: str, *, ignore: str | None = None) -> Entity | None:
    """The one duplicate-entity rule: an entity of the same type whose canonical name folds alike.

    ``Łódź`` and ``LODZ`` are one location; ``Gao`` the town and ``Gao`` an
    operation are two entities.  ``ignore`` is the entity being edited.
    """
    key = fold_name(name)
    for entity in entities:
        if entity.id != ignore and entity.type == type_id and fold_name(entity.name) == key:
            return entity
    return None


@dataclass(frozen=True)
class CatalogMatch:
    """One result of :meth:`Catalog.search`: the entity and the name that matched."""

    entity: Entity
    matched: str  # the canonical name, alias or id that matched the query
    score: float


class Catalog:
    """The entities of one workspace, in file order."""

    def __init__(
        self,
        workspace_dir: str | Path,
        entities: Iterable[Entity] = (),
        *,
        labels: LabelSet | None = None,
        read_only: bool = False,
        seed: Seed | None = None,
    ):
        self.workspace_dir = Path(workspace_dir)
        self.seed = seed
        self.path = self.workspace_dir / ENTITIES_FILE
        self.labels = labels if labels is not None else LabelSet.load(self.workspace_dir)[0]
        self.read_only = read_only
        self.problems: list[Problem] = []
        self.broken: Problem | None = None  # entities.yaml cannot be read: no catalog, never saved over
        self._set_entities(entities)

    @classmethod
    def load(
        cls,
        workspace_dir: str | Path,
        *,
        labels: LabelSet | None = None,
        read_only: bool = False,
        seed: Seed | None = None,
    ) -> tuple[Catalog, list[Problem]]:
        """The workspace catalog and the problems found in ``entities.yaml`` (and the seed)."""
        catalog = cls(workspace_dir, labels=labels, read_only=read_only, seed=seed)
        return catalog, catalog.reload()

    def reload(self) -> list[Problem]:
        """Re-read ``entities.yaml``.

        A broken file (not YAML, or not a mapping with an ``entities:`` list)
        yields one problem, no entities and :attr:`broken` set until a reload
        finds it fixed; :meth:`require_intact` then refuses to go on.
        """
        self._stamp = _file_stamp(self.path)  # before reading: a write in between is seen next time
        try:
            doc = load_yaml(self.path)
        except SahelError as exc:
            self._set_entities(())
            self.broken = Problem(exc.path or str(self.path), exc.line, exc.message)
            self.problems = [self.broken]
            return list(self.problems)
        self.broken = _structure_problem(doc)
        if self.broken is not None:
            self._set_entities(())
            self.problems = [self.broken]
            return list(self.problems)
        entities, self.problems = self._parse(doc)
        self._set_entities(entities)
        return list(self.problems)

    def require_intact(self) -> None:
        """Raise ``entities.yaml:line: ...`` when the file is broken (an empty catalog would be a lie)."""
        if self.broken is not None:
            raise SahelError(
                f"the entity catalog cannot be read, fix it first: {self.broken.message}",
                path=self.broken.path,
                line=self.broken.line,
            )

    def _parse(self, doc: YamlDoc) -> tuple[list[Entity], list[Problem]]:
        entities, problems = parse_catalog(doc, self.labels)
        return self.seed(doc, entities, problems) if self.seed is not None else (entities, problems)

    def _set_entities(self, entities: Iterable[Entity]) -> None:
        self._entities = {entity.id: entity for entity in entities}
        self._folded: dict[str, list[str]] = {}
        for entity in self._entities.values():
            for name in (entity.id, *entity.names):
                bucket = self._folded.setdefault(fold_name(name), [])
                if entity.id not in bucket:
                    bucket.append(entity.id)
        self._choices = [
            (fold_name(name), name, entity.id)
            for entity in self._entities.values()
            for name in (*entity.names, entity.id)
        ]

    # ------------------------------------------------------------------ reading

    def get(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id) if isinstance(entity_id, str) else None

    def require(self, entity_id: str) -> Entity:
        """The entity with this id, else :class:`NotFound`."""
        entity = self.get(entity_id)
        if entity is None:
            raise NotFound(f"no entity {entity_id!r} in the catalog")
        return entity

    def all(self) -> list[Entity]:
        return list(self._entities.values())

    def __iter__(self) -> Iterator[Entity]:
        return iter(list(self._entities.values()))

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, entity_id: object) -> bool:
        return isinstance(entity_id, str) and entity_id in self._entities

    def duplicate_of(self, name: str, type_id: str, *, ignore: str | None = None) -> Entity | None:
        """The entity a new (or renamed) entity called ``name`` of ``type_id`` would duplicate."""
        return find_duplicate(self._entities.values(), name, type_id, ignore=ignore)

    def find(self, text: str) -> list[Entity]:
        """Entities whose id, name or alias equals ``text`` (ignoring case, accents, spacing)."""
        return [self._entities[i] for i in self._folded.get(fold_name(text), [])]

    def search(self, text: str, limit: int = 10, types: Iterable[str] | None = None) -> list[Entity]:
        """Entities ranked by how well a name, alias or id matches ``text`` (fuzzy)."""
        return [match.entity for match in self.search_matches(text, limit, types)]

    def search_matches(self, text: str, limit: int = 10, types: Iterable[str] | None = None) -> list[CatalogMatch]:
        """Like :meth:`search`, with the name that matched and its score (0-300)."""
        wanted = {t.upper() for t in types} if types is not None else None
        query = fold_name(text)
        best: dict[str, CatalogMatch] = {}
        for folded, name, entity_id in self._choices:
            entity = self._entities[entity_id]
            if wanted is not None and entity.type not in wanted:
                continue
            score = _score(query, folded)
            if score is None:
                continue
            current = best.get(entity_id)
            if current is None or score > current.score:
                best[entity_id] = CatalogMatch(entity, name, score)
        ranked = sorted(best.values(), key=lambda m: (-m.score, fold_name(m.entity.name), m.entity.id))
        return ranked[: max(limit, 0)]

    def digest(self) -> str:
        """sha256 of the catalog's meaning (not its formatting): changes when an entity does."""
        payload = sorted((entity.to_json() for entity in self._entities.values()), key=lambda e: e["id"])
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    # ------------------------------------------------------------------ writing

    def add_entity(
        self,
        name: str,
        type: str,
        aliases: Iterable[str] = (),
        id: str | None = None,
        note: str | None = None,
        *,
        related: Iterable[str] = (),
        admin_level: int | None = None,
        external_ids: Mapping[str, str] | None = None,
    ) -> Entity:
        """Add a new entity; its id is ``slugify(name)`` made unique unless given."""
        clean_name = _clean_text(name, "name")
        label = self.labels.resolve(type)

        def change(raw: list[Any], fresh: dict[str, Entity]) -> str:
            _refuse_duplicate(fresh, clean_name, label.id)
            entity_id = _new_id(id, clean_name, fresh)
            entry: dict[str, Any] = {"id": entity_id, "name": clean_name, "type": label.id}
            entry.update(
                _optional_fields(
                    aliases=aliases,
                    note=note,
                    related=related,
                    admin_level=admin_level,
                    external_ids=external_ids,
                    name=clean_name,
                )
            )
            _validate_entry(entry, self.labels)
            raw.append(entry)
            return entity_id

        return self.require(self._edit(change))

    def add_alias(self, entity_id: str, alias: str) -> Entity:
        """Add ``alias`` to an entity (no-op when it already has that name or alias)."""
        clean = _clean_text(alias, "alias")

        def change(raw: list[Any], fresh: dict[str, Entity]) -> str:
            entry = _entry_of(raw, fresh, entity_id)
            current = fresh[entity_id]
            if clean.casefold() in {n.casefold() for n in current.names}:
                return entity_id
            aliases = entry.get("aliases")
            entry["aliases"] = [*(aliases if isinstance(aliases, list) else []), clean]
            _validate_entry(entry, self.labels)
            return entity_id

        return self.require(self._edit(change))

    def update_entity(
        self,
        entity_id: str,
        *,
        name: str = _UNSET,
        type: str = _UNSET,
        aliases: Iterable[str] = _UNSET,
        note: str | None = _UNSET,
        related: Iterable[str] = _UNSET,
        admin_level: int | None = _UNSET,
        external_ids: Mapping[str, str] | None = _UNSET,
    ) -> Entity:
        """Change the given fields of an entity (ids never change: annotations use them)."""

        def change(raw: list[Any], fresh: dict[str, Entity]) -> str:
            entry = _entry_of(raw, fresh, entity_id)
            if name is not _UNSET:
                entry["name"] = _clean_text(name, "name")
            if type is not _UNSET:
                entry["type"] = self.labels.resolve(type).id
            given = {
                key: value
                for key, value in {
                    "aliases": aliases,
                    "note": note,
                    "related": related,
                    "admin_level": admin_level,
                    "external_ids": external_ids,
                }.items()
                if value is not _UNSET
            }
            for key in given:
                entry.pop(key, None)
            entry.update(_optional_fields(name=entry["name"], **given))
            _validate_entry(entry, self.labels)
            if name is not _UNSET or type is not _UNSET:
                new_type = self.labels.resolve(type).id if type is not _UNSET else fresh[entity_id].type
                _refuse_duplicate(fresh, entry["name"], new_type, ignore=entity_id)
            return entity_id

        return self.require(self._edit(change))

    def _edit(self, change: Callable[[list[Any], dict[str, Entity]], T]) -> T:
        """Locked re-read of the file, ``change`` on its raw entries, atomic write, reload."""
        if self.read_only:
            raise ReadOnlyWorkspace("the workspace is open read-only; the catalog was not changed", path=self.path)
        with locked_document(self.path) as doc:
            if _structure_problem(doc) is not None:
                raise SahelError("not saved: the file has no 'entities:' list; fix it first", path=self.path)
            data = doc.data if doc.data is not None else {"version": 1, "entities": []}
            if not isinstance(data, dict) or not isinstance(data.setdefault("entities", []), list):
                raise SahelError("not saved: the file has no 'entities:' list; fix it first", path=self.path)
            fresh, _ = self._parse(doc)
            result = change(data["entities"], {entity.id: entity for entity in fresh})
            text = dump_yaml(_normalized(data), header=leading_comments(doc.text) if doc.text else _HEADER)
            atomic_write_text(self.path, text, locked=True)
            self._stamp = _file_stamp(self.path)
        entities, self.problems = self._parse(parse_yaml(text, self.path))
        self._set_entities(entities)
        return result

    def changed_on_disk(self) -> bool:
        """True when ``entities.yaml`` was written (by a teammate, an editor) since this catalog read it."""
        return _file_stamp(self.path) != getattr(self, "_stamp", None)

    def reload_if_changed(self) -> bool:
        """Re-read ``entities.yaml`` if someone else changed it; True when it was re-read."""
        if not self.changed_on_disk():
            return False
        self.reload()
        return True


def _file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is replaced or rewritten (atomic writes change the inode)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


_HEADER = "# Canonical entities: one entry per real-world actor, place, piece of equipment or event.\n"


# ---------------------------------------------------------------------- search


def _score(query: str, candidate: str) -> float | None:
    """Ranking score of one name for a query: exact > prefix > word prefix > fuzzy."""
    if not query:
        return 0.0
    if candidate == query:
        return 300.0
    if candidate.startswith(query):
        return 200.0 + 100.0 * len(query) / len(candidate)
    if any(word.startswith(query) for word in candidate.split()):
        return 150.0 + 50.0 * len(query) / len(candidate)
    if len(query) < 3:
        return None
    score = fuzz.WRatio(query, candidate, processor=None)
    return score if score >= 70 else None


# --------------------------------------------------------------------- writing


def _refuse_duplicate(fresh: Mapping[str, Entity], name: str, type_id: str, *, ignore: str | None = None) -> None:
    duplicate = find_duplicate(fresh.values(), name, type_id, ignore=ignore)
    if duplicate is not None:
        raise InvalidInput(f"{name!r} is already in the catalog as {duplicate.id!r}")


def _new_id(wanted: str | None, name: str, fresh: dict[str, Entity]) -> str:
    if wanted is not None:
        ids.check_entity_id(wanted)
        if wanted in fresh:
            raise InvalidInput(f"entity id {wanted!r} is already taken by {fresh[wanted].name!r}")
        return wanted
    base = ids.slugify(name)
    candidate, n = base, 2
    while candidate in fresh:
        suffix = f"-{n}"
        candidate = base[: 64 - len(suffix)].rstrip("-") + suffix
        n += 1
    return candidate


def _entry_of(raw: list[Any], fresh: dict[str, Entity], entity_id: str) -> dict[str, Any]:
    if entity_id not in fresh:
        raise NotFound(f"no entity {entity_id!r} in the catalog")
    for entry in raw:
        if isinstance(entry, dict) and entry.get("id") == entity_id:
            return entry
    # A seeded (gazetteer) entity: the file gets its own copy, which then overrides the seed.
    entity = fresh[entity_id]
    entry = {"id": entity.id, "name": entity.name, "type": entity.type}
    entry.update(
        _optional_fields(
            name=entity.name,
            aliases=entity.aliases,
            note=entity.note,
            related=entity.related,
            admin_level=entity.admin_level,
            external_ids=entity.external_ids,
        )
    )
    if entity.country:
        entry["country"] = list(entity.country)
    raw.append(entry)
    return entry


def _clean_text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"the {what} must be non-empty text")
    clean = " ".join(value.split())
    if len(clean) > MAX_NAME:
        raise InvalidInput(f"the {what} is too long ({len(clean)} characters; at most {MAX_NAME})")
    return clean


def _optional_fields(*, name: str, **given: Any) -> dict[str, Any]:
    """Raw values of the optional fields the caller gave (empty ones left out)."""
    out: dict[str, Any] = {}
    aliases = given.get("aliases")
    if aliases:
        seen = {name.casefold()}
        kept = []
        for alias in [aliases] if isinstance(aliases, str) else aliases:
            clean = _clean_text(alias, "alias")
            if clean.casefold() not in seen:  # "Diema" stays beside "Diéma"; "GAO" beside "Gao" does not
                seen.add(clean.casefold())
                kept.append(clean)
        if kept:
            out["aliases"] = kept
    note = given.get("note")
    if note is not None and str(note).strip():
        out["note"] = " ".join(str(note).split())
    if given.get("external_ids"):
        out["external_ids"] = {str(k): str(v) for k, v in dict(given["external_ids"]).items()}
    related = given.get("related")
    if related:
        out["related"] = [ids.check_entity_id(r) for r in ([related] if isinstance(related, str) else related)]
    if given.get("admin_level") is not None:
        out["admin_level"] = given["admin_level"]
    return out


def _validate_entry(entry: dict[str, Any], labels: LabelSet) -> None:
    """Refuse to write an entry the loader would not read back exactly as meant."""
    problems: list[Problem] = []
    known = {key: value for key, value in entry.items() if key in KEY_ORDER}
    _parse_entity(known, labels, _Reporter(YamlDoc(ENTITIES_FILE, None, _NO_LINES), 0, problems))
    if problems:
        raise InvalidInput(problems[0].message)


def _normalized(data: dict[str, Any]) -> dict[str, Any]:
    """The file content in its fixed layout: known keys in order, short lists on one line."""
    out = {"version": data.get("version", 1)}
    out.update({k: v for k, v in data.items() if k not in ("version", "entities")})
    out["entities"] = [_normalized_entry(e) if isinstance(e, dict) else e for e in data["entities"]]
    return out


def _normalized_entry(entry: dict[str, Any]) -> dict[str, Any]:
    ordered = {key: entry[key] for key in KEY_ORDER if key in entry}
    ordered.update({k: v for k, v in entry.items() if k not in ordered})
    for key, value in ordered.items():
        if isinstance(value, list) and all(_is_scalar(v) for v in value):
            ordered[key] = FlowList(value)
        elif isinstance(value, dict) and all(_is_scalar(v) for v in value.values()):
            ordered[key] = FlowDict(value)
    return ordered


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


# --------------------------------------------------------------------- loading


class _Reporter:
    """Problems about one entry (``entities[index]``) of a document."""

    def __init__(self, doc: YamlDoc, index: int, problems: list[Problem]):
        self.doc, self.index, self.problems = doc, index, problems

    def __call__(self, message: str, *path: Any, severity: str = "error") -> None:
        self.problems.append(self.doc.problem(message, "entities", self.index, *path, severity=severity))


_NO_LINES = LineMap()


def _structure_problem(doc: YamlDoc) -> Problem | None:
    """The problem of a document that is not a mapping with an ``entities:`` list (``None`` if it is)."""
    data = doc.data
    if data is None or (isinstance(data, dict) and isinstance(data.get("entities", []), list)):
        return None
    return doc.problem("expected a mapping with an 'entities:' list")


def parse_catalog(doc: YamlDoc, labels: LabelSet) -> tuple[list[Entity], list[Problem]]:
    """Valid entities of an ``entities.yaml`` document and the problems of the others."""
    if doc.data is None:
        return [], []
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("entities", []), list):
        return [], [doc.problem("expected a mapping with an 'entities:' list")]
    problems: list[Problem] = []
    if data.get("version", 1) != 1:
        problems.append(
            doc.problem(
                f"unknown version {data.get('version')!r}; reading it as version 1", "version", severity="warning"
            )
        )
    entities: dict[str, Entity] = {}
    first_line: dict[str, int | None] = {}
    for index, entry in enumerate(data.get("entities") or []):
        report = _Reporter(doc, index, problems)
        entity = _parse_entity(entry, labels, report)
        if entity is None:
            continue
        if entity.id in entities:
            report(f"duplicate entity id {entity.id!r} (first at line {first_line[entity.id]}); skipped", "id")
            continue
        entities[entity.id] = entity
        first_line[entity.id] = doc.line("entities", index)
    for index, entry in enumerate(data.get("entities") or []):
        _check_related(entry, entities, _Reporter(doc, index, problems))
    return list(entities.values()), problems


def _check_related(entry: Any, entities: dict[str, Entity], report: _Reporter) -> None:
    if not isinstance(entry, dict) or entry.get("id") not in entities:
        return
    related = entities[entry["id"]].related
    for position, other in enumerate(related):
        if other not in entities:
            report(f"related id {other!r} is not in the catalog", "related", position, severity="warning")


def _parse_entity(entry: Any, labels: LabelSet, report: _Reporter) -> Entity | None:
    if not isinstance(entry, dict):
        report("an entity must be a mapping with id, name and type")
        return None
    entity_id = entry.get("id")
    if entity_id is None:
        report("entity has no id")
        return None
    if not isinstance(entity_id, str) or not ids.ENTITY_ID_RE.match(entity_id):
        report(f"bad entity id {entity_id!r}: use lowercase letters, digits, '_', '.' or '-'", "id")
        return None
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        report(f"entity {entity_id!r} has no name" if name is None else f"name of {entity_id!r} must be text", "name")
        return None
    label = labels.get(entry["type"]) if isinstance(entry.get("type"), str) else None
    if label is None:
        if "type" not in entry:
            report(f"entity {entity_id!r} has no type")
        else:
            report(f"unknown type {entry['type']!r} for {entity_id!r}; valid types: {', '.join(labels.ids)}", "type")
        return None
    for key in entry:
        if key not in KEY_ORDER:
            report(f"unknown key {key!r} in {entity_id!r} (kept, not used)", key, severity="warning")
    return Entity(
        id=entity_id,
        name=" ".join(name.split()),
        type=label.id,
        aliases=_texts(entry, "aliases", report),
        note=_note(entry, report),
        external_ids=_external_ids(entry, report),
        related=_related(entry, report),
        admin_level=_admin_level(entry, label.id, report),
        country=_country(entry, report),
    )


def _texts(entry: dict[str, Any], key: str, report: _Reporter) -> tuple[str, ...]:
    value = entry.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        report(f"{key} of {entry['id']!r} must be a list, e.g. [A, B] (ignored)", key)
        return ()
    out: list[str] = []
    for position, item in enumerate(value):
        if isinstance(item, str) and item.strip():
            out.append(" ".join(item.split()))
        else:
            report(f"{key.removesuffix('es')} {item!r} of {entry['id']!r} is not text (skipped)", key, position)
    return tuple(out)


def _note(entry: dict[str, Any], report: _Reporter) -> str | None:
    note = entry.get("note")
    if note is None or isinstance(note, str):
        return note
    report(f"note of {entry['id']!r} must be text (ignored)", "note")
    return None


def _external_ids(entry: dict[str, Any], report: _Reporter) -> dict[str, str]:
    value = entry.get("external_ids")
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, (str, int)) and not isinstance(v, bool) for k, v in value.items()
    ):
        report(
            f"external_ids of {entry['id']!r} must map names to ids, e.g. {{wikidata: Q912}} (ignored)", "external_ids"
        )
        return {}
    return {k: str(v) for k, v in value.items()}


def _related(entry: dict[str, Any], report: _Reporter) -> tuple[str, ...]:
    value = entry.get("related")
    if value is None:
        return ()
    if not isinstance(value, list):
        report(f"related of {entry['id']!r} must be a list of entity ids (ignored)", "related")
        return ()
    out = []
    for position, item in enumerate(value):
        if isinstance(item, str) and ids.ENTITY_ID_RE.match(item):
            out.append(item)
        else:
            report(f"related {item!r} of {entry['id']!r} is not an entity id (skipped)", "related", position)
    return tuple(out)


def _country(entry: dict[str, Any], report: _Reporter) -> tuple[str, ...]:
    value = entry.get("country")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        report(f"country of {entry['id']!r} must be a code or a list of codes, e.g. [ML, NE] (ignored)", "country")
        return ()
    out: list[str] = []
    for position, item in enumerate(items):
        if isinstance(item, str) and COUNTRY_RE.match(item.strip().upper()):
            out.append(item.strip().upper())
        else:
            where = ("country",) if isinstance(value, str) else ("country", position)
            report(f"country {item!r} of {entry['id']!r} is not a two-letter ISO code such as ML (skipped)", *where)
    return tuple(dict.fromkeys(out))


def _admin_level(entry: dict[str, Any], type_id: str, report: _Reporter) -> int | None:
    value = entry.get("admin_level")
    if value is None:
        return None
    if type_id != "LOCATION":
        report(f"admin_level is only for LOCATION entities, not {type_id} (ignored)", "admin_level", severity="warning")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in ADMIN_LEVELS:
        report(
            f"admin_level of {entry['id']!r} must be 0 (country), 1 (region), 2 (district) or 3 (town)", "admin_level"
        )
        return None
    return value
