"""Quotation detection: marks of every style, dash dialogue, long and broken quotations, and
scare quotes. Plain text in, pieces out; no model needed."""

from __future__ import annotations

import pytest

from dossier.quotes.detect import MarkCounts, QuoteSpan, detect_quotes
from dossier.records import Document
from dossier.segment import split_paragraphs


def spans(text: str, counts: MarkCounts | None = None) -> list[QuoteSpan]:
    document = Document("d", "", "", text)
    return detect_quotes(text, split_paragraphs(document), counts or MarkCounts.of(text))


def pieces(text: str, counts: MarkCounts | None = None) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.kind) for s in spans(text, counts)]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("“Where is the key?” asked Vera.", "“Where is the key?”"),
        ('"Where is the key?" asked Vera.', '"Where is the key?"'),
        ("«Where is the key?» asked Vera.", "«Where is the key?»"),
        ("„Where is the key?“ asked Vera.", "„Where is the key?“"),
        ("「Where is the key?」 asked Vera.", "「Where is the key?」"),
        # mistyped marks from machine translation still pair up
        ("”Where is the key?” asked Vera.", "”Where is the key?”"),
    ],
)
def test_quotes_detect_every_double_style(text: str, quoted: str) -> None:
    assert pieces(text) == [(quoted, "speech")]


def test_quotes_detect_british_single_marks_skip_apostrophes() -> None:
    text = (
        "‘I don’t know,’ said Olga.\n\n‘The boys’ coats are wet,’ said Ilya.\n\n"
        "‘Ivanov’s dog ran off,’ said Olga. ‘It’s gone.’"
    )
    found = [quote for quote, kind in pieces(text) if kind == "speech"]
    assert found == [
        "‘I don’t know,’",
        "‘The boys’ coats are wet,’",
        "‘Ivanov’s dog ran off,’",
        "‘It’s gone.’",
    ]


def test_quotes_detect_single_marks_off_in_a_double_mark_book() -> None:
    text = "“Yes,” he said.\n\n“No,” she said.\n\n“Maybe,” he said. The ‘best’ of days."
    assert [q for q, _ in pieces(text)] == ["“Yes,”", "“No,”", "“Maybe,”"]


def test_quotes_detect_nested_quotation_is_part_of_the_outer_one() -> None:
    text = "“He told me ‘never again,’ and left,” said Anna."
    assert pieces(text) == [("“He told me ‘never again,’ and left,”", "speech")]


def test_quotes_detect_speech_over_two_paragraphs() -> None:
    text = "“The first part of a long story.\n\n“And here is its end.” He stopped."
    found = spans(text)
    assert [(s.closed, s.joined) for s in found] == [(False, False), (True, True)]
    assert text[found[0].start : found[0].end] == "“The first part of a long story."


def test_quotes_detect_quote_left_open_inside_a_sentence_ends_with_it() -> None:
    text = "The committee “would consider his case. Then Boris left the room.\n\n“Hello.”"
    found = spans(text)
    assert text[found[0].start : found[0].end] == "“would consider his case."
    assert not found[0].closed
    assert text[found[1].start : found[1].end] == "“Hello.”"


def test_quotes_detect_lost_opening_mark() -> None:
    text = "I am going home now,” said Vera."
    assert pieces(text) == [("I am going home now,”", "speech")]


def test_quotes_detect_interrupted_utterance_is_joined() -> None:
    text = "“This is the office,” Boris explained to her, “the director wants you.”"
    found = spans(text)
    assert [s.joined for s in found] == [False, True]


def test_quotes_detect_dash_dialogue() -> None:
    text = (
        "— Where are you going? — asked Pyotr. — To the station.\n\n"
        "— Take me with you.\n\n— No.\n\nHe turned away."
    )
    found = spans(text)
    assert [text[s.start : s.end] for s in found] == [
        "— Where are you going?",
        "— To the station.",
        "— Take me with you.",
        "— No.",
    ]
    assert [s.joined for s in found] == [False, True, False, False]
    assert all(s.kind == "speech" for s in found)


def test_quotes_detect_dash_paragraphs_need_a_habit() -> None:
    assert spans("— a list item, not dialogue\n\nThe rest.") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("He had to swallow the “spit” that hit him.", "scare"),
        ("The sons were still “off the books”.", "scare"),
        ("They wrote a short “interrogation transcript” for him.", "scare"),
        ("The article said “with great sadness” that he had died.", "scare"),
        ("Her friends knew her as “Tuppence.”", "scare"),
        ("By “here” I meant the city.", "scare"),
        ("He wrote a memoir entitled “Some Battles I Have Fought.”", "scare"),
        ("He began his memoirs under the title “Society as I Have Seen It.”", "scare"),
        ("She hummed the refrain of “Home Again, Sweet Home” twice.", "scare"),
        ("He sighed and “Come Over Here, Boris Ivanov!” was all he said.", "speech"),
        ("“Very simply,” he replied bitterly.", "speech"),
        ("I thought: “He has cut him off too!”", "speech"),
        ("“Bingley.”", "speech"),
        ("She said “Come home at once” and left.", "speech"),
    ],
)
def test_quotes_detect_scare_quotes(text: str, kind: str) -> None:
    assert [k for _, k in pieces(text)] == [kind]


def test_quotes_detect_mark_counts_choose_styles() -> None:
    british = MarkCounts.of("‘Yes,’ she said. ‘No.’ ‘Maybe.’ ‘Well.’ “nested”")
    assert british.singles and not british.dashes
    american = MarkCounts.of("“Yes,” she said. ‘scare’ “No.” “Maybe.”")
    assert not american.singles
    dashes = MarkCounts.of("— One.\n— Two.\n— Three.")
    assert dashes.dashes
    assert (MarkCounts(double=2) + MarkCounts(single=3)).single == 3
