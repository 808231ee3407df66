"""Token-level helpers shared by the mentions stage and the names scan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["POSSESSIVE_MARKS", "nominal_head", "possessor_start", "title_start"]

POSSESSIVE_MARKS = frozenset({"’s", "'s", "’", "'"})


def title_start(doc: Doc, i: int) -> int:
    """Index of the first of the capitalised titles directly before token ``i`` (or ``i``)."""
    titles = lexicon().titles
    while i > 0:
        token = doc[i - 1]
        if token.text[:1].isupper() and token.text.rstrip(".").casefold() in titles:
            i -= 1
        else:
            break
    return i


def nominal_head(token: Token) -> str | None:
    """The person noun a token heads (``mother-in-law`` from “mother - in - law”), or None."""
    nouns = lexicon().person_nouns
    if token.pos_ != "NOUN":
        return None
    lemma = token.lemma_.lower()
    doc = token.doc
    if doc[token.i + 1 : token.i + 5].text.replace(" ", "") == "-in-law":
        lemma += "-in-law"
    return lemma if lemma in nouns else None


def possessor_start(doc: Doc, i: int) -> int | None:
    """Start of a proper-name possessor just before token ``i`` (“Ivanov’s | mother-in-law”),
    read from the words, since the parser sometimes attaches such a name elsewhere."""
    if i < 2 or doc[i - 1].text not in POSSESSIVE_MARKS or doc[i - 2].pos_ != "PROPN":
        return None
    j = i - 2
    while j > 0 and doc[j - 1].pos_ == "PROPN" and not doc[j - 1].is_sent_end:
        j -= 1
    return j
