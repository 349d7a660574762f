"""The CLI's batch annotation: annotate by text (first or every occurrence), suggestions, accept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import IDS

C130_A = IDS["c130_a"]
AIRSTRIKES = IDS["airstrikes"]


@pytest.fixture
def bare(workspace_dir: Path) -> Path:
    """The bundled workspace without its annotations."""
    for path in (workspace_dir / "annotations").glob("*.yaml"):
        path.unlink()
    return workspace_dir


def saved(workspace_dir: Path, article_id: str) -> list[dict]:
    path = workspace_dir / "annotations" / f"{article_id}.yaml"
    if not path.exists():
        return []
    return list((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("mentions") or [])


def body_of(run, article_id: str) -> str:
    code, out, err = run("show", article_id, "--json")
    assert code == 0, err
    return json.loads(out)["body"]


def test_annotate_every_occurrence_of_a_text(run, bare):
    body = body_of(run, C130_A)
    starts = [i for i in range(len(body)) if body.startswith("aircraft", i)]
    code, out, err = run("annotate", C130_A, "--text", "Aircraft", "--all", "--label", "equipment", "--json")
    assert code == 0, err
    mentions = json.loads(out)
    assert [m["start"] for m in mentions] == starts and {m["label"] for m in mentions} == {"EQUIPMENT"}
    assert sorted(m["start"] for m in saved(bare, C130_A)) == starts
    # again: every occurrence is covered, nothing more is saved
    code, out, err = run("annotate", C130_A, "--text", "aircraft", "--all", "--label", "equipment", "--json")
    assert (code, json.loads(out)) == (0, [])
    assert len(saved(bare, C130_A)) == len(starts)


def test_annotate_the_first_occurrence_of_a_text(run, bare):
    body = body_of(run, C130_A)
    code, out, err = run("annotate", C130_A, "--text", "aircraft", "--label", "equipment", "--json")
    assert code == 0, err
    mention = json.loads(out)
    assert (mention["start"], mention["text"]) == (body.index("aircraft"), "aircraft")
    assert len(saved(bare, C130_A)) == 1


def test_auto_link_uses_the_entity_of_the_chosen_type(run, bare):
    args = ("annotate", AIRSTRIKES, "--text", "Africa Corps", "--auto-link", "--json")
    code, out, err = run(*args, "--label", "external_force")
    assert code == 0, err
    assert json.loads(out)["entity"] == "africa-corps"
    code, out, err = run(*args, "--label", "armed_group")  # no ARMED_GROUP is called Africa Corps
    assert code == 0, err
    assert json.loads(out)["entity"] is None
    code, out, _ = run("annotate", AIRSTRIKES, "--text", "Africa Corps", "--label", "organization", "--json")
    assert json.loads(out)["entity"] is None  # no linking unless asked


@pytest.mark.parametrize(
    "args",
    [
        ("--text", "Zorglub", "--label", "equipment"),  # not in the article
        ("--all", "--label", "equipment"),  # --all without --text
        ("--text", "aircraft", "--start", "1", "--end", "5", "--label", "equipment"),  # both ways at once
        ("--start", "1", "--label", "equipment"),  # no end
        ("--text", "Africa Corps", "--label", "armed_group", "--entity", "Africa Corps"),  # not that type
    ],
)
def test_annotate_errors_are_one_line_and_save_nothing(run, bare, args):
    code, out, err = run("annotate", AIRSTRIKES, *args)
    assert code == 1 and out == ""
    assert err.startswith("sahel-tui: ") and err.count("\n") == 1
    assert saved(bare, AIRSTRIKES) == []


def test_suggestions_then_accept_one_then_all(run, bare):
    code, out, err = run("suggestions", C130_A, "--json")
    assert code == 0, err
    suggestions = json.loads(out)
    niamay = next(s for s in suggestions if s["text"] == "Niamay")
    assert niamay["entity"] == "niamey"

    code, out, err = run("accept", C130_A, "--start", str(niamay["start"]), "--json")
    assert code == 0, err
    [mention] = json.loads(out)
    assert (mention["label"], mention["entity"], mention["start"]) == ("LOCATION", "niamey", niamay["start"])

    code, out, err = run("accept", C130_A, "--all", "--json")
    assert code == 0, err
    assert len(json.loads(out)) == len(suggestions) - 1
    assert len(saved(bare, C130_A)) == len(suggestions)
    code, out, _ = run("suggestions", C130_A, "--json")
    assert json.loads(out) == []


def test_accept_without_a_suggestion_there_fails(run, bare):
    code, out, err = run("accept", C130_A, "--start", "0")
    assert code == 1 and out == ""
    assert "no suggestion" in err and err.count("\n") == 1
    code, _, err = run("accept", C130_A)  # --start or --all is needed
    assert code == 2 and err.count("\n") == 1
    assert saved(bare, C130_A) == []
