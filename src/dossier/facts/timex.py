"""Time expressions: explicit dates and relative ones, normalised to ISO 8601 prefixes.

Explicit dates ("12 October 1937", "October 1937", "the fall of 1937", "in 1932", "the 1930s")
are found by regular expressions over the text and normalised here; numeric dates
("12.10.1937") and spaCy DATE spans that name a month or a year but fit no pattern go to
dateparser, one call per distinct span (never per sentence). Relative expressions ("the next
day", "a few days later", "in December of the same year", "three days after") are resolved
against a :class:`Clock`: the last resolved date in reading order. A result is never more
precise than its anchor ("the next day" after "in 1932" is "1932").
"""

from __future__ import annotations

import calendar
import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy

from ..records import TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Clock", "Found", "When", "detect_times", "find_times"]

log = logging.getLogger(__name__)

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "a couple of": 2, "a few": 3, "few": 3, "several": 3, "some": 3,
}  # fmt: skip
_VAGUE = frozenset({"a few", "few", "several", "some", "a couple of"})
_PRECISION_RANK = {"decade": 0, "year": 1, "season": 2, "month": 3, "day": 4}

# Month names and abbreviations, written compactly: a long alternation is slow to scan.
_MONTH = (
    r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_SEASON = r"(?P<s>spring|summer|autumn|fall|winter)"
_YEAR = r"(?P<y>1[0-9]{3}|20[0-9]{2})"
_DAY = r"(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?"
_REL_YEAR = (
    r"(?P<ry>the same|that|this|the following|the next|next|the previous|the preceding|last)"
    r"\s+year"
)
_COUNT = r"(?P<n>a couple of|a few|several|some|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|\d{1,3})"  # noqa: E501
_UNIT = r"(?P<u>day|week|month|year|morning|evening|night|afternoon)s?"

# Ordered: the first pattern to match at a position wins, so longer forms come first.
# (start, end, the name of the pattern that read it or None for a spaCy DATE span)
Found = tuple[int, int, str | None]
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("dmy", rf"\b(?=\d){_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"),
        ("mdy", rf"\b(?=[adfjmnos]){_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
        ("dm", rf"\b(?=\d){_DAY}\s+(?:of\s+)?{_MONTH}(?![\w,]|\s+\d)"),
        ("md", rf"\b(?=[ADFJMNOS]){_MONTH}\s+{_DAY}\b(?!,?\s+\d)"),
        ("numeric", r"\b(?=\d)[0-3]?[0-9][./][01]?[0-9][./](?:1[0-9]{3}|20[0-9]{2})\b"),
        ("my", rf"\b(?=[adfjmnos]){_MONTH},?\s+(?:of\s+)?{_YEAR}\b"),
        ("m_rel", rf"\b(?=[adfjmnos]){_MONTH}\s+(?:of\s+)?{_REL_YEAR}\b"),
        ("sy", rf"\b(?=[afsw]){_SEASON}\s+(?:of\s+)?{_YEAR}\b"),
        ("s_rel", rf"\b(?=[afsw]){_SEASON}\s+of\s+{_REL_YEAR}\b"),
        ("rel_s", r"\b(?=[tln])(?P<ry>this|that|last|next|the following|the same|the next)"
                  r"\s+" + _SEASON),
        ("decade", r"\b(?=[t\d])(?:the\s+)?(?P<dec>1[0-9]{2}0|20[0-9]0)['’]?s\b"),
        ("year", rf"\b(?=[12]){_YEAR}\b(?![.,]?\d)"),
        ("shift", rf"\b(?=[acefnostw\d]){_COUNT}\s+{_UNIT}\s+"
                  r"(?P<dir>later|after(?:wards)?|before|earlier)\b"),
        ("next", r"\b(?=[tn])(?P<dir>the next|the following|next|the previous|the preceding)\s+"
                 r"(?P<u>day|morning|evening|night|afternoon|week|month|year)\b"),
        ("unit_after", r"\b(?=[tdwmy])(?:the\s+)?(?P<u>day|week|month|year)\s+"
                       r"(?P<dir>after|before)\b"),
        ("same", r"\b(?=t)(?:that|the same)\s+"
                 r"(?P<u>day|morning|evening|night|afternoon|week|month|year)\b"),
        ("rel_year", rf"\b(?=[tnl]){_REL_YEAR}\b"),
    )
)  # fmt: skip
# Words before a bare four-digit number that make it a year ("in 1932", "by 1937").
_YEAR_CUES = frozenset(
    {"in", "of", "since", "until", "till", "by", "from", "to", "during", "before", "after",
     "year", "early", "late", "mid", "around", "about", "circa", "spring", "summer", "autumn",
     "fall", "winter", "and", "or", "between", "through", "that", "the"}
)  # fmt: skip
# A lower-case plural after a number counts things: "1500 roubles", "2000 men".
_COUNTED = re.compile(r"^(?!(?:was|has|is|as|his|this|thus|years?)\b)[a-z]+(?:s|men|people)\b")
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(n for n in _MONTHS if len(n) > 3) + r")\b", re.I)


