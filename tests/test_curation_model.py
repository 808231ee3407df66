"""Curation round trips on the sample book with the real pipeline: a decision survives
re-analysis, edited and added chapters; one whose name left the book is reported stale; quotes
and facts see the curated entities; the CLI re-analyses from the parse cache."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dossier.cli import cli
from dossier.curation import find_entity, list_decisions, record_decision
from dossier.pipeline import DB_NAME, analyze, reanalyze
from dossier.records import Analysis, Entity
from dossier.store import read_analysis

from .conftest import SAMPLE

pytestmark = pytest.mark.model


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return Path(shutil.copytree(SAMPLE, tmp_path / "book"))


@pytest.fixture
def db(nlp: Any, book: Path, tmp_path: Path) -> Path:
    analyze([book], tmp_path / "out", nlp)
    return tmp_path / "out" / DB_NAME


def owner(analysis: Analysis, alias: str) -> Entity:
    return next(e for e in analysis.entities if alias in e.aliases)


def test_curation_model_sample_variants_are_merged_before_curation(db: Path) -> None:
    analysis = read_analysis(db)
    assert {"Borontsov", "Worontsof"} <= set(owner(analysis, "Vorontsov").aliases)
    assert {"Rarov", "Sharov"} <= set(owner(analysis, "Zharov").aliases)


def test_curation_model_decision_survives_reanalysis_edits_and_new_chapters(
    nlp: Any, book: Path, db: Path
) -> None:
    record_decision(db, "split", ["Borontsov"], note="the guards' name for him")
    analysis, stats, stale = reanalyze(db, nlp)
    assert stats.parsed == 0 and stats.cached == 3 and not stale  # nothing re-parsed
    assert owner(analysis, "Borontsov").aliases == ("Borontsov",)
    assert "Borontsov" not in owner(analysis, "Vorontsov").aliases
    stored = read_analysis(db)  # written, in the store's own order
    assert {e.id for e in stored.entities} == {e.id for e in analysis.entities}
    assert owner(stored, "Borontsov").aliases == ("Borontsov",)

    analysis, _ = analyze([book], db.parent, nlp)  # analyze again: still applied
    assert owner(analysis, "Borontsov").aliases == ("Borontsov",)

    chapter = book / "chapter-3.txt"
    chapter.write_text(
        chapter.read_text("utf-8") + "\nBorontsov was remembered by the prisoners.\n", "utf-8"
    )
    (book / "chapter-4.txt").write_text(
        "Notes from the Northern Capital (4)\n\nYears later I met Borontsov’s old neighbour, "
        "who said that Borontsov had written to Lidia Vorontsova every spring.\n",
        "utf-8",
    )
    analysis, stats = analyze([book], db.parent, nlp)
    assert stats.parsed == 2 and not stats.stale
    split = owner(analysis, "Borontsov")
    assert split.aliases == ("Borontsov",) and len(split.mentions) >= 4
    assert {m.doc for m in split.mentions} >= {"chapter-3", "chapter-4"}
    assert [d.args for d in list_decisions(db)] == [("Borontsov",)]


def test_curation_model_stale_decision_is_reported_and_kept(nlp: Any, book: Path, db: Path) -> None:
    decision = record_decision(db, "split", ["Worontsof"])
    chapter = book / "chapter-2.txt"
    chapter.write_text(chapter.read_text("utf-8").replace("Worontsof", "Vorontsov"), "utf-8")
    _, stats = analyze([book], db.parent, nlp)
    assert [s.decision for s in stats.stale] == [decision]
    assert "no entity is called “Worontsof”" in stats.stale[0].reason
    assert list_decisions(db) == [decision]  # never dropped
    result = CliRunner().invoke(cli, ["curate", str(db), "set-gender", "Kremlin", "none"])
    assert result.exit_code == 1  # Kremlin has no gender to clear; nothing recorded
    result = CliRunner().invoke(cli, ["curate", str(db), "set-type", "Kremlin", "FAC"])
    assert result.exit_code == 0, result.output
    assert f"stale #{decision.id} split “Worontsof”" in result.output


@pytest.mark.parametrize(
    ("action", "args"),
    [
        ("merge", ["Vorontsov", "Semyon Vorontsov"]),
        ("split", ["Sharov"]),
        ("rename", ["Zharov", "Tikhon Zharkov"]),
        ("reject", ["Kremlin"]),
        ("set-type", ["Fontanka", "LOC"]),
        ("set-gender", ["Lidia", "none"]),
    ],
)
def test_curation_model_every_action_after_reanalysis(
    nlp: Any, db: Path, action: str, args: list[str]
) -> None:
    record_decision(db, action, args)
    analysis, _, stale = reanalyze(db, nlp)
    assert not stale
    entities = analysis.entities
    if action == "merge":
        assert find_entity(entities, "Semyon").id == find_entity(entities, "Vorontsov").id
    elif action == "split":
        assert find_entity(entities, "Sharov").aliases == ("Sharov",)
    elif action == "rename":
        assert find_entity(entities, "Zharov").id == "tikhon-zharkov"
    elif action == "reject":
        assert all("Kremlin" not in e.aliases for e in entities)
    elif action == "set-type":
        assert find_entity(entities, "Fontanka").type == "LOC"
    else:
        assert find_entity(entities, "Lidia").gender is None


def test_curation_model_quotes_and_facts_see_curated_entities(nlp: Any, db: Path) -> None:
    record_decision(db, "rename", ["Tikhon Zharov", "Tikhon Zharkov"])
    analysis, _, _ = reanalyze(db, nlp)
    ids = {e.id for e in analysis.entities}
    assert "tikhon-zharkov" in ids and "tikhon-zharov" not in ids
    speakers = {q.speaker for q in analysis.quotes} - {None}
    assert "tikhon-zharkov" in speakers and speakers <= ids
    parties = {r.head for r in analysis.relations} | {r.tail for r in analysis.relations}
    assert parties - {""} <= ids  # a role without a holder has an empty tail


def test_curation_model_cli_decision_and_undo(db: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["curate", str(db), "merge", "Zharov", "Semyon"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("applied #1 merge “Zharov” + “Semyon”: Tikhon Zharov")
    assert "Semyon" in owner(read_analysis(db), "Zharov").aliases
    result = runner.invoke(cli, ["curate", str(db), "undo"])
    assert result.exit_code == 0 and result.output.startswith("undone #1 merge")
    assert "Semyon" not in owner(read_analysis(db), "Zharov").aliases
