"""Benchmark of rewrite detection and article comparison on a synthetic corpus.

    .venv/bin/python benchmarks/bench_compare.py            # 10,000 articles
    .venv/bin/python benchmarks/bench_compare.py --n 2000 --queries 50

Times building the similarity index (cold, from its cache, and from a cache
with one changed article), ``similar`` and ``compare`` (median and p95 over
``--queries`` calls) and prints a table.  It also checks that the planted
rewrites are found, so a fast but blind index does not look good.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate_corpus, synthetic_article, synthetic_entities  # noqa: E402
from sahel_tui.core.articles import load_article  # noqa: E402
from sahel_tui.core.compare import compare  # noqa: E402
from sahel_tui.core.detect import EntityMatcher  # noqa: E402
from sahel_tui.core.models import Article  # noqa: E402
from sahel_tui.core.similarity import SimilarityIndex  # noqa: E402

Row = tuple[str, str, str]


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def spread(samples: list[float]) -> str:
    """``median / p95`` of samples given in seconds, in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:.3f} ms / {p95 * 1000:.3f} ms"


def load(folder: Path, n: int, seed: int) -> dict[str, Article]:
    paths = generate_corpus(folder, n, seed)
    return {path.stem: load_article(path) for path in paths}


def planted_pairs(n: int, seed: int, ids: list[str]) -> list[tuple[str, str]]:
    """(rewrite, original) id pairs planted by the generator whose original is not a rewrite."""
    pairs = []
    for i in range(n):
        article = synthetic_article(i, seed)
        if article.story is None:
            continue
        origin = int(article.story.split("-")[1])
        if synthetic_article(origin, seed).story is None:
            pairs.append((ids[i], ids[origin]))
    return pairs


def bench_index(articles: dict[str, Article], cache: Path, rows: list[Row]) -> SimilarityIndex:
    texts = [(a, art.body) for a, art in articles.items()]
    seconds, index = timed(lambda: SimilarityIndex.build(texts))
    rows.append(("build index (cold)", f"{seconds:.2f} s", f"{len(texts)} articles"))
    seconds, saved = timed(lambda: index.save(cache))
    size = (cache / "similarity.npz").stat().st_size / 1e6
    rows.append(("save cache", f"{seconds:.2f} s", f"{size:.1f} MB, written={saved}"))
    seconds, _ = timed(lambda: SimilarityIndex.build(texts, cache_dir=cache))
    rows.append(("build from cache (unchanged)", f"{seconds:.2f} s", "fingerprints + load"))
    changed = [*texts[:-1], (texts[-1][0], texts[-1][1] + "\n\nA late correction was added.")]
    seconds, _ = timed(lambda: SimilarityIndex.build(changed, cache_dir=cache))
    rows.append(("build from cache (1 changed)", f"{seconds:.2f} s", "load + LSH + 1 add + save"))
    return index


def bench_queries(index: SimilarityIndex, articles: dict[str, Article], queries: int, rows: list[Row]) -> None:
    rng = random.Random(1)
    ids = rng.sample(sorted(articles), min(queries, len(articles)))
    samples = [timed(lambda a=a: index.similar(a, limit=10))[0] for a in ids]
    rows.append(("similar(id, 10)", spread(samples), f"{len(ids)} ids"))
    seconds, groups = timed(index.story_groups)
    rows.append(("story_groups()", f"{seconds * 1000:.1f} ms", f"{len(groups)} groups"))


def bench_compare(
    index: SimilarityIndex, articles: dict[str, Article], pairs: list[tuple[str, str]], queries: int, rows: list[Row]
) -> None:
    entities = synthetic_entities()
    matcher = EntityMatcher(entities)
    names = {e.id: e.name for e in entities}
    types = {e.id: e.type for e in entities}
    rng = random.Random(2)
    ids = sorted(articles)
    chosen = pairs[: queries // 2] + [tuple(rng.sample(ids, 2)) for _ in range(queries - min(len(pairs), queries // 2))]
    samples = []
    for left, right in chosen:
        seconds, _ = timed(
            lambda: compare(
                articles[left],
                articles[right],
                matcher=matcher,
                catalog_names=names,
                entity_types=types,
                similarity=index.score(left, right),
            )
        )
        samples.append(seconds)
    rows.append(("compare(left, right)", spread(samples), f"{len(chosen)} pairs, half rewrites"))


def recall(index: SimilarityIndex, pairs: list[tuple[str, str]], rows: list[Row]) -> None:
    stories = index.story_ids()
    found = sum(1 for a, b in pairs if stories.get(a) is not None and stories.get(a) == stories.get(b))
    rows.append(("planted rewrites grouped", f"{found}/{len(pairs)}", "threshold = default"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of synthetic articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=100, help="calls timed for similar and compare")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as tmp:
        seconds, articles = timed(lambda: load(Path(tmp) / "corpus", args.n, args.seed))
        rows.append(("generate + load corpus", f"{seconds:.2f} s", "not part of the index"))
        index = bench_index(articles, Path(tmp) / "cache", rows)
        bench_queries(index, articles, args.queries, rows)
        ids = sorted(articles)
        pairs = planted_pairs(args.n, args.seed, ids)
        bench_compare(index, articles, pairs, args.queries, rows)
        recall(index, pairs, rows)
    width = max(len(r[0]) for r in rows)
    print(f"{'step':<{width}}  {'time (median / p95)':<26}  note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:<26}  {note}")


if __name__ == "__main__":
    main()
