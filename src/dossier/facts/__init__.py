"""Stage 6: relations, events and time expressions, each tied to its sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..nlp import Parsed
from ..records import Entity, Event, Quote, Relation, TimeExpr

__all__ = ["Facts", "extract_facts"]


@dataclass(frozen=True, slots=True)
class Facts:
    relations: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    times: tuple[TimeExpr, ...] = ()


def extract_facts(
    parsed: Sequence[Parsed], entities: Sequence[Entity], quotes: Sequence[Quote]
) -> Facts:
    """Relations, events and time expressions of the book (being built: issue 7)."""
    return Facts()
