"""What the facts stage knows about one document while it reads it: sentences, quotations,
mentions by offset, and the book's entities."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy

from ..index import MentionIndex
from ..records import Entity, Mention, Quote, Sentence
from ..segment import split_paragraphs, split_sentences
from .modality import Signals

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..nlp import Parsed

__all__ = ["Book", "DocumentContext", "PersonMention"]


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A mention of a person entity, for pronoun resolution by recency."""

    start: int
    end: int
    entity: str


@dataclass
class Book:
    """Book-wide lookups, built once: entities by id, the mention index, the narrator, the
    person mentions of each document in text order, and the speech quotes of each document."""

    entities: Mapping[str, Entity]
    index: MentionIndex
    narrator: str | None
    persons: dict[str, list[PersonMention]] = field(default_factory=dict)
    quotes: dict[str, list[Quote]] = field(default_factory=dict)

    @classmethod
    def build(cls, entities: Sequence[Entity], quotes: Sequence[Quote]) -> Book:
        persons: dict[str, list[PersonMention]] = {}
        narrator = None
        for entity in entities:
            if entity.narrator and narrator is None:
                narrator = entity.id
            if entity.type != "PER":
                continue
            for mention in entity.mentions:
                if mention.kind != "PRON":
                    persons.setdefault(mention.doc, []).append(
                        PersonMention(mention.start, mention.end, entity.id)
                    )
        for rows in persons.values():
            rows.sort(key=lambda m: (m.start, m.end))
        by_doc: dict[str, list[Quote]] = {}
        for quote in quotes:
            if quote.kind == "speech":
                by_doc.setdefault(quote.doc, []).append(quote)
        for rows_q in by_doc.values():
            rows_q.sort(key=lambda q: q.start)
        return cls(
            entities={entity.id: entity for entity in entities},
            index=MentionIndex(entities),
            narrator=narrator,
            persons=persons,
            quotes=by_doc,
        )


class DocumentContext:
    """One parsed document with its sentences (as the segment stage cuts them), quotation
    signals and lookups by offset."""

    def __init__(self, parsed: Parsed, book: Book) -> None:
        self.parsed = parsed
        self.doc: Doc = parsed.doc
        self.id = parsed.document.id
        self.body_start = parsed.document.body_start
        self.book = book
        self.signals = Signals(parsed.doc)
        self.sentences: list[Sentence] = split_sentences(parsed, split_paragraphs(parsed.document))
        self._sentence_starts = [s.start for s in self.sentences]
        self.persons: list[PersonMention] = book.persons.get(self.id, [])
        self._person_starts = [m.start for m in self.persons]
        self.quotes: list[Quote] = book.quotes.get(self.id, [])
        self._quote_starts = [q.start for q in self.quotes]
        self._token_starts: list[int] = parsed.doc.to_array("IDX").tolist()

    def tokens_with(self, words: Collection[str], pos: Collection[str]) -> list[Token]:
        """Tokens of the body whose lemma or lower-cased form is one of ``words`` and whose
        part of speech is in ``pos`` — chosen on hash arrays, so that only they become
        Python objects (a novel has hundreds of thousands of tokens)."""
        doc = self.doc
        strings = doc.vocab.strings
        hashes = [strings[w] for w in words]
        arrays = doc.to_array(["LEMMA", "LOWER", "POS"])
        wanted_pos = [doc.vocab.strings[p] for p in pos]
        hit = numpy.isin(arrays[:, 0], hashes) | numpy.isin(arrays[:, 1], hashes)
        hit &= numpy.isin(arrays[:, 2], wanted_pos)
        first = bisect_left(self._token_starts, self.body_start)
        return [doc[int(i)] for i in numpy.nonzero(hit)[0] if i >= first]

    def quoted_at(self, offset: int) -> bool:
        """Whether the token at character ``offset`` lies inside quotation marks."""
        i = bisect_right(self._token_starts, offset) - 1
        return i >= 0 and self.signals.quoted[i]

    def root_at(self, start: int, end: int) -> Token | None:
        """The syntactic head of the tokens overlapping ``[start, end)`` (by bisection:
        ``Doc.char_span`` scans the whole document)."""
        first = max(bisect_right(self._token_starts, start) - 1, 0)
        last = bisect_right(self._token_starts, max(end - 1, start))
        if last <= first:
            return None
        return self.doc[first:last].root

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < max(self.sentences[i].end, self.sentences[i].start + 1):
            return self.sentences[i]
        if i >= 0:
            return self.sentences[i]  # whitespace between sentences belongs to the one before
        return None

    def sentence_of(self, token: Token) -> Sentence | None:
        return self.sentence_at(token.idx)

    def quote_at(self, offset: int) -> Quote | None:
        """The speech quote enclosing ``offset``, if the quotes stage found one."""
        i = bisect_right(self._quote_starts, offset) - 1
        if i >= 0 and self.quotes[i].start <= offset < self.quotes[i].end:
            return self.quotes[i]
        return None

    def quoted(self, token: Token) -> bool:
        return self.signals.quoted[token.i] or self.quote_at(token.idx) is not None

    def persons_before(self, offset: int, since: int) -> list[PersonMention]:
        """Person mentions starting in ``[since, offset)``, nearest last."""
        hi = bisect_right(self._person_starts, offset - 1)
        lo = bisect_right(self._person_starts, since - 1)
        return self.persons[lo:hi]

    def mentions_at(self, start: int, end: int) -> list[tuple[Mention, str]]:
        return self.book.index.within(self.id, start, end)

    def entity(self, entity_id: str | None) -> Entity | None:
        return None if entity_id is None else self.book.entities.get(entity_id)
