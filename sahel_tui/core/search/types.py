"""Small types shared by the search modules."""

from __future__ import annotations

from collections.abc import Callable, Sequence

#: Maps a name or alias typed after ``entity:`` to entity ids.
Resolver = Callable[[str], Sequence[str]]
