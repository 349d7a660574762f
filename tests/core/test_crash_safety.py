"""Writers killed (SIGKILL) at random moments never leave a broken file or lose a saved edit.

A child process saves in a loop and, only after a save has returned, writes the
saved id to a pipe.  The parent kills it at a random moment, then checks that
every file still parses and holds every id the child reported.  A save that was
interrupted before returning may or may not be in the file; one that returned
must be.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import select
import signal
import time
from collections.abc import Callable
from pathlib import Path

from sahel_tui.core.annotations import AnnotationStore
from sahel_tui.core.catalog import Catalog
from sahel_tui.core.models import Article
from sahel_tui.core.yamlio import load_yaml

KILLS = 20
WORDS = [f"w{n:04d}" for n in range(3000)]
BODY = " ".join(WORDS)
ARTICLE = Article(
    id="001_crash",
    path=Path("001_crash.txt"),
    title="Crash",
    date=None,
    source=None,
    url=None,
    body=BODY,
    paragraphs=((0, len(BODY)),),
    body_sha256=hashlib.sha256(BODY.encode("utf-8")).hexdigest(),
)
CTX = multiprocessing.get_context("fork")


def annotate_forever(workspace: str, report_fd: int, first_word: int) -> None:
    store = AnnotationStore(workspace)
    for n in range(first_word, len(WORDS)):
        mention = store.add(ARTICLE, n * 6, n * 6 + 5, "LOCATION")
        os.write(report_fd, f"{mention.id}\n".encode())


def add_entities_forever(workspace: str, report_fd: int, first: int) -> None:
    catalog, _ = Catalog.load(workspace)
    for n in range(first, first + 10_000):
        entity = catalog.add_entity(f"Village {n}", "LOCATION")
        os.write(report_fd, f"{entity.id}\n".encode())


def run_and_kill(target: Callable[[str, int, int], None], workspace: Path, first: int, delay: float) -> list[str]:
    """Run ``target`` in a child, SIGKILL it ``delay`` s after its first save; the ids it reported as saved.

    Timing from the first save (not from the start) means every child is killed while
    it is busy writing, however slow a loaded machine makes the start of a process.
    """
    read_fd, write_fd = os.pipe()
    child = CTX.Process(target=target, args=(str(workspace), write_fd, first))
    child.start()
    os.close(write_fd)
    chunks = []
    deadline = time.monotonic() + 60
    while b"\n" not in b"".join(chunks) and time.monotonic() < deadline:
        ready, _, _ = select.select([read_fd], [], [], 1.0)
        if ready and not (chunk := os.read(read_fd, 65536)):
            break  # the child ended
        if ready:
            chunks.append(chunk)
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    text = b"".join(chunks).decode()
    return text.split("\n")[:-1]  # a last line without its newline was not fully reported


def test_killed_annotators_never_lose_a_saved_mention(tmp_path: Path) -> None:
    rng = random.Random(20261124)
    store = AnnotationStore(tmp_path)
    confirmed: set[str] = set()
    next_word = 0
    for _ in range(KILLS):
        confirmed |= set(run_and_kill(annotate_forever, tmp_path, next_word, rng.uniform(0.02, 0.2)))
        mentions, problems = store.load(ARTICLE.id, article=ARTICLE)
        assert problems == []
        saved = {m.id for m in mentions}
        assert confirmed <= saved
        next_word = max((m.end for m in mentions), default=0) // 6 + 1
    assert len(confirmed) >= KILLS  # every child saved before it was killed
    store.add(ARTICLE, 0, 5, "PERSON")  # the next save clears temp files of killed writers
    assert [p.name for p in store.folder.iterdir() if p.name.endswith(".tmp")] == []


def test_killed_catalog_writers_never_lose_a_saved_entity(tmp_path: Path) -> None:
    rng = random.Random(7)
    confirmed: set[str] = set()
    for round_number in range(KILLS // 2):
        confirmed |= set(run_and_kill(add_entities_forever, tmp_path, round_number * 10_000, rng.uniform(0.02, 0.2)))
        catalog, problems = Catalog.load(tmp_path)
        assert problems == []
        assert confirmed <= {entity.id for entity in catalog}
        assert load_yaml(tmp_path / "entities.yaml").data["version"] == 1
    assert confirmed
