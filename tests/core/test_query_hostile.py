"""Queries typed by accident or by an adversary never raise and never hang."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahel_tui.core.index import SearchIndex
from sahel_tui.core.models import IndexDoc, SearchResults
from sahel_tui.core.search import MAX_QUERY_CHARS, search

BODIES = [
    "JNIM imposed a blockade on fuel imports near Diéma and Nioro.",
    "Niger lent Mali a C-130; it flew to Niamay and Tessalit.",
    "Africa Corps instructors arrived in Bamako to replace Wagner.",
    "Al-Qaeda-linked fighters ambushed a convoy near Gao on Monday.",
]


def _doc(n: int, body: str) -> IndexDoc:
    return IndexDoc(
        id=f"h{n}",
        title=body[:30],
        date=f"2024-0{n + 1}-15",
        source="APA",
        body=body,
        entities=("jnim",) if n == 0 else (),
        detected=(),
        labels=("ARMED_GROUP",),
        names=(),
        authors=(),
        fingerprint=str(n),
    )


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    index = SearchIndex(tmp_path_factory.mktemp("hostile") / "whoosh")
    index.rebuild([_doc(n, b) for n, b in enumerate(BODIES)])
    return index


def run(ix: SearchIndex, q: str, **kw: object) -> SearchResults:
    return search(ix, q, resolve_entity=lambda text: [], label_ids={"ARMED_GROUP"}, **kw)  # type: ignore[arg-type]


HOSTILE = [
    '"africa corps',
    'africa corps"',
    '"',
    '""',
    '"""',
    "(",
    ")",
    "((((blockade",
    "blockade))))",
    "[",
    "]",
    "{",
    "}",
    "[2024 TO",
    "date:[",
    "date:[2024",
    "date:{2024 TO}",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "NOT NOT blockade",
    "blockade AND",
    "OR blockade",
    "blockade OR OR convoy",
    "-",
    "--",
    "- -",
    "+",
    "-blockade",
    "*",
    "?",
    "**",
    "*?*",
    "*:*",
    "blo*",
    "*ade",
    "*a*",
    "?ade",
    "entity:*",
    "entity:",
    ":",
    "::",
    ":blockade",
    "blockade:",
    "x:y:z",
    "foo:bar",
    "FOO:bar",
    "http://example.org/a?b=c",
    "type:",
    "type:nonsense",
    "date:yesterday",
    "date:2024-99",
    "date:>",
    "date:<",
    "date:>=",
    "date:[a TO b]",
    "title:",
    "^",
    "blockade^",
    "blockade^999999999999",
    "~",
    "blockade~",
    "blockade~99",
    "niamay~-1",
    "\\",
    "\\\\blockade",
    "'",
    "''",
    "'blockade",
    "the",
    "the of and",
    "a an the",
    "\x00",
    "\x00blockade\x07",
    "\u202eblockade",
    "\ufeff",
    "bl\u0000ock",
    "🤖",
    "日本語",
    "\u0301\u0301",
    "blockade\nconvoy",
    "\t",
    "%s%n",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "${jndi:ldap://x}",
    'entity:""',
    "author:,",
    'source:"',
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_return_results_or_a_message(ix: SearchIndex, q: str) -> None:
    for as_you_type in (False, True):
        results = run(ix, q, as_you_type=as_you_type)
        assert isinstance(results, SearchResults)
        assert results.hits or results.error or results.total == 0
        assert results.error is None or "\n" not in results.error
        assert "damaged" not in (results.error or "")


def test_lone_operators_explain_themselves(ix: SearchIndex) -> None:
    for q in ("AND", "-", "the of and", "?"):
        results = run(ix, q)
        assert results.hits == () and results.error


def test_broken_syntax_still_searches_the_words(ix: SearchIndex) -> None:
    assert [h.id for h in run(ix, '"africa corps').hits] == ["h2"]
    assert [h.id for h in run(ix, "((((blockade").hits] == ["h0"]
    assert [h.id for h in run(ix, "NOT NOT blockade").hits] == ["h0"]


def test_a_lone_star_lists_everything(ix: SearchIndex) -> None:
    assert run(ix, "*").total == 4


def test_very_long_queries_are_capped_with_a_note(ix: SearchIndex) -> None:
    results = run(ix, "blockade " * 1250)  # 11,250 characters
    assert "too long" in (results.error or "")
    assert [h.id for h in results.hits] == ["h0"]
    assert len(results.query) > MAX_QUERY_CHARS  # the query is reported as typed
    results = run(ix, " ".join(f"w{n}" for n in range(3000)))
    assert results.hits == () and "too long" in (results.error or "")


def test_many_wildcards_are_bounded(ix: SearchIndex) -> None:
    results = run(ix, " OR ".join(["*a*", "?o*", "*e"] * 30))
    assert isinstance(results, SearchResults)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_arbitrary_text_never_raises(ix: SearchIndex, q: str) -> None:
    results = run(ix, q)
    assert isinstance(results, SearchResults) and results.total >= len(results.hits)


_SYNTAX = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "*",
        "?",
        "~",
        "^",
        ":",
        "-",
        "+",
        " AND ",
        " OR ",
        " NOT ",
        " TO ",
        "entity:",
        "date:",
        "type:",
        "source:",
        "blockade",
        "convoy",
        "2024",
        "C-130",
        "Diéma",
        " ",
        "\\",
        "'",
        ">",
        "<",
        "=",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_SYNTAX, max_size=12).map("".join), st.booleans())
def test_arbitrary_syntax_never_raises(ix: SearchIndex, q: str, as_you_type: bool) -> None:
    results = run(ix, q, as_you_type=as_you_type)
    assert isinstance(results, SearchResults) and results.total >= len(results.hits)
    assert "damaged" not in (results.error or "")
