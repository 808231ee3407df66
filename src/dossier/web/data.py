"""What the pages read: a read-only view of the store, with a small cache of the book's outline.

Every request opens its own read-only connection, so a database replaced by ``analyze`` or a
review decision (``os.replace``) is seen by the next request. The outline (chapters, entities
with their counts, the alias table) is read in a handful of grouped queries and kept until the
file's signature (mtime, size, inode) changes. Pages never query per mention: each loads what it
shows in a few queries.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..records import Analysis
from ..store import connect, read_analysis
from .outline import Outline, read_outline

__all__ = ["AliasRow", "BookData", "bare_alias"]

T = TypeVar("T")
_POSSESSIVES = ("’s", "'s", "’", "'")


def bare_alias(text: str) -> str:
    """A mention's text without a possessive ending, as the alias table stores names."""
    for ending in _POSSESSIVES:
        if text.endswith(ending) and len(text) > len(ending):
            return text[: -len(ending)]
    return text


@dataclass(frozen=True, slots=True)
class AliasRow:
    entity: str
    alias: str
    count: int
    reason: str
    score: float
    features: tuple[str, ...]


class BookData:
    """Read access to one Dossier database file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # fails early with a StoreError when the file is missing or not a Dossier database
        connect(path).close()
        self._lock = threading.Lock()
        self._signature: tuple[int, int, int] | None = None
        self._outline: Outline | None = None
        # derived views (analysis records, network, review list) of one file version
        self._memo_lock = threading.RLock()
        self._memo: dict[str, Any] = {}
        self._memo_signature: tuple[int, int, int] | None = None

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection to the current database file."""
        uri = self.path.resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as db:
            db.row_factory = sqlite3.Row
            yield db

    def signature(self) -> tuple[int, int, int]:
        stat = self.path.stat()
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def outline(self) -> Outline:
        signature = self.signature()
        with self._lock:
            if self._outline is None or signature != self._signature:
                with self.read() as db:
                    self._outline = read_outline(db)
                self._signature = signature
            return self._outline

    def analysis(self) -> Analysis:
        """The whole stored analysis as records (for the network and the review list), read
        once per database file version."""
        return self.memo("analysis", lambda: read_analysis(self.path))

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, kept until the database file changes (for costly derived views)."""
        signature = self.signature()
        with self._memo_lock:
            if self._memo_signature != signature:
                self._memo.clear()
                self._memo_signature = signature
            if key not in self._memo:
                self._memo[key] = compute()
            found: T = self._memo[key]
            return found

    def invalidate(self) -> None:
        with self._lock:
            self._outline = None
        with self._memo_lock:
            self._memo.clear()

    # -- one entity -----------------------------------------------------------------------

    def aliases(self, entity: str) -> list[AliasRow]:
        with self.read() as db:
            rows = db.execute(
                "SELECT * FROM aliases WHERE entity = ? ORDER BY count DESC, alias", (entity,)
            ).fetchall()
        return [_alias_row(row) for row in rows]

    def alias_chapters(self, entity: str) -> dict[str, dict[str, int]]:
        """Per variant (bare alias text), how often it occurs in each chapter."""
        out: dict[str, dict[str, int]] = {}
        with self.read() as db:
            for row in db.execute(
                "SELECT text, doc, count(*) AS n FROM mentions WHERE entity = ? AND kind = 'PROP'"
                " GROUP BY text, doc",
                (entity,),
            ):
                per_doc = out.setdefault(bare_alias(row["text"]), {})
                per_doc[row["doc"]] = per_doc.get(row["doc"], 0) + row["n"]
        return out

    def mentions(self, entity: str, limit: int) -> list[sqlite3.Row]:
        with self.read() as db:
            return db.execute(
                'SELECT m.doc, m.start, m."end", m.text, m.kind FROM mentions m'
                " JOIN documents d ON d.id = m.doc WHERE m.entity = ?"
                " ORDER BY d.ord, m.start LIMIT ?",
                (entity, limit),
            ).fetchall()

    def quotes(
        self,
        *,
        speaker: str | None = None,
        addressee: str | None = None,
        chapter: str | None = None,
        limit: int = 1000,
        offset: int = 0,
    ) -> tuple[int, list[sqlite3.Row]]:
        where, params = ["1 = 1"], []
        for column, value in (
            ("q.speaker", speaker),
            ("q.addressee", addressee),
            ("q.doc", chapter),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        clause = " AND ".join(where)
        with self.read() as db:
            total = db.execute(f"SELECT count(*) FROM quotes q WHERE {clause}", params).fetchone()[
                0
            ]
            rows = db.execute(
                f"SELECT q.* FROM quotes q JOIN documents d ON d.id = q.doc WHERE {clause}"
                " ORDER BY d.ord, q.start LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return total, rows

    def relations(self, entity: str) -> list[sqlite3.Row]:
        with self.read() as db:
            return db.execute(
                "SELECT r.* FROM relations r JOIN documents d ON d.id = r.doc"
                " WHERE r.head = ?1 OR r.tail = ?1 ORDER BY d.ord, r.start",
                (entity,),
            ).fetchall()

    def events(self, entity: str) -> list[sqlite3.Row]:
        with self.read() as db:
            return db.execute(
                "SELECT v.* FROM events v JOIN documents d ON d.id = v.doc"
                " WHERE v.agent = ?1 OR v.patient = ?1 OR v.place = ?1 ORDER BY d.ord, v.start",
                (entity,),
            ).fetchall()

    def texts(self, docs: set[str]) -> dict[str, str]:
        """The full text of each chapter named in ``docs``."""
        if not docs:
            return {}
        marks = ",".join("?" * len(docs))
        with self.read() as db:
            return {
                row["id"]: row["text"]
                for row in db.execute(
                    f"SELECT id, text FROM documents WHERE id IN ({marks})", sorted(docs)
                )
            }

    def paragraph_starts(self, docs: set[str]) -> dict[str, list[tuple[int, int]]]:
        """Per chapter, (start, index) of each paragraph in text order, to place an offset."""
        out: dict[str, list[tuple[int, int]]] = {}
        if not docs:
            return out
        marks = ",".join("?" * len(docs))
        with self.read() as db:
            for row in db.execute(
                f"SELECT doc, idx, start FROM paragraphs WHERE doc IN ({marks})"
                " ORDER BY doc, start",
                sorted(docs),
            ):
                out.setdefault(row["doc"], []).append((row["start"], row["idx"]))
        return out

    # -- one chapter ----------------------------------------------------------------------

    def chapter(self, doc: str) -> dict[str, Any] | None:
        """Text, paragraphs, mentions (with their entity) and quotes of one chapter."""
        with self.read() as db:
            row = db.execute("SELECT * FROM documents WHERE id = ?", (doc,)).fetchone()
            if row is None:
                return None
            paragraphs = db.execute(
                'SELECT idx, start, "end" FROM paragraphs WHERE doc = ? ORDER BY idx', (doc,)
            ).fetchall()
            mentions = db.execute(
                'SELECT start, "end", text, kind, label, entity FROM mentions WHERE doc = ?'
                ' ORDER BY start, "end" DESC',
                (doc,),
            ).fetchall()
            quotes = db.execute(
                "SELECT * FROM quotes WHERE doc = ? ORDER BY start", (doc,)
            ).fetchall()
        return {"row": row, "paragraphs": paragraphs, "mentions": mentions, "quotes": quotes}

    def sentence_paragraphs(self, doc: str) -> list[sqlite3.Row]:
        with self.read() as db:
            return db.execute(
                'SELECT start, "end", paragraph FROM sentences WHERE doc = ? ORDER BY start',
                (doc,),
            ).fetchall()


def _alias_row(row: sqlite3.Row) -> AliasRow:
    try:
        features = tuple(str(f) for f in json.loads(row["features"] or "[]"))
    except ValueError:
        features = ()
    return AliasRow(
        row["entity"],
        row["alias"],
        row["count"] or 0,
        row["reason"] or "",
        row["score"] if row["score"] is not None else 1.0,
        features,
    )
