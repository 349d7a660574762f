"""``sahel-tui similar`` and ``sahel-tui compare``, human and ``--json``, over the fixture copies."""

from __future__ import annotations

import json

import pytest
from conftest import IDS

from sahel_tui.cli import main

A, B, C = IDS["c130_a"], IDS["c130_b"], IDS["c130_c"]
UNRELATED = (IDS["airstrikes"], IDS["aes_air"])


@pytest.fixture
def run(corpus_dir, workspace_dir, capsys):
    """``run(*args)`` -> (exit status, stdout, stderr) of the CLI over private copies."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--corpus", str(corpus_dir), "--workspace", str(workspace_dir)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def ranked(ids: list[str]) -> None:
    """The two rewrites of the C-130 story come first; unrelated articles, if listed at all, after."""
    assert set(ids[:2]) == {B, C}
    assert A not in ids
    for other in UNRELATED:
        if other in ids:
            assert ids.index(other) > 1


def test_similar_lists_the_rewrites_first(run):
    code, out, err = run("similar", A)
    assert code == 0 and err == ""
    lines = out.splitlines()
    ids = [line.split()[1] for line in lines]
    ranked(ids)
    scores = [float(line.split()[0]) for line in lines]
    assert scores == sorted(scores, reverse=True)
    assert lines[0].startswith(f"{scores[0]:.3f}  {C}  Niger has extended military support to Mali")


def test_similar_json(run):
    code, out, _ = run("similar", A, "--json")
    assert code == 0
    rows = json.loads(out)
    ranked([r["id"] for r in rows])
    assert all(set(r) >= {"id", "title", "score"} and 0 < r["score"] <= 1 for r in rows)
    scores = {r["id"]: r["score"] for r in rows}
    assert scores[C] > scores[B] > max((scores.get(u, 0.0) for u in UNRELATED), default=0.0)


def test_similar_of_an_unrelated_article_says_so(run):
    code, out, _ = run("similar", IDS["airstrikes"])
    assert code == 0
    assert B not in out and C not in out


def test_similar_unknown_article_is_a_one_line_error(run):
    code, out, err = run("similar", "999_missing")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "999_missing" in err


def test_compare_json_has_pairs_one_sided_sentences_and_entities(run, workspace):
    code, out, _ = run("compare", A, C, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["left"]["id"] == A and data["right"]["id"] == C
    assert 0.1 < data["similarity"] < 0.5

    left_body, right_body = workspace.article(A).body, workspace.article(C).body
    pairs = data["pairs"]
    assert len(pairs) >= 5
    for pair in pairs:
        assert set(pair) >= {"left", "right", "score", "kind", "left_words", "right_words"}
        left, right = pair["left"], pair["right"]
        assert left_body[left["start"] : left["end"]] == left["text"]
        assert right_body[right["start"] : right["end"]] == right["text"]
        assert 0.3 <= pair["score"] <= 1
        for word in pair["left_words"]:
            assert left["text"][word["start"] : word["end"]] == word["text"]
        for word in pair["right_words"]:
            assert right["text"][word["start"] : word["end"]] == word["text"]
    # the lead sentences are paired, and the rewording is what differs
    lead = pairs[0]
    assert lead["left"]["text"].startswith("Since August 20, Niger's junta has solidified")
    assert lead["right"]["text"].startswith("Amid escalating tensions")
    assert "solidified" in [w["text"] for w in lead["left_words"]]
    assert "extended" in [w["text"] for w in lead["right_words"]]
    assert "Mali" not in [w["text"] for w in lead["left_words"] + lead["right_words"]]
    # the airport photographs are in both, in other words
    assert any("Modibo Keita" in p["left"]["text"] and "Modibo Keita" in p["right"]["text"] for p in pairs)

    # sentences without a counterpart
    assert any("drone bases" in s["text"] for s in data["left_only"])
    assert any("European Union" in s["text"] for s in data["right_only"])
    paired_left = {p["left"]["index"] for p in pairs}
    assert not paired_left & {s["index"] for s in data["left_only"]}

    entities = data["entities"]
    assert {"mali", "niger", "csp-psd", "modibo-keita-airport"} <= set(entities["shared"])
    assert {"sahel", "european-union"} <= set(entities["right_only"])
    assert "fama" in entities["left_only"]
    assert not set(entities["shared"]) & (set(entities["left_only"]) | set(entities["right_only"]))
    right_facts = {(f["kind"], f["text"]) for f in entities["facts"] if f["side"] == "right"}
    assert ("number", "two") in right_facts


def test_compare_human_report(run):
    code, out, err = run("compare", A, C)
    assert code == 0 and err == ""
    first, second = out.splitlines()[:2]
    assert first.startswith("LEFT") and A in first and "Since August 20, Niger's junta" in first
    assert second.startswith("RIGHT") and C in second and "Niger has extended military support" in second
    assert "similarity 0.1" in out
    for heading in ("SHARED CORE (", f"ONLY LEFT {A} (", f"ONLY RIGHT {C} (", "FACTS"):
        assert heading in out
    only_right = out[out.index(f"only right {C}:") :]
    assert "European Union" in only_right and "two" in only_right


def test_compare_unknown_article_is_a_one_line_error(run):
    code, out, err = run("compare", A, "999_missing")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "999_missing" in err


def test_compare_never_prints_escape_sequences(run, corpus_dir):
    hostile = "Attack near Gao\n\nFighters \x1b]0;pwned\x07 struck [red]Gao[/red] with 40 trucks.\x1b[2J\n"
    (corpus_dir / "hostile_a.txt").write_text(hostile, encoding="utf-8")
    (corpus_dir / "hostile_b.txt").write_text(hostile.replace("40", "60"), encoding="utf-8")
    code, out, _ = run("compare", "hostile_a", "hostile_b")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "␛]0;pwned␇" in out and "[red]Gao[/red]" in out
    code, out, _ = run("compare", "hostile_a", "hostile_b", "--json")
    assert "\x1b" not in out  # JSON escapes control characters (\u001b) ...
    data = json.loads(out)  # ... and keeps the text as it is
    assert "\x1b]0;pwned" in data["pairs"][0]["left"]["text"]
