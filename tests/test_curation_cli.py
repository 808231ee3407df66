"""``dossier curate``: help for every command, one-line errors with exit code 1, and a recorded
decision kept when the re-analysis fails. A hand-built store; no model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dossier.cli import cli
from dossier.curation import list_decisions
from dossier.errors import StageError
from dossier.store import read_analysis

from .curation_book import store

COMMANDS = ["list", "merge", "split", "rename", "reject", "set-type", "set-gender", "undo",
            "decisions", "export", "import"]  # fmt: skip


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store(tmp_path_factory.mktemp("template") / "dossier.db")


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(template, tmp_path / "dossier.db"))


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_curation_cli_every_command_has_help(command: str | None) -> None:
    result = run("curate", *(["DB", command] if command else []), "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    body = result.output.split("Options:")[0]
    assert len(body.split()) > 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["merge", "Petrov", "Vasnetsov"], "Error: no entity is called “Vasnetsov”"),
        (["merge", "Oleg", "Mazur"], "Error: “Oleg” is a name of 2 entities: Oleg Petrov"),
        (["split", "Mazur"], "Error: “Mazur” is already an entity of its own"),
        (["rename", "Sidorinn", "X"], "Error: no entity is called “Sidorinn”; did you mean"),
        (["set-type", "Gorky", "CITY"], "Error: unknown entity type “CITY”"),
        (["set-gender", "Mazur", "yes"], "Error: unknown gender “yes”"),
        (["reject", "Vasnetsov"], "Error: no entity is called “Vasnetsov”"),
        (["import", "nowhere.json"], "Error: nowhere.json: no such file"),
    ],
)
def test_curation_cli_errors_are_one_line(db: Path, args: list[str], message: str) -> None:
    result = run("curate", str(db), *args)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.output
    assert list_decisions(db) == []


def test_curation_cli_missing_database(tmp_path: Path) -> None:
    result = run("curate", str(tmp_path / "none.db"), "list")
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"Error: {tmp_path / 'none.db'}: no such database (run `dossier analyze` first)"
    )


def test_curation_cli_unknown_command_is_a_usage_error(db: Path) -> None:
    assert run("curate", str(db), "fuse", "A", "B").exit_code == 2


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_curation_cli_list(db: Path, fmt: str) -> None:
    result = run("curate", str(db), "list", "--format", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        assert json.loads(result.output)["clusters"][0]["entity"] == "betrov"
    else:
        assert "Betrov" in result.output and "Oleg Petrov" in result.output
    assert ("Consistency by chapter" in result.output) == (fmt == "md")


def test_curation_cli_list_to_a_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.md"
    assert run("curate", str(db), "list", "--format", "md", "-o", str(out)).exit_code == 0
    assert out.read_text("utf-8").startswith("# Name review")


def test_curation_cli_failed_reanalysis_keeps_the_decision(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise StageError("names", RuntimeError("boom"))

    monkeypatch.setattr("dossier.pipeline.reanalyze", broken)
    before = read_analysis(db)
    result = run("curate", str(db), "merge", "Petrov", "Betrov")
    assert result.exit_code == 1
    line = result.output.strip()
    assert line.startswith("Error: decision #1 merge “Petrov” + “Betrov” is recorded, but")
    assert "stage 'names' failed" in line and "\n" not in line
    assert [d.args for d in list_decisions(db)] == [("Petrov", "Betrov")]
    assert read_analysis(db).entities == before.entities  # the store is as it was


def test_curation_cli_decisions_export_import_undo(db: Path, tmp_path: Path) -> None:
    from dossier.curation import record_decision

    assert run("curate", str(db), "decisions").output.strip() == "no decisions recorded"
    assert run("curate", str(db), "undo").output.strip() == "nothing to undo"
    record_decision(db, "reject", ["Mazur"], note="a street sign")
    listed = run("curate", str(db), "decisions").output
    assert "#1 reject “Mazur” (not a name)" in listed and "a street sign" in listed
    file = tmp_path / "d.json"
    result = run("curate", str(db), "export", str(file))
    assert result.output.strip() == f"wrote 1 decision to {file}"
    result = run("curate", str(db), "import", str(file))
    assert result.exit_code == 0 and result.output.strip() == f"imported 0 decisions from {file}"
    decisions = json.loads(run("curate", str(db), "decisions", "--format", "json").output)
    assert decisions[0]["action"] == "reject" and decisions[0]["active"] is True


def test_curation_cli_takes_the_output_folder_too(db: Path) -> None:
    result = run("curate", str(db.parent), "list", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output)["clusters"]
