"""Entity types, the entity catalog and per-article metadata overrides."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sahel_tui.core.catalog import Catalog
from sahel_tui.core.errors import InvalidInput, NotFound, ReadOnlyWorkspace, SahelError
from sahel_tui.core.labels import RESERVED_KEYS, LabelSet
from sahel_tui.core.metadata import load_overrides, set_override
from sahel_tui.core.yamlio import load_yaml

REPO = Path(__file__).resolve().parents[2]
SHIPPED_CATALOG = REPO / "index" / "entities.yaml"
REQUIRED_LABELS = {
    "PERSON",
    "STATE_FORCE",
    "ARMED_GROUP",
    "EXTERNAL_FORCE",
    "ORGANIZATION",
    "LOCATION",
    "EQUIPMENT",
    "EVENT",
    "DATE",
}


def contrast(hex_color: str, background: float) -> float:
    """WCAG contrast ratio of a colour against a background of relative luminance ``background``."""
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    lum = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    hi, lo = max(lum, background), min(lum, background)
    return (hi + 0.05) / (lo + 0.05)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------- labels


def test_builtin_labels_cover_the_acled_actor_and_place_types() -> None:
    labels = LabelSet.builtin()
    assert set(labels.ids) >= REQUIRED_LABELS
    for label in labels:
        assert label.name and label.description.count(".") >= 1
    acled = [label.id for label in labels if "ACLED" in label.description]
    assert set(acled) == REQUIRED_LABELS
    assert "inter code 8" in labels.resolve("EXTERNAL_FORCE").description


def test_label_keys_are_unique_digits_that_do_not_clash_with_navigation() -> None:
    keys = [label.key for label in LabelSet.builtin()]
    assert len(set(keys)) == len(keys)
    assert all(len(k) == 1 and k.isdigit() for k in keys)
    assert not set(keys) & RESERVED_KEYS
    assert LabelSet.builtin().by_key("6").id == "LOCATION"
    assert LabelSet.builtin().by_key("j") is None


def test_label_colours_are_readable_on_dark_and_light_backgrounds() -> None:
    for label in LabelSet.builtin():
        assert contrast(label.color, 0.0) >= 3.0, label.id
        assert contrast(label.color, 1.0) >= 3.0, label.id


@pytest.mark.parametrize("text", ["armed_group", "Armed Group", "armed-group", "ARMED_GROUP"])
def test_labels_are_matched_case_insensitively(text: str) -> None:
    assert LabelSet.builtin().resolve(text).id == "ARMED_GROUP"


def test_unknown_label_error_lists_the_valid_ids() -> None:
    with pytest.raises(InvalidInput) as caught:
        LabelSet.builtin().resolve("militia")
    assert "'militia'" in str(caught.value) and "ARMED_GROUP" in str(caught.value) and "DATE" in str(caught.value)


def test_workspace_labels_extend_and_override_the_builtin_ones(tmp_path: Path) -> None:
    write(
        tmp_path / "labels.yaml",
        """\
version: 1
labels:
- id: checkpoint
  name: Checkpoint
  key: '0'
  color: '#AA7733'
  description: A road checkpoint run by any armed actor.
- id: LOCATION
  color: '#117733'
- id: ROUTE
  name: Route
  key: j
  color: '#999933'
- id: CONVOY
  name: Convoy
  key: '3'
  color: '#999933'
