"""A name that only modifies a common noun (“the Kirov regiment”) names nobody: the scan cue
and the book-wide check. Names and sentences are invented; no model needed."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dossier.names.accept import common_words
from dossier.names.scan import BookScan, NameMention, _cues
from dossier.records import EntityType, Mention

VOCAB = spacy.blank("en").vocab


def _doc(words: list[str], pos: list[str], deps: list[str], heads: list[int]) -> Doc:
    lemmas = [w.lower() for w in words]
    return Doc(VOCAB, words=words, pos=pos, deps=deps, heads=heads, lemmas=lemmas)


@pytest.mark.parametrize(
    ("noun", "modifier"),
    [("regiment", True), ("rifle", True), ("boy", False), ("uncle", False)],
)
def test_names_modifier_cue_only_before_a_thing(noun: str, modifier: bool) -> None:
    # He fought beside the Dravin <noun> .
    doc = _doc(
        ["He", "fought", "beside", "the", "Dravin", noun, "."],
        ["PRON", "VERB", "ADP", "DET", "PROPN", "NOUN", "PUNCT"],
        ["nsubj", "ROOT", "prep", "det", "compound", "pobj", "punct"],
        [1, 1, 1, 5, 5, 2, 1],
    )
    assert ("modifier" in _cues(doc, doc.text, 4, 5, quoted=False)) == modifier


def _names(rows: list[tuple[str, frozenset[str], EntityType]]) -> list[NameMention]:
    return [
        NameMention(Mention("c0", 10 * i, 10 * i + len(text), text, label), 0, i, cues)
        for i, (text, cues, label) in enumerate(rows)
    ]


MODIFIER = frozenset({"modifier"})


@pytest.mark.parametrize(
    ("rows", "common"),
    [
        ([("Dravin", MODIFIER, "PER")], True),
        ([("Dravin", MODIFIER, "PER"), ("Dravin", MODIFIER, "PER")], True),
        ([("Dravin", MODIFIER, "PER"), ("Dravin", frozenset({"speaker"}), "PER")], False),
        ([("Dravin", frozenset(), "GPE"), ("Dravin", frozenset(), "GPE")], False),
    ],
)
def test_names_modifier_name_that_only_modifies_is_no_person(
    rows: list[tuple[str, frozenset[str], EntityType]], common: bool
) -> None:
    scan = BookScan()
    scan.capitalised["dravin"] = len(rows)
    assert ("dravin" in common_words(_names(rows), scan)) == common
