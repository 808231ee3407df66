"""The editor's decisions in the store's ``curation`` table: record, undo, list, share.

A decision is checked against the stored (already curated) analysis before it is recorded, so
a typo or an ambiguous name is refused at once; names given by entity id are recorded as a
name, since ids change between runs. The table survives every re-analysis (the store copies
it), and :func:`locked` serialises the writers of one store — the threads of a process and,
where the platform has advisory locks, other processes (a CLI command while the web app
re-analyses): a decision recorded meanwhile is never overwritten by an older copy of the store.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import CurationError, ExportError, MissingPathError
from ..records import Entity
from ..store import connect, read_analysis
from .actions import Decision, check_shape
from .apply import alias_holders, apply_decisions, find_entity

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "LOCK",
    "export_decisions",
    "import_decisions",
    "list_decisions",
    "locked",
    "record_decision",
    "undo",
]

EXPORT_FORMAT = "dossier-curation"
EXPORT_VERSION = 1
LOCK = threading.RLock()
PathLike = str | os.PathLike[str]
_held: dict[Path, int] = {}  # store -> how deep this process holds its lock (under LOCK)

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: threads of one process are serialised only
    fcntl = None  # type: ignore[assignment]


@contextmanager
def locked(db_path: PathLike) -> Iterator[None]:
    """Hold the write lock of the store at ``db_path`` (re-entrant): the analysis that
    reads the decisions and rewrites the store, and a decision being recorded, never
    interleave. Across processes it is an advisory lock on ``<db>.lock`` beside the store."""
    path = Path(db_path).resolve()
    with LOCK:
        if _held.get(path):
            _held[path] += 1
            try:
                yield
            finally:
                _held[path] -= 1
            return
        handle = None
        if fcntl is not None and path.parent.is_dir():
            handle = open(path.with_name(f"{path.name}.lock"), "a", encoding="utf-8")  # noqa: SIM115
            fcntl.flock(handle, fcntl.LOCK_EX)
        _held[path] = 1
        try:
            yield
        finally:
            _held.pop(path, None)
            if handle is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _decision(row: sqlite3.Row) -> Decision:
    return Decision(
        id=row["id"],
        action=row["action"],
        args=tuple(json.loads(row["args"])),
        active=bool(row["active"]),
        created=row["created"] or "",
        note=row["note"],
    )


def list_decisions(db_path: PathLike, active_only: bool = False) -> list[Decision]:
    """Every decision stored in the database, oldest first (only active ones if asked)."""
    with closing(connect(Path(db_path))) as db:
        where = " WHERE active = 1" if active_only else ""
        return [_decision(r) for r in db.execute(f"SELECT * FROM curation{where} ORDER BY id")]


def _insert(db: sqlite3.Connection, action: str, args: Sequence[str], active: bool,
            created: str, note: str | None) -> int:  # fmt: skip
    cursor = db.execute(
        "INSERT INTO curation (created, action, args, active, note) VALUES (?, ?, ?, ?, ?)",
        (created, action, json.dumps(list(args), ensure_ascii=False), int(active), note),
    )
    return int(cursor.lastrowid or 0)


def _as_text(entities: Sequence[Entity], typed: str, entity: Entity) -> str:
    """The text to record for ``entity``, which the user called ``typed``: their text as the
    book writes it; for an id, a name of the entity that means it alone."""
    for text in (entity.name, *entity.aliases):
        if text == typed or text.casefold() == typed.casefold():
            return text
    for text in (entity.name, *entity.aliases):
        try:
            if find_entity(entities, text).id == entity.id:
                return text
        except CurationError:
            continue
    raise CurationError(
        f"entity {entity.id} has no name of its own to record a decision by; rename it first"
    )


def _resolve(entities: Sequence[Entity], action: str, args: tuple[str, ...]) -> tuple[str, ...]:
    """The arguments as they will be recorded; refuses names that mean nothing, several
    entities, or a change that is already so."""
    if action in ("split", "reject"):
        holders = alias_holders(entities, args[0])
        if not holders:
            entity = find_entity(entities, args[0])  # raises the unknown-name error
            if entity.id == args[0]:
                raise CurationError(f"{action} takes an alias as the text writes it, not an id")
            raise CurationError(f"“{args[0]}” is an entity's name but no name in the text")
        alias = next(
            (a for a in holders[0].aliases if a == args[0]),
            next(a for a in holders[0].aliases if a.casefold() == args[0].casefold()),
        )
        if action == "split" and len(holders) == 1 and holders[0].aliases == (alias,):
            raise CurationError(f"“{alias}” is already an entity of its own")
        return (alias,)
    entity = find_entity(entities, args[0])
    first = _as_text(entities, args[0], entity)
    if action == "merge":
        other = find_entity(entities, args[1])
        if other.id == entity.id:
            raise CurationError(f"“{args[0]}” and “{args[1]}” are already one entity")
        return first, _as_text(entities, args[1], other)
    if action == "rename":
        if args[1] == entity.name:
            raise CurationError(f"“{entity.name}” is already the canonical name")
        if any(e.name == args[1] and e.id != entity.id for e in entities):
            raise CurationError(f"another entity is called “{args[1]}”: merge them instead")
    if action == "set-type" and entity.type == args[1]:
        raise CurationError(f"“{entity.name}” is already of type {args[1]}")
    if action == "set-gender" and (entity.gender or "none") == args[1]:
        raise CurationError(f"the gender of “{entity.name}” is already {args[1]}")
    return first, args[1]


def record_decision(
    db_path: PathLike, action: str, args: Sequence[str], note: str | None = None
) -> Decision:
    """Check a decision against the analysis stored at ``db_path`` and record it (active)."""
    action, cleaned = check_shape(action, args)
    path = Path(db_path)
    with locked(path):
        analysis = read_analysis(path)
        recorded = _resolve(analysis.entities, action, cleaned)
        probe = apply_decisions(analysis.entities, [Decision(0, action, recorded)])
        if probe.stale:
            raise CurationError(probe.stale[0].reason)
        created = _now()
        with closing(connect(path)) as db, db:
            ident = _insert(db, action, recorded, True, created, note)
    return Decision(ident, action, recorded, True, created, note)


def undo(db_path: PathLike) -> Decision | None:
    """Deactivate the latest active decision and return it (None when there is none)."""
    with locked(db_path), closing(connect(Path(db_path))) as db, db:
        row = db.execute(
            "SELECT * FROM curation WHERE active = 1 ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        db.execute("UPDATE curation SET active = 0 WHERE id = ?", (row["id"],))
        return dataclasses.replace(_decision(row), active=False)


def _fields(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.id,
        "action": decision.action,
        "args": decision.args,
        "active": decision.active,
        "created": decision.created,
        "note": decision.note,
    }


def export_decisions(db_path: PathLike, file: PathLike) -> int:
    """Write every decision (undone ones too) to ``file`` as versioned JSON; returns how many."""
    decisions = list_decisions(db_path)
    payload = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": _now(),
        "decisions": [
            {k: v for k, v in _fields(d).items() if k != "id"} | {"args": list(d.args)}
            for d in decisions
        ],
    }
    target = Path(file)
    try:
        target.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
    except OSError as error:
        raise ExportError(f"{target}: cannot write ({error.strerror or error})") from None
    return len(decisions)


def _read_export(file: Path) -> list[dict[str, Any]]:
    if not file.is_file():
        raise MissingPathError(f"{file}: no such file")
    try:
        payload = json.loads(file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CurationError(f"{file}: not a decisions file ({error})") from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise CurationError(
            f"{file}: not a Dossier decisions file (no “format”: “{EXPORT_FORMAT}”)"
        )
    version = payload.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise CurationError(f"{file}: decisions file version {version!r}; upgrade Dossier")
    items = payload.get("decisions")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise CurationError(f"{file}: “decisions” must be a list of objects")
    return items


def import_decisions(db_path: PathLike, file: PathLike) -> int:
    """Add the decisions of a JSON file made by :func:`export_decisions`, after the ones
    stored; a decision already stored (same action, arguments and state) is skipped. They are
    checked for shape, not against the book: one that does not apply shows up as stale.
    Returns how many were added."""
    items = _read_export(Path(file))
    parsed = []
    for number, item in enumerate(items, 1):
        args = item.get("args")
        if not isinstance(args, list) or not isinstance(item.get("action"), str):
            raise CurationError(f"{file}: decision {number} has no action or no argument list")
        try:
            action, cleaned = check_shape(item["action"], [str(a) for a in args])
        except CurationError as error:
            raise CurationError(f"{file}: decision {number}: {error}") from None
        note = item.get("note")
        created = item.get("created")
        parsed.append(
            (action, cleaned, bool(item.get("active", True)),
             created if isinstance(created, str) and created else _now(),
             note if isinstance(note, str) else None)
        )  # fmt: skip
    with locked(db_path), closing(connect(Path(db_path))) as db, db:
        seen = {
            (r["action"], tuple(json.loads(r["args"])), bool(r["active"]))
            for r in db.execute("SELECT action, args, active FROM curation")
        }
        added = 0
        for action, cleaned, active, created, note in parsed:
            if (action, cleaned, active) in seen:
                continue
            seen.add((action, cleaned, active))
            _insert(db, action, cleaned, active, created, note)
            added += 1
    return added
