"""End to end: the installed ``sahel-tui`` in a real terminal (tmux), driven by keystrokes.

Search, open, move the cursor, annotate with a label key, dismiss the entity
picker, quit; then the annotation must be in the workspace's YAML file.
The screen is polled with a deadline: nothing here depends on fixed sleeps.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from conftest import IDS
from tmux_terminal import Terminal

pytestmark = pytest.mark.e2e


def _installed_app() -> Path:
    candidates = [Path(sys.executable).parent / "sahel-tui"]
    found = shutil.which("sahel-tui")
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("the sahel-tui command is not installed next to this Python: run `pip install -e .` first")


@pytest.fixture
def terminal_factory():
    made: list[Terminal] = []

    def make(command: list[str], *, width: int = 100, height: int = 30, env: dict[str, str]) -> Terminal:
        term = Terminal(command, width=width, height=height, env=env)
        made.append(term)
        return term

    yield make
    for term in made:
        term.close()


def _mentions(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return list(data.get("mentions") or [])


def test_search_open_annotate_and_quit_saves_the_mention(terminal_factory, corpus_dir, workspace_dir, tmp_path):
    app = _installed_app()
    article = IDS["airstrikes"]
    yaml_path = workspace_dir / "annotations" / f"{article}.yaml"
    before = _mentions(yaml_path) if yaml_path.exists() else []
    assert not [m for m in before if m["quote"]["exact"] == "militants"]  # the word is not annotated yet
    total_before = sum(len(_mentions(p)) for p in (workspace_dir / "annotations").glob("*.yaml"))

    term = _launch(terminal_factory, app, corpus_dir, workspace_dir, tmp_path)
    term.wait_for("index fresh", "All 5 articles", f"{total_before} mentions")

    term.keys("blockade", literal=True)
    term.wait_for("1 result for blockade")
    term.keys("Enter")  # search box -> results
    term.wait_for("Mark for compare")  # the results pane has the focus: its keys are in the footer
    term.keys("Enter")  # open the first result
    screen = term.wait_for("Mali Launches Airstrikes to Break", "Esc results")
    assert "Next hit" in screen  # the reader has the focus: its keys are in the footer

    # The cursor starts on the first "blockade"; n goes to the second one
    # ("...militants seeking to blockade critical..."), three words back is "militants".
    term.keys("n")
    term.keys("b")
    term.keys("b")
    term.keys("b")
    term.keys("3")  # type 3 is "Armed group"
    term.wait_for("Link to a catalog entity")  # the entity picker opened on the new mention
    term.wait_for(f"{total_before + 1} mentions")  # saved before any linking
    term.keys("Escape")  # leave it unlinked
    # "militants" occurs again in the article, unannotated: the app offers those next
    term.wait_for("Other occurrences", absent=("Link to a catalog entity",))
    term.keys("Escape")  # accept none of them
    term.wait_for("Esc results", absent=("Other occurrences", "Link to a catalog entity"))
    term.keys("C-q")
    assert term.wait_exit() == 0

    after = _mentions(yaml_path)
    new = [m for m in after if m["quote"]["exact"] == "militants"]
    assert len(new) == 1, f"expected one new 'militants' mention, found {new}"
    mention = new[0]
    assert mention["label"] == "ARMED_GROUP"
    assert mention["author"] == "e2e"
    assert mention.get("entity") is None  # the picker was dismissed: not linked
    body = (corpus_dir / f"{article}.txt").read_text(encoding="utf-8")
    assert "militants seeking to blockade" in body
    assert len(after) == len(before) + 1


def test_not_mali_while_typing_then_an_entity_query_opens(terminal_factory, corpus_dir, workspace_dir, tmp_path):
    app = _installed_app()
    term = _launch(terminal_factory, app, corpus_dir, workspace_dir, tmp_path)
    term.wait_for("index fresh", "All 5 articles")
    term.keys("NOT Mali", literal=True)  # no trailing space: the count is the one Enter gives
    term.wait_for("No results", absent=("All 5 articles",))
    term.keys("C-u")
    term.keys("entity:jnim", literal=True)
    term.wait_for("1 result for entity:jnim")
    term.keys("Enter")  # search box -> results
    term.wait_for("Mark for compare")
    term.keys("Enter")  # open it
    term.wait_for("Mali Launches Airstrikes to Break", "Esc results")
    term.keys("C-q")
    assert term.wait_exit() == 0


def _launch(terminal_factory, app: Path, corpus_dir: Path, workspace_dir: Path, home: Path):
    """The installed app in tmux, as analyst ``e2e``, in a 256-colour UTF-8 terminal."""
    return terminal_factory(
        [str(app), "--corpus", str(corpus_dir), "--workspace", str(workspace_dir), "--author", "e2e"],
        env={
            "TERM": "xterm-256color",
            "HOME": str(home),
            "TEXTUAL_ANIMATIONS": "none",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        },
    )
