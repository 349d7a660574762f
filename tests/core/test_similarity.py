"""Rewrite detection over the corpus: scores, similar articles, story groups, cache."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
from pathlib import Path

import pytest

from sahel_tui.core.articles import load_article
from sahel_tui.core.errors import NotFound, SahelError
from sahel_tui.core.similarity import (
    CACHE_FILE,
    DEFAULT_STORY_THRESHOLD,
    SimilarityIndex,
    content_words,
    normalise,
    text_similarity,
)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
AIRSTRIKES = "000_986fb1dc2309a942"
C130_A = "001_23b65a7a60091617"
C130_B = "002_e3712bf52d55873d"
AES_AIR = "003_783cb80014228163"
C130_C = "004_5984911fe5230ab5"
REWRITES = (C130_A, C130_B, C130_C)


@pytest.fixture(scope="module")
def bodies() -> dict[str, str]:
    return {path.stem: load_article(path).body for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def index(bodies: dict[str, str]) -> SimilarityIndex:
    return SimilarityIndex.build(bodies.items())


def test_normalisation_folds_spellings_analysts_meet() -> None:
    assert normalise("C-130") == normalise("C130") == "c130"
    assert normalise("Diéma") == "diema"
    assert normalise("1,200 fighters") == "1200 fighters"
    assert normalise("Mali’s army") == normalise("Mali's army") == "mali army"
    assert content_words("The operations of the Malian army") == ["oper", "malian", "armi"]


def test_rewrites_score_clearly_above_unrelated_articles(bodies: dict[str, str]) -> None:
    rewrite_scores = [text_similarity(bodies[a], bodies[b]) for a, b in itertools.combinations(REWRITES, 2)]
    others = [
        text_similarity(bodies[a], bodies[b])
        for a, b in itertools.combinations(sorted(bodies), 2)
        if not (a in REWRITES and b in REWRITES)
    ]
    assert min(rewrite_scores) > DEFAULT_STORY_THRESHOLD > max(others)
    assert min(rewrite_scores) > 4 * max(others)
    assert all(0.0 <= s <= 1.0 for s in rewrite_scores + others)
    assert text_similarity(bodies[C130_A], bodies[C130_A]) == 1.0


def test_story_group_of_the_c130_rewrites(index: SimilarityIndex) -> None:
    assert index.story_groups() == [list(REWRITES)]
    stories = index.story_ids()
    assert {stories[a] for a in REWRITES} == {C130_A}
    assert AIRSTRIKES not in stories and AES_AIR not in stories


def test_similar_ranks_the_other_rewrites_first(index: SimilarityIndex) -> None:
    similar = index.similar(C130_A)
    assert [a for a, _ in similar[:2]] == [C130_C, C130_B]
    assert [s for _, s in similar] == sorted((s for _, s in similar), reverse=True)
    assert index.similar(C130_A, limit=1) == similar[:1]
    assert all(a not in (AIRSTRIKES, AES_AIR) or s < DEFAULT_STORY_THRESHOLD for a, s in similar)
    assert index.score(C130_A, C130_C) == pytest.approx(similar[0][1])


def test_unknown_article_is_a_one_line_error(index: SimilarityIndex) -> None:
    with pytest.raises(NotFound) as caught:
        index.similar("nope")
    assert isinstance(caught.value, SahelError)
    assert "\n" not in str(caught.value) and "nope" in str(caught.value)


def test_add_and_remove_update_neighbours_and_groups(bodies: dict[str, str]) -> None:
    index = SimilarityIndex.build(bodies.items())
    copy = bodies[AIRSTRIKES].replace("Monday", "Tuesday").replace("weekend", "week")
    index.add("005_copy", copy)
    assert index.similar(AIRSTRIKES)[0][0] == "005_copy"
    assert [AIRSTRIKES, "005_copy"] in index.story_groups()
    index.add("005_copy", bodies[AES_AIR])  # the file now holds another text
    assert index.similar("005_copy")[0][0] == AES_AIR
    assert all(a != "005_copy" for a, _ in index.similar(AIRSTRIKES))
    index.remove("005_copy")
    assert "005_copy" not in index and len(index) == 5
    assert index.story_groups() == [list(REWRITES)]
    with pytest.raises(NotFound):
        index.similar("005_copy")


def test_cache_is_reused_and_follows_changed_articles(bodies: dict[str, str], tmp_path: Path) -> None:
    first = SimilarityIndex.build(bodies.items(), cache_dir=tmp_path)
    assert (tmp_path / CACHE_FILE).is_file()
    again = SimilarityIndex.build(bodies.items(), cache_dir=tmp_path)
    assert again.similar(C130_B) == first.similar(C130_B)
    changed = dict(bodies)
    changed[AES_AIR] = bodies[C130_B]  # one article replaced by a copy of another
    updated = SimilarityIndex.build(changed.items(), cache_dir=tmp_path)
    assert updated.similar(AES_AIR)[0] == (C130_B, 1.0)
    assert SimilarityIndex.load(tmp_path).similar(AES_AIR)[0] == (C130_B, 1.0)


def test_broken_cache_is_rebuilt(bodies: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"not a cache at all")
    index = SimilarityIndex.build(bodies.items(), cache_dir=tmp_path)
    assert index.story_groups() == [list(REWRITES)]
    assert SimilarityIndex.load(tmp_path) is not None  # rewritten in a readable form


def test_unwritable_cache_does_not_stop_the_build(bodies: dict[str, str], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    index = SimilarityIndex.build(bodies.items(), cache_dir=blocker / "cache")
    assert index.story_groups() == [list(REWRITES)]


def _salad(rng: random.Random, vocabulary: list[str], sentences: int) -> list[str]:
    return [" ".join(rng.choices(vocabulary, k=rng.randint(12, 20))).capitalize() + "." for _ in range(sentences)]


def test_shared_news_vocabulary_does_not_make_a_story() -> None:
    """Many articles drawing on one vocabulary stay apart; planted rewrites are grouped."""
    rng = random.Random(3)
    common = "army attack convoy fuel route militants region junta security forces killed village".split()
    rare = [f"w{n}" for n in range(4000)]
    articles = {}
    for n in range(150):
        words = common * 3 + rng.sample(rare, 40)
        articles[f"{n:03d}"] = " ".join(_salad(rng, words, 15))
    planted = {}
    for n in range(150, 160):
        origin = f"{rng.randrange(150):03d}"
        sentences = articles[origin].split(". ")
        rng.shuffle(sentences)
        articles[f"{n:03d}"] = ". ".join(sentences[:-2]) + "."
        planted[f"{n:03d}"] = origin
    index = SimilarityIndex.build(articles.items())
    stories = index.story_ids()
    for rewrite, origin in planted.items():
        assert stories.get(rewrite) is not None and stories[rewrite] == stories[origin]
        assert index.similar(rewrite)[0][0] == origin
    assert max(len(g) for g in index.story_groups()) <= 3


def test_importing_the_core_does_not_load_numeric_libraries() -> None:
    code = (
        "import sys, sahel_tui.core.similarity, sahel_tui.core.compare;"
        "print(sorted(m for m in ('datasketch', 'numpy', 'scipy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"
