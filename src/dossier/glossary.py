"""Glossaries of the book's names for translators and QA tools: TBX and a replacement list.

:func:`write_tbx` writes a TBX-Basic termbase (ISO 30042, the ``martif`` core structure that
CAT tools import): one ``termEntry`` per entity whose name is spelt more than one way, the
canonical name as the preferred term, each variant alias as a deprecated term (with a note
saying what to write instead), the corrected short forms (“Zharov” for “Rarov”) as admitted
terms, and the entity type as a note. :func:`write_tsv` writes ``variant<TAB>replacement``
lines. Both read the corrections of :mod:`.edition`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from .edition import alias_corrections
from .export import write_text
from .records import Analysis, Entity

__all__ = [
    "GlossaryEntry",
    "glossary_entries",
    "replacements",
    "tbx_tree",
    "write_tbx",
    "write_tsv",
]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'
_NCNAME_START = re.compile(r"^[A-Za-z_]")
LANGUAGE = "en"  # Dossier reads English books


def _one_line(text: str) -> str:
    """A name as one line: a line break inside a name becomes a space."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One entity's names: the preferred one, the correctly spelt forms that replace a
    variant (admitted), and each variant with what replaces it."""

    entity: Entity
    preferred: str
    admitted: tuple[str, ...]
    variants: tuple[tuple[str, str], ...]


def _entry(entity: Entity, corrections: dict[str, str]) -> GlossaryEntry:
    preferred = _one_line(corrections.get(entity.name, entity.name))
    variants = sorted((_one_line(alias), _one_line(fixed)) for alias, fixed in corrections.items())
    admitted = {fixed for _, fixed in variants} - {preferred, _one_line(entity.name)}
    return GlossaryEntry(entity, preferred, tuple(sorted(admitted)), tuple(variants))


def glossary_entries(analysis: Analysis) -> list[GlossaryEntry]:
    """The entities that have spelling variants, in the analysis's order."""
    entries = []
    for entity in analysis.entities:
        corrections = alias_corrections(entity)
        if corrections:
            entries.append(_entry(entity, corrections))
    return entries


def _tig(parent: ET.Element, term: str, status: str, note: str | None = None) -> None:
    tig = ET.SubElement(parent, "tig")
    ET.SubElement(tig, "term").text = term
    ET.SubElement(tig, "termNote", type="partOfSpeech").text = "properNoun"
    ET.SubElement(tig, "termNote", type="administrativeStatus").text = status
    if note:
        ET.SubElement(tig, "note").text = note


def tbx_tree(analysis: Analysis, title: str = "Dossier name glossary") -> ET.Element:
    """The TBX-Basic document as an element tree (root ``martif``)."""
    root = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: LANGUAGE})
    header = ET.SubElement(root, "martifHeader")
    description = ET.SubElement(header, "fileDesc")
    ET.SubElement(ET.SubElement(description, "titleStmt"), "title").text = title
    source = ET.SubElement(description, "sourceDesc")
    books = ", ".join(sorted({d.path for d in analysis.documents})) or "(no documents)"
    ET.SubElement(source, "p").text = f"Names found by Dossier in {books}"
    encoding = ET.SubElement(header, "encodingDesc")
    ET.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for entry in glossary_entries(analysis):
        entity = entry.entity
        ident = entity.id if _NCNAME_START.match(entity.id) else f"_{entity.id}"
        element = ET.SubElement(body, "termEntry", id=ident)
        ET.SubElement(element, "note").text = entity.type
        lang = ET.SubElement(element, "langSet", {_XML_LANG: LANGUAGE})
        _tig(lang, entry.preferred, "preferredTerm-admn-sts")
        for term in entry.admitted:
            _tig(lang, term, "admittedTerm-admn-sts")
        for alias, fixed in entry.variants:
            _tig(lang, alias, "deprecatedTerm-admn-sts", f"use “{fixed}”")
    return root


def write_tbx(analysis: Analysis, path: Path) -> None:
    """Write the TBX-Basic glossary (UTF-8) to ``path``, atomically."""
    root = tbx_tree(analysis)
    ET.indent(root)
    write_text(path, _DECLARATION + _DOCTYPE + ET.tostring(root, encoding="unicode") + "\n")


def replacements(analysis: Analysis) -> list[tuple[str, str]]:
    """(variant, replacement) pairs, sorted and unique: only forms that change."""
    pairs = {
        (_one_line(alias), _one_line(fixed))
        for entity in analysis.entities
        for alias, fixed in alias_corrections(entity).items()
    }
    return sorted((a, b) for a, b in pairs if a != b)


def write_tsv(analysis: Analysis, path: Path) -> None:
    """Write ``variant<TAB>replacement`` lines (no header) to ``path``, atomically."""
    write_text(path, "".join(f"{a}\t{b}\n" for a, b in replacements(analysis)))
