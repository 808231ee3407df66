"""The reader: every chapter's text, escaped, with mentions linked and quotations tinted.

Each chapter's text appears once in the report, so its markup is kept lean: a mention is a bare
``<a class="m" href="#e-…">`` (``m pr`` for a pronoun), a quotation a ``<q class="q s3">`` tinted
by its speaker and followed by the speaker's name. Only the mentions a dossier lists get an id.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from markupsafe import Markup

from ..records import Document, Mention, Quote
from .book import Book, Link

__all__ = ["ChapterView", "chapter_views"]

_S = TypeVar("_S")
MentionKey = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class ChapterView:
    anchor: str
    label: str
    paragraphs: tuple[tuple[str, Markup], ...]  # (id, markup)
    previous: Link | None = None
    next: Link | None = None


def chapter_views(book: Book, wanted: set[MentionKey]) -> list[ChapterView]:
    """Every chapter as paragraphs of markup; the mentions in ``wanted`` get an id, recorded in
    ``book.mention_anchor``."""
    quotes: dict[str, list[Quote]] = defaultdict(list)
    for q in book.analysis.quotes:
        if q.kind == "speech" and q.end > q.start:
            quotes[q.doc].append(q)
    mentions: dict[str, list[tuple[Mention, str]]] = defaultdict(list)
    for e in book.analysis.entities:
        for m in e.mentions:
            if m.end > m.start:
                mentions[m.doc].append((m, e.id))
    views = []
    for document in book.analysis.documents:
        writer = _ChapterWriter(book, document, quotes[document.id], mentions[document.id], wanted)
        anchor = book.doc_anchor[document.id]
        paragraphs = tuple(
            (f"{anchor}-p{i}", writer.paragraph(start, end))
            for i, (start, end) in enumerate(book.paragraphs[document.id])
        )
        views.append(ChapterView(anchor, book.label[document.id], paragraphs))
    for i, view in enumerate(views):
        before = Link(f"#{views[i - 1].anchor}", views[i - 1].label) if i else None
        after = Link(f"#{views[i + 1].anchor}", views[i + 1].label) if i + 1 < len(views) else None
        views[i] = ChapterView(view.anchor, view.label, view.paragraphs, before, after)
    return views


def _disjoint(spans: Iterable[_S], bounds: Callable[[_S], tuple[int, int]]) -> list[_S]:
    """Spans in text order (the longest first at one start) that overlap no earlier one."""
    kept: list[_S] = []
    for span in sorted(spans, key=lambda s: (bounds(s)[0], -bounds(s)[1])):
        if not kept or bounds(span)[0] >= bounds(kept[-1])[1]:
            kept.append(span)
    return kept


class _ChapterWriter:
    """Writes one chapter's paragraphs in text order, one pointer each over mentions and quotes.

    A quotation running over several paragraphs is cut into one piece per paragraph; a mention
    crossing a paragraph's or a quotation's edge is left plain (its dossier links to the
    paragraph instead).
    """

    def __init__(
        self,
        book: Book,
        document: Document,
        quotes: Iterable[Quote],
        mentions: Iterable[tuple[Mention, str]],
        wanted: set[MentionKey],
    ) -> None:
        self.book, self.text, self.wanted = book, document.text, wanted
        self.prefix = book.doc_anchor[document.id]
        self.quotes = _disjoint(quotes, lambda q: (q.start, q.end))
        self.mentions = _disjoint(mentions, lambda h: (h[0].start, h[0].end))
        self.qi = self.mi = self.pos = 0
        self.out: list[str] = []

    def paragraph(self, start: int, end: int) -> Markup:
        self.out, self.pos = [], start
        while self.mi < len(self.mentions) and self.mentions[self.mi][0].start < start:
            self.mi += 1
        while self.qi < len(self.quotes) and self.quotes[self.qi].end <= start:
            self.qi += 1
        for quote in self.quotes[self.qi :]:
            if quote.start >= end:
                break
            self._plain(max(quote.start, start))
            tint = self.book.speaker_class.get(quote.speaker or "")
            attrs = f' class="q {tint}"' if tint else ' class="q"'
            if quote.id not in self.book.placed_quotes:  # the first piece carries the id
                self.book.placed_quotes.add(quote.id)
                attrs += f' id="{self.book.quote_anchor[quote.id]}"'
            self.out.append(f"<q{attrs}>")
            self._plain(min(quote.end, end))
            self.out.append("</q>")
            speaker = self.book.entity(quote.speaker)
            if quote.end <= end and speaker is not None:
                self.out.append(_who(speaker, tint))
        self._plain(end)
        return Markup("".join(self.out))

    def _plain(self, upto: int) -> None:
        """The text from the current position to ``upto``, with the mentions inside it."""
        text, out = self.text, self.out
        while self.mi < len(self.mentions) and self.mentions[self.mi][0].start < upto:
            mention, entity_id = self.mentions[self.mi]
            self.mi += 1
            if mention.start < self.pos or mention.end > upto:
                continue
            attrs = f'href="#{self.book.entity_anchor[entity_id]}"'
            key = (mention.doc, mention.start, mention.end)
            if key in self.wanted:
                anchor = f"{self.prefix}-m{mention.start}"
                self.book.mention_anchor[key] = anchor
                attrs += f' id="{anchor}"'
            css = "m pr" if mention.kind == "PRON" else "m"
            out.append(html.escape(text[self.pos : mention.start], quote=False))
            out.append(f'<a class="{css}" {attrs}>')
            out.append(html.escape(text[mention.start : mention.end], quote=False) + "</a>")
            self.pos = mention.end
        out.append(html.escape(text[self.pos : upto], quote=False))
        self.pos = upto


def _who(speaker: Link, tint: str | None) -> str:
    """The speaker's name beside a quotation, tinted like it."""
    css = f"who {tint}" if tint else "who"
    name = html.escape(speaker.text)
    if speaker.href is None:
        return f'<span class="{css}">{name}</span>'
    return f'<a class="{css}" href="{html.escape(speaker.href)}">{name}</a>'
