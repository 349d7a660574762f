"""Entity types (labels) as data.

The built-in types live in ``core/data/labels.yaml``; a workspace may add its own
or change a built-in one (name, description, key, colour) in its ``labels.yaml``::

    version: 1
    labels:
    - id: CHECKPOINT
      name: Checkpoint
      key: '0'
      color: '#AA7733'
      description: A road checkpoint run by any armed actor.

Ids are matched case-insensitively on input (``armed group``, ``armed-group`` and
``ARMED_GROUP`` are one label) and stored upper case.  Each label has at most one
key; the navigation keys in :data:`RESERVED_KEYS` are never label keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sahel_tui.core.errors import InvalidInput, Problem, SahelError
from sahel_tui.core.models import Label
from sahel_tui.core.type_mapping import foreign_label
from sahel_tui.core.yamlio import YamlDoc, load_yaml, parse_yaml

LABELS_FILE = "labels.yaml"
RESERVED_KEYS = frozenset("hjklnNvu/?q")
LABEL_ID_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,39}$")
_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$|^[a-z]+$")
_FIELDS = ("id", "name", "description", "key", "color")


def normalize_label_id(text: str) -> str:
    """``armed group`` / ``armed-group`` / ``Armed_Group`` -> ``ARMED_GROUP``."""
    return re.sub(r"[\s\-]+", "_", text.strip()).upper()


class LabelSet:
    """An ordered, read-only set of labels: built-ins first, then workspace additions."""

    def __init__(self, labels: Iterable[Label]):
        self._labels: dict[str, Label] = {}
        for label in labels:
            self._labels[label.id] = label
        self._by_key = {label.key: label for label in self._labels.values() if label.key}

    @classmethod
    def builtin(cls) -> LabelSet:
        """The labels shipped with sahel-tui."""
        return cls(_builtin_labels())

    @classmethod
    def load(cls, workspace_dir: str | Path | None) -> tuple[LabelSet, list[Problem]]:
        """Built-in labels plus those of ``<workspace>/labels.yaml`` (if any).

        A broken workspace file yields problems and the built-in labels.
        """
        builtin = cls.builtin()
        if workspace_dir is None:
            return builtin, []
        try:
            doc = load_yaml(Path(workspace_dir) / LABELS_FILE)
        except SahelError as exc:
            return builtin, [Problem(exc.path or LABELS_FILE, exc.line, exc.message)]
        if doc.data is None:
            return builtin, []
        extra, problems = _parse_labels(doc, builtin._labels)
        merged = dict(builtin._labels)
        for label in extra:
            merged[label.id] = label
        return cls(merged.values()), problems

    # ------------------------------------------------------------------ lookups

    def get(self, label_id: str) -> Label | None:
        """The label with this id, matched case-insensitively; ``None`` if unknown.

        Types of other tools (``ORG``, ``GPE``, ``PER``...) are understood through
        :data:`sahel_tui.core.type_mapping.FOREIGN_TYPES`; our own labels win.
        """
        if not isinstance(label_id, str):
            return None
        found = self._labels.get(normalize_label_id(label_id))
        if found is None and (mapped := foreign_label(label_id)) is not None:
            found = self._labels.get(mapped)
        return found

    def by_key(self, key: str) -> Label | None:
        """The label applied by ``key`` in the reader, if any."""
        return self._by_key.get(key)

    def resolve(self, text: str) -> Label:
        """The label named by ``text`` (id, case-insensitive), else :class:`InvalidInput`."""
        label = self.get(text)
        if label is None:
            raise InvalidInput(f"unknown label {text!r}; valid labels: {', '.join(self.ids)}")
        return label

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._labels)

    def __iter__(self) -> Iterator[Label]:
        return iter(self._labels.values())

    def __len__(self) -> int:
        return len(self._labels)

    def __contains__(self, label_id: object) -> bool:
        return isinstance(label_id, str) and self.get(label_id) is not None


# ---------------------------------------------------------------------- parsing


@cache
def _builtin_labels() -> tuple[Label, ...]:
    text = resources.files("sahel_tui.core").joinpath("data", LABELS_FILE).read_text("utf-8")
    labels, problems = _parse_labels(parse_yaml(text, f"sahel_tui/core/data/{LABELS_FILE}"), {})
    errors = [p for p in problems if p.severity == "error"]
    if errors:  # the shipped file is tested; this only fires on a broken install
        raise SahelError(str(errors[0]))
    return tuple(labels)


def _parse_labels(doc: YamlDoc, existing: dict[str, Label]) -> tuple[list[Label], list[Problem]]:
    """Labels of one labels.yaml; ``existing`` are the labels it may override."""
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("labels"), list):
        return [], [doc.problem("expected a mapping with a 'labels:' list")]
    taken_keys = {label.key: label.id for label in existing.values() if label.key}
    labels: list[Label] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["labels"]):
        label = _parse_label(doc, index, entry, existing, seen, problems)
        if label is None:
            continue
        label = _check_key(doc, index, label, taken_keys, problems)
        seen.add(label.id)
        labels.append(label)
    return labels, problems


def _parse_label(
    doc: YamlDoc,
    index: int,
    entry: Any,
    existing: dict[str, Label],
    seen: set[str],
    problems: list[Problem],
) -> Label | None:
    where = ("labels", index)
    if not isinstance(entry, dict):
        problems.append(doc.problem("a label must be a mapping (id, name, description, key, color)", *where))
        return None
    for key in entry:
        if key not in _FIELDS:
            problems.append(doc.problem(f"unknown key {key!r} (ignored)", *where, key, severity="warning"))
    raw_id = entry.get("id")
    label_id = normalize_label_id(raw_id) if isinstance(raw_id, str) else ""
    if not LABEL_ID_RE.match(label_id):
        problems.append(doc.problem(f"bad label id {raw_id!r}: use letters, digits and '_'", *where, "id"))
        return None
    if label_id in seen:
        problems.append(doc.problem(f"duplicate label id {label_id} (skipped)", *where, "id"))
        return None
    base = existing.get(label_id)
    values: dict[str, str] = {"id": label_id}
    for name in ("name", "description", "key", "color"):
        value = entry.get(name, getattr(base, name, None))
        if value is None and name in ("key", "description"):
            value = ""
        if value is None:
            problems.append(doc.problem(f"label {label_id} has no {name}", *where))
            return None
        if not isinstance(value, str):
            problems.append(doc.problem(f"{name} of label {label_id} must be text", *where, name))
            return None
        values[name] = " ".join(value.split()) if name != "description" else value.strip()
    if not _COLOR_RE.match(values["color"]):
        problems.append(doc.problem(f"color of {label_id} must be '#RRGGBB' or a colour name", *where, "color"))
        return None
    return Label(**values)


def _check_key(doc: YamlDoc, index: int, label: Label, taken: dict[str, str], problems: list[Problem]) -> Label:
    """Drop a key that is reserved, not one character, or already another label's."""
    key = label.key
    if not key:
        return label
    owner = taken.get(key)
    reason = None
    if len(key) != 1 or not key.isprintable() or key.isspace():
        reason = "must be a single character"
    elif key in RESERVED_KEYS:
        reason = "is kept for navigation"
    elif owner is not None and owner != label.id:
        reason = f"is already the key of {owner}"
    if reason is None:
        taken[key] = label.id
        return label
    problems.append(
        doc.problem(
            f"key {key!r} of {label.id} {reason}; the label has no key", "labels", index, "key", severity="warning"
        )
    )
    return replace(label, key="")
