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


def test_pipeline_edited_chapter_gives_the_same_analysis_with_and_without_the_cache(
    seeds_run: Any, nlp: Any, seeds_dir: Any, tmp_path: Any
) -> None:
    """After one chapter is edited, the re-run (the other chapter's parse, segments, mentions
    and times from the cache, and its parse from memory) equals a run from scratch, down to
    the stored export."""
    import shutil

    from dossier import pipeline
    from dossier.export import to_json
    from dossier.ingest import read_book
    from dossier.parsecache import forget_recent_parses
    from dossier.store import read_analysis

    _, outdir = seeds_run
    book = tmp_path / "book"
    shutil.copytree(seeds_dir, book)
    shutil.copytree(outdir, tmp_path / "out")
    chapter = sorted(book.glob("*.txt"))[-1]
    text = chapter.read_text(encoding="utf-8")
    cut = text.index("\n\n", len(text) // 2)  # offsets after the edit all move
    edit = "\n\n“Come in, Tamara Ilyinichna,” said Grigory Lunts. She sat down by the window."
    chapter.write_text(text[:cut] + edit + text[cut:], encoding="utf-8")

    cached, stats = pipeline.analyze([book], tmp_path / "out", nlp)
    assert (stats.parsed, stats.cached) == (1, 1)
    forget_recent_parses()
    fresh, stats = pipeline.analyze([book], tmp_path / "fresh", nlp)
    assert (stats.parsed, stats.cached) == (2, 0)
    plain = pipeline.analyze_documents(read_book([book]), nlp)  # no cache at all

    for other in (fresh, plain):
        assert cached.documents == other.documents
        assert cached.paragraphs == other.paragraphs and cached.sentences == other.sentences
        assert cached.entities == other.entities
        assert cached.quotes == other.quotes
        assert cached.relations == other.relations and cached.events == other.events
        assert cached.times == other.times
    assert any(m.text == "Grigory Lunts" for e in cached.entities for m in e.mentions)
    exported = to_json(read_analysis(tmp_path / "out" / pipeline.DB_NAME))
    assert exported == to_json(read_analysis(tmp_path / "fresh" / pipeline.DB_NAME))


def test_pipeline_decision_and_its_undo_match_runs_without_the_cache(
    seeds_run: Any, nlp: Any, seeds_dir: Any, tmp_path: Any
) -> None:
    """Quotes and facts are read back only for the same curated entities: a merge changes
    them as a run without the cache does; after its undo they are the first run's again, and
    a re-run with nothing changed reads them back."""
    import shutil

    from dossier import pipeline
    from dossier.curation import list_decisions, record_decision, undo
    from dossier.ingest import read_book

    analysis, outdir = seeds_run
    shutil.copytree(outdir, tmp_path / "out")
    db = tmp_path / "out" / pipeline.DB_NAME
    people = [e for e in analysis.entities if e.type == "PER" and not e.narrator]
    record_decision(db, "merge", (people[0].id, people[1].id))
    merged, stats, _ = pipeline.reanalyze(db, nlp)
    assert stats.seconds["quotes"] > 0  # the entities changed: the stage ran
    decisions = list_decisions(db, active_only=True)
    plain = pipeline.analyze_documents(read_book([seeds_dir]), nlp, decisions=decisions)
    assert merged.entities == plain.entities and len(merged.entities) < len(analysis.entities)
    assert merged.quotes == plain.quotes
    assert merged.relations == plain.relations and merged.events == plain.events
    assert merged.times == plain.times
    undo(db)
    for _ in range(2):
        back, stats, _ = pipeline.reanalyze(db, nlp)
        assert back.entities == analysis.entities and back.quotes == analysis.quotes
        assert back.relations == analysis.relations and back.events == analysis.events
    assert stats.seconds["quotes"] == stats.seconds["facts"] == 0.0  # the second: read back


def test_pipeline_collects_garbage_less_often_only_during_runs() -> None:
    import gc
    import threading

    from dossier import pipeline

    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []

    def run() -> None:
        with pipeline._fewer_collections():
            seen.append(gc.get_threshold())
            barrier.wait()  # both runs under way at once
            seen.append(gc.get_threshold())

    barrier = threading.Barrier(2)
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4
    assert all(t[0] >= pipeline.GC_THRESHOLDS[0] for t in seen)
    assert gc.get_threshold() == before  # the last run to end restored the process's own
