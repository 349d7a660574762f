"""The domain thesaurus: synonyms of conflict reporting in English and French."""

from __future__ import annotations

from sahel_tui.core.thesaurus import expand, parse_thesaurus, shipped_thesaurus
from sahel_tui.core.yamlio import parse_yaml


def _synonyms(words: list[str]) -> set[str]:
    return {synonym for _, synonym in expand(words)}


def test_shipped_thesaurus_is_large_valid_and_versioned():
    thesaurus = shipped_thesaurus()
    assert len(thesaurus.groups) >= 40
    assert thesaurus.problems == ()
    assert thesaurus.release


def test_a_word_brings_its_group_in_both_languages():
    pairs = expand(["ECOWAS", "exit"])
    assert {"withdrawal", "leave", "quit", "pull out", "retrait", "se retirer"} <= {s for _, s in pairs}
    assert all(word == "exit" for word, _ in pairs)
    assert {"attack", "raid", "bombing", "frappe", "attaque"} <= _synonyms(["strike"])
    assert {"dispute", "row", "standoff", "crisis"} <= _synonyms(["tensions"])
    assert {"putsch", "takeover", "coup d'État"} <= _synonyms(["coup"])
    assert {"truce", "cessez-le-feu"} <= _synonyms(["ceasefire"])
    assert {"abduction", "enlèvement", "otage"} <= _synonyms(["kidnapping"])
    assert {"refugee", "déplacé"} <= _synonyms(["displaced"])
    assert {"dead", "casualties", "mort", "tué"} <= _synonyms(["killed"])


def test_matching_ignores_case_accents_and_a_final_s():
    assert "killed" in _synonyms(["TUÉS"])
    assert "killed" in _synonyms(["tues"])
    assert "raid" in _synonyms(["Attacks"])
    assert "withdrawal" in _synonyms(["Retrait"])


def test_a_phrase_matches_consecutive_query_words():
    pairs = expand(["they", "pull", "out", "of", "ECOWAS"])
    assert pairs and {word for word, _ in pairs} == {"pull out"}
    assert "withdrawal" in {s for _, s in pairs}


def test_nothing_the_query_already_has_nothing_twice_and_unknown_words_give_nothing():
    pairs = expand(["exit", "withdrawal", "leave"])
    synonyms = [s for _, s in pairs]
    assert not {"exit", "withdrawal", "leave"} & set(synonyms)
    assert len(synonyms) == len(set(synonyms))
    assert expand(["Niamey", "blockade-runner", ""]) == []
    assert expand([]) == []


def test_problems_of_a_thesaurus_file_have_lines():
    text = """\
version: 1
release: test
groups:
- id: exit
  words: [exit, withdrawal]
- id: exit
  words: [leave, quit]
- id: lonely
  words: [alone]
- id: Bad Id
  words: [a, b]
- id: accents
  words: [retrait, Retrait, sortie]
"""
    thesaurus = parse_thesaurus(parse_yaml(text, "t.yaml"))
    assert [g.id for g in thesaurus.groups] == ["exit", "accents"]
    assert thesaurus.groups[1].words == ("retrait", "sortie")
    assert {(p.line, p.severity) for p in thesaurus.problems} == {
        (6, "error"),
        (9, "error"),
        (10, "error"),
        (13, "warning"),
    }
    assert expand(["withdrawal"], thesaurus) == [("withdrawal", "exit")]