@dataclass(frozen=True, slots=True)
class When:
    """A date as precise as known: year, and maybe month (or season start) and day."""

    year: int
    month: int | None = None
    day: int | None = None
    precision: str = "year"

    @property
    def value(self) -> str:
        if self.precision == "decade":
            return f"{self.year // 10:03d}"
        if self.precision in ("year",) or self.month is None:
            return f"{self.year:04d}"
        if self.precision in ("month", "season") or self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


class Clock:
    """The running date of the narrative: the last date resolved, in reading order."""

    def __init__(self) -> None:
        self.now: When | None = None

    def reset(self) -> None:
        self.now = None


def _coarser(precision: str, other: str) -> str:
    return precision if _PRECISION_RANK[precision] <= _PRECISION_RANK[other] else other


def _shift(anchor: When, amount: int, unit: str, vague: bool) -> When:
    """``anchor`` moved by ``amount`` units, never more precise than the anchor."""
    if unit in ("morning", "evening", "night", "afternoon"):
        unit = "day"
    if unit == "year":
        return When(anchor.year + amount, anchor.month, anchor.day,
                    _coarser("year", anchor.precision))  # fmt: skip
    if anchor.month is None:
        return When(anchor.year, precision="year")
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + amount
        return When(index // 12, index % 12 + 1, None, _coarser("month", anchor.precision))
    days = amount * (7 if unit == "week" else 1)
    if anchor.day is None or anchor.precision != "day":
        if abs(days) <= 3:
            return anchor
        index = anchor.year * 12 + anchor.month - 1 + round(days / 30)
        return When(index // 12, index % 12 + 1, None, "month")
    moved = date(anchor.year, anchor.month, anchor.day) + timedelta(days=days)
    if vague:  # "a few days later": the month is known, the day is not
        return When(moved.year, moved.month, None, "month")
    return When(moved.year, moved.month, moved.day, "day")


def _relative_year(word: str, anchor: When | None) -> int | None:
    if anchor is None:
        return None
    word = word.lower()
    if word in ("the following", "the next", "next"):
        return anchor.year + 1
    if word in ("the previous", "the preceding", "last"):
        return anchor.year - 1
    return anchor.year


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> When | None:
    """dateparser on one span our patterns found but could not read (cached per span)."""
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        log.debug("dateparser failed on %r", text)
        return None
    if parsed is None:
        return None
    has_day = bool(re.search(r"\b[0-3]?[0-9](?:st|nd|rd|th)?\b(?![./]?\d{3})", text)) or "." in text
    return When(parsed.year, parsed.month, parsed.day if has_day else None,
                "day" if has_day else "month")  # fmt: skip


def _resolve(name: str, match: re.Match[str], anchor: When | None) -> tuple[When | None, bool]:
    """The date a pattern match names (None when it needs an anchor there is not) and
    whether it is relative."""
    group = match.groupdict()
    if name in ("dmy", "mdy"):
        day = int(group["d"])
        month = _MONTHS[group["m"].lower()]
        if not 1 <= day <= 31:
            return None, False
        return When(int(group["y"]), month, day, "day"), False
    if name in ("dm", "md"):  # "3 May": the year is the running date's
        day, month = int(group["d"]), _MONTHS[group["m"].lower()]
        if anchor is None or not 1 <= day <= 31:
            return None, True
        return When(anchor.year, month, day, "day"), True
    if name == "numeric":
        return _dateparser(match.group()), False
    if name == "my":
        return When(int(group["y"]), _MONTHS[group["m"].lower()], None, "month"), False
    if name == "sy":
        return When(int(group["y"]), _SEASONS[group["s"].lower()], None, "season"), False
    if name == "decade":
        return When(int(group["dec"]), precision="decade"), False
    if name == "year":
        return When(int(group["y"])), False
    if name in ("m_rel", "s_rel", "rel_s", "rel_year"):
        year = _relative_year(group["ry"], anchor)
        if year is None:
            return None, True
        if name == "m_rel":
            return When(year, _MONTHS[group["m"].lower()], None, "month"), True
        if name in ("s_rel", "rel_s"):
            return When(year, _SEASONS[group["s"].lower()], None, "season"), True
        return When(year), True
    if anchor is None:
        return None, True
    unit = group["u"].lower()
    if name == "shift":
        count = group["n"].lower()
        amount = int(count) if count.isdigit() else _NUMBERS.get(count, 1)
        sign = -1 if group["dir"].lower() in ("before", "earlier") else 1
        return _shift(anchor, sign * amount, unit, count in _VAGUE), True
    if name in ("next", "unit_after"):
        sign = -1 if group["dir"].lower() in ("the previous", "the preceding", "before") else 1
        return _shift(anchor, sign, unit, False), True
    return anchor, True  # "that evening", "the same day"


def _is_year(doc_text: str, start: int, end: int, in_date_entity: bool) -> bool:
    """A bare four-digit number is a year after a temporal cue or inside a DATE entity,
    unless a plural noun follows it ("1500 roubles", "1914 men")."""
    after = doc_text[end : end + 20].split()
    if after and _COUNTED.match(after[0]):
        return False
    if in_date_entity:
        return True
    before = doc_text[max(0, start - 20) : start].split()
    return bool(before) and before[-1].lower().strip("(,-") in _YEAR_CUES


def detect_times(doc: Doc, body_start: int = 0, text: str | None = None) -> list[Found]:
    """Where the time expressions of one document are and which pattern read each (``None``
    for a spaCy DATE span no pattern read), in reading order: plain data that depends on the
    document alone, so the pipeline can cache it beside the parse."""
    text = doc.text if text is None else text
    date_ents = _date_entities(doc)
    found: list[tuple[int, int, str | None]] = []
    taken = _Intervals()
    in_entity = _Intervals()
    for start, end in date_ents:
        in_entity.add(start, end)
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text, body_start):
            start, end = match.span()
            if taken.overlaps(start, end):
                continue
            if name == "year" and not _is_year(text, start, end, in_entity.covers(start, end)):
                continue
            if name in ("dm", "md") and not match.group("m")[0].isupper():
                continue  # "3 may", "march 5 miles": a month is capitalised
            found.append((start, end, name))
            taken.add(start, end)
    found.extend(_leftover_entities(text, date_ents, taken, body_start))
    return sorted(found, key=lambda row: row[0])


def find_times(
    doc: Doc,
    doc_id: str,
    clock: Clock,
    body_start: int = 0,
    quoted_at: Callable[[int], bool] | None = None,
    asserted: Callable[[int, int], bool] | None = None,
    text: str | None = None,
    detected: Sequence[Found] | None = None,
) -> list[TimeExpr]:
    """Time expressions of one document in reading order, resolved against ``clock``
    (updated as it goes). Relative ones inside quotation marks are a speaker's, not the
    narrative's: they get no value and leave the clock alone. ``asserted(start, end)`` says
    whether an expression dates the narrative itself; one that does not ("they wrote that in
    1932 he had...") is resolved but does not move the clock. ``text`` is ``doc.text`` when
    the caller has it (spaCy rebuilds it from every token on each access); ``detected`` is
    :func:`detect_times` of this document when the caller has it."""
    text = doc.text if text is None else text
    if detected is None:
        detected = detect_times(doc, body_start, text)
    patterns = dict(_PATTERNS)
    times: list[TimeExpr] = []
    for start, end, name in detected:
        in_quote = quoted_at is not None and quoted_at(start)
        read = patterns[name].match(text, start) if name is not None else None
        if read is None:  # a spaCy DATE span no pattern read
            when, relative = _dateparser(text[start:end]), False
        else:
            when, relative = _resolve(name or "", read, clock.now)
        if relative and in_quote:
            when = None
        if when is not None and not in_quote and (asserted is None or asserted(start, end)):
            clock.now = when
        times.append(
            TimeExpr(
                doc=doc_id,
                start=start,
                end=end,
                text=text[start:end],
                value=when.value if when else None,
                precision=when.precision if when else None,
                relative=relative,
            )
        )
    return times


def _leftover_entities(
    text: str, date_ents: list[tuple[int, int]], taken: _Intervals, body_start: int
) -> list[Found]:
    """spaCy DATE spans no pattern covered that still name a month and a year."""
    rows: list[Found] = []
    for start, end in date_ents:
        if start < body_start or taken.overlaps(start, end):
            continue
        span = text[start:end]
        if _MONTH_WORD.search(span) and re.search(r"\b(?:1[0-9]{3}|20[0-9]{2})\b", span):
            rows.append((start, end, None))
    return rows


def _date_entities(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of spaCy's DATE entities, read from arrays (``doc.ents`` builds a
    Python object for every token of the document)."""
    arrays = doc.to_array(["ENT_IOB", "ENT_TYPE"])
    is_date = arrays[:, 1] == doc.vocab.strings["DATE"]
    groups: list[list[int]] = []  # [first token, last token] of each entity
    for i in numpy.nonzero(is_date)[0].tolist():
        if groups and groups[-1][1] == i - 1 and arrays[i, 0] != _BEGIN:
            groups[-1][1] = i
        else:
            groups.append([i, i])
    return [(doc[first].idx, doc[last].idx + len(doc[last])) for first, last in groups]


_BEGIN = 3  # spaCy's ENT_IOB code for the first token of an entity


class _Intervals:
    """Disjoint character ranges, sorted by start, with overlap tests by bisection."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, end - 1)  # ranges starting before ``end``
        return any(self.ends[j] > start for j in range(max(0, i - 2), i))

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.ends[i] >= end
