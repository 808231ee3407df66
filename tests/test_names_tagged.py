"""Described speakers (:mod:`dossier.names.tagged`): the description that is the subject of a
speech tag beside a quotation becomes a person, and the quotes stage gives it the words."""

from __future__ import annotations

import pytest

from dossier.nlp import Parsed
from dossier.quotes import find_quotes
from dossier.records import Entity

from .test_names_docs import build, resolve

# “Yes,” said <subject>.   (tokens: “ Yes , ” said … .)
_TAG = "“/PUNCT/punct/4 Yes/INTJ/intj/4 ,/PUNCT/punct/4 ”/PUNCT/punct/4 said/VERB/ROOT/4"


def _said(*subject: str) -> str:
    """A sentence “Yes,” said <subject>: ``subject`` tokens as word/POS/dep/head."""
    return " ".join((_TAG, *subject, "./PUNCT/punct/4"))


AUCTIONEER = ("the/DET/det/6", "auctioneer/NOUN/nsubj/4")
ANOTHER = ("another/PRON/nsubj/4",)
A_VOICE = ("a/DET/det/7", "rough/ADJ/amod/7", "voice/NOUN/nsubj/4")


def _tagged(entities: list[Entity]) -> list[Entity]:
    return [e for e in entities if e.evidence and "speech tag" in e.evidence[0].features]


@pytest.mark.parametrize(
    ("subject", "name"),
    [(AUCTIONEER, "the auctioneer"), (ANOTHER, "another"), (A_VOICE, "a rough voice")],
)
def test_names_tagged_speaker_becomes_description(subject: tuple[str, ...], name: str) -> None:
    entities = _tagged(resolve(build([_said(*subject)])))
    assert [(e.name, e.description, e.type) for e in entities] == [(name, True, "PER")]


@pytest.mark.parametrize(
    "subject",
    [
        ("the/DET/det/6", "content/NOUN/nsubj/4"),  # not a person
        ("the/DET/det/6", "auctioneers/NOUN/nsubj/4"),  # a group
        ("his/PRON/poss/6", "auctioneer/NOUN/nsubj/4"),  # possessed: the quotes stage's
    ],
)
def test_names_tagged_skips_non_persons(subject: tuple[str, ...]) -> None:
    assert _tagged(resolve(build([_said(*subject)]))) == []


def test_names_tagged_needs_a_quotation() -> None:
    plain = "the/DET/det/1 auctioneer/NOUN/nsubj/2 said/VERB/ROOT/2 so/ADV/advmod/2 ./PUNCT/punct/2"
    assert _tagged(resolve(build([plain]))) == []


def test_names_tagged_definite_continues_in_chapter() -> None:
    entities = _tagged(resolve(build([_said(*AUCTIONEER), _said(*AUCTIONEER)])))
    assert [(e.name, len(e.mentions)) for e in entities] == [("the auctioneer", 2)]


def test_names_tagged_quote_goes_to_description() -> None:
    parsed: Parsed = build([_said(*AUCTIONEER)])
    entities = resolve(parsed)
    quotes = find_quotes([parsed], entities)
    speaker = next(e for e in entities if e.name == "the auctioneer")
    assert [(q.speaker, q.method) for q in quotes] == [(speaker.id, "explicit")]


def test_names_tagged_no_one_is_nobody() -> None:
    subject = ("no/DET/det/6", "one/NOUN/nsubj/4")
    assert _tagged(resolve(build([_said(*subject)]))) == []
