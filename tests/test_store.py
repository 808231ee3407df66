from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from dossier.errors import StoreError
from dossier.records import (
    AliasEvidence,
    Analysis,
    Document,
    Entity,
    Event,
    Mention,
    Paragraph,
    Quote,
    Relation,
    Sentence,
    TimeExpr,
)
from dossier.store import SCHEMA_VERSION, connect, read_analysis, write_analysis

TEXT = "Marta Kolesova met Oleg. “Where were you?” Marta asked. He left for Tver in 1921."


def _at(text: str, word: str, after: int = 0) -> tuple[int, int]:
    start = text.index(word, after)
    return start, start + len(word)


def make_analysis(text: str = TEXT) -> Analysis:
    """A hand-made analysis of ``text`` (TEXT or TEXT with the town renamed)."""
    doc = Document("ch01", "book/ch01.txt", "A Test", text, chapter=1)
    town = "Tver" if "Tver" in text else "Tula"
    q0, q1 = _at(text, "“Where were you?”")
    s1, s2 = text.index("“"), text.index("He left")
    marta = Entity(
        id="marta-kolesova",
        name="Marta Kolesova",
        type="PER",
        gender="female",
        aliases=("Marta Kolesova", "Marta"),
        mentions=(
            Mention("ch01", 0, 14, "Marta Kolesova", "PER"),
            Mention("ch01", *_at(text, "Marta", 1), "Marta", "PER"),
        ),
        evidence=(
            AliasEvidence("Marta Kolesova", "canonical", 1.0),
            AliasEvidence("Marta", "first name of Marta Kolesova", 0.9, ("token-subset",)),
        ),
    )
    oleg = Entity(
        "oleg",
        "Oleg",
        "PER",
        "male",
        mentions=(Mention("ch01", *_at(text, "Oleg"), "Oleg", "PER"),),
    )
    tver = Entity("town", town, "GPE", mentions=(Mention("ch01", *_at(text, town), town, "GPE"),))
    return Analysis(
        documents=(doc,),
        paragraphs=(Paragraph("ch01", 0, 0, len(text)),),
        sentences=(
            Sentence("ch01", 0, 0, s1 - 1, 0),
            Sentence("ch01", 1, s1, s2 - 1, 0),
            Sentence("ch01", 2, s2, len(text), 0),
        ),
        entities=(marta, oleg, tver),
        quotes=(
            Quote(
                "ch01-q0",
                "ch01",
                q0,
                q1,
                "“Where were you?”",
                speaker="marta-kolesova",
                addressee="oleg",
                method="explicit",
                confidence=0.9,
            ),
        ),
        relations=(Relation("marta-kolesova", "spouse", "oleg", "ch01", 0, s1 - 1),),
        events=(Event("travel", "ch01", s2, len(text), agent="oleg", place="town", date="1921"),),
        times=(TimeExpr("ch01", *_at(text, "1921"), "1921", "1921", "year"),),
        tokens=20,
        model="en_test-1.0",
    )


RUN: dict[str, Any] = {
    "started": "2026-01-01T00:00:00",
    "finished": "2026-01-01T00:00:01",
    "version": "0.1.0",
    "model": "en_test-1.0",
    "paths": "book",
    "documents": 1,
    "tokens": 20,
    "parsed": 1,
    "cached": 0,
    "seconds": 1.0,
}


def test_store_round_trip(tmp_path: Path) -> None:
    analysis = make_analysis()
    write_analysis(tmp_path / "d.db", analysis, RUN)
    back = read_analysis(tmp_path / "d.db")
    assert back.documents == analysis.documents
    assert back.sentences == analysis.sentences
    assert back.quotes == analysis.quotes
    assert back.relations == analysis.relations
    assert back.events == analysis.events
    assert back.times == analysis.times
    assert back.tokens == 20 and back.model == "en_test-1.0"
    by_id = {e.id: e for e in back.entities}
    assert by_id["marta-kolesova"].mentions == analysis.entities[0].mentions
    assert by_id["marta-kolesova"].aliases == ("Marta", "Marta Kolesova")  # by count, then name
    assert by_id["marta-kolesova"].evidence[0].features == ("token-subset",)
    assert by_id["oleg"].gender == "male"


def test_store_full_text_search(tmp_path: Path) -> None:
    write_analysis(tmp_path / "d.db", make_analysis(), RUN)
    with sqlite3.connect(tmp_path / "d.db") as db:
        rows = db.execute(
            "SELECT s.idx FROM sentences_fts f JOIN sentences s ON s.id = f.rowid"
            " WHERE sentences_fts MATCH 'tver'"
        ).fetchall()
    assert rows == [(2,)]


def test_store_rewrite_keeps_curation_and_runs(tmp_path: Path) -> None:
    db_path = tmp_path / "d.db"
    write_analysis(db_path, make_analysis(), RUN)
    with sqlite3.connect(db_path) as db:
        db.execute(
            "INSERT INTO curation (action, args) VALUES ('rename', '[\"Oleg\", \"Olezhka\"]')"
        )
    write_analysis(db_path, make_analysis(TEXT.replace("Tver", "Tula")), RUN)
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT action FROM curation").fetchall() == [("rename",)]
        assert db.execute("SELECT count(*) FROM runs").fetchone() == (2,)
        assert db.execute("SELECT count(*) FROM documents").fetchone() == (1,)
        fts = db.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'tver'")
        assert fts.fetchone() == (0,)


