"""End-to-end speed of the real paths an analyst uses, on the seeds and on a synthetic corpus.

Unlike ``bench_search.py`` (which feeds the index ready-made documents), this goes
through the Workspace: reading and cleaning articles, loading annotation files,
detecting catalog names, building the index; then saving annotations, and the app
itself (time to first frame, keystroke to results) driven headless with Textual's
pilot.  Prints one table per corpus.  The keystroke time is split into the debounce, the
search (worker thread) and the render (UI thread); the app runs in a process of its own, so
its peak RSS is the app's.

    .venv/bin/python benchmarks/bench_app.py            # seeds + 10,000 synthetic articles
    .venv/bin/python benchmarks/bench_app.py --n 2000   # a smaller synthetic corpus
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import yaml  # noqa: E402

from sahel_tui.core.workspace import Workspace  # noqa: E402


def p(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.1f} / {p(values, 95) * 1000:8.1f}"


def synthetic_workspace(n: int, work: Path) -> tuple[Path, Path]:
    from synthetic import generate_corpus, synthetic_entities

    corpus = work / f"corpus-{n}"
    if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != n:
        shutil.rmtree(corpus, ignore_errors=True)
        generate_corpus(corpus, n)
    ws = work / f"workspace-{n}"
    shutil.rmtree(ws, ignore_errors=True)
    (ws / "annotations").mkdir(parents=True)
    entities = [{"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases)} for e in synthetic_entities()]
    (ws / "entities.yaml").write_text(yaml.safe_dump({"version": 1, "entities": entities}, allow_unicode=True))
    return corpus, ws


def seeds_workspace(work: Path) -> tuple[Path, Path]:
    ws = work / "workspace-seeds"
    shutil.rmtree(ws, ignore_errors=True)
    shutil.copytree(ROOT / "index", ws, ignore=shutil.ignore_patterns("whoosh*", "similarity", "*.lock"))
    return ROOT / "seeds", ws


def bench_core(corpus: Path, root: Path, saves: int) -> dict[str, str]:
    out: dict[str, str] = {}
    ws = Workspace(corpus, root, author="bench")
    t = time.perf_counter()
    report = ws.sync_index()
    build = time.perf_counter() - t
    out["index build (workspace path)"] = f"{build:8.2f} s  ({report.total / build:.0f} articles/s)"
    t = time.perf_counter()
    ws.sync_index()
    out["freshness check, nothing changed"] = f"{(time.perf_counter() - t) * 1000:8.1f} ms"
    ws.close()
    out["new CLI process to first result, p50 / p95"] = ms(_cli_first_result(corpus, root)) + " ms"

    ws = Workspace(corpus, root, author="bench")
    ws.sync_index()
    ws.warm()
    ids = ws.article_ids()
    step = max(1, len(ids) // saves)
    save_times, visible_times = [], []
    for article_id in ids[::step][:saves]:
        body = ws.article(article_id).body
        word_start = body.index(" ") + 1
        word_end = body.index(" ", word_start)
        t = time.perf_counter()
        mention = ws.annotate(article_id, word_start, word_end, "EVENT")
        save_times.append(time.perf_counter() - t)
        while True:  # until the index shows it
            hits = ws.search("author:bench", limit=len(ids), with_facets=False)
            if article_id in {h.id for h in hits.hits}:
                break
            time.sleep(0.005)
        visible_times.append(time.perf_counter() - t)
        assert mention.id
    out["save one annotation (YAML), p50 / p95"] = ms(save_times) + " ms"
    out["save -> visible in search, p50 / p95"] = ms(visible_times) + " ms"
    ws.close()
    return out


def _cli_first_result(corpus: Path, root: Path, runs: int = 7) -> list[float]:
    """Wall time of ``sahel-tui search`` in a new process (imports, freshness check, search, print)."""
    command = [sys.executable, "-m", "sahel_tui", "--corpus", str(corpus), "--workspace", str(root)]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([*command, "search", "blockade"], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return times


async def _bench_tui(corpus: Path, root: Path, words: list[str]) -> dict[str, str]:
    from textual.widgets import Input

    from sahel_tui.tui.app import SahelApp
    from sahel_tui.tui.widgets.results_list import ResultsList
    from sahel_tui.tui.widgets.search_bar import SearchBar

    out: dict[str, str] = {}
    Input.cursor_blink = False
    t = time.perf_counter()
    ws = Workspace(corpus, root, author="bench")
    searches: list[float] = []  # the worker's workspace.search
    renders: list[float] = []  # the UI thread's results list update
    search, show = ws.search, ResultsList.show_results

    def timed_search(*args, **kwargs):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return search(*args, **kwargs)
        finally:
            searches.append(time.perf_counter() - t0)

    def timed_show(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return show(self, *args, **kwargs)
        finally:
            renders.append(time.perf_counter() - t0)

    ws.search = timed_search  # type: ignore[method-assign]
    ResultsList.show_results = timed_show  # type: ignore[method-assign]
    app = SahelApp(ws)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            out["app start to first frame"] = f"{(time.perf_counter() - t) * 1000:8.1f} ms"
            results = app.screen.query_one(ResultsList)
            while app.screen.query_one("#status").render().plain.find("fresh") < 0 and time.perf_counter() - t < 600:
                await pilot.pause(0.01)
            out["app start to index ready"] = f"{(time.perf_counter() - t):8.2f} s"
            latencies: list[float] = []
            search_times: list[float] = []
            render_times: list[float] = []
            for word in words:
                await pilot.press("ctrl+u")
                await pilot.pause(0.3)
                searches.clear()
                renders.clear()
                for ch in word:
                    before = results.results
                    t0 = time.perf_counter()
                    await pilot.press(ch)
                    while results.results is before and time.perf_counter() - t0 < 5:
                        await pilot.pause(0.002)
                    latencies.append(time.perf_counter() - t0)
                search_times += searches
                render_times += renders
            out["keystroke -> results on screen, p50 / p95"] = ms(latencies) + " ms"
            out["  of which debounce (fixed)"] = f"{SearchBar.DEBOUNCE * 1000:8.1f} ms"
            out["  of which search (worker), p50 / p95"] = ms(search_times) + " ms"
            out["  of which render (UI thread), p50 / p95"] = ms(render_times) + " ms"
            out["peak RSS of the process (app)"] = f"{_peak_rss_mib():8.0f} MiB"
    finally:
        ResultsList.show_results = show  # type: ignore[method-assign]
        ws.close()
    return out


def _peak_rss_mib() -> float:
    """VmHWM of this process (Linux), the high-water mark of its resident memory."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _tui_in_child(corpus: Path, root: Path, words: list[str]) -> dict[str, str]:
    """The app's figures from a fresh process, so its RSS is the app's own, not the build's."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_run_tui, (corpus, root, words))


def _run_tui(corpus: Path, root: Path, words: list[str]) -> dict[str, str]:
    return asyncio.run(_bench_tui(corpus, root, words))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="synthetic corpus size (0: seeds only)")
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "sahel-tui-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    words = ["blockade", "niamey", "drone", "convoy"]
    runs = [("seeds (5 articles)", *seeds_workspace(args.workdir))]
    if args.n:
        runs.append((f"synthetic ({args.n:,} articles)", *synthetic_workspace(args.n, args.workdir)))
    for name, corpus, root in runs:
        rows = bench_core(corpus, root, min(args.saves, len(list(corpus.glob("*.txt")))))
        for child in (root / "annotations").glob("*"):
            child.unlink()
        rows.update(_tui_in_child(corpus, root, words))
        print(f"\n{name}")
        print(f"{'measure':<44} {'value (p50 / p95 where two)':>30}")
        for key, value in rows.items():
            print(f"{key:<44} {value:>30}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
