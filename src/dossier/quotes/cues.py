"""Speech tags: the speech verb beside a quotation, its subject, and who that subject is.

A cue is looked for in the narration of the quotation's own paragraph: the sentence just before
it (up to the previous quotation) and the sentence just after it (up to the next one), so a tag
between two pieces of one utterance serves both. “said X” inversions, subjects shared through
coordination (“came up to him and told him”) and relative clauses are followed in the parse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Paragraph
from .context import PRONOUN_GENDER, DocContext
from .detect import QuoteSpan
from .lexicon import speech_verbs

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "Cue",
    "Speaker",
    "beat_speaker",
    "find_cue",
    "person_of",
    "speaker_of",
    "trailing_cue",
]

# How far after a quotation a tag may reach, in tokens.
AFTER_TOKENS = 40
_RELATIVE = frozenset({"who", "that", "which"})
_STOPS = frozenset({".", "!", "?", ";"})
_NOUNISH = frozenset({"PROPN", "PRON", "NOUN"})
_OBJECT_CASE = frozenset({"him", "her", "me", "us", "them", "whom"})


@dataclass(frozen=True, slots=True)
class Cue:
    """A speech verb (token index) and its subject (token index, or None)."""

    verb: int
    subject: int | None
    after: bool
    adjacent: bool


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a cue names; ``entity`` None with a method None: a cue whose subject is nobody we
    know (“they said”, an unnamed crowd)."""

    entity: str | None
    method: str | None
    confidence: float


NOBODY = Speaker(None, None, 0.0)


def _speech_verb(token: Token) -> str | None:
    if token.pos_ != "VERB":
        return None
    return speech_verbs().lemma_of(token.lemma_.lower(), token.lower_)


