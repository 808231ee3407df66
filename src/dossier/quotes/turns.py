"""Conversations as turns: who spoke to whom, turn by turn, and turn-taking redone from both
ends once a document is read (the first turns of a dialogue are told by the tags that follow
them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..records import Gender
from .addressee import vocative
from .context import DocContext
from .cues import BEAT
from .detect import QuoteSpan

__all__ = [
    "ALTERNATION",
    "ANCHORS",
    "ANSWERED",
    "CALLED",
    "MAX_GAP",
    "Attribution",
    "Conversation",
    "Turn",
    "called_turns",
    "fits",
    "realign",
]

# A conversation ends after this many paragraphs without a quotation, or this much narration.
MAX_GAP = 2
ALTERNATION = 0.55  # the confidence of a speaker given by turn-taking alone
ANCHORS = frozenset({"explicit", "anaphoric", "narrator"})


@dataclass(frozen=True, slots=True)
class Attribution:
    span: QuoteSpan
    speaker: str | None
    addressee: str | None
    method: str | None
    confidence: float
    words: tuple[int, int] | None = None  # the words of the tag that name the speaker


@dataclass(slots=True)
class Turn:
    paragraph: int
    end: int  # where its last quotation ends
    speaker: str | None
    addressee: str | None
    named: bool  # the text names the addressee (tag object, vocative)
    unfinished: bool


@dataclass(slots=True)
class Conversation:
    turns: list[Turn] = field(default_factory=list)

    def expire(self, paragraph: int) -> None:
        """Forget the turns if the conversation stopped before ``paragraph``."""
        if self.turns and paragraph - self.turns[-1].paragraph > MAX_GAP + 1:
            self.turns.clear()

    def last(self, paragraph: int) -> Turn | None:
        """The previous turn, if the conversation is still going at ``paragraph``."""
        self.expire(paragraph)
        return self.turns[-1] if self.turns else None

    def partner(self, speaker: str, guessed: bool = True, spoken_to: bool = False) -> str | None:
        """The latest other speaker of the conversation, else the latest person the text says
        was spoken to (with ``spoken_to``, whichever is later), else (``guessed``) the latest
        one guessed to be spoken to."""
        recent = self.turns[-8:]
        for turn in reversed(recent):
            if turn.speaker is not None and turn.speaker != speaker:
                return turn.speaker
            if spoken_to and turn.named and turn.addressee not in (None, speaker):
                return turn.addressee
        for turn in reversed(recent):
            if turn.named and turn.addressee not in (None, speaker):
                return turn.addressee
        if guessed:
            for turn in reversed(recent):
                if turn.addressee not in (None, speaker):
                    return turn.addressee
        return None


def fits(ctx: DocContext, entity: str, gender: Gender | None) -> bool:
    """Whether ``entity`` may be the one a tag calls “he” or “she” (or “his wife”)."""
    person = ctx.book.people.get(entity)
    return gender is None or person is None or person.gender in (None, gender)


def realign(
    ctx: DocContext,
    results: list[Attribution],
    turns: Sequence[tuple[int, int, str | None]],
    genders: Mapping[int, Gender],
) -> None:
    """Turn-taking seen from both ends: in a conversation whose tags name exactly two
    speakers (or one, and the one person its tags say it speaks to), a turn that alternation
    gave a speaker, or that has none, takes it from the nearest tagged turn, before or after
    (the first turns of a dialogue are told by the tags that follow them)."""
    anchors: list[tuple[int, str]] = []
    told: set[str] = set()
    for n, (first, count, spoken_to) in enumerate(turns):
        found = results[first + count - 1]
        if found.speaker is not None and found.method in ANCHORS and found.confidence >= 0.65:
            anchors.append((n, found.speaker))
            if spoken_to is not None:
                told.add(spoken_to)
    speakers = {speaker for _, speaker in anchors}
    if len(speakers) == 1 and len(told - speakers) == 1:
        speakers |= told
    if len(speakers) != 2:
        return
    pair = tuple(speakers)
    # the actor of the narration beside a turn (“Mr. Orlov frowned. / “You took my
    # pen.”) tells it nearly as well as a tag: alternation counts from it too
    anchors.extend(
        (n, results[first].speaker or "")
        for n, (first, _, _) in enumerate(turns)
        if results[first].speaker in speakers
        and results[first].method == "implicit"
        and results[first].confidence >= BEAT
    )
    for n, (first, _, _) in enumerate(turns):
        found = results[first]
        guessed = found.method == "implicit" and found.confidence == ALTERNATION
        if not guessed and found.speaker is not None:
            continue
        anchor, speaker = min(anchors, key=lambda a: (abs(a[0] - n), a[0] > n))
        other = pair[0] if speaker == pair[1] else pair[1]
        _give_turn(ctx, results, turns[n], n - anchor, speaker, other, guessed, genders)


def _give_turn(
    ctx: DocContext,
    results: list[Attribution],
    turn: tuple[int, int, str | None],
    distance: int,
    speaker: str,
    other: str,
    guessed: bool,
    genders: Mapping[int, Gender],
) -> None:
    """Give a turn ``distance`` turns from ``speaker``'s tagged one to whichever of the pair
    alternation says — never to one its tag's “he” or “she” cannot mean."""
    first, count, _ = turn
    chosen = speaker if distance % 2 == 0 else other
    if vocative(ctx, [results[k].span for k in range(first, first + count)], None) == chosen:
        chosen = other if chosen == speaker else speaker  # nobody calls himself by name
    partner = other if chosen == speaker else speaker
    gender = next(
        (genders[results[k].span.start] for k in range(first, first + count)
         if results[k].span.start in genders),
        None,
    )  # fmt: skip
    if not fits(ctx, chosen, gender):
        if not fits(ctx, partner, gender):
            return
        chosen, partner = partner, chosen
    for k in range(first, first + count):
        results[k] = replace(
            results[k],
            speaker=chosen,
            addressee=partner,
            method="implicit",
            confidence=ALTERNATION if guessed else 0.45,
            words=None,
        )


