"""Search results an analyst can believe: operators while typing, notices, synonyms, completion."""

from __future__ import annotations

import pytest
from conftest import IDS


@pytest.fixture
def ws(indexed):
    return indexed


def total(ws, query: str, *, typing: bool) -> int:
    return ws.search(query, as_you_type=typing).total


@pytest.mark.parametrize(
    "query", ["NOT Mali", "NOT Niger", "Mali OR Niger", "Mali AND Niger", "Niger OR Bamako", "exit"]
)
def test_the_count_while_typing_is_the_count_after_enter(ws, query):
    assert total(ws, query, typing=True) == total(ws, query, typing=False)


def test_or_adds_and_not_excludes_the_word_being_typed(ws):
    everything = ws.search("").total
    assert total(ws, "Mali OR Nig", typing=True) >= total(ws, "Mali AND Nig", typing=True)
    assert total(ws, "Mali OR Niger", typing=True) > total(ws, "Mali AND Niger", typing=True)
    assert total(ws, "NOT Nig", typing=True) == everything - total(ws, "Niger", typing=False)


def test_no_did_you_mean_when_the_query_found_what_it_asked_for(ws):
    for query in ("militants", "Mali militants"):
        results = ws.search(query)
        assert results.total > 0 and results.suggestion is None, query
    assert ws.search("Bamakko").suggestion == "bamako"  # an unknown word still gets one


def test_an_unknown_field_is_searched_as_words_and_said_once(ws):
    results = ws.search("foo:bar")
    assert results.error is None
    assert len(results.notices) == 1 and "searched as words" in results.notices[0]


def test_an_unclosed_quote_says_so(ws):
    results = ws.search('"Russian forces', as_you_type=True)
    assert any("unclosed quote" in note for note in results.notices)
    assert not ws.search('"Russian forces"').notices


def test_a_misspelling_gets_approximate_matches_while_typing(ws):
    results = ws.search("Wagnar", as_you_type=True)
    assert results.fuzzy and results.total >= 1
    assert "wagner" in results.terms


def test_entity_completes_ids_and_names_while_typing(ws):
    typed = ws.search("entity:jn", as_you_type=True)
    assert typed.error is None and {h.id for h in typed.hits} == {IDS["airstrikes"]}
    by_name = ws.search("entity:afri", as_you_type=True)  # the name "Africa Corps" (id africa-corps)
    assert by_name.total >= 1 and by_name.error is None
    assert ws.search("entity:jn").error  # after Enter a name must be whole


def test_synonyms_are_added_at_a_lower_weight_and_said(ws):
    results = ws.search("exit")
    assert results.total > 0 and "withdrawal" in results.also_matched
    assert {w for w, _ in results.expanded} == {"exit"}
    assert "withdrawal" in results.terms  # the reader highlights why an article matched
    assert ws.search("=exit").total == 0 and not ws.search("=exit").expanded  # "=" turns expansion off
    assert ws.search('"exit"').expanded == ()  # never inside phrases
    assert ws.search("title:exit").expanded == ()  # nor inside fields


def test_the_word_typed_ranks_above_its_synonyms(ws):
    plain = ws.search("=withdrawal")
    expanded = ws.search("withdrawal")
    assert plain.total and expanded.total >= plain.total
    assert [h.id for h in expanded.hits[: plain.total]] == [h.id for h in plain.hits]


def test_a_phrase_is_highlighted_as_a_whole_phrase_only():
    from sahel_tui.core.search import find_spans

    text = "Russian instructors met the Air Force. Russian forces left; the Russian  forces stayed."
    spans = [text[s:e] for s, e in find_spans(text, ["Russian forces"])]
    assert spans == ["Russian forces", "Russian  forces"]
    assert [text[s:e] for s, e in find_spans(text, ["Force"])] == ["Force", "forces", "forces"]


def test_the_reader_highlights_the_synonyms_an_article_matched(ws):
    from sahel_tui.core.search import find_spans

    results = ws.search("exit")
    body = ws.article(results.hits[0].id).body
    found = {body[s:e].lower() for s, e in find_spans(body, list(results.terms))}
    assert found & {"withdrawal", "withdraw", "departure"}
