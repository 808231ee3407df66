"""Where the quotations of a text are: names found inside one are the speaker's words, and a
first-person pronoun inside one is not the narrator's."""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["in_spans", "quote_spans"]


_MARKS = re.compile(r"[“”«»\"‘’]|\n\s*\n")
_CLOSERS = {"“": "”", "«": "»", '"': '"', "‘": "’"}


def quote_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """``[start, end)`` of quotations (“…”, «…», "…", and ‘…’ used as dialogue); a quotation
    left open ends with its paragraph."""
    spans: list[tuple[int, int]] = []
    opened = -1
    closer = ""
    for match in _MARKS.finditer(text, start):
        c, i = match.group(), match.start()
        if c[0] == "\n" or c[0].isspace():
            opened = -1
        elif opened < 0:
            if c in _CLOSERS and (c != "‘" or i == 0 or not text[i - 1].isalnum()):
                opened, closer = i, _CLOSERS[c]
        elif c == closer and (c != "’" or i + 1 >= len(text) or not text[i + 1].isalpha()):
            spans.append((opened, i + 1))
            opened = -1
    return spans


def in_spans(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` lies inside one of the sorted ``spans`` (``starts`` their starts)."""
    at = bisect_right(starts, offset) - 1
    return at >= 0 and spans[at][0] <= offset < spans[at][1]