def test_store_failed_write_leaves_previous_database(tmp_path: Path) -> None:
    db_path = tmp_path / "d.db"
    write_analysis(db_path, make_analysis(), RUN)
    before = db_path.read_bytes()
    broken = {**RUN}
    del broken["seconds"]  # the run row cannot be written: the whole write must roll back
    with pytest.raises(sqlite3.ProgrammingError):
        write_analysis(db_path, make_analysis(TEXT.replace("Tver", "Tula")), broken)
    assert db_path.read_bytes() == before
    assert not list(tmp_path.glob("d.db.tmp-*"))


def test_store_schema_version_is_set(tmp_path: Path) -> None:
    write_analysis(tmp_path / "d.db", make_analysis(), RUN)
    with sqlite3.connect(tmp_path / "d.db") as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)


def test_store_connect_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        connect(tmp_path / "missing.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a Dossier database"):
        connect(junk)
    newer = tmp_path / "newer.db"
    write_analysis(newer, make_analysis(), RUN)
    with sqlite3.connect(newer) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer Dossier"):
        connect(newer)


def test_store_refuses_to_overwrite_a_non_database(tmp_path: Path) -> None:
    junk = tmp_path / "d.db"
    junk.write_bytes(b"precious notes, not a database" * 100)
    with pytest.raises(StoreError):
        write_analysis(junk, make_analysis(), RUN)
    assert junk.read_bytes() == b"precious notes, not a database" * 100


def test_store_keeps_corrected_alias_and_reads_schema_1(tmp_path: Path) -> None:
    from dataclasses import replace

    from dossier.store import MIGRATIONS

    analysis = make_analysis()
    marta = analysis.entities[0]
    evidence = tuple(
        replace(item, corrected="Marta Kolesova") if item.alias == "Marta Kolesova" else item
        for item in marta.evidence
    )
    analysis = replace(
        analysis, entities=(replace(marta, evidence=evidence), *analysis.entities[1:])
    )
    write_analysis(tmp_path / "d.db", analysis, RUN)
    back = read_analysis(tmp_path / "d.db").entities
    marta_back = next(e for e in back if e.id == "marta-kolesova")
    assert {e.alias: e.corrected for e in marta_back.evidence} == {
        "Marta": None,
        "Marta Kolesova": "Marta Kolesova",
    }
    # a database of schema 1 (no corrected column) still reads, and is migrated on write
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as db:
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version = 1")
        db.execute("INSERT INTO documents (id, ord, text) VALUES ('ch01', 0, 'Text.')")
        db.execute("INSERT INTO entities (id, name, type) VALUES ('marta', 'Marta', 'PER')")
        db.execute("INSERT INTO aliases (entity, alias, count, reason, score, features)"
                   " VALUES ('marta', 'Marta', 1, 'own name', 1.0, '[]')")  # fmt: skip
    (entity,) = read_analysis(old).entities
    assert entity.evidence[0].corrected is None
    write_analysis(old, make_analysis(), RUN)
    with sqlite3.connect(old) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3


def test_store_keeps_the_speaker_words_and_reads_schema_2(tmp_path: Path) -> None:
    from dataclasses import replace

    from dossier.store import MIGRATIONS

    analysis = make_analysis()
    quote = replace(analysis.quotes[0], speaker_start=3, speaker_end=8)
    write_analysis(tmp_path / "d.db", replace(analysis, quotes=(quote,)), RUN)
    assert read_analysis(tmp_path / "d.db").quotes == (quote,)
    # schema 2 had no speaker words: its quotations read with none
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as db:
        db.executescript(MIGRATIONS[0] + MIGRATIONS[1])
        db.execute("PRAGMA user_version = 2")
        db.execute("INSERT INTO documents (id, ord, text) VALUES ('ch01', 0, '“Go,” he said.')")
        db.execute("INSERT INTO quotes (id, doc, start, \"end\", text, kind, speaker)"
                   " VALUES ('q1', 'ch01', 0, 5, '“Go,”', 'speech', 'oleg')")  # fmt: skip
    (back,) = read_analysis(old).quotes
    assert (back.speaker, back.speaker_start, back.speaker_end) == ("oleg", None, None)


def test_store_flushes_the_new_database_before_it_replaces_the_old(
    tmp_path: Path, monkeypatch: Any
) -> None:
    import os

    db_path = tmp_path / "d.db"
    write_analysis(db_path, make_analysis(), RUN)
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        events.append("fsync")
        real_fsync(descriptor)

    def replace(source: Any, target: Any) -> None:
        events.append("replace")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)  # the store calls os.fsync and os.replace
    monkeypatch.setattr(os, "replace", replace)
    write_analysis(db_path, make_analysis(TEXT.replace("Tver", "Tula")), RUN)
    assert events == ["fsync", "replace"]
    with sqlite3.connect(db_path) as db:  # a plain, complete database for every reader
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert read_analysis(db_path).entities[2].name == "Tula"
