"""Decisions in the store: recorded after a check against the stored analysis, undone, listed,
exported and imported; kept across store rewrites. A hand-built store, no model."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from dossier.curation import (
    check_shape,
    describe,
    export_decisions,
    import_decisions,
    list_decisions,
    record_decision,
    undo,
)
from dossier.errors import (
    AmbiguousNameError,
    CurationError,
    MissingPathError,
    StoreError,
    UnknownNameError,
)

from .curation_book import store


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store(tmp_path_factory.mktemp("template") / "dossier.db")


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the hand-built store (creating one costs half a second of fsyncs)."""
    return Path(shutil.copy(template, tmp_path / "dossier.db"))


@pytest.fixture
def other(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(template, tmp_path / "other.db"))


def test_curation_record_stores_an_active_decision(db: Path) -> None:
    decision = record_decision(db, "merge", ["Petrov", "Betrov"], note="same man")
    assert (decision.id, decision.action, decision.args) == (1, "merge", ("Petrov", "Betrov"))
    assert decision.active and decision.note == "same man" and decision.created
    assert list_decisions(db) == [decision]
    row = sqlite3.connect(db).execute("SELECT action, args, active FROM curation").fetchone()
    assert row == ("merge", '["Petrov", "Betrov"]', 1)


@pytest.mark.parametrize(
    ("action", "args", "recorded"),
    [
        ("merge", ["oleg-sidorin", "mazur"], ("Oleg Sidorin", "Mazur")),  # ids become names
        ("split", ["petrof"], ("Petrof",)),  # as the book writes it
        ("split", ["Oleg"], ("Oleg",)),  # from both entities that have it
        ("rename", ["PETROF", "Oleg I. Petrov"], ("Petrof", "Oleg I. Petrov")),
        ("set-type", ["Gorky Street", "loc"], ("Gorky Street", "LOC")),
        ("set-gender", ["Betrov", "Male"], ("Betrov", "male")),
        ("reject", ["gorky street"], ("Gorky Street",)),
    ],
)
def test_curation_record_keys_by_the_text_of_names(
    db: Path, action: str, args: list[str], recorded: tuple[str, ...]
) -> None:
    assert record_decision(db, action, args).args == recorded


@pytest.mark.parametrize(
    ("action", "args", "error", "message"),
    [
        ("merge", ["Petrov", "Vasnetsov"], UnknownNameError, "no entity is called “Vasnetsov”"),
        ("merge", ["Oleg", "Mazur"], AmbiguousNameError, "is a name of 2 entities"),
        ("merge", ["Petrov", "Petrof"], CurationError, "already one entity"),
        ("split", ["Mazur"], CurationError, "already an entity of its own"),
        ("rename", ["Mazur", "Mazur"], CurationError, "already the canonical name"),
        ("rename", ["Mazur", "Oleg Sidorin"], CurationError, "merge them instead"),
        ("set-type", ["Gorky", "GPE"], CurationError, "already of type GPE"),
        ("set-type", ["Gorky", "CITY"], CurationError, "unknown entity type “CITY”"),
        ("set-gender", ["Mazur", "male"], CurationError, "already male"),
        ("set-gender", ["Mazur", "m"], CurationError, "unknown gender"),
        ("split", ["oleg-petrov"], CurationError, "split takes an alias as the text writes it"),
        ("fuse", ["Petrov", "Mazur"], CurationError, "unknown curation action “fuse”"),
        ("merge", ["Petrov"], CurationError, "merge takes 2 non-empty argument(s): A B"),
        ("rename", ["Petrov", "  "], CurationError, "NAME NEW"),
    ],
)
def test_curation_record_refuses_what_cannot_apply(
    db: Path, action: str, args: list[str], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        record_decision(db, action, args)
    assert list_decisions(db) == []


def test_curation_record_needs_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        record_decision(tmp_path / "none.db", "reject", ["Mazur"])


def test_curation_undo_deactivates_the_latest(db: Path) -> None:
    first = record_decision(db, "reject", ["Mazur"])
    second = record_decision(db, "split", ["Petrof"])
    undone = undo(db)
    assert undone is not None and undone.id == second.id and not undone.active
    assert [d.active for d in list_decisions(db)] == [True, False]
    assert list_decisions(db, active_only=True) == [first]
    assert undo(db) is not None and undo(db) is None
    assert "(undone)" in describe(list_decisions(db)[0])


def test_curation_decisions_survive_a_store_rewrite(db: Path) -> None:
    decision = record_decision(db, "reject", ["Mazur"])
    store(db)  # what every analyze does
    assert list_decisions(db) == [decision]


def test_curation_export_import_round_trip(db: Path, other: Path, tmp_path: Path) -> None:
    record_decision(db, "merge", ["Petrov", "Betrov"], note="one man")
    record_decision(db, "set-gender", ["Oleg Sidorin", "none"])
    undo(db)
    file = tmp_path / "decisions.json"
    assert export_decisions(db, file) == 2
    payload = json.loads(file.read_text("utf-8"))
    assert payload["format"] == "dossier-curation" and payload["version"] == 1
    assert import_decisions(other, file) == 2
    strip = [(d.action, d.args, d.active, d.note, d.created) for d in list_decisions(db)]
    assert [(d.action, d.args, d.active, d.note, d.created) for d in list_decisions(other)] == strip
    assert import_decisions(other, file) == 0  # duplicates are skipped
    assert import_decisions(db, file) == 0


def test_curation_import_appends_after_stored_decisions(
    db: Path, other: Path, tmp_path: Path
) -> None:
    file = tmp_path / "decisions.json"
    record_decision(db, "reject", ["Mazur"])
    export_decisions(db, file)
    record_decision(other, "split", ["Petrof"])
    assert import_decisions(other, file) == 1
    assert [d.action for d in list_decisions(other)] == ["split", "reject"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a decisions file"),
        ('{"decisions": []}', "not a Dossier decisions file"),
        ('{"format": "dossier-curation", "version": 9, "decisions": []}', "upgrade Dossier"),
        ('{"format": "dossier-curation", "version": 1, "decisions": {}}', "must be a list"),
        ('{"format": "dossier-curation", "version": 1, "decisions": [{"action": "x"}]}',
         "decision 1 has no action"),
        ('{"format": "dossier-curation", "version": 1,'
         ' "decisions": [{"action": "fuse", "args": ["A"]}]}', "decision 1: unknown"),
    ],
)  # fmt: skip
def test_curation_import_refuses_bad_files(
    db: Path, tmp_path: Path, content: str, message: str
) -> None:
    file = tmp_path / "bad.json"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(CurationError, match=message):
        import_decisions(db, file)
    assert list_decisions(db) == []


