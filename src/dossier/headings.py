"""Recognise a chapter heading on the first line(s) of a chapter.

Conservative on purpose: the text before :attr:`Heading.end` is never mined for names, so an
ordinary first sentence must not be taken for a heading. Recognised forms::

    Secret History of Stalin’s Purge (52)   -> "Secret History of Stalin’s Purge", 52
    Chapter 12 / CHAPTER XII. The Storm     -> "Chapter 12" / "The Storm", 12
    Chapter Twelve / Part 3 / 12. The Storm -> chapter 12 / 3 / 12
    # Title  /  Prologue                    -> "Title" / "Prologue", no number

A bare marker (``Chapter 12``, ``XII``, ``12``) may take its title from the next non-empty line
when that line looks like a title (``CHAPTER I.`` / blank / ``The Storm``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Heading", "find_heading", "is_title_like", "parse_heading_line", "parse_number"]

MAX_HEADING_CHARS = 200


def _split(words: str) -> list[str]:
    return words.split()


_KEYWORD = re.compile(
    r"(?P<kw>chapter|chap\.|ch\.|part|book|section|volume|vol\.)\s+(?P<rest>\S.*)",
    re.IGNORECASE,
)
_SECTION = re.compile(
    r"(?:prologue|epilogue|preface|introduction|foreword|afterword|interlude)\b.*",
    re.IGNORECASE,
)
_PAREN_NUMBER = re.compile(r"(?P<title>.*?\S)\s*[(\[](?P<num>\d{1,4})[)\]]")
_LEADING_NUMBER = re.compile(r"(?P<num>\d{1,3}|[IVXLCDM]+)(?:\s*(?P<sep>[.:)\-–—])\s*|\s*$)")
_MARKDOWN = re.compile(r"#{1,6}\s+(?P<rest>.*?)(?:\s+#+)?")
_NUMBER_TOKEN = re.compile(r"(?P<num>\d{1,4}|[a-z]+(?:[\s-]+[a-z]+)?)(?=$|[^\w])", re.IGNORECASE)
_SEPARATORS = " \t.:-–—)"
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", re.IGNORECASE)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_ONES = _split(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
)
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES = {word: value for value, word in enumerate(_ONES)} | {
    word: 20 + 10 * i for i, word in enumerate(_TENS)
}
_QUOTES_AND_DASHES = "\"'“”‘’«»„‚‹›「『—–-"
# Short function words that stay lower case in a title ("Voyage from the North").
_LOWER_WORDS = frozenset(
    _split(
        "a an and as at but by for from in into nor of on onto or over per than the to upon "
        "via with without within about after before under between against among through"
    )
)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading at ``text[start:end]``; ``end`` is where the chapter body begins."""

    title: str
    chapter: int | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Parsed:
    title: str
    chapter: int | None
    bare: bool  # a marker without its own title ("Chapter 12", "XII")


def parse_number(token: str) -> int | None:
    """``12``, ``XII`` (any case) or ``twelve`` / ``twenty-one`` as an int, else None."""
    token = token.strip()
    if not token:
        return None
    if token.isdigit():
        return int(token)
    if _ROMAN.fullmatch(token):
        return _roman(token.lower())
    words = re.split(r"[\s-]+", token.lower())
    if not words or any(word not in _WORD_VALUES for word in words) or len(words) > 2:
        return None
    if len(words) == 2 and not (words[0] in _TENS and _WORD_VALUES[words[1]] in range(1, 10)):
        return None
    return sum(_WORD_VALUES[word] for word in words)


def _roman(token: str) -> int:
    total = 0
    for char, following in zip(token, [*token[1:], ""], strict=True):
        value = _ROMAN_VALUES[char]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


def is_title_like(line: str, allow_question: bool = True) -> bool:
    """A short line with capitalised words and no sentence-final punctuation."""
    line = line.strip()
    words = line.split()
    if not words or len(words) > 12 or len(line) > 100:
        return False
    if line[0] in _QUOTES_AND_DASHES or not (line[0].isupper() or line[0].isdigit()):
        return False
    if line[-1] in ".,;:…" + _QUOTES_AND_DASHES or (not allow_question and line[-1] in "?!"):
        return False
    if line.isupper():
        return True
    for word in words[1:]:
        letters = word.strip("()[]\"'“”‘’,")
        if letters[:1].isalpha() and letters[:1].islower() and letters not in _LOWER_WORDS:
            return False
    return True


