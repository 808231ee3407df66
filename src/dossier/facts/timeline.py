"""The timeline of a book, or of one person: events ordered by date, undated ones by reading.

An undated event keeps its place in reading order: it follows the dated events read before
it. Dates are ISO 8601 prefixes, so "1937" sorts before "1937-10" (a year before its months).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..records import Analysis, Event

__all__ = ["TimelineEntry", "timeline"]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event on a timeline. ``date`` is the event's own date (None when the text gives
    none); ``role`` is the person's part in it (agent, patient, place) on a personal
    timeline; ``sentence`` is the source sentence when an :class:`Analysis` was given."""

    date: str | None
    event: Event
    order: int
    role: str | None = None
    sentence: str | None = None


def _role(event: Event, entity_id: str) -> str | None:
    for role in ("agent", "patient", "place"):
        if getattr(event, role) == entity_id:
            return role
    return None


def timeline(
    analysis_or_events: Analysis | Iterable[Event],
    entity_id: str | None = None,
    realis_only: bool = True,
) -> list[TimelineEntry]:
    """Events ordered by normalised date, undated ones placed by reading order.

    ``entity_id`` keeps the events that person (or place) takes part in; ``realis_only``
    (the default) leaves out negated, hypothetical and reported events.
    """
    texts: dict[str, str] = {}
    if isinstance(analysis_or_events, Analysis):
        documents = sorted(analysis_or_events.documents, key=lambda d: d.order)
        rank = {d.id: i for i, d in enumerate(documents)}
        texts = {d.id: d.text for d in documents}
        events = list(analysis_or_events.events)
    else:
        events = list(analysis_or_events)
        rank = {}
        for event in events:
            rank.setdefault(event.doc, len(rank))
    reading = sorted(events, key=lambda e: (rank.get(e.doc, len(rank)), e.start, e.end))
    entries: list[tuple[str, int, TimelineEntry]] = []
    running = ""  # the date an undated event inherits for sorting: the last one read
    for order, event in enumerate(reading):
        if event.date:
            running = event.date
        if realis_only and event.modality != "realis":
            continue
        role = None
        if entity_id is not None:
            role = _role(event, entity_id)
            if role is None:
                continue
        text = texts.get(event.doc)
        sentence = text[event.start : event.end] if text is not None else None
        entry = TimelineEntry(event.date, event, order, role, sentence)
        entries.append((event.date or running, order, entry))
    entries.sort(key=lambda row: (row[0], row[1]))
    return [entry for _, _, entry in entries]
