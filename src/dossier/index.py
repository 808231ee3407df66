"""Find which entity a stretch of text refers to: an interval index over entity mentions."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from .records import Entity, Mention

__all__ = ["MentionIndex"]


@dataclass(frozen=True, slots=True)
class _Hit:
    mention: Mention
    entity: str


class MentionIndex:
    """Mentions of every entity, sorted per document, for lookups by character offsets."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        by_doc: dict[str, list[_Hit]] = {}
        for entity in entities:
            for mention in entity.mentions:
                by_doc.setdefault(mention.doc, []).append(_Hit(mention, entity.id))
        self._hits: dict[str, list[_Hit]] = {}
        self._starts: dict[str, list[int]] = {}
        for doc, hits in by_doc.items():
            hits.sort(key=lambda hit: (hit.mention.start, -hit.mention.end))
            self._hits[doc] = hits
            self._starts[doc] = [hit.mention.start for hit in hits]
        # mentions are short: a hit overlapping [start, end) starts at most this far before it
        self._longest = max(
            (hit.mention.end - hit.mention.start for hits in self._hits.values() for hit in hits),
            default=0,
        )

    def within(self, doc: str, start: int, end: int) -> list[tuple[Mention, str]]:
        """(mention, entity id) pairs whose mention overlaps ``[start, end)``, in text order."""
        hits = self._hits.get(doc)
        if not hits:
            return []
        starts = self._starts[doc]
        first = bisect_left(starts, start - self._longest)
        last = bisect_right(starts, end - 1)
        return [
            (hit.mention, hit.entity)
            for hit in hits[first:last]
            if hit.mention.end > start and hit.mention.start < end
        ]

    def entity_at(self, doc: str, start: int, end: int) -> str | None:
        """The entity of the mention overlapping ``[start, end)`` most, or None."""
        best, best_overlap = None, 0
        for mention, entity in self.within(doc, start, end):
            overlap = min(end, mention.end) - max(start, mention.start)
            if overlap > best_overlap:
                best, best_overlap = entity, overlap
        return best
