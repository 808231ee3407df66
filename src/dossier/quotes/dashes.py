"""Dash dialogue: the speeches of a paragraph opened by a dash (— Yes, he said. — Come in.)
and, in books whose quotation style is the dash, the speech after a colon inside a paragraph
(“His aunt said:—O, come in.”). Cuts tags out of the speech where no dash marks them off.

Also the word and sentence-end patterns quotation detection shares.
"""

from __future__ import annotations

import re

from .lexicon import speech_verbs

__all__ = [
    "COLON_DASH",
    "DASH_LINE",
    "DASH_START",
    "SENTENCE_END",
    "TAG_STARTERS",
    "WORD",
    "dash_speeches",
]

DASH_LINE = re.compile(r"(?m)^[^\S\n]*(?:[—–]|--?\s)")
DASH_START = re.compile(r"[—–]+|--?(?=\s)")
# “He called out:—Come up!” — a dash after a colon opens speech inside a paragraph
COLON_DASH = re.compile(r":\s*(?:[—–]|--)")
SENTENCE_END = re.compile(r"[.!?…]+[”’\"»]?(?=\s|$)")
WORD = re.compile(r"[^\W_][\w’'-]*")
TAG_STARTERS = frozenset({"he", "she", "i", "they", "we", "you", "it"})
_DASHES = re.compile(r"--|[—–]")
_AFTER_PUNCT = re.compile(r"[,!?…]\s+")
_CLAUSE_END = re.compile(r"[.,;:!?](?=\s|$)")


def _rstrip(text: str, start: int, end: int) -> int:
    """``end`` moved back over whitespace, not before ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _dash_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Speech pieces of a dash-dialogue paragraph: — speech, — a tag. — speech."""
    forms = speech_verbs().forms
    opening = DASH_START.match(text, start)
    pieces: list[tuple[int, int]] = []
    speech_from: int | None = start
    for match in _DASHES.finditer(text, opening.end() if opening else start + 1, end):
        i, j = match.start(), match.end()
        if not (text[i - 1].isspace() or (j < end and text[j].isspace())):
            continue  # a dash inside a word or a clause of the speech
        if speech_from is not None:
            words = WORD.findall(text, j, min(end, j + 60))[:4]
            if words and (words[0][0].islower() or any(w.lower() in forms for w in words)):
                pieces.append((speech_from, _rstrip(text, speech_from, i)))
                speech_from = None
        else:
            speech_from = i
    if speech_from is not None:
        pieces.append((speech_from, end))
    return [piece for s, e in pieces if e - s > 1 for piece in _split_at_tags(text, s, e)]


def dash_speeches(text: str, start: int, end: int, colons: bool) -> list[tuple[int, int, bool]]:
    """Dash speeches ``(start, end, joined)`` from ``start`` (a dash) to ``end``; ``joined``: the
    speech goes on from the piece before. With ``colons``, each later dash after
    a colon (“Vera said:—O, if not…”) opens a new utterance; the speech before it stops where
    the sentence holding that colon begins, so the tag stays outside for attribution. A colon
    in the speech's own sentence (“— Yes, he said: — come in.”) only interrupts it."""
    runs: list[tuple[int, int, bool]] = []  # (start, end, continues the run before)
    speech_from, continues = start, False
    for match in COLON_DASH.finditer(text, start + 1, end) if colons else ():
        colon, dash = match.start(), match.end() - len(match.group().lstrip(": \t\n"))
        if colon <= speech_from:
            continue
        tag = _tag_sentence_start(text, speech_from, colon)
        runs.append((speech_from, tag, continues))
        speech_from, continues = dash, tag == colon
    runs.append((speech_from, end, continues))
    speeches: list[tuple[int, int, bool]] = []
    for run_start, run_end, joined in runs:
        pieces = _dash_pieces(text, run_start, _rstrip(text, run_start, run_end))
        speeches.extend((s, e, joined or k > 0) for k, (s, e) in enumerate(pieces))
    return speeches


def _tag_sentence_start(text: str, start: int, colon: int) -> int:
    """Where the sentence ending in ``colon`` begins (after the last sentence end since
    ``start``); the colon itself when no sentence ends first (“—Yes, he said:—”), where
    ``_split_at_tags`` cuts the tag off."""
    ends = [match.end() for match in SENTENCE_END.finditer(text, start + 1, colon)]
    return ends[-1] if ends else colon


def _split_at_tags(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A dash speech cut around tags that no dash marks off (“—Thanks, old chap, he cried
    briskly. That will do.”): after , ! or ?, a pronoun or capitalised name and a speech verb,
    up to the end of that clause."""
    forms = speech_verbs().forms
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _AFTER_PUNCT.finditer(text, start, end):
        if match.start() < cursor:
            continue
        verb = None
        for word in list(WORD.finditer(text, match.end(), min(end, match.end() + 80)))[:4]:
            low = word.group().lower()
            if low in forms:
                verb = word
                break
            if low not in TAG_STARTERS and not word.group()[0].isupper():
                break
        if verb is None:
            continue
        stop = _CLAUSE_END.search(text, verb.end(), end)
        pieces.append((cursor, match.start() + 1))
        cursor = stop.end() if stop else end
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        pieces.append((cursor, end))
    return pieces