""",
    )
    labels, problems = LabelSet.load(tmp_path)
    assert labels.ids[:9] == LabelSet.builtin().ids  # stable order: built-ins first
    assert labels.ids[9:] == ("CHECKPOINT", "ROUTE", "CONVOY")
    assert labels.by_key("0").id == "CHECKPOINT"
    assert labels.get("location").color == "#117733"
    assert labels.get("location").name == "Location"  # fields not given keep the built-in value
    assert labels.get("ROUTE").key == "" and labels.get("CONVOY").key == ""
    assert labels.by_key("3").id == "ARMED_GROUP"
    assert [(p.line, p.severity) for p in problems] == [(12, "warning"), (16, "warning")]
    assert "kept for navigation" in problems[0].message and "ARMED_GROUP" in problems[1].message


def test_broken_workspace_labels_file_falls_back_to_builtin(tmp_path: Path) -> None:
    write(tmp_path / "labels.yaml", "labels: [\n")
    labels, problems = LabelSet.load(tmp_path)
    assert labels.ids == LabelSet.builtin().ids
    assert len(problems) == 1 and problems[0].path.endswith("labels.yaml")


# -------------------------------------------------------------------- catalog


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copy(SHIPPED_CATALOG, tmp_path / "entities.yaml")
    return tmp_path


def test_shipped_catalog_loads_without_problems(workspace: Path) -> None:
    catalog, problems = Catalog.load(workspace)
    assert problems == []
    assert len(catalog) > 40
    jnim = catalog.require("jnim")
    assert jnim.type == "ARMED_GROUP" and "GSIM" in jnim.aliases
    assert catalog.get("niamey").admin_level == 3


def test_find_ignores_case_accents_and_matches_ids_names_aliases(workspace: Path) -> None:
    catalog, _ = Catalog.load(workspace)
    assert [e.id for e in catalog.find("DIEMA")] == ["diema"]
    assert [e.id for e in catalog.find("diéma")] == ["diema"]
    assert [e.id for e in catalog.find("  niamay ")] == ["niamey"]
    assert [e.id for e in catalog.find("wagner-group")] == ["wagner-group"]
    assert catalog.find("Atlantis") == []


def test_fuzzy_search_ranks_the_intended_entity_first(workspace: Path) -> None:
    catalog, _ = Catalog.load(workspace)
    assert catalog.search("jnim")[0].id == "jnim"
    assert catalog.search("Wagnr")[0].id == "wagner-group"
    assert catalog.search("timbuktoo")[0].id == "timbuktu"
    assert catalog.search("afri", limit=3)[0].id == "africa-corps"
    assert all(e.type == "LOCATION" for e in catalog.search("ma", types=["location"]))
    assert len(catalog.search("", limit=5)) == 5
    assert catalog.search("zzzzqqqq") == []


def test_add_entity_makes_a_unique_id_and_saves(workspace: Path) -> None:
    catalog, _ = Catalog.load(workspace)
    first = catalog.add_entity(
        "Katiba Macina", "armed group", aliases=["Macina Liberation Front", "FLM", "katiba macina", "Katība Macina"]
    )
    second = catalog.add_entity("Katiba Macina", "ORGANIZATION")
    assert (first.id, second.id) == ("katiba-macina", "katiba-macina-2")
    reloaded, problems = Catalog.load(workspace)
    assert problems == []
    assert reloaded.require("katiba-macina").aliases == ("Macina Liberation Front", "FLM", "Katība Macina")
    assert load_yaml(workspace / "entities.yaml").text.startswith("# Canonical entities")


def test_add_entity_refuses_bad_input(workspace: Path) -> None:
    catalog, _ = Catalog.load(workspace)
    with pytest.raises(InvalidInput, match="already in the catalog as 'jnim'"):
        catalog.add_entity("jama'at nusrat al-islam wal-muslimin", "ARMED_GROUP")
    with pytest.raises(InvalidInput, match="unknown label"):
        catalog.add_entity("X", "MILITIA")
    with pytest.raises(InvalidInput, match="already taken"):
        catalog.add_entity("Other", "PERSON", id="jnim")
    with pytest.raises(InvalidInput, match="invalid entity id"):
        catalog.add_entity("Other", "PERSON", id="../../etc")
    with pytest.raises(InvalidInput, match="non-empty"):
        catalog.add_entity("   ", "PERSON")
    with pytest.raises(InvalidInput, match="admin_level is only for LOCATION"):
        catalog.add_entity("Someone", "PERSON", admin_level=2)
    with pytest.raises(InvalidInput, match="admin_level of 'kidal' must be 0"):
        catalog.add_entity("Kidal", "LOCATION", admin_level=7)
    assert (workspace / "entities.yaml").read_bytes() == SHIPPED_CATALOG.read_bytes()


def test_add_alias_and_update_entity(workspace: Path) -> None:
    catalog, _ = Catalog.load(workspace)
    before = catalog.digest()
    assert catalog.add_alias("gao", "Gao town").aliases == ("Gao town",)
    assert catalog.add_alias("gao", "GAO TOWN").aliases == ("Gao town",)  # no twin alias
    assert catalog.add_alias("gao", "Gáo").aliases == ("Gao town", "Gáo")  # spelling variants are kept
    updated = catalog.update_entity("gao", note="Regional capital in northern Mali.", admin_level=3)
    assert updated.note == "Regional capital in northern Mali." and updated.admin_level == 3
    assert catalog.digest() != before
    assert Catalog.load(workspace)[0].require("gao") == updated
    with pytest.raises(NotFound):
        catalog.add_alias("atlantis", "x")


def test_digest_ignores_formatting_but_not_meaning(workspace: Path) -> None:
    digest = Catalog.load(workspace)[0].digest()
    path = workspace / "entities.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("# Canonical", "#  Canonical") + "\n\n", encoding="utf-8")
    assert Catalog.load(workspace)[0].digest() == digest
    path.write_text(path.read_text(encoding="utf-8").replace("name: Gao", "name: Gao City"), encoding="utf-8")
    assert Catalog.load(workspace)[0].digest() != digest


def test_rewriting_the_shipped_catalog_changes_only_what_was_edited(workspace: Path) -> None:
    path = workspace / "entities.yaml"
    original = path.read_text(encoding="utf-8")
    Catalog.load(workspace)[0].add_alias("gao", "Gao town")
    new = path.read_text(encoding="utf-8")
    removed = [line for line in original.splitlines() if line not in new.splitlines()]
    added = [line for line in new.splitlines() if line not in original.splitlines()]
    assert removed == []
    assert added == ["  aliases: [Gao town]"]


def test_invalid_entries_are_reported_skipped_and_kept_on_save(tmp_path: Path) -> None:
    write(
        tmp_path / "entities.yaml",
        """\
