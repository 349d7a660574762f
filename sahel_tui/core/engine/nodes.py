"""The engine-neutral query tree: what the query language hands to a search engine.

The parser turns what an analyst typed into these nodes (field names as typed:
``text``, ``entity``, ``date``...); the rewriter (:mod:`sahel_tui.core.search.rewrite`)
turns them into nodes on index fields (``title``, ``body``, ``names``, ``prefix``,
``entity``, ``type``, ``author``, ``source``, ``date_num``, ``id``).  An engine
runs only the second kind: :class:`Term`, :class:`Phrase`, :class:`Prefix`,
:class:`NumericRange`, :class:`Every` and the boolean nodes.  :class:`Wildcard`,
:class:`Fuzzy`, :class:`Range` and :class:`Unsupported` only come out of the
parser; the rewriter expands or drops them.

Text terms are index terms: already analysed (folded stems, see :mod:`analysis`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """Documents whose ``field`` holds the term ``text``."""

    field: str
    text: str


@dataclass(frozen=True)
class Phrase:
    """Documents where ``words`` stand in order in ``field`` (at most ``slop`` apart)."""

    field: str
    words: tuple[str, ...]
    slop: int = 1


@dataclass(frozen=True)
class Prefix:
    """Documents with a term of ``field`` starting with ``text``."""

    field: str
    text: str


@dataclass(frozen=True)
class Wildcard:
    """A ``*``/``?`` pattern as typed (parser output only)."""

    field: str
    text: str


@dataclass(frozen=True)
class Fuzzy:
    """``word~`` as typed: terms within ``maxdist`` edits (parser output only)."""

    field: str
    text: str
    maxdist: int = 1


@dataclass(frozen=True)
class Range:
    """``field:[a TO b]``, ``field:>a`` as typed (parser output only); bounds may be missing."""

    field: str
    start: str | None
    end: str | None
    startexcl: bool = False
    endexcl: bool = False


@dataclass(frozen=True)
class Unsupported:
    """A parsed clause the query language has no use for (parser output only)."""

    field: str | None


@dataclass(frozen=True)
class NumericRange:
    """Documents whose integer ``field`` lies between ``low`` and ``high``; constant score."""

    field: str
    low: int
    high: int
    startexcl: bool = False
    endexcl: bool = False


@dataclass(frozen=True)
class Every:
    """Every document (``field`` None), or every document with a value in ``field``."""

    field: str | None = None


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Not:
    """Documents not matching ``child`` (None: an empty clause)."""

    child: Node | None


@dataclass(frozen=True)
class AndNot:
    """``a`` without the documents matching ``b``."""

    a: Node | None
    b: Node | None


@dataclass(frozen=True)
class AndMaybe:
    """``a``, ranked higher where ``b`` matches too."""

    a: Node | None
    b: Node | None


@dataclass(frozen=True)
class Require:
    """Documents matching both, scored by ``a`` only."""

    a: Node | None
    b: Node | None


Leaf = Term | Phrase | Prefix | Wildcard | Fuzzy | Range | Unsupported | NumericRange | Every
Binary = AndNot | AndMaybe | Require
Node = Leaf | And | Or | Not | Binary

BINARY = (AndNot, AndMaybe, Require)
COMPOUND = (And, Or)


def simplify(node: Node) -> Node:
    """``node`` without redundancy, by the rules engines simplify queries with.

    Nested AND in AND (OR in OR) is flattened; an unfielded :class:`Every` makes
    the whole AND/OR match everything; ``Every(f)`` absorbs the other clauses on
    field ``f``; duplicates go; a single clause left stands for the group.
    (The query language uses it to see that a query lists every article.)
    """
    if isinstance(node, Not):
        return Not(simplify(node.child) if node.child is not None else None)
    if isinstance(node, BINARY):
        return node.__class__(*(simplify(c) if c is not None else None for c in (node.a, node.b)))
    if not isinstance(node, COMPOUND):
        return node
    children: list[Node] = []
    for child in node.children:
        child = simplify(child)
        children.extend(child.children if isinstance(child, node.__class__) else (child,))
    if any(isinstance(c, Every) and c.field is None for c in children):
        return Every()
    every_fields = {c.field for c in children if isinstance(c, Every)}
    kept = [c for c in children if isinstance(c, Every) or _field(c) not in every_fields]
    unique = list(dict.fromkeys(kept))
    if len(unique) == 1:
        return unique[0]
    return node.__class__(tuple(unique), boost=node.boost)


def _field(node: Node) -> str | None:
    return None if isinstance(node, (*COMPOUND, *BINARY, Not)) else node.field


def positive_leaves(node: Node | None) -> list[Leaf]:
    """The leaves whose matches make a document a hit (nothing under NOT or ``b`` of AND NOT)."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, AndNot):
        return positive_leaves(node.a)
    if isinstance(node, BINARY):
        return positive_leaves(node.a) + positive_leaves(node.b)
    if isinstance(node, COMPOUND):
        return [leaf for child in node.children for leaf in positive_leaves(child)]
    return [node]