def _subject(ctx: DocContext, verb: Token) -> Token | None:
    """The verb's subject, through conj/xcomp heads, else the noun right after it (inversion)."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ == "nsubj" and not ctx.in_quote(child.idx):
                return child
        if current.dep_ not in ("conj", "xcomp") or current.head.pos_ not in ("VERB", "AUX"):
            break
        current = current.head
    for k in range(verb.i + 1, min(verb.i + 4, len(ctx.doc))):
        token = ctx.doc[k]
        if token.is_punct or ctx.in_quote(token.idx):
            break
        # “…,” went on Syme: the parser hangs the speaker on the particle
        went_on = token.dep_ == "pobj" and k == verb.i + 2 and ctx.doc[k - 1].lower_ == "on"
        if token.pos_ in _NOUNISH and (token.dep_ not in ("pobj", "poss") or went_on):
            while token.dep_ in ("compound", "flat", "det", "amod", "poss") and token.head.i > k:
                token = token.head
            return token
    return None


def _closes_quote(ctx: DocContext, i: int) -> bool:
    """Whether token ``i`` is the closing mark of a speech quotation (or a comma after one)."""
    token = ctx.doc[i]
    if token.text == "," and i > 0:
        token = ctx.doc[i - 1]
    return token.is_quote and ctx.in_quote(token.idx)


def _reported(ctx: DocContext, verb: Token, paragraph: Paragraph) -> bool:
    """Indirect speech (“told Ivanov that…”, “said nothing”): a clause or object after the
    verb, outside the quotation, in the same paragraph (parses run across paragraph breaks,
    and a clause before a tag is often hung on it), that is not a person."""
    for child in verb.rights:
        if child.dep_ not in ("ccomp", "dobj") or ctx.in_quote(child.idx):
            continue
        if not paragraph.start <= child.idx < paragraph.end:
            continue
        if child.dep_ == "dobj" and (child.pos_ in ("PRON", "PROPN") or ctx.entity_of(child)):
            continue
        # “…?” cried his wife: right after the quotation, the parser's object is the subject
        if child.dep_ == "dobj" and verb.i > 0 and _closes_quote(ctx, verb.i - 1):
            continue
        return True
    return False


def find_cue(
    ctx: DocContext, span: QuoteSpan, paragraph: Paragraph, prev_end: int, next_start: int
) -> Cue | None:
    """The speech tag of ``span``: right after it, right before it, else the nearest strong
    speech verb in the sentences beside it. ``prev_end``/``next_start`` bound the narration
    around it (the neighbouring quotations of the same paragraph)."""
    doc = ctx.doc
    first, last = ctx.token_at(span.start), ctx.token_at(span.end)
    low = ctx.token_at(max(prev_end, paragraph.start))
    begin = max(low, ctx.sentence(first - 1)[0]) if first > low else first
    high = ctx.token_at(min(next_start, paragraph.end))
    stop = min(high, ctx.sentence(last)[1], last + AFTER_TOKENS) if last < high else last
    verbs = speech_verbs()
    best: tuple[tuple[int, int], Cue] | None = None
    for i in (*range(begin, first), *range(last, stop)):
        token = doc[i]
        lemma = _speech_verb(token)
        if lemma is None or ctx.in_quote(token.idx) or _reported(ctx, token, paragraph):
            continue
        subject = _subject(ctx, token)
        after = i >= last
        if after:
            clause = min(i, subject.left_edge.i) if subject is not None else i
            adjacent = all(doc[k].is_punct for k in range(last, clause))
        else:
            edge = max(token.right_edge.i, i)
            adjacent = all(doc[k].is_punct for k in range(edge + 1, first))
            # “Ah,” said she, repressing Lucy. “What I mean,” he went on: the tag of the
            # quotation before, ended by a full stop, is no tag of this one
            if adjacent and prev_end > paragraph.start:
                adjacent = not any(doc[k].text in _STOPS for k in range(i + 1, first))
        strong = verbs.is_strong(lemma)
        if not adjacent and not strong:
            continue
        # a tag right after the quotation beats one right before, a speech verb a gesture
        # (“smiled”), and either beats a verb further off; the tag that interrupts an
        # utterance (“…,” said Tuppence, “…”) belongs to the piece after it as well
        if adjacent and (after or span.joined):
            rank = 0 if strong else 2
        elif adjacent:
            rank = 1 if strong else 3
        else:
            rank = 4
        distance = i - last if after else first - i
        if subject is not None and (best is None or (rank, distance) < best[0]):
            best = ((rank, distance), Cue(i, subject.i, after, adjacent))
    return best[1] if best else None


def trailing_cue(ctx: DocContext, paragraph: Paragraph) -> Cue | None:
    """A tag closing a narration paragraph that introduces the next one's quotation
    (“An interrogator later said to me.” / “He said:”): a strong speech verb, last in its
    paragraph, with a subject in the nominative."""
    first, last = ctx.paragraph_tokens(paragraph)
    if last <= first:
        return None
    begin = max(first, ctx.sentence(last - 1)[0])
    colon = ctx.text[paragraph.end - 1] == ":"  # paragraphs carry no trailing whitespace
    end = last - 1
    while end > begin and ctx.doc[end].is_punct:
        end -= 1
    verbs = speech_verbs()
    for i in range(end, begin - 1, -1):
        token = ctx.doc[i]
        lemma = _speech_verb(token)
        if lemma is None or not verbs.is_strong(lemma):
            continue
        if not colon and (_reported(ctx, token, paragraph) or token.right_edge.i < end):
            continue
        subject = _subject(ctx, token)
        if subject is not None and subject.lower_ not in _OBJECT_CASE:
            return Cue(i, subject.i, False, True)
    return None


def person_of(ctx: DocContext, token: Token, exclude: frozenset[str] = frozenset()) -> Speaker:
    """Who a noun phrase head or pronoun stands for."""
    low = token.lower_.rstrip(".")  # “said I.” comes out as one token
    if low in ("i", "me", "my", "myself"):
        narrator = ctx.book.narrator
        return Speaker(narrator, "narrator", 0.9) if narrator else NOBODY
    gender = PRONOUN_GENDER.get(low)
    if gender is not None:
        entity = ctx.resolve_pronoun(token.idx, gender, exclude)
        return Speaker(entity, "anaphoric", 0.75) if entity else NOBODY
    entity = ctx.entity_of(token)
    if token.pos_ == "PRON":
        # “said another”: a person only when the names stage made one of it
        return Speaker(entity, "explicit", 0.9) if entity and entity not in exclude else NOBODY
    if entity is None and token.pos_ == "NOUN":
        # “replied the poet Syme”: the name in apposition to the noun
        named = [c for c in token.rights if c.dep_ in ("appos", "flat") and c.pos_ == "PROPN"]
        entity = ctx.entity_of(named[0]) if named else None
    if entity is None and token.pos_ in ("NOUN", "PROPN"):
        entity = ctx.resolve_description(token, exclude)
        if entity is not None and entity not in exclude:
            return Speaker(entity, "anaphoric", 0.7)
    if entity is None or entity in exclude:
        return NOBODY
    return Speaker(entity, "explicit", 0.9)


def speaker_of(ctx: DocContext, cue: Cue) -> Speaker:
    """The speaker a cue names (the narrator for “I”, a resolved pronoun, a mention)."""
    if cue.subject is None:
        return NOBODY
    subject = ctx.doc[cue.subject]
    verb = ctx.doc[cue.verb]
    if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
        subject = verb.head
    return person_of(ctx, subject)


def beat_speaker(ctx: DocContext, begin: int, end: int) -> Speaker:
    """The person acting in a narration stretch beside a quotation (“He stopped talking.”):
    the subject of its first main verb, at a lower confidence than a speech tag."""
    for i in range(begin, end):
        token = ctx.doc[i]
        if token.dep_ != "nsubj" or ctx.in_quote(token.idx):
            continue
        if token.head.dep_ not in ("ROOT", "conj") or token.head.pos_ not in ("VERB", "AUX"):
            continue
        found = person_of(ctx, token)
        if found.entity is None:
            return NOBODY
        return Speaker(found.entity, "implicit", 0.6)
    return NOBODY
