"""The review: clusters riskiest first, look-alike singletons, type flips, the per-chapter
consistency report and how they render. Hand-built entities, no model."""

from __future__ import annotations

import dataclasses
import json

import pytest

from dossier.curation import (
    Decision,
    apply_decisions,
    consistency,
    review_clusters,
    variant_aliases,
)
from dossier.curation.render import change_line, render_decisions, render_review
from dossier.errors import CurationError

from .curation_book import SPEC, build

ANALYSIS = build()


def test_curation_review_riskiest_first() -> None:
    reviews = review_clusters(ANALYSIS)
    risks = [r.risk for r in reviews]
    assert risks == sorted(risks, reverse=True)
    assert reviews[0].entity == "betrov"  # a singleton that looks like Petrov
    assert reviews[-1].risk == 0
    assert {r.entity for r in reviews} == {e.id for e in ANALYSIS.entities}


def test_curation_review_singleton_variant_names_its_look_alike() -> None:
    betrov = next(r for r in review_clusters(ANALYSIS) if r.entity == "betrov")
    assert betrov.similar[0].entity == "oleg-petrov"
    assert betrov.similar[0].words == ("Betrov", "Petrov")
    assert any("looks like a variant of “Oleg Petrov”" in flag for flag in betrov.flags)


def test_curation_review_low_confidence_merges() -> None:
    petrov = next(r for r in review_clusters(ANALYSIS) if r.entity == "oleg-petrov")
    assert "low-confidence merge: “Oleg” (0.60)" in petrov.flags
    uses = {u.alias: u for u in petrov.aliases}
    assert uses["Petrov"].count == 3 and uses["Petrov"].chapters == ("one", "two")
    assert uses["Petrof"].variant and not uses["Oleg"].variant
    assert petrov.mentions == 7 and petrov.chapters == ("one", "two")


def test_curation_review_type_flips() -> None:
    reviews = {r.entity: r for r in review_clusters(ANALYSIS)}
    assert "type flips: “Gorky” is also a PER (maxim-gorky)" in reviews["gorky"].flags
    assert any("is also a GPE (gorky)" in flag for flag in reviews["maxim-gorky"].flags)
    assert reviews["gorky-street"].risk == 0


def test_curation_review_families_are_not_variants() -> None:
    """Petrov and Petrova are husband and wife, never a spelling variant to review."""
    marta = next(r for r in review_clusters(ANALYSIS) if r.entity == "marta-petrova")
    assert marta.similar == () and marta.risk == 0


def test_curation_review_editor_merges_are_not_risky() -> None:
    curated = apply_decisions(ANALYSIS.entities, [Decision(1, "merge", ("Petrov", "Betrov"))])
    analysis = dataclasses.replace(ANALYSIS, entities=curated.entities)
    petrov = next(r for r in review_clusters(analysis) if r.entity == "oleg-petrov")
    assert not any("Betrov" in flag for flag in petrov.flags)
    assert "Betrov" in variant_aliases(next(e for e in curated.entities if e.id == "oleg-petrov"))


def test_curation_consistency_per_chapter() -> None:
    report = consistency(ANALYSIS)
    assert [c.doc for c in report] == ["one", "two"]
    two = {u.entity: u for u in report[1].names}
    assert two["oleg-petrov"].variants == ("Petrof",) and two["oleg-petrov"].inconsistent
    assert dict(two["oleg-petrov"].forms) == {"Oleg": 1, "Oleg Petrov": 1, "Petrof": 1, "Petrov": 1}
    one = {u.entity: u for u in report[0].names}
    assert dict(one["oleg-petrov"].forms) == {"Petrov": 2, "Oleg Petrov": 1}
    assert not one["oleg-petrov"].inconsistent
    assert report[1].names[0].entity == "oleg-petrov"  # inconsistent names first
    assert "gorky" not in two  # one spelling: nothing to compare


def test_curation_render_text_lists_risky_and_multi_spelling_clusters() -> None:
    text = render_review(ANALYSIS, "text")
    assert text.index("Betrov [PER] risk") < text.index("Oleg Petrov [PER, male]")
    assert "Mazur" not in text and "Gorky Street" not in text
    assert "Gorky Street" in render_review(ANALYSIS, "text", everything=True)


def test_curation_render_markdown_has_the_consistency_report() -> None:
    md = render_review(ANALYSIS, "md")
    assert md.startswith("# Name review")
    assert "## Consistency by chapter" in md and "**Petrof** ×1" in md


def test_curation_render_json_lists_everything() -> None:
    payload = json.loads(render_review(ANALYSIS, "json"))
    assert len(payload["clusters"]) == len(SPEC)
    assert payload["consistency"][1]["names"][0]["variants"] == ["Petrof"]


def test_curation_render_unknown_format() -> None:
    with pytest.raises(CurationError, match="unknown format"):
        render_review(ANALYSIS, "xml")


def test_curation_render_decisions_and_changes() -> None:
    decision = Decision(3, "merge", ("Petrov", "Betrov"), note="typo", created="2026-01-01")
    assert render_decisions([]) == "no decisions recorded"
    assert "#3 merge “Petrov” + “Betrov”" in render_decisions([decision])
    assert json.loads(render_decisions([decision], "json"))[0]["args"] == ["Petrov", "Betrov"]
    curated = apply_decisions(ANALYSIS.entities, [decision])
    after = dataclasses.replace(ANALYSIS, entities=curated.entities)
    line = change_line(decision, ANALYSIS, after)
    assert line.startswith("applied #3 merge") and "Oleg Petrov (oleg-petrov, PER, male)" in line
    assert f"{len(SPEC)} → {len(SPEC) - 1} entities" in line
    reject = Decision(4, "reject", ("Mazur",))
    gone = apply_decisions(ANALYSIS.entities, [reject])
    line = change_line(reject, ANALYSIS, dataclasses.replace(ANALYSIS, entities=gone.entities))
    assert "“Mazur” is no longer a name" in line


def test_curation_review_a_low_confidence_variant_weighs_more() -> None:
    petrov = next(r for r in review_clusters(ANALYSIS) if r.entity == "oleg-petrov")
    assert "low-confidence spelling variant: “Petrof” (0.72)" in petrov.flags
    assert petrov.risk == pytest.approx(0.42)  # (1 - 0.72) × 1.5 beats (1 - 0.6) for “Oleg”
    assert not any("Betrov" in flag for flag in petrov.flags)  # flagged on the rarer side
    assert petrov.similar[0].entity == "betrov" and not petrov.similar[0].rare


def test_curation_review_place_words_are_no_variants() -> None:
    park = [("one", "Rosings Park"), ("two", "Rosings Park")]
    burk = [("one", "Lady Burk"), ("one", "Burk"), ("two", "Burk")]
    analysis = build(
        [("Rosings Park", "FAC", None, park, {}), ("Lady Burk", "PER", "female", burk, {})]
    )
    assert all(not r.similar for r in review_clusters(analysis))
