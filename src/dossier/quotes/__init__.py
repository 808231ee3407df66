"""Stage 5: every quotation of the book, with its speaker, addressee and how they were found.

    detect     quotation marks of any style and dash dialogue, per paragraph; scare quotes
    cues       speech tags and their subjects in the dependency parse
    attribute  the sieve: explicit, anaphoric, narrator, paragraph, conversation turn-taking
    turns      conversations turn by turn; turn-taking redone from both ends of a dialogue
    addressee  tag objects, vocatives, conversation partners

Entities come from the names stage; this stage only points at them (through
:class:`~dossier.index.MentionIndex` and its own pronoun resolution) and never makes new ones.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ..nlp import Parsed
from ..records import Entity, Quote
from ..segment import split_paragraphs
from .attribute import attribute_document
from .context import Book, DocContext
from .detect import MarkCounts, detect_quotes

__all__ = ["find_quotes"]

log = logging.getLogger(__name__)


def find_quotes(parsed: Sequence[Parsed], entities: Sequence[Entity]) -> list[Quote]:
    """Every quotation of the book in text order, ids ``<docid>-q<n>`` numbered per document.

    Which quotation marks count is learnt as the book is read (the counts of every document
    so far), so a British book's ‘…’ and a translated book's «…» or dash dialogue are found.
    """
    book = Book(entities)
    counts = MarkCounts()
    quotes: list[Quote] = []
    for item in parsed:
        document = item.document
        counts = counts + MarkCounts.of(document.text)
        paragraphs = [p for p in split_paragraphs(document) if p.end > document.body_start]
        spans = detect_quotes(document.text, paragraphs, counts)
        speech = [span for span in spans if span.kind == "speech"]
        ctx = DocContext(item, paragraphs, speech, book)
        attributed = {a.span: a for a in attribute_document(ctx, speech)}
        for n, span in enumerate(spans, start=1):
            found = attributed.get(span)
            quotes.append(
                Quote(
                    id=f"{document.id}-q{n}",
                    doc=document.id,
                    start=span.start,
                    end=span.end,
                    text=document.text[span.start : span.end],
                    kind=span.kind,
                    speaker=found.speaker if found else None,
                    addressee=found.addressee if found else None,
                    method=found.method if found else None,
                    confidence=found.confidence if found else 0.0,
                    speaker_start=found.words[0] if found and found.words else None,
                    speaker_end=found.words[1] if found and found.words else None,
                )
            )
        log.debug("%s: %d quotations, %d speech", document.id, len(spans), len(speech))
    return quotes
