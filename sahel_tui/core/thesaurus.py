"""The domain thesaurus: usual synonyms of conflict reporting, in English and French.

The data is ``sahel_tui/data/thesaurus.yaml``: groups of words and phrases that
mean the same thing in the news ("exit", "withdrawal", "pull out", "retrait").
:func:`expand` gives, for the words of a query, the other members of their groups,
for a search to add at a lower weight and to show ("also matched: ...").

Words match ignoring case and accents, and a final "s" of each word is ignored
("attacks" finds the group of "attack", "tués" that of "tué").  A phrase of the
thesaurus matches consecutive query words ("pull out").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from sahel_tui.core.catalog import fold_name
from sahel_tui.core.errors import Problem
from sahel_tui.core.yamlio import YamlDoc, parse_yaml

THESAURUS_FILE = "thesaurus.yaml"
GROUP_ID_RE = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class Group:
    id: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Thesaurus:
    path: str
    release: str
    groups: tuple[Group, ...]
    problems: tuple[Problem, ...]

    def __post_init__(self) -> None:
        index: dict[str, list[int]] = {}
        for number, group in enumerate(self.groups):
            for word in group.words:
                bucket = index.setdefault(word_key(word), [])
                if number not in bucket:
                    bucket.append(number)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_longest", max((len(k.split()) for k in index), default=1))

    def groups_of(self, phrase: str) -> list[Group]:
        """The groups that contain ``phrase`` (matched as :func:`word_key` folds it)."""
        index: dict[str, list[int]] = self._index  # type: ignore[attr-defined]
        return [self.groups[n] for n in index.get(word_key(phrase), ())]

    def expand(self, words: Iterable[str]) -> list[tuple[str, str]]:
        """``(query word or phrase, synonym)`` pairs for ``words``, in query and group order.

        Synonyms already among the query's words are left out, and each synonym is
        given once (for the first query word that brings it).
        """
        query = [w for w in words if isinstance(w, str) and w.strip()]
        keys = [word_key(w) for w in query]
        taken = set(keys)
        index: dict[str, list[int]] = self._index  # type: ignore[attr-defined]
        longest: int = self._longest  # type: ignore[attr-defined]
        out: list[tuple[str, str]] = []
        i = 0
        while i < len(query):
            for j in range(min(len(query), i + longest), i, -1):
                span = " ".join(keys[i:j])
                if span in index:
                    surface = " ".join(query[i:j])
                    taken.add(span)
                    for number in index[span]:
                        for synonym in self.groups[number].words:
                            key = word_key(synonym)
                            if key not in taken:
                                taken.add(key)
                                out.append((surface, synonym))
                    i = j
                    break
            else:
                i += 1
        return out


def word_key(text: str) -> str:
    """Case- and accent-free form of a word or phrase, each word without a final "s"."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in fold_name(text).split())


def expand(words: Iterable[str], thesaurus: Thesaurus | None = None) -> list[tuple[str, str]]:
    """``(query word, synonym)`` pairs from the shipped thesaurus (or ``thesaurus``).

    >>> expand(["ECOWAS", "exit"])[:3]
    [('exit', 'withdrawal'), ('exit', 'withdraw'), ('exit', 'withdrew')]
    """
    return (thesaurus if thesaurus is not None else shipped_thesaurus()).expand(words)


# ---------------------------------------------------------------------- loading


@cache
def shipped_thesaurus() -> Thesaurus:
    """The thesaurus shipped with sahel-tui."""
    resource = resources.files("sahel_tui").joinpath("data", THESAURUS_FILE)
    return parse_thesaurus(parse_yaml(resource.read_text("utf-8"), str(resource)))


def parse_thesaurus(doc: YamlDoc) -> Thesaurus:
    """The valid groups of a thesaurus document and the problems of the others."""
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        return Thesaurus(doc.path, "", (), (doc.problem("expected a mapping with a 'groups:' list"),))
    if data.get("version", 1) != 1:
        problems.append(doc.problem(f"unknown version {data.get('version')!r}", "version", severity="warning"))
    release = data.get("release")
    if not isinstance(release, (str, int, float)) or isinstance(release, bool):
        problems.append(doc.problem("the thesaurus has no 'release:' (its edition)", "release"))
        release = ""
    groups: list[Group] = []
    seen: dict[str, int | None] = {}
    for index, entry in enumerate(data["groups"]):
        group = _parse_group(doc, index, entry, problems)
        if group is None:
            continue
        if group.id in seen:
            problems.append(
                doc.problem(
                    f"duplicate group id {group.id!r} (first at line {seen[group.id]}); skipped", "groups", index
                )
            )
            continue
        seen[group.id] = doc.line("groups", index)
        groups.append(group)
    return Thesaurus(doc.path, str(release), tuple(groups), tuple(problems))


def _parse_group(doc: YamlDoc, index: int, entry: Any, problems: list[Problem]) -> Group | None:
    where = ("groups", index)
    if not isinstance(entry, dict):
        problems.append(doc.problem("a group must be a mapping with an id and words", *where))
        return None
    for key in entry:
        if key not in ("id", "words"):
            problems.append(doc.problem(f"unknown key {key!r} (ignored)", *where, key, severity="warning"))
    group_id = entry.get("id")
    if not isinstance(group_id, str) or not GROUP_ID_RE.match(group_id):
        problems.append(doc.problem(f"bad group id {group_id!r}: use lowercase letters, digits and '-'", *where, "id"))
        return None
    words = entry.get("words")
    if not isinstance(words, list):
        problems.append(doc.problem(f"words of {group_id!r} must be a list, e.g. [exit, withdrawal]", *where, "words"))
        return None
    kept: list[str] = []
    keys: set[str] = set()
    for position, word in enumerate(words):
        if not isinstance(word, str) or not word.strip():
            problems.append(
                doc.problem(f"word {word!r} of {group_id!r} is not text (skipped)", *where, "words", position)
            )
            continue
        clean = " ".join(word.split())
        if word_key(clean) in keys:
            problems.append(
                doc.problem(
                    f"{clean!r} repeats another word of {group_id!r} (skipped)",
                    *where,
                    "words",
                    position,
                    severity="warning",
                )
            )
            continue
        keys.add(word_key(clean))
        kept.append(clean)
    if len(kept) < 2:
        problems.append(doc.problem(f"group {group_id!r} needs at least two words", *where, "words"))
        return None
    return Group(group_id, tuple(kept))


__all__: Sequence[str] = ("Group", "Thesaurus", "expand", "parse_thesaurus", "shipped_thesaurus", "word_key")
