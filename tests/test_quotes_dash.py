"""Dash dialogue opened inside a paragraph after a colon (“His aunt said:—Come in.”), as
Joyce and many translations write it. Invented sentences; no model needed."""

from __future__ import annotations

import pytest

from dossier.quotes.detect import MarkCounts, QuoteSpan, detect_quotes
from dossier.records import Document
from dossier.segment import split_paragraphs

# a book whose dialogue is all dash-after-colon: the style is known from these alone
_COLON_BOOK = (
    "Tobias sat by the stove. His aunt said:—O, Tobias will stay. Greta said:—O, if not, "
    "the crows will come and take his cap.\n\n"
    "One morning the baker had asked:--Who are you? Later the baker had said:--Go home now."
    "\n\nThe boys shouted from the yard: — All in! All in!"
)


def spans(text: str, counts: MarkCounts | None = None) -> list[QuoteSpan]:
    document = Document("d", "", "", text)
    return detect_quotes(text, split_paragraphs(document), counts or MarkCounts.of(text))


def speech(text: str, counts: MarkCounts | None = None) -> list[str]:
    return [text[s.start : s.end] for s in spans(text, counts) if s.kind == "speech"]


def test_quotes_dash_colon_opens_speech_and_leaves_the_tag_outside() -> None:
    assert speech(_COLON_BOOK) == [
        "—O, Tobias will stay.",
        "—O, if not, the crows will come and take his cap.",
        "--Who are you?",
        "--Go home now.",
        "— All in! All in!",
    ]


def test_quotes_dash_colon_openings_are_new_utterances() -> None:
    assert [s.joined for s in spans(_COLON_BOOK)] == [False] * 5


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # the speech runs to the sentence holding the next opening's tag, which stays out
        (
            "Nils said:—Where is the key? Nobody moved. Then Vera cried:—Under the mat!",
            ["—Where is the key? Nobody moved.", "—Under the mat!"],
        ),
        # a tag no dash marks off is cut out of the speech as in paragraph-initial dashes
        (
            "Nils said:—Where is the key, she asked quietly. It was here.",
            ["—Where is the key,", "It was here."],
        ),
        # a paragraph opening with a dash and going on to a colon opening
        (
            "— Enough! he said sternly. He added in a low voice:—Go to bed.",
            ["— Enough!", "—Go to bed."],
        ),
        # no sentence ends before the colon: the tag is cut at its comma
        ("Vera said:—Yes, he answered:—No, never.", ["—Yes,", "—No, never."]),
        ("— Yes, he said: — come in.", ["— Yes,", "— come in."]),
    ],
)
def test_quotes_dash_colon_speech_ends_at_the_next_tag(paragraph: str, expected: list[str]) -> None:
    counts = MarkCounts.of(_COLON_BOOK)
    assert speech(paragraph, counts) == expected


@pytest.mark.parametrize(
    ("paragraph", "joined"),
    [
        ("— Yes, he said: — come in.", [False, True]),
        ("— Yes. He turned round and said: — Come in.", [False, False]),
    ],
)
def test_quotes_dash_colon_inside_a_sentence_goes_on_with_the_speech(
    paragraph: str, joined: list[bool]
) -> None:
    found = spans(paragraph, MarkCounts.of(_COLON_BOOK))
    assert [s.joined for s in found] == joined


def test_quotes_dash_colon_runs_to_the_paragraph_end() -> None:
    text = "Ada said:—Come in. The door is open.\n\nThe rain went on."
    assert speech(text, MarkCounts.of(_COLON_BOOK)) == ["—Come in. The door is open."]


def test_quotes_dash_colon_is_an_aside_in_a_book_quoting_with_marks() -> None:
    text = (
        "“Come in,” said Ada. “Sit.” “Thanks.” “Tea?”\n\n"
        "He wanted one thing only:—his pride back. She knew it: — so did he. Fine:—then."
    )
    assert speech(text) == ["“Come in,”", "“Sit.”", "“Thanks.”", "“Tea?”"]


@pytest.mark.parametrize(
    ("counts", "dashes", "colon_speech"),
    [
        (MarkCounts(colon_dashes=3), True, True),
        (MarkCounts(colon_dashes=2), False, False),
        (MarkCounts(double=9, colon_dashes=3), False, False),
        # dash paragraphs decide as before; colon dashes then open speech only without marks
        (MarkCounts(dash_paragraphs=4, double=9, colon_dashes=1), True, False),
        (MarkCounts(dash_paragraphs=4, colon_dashes=1), True, True),
    ],
)
def test_quotes_dash_mark_counts_know_the_colon_style(
    counts: MarkCounts, dashes: bool, colon_speech: bool
) -> None:
    assert (counts.dashes, counts.colon_dash_speech) == (dashes, colon_speech)


def test_quotes_dash_mark_counts_count_colon_dashes() -> None:
    counts = MarkCounts.of(_COLON_BOOK)
    assert counts.colon_dashes == 5
    assert (counts + counts).colon_dashes == 10
