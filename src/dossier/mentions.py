"""Stage 3: mentions in one parsed document — names, person descriptions, first-person pronouns.

- **Names** (PROP) come from spaCy's entity recogniser, trimmed to the bare name: no possessive
  (“Rarov’s” → “Rarov”), no leading article or adverb (“Once Kasyanov” → “Kasyanov”), and with
  a title that directly precedes the name (“Comrade Dobrynin”), since titles tell gender and rank.
  Names the recogniser missed are found by the names stage, once the whole book is known.
- **Descriptions** (NOM) are noun phrases headed by a person noun (“the porter”, “a guard”,
  “Zotov’s two sons”, “the head of the department”): candidates only; the names
  stage keeps those that act and are never named.
- **First-person pronouns** (PRON) outside quotations: the narrator's, if the book has one.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from .names.forms import EPITHETS, PARTICLES
from .names.lexicon import lexicon
from .names.quoted import in_spans, quote_spans
from .names.spans import nominal_head, possessor_start, title_start, tokens_among
from .records import EntityType, Mention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .nlp import Parsed

__all__ = [
    "FIRST_PERSON",
    "NER_LABELS",
    "extract_mentions",
    "trim_name",
]

# spaCy (OntoNotes) label -> our ACE-style type. NORP (“French”, “Cossacks”) is not an entity.
NER_LABELS: dict[str, EntityType] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
}
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine"})
_POSSESSIVES = ("’s", "'s", "’", "'")
_LEADING_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_QUOTE_CHARS = "“”\"‘’«»„「」'"
# Parts of speech that never open a name: “Once Kasyanov”, “Then Rarov”, “And Arkady”.
_NOT_NAME_POS = frozenset(
    {"ADV", "ADP", "AUX", "CCONJ", "SCONJ", "DET", "PRON", "PART", "INTJ", "PUNCT", "VERB"}
)
# Left dependents that belong to a description: “the old porter”, “Zotov’s two sons”.
_NP_LEFT = frozenset({"det", "poss", "nummod", "amod", "compound", "predet", "quantmod"})
# Role nouns whose “of” complement is part of the description (“the head of the department”).
_OF_ROLES = frozenset({"role"})
_MAX_OF_TOKENS = 8

_STRAY = re.compile(r"[!?;:,“”\"()\[\]—–]|--")


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
            break  # “Zotov’s” is handled below; a final apostrophe after s is a plural possessive
        initial = text[end - 1] == "." and end - begin >= 2 and text[end - 2].isupper()
        if initial and (end - begin == 2 or not text[end - 3].isalpha()):
            break  # an initial keeps its dot: “I. N.”
        end -= 1
    for suffix in _POSSESSIVES[:2]:
        if text[begin:end].endswith(suffix) and end - len(suffix) > begin:
            end -= len(suffix)
            break
    else:
        if text[begin:end].endswith(("s’", "s'")):
            end -= 1
    return start + begin, start + end


def _is_title(token: Token) -> bool:
    return token.text[:1].isupper() and token.text.rstrip(".").casefold() in lexicon().titles


def _breaks(token: Token) -> bool:
    """Whether a token inside an entity span separates two names (“Knightley!--No”, “Frank to
    Emma”, “Mary and Kitty”) rather than belonging to one (“Saint-Michel”, “I. N.”, “Bank of
    England”)."""
    text = token.text
    if token.is_punct or token.pos_ == "PART":
        if text in ("-", "’", "'") and not token.whitespace_:
            previous = token.doc[token.i - 1] if token.i > 0 else None
            return previous is None or bool(previous.whitespace_)
        return not (text.endswith(".") and len(text) > 1)
    if text == "and" or text == "&":
        # “Mary and Kitty”, “Godalming and Seward” (even labelled ORG) are two names; the
        # rare organisation with “and” in its name is the price
        return True
    if text[:1].islower():
        return text not in PARTICLES
    return False


def _name_spans(span: Span, body_start: int) -> list[tuple[int, int]]:
    """Token ranges of the bare names inside an entity span, each with a preceding title."""
    doc = span.doc
    person = span.label_ == "PERSON"
    pieces: list[tuple[int, int]] = []
    first = span.start
    for i in range(span.start, span.end + 1):
        if i == span.end or _breaks(doc[i]):
            if i > first:
                pieces.append((first, i))
            first = i + 1
        elif i > first and _is_title(doc[i]) and not _is_title(doc[i - 1]):
            pieces.append((first, i))  # “Miss Woodhouse Miss Taylor” names two people
            first = i
    names = []
    titles = lexicon().titles
    for first, last in pieces:
        while (
            first < last
            and doc[first].pos_ != "PROPN"
            and (
                doc[first].pos_ in _NOT_NAME_POS
                or (person and doc[first].pos_ == "ADJ" and first < last - 1)
                or not doc[first].text[:1].isupper()
            )
        ):
            first += 1
        while first < last - 1 and doc[first].lower_ in EPITHETS:
            first += 1  # “Dear Emma”, “Poor Perry”, “Little Emma”
        # “Poor Mr. Woodhouse”: what comes before a title is no part of the name
        inner = [i for i in range(first + 1, last - 1) if _is_title(doc[i])]
        if inner and not _is_title(doc[first]):
            first = inner[0]
        if first >= last or not any(t.text[:1].isupper() for t in doc[first:last]):
            continue
        if first > 0 and doc[first - 1].text in ("St.", "St", "Saint"):
            first -= 1  # “St. Clair” when the recogniser kept only “Clair”
        first = title_start(doc, first)
        if doc[first].idx < body_start:
            continue
        if all(t.text.rstrip(".").casefold() in titles for t in doc[first:last]):
            continue  # a title alone (“the Emperor”, “General”) names nobody in particular
        names.append((first, last))
    return names


def _names(parsed: Parsed) -> list[Mention]:
    document, doc = parsed.document, parsed.doc
    found: list[Mention] = []
    for span in doc.ents:
        label = NER_LABELS.get(span.label_)
        if label is None or span.end_char <= document.body_start:
            continue
        for first, last in _name_spans(span, document.body_start):
            piece = doc[first:last]
            start, end = trim_name(piece.text, piece.start_char)
            cut = _STRAY.search(document.text, start, end)
            if cut is not None:  # “Weston?--To” can be one token
                start, end = trim_name(document.text[start : cut.start()], start)
            text = document.text[start:end]
            if text and text[0].isupper() and "\n" not in text:
                found.append(Mention(document.id, start, end, text, label))
    return found


def _description_bounds(token: Token, lemma: str) -> tuple[int, int]:
    """Token range of the description headed by ``token``."""
    doc = token.doc
    first = token.i
    for child in token.lefts:
        if child.dep_ in _NP_LEFT:
            first = min(first, child.left_edge.i)
    owner = possessor_start(doc, first)
    if owner is not None:
        first = owner
    last = token.i + (5 if lemma.endswith("-in-law") else 1)
    kind = lexicon().person_nouns[lemma][1]
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            # “the head of the department” is one description; “the wife of Zotov” names
            # her husband; “a friend of mine” or “the son of a miller” stay short
            if kind in _OF_ROLES or (objects and objects[0].pos_ == "PROPN"):
                end = child.right_edge.i + 1
                words = doc[child.i : end]
                if end - child.i <= _MAX_OF_TOKENS and not any(
                    t.pos_ in ("VERB", "AUX", "PRON") or (t.is_punct and t.text != "-")
                    for t in words
                ):
                    last = max(last, end)
            break
    # never across a quotation mark or a line break
    while first < token.i and any(c in doc[first].text for c in _QUOTE_CHARS + "\n"):
        first += 1
    return first, last


@cache
def _PERSON_NOUN_LEMMAS() -> frozenset[str]:
    """Lemmas that may head a description: the person nouns (“mother” of “mother-in-law”)."""
    return frozenset(noun.split("-")[0] for noun in lexicon().person_nouns)


def _descriptions(parsed: Parsed) -> list[Mention]:
    document, doc = parsed.document, parsed.doc
    found: list[Mention] = []
    for i in tokens_among(doc, _PERSON_NOUN_LEMMAS(), "LEMMA"):
        token = doc[i]
        if token.idx < document.body_start:
            continue
        lemma = nominal_head(token)
        if lemma is None:
            continue
        first, last = _description_bounds(token, lemma)
        piece = doc[first:last]
        start, end = piece.start_char, piece.end_char
        if start < document.body_start or "\n" in piece.text:
            continue
        found.append(Mention(document.id, start, end, piece.text, "PER", "NOM", "rule"))
    return found


def _first_person(parsed: Parsed, quotes: list[tuple[int, int]]) -> list[Mention]:
    document, doc = parsed.document, parsed.doc
    starts = [s for s, _ in quotes]
    found: list[Mention] = []
    for i in tokens_among(doc, FIRST_PERSON):
        token = doc[i]
        if token.idx < document.body_start:
            continue
        if token.pos_ != "PRON" or (token.lower_ == "i" and token.text != "I"):
            continue
        if in_spans(quotes, starts, token.idx):
            continue
        found.append(
            Mention(document.id, token.idx, token.idx + len(token), token.text, "PER", "PRON",
                    "rule")
        )  # fmt: skip
    return found


def extract_mentions(parsed: Parsed) -> list[Mention]:
    """Names, description candidates and narrator pronouns of one document, in text order."""
    quotes = quote_spans(parsed.document.text, parsed.document.body_start)
    mentions = _names(parsed) + _descriptions(parsed) + _first_person(parsed, quotes)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions
