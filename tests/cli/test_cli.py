"""The headless CLI: the contract scripts rely on (JSON shapes, exit codes, one-line errors)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from conftest import IDS


def ids_of(run, query: str) -> list[str]:
    code, out, err = run("search", query, "--json")
    assert code == 0, err
    return [hit["id"] for hit in json.loads(out)["hits"]]


def test_search_json_has_the_documented_fields_and_blockade_ranks_000_first(run):
    code, out, _ = run("search", "blockade", "--json")
    assert code == 0
    hits = json.loads(out)["hits"]
    assert hits[0]["id"] == IDS["airstrikes"]
    for key in ("id", "title", "date", "source", "score", "snippet", "entities"):
        assert key in hits[0]
    assert "jnim" in hits[0]["entities"]
    assert "blockade" in hits[0]["snippet"].lower()


@pytest.mark.parametrize(
    ("query", "expected", "exact"),
    [
        ('"Africa Corps"', {IDS["airstrikes"]}, True),
        ("Diema", {IDS["airstrikes"]}, False),
        ("C-130", {IDS["c130_a"], IDS["c130_b"], IDS["c130_c"]}, True),
        ("C130", {IDS["c130_a"], IDS["c130_b"], IDS["c130_c"]}, True),
        ("Niamey", {IDS["c130_a"], IDS["c130_b"], IDS["c130_c"], IDS["aes_air"]}, True),
        ("entity:jnim", {IDS["airstrikes"]}, True),
        ("blockades", {IDS["airstrikes"]}, True),
        ("date:2024-03", {IDS["c130_a"], IDS["c130_b"]}, True),
        ("source:APA", {IDS["aes_air"]}, True),
        ('entity:"Africa Corps"', {IDS["airstrikes"]}, True),
    ],
)
def test_acceptance_queries(run, query, expected, exact):
    found = set(ids_of(run, query))
    if exact:
        assert found == expected
    else:
        assert expected <= found


def test_show_json_body_and_mentions_line_up(run):
    code, out, _ = run("show", IDS["c130_a"], "--json")
    assert code == 0
    data = json.loads(out)
    assert {"id", "title", "date", "source", "body", "mentions"} <= set(data)
    assert data["date"] == "2024-03-22"
    assert data["mentions"], "the bundled workspace annotates every seed"
    for m in data["mentions"]:
        assert {"id", "start", "end", "label", "entity", "author", "state"} <= set(m)
        assert data["body"][m["start"] : m["end"]] == m["text"]
    niamay = [m for m in data["mentions"] if m["entity"] == "niamey"]
    assert niamay and niamay[0]["text"] == "Niamay"


def test_entities_json_counts_mentions_and_articles(run):
    code, out, _ = run("entities", "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["jnim"]["type"] == "ARMED_GROUP"
    assert "JNIM" in rows["jnim"]["aliases"]
    assert rows["niamey"]["articles"] == 4
    assert rows["jnim"]["mentions"] >= 4
    assert rows["wagner-group"]["id"] != rows["africa-corps"]["id"]


def test_annotate_then_search_then_unannotate(run, workspace_dir):
    code, out, _ = run("show", IDS["aes_air"], "--json")
    body = json.loads(out)["body"]
    start = body.index("Tuareg")
    code, out, err = run(
        "annotate", IDS["aes_air"], "--start", str(start), "--end", str(start + 6), "--label", "armed_group", "--json"
    )
    assert code == 0, err
    mention = json.loads(out)
    assert mention["label"] == "ARMED_GROUP" and mention["author"] == "tester"
    saved = yaml.safe_load((workspace_dir / "annotations" / f"{IDS['aes_air']}.yaml").read_text())
    assert mention["id"] in {m["id"] for m in saved["mentions"]}
    assert IDS["aes_air"] in ids_of(run, "author:tester")
    code, _, err = run("unannotate", IDS["aes_air"], mention["id"])
    assert code == 0, err
    saved = yaml.safe_load((workspace_dir / "annotations" / f"{IDS['aes_air']}.yaml").read_text())
    assert mention["id"] not in {m["id"] for m in saved["mentions"]}
    assert IDS["aes_air"] not in ids_of(run, "author:tester")


def test_annotation_with_entity_makes_the_article_findable_by_entity(run):
    code, out, _ = run("show", IDS["aes_air"], "--json")
    body = json.loads(out)["body"]
    start = body.index("Tuareg")
    assert IDS["aes_air"] not in ids_of(run, "entity:csp-psd")
    code, _, err = run(
        "annotate",
        IDS["aes_air"],
        "--start",
        str(start),
        "--end",
        str(start + 6),
        "--label",
        "ARMED_GROUP",
        "--entity",
        "csp-psd",
    )
    assert code == 0, err
    assert IDS["aes_air"] in ids_of(run, "entity:csp-psd")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "no_such_article"), "no_such_article"),
        (("show", "../../etc/passwd"), "invalid article id"),
        (("annotate", IDS["aes_air"], "--start", "5", "--end", "2", "--label", "LOCATION"), "end"),
        (("annotate", IDS["aes_air"], "--start", "0", "--end", "4", "--label", "WEAPON"), "WEAPON"),
        (
            ("annotate", IDS["aes_air"], "--start", "0", "--end", "4", "--label", "LOCATION", "--entity", "nowhere"),
            "nowhere",
        ),
        (("unannotate", IDS["aes_air"], "m-000000000000"), "m-000000000000"),
    ],
)
def test_errors_are_one_line_on_stderr_with_exit_1(run, args, message):
    code, out, err = run(*args)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and message in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(run):
    code, _, err = run("search")
    assert code == 2
    assert err.count("\n") == 1


def test_check_is_clean_on_the_bundled_workspace_and_reports_file_and_line(run, workspace_dir):
    code, out, err = run("check")
    assert code == 0, err
    assert out.startswith("ok")
    bad = workspace_dir / "annotations" / f"{IDS['aes_air']}.yaml"
    text = bad.read_text().splitlines()
    text[5] = "  start: -3"  # the first mention's start offset (line 6)
    bad.write_text("\n".join(text) + "\n")
    assert "start:" in bad.read_text().splitlines()[5]
    code, out, err = run("check")
    assert code == 1
    assert f"{bad}:6:" in err


def test_index_reports_and_rebuilds(run):
    code, out, _ = run("index", "--rebuild", "--json")
    assert code == 0
    report = json.loads(out)
    assert report["rebuilt"] and report["articles"] == 5
    code, out, _ = run("index", "--json")
    assert json.loads(out)["rebuilt"] is False


def test_a_corrupt_index_is_rebuilt_with_a_notice(run, workspace_dir):
    run("index")
    for segment in (workspace_dir / "whoosh").glob("*.seg"):
        segment.write_bytes(b"garbage")
    for toc in (workspace_dir / "whoosh").glob("*.toc"):
        toc.write_bytes(b"\x00" * 10)
    code, out, err = run("index", "--json")
    assert code == 0, err
    assert json.loads(out)["rebuilt"] is True
    assert ids_of(run, "blockade") == [IDS["airstrikes"]]


def test_new_article_in_the_corpus_is_indexed_on_the_next_run(run, corpus_dir):
    run("index")
    (corpus_dir / "005_new.txt").write_text("Drone strike near Ménaka\n\nA drone strike hit a convoy near Ménaka.\n")
    assert ids_of(run, "Menaka") == ["005_new"]
    (corpus_dir / "005_new.txt").unlink()
    assert ids_of(run, "Menaka") == []


def test_help_shows_examples():
    proc = subprocess.run([sys.executable, "-m", "sahel_tui", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "examples:" in proc.stdout and "sahel-tui search" in proc.stdout


def test_core_never_imports_textual():
    code = (
        "import sys, pkgutil, importlib, sahel_tui.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('sahel_tui.core.' + m.name)\n"
        "import sahel_tui.cli\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_cli_annotation_is_searchable_in_a_running_session_without_a_sync(run, workspace, workspace_dir):
    """An app (a long-lived Workspace) sees ``annotate --author`` from the CLI on its next search."""
    workspace.sync_index()  # the running app's index, up to date
    assert IDS["aes_air"] not in [h.id for h in workspace.search("author:carol").hits]
    body = json.loads(run("show", IDS["aes_air"], "--json")[1])["body"]
    start = body.index("Tuareg")
    code, _, err = run(
        "--author", "carol", "annotate", IDS["aes_air"], "--start", str(start), "--end", str(start + 6), "--label",
        "armed_group",
    )  # fmt: skip
    assert code == 0, err
    assert err == ""
    workspace.index.refresh()  # what the app's next search does
    assert IDS["aes_air"] in [h.id for h in workspace.search("author:carol").hits]


def test_a_cli_annotation_while_the_index_is_busy_is_saved_and_says_when_it_is_searchable(
    run, workspace, workspace_dir, monkeypatch
):
    import filelock

    import sahel_tui.core.workspace as workspace_module

    workspace.sync_index()
    real = workspace_module.Workspace.index_changes
    monkeypatch.setattr(workspace_module.Workspace, "index_changes", lambda self, lock_timeout=10.0: real(self, 0.3))
    lock = filelock.FileLock(str(workspace.index.dir) + ".lock", is_singleton=False)
    body = json.loads(run("show", IDS["aes_air"], "--json")[1])["body"]
    start = body.index("Tuareg")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import filelock,sys,time; l=filelock.FileLock(sys.argv[1]); l.acquire();"
         " print('held', flush=True); time.sleep(20)", lock.lock_file],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        code, _, err = run(
            "annotate", IDS["aes_air"], "--start", str(start), "--end", str(start + 6), "--label", "armed_group"
        )
    finally:
        holder.kill()
        holder.wait()
    assert code == 0
    assert err.count("\n") == 1 and "busy" in err and "next index sync" in err
    saved = yaml.safe_load((workspace_dir / "annotations" / f"{IDS['aes_air']}.yaml").read_text())
    assert any(m["author"] == "tester" and m["start"] == start for m in saved["mentions"])
    report = workspace.sync_index()  # the next sync anywhere catches up
    assert report.updated >= 1
    assert IDS["aes_air"] in [h.id for h in workspace.search("author:tester").hits]


def test_entities_lists_the_gazetteer_under_the_team_catalog(run):
    code, out, _ = run("entities", "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    assert len(rows) >= 250
    assert "ISGS" in rows["issp"]["aliases"]  # a gazetteer entry the seeds' catalog does not have
    assert rows["issp"]["country"] == ["ML", "NE", "BF"]
    assert rows["niamey"]["articles"] == 4  # the seeds' own entry, with its mentions
    code, out, _ = run("entities")
    assert any(line.startswith("issp ") and "Islamic State Sahel Province" in line for line in out.splitlines())


def test_no_gazetteer_flag_lists_the_team_catalog_alone(run, workspace_dir):
    code, out, _ = run("--no-gazetteer", "entities", "--json")
    assert code == 0
    ids = {row["id"] for row in json.loads(out)}
    assert "issp" not in ids and "jnim" in ids
    own = (workspace_dir / "entities.yaml").read_text(encoding="utf-8").count("\n- id: ")
    assert len(ids) == own


@pytest.mark.parametrize(
    "broken",
    ["version: 1\nentities:\n- id: gao\n  name: [Gao\n", "version: 1\nentities: {gao: Gao}\n", "- just a list\n"],
    ids=["not-yaml", "entities-not-a-list", "not-a-mapping"],
)
def test_a_broken_catalog_stops_the_commands_that_need_it_with_file_and_line(run, workspace_dir, broken):
    path = workspace_dir / "entities.yaml"
    path.write_text(broken, encoding="utf-8")
    for args in (
        ["entities"],
        ["entities", "--json"],
        ["annotate", IDS["airstrikes"], "--start", "0", "--end", "4", "--label", "location"],
        ["suggestions", IDS["airstrikes"]],
    ):
        code, out, err = run(*args)
        assert code == 1 and out == "", args
        assert f"{path}:" in err and err.count("\n") == 1, err
        assert path.read_text(encoding="utf-8") == broken, "never saved over"
    code, out, _ = run("show", IDS["airstrikes"], "--json")
    assert code == 0 and json.loads(out)["id"] == IDS["airstrikes"], "reading an article does not need the catalog"
    path.write_text("version: 1\nentities:\n- id: gao\n  name: Gao\n  type: LOCATION\n", encoding="utf-8")
    code, out, _ = run("entities", "--json")
    assert code == 0 and "gao" in {row["id"] for row in json.loads(out)}


def test_search_json_carries_the_notices_suggestion_and_approximate_flag(run):
    code, out, _ = run("search", "Wagnar", "--json")
    data = json.loads(out)
    assert code == 0 and data["fuzzy"] is True and data["suggestion"] == "wagner" and data["total"] == 1
    code, out, _ = run("search", "foo:bar", "--json")
    data = json.loads(out)
    assert code == 0 and data["hits"] == [] and "searched as words" in data["notices"][0]


def test_an_unknown_field_is_searched_as_words_not_an_error(run):
    code, out, err = run("search", "foo:bar")
    assert code == 0 and "unknown field" not in err
    assert "searched as words" in out and "no results" in out


def test_no_did_you_mean_after_a_query_that_found_its_words(run):
    for query in ("militants", "Mali militants"):
        code, out, _ = run("search", query)
        assert code == 0 and "result" in out and "did you mean" not in out, query


def test_search_says_which_synonyms_it_added_and_exact_turns_them_off(run):
    code, out, _ = run("search", "exit")
    assert code == 0 and "2 results" in out and "also matched: withdrawal" in out
    code, out, _ = run("search", "exit", "--json")
    assert "withdrawal" in json.loads(out)["also_matched"]
    for args in (("exit", "--exact"), ("=exit",)):
        code, out, _ = run("search", *args)
        assert code == 0 and "no results" in out and "also matched" not in out, args


def test_counts_agree_with_their_number(run):
    code, out, _ = run("search", "entity:jnim")
    assert code == 0 and out.splitlines()[0] == "1 result"
    code, out, _ = run("entities")
    assert " 1 mentions" not in out and " 1 articles" not in out and " 1 article " in out
