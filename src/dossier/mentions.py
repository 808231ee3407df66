"""Stage 3: named mentions from spaCy's entity recogniser, trimmed to the bare name.

A mention's text never carries a possessive (“Yerov’s” → “Yerov”) nor a leading article
(“the Central Committee” → “Central Committee”), so that the same name always has one spelling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .records import EntityType, Mention

if TYPE_CHECKING:
    from spacy.tokens import Span

    from .nlp import Parsed

__all__ = ["NER_LABELS", "extract_mentions", "trim_name"]

# spaCy (OntoNotes) label -> our ACE-style type. NORP (“Soviet”, “Bolsheviks”) is not an entity.
NER_LABELS: dict[str, EntityType] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
}
_POSSESSIVES = ("’s", "'s", "’", "'")
_LEADING_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_QUOTE_CHARS = "“”\"‘’«»„「」'"


def trim_name(text: str, start: int) -> tuple[int, int]:
    """Offsets (relative to the text's own start at ``start``) of the bare name inside an entity
    span: without leading articles, quotation marks, trailing possessive or punctuation."""
    begin, end = 0, len(text)
    while begin < end and (text[begin] in _QUOTE_CHARS or text[begin].isspace()):
        begin += 1
    words = text[begin:end].split(" ", 1)
    if len(words) == 2 and words[0].lower() in _LEADING_WORDS:
        begin += len(words[0]) + 1
    while end > begin and (text[end - 1] in _QUOTE_CHARS + ".,;:!?)" or text[end - 1].isspace()):
        if text[end - 1] in "’'" and end - 1 > begin and text[end - 2] in "sS":
            break  # “Ivanov’s” is handled below; a final apostrophe after s is a plural possessive
        end -= 1
    for suffix in _POSSESSIVES[:2]:
        if text[begin:end].endswith(suffix) and end - len(suffix) > begin:
            end -= len(suffix)
            break
    else:
        if text[begin:end].endswith(("s’", "s'")):
            end -= 1
    return start + begin, start + end


def _usable(span: Span, body_start: int) -> bool:
    if span.start_char < body_start:
        return False
    return any(token.text[:1].isupper() for token in span)


def extract_mentions(parsed: Parsed) -> list[Mention]:
    """Named mentions of PER, ORG, GPE, LOC and FAC in one parsed document, in text order."""
    document, doc = parsed.document, parsed.doc
    mentions: list[Mention] = []
    for span in doc.ents:
        label = NER_LABELS.get(span.label_)
        if label is None or not _usable(span, document.body_start):
            continue
        start, end = trim_name(span.text, span.start_char)
        text = document.text[start:end]
        if not text or not text[0].isupper():
            continue
        mentions.append(Mention(document.id, start, end, text, label))
    return mentions
