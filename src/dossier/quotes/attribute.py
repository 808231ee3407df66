"""Who said each quotation of a document, and to whom: a sieve, paragraph by paragraph.

1. explicit: a speech tag beside the quotation whose subject is a mention (“Yerov explained”)
   — or a pronoun resolved by gender and recency (anaphoric), or “I” (the narrator);
2. the other pieces of the same paragraph share that speaker (one paragraph, one speaker),
   except a quotation right after another's closing mark with nothing between (“…you can not
   mean——” “Yes, my child…”): that is someone else's answer, a turn of its own;
3. a speech running on from the previous paragraph keeps its speaker;
4. a tag closing the previous narration paragraph (“An interrogator later said to me.”);
5. the person acting in the paragraph's narration (“He stopped talking.”); a speech that
   trailed off before some narration resumes; else the person acting in the last sentence of
   the narration paragraph before (“Volkov lit his pipe.”), or of the narration closing the
   paragraph of speech before (“…,” said Pavel. His uncle grunted. Pavel took more bread.),
   unless that is a first-person narrator, who mostly listens (“I waited for him to go
   on.”), or the one the quotation calls by name, or the tag of a question that closes it
   as a sentence of its own (“Am I to go?” he asked. / “Yes.”: the one asked answers);
6. turn-taking: an unattributed paragraph of dialogue goes to the one the previous turn
   spoke to by name, else the previous speaker's partner — never to the one it addresses
   (or back to the previous speaker when nobody else is in sight and it does not call him);
7. once the document is read, a conversation whose tags name exactly two speakers (or one,
   and the one person they say he speaks to: “said Oleg to Ivan”) redoes its turn-taking from
   the nearest tagged turn or turn told by the person acting beside it, before or after
   (again never giving a turn to the one it addresses by name, nor a turn whose tag says
   “she” to a man).

A pronoun subject of a tag in a new paragraph that recency resolves to the previous speaker
means the partner only for a reply (“he answered”); “he said” is often the same speaker again.
A relative of “his” or “hers” that resolves to the previous speaker (“I will not!” / “…,” said
his step-son) is the partner: the one answered is the one it belongs to.
A pronoun that recency resolves to the one the quotation calls by name means the next person
of that gender (“I tell you, Edward,” said he).

Once the document is read, a turn still without a speaker in a conversation, or one that
turn-taking only guessed, goes to the one the turn after calls by name, else the one the turn
before called by name (turns.called_turns) — unless its tag names someone unknown (“said
another”, “a voice cried”).

Addressees: the tag's object (“told him”, “said to me”), a vocative, a person named before
the quotation in its paragraph, the conversation partner, else the person last named nearby.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Gender, Paragraph
from .addressee import cue_addressee, vocative
from .context import DocContext
from .cues import NOBODY, Cue, Speaker, beat_speaker, speaker_of, trailing_cue
from .detect import QuoteSpan
from .tags import paragraph_cues, tag_gender, tag_words
from .turns import ALTERNATION, Attribution, Conversation, Turn, called_turns, realign

__all__ = ["Attribution", "attribute_document"]

# A new conversation starts after this much narration.
MAX_NARRATION = 400
_UNFINISHED = re.compile(r"(?:…|\.\.\.|—|–|--)\W*$")


def _share(found: list[tuple[Cue | None, Speaker | None]]) -> list[tuple[Cue | None, Speaker]]:
    """Pieces without a tag take the speaker of the nearest tagged piece before (else after)."""
    before: list[tuple[Cue | None, Speaker] | None] = []
    donor: tuple[Cue | None, Speaker] | None = None
    for cue, speaker in found:
        if speaker is not None:
            donor = (cue, speaker)
        before.append(donor)
    shared: list[tuple[Cue | None, Speaker]] = []
    donor = None
    for n in range(len(found) - 1, -1, -1):
        cue, speaker = found[n]
        if speaker is not None:
            donor = (cue, speaker)
            shared.append((cue, speaker))
            continue
        nearest = before[n] or donor
        if nearest is None:
            shared.append((None, NOBODY))
        else:
            given = nearest[1]
            confidence = round(given.confidence * 0.95, 3)
            shared.append((nearest[0], Speaker(given.entity, given.method, confidence)))
    shared.reverse()
    return shared


def _fallback(
    ctx: DocContext,
    spans: Sequence[QuoteSpan],
    conversation: Conversation,
    previous: Attribution | None,
    answer: bool = False,
    high: int | None = None,
) -> tuple[Cue | None, Speaker]:
    """Steps 3-6 for a paragraph (or a run of its pieces) none of whose pieces has a tag.
    ``answer``: the run answers the quotation right before it in the paragraph, so its
    speaker is someone else; ``high``: where the next run of the paragraph starts."""
    first = spans[0]
    index = first.paragraph
    if answer:
        last = conversation.last(index)
        return _turn_taking(ctx, spans, conversation, last, answer=True)
    if first.joined and previous is not None and previous.span.paragraph == index - 1:
        return None, Speaker(previous.speaker, previous.method, previous.confidence * 0.9)
    # the narration paragraph just before, when the quotation opens its own paragraph
    opens = index > 0 and first.start == ctx.paragraphs[index].start
    after_speech = previous is not None and previous.span.paragraph == index - 1
    before = ctx.paragraphs[index - 1] if opens and not after_speech else None
    cue = trailing_cue(ctx, before) if before is not None else None
    if cue is not None:
        found = speaker_of(ctx, cue)
        if found.entity is not None:
            return cue, Speaker(found.entity, found.method, 0.7)
    beat = _beat(ctx, spans, high)
    if beat.entity is not None:
        return None, beat
    last = conversation.last(index)
    resumed = last is not None and last.unfinished and index - last.paragraph > 1
    if last is not None and last.speaker is not None and resumed:
        return None, Speaker(last.speaker, "implicit", 0.5)
    if before is not None:
        actor = _closing_actor(ctx, before)
    elif opens and after_speech and previous is not None:
        # a question's tag parsed as a sentence of its own (“Am I to go?” he asked. / “Yes.”)
        # is no actor: the one who asked is not the one who answers
        asked = previous.span.inner(ctx.text).endswith("?")
        tag = previous.words if asked else None
        actor = _closing_actor(ctx, ctx.paragraphs[index - 1], previous.span.end, tag)
    else:
        actor = NOBODY
    if actor.entity is not None and actor.entity != vocative(ctx, spans, None):
        return None, actor  # nobody calls himself by name
    return _turn_taking(ctx, spans, conversation, last)


def _turn_taking(
    ctx: DocContext,
    spans: Sequence[QuoteSpan],
    conversation: Conversation,
    last: Turn | None,
    answer: bool = False,
) -> tuple[Cue | None, Speaker]:
    """Step 6: the one the previous turn spoke to, else the previous speaker's partner (else,
    unless ``answer``, the previous speaker going on when nobody else is in sight)."""
    if last is None or last.speaker is None or last.speaker in ctx.book.passing:
        return None, NOBODY
    # the one the previous turn spoke to by name answers; nobody speaks to himself by name
    if last.named and last.addressee not in (None, last.speaker):
        partner: str | None = last.addressee
    else:
        partner = conversation.partner(last.speaker)
    called = vocative(ctx, spans, None)
    if partner is not None and partner == called:
        partner = last.speaker if last.speaker != called else None
    if partner is not None and partner not in ctx.book.passing:
        return None, Speaker(partner, "implicit", ALTERNATION)
    alone = all(turn.speaker in (None, last.speaker) for turn in conversation.turns)
    if not answer and alone and called != last.speaker:
        return None, Speaker(last.speaker, "implicit", 0.4)  # nobody else in sight: monologue
    return None, NOBODY


def _closing_actor(
    ctx: DocContext,
    before: Paragraph,
    after: int | None = None,
    tag: tuple[int, int] | None = None,
) -> Speaker:
    """The person acting in the last sentence of the narration paragraph just before
    (“Volkov lit his pipe.” / “…”): who the next quotation most likely belongs to. With
    ``after`` (where the paragraph's last quotation ends), the paragraph is speech, and only a
    sentence of narration wholly after that counts (“…,” said Pavel. His uncle grunted. Pavel
    took more bread. / “…”), and not the sentence holding ``tag`` (the words of a tag's
    subject)."""
    low, high = ctx.paragraph_tokens(before)
    if high <= low:
        return NOBODY
    begin = max(low, ctx.sentence(high - 1)[0])
    if after is not None and begin < ctx.token_at(after):
        return NOBODY
    if tag is not None and begin <= ctx.token_at(tag[0]) < high:
        return NOBODY
    found = beat_speaker(ctx, begin, high)
    person = ctx.book.people.get(found.entity or "")
    # “I waited for him to continue.”: a narrator who acts is mostly listening
    return NOBODY if person is None or person.narrator else found


def _beat(ctx: DocContext, spans: Sequence[QuoteSpan], until: int | None = None) -> Speaker:
    """The actor of the narration sentence right before or right after the quotations (and
    before ``until``, where another's answer starts)."""
    paragraph = ctx.paragraphs[spans[0].paragraph]
    first, last = ctx.token_at(spans[0].start), ctx.token_at(spans[-1].end)
    low, high = ctx.paragraph_tokens(paragraph)
    if until is not None:
        high = min(high, ctx.token_at(until))
    if first > low:
        found = beat_speaker(ctx, max(low, ctx.sentence(first - 1)[0]), first)
        if found.entity is not None:
            return found
    if last < high:
        return beat_speaker(ctx, last, min(high, ctx.sentence(last)[1]))
    return NOBODY


def _addressee(
    ctx: DocContext,
    span: QuoteSpan,
    cue: Cue | None,
    group: Sequence[QuoteSpan],
    speaker: str | None,
    conversation: Conversation,
) -> tuple[str | None, bool]:
    """(addressee, whether the text names it): the tag's object, a vocative; else a person
    named before it in its paragraph, the other speaker of the conversation, the person last
    named nearby."""
    if speaker is None:
        return None, False
    found = cue_addressee(ctx, cue, speaker, named_only=True) if cue is not None else None
    found = found or vocative(ctx, group, speaker)
    if found is None and cue is not None:
        found = cue_addressee(ctx, cue, speaker)
    if found is not None:
        return found, True
    exclude = frozenset({speaker})
    here = ctx.paragraphs[span.paragraph].start
    found = ctx.recent_person(span.start, exclude, floor=here)
    if found is None and conversation.turns:
        found = conversation.partner(speaker, guessed=False, spoken_to=True)
    if found is None:
        floor = ctx.paragraphs[max(0, span.paragraph - 1)].start
        found = ctx.recent_person(span.start, exclude, floor=floor)
    return found, False


def _narration(ctx: DocContext, last: Turn, first: QuoteSpan) -> bool:
    """Whether more than :data:`MAX_NARRATION` characters of narration lie between a turn and
    the next quotation (paragraph breaks count as nothing)."""
    total = 0
    for paragraph in ctx.paragraphs[last.paragraph : first.paragraph + 1]:
        start, end = max(paragraph.start, last.end), min(paragraph.end, first.start)
        total += max(0, end - start)
        if total > MAX_NARRATION:
            return True
    return False


def attribute_document(ctx: DocContext, spans: Sequence[QuoteSpan]) -> list[Attribution]:
    """Speaker, addressee, method and confidence for every speech piece of one document."""
    by_paragraph: dict[int, list[QuoteSpan]] = {}
    for span in spans:
        if span.kind == "speech":
            by_paragraph.setdefault(span.paragraph, []).append(span)
    conversation = Conversation()
    results: list[Attribution] = []
    # per conversation, per turn: (first result, count, whom it names as spoken to)
    scenes: list[list[tuple[int, int, str | None]]] = []
    strangers: set[int] = set()  # quotations whose tag names nobody known
    genders: dict[int, Gender] = {}  # quotations whose tag says “he”, “she”, “his wife”
    for index in sorted(by_paragraph):
        whole = by_paragraph[index]
        cues = paragraph_cues(ctx, whole, conversation)
        for span, (cue, _) in zip(whole, cues, strict=True):
            gender = tag_gender(ctx, cue)
            if gender is not None:
                genders[span.start] = gender
        strangers.update(
            span.start
            for span, (cue, named) in zip(whole, cues, strict=True)
            if cue is not None and (named is None or named.entity is None)
        )
        for first, count in _exchanges(ctx, whole):
            pieces = whole[first : first + count]
            high = whole[first + count].start if first + count < len(whole) else None
            if conversation.turns and _narration(ctx, conversation.turns[-1], pieces[0]):
                conversation.turns.clear()  # a scene of narration between: a new conversation
            shared = _share(cues[first : first + count])
            if all(cue is None for cue, _ in shared):
                previous = results[-1] if results else None
                fallback = _fallback(ctx, pieces, conversation, previous, first > 0, high)
                shared = [fallback] * len(pieces)
            _record(ctx, index, pieces, shared, conversation, results, scenes)
    unknown = frozenset(strangers)
    for turns in scenes:
        realign(ctx, results, turns, genders)
        called_turns(ctx, results, turns, unknown)
    return results


def _exchanges(ctx: DocContext, pieces: Sequence[QuoteSpan]) -> list[tuple[int, int]]:
    """(first, count) of the runs of a paragraph's pieces that one person says: a quotation
    right after another's closing mark, with nothing between, is someone else's answer
    (“…you can not mean——” “Yes, my child…”)."""
    runs: list[tuple[int, int]] = []
    start = 0
    for n in range(1, len(pieces)):
        before, piece = pieces[n - 1], pieces[n]
        if piece.joined or piece.style == "dash" or ctx.text[before.end : piece.start].strip():
            continue
        runs.append((start, n - start))
        start = n
    runs.append((start, len(pieces) - start))
    return runs


def _record(
    ctx: DocContext,
    index: int,
    pieces: Sequence[QuoteSpan],
    shared: Sequence[tuple[Cue | None, Speaker]],
    conversation: Conversation,
    results: list[Attribution],
    scenes: list[list[tuple[int, int, str | None]]],
) -> None:
    """Append the attributions of one run of pieces and its turn of the conversation."""
    conversation.expire(index)
    named = False
    groups: dict[str | None, list[QuoteSpan]] = {}
    for span, (_, speaker) in zip(pieces, shared, strict=True):
        groups.setdefault(speaker.entity, []).append(span)
    for span, (cue, speaker) in zip(pieces, shared, strict=True):
        group = groups[speaker.entity]
        addressee, by_name = _addressee(ctx, span, cue, group, speaker.entity, conversation)
        named = named or by_name
        results.append(
            Attribution(
                span,
                speaker.entity,
                addressee,
                speaker.method if speaker.entity else None,
                round(speaker.confidence, 3) if speaker.entity else 0.0,
                tag_words(ctx, cue) if speaker.entity else None,
            )
        )
    for span, (_, speaker) in zip(pieces, shared, strict=True):
        if speaker.entity is not None:
            ctx.add_speaker(span.start, speaker.entity)
    if not conversation.turns:
        scenes.append([])
    final = results[-1]
    told = final.addressee if named and final.speaker is not None else None
    scenes[-1].append((len(results) - len(pieces), len(pieces), told))
    conversation.turns.append(
        Turn(
            index,
            final.span.end,
            final.speaker,
            final.addressee,
            named,
            bool(_UNFINISHED.search(final.span.inner(ctx.text))),
        )
    )
