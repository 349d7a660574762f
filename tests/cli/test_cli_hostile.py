"""Hostile articles, catalog entries and arguments through the headless CLI.

The human-readable output of every command is safe to print on a terminal: no
escape sequence, C0/C1 control or bidi control reaches it, the dangerous
characters show as visible symbols (␛, ␇, �, ◌) and markup-like brackets are
printed verbatim.  ``--json`` keeps the text exact (NFC-normalised, as every
offset in the app refers to it).

The hostile corpus (``tests/hostile_corpus.py``) is also what ``test_tui_hostile.py``
drives the app over.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cli_runner
from hostile_corpus import (
    BEL,
    ESC,
    FAMILIES,
    LOADED_IDS,
    ODD_IDS,
    ODD_NAMES,
    SKIPPED_CONTENT,
    _marker,
    assert_terminal_safe,
    build_corpus,
)

from sahel_tui.cli import main

# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """The hostile corpus, its workspace (indexed once) and the articles that must load."""
    base = tmp_path_factory.mktemp("hostile")
    corpus, workspace = base / "corpus", base / "index"
    loaded = build_corpus(corpus, workspace)
    assert main(["--corpus", str(corpus), "--workspace", str(workspace), "index"]) == 0
    return corpus, workspace, loaded


@pytest.fixture
def run(hostile, capsys):
    """The CLI on the hostile corpus."""
    corpus, workspace, _ = hostile
    return cli_runner(corpus, workspace, capsys)


# -- show ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("article_id", LOADED_IDS)
def test_show_is_terminal_safe_and_json_keeps_the_exact_text(run, hostile, article_id: str) -> None:
    item = hostile[2][article_id]
    code, out, err = run("show", "--", article_id)  # "--": ids like "-rf" and "--help" are not options
    assert code == 0, err
    assert_terminal_safe(out + err)
    assert item.shown in out
    code, out, err = run("show", "--json", "--", article_id)
    assert code == 0, err
    data = json.loads(out)
    assert data["id"] == article_id
    assert item.kept in data["body"]  # exact, control characters and all
    assert item.marker in data["body"]


def test_titles_keep_their_escapes_in_json_and_show_them_as_symbols(run) -> None:
    _code, out, _ = run("show", "h-osc-title", "--json")
    assert f"{ESC}]0;owned title{BEL}" in json.loads(out)["title"]
    _code, out, _ = run("show", "h-osc-title")
    first_line = out.split("\n", 1)[0]
    assert "␛]0;owned title␇" in first_line
    assert_terminal_safe(out)


# -- search ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("article_id", LOADED_IDS)
def test_search_finds_each_article_and_prints_it_safely(run, hostile, article_id: str) -> None:
    item = hostile[2][article_id]
    code, out, err = run("search", item.marker)
    assert code == 0, err
    assert_terminal_safe(out + err)
    assert f"  {article_id}  " in out and out.startswith("1 result\n")
    code, out, err = run("search", item.marker, "--json")
    hits = json.loads(out)["hits"]
    assert [hit["id"] for hit in hits] == [article_id]


def test_search_json_titles_keep_the_escape_sequences(run) -> None:
    _code, out, _ = run("search", _marker(list(FAMILIES).index("osc52")), "--json")
    (hit,) = json.loads(out)["hits"]
    assert f"{ESC}]52;c;ZWNobyBwd25lZA=={BEL}" in hit["title"]


@pytest.mark.parametrize(
    "query",
    [
        f"{ESC}]0;query title{BEL} convoy",
        f"{ESC}[2J{ESC}]52;c;AAAA{BEL}",
        "\u009b31m \u202econvoy",
        "[@click=app.quit] [/] [b convoy",
        '"unbalanced (convoy',
    ],
)
def test_hostile_queries_print_safely(run, query: str) -> None:
    code, out, err = run("search", query)
    assert code in (0, 1)
    assert_terminal_safe(out + err)
    assert "Traceback" not in err
    if code == 1:
        assert err.count("\n") == 1


# -- entities, check, annotate, compare ------------------------------------------------------------


def test_entities_human_output_is_safe_and_json_exact(run) -> None:
    code, out, err = run("entities")
    assert code == 0, err
    assert_terminal_safe(out + err)
    line = next(row for row in out.splitlines() if row.startswith("evil-group"))
    assert "Evil ␛]52;c;AAAA␇ [bold]Group[/] ␛[2J \ufffd end" in line
    assert "␛]0;alias title␇" in line and "[@click=app.quit]Q" in line
    code, out, _ = run("entities", "--json")
    row = next(r for r in json.loads(out) if r["id"] == "evil-group")
    assert row["name"] == f"Evil {ESC}]52;c;AAAA{BEL} [bold]Group[/] {ESC}[2J \u202e end"
    assert row["aliases"] == [f"{ESC}]0;alias title{BEL}", "[@click=app.quit]Q"]


def test_check_names_every_skipped_file_safely_and_the_rest_loads(run, hostile) -> None:
    _code, out, err = run("check")
    assert_terminal_safe(out + err)
    text = out + err
    for name in SKIPPED_CONTENT:
        assert f"{name}: " in text
    assert "empty file, skipped" in text and "binary file, skipped" in text and "limit" in text
    assert "article id" not in text, "every file name is usable"
    assert "escape-link.txt" in text and "symlink leads outside the corpus" in text
    _code, out, _ = run("check", "--json")
    paths = {Path(p["path"]).name for p in json.loads(out)}
    assert "h-csi.txt" in paths  # the escape sequences are reported (as warnings) ...
    _code, out, _ = run("search", "*", "--json", "--limit", "100")
    assert sorted(hit["id"] for hit in json.loads(out)["hits"]) == sorted(LOADED_IDS)  # ... and every article loads


def test_annotating_a_hostile_span_prints_it_safely(run) -> None:
    code, out, _ = run("show", "h-csi", "--json")
    body = json.loads(out)["body"]
    start = body.index(f"{ESC}[2J")
    code, out, err = run("annotate", "h-csi", "--start", str(start - 6), "--end", str(start + 4), "--label", "event")
    assert code == 0, err
    assert_terminal_safe(out + err)
    assert "'Clear ␛[2J'" in out
    mention_id = out.split()[1].rstrip(":")
    code, out, err = run("show", "h-csi")
    assert_terminal_safe(out)
    assert f"{mention_id}" in out and "Clear ␛[2J" in out
    code, out, _ = run("show", "h-csi", "--json")
    (mention,) = [m for m in json.loads(out)["mentions"] if m["id"] == mention_id]
    assert mention["text"] == f"Clear {ESC}[2J"
    code, out, err = run("unannotate", "h-csi", mention_id)
    assert code == 0 and "␛[2J" in out
    assert_terminal_safe(out + err)


def test_compare_and_similar_print_hostile_articles_safely(run) -> None:
    code, out, err = run("compare", "h-csi", "enc-utf16le")
    assert code == 0, err
    assert_terminal_safe(out + err)
    assert "␛[2J" in out
    code, out, err = run("similar", "h-osc-title")
    assert code == 0, err
    assert_terminal_safe(out + err)


# -- hostile arguments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("show", f"{ESC}]0;x{BEL}\u202e"),
        ("show", "../../etc/passwd"),
        ("show", "/etc/passwd"),
        ("annotate", "h-csi", "--start", "0", "--end", "3", "--label", f"{ESC}]0;t{BEL}"),
        ("annotate", "h-csi", "--start", "0", "--end", "3", "--label", "event", "--entity", f"{ESC}[2J"),
        ("annotate", "h-csi", "--start", f"{ESC}[2J", "--end", "3", "--label", "event"),
        ("unannotate", "h-csi", f"{ESC}]52;c;AAAA{BEL}"),
        ("compare", f"{ESC}[2J", "\u009b"),
        (f"{ESC}]0;command{BEL}",),
        ("search", "x", "--limit", f"{ESC}[2J"),
    ],
    ids=[
        "show-escape",
        "show-dotdot",
        "show-absolute",
        "label",
        "entity",
        "offset",
        "mention",
        "compare",
        "command",
        "limit",
    ],
)
def test_hostile_arguments_fail_in_one_safe_line(run, hostile, args: tuple[str, ...]) -> None:
    _corpus, workspace, _ = hostile
    before = sorted(p.name for p in workspace.rglob("*"))
    code, out, err = run(*args)
    assert code in (1, 2) and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert_terminal_safe(err)
    assert sorted(p.name for p in workspace.rglob("*")) == before  # nothing written


@pytest.mark.parametrize("name", ODD_NAMES)
def test_an_odd_file_name_can_be_shown_and_annotated_by_its_id(run, name: str) -> None:
    article_id = ODD_IDS[name]
    code, out, err = run("show", "--json", article_id)
    assert code == 0, err
    data = json.loads(out)
    assert data["original_name"] == f"{name}.txt"
    start = data["body"].index("Kidal")
    code, out, err = run("annotate", article_id, "--start", str(start), "--end", str(start + 5), "--label", "location")
    assert code == 0, err
    assert_terminal_safe(out + err)
    code, out, _ = run("show", "--json", article_id)
    assert [m["text"] for m in json.loads(out)["mentions"]] == ["Kidal"]
