"""The live workspace: a teammate's work shows in a running app without a restart.

A second Workspace over the same folders plays the teammate (another app or the
CLI): what it saves must reach this app's reader, entity list, status line and
search within a second or two.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import IDS
from tui_helpers import RecordingApp, wait_until

from sahel_tui.core.errors import SahelError
from sahel_tui.core.watch import DiskChanges, classify
from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.widgets.reader import AnnotatingView
from sahel_tui.tui.widgets.results_list import ResultsList
from sahel_tui.tui.widgets.status_bar import StatusBar

ARTICLE = IDS["aes_air"]


async def _slow_wait(pilot, predicate, what: str, seconds: float = 20.0) -> float:
    """Wait up to ``seconds`` for ``predicate``; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate():
            return time.monotonic() - started
        await pilot.pause(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def test_a_teammates_mention_shows_in_the_running_app(corpus_dir: Path, workspace_dir: Path) -> None:
    app = RecordingApp(Workspace(corpus=corpus_dir, root=workspace_dir, author="alice"))
    teammate = Workspace(corpus=corpus_dir, root=workspace_dir, author="bob")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            await wait_until(pilot, lambda: screen.ready and screen.results is not None, "the first results")
            screen.query_one(ResultsList).post_message(ResultsList.Opened(ARTICLE))
            view = screen.query_one(AnnotatingView)
            await wait_until(pilot, lambda: view.article is not None and view.article.id == ARTICLE, "the article")
            status = screen.query_one(StatusBar)
            await wait_until(pilot, lambda: status.mentions is not None, "the mention count")
            before_mentions, before_count = len(view.mentions), status.mentions
            assert screen.live._watcher is not None
            await _slow_wait(pilot, screen.live._watcher.started.is_set, "the watcher")
            start = view.article.body.index("Tuareg")
            teammate.annotate(ARTICLE, start, start + 6, "ARMED_GROUP")  # saved by another session
            took = await _slow_wait(pilot, lambda: len(view.mentions) == before_mentions + 1, "bob's mention")
            assert took < 5
            assert any(m.author == "bob" and m.start == start for m in view.mentions)  # highlighted in the reader
            await _slow_wait(pilot, lambda: status.mentions == (before_count or 0) + 1, "the status count")
            await _slow_wait(
                pilot,
                lambda: ARTICLE in [h.id for h in app.workspace.search("author:bob").hits],
                "bob's mention in this app's search",
            )
            assert not [t for s, t in app.messages if s == "error"]
    finally:
        teammate.close()
        app.workspace.close()


def test_changes_are_sorted_by_kind_and_derived_files_ignored(tmp_path: Path) -> None:
    root, corpus = tmp_path / "ws", tmp_path / "corpus"
    paths = [
        root / "annotations" / "001_abc.yaml",
        root / "annotations" / "001_abc.yaml.lock",
        root / "annotations" / ".001_abc.yaml.tmp123",
        root / "annotations" / "..%2fescape.yaml",  # not an article id: never used
        root / "entities.yaml",
        root / "whoosh" / "MAIN_1.seg",
        corpus / "new article.txt",
    ]
    changes = classify(paths, root=root, corpus=corpus)
    assert changes.annotations == {"001_abc"}
    assert changes.catalog and changes.corpus and not changes.metadata
    assert not classify([root / "whoosh" / "x", root / ".locks" / "a"], root=root, corpus=corpus)


def test_a_session_ignores_its_own_saves(corpus_dir: Path, workspace_dir: Path) -> None:
    ws = Workspace(corpus=corpus_dir, root=workspace_dir, author="alice")
    try:
        ws.sync_index()
        body = ws.article(ARTICLE).body
        start = body.index("Tuareg")
        ws.annotate(ARTICLE, start, start + 6, "ARMED_GROUP")
        ws.flush()
        ws.mentions(ARTICLE)  # what the reader does after a save
        assert not ws.apply_changes(DiskChanges(annotations={ARTICLE}))
        other = Workspace(corpus=corpus_dir, root=workspace_dir, author="bob")
        other.annotate(ARTICLE, body.index("Niger"), body.index("Niger") + 5, "LOCATION")
        seen = ws.apply_changes(DiskChanges(annotations={ARTICLE}))
        assert seen.annotations == {ARTICLE}
        ws.flush()
        assert ARTICLE in [h.id for h in ws.search("author:bob").hits]  # this session indexed it
        other.close()
    finally:
        ws.close()


async def test_a_broken_catalog_shows_a_warning_until_it_is_fixed_and_is_never_saved_over(
    corpus_dir: Path, workspace_dir: Path
) -> None:
    path = workspace_dir / "entities.yaml"
    good = path.read_text(encoding="utf-8")
    broken = good + "- id: [unclosed\n"
    path.write_text(broken, encoding="utf-8")
    app = RecordingApp(Workspace(corpus=corpus_dir, root=workspace_dir, author="alice", gazetteer=False))
    try:
        async with app.run_test(size=(200, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            await wait_until(pilot, lambda: screen.ready and screen.results is not None, "the first results")
            status = screen.query_one(StatusBar)
            await wait_until(pilot, lambda: status.catalog_problem is not None, "the catalog warning")
            assert f"{path}:" in status.catalog_problem
            assert "CATALOG NOT LOADED" in str(status.render())
            for _ in range(3):  # it stays
                await pilot.pause(0.2)
                assert status.catalog_problem is not None
            with pytest.raises(SahelError):
                app.workspace.add_entity("Kidal", "LOCATION")
            assert path.read_text(encoding="utf-8") == broken
            await _slow_wait(pilot, screen.live._watcher.started.is_set, "the watcher")
            path.write_text(good, encoding="utf-8")  # fixed in an editor
            await _slow_wait(pilot, lambda: status.catalog_problem is None, "the warning to go")
            assert "CATALOG NOT LOADED" not in str(status.render())
    finally:
        app.workspace.close()
