"""The shipped regional gazetteer and how it seeds every workspace's catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sahel_tui.core import gazetteer as gz
from sahel_tui.core.catalog import fold_name
from sahel_tui.core.detect import EntityMatcher, fold
from sahel_tui.core.errors import InvalidInput
from sahel_tui.core.labels import LabelSet
from sahel_tui.core.models import Entity
from sahel_tui.core.workspace import Workspace
from sahel_tui.core.yamlio import parse_yaml

ARTICLE = (
    "Militants of the GSIM attacked an army post near Tillaberi on Sunday, officials in Niamay said.\n\n"
    "The Volontaires pour la défense de la patrie were not involved, according to the FAMa.\n"
)


@pytest.fixture
def empty_ws(tmp_path: Path):
    """A workspace with no entities.yaml of its own over a one-article corpus."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "raid.txt").write_text("Attack near Tillaberi\n\n" + ARTICLE, encoding="utf-8")
    root = tmp_path / "ws"
    root.mkdir()
    ws = Workspace(corpus=corpus, root=root, author="tester")
    yield ws
    ws.close()


def _write_team_catalog(root: Path, text: str) -> None:
    (root / "entities.yaml").write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ the data


def test_shipped_gazetteer_is_large_valid_and_versioned():
    shipped = gz.shipped_gazetteer()
    assert len(shipped) >= 250
    assert shipped.problems == ()
    assert shipped.release
    types = {e.type for e in shipped.entities}
    assert {"ARMED_GROUP", "STATE_FORCE", "EXTERNAL_FORCE", "PERSON", "LOCATION", "ORGANIZATION"} <= types
    assert all(e.type in LabelSet.builtin() for e in shipped.entities)


def test_gazetteer_names_are_unambiguous_within_a_type():
    seen: dict[tuple[str, str], str] = {}
    for entity in gz.shipped_gazetteer().entities:
        for name in entity.names:
            owner = seen.setdefault((fold_name(name), entity.type), entity.id)
            assert owner == entity.id, f"{name!r} is a name of both {owner} and {entity.id}"


def test_gazetteer_has_the_names_analysts_meet():
    by_id = {e.id: e for e in gz.shipped_gazetteer().entities}
    for entity_id, names in {
        "jnim": ["GSIM", "Group for the Support of Islam and Muslims", "Jama'at Nusrat al-Islam wal-Muslimin"],
        "issp": ["ISGS", "EIGS", "ISSP", "Islamic State Sahel Province", "État islamique au Grand Sahara"],
        "ecowas": ["ECOWAS", "CEDEAO"],
        "aes": ["AES", "Confédération des États du Sahel"],
        "abdourahamane-tiani": ["Tiani", "Tchiani"],
        "timbuktu": ["Tombouctou"],
        "ouagadougou": ["Vagadugu"],
        "tillaberi": ["Tillaberi"],
        "tri-border-area": ["zone des trois frontières", "tri-border area"],
    }.items():
        assert set(names) <= set(by_id[entity_id].names), entity_id


def test_gazetteer_validation_reports_file_and_line():
    text = """\
version: 1
release: test
entities:
- id: gao
  name: Gao
  type: LOCATION
- id: gao-town
  name: Gao town
  type: LOCATION
  aliases: [Gao]
- id: gao
  name: Gao again
  type: LOCATION
- id: bad
  name: Bad
  type: NOT_A_TYPE
"""
    parsed = gz.parse_gazetteer(parse_yaml(text, "gaz.yaml"), LabelSet.builtin())
    found = {(p.line, p.severity) for p in parsed.problems}
    assert (10, "error") in found  # the alias Gao, claimed by two locations
    assert (11, "error") in found  # duplicate id
    assert (16, "error") in found  # unknown type
    assert [e.id for e in parsed.entities] == ["gao", "gao-town"]


# --------------------------------------------------------------- the catalog


def test_every_workspace_catalog_starts_from_the_gazetteer(empty_ws):
    assert len(empty_ws.catalog) >= 250
    assert [e.id for e in empty_ws.catalog.find("Niamay")] == ["niamey"]
    assert [e.id for e in empty_ws.catalog.find("GSIM")] == ["jnim"]
    assert empty_ws.resolve_entity("Tchiani") == ["abdourahamane-tiani"]
    assert empty_ws.catalog.search("Tilaberi", limit=1)[0].id == "tillaberi"  # misspelt: fuzzy


