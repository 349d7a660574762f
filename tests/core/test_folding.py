"""One folding for detection, the search analyzer, similarity and catalog names."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_tui.core import analysis, similarity
from sahel_tui.core.catalog import Catalog
from sahel_tui.core.detect import EntityMatcher
from sahel_tui.core.errors import InvalidInput
from sahel_tui.core.folding import fold, fold_name, fold_with_offsets
from sahel_tui.core.models import Entity

# (as written in an article or the catalog, as an analyst types it)
SPELLINGS = [
    ("Łódź", "Lodz"),
    ("Straße", "Strasse"),
    ("Ærø", "Aero"),
    ("Đakovo", "Dakovo"),
    ("Diéma", "Diema"),
    ("Jama’at", "Jama'at"),
    ("ﬁnal", "final"),
]


@pytest.mark.parametrize(("written", "typed"), SPELLINGS)
def test_the_base_fold_joins_both_spellings(written: str, typed: str) -> None:
    assert fold(written) == fold(typed) == typed.lower()


def test_special_letters_fold_to_latin_letters() -> None:
    assert fold("Łódź") == "lodz"
    assert fold("straße") == fold("STRASSE") == "strasse"
    assert fold("Øst Æther Œuvre Þing") == "ost aether oeuvre thing"
    assert fold("C–130 — C‑130") == "c-130 - c-130"


def test_offsets_point_into_the_original_text() -> None:
    text = "Die\u0301ma, Straße"  # a decomposed accent (folds to nothing) and ß (folds to two)
    folded, origin = fold_with_offsets(text)
    assert folded == "diema, strasse"
    assert origin is not None and len(origin) == len(folded)
    assert text[origin[folded.index("strasse")]] == "S"
    assert fold_with_offsets("Łódź") == ("lodz", None)  # one for one: no map needed


def _entity(entity_id: str, name: str, *aliases: str) -> Entity:
    return Entity(id=entity_id, name=name, type="LOCATION", aliases=tuple(aliases))


@pytest.mark.parametrize(("written", "typed"), SPELLINGS[:5])
def test_detection_finds_each_spelling_from_the_other(written: str, typed: str) -> None:
    for alias, text_name in ((written, typed), (typed, written)):
        matcher = EntityMatcher([_entity("place", "Somewhere", alias)])
        text = f"Fighting near {text_name} on Monday."
        [match] = matcher.find(text)
        assert text[match.start : match.end] == text_name
        assert match.alias == alias


def test_detection_offsets_after_letters_that_fold_to_two() -> None:
    matcher = EntityMatcher([_entity("gao", "Gao")])
    text = "Straße Æ then Gao."
    [match] = matcher.find(text)
    assert text[match.start : match.end] == "Gao"
    decomposed = "Near Die\u0301ma."
    [match] = EntityMatcher([_entity("diema", "Diéma")]).find(decomposed)
    assert decomposed[match.start : match.end] == "Die\u0301ma"


@pytest.mark.parametrize(("written", "typed"), SPELLINGS)
def test_search_analyzer_indexes_both_spellings_as_one_term(written: str, typed: str) -> None:
    assert analysis.analyze(written, mode="index") == analysis.analyze(typed, mode="index")
    assert analysis.analyze(written) == analysis.analyze(typed)


def test_search_analyzer_keeps_spans_of_compound_parts() -> None:
    text = "Straße-Łódź"
    tokens = [(t.text, t.startchar, t.endchar) for t in analysis.plain_analyzer()(text, chars=True, mode="index")]
    assert ("strasse", 0, 6) in tokens
    assert ("lodz", 7, 11) in tokens
    assert ("strasselodz", 0, 11) in tokens


@pytest.mark.parametrize(("written", "typed"), SPELLINGS)
def test_similarity_normalises_both_spellings_alike(written: str, typed: str) -> None:
    assert similarity.normalise(written) == similarity.normalise(typed)
    assert similarity.words(f"{written} talks") == similarity.words(f"{typed} talks")


def test_catalog_sees_both_spellings_as_one_name(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path)
    lodz = catalog.add_entity("Łódź", "LOCATION")
    assert [e.id for e in catalog.find("lodz")] == [lodz.id]
    assert fold_name("  Łódź ") == fold_name("LODZ") == "lodz"
    with pytest.raises(InvalidInput, match="already in the catalog"):
        catalog.add_entity("Lodz", "LOCATION")
    catalog.add_entity("Strasse", "LOCATION")
    with pytest.raises(InvalidInput, match="already in the catalog"):
        catalog.add_entity("Straße", "LOCATION")


def test_search_finds_an_article_by_either_spelling(corpus_dir: Path, workspace_dir: Path) -> None:
    from sahel_tui.core.workspace import Workspace

    (corpus_dir / "900_lodz.txt").write_text(
        "Envoys meet in Łódź\n\nEnvoys from Bamako met officials in Łódź and on the Hauptstraße on Monday.\n",
        encoding="utf-8",
    )
    ws = Workspace(corpus=corpus_dir, root=workspace_dir, author="tester")
    try:
        ws.sync_index()
        for query in ("Lodz", "Łódź", "hauptstrasse", "Hauptstraße"):
            assert "900_lodz" in [hit.id for hit in ws.search(query).hits], query
    finally:
        ws.close()
