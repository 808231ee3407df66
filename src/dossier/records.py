"""The records every stage produces: frozen dataclasses that point into the text by offsets.

A document's ``text`` is the single source of truth; every other record names its document by
``doc`` (the document id) and a half-open character range ``[start, end)`` into that text
(Python ``str`` indices). Records are plain data: they pickle, so a Dask worker can return a
whole :class:`Analysis`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "ENTITY_TYPES",
    "AliasEvidence",
    "Analysis",
    "Document",
    "Entity",
    "EntityType",
    "Event",
    "Gender",
    "Mention",
    "MentionKind",
    "Modality",
    "Paragraph",
    "Quote",
    "Relation",
    "Sentence",
    "TimeExpr",
]

EntityType = Literal["PER", "ORG", "GPE", "LOC", "FAC", "VEH"]
ENTITY_TYPES: tuple[EntityType, ...] = ("PER", "ORG", "GPE", "LOC", "FAC", "VEH")
Gender = Literal["male", "female"]
MentionKind = Literal["PROP", "NOM", "PRON"]
Modality = Literal["realis", "negated", "hypothetical", "reported"]


@dataclass(frozen=True, slots=True)
class Document:
    """One chapter (or one file) of a book, with its text exactly as analysed.

    ``body_start`` is the offset where the chapter body begins: a recognised heading line
    (``Secret History of Stalin’s Purge (52)``) lies before it and is never mined for names.
    """

    id: str
    path: str
    title: str
    text: str
    chapter: int | None = None
    order: int = 0
    body_start: int = 0


@dataclass(frozen=True, slots=True)
class Paragraph:
    doc: str
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    doc: str
    index: int
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A span that refers to an entity.

    ``kind``: PROP for a name (“Pavel Ivanov”), NOM for a description (“the doorman”),
    PRON for a pronoun. ``source`` says what found it (``ner``, ``lexicon`` for a known name the
    statistical NER missed, ``rule`` for descriptions and pronouns).
    """

    doc: str
    start: int
    end: int
    text: str
    label: EntityType
    kind: MentionKind = "PROP"
    source: str = "ner"


@dataclass(frozen=True, slots=True)
class AliasEvidence:
    """Why one alias joined its entity: the features that fired and the score they gave.

    ``corrected`` is the alias with every spelling-variant word written as the book writes
    the word it varies (“Rarov” → “Zharov”, “Comrade Rarov” → “Comrade Zharov”): what the
    corrected edition puts in its place. None when the alias is already spelled right."""

    alias: str
    reason: str
    score: float = 1.0
    features: tuple[str, ...] = ()
    corrected: str | None = None  # the alias with each variant word respelled; None if correct


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, place, organisation, facility or vehicle, with every mention of it.

    ``aliases`` are the distinct surface names (PROP mentions, without possessive ’s);
    ``evidence`` explains each alias. An unnamed person (``description=True``) is named by
    its description (“the doorman”). ``narrator`` marks the first-person narrator.
    """

    id: str
    name: str
    type: EntityType
    gender: Gender | None = None
    narrator: bool = False
    description: bool = False
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    evidence: tuple[AliasEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation. ``kind`` is ``speech`` for direct speech, ``scare`` for scare quotes and
    titles (which never get a speaker). ``method``: explicit, anaphoric, implicit, narrator,
    or None when unattributed. ``start``/``end`` include the quotation marks."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    kind: Literal["speech", "scare"] = "speech"
    speaker: str | None = None
    addressee: str | None = None
    method: str | None = None
    confidence: float = 0.0
    speaker_start: int | None = None  # the words of the tag naming the speaker (“said he”)
    speaker_end: int | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """``head`` —relation→ ``tail`` (entity ids). ``parent``: head is parent of tail.
    ``detail`` holds the title of a ``role`` (“secretary”)."""

    head: str
    relation: str
    tail: str
    doc: str
    start: int
    end: int
    detail: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression; ``value`` is an ISO 8601 prefix (“1937”, “1937-10”) or None."""

    doc: str
    start: int
    end: int
    text: str
    value: str | None = None
    precision: str | None = None
    relative: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    doc: str
    start: int
    end: int
    agent: str | None = None
    patient: str | None = None
    place: str | None = None
    date: str | None = None
    modality: Modality = "realis"
    trigger: str = ""


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything Dossier found in one book: plain data, ready to store or to ship."""

    documents: tuple[Document, ...]
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    relations: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    tokens: int = 0
    model: str = ""
    stats: dict[str, float] = field(default_factory=dict)
