"""Stage 5: quotations and who said them (first version: “…” and "…", explicit speech verbs)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from .index import MentionIndex
from .nlp import Parsed
from .records import Entity, Quote

__all__ = ["SPEECH_VERBS", "find_quotes"]

SPEECH_VERBS = frozenset(
    {"say", "ask", "reply", "shout", "whisper", "explain", "repeat", "snap", "answer", "cry",
     "exclaim", "add", "tell", "continue", "murmur", "call", "scream", "yell", "respond",
     "remark", "insist", "declare", "speak", "mutter", "echo", "urge", "begin", "retort"}
)  # fmt: skip
_QUOTE = re.compile(r"“[^“”]*”|\"[^\"\n]*\"")


def find_quotes(parsed: Sequence[Parsed], entities: Sequence[Entity]) -> list[Quote]:
    index = MentionIndex(entities)
    quotes: list[Quote] = []
    for item in parsed:
        document = item.document
        starts = [token.idx for token in item.doc]
        for match in _QUOTE.finditer(document.text, document.body_start):
            start, end = match.span()
            inner = match.group()[1:-1].strip()
            if not inner:
                continue
            if len(inner.split()) <= 3 and not re.search(r"[.!?,]$", inner):
                quotes.append(
                    Quote(f"{document.id}-q{len(quotes)}", document.id, start, end, match.group(),
                          kind="scare")
                )  # fmt: skip
                continue
            speaker = _explicit_speaker(item, starts, start, end, index)
            quotes.append(
                Quote(
                    id=f"{document.id}-q{len(quotes)}",
                    doc=document.id,
                    start=start,
                    end=end,
                    text=match.group(),
                    speaker=speaker,
                    method="explicit" if speaker else None,
                    confidence=0.8 if speaker else 0.0,
                )
            )
    return quotes


def _explicit_speaker(
    item: Parsed, starts: list[int], start: int, end: int, index: MentionIndex
) -> str | None:
    """The subject of a speech verb just outside the quote, in the same paragraph."""
    doc, text = item.doc, item.document.text
    before = doc[bisect_left(starts, start - 60) : bisect_left(starts, start)]
    after = doc[bisect_left(starts, end) : bisect_left(starts, end + 60)]
    window = [
        token
        for token in (*after, *before)
        if token.lemma_.lower() in SPEECH_VERBS
        and "\n" not in text[min(token.idx, start) : max(token.idx, end)]
    ]
    for verb in window:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                span = doc[child.left_edge.i : child.right_edge.i + 1]
                entity = index.entity_at(item.document.id, span.start_char, span.end_char)
                if entity:
                    return entity
    return None
