"""Who is who on real text (model): the seed chapters' figures and the sample book's people."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dossier.evaluate import evaluate
from dossier.export import to_json

from .conftest import GOLD

pytestmark = pytest.mark.model


def test_names_quality_seed_figures(seeds_run: Any) -> None:
    analysis, _ = seeds_run
    figures = evaluate(to_json(analysis), json.loads(GOLD.read_text(encoding="utf-8")))
    assert figures["merge_recall_per"] >= 0.95
    assert figures["separation_per"] == 1.0
    assert figures["separation_all"] >= 0.99
    assert figures["distinct_held"] == figures["distinct_total"]


def test_names_quality_seed_alias_evidence_is_filled(seeds_run: Any) -> None:
    analysis, _ = seeds_run
    for entity in analysis.entities:
        explained = {item.alias for item in entity.evidence if item.reason}
        assert set(entity.aliases) <= explained


def _person(analysis: Any, alias: str) -> Any:
    found = [e for e in analysis.entities if alias in e.aliases]
    assert len(found) == 1, [(e.name, e.aliases) for e in found]
    return found[0]


def test_names_quality_sample_variants_join_and_family_stays_apart(sample_run: Any) -> None:
    analysis, _ = sample_run
    arkady = _person(analysis, "Arkady Vorontsov")
    assert {"Worontsof", "Arkady Petrovich", "Arkady"} <= set(arkady.aliases)
    assert arkady.gender == "male" and arkady.name == "Arkady Vorontsov"
    zharov = _person(analysis, "Tikhon Zharov")
    assert {"Rarov", "Sharov"} <= set(zharov.aliases)
    lidia = _person(analysis, "Lidia Vorontsova")
    assert lidia.gender == "female" and lidia.id != arkady.id
    semyon = _person(analysis, "Semyon Vorontsov")
    assert semyon.id != arkady.id
    assert sum(e.narrator for e in analysis.entities) == 1
