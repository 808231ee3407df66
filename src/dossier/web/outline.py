"""The book's outline: chapters and entities with the counts every page shows, read in a
handful of grouped queries (never one per mention) and sorted or filtered for the index."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["SORTS", "ChapterInfo", "EntityInfo", "Outline", "read_outline", "select_entities"]


@dataclass(frozen=True, slots=True)
class ChapterInfo:
    id: str
    order: int
    title: str
    chapter: int | None
    length: int

    @property
    def label(self) -> str:
        if self.chapter is not None and str(self.chapter) not in self.title:
            return f"{self.title} ({self.chapter})"
        return self.title or self.id

    @property
    def short(self) -> str:
        """A label for lists of sources: ``ch. 52``, else the title cut short."""
        if self.chapter is not None:
            return f"ch. {self.chapter}"
        label = self.title or self.id
        return label if len(label) <= 24 else label[:23] + "…"


@dataclass(slots=True)
class EntityInfo:
    """One entity with the counts the index and home pages show."""

    id: str
    name: str
    type: str
    gender: str | None
    narrator: bool
    description: bool
    mentions: int
    variants: int = 0
    spoken: int = 0
    received: int = 0
    # chapter id -> mentions there
    presence: dict[str, int] = field(default_factory=dict)
    first: tuple[int, int] = (1 << 30, 0)  # (chapter order, offset) of the first mention
    first_doc: str | None = None
    aliases: list[str] = field(default_factory=list)

    @property
    def chapters(self) -> int:
        return len(self.presence)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "gender": self.gender,
            "narrator": self.narrator,
            "description": self.description,
            "mentions": self.mentions,
            "variants": self.variants,
            "chapters": self.chapters,
            "quotes_spoken": self.spoken,
            "quotes_received": self.received,
        }


@dataclass(frozen=True, slots=True)
class Outline:
    """The book at a glance, cached per database file version."""

    chapters: tuple[ChapterInfo, ...]
    entities: dict[str, EntityInfo]
    # casefolded alias or canonical name -> entity ids
    names: dict[str, tuple[str, ...]]
    # casefolded name -> the name as the book spells it
    spelled: dict[str, str]
    total_quotes: int
    speech_quotes: int
    # chapter id -> quotations there
    chapter_quotes: dict[str, int]
    name: str  # what to call the book

    @property
    def chapter_by_id(self) -> dict[str, ChapterInfo]:
        return {c.id: c for c in self.chapters}

    def name_of(self, entity: str | None) -> str:
        if entity is None:
            return ""
        info = self.entities.get(entity)
        return info.name if info else entity


def read_outline(db: sqlite3.Connection) -> Outline:
    chapters = tuple(
        ChapterInfo(r["id"], r["ord"], r["title"] or "", r["chapter"], r["length"])
        for r in db.execute(
            "SELECT id, ord, title, chapter, length(text) AS length FROM documents ORDER BY ord"
        )
    )
    order = {c.id: c.order for c in chapters}
    entities = {
        r["id"]: EntityInfo(
            r["id"],
            r["name"],
            r["type"],
            r["gender"],
            bool(r["narrator"]),
            bool(r["description"]),
            r["mention_count"] or 0,
        )
        for r in db.execute("SELECT * FROM entities ORDER BY mention_count DESC, id")
    }
    names: dict[str, list[str]] = {}
    spelled: dict[str, str] = {}
    for known in entities.values():
        names.setdefault(known.name.casefold(), []).append(known.id)
        spelled.setdefault(known.name.casefold(), known.name)
    for r in db.execute("SELECT entity, alias FROM aliases"):
        info = entities.get(r["entity"])
        if info is None:
            continue
        info.variants += 1
        info.aliases.append(r["alias"])
        ids = names.setdefault(r["alias"].casefold(), [])
        spelled.setdefault(r["alias"].casefold(), r["alias"])
        if info.id not in ids:
            ids.append(info.id)
    for r in db.execute(
        "SELECT entity, doc, count(*) AS n, min(start) AS first FROM mentions GROUP BY entity, doc"
    ):
        info = entities.get(r["entity"])
        if info is None:
            continue
        info.presence[r["doc"]] = r["n"]
        first = (order.get(r["doc"], 1 << 30), r["first"])
        if first < info.first:
            info.first, info.first_doc = first, r["doc"]
    total = speech = 0
    chapter_quotes = {
        r["doc"]: r["n"] for r in db.execute("SELECT doc, count(*) AS n FROM quotes GROUP BY doc")
    }
    for r in db.execute(
        "SELECT speaker, addressee, kind, count(*) AS n FROM quotes"
        " GROUP BY speaker, addressee, kind"
    ):
        total += r["n"]
        if r["kind"] == "speech":
            speech += r["n"]
        if r["speaker"] in entities:
            entities[r["speaker"]].spoken += r["n"]
        if r["addressee"] in entities:
            entities[r["addressee"]].received += r["n"]
    return Outline(
        chapters,
        entities,
        {k: tuple(v) for k, v in names.items()},
        spelled,
        total,
        speech,
        chapter_quotes,
        _book_name(db, chapters),
    )


def _book_name(db: sqlite3.Connection, chapters: Sequence[ChapterInfo]) -> str:
    """The title the chapters share, else the name of the folder or file analysed."""
    titles = [c.title for c in chapters if c.title]
    if titles:
        common = max(sorted(set(titles)), key=titles.count)
        if titles.count(common) > 1 or len(chapters) == 1:
            return common
    row = db.execute("SELECT paths FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    first = str(row["paths"] or "").split(";")[0].strip() if row else ""
    return Path(first).stem if first else (titles[0] if titles else "Dossier")


# how the index sorts: key per entity, and whether it reads best largest first
SORTS: dict[str, tuple[Callable[[EntityInfo], Any], bool]] = {
    "name": (lambda e: e.name.casefold(), False),
    "type": (lambda e: (e.type, e.name.casefold()), False),
    "mentions": (lambda e: e.mentions, True),
    "variants": (lambda e: e.variants, True),
    "chapters": (lambda e: e.chapters, True),
    "quotes": (lambda e: e.spoken, True),
    "first": (lambda e: e.first, False),
}


def select_entities(
    outline: Outline,
    types: Sequence[str] = (),
    query: str = "",
    sort: str = "mentions",
    descending: bool | None = None,
) -> list[EntityInfo]:
    """Entities of the given types whose name or a variant contains ``query``, sorted."""
    key = " ".join(query.split()).casefold()
    wanted = set(types)
    matching: set[str] | None = None
    if key:
        matching = {e for name, ids in outline.names.items() if key in name for e in ids}
    chosen = [
        e
        for e in outline.entities.values()
        if (not wanted or e.type in wanted) and (matching is None or e.id in matching)
    ]
    by, largest_first = SORTS.get(sort, SORTS["mentions"])
    reverse = largest_first if descending is None else descending
    chosen.sort(key=lambda e: e.name.casefold())
    chosen.sort(key=by, reverse=reverse)
    return chosen
