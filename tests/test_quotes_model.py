"""Who said what on real text (model): the seed chapters' figures and the sample book's
speakers, through the whole pipeline."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dossier.evaluate import evaluate
from dossier.export import to_json

from .conftest import GOLD

pytestmark = pytest.mark.model


def test_quotes_model_seed_figures(seeds_run: Any) -> None:
    analysis, _ = seeds_run
    figures = evaluate(to_json(analysis), json.loads(GOLD.read_text(encoding="utf-8")))
    assert figures["quote_recall"] >= 0.95
    assert figures["speaker_accuracy"] >= 0.9
    assert figures["addressee_accuracy"] >= 0.7
    assert figures["scare_quotes_with_speaker"] == 0


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        ("And does he not?", "Lidia Vorontsova"),
        ("I know only the secrets", "narrator"),
        ("I hear you still write letters", "Tikhon Zharov"),
        ("Nothing is forbidden", "Tikhon Zharov"),
        ("look after Lidia", "Arkady Vorontsov"),
        ("Did they say what he is accused of?", "narrator"),
        ("You were lucky today", "lieutenant"),
        ("Nothing. Not joy, not pity.", "Lidia Vorontsova"),
    ],
)
def test_quotes_model_sample_speakers(sample_run: Any, words: str, speaker: str) -> None:
    analysis, _ = sample_run
    entities = {entity.id: entity for entity in analysis.entities}
    (quote,) = [q for q in analysis.quotes if words in q.text]
    found = entities[quote.speaker]
    if speaker == "narrator":
        assert found.narrator
    else:
        assert any(speaker in name for name in (found.name, *found.aliases)), found.name


def test_quotes_model_sample_vocative_addressee(sample_run: Any) -> None:
    analysis, _ = sample_run
    entities = {entity.id: entity for entity in analysis.entities}
    (quote,) = [q for q in analysis.quotes if "Arkady Petrovich, I hear" in q.text]
    addressee = entities[quote.addressee or ""]
    assert "Arkady Vorontsov" in (addressee.name, *addressee.aliases)
