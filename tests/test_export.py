from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dossier.errors import ExportError
from dossier.export import to_json, write_csv, write_json
from tests.test_store import make_analysis


def test_export_json_follows_the_contract() -> None:
    data = to_json(make_analysis())
    (document,) = data["documents"]
    assert set(document) >= {"id", "path", "title", "text"}
    for entity in data["entities"]:
        assert set(entity) >= {"id", "name", "type", "gender", "narrator", "aliases", "mentions"}
        for mention in entity["mentions"]:
            assert document["text"][mention["start"] : mention["end"]] == mention["text"]
    marta = data["entities"][0]
    assert [e["alias"] for e in marta["alias_evidence"]] == ["Marta Kolesova", "Marta"]
    (quote,) = data["quotes"]
    assert set(quote) >= {"id", "doc", "start", "end", "text", "speaker", "addressee", "method"}
    assert document["text"][quote["start"] : quote["end"]] == quote["text"]
    assert data["relations"][0]["relation"] == "spouse"
    assert set(data["events"][0]) >= {"type", "agent", "patient", "place", "date", "modality"}


def test_export_json_file_is_utf8(tmp_path: Path) -> None:
    write_json(make_analysis(), tmp_path / "out" / "book.json")
    text = (tmp_path / "out" / "book.json").read_text(encoding="utf-8")
    assert "“Where were you?”" in text
    assert json.loads(text)["documents"][0]["id"] == "ch01"


def test_export_csv_one_file_per_table(tmp_path: Path) -> None:
    written = write_csv(make_analysis(), tmp_path / "csv")
    assert {p.name for p in written} == {
        "documents.csv", "entities.csv", "aliases.csv", "mentions.csv", "quotes.csv",
        "relations.csv", "events.csv", "times.csv",
    }  # fmt: skip
    with (tmp_path / "csv" / "entities.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["name"] == "Marta Kolesova"
    assert rows[0]["aliases"] == "Marta Kolesova|Marta"


def test_export_csv_writes_headers_for_empty_tables(tmp_path: Path) -> None:
    from dataclasses import replace

    write_csv(replace(make_analysis(), relations=()), tmp_path / "csv")
    header = (tmp_path / "csv" / "relations.csv").read_text(encoding="utf-8").splitlines()
    assert header == ["head,relation,tail,doc,start,end,detail,confidence"]


def test_export_csv_into_a_file_fails(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="not a folder"):
        write_csv(make_analysis(), tmp_path / "taken")
