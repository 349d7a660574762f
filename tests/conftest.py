"""Shared fixtures: a private copy of the bundled corpus and workspace per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
INDEX = ROOT / "index"

IDS = {
    "airstrikes": "000_986fb1dc2309a942",
    "c130_a": "001_23b65a7a60091617",
    "c130_b": "002_e3712bf52d55873d",
    "aes_air": "003_783cb80014228163",
    "c130_c": "004_5984911fe5230ab5",
}


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A copy of seeds/ that tests may change."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def workspace_dir(tmp_path: Path) -> Path:
    """A copy of the bundled workspace (catalog + annotations), without the index."""
    target = tmp_path / "index"
    shutil.copytree(INDEX, target, ignore=shutil.ignore_patterns("whoosh", "*.lock"))
    return target


@pytest.fixture
def use_gazetteer() -> bool:
    """Whether ``workspace`` includes the shipped gazetteer; a module overrides it to picture the seeds alone."""
    return True


@pytest.fixture
def workspace(corpus_dir: Path, workspace_dir: Path, use_gazetteer: bool):
    """An open Workspace over private copies, closed after the test."""
    from sahel_tui.core.workspace import Workspace

    ws = Workspace(corpus=corpus_dir, root=workspace_dir, author="tester", gazetteer=use_gazetteer)
    yield ws
    ws.close()


def cli_runner(corpus: Path, workspace: Path, capsys):
    """A function running the CLI on ``corpus``/``workspace``: returns (exit code, stdout, stderr)."""
    from sahel_tui.cli import main

    def go(*args: str) -> tuple[int, str, str]:
        code = main(["--corpus", str(corpus), "--workspace", str(workspace), "--author", "tester", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return go


@pytest.fixture
def run(corpus_dir: Path, workspace_dir: Path, capsys):
    """Run the CLI on the private copies of the seeds and the bundled workspace."""
    return cli_runner(corpus_dir, workspace_dir, capsys)


@pytest.fixture
def indexed(workspace):
    """The workspace with its index already built, so no "index built" notice shows on screen."""
    workspace.sync_index()
    return workspace
