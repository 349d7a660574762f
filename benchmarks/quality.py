"""Quality benchmark: story groups and search on a labelled set of real-looking news.

    .venv/bin/python benchmarks/quality.py                       # tables on stdout
    .venv/bin/python benchmarks/quality.py --save out/before.json  # also keep the figures
    .venv/bin/python benchmarks/quality.py --baseline benchmarks/data/quality/before.json

The labelled set is ``benchmarks/data/quality/`` (see ``labels.yaml`` and
``quality_make.py``).  Story groups are scored pairwise: a pair of articles is
predicted when :meth:`Workspace.story_groups` puts them in one group, relevant
when the labels do.  Search is scored per query on the first 20 hits:
R-precision (precision at k = the number of relevant articles), recall at 20,
and "fully right" when the first k hits are exactly the relevant articles.
With ``--baseline`` every figure is shown next to the saved one.  It takes a few
seconds, so CI runs it as it is (``--min-precision``/``--min-recall`` make it fail
below the story-group targets).
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sahel_tui.core.workspace import Workspace  # noqa: E402
from sahel_tui.core.yamlio import load_yaml  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "quality"
SEEDS = ROOT / "seeds"
HITS = 20


def key(article_id: str) -> str:
    """The label key of an article id (``t01-afp_46d4...`` -> ``t01-afp``)."""
    return article_id.rsplit("_", 1)[0]


def workspace(corpus: Path, root: Path) -> Workspace:
    ws = Workspace(corpus=corpus, root=root, author="bench")
    ws.sync_index()
    return ws


def pairs_of(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}  # type: ignore[misc]


def group_scores(predicted: list[list[str]], truth: list[list[str]]) -> dict[str, Any]:
    got, want = pairs_of(predicted), pairs_of(truth)
    hit = len(got & want)
    return {
        "predicted_pairs": len(got),
        "true_pairs": len(want),
        "precision": hit / len(got) if got else 1.0,
        "recall": hit / len(want) if want else 1.0,
        "groups": [sorted(g) for g in predicted],
        "wrong_pairs": sorted(f"{a} + {b}" for a, b in got - want),
        "missed_pairs": sorted(f"{a} + {b}" for a, b in want - got),
    }


def search_scores(ws: Workspace, queries: list[dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for query in queries:
        relevant = set(query["relevant"])
        results = ws.search(query["q"], limit=HITS, with_facets=False)
        ranked = [key(hit.id) for hit in results.hits]
        k = len(relevant)
        top = ranked[:k]
        rows.append(
            {
                "q": query["q"],
                "kind": query["kind"],
                "r_precision": sum(1 for a in top if a in relevant) / k,
                "recall": sum(1 for a in ranked if a in relevant) / k,
                "right": set(top) == relevant,
                "missing": sorted(relevant - set(ranked)),
            }
        )
    kinds: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        kinds.setdefault(row["kind"], []).append(row)
    summary = {kind: _mean(items) for kind, items in kinds.items()}
    summary["all"] = _mean(rows)
    return {"queries": rows, "by_kind": summary}


def _mean(rows: list[dict[str, Any]]) -> dict[str, float]:
    n = len(rows)
    return {
        "queries": n,
        "right": sum(r["right"] for r in rows),
        "r_precision": sum(r["r_precision"] for r in rows) / n,
        "recall": sum(r["recall"] for r in rows) / n,
    }


def run() -> dict[str, Any]:
    labels = load_yaml(DATA / "labels.yaml").data
    truth = [list(g) for g in labels["groups"].values()]
    with tempfile.TemporaryDirectory(prefix="sahel-quality-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(DATA / "articles", corpus)
        ws = workspace(corpus, Path(tmp) / "ws")
        predicted = [[key(a) for a in g] for g in ws.story_groups()]
        groups = group_scores(predicted, truth)
        search = search_scores(ws, labels["queries"])
        seeds = workspace(SEEDS, Path(tmp) / "seeds-ws").story_groups()
    return {"groups": groups, "search": search, "seed_groups": [[key(a) for a in g] for g in seeds]}


def _cell(value: float, before: float | None) -> str:
    return f"{value:.2f}" if before is None else f"{before:.2f} -> {value:.2f}"


def report(result: dict[str, Any], baseline: dict[str, Any] | None) -> str:
    g, bg = result["groups"], (baseline or {}).get("groups")
    before_pairs = f" (before {bg['predicted_pairs']})" if bg else ""
    lines = [
        "## Story groups (pairwise)",
        "",
        "| measure | value |",
        "|---|---|",
        f"| precision | {_cell(g['precision'], bg and bg['precision'])} |",
        f"| recall | {_cell(g['recall'], bg and bg['recall'])} |",
        f"| predicted pairs | {g['predicted_pairs']}{before_pairs} |",
        f"| labelled pairs | {g['true_pairs']} |",
        f"| seed groups | {result['seed_groups']} |",
        "",
    ]
    lines += [f"- wrong pair: {p}" for p in g["wrong_pairs"][:15]]
    lines += [f"- missed pair: {p}" for p in g["missed_pairs"][:15]]
    lines += ["", "## Search (first 20 hits)", "", "| kind | queries | fully right | R-precision | recall@20 |"]
    lines.append("|---|---|---|---|---|")
    before_kinds = (baseline or {}).get("search", {}).get("by_kind", {})
    for kind, row in result["search"]["by_kind"].items():
        b = before_kinds.get(kind)
        right = f"{row['right']}" if b is None else f"{b['right']} -> {row['right']}"
        lines.append(
            f"| {kind} | {row['queries']} | {right} | {_cell(row['r_precision'], b and b['r_precision'])}"
            f" | {_cell(row['recall'], b and b['recall'])} |"
        )
    lines += ["", "Queries not fully right:"]
    for row in result["search"]["queries"]:
        if not row["right"]:
            missing = f", missing {', '.join(row['missing'])}" if row["missing"] else ""
            lines.append(f"- {row['q']!r} ({row['kind']}): R-precision {row['r_precision']:.2f}{missing}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--save", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--baseline", type=Path, help="show the figures of this JSON file next to today's")
    parser.add_argument("--min-precision", type=float, default=0.0, help="fail below this group precision")
    parser.add_argument("--min-recall", type=float, default=0.0, help="fail below this group recall")
    args = parser.parse_args(argv)
    result = run()
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None
    print(report(result, baseline), end="")
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    g = result["groups"]
    return 0 if g["precision"] >= args.min_precision and g["recall"] >= args.min_recall else 1


if __name__ == "__main__":
    sys.exit(main())
