"""Find quotations in a document's text: quotation marks of any style, and dash dialogue.

Each paragraph is scanned by a small state machine over the marks the book uses. Double marks
(“…” "…" «…» „…“ 「…」) are always read; single marks (‘…’ '…') open a quotation only in a
book that uses them for dialogue (they are apostrophes too), and dash dialogue (a paragraph
opening with — or –, or Joyce's “His mother said:—O, …” inside one) only in a book that has
it. A mark's role comes from its flanks as well as its shape, so the mistyped marks of
machine-translated text still pair up.

A quotation left open at the end of its paragraph runs to that end, and the quotation opening
the next paragraph continues it (the convention for long speeches); one opened inside a
sentence ends with that sentence (machine translation drops closing marks). Nothing is
dropped. Quotations that are not speech (scare quotes, titles) get ``kind="scare"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..records import Paragraph
from .dashes import (
    COLON_DASH,
    DASH_LINE,
    DASH_START,
    SENTENCE_END,
    TAG_STARTERS,
    WORD,
    dash_speeches,
)
from .lexicon import scare_preceders, speech_verbs

__all__ = ["MarkCounts", "QuoteSpan", "detect_quotes"]

_MARK_CHARS = "“”\"‘’'«»„‚「」『』"
_MARKS = re.compile(f"[{_MARK_CHARS}]")
_DOUBLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))[“\"„«「『](?=\S)")
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))‘(?=[^\W\d])")
_STRAIGHT_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))'(?=[^\W\d])")
# ’tis, ’em, ’twas: elisions, not quotation marks
_ELISION = re.compile(r"(?:^|(?<=\s))[‘'](?:tis|twas|em|cause|til|till|bout|n|ere|im|er)\b", re.I)
_OPEN_CONTEXT = "([{—–-/“‘«„‚「『\"'"
_CLOSE_CONTEXT = ".,;:!?)]}—–-…”’»」』\"'"
_FINAL_PUNCT = re.compile(r"[.!?…,;:—–-]\W*$")
_SENTENCE_PUNCT = re.compile(r"[.!?…]\W*$")
_LOST_OPEN = re.compile(r"\w[.!?…,]$")
# nouns that name what a title follows (“under the title “…”, “the motto “…”)
_TITLE_NOUNS = frozenset({"title", "headline", "heading", "motto", "caption", "inscription"})


@dataclass(frozen=True, slots=True)
class MarkCounts:
    """How often a book opens quotations with each style; decides which marks are read."""

    double: int = 0
    single: int = 0
    straight_single: int = 0
    dash_paragraphs: int = 0
    colon_dashes: int = 0

    @classmethod
    def of(cls, text: str) -> MarkCounts:
        elisions = len(_ELISION.findall(text))
        return cls(
            double=len(_DOUBLE_OPEN.findall(text)),
            single=max(0, len(_SINGLE_OPEN.findall(text)) - elisions),
            straight_single=max(0, len(_STRAIGHT_SINGLE_OPEN.findall(text)) - elisions),
            dash_paragraphs=len(DASH_LINE.findall(text)),
            colon_dashes=len(COLON_DASH.findall(text)),
        )

    def __add__(self, other: MarkCounts) -> MarkCounts:
        return MarkCounts(
            self.double + other.double,
            self.single + other.single,
            self.straight_single + other.straight_single,
            self.dash_paragraphs + other.dash_paragraphs,
            self.colon_dashes + other.colon_dashes,
        )

    @property
    def singles(self) -> bool:
        """Curly single marks carry the dialogue (British style)."""
        return self.single >= 3 and self.single > self.double

    @property
    def straight_singles(self) -> bool:
        return self.straight_single >= 3 and self.straight_single > max(self.double, self.single)

    @property
    def dashes(self) -> bool:
        """Dash dialogue, opening paragraphs or (Joyce's style) following a colon."""
        if self.dash_paragraphs >= 3 or (self.dash_paragraphs >= 2 and self.double == 0):
            return True
        return self.colon_dashes >= 3 and self.colon_dashes + self.dash_paragraphs > max(
            self.double, self.single
        )

    @property
    def colon_dash_speech(self) -> bool:
        """A dash after a colon opens speech only where dashes are the quotation style; in a
        book that quotes with marks it is an aside (“one thing only: — his pride”)."""
        return self.dashes and self.dash_paragraphs + self.colon_dashes > max(
            self.double, self.single
        )


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation piece: ``[start, end)`` includes its marks (or its opening dash).

    ``joined``: continues the utterance of the piece before it (a speech tag interrupted it,
    or the speech runs on from the previous paragraph). ``closed``: a closing mark was found.
    """

    start: int
    end: int
    paragraph: int
    kind: Literal["speech", "scare"] = "speech"
    closed: bool = True
    joined: bool = False
    style: str = "double"

    def inner(self, text: str) -> str:
        """The quoted words without their marks (or opening dash)."""
        start, end = self.start, self.end
        while start < end and text[start] in _MARK_CHARS + "—–-":
            start += 1
            if text[start - 1] in _MARK_CHARS:
                break
        if self.closed and end > start and text[end - 1] in _MARK_CHARS:
            end -= 1
        return text[start:end].strip()


@dataclass
class _Open:
    family: str
    start: int


def _flanks(text: str, i: int, start: int, end: int) -> tuple[bool, bool]:
    """Whether the mark at ``i`` can open (left-flanking) and close (right-flanking)."""
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    left = (prev.isspace() or prev in _OPEN_CONTEXT) and not nxt.isspace()
    right = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_CONTEXT)
    return left, right


def _possessive(text: str, i: int, end: int) -> bool:
    """A ’ after s and before an ordinary word (“the boys’ toys”) is a possessive, not a close."""
    if text[i - 1] not in "sSzZ" or i + 1 >= end or not text[i + 1].isspace():
        return False
    word = WORD.match(text, i + 2)
    if word is None:
        return False
    low = word.group().lower()
    return low not in TAG_STARTERS and speech_verbs().forms.get(low) is None


class _Scanner:
    """Quotation pieces of one paragraph, outermost quotations only."""

    def __init__(self, text: str, counts: MarkCounts) -> None:
        self.text = text
        self.counts = counts

    def scan(self, start: int, end: int) -> tuple[list[tuple[int, int, str]], _Open | None]:
        """Closed pieces ``(start, end, family)`` and the quotation left open, if any."""
        text = self.text
        pieces: list[tuple[int, int, str]] = []
        stack: list[_Open] = []
        for match in _MARKS.finditer(text, start, end):
            i, mark = match.start(), match.group()
            left, right = _flanks(text, i, start, end)
            top = stack[-1].family if stack else None
            opened: str | None = None
            closes: str | None = None
            if mark == "“":
                if top == "low" or (top == "double" and right and not left):
                    closes = top
                else:
                    opened = "double"
            elif mark == "”":
                if any(o.family in ("double", "low") for o in stack):
                    closes = "double" if any(o.family == "double" for o in stack) else "low"
                elif left and not right:
                    opened = "double"  # mistyped opening mark
                elif not stack and not pieces and _LOST_OPEN.search(text, start, i):
                    pieces.append((start, i + 1, "double"))  # opening mark lost
            elif mark == '"':
                if any(o.family == "straight" for o in stack):
                    closes = "straight"
                elif left or not right:
                    opened = "straight"
            elif mark in "„«「『":
                opened = {"„": "low", "«": "guillemet", "「": "corner", "『": "white_corner"}[mark]
            elif mark in "»」』":
                closes = {"»": "guillemet", "」": "corner", "』": "white_corner"}[mark]
            elif mark in "‘‚":
                if top == "low_single" or (top == "single" and right and not left):
                    closes = top
                elif (stack or self.counts.singles) and (left or mark == "‚"):
                    opened = "single" if mark == "‘" else "low_single"
            elif mark in "’'":
                closes, opened = self._single(i, mark, top, left, right, bool(stack), end)
            if opened is not None:
                stack.append(_Open(opened, i))
            elif closes is not None:
                depth = next(
                    (d for d in range(len(stack) - 1, -1, -1) if stack[d].family == closes), None
                )
                if depth is None:
                    continue
                outer = stack[0]
                del stack[depth:]
                if not stack:
                    pieces.append((outer.start, i + 1, outer.family))
        return pieces, (stack[0] if stack else None)

    def _single(
        self, i: int, mark: str, top: str | None, left: bool, right: bool, nested: bool, end: int
    ) -> tuple[str | None, str | None]:
        """(family closed, family opened) by a ’ or ' at ``i``; apostrophes do neither."""
        text = self.text
        if i > 0 and i + 1 < len(text) and text[i - 1].isalnum() and text[i + 1].isalnum():
            return None, None
        family = "straight_single" if mark == "'" else "single"
        if top in (family, "low_single") and right and not _possessive(text, i, end):
            return top, None
        enabled = self.counts.straight_singles if mark == "'" else False
        if mark == "'" and left and (nested or enabled):
            return None, "straight_single"
        return None, None


def _speech_like_open(text: str, i: int, start: int) -> bool:
    """An opening mark at a paragraph or sentence start, or after : , — (not inside a clause)."""
    before = text[start:i].rstrip()
    return not before or not before[-1].isalnum()


def _title_cased(inner: str, words: list[str]) -> bool:
    """A title (“Some Battles I Have Seen.”): every word of four letters or more capitalised,
    and no exclamation or question (“Come Here, Boris!” is speech)."""
    long = [word for word in words if len(word) >= 4]
    exclaimed = inner.rstrip("”’\"'»)").endswith(("!", "?"))
    return len(long) >= 2 and all(word[0].isupper() for word in long) and not exclaimed


def _is_speech(text: str, piece: QuoteSpan, paragraph: Paragraph) -> bool:
    """Speech, or a scare quote / title (“spit”, “off the books”, the word “here”)?"""
    if piece.style == "dash" or piece.joined or not piece.closed:
        return True
    inner = piece.inner(text)
    words = WORD.findall(inner)
    if not words:
        return False
    before = text[max(paragraph.start, piece.start - 60) : piece.start].rstrip()
    at_start = not before  # the window reaches back to the paragraph's start
    after = text[piece.end : min(paragraph.end, piece.end + 40)]
    forms = speech_verbs().forms
    starts_upper = words[0][0].isupper()
    ends_punct = bool(_FINAL_PUNCT.search(inner))
    prev_words = WORD.findall(before)
    prev_word = prev_words[-1].lower() if prev_words else ""
    tag_after = any(w.lower() in forms for w in WORD.findall(after)[:3])
    tag_before = any(w.lower() in forms for w in prev_words[-3:]) and (
        before.endswith((",", ":")) or prev_word in forms
    )
    if at_start or before.endswith(":"):
        return starts_upper or ends_punct or len(words) >= 4
    # “known as “Tuppence.”” — American style puts the full stop inside even a scare quote
    short = len(words) <= 3 or not _SENTENCE_PUNCT.search(inner)
    named = prev_word in scare_preceders() or prev_word in _TITLE_NOUNS
    if named and (short or _title_cased(inner, words)) and not tag_after:
        return False
    if ends_punct and (starts_upper or len(words) >= 3 or tag_after or tag_before):
        return True
    return starts_upper and (tag_after or tag_before or len(words) >= 6)


def detect_quotes(
    text: str, paragraphs: Sequence[Paragraph], counts: MarkCounts
) -> list[QuoteSpan]:
    """Quotation pieces of one document in text order, each marked speech or scare."""
    scanner = _Scanner(text, counts)
    raw: list[QuoteSpan] = []
    carried: str | None = None  # family of a quotation running on from the previous paragraph
    for n, paragraph in enumerate(paragraphs):
        start, end = paragraph.start, paragraph.end
        if counts.dashes and DASH_START.match(text, start):
            raw.extend(_dash_spans(text, start, end, n, counts.colon_dash_speech))
            carried = None
            continue
        first_piece = len(raw)
        cursor = start
        colon = COLON_DASH.search(text, start, end) if counts.colon_dash_speech else None
        marks_end = colon.end() - len(colon.group().lstrip(": \t")) if colon else end
        while cursor < marks_end:
            pieces, left_open = scanner.scan(cursor, marks_end)
            raw.extend(QuoteSpan(s, e, n, style=f) for s, e, f in pieces)
            if left_open is None:
                break
            stop = _left_open_end(text, left_open, start, marks_end)
            raw.append(QuoteSpan(left_open.start, stop, n, closed=False, style=left_open.family))
            cursor = stop
        if colon is not None:
            raw.extend(_dash_spans(text, marks_end, end, n, True))
        if carried and len(raw) > first_piece and raw[first_piece].start == start:
            raw[first_piece] = replace(raw[first_piece], joined=True)
        carried = raw[-1].style if raw and not raw[-1].closed and raw[-1].end == end else None
    spans = _join_interrupted(text, raw)
    return [
        span if _is_speech(text, span, paragraphs[span.paragraph]) else replace(span, kind="scare")
        for span in spans
    ]


def _dash_spans(text: str, start: int, end: int, paragraph: int, colons: bool) -> list[QuoteSpan]:
    return [
        QuoteSpan(s, e, paragraph, joined=joined, style="dash")
        for s, e, joined in dash_speeches(text, start, end, colons)
    ]


def _left_open_end(text: str, left_open: _Open, start: int, end: int) -> int:
    """Where a quotation still open at its paragraph's end stops: one opened inside a clause
    (“the Committee “would consider…”) with its sentence, any other with the paragraph."""
    if not _speech_like_open(text, left_open.start, start):
        sentence = SENTENCE_END.search(text, left_open.start + 1, end)
        if sentence:
            return sentence.end()
    return end


def _join_interrupted(text: str, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """Mark a piece that resumes an utterance after a speech tag (“…,” he said, “…”)."""
    joined: list[QuoteSpan] = []
    for span in spans:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and not span.joined
            and prev.paragraph == span.paragraph
            and prev.closed
            and prev.style == span.style
            and re.search(r"[,;:—–-]\W*$", prev.inner(text))
            and text[prev.end : span.start].rstrip().endswith((",", ":", ";", "—", "–"))
        ):
            span = replace(span, joined=True)
        joined.append(span)
    return joined
