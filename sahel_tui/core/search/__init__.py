"""The query language and search: fields, aliases, dates, snippets, facets, suggestions.

Queries use Whoosh's syntax (``AND``/``OR``/``NOT``, ``-word``, quoted phrases,
``word*``, ``word~``, parentheses) plus analyst fields:

============================  ===================================================
``entity:jnim``               confirmed or detected entity; a name or alias is
                              resolved (``entity:"Africa Corps"``, ``entity:niamay``)
``type:armed_group``          label id, any case
``source:apa``                words of the source name
``date:2024-03``              a year, month or day; ``date:[2024-01 TO 2024-03]``,
                              ``date:>2024-01``, ``date:<=2024``
``author:analyst1``           author of a mention
``title:`` / ``body:``        one text field only
============================  ===================================================

Plain words search the title (boosted), the body and the names of the entities
found in the article (so ``Niamey`` finds an article that only says
``Niamay``).  Several plain words rank articles where they are adjacent first.
With ``as_you_type`` the last, unfinished word is a prefix, served by an edge
n-gram field (title and names) and the most frequent completions among body
terms, never by an unbounded prefix query.  The operator before it applies to
it (``NOT Mal`` excludes, ``Mali OR Nig`` adds), a final ``entity:jn`` completes
entity ids and names, and a misspelling gets approximate matches at once.

Plain words (not phrases, not fields) also match their usual synonyms from the
thesaurus (:mod:`sahel_tui.core.thesaurus`) at a lower weight; the synonyms an
article could match are in ``SearchResults.expanded`` ("also matched: ...").
A leading ``=`` searches the words as typed (``=exit``; ``search --exact``).
Notes that do not stop the search (an unknown field searched as words, an
unclosed quote) are ``SearchResults.notices``, never ``error``.

Nothing a user types raises: bad syntax, unknown fields, lone operators or
wildcards and very long queries give a one-line ``error`` note in
:class:`SearchResults` (with a best-effort result), and expansions are capped
so that no query takes seconds.

One module per job:

``query``      cleanup (:func:`sanitize`), field names and aliases, operators, the
               half-typed word, the words to highlight, parsing into nodes
``rewrite``    the field rewriter: parsed nodes -> nodes on index fields
``expand``     bounded expansions over the vocabulary (wildcards, fuzzy words)
``suggest``    completion of the last word, did-you-mean, words as written
``highlight``  :class:`TermMatcher`, :func:`find_spans`, :func:`make_snippet`
``facets``     counts by entity, type, source and month, ranked
``ranking``    adjacency of plain words ranks first
``service``    :func:`search`: the orchestration, on a
               :class:`~sahel_tui.core.engine.base.SearchEngine`
"""

from __future__ import annotations

from sahel_tui.core.search.expand import MAX_EXPANSION
from sahel_tui.core.search.facets import facets
from sahel_tui.core.search.highlight import SNIPPET_CHARS, SNIPPET_SCAN, TermMatcher, find_spans, make_snippet
from sahel_tui.core.search.query import FIELD_ALIASES, FIELDS, MAX_QUERY_CHARS, MAX_WORDS, sanitize
from sahel_tui.core.search.ranking import RERANK_DEPTH
from sahel_tui.core.search.rewrite import MAX_CLAUSES, TEXT_FIELDS
from sahel_tui.core.search.service import MAX_LIMIT, TIME_LIMIT, engine_for, search
from sahel_tui.core.search.suggest import COMPLETIONS
from sahel_tui.core.search.types import Resolver

__all__ = [
    "COMPLETIONS",
    "FIELDS",
    "FIELD_ALIASES",
    "MAX_CLAUSES",
    "MAX_EXPANSION",
    "MAX_LIMIT",
    "MAX_QUERY_CHARS",
    "MAX_WORDS",
    "RERANK_DEPTH",
    "SNIPPET_CHARS",
    "SNIPPET_SCAN",
    "TEXT_FIELDS",
    "TIME_LIMIT",
    "Resolver",
    "TermMatcher",
    "engine_for",
    "facets",
    "find_spans",
    "make_snippet",
    "sanitize",
    "search",
]