# team catalog
version: 1
entities:
- id: gao
  name: Gao
  type: location
  wikipedia: Gao
- id: Bad Id
  name: Bad
  type: LOCATION
- id: ghost
  name: Ghost
  type: WIZARD
- id: gao
  name: Gao again
  type: LOCATION
- id: kidal
  type: LOCATION
- id: menaka
  name: Menaka
  type: LOCATION
  aliases: [Ménaka, 42]
  related: [atlantis]
- id: fama
  name: FAMa
  type: STATE_FORCE
  admin_level: 1
""",
    )
    catalog, problems = Catalog.load(tmp_path)
    assert [e.id for e in catalog] == ["gao", "menaka", "fama"]
    assert catalog.require("gao").type == "LOCATION"
    assert catalog.require("menaka").aliases == ("Ménaka",)
    assert catalog.require("fama").admin_level is None
    found = {(p.line, p.severity, p.message.split(" ")[0]) for p in problems}
    assert found == {
        (7, "warning", "unknown"),  # key 'wikipedia'
        (8, "error", "bad"),  # id 'Bad Id'
        (13, "error", "unknown"),  # type WIZARD
        (14, "error", "duplicate"),
        (17, "error", "entity"),  # kidal has no name
        (22, "error", "alias"),  # 42 is not text
        (23, "warning", "related"),  # atlantis
        (27, "warning", "admin_level"),
    }
    catalog.add_entity("Kidal", "LOCATION", admin_level=3)
    text = (tmp_path / "entities.yaml").read_text(encoding="utf-8")
    assert text.startswith("# team catalog\n")
    for kept in ("id: Bad Id", "type: WIZARD", "name: Gao again", "wikipedia: Gao", "aliases: [Ménaka, 42]"):
        assert kept in text
    assert [e.id for e in Catalog.load(tmp_path)[0]] == ["gao", "menaka", "fama", "kidal"]


def test_catalog_write_refused_when_read_only_or_file_broken(workspace: Path) -> None:
    catalog, _ = Catalog.load(workspace, read_only=True)
    with pytest.raises(ReadOnlyWorkspace):
        catalog.add_entity("Kidal", "LOCATION")
    path = workspace / "entities.yaml"
    broken = path.read_text(encoding="utf-8") + "- id: [unclosed\n"
    path.write_text(broken, encoding="utf-8")
    catalog, problems = Catalog.load(workspace)
    assert len(catalog) == 0 and len(problems) == 1 and problems[0].line is not None
    with pytest.raises(SahelError, match="must be fixed first"):
        catalog.add_entity("Kidal", "LOCATION")
    assert path.read_text(encoding="utf-8") == broken


# ------------------------------------------------------------------- metadata


def test_metadata_overrides_are_validated_with_lines(tmp_path: Path) -> None:
    write(
        tmp_path / "metadata.yaml",
        """\
