from __future__ import annotations

from typing import Any

import pytest
import spacy

from dossier import nlp as nlp_module
from dossier.errors import ModelError
from dossier.nlp import (
    _chunks,
    load_pipeline,
    parse_documents,
)
from dossier.records import Document


@pytest.fixture()
def blank() -> Any:
    return spacy.blank("en")


def _docs(*texts: str) -> list[Document]:
    return [
        Document(f"ch{i}", f"ch{i}.txt", f"Chapter {i}", t, order=i) for i, t in enumerate(texts)
    ]


@pytest.mark.parametrize("size", [20, 50, 1000])
def test_nlp_chunks_rejoin_exactly(size: int) -> None:
    text = "First paragraph here.\n\nSecond one, longer than the first.\n\nThird.\n" * 5
    pieces = _chunks(text, size)
    assert "".join(pieces) == text
    assert all(len(p) <= size for p in pieces)


def test_nlp_parse_long_text_in_chunks_keeps_offsets(blank: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(nlp_module, "CHUNK_CHARS", 40)
    text = "Anna came home.\n\nShe said nothing at all.\n\nThen Boris arrived late.\n"
    (parsed,) = parse_documents(_docs(text), blank)
    assert parsed.doc.text == text
    assert [t.text for t in parsed.doc if t.idx == text.index("Boris")] == ["Boris"]


def test_nlp_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="no spaCy English pipeline installed"):
        load_pipeline("no_such_pipeline_package")


@pytest.mark.model
def test_nlp_colon_dash_opens_speech_as_its_own_tokens(nlp: Any) -> None:
    # “said:—O, …” (dash dialogue opened inside a paragraph): the tag's verb is a token of its own
    words = [t.text for t in nlp("His aunt said:—O, Tomas will come. Then:--quiet; so;—on.")]
    assert words[:6] == ["His", "aunt", "said", ":", "—", "O"]
    assert words[9:15] == ["come", ".", "Then", ":", "--", "quiet"]
    assert ";" in words and words[words.index("so") + 2] == "—"
