"""Search benchmark: index build, query latency by kind, background update latency.

    .venv/bin/python benchmarks/bench_search.py            # 10,000 synthetic articles
    .venv/bin/python benchmarks/bench_search.py --n 2000   # smaller
    .venv/bin/python benchmarks/bench_search.py --reuse    # keep the built index between runs

Runs the same query kinds on the five seed articles, then on ``--n`` synthetic
articles (deterministic: seeded corpus, fixed queries).  Latencies are per
search call as the CLI or the TUI makes it: 20 hits with snippets and facets
over the whole result set.  The per-snapshot cache (completions, snippets) is
cleared before every timed call, so nothing is served from a previous run of
the same query.  Prints Markdown tables and writes them as JSON to
``benchmarks/out/bench_search.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import synthetic_docs, synthetic_entities  # noqa: E402
from sahel_tui.core.detect import EntityMatcher, fold  # noqa: E402
from sahel_tui.core.index import IndexUpdater, SearchIndex  # noqa: E402
from sahel_tui.core.models import Entity, IndexDoc  # noqa: E402
from sahel_tui.core.search import search  # noqa: E402

LABELS = frozenset({"ARMED_GROUP", "EXTERNAL_FORCE", "STATE_FORCE", "ORGANIZATION", "LOCATION",
                    "EQUIPMENT", "PERSON", "EVENT"})  # fmt: skip

PREFIX_WORDS = ["blockade", "Niamey", "convoy", "Ouagadougou", "hostages", "Diéma", "checkpoint", "ambassador"]

QUERIES: dict[str, list[str]] = {
    "term": ["convoy", "hostages", "gold", "ambush", "drones", "ceasefire", "Tessalit", "Niamey"],
    "two-term AND": ["gold convoy", "hostages released", "Kidal drones", "fuel blockade", "ambush Gao"],
    "phrase": ['"Africa Corps"', '"gold mine"', '"trade route"', '"military base"', '"Burkina Faso"'],
    "entity:": ["entity:jnim", 'entity:"Africa Corps"', "entity:niamay", "entity:c-130", "entity:diema"],
    "type:": ["type:armed_group", "type:equipment", "type:external_force"],
    "date: range": ["date:[2023-01 TO 2023-06]", "date:>2025-06", "date:2024", "date:2022-03"],
    "combined": ["entity:jnim date:2024 convoy", 'type:armed_group "trade route" -Wagner'],
    "fuzzy (~)": ["niamay~", "convoi~", "hostagse~2"],
    "misspelled: no hit, did-you-mean + fuzzy": ["blokade", "hostagse", "checkpont", "ambasador"],
    "no hit at all": ["qqxzv", "zzkw blockade"],
    "empty query (list all)": [""],
}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def make_resolver(entities: Iterable[Entity]) -> Callable[[str], list[str]]:
    table: dict[str, list[str]] = {}
    for entity in entities:
        for key in {entity.id, *(fold(n) for n in entity.names)}:
            table.setdefault(fold(key), []).append(entity.id)
    return lambda text: table.get(fold(" ".join(text.split())), [])


# -- the seeds -------------------------------------------------------------------------------


def seed_docs() -> tuple[list[IndexDoc], list[Entity]]:
    """IndexDocs made straight from the raw seed files and the bundled catalog."""
    data = yaml.safe_load((ROOT / "index" / "entities.yaml").read_text(encoding="utf-8"))
    entities = [
        Entity(id=e["id"], name=e["name"], type=e["type"], aliases=tuple(e.get("aliases") or ()))
        for e in data["entities"]
    ]
    by_id = {e.id: e for e in entities}
    matcher = EntityMatcher(entities)
    docs = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        date = re.search(r"\bdate (\d{4}-\d{2}-\d{2})\b", raw)
        title = next(line.strip() for line in raw.splitlines() if line.strip())[:120]
        found = matcher.entity_ids(raw)
        docs.append(IndexDoc(
            id=path.stem, title=title, date=date.group(1) if date else None, source=None, body=raw,
            entities=(), detected=tuple(found), labels=tuple(sorted({by_id[i].type for i in found})),
            names=tuple(n for i in found for n in by_id[i].names), authors=(), fingerprint=path.stem,
        ))  # fmt: skip
    return docs, entities


# -- measuring -------------------------------------------------------------------------------


class Bench:
    def __init__(self, ix: SearchIndex, resolve: Callable[[str], list[str]], rounds: int):
        self.ix = ix
        self.resolve = resolve
        self.rounds = rounds
        self.rows: list[dict[str, object]] = []

    def clear_cache(self) -> None:
        with self.ix.snapshot() as snap:
            snap.cache.clear()

    def run(self, kind: str, queries: list[str], *, as_you_type: bool = False) -> None:
        samples: list[float] = []
        totals: list[int] = []
        for _ in range(self.rounds):
            for q in queries:
                self.clear_cache()
                ms, results = timed(
                    lambda q=q: search(
                        self.ix, q, limit=20, resolve_entity=self.resolve, label_ids=LABELS, as_you_type=as_you_type
                    )
                )
                samples.append(ms)
                totals.append(results.total)  # type: ignore[attr-defined]
        self.rows.append(
            {
                "kind": kind,
                "queries": len(queries),
                "calls": len(samples),
                "p50_ms": statistics.median(samples),
                "p95_ms": percentile(samples, 95),
                "mean_hits": statistics.mean(totals),
            }
        )

    def table(self, title: str) -> str:
        lines = [f"### {title}", "", "| query kind | calls | p50 ms | p95 ms | mean hits |", "|---|---|---|---|---|"]
        for r in self.rows:
            lines.append(
                f"| {r['kind']} | {r['calls']} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['mean_hits']:.0f} |"
            )
        return "\n".join(lines)


def run_queries(bench: Bench) -> None:
    for kind, queries in QUERIES.items():
        bench.run(kind, queries)
    for length in (1, 2, 3, 4, 6):
        typed = [w[:length] for w in PREFIX_WORDS]
        bench.run(f"as-you-type, {length} char{'s' if length > 1 else ''}", typed, as_you_type=True)
    bench.run("as-you-type after a word, 3 chars", [f"convoy {w[:3]}" for w in PREFIX_WORDS], as_you_type=True)


def update_latency(ix: SearchIndex, n: int) -> dict[str, float]:
    """submit() time (the caller's cost) and submit-to-visible-in-search time."""
    commits: list[float] = []
    updater = IndexUpdater(ix, on_commit=lambda: commits.append(time.perf_counter()))
    submit_ms: list[float] = []
    visible_ms: list[float] = []
    base = next(iter(synthetic_docs(1)))
    try:
        for i in range(n):
            word = f"zquv{i}x"
            doc = replace(base, id=f"bench_update_{i % 3}", body=f"{base.body} {word}", fingerprint=f"u{i}")
            start = time.perf_counter()
            updater.submit(doc)
            submit_ms.append((time.perf_counter() - start) * 1000)
            while not _found(ix, word):
                time.sleep(0.002)
                if time.perf_counter() - start > 30:
                    raise RuntimeError("update never became visible")
            visible_ms.append((time.perf_counter() - start) * 1000)
        updater.flush(30)
    finally:
        updater.stop()
    return {
        "submit_p50_ms": statistics.median(submit_ms),
        "submit_p95_ms": percentile(submit_ms, 95),
        "visible_p50_ms": statistics.median(visible_ms),
        "visible_p95_ms": percentile(visible_ms, 95),
        "segments": ix.segment_count(),
    }


def _found(ix: SearchIndex, word: str) -> bool:
    """The word is in the index (an exact hit, not a fuzzy match of an earlier update)."""
    results = search(ix, word, with_facets=False, snippets=False)
    return results.total > 0 and not results.fuzzy


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench_synthetic(n: int, workdir: Path, reuse: bool, rounds: int, updates: int, optimize: bool) -> dict:
    ix_dir = workdir / f"synthetic-{n}" / "whoosh"
    ix = SearchIndex(ix_dir)
    report: dict[str, object] = {"n": n}
    if not (reuse and ix.open().ok and ix.doc_count() == n):
        shutil.rmtree(ix_dir.parent, ignore_errors=True)
        docs = list(synthetic_docs(n))
        build_s, _ = timed(lambda: ix.rebuild(docs, total=n))
        report["build_s"] = build_s / 1000
        report["build_per_s"] = n / (build_s / 1000)
    report["index_mb"] = dir_size(ix_dir) / 1e6
    fresh = SearchIndex(ix_dir)
    report["open_ms"], _ = timed(fresh.open)
    resolve = make_resolver(synthetic_entities())
    report["first_search_ms"], _ = timed(lambda: search(fresh, "convoy", resolve_entity=resolve, label_ids=LABELS))
    report["warm_caches_ms"], _ = timed(fresh.refresh)
    bench = Bench(fresh, resolve, rounds)
    run_queries(bench)
    report["queries"] = bench.rows
    report["table"] = bench.table(f"{n:,} synthetic articles")
    report["update"] = update_latency(fresh, updates)
    bench_after = Bench(fresh, resolve, max(1, rounds // 2))
    bench_after.run("term, after the updates", QUERIES["term"])
    report["after_updates"] = bench_after.rows[0]
    if optimize:
        report["optimize_s"], _ = timed(fresh.optimize)
        report["optimize_s"] = report["optimize_s"] / 1000  # type: ignore[operator]
        bench_opt = Bench(fresh, resolve, max(1, rounds // 2))
        bench_opt.run("term, after optimize", QUERIES["term"])
        report["after_optimize"] = bench_opt.rows[0]
    return report


def bench_seeds(workdir: Path, rounds: int) -> dict:
    docs, entities = seed_docs()
    ix = SearchIndex(workdir / "seeds" / "whoosh")
    build_ms, _ = timed(lambda: ix.rebuild(docs))
    bench = Bench(ix, make_resolver(entities), rounds)
    run_queries(bench)
    return {"n": len(docs), "build_ms": build_ms, "queries": bench.rows, "table": bench.table("the 5 seed articles")}


def summary(report: dict) -> str:
    upd = report["update"]
    lines = [
        f"### index of {report['n']:,} synthetic articles",
        "",
        "| measure | value |",
        "|---|---|",
    ]
    if "build_s" in report:
        lines.append(f"| build | {report['build_s']:.1f} s ({report['build_per_s']:.0f} articles/s) |")
    lines += [
        f"| index size | {report['index_mb']:.0f} MB |",
        f"| open (health check) | {report['open_ms']:.0f} ms |",
        f"| first search after open | {report['first_search_ms']:.0f} ms |",
        f"| build snapshot caches (listing table, vocabulary) | {report['warm_caches_ms']:.0f} ms |",
        f"| IndexUpdater.submit() (the caller's cost) | p50 {upd['submit_p50_ms']:.2f} ms, p95 {upd['submit_p95_ms']:.2f} ms |",
        f"| update one article: submit -> visible in search | p50 {upd['visible_p50_ms']:.0f} ms, p95 {upd['visible_p95_ms']:.0f} ms |",
        f"| segments after the updates | {upd['segments']} |",
        f"| term query after the updates | p50 {report['after_updates']['p50_ms']:.1f} ms, p95 {report['after_updates']['p95_ms']:.1f} ms |",
    ]  # fmt: skip
    if "optimize_s" in report:
        lines.append(f"| optimize (merge all segments) | {report['optimize_s']:.1f} s |")
        lines.append(
            f"| term query after optimize | p50 {report['after_optimize']['p50_ms']:.1f} ms, "
            f"p95 {report['after_optimize']['p95_ms']:.1f} ms |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="synthetic articles (default 10,000)")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is run (default 3)")
    parser.add_argument("--updates", type=int, default=20, help="background updates to time (default 20)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--reuse", action="store_true", help="reuse an index built by an earlier run")
    parser.add_argument("--optimize", action="store_true", help="also time a full segment merge")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)

    seeds = bench_seeds(args.workdir, args.rounds)
    print(seeds["table"], "\n", flush=True)
    report = bench_synthetic(args.n, args.workdir, args.reuse, args.rounds, args.updates, args.optimize)
    print(summary(report), "\n")
    print(report["table"])
    (args.workdir / "bench_search.json").write_text(json.dumps({"seeds": seeds, "synthetic": report}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
