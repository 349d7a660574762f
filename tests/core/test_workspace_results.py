"""What the workspace facade returns: typed index reports, similar articles, entity tables and counts.

The shells decide on these fields (the status line, the CLI's stderr notes), so
each field must say what happened without anyone reading the prose notices.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import IDS

from sahel_tui.core.errors import SahelError
from sahel_tui.core.models import FacetCount, Occurrence, SearchResults
from sahel_tui.core.workspace import (
    EntityCount,
    EntityStats,
    SimilarArticle,
    Skipped,
    Workspace,
    article_entity_counts,
    result_entity_counts,
)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private per-user cache folder (platformdirs reads XDG_CACHE_HOME)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


# -- IndexReport ------------------------------------------------------------------------------


def test_first_sync_builds_the_index_from_scratch_then_finds_nothing_to_do(workspace: Workspace) -> None:
    first = workspace.sync_index()
    assert first.rebuilt and first.first_build and first.changed
    assert first.total == 5 and first.stale == 0 and first.skipped == []
    assert first.private_index is None and not first.read_only
    again = workspace.sync_index()
    assert not again.rebuilt and not again.first_build and not again.changed
    assert again.notices == []


def test_asked_rebuild_is_not_a_first_build(workspace: Workspace) -> None:
    workspace.sync_index()
    report = workspace.sync_index(rebuild=True)
    assert report.rebuilt and report.reason == "asked" and not report.first_build


def test_read_only_workspace_behind_its_corpus_reports_how_stale(
    workspace: Workspace, corpus_dir: Path, workspace_dir: Path
) -> None:
    workspace.sync_index()
    workspace.close()
    path = corpus_dir / f"{IDS['airstrikes']}.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA late correction.\n", encoding="utf-8")
    (corpus_dir / "900_new.txt").write_text("A new article\n\nAbout Gao.\n", encoding="utf-8")
    with Workspace(corpus=corpus_dir, root=workspace_dir, read_only=True) as ws:
        report = ws.sync_index()
    assert report.read_only and report.stale == 2
    assert not report.changed and report.private_index is None
    assert report.to_json()["stale"] == 2 and report.to_json()["read_only"] is True
    assert len(report.read_only_notices()) == 1  # said once, on stderr by the CLI


def test_read_only_workspace_without_an_index_reports_the_private_one(
    corpus_dir: Path, workspace_dir: Path, cache_home: Path
) -> None:
    with Workspace(corpus=corpus_dir, root=workspace_dir, read_only=True) as ws:
        report = ws.sync_index()
        assert report.private_index is not None and report.private_index.is_relative_to(cache_home)
        assert report.rebuilt and report.first_build and report.stale == 0
        assert report.to_json()["private_index"] == str(report.private_index)
        assert not (workspace_dir / "whoosh").exists()
    with Workspace(corpus=corpus_dir, root=workspace_dir, read_only=True) as ws:
        again = ws.sync_index()
    assert again.private_index == report.private_index and not again.rebuilt


def test_articles_that_cannot_be_indexed_are_listed_as_skipped(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_index_doc = workspace.index_doc

    def index_doc(article_id: str, **kwargs: bool):
        if article_id == IDS["aes_air"]:
            raise SahelError("cannot read it")
        return real_index_doc(article_id, **kwargs)

    monkeypatch.setattr(workspace, "index_doc", index_doc)
    report = workspace.sync_index()
    assert report.skipped == [Skipped(IDS["aes_air"], "cannot read it")]
    assert report.to_json()["skipped"] == [{"id": IDS["aes_air"], "reason": "cannot read it"}]
    assert report.total == 5 and report.rebuilt


def test_index_report_json_keeps_its_keys(workspace: Workspace) -> None:
    data = workspace.sync_index().to_json()
    assert {"added", "updated", "removed", "rebuilt", "reason", "seconds", "articles", "notices"} <= set(data)
    assert data["articles"] == 5 and data["rebuilt"] is True


# -- similar and entity_table ----------------------------------------------------------------------


def test_similar_returns_typed_rows_best_first(workspace: Workspace) -> None:
    rows = workspace.similar(IDS["c130_a"], limit=3)
    assert rows and all(isinstance(row, SimilarArticle) for row in rows)
    assert [row.score for row in rows] == sorted((row.score for row in rows), reverse=True)
    assert rows[0].title == workspace.article(rows[0].id).title
    assert rows[0].to_json() == {
        "id": rows[0].id,
        "title": rows[0].title,
        "score": rows[0].score,
        "same_story": True,
        "why": rows[0].why,
    }
    assert re.match(r"\d+ of \d+ sentences aligned", rows[0].why)


def test_entity_table_counts_confirmed_mentions_and_articles(workspace: Workspace) -> None:
    rows = {row.entity.id: row for row in workspace.entity_table()}
    assert all(isinstance(row, EntityStats) for row in rows.values())
    assert rows["niamey"].articles == 4 and rows["niamey"].mentions >= 4
    assert set(rows) == {e.id for e in workspace.catalog.all()}
    data = rows["jnim"].to_json()
    assert data["id"] == "jnim" and data["type"] == "ARMED_GROUP" and data["mentions"] == rows["jnim"].mentions


# -- entity counts (the sidebar's rows) -----------------------------------------------------------


def _occurrence(entity: str | None) -> Occurrence:
    return Occurrence(IDS["aes_air"], 0, 4, "text", "", "", entity=entity)


def test_article_entity_counts_per_entity_unlinked_text_and_suggestions(workspace: Workspace) -> None:
    catalog = workspace.catalog
    base = workspace.mentions(IDS["aes_air"])[0]
    unused = next(label.id for label in workspace.labels if label.id not in {e.type for e in catalog.all()})
    mentions = [
        replace(base, id="m-1", entity="niamey", label="LOCATION"),
        replace(base, id="m-2", entity="niamey", label="LOCATION"),
        replace(base, id="m-3", entity=None, label="LOCATION", quote=replace(base.quote, exact="Kwarazgo")),
        replace(base, id="m-4", entity=None, label=unused, quote=replace(base.quote, exact="last week")),
    ]
    suggestions = [_occurrence("niamey"), _occurrence("jnim"), _occurrence("jnim"), _occurrence("not-in-catalog")]
    rows = {row.key: row for row in article_entity_counts(mentions, suggestions, catalog)}
    niamey, jnim = catalog.get("niamey"), catalog.get("jnim")
    assert niamey is not None and jnim is not None
    assert rows == {
        "entity:niamey": EntityCount("niamey", niamey.name, niamey.type, 2, 1),
        "unlinked:LOCATION:Kwarazgo": EntityCount(None, "Kwarazgo", "LOCATION", 1),
        f"unlinked:{unused}:last week": EntityCount(None, "last week", unused, 1, linkable=False),
        "entity:jnim": EntityCount("jnim", jnim.name, jnim.type, 0, 2),
    }


def test_article_entity_counts_of_an_empty_article_is_empty(workspace: Workspace) -> None:
    assert article_entity_counts([], [], workspace.catalog) == []


def test_result_entity_counts_are_the_entity_facet_of_catalog_entities(workspace: Workspace) -> None:
    results = SearchResults(
        query="",
        hits=(),
        total=3,
        facets={"entity": (FacetCount("jnim", 3), FacetCount("ghost", 2)), "type": (FacetCount("LOCATION", 3),)},
    )
    jnim = workspace.catalog.get("jnim")
    assert jnim is not None
    assert result_entity_counts(results, workspace.catalog) == [EntityCount("jnim", jnim.name, jnim.type, 3)]


def test_result_entity_counts_of_a_real_search_follow_its_facet(workspace: Workspace) -> None:
    workspace.sync_index()
    results = workspace.search("blockade")
    rows = workspace.result_entity_counts(results)
    facet = {f.value: f.count for f in results.facets["entity"]}
    assert rows and {row.entity_id: row.count for row in rows} == {
        k: v for k, v in facet.items() if workspace.catalog.get(k)
    }
