"""Reading the speech tags of a paragraph's quotations: whom each tag names, with a second
look at a pronoun or a description the way a conversation goes (“he replied” in a new
paragraph is the partner; “said his step-son” answering Oleg is not Oleg), and what a tag
tells besides — the words naming the speaker, the gender of its “he” or “she”."""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Gender
from .addressee import vocative
from .context import PRONOUN_GENDER, DocContext
from .cues import Cue, Speaker, find_cue, person_of, speaker_of
from .detect import QuoteSpan
from .lexicon import gender_words, person_nouns
from .turns import Conversation, fits

__all__ = ["paragraph_cues", "tag_gender", "tag_words"]

_REPLIES = frozenset({"reply", "answer", "respond", "retort", "rejoin", "return", "ask"})


def paragraph_cues(
    ctx: DocContext, spans: Sequence[QuoteSpan], conversation: Conversation
) -> list[tuple[Cue | None, Speaker | None]]:
    """(cue, speaker it names) for each piece; both None where no tag is beside it."""
    paragraph = ctx.paragraphs[spans[0].paragraph]
    found: list[tuple[Cue | None, Speaker | None]] = []
    for n, span in enumerate(spans):
        prev_end = spans[n - 1].end if n else paragraph.start
        next_start = spans[n + 1].start if n + 1 < len(spans) else paragraph.end
        cue = find_cue(ctx, span, paragraph, prev_end, next_start)
        speaker = speaker_of(ctx, cue) if cue else None
        if cue is not None and speaker is not None and speaker.method == "anaphoric":
            speaker = _reply(ctx, cue, speaker, conversation, span.paragraph)
            utterance = [span] + [s for s in spans[n + 1 : n + 2] if s.joined]
            speaker = _not_called(ctx, cue, speaker, utterance)
            earlier = found[-1] if found else (None, None)
            speaker = _someone_else(ctx, cue, speaker, *earlier)
        found.append((cue, speaker))
    return found


def _reply(
    ctx: DocContext, cue: Cue, speaker: Speaker, conversation: Conversation, paragraph: int
) -> Speaker:
    """A tag in a new paragraph, after another's turn, whose subject recency resolves to the
    previous speaker, means the partner (when a partner of that gender is in the
    conversation) for

    - a reply: “…,” he replied — consecutive paragraphs of dialogue change speaker (“…,” he
      said is often the same speaker again);
    - a relative (or the reply) of “his” or “hers” right after a man's (a woman's) turn: “I
      will not!” / “You will,” said his step-son — the one answered is the one it belongs to,
      not the one speaking."""
    if cue.subject is None:
        return speaker
    subject = ctx.doc[cue.subject]
    last = conversation.last(paragraph)
    if last is None or last.speaker is None or last.paragraph >= paragraph:
        return speaker
    if last.speaker != speaker.entity:
        return speaker
    answers = ctx.doc[cue.verb].lemma_.lower() in _REPLIES
    if subject.pos_ == "NOUN":
        lemma = subject.lemma_.lower()
        owners = [PRONOUN_GENDER.get(c.lower_) for c in subject.children if c.dep_ == "poss"]
        answered = ctx.book.people.get(last.speaker)
        his = answered.gender if answered is not None else None  # the answered one's
        # “his son”, “her reply” (not “his voice”), right after the turn of a man (a woman)
        relative = lemma in person_nouns() or lemma in _REPLIES
        owned = his is not None and owners == [his]
        answers = answers or (owned and relative and last.paragraph == paragraph - 1)
        gender = gender_words().get(lemma)
    else:
        gender = PRONOUN_GENDER.get(subject.lower_)
    if not answers:
        return speaker
    partner = conversation.partner(last.speaker, guessed=False)
    person = ctx.book.people.get(partner or "")
    if person is None or person.narrator or not fits(ctx, person.id, gender):
        return speaker
    return Speaker(person.id, "anaphoric", 0.65)


def _not_called(
    ctx: DocContext, cue: Cue, speaker: Speaker, utterance: Sequence[QuoteSpan]
) -> Speaker:
    """“I tell you, Edward,” said he — a pronoun that recency resolves to the one the
    quotation calls by name means someone else of that gender: nobody calls himself by name."""
    if cue.subject is None or speaker.entity is None:
        return speaker
    pronoun = ctx.doc[cue.subject]
    if pronoun.lower_ not in PRONOUN_GENDER or vocative(ctx, utterance, None) != speaker.entity:
        return speaker
    other = person_of(ctx, pronoun, frozenset({speaker.entity}))
    if other.entity is None:
        return speaker
    return Speaker(other.entity, "anaphoric", 0.6)


def _someone_else(
    ctx: DocContext,
    cue: Cue,
    speaker: Speaker,
    earlier_cue: Cue | None,
    earlier: Speaker | None,
) -> Speaker:
    """“I want to go,” said Annie. “Well, you shall,” said the mother — a description tagging
    the next piece of a paragraph, after a tag that named someone otherwise, is someone else
    (the same person would be “she” again), when someone else of the kind is in sight."""
    if cue.subject is None or earlier_cue is None or earlier_cue.subject is None:
        return speaker
    subject, before = ctx.doc[cue.subject], ctx.doc[earlier_cue.subject]
    if subject.pos_ != "NOUN" or earlier is None or earlier.entity != speaker.entity:
        return speaker
    if before.pos_ not in ("PROPN", "NOUN") or before.lemma_.lower() == subject.lemma_.lower():
        return speaker
    other = person_of(ctx, subject, frozenset({speaker.entity or ""}))
    if other.entity is None:
        return speaker
    return Speaker(other.entity, "anaphoric", 0.6)


def tag_words(ctx: DocContext, cue: Cue | None) -> tuple[int, int] | None:
    """The characters of a tag's subject up to its head (“he”, “the old man”, “Mr. Orlov”)."""
    if cue is None or cue.subject is None:
        return None
    subject = ctx.doc[cue.subject]
    first = min(subject.left_edge.i, subject.i)
    return ctx.doc[first].idx, subject.idx + len(subject)


def tag_gender(ctx: DocContext, cue: Cue | None) -> Gender | None:
    """The gender a tag's subject shows: “he”, “she”, “his wife”, “the old man”."""
    if cue is None or cue.subject is None:
        return None
    subject = ctx.doc[cue.subject]
    found = PRONOUN_GENDER.get(subject.lower_)
    if found is None and subject.pos_ == "NOUN":
        found = gender_words().get(subject.lemma_.lower())
    return found
