"""Paragraphs and sentences: offsets into a document's text, whitespace excluded.

A text with blank lines between paragraphs keeps hard-wrapped lines together (Project
Gutenberg); a text without any blank line has one paragraph per line. The heading (the text
before ``Document.body_start``) is always a paragraph of its own. Sentences are spaCy's, cut
at every paragraph boundary so that none spans two paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .nlp import Parsed
from .records import Document, Paragraph, Sentence

__all__ = ["split_paragraphs", "split_sentences"]

# One newline followed by one or more blank (whitespace-only) lines.
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_NEWLINE = re.compile(r"\n")


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` narrowed to exclude leading and trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pieces(
    text: str, start: int, end: int, separator: re.Pattern[str]
) -> Iterator[tuple[int, int]]:
    """Non-blank pieces of ``text[start:end]`` between matches of ``separator``."""
    begin = start
    for match in separator.finditer(text, start, end):
        yield _strip(text, begin, match.start())
        begin = match.end()
    yield _strip(text, begin, end)


def split_paragraphs(document: Document) -> list[Paragraph]:
    """The document's paragraphs in order; the heading, if any, is paragraph 0."""
    text = document.text
    body = min(max(document.body_start, 0), len(text))
    # Blank lines between the heading and the body say nothing about the body's layout.
    body_text = _strip(text, body, len(text))[0]
    separator = _BLANK_LINES if _BLANK_LINES.search(text, body_text) else _NEWLINE
    spans = [_strip(text, 0, body)] if body else []
    spans.extend(_pieces(text, body, len(text), separator))
    return [
        Paragraph(document.id, index, start, end)
        for index, (start, end) in enumerate((s, e) for s, e in spans if e > s)
    ]


def split_sentences(parsed: Parsed, paragraphs: Sequence[Paragraph]) -> list[Sentence]:
    """spaCy's sentences of ``parsed.doc``, cut at paragraph boundaries, whitespace excluded.

    The doc needs sentence boundaries (a parser, or a ``sentencizer`` pipe).
    """
    text = parsed.document.text
    doc_id = parsed.document.id
    ordered = sorted(paragraphs, key=lambda paragraph: paragraph.start)
    sentences: list[Sentence] = []
    first = 0  # the first paragraph that may still overlap the next sentence
    for sent in parsed.doc.sents:
        start, end = sent.start_char, sent.end_char
        while first < len(ordered) and ordered[first].end <= start:
            first += 1
        current = first
        while current < len(ordered) and ordered[current].start < end:
            paragraph = ordered[current]
            piece_start, piece_end = _strip(
                text, max(start, paragraph.start), min(end, paragraph.end)
            )
            if piece_end > piece_start:
                sentences.append(
                    Sentence(doc_id, len(sentences), piece_start, piece_end, paragraph.index)
                )
            current += 1
    return sentences
