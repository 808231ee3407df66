"""The store's SQLite schema: one migration per version, appended, never edited (a database
made by an older Dossier is brought up to date by the migrations it has not had)."""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]

_SCHEMA_V1 = """
CREATE TABLE documents (id TEXT PRIMARY KEY, ord INTEGER, path TEXT, title TEXT,
    chapter INTEGER, body_start INTEGER, text TEXT, sha256 TEXT);
CREATE TABLE paragraphs (doc TEXT, idx INTEGER, start INTEGER, "end" INTEGER,
    PRIMARY KEY (doc, idx));
CREATE TABLE sentences (id INTEGER PRIMARY KEY, doc TEXT, idx INTEGER, start INTEGER,
    "end" INTEGER, paragraph INTEGER, text TEXT);
CREATE INDEX sentences_doc ON sentences (doc, start);
CREATE VIRTUAL TABLE sentences_fts USING fts5 (text, content='sentences', content_rowid='id');
CREATE TABLE entities (id TEXT PRIMARY KEY, name TEXT, type TEXT, gender TEXT,
    narrator INTEGER, description INTEGER, mention_count INTEGER);
CREATE TABLE aliases (entity TEXT, alias TEXT, count INTEGER, reason TEXT, score REAL,
    features TEXT, PRIMARY KEY (entity, alias));
CREATE INDEX aliases_alias ON aliases (alias COLLATE NOCASE);
CREATE TABLE mentions (id INTEGER PRIMARY KEY, doc TEXT, start INTEGER, "end" INTEGER,
    text TEXT, label TEXT, kind TEXT, source TEXT, entity TEXT);
CREATE INDEX mentions_entity ON mentions (entity);
CREATE INDEX mentions_doc ON mentions (doc, start);
CREATE TABLE quotes (id TEXT PRIMARY KEY, doc TEXT, start INTEGER, "end" INTEGER, text TEXT,
    kind TEXT, speaker TEXT, addressee TEXT, method TEXT, confidence REAL);
CREATE TABLE relations (id INTEGER PRIMARY KEY, head TEXT, relation TEXT, tail TEXT,
    doc TEXT, start INTEGER, "end" INTEGER, detail TEXT, confidence REAL);
CREATE TABLE events (id INTEGER PRIMARY KEY, type TEXT, doc TEXT, start INTEGER,
    "end" INTEGER, agent TEXT, patient TEXT, place TEXT, date TEXT, modality TEXT,
    trigger TEXT);
CREATE TABLE times (id INTEGER PRIMARY KEY, doc TEXT, start INTEGER, "end" INTEGER,
    text TEXT, value TEXT, precision TEXT, relative INTEGER);
CREATE TABLE curation (id INTEGER PRIMARY KEY, created TEXT DEFAULT CURRENT_TIMESTAMP,
    action TEXT NOT NULL, args TEXT NOT NULL, active INTEGER DEFAULT 1, note TEXT);
CREATE TABLE runs (id INTEGER PRIMARY KEY, started TEXT, finished TEXT, version TEXT,
    model TEXT, paths TEXT, documents INTEGER, tokens INTEGER, parsed INTEGER,
    cached INTEGER, seconds REAL);
"""

# Version 2: the alias as the corrected edition writes it (NULL when already correct).
_SCHEMA_V2 = """
ALTER TABLE aliases ADD COLUMN corrected TEXT;
"""

# Version 3: the words of a speech tag that name a quotation's speaker (“…,” said he).
_SCHEMA_V3 = """
ALTER TABLE quotes ADD COLUMN speaker_start INTEGER;
ALTER TABLE quotes ADD COLUMN speaker_end INTEGER;
"""

# Each migration takes the schema from version i to i + 1. Append, never edit.
MIGRATIONS: tuple[str, ...] = (_SCHEMA_V1, _SCHEMA_V2, _SCHEMA_V3)
SCHEMA_VERSION = len(MIGRATIONS)
