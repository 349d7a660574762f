"""Choosing a workspace's search engine: asked for, environment, recorded, else auto by corpus size."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_tui.core.engine import choice
from sahel_tui.core.engine.choice import ENV, decide_engine, record_engine, resolve_engine
from sahel_tui.core.errors import SahelError
from sahel_tui.core.workspace import Workspace


def test_the_engine_is_asked_for_then_from_the_environment_then_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert resolve_engine(tmp_path) == "auto"  # the default
    record_engine(tmp_path, "tantivy")
    assert resolve_engine(tmp_path) == "tantivy"
    monkeypatch.setenv(ENV, "whoosh")
    assert resolve_engine(tmp_path) == "whoosh"
    assert resolve_engine(tmp_path, "tantivy") == "tantivy"
    monkeypatch.setenv(ENV, "lucene")
    with pytest.raises(SahelError, match="unknown search engine"):
        resolve_engine(tmp_path)


def test_a_tantivy_workspace_indexes_and_searches_like_a_whoosh_one(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    found = {}
    for engine in ("whoosh", "tantivy"):
        root = tmp_path / engine
        with Workspace(corpus=corpus_dir, root=root, author="tester", engine=engine) as ws:
            report = ws.sync_index()
            assert report.total > 0 and (root / engine).is_dir()
            results = ws.search("Niamey")
            assert results.error is None and results.hits
            assert any(h.snippet_highlights for h in results.hits)
            snippets = {h.id: (h.snippet, h.snippet_highlights) for h in results.hits}
            found[engine] = (results.total, snippets, ws.search("date:2024-03").total)
        with Workspace(corpus=corpus_dir, root=root, author="tester", engine=engine) as again:
            assert again.sync_index().total == report.total and not again.sync_index().reason  # reopened as is
    assert found["whoosh"] == found["tantivy"]


def test_auto_is_whoosh_for_a_small_corpus_and_tantivy_past_the_limit(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert decide_engine("auto", lambda: choice.AUTO_LIMIT) == "whoosh"
    assert decide_engine("auto", lambda: choice.AUTO_LIMIT + 1) == "tantivy"
    assert decide_engine("whoosh", lambda: choice.AUTO_LIMIT + 1) == "whoosh"  # asked for: no counting
    with Workspace(corpus=corpus_dir, root=tmp_path / "small", author="tester") as ws:
        ws.sync_index()
        assert ws.engine == "whoosh" and (tmp_path / "small" / "whoosh").is_dir()
    monkeypatch.setattr(choice, "AUTO_LIMIT", 2)  # the seed corpus counts as large
    with Workspace(corpus=corpus_dir, root=tmp_path / "large", author="tester") as ws:
        assert ws.sync_index().total > 2 and ws.search("Niamey").hits
        assert ws.engine == "tantivy" and (tmp_path / "large" / "tantivy").is_dir()
