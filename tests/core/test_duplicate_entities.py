"""One duplicate-entity rule: the same type and a canonical name that folds alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_tui.core.catalog import Catalog, find_duplicate
from sahel_tui.core.errors import InvalidInput


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    catalog = Catalog(tmp_path)
    catalog.add_entity("Łódź", "LOCATION", id="lodz")
    catalog.add_entity("Gao", "LOCATION", id="gao")
    return catalog


def test_the_rule_folds_names_and_keeps_types_apart(catalog: Catalog) -> None:
    assert catalog.duplicate_of("  LODZ ", "LOCATION") is not None
    assert catalog.duplicate_of("Lodz", "LOCATION") == find_duplicate(catalog, "lodz", "LOCATION")
    assert catalog.duplicate_of("Gao", "EVENT") is None  # an operation named after the town is another entity
    gao = catalog.require("gao")
    assert catalog.duplicate_of("Gao", "LOCATION", ignore=gao.id) is None


def test_adding_a_duplicate_is_refused(catalog: Catalog) -> None:
    with pytest.raises(InvalidInput, match="already in the catalog as 'lodz'"):
        catalog.add_entity("LÓDŹ", "LOCATION")
    assert catalog.add_entity("Gao", "EVENT").type == "EVENT"


def test_renaming_or_retyping_into_a_duplicate_is_refused(catalog: Catalog) -> None:
    gao = catalog.require("gao")
    with pytest.raises(InvalidInput, match="already in the catalog as 'lodz'"):
        catalog.update_entity(gao.id, name="Lodz")
    event = catalog.add_entity("Gao", "EVENT")
    with pytest.raises(InvalidInput, match="already in the catalog as 'gao'"):
        catalog.update_entity(event.id, type="LOCATION")
    assert catalog.require(event.id).type == "EVENT"
    assert catalog.update_entity(gao.id, name="GAO").name == "GAO"  # its own name, differently written
