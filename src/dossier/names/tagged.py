"""Described speakers: the subject of a speech tag beside a quotation that is a description,
not a name (“…,” said the auctioneer; a young wife said, “…”; “…,” cried a voice; “…,”
said another).

Such a person speaks, so the dossier needs someone to attribute the words to. Precision
first: only the subject of a speech verb right beside a quotation, singular, with an article
(or a word such as “another”, “one”, “somebody” that stands for a person by itself), and not
already a mention of someone. A definite one (“the auctioneer”) is left to the quotes stage
when it may well mean someone known: a gendered noun (“the old man”, resolved like a
pronoun) or a word of a known person's name (“the parson” of Parson Tringham). Within a
chapter, a definite description continues an earlier one with the same head noun (“the old sailor”
never continues “a young sailor”).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ..quotes.lexicon import gender_words, speech_verbs
from ..records import AliasEvidence, Mention
from .lexicon import lexicon
from .quoted import in_spans, quote_spans
from .spans import sentence_starts
from .unnamed import Unnamed, contradicts

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..nlp import Parsed

__all__ = ["tagged_speakers"]

_GAP = 30  # characters at most between a quotation and its tag
_DEFINITE = frozenset({"the", "this", "that"})
_ARTICLES = _DEFINITE | frozenset({"a", "an", "another"})
# words that stand for a person by themselves in a speech tag (“said another”)
_PERSON_WORDS = frozenset({"another", "one", "other", "somebody", "someone"})
# things that “say” in print, not people
_THINGS = frozenset(
    {"letter", "note", "paper", "sign", "notice", "card", "message", "telegram", "word", "thing",
     "book", "newspaper", "page", "inscription", "label", "clock", "bell", "report", "answer",
     "reply", "whisper", "murmur", "order", "paragraph", "chapter", "poster", "computer"}
)  # fmt: skip
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ess", "ant")


@cache
def _speaker_nouns() -> frozenset[str]:
    path = resources.files("dossier").joinpath("data", "names_speaker_nouns.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _person_noun(lemma: str) -> bool:
    """Whether a noun names a person (or a speaking animal): the lexicons, else an agent's
    ending (“auctioneer”, “undertaker”, “visitor”, “novelist”)."""
    if lemma in _THINGS:
        return False
    known = lemma in lexicon().person_nouns or lemma in _speaker_nouns()
    return known or (len(lemma) > 4 and lemma.endswith(_AGENT_ENDINGS))


def _beside_quote(
    verb: Token,
    subject: Token,
    spans: Sequence[tuple[int, int]],
    opens: Sequence[int],
    ends: Sequence[int],
) -> bool:
    """Whether the tag (verb and subject) touches a quotation: one that closes just before
    it, or one that opens just after it, with no line break between."""
    text = verb.doc.text
    first = min(verb.idx, subject.left_edge.idx)
    last = max(verb.idx + len(verb), subject.idx + len(subject))
    at = bisect_right(ends, first) - 1
    if at >= 0 and first - ends[at] <= _GAP and "\n" not in text[ends[at] : first]:
        return True
    nxt = bisect_left(opens, last)
    if nxt < len(spans):
        start = spans[nxt][0]
        return start - last <= _GAP and "\n" not in text[last:start]
    return False


def _subject(verb: Token, spans: list[tuple[int, int]], starts: list[int]) -> Token | None:
    """The speaker of a speech verb: its subject outside the quotations, or the object the
    parser makes of an inverted tag's subject (“…,” said a voice)."""
    outside = [c for c in verb.children if not in_spans(spans, starts, c.idx)]
    for child in outside:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    after = [c for c in outside if c.i > verb.i and c.dep_ in ("dobj", "npadvmod", "appos")]
    return after[0] if after else None


def _determiner(head: Token) -> str:
    return next((c.lower_ for c in head.children if c.dep_ == "det"), "")


