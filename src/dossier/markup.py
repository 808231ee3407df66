"""What the web app and the HTML report both write from book text: a chapter's markup, and a
mention in its context.

Both show a chapter with its mentions linked and its quotations marked, and differ only in the
tags they write. :func:`mark_paragraphs` walks the text once, in offset order, and leaves the
tags to a :class:`Tags` of small callables:

- a quotation running over several paragraphs is cut into one piece per paragraph, so every
  piece nests inside its paragraph; what follows a quotation (a speaker's name) comes after its
  last piece;
- a mention crossing a paragraph's or a quotation's edge is left as plain text rather than
  breaking the nesting, and of overlapping spans the first (at one start, the longest) wins;
- every piece of book text is escaped; the callables' tags are written as they are, so they
  must escape their own attribute values.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from markupsafe import Markup

__all__ = [
    "Context",
    "Span",
    "Tags",
    "attribution",
    "context",
    "disjoint",
    "escape_text",
    "mark_paragraphs",
]

T = TypeVar("T")
M = TypeVar("M")
Q = TypeVar("Q")


@dataclass(frozen=True, slots=True, order=True)
class Span(Generic[T]):
    """``[start, end)`` of the text with the record it marks; spans sort by offsets alone."""

    start: int
    end: int
    item: T = field(compare=False)


@dataclass(frozen=True, slots=True)
class Tags(Generic[M, Q]):
    """How mentions (items of type ``M``) and quotation pieces (``Q``) are written."""

    mention_open: Callable[[M], str]
    mention_close: Callable[[M], str]
    # the flag: whether this piece holds the quotation's start (an id belongs on it)
    quote_open: Callable[[Q, bool], str]
    quote_close: Callable[[Q], str]
    # written after the quotation's last piece, e.g. the speaker's name
    quote_after: Callable[[Q], str]


def attribution(method: str | None, confidence: float, words: str | None) -> str:
    """How a quotation's speaker was found, as the reader and the report show it: “anaphoric
    0.75 · “he”” (the method, its confidence and the tag's words naming the speaker)."""
    how = f"{method} {confidence:.2f}" if method else ""
    return f"{how} · “{words}”" if words else how


def escape_text(text: str) -> str:
    """Book text as HTML text content (``<``, ``>`` and ``&``; quote marks need no escape)."""
    return html.escape(text, quote=False)


def disjoint(spans: Iterable[Span[T]]) -> list[Span[T]]:
    """Non-empty spans in text order (the longest first at one start, else the earliest given)
    that overlap no earlier one."""
    kept: list[Span[T]] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end > span.start and (not kept or span.start >= kept[-1].end):
            kept.append(span)
    return kept


def mark_paragraphs(
    text: str,
    paragraphs: Iterable[tuple[int, int]],
    mentions: Iterable[Span[M]],
    quotes: Iterable[Span[Q]],
    tags: Tags[M, Q],
) -> Iterator[Markup]:
    """The inner markup of each paragraph ``(start, end)`` of ``text``, in the order given.

    Paragraphs are expected in text order without overlaps; text outside them is not written
    (the caller decides what to do with it). Overlapping mentions or quotations are thinned
    with :func:`disjoint`.
    """
    writer = _Writer(text, disjoint(mentions), tags)
    quote_list = disjoint(quotes)
    qi = 0
    for start, end in paragraphs:
        writer.begin(start)
        while qi < len(quote_list) and quote_list[qi].end <= start:
            qi += 1
        for quote in quote_list[qi:]:
            if quote.start >= end:
                break
            writer.plain(max(quote.start, start))
            writer.out.append(tags.quote_open(quote.item, quote.start >= start))
            writer.plain(min(quote.end, end))
            writer.out.append(tags.quote_close(quote.item))
            if quote.end <= end:
                writer.out.append(tags.quote_after(quote.item))
        writer.plain(end)
        yield Markup("".join(writer.out))


class _Writer(Generic[M, Q]):
    """The text position and the one pointer over the mentions, carried across paragraphs."""

    def __init__(self, text: str, mentions: list[Span[M]], tags: Tags[M, Q]) -> None:
        self.text, self.mentions, self.tags = text, mentions, tags
        self.mi = self.pos = 0
        self.out: list[str] = []

    def begin(self, start: int) -> None:
        self.out, self.pos = [], start
        while self.mi < len(self.mentions) and self.mentions[self.mi].start < start:
            self.mi += 1

    def plain(self, upto: int) -> None:
        """The text from the current position to ``upto``, with the mentions wholly inside."""
        text, out, mentions = self.text, self.out, self.mentions
        while self.mi < len(mentions) and mentions[self.mi].start < upto:
            span = mentions[self.mi]
            self.mi += 1
            if span.start < self.pos or span.end > upto:
                continue  # crosses an edge: left as plain text
            out.append(escape_text(text[self.pos : span.start]))
            out.append(self.tags.mention_open(span.item))
            out.append(escape_text(text[span.start : span.end]))
            out.append(self.tags.mention_close(span.item))
            self.pos = span.end
        out.append(escape_text(text[self.pos : upto]))
        self.pos = upto


@dataclass(frozen=True, slots=True)
class Context:
    """A mention with the words either side, each part on one line."""

    before: str
    match: str
    after: str


def context(text: str, start: int, end: int, width: int = 80) -> Context:
    """The mention at ``[start, end)`` with up to ``width`` characters either side, cut at
    word boundaries and at paragraph breaks, on one line; an ellipsis marks a cut mid-paragraph."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    brk = text.rfind("\n\n", left, start)
    if brk != -1:
        left = brk + 2
    elif left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    brk = text.find("\n\n", end, right)
    if brk != -1:
        right = brk
    elif right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    cut_left = left > 0 and text[max(0, left - 2) : left] != "\n\n"
    cut_right = right < len(text) and not text.startswith("\n\n", right)
    before = " ".join(text[left:start].split())
    after = " ".join(text[end:right].split())
    return Context(
        ("… " if cut_left else "") + before + (" " if text[left:start][-1:].isspace() else ""),
        text[start:end],
        (" " if text[end:right][:1].isspace() else "") + after + (" …" if cut_right else ""),
    )
