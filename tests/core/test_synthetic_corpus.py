"""The benchmarks' synthetic corpus is read by the article loader as written (dates included)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from sahel_tui.core.articles import load_article

ROOT = Path(__file__).resolve().parents[2]


def _synthetic() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_synthetic", ROOT / "benchmarks" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_generated_files_load_with_the_date_title_and_body_of_the_generator(tmp_path: Path) -> None:
    synthetic = _synthetic()
    paths = synthetic.generate_corpus(tmp_path, 12, seed=3)
    docs = {d.id: d for d in synthetic.synthetic_docs(12, seed=3)}
    dated = 0
    for path in paths:
        article = load_article(path)
        expected = docs[path.stem]
        assert article.date == expected.date  # a date: query on a built workspace finds it
        assert article.title.casefold() == expected.title.casefold()  # the loader capitalises titles
        assert "date " + str(expected.date) not in article.body
        dated += article.date is not None
    assert dated >= 6