def test_the_team_file_overrides_extends_and_disables(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    _write_team_catalog(
        root,
        """\
version: 1
gazetteer:
  disable: [koglweogo, no-such-entry]
entities:
- id: niamey
  name: Niamey
  type: LOCATION
  aliases: [Niamey city]
  note: Our own note.
- id: checkpoint-12
  name: Checkpoint 12
  type: LOCATION
""",
    )
    with Workspace(corpus=None, root=root) as ws:
        catalog = ws.catalog
        assert catalog.get("niamey").note == "Our own note."
        assert catalog.find("Niamay") == []  # the team's entry replaced the gazetteer's, aliases included
        assert catalog.get("checkpoint-12") is not None
        assert catalog.get("koglweogo") is None
        assert catalog.get("gao") is not None
        assert [e.id for e in catalog.all()[:2]] == ["niamey", "checkpoint-12"]  # the team's own come first
        warnings = [p for p in ws.problems() if p.severity == "warning"]
        assert any("no-such-entry" in p.message and p.line == 3 for p in warnings)


@pytest.mark.parametrize("how", ["file", "flag"])
def test_the_gazetteer_can_be_turned_off(tmp_path, how):
    root = tmp_path / "ws"
    root.mkdir()
    off = "gazetteer: false\n" if how == "file" else ""
    _write_team_catalog(root, f"version: 1\n{off}entities:\n- {{id: ours, name: Ours, type: LOCATION}}\n")
    with Workspace(corpus=None, root=root, gazetteer=how != "flag") as ws:
        assert [e.id for e in ws.catalog] == ["ours"]


def test_a_team_name_that_a_gazetteer_entry_also_has_is_a_warning_with_its_line(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    _write_team_catalog(
        root, "version: 1\nentities:\n- id: our-gao\n  name: Our Gao\n  type: LOCATION\n  aliases: [Gao]\n"
    )
    with Workspace(corpus=None, root=root) as ws:
        problems = ws.check()
    assert [(Path(p.path).name, p.line, p.severity) for p in problems] == [("entities.yaml", 6, "warning")]
    assert "'gao'" in problems[0].message


def test_check_reports_problems_of_the_gazetteer_file(tmp_path, monkeypatch):
    broken = "version: 1\nrelease: x\nentities:\n- id: a\n  name: A\n  type: LOCATION\n- id: a\n  name: B\n  type: LOCATION\n"
    monkeypatch.setattr(gz, "_shipped_doc", lambda: parse_yaml(broken, "/x/gazetteer.yaml"))
    monkeypatch.setattr(gz, "_LAST_LABELS", {})
    with Workspace(corpus=None, root=tmp_path) as ws:
        problems = ws.check()
    assert [(p.path, p.line, p.severity) for p in problems] == [("/x/gazetteer.yaml", 7, "error")]


def test_editing_a_gazetteer_entity_gives_the_team_its_own_copy(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    with Workspace(corpus=None, root=root) as ws:
        ws.add_alias("niamey", "Niamee")
        assert "Niamay" in ws.catalog.get("niamey").aliases
    saved = yaml.safe_load((root / "entities.yaml").read_text(encoding="utf-8"))
    [entry] = saved["entities"]
    assert entry["id"] == "niamey" and entry["country"] == ["NE"]
    assert {"Niamay", "Niamee"} <= set(entry["aliases"])
    with Workspace(corpus=None, root=root) as ws:
        assert [e.id for e in ws.catalog.find("Niamee")] == ["niamey"]
        assert ws.catalog.get("gao") is not None


def test_a_new_entity_may_not_repeat_a_gazetteer_entity(tmp_path):
    with Workspace(corpus=None, root=tmp_path) as ws, pytest.raises(InvalidInput, match="already in the catalog"):
        ws.add_entity("Gao", "LOCATION")


# ------------------------------------------------- detection and search


def test_detection_suggests_gazetteer_entities(empty_ws):
    suggested = {o.entity for o in empty_ws.suggestions("raid")}
    assert {"jnim", "tillaberi", "niamey", "vdp", "fama"} <= suggested


def test_search_finds_an_article_by_another_name_of_a_gazetteer_entity(empty_ws):
    empty_ws.sync_index()
    hits = empty_ws.search('"Group for the Support of Islam and Muslims"').hits
    assert [h.id for h in hits] == ["raid"]
    assert [h.id for h in empty_ws.search("entity:jnim").hits] == ["raid"]


def test_without_the_gazetteer_the_other_name_finds_nothing(tmp_path, empty_ws):
    with Workspace(corpus=empty_ws.corpus, root=tmp_path / "other", gazetteer=False) as ws:
        ws.sync_index()
        assert ws.search('"Group for the Support of Islam and Muslims"').hits == ()


# ------------------------------------------- detection stays fast and exact


def _plain_alternation_find(entities, text: str) -> list[tuple[int, int, str]]:
    """What detection finds with one ``longest|...|shortest`` alternation of the folded names."""
    names: dict[str, set[str]] = {}
    for entity in entities:
        for name in entity.names:
            name = " ".join(name.split())
            names.setdefault(fold(name), set()).add(entity.id)
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{body})(?![\w])")
    return [
        (m.start(), m.end(), e)
        for m in pattern.finditer(fold(text))
        for e in sorted(names[" ".join(m.group(0).split())])
    ]


_NAMES = ["Gao", "Gao Region", "Gaol", "Ga", "Mali", "Malian army", "Malian Armed Forces", "Ségou", "Segou Region"]
_ENTITIES = [
    Entity(id=f"e{i}", name=name, type="LOCATION", aliases=(name + " town",) if i % 2 else ())
    for i, name in enumerate(_NAMES)
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*_NAMES, "town", " ", "  ", "\n", "x", "-", "é", "GAO", "Region", "l"]), max_size=14))
def test_detection_finds_what_a_plain_alternation_finds(pieces):
    text = "".join(pieces)
    found = [(m.start, m.end, m.entity) for m in EntityMatcher(_ENTITIES).find(text)]
    expected = _plain_alternation_find(_ENTITIES, text)
    assert found == expected
