"""Speech tags: the speech verb beside a quotation, its subject, and who that subject is.

A cue is looked for in the narration of the quotation's own paragraph: the sentence just before
it (up to the previous quotation) and the sentence just after it (up to the next one), so a tag
between two pieces of one utterance serves both. “said X” inversions, subjects shared through
coordination (“came up to him and told him”), infinitives and participles, and relative clauses
are followed in the parse. A voice or an answer stands for its owner (“cried the voice of X”,
“came her reply”); one nobody owns (“came a harsh reply”) names nobody known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Paragraph
from .context import PRONOUN_GENDER, DocContext
from .detect import QuoteSpan
from .lexicon import speech_nouns, speech_verbs

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "BEAT",
    "Cue",
    "Speaker",
    "beat_speaker",
    "find_cue",
    "person_of",
    "speaker_of",
    "trailing_cue",
]

# The confidence of the person acting in the narration beside a quotation (“He stopped.”).
BEAT = 0.6
# How far after a quotation a tag may reach, in tokens.
AFTER_TOKENS = 40
# How far after an inverted tag's verb its subject's head may lie (“said the stout old lady”).
INVERSION_TOKENS = 5
# How near a quotation ended by a comma its tag's verb lies (“…,” he heard her say).
RUN_ON_TOKENS = 5
_RELATIVE = frozenset({"who", "that", "which"})
_STOPS = frozenset({".", "!", "?", ";"})
_NOUNISH = frozenset({"PROPN", "PRON", "NOUN"})
_OBJECT_CASE = frozenset({"him", "her", "me", "us", "them", "whom"})
_LATTER = {"latter": 0, "former": 1}
_INDEFINITE = frozenset({"a", "an", "another", "some"})


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


def _shares_subject(verb: Token) -> bool:
    """Whether a verb without a subject of its own takes its head's: coordination (“came up
    and told him”), a complement (“began to say”), an infinitive of purpose (“I rose to
    reply”), a participle (“rose the voice of the old man, crying:”)."""
    if verb.dep_ in ("conj", "xcomp"):
        return True
    if verb.dep_ != "advcl":
        return False
    return verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _inverted(ctx: DocContext, verb: Token) -> Token | None:
    """The noun phrase right after a verb: its subject in an inverted tag (“said the old
    man”, “added a third weary matron”)."""
    for k in range(verb.i + 1, min(verb.i + INVERSION_TOKENS + 1, len(ctx.doc))):
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


def _subject(ctx: DocContext, verb: Token) -> Token | None:
    """The verb's subject, through the heads it shares a subject with, else the noun right
    after it (or after the head it shares its subject with)."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ == "nsubj" and not ctx.in_quote(child.idx):
                return child
        if not _shares_subject(current) or current.head.pos_ not in ("VERB", "AUX"):
            break
        current = current.head
    found = _inverted(ctx, verb)
    if found is None and current is not verb and current.dep_ == "ROOT":
        found = _inverted(ctx, current)
    return found


def _speech_subject(ctx: DocContext, verb: Token) -> bool:
    """“…,” came a harsh reply / her voice rose: a verb whose subject is a voice or an answer
    tags a quotation as a speech verb would (it names the owner, if anyone)."""
    if verb.pos_ != "VERB" or verb.dep_ not in ("ROOT", "conj"):
        return False
    subject = _subject(ctx, verb)
    if subject is None or not _speech_noun(subject):
        return False
    # “The question hung in the air” is the quotation itself, not someone new speaking
    indefinite = any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in subject.children)
    return indefinite or _speech_owner(subject) is not None


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
        # “began to sing his old song:”, “spoke these words:” — the object is the quotation
        if child.dep_ == "dobj" and child.lemma_.lower() in speech_nouns():
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
    # “…,” he heard her tell a room full of guests: a quotation ended by a comma runs on into
    # its tag, so the first speech verb after it reports nothing else, whatever its objects
    runs_on = span.closed and span.style != "dash" and span.inner(ctx.text).endswith(",")
    for i in (*range(begin, first), *range(last, stop)):
        token = doc[i]
        lemma = _speech_verb(token)
        if lemma is None and _speech_subject(ctx, token):
            lemma = ""  # a weak tag: right beside the quotation only
        if lemma is None or ctx.in_quote(token.idx):
            continue
        # “—O, stay. Vera said:—O, if not…”: a tag ending in a colon right before the next
        # quotation introduces that one, not the quotation before it
        if i >= last and span.style == "dash" and next_start < paragraph.end:
            between = ctx.text[token.idx : next_start].rstrip()
            if between.endswith(":") and not any(
                doc[k].text in _STOPS for k in range(i, ctx.token_at(next_start))
            ):
                continue
        tag = runs_on and last <= i <= last + RUN_ON_TOKENS
        runs_on = runs_on and i < last
        if not tag and _reported(ctx, token, paragraph):
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


