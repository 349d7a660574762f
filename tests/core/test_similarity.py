"""Rewrite detection over the corpus: scores, similar articles, story groups, cache."""

from __future__ import annotations

import itertools
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

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
    verify,
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


# -- verified story groups ---------------------------------------------------------------

QUALITY = ROOT / "benchmarks" / "data" / "quality"


@pytest.fixture(scope="module")
def labelled() -> tuple[dict[str, str], dict[str, Any]]:
    """The benchmark's labelled set: bodies by label key, and the labels."""
    from sahel_tui.core.yamlio import load_yaml

    bodies = {path.stem.rsplit("_", 1)[0]: load_article(path).body for path in sorted(QUALITY.glob("articles/*.txt"))}
    return bodies, load_yaml(QUALITY / "labels.yaml").data


def _pairs(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}


def test_verified_groups_of_the_seeds_are_the_c130_rewrites(index: SimilarityIndex, bodies: dict[str, str]) -> None:
    assert index.story_groups(texts=bodies.__getitem__) == [list(REWRITES)]
    assert index.story_ids(texts=bodies.__getitem__) == {a: C130_A for a in REWRITES}


def test_verified_groups_hold_on_real_looking_news(labelled: tuple[dict[str, str], dict[str, Any]]) -> None:
    """Copies, rewrites, teasers, forum quotes and copies with tweets are grouped; other wires,
    shared templates and features stay apart (pairwise precision and recall >= 0.9)."""
    bodies, labels = labelled
    index = SimilarityIndex.build(bodies.items())
    got = _pairs(index.story_groups(texts=bodies.__getitem__))
    want = _pairs([list(g) for g in labels["groups"].values()])
    assert len(got & want) >= 0.9 * len(got) and len(got & want) >= 0.9 * len(want)
    grouped = {a for pair in got for a in pair}
    assert not grouped & set(labels["negatives"])
    # the connected-components rule without verification joins far more than the labels
    assert len(_pairs(index.story_groups())) > 2 * len(want)


def test_evidence_says_why_two_texts_are_one_story(labelled: tuple[dict[str, str], dict[str, Any]]) -> None:
    bodies, _ = labelled
    copy = verify(bodies["t01-afp"], bodies["t07-tweets"])  # the copy with embedded tweets
    assert copy.same_story and copy.aligned == copy.sentences and copy.coverage == 1.0
    assert re.fullmatch(r"\d+ of \d+ sentences aligned", copy.describe())
    teaser = verify(bodies["t05-teaser"], bodies["t01-afp"])
    assert teaser.same_story and teaser.contained and "excerpt" in teaser.describe()
    forum = verify(bodies["t06-forum"], bodies["t01-afp"])  # three quoted paragraphs and comments
    assert forum.same_story and forum.aligned < forum.sentences
    heavy = verify(bodies["w01-base"], bodies["w02-heavy"])  # synonyms throughout
    assert heavy.same_story and heavy.paraphrased >= 5
    for left, right in [("t01-afp", "t08-reuters"), ("e01-afp", "e05-reuters"), ("d01-base", "d04-ap")]:
        assert not verify(bodies[left], bodies[right]).same_story  # the same event, another wire
    template = verify(bodies["m01-timbuktu"], bodies["m02-tiani"])  # one outlet's author box and footer
    assert not template.same_story and template.aligned >= 4
    assert not verify(bodies["c01-spot"], bodies["c02-feature"]).same_story


def test_seed_rewrites_are_heavy_paraphrases_with_their_facts(bodies: dict[str, str]) -> None:
    evidence = verify(bodies[C130_A], bodies[C130_C])
    assert evidence.same_story and not evidence.rewrite
    assert re.fullmatch(r"\d+ of \d+ sentences aligned, \d+ of \d+ facts shared", evidence.describe())
    assert not verify(bodies[C130_A], bodies[AES_AIR]).same_story


def test_a_digest_of_two_stories_does_not_join_them(labelled: tuple[dict[str, str], dict[str, Any]]) -> None:
    """A page carrying two stories matches both, but the two stories are not checked into one group."""
    bodies, _ = labelled
    texts = {key: bodies[key] for key in ("t01-afp", "e01-afp")}
    texts["digest"] = bodies["t01-afp"] + "\n\n" + bodies["e01-afp"]
    index = SimilarityIndex.build(texts.items())
    assert index.verify("t01-afp", "digest", texts.__getitem__).same_story
    assert index.verify("e01-afp", "digest", texts.__getitem__).same_story
    groups = index.story_groups(texts=texts.__getitem__)
    assert not any({"t01-afp", "e01-afp"} <= set(g) for g in groups)
    assert len(groups) == 1  # one of the two stories keeps the digest


def test_verification_is_remembered_until_a_text_changes(bodies: dict[str, str]) -> None:
    index = SimilarityIndex.build(bodies.items())
    calls: list[str] = []

    def text(article_id: str) -> str:
        calls.append(article_id)
        return bodies[article_id]

    first = index.verify(C130_A, C130_B, text)
    assert index.verify(C130_B, C130_A, text) == first and len(calls) == 2
    index.add(C130_B, bodies[AES_AIR])
    assert not index.verify(C130_A, C130_B, lambda a: bodies[AES_AIR] if a == C130_B else bodies[a]).same_story


def test_workspace_lists_verified_rewrites_first_and_says_why(
    labelled: tuple[dict[str, str], dict[str, Any]], tmp_path: Path
) -> None:
    import shutil

    from sahel_tui.core.workspace import Workspace

    _, labels = labelled
    shutil.copytree(QUALITY / "articles", tmp_path / "corpus")
    ws = Workspace(corpus=tmp_path / "corpus", root=tmp_path / "ws", author="tester")
    ids = {article_id.rsplit("_", 1)[0]: article_id for article_id in ws.article_ids()}
    story = {member: name for name, group in labels["groups"].items() for member in group}
    for key in ("t04-heavy", "w02-heavy", "d03-forum", "m01-timbuktu", "e06-ap"):
        rows = ws.similar(ids[key], limit=10)
        flags = [row.same_story for row in rows]
        assert flags == sorted(flags, reverse=True)  # verified rows first
        for row in rows:
            other = row.id.rsplit("_", 1)[0]
            if row.same_story:  # verified pairs are always of one labelled story
                assert story.get(other) is not None and story.get(other) == story.get(key)
            assert re.match(r"\d+ of \d+ sentences aligned", row.why)
    for key in ("w02-heavy", "d03-forum"):
        group = set(labels["groups"][story[key]]) - {key}
        rows = ws.similar(ids[key], limit=len(group))
        assert {row.id.rsplit("_", 1)[0] for row in rows} == group and all(row.same_story for row in rows)
    # c (closest rewrite) takes the first row: for a template page it is not a "same story"
    assert not ws.similar(ids["m01-timbuktu"], limit=1)[0].same_story
    groups = [[a.rsplit("_", 1)[0] for a in g] for g in ws.story_groups()]
    assert sorted(map(sorted, groups)) == sorted(sorted(g) for g in labels["groups"].values())
