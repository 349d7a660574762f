"""The search engine interface, checked through the interface only (Whoosh and tantivy).

A second engine joins by adding its factory to ``ENGINES``: every test here must
pass for it unchanged, so the query language, highlighting and facets keep working.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from sahel_tui.core.analysis import analyze
from sahel_tui.core.engine import nodes as n
from sahel_tui.core.engine.base import EngineSnapshot, SearchEngine
from sahel_tui.core.engine.tantivy_engine import TantivyIndex
from sahel_tui.core.engine.whoosh_engine import WhooshEngine
from sahel_tui.core.errors import SahelError
from sahel_tui.core.index.store import SearchIndex
from sahel_tui.core.models import IndexDoc


def _whoosh(folder: Path) -> SearchEngine:
    return WhooshEngine(SearchIndex(folder / "whoosh"))


def _tantivy(folder: Path) -> SearchEngine:
    return TantivyIndex(folder / "tantivy")


ENGINES: dict[str, Callable[[Path], SearchEngine]] = {"whoosh": _whoosh, "tantivy": _tantivy}


def doc(
    doc_id: str,
    body: str,
    *,
    title: str = "",
    date: str | None = None,
    source: str | None = None,
    entities: tuple[str, ...] = (),
    labels: tuple[str, ...] = (),
) -> IndexDoc:
    return IndexDoc(
        id=doc_id, title=title or doc_id, date=date, source=source, body=body, entities=entities,
        detected=(), labels=labels, names=(), authors=(), fingerprint=f"fp-{doc_id}",
    )  # fmt: skip


DOCS = [
    doc("d1", "The convoy reached Kidal after the blockade.", title="Convoy to Kidal", date="2024-03-22",
        source="APA", entities=("jnim",), labels=("ARMED_GROUP",)),
    doc("d2", "A second convoy was ambushed near Gao; the convoy lost two trucks.", date="2024-03-02",
        source="APA", entities=("jnim", "gao"), labels=("ARMED_GROUP", "LOCATION")),
    doc("d3", "Niger lent Mali a C-130 aircraft for the airlift.", date="2023-10-27",
        source="Inter Bellum", entities=("niger",), labels=("STATE_FORCE",)),
    doc("d4", "Undated wire copy about Gao and a convoy.", entities=("gao",), labels=("LOCATION",)),
]  # fmt: skip


def term(word: str) -> str:
    (stem,) = analyze(word)
    return stem


@pytest.fixture(params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchEngine]:
    built = ENGINES[request.param](tmp_path)
    built.rebuild(DOCS, total=len(DOCS))
    yield built
    built.close()


def ids(snap: EngineSnapshot, docnums: Iterable[int]) -> list[str]:
    rows = [snap.row(d) for d in docnums]
    return [row.id for row in rows if row is not None]


def found(engine: SearchEngine, query: n.Node, limit: int = 10) -> list[str]:
    with engine.snapshot() as snap:
        return ids(snap, [d for _, d in snap.search(query, limit).top])


def test_a_new_engine_is_missing_then_usable_after_a_rebuild(tmp_path: Path) -> None:
    for make in ENGINES.values():
        fresh = make(tmp_path / "fresh")
        status = fresh.open()
        assert not status.ok and status.state == "missing" and status.rebuild_reason
        with pytest.raises(SahelError), fresh.snapshot():
            pass
        assert fresh.rebuild(DOCS) == len(DOCS)
        assert fresh.open().ok and fresh.doc_count() == len(DOCS)
        assert fresh.verify().ok
        fresh.close()


def test_update_adds_and_replaces_by_id_and_delete_removes(engine: SearchEngine) -> None:
    written = engine.update([doc("d5", "Drones flew over Menaka."), doc("d1", "Rewritten: talks in Algiers.")])
    assert written == 2 and engine.doc_count() == 5
    assert found(engine, n.Term("body", term("drones"))) == ["d5"]
    assert found(engine, n.Term("body", term("blockade"))) == []  # the old d1 is gone
    assert found(engine, n.Term("body", term("algiers"))) == ["d1"]
    engine.delete(["d5", "no-such-id"])
    assert engine.doc_count() == 4
    assert found(engine, n.Term("body", term("drones"))) == []
    engine.update([], delete_ids=["d4"])
    assert engine.doc_count() == 3


def test_search_ranks_counts_and_limits(engine: SearchEngine) -> None:
    convoy = term("convoy")
    query = n.Or((n.Term("title", convoy), n.Term("body", convoy)))
    with engine.snapshot() as snap:
        everything = snap.search(query, 10)
        assert set(ids(snap, everything.docnums)) == {"d1", "d2", "d4"}
        assert not everything.stopped
        scores = [score for score, _ in everything.top]
        assert scores == sorted(scores, reverse=True)
        assert ids(snap, [d for _, d in everything.top])[0] == "d1"  # in the title: boosted
        two = snap.search(query, 2)
        assert len(two.top) == 2 and len(two.docnums) == 3  # the total is every match
        assert snap.search(query, 0).top == [] and len(snap.search(query, 0).docnums) == 3
        assert snap.search(query, 10, quick=True).docnums == everything.docnums


def test_every_kind_of_index_query(engine: SearchEngine) -> None:
    convoy, gao = n.Term("body", term("convoy")), n.Term("body", term("gao"))
    assert sorted(found(engine, n.Phrase("body", (term("second"), term("convoy"))))) == ["d2"]
    assert sorted(found(engine, n.Prefix("body", "airl"))) == ["d3"]
    assert sorted(found(engine, n.NumericRange("date_num", 20240301, 20240331))) == ["d1", "d2"]
    assert sorted(found(engine, n.NumericRange("date_num", 20240302, 20240331, startexcl=True))) == ["d1"]
    assert sorted(found(engine, n.And((convoy, gao)))) == ["d2", "d4"]
    assert sorted(found(engine, n.Or((gao, n.Term("entity", "niger"))))) == ["d2", "d3", "d4"]
    assert sorted(found(engine, n.AndNot(convoy, gao))) == ["d1"]
    assert sorted(found(engine, n.And((convoy, n.Not(gao))))) == ["d1"]
    assert sorted(found(engine, n.Every())) == ["d1", "d2", "d3", "d4"]
    assert sorted(found(engine, n.Term("type", "location"))) == ["d2", "d4"]
    assert sorted(found(engine, n.Term("source", "bellum"))) == ["d3"]
    assert found(engine, n.Term("id", "")) == []  # the rewriter's "nothing"


def test_facet_counts_cover_the_given_documents_only(engine: SearchEngine) -> None:
    with engine.snapshot() as snap:
        jnim = snap.search(n.Term("entity", "jnim"), 10).docnums
        counts = snap.facet_counts(jnim)
        assert counts["entity:jnim"] == 2 and counts["entity:gao"] == 1 and counts["entity:niger"] == 0
        assert counts["type:ARMED_GROUP"] == 2 and counts["source:APA"] == 2 and counts["date:2024-03"] == 2
        every = snap.facet_counts(snap.live_docnums())  # the large side is counted another way
        assert every["entity:gao"] == 2 and every["date:unknown"] == 1 and every["date:2023-10"] == 1
        assert sum(v for k, v in every.items() if k.startswith("date:")) == 4


def test_vocabulary_and_terms_for_suggestions(engine: SearchEngine) -> None:
    convoy = term("convoy")
    with engine.snapshot() as snap:
        vocab = snap.vocabulary()
        assert vocab.freq(convoy) == 3 and vocab.freq("zzzz") == 0
        assert convoy in vocab.frequencies(convoy[:3])
        assert vocab.completions(convoy[:3], 1) == [convoy]
        assert snap.terms("entity") == ["gao", "jnim", "niger"]
        assert snap.doc_frequency("entity", "gao") == 2
        assert ids(snap, snap.docs_with_term("body", convoy)) == ["d1", "d2", "d4"]
    engine.update([doc("d6", "Convoy convoys convoyed.")])
    with engine.snapshot() as snap:  # a new generation sees the commit
        assert snap.vocabulary().freq(convoy) == 4


def test_rows_stored_text_listing_order_and_highlight_terms(engine: SearchEngine) -> None:
    with engine.snapshot() as snap:
        order = snap.live_docnums()
        assert ids(snap, order) == ["d1", "d2", "d3", "d4"]  # newest first, undated last
        first = snap.row(order[0])
        assert first is not None and first.title == "Convoy to Kidal" and first.entities == ("jnim",)
        assert snap.row(10_000) is None
        assert snap.stored_text(order[2], "body").startswith("Niger lent Mali")
        assert snap.doc_count() == 4
        assert snap.leaf_terms(n.Prefix("body", "conv"), ("body",)) == [term("convoy")]
        assert snap.leaf_terms(n.Term("entity", "gao"), ("body",)) == []


def test_adjacent_words_are_found_in_order_only(engine: SearchEngine) -> None:
    words = [term("second"), term("convoy")]
    with engine.snapshot() as snap:
        every = sorted(snap.live_docnums())
        assert ids(snap, snap.adjacent_docs(("title", "body"), words, every)) == ["d2"]
        assert snap.adjacent_docs(("title", "body"), list(reversed(words)), every) == set()


def test_a_snapshot_stays_readable_while_another_commit_lands(engine: SearchEngine) -> None:
    with engine.snapshot() as snap:
        before = snap.search(n.Every(), 10).docnums
        engine.update([doc("d7", "Late news.")])
        assert snap.search(n.Every(), 10).docnums == before  # the old generation, still open
        assert snap.stored_text(sorted(before)[0], "body")
    assert engine.doc_count() == 5


def test_totals_of_a_multi_word_query_count_every_match(engine: SearchEngine) -> None:
    """Pruning the weaker word once the top hits are found would undercount totals and facets."""
    strong = [doc(f"s{i:03d}", "fuel " * 30 + "blockade " * 30, source="APA") for i in range(40)]
    weak = [doc(f"w{i:03d}", "fuel " + "filler words " * 40, source="AFP") for i in range(300)]
    engine.update(strong + weak)
    query = n.Or((n.Term("body", term("fuel")), n.Term("body", term("blockade"))))
    with engine.snapshot() as snap:
        matches = snap.search(query, 5)
        assert len(matches.top) == 5 and len(matches.docnums) == 341  # with d1 (blockade)
        assert snap.facet_counts(matches.docnums)["source:AFP"] == 300
