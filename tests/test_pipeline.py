"""The whole pipeline on real text: the export contract holds on the seed chapters."""

from __future__ import annotations

from typing import Any

import pytest

from dossier.export import to_json

pytestmark = pytest.mark.model


def test_pipeline_seeds_export_contract(seeds_run: Any) -> None:
    analysis, _ = seeds_run
    data = to_json(analysis)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    assert list(texts) == ["000_bfbacb51208f1372", "003_90d5e6343af55bb8"]
    assert [d["chapter"] for d in data["documents"]] == [52, 109]
    ids = [e["id"] for e in data["entities"]]
    assert len(ids) == len(set(ids))
    for entity in data["entities"]:
        assert entity["type"] in {"PER", "ORG", "GPE", "LOC", "FAC", "VEH"}
        for mention in entity["mentions"]:
            assert texts[mention["doc"]][mention["start"] : mention["end"]] == mention["text"]
            assert not mention["text"].endswith(("’s", "'s"))
    for quote in data["quotes"]:
        assert texts[quote["doc"]][quote["start"] : quote["end"]] == quote["text"]
        assert quote["speaker"] is None or quote["speaker"] in ids


def test_pipeline_sentences_stay_inside_paragraphs(seeds_run: Any) -> None:
    analysis, _ = seeds_run
    paragraphs = {(p.doc, p.index): p for p in analysis.paragraphs}
    assert analysis.sentences
    for sentence in analysis.sentences:
        paragraph = paragraphs[(sentence.doc, sentence.paragraph)]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end


def test_pipeline_heading_is_not_mined_for_names(seeds_run: Any) -> None:
    analysis, _ = seeds_run
    starts = {d.id: d.body_start for d in analysis.documents}
    assert all(starts.values())
    for entity in analysis.entities:
        for mention in entity.mentions:
            assert mention.start >= starts[mention.doc]


def test_pipeline_records_stage_times(seeds_run: Any) -> None:
    analysis, _ = seeds_run
    assert {"parse", "segment", "mentions", "names", "quotes", "facts"} <= set(analysis.stats)


def test_pipeline_bounded_memory_mode_gives_the_same_analysis(
    seeds_run: Any, nlp: Any, seeds_dir: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    from dossier import pipeline

    analysis, _ = seeds_run
    monkeypatch.setattr(pipeline, "MEMORY_TOKENS", 0)  # every parse read back from the cache
    lazy, _ = pipeline.analyze([seeds_dir], tmp_path, nlp)
    assert lazy.entities == analysis.entities
    assert lazy.quotes == analysis.quotes
    assert lazy.relations == analysis.relations and lazy.events == analysis.events


def test_pipeline_rerun_from_the_cache_gives_the_same_analysis(
    seeds_run: Any, nlp: Any, seeds_dir: Any, tmp_path: Any
) -> None:
    import shutil

    from dossier import pipeline

    analysis, outdir = seeds_run
    shutil.copytree(outdir, tmp_path / "out")
    again, stats = pipeline.analyze([seeds_dir], tmp_path / "out", nlp)
    assert (stats.parsed, stats.cached) == (0, len(analysis.documents))
    assert list((tmp_path / "out" / "cache").glob("book-*.names.pickle"))
    assert again.entities == analysis.entities and again.quotes == analysis.quotes
    assert again.sentences == analysis.sentences and again.times == analysis.times
    assert again.relations == analysis.relations and again.events == analysis.events