def test_curation_import_of_a_missing_file(db: Path, tmp_path: Path) -> None:
    with pytest.raises(MissingPathError):
        import_decisions(db, tmp_path / "nowhere.json")


def test_curation_import_keeps_decisions_that_do_not_apply(db: Path, tmp_path: Path) -> None:
    """Checked for shape only: a decision for another edition waits, reported as stale."""
    file = tmp_path / "decisions.json"
    file.write_text(
        json.dumps({"format": "dossier-curation", "version": 1,
                    "decisions": [{"action": "split", "args": ["Vasnetsov"]}]}),
        encoding="utf-8",
    )  # fmt: skip
    assert import_decisions(db, file) == 1
    assert list_decisions(db)[0].args == ("Vasnetsov",)


@pytest.mark.parametrize(
    ("action", "args", "expected"),
    [
        (" Merge ", [" Oleg   Petrov ", "Betrov"], ("merge", ("Oleg Petrov", "Betrov"))),
        ("set-type", ["X", "veh"], ("set-type", ("X", "VEH"))),
        ("set-gender", ["X", "NONE"], ("set-gender", ("X", "none"))),
    ],
)
def test_curation_check_shape_normalises(
    action: str, args: list[str], expected: tuple[str, tuple[str, ...]]
) -> None:
    assert check_shape(action, args) == expected


def test_curation_locked_serialises_writers_across_processes(db: Path, tmp_path: Path) -> None:
    """A decision recorded by another process waits while this one holds the store's lock
    (as a re-analysis does), then goes in: never lost to the rewrite."""
    import subprocess
    import sys
    import time

    from dossier.curation import locked

    ready = tmp_path / "ready"
    script = (
        "import sys, pathlib; from dossier.curation import record_decision; "
        "pathlib.Path(sys.argv[2]).touch(); record_decision(sys.argv[1], 'reject', ['Mazur'])"
    )
    with locked(db), locked(db):  # re-entrant within one process
        child = subprocess.Popen([sys.executable, "-c", script, str(db), str(ready)])
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        assert child.poll() is None  # imported, and waiting for the lock
        assert list_decisions(db) == []
    assert child.wait(timeout=60) == 0
    assert [d.args for d in list_decisions(db)] == [("Mazur",)]
