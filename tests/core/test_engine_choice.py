"""Choosing a workspace's search engine: asked for, environment, recorded, else Whoosh."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_tui.core.engine.choice import ENV, record_engine, resolve_engine
from sahel_tui.core.errors import SahelError
from sahel_tui.core.workspace import Workspace


def test_the_engine_is_asked_for_then_from_the_environment_then_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    assert resolve_engine(tmp_path) == "whoosh"  # the default
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