001_23b65a7a60091617:
  title: Niger lends Mali a C-130
  date: 2024-03-22
  source: Example Outlet
  url: https://example.org/a
002_e3712bf52d55873d:
  date: 2024-02-30
  url: ftp://example.org
  colour: red
  title: null
../etc/passwd:
  title: x
003_783cb80014228163: just a string
""",
    )
    overrides, problems = load_overrides(tmp_path)
    assert overrides == {
        "001_23b65a7a60091617": {
            "title": "Niger lends Mali a C-130",
            "date": "2024-03-22",
            "source": "Example Outlet",
            "url": "https://example.org/a",
        }
    }
    assert [(p.line, p.severity) for p in problems] == [
        (7, "error"),
        (8, "error"),
        (9, "warning"),
        (11, "error"),
        (13, "error"),
    ]
    assert "does not exist" in problems[0].message


def test_set_override_merges_and_removes_fields(tmp_path: Path) -> None:
    write(tmp_path / "metadata.yaml", "# overrides\nzzz_other:\n  title: kept as is\n  colour: blue\n")
    assert set_override(tmp_path, "001_a", title="  A  better   title ", date="2024-03-22") == {
        "title": "A better title",
        "date": "2024-03-22",
    }
    assert set_override(tmp_path, "001_a", date=None) == {"title": "A better title"}
    overrides, _ = load_overrides(tmp_path)
    assert overrides == {"001_a": {"title": "A better title"}, "zzz_other": {"title": "kept as is"}}
    text = (tmp_path / "metadata.yaml").read_text(encoding="utf-8")
    assert text.startswith("# overrides\n001_a:") and "colour: blue" in text
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        set_override(tmp_path, "001_a", date="22/03/2024")
    with pytest.raises(InvalidInput, match="invalid article id"):
        set_override(tmp_path, "../x", title="y")
    with pytest.raises(ReadOnlyWorkspace):
        set_override(tmp_path, "001_a", title="z", read_only=True)
    assert load_overrides(tmp_path)[0]["001_a"] == {"title": "A better title"}


def test_a_broken_catalog_is_marked_broken_until_fixed(tmp_path: Path) -> None:
    path = tmp_path / "entities.yaml"
    path.write_text("version: 1\nentities:\n  gao: Gao\n", encoding="utf-8")
    catalog, problems = Catalog.load(tmp_path)
    assert catalog.broken is not None and catalog.broken.line == 1 and problems == [catalog.broken]
    with pytest.raises(SahelError) as caught:
        catalog.require_intact()
    assert str(caught.value).startswith(f"{path}:1: ")
    with pytest.raises(SahelError, match="fix it first"):
        catalog.add_entity("Kidal", "LOCATION")
    assert path.read_text(encoding="utf-8") == "version: 1\nentities:\n  gao: Gao\n"
    path.write_text("version: 1\nentities:\n- id: gao\n  name: Gao\n  type: LOCATION\n", encoding="utf-8")
    catalog.reload()
    assert catalog.broken is None and [e.id for e in catalog.all()] == ["gao"]
    catalog.require_intact()
