"""A read-only workspace: by ``--read-only`` or because the folder is not writable.

What an analyst notices: annotating fails with one clear line and changes nothing;
searching, showing and listing still work; without a usable index the search
builds a private one in the per-user cache instead of writing to the workspace;
the app starts, says READ-ONLY on its status line and refuses annotation keys
with a notification.

Every test compares the whole workspace folder (names, sizes, modification times
and content) before and after: "writes nothing" means not one byte, no lock file.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
from conftest import IDS, cli_runner
from tui_helpers import RecordingApp, wait_until

from sahel_tui.core.workspace import Workspace
from sahel_tui.tui.app import SahelApp
from sahel_tui.tui.screens.main import MainScreen
from sahel_tui.tui.widgets.reader import AnnotatingView
from sahel_tui.tui.widgets.results_list import ResultsList
from sahel_tui.tui.widgets.status_bar import StatusBar

ARTICLE = IDS["aes_air"]


# -- helpers ---------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file and folder under ``folder``: (size, mtime_ns, sha256 of the content)."""
    found: dict[str, tuple[int, int, str]] = {}
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        found[str(path.relative_to(folder))] = (st.st_size, st.st_mtime_ns, digest)
    return found


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private per-user cache folder (platformdirs reads XDG_CACHE_HOME)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture
def run(corpus_dir: Path, workspace_dir: Path, capsys, cache_home: Path):
    """The CLI, with the per-user cache pointed into the test's folder."""
    return cli_runner(corpus_dir, workspace_dir, capsys)


@pytest.fixture
def indexed(run, workspace_dir: Path) -> Path:
    """The workspace with an up-to-date index, built while it was still writable."""
    code, _, err = run("index")
    assert code == 0, err
    assert (workspace_dir / "whoosh").is_dir()
    return workspace_dir


@pytest.fixture
def unwritable(monkeypatch: pytest.MonkeyPatch):
    """``unwritable(folder)`` takes write permission away from ``folder`` and everything in it.

    root ignores permission bits, so when the tests run as root ``os.access`` is
    also made to answer as the file system would for anyone else: no write access
    under ``folder``.  Everything else is left to the real ``os.access``.
    """
    folders: list[Path] = []

    def make(folder: Path) -> None:
        folders.append(folder)
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        if os.geteuid() == 0:
            real_access = os.access
            roots = [f.resolve() for f in folders]

            def access(path, mode, *args, **kwargs):
                target = Path(path).resolve()
                if mode & os.W_OK and any(target == r or r in target.parents for r in roots):
                    return False
                return real_access(path, mode, *args, **kwargs)

            monkeypatch.setattr(os, "access", access)

    yield make
    for folder in folders:  # let pytest clean the temporary folders up
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def one_line_error(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("sahel-tui: "), err
    assert "Traceback" not in err
    return err


def a_mention_id(workspace_dir: Path, article_id: str) -> str:
    text = (workspace_dir / "annotations" / f"{article_id}.yaml").read_text(encoding="utf-8")
    return next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("- id: m-"))


# -- the --read-only flag --------------------------------------------------------------------


def test_read_only_flag_refuses_every_write_with_one_line(run, indexed: Path) -> None:
    before = tree(indexed)
    mention_id = a_mention_id(indexed, ARTICLE)
    code, out, err = run("--read-only", "annotate", ARTICLE, "--start", "0", "--end", "4", "--label", "location")
    assert code == 1 and out == ""
    assert "read-only" in one_line_error(err) and "nothing was saved" in err
    code, out, err = run("--read-only", "unannotate", ARTICLE, mention_id)
    assert code == 1 and out == "" and "read-only" in one_line_error(err)
    assert tree(indexed) == before
    code, out, _ = run("show", ARTICLE, "--json")
    assert mention_id in {m["id"] for m in json.loads(out)["mentions"]}  # the mention is still there


def test_read_only_flag_still_searches_shows_and_lists(run, indexed: Path) -> None:
    before = tree(indexed)
    code, out, err = run("--read-only", "search", "blockade", "--json")
    assert code == 0, err
    assert [hit["id"] for hit in json.loads(out)["hits"]] == [IDS["airstrikes"]]
    assert err == ""  # a usable index: nothing to say
    code, out, err = run("--read-only", "show", ARTICLE, "--json")
    assert code == 0 and json.loads(out)["id"] == ARTICLE
    code, out, err = run("--read-only", "entities", "--json")
    assert code == 0 and any(row["id"] == "jnim" for row in json.loads(out))
    code, out, err = run("--read-only", "check")
    assert code == 0 and out.startswith("ok")
    assert tree(indexed) == before


