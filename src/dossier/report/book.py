"""What the reader and the dossiers share: anchors (URL-safe ``id``s), labels and lookups."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from ..records import Analysis, Document

__all__ = ["QUOTE_CHARS", "SPEAKER_COLOURS", "Book", "Link", "clip"]

QUOTE_CHARS = 180  # a quotation or source sentence listed in a dossier is cut after this
SPEAKER_COLOURS = 12  # quotation tints cycle after this many speakers
# Fixed sections of the page: no record's anchor may take these ids.
RESERVED = ("overview", "index")


@dataclass(frozen=True, slots=True)
class Link:
    href: str | None  # None: the target is not in the report, show the text alone
    text: str


@dataclass(slots=True)
class _Anchors:
    """Unique, URL-safe ids, readable where the record's own id allows it."""

    used: set[str] = field(default_factory=lambda: set(RESERVED))

    def make(self, prefix: str, key: str) -> str:
        base = prefix + (re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-") or "x")
        anchor, n = base, 2
        while anchor in self.used:
            anchor, n = f"{base}-{n}", n + 1
        self.used.add(anchor)
        return anchor


def clip(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _paragraph_spans(
    document: Document, stored: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The stored paragraphs, else blank-line blocks (an analysis built by hand may lack them)."""
    if stored:
        return sorted(stored)
    blocks = re.finditer(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*\Z)", document.text, re.S)
    return [(m.start(), m.end()) for m in blocks]


class Book:
    """Anchors and lookups over one analysis; the reader records which mentions got an id."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        anchors = _Anchors()
        self.entity_anchor = {e.id: anchors.make("e-", e.id) for e in analysis.entities}
        self.names = {e.id: e.name for e in analysis.entities}
        self.documents = {d.id: d for d in analysis.documents}
        self.order = {d.id: i for i, d in enumerate(analysis.documents)}
        self.doc_anchor = {d.id: anchors.make("ch-", d.id) for d in analysis.documents}
        self.quote_anchor = {q.id: anchors.make("q-", q.id) for q in analysis.quotes}
        titles = {d.title.strip() for d in analysis.documents}
        shared = titles.pop() if len(titles) == 1 else ""
        self.title = shared or "Dossier report"
        # chapters that all carry the book's title are told apart by number
        numbered = bool(shared) and len(analysis.documents) > 1
        self.label = {
            d.id: self._label(d, numbered, len(analysis.documents) == 1) for d in analysis.documents
        }
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for p in analysis.paragraphs:
            spans[p.doc].append((p.start, p.end))
        self.paragraphs = {d.id: _paragraph_spans(d, spans[d.id]) for d in analysis.documents}
        self._starts = {doc: [s for s, _ in ps] for doc, ps in self.paragraphs.items()}
        speakers = Counter(q.speaker for q in analysis.quotes if q.speaker and q.kind == "speech")
        self.speaker_class = {
            s: f"s{i % SPEAKER_COLOURS}" for i, (s, _) in enumerate(speakers.most_common())
        }
        # filled by the reader: the mentions that got an id, the quotations placed in the text
        self.mention_anchor: dict[tuple[str, int, int], str] = {}
        self.placed_quotes: set[str] = set()

    @staticmethod
    def _label(document: Document, numbered: bool, alone: bool) -> str:
        """“Chapter 3” when every chapter has the book's title, else the chapter's own title."""
        title = document.title.strip()
        if alone:
            return title or PurePath(document.path).stem or document.id
        if numbered or not title:
            if document.chapter is not None:
                return f"Chapter {document.chapter}"
            return PurePath(document.path).stem or document.id
        if document.chapter is not None and str(document.chapter) not in title:
            return f"{document.chapter}. {title}"
        return title

    def entity(self, entity_id: str | None) -> Link | None:
        """A link to the entity's dossier; its bare id when the report lacks it; None for no id."""
        if not entity_id:
            return None
        anchor = self.entity_anchor.get(entity_id)
        return Link(f"#{anchor}" if anchor else None, self.names.get(entity_id, entity_id))

    def paragraph_anchor(self, doc: str, offset: int) -> str | None:
        """The id of the paragraph holding ``offset`` (the chapter's, before its first one)."""
        if doc not in self.doc_anchor:
            return None
        i = bisect_right(self._starts[doc], offset) - 1
        return f"{self.doc_anchor[doc]}-p{i}" if i >= 0 else self.doc_anchor[doc]

    def source(self, doc: str, start: int, end: int) -> Link:
        """An excerpt of ``[start, end)`` linked to its paragraph in the reader."""
        document = self.documents.get(doc)
        anchor = self.paragraph_anchor(doc, start)
        return Link(
            f"#{anchor}" if anchor else None, clip(document.text[start:end] if document else "")
        )
