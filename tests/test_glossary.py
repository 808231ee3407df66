"""The TBX glossary parsed back with xml.etree, and the variant<TAB>replacement list."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dossier.glossary import glossary_entries, replacements, write_tbx, write_tsv
from dossier.records import AliasEvidence, Analysis, Document, Entity

from .test_edition import make_book

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _terms(entry: ET.Element) -> dict[str, list[str]]:
    """administrative status → the terms that have it."""
    out: dict[str, list[str]] = {}
    for tig in entry.iter("tig"):
        status = tig.find("termNote[@type='administrativeStatus']")
        assert status is not None and status.text
        out.setdefault(status.text, []).append(tig.findtext("term") or "")
    return out


def test_glossary_tbx_parses_back(tmp_path: Path) -> None:
    path = tmp_path / "out" / "names.tbx"
    write_tbx(make_book(), path)
    raw = path.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.parse(path).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    assert root.get(XML_LANG) == "en"
    assert root.find("martifHeader/fileDesc/sourceDesc/p") is not None
    entries = root.findall("text/body/termEntry")
    assert [e.get("id") for e in entries] == ["tikhon-zharov", "marko", "rosa", "jonah"]
    zharov = entries[0]
    assert zharov.findtext("note") == "PER"
    assert zharov.find("langSet").get(XML_LANG) == "en"  # type: ignore[union-attr]
    terms = _terms(zharov)
    assert terms["preferredTerm-admn-sts"] == ["Tikhon Zharov"]
    assert sorted(terms["deprecatedTerm-admn-sts"]) == [
        "Comrade T. Rarov", "RAROV", "Rarov", "Sharov"
    ]  # fmt: skip
    assert set(terms["admittedTerm-admn-sts"]) == {"Zharov", "ZHAROV", "Comrade T. Zharov"}
    notes = {t.findtext("term"): t.findtext("note") for t in zharov.iter("tig")}
    assert notes["Rarov"] == "use “Zharov”"
    for tig in zharov.iter("tig"):
        assert tig.findtext("termNote[@type='partOfSpeech']") == "properNoun"


def test_glossary_tbx_only_entities_with_variants(tmp_path: Path) -> None:
    book = make_book()
    plain = Entity("oleg", "Oleg", "PER", evidence=(AliasEvidence("Oleg", "own", 1.0),))
    write_tbx(dataclasses.replace(book, entities=(plain,)), tmp_path / "empty.tbx")
    root = ET.parse(tmp_path / "empty.tbx").getroot()
    assert root.findall("text/body/termEntry") == []


def test_glossary_tbx_escapes_and_keeps_unicode(tmp_path: Path) -> None:
    name = "Zoë <Ø> & “Co”"
    evidence = (
        AliasEvidence(name, "canonical", 1.0, ("canonical",)),
        AliasEvidence("Zoe <Ø> & “Co”", "v", 0.9, ("spelling variant",), name),
    )
    entity = Entity("9-zoe", name, "ORG", evidence=evidence)
    analysis = Analysis(documents=(Document("d", "d.txt", "", ""),), entities=(entity,))
    write_tbx(analysis, tmp_path / "u.tbx")
    (entry,) = ET.parse(tmp_path / "u.tbx").getroot().iter("termEntry")
    assert entry.get("id") == "_9-zoe"  # an XML id cannot start with a digit
    assert _terms(entry)["preferredTerm-admn-sts"] == [name]
    assert entry.findtext("note") == "ORG"


def test_glossary_tsv_sorted_unique_changes_only(tmp_path: Path) -> None:
    book = make_book()
    twice = dataclasses.replace(book, entities=(*book.entities, book.entities[0]))
    write_tsv(twice, tmp_path / "names.tsv")
    lines = (tmp_path / "names.tsv").read_text(encoding="utf-8").splitlines()
    assert lines == [
        "Comrade T. Rarov\tComrade T. Zharov",
        "Jonas\tJonah",
        "Mark\tMarko",
        "RAROV\tZHAROV",
        "Rarov\tZharov",
        "Rose\tRosa",
        "Sharov\tZharov",
    ]


@pytest.mark.parametrize("alias", ["Tikhon\nRarov", "Tikhon\tRarov"])
def test_glossary_tsv_names_stay_on_one_line(alias: str) -> None:
    evidence = (AliasEvidence(alias, "v", 0.9, ("spelling variant",), "Tikhon Zharov"),)
    entity = Entity("z", "Tikhon Zharov", "PER", evidence=evidence)
    analysis = Analysis(documents=(), entities=(entity,))
    assert replacements(analysis) == [("Tikhon Rarov", "Tikhon Zharov")]


def test_glossary_entries_preferred_is_the_canonical_name() -> None:
    entries = glossary_entries(make_book())
    assert [(e.entity.id, e.preferred) for e in entries][:2] == [
        ("tikhon-zharov", "Tikhon Zharov"), ("marko", "Marko")
    ]  # fmt: skip
