"""The mentions stage on hand-built parses: names trimmed and split, descriptions, pronouns."""

from __future__ import annotations

import pytest

from dossier.mentions import extract_mentions, trim_name
from dossier.names.quoted import quote_spans
from tests.test_names_docs import build


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kasyanov’s", "Kasyanov"),
        ("the Central Bureau", "Central Bureau"),
        ("“Kasyanov", "Kasyanov"),
        ("Kasyanov,", "Kasyanov"),
        ("K. P. Dobrynin", "K. P. Dobrynin"),
        ("the Dobrynins’", "Dobrynins"),
    ],
)
def test_mentions_trim_name(text: str, expected: str) -> None:
    start, end = trim_name(text, 0)
    assert text[start:end] == expected


def test_mentions_quote_spans_of_each_kind() -> None:
    text = 'He said, “Go.” She said ‘No’ and it’s Tom’s "Yes".\n\n“Open'
    assert [text[s:e] for s, e in quote_spans(text)] == ["“Go.”", "‘No’", '"Yes"']


def _texts(parsed: object, kind: str) -> list[str]:
    return [m.text for m in extract_mentions(parsed) if m.kind == kind]  # type: ignore[arg-type]


def test_mentions_names_are_trimmed_titled_and_split() -> None:
    parsed = build(
        [
            "Once/ADV/advmod/1 Kasyanov/PROPN/nsubj/2 left/VERB/ROOT/2 ./PUNCT/punct/2",
            "Comrade/PROPN/compound/1 Dobrynin/PROPN/nsubj/2 came/VERB/ROOT/2 ./PUNCT/punct/2",
            "Vera/PROPN/nsubj/3 and/CCONJ/cc/0 Lida/PROPN/conj/0 sang/VERB/ROOT/3 ./PUNCT/punct/3",
        ],
        ents=[(0, 2, "PERSON"), (5, 6, "PERSON"), (8, 11, "ORG")],
    )
    assert _texts(parsed, "PROP") == ["Kasyanov", "Comrade Dobrynin", "Vera", "Lida"]


def test_mentions_descriptions_cover_the_noun_phrase() -> None:
    parsed = build(
        [
            "The/DET/det/1 porter/NOUN/nsubj/4 on/ADP/prep/1 duty/NOUN/pobj/2 came/VERB/ROOT/4 "
            "./PUNCT/punct/4",
            "Kasyanov/PROPN/poss/3 ’s/PART/case/0 two/NUM/nummod/3 sons/NOUN/nsubj/4 "
            "slept/VERB/ROOT/4 ./PUNCT/punct/4",
            "the/DET/det/1 chief/NOUN/nsubj/5 of/ADP/prep/1 the/DET/det/4 department/NOUN/pobj/2 "
            "whispered/VERB/ROOT/5 ./PUNCT/punct/5",
        ],
        ents=[(6, 7, "PERSON")],
    )
    assert _texts(parsed, "NOM") == [
        "The porter",
        "Kasyanov’s two sons",
        "the chief of the department",
    ]


def test_mentions_first_person_outside_quotations_only() -> None:
    parsed = build(
        [
            "I/PRON/nsubj/1 said/VERB/ROOT/1 ,/PUNCT/punct/1 “/PUNCT/punct/1 I/PRON/nsubj/5 "
            "know/VERB/ccomp/1 ./PUNCT/punct/5 ”/PUNCT/punct/1",
            "He/PRON/nsubj/1 told/VERB/ROOT/1 me/PRON/dobj/1 ./PUNCT/punct/1",
        ]
    )
    pronouns = [m for m in extract_mentions(parsed) if m.kind == "PRON"]
    assert [m.text for m in pronouns] == ["I", "me"]
    assert {m.label for m in pronouns} == {"PER"}


def test_mentions_heading_and_titles_alone_are_not_names() -> None:
    parsed = build(
        ["The/DET/det/1 Tsar/PROPN/nsubj/2 slept/VERB/ROOT/2 ./PUNCT/punct/2"],
        ents=[(1, 2, "GPE")],
        heading="Kasyanov",
    )
    assert _texts(parsed, "PROP") == []
