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

A tag whose subject is “he” or “she” may point at someone met only as a description: “A woman
servant came in … “Wake up, Tomas,” she said.” When nobody of that gender (named, described or a
pronoun) comes before the tag in its paragraph or the one before, the nearest person phrase with
“a”/“an” and a noun of that gender there (“a woman servant”) becomes the speaker's entity.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ..quotes.lexicon import gender_words, speech_verbs
from ..records import AliasEvidence, Gender, Mention
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
_PRONOUNS: dict[str, Gender] = {"he": "male", "she": "female"}
_SAME_GENDER: dict[Gender, frozenset[str]] = {
    "male": frozenset({"he", "him", "his", "himself"}),
    "female": frozenset({"she", "her", "hers", "herself"}),
}


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
    text: str,
) -> bool:
    """Whether the tag (verb and subject) touches a quotation: one that closes just before
    it, or one that opens just after it, with no line break between. ``text``: the
    document's (spaCy rebuilds ``doc.text`` token by token on every call)."""
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


def _reach(text: str, at: int) -> int:
    """Start of the paragraph before the one holding character ``at`` (paragraphs are split
    by line breaks)."""
    end = text.rfind("\n", 0, at)  # the line break before the paragraph, if any
    while end > 0 and text[end - 1].isspace():
        end -= 1  # back over the blank lines (never copying the text: this runs per tag)
    return text.rfind("\n", 0, end) + 1 if end > 0 else 0


def _noun_gender(token: Token, genders: Mapping[str, Gender]) -> Gender | None:
    """The gender a singular noun tells by itself or by a noun before it (“a woman servant”)."""
    if token.pos_ != "NOUN" or token.tag_ == "NNS":
        return None
    gender = genders.get(token.lemma_.lower())
    if gender is None:
        nouns = (c for c in token.children if c.dep_ == "compound" and c.i < token.i)
        gender = next((genders[c.lemma_.lower()] for c in nouns if c.lemma_.lower() in genders),
                      None)  # fmt: skip
    return gender


def _introduced(
    pronoun: Token,
    text: str,
    people: tuple[list[int], list[Gender | None]],
    spans: list[tuple[int, int]],
    starts: list[int],
    genders: Mapping[str, Gender],
) -> Token | None:
    """The head of “a”/“an” + a noun of the pronoun's gender that is the only person of that
    gender in reach before a speech tag's “he”/“she” (see the module docstring), or None.
    ``text``: the document's; ``people``: the sorted starts of the chapter's person mentions
    and their genders."""
    gender = _PRONOUNS[pronoun.lower_]
    doc = pronoun.doc
    begin = _reach(text, pronoun.idx)
    first, last = bisect_left(people[0], begin), bisect_left(people[0], pronoun.idx)
    if any(other in (None, gender) for other in people[1][first:last]):
        return None  # someone of that gender (or of none known) is in reach
    found: Token | None = None
    span = doc.char_span(begin, pronoun.idx, alignment_mode="expand")
    for token in doc[span.start if span is not None else pronoun.i : pronoun.i]:
        if in_spans(spans, starts, token.idx):
            continue
        if token.lower_ in _SAME_GENDER[gender] and token.pos_ == "PRON":
            if found is None:
                return None  # a pronoun before any such phrase: someone else's
            continue
        if token.dep_ != "compound" and _noun_gender(token, genders) == gender:
            if found is not None or _determiner(token) not in ("a", "an"):
                return None  # two of them, or one met before: not introduced here
            if any(c.dep_ in ("poss", "case") for c in token.children):
                return None
            found = token
    return found


def _by_pronoun(
    doc: Doc,
    noun: Token,
    doc_id: str,
    genders: Mapping[str, Gender],
    offset: int,
    sent_starts: list[int],
) -> Unnamed:
    """The person “a woman servant” whom a speech tag's pronoun reaches."""
    piece = doc[noun.left_edge.i : noun.i + 1]
    mention = Mention(doc_id, piece.start_char, piece.end_char, piece.text, "PER", "NOM", "rule")
    sentence = offset - len(sent_starts) + bisect_right(sent_starts, noun.i) - 1
    name = _name(piece.text)
    why = "unnamed person whom a speech tag's pronoun reaches"
    return Unnamed(
        name,
        _noun_gender(noun, genders),
        (mention,),
        AliasEvidence(name, why, 0.6, ("description", "speech tag", "pronoun")),
        sentences=(sentence,),
    )


def tagged_speakers(
    parsed: Sequence[Parsed],
    covered: Mapping[str, Sequence[tuple[int, int]]],
    known_words: frozenset[str],
    genders_at: Mapping[str, Sequence[tuple[int, Gender | None]]] | None = None,
) -> list[Unnamed]:
    """Described people who speak (see the module docstring). ``covered`` holds, per
    document, the sorted ``(start, end)`` of mentions already given to someone;
    ``known_words`` the lower-cased words of named people's names; ``genders_at``, per
    document, the sorted ``(start, gender)`` of people's mentions (none: no pronoun tags)."""
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
        at_doc = (genders_at or {}).get(document.id, ())
        people = ([s for s, _ in at_doc], [g for _, g in at_doc])
        introduced: set[int] = set()  # heads already made speakers through a pronoun
        for verb in doc:
            if verb.pos_ not in ("VERB", "AUX") or verb.idx < document.body_start:
                continue
            if verbs.lemma_of(verb.lemma_.lower(), verb.lower_) is None:
                continue
            head = _subject(verb, spans, opens)
            if (
                genders_at is not None
                and head is not None
                and head.lower_ in _PRONOUNS
                and _beside_quote(verb, head, spans, opens, ends, document.text)
            ):
                noun = _introduced(head, document.text, people, spans, opens, genders)
                if noun is not None and noun.i not in introduced:
                    at = bisect_right(starts, noun.idx) - 1
                    if at < 0 or taken[at][1] <= noun.idx:
                        introduced.add(noun.i)
                        found.append(_by_pronoun(doc, noun, document.id, genders, offset,
                                                 sent_starts))  # fmt: skip
                continue
            if (
                head is None
                or not _described(head)
                or not _beside_quote(verb, head, spans, opens, ends, document.text)
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
