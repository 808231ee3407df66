"""Tests for dossier.segment: paragraphs and sentences as offsets into the text.

Sentences use ``spacy.blank("en")`` with a ``sentencizer``: no model is needed."""

from __future__ import annotations

import time

import pytest
import spacy
from spacy.language import Language

from dossier.nlp import Parsed
from dossier.records import Document, Paragraph
from dossier.segment import split_paragraphs, split_sentences


@pytest.fixture(scope="module")
def blank_nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


def document(text: str, body_start: int = 0) -> Document:
    return Document("d1", "d1.txt", "d1", text, body_start=body_start)


def paragraph_texts(doc: Document) -> list[str]:
    return [doc.text[p.start : p.end] for p in split_paragraphs(doc)]


def assert_paragraph_invariants(doc: Document, paragraphs: list[Paragraph]) -> None:
    assert [p.index for p in paragraphs] == list(range(len(paragraphs)))
    assert all(p.doc == doc.id for p in paragraphs)
    previous_end = 0
    for p in paragraphs:
        piece = doc.text[p.start : p.end]
        assert piece and piece == piece.strip()
        assert p.start >= previous_end
        assert not doc.text[previous_end : p.start].strip()  # nothing but whitespace skipped
        previous_end = p.end
    assert not doc.text[previous_end:].strip()


# --- paragraphs ----------------------------------------------------------------------------


def test_segment_blank_lines_keep_hard_wrapped_lines_together() -> None:
    text = (
        "Anton Zubrin walked the length of the quay\n"
        "before he found the boat.\n"
        "\n"
        "  It was smaller than he had hoped.  \n"
        "\n\n\n"
        "Nobody came.\n"
    )
    doc = document(text)
    assert paragraph_texts(doc) == [
        "Anton Zubrin walked the length of the quay\nbefore he found the boat.",
        "It was smaller than he had hoped.",
        "Nobody came.",
    ]
    assert_paragraph_invariants(doc, split_paragraphs(doc))


def test_segment_no_blank_lines_means_one_paragraph_per_line() -> None:
    text = "First line here.\n   Second line.\nThird line.\n\n"[:-1]
    doc = document(text)
    assert paragraph_texts(doc) == ["First line here.", "Second line.", "Third line."]


def test_segment_whitespace_only_lines_count_as_blank() -> None:
    doc = document("One\ntwo.\n \t \nThree.")
    assert paragraph_texts(doc) == ["One\ntwo.", "Three."]


def test_segment_heading_is_paragraph_zero_even_without_blank_line() -> None:
    text = "Chapter 4\nThe cart broke down\nat the ford.\n\nMila waited.\n"
    doc = document(text, body_start=len("Chapter 4\n"))
    assert paragraph_texts(doc) == [
        "Chapter 4",
        "The cart broke down\nat the ford.",
        "Mila waited.",
    ]


def test_segment_blank_line_after_heading_does_not_decide_layout() -> None:
    text = "Chapter 4\n\nMila waited.\nThe cart came.\nThey left."
    doc = document(text, body_start=len("Chapter 4\n"))
    assert paragraph_texts(doc) == ["Chapter 4", "Mila waited.", "The cart came.", "They left."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", " \t\n"])
def test_segment_empty_text_has_no_paragraphs(text: str) -> None:
    assert split_paragraphs(document(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "a\n\nb\n\n\nc",
        "\n\n  a  \n  b  \n\n",
        "x\ny\nz",
        "solo",
        "\u00a0lead\u00a0\n\n\u2003tail\u2003",
        "one\r\n\r\ntwo",
    ],
)
def test_segment_paragraph_offsets_point_at_stripped_text(text: str) -> None:
    doc = document(text)
    assert_paragraph_invariants(doc, split_paragraphs(doc))


def test_segment_paragraphs_are_fast_on_a_million_characters() -> None:
    block = "Lev Tarasov counted the crates twice and wrote the number down.\n" * 3 + "\n"
    text = block * (1_000_000 // len(block) + 1)
    doc = document(text)
    began = time.perf_counter()
    paragraphs = split_paragraphs(doc)
    elapsed = time.perf_counter() - began
    assert len(paragraphs) == text.count("\n\n")
    assert elapsed < 1.0


# --- sentences -----------------------------------------------------------------------------


def parse(nlp: Language, doc: Document) -> Parsed:
    return Parsed(doc, nlp(doc.text))


def test_segment_sentences_follow_spacy_and_strip_whitespace(blank_nlp: Language) -> None:
    doc = document("Olga sang. Then she slept.  \n\nMorning came. The dog barked.\n")
    sentences = split_sentences(parse(blank_nlp, doc), split_paragraphs(doc))
    assert [doc.text[s.start : s.end] for s in sentences] == [
        "Olga sang.",
        "Then she slept.",
        "Morning came.",
        "The dog barked.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]
    assert [s.index for s in sentences] == [0, 1, 2, 3]
    assert all(s.doc == "d1" for s in sentences)


def test_segment_sentences_never_cross_paragraphs(blank_nlp: Language) -> None:
    # No full stop after the heading or the first line: spaCy would run them together.
    text = "Chapter 9\nThe well was dry\nSo they walked on. Evening fell."
    doc = document(text, body_start=len("Chapter 9\n"))
    parsed = parse(blank_nlp, doc)
    assert len(list(parsed.doc.sents)) == 2  # the sentencizer alone joins the lines
    paragraphs = split_paragraphs(doc)
    sentences = split_sentences(parsed, paragraphs)
    assert [text[s.start : s.end] for s in sentences] == [
        "Chapter 9",
        "The well was dry",
        "So they walked on.",
        "Evening fell.",
    ]
    for sentence in sentences:
        paragraph = paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end


def test_segment_sentences_of_an_empty_text(blank_nlp: Language) -> None:
    doc = document("  \n ")
    assert split_sentences(parse(blank_nlp, doc), split_paragraphs(doc)) == []
