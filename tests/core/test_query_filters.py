"""Filter tokens in a query: read the way the search reads them, removed and added without leaving debris."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahel_tui.core.query_filters import (
    facet_token,
    free_text,
    has_filter,
    parse_filters,
    parse_query,
    remove_all_filters,
    remove_filter,
    toggle_filter,
    toggle_token,
)


def texts(query: str) -> list[str]:
    return [f.text for f in parse_filters(query)]


# -- reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["labels", "label", "types", "type", "LABELS", "Type"])
def test_label_aliases_are_type_filters(written):
    (f,) = parse_filters(f"niger {written}:armed_group")
    assert f.field == "type"
    assert f.written_field == written
    assert f.text == "type:armed_group"


@pytest.mark.parametrize(
    ("written", "field"),
    [("entities", "entity"), ("sources", "source"), ("dates", "date"), ("authors", "author"), ("Entity", "entity")],
)
def test_other_aliases_name_their_field(written, field):
    assert [f.field for f in parse_filters(f"{written}:x")] == [field]


@pytest.mark.parametrize(
    "query", ["title:blockade", "body:fuel", "foo:bar", "http://example.org", "entity:", 'entity:""']
)
def test_text_fields_unknown_fields_and_empty_values_are_not_filters(query):
    assert parse_filters(query) == []
    assert free_text(query) == query


def test_spans_point_at_the_tokens_in_the_query():
    query = 'niger  labels:armed_group source:"Agence Presse" -entity:jnim'
    spans = [query[f.start : f.end] for f in parse_filters(query)]
    assert spans == ["labels:armed_group", 'source:"Agence Presse"', "-entity:jnim"]


def test_quoted_values_are_one_filter():
    (f,) = parse_filters('source:"Agence de Presse Africaine" niger')
    assert f.value == '"Agence de Presse Africaine"'
    assert f.bare_value == "Agence de Presse Africaine"
    assert free_text('source:"Agence de Presse Africaine" niger') == "niger"


def test_typographic_quotes_quote_like_the_search():
    (f,) = parse_filters("source:\u201cAgence Presse\u201d niger")
    assert f.bare_value == "Agence Presse"
    assert free_text("source:\u201cAgence Presse\u201d niger") == "niger"


def test_a_half_typed_phrase_value_is_already_a_filter():
    assert texts('niger source:"Agence Pre') == ['source:"Agence Pre']


def test_a_field_inside_a_phrase_is_text():
    query = '"entity:jnim in a quote" type:location'
    assert texts(query) == ["type:location"]
    assert free_text(query) == '"entity:jnim in a quote"'


def test_ranges_and_groups_of_values_are_one_filter():
    assert texts("x date:[2024-01 TO 2024-03] y") == ["date:[2024-01 TO 2024-03]"]
    assert texts("entity:(jnim OR aqim) niger") == ["entity:(jnim OR aqim)"]
    assert free_text("entity:(jnim OR aqim) niger") == "niger"
    assert texts("date:>=2024-02") == ["date:>=2024-02"]


def test_negation_with_minus_or_not():
    assert [(f.field, f.negated) for f in parse_filters("-entity:jnim NOT labels:location +source:apa")] == [
        ("entity", True),
        ("type", True),
        ("source", False),
    ]
    assert texts("NOT labels:location") == ["-type:location"]


def test_a_filter_in_an_excluded_group_is_an_exclusion():
    assert texts("niger -(entity:jnim OR type:location)") == ["-entity:jnim", "-type:location"]
    assert texts("niger NOT (entity:jnim OR -type:location) date:2024") == [
        "-entity:jnim",
        "type:location",
        "date:2024",
    ]
    assert texts("(entity:jnim) -entity:aqim") == ["entity:jnim", "-entity:aqim"]


def test_lower_case_not_is_a_word_as_in_the_search():
    assert [f.negated for f in parse_filters("not entity:jnim")] == [False]
    assert free_text("not entity:jnim") == "not"


def test_parse_query_gives_filters_and_free_text():
    parsed = parse_query("blockade (entity:jnim OR entity:aqim) date:2024")
    assert [f.text for f in parsed.filters] == ["entity:jnim", "entity:aqim", "date:2024"]
    assert parsed.free_text == "blockade"


# -- removing -----------------------------------------------------------------------------


def test_labels_filter_is_removable():
    query = "niger labels:armed_group date:2024-03"
    (f, _date) = parse_filters(query)
    assert remove_filter(query, f) == "niger date:2024-03"
    assert remove_filter(query, 0) == "niger date:2024-03"
    assert toggle_filter(query, "type", "armed_group") == "niger date:2024-03"


@pytest.mark.parametrize(
    ("query", "left"),
    [
        ("(entity:jnim OR entity:aqim)", ""),
        ("niger (entity:jnim OR entity:aqim)", "niger"),
        ("(entity:jnim OR entity:aqim) blockade", "blockade"),
        ("niger NOT (type:location OR type:person) AND mali", "niger AND mali"),
        ("niger -(entity:jnim OR entity:aqim)", "niger"),
        ("((entity:jnim) OR (entity:aqim)) niger", "niger"),
        ("niger AND entity:jnim", "niger"),
        ("entity:jnim OR niger", "niger"),
        ("NOT entity:jnim niger", "niger"),
        ("mali OR entity:jnim OR niger", "mali OR niger"),
        ("(niger OR entity:jnim) mali", "(niger) mali"),
        ("  niger   entity:jnim    mali  ", "niger mali"),
        ('"fuel  blockade"   entity:jnim', '"fuel  blockade"'),
    ],
)
def test_clear_all_leaves_no_dangling_operator_or_empty_group(query, left):
    assert remove_all_filters(query) == left
    assert free_text(query) == left


def test_removing_one_of_a_group_keeps_the_group():
    assert remove_filter("(entity:jnim OR entity:aqim) niger", 0) == "(entity:aqim) niger"
    assert remove_filter("niger (entity:jnim OR entity:aqim)", 1) == "niger (entity:jnim)"


def test_remove_finds_the_filter_again_when_the_text_moved():
    old = parse_filters("niger source:apa")[0]
    assert remove_filter("blockade niger source:apa", old) == "blockade niger"


def test_remove_of_a_missing_filter_changes_nothing():
    assert remove_filter("niger  OR", 3) == "niger  OR"
    gone = parse_filters("entity:jnim")[0]
    assert remove_filter("niger  OR date:2024", gone) == "niger  OR date:2024"


# -- adding -------------------------------------------------------------------------------


def test_toggle_adds_then_removes():
    query = toggle_filter("niger", "source", "APA")
    assert query == 'niger source:"APA"'
    assert has_filter(query, 'source:"apa"')
    assert toggle_filter(query, "sources", "apa") == "niger"


def test_toggle_builds_tokens_the_search_reads():
    assert toggle_filter("", "entity", "Africa Corps") == 'entity:"Africa Corps"'
    assert toggle_filter("", "entity", "jnim") == "entity:jnim"
    assert toggle_filter("", "labels", "ARMED_GROUP") == "type:armed_group"
    assert toggle_filter("x", "date", "not a date") == "x"
    assert toggle_filter("x", "title", "blockade") == "x"


def test_toggle_removes_every_copy_of_the_filter():
    assert toggle_token("entity:jnim niger ENTITY:JNIM", "entity:jnim") == "niger"


def test_a_filter_added_to_a_half_typed_phrase_or_group_stays_outside_it():
    query = toggle_filter('niger "africa cor', "type", "location")
    assert query == 'niger "africa cor" type:location'
    assert texts(query) == ["type:location"]
    assert toggle_filter("(mali OR niger", "date", "2024") == "(mali OR niger) date:2024"


def test_a_filter_added_after_a_dangling_operator_narrows_instead_of_excluding():
    assert toggle_filter("niger NOT", "entity", "jnim") == "niger entity:jnim"
    assert toggle_filter("niger OR ", "entity", "jnim") == "niger entity:jnim"


def test_facet_tokens():
    assert facet_token("source", "APA") == 'source:"APA"'
    assert facet_token("source", 'Evil "quoted" name') == 'source:"Evil quoted name"'
    assert facet_token("type", "ARMED_GROUP") == "type:armed_group"
    assert facet_token("date", "unknown") is None
    assert facet_token("author", "x") is None


# -- hostile text -------------------------------------------------------------------------


def test_control_characters_are_spaces_as_in_the_search():
    query = 'niger\x1b[2J source:"\x1b]0;evil\x07 APA"\u202eentity:jnim'
    found = parse_filters(query)
    assert [f.field for f in found] == ["source", "entity"]
    assert not any(ch in f.text for f in found for ch in "\x1b\x07\u202e")
    assert "\u202e" not in free_text(query) and "entity" not in free_text(query)


def test_a_very_long_query_is_read():
    query = " ".join(f"w{n} entity:e{n}" for n in range(3000))
    assert len(parse_filters(query)) == 3000
    assert free_text(query) == " ".join(f"w{n}" for n in range(3000))


PIECES = list("abz09 _-+:\"'()[]{}*?~^<>=\t\n")
PIECES += ["\x1b", "\u202e", "\u00a0", "\u201c", "\u201d", "AND", "OR", "NOT", "NOT "]
PIECES += ["entity:", "labels:", "type:", "source:", "date:", "title:"]
QUERY_CHARS = st.sampled_from(PIECES)


def _outside_quotes(text: str) -> str:
    return re.sub(r'"[^"]*"?', '"', re.sub("[\u201c\u201d]", '"', text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(QUERY_CHARS, max_size=40).map("".join))
def test_any_query_clears_to_tidy_free_text(query):
    left = remove_all_filters(query)
    assert parse_filters(left) == []
    assert remove_all_filters(left) == left
    outside = _outside_quotes(left)
    assert "  " not in outside and outside == outside.strip()
    words = re.findall(r"\S+", outside.replace("(", " ( ").replace(")", " ) "))
    assert words[-1:] not in (["AND"], ["OR"], ["NOT"])
    assert words[:1] not in (["AND"], ["OR"])
    assert "( )" not in " ".join(words)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(QUERY_CHARS, max_size=30).map("".join), st.sampled_from(["jnim", "Africa Corps", "x-1"]))
def test_toggling_twice_removes_what_was_added(query, value):
    added = toggle_filter(query, "entity", value)
    assert has_filter(added, facet_token("entity", value) or "")
    assert not has_filter(toggle_filter(added, "entity", value), facet_token("entity", value) or "")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(QUERY_CHARS, max_size=40).map("".join), st.integers(0, 5))
def test_removing_one_filter_keeps_the_others(query, index):
    before = texts(query)
    after = texts(remove_filter(query, index))
    if index < len(before):
        assert after == before[:index] + before[index + 1 :]
    else:
        assert after == before
