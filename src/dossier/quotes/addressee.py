"""Who a quotation is said to: the object of its speech tag (“told him”, “said to me”,
“whispered in my ear”), a vocative inside it (“Grigory Yefimovich, I need…”), else the
partner in the conversation or the person last mentioned beside it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .context import DocContext
from .cues import Cue, person_of
from .detect import QuoteSpan

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["cue_addressee", "vocative"]

_TO = frozenset({"to", "at", "toward", "towards", "upon", "into", "in"})
_BEFORE_VOCATIVE = ("dear", "my", "oh", "o", "ah", "well", "now", "yes", "no")
_AFTER_VOCATIVE = ',.!?;:…—–”’"»」'
# a word of affection between the name and its comma (“But, Margaret dear, …”, “Tom, old man!”)
_ENDEARMENT = re.compile(
    r"(?:my\s+)?(?:dear|dearest|darling|love|old\s+(?:man|chap|fellow|boy|girl)|boy|girl|lad)"
    r"(?=\s*[" + re.escape(_AFTER_VOCATIVE) + r"])",
    re.IGNORECASE,
)


def _targets(verb: Token) -> list[Token]:
    """Objects of a speech verb and its coordinated heads that may name the one spoken to:
    direct or dative objects, objects of to/at (also one level down: “close to my ear”)."""
    found: list[Token] = []
    current = verb
    for _ in range(3):
        for child in current.children:
            if child.dep_ in ("dobj", "dative"):
                found.append(child)
            elif child.dep_ == "prep" and child.lower_ in _TO:
                found.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "advmod":
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in _TO:
                        found.extend(c for c in prep.children if c.dep_ == "pobj")
        if current.dep_ not in ("conj", "xcomp") or current.head is current:
            break
        current = current.head
    return found


def cue_addressee(
    ctx: DocContext, cue: Cue, speaker: str | None, named_only: bool = False
) -> str | None:
    """The person the speech tag names as spoken to, other than the speaker; with
    ``named_only``, only a name or description (“told Ivanov”), not a pronoun (“told him”)."""
    exclude = frozenset({speaker}) if speaker else frozenset()
    for target in _targets(ctx.doc[cue.verb]):
        if ctx.in_quote(target.idx):
            continue
        owner = target
        if target.pos_ == "NOUN" and ctx.entity_of(target) is None:
            owners = [c for c in target.children if c.dep_ == "poss"]
            owner = owners[0] if owners else target  # “whispered in my ear”
        if named_only and owner.pos_ == "PRON":
            continue
        person = person_of(ctx, owner, exclude)
        if person.entity is not None and person.entity != speaker:
            return person.entity
    return None


def vocative(ctx: DocContext, spans: Sequence[QuoteSpan], speaker: str | None) -> str | None:
    """A person named in direct address inside the quotations (“My dear Mr. Bennet, …”,
    “…, Watson.”, “Vera dear, …”); a quotation that is only a name (“Bingley.”) is an
    answer, not an address."""
    text = ctx.text
    for span in spans:
        for mention, entity in ctx.book.index.within(ctx.doc_id, span.start, span.end):
            person = ctx.book.people.get(entity)
            if entity == speaker or person is None or not person.person:
                continue
            if mention.start <= span.start or mention.end >= span.end:
                continue
            before = text[max(span.start + 1, mention.start - 20) : mention.start].rstrip()
            after = text[mention.end : min(span.end, mention.end + 20)].lstrip()
            endearment = _ENDEARMENT.match(after)
            if endearment:
                after = after[endearment.end() :].lstrip()
            opening = mention.start - span.start <= 2 or not before
            words = before.lower().split()
            before_ok = opening or before.endswith(",") or (words and words[-1] in _BEFORE_VOCATIVE)
            after_ok = bool(after) and after[0] in _AFTER_VOCATIVE
            whole = opening and span.end - mention.end <= 3
            if before_ok and after_ok and not whole:
                return entity
    return None
