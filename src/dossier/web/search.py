"""Search: full text over sentences (FTS5) and over names and their variants.

User input never reaches FTS5's query syntax: it is cut into words and each word is quoted as an
FTS string (``"word"``, inner quotes doubled), so ``"``, ``AND(`` or ``*`` are searched as text
and never raise a syntax error. Names are matched through the alias table, so a misspelling the
book uses (a variant) leads to the person it was merged into.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
from dataclasses import dataclass

from markupsafe import Markup, escape

from .outline import Outline

__all__ = ["NameHit", "SentenceHit", "exact_entities", "fts_query", "match_names", "sentences"]

_WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_OPEN, _CLOSE = "\x02", "\x03"


def fts_query(text: str) -> str | None:
    """A safe FTS5 query: every word of ``text`` as a quoted string, all required."""
    words = _WORD.findall(text)[:16]
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


@dataclass(frozen=True, slots=True)
class SentenceHit:
    doc: str
    start: int
    end: int
    paragraph: int
    snippet: Markup


@dataclass(frozen=True, slots=True)
class NameHit:
    entity: str
    name: str
    type: str
    matched: str  # the name or variant that matched
    how: str  # exact, contains, similar


def sentences(
    db: sqlite3.Connection, query: str, limit: int = 50, offset: int = 0
) -> tuple[int, list[SentenceHit]]:
    """Sentences matching every word of ``query`` in book order, with the words marked."""
    fts = fts_query(query)
    if fts is None:
        return 0, []
    total = db.execute(
        "SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH ?", (fts,)
    ).fetchone()[0]
    rows = db.execute(
        'SELECT s.doc, s.start, s."end", s.paragraph,'
        f" snippet(sentences_fts, 0, '{_OPEN}', '{_CLOSE}', '…', 40) AS snip"
        " FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid"
        " JOIN documents d ON d.id = s.doc WHERE sentences_fts MATCH ?"
        " ORDER BY d.ord, s.start LIMIT ? OFFSET ?",
        (fts, limit, offset),
    ).fetchall()
    return total, [
        SentenceHit(r["doc"], r["start"], r["end"], r["paragraph"], _marked(r["snip"]))
        for r in rows
    ]


def _marked(snippet: str) -> Markup:
    """Escape the snippet, then turn FTS5's match markers into ``<mark>``."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>"))


def exact_entities(outline: Outline, query: str) -> tuple[str, ...]:
    """Entities whose canonical name or one of whose variants is exactly ``query``."""
    return outline.names.get(" ".join(query.split()).casefold(), ())


def match_names(outline: Outline, query: str, limit: int = 50) -> list[NameHit]:
    """Entities by name or variant: exact first, then containing the query, then similar."""
    key = " ".join(query.split()).casefold()
    if not key:
        return []
    hits: list[NameHit] = []
    seen: set[str] = set()

    def add(entity: str, matched: str, how: str) -> None:
        info = outline.entities.get(entity)
        if info is not None and entity not in seen:
            seen.add(entity)
            hits.append(NameHit(entity, info.name, info.type, matched, how))

    for entity in outline.names.get(key, ()):
        add(entity, query.strip(), "exact")
    for name, entities in outline.names.items():
        if key in name and name != key:
            for entity in entities:
                add(entity, outline.spelled.get(name, name), "contains")
    if len(key) >= 3:
        for name in difflib.get_close_matches(key, list(outline.names), n=8, cutoff=0.75):
            for entity in outline.names[name]:
                add(entity, outline.spelled.get(name, name), "similar")
    hits.sort(
        key=lambda h: (
            {"exact": 0, "contains": 1, "similar": 2}[h.how],
            -outline.entities[h.entity].mentions,
        )
    )
    return hits[:limit]