def test_read_only_search_without_an_index_uses_a_private_index(run, workspace_dir: Path, cache_home: Path) -> None:
    """No index in a read-only workspace: search builds one in the user's cache, says so, writes nothing."""
    before = tree(workspace_dir)
    code, out, err = run("--read-only", "search", "blockade", "--json")
    assert code == 0, err
    assert [hit["id"] for hit in json.loads(out)["hits"]] == [IDS["airstrikes"]]
    assert "read-only" in err and str(cache_home) in err and "Traceback" not in err
    assert tree(workspace_dir) == before
    assert list(cache_home.rglob("whoosh"))  # the private index
    # The next search reuses it: no rebuild this time.
    code, out, err = run("--read-only", "search", "blockade", "--json")
    assert code == 0 and [hit["id"] for hit in json.loads(out)["hits"]] == [IDS["airstrikes"]]
    assert "index rebuilt" not in err
    assert tree(workspace_dir) == before


def test_read_only_search_with_a_broken_index_uses_a_private_index(run, indexed: Path) -> None:
    for path in (indexed / "whoosh").iterdir():
        path.write_bytes(b"\x00garbage" * 64)
    before = tree(indexed)
    code, out, err = run("--read-only", "search", "blockade", "--json")
    assert code == 0, err
    assert [hit["id"] for hit in json.loads(out)["hits"]] == [IDS["airstrikes"]]
    assert "read-only" in err and "private index" in err
    assert tree(indexed) == before


def test_read_only_search_with_nowhere_to_build_an_index_says_why(
    run, workspace_dir: Path, cache_home: Path, unwritable
) -> None:
    cache_home.mkdir()
    unwritable(cache_home)
    code, out, err = run("--read-only", "search", "blockade")
    assert code == 1 and out == ""
    assert "needs a rebuild" in one_line_error(err) and "read-only" in err
    assert not (workspace_dir / "whoosh").exists()


# -- a workspace that is not writable ------------------------------------------------------------


def test_unwritable_workspace_is_detected_and_treated_as_read_only(run, indexed: Path, unwritable) -> None:
    unwritable(indexed)
    before = tree(indexed)
    assert Workspace(corpus=None, root=indexed).read_only
    code, out, err = run("annotate", ARTICLE, "--start", "0", "--end", "4", "--label", "location")
    assert code == 1 and out == ""
    assert "read-only" in one_line_error(err)
    code, out, err = run("search", "blockade", "--json")
    assert code == 0 and [hit["id"] for hit in json.loads(out)["hits"]] == [IDS["airstrikes"]]
    assert tree(indexed) == before


def test_writable_workspace_is_not_read_only(workspace_dir: Path) -> None:
    assert not Workspace(corpus=None, root=workspace_dir).read_only
    assert not Workspace(corpus=None, root=workspace_dir / "not" / "yet" / "created").read_only


# -- the app ----------------------------------------------------------------------------------------


def status_text(app: SahelApp) -> str:
    content = app.screen.query_one(StatusBar).render()
    return getattr(content, "plain", str(content))


@pytest.mark.parametrize("how", ["flag", "unwritable"])
async def test_app_runs_read_only_says_so_and_annotation_keys_write_nothing(
    how: str, corpus_dir: Path, indexed: Path, unwritable
) -> None:
    if how == "unwritable":
        unwritable(indexed)
    before = tree(indexed)
    app = RecordingApp(Workspace(corpus=corpus_dir, root=indexed, author="tester", read_only=how == "flag"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.ready and screen.results is not None, "the first results")
        assert "READ-ONLY" in status_text(app)
        screen.query_one(ResultsList).post_message(ResultsList.Opened(ARTICLE))
        view = screen.query_one(AnnotatingView)
        await wait_until(pilot, lambda: view.article is not None and view.article.id == ARTICLE, "the article")
        view.focus()
        await pilot.pause()
        mentions_before = list(view.mentions)
        annotation_keys = ("1", "3", "enter", "t", "d", "a", "y", "Y")
        for key in (*annotation_keys, "u", "ctrl+r"):
            await pilot.press(key)
        await pilot.pause()
        refused = [severity for severity, text in app.messages if "Read-only workspace" in text]
        assert refused == ["warning"] * len(annotation_keys)
        assert isinstance(app.screen, MainScreen)  # no dialog opened
        assert list(view.mentions) == mentions_before
        assert app.is_running
    app.workspace.close()
    assert tree(indexed) == before


async def test_app_without_an_index_in_a_read_only_workspace_searches_a_private_one(
    corpus_dir: Path, workspace_dir: Path, cache_home: Path
) -> None:
    before = tree(workspace_dir)
    app = RecordingApp(Workspace(corpus=corpus_dir, root=workspace_dir, author="tester", read_only=True))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.ready and screen.results is not None, "the first results")
        assert "READ-ONLY" in status_text(app)
        assert len(screen.query_one(ResultsList).article_ids) == 5
        assert not [m for m in app.messages if m[0] == "error"]
    app.workspace.close()
    assert tree(workspace_dir) == before
    assert list(cache_home.rglob("whoosh"))
