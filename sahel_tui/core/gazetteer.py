"""The regional gazetteer shipped with sahel-tui, and the workspace catalogs it seeds.

``sahel_tui/data/gazetteer.yaml`` has the format of a workspace's ``entities.yaml``
(plus a ``release:`` edition) and is validated by the same catalog functions.  Every
workspace's catalog is the gazetteer overridden and extended by the workspace's own
``entities.yaml``:

* an entry with a gazetteer id replaces the gazetteer's entry;
* ``gazetteer: {disable: [id, ...]}`` at the top of ``entities.yaml`` leaves those
  gazetteer entries out, and ``gazetteer: false`` leaves the whole gazetteer out
  (``Workspace(gazetteer=False)`` and ``sahel-tui --no-gazetteer`` do the same for
  one session).

A name shared by two entities of the same type makes lookups ambiguous: in the
gazetteer it is an error (the shipped file is tested to have none); between a
workspace entry and a gazetteer entry it is a warning on the workspace's line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from sahel_tui.core import ids
from sahel_tui.core.catalog import Seed, fold_name, parse_catalog
from sahel_tui.core.errors import Problem
from sahel_tui.core.labels import LabelSet
from sahel_tui.core.models import Entity
from sahel_tui.core.yamlio import YamlDoc, parse_yaml

GAZETTEER_FILE = "gazetteer.yaml"
SETTINGS_KEY = "gazetteer"  # top-level key of a workspace's entities.yaml


@dataclass(frozen=True)
class Gazetteer:
    """The validated entries of one gazetteer file."""

    path: str
    release: str
    entities: tuple[Entity, ...]
    problems: tuple[Problem, ...]

    def __len__(self) -> int:
        return len(self.entities)


def parse_gazetteer(doc: YamlDoc, labels: LabelSet) -> Gazetteer:
    """Entries and problems of a gazetteer document (the catalog's rules, plus shared names)."""
    entities, problems = parse_catalog(doc, labels)
    problems.extend(shared_names(doc, entities, severity="error"))
    data = doc.data if isinstance(doc.data, dict) else {}
    release = data.get("release")
    if not isinstance(release, (str, int, float)) or isinstance(release, bool):
        problems.append(doc.problem("the gazetteer has no 'release:' (its edition, e.g. 2026.12.0)", "release"))
        release = ""
    return Gazetteer(doc.path, str(release), tuple(entities), tuple(problems))


def shipped_gazetteer(labels: LabelSet | None = None) -> Gazetteer:
    """The gazetteer shipped with sahel-tui, validated against ``labels`` (default: built-ins)."""
    labels = labels if labels is not None else LabelSet.builtin()
    return _parsed(tuple((label.id, label.name) for label in labels), labels)


_LAST_LABELS: dict[tuple[tuple[str, str], ...], Gazetteer] = {}


def _parsed(key: tuple[tuple[str, str], ...], labels: LabelSet) -> Gazetteer:
    found = _LAST_LABELS.get(key)
    if found is None:
        found = parse_gazetteer(_shipped_doc(), labels)
        _LAST_LABELS.clear()  # one label set per process in practice; never grow without bound
        _LAST_LABELS[key] = found
    return found


@cache
def _shipped_doc() -> YamlDoc:
    resource = resources.files("sahel_tui").joinpath("data", GAZETTEER_FILE)
    return parse_yaml(resource.read_text("utf-8"), str(resource))


# ------------------------------------------------------------------ seeding


def seeder(gazetteer: Gazetteer) -> Seed:
    """The :data:`~sahel_tui.core.catalog.Seed` that puts ``gazetteer`` under a workspace's catalog."""

    def seed(doc: YamlDoc, own: list[Entity], problems: list[Problem]) -> tuple[list[Entity], list[Problem]]:
        return merge(gazetteer, doc, own, problems)

    return seed


def merge(
    gazetteer: Gazetteer, doc: YamlDoc, own: list[Entity], problems: list[Problem]
) -> tuple[list[Entity], list[Problem]]:
    """A workspace's own entities, then the gazetteer entries it neither overrides nor disables."""
    problems = [*problems, *gazetteer.problems]
    enabled, disabled = _settings(doc, problems)
    if not enabled:
        return list(own), problems
    known = {entity.id for entity in gazetteer.entities}
    for position, entity_id in enumerate(disabled):
        if entity_id not in known:
            problems.append(
                doc.problem(
                    f"{entity_id!r} is not a gazetteer id (nothing to disable)",
                    SETTINGS_KEY,
                    "disable",
                    position,
                    severity="warning",
                )
            )
    own_ids = {entity.id for entity in own}
    seeded = [e for e in gazetteer.entities if e.id not in own_ids and e.id not in disabled]
    problems.extend(shared_names(doc, own, others=seeded, severity="warning"))
    return [*own, *seeded], problems


def _settings(doc: YamlDoc, problems: list[Problem]) -> tuple[bool, set[str]]:
    """(use the gazetteer?, ids to leave out) from the ``gazetteer:`` key of ``entities.yaml``."""
    data = doc.data if isinstance(doc.data, dict) else {}
    value: Any = data.get(SETTINGS_KEY, True)
    if isinstance(value, bool):
        return value, set()
    usage = "'gazetteer:' must be true, false or a mapping such as {disable: [id, ...]}"
    if not isinstance(value, dict):
        problems.append(doc.problem(f"{usage} (the gazetteer is used)", SETTINGS_KEY))
        return True, set()
    for key in value:
        if key not in ("enabled", "disable"):
            problems.append(doc.problem(f"unknown key {key!r} under 'gazetteer:' (ignored)", SETTINGS_KEY, key))
    enabled = value.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(doc.problem("'enabled:' under 'gazetteer:' must be true or false", SETTINGS_KEY, "enabled"))
        enabled = True
    disable = value.get("disable") or []
    if not isinstance(disable, list):
        problems.append(doc.problem(f"{usage} (the disable list is ignored)", SETTINGS_KEY, "disable"))
        return enabled, set()
    out: set[str] = set()
    for position, item in enumerate(disable):
        if isinstance(item, str) and ids.ENTITY_ID_RE.match(item):
            out.add(item)
        else:
            problems.append(doc.problem(f"{item!r} is not an entity id (skipped)", SETTINGS_KEY, "disable", position))
    return enabled, out


# ------------------------------------------------------------------ shared names


def shared_names(
    doc: YamlDoc, entities: Iterable[Entity], *, others: Iterable[Entity] = (), severity: str
) -> list[Problem]:
    """Names or aliases (folded as the catalog's lookups fold them) claimed by two entities of one type.

    Pairs within ``entities`` are reported, and pairs of an entity of ``entities``
    with one of ``others``; the problem sits on the line of the entry in ``doc``.
    """
    owner: dict[tuple[str, str], str] = {}
    for entity in others:
        for name in entity.names:
            owner.setdefault((fold_name(name), entity.type), entity.id)
    index_of = _entry_indexes(doc)
    problems: list[Problem] = []
    for entity in entities:
        for position, name in enumerate(entity.names):
            key = (fold_name(name), entity.type)
            first = owner.setdefault(key, entity.id)
            if first == entity.id:
                continue
            where: tuple[Any, ...] = ("name",) if position == 0 else ("aliases", position - 1)
            problems.append(
                doc.problem(
                    f"{name!r} of {entity.id!r} is also a name of {first!r} ({entity.type}): "
                    "a lookup of it cannot tell them apart",
                    "entities",
                    index_of.get(entity.id, -1),
                    *where,
                    severity=severity,
                )
            )
    return problems


def _entry_indexes(doc: YamlDoc) -> dict[str, int]:
    data = doc.data if isinstance(doc.data, dict) else {}
    entries = data.get("entities")
    out: dict[str, int] = {}
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            out.setdefault(entry["id"], index)
    return out
