"""Stage 6: relations, events and time expressions, each tied to its sentence.

    extract_facts(parsed, entities, quotes) -> Facts(relations, events, times)

Per document, in reading order: time expressions are found and resolved against the running
date (:mod:`.timex`); kinship and role relations are read off the dependency parse
(:mod:`.relations`); typed events get their participants, date and modality (:mod:`.events`,
:mod:`.modality`). Arguments are resolved to the entities of the names stage (:mod:`.arguments`);
this stage never creates entities. :func:`realis_triggers` is the general event detector
(LitBank's notion of an event), and :func:`timeline` orders events for a book or a person.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from ..nlp import Parsed
from ..records import Document, Entity, Event, Quote, Relation, TimeExpr
from .arguments import Resolver
from .context import Book, DocumentContext
from .dating import DocumentDates
from .events import find_events
from .relations import Family, find_relations, install_kin_fallback
from .timeline import TimelineEntry, timeline
from .timex import Clock, Found, detect_times, find_times
from .triggers import Trigger, event_triggers, realis_triggers

__all__ = [
    "Facts",
    "TimelineEntry",
    "Trigger",
    "event_triggers",
    "extract_facts",
    "realis_triggers",
    "timeline",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Facts:
    relations: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    times: tuple[TimeExpr, ...] = ()


def _continues(previous: Parsed | None, current: Parsed) -> bool:
    """Whether ``current`` picks up the story where ``previous`` left it, so that its relative
    dates ("the next day") may be anchored on the previous chapter's last date."""
    if previous is None:
        return False
    before, now = previous.document.chapter, current.document.chapter
    return before is None or now is None or now == before + 1


# memo(document, name, compute) -> compute() or its earlier result for this document
TimesMemo = Callable[[Document, str, Callable[[], list[Found]]], list[Found]]


def extract_facts(
    parsed: Sequence[Parsed],
    entities: Sequence[Entity],
    quotes: Sequence[Quote],
    memo: TimesMemo | None = None,
) -> Facts:
    """Relations, events and time expressions of the book, in reading order. ``memo`` keeps
    where each document's time expressions are (they depend on its text alone) across runs."""
    book = Book.build(entities, quotes)
    family = Family(list(entities))
    clock = Clock()
    relations: list[Relation] = []
    events: list[Event] = []
    times: list[TimeExpr] = []
    previous: Parsed | None = None
    for item in parsed:
        if not _continues(previous, item):
            clock.reset()
        previous = item
        ctx = DocumentContext(item, book)
        resolver = Resolver(ctx)
        install_kin_fallback(ctx, resolver, family)
        dates = DocumentDates(ctx, [])
        detect = partial(detect_times, item.doc, item.document.body_start, item.document.text)
        doc_times = find_times(
            item.doc,
            ctx.id,
            clock,
            item.document.body_start,
            ctx.quoted_at,
            dates.asserted,
            item.document.text,
            memo(item.document, "times", detect) if memo else None,
        )
        times.extend(doc_times)
        relations.extend(find_relations(ctx, resolver, family))
        events.extend(find_events(ctx, resolver, DocumentDates(ctx, doc_times).date_of))
    log.debug("facts: %d relations, %d events, %d times", len(relations), len(events), len(times))
    return Facts(tuple(relations), tuple(events), tuple(times))
