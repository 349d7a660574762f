"""Comparing two articles: sentence alignment, one-sided facts, rows and the text report."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from sahel_tui.core.articles import load_article
from sahel_tui.core.compare import Comparison, compare, render_text
from sahel_tui.core.detect import EntityMatcher
from sahel_tui.core.models import Article, Entity, Mention, Quote

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
AIRSTRIKES = "000_986fb1dc2309a942"
C130_A = "001_23b65a7a60091617"
C130_B = "002_e3712bf52d55873d"
AES_AIR = "003_783cb80014228163"
C130_C = "004_5984911fe5230ab5"

ENTITIES = [
    Entity("niger", "Niger", "LOCATION"),
    Entity("mali", "Mali", "LOCATION"),
    Entity("niamey", "Niamey", "LOCATION", aliases=("Niamay",)),
    Entity("bamako", "Bamako", "LOCATION"),
    Entity("gao", "Gao", "LOCATION"),
    Entity("tessalit", "Tessalit", "LOCATION"),
    Entity("c-130", "Lockheed C-130 Hercules", "EQUIPMENT", aliases=("C-130", "C130")),
    Entity("csp-psd", "CSP-PSD", "ARMED_GROUP"),
    Entity("bamako-airport", "Modibo Keita International Airport", "LOCATION"),
    Entity("burkina-faso", "Burkina Faso", "LOCATION"),
    Entity("france", "France", "LOCATION"),
    Entity("eu", "European Union", "ORGANIZATION", aliases=("EU",)),
    Entity("russia", "Russia", "LOCATION", aliases=("Russian",)),
    Entity("united-states", "United States", "LOCATION", aliases=("US",)),
]
NAMES = {e.id: e.name for e in ENTITIES}
TYPES = {e.id: e.type for e in ENTITIES}


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    return {path.stem: load_article(path) for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def matcher() -> EntityMatcher:
    return EntityMatcher(ENTITIES)


def seed_compare(seeds: dict[str, Article], matcher: EntityMatcher, left: str, right: str) -> Comparison:
    return compare(seeds[left], seeds[right], matcher=matcher, catalog_names=NAMES, entity_types=TYPES)


def article(article_id: str, body: str) -> Article:
    return Article(
        id=article_id,
        path=Path(f"{article_id}.txt"),
        title=article_id,
        date=None,
        source=None,
        url=None,
        body=body,
        paragraphs=((0, len(body)),),
        body_sha256=hashlib.sha256(body.encode()).hexdigest(),
    )


def one_sided(comparison: Comparison, side: str, kind: str | None = None) -> set[str]:
    return {f.text for f in comparison.facts(side) if kind is None or f.kind == kind}


# -- alignment ----------------------------------------------------------------------

LEFT = (
    "Jihadist fighters attacked a fuel convoy near Gao on Monday. "
    "The army said twelve soldiers were killed in the ambush. "
    "Residents of Kidal reported drones overhead at night. "
    "The governor closed all schools in the district."
)
RIGHT = (
    "Residents in Kidal said drones flew over the town at night. "
    "A fuel convoy was attacked by jihadist fighters near Gao on Monday. "
    "Traders fear prices will rise sharply. "
    "Twelve soldiers were killed in the ambush, the army said."
)


def test_paraphrased_and_moved_sentences_find_their_counterpart() -> None:
    result = compare(article("left", LEFT), article("right", RIGHT))
    pairs = {(p.left.index, p.right.index) for p in result.pairs}
    assert pairs == {(0, 1), (1, 3), (2, 0)}
    assert all(p.kind == "paraphrase" and p.score > 0.5 for p in result.pairs)
    assert [s.text for s in result.left_only] == ["The governor closed all schools in the district."]
    assert [s.text for s in result.right_only] == ["Traders fear prices will rise sharply."]


def test_differing_words_are_marked_within_each_sentence() -> None:
    left = article("l", "The army killed 20 fighters near Gao on Monday.")
    right = article("r", "The army killed 25 fighters near Gao on Monday.")
    (pair,) = compare(left, right).pairs
    assert pair.kind == "paraphrase"
    assert [w.text for w in pair.left_words] == ["20"]
    assert [w.text for w in pair.right_words] == ["25"]
    word = pair.right_words[0]
    assert pair.right.text[word.start : word.end] == "25"


def test_moved_words_are_not_marked_as_different() -> None:
    left = article("l", "Since August 20, Niger has flown a C130 for Mali.")
    right = article("r", "Niger has flown a C130 for Mali since August 20.")
    (pair,) = compare(left, right).pairs
    assert pair.left_words == () and pair.right_words == ()


def test_identical_articles_are_all_same(seeds: dict[str, Article]) -> None:
    result = compare(seeds[C130_A], seeds[C130_A])
    assert result.similarity == 1.0
    assert result.pairs and all(p.kind == "same" and p.score == 1.0 for p in result.pairs)
    assert all(p.left.index == p.right.index for p in result.pairs)
    assert result.left_only == () and result.right_only == ()
    assert result.entities.facts == ()


def test_same_ignores_case_accents_and_punctuation() -> None:
    left = article("l", "The army retook Diéma, officials said.")
    right = article("r", "the army retook Diema officials said!")
    (pair,) = compare(left, right).pairs
    assert pair.kind == "same"


def test_disjoint_articles_have_no_pairs(seeds: dict[str, Article], matcher: EntityMatcher) -> None:
    result = seed_compare(seeds, matcher, AIRSTRIKES, AES_AIR)
    assert result.pairs == ()
    assert len(result.left_only) > 10 and len(result.right_only) > 10
    assert result.similarity < 0.05


def test_rewrites_share_a_core(seeds: dict[str, Article], matcher: EntityMatcher) -> None:
    result = seed_compare(seeds, matcher, C130_A, C130_C)
    texts = {(p.left.text[:40], p.right.text[:40]) for p in result.pairs}
    assert ("Since August 20, Niger's junta has solid", "Amid escalating tensions and shifting al") in texts
    assert ("Photographs from Modibo Keita Internatio", "The collaboration is spotlighted by rece") in texts
    assert result.similarity > 0.1


# -- rows ---------------------------------------------------------------------------


def test_rows_keep_pairs_together_and_unique_sentences_in_place() -> None:
    rows = compare(article("left", LEFT), article("right", RIGHT)).rows()
    shape = [(r.left.index if r.left else None, r.right.index if r.right else None, r.kind) for r in rows]
    assert shape == [
        (0, 1, "paraphrase"),
        (None, 2, "right_only"),  # right after the right sentence it follows
        (1, 3, "paraphrase"),
        (2, 0, "paraphrase"),
        (3, None, "left_only"),
    ]


def test_rows_show_every_sentence_once(seeds: dict[str, Article], matcher: EntityMatcher) -> None:
    result = seed_compare(seeds, matcher, C130_B, C130_C)
    rows = result.rows()
    lefts = [r.left.index for r in rows if r.left]
    rights = sorted(r.right.index for r in rows if r.right)
    assert lefts == sorted(lefts) == list(range(len(lefts)))
    assert rights == list(range(len(rights)))
    assert len(rows) == len(result.pairs) + len(result.left_only) + len(result.right_only)
    paired = next(r for r in rows if r.kind == "paraphrase" and r.right_words)
    word = paired.right_words[0]
    assert paired.right.text[word.start : word.end] == word.text


# -- facts --------------------------------------------------------------------------


def test_facts_001_vs_002(seeds: dict[str, Article], matcher: EntityMatcher) -> None:
    result = seed_compare(seeds, matcher, C130_A, C130_B)
    entities = result.entities
    assert {"niger", "mali", "c-130", "csp-psd", "niamey", "bamako-airport"} <= set(entities.shared)
    assert "united-states" in entities.left_only
    assert {"burkina-faso", "france"} <= set(entities.right_only)
    assert {"5UMBH"} <= one_sided(result, "left", "identifier")
    assert "August 20" in one_sided(result, "left", "date")  # 002 never says since when
    assert "three" in one_sided(result, "right", "number")  # "the three countries"
    assert {"Burkina Faso", "France"} <= one_sided(result, "right", "LOCATION")
    assert "October 27, 2023" not in one_sided(result, "left") | one_sided(result, "right")


def test_facts_002_vs_004(seeds: dict[str, Article], matcher: EntityMatcher) -> None:
    result = seed_compare(seeds, matcher, C130_B, C130_C)
    assert {"burkina-faso", "france"} <= set(result.entities.left_only)
    assert {"eu", "russia"} <= set(result.entities.right_only)
    assert "European Union" in one_sided(result, "right", "ORGANIZATION")
    assert "Russia" in one_sided(result, "right", "LOCATION")
    assert "August 20" in one_sided(result, "right", "date")
    assert "two" in one_sided(result, "right", "number")  # "the two countries" vs "the three countries"


def test_facts_001_vs_004(seeds: dict[str, Article], matcher: EntityMatcher) -> None:
    result = seed_compare(seeds, matcher, C130_A, C130_C)
    assert "united-states" in result.entities.left_only
    assert {"eu", "russia"} <= set(result.entities.right_only)
    assert "5UMBH" in one_sided(result, "left", "identifier")
    assert {"Africa", "West Africa", "Nigerien"} <= one_sided(result, "left", "name")
    assert {"European", "American"} <= one_sided(result, "right", "name")
    shared_dates = {"August 20", "October 27, 2023"}
    assert not shared_dates & (one_sided(result, "left") | one_sided(result, "right"))
    fact = next(f for f in result.facts("left") if f.text == "5UMBH")
    assert seeds[C130_A].body[fact.start : fact.end] == "5UMBH"
    assert "identifier 5UMBH" in fact.context


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("A C130 landed.", "A C-130 landed."),
        ("It began on 20 August.", "It began on August 20."),
        ("It began on 2024-03-22.", "It began on March 22, 2024."),
        ("Some 1,200 people fled.", "Some 1200 people fled."),
        ("Mali's army moved.", "The army of Mali moved."),
    ],
)
def test_facts_are_compared_in_normalised_form(left: str, right: str) -> None:
    result = compare(article("l", left), article("r", right))
    assert result.entities.facts == ()


def test_different_numbers_and_dates_are_listed_on_both_sides() -> None:
    result = compare(
        article("l", "On March 3, 2024, 14 soldiers died near Gao."),
        article("r", "On March 4, 2024, 41 soldiers died near Gao."),
    )
    assert one_sided(result, "left") == {"March 3, 2024", "14"}
    assert one_sided(result, "right") == {"March 4, 2024", "41"}
    assert {f.kind for f in result.entities.facts} == {"date", "number"}


def test_mentions_add_entities_the_catalog_does_not_know(seeds: dict[str, Article], matcher: EntityMatcher) -> None:
    body = seeds[C130_A].body
    start = body.index("5UMBH")
    mention = Mention(
        id="m-0123456789ab",
        label="EQUIPMENT",
        entity="aircraft-5umbh",
        start=start,
        end=start + 5,
        quote=Quote("5UMBH"),
        author="tester",
        created="2026-11-24T08:15:02Z",
        body_sha256=seeds[C130_A].body_sha256,
    )
    result = compare(seeds[C130_A], seeds[C130_C], left_mentions=[mention], matcher=matcher, catalog_names=NAMES)
    assert "aircraft-5umbh" in result.entities.left_only
    fact = next(f for f in result.facts("left") if f.entity == "aircraft-5umbh")
    assert fact.kind == "EQUIPMENT" and fact.text == "5UMBH"
    assert not any(f.kind == "identifier" and f.text == "5UMBH" for f in result.facts("left"))


# -- output -------------------------------------------------------------------------


def test_json_has_everything_a_script_needs(seeds: dict[str, Article], matcher: EntityMatcher) -> None:
    data = json.loads(json.dumps(seed_compare(seeds, matcher, C130_A, C130_B).to_json()))
    assert {"similarity", "pairs", "left_only", "right_only", "entities"} <= set(data)
    assert {"shared", "left_only", "right_only", "facts"} <= set(data["entities"])
    pair = data["pairs"][0]
    assert {"left", "right", "score", "kind", "left_words", "right_words"} <= set(pair)
    assert {"text", "start", "end"} <= set(pair["left"])
    assert {"side", "kind", "text"} <= set(data["entities"]["facts"][0])
    assert data["left"]["id"] == C130_A


def test_render_text_shows_core_additions_and_facts(seeds: dict[str, Article], matcher: EntityMatcher) -> None:
    text = render_text(seed_compare(seeds, matcher, C130_A, C130_C), width=72)
    assert "SHARED CORE" in text and f"ONLY LEFT {C130_A}" in text and f"ONLY RIGHT {C130_C}" in text
    assert "5UMBH" in text.split("FACTS")[1]
    assert "European Union" in text.split("FACTS")[1]
    assert max(len(line) for line in text.splitlines()) <= 72


def test_render_text_neutralises_terminal_escapes() -> None:
    hostile = article("x", "Gunmen attacked Gao.\x1b]0;owned\x07 The army \x1b[31mfled.")
    text = render_text(compare(hostile, article("y", "Gunmen attacked Gao.")), width=80)
    assert "\x1b" not in text and "\x07" not in text
