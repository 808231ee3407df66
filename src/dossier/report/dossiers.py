"""One dossier per entity: spellings with counts, chapters and merge evidence; quotations spoken
and received; relations; events; mentions in context linking into the reader.

Lists are capped (a novel's narrator has thousands of mentions) with an “and N more” note.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..markup import context
from ..names.forms import strip_possessive
from ..records import Entity, Event, Mention, Quote, Relation
from .book import Book, Link, clip

__all__ = [
    "CONTEXTS_SHOWN",
    "ITEMS_SHOWN",
    "Context",
    "EntityView",
    "Item",
    "Listing",
    "Variant",
    "entity_views",
    "listed_mentions",
]

CONTEXTS_SHOWN = 25  # mention contexts per dossier
ITEMS_SHOWN = 25  # quotations, relations or events per list
CONTEXT_CHARS = 70  # characters of context either side of a listed mention
TYPE_NAMES = {
    "PER": "person",
    "GPE": "place",
    "LOC": "location",
    "FAC": "facility",
    "ORG": "organisation",
    "VEH": "vehicle",
}


@dataclass(frozen=True, slots=True)
class Variant:
    """A spelling with its count, the chapters it appears in and why it joined the entity."""

    alias: str
    count: int
    chapters: tuple[Link, ...]
    reason: str
    score: float | None


@dataclass(frozen=True, slots=True)
class Item:
    """One line of a dossier list: words and links, then an excerpt linked into the reader."""

    parts: tuple[Link | str, ...]
    source: Link


@dataclass(frozen=True, slots=True)
class Listing:
    items: tuple[Item, ...]
    more: int = 0

    @property
    def total(self) -> int:
        return len(self.items) + self.more


@dataclass(frozen=True, slots=True)
class Context:
    chapter: str
    href: str
    left: str
    mention: str
    right: str


@dataclass(frozen=True, slots=True)
class EntityView:
    anchor: str
    entity: Entity
    kind: str
    mentions: int
    variants: tuple[Variant, ...]
    spoken: Listing
    received: Listing
    relations: Listing
    events: Listing
    contexts: tuple[Context, ...]
    contexts_more: int


def listed_mentions(book: Book) -> dict[str, list[Mention]]:
    """The mentions each dossier lists: names and descriptions before pronouns, capped, in
    text order."""
    order = book.order
    chosen = {}
    for e in book.analysis.entities:
        ranked = sorted(
            (m for m in e.mentions if m.doc in order),
            key=lambda m: (m.kind == "PRON", order[m.doc], m.start),
        )[:CONTEXTS_SHOWN]
        chosen[e.id] = sorted(ranked, key=lambda m: (order[m.doc], m.start))
    return chosen


def entity_views(book: Book, listed: dict[str, list[Mention]]) -> list[EntityView]:
    """Every entity's dossier, in the analysis' order (call after the reader set its anchors)."""
    analysis, order = book.analysis, book.order
    spoken: dict[str, list[Item]] = defaultdict(list)
    received: dict[str, list[Item]] = defaultdict(list)
    for q in sorted(analysis.quotes, key=lambda q: (order.get(q.doc, -1), q.start)):
        if q.kind != "speech":
            continue
        if q.speaker:
            spoken[q.speaker].append(_quote_item(book, q, "to", q.addressee))
        if q.addressee:
            received[q.addressee].append(_quote_item(book, q, "from", q.speaker))
    relations: dict[str, list[Item]] = defaultdict(list)
    for r in sorted(analysis.relations, key=lambda r: (order.get(r.doc, -1), r.start)):
        for who in dict.fromkeys((r.head, r.tail)):
            relations[who].append(_relation_item(book, r))
    events: dict[str, list[Item]] = defaultdict(list)
    for v in sorted(analysis.events, key=lambda v: (order.get(v.doc, -1), v.start)):
        for who in dict.fromkeys(x for x in (v.agent, v.patient, v.place) if x):
            events[who].append(_event_item(book, v))
    views = []
    for e in analysis.entities:
        variants = _variants(book, e)
        contexts = tuple(_context(book, m) for m in listed.get(e.id, ()))
        views.append(
            EntityView(
                book.entity_anchor[e.id],
                e,
                TYPE_NAMES.get(e.type, e.type),
                len(e.mentions),
                variants,
                _listing(spoken[e.id]),
                _listing(received[e.id]),
                _listing(relations[e.id]),
                _listing(events[e.id]),
                contexts,
                len(e.mentions) - len(contexts),
            )
        )
    return views


def _variants(book: Book, entity: Entity) -> tuple[Variant, ...]:
    counts: Counter[str] = Counter()
    chapters: dict[str, set[str]] = defaultdict(set)
    for m in entity.mentions:
        if m.kind == "PROP":
            alias = strip_possessive(m.text)
            counts[alias] += 1
            chapters[alias].add(m.doc)
    evidence = {item.alias: item for item in entity.evidence}
    aliases = sorted(dict.fromkeys((*entity.aliases, *evidence)), key=lambda a: -counts[a])
    variants = []
    for alias in aliases:
        docs = sorted((d for d in chapters[alias] if d in book.order), key=book.order.__getitem__)
        item = evidence.get(alias)
        variants.append(
            Variant(
                alias,
                counts[alias],
                tuple(Link(f"#{book.doc_anchor[d]}", book.label[d]) for d in docs),
                item.reason if item else "",
                item.score if item else None,
            )
        )
    return tuple(variants)


def _listing(items: Sequence[Item]) -> Listing:
    return Listing(tuple(items[:ITEMS_SHOWN]), max(0, len(items) - ITEMS_SHOWN))


def _quote_item(book: Book, quote: Quote, word: str, other: str | None) -> Item:
    person = book.entity(other)
    parts: tuple[Link | str, ...] = (word, person) if person else ()
    if quote.id in book.placed_quotes:
        return Item(parts, Link(f"#{book.quote_anchor[quote.id]}", clip(quote.text)))
    return Item(parts, Link(book.source(quote.doc, quote.start, quote.end).href, clip(quote.text)))


def _relation_item(book: Book, r: Relation) -> Item:
    head, tail = book.entity(r.head), book.entity(r.tail)
    parts: list[Link | str] = [head] if head else []
    parts.append(r.relation.replace("_", " "))
    if tail:
        parts.append(tail)
    if r.detail:
        parts.append(f"({r.detail})")
    return Item(tuple(parts), book.source(r.doc, r.start, r.end))


def _event_item(book: Book, v: Event) -> Item:
    parts: list[Link | str] = [v.type.replace("_", " ")]
    if v.trigger:
        parts.append(f"“{v.trigger}”")
    for word, who in (("by", v.agent), ("of", v.patient), ("at", v.place)):
        link = book.entity(who)
        if link:
            parts += [word, link]
    parts += [x for x in (v.date, None if v.modality == "realis" else v.modality) if x]
    return Item(tuple(parts), book.source(v.doc, v.start, v.end))


def _context(book: Book, m: Mention) -> Context:
    """The mention with about ``CONTEXT_CHARS`` of whole words either side, linked to its place
    in the reader (its own id where it has one, else its paragraph)."""
    anchor = book.mention_anchor.get((m.doc, m.start, m.end)) or book.paragraph_anchor(
        m.doc, m.start
    )
    around = context(book.documents[m.doc].text, m.start, m.end, CONTEXT_CHARS)
    return Context(book.label[m.doc], f"#{anchor}", around.before, around.match, around.after)