# the confidence of a speaker told only by the name a neighbouring turn calls him by
CALLED = 0.4
# ... where it overrules turn-taking's guess (“Come.” / “Yes.” / “No, Ivan.”): right about as
# often as the person acting beside a turn
ANSWERED = 0.6


def called_turns(
    ctx: DocContext,
    results: list[Attribution],
    turns: Sequence[tuple[int, int, str | None]],
    strangers: frozenset[int],
) -> None:
    """A turn nobody tags, in a conversation, or one turn-taking only guessed: the one the turn
    just after calls by name spoke it (“No!” / “Mr. Beebe, you are wrong.”), else the one the
    turn just before called by name answers (“What's up, Jim?” / “The army's going to move.”)
    — never one it names itself. A name is better evidence than alternation, which goes wrong
    for good once a turn is missed or one speaker goes on (“Come.” / “Wait.” / “No, Ivan.”).
    ``strangers``: the starts of quotations whose tag names nobody known (“said another”, “a
    voice called”, “she said” with no woman in sight): someone else, so they are left alone."""
    spans = [[results[k].span for k in range(first, first + count)] for first, count, _ in turns]
    for n, (first, count, _) in enumerate(turns):
        pieces = range(first, first + count)
        guessed = all(
            results[k].method == "implicit" and results[k].confidence == ALTERNATION for k in pieces
        )
        if all(results[k].speaker is not None for k in pieces) and not guessed:
            continue
        if any(results[k].span.start in strangers for k in pieces):
            continue
        here = spans[n][0].paragraph
        own = vocative(ctx, spans[n], None)
        chosen: str | None = None
        partner: str | None = None
        for m in (n + 1, n - 1):
            if not 0 <= m < len(turns) or abs(spans[m][0].paragraph - here) > 1:
                continue
            other = results[turns[m][0]].speaker
            called = vocative(ctx, spans[m], other)
            if called is not None and called not in (own, other):
                chosen, partner = called, other
                break
        if chosen is None or (guessed and chosen == results[first].speaker):
            continue
        for k in pieces:
            if results[k].speaker is not None and not guessed:
                continue
            results[k] = replace(
                results[k],
                speaker=chosen,
                addressee=partner,
                method="implicit",
                confidence=ANSWERED if guessed else CALLED,
                words=None,
            )
