"""One entity's dossier, gathered in a few queries: variants with their evidence and chapters,
quotations spoken and received, relations, events, and every mention in context."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from .data import AliasRow, BookData
from .outline import ChapterInfo, EntityInfo
from .render import Context, context

__all__ = ["Dossier", "Fact", "MentionLine", "QuoteLine", "Variant", "entity_dossier"]


@dataclass(frozen=True, slots=True)
class Variant:
    alias: AliasRow
    chapters: tuple[tuple[ChapterInfo, int], ...]  # where it occurs, how often


@dataclass(frozen=True, slots=True)
class QuoteLine:
    id: str
    doc: str
    start: int
    text: str
    speaker: str | None
    addressee: str | None
    method: str | None
    confidence: float


@dataclass(frozen=True, slots=True)
class Fact:
    """A relation or an event, with the words of the book that state it."""

    kind: str  # relation or event
    label: str  # spouse, arrest, ...
    doc: str
    start: int
    end: int
    roles: tuple[tuple[str, str], ...]  # (role, entity id): head/tail or agent/patient/place
    detail: str
    sentence: str
    paragraph: int  # where the reader shows it: #p-<paragraph>


@dataclass(frozen=True, slots=True)
class MentionLine:
    doc: str
    start: int
    end: int
    kind: str
    context: Context


@dataclass(frozen=True, slots=True)
class Dossier:
    info: EntityInfo
    variants: tuple[Variant, ...]
    spoken: tuple[QuoteLine, ...]
    received: tuple[QuoteLine, ...]
    facts: tuple[Fact, ...]
    mentions: tuple[MentionLine, ...]
    names: dict[str, str]  # entity id -> canonical name, for everyone this dossier names
    chapters: dict[str, ChapterInfo]

    def as_json(self) -> dict[str, Any]:
        return {
            **self.info.as_json(),
            "variants": [
                {
                    "alias": v.alias.alias,
                    "count": v.alias.count,
                    "reason": v.alias.reason,
                    "score": v.alias.score,
                    "features": list(v.alias.features),
                    "chapters": {c.id: n for c, n in v.chapters},
                }
                for v in self.variants
            ],
            "quotes_spoken": [_quote_json(q) for q in self.spoken],
            "quotes_received": [_quote_json(q) for q in self.received],
            "facts": [
                {
                    "kind": f.kind,
                    "label": f.label,
                    "doc": f.doc,
                    "start": f.start,
                    "end": f.end,
                    "roles": dict(f.roles),
                    "detail": f.detail,
                    "sentence": f.sentence,
                    "paragraph": f.paragraph,
                }
                for f in self.facts
            ],
            "mentions": [
                {
                    "doc": m.doc,
                    "start": m.start,
                    "end": m.end,
                    "kind": m.kind,
                    "text": m.context.match,
                }
                for m in self.mentions
            ],
        }


def _quote_json(q: QuoteLine) -> dict[str, Any]:
    return {
        "id": q.id,
        "doc": q.doc,
        "start": q.start,
        "text": q.text,
        "speaker": q.speaker,
        "addressee": q.addressee,
        "method": q.method,
        "confidence": q.confidence,
    }


def entity_dossier(book: BookData, entity: str, mention_limit: int = 400) -> Dossier:
    """Everything the book says about ``entity`` (an id known to exist)."""
    outline = book.outline()
    info = outline.entities[entity]
    chapters = outline.chapter_by_id
    order = {c.id: c.order for c in outline.chapters}
    per_alias = book.alias_chapters(entity)
    variants = tuple(
        Variant(
            alias,
            tuple(
                (chapters[doc], n)
                for doc, n in sorted(
                    per_alias.get(alias.alias, {}).items(), key=lambda kv: order.get(kv[0], 0)
                )
                if doc in chapters
            ),
        )
        for alias in book.aliases(entity)
    )
    _, spoken_rows = book.quotes(speaker=entity, limit=100_000)
    _, received_rows = book.quotes(addressee=entity, limit=100_000)
    relation_rows = book.relations(entity)
    event_rows = book.events(entity)
    mention_rows = book.mentions(entity, mention_limit)
    docs = {r["doc"] for r in (*relation_rows, *event_rows, *mention_rows)}
    texts = book.texts(docs)
    starts = book.paragraph_starts({r["doc"] for r in (*relation_rows, *event_rows)})

    def paragraph(doc: str, offset: int) -> int:
        found = starts.get(doc, [])
        at = bisect_right(found, (offset, 1 << 30)) - 1
        return found[at][1] if at >= 0 else 0

    def sentence(doc: str, start: int, end: int) -> str:
        return " ".join(texts.get(doc, "")[start:end].split())

    facts = [
        Fact(
            "relation",
            r["relation"],
            r["doc"],
            r["start"],
            r["end"],
            (("head", r["head"]), ("tail", r["tail"])),
            r["detail"] or "",
            sentence(r["doc"], r["start"], r["end"]),
            paragraph(r["doc"], r["start"]),
        )
        for r in relation_rows
    ]
    facts += [
        Fact(
            "event",
            r["type"],
            r["doc"],
            r["start"],
            r["end"],
            tuple((role, r[role]) for role in ("agent", "patient", "place") if r[role]),
            " · ".join(x for x in (r["trigger"], r["date"], r["modality"]) if x),
            sentence(r["doc"], r["start"], r["end"]),
            paragraph(r["doc"], r["start"]),
        )
        for r in event_rows
    ]
    facts.sort(key=lambda f: (order.get(f.doc, 0), f.start))
    mentions = tuple(
        MentionLine(
            r["doc"],
            r["start"],
            r["end"],
            r["kind"],
            context(texts.get(r["doc"], ""), r["start"], r["end"]),
        )
        for r in mention_rows
    )
    spoken = tuple(_quote_line(r) for r in spoken_rows)
    received = tuple(_quote_line(r) for r in received_rows)
    named = {entity}
    for q in (*spoken, *received):
        named.update(x for x in (q.speaker, q.addressee) if x)
    for f in facts:
        named.update(e for _, e in f.roles if e)
    names = {e: outline.name_of(e) for e in named}
    return Dossier(info, variants, spoken, received, tuple(facts), mentions, names, chapters)


def _quote_line(r: Any) -> QuoteLine:
    return QuoteLine(
        r["id"],
        r["doc"],
        r["start"],
        r["text"],
        r["speaker"],
        r["addressee"],
        r["method"],
        r["confidence"] or 0.0,
    )
