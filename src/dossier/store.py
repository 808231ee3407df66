"""The SQLite store: a versioned schema, atomic writes, and reading an analysis back.

Writing never touches the existing database until the new one is complete: the old file is
copied (SQLite backup API) to a temporary file beside it, migrated, rewritten in one
transaction and moved over the original with ``os.replace``. Killing ``analyze`` at any moment
leaves the previous database intact; the ``curation`` table, which holds what a person decided,
is carried over unchanged. The temporary file is written without SQLite's own syncing and
journal file (nobody reads it before it is complete, and a failed write throws it away) and
is flushed to disk once, before it replaces the original.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from .errors import StoreError
from .records import (
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
from .schema import MIGRATIONS, SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "connect", "read_analysis", "read_documents", "write_analysis"]

T = TypeVar("T")

# Tables rebuilt from the book on every run; everything else (curation, runs) is kept.
ANALYSIS_TABLES = (
    "documents",
    "paragraphs",
    "sentences",
    "entities",
    "aliases",
    "mentions",
    "quotes",
    "relations",
    "events",
    "times",
)


def connect(path: Path) -> sqlite3.Connection:
    """Open an existing Dossier database for reading (and curation writes)."""
    if not path.is_file():
        raise StoreError(f"{path}: no such database (run `dossier analyze` first)")
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute("SELECT 1 FROM documents LIMIT 1")
    except sqlite3.DatabaseError as error:
        connection.close()
        raise StoreError(f"{path}: not a Dossier database ({error})") from None
    if version > SCHEMA_VERSION:
        connection.close()
        raise StoreError(f"{path}: made by a newer Dossier (schema {version}); upgrade Dossier")
    return connection


def migrate(connection: sqlite3.Connection, path: Path) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: made by a newer Dossier (schema {version}); upgrade Dossier")
    for number in range(version, SCHEMA_VERSION):
        connection.executescript(MIGRATIONS[number])
        connection.execute(f"PRAGMA user_version = {number + 1}")


@contextmanager
def _replacing(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a fresh copy of ``path`` that replaces it only on success."""
    for stale in path.parent.glob(f"{path.name}.tmp-*"):
        stale.unlink(missing_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        with closing(sqlite3.connect(tmp)) as connection:
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute("PRAGMA journal_mode = MEMORY")  # a rollback still works
            if path.exists():
                try:
                    with closing(sqlite3.connect(path)) as source:
                        source.backup(connection)
                except sqlite3.DatabaseError as error:
                    raise StoreError(f"{path}: not a Dossier database ({error})") from None
            yield connection
        _flush(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _flush(path: Path) -> None:
    """Force ``path`` to disk, so that the rename never publishes a half-written database."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_analysis(path: Path, analysis: Analysis, run: Mapping[str, Any]) -> None:
    """Store ``analysis`` in the database at ``path`` (created or updated), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _replacing(path) as db:
        migrate(db, path)
        with db:
            for table in ANALYSIS_TABLES:
                db.execute(f"DELETE FROM {table}")
            db.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('delete-all')")
            _insert_all(db, analysis)
            db.execute(
                "INSERT INTO runs (started, finished, version, model, paths, documents, tokens,"
                " parsed, cached, seconds) VALUES (:started, :finished, :version, :model,"
                " :paths, :documents, :tokens, :parsed, :cached, :seconds)",
                dict(run),
            )


def _insert_all(db: sqlite3.Connection, analysis: Analysis) -> None:
    import hashlib

    texts = {d.id: d.text for d in analysis.documents}
    db.executemany(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                d.id,
                d.order,
                d.path,
                d.title,
                d.chapter,
                d.body_start,
                d.text,
                hashlib.sha256(d.text.encode()).hexdigest(),
            )
            for d in analysis.documents
        ),
    )
    db.executemany(
        "INSERT INTO paragraphs VALUES (?, ?, ?, ?)",
        ((p.doc, p.index, p.start, p.end) for p in analysis.paragraphs),
    )
    db.executemany(
        'INSERT INTO sentences (doc, idx, start, "end", paragraph, text) VALUES (?,?,?,?,?,?)',
        (
            (s.doc, s.index, s.start, s.end, s.paragraph, texts[s.doc][s.start : s.end])
            for s in analysis.sentences
        ),
    )
    db.execute("INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM sentences")
    db.executemany(
        "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (e.id, e.name, e.type, e.gender, int(e.narrator), int(e.description), len(e.mentions))
            for e in analysis.entities
        ),
    )
    db.executemany(
        "INSERT INTO aliases (entity, alias, count, reason, score, features, corrected)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        _alias_rows(analysis),
    )
    db.executemany(
        'INSERT INTO mentions (doc, start, "end", text, label, kind, source, entity)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (m.doc, m.start, m.end, m.text, m.label, m.kind, m.source, e.id)
            for e in analysis.entities
            for m in e.mentions
        ),
    )
    db.executemany(
        "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                q.id,
                q.doc,
                q.start,
                q.end,
                q.text,
                q.kind,
                q.speaker,
                q.addressee,
                q.method,
                q.confidence,
                q.speaker_start,
                q.speaker_end,
            )
            for q in analysis.quotes
        ),
    )
    db.executemany(
        'INSERT INTO relations (head, relation, tail, doc, start, "end", detail, confidence)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (r.head, r.relation, r.tail, r.doc, r.start, r.end, r.detail, r.confidence)
            for r in analysis.relations
        ),
    )
    db.executemany(
        'INSERT INTO events (type, doc, start, "end", agent, patient, place, date, modality,'
        " trigger) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                v.type,
                v.doc,
                v.start,
                v.end,
                v.agent,
                v.patient,
                v.place,
                v.date,
                v.modality,
                v.trigger,
            )
            for v in analysis.events
        ),
    )
    db.executemany(
        'INSERT INTO times (doc, start, "end", text, value, precision, relative)'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (t.doc, t.start, t.end, t.text, t.value, t.precision, int(t.relative))
            for t in analysis.times
        ),
    )