def _described(head: Token) -> bool:
    """Whether a subject is a singular description of a person (see the module docstring)."""
    if head.lower_ in _PERSON_WORDS:
        # “said one”, “the other”; never “no one”, “each one” or “his other”
        owned = any(c.dep_ == "poss" for c in head.children)
        return not owned and _determiner(head) in ("", *_DEFINITE)
    if head.pos_ != "NOUN" or head.tag_ == "NNS" or not _person_noun(head.lemma_.lower()):
        return False
    if any(c.dep_ in ("poss", "case") for c in head.children):
        return False  # “his sister” is the quotes stage's; “a girl's voice” is the girl's
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
        if any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in prep.children):
            return False  # “the voice of John Reed” is John Reed's
    return _determiner(head) in _ARTICLES


def _span(doc: Doc, verb: Token, head: Token) -> tuple[int, int]:
    """Token range of the description: its article and modifiers up to the head (“a young
    wife”), or “one of the colts”; never reaching back over the verb."""
    first = head.left_edge.i
    if verb.i < head.i:
        first = max(first, verb.i + 1)
    while first < head.i and doc[first].is_punct:
        first += 1
    last = head.i + 1
    of = [c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"]
    if head.lower_ in _PERSON_WORDS and of:
        last = of[0].right_edge.i + 1
    return first, last


def _name(text: str) -> str:
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if rest and first.lower() in _ARTICLES else text


def tagged_speakers(
    parsed: Sequence[Parsed],
    covered: Mapping[str, Sequence[tuple[int, int]]],
    known_words: frozenset[str],
) -> list[Unnamed]:
    """Described people who speak (see the module docstring). ``covered`` holds, per
    document, the sorted ``(start, end)`` of mentions already given to someone;
    ``known_words`` the lower-cased words of named people's names."""
    verbs, genders = speech_verbs(), gender_words()
    found: list[Unnamed] = []
    offset = 0  # book-wide number of the chapter's first sentence, as the scan counts them
    for item in parsed:
        document, doc = item.document, item.doc
        sent_starts = sentence_starts(doc)
        offset += len(sent_starts)
        spans = quote_spans(document.text, document.body_start)
        if not spans:
            continue
        ends = [e for _, e in spans]
        opens = [s for s, _ in spans]
        taken = covered.get(document.id, ())
        starts = [s for s, _ in taken]
        runs: dict[str, int] = {}  # head lemma -> index in found, within this chapter
        for verb in doc:
            if verb.pos_ not in ("VERB", "AUX") or verb.idx < document.body_start:
                continue
            if verbs.lemma_of(verb.lemma_.lower(), verb.lower_) is None:
                continue
            head = _subject(verb, spans, opens)
            if (
                head is None
                or not _described(head)
                or not _beside_quote(verb, head, spans, opens, ends)
            ):
                continue
            at = bisect_right(starts, head.idx) - 1
            if at >= 0 and taken[at][1] > head.idx:
                continue  # already someone's mention
            lemma = head.lemma_.lower() if head.pos_ == "NOUN" else head.lower_
            determiner = _determiner(head)
            definite = determiner in _DEFINITE
            if definite and head.pos_ == "NOUN" and (lemma in genders or lemma in known_words):
                continue  # “said the old man”, “said the parson”: someone known, likely
            first, last = _span(doc, verb, head)
            piece = doc[first:last]
            mention = Mention(document.id, piece.start_char, piece.end_char, piece.text, "PER",
                              "NOM", "rule")  # fmt: skip
            sentence = offset - len(sent_starts) + bisect_right(sent_starts, head.i) - 1
            if definite and lemma in runs and not contradicts(found[runs[lemma]].name, piece.text):
                old = found[runs[lemma]]
                found[runs[lemma]] = Unnamed(
                    old.name, old.gender, (*old.mentions, mention), old.evidence,
                    sentences=(*old.sentences, sentence),
                )  # fmt: skip
                continue
            name = _name(piece.text)
            runs[lemma] = len(found)
            why = "unnamed person who speaks in a speech tag"
            found.append(
                Unnamed(
                    name,
                    genders.get(lemma),
                    (mention,),
                    AliasEvidence(name, why, 0.7, ("description", "speech tag")),
                    sentences=(sentence,),
                )
            )
    return found
