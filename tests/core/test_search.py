"""The query language and results: analysis, fields, ranking, suggestions, snippets, facets.

The indexes here are built with every engine (``ENGINES``), so that the engines cannot drift.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahel_tui.core.detect import EntityMatcher, fold
from sahel_tui.core.engine.choice import ENGINES, make_index
from sahel_tui.core.index import SearchIndex
from sahel_tui.core.models import Entity, IndexDoc, SearchResults
from sahel_tui.core.search import find_spans, search

ROOT = Path(__file__).resolve().parents[2]

CATALOG = [
    Entity("jnim", "Jama'at Nusrat al-Islam wal-Muslimin", "ARMED_GROUP", aliases=("JNIM", "GSIM")),
    Entity("africa-corps", "Africa Corps", "EXTERNAL_FORCE", aliases=("Afrika Korps",)),
    Entity("niamey", "Niamey", "LOCATION", aliases=("Niamay",)),
    Entity("diema", "Diéma", "LOCATION", aliases=("Diema",)),
    Entity("c-130", "Lockheed C-130 Hercules", "EQUIPMENT", aliases=("C-130", "C130")),
    Entity("al-qaeda", "Al-Qaeda", "ARMED_GROUP", aliases=("Al Qaeda", "al-Qaida")),
    Entity("mali", "Mali", "LOCATION"),
]
BY_ID = {e.id: e for e in CATALOG}
LABELS = frozenset({"ARMED_GROUP", "EXTERNAL_FORCE", "LOCATION", "EQUIPMENT", "PERSON"})


def resolve(text: str) -> list[str]:
    key = fold(" ".join(text.split()))
    return [e.id for e in CATALOG if key == e.id or any(fold(n) == key for n in e.names)]


def doc(
    doc_id: str,
    title: str,
    body: str,
    *,
    date: str | None = None,
    source: str | None = None,
    entities: tuple[str, ...] = (),
    authors: tuple[str, ...] = (),
) -> IndexDoc:
    """An IndexDoc whose detected entities and names come from the catalog, as the workspace makes them."""
    detected = tuple(EntityMatcher(CATALOG).entity_ids(f"{title}\n{body}"))
    all_ids = tuple(dict.fromkeys((*entities, *detected)))
    return IndexDoc(
        id=doc_id, title=title, date=date, source=source, body=body, entities=entities, detected=detected,
        labels=tuple(sorted({BY_ID[i].type for i in all_ids})),
        names=tuple(n for i in all_ids for n in BY_ID[i].names), authors=authors, fingerprint=doc_id,
    )  # fmt: skip


DOCS = [
    doc(
        "blockade",
        "Militants tighten blockades",
        "JNIM fighters imposed blockades on fuel convoys near Diéma.",
        date="2024-03-22",
        source="Inter Bellum News",
        entities=("jnim",),
        authors=("analyst1",),
    ),
    doc(
        "airlift",
        "Niger lends Mali a C-130",
        "The C-130 flew between Bamako and Niamay several times.",
        date="2023-10-27",
        source="APA",
    ),
    doc(
        "corps",
        "Russian instructors arrive",
        "Africa Corps instructors arrived in Bamako; the corps replaces Wagner.",
        date="2024-01-05",
        source="APA",
        authors=("analyst2",),
    ),
    doc(
        "split",
        "Corps and Africa",
        "In Africa the engineer corps rebuilt a bridge over the river.",
        date="2024-03-02",
        source="Sahel Monitor",
    ),
    doc(
        "qaeda",
        "Al-Qaeda-linked group claims ambush",
        "An Al Qaeda affiliate, Jama'at Nusrat al-Islam wal-Muslimin, "
        "claimed the ambush in Mali’s centre. Diema residents fled.",
        date="2025-04-17",
        source="Studio Tamani",
    ),
    doc(
        "hercules",
        "Transport aircraft seen",
        "A C130 transport aircraft landed at the airport in Niamey.",
        date="2022-06-01",
        source="West Africa Wire",
    ),
    doc("undated", "Wire copy", "Gold traders said the road to Kidal was open again.", source="APA"),
]


def built(engine: str, folder: Path) -> SearchIndex:
    return make_index(engine, folder)  # type: ignore[return-value]  # the same calls on either engine


@pytest.fixture(scope="module", params=ENGINES)
def ix(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> SearchIndex:
    index = built(request.param, tmp_path_factory.mktemp("search"))
    index.rebuild(DOCS)
    return index


def run(ix: SearchIndex, q: str, **kw: object) -> SearchResults:
    return search(ix, q, resolve_entity=resolve, label_ids=LABELS, **kw)  # type: ignore[arg-type]


def ids(results: SearchResults) -> set[str]:
    return {h.id for h in results.hits}


# -- analysis -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("blockade", {"blockade"}),  # stemming: the article says "blockades"
        ("Diema", {"blockade", "qaeda"}),  # accent folding both ways
        ("Diéma", {"blockade", "qaeda"}),
        ("C-130", {"airlift", "hercules"}),  # letter-digit joins both ways
        ("C130", {"airlift", "hercules"}),
        ("c130", {"airlift", "hercules"}),
        ("alqaeda", {"qaeda"}),  # the joined form of Al-Qaeda
        ("Jamaat", {"blockade", "qaeda"}),  # apostrophes: Jama'at (via names for "blockade")
        ("Jama’at", {"blockade", "qaeda"}),
        ("Mali", {"airlift", "qaeda"}),  # Mali’s
        ("INSTRUCTOR", {"corps"}),
    ],
)
def test_words_match_despite_spelling_variants(ix: SearchIndex, query: str, expected: set[str]) -> None:
    results = run(ix, query)
    assert ids(results) == expected and results.total == len(expected)


def test_hyphenated_name_works_as_a_phrase(ix: SearchIndex) -> None:
    assert ids(run(ix, "Al-Qaeda")) == {"qaeda"}
    assert ids(run(ix, '"al qaeda"')) == {"qaeda"}


def test_phrase_needs_adjacent_words(ix: SearchIndex) -> None:
    assert ids(run(ix, '"Africa Corps"')) == {"corps"}
    assert ids(run(ix, "africa corps")) == {"corps", "split"}


def test_adjacent_words_rank_first(ix: SearchIndex) -> None:
    results = run(ix, "africa corps")
    assert [h.id for h in results.hits] == ["corps", "split"]
    assert results.hits[0].score > results.hits[1].score


def test_alias_in_names_field_finds_article_with_other_spelling(ix: SearchIndex) -> None:
    # "airlift" only says Niamay; the catalog gives it the canonical name Niamey
    assert ids(run(ix, "Niamey")) == {"airlift", "hercules"}
    assert ids(run(ix, '"Africa Corps"')) == {"corps"}
    assert ids(run(ix, "Afrika Korps")) == {"corps"}


# -- fields ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("entity:jnim", {"blockade", "qaeda"}),  # confirmed (blockade) and detected (both)
        ('entity:"Africa Corps"', {"corps"}),  # a name, resolved
        ("entity:niamay", {"airlift", "hercules"}),  # an alias, resolved
        ("entity:JNIM", {"blockade", "qaeda"}),
        ("type:armed_group", {"blockade", "qaeda"}),
        ("type:EXTERNAL_FORCE", {"corps"}),
        ("type:Armed-Group", {"blockade", "qaeda"}),
        ("source:apa", {"airlift", "corps", "undated"}),
        ('source:"Inter Bellum"', {"blockade"}),
        ("author:analyst2", {"corps"}),
        ("title:corps", {"split"}),
        ("body:corps", {"corps", "split"}),
        ("date:2024", {"blockade", "corps", "split"}),
        ("date:2024-03", {"blockade", "split"}),
        ("date:2024-03-22", {"blockade"}),
        ("date:[2024-01-01 TO 2024-03-10]", {"corps", "split"}),
        ("date:[2023-10 TO 2024-01]", {"airlift", "corps"}),
        ("date:{2024-01-05 TO 2025]", {"blockade", "split", "qaeda"}),
        ("date:>2024-01", {"blockade", "split", "qaeda"}),
        ("date:>=2024-03", {"blockade", "split", "qaeda"}),
        ("date:<2024", {"airlift", "hercules"}),
        ("date:<=2022-06-01", {"hercules"}),
        ("Bamako AND Wagner", {"corps"}),
        ("Wagner OR Kidal", {"corps", "undated"}),
        ("Bamako NOT Wagner", {"airlift"}),
        ("Bamako -Wagner", {"airlift"}),
        ("entity:jnim -blockade", {"qaeda"}),
        ("(Kidal OR Gao) AND gold", {"undated"}),
        ("blockad*", {"blockade"}),
        ("Entity:jnim date:2025", {"qaeda"}),
    ],
)
def test_fields_and_operators(ix: SearchIndex, query: str, expected: set[str]) -> None:
    results = run(ix, query)
    assert results.error is None
    assert ids(results) == expected


def test_unknown_entity_type_and_date_are_explained(ix: SearchIndex) -> None:
    for query, message in [
        ("entity:boko", "no entity matches 'boko'"),
        ("type:militia", "unknown type 'militia'"),
        ("date:2024-13", "invalid date"),
    ]:
        for q in (query, f"{query} Bamako"):  # an impossible condition makes the AND empty
            results = run(ix, q)
            assert results.hits == () and message in (results.error or ""), q


def test_unknown_field_searches_the_words_and_says_so(ix: SearchIndex) -> None:
    results = run(ix, "zone:Kidal")
    assert any("unknown field 'zone:'" in note and "searched as words" in note for note in results.notices)
    assert results.error is None  # a notice, not an error: the words were searched
    assert ids(results) == set()  # "zone" is not in the article: all words are required
    results = run(ix, "foo:Kidal gold")
    assert any("unknown field" in note for note in results.notices)
    assert run(ix, "Kidal gold").total == 1


# -- empty query, facets, snippets ------------------------------------------------------------


def test_empty_query_lists_everything_newest_first(ix: SearchIndex) -> None:
    results = run(ix, "   ")
    assert [h.id for h in results.hits] == ["qaeda", "blockade", "split", "corps", "airlift", "hercules", "undated"]
    assert results.total == 7 and results.error is None
    dates = [(f.value, f.count) for f in results.facets["date"]]
    assert dates[0] == ("2025-04", 1) and dates[-1] == ("unknown", 1)
    assert ("2024-03", 2) in dates


def test_facets_count_the_whole_result_set(ix: SearchIndex) -> None:
    results = run(ix, "Bamako OR Niamey", limit=1)
    assert len(results.hits) == 1 and results.total == 3
    facets = {name: {f.value: f.count for f in counts} for name, counts in results.facets.items()}
    assert facets["source"] == {"APA": 2, "West Africa Wire": 1}
    assert facets["entity"]["niamey"] == 2 and facets["entity"]["c-130"] == 2
    assert facets["type"] == {"LOCATION": 2, "EQUIPMENT": 2, "EXTERNAL_FORCE": 1}
    assert facets["date"] == {"2024-01": 1, "2023-10": 1, "2022-06": 1}
    assert run(ix, "Bamako", with_facets=False).facets == {}
    named = run(ix, "Niamey", entity_label=lambda i: BY_ID[i].name).facets["entity"]
    assert ("niamey", "Niamey") in {(f.value, f.label) for f in named}


@pytest.mark.parametrize("query", ["", "Bamako", "Bamako OR Niamey OR Kidal OR blockade OR ambush", "NOT Gao"])
def test_facets_agree_with_counting_the_hits(ix: SearchIndex, query: str) -> None:
    results = run(ix, query, limit=100)
    hit_docs = [d for d in DOCS if d.id in ids(results)]
    expected = {
        "entity": Counter(e for d in hit_docs for e in dict.fromkeys((*d.entities, *d.detected))),
        "type": Counter(t for d in hit_docs for t in d.labels),
        "source": Counter(d.source for d in hit_docs if d.source),
        "date": Counter(d.date[:7] if d.date else "unknown" for d in hit_docs),
    }
    assert {name: {f.value: f.count for f in counts} for name, counts in results.facets.items()} == expected


def test_snippet_highlights_point_at_matched_words(ix: SearchIndex) -> None:
    hit = run(ix, "convoy Diema").hits[0]
    marked = [hit.snippet[h.start : h.end] for h in hit.snippet_highlights]
    assert marked == ["convoys", "Diéma"]
    assert "<" not in hit.snippet and "\n" not in hit.snippet
    hit = run(ix, "c130").hits[0]
    assert {hit.snippet[h.start : h.end] for h in hit.snippet_highlights} <= {"C-130", "C130"}
    assert hit.snippet_highlights


@pytest.mark.parametrize("engine", ENGINES)
def test_long_body_snippet_is_a_window_around_the_match(tmp_path: Path, engine: str) -> None:
    body = "Filler words about the weather. " * 40 + "A convoy was ambushed near Menaka. " + "More filler. " * 40
    index = built(engine, tmp_path)
    index.rebuild([doc("long", "Long", body)])
    hit = search(index, "ambushed").hits[0]
    assert hit.snippet.startswith("\u2026") and hit.snippet.endswith("\u2026")
    assert len(hit.snippet) < 260
    assert [hit.snippet[h.start : h.end] for h in hit.snippet_highlights] == ["ambushed"]


def test_terms_for_the_reader_and_find_spans(ix: SearchIndex) -> None:
    results = run(ix, '"Africa Corps" instructors -Wagner entity:jnim')
    assert results.terms == ("Africa Corps", "instructors")
    text = "Instructors of the Africa Corps; an instructor."
    assert [text[s:e] for s, e in find_spans(text, results.terms)] == [
        "Instructors",
        "Africa Corps",
        "instructor",
    ]  # the phrase as a whole
    other = "Niamay and Niamey"
    assert [other[s:e] for s, e in find_spans(other, ["nia*"])] == ["Niamay", "Niamey"]


def test_hits_carry_listing_fields(ix: SearchIndex) -> None:
    hit = run(ix, "ambush").hits[0]
    assert (hit.id, hit.title, hit.date, hit.source) == (
        "qaeda",
        "Al-Qaeda-linked group claims ambush",
        "2025-04-17",
        "Studio Tamani",
    )
    assert {"jnim", "al-qaeda", "mali", "diema"} <= set(hit.entities)


# -- suggestions and fuzzy fallback --------------------------------------------------------------


def test_did_you_mean_and_fuzzy_fallback(ix: SearchIndex) -> None:
    results = run(ix, "blokades")
    assert results.suggestion == "blockades"
    assert results.fuzzy and ids(results) == {"blockade"}
    assert run(ix, results.suggestion).total == 1


def test_suggestion_keeps_the_rest_of_the_query(ix: SearchIndex) -> None:
    results = run(ix, "instructers source:apa")
    assert results.suggestion == "instructors source:apa"


def test_no_suggestion_when_the_query_finds_plenty(ix: SearchIndex) -> None:
    results = run(ix, "Bamako")
    assert results.suggestion is None and not results.fuzzy


# -- as you type ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Nia", {"airlift", "hercules"}),  # names/title n-grams and body completions
        ("niame", {"airlift", "hercules"}),
        ("blo", {"blockade"}),
        ("blockade", {"blockade"}),  # a whole word still matches its stem
        ("C-13", {"airlift", "hercules"}),
        ("Bamako instr", {"corps"}),
        ("Dié", {"blockade", "qaeda"}),
    ],
)
def test_as_you_type_treats_the_last_word_as_a_prefix(ix: SearchIndex, typed: str, expected: set[str]) -> None:
    results = run(ix, typed, as_you_type=True)
    assert ids(results) == expected
    assert results.terms[-1].endswith("*")


def test_as_you_type_finished_word_is_not_a_prefix(ix: SearchIndex) -> None:
    typed = run(ix, "Bamako instr", as_you_type=True)
    assert ids(typed) == {"corps"} and not typed.fuzzy
    finished = run(ix, "Bamako instr ", as_you_type=True)
    plain = run(ix, "Bamako instr")
    assert (ids(finished), finished.fuzzy) == (ids(plain), plain.fuzzy)
    assert "corps" not in ids(plain) or plain.fuzzy
    assert run(ix, "Nia").total == 0  # without as_you_type a partial word is a word


def test_as_you_type_single_letter_waits_for_more(ix: SearchIndex) -> None:
    assert ids(run(ix, "Bamako i", as_you_type=True)) == ids(run(ix, "Bamako"))
    alone = run(ix, "b", as_you_type=True)
    assert alone.total == len(DOCS) and alone.error is None  # the whole list stays on screen


def test_as_you_type_highlights_completions(ix: SearchIndex) -> None:
    hit = run(ix, "instru", as_you_type=True).hits[0]
    assert [hit.snippet[h.start : h.end] for h in hit.snippet_highlights] == ["instructors"]


# -- the seed corpus -----------------------------------------------------------------------------


def _seed_doc(path: Path) -> IndexDoc:
    raw = path.read_text(encoding="utf-8")
    date = re.search(r"\bdate (\d{4}-\d{2}-\d{2})\b", raw)
    lines = [line for line in raw.splitlines() if line.strip()]
    return doc(path.stem, lines[0].strip()[:120], raw, date=date.group(1) if date else None)


@pytest.fixture(scope="module", params=ENGINES)
def seeds(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> SearchIndex:
    index = built(request.param, tmp_path_factory.mktemp("seeds"))
    index.rebuild([_seed_doc(p) for p in sorted((ROOT / "seeds").glob("*.txt"))])
    return index


def test_seed_corpus_queries(seeds: SearchIndex) -> None:
    niger_mali = {"001_23b65a7a60091617", "002_e3712bf52d55873d", "004_5984911fe5230ab5"}
    assert ids(run(seeds, "Niamey")) == niger_mali | {"003_783cb80014228163"}  # three say "Niamay"
    assert ids(run(seeds, "C-130")) == niger_mali
    assert ids(run(seeds, "Diema blockade")) == {"000_986fb1dc2309a942"}
    assert ids(run(seeds, '"Al-Qaeda affiliate"')) == {"000_986fb1dc2309a942"}
    assert ids(run(seeds, "entity:jnim")) == {"000_986fb1dc2309a942"}
    assert ids(run(seeds, "date:2024-03")) == {"001_23b65a7a60091617", "002_e3712bf52d55873d"}
    assert run(seeds, "").total == 5


# -- date ranges against a brute-force filter ------------------------------------------------------

_DATES = [f"{y}-{m:02d}-{d:02d}" for y in (1999, 2023, 2024, 2025) for m in (1, 2, 6, 12) for d in (1, 15, 28)]


@pytest.fixture(scope="module", params=ENGINES)
def dated(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> SearchIndex:
    index = built(request.param, tmp_path_factory.mktemp("dates"))
    index.rebuild([doc(f"d{n}", "Dated", f"Report {n}.", date=date) for n, date in enumerate(_DATES)])
    return index


_BOUND = st.sampled_from(
    ["1999", "2023", "2024", "2025", "2026", "2024-02", "2024-06", "2023-12", "2025-01-15", "2024-06-28", "1998-12-31"]
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_BOUND, _BOUND, st.sampled_from(["[]", "{}", "[}", "{]"]), st.sampled_from(["range", ">", ">=", "<", "<="]))
def test_date_queries_match_a_brute_force_filter(
    dated: SearchIndex, low: str, high: str, brackets: str, kind: str
) -> None:
    def first(v: str) -> str:
        return v + "-00-00"[len(v) - 4 :] if len(v) < 10 else v

    def last(v: str) -> str:
        return v + "-99-99"[len(v) - 4 :] if len(v) < 10 else v

    if kind == "range":
        q = f"date:{brackets[0]}{low} TO {high}{brackets[1]}"
        lo_ok = (lambda d: d > last(low)) if brackets[0] == "{" else (lambda d: d >= first(low))
        hi_ok = (lambda d: d < first(high)) if brackets[1] == "}" else (lambda d: d <= last(high))
        expected = {f"d{n}" for n, d in enumerate(_DATES) if lo_ok(d) and hi_ok(d)}
    else:
        q = f"date:{kind}{low}"
        test = {
            ">": lambda d: d > last(low),
            ">=": lambda d: d >= first(low),
            "<": lambda d: d < first(low),
            "<=": lambda d: d <= last(low),
        }[kind]
        expected = {f"d{n}" for n, d in enumerate(_DATES) if test(d)}
    results = search(dated, q, limit=100, with_facets=False, snippets=False)
    assert {h.id for h in results.hits} == expected, q
