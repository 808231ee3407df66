"""The attribution sieve (quotes.attribute) on hand-built parses: which narration tells the
next speaker."""

from __future__ import annotations

import pytest

from dossier.quotes import find_quotes

from .quote_parses import build, person, speech

SAID_ANNA = ["“|PUNCT|punct|4", "Hello|INTJ|intj|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
             "said|VERB|ROOT|4|say", "Anna|PROPN|nsubj|4", ".|PUNCT|punct|4"]  # fmt: skip


def _asked(mark: str) -> list[str]:
    """“Ready<mark>” Oleg asked. — the tag parsed as a sentence of its own."""
    return ["“|PUNCT|punct|1", "Ready|ADJ|ROOT|1", f"{mark}|PUNCT|punct|1", "”|PUNCT|punct|1",
            "Oleg|PROPN|nsubj|5", "asked|VERB|ROOT|5|ask", ".|PUNCT|punct|5"]  # fmt: skip


YES = ["“|PUNCT|punct|1", "Yes|INTJ|ROOT|1", ".|PUNCT|punct|1", "”|PUNCT|punct|1"]


@pytest.mark.parametrize(("mark", "speaker"), [("?", "anna"), ("!", "oleg")])
def test_quotes_attribute_a_question_tag_is_no_actor(mark: str, speaker: str) -> None:
    # “Hello,” said Anna. / “Ready?” Oleg asked. / “Yes.” — the tag of a question is not
    # narration of Oleg acting: the one asked answers. After “Ready!” the tag's sentence
    # still counts as the actor closing the paragraph (Oleg goes on).
    parsed = build([SAID_ANNA, _asked(mark), YES])
    assert [s.start for s in parsed.doc.sents][:3] == [0, 8, 12]  # the tag: its own sentence
    entities = [
        person(parsed, "anna", "Anna", gender="female"),
        person(parsed, "oleg", "Oleg", gender="male"),
    ]
    found = [s for _, s, _, _ in speech(find_quotes([parsed], entities))]
    assert found == ["anna", "oleg", speaker]
