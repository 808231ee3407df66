"""The command line: help for every command, one-line errors with exit codes, and the
whole path analyze → export → eval on real text (marked ``model``)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dossier.cli import cli

from .conftest import GOLD, SAMPLE

COMMANDS = ["analyze", "export", "eval"]


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_cli_every_command_has_help(command: str | None) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    body = result.output.split("Options:")[0]
    assert len(body.split()) > 8  # a real description, not just the usage line


def test_cli_usage_error_exits_2(tmp_path: Path) -> None:
    result = run("analyze", str(tmp_path))  # -o is required
    assert result.exit_code == 2


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "data.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "book.pdf").write_bytes(b"%PDF-1.4 not really")
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "broken.epub").write_bytes(b"PK not a zip")
    return {
        "missing": (tmp_path / "nowhere.txt", "nowhere.txt"),
        "empty": (tmp_path / "empty.txt", "empty.txt"),
        "whitespace": (tmp_path / "blank.txt", "blank.txt"),
        "binary": (tmp_path / "data.txt", "data.txt"),
        "unsupported": (tmp_path / "book.pdf", "book.pdf"),
        "empty folder": (tmp_path / "emptydir", "emptydir"),
        "corrupt epub": (tmp_path / "broken.epub", "broken.epub"),
    }


@pytest.mark.parametrize(
    "kind",
    ["missing", "empty", "whitespace", "binary", "unsupported", "empty folder", "corrupt epub"],
)
def test_cli_bad_input_one_line_exit_1_writes_nothing(tmp_path: Path, kind: str) -> None:
    path, name = _bad_inputs(tmp_path)[kind]
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["analyze", str(path), "-o", str(out)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and name in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_cli_missing_model_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Anna walked home.", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["analyze", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), "--model", "nope_x"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: no spaCy English pipeline installed")
    assert not (tmp_path / "o").exists()


def test_cli_export_of_missing_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "x.db"), "-o", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "no such database" in result.output


def test_cli_eval_of_bad_json(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(tmp_path / "bad.json"), "--gold", str(GOLD)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "not valid JSON" in result.output


@pytest.mark.model
def test_cli_analyze_export_eval_on_the_sample(tmp_path: Path, nlp: Any) -> None:
    out = tmp_path / "sample"
    result = run("analyze", str(SAMPLE), "-o", str(out))
    assert result.exit_code == 0
    assert "3 chapters" in result.output and "Vorontsov" in result.output
    assert (out / "dossier.db").is_file()
    assert (
        run(
            "export", str(out / "dossier.db"), "--format", "json", "-o", str(tmp_path / "s.json")
        ).exit_code
        == 0
    )
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [d["title"] for d in data["documents"]] == ["Notes from the Northern Capital"] * 3
    assert [d["chapter"] for d in data["documents"]] == [1, 2, 3]
    # a re-run parses nothing again and keeps what a person stored
    with sqlite3.connect(out / "dossier.db") as db:
        db.execute("INSERT INTO curation (action, args) VALUES ('reject', '[\"Nevsky\"]')")
    result = run("analyze", str(SAMPLE), "-o", str(out))
    assert "0 parsed, 3 cached" in result.output
    with sqlite3.connect(out / "dossier.db") as db:
        assert db.execute("SELECT count(*) FROM curation").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM runs").fetchone() == (2,)
    assert (
        run(
            "export", str(out / "dossier.db"), "--format", "csv", "-o", str(tmp_path / "csv")
        ).exit_code
        == 0
    )
    assert (tmp_path / "csv" / "quotes.csv").is_file()


@pytest.mark.model
def test_cli_eval_on_the_seeds(seeds_run: Any, tmp_path: Path) -> None:
    _, out = seeds_run
    export = tmp_path / "seeds.json"
    assert run("export", str(out / "dossier.db"), "-o", str(export)).exit_code == 0
    result = run("eval", str(export), "--gold", str(GOLD))
    assert result.exit_code == 0
    figures = json.loads(result.output)
    assert 0.0 <= figures["merge_recall_per"] <= 1.0
    assert figures["detected"] > 0.9
    table = run("eval", str(export), "--gold", str(GOLD), "--table")
    assert "merge_recall_per" in table.output
