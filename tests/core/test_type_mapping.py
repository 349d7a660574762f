"""Entity types of other tools (ORG, GPE, PER, NORP, FAC, MISC...) are understood wherever a type is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_tui.core.annotations import AnnotationStore
from sahel_tui.core.catalog import Catalog
from sahel_tui.core.labels import LabelSet
from sahel_tui.core.type_mapping import FOREIGN_TYPES, foreign_label


@pytest.mark.parametrize(
    ("foreign", "label"),
    [
        ("ORG", "ORGANIZATION"),
        ("org", "ORGANIZATION"),
        ("LOC", "LOCATION"),
        ("Gpe", "LOCATION"),
        ("PER", "PERSON"),
        ("norp", "ORGANIZATION"),
        ("FAC", "LOCATION"),
        ("MISC", "EVENT"),
        ("event name", "EVENT"),
    ],
)
def test_foreign_types_resolve_to_our_labels_in_any_case(foreign: str, label: str) -> None:
    assert LabelSet.builtin().resolve(foreign).id == label


def test_every_row_of_the_table_names_a_builtin_label() -> None:
    labels = LabelSet.builtin()
    assert all(target in labels.ids for target in FOREIGN_TYPES.values())
    assert foreign_label("not a type") is None


def test_a_workspace_label_with_a_foreign_name_wins_over_the_table(tmp_path: Path) -> None:
    (tmp_path / "labels.yaml").write_text(
        "version: 1\nlabels:\n- id: FAC\n  name: Facility\n  key: '0'\n  color: '#AA7733'\n", encoding="utf-8"
    )
    labels, problems = LabelSet.load(tmp_path)
    assert not problems and labels.resolve("fac").id == "FAC"


def test_catalog_and_annotation_files_may_use_foreign_types(tmp_path: Path) -> None:
    from sahel_tui.core.articles import load_article

    (tmp_path / "entities.yaml").write_text(
        "version: 1\nentities:\n- id: gao\n  name: Gao\n  type: GPE\n- id: minusma\n  name: MINUSMA\n  type: org\n",
        encoding="utf-8",
    )
    catalog, problems = Catalog.load(tmp_path, labels=LabelSet.builtin())
    assert not problems
    assert [(e.id, e.type) for e in catalog.all()] == [("gao", "LOCATION"), ("minusma", "ORGANIZATION")]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title here\n\nPeacekeepers left Gao.\n", encoding="utf-8")
    article = load_article(corpus / "a.txt")
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "a.yaml").write_text(
        "article: a\nmentions:\n- id: m-0123456789ab\n  label: loc\n  entity: gao\n  start: 18\n  end: 21\n"
        "  quote: {exact: Gao}\n",
        encoding="utf-8",
    )
    store = AnnotationStore(tmp_path, labels=LabelSet.builtin(), catalog=catalog)
    mentions, problems = store.load("a", article=article)
    assert [(m.label, m.text) for m in mentions] == [("LOCATION", "Gao")]
    assert not [p for p in problems if p.severity == "error"]