def _alias_rows(analysis: Analysis) -> Iterator[tuple[Any, ...]]:
    for entity in analysis.entities:
        counts: dict[str, int] = {}
        for mention in entity.mentions:
            if mention.kind == "PROP":
                counts[mention.text] = counts.get(mention.text, 0) + 1
        evidence = {item.alias: item for item in entity.evidence}
        for alias in entity.aliases:
            item = evidence.get(alias, AliasEvidence(alias, ""))
            yield (
                entity.id,
                alias,
                counts.get(alias, 0),
                item.reason,
                item.score,
                json.dumps(list(item.features)),
                item.corrected,
            )


def _rows(db: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
    return list(db.execute(sql))


def read_analysis(path: Path) -> Analysis:
    """Read the latest analysis stored at ``path`` back into records."""
    with closing(connect(path)) as db:
        documents = _read(db, "documents ORDER BY ord", _document)
        mentions: dict[str, list[Mention]] = {}
        for r in _rows(db, 'SELECT * FROM mentions ORDER BY doc, start, "end"'):
            mentions.setdefault(r["entity"], []).append(
                Mention(
                    r["doc"], r["start"], r["end"], r["text"], r["label"], r["kind"], r["source"]
                )
            )
        aliases: dict[str, list[AliasEvidence]] = {}
        columns = {r["name"] for r in db.execute("PRAGMA table_info(aliases)")}
        corrected = "corrected" if "corrected" in columns else "NULL AS corrected"  # schema 1
        for r in _rows(
            db, f"SELECT *, {corrected} FROM aliases ORDER BY entity, count DESC, alias"
        ):
            aliases.setdefault(r["entity"], []).append(
                AliasEvidence(
                    r["alias"],
                    r["reason"],
                    r["score"],
                    tuple(json.loads(r["features"])),
                    r["corrected"],
                )
            )
        entities = tuple(
            Entity(
                id=r["id"],
                name=r["name"],
                type=r["type"],
                gender=r["gender"],
                narrator=bool(r["narrator"]),
                description=bool(r["description"]),
                aliases=tuple(a.alias for a in aliases.get(r["id"], [])),
                mentions=tuple(mentions.get(r["id"], [])),
                evidence=tuple(aliases.get(r["id"], [])),
            )
            for r in _rows(db, "SELECT * FROM entities ORDER BY mention_count DESC, id")
        )
        return Analysis(
            documents=documents,
            paragraphs=_read(db, "paragraphs ORDER BY doc, idx", _paragraph),
            sentences=_read(db, "sentences ORDER BY doc, idx", _sentence),
            entities=entities,
            quotes=_read(db, "quotes ORDER BY doc, start", _quote),
            relations=_read(db, "relations ORDER BY doc, start", _relation),
            events=_read(db, "events ORDER BY doc, start", _event),
            times=_read(db, "times ORDER BY doc, start", _time),
            tokens=_latest_run(db).get("tokens") or 0,
            model=_latest_run(db).get("model") or "",
        )


def read_documents(path: Path) -> tuple[tuple[Document, ...], dict[str, Any]]:
    """The documents stored at ``path`` in reading order, and the record of the latest run
    (what a re-analysis needs, without reading the analysis itself)."""
    with closing(connect(path)) as db:
        return _read(db, "documents ORDER BY ord", _document), _latest_run(db)


def _read(db: sqlite3.Connection, table: str, make: Callable[[sqlite3.Row], T]) -> tuple[T, ...]:
    return tuple(make(row) for row in db.execute(f"SELECT * FROM {table}"))


def _document(r: sqlite3.Row) -> Document:
    return Document(
        r["id"], r["path"], r["title"], r["text"], r["chapter"], r["ord"], r["body_start"]
    )


def _paragraph(r: sqlite3.Row) -> Paragraph:
    return Paragraph(r["doc"], r["idx"], r["start"], r["end"])


def _sentence(r: sqlite3.Row) -> Sentence:
    return Sentence(r["doc"], r["idx"], r["start"], r["end"], r["paragraph"])


def _quote(r: sqlite3.Row) -> Quote:
    columns = r.keys()  # schemas 1 and 2 have no speaker words (a Row's `in` reads values)
    return Quote(
        r["id"],
        r["doc"],
        r["start"],
        r["end"],
        r["text"],
        r["kind"],
        r["speaker"],
        r["addressee"],
        r["method"],
        r["confidence"],
        *((r["speaker_start"], r["speaker_end"]) if "speaker_end" in columns else (None, None)),
    )


def _relation(r: sqlite3.Row) -> Relation:
    return Relation(
        r["head"],
        r["relation"],
        r["tail"],
        r["doc"],
        r["start"],
        r["end"],
        r["detail"],
        r["confidence"],
    )


def _event(r: sqlite3.Row) -> Event:
    return Event(
        r["type"],
        r["doc"],
        r["start"],
        r["end"],
        r["agent"],
        r["patient"],
        r["place"],
        r["date"],
        r["modality"],
        r["trigger"],
    )


def _time(r: sqlite3.Row) -> TimeExpr:
    return TimeExpr(
        r["doc"], r["start"], r["end"], r["text"], r["value"], r["precision"], bool(r["relative"])
    )


def _latest_run(db: sqlite3.Connection) -> dict[str, Any]:
    row = db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    return dict(row) if row else {}
