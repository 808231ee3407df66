"""Time expressions: explicit dates, relative ones anchored on the running date."""

from __future__ import annotations

import pytest
import spacy

from dossier.facts.timex import Clock, When, _shift, find_times

_NLP = spacy.blank("en")


def _values(text: str, clock: Clock | None = None) -> list[tuple[str, str | None, str | None]]:
    doc = _NLP(text)
    times = find_times(doc, "d", clock or Clock())
    return [(t.text, t.value, t.precision) for t in times]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He came back on 12 October 1937.", [("12 October 1937", "1937-10-12", "day")]),
        ("It was October 3, 1941.", [("October 3, 1941", "1941-10-03", "day")]),
        ("In March 1937 they met.", [("March 1937", "1937-03", "month")]),
        ("In the fall of 1936 she left.", [("fall of 1936", "1936-09", "season")]),
        ("In 1932 he was exiled.", [("1932", "1932", "year")]),
        ("Back in the 1920s they were friends.", [("the 1920s", "192", "decade")]),
        ("He paid 1500 roubles for it.", []),
        ("They lived at number 1905.", []),
        ("The letter was dated 12.10.1937.", [("12.10.1937", "1937-10-12", "day")]),
    ],
)
def test_timex_explicit_dates(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _values(text) == expected


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("On 2 May 1937 he was taken. The next day he was questioned.", ("1937-05-03", "day")),
        ("On 2 May 1937 he was taken. Three days after, he spoke.", ("1937-05-05", "day")),
        ("On 2 May 1937 he was taken. A few days later he spoke.", ("1937-05", "month")),
        ("In March 1937 he was taken. In December of the same year he died.", ("1937-12", "month")),
        ("In 1932 he was exiled. The next day he wrote.", ("1932", "year")),
        ("In 1932 he was exiled. Two years later he returned.", ("1934", "year")),
        ("In 1932 he was exiled. The following year he returned.", ("1933", "year")),
        ("In 1932 he was exiled. That evening he wrote.", ("1932", "year")),
    ],
)
def test_timex_relative_expressions_follow_the_running_date(
    text: str, last: tuple[str, str]
) -> None:
    values = _values(text)
    assert values[-1][1:] == last


def test_timex_relative_without_anchor_has_no_value() -> None:
    assert _values("The next day he left.") == [("The next day", None, None)]


def test_timex_clock_carries_between_documents() -> None:
    clock = Clock()
    _values("In June 1941 the war began.", clock)
    assert _values("The next month he was called up.", clock)[0][1] == "1941-07"


def test_timex_quoted_relative_expression_is_the_speakers() -> None:
    doc = _NLP("In 1932 he left. “The next day we talk,” she said.")
    quoted_from = doc.text.index("“")
    quoted_to = doc.text.index("”")
    times = find_times(doc, "d", Clock(), quoted_at=lambda at: quoted_from <= at <= quoted_to)
    assert [(t.text, t.value) for t in times] == [("1932", "1932"), ("The next day", None)]


def test_timex_unasserted_date_does_not_move_the_clock() -> None:
    doc = _NLP("They wrote that in 1932 he had met him. The next day he signed.")
    times = find_times(doc, "d", Clock(), asserted=lambda start, end: False)
    assert [t.value for t in times] == ["1932", None]


@pytest.mark.parametrize(
    ("anchor", "amount", "unit", "vague", "expected"),
    [
        (When(1937, 12, 30, "day"), 3, "day", False, "1938-01-02"),
        (When(1937, 12, None, "month"), 2, "month", False, "1938-02"),
        (When(1937, 12, None, "month"), 1, "day", False, "1937-12"),
        (When(1937, None, None, "year"), 5, "week", False, "1937"),
        (When(1937, 5, 2, "day"), 1, "week", True, "1937-05"),
        (When(1937, 5, 2, "day"), -1, "year", False, "1936"),  # "a year before": the year
    ],
)
def test_timex_shift_keeps_the_anchors_precision(
    anchor: When, amount: int, unit: str, vague: bool, expected: str
) -> None:
    assert _shift(anchor, amount, unit, vague).value == expected


def test_timex_day_and_month_take_the_running_year() -> None:
    values = _values("In 1893 he travelled. On 3 May he reached the town. May 5 was wet.")
    assert [v[1] for v in values] == ["1893", "1893-05-03", "1893-05-05"]
    assert _values("On 3 May he left.") == [("3 May", None, None)]
