"""The engine-neutral query tree: what the parser hands over, and when a query lists everything."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

from sahel_tui.core.analysis import analyze
from sahel_tui.core.engine import nodes as n
from sahel_tui.core.index import SearchIndex
from sahel_tui.core.models import IndexDoc
from sahel_tui.core.search import search
from sahel_tui.core.search.query import parse

NODE_TYPES = (
    n.Term, n.Phrase, n.Prefix, n.Wildcard, n.Fuzzy, n.Range, n.Unsupported, n.NumericRange, n.Every,
    n.And, n.Or, n.Not, n.AndNot, n.AndMaybe, n.Require,
)  # fmt: skip


def _only_nodes(node: object) -> bool:
    """Every part of the tree is one of the neutral node types (nothing engine-specific inside)."""
    if node is None or isinstance(node, (str, int, float, bool)):
        return True
    if isinstance(node, tuple):
        return all(_only_nodes(part) for part in node)
    if not isinstance(node, NODE_TYPES) or not is_dataclass(node):
        return False
    return all(_only_nodes(getattr(node, f.name)) for f in fields(node))


@pytest.mark.parametrize(
    "text",
    [
        "convoy", "jnim blockade", '"air force"~2', "mali AND niger", "mali OR niger", "mali NOT niger",
        "NOT mali", "mali -niger", "+mali niger", "bla*", "b?ock", "nigr~", "entity:jnim", "date:[2024-01 TO 2024-03]",
        "date:>2024-01", "entity:*", "*", "mali^2 (niger OR gao)", "mali ANDMAYBE niger", "mali REQUIRE niger",
    ],
)  # fmt: skip
def test_the_parser_hands_over_engine_neutral_nodes(text: str) -> None:
    parsed = parse(text)
    assert parsed is not None and _only_nodes(parsed)


def test_words_of_a_plain_query_are_analysed_terms_in_the_text_field() -> None:
    (convoys,) = analyze("Convoys")
    (reached,) = analyze("reached")
    assert parse("Convoys reached") == n.And((n.Term("text", convoys), n.Term("text", reached)))
    assert parse("entity:JNIM") == n.Term("entity", "JNIM")  # analyst fields keep the text as typed


def test_simplify_spots_queries_that_list_everything() -> None:
    jnim, gao = n.Term("entity", "jnim"), n.Term("body", "gao")
    assert n.simplify(n.And((gao, n.Every()))) == n.Every()
    assert n.simplify(n.Or((n.And((gao, n.Every())), jnim))) == n.Every()
    assert n.simplify(n.And((n.Every("entity"), jnim))) == n.Every("entity")  # absorbs clauses on its field
    assert n.simplify(n.And((gao, gao))) == gao
    assert n.simplify(n.And((n.And((gao, jnim)), gao))) == n.And((gao, jnim))
    assert not isinstance(n.simplify(n.AndNot(n.Every(), gao)), n.Every)  # an exclusion still filters
    assert not isinstance(n.simplify(n.Not(n.Every())), n.Every)
    assert n.simplify(n.And((n.Every("entity"), gao))) == n.And((n.Every("entity"), gao))


def _doc(doc_id: str, entities: tuple[str, ...], date: str) -> IndexDoc:
    return IndexDoc(
        id=doc_id, title=doc_id, date=date, source=None, body=f"Report {doc_id} about a convoy.",
        entities=entities, detected=(), labels=(), names=(), authors=(), fingerprint="fp",
    )  # fmt: skip


def test_a_field_wildcard_lists_every_article_newest_first(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "whoosh")
    index.rebuild([_doc("a1", ("jnim",), "2024-01-01"), _doc("a2", (), "2024-06-01"), _doc("a3", (), "2023-01-01")])
    for query in ("entity:*", "*", "convoy *", "entity:* entity:jnim"):
        results = search(index, query)
        assert results.error is None
        assert [h.id for h in results.hits] == ["a2", "a1", "a3"], query
        assert results.total == 3
    narrowed = search(index, "entity:jnim")
    assert [h.id for h in narrowed.hits] == ["a1"]
    index.close()
