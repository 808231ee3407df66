"""The date of an event: its sentence's time expression, else the narrative's running date.

A sentence with a time expression dates its events by it — the expression attached to the
event's own clause first, the nearest one otherwise unless it is shut in a reported or
relative clause the event is not in (then the event has no date) — even when the expression
could not be resolved ("in the fall of this year" with no year known: no date, rather than a
stale one).
A sentence without one takes the last date resolved before it in the same document, if that
date was given at most a few paragraphs earlier: the running date of the narrative.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from ..records import TimeExpr
from .modality import walk

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import DocumentContext

__all__ = ["DocumentDates"]

# How many paragraphs a date given in the narration stays the running date.
RUNNING_PARAGRAPHS = 2


class DocumentDates:
    """Dates for the events of one document, from its time expressions (in text order)."""

    def __init__(self, ctx: DocumentContext, times: list[TimeExpr]) -> None:
        self.ctx = ctx
        self.times = sorted(times, key=lambda t: t.start)
        self._starts = [t.start for t in self.times]
        self._quoted = [self._is_quoted(t) for t in self.times]
        self._asserted = [self.asserted(t.start, t.end) for t in self.times]

    def _is_quoted(self, time: TimeExpr) -> bool:
        root = self.ctx.root_at(time.start, time.end)
        return root is not None and self.ctx.signals.quoted[root.i]

    def asserted(self, start: int, end: int) -> bool:
        """Whether the time expression at ``[start, end)`` dates the narration itself, not
        something reported, supposed or denied ("they wrote that in 1932 he had...")."""
        root = self.ctx.root_at(start, end)
        return root is not None and walk(root, self.ctx.signals.quoted) == "realis"

    def date_of(self, token: Token) -> str | None:
        sentence = self.ctx.sentence_of(token)
        if sentence is None:
            return None
        lo = bisect_left(self._starts, sentence.start)
        hi = bisect_left(self._starts, sentence.end)
        trigger_quoted = self.ctx.signals.quoted[token.i]
        here = [
            (time, quoted)
            for time, quoted in zip(self.times[lo:hi], self._quoted[lo:hi], strict=True)
            if quoted == trigger_quoted or not quoted
        ]
        if here:
            closest = self._closest(token, [time for time, _ in here])
            return closest.value if closest is not None else None
        return self._running(lo, sentence.paragraph)

    def _closest(self, token: Token, times: list[TimeExpr]) -> TimeExpr | None:
        """The expression attached under the trigger's clause, else the nearest one that is
        not shut inside a clause of its own ("In accordance with his instructions, they wrote
        that in 1932 he had..." does not date the instructions)."""
        ancestors = {a.i for a in token.ancestors} | {token.i}
        roots = [self.ctx.root_at(time.start, time.end) for time in times]
        for time, root in zip(times, roots, strict=True):
            if root is not None and root.head.i in ancestors:
                return time
        open_ = [t for t, r in zip(times, roots, strict=True) if r is None or not _aside(r, token)]
        return min(open_, key=lambda t: abs(t.start - token.idx)) if open_ else None

    def _running(self, before: int, paragraph: int) -> str | None:
        for i in range(before - 1, -1, -1):
            time = self.times[i]
            if self._quoted[i] or not self._asserted[i]:
                continue
            if time.value is None:
                return None  # the narration moved to a time we cannot date
            where = self.ctx.sentence_at(time.start)
            if where is None or paragraph - where.paragraph > RUNNING_PARAGRAPHS:
                return None
            return time.value
        return None


# Clauses whose time is their own: reported content and noun modifiers (an adverbial
# clause's time — "when he returned in 1939, he was arrested" — still dates the main one).
_OWN_TIME_CLAUSES = frozenset({"ccomp", "relcl", "acl", "csubj"})


def _aside(time_root: Token, trigger: Token) -> bool:
    """Whether the time sits inside a complement or relative clause without the trigger."""
    node = time_root
    for _ in range(12):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.dep_ in _OWN_TIME_CLAUSES and not (
            node.left_edge.i <= trigger.i <= node.right_edge.i
        ):
            return True
    return False
