"""Token-level helpers shared by the mentions stage and the names scan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.strings import get_string_id

from .lexicon import lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = [
    "POSSESSIVE_MARKS",
    "capitalised_tokens",
    "degree_letters",
    "nominal_head",
    "opens_quotation",
    "possessor_start",
    "possessor_within",
    "sentence_starts",
    "title_start",
    "tokens_among",
    "word_counts",
]

POSSESSIVE_MARKS = frozenset({"’s", "'s", "’", "'"})
# academic degrees written after a name (“Rev. A. Jones, M. A. Cantab.”): letters, no name
_DEGREES = frozenset(
    {"ma", "ba", "md", "dd", "lld", "phd", "bd", "dcl", "frs", "mp", "qc", "kc", "mb", "bcl", "jp",
     "dlitt", "litt", "msc", "bsc"}
)  # fmt: skip
_OPENING_QUOTES = frozenset("\"“‘'")


def tokens_among(doc: Doc, words: Iterable[str], attr: str = "LOWER") -> list[int]:
    """Indices of the tokens whose ``attr`` (LOWER, LEMMA, ORTH) is one of ``words`` — found
    by array, so that a whole book is not walked token by token in Python."""
    import numpy

    if not len(doc):
        return []
    wanted = numpy.array([get_string_id(w) for w in words], dtype="uint64")
    values = doc.to_array(attr)
    return [int(i) for i in numpy.flatnonzero(numpy.isin(values, wanted))]


def capitalised_tokens(doc: Doc, start: int = 0) -> list[int]:
    """Indices of the tokens from character ``start`` on that begin with a capital letter."""
    import numpy

    if not len(doc):
        return []
    orths = doc.to_array("ORTH")
    unique = numpy.unique(orths)
    strings = doc.vocab.strings
    upper = numpy.array([h for h in unique.tolist() if strings[h][:1].isupper()], dtype="uint64")
    at = numpy.flatnonzero(numpy.isin(orths, upper) & (doc.to_array("IDX") >= start))
    return [int(i) for i in at]


def sentence_starts(doc: Doc) -> list[int]:
    """Index of the first token of every sentence."""
    import numpy

    if not len(doc):
        return [0]
    starts = numpy.flatnonzero(doc.to_array("SENT_START").astype("int64") == 1).tolist()
    return starts if starts and starts[0] == 0 else [0, *starts]


def word_counts(doc: Doc) -> Counter[str]:
    """How often each lowercase alphabetic word occurs (“time”, “rose”)."""
    import numpy

    counts: Counter[str] = Counter()
    if not len(doc):
        return counts
    from spacy.attrs import IS_ALPHA, IS_LOWER, ORTH

    table = doc.to_array([ORTH, IS_ALPHA, IS_LOWER])
    rows = table[(table[:, 1] == 1) & (table[:, 2] == 1), 0]
    values, numbers = numpy.unique(rows, return_counts=True)
    strings = doc.vocab.strings
    for value, number in zip(values.tolist(), numbers.tolist(), strict=True):
        counts[strings[value]] += number
    return counts


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


def possessor_within(token: Token, last: int) -> bool:
    """Whether a noun is a possessor within a phrase ending before ``last`` (“the child | ’s
    nurse”)."""
    following = token.doc[token.i + 1 : last]
    return len(following) > 1 and following[0].text in POSSESSIVE_MARKS


def possessor_start(doc: Doc, i: int) -> int | None:
    """Start of a proper-name possessor just before token ``i`` (“Zotov’s | mother-in-law”),
    read from the words, since the parser sometimes attaches such a name elsewhere."""
    if i < 2 or doc[i - 1].text not in POSSESSIVE_MARKS or doc[i - 2].pos_ != "PROPN":
        return None
    j = i - 2
    while j > 0 and doc[j - 1].pos_ == "PROPN" and not doc[j - 1].is_sent_end:
        j -= 1
    return j


def degree_letters(doc: Doc, first: int, last: int) -> bool:
    """Letters of a degree after a name and a comma (“Edwin Marsh, M. A. Cantab.”)."""
    if first < 2 or doc[first - 1].text != "," or not doc[first - 2].text[:1].isupper():
        return False
    letters = ""
    for token in doc[first:last]:
        if not token.text.endswith("."):
            break
        letters += token.text.replace(".", "").lower()
    return letters in _DEGREES


def opens_quotation(text: str, at: int) -> bool:
    """Whether the word at ``at`` of ``text`` (the document's: spaCy rebuilds ``doc.text``
    token by token on every call) is the first after an opening quotation mark (“Reckon
    so,” / ‘Lor, what a day’): a mark right before it, and no word just before the mark (“the
    ‘Sparrow’” is a nickname)."""
    if at == 0 or text[at - 1] not in _OPENING_QUOTES:
        return False
    before = text[max(0, at - 41) : at - 1].rstrip()
    return not before or not before[-1].isalnum()
