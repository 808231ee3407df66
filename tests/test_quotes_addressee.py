"""Addressees: the vocative inside a quotation, with or without a word of affection after the
name. Names and sentences are invented; no model needed."""

from __future__ import annotations

import pytest

from dossier.quotes import find_quotes

from .quote_parses import build, person, speech


def _told(after_name: list[str]) -> list[list[str]]:
    """“But, Vera <after_name> it is late,” said Oleg."""
    n = len(after_name)
    root = 9 + n
    return [
        ["“|PUNCT|punct|" + str(root), "But|CCONJ|cc|" + str(5 + n), ",|PUNCT|punct|" + str(5 + n),
         "Vera|PROPN|npadvmod|" + str(5 + n)]
        + [f"{word}|NOUN|appos|3" for word in after_name]
        + [",|PUNCT|punct|" + str(5 + n), "it|PRON|nsubj|" + str(6 + n),
           "is|AUX|ccomp|" + str(root) + "|be", "late|ADJ|acomp|" + str(6 + n),
           ",|PUNCT|punct|" + str(root), "”|PUNCT|punct|" + str(root),
           "said|VERB|ROOT|" + str(root) + "|say", "Oleg|PROPN|nsubj|" + str(root),
           ".|PUNCT|punct|" + str(root)]
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("after_name", "addressee"),
    [([], "vera"), (["dear"], "vera"), (["darling"], "vera"), (["Street"], None)],
)
def test_quotes_addressee_vocative_with_a_word_of_affection(
    after_name: list[str], addressee: str | None
) -> None:
    parsed = build(_told(after_name))
    entities = [
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "vera", "Vera", gender="female"),
    ]
    ((_, speaker, got, method),) = speech(find_quotes([parsed], entities))
    assert (speaker, method) == ("oleg", "explicit")
    assert got == addressee
