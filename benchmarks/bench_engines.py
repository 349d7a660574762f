"""Engines side by side: Whoosh, tantivy and the SQLite FTS5 anchor on the same synthetic articles.

    .venv/bin/python benchmarks/bench_engines.py              # 10,000 synthetic articles
    .venv/bin/python benchmarks/bench_engines.py --n 2000     # smaller
    .venv/bin/python benchmarks/bench_engines.py --n 100000 --engines tantivy   # large: a background job

Every engine is built in this run from the same generated documents.  Whoosh
and tantivy are timed through the application's own search call (20 hits with
snippets and facets over the whole result set, the per-snapshot cache cleared
before each call); FTS5 (standard library) is the anchor: a MATCH with the
exact count and 20 rows with ``snippet()``.  Ratios are against the anchor of
the same run.  Totals of Whoosh and tantivy are checked against each other
(exact on both).  Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_search import LABELS, make_resolver, percentile  # noqa: E402
from benchmarks.synthetic import synthetic_docs, synthetic_entities  # noqa: E402
from sahel_tui.core.engine.choice import make_index  # noqa: E402
from sahel_tui.core.search import search  # noqa: E402

QUERIES: dict[str, tuple[list[str], list[str]]] = {
    # kind: (application queries, FTS5 equivalents)
    "term": (["convoy", "hostages", "gold", "ambush", "drones"], ["convoy", "hostages", "gold", "ambush", "drones"]),
    "two-term AND": (
        ["fuel blockade", "gold convoy", "hostages released", "ambush Gao"],
        ["fuel blockade", "gold convoy", "hostages released", "ambush Gao"],
    ),
    "phrase": (
        ['"Africa Corps"', '"gold mine"', '"trade route"', '"military base"'],
        ['"Africa Corps"', '"gold mine"', '"trade route"', '"military base"'],
    ),
    "prefix (as you type)": (["con", "hos", "blo", "amb"], ["con*", "hos*", "blo*", "amb*"]),
    "entity:": (["entity:jnim", 'entity:"Africa Corps"', "entity:niamey"], []),
    "date:": (["date:2024", "date:2023-03", "date:[2023-01 TO 2023-06]"], []),
}
REPEAT = 3


def ms(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000, out


def build_engine(name: str, folder: Path, n: int) -> tuple[object, float]:
    index = make_index(name, folder)
    start = time.perf_counter()
    index.rebuild(synthetic_docs(n), total=n)
    return index, time.perf_counter() - start


def build_fts(folder: Path, n: int) -> tuple[sqlite3.Connection, float]:
    db = sqlite3.connect(str(folder / "fts.db"))
    start = time.perf_counter()
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61')")
    db.executemany("INSERT INTO docs VALUES (?, ?, ?)", ((d.id, d.title, d.body) for d in synthetic_docs(n)))
    db.commit()
    return db, time.perf_counter() - start


def fts_query(db: sqlite3.Connection, q: str) -> int:
    (count,) = db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (q,)).fetchone()
    db.execute(
        "SELECT id, snippet(docs, 2, '[', ']', '…', 24) FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 20", (q,)
    ).fetchall()
    return int(count)


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--engines", default="whoosh,tantivy", help="comma-separated (FTS5 always runs)")
    args = ap.parse_args()
    resolve = make_resolver(synthetic_entities())
    work = Path(tempfile.mkdtemp(prefix="sahel-bench-engines-"))
    try:
        run(args.n, work, resolve, [e for e in args.engines.split(",") if e])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(n: int, work: Path, resolve: Callable[[str], list[str]], names: list[str]) -> None:
    engines: dict[str, object] = {}
    build: dict[str, tuple[float, float]] = {}
    for name in names:
        (work / name).mkdir()
        gc.collect()
        engines[name], seconds = build_engine(name, work / name, n)
        build[name] = (seconds, size_mb(work / name))
    (work / "fts").mkdir()
    db, seconds = build_fts(work / "fts", n)
    build["fts5"] = (seconds, size_mb(work / "fts"))

    print(f"\n## {n:,} synthetic articles\n")
    print("| build | articles/s | seconds | size MB |\n|---|---|---|---|")
    for name, (seconds, size) in build.items():
        print(f"| {name} | {n / seconds:,.0f} | {seconds:.1f} | {size:.0f} |")

    print("\n| query kind (p50 / p95 ms) | Whoosh | tantivy | FTS5 | Whoosh / FTS5 | tantivy / FTS5 | mean hits |")
    print("|---|---|---|---|---|---|---|")
    mismatches: list[str] = []
    for kind, (queries, fts_queries) in QUERIES.items():
        times: dict[str, list[float]] = {"whoosh": [], "tantivy": [], "fts5": []}  # an engine not run: blank
        totals: list[int] = []
        for q in queries:
            seen = {}
            for name, index in engines.items():
                as_you_type = kind.startswith("prefix")
                for _ in range(REPEAT):
                    with index.snapshot() as snap:  # type: ignore[attr-defined]
                        snap.cache.clear()
                    t, res = ms(
                        lambda index=index, q=q, a=as_you_type: search(
                            index,  # type: ignore[arg-type]
                            q,
                            resolve_entity=resolve,
                            label_ids=LABELS,
                            as_you_type=a,
                        )
                    )
                    times[name].append(t)
                seen[name] = res.total  # type: ignore[attr-defined]
            totals.append(max(seen.values()))
            if len(set(seen.values())) > 1:
                mismatches.append(f"{q!r}: {seen}")
        for q in fts_queries:
            for _ in range(REPEAT):
                times["fts5"].append(ms(lambda q=q: fts_query(db, q))[0])
        cells = {k: f"{statistics.median(v):.1f} / {percentile(v, 95):.1f}" if v else "" for k, v in times.items()}
        fts = statistics.median(times["fts5"]) if times["fts5"] else None
        ratio = {
            k: f"{statistics.median(times[k]) / fts:.1f}x" if fts and times[k] else "" for k in ("whoosh", "tantivy")
        }  # fmt: skip
        print(
            f"| {kind} | {cells['whoosh']} | {cells['tantivy']} | {cells['fts5']} | {ratio['whoosh']} "
            f"| {ratio['tantivy']} | {statistics.mean(totals):,.0f} |"
        )
    # reopening: what a new process pays before its first result
    for name in engines:
        fresh = make_index(name, work / name)
        t, _ = ms(lambda fresh=fresh: search(fresh, "convoy", resolve_entity=resolve, label_ids=LABELS))  # type: ignore[arg-type]
        print(f"\nreopen + first search, {name}: {t:.0f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process (all engines): {peak:.0f} MiB")
    print("totals equal across the engines run:", "yes" if not mismatches else "NO: " + "; ".join(mismatches))


if __name__ == "__main__":
    main()
