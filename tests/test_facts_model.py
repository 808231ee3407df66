"""Facts on real text with the real pipeline: the seed chapters and LitBank's event layer."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dossier.evaluate import evaluate
from dossier.export import to_json
from dossier.facts import realis_triggers, timeline
from dossier.nlp import Parsed
from dossier.records import Document
from tests.conftest import GOLD, LITBANK

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed_figures(seeds_run: Any) -> dict[str, Any]:
    analysis, _ = seeds_run
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return evaluate(to_json(analysis), gold)


def test_facts_model_seed_relations_and_events_recall(seed_figures: dict[str, Any]) -> None:
    assert seed_figures["relation_recall"] >= 0.8
    assert seed_figures["event_recall"] >= 0.75


def test_facts_model_no_realis_event_from_negated_or_hypothetical_clause(seeds_run: Any) -> None:
    analysis, _ = seeds_run
    texts = {d.id: d.text for d in analysis.documents}
    for event in analysis.events:
        sentence = texts[event.doc][event.start : event.end]
        if event.type.startswith("arrest") and (
            "time to arrest" in sentence or "not been arrested" in sentence or " if " in sentence
        ):
            assert event.modality != "realis", sentence


def test_facts_model_seed_timeline_is_ordered(seeds_run: Any) -> None:
    analysis, _ = seeds_run
    entries = timeline(analysis)
    dated = [e.date for e in entries if e.date]
    assert dated == sorted(dated)
    assert all(e.event.modality == "realis" for e in entries)


def _litbank_doc(nlp: Any, stem: str) -> tuple[Parsed, set[tuple[int, int]]]:
    """A LitBank events document parsed on its own tokens, and its gold trigger spans (read
    the way ``bench/events_litbank.py`` reads them)."""
    from bench.events_litbank import gold_spans, tokenized_doc

    text = (LITBANK / "events" / f"{stem}.txt").read_text(encoding="utf-8")
    doc = tokenized_doc(nlp, text)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return Parsed(Document(stem, stem, stem, text), doc), gold_spans(stem)


def test_facts_model_litbank_realis_triggers(nlp: Any) -> None:
    split = LITBANK / "splits" / "0" / "test.ids"
    if not split.is_file() or not (LITBANK / "events").is_dir():
        pytest.skip("LitBank is not beside this checkout")
    ids = split.read_text(encoding="utf-8").split()[:2]
    tp = fp = fn = 0
    for stem in (i.removesuffix(".tsv") for i in ids):
        parsed, gold = _litbank_doc(nlp, stem)
        found = {(t.start, t.end) for t in realis_triggers(parsed)}
        tp += len(found & gold)
        fp += len(found - gold)
        fn += len(gold - found)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.5
