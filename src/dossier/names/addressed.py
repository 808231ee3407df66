"""The name the narrator is called by: in a first-person book the narrator never names
himself in the narration, but the others call him by his name in their lines (“Really,
Corwin”). Such a name is the narrator's, not somebody else's.

Precision first (the narrator swallowing a character is much worse than a miss). A person
name joins the narrator when

- every one of its mentions lies inside a quotation (a name the narration uses is somebody
  the narrator sees, never himself);
- it is a direct address (“…, Corwin?”, “Corwin, come here”) at least twice, and in at
  least half of its mentions;
- none of them is the subject of a verb or of a speech tag (it would speak or act: another
  person), nor a possessor, a place or a plural;
- no quotation that says it is the narrator's own (“…,” I said / I said, “…”): the narrator
  does not call himself by name.

When two names pass, neither joins: which one would be the narrator's is unknown.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence

from .quoted import quote_spans
from .scan import NameMention

__all__ = ["narrator_names"]

# cues that say the name is somebody who acts, speaks, owns or is a place
_OTHER_CUES = frozenset({"speaker", "tag", "possessor", "locative", "plural", "article", "the"})
# “…,” I said / “…,” said I / “…,” I answered him: the quotation is the narrator's own
_I_AFTER = re.compile(r"[\s,;:—–-]*(?:[a-z]+\s+){0,2}I\b(?!['’])")
_I_BEFORE = re.compile(r"\bI\s+(?:[a-z]+\s+){0,2}[a-z]+[,:—–-]?\s*$")
_Cache = dict[str, tuple[list[tuple[int, int]], list[int]]]  # doc → quotation spans, starts
_MIN_VOCATIVES = 2
_TAG_REACH = 30  # characters beside a quotation read as its tag


def _spans(text: str, cache: _Cache, doc: str) -> tuple[list[tuple[int, int]], list[int]]:
    if doc not in cache:
        spans = quote_spans(text)
        cache[doc] = (spans, [s for s, _ in spans])
    return cache[doc]


def _narrators_own(text: str, span: tuple[int, int]) -> bool:
    """Whether the quotation ``span`` of ``text`` carries a first-person speech tag."""
    start, end = span
    after = text[end : end + _TAG_REACH].split("\n", 1)[0]
    before = text[max(0, start - _TAG_REACH) : start].rsplit("\n", 1)[-1]
    return bool(_I_AFTER.match(after) or _I_BEFORE.search(before))


def _addressed(
    members: Sequence[NameMention],
    texts: Mapping[str, str],
    cache: _Cache,
) -> bool:
    vocatives = 0
    for item in members:
        cues = item.cues
        if "vocative" in cues:  # “Ralph,” said he: read as said's object, but an address
            cues = cues - {"tag"}
        if "quoted" not in cues or cues & _OTHER_CUES or item.mention.kind != "PROP":
            return False
        text = texts.get(item.mention.doc)
        if text is None:
            return False
        spans, starts = _spans(text, cache, item.mention.doc)
        at = bisect_right(starts, item.mention.start) - 1
        if at < 0 or not spans[at][0] <= item.mention.start < spans[at][1]:
            return False  # the scan's quotation and ours disagree: no evidence
        if _narrators_own(text, spans[at]):
            return False
        vocatives += "vocative" in cues
    # addressed again and again, mostly so: one stray “…, Harwick!” proves nothing
    return vocatives >= _MIN_VOCATIVES and 2 * vocatives >= len(members)


def narrator_names(groups: Sequence[Sequence[NameMention]], texts: Mapping[str, str]) -> int | None:
    """The index in ``groups`` (each a person's name mentions) of the one name the others call
    the narrator by, or None. ``texts``: each document's text by its id."""
    cache: _Cache = {}
    found = [i for i, members in enumerate(groups) if members and _addressed(members, texts, cache)]
    return found[0] if len(found) == 1 else None
