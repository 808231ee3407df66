"""Turn-taking redone once a document is read (quotes.turns) on hand-built parses."""

from __future__ import annotations

import pytest

from dossier.quotes import find_quotes
from dossier.records import Quote

from .quote_parses import build, person

SAID_ANNA = ["“|PUNCT|punct|4", "Hello|INTJ|intj|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
             "said|VERB|ROOT|4|say", "Anna|PROPN|nsubj|4", ".|PUNCT|punct|4"]  # fmt: skip
SAID_OLEG = ["“|PUNCT|punct|4", "Come|VERB|ROOT|1", ",|PUNCT|punct|1", "”|PUNCT|punct|1",
             "said|VERB|ROOT|4|say", "Oleg|PROPN|nsubj|4", ".|PUNCT|punct|4"]  # fmt: skip


def _bare(word: str) -> list[str]:
    """“<word>.” — an untagged paragraph."""
    return ["“|PUNCT|punct|1", f"{word}|INTJ|ROOT|1", ".|PUNCT|punct|1", "”|PUNCT|punct|1"]


def _calling(name: str) -> list[str]:
    """“No, <name>.” — an untagged paragraph that calls someone by name."""
    return ["“|PUNCT|punct|1", "No|INTJ|ROOT|1", ",|PUNCT|punct|1", f"{name}|PROPN|npadvmod|1",
            ".|PUNCT|punct|1", "”|PUNCT|punct|1"]  # fmt: skip


def _speech(paragraphs: list[list[str]]) -> list[Quote]:
    parsed = build(paragraphs)
    entities = [
        person(parsed, "anna", "Anna", gender="female"),
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "ivan", "Ivan", gender="male"),
    ]
    return [q for q in find_quotes([parsed], entities) if q.kind == "speech"]


@pytest.mark.parametrize(
    ("called", "speakers"),
    [
        # “Hello,” said Anna. / “Come,” said Oleg. / “Wait.” / “No, Ivan.” — alternation gives
        # “Wait.” to Anna, but the next turn answers Ivan: Ivan said it
        ("Ivan", ["anna", "oleg", "ivan", "oleg"]),
        # … / “No, Anna.” — the next turn agrees with alternation: Anna's, as guessed
        ("Anna", ["anna", "oleg", "anna", "oleg"]),
    ],
)
def test_quotes_turns_the_next_turn_names_who_spoke(called: str, speakers: list[str]) -> None:
    quotes = _speech([SAID_ANNA, SAID_OLEG, _bare("Wait"), _calling(called)])
    assert [q.speaker for q in quotes] == speakers


def test_quotes_turns_a_name_overruling_a_guess_is_surer_than_the_guess() -> None:
    guessed = _speech([SAID_ANNA, SAID_OLEG, _bare("Wait"), _calling("Anna")])[2]
    overruled = _speech([SAID_ANNA, SAID_OLEG, _bare("Wait"), _calling("Ivan")])[2]
    assert (guessed.method, overruled.method) == ("implicit", "implicit")
    assert guessed.confidence < overruled.confidence < 0.65  # still below any tag
