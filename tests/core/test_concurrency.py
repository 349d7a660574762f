"""Several processes (and threads) writing the same workspace files at once lose nothing."""

from __future__ import annotations

import hashlib
import multiprocessing
import threading
from pathlib import Path

from sahel_tui.core.annotations import AnnotationStore
from sahel_tui.core.catalog import Catalog
from sahel_tui.core.metadata import load_overrides, set_override
from sahel_tui.core.models import Article
from sahel_tui.core.yamlio import load_yaml

WORKERS = 4
PER_WORKER = 25
WORDS = [f"w{n:03d}" for n in range(WORKERS * PER_WORKER)]
BODY = " ".join(WORDS)
ARTICLE = Article(
    id="001_busy",
    path=Path("001_busy.txt"),
    title="Busy",
    date=None,
    source=None,
    url=None,
    body=BODY,
    paragraphs=((0, len(BODY)),),
    body_sha256=hashlib.sha256(BODY.encode("utf-8")).hexdigest(),
)
CTX = multiprocessing.get_context("fork")


def word_span(n: int) -> tuple[int, int]:
    start = n * 5  # "w000 " is five characters
    return start, start + 4


def annotate_words(workspace: str, worker: int, barrier: threading.Barrier | None = None) -> None:
    if barrier is not None:
        barrier.wait()
    store = AnnotationStore(workspace)
    for n in range(worker, len(WORDS), WORKERS):
        store.add(ARTICLE, *word_span(n), "LOCATION", author=f"analyst{worker}")


def add_entities(workspace: str, worker: int, barrier: threading.Barrier) -> None:
    barrier.wait()
    catalog, _ = Catalog.load(workspace)
    for n in range(10):
        catalog.add_entity(f"Village {worker}-{n}", "LOCATION", admin_level=3)


def set_titles(workspace: str, worker: int, barrier: threading.Barrier) -> None:
    barrier.wait()
    for n in range(5):
        set_override(workspace, f"{worker:03d}_{n}", title=f"Title {worker}-{n}")


def run_processes(target: object, workspace: Path) -> None:
    barrier = CTX.Barrier(WORKERS)
    children = [CTX.Process(target=target, args=(str(workspace), worker, barrier)) for worker in range(WORKERS)]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
    assert [child.exitcode for child in children] == [0] * WORKERS


def assert_every_word_annotated_once(workspace: Path) -> None:
    store = AnnotationStore(workspace)
    mentions, problems = store.load(ARTICLE.id, article=ARTICLE)
    assert problems == []
    assert sorted(m.text for m in mentions) == WORDS
    assert len({m.id for m in mentions}) == len(WORDS)
    raw = load_yaml(store.path_for(ARTICLE.id)).data["mentions"]
    assert [(m["start"], m["end"]) for m in raw] == [word_span(n) for n in range(len(WORDS))]


def test_processes_annotating_one_article_keep_every_mention(tmp_path: Path) -> None:
    run_processes(annotate_words, tmp_path)
    assert_every_word_annotated_once(tmp_path)


def test_threads_annotating_one_article_keep_every_mention(tmp_path: Path) -> None:
    barrier = threading.Barrier(WORKERS)
    threads = [
        threading.Thread(target=annotate_words, args=(str(tmp_path), worker, barrier)) for worker in range(WORKERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert_every_word_annotated_once(tmp_path)


def test_processes_adding_entities_keep_every_entity(tmp_path: Path) -> None:
    (tmp_path / "entities.yaml").write_text(
        "# shared catalog\nversion: 1\nentities:\n- id: gao\n  name: Gao\n  type: LOCATION\n", encoding="utf-8"
    )
    run_processes(add_entities, tmp_path)
    catalog, problems = Catalog.load(tmp_path)
    assert problems == []
    assert len(catalog) == 1 + WORKERS * 10
    assert {e.name for e in catalog} == {"Gao"} | {f"Village {w}-{n}" for w in range(WORKERS) for n in range(10)}
    assert (tmp_path / "entities.yaml").read_text(encoding="utf-8").startswith("# shared catalog\n")


def test_processes_setting_metadata_keep_every_override(tmp_path: Path) -> None:
    run_processes(set_titles, tmp_path)
    overrides, problems = load_overrides(tmp_path)
    assert problems == []
    assert overrides == {f"{w:03d}_{n}": {"title": f"Title {w}-{n}"} for w in range(WORKERS) for n in range(5)}


def test_a_long_running_session_sees_a_teammates_new_entity_and_keeps_it_in_the_index(
    corpus_dir: Path, workspace_dir: Path
) -> None:
    """A's catalog is read before B adds an entity; A's next sync knows it and never rebuilds without it."""
    from sahel_tui.core.workspace import Workspace

    a = Workspace(corpus=corpus_dir, root=workspace_dir, author="alice")
    b = Workspace(corpus=corpus_dir, root=workspace_dir, author="bob")
    try:
        a.sync_index()
        assert a.catalog.get("tuareg-rebels") is None
        b.add_entity("Tuareg rebels", "armed_group", aliases=["Tuareg"], entity_id="tuareg-rebels")
        b.sync_index()
        found_by_b = b.search("entity:tuareg-rebels").total
        assert found_by_b >= 1
        report = a.sync_index()  # A has not restarted
        assert a.catalog.get("tuareg-rebels") is not None
        assert not report.rebuilt  # the catalogs agree: no rebuild, let alone one without the entity
        assert a.search("entity:tuareg-rebels").total == found_by_b
        assert any(o.entity == "tuareg-rebels" for i in a.article_ids() for o in a.suggestions(i))  # detection too
        assert b.search("entity:tuareg-rebels").total == found_by_b
    finally:
        a.close()
        b.close()


def test_undo_never_reverts_a_teammates_later_edit(corpus_dir: Path, workspace_dir: Path) -> None:
    """A labels, B relabels, A relabels, B presses undo: refused, naming A; A's label stays."""
    import pytest

    from sahel_tui.core.errors import UndoConflict
    from sahel_tui.core.workspace import Workspace

    a = Workspace(corpus=corpus_dir, root=workspace_dir, author="alice")
    b = Workspace(corpus=corpus_dir, root=workspace_dir, author="bob")
    article_id = a.article_ids()[0]
    body = a.article(article_id).body
    word = next(w for w in ("Niger", "Mali", "army") if w in body)
    start = body.index(word)
    try:
        existing = [m for m in a.mentions(article_id) if m.start == start]
        for m in existing:
            a.delete_mention(article_id, m.id)
        mention = a.annotate(article_id, start, start + len(word), "LOCATION")
        b.edit_mention(article_id, mention.id, label="ORGANIZATION")
        a.edit_mention(article_id, mention.id, label="PERSON")
        with pytest.raises(UndoConflict, match="alice") as refused:
            b.undo()
        assert "PERSON" in str(refused.value)
        assert {m.id: m.label for m in a.stored_mentions(article_id)}[mention.id] == "PERSON"  # A's work kept
        assert not b.history.can_undo  # the stale step is gone; B's earlier steps would come next
        assert a.undo() is not None  # A's own undo still applies: its mention is as A left it
        assert {m.id: m.label for m in b.stored_mentions(article_id)}[mention.id] == "ORGANIZATION"
    finally:
        a.close()
        b.close()
