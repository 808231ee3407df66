"""The reader: every chapter's text, escaped, with mentions linked and quotations tinted.

Each chapter's text appears once in the report, so its markup is kept lean: a mention is a bare
``<a class="m" href="#e-…">`` (``m pr`` for a pronoun), a quotation a ``<q class="q s3">`` tinted
by its speaker and followed by the speaker's name. Only the mentions a dossier lists get an id.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from ..markup import Span, Tags, attribution, mark_paragraphs
from ..records import Mention, Quote
from .book import Book, Link

__all__ = ["ChapterView", "chapter_views"]

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
    quotes: dict[str, list[Span[Quote]]] = defaultdict(list)
    for q in book.analysis.quotes:
        if q.kind == "speech":
            quotes[q.doc].append(Span(q.start, q.end, q))
    mentions: dict[str, list[Span[_Linked]]] = defaultdict(list)
    for e in book.analysis.entities:
        for m in e.mentions:
            mentions[m.doc].append(Span(m.start, m.end, _Linked(m, e.id)))
    tags = _tags(book, wanted)
    views = []
    for document in book.analysis.documents:
        anchor = book.doc_anchor[document.id]
        spans = book.paragraphs[document.id]
        marked = mark_paragraphs(
            document.text, spans, mentions[document.id], quotes[document.id], tags
        )
        paragraphs = tuple((f"{anchor}-p{i}", markup) for i, markup in enumerate(marked))
        views.append(ChapterView(anchor, book.label[document.id], paragraphs))
    for i, view in enumerate(views):
        before = Link(f"#{views[i - 1].anchor}", views[i - 1].label) if i else None
        after = Link(f"#{views[i + 1].anchor}", views[i + 1].label) if i + 1 < len(views) else None
        views[i] = ChapterView(view.anchor, view.label, view.paragraphs, before, after)
    return views


@dataclass(frozen=True, slots=True)
class _Linked:
    mention: Mention
    entity: str


def _tags(book: Book, wanted: set[MentionKey]) -> Tags[_Linked, Quote]:
    """The report's lean tags; records the ids it gives in ``book``."""

    def mention_open(linked: _Linked) -> str:
        mention = linked.mention
        attrs = f'href="#{book.entity_anchor[linked.entity]}"'
        key = (mention.doc, mention.start, mention.end)
        if key in wanted:
            anchor = f"{book.doc_anchor[mention.doc]}-m{mention.start}"
            book.mention_anchor[key] = anchor
            attrs += f' id="{anchor}"'
        return f'<a class="{"m pr" if mention.kind == "PRON" else "m"}" {attrs}>'

    def quote_open(quote: Quote, first: bool) -> str:
        tint = book.speaker_class.get(quote.speaker or "")
        attrs = f' class="q {tint}"' if tint else ' class="q"'
        # the first piece written carries the id, even where the quotation starts between
        # paragraphs
        if quote.id not in book.placed_quotes:
            book.placed_quotes.add(quote.id)
            attrs += f' id="{book.quote_anchor[quote.id]}"'
        return f"<q{attrs}>"

    texts = {document.id: document.text for document in book.analysis.documents}

    def quote_after(quote: Quote) -> str:
        speaker = book.entity(quote.speaker)
        if speaker is None:
            return ""
        start = quote.speaker_start
        words = texts[quote.doc][start : quote.speaker_end] if start is not None else None
        how = attribution(quote.method, quote.confidence, words)
        return _who(speaker, book.speaker_class.get(quote.speaker or ""), how)

    return Tags(mention_open, lambda _: "</a>", quote_open, lambda _: "</q>", quote_after)


def _who(speaker: Link, tint: str | None, how: str) -> str:
    """The speaker's name beside a quotation, tinted like it; how it was found as its title
    (“anaphoric 0.75 · “he””)."""
    css = f"who {tint}" if tint else "who"
    name = html.escape(speaker.text)
    title = html.escape(how)
    if speaker.href is None:
        return f'<span class="{css}" title="{title}">{name}</span>'
    return f'<a class="{css}" href="{html.escape(speaker.href)}" title="{title}">{name}</a>'
