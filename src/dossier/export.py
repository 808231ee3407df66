"""Exports of a stored analysis: the JSON contract of ``shared/eval/README.md`` and CSV tables."""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from .errors import ExportError
from .records import AliasEvidence, Analysis, Entity, Event, Mention, Quote, Relation, TimeExpr

__all__ = ["atomic_write", "to_json", "write_csv", "write_json", "write_text"]


def _evidence_json(item: AliasEvidence) -> dict[str, Any]:
    data: dict[str, Any] = {
        "alias": item.alias,
        "reason": item.reason,
        "score": item.score,
        "features": list(item.features),
    }
    if item.corrected is not None:  # only where the alias is respelled in the edition
        data["corrected"] = item.corrected
    return data


def _entity_json(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "gender": entity.gender,
        "narrator": entity.narrator,
        "description": entity.description,
        "aliases": list(entity.aliases),
        "alias_evidence": [_evidence_json(e) for e in entity.evidence],
        "mentions": [
            {
                "doc": m.doc,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "label": m.label,
                "kind": m.kind,
                "source": m.source,
            }
            for m in entity.mentions
        ],
    }


def to_json(analysis: Analysis) -> dict[str, Any]:
    """The export as one JSON-able object."""
    return {
        "documents": [
            {
                "id": d.id,
                "path": d.path,
                "title": d.title,
                "chapter": d.chapter,
                "order": d.order,
                "body_start": d.body_start,
                "text": d.text,
            }
            for d in analysis.documents
        ],
        "entities": [_entity_json(e) for e in analysis.entities],
        "quotes": [asdict(q) for q in analysis.quotes],
        "relations": [asdict(r) for r in analysis.relations],
        "events": [asdict(v) for v in analysis.events],
        "times": [asdict(t) for t in analysis.times],
        "paragraphs": [asdict(p) for p in analysis.paragraphs],
        "sentences": [asdict(s) for s in analysis.sentences],
        "model": analysis.model,
        "tokens": analysis.tokens,
    }


def atomic_write(path: Path, write: Any) -> None:
    """Call ``write(handle)`` on a temporary file beside ``path``, then move it over ``path``."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            write(handle)
        os.replace(tmp, path)
    except OSError as error:
        raise ExportError(f"{path}: cannot write ({error.strerror or error})") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8) atomically: the old file or the new, never half."""
    atomic_write(path, lambda handle: handle.write(text))


def write_json(analysis: Analysis, path: Path) -> None:
    data = to_json(analysis)
    atomic_write(path, lambda handle: json.dump(data, handle, ensure_ascii=False, indent=1))


def _table(rows: Iterable[dict[str, Any]], path: Path, columns: Sequence[str] = ()) -> None:
    rows = list(rows)

    def write(handle: Any) -> None:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else list(columns))
        writer.writeheader()
        writer.writerows(rows)

    atomic_write(path, write)


def write_csv(analysis: Analysis, folder: Path) -> list[Path]:
    """One CSV per table in ``folder``; returns the files written."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: exists and is not a folder")
    tables: dict[str, list[dict[str, Any]]] = {
        "documents": [
            {
                "id": d.id,
                "order": d.order,
                "path": d.path,
                "title": d.title,
                "chapter": d.chapter,
                "characters": len(d.text),
            }
            for d in analysis.documents
        ],
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "gender": e.gender or "",
                "narrator": e.narrator,
                "description": e.description,
                "mentions": len(e.mentions),
                "aliases": "|".join(e.aliases),
            }
            for e in analysis.entities
        ],
        "aliases": [
            {
                "entity": e.id,
                "alias": a.alias,
                "reason": a.reason,
                "score": a.score,
                "features": "|".join(a.features),
            }
            for e in analysis.entities
            for a in e.evidence
        ],
        "mentions": [{"entity": e.id, **asdict(m)} for e in analysis.entities for m in e.mentions],
        "quotes": [asdict(q) for q in analysis.quotes],
        "relations": [asdict(r) for r in analysis.relations],
        "events": [asdict(v) for v in analysis.events],
        "times": [asdict(t) for t in analysis.times],
    }
    columns = {
        "entities": [
            "id",
            "name",
            "type",
            "gender",
            "narrator",
            "description",
            "mentions",
            "aliases",
        ],
        "aliases": ["entity", "alias", "reason", "score", "features"],
        "mentions": ["entity", *(f.name for f in fields(Mention))],
        "quotes": [f.name for f in fields(Quote)],
        "relations": [f.name for f in fields(Relation)],
        "events": [f.name for f in fields(Event)],
        "times": [f.name for f in fields(TimeExpr)],
    }
    written = []
    for name, rows in tables.items():
        path = folder / f"{name}.csv"
        _table(rows, path, columns.get(name, ()))
        written.append(path)
    return written
