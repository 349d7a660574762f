"""What every exporter receives."""

from __future__ import annotations

from dataclasses import dataclass

from sahel_tui.core.models import Article, Entity, Mention


@dataclass(frozen=True)
class ExportItem:
    article: Article
    metadata: dict[str, str]  # the article's metadata.yaml entry (author, language, original_name...)
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...]  # the catalog entities its mentions use

    @property
    def placed(self) -> tuple[Mention, ...]:
        """Mentions whose offsets hold in the body (orphaned ones have lost their text)."""
        return tuple(m for m in self.mentions if m.state != "orphaned")

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)