def _keyword(line: str) -> _Parsed | None:
    match = _KEYWORD.fullmatch(line)
    number = _NUMBER_TOKEN.match(match["rest"]) if match else None
    if not match or not number:
        return None
    token = number["num"]
    value = parse_number(token)
    if value is None and re.search(r"[\s-]", token):
        # "Chapter One The Storm": the second word is no number word.
        token = re.split(r"[\s-]+", token)[0]
        value = parse_number(token)
    if value is None:
        return None
    rest = match["rest"][len(token) :]
    title = rest.lstrip(_SEPARATORS).strip()
    if not title:
        return _Parsed(line.rstrip(".: "), value, bare=True)
    separated = rest.strip()[0] in _SEPARATORS.strip()
    return _Parsed(title, value, bare=False) if separated or is_title_like(title) else None


def _leading_number(line: str) -> _Parsed | None:
    match = _LEADING_NUMBER.match(line)
    if not match:
        return None
    token = match["num"]
    if not token.isdigit() and not token.isupper():
        return None
    value = parse_number(token)
    rest = line[match.end() :].strip()
    if value is None or (match["sep"] is None and rest):
        return None
    if not rest:
        return _Parsed(line.rstrip(".: "), value, bare=True)
    return _Parsed(rest, value, bare=False) if is_title_like(rest) else None


def _paren_number(line: str) -> _Parsed | None:
    match = _PAREN_NUMBER.fullmatch(line)
    if not match:
        return None
    title = match["title"].strip()
    if title[0] in _QUOTES_AND_DASHES or title[-1] in ".!?,;:" or len(title.split()) > 20:
        return None
    return _Parsed(title, int(match["num"]), bare=False)


def parse_heading_line(line: str, marked: bool = False) -> tuple[str, int | None] | None:
    """``(title, chapter)`` if ``line`` is a heading; ``marked`` means the markup said so."""
    parsed = _parse(line.strip(), marked)
    return (parsed.title, parsed.chapter) if parsed else None


def _parse(line: str, marked: bool) -> _Parsed | None:
    if not line or len(line) > MAX_HEADING_CHARS:
        return None
    markdown = _MARKDOWN.fullmatch(line)
    if markdown:
        return _parse(markdown["rest"].strip(), marked=True)
    for rule in (_keyword, _paren_number, _leading_number):
        parsed = rule(line)
        if parsed:
            return parsed
    if _SECTION.fullmatch(line) or marked:
        return _Parsed(line, None, bare=False)
    return None


def _line_at(text: str, pos: int) -> tuple[int, int]:
    """Start (first non-space) and end (before the newline) of the next non-empty line."""
    length = len(text)
    while pos < length and text[pos].isspace():
        pos += 1
    end = text.find("\n", pos)
    return pos, length if end < 0 else end


def _after(text: str, line_end: int) -> int:
    """The offset just after a line: past its newline, if any."""
    return line_end + 1 if line_end < len(text) else line_end


def find_heading(text: str, marked: bool = False) -> Heading | None:
    """The heading on the first non-empty line(s) of ``text``, or None.

    ``marked``: the first line was marked up as a heading (``<h1>``, markdown ``#``), so any
    short line counts. An unmarked title-like line counts only when a blank line follows.
    """
    start, end = _line_at(text, 0)
    line = text[start:end].strip()
    parsed = _parse(line, marked)
    if parsed is None:
        followed_by_blank = re.match(r"[^\S\n]*\n[^\S\n]*\n", text[end : end + 200]) is not None
        if followed_by_blank and is_title_like(line, allow_question=False):
            return Heading(line, None, start, _after(text, end))
        return None
    if parsed.bare:
        sub_start, sub_end = _line_at(text, end)
        subtitle = text[sub_start:sub_end].strip()
        gap = text.count("\n", end, sub_start)
        if subtitle and gap <= 3 and is_title_like(subtitle) and _parse(subtitle, False) is None:
            return Heading(subtitle, parsed.chapter, start, _after(text, sub_end))
    return Heading(parsed.title, parsed.chapter, start, _after(text, end))