def _speech_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower() in speech_nouns()


def _speech_owner(token: Token) -> Token | None:
    """Whose a noun for speech or voice is: “his answer”, “a girl's voice”, “the voice of
    the old man” — the person it stands for in a tag or in the narration beside a quote."""
    if not _speech_noun(token):
        return None
    for child in token.children:
        if child.dep_ == "poss":
            return child
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def person_of(ctx: DocContext, token: Token, exclude: frozenset[str] = frozenset()) -> Speaker:
    """Who a noun phrase head or pronoun stands for (the owner, for a voice or an answer)."""
    owner = _speech_owner(token)
    if owner is not None and ctx.entity_of(token) is None:
        return person_of(ctx, owner, exclude)
    low = token.lower_.rstrip(".")  # “said I.” comes out as one token
    if low in ("i", "me", "my", "myself"):
        narrator = ctx.book.narrator
        return Speaker(narrator, "narrator", 0.9) if narrator else NOBODY
    gender = PRONOUN_GENDER.get(low)
    if gender is not None:
        entity = ctx.resolve_pronoun(token.idx, gender, exclude)
        return Speaker(entity, "anaphoric", 0.75) if entity else NOBODY
    if low in _LATTER and any(c.lower_ == "the" for c in token.children):
        # “the latter”: the last of the two people named before; “the former”: the other
        people = ctx.latest_people(token.idx, 2)
        rank = _LATTER[low]
        entity = people[rank] if len(people) > rank else None
        return Speaker(entity, "anaphoric", 0.7) if entity and entity not in exclude else NOBODY
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


def _quoted_beside(ctx: DocContext, i: int, step: int) -> bool:
    """Whether the first token from ``i`` on (going by ``step``) that is not white space lies
    in a speech quotation."""
    while 0 <= i < len(ctx.doc) and ctx.doc[i].is_space:
        i += step
    return 0 <= i < len(ctx.doc) and ctx.in_quote(ctx.doc[i].idx)


def beat_speaker(ctx: DocContext, begin: int, end: int) -> Speaker:
    """The person acting in a narration stretch beside a quotation (“He stopped talking.”):
    the subject of the main verb nearest the quotation — the first after it, the last before
    it (“Meg lit the lamp, and Jo sat up.” / “…”) — at a lower confidence than a speech tag."""
    subjects = [
        token
        for token in ctx.doc[begin:end]
        if token.dep_ == "nsubj"
        and not ctx.in_quote(token.idx)
        and token.head.dep_ in ("ROOT", "conj")
        and token.head.pos_ in ("VERB", "AUX")
    ]
    if not subjects:
        return NOBODY
    before_quote = not _quoted_beside(ctx, begin - 1, -1) and _quoted_beside(ctx, end, 1)
    found = person_of(ctx, subjects[-1] if before_quote else subjects[0])
    if found.entity is None:
        return NOBODY
    others = {person_of(ctx, s).entity for s in subjects} - {None, found.entity}
    if others:
        return NOBODY  # two people act: which of them speaks is anybody's guess
    return Speaker(found.entity, "implicit", BEAT)
