"""Checking and matching helpers for :mod:`dossier.evaluate`: documents, spans, entities.

Gold files name documents by file name ("000_bfbacb51208f1372.txt") or by a short key ("000"),
name text by substrings, and name people by gold ids ("yezhov", "narrator",
"unnamed:doorman"); an export names all three by its own ids and offsets. Everything here turns
one into the other, with per-document sorted span lists so that the cost grows with the number
of spans, not with its square.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from .errors import EvalError

__all__ = [
    "QUOTE_MARKS",
    "DocumentResolver",
    "EntityMatcher",
    "Occurrence",
    "SpanIndex",
    "build_indexes",
    "enclosed_in_quotes",
    "find_all",
    "name_mentions",
    "offset_mismatches",
    "validate",
    "word_occurrences",
]

QUOTE_MARKS = frozenset('“”"‘’«»')
# One closing punctuation mark may stand between a quoted phrase and its mark: “spit,”
_INNER_PUNCT = frozenset(",.;:!?…")
# Mentions of these kinds name nobody by name (“Ivanov’s two sons” is NOM): an alias inside
# them must not be credited to the entity they describe.
_NON_NAME_KINDS = frozenset({"NOM", "PRON"})

T = TypeVar("T")
Json = Mapping[str, Any]
Occurrence = tuple[str, int, int, str, str]
"""(export doc id, start, end, gold entity id, alias) of one whole-word alias occurrence."""


def _stem(name: str) -> str:
    base = os.path.basename(name)
    return os.path.splitext(base)[0] if "." in base else base


class DocumentResolver:
    """Finds the export document a gold document key names.

    A key ("000_bfbacb51208f1372.txt" or "000") names the document whose ``id`` equals its stem
    or whose ``path`` has it as basename; failing that, the first whose ``id`` or path stem
    equals the short key (the stem up to the first ``_``) or starts with it and ``_``.
    """

    def __init__(self, documents: Sequence[Mapping[str, Any]]) -> None:
        self._documents = [(str(d["id"]), str(d.get("path") or "")) for d in documents]
        self._cache: dict[str, str | None] = {}

    def resolve(self, key: str) -> str | None:
        if key not in self._cache:
            self._cache[key] = self._find(key)
        return self._cache[key]

    def _find(self, key: str) -> str | None:
        stem = _stem(key)
        short = stem.split("_", 1)[0]
        for doc_id, path in self._documents:
            if doc_id in (key, stem) or (path and os.path.basename(path) == key):
                return doc_id
        for doc_id, path in self._documents:
            names = (doc_id, _stem(path)) if path else (doc_id,)
            if any(name == short or name.startswith(short + "_") for name in names):
                return doc_id
        return None


def word_occurrences(text: str, alias: str) -> list[tuple[int, int]]:
    """Every occurrence of ``alias`` in ``text`` as a whole word (``’s`` may follow)."""
    if not alias:
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(alias) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def find_all(text: str, sub: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``sub`` in ``text``."""
    found: list[int] = []
    if not sub:
        return found
    at = text.find(sub)
    while at >= 0:
        found.append(at)
        at = text.find(sub, at + 1)
    return found


def enclosed_in_quotes(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` sits between quotation marks (“spit”, “spit,”)."""
    if start > 0 and text[start - 1] in QUOTE_MARKS and end < len(text):
        after = text[end]
        if after in _INNER_PUNCT and end + 1 < len(text):
            after = text[end + 1]
        return after in QUOTE_MARKS
    return False


class SpanIndex(Generic[T]):
    """Spans of one document, sorted by start, each carrying a payload.

    :meth:`best` returns the payload of the span that overlaps a query most (ties: the longer
    span, then the earlier one); only spans starting after ``query start - longest span`` can
    overlap, so a query looks at a bisected window instead of every span.
    """

    def __init__(self, spans: Iterable[tuple[int, int, T]]) -> None:
        ordered = sorted(
            ((s, e, i, p) for i, (s, e, p) in enumerate(spans)), key=lambda x: (x[0], x[2])
        )
        self._starts = [s for s, _, _, _ in ordered]
        self._spans = ordered
        self._longest = max((e - s for s, e, _, _ in ordered), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, T]]:
        lo = bisect_right(self._starts, start - self._longest)
        hi = bisect_left(self._starts, end)
        return [(s, e, p) for s, e, _, p in self._spans[lo:hi] if min(e, end) > max(s, start)]

    def best(self, start: int, end: int) -> T | None:
        found: T | None = None
        best_key = (0, 0)
        for s, e, payload in self.overlapping(start, end):
            key = (min(e, end) - max(s, start), e - s)
            if key > best_key:
                found, best_key = payload, key
        return found


def build_indexes(spans: Iterable[tuple[str, int, int, T]]) -> dict[str, SpanIndex[T]]:
    """One :class:`SpanIndex` per document from ``(doc, start, end, payload)`` rows."""
    by_doc: dict[str, list[tuple[int, int, T]]] = {}
    for doc, start, end, payload in spans:
        by_doc.setdefault(doc, []).append((start, end, payload))
    return {doc: SpanIndex(rows) for doc, rows in by_doc.items()}


def name_mentions(entities: Sequence[Mapping[str, Any]]) -> list[tuple[str, int, int, str]]:
    """``(doc, start, end, entity id)`` for every export mention that is a name."""
    rows: list[tuple[str, int, int, str]] = []
    for entity in entities:
        for mention in entity.get("mentions") or ():
            if mention.get("kind") in _NON_NAME_KINDS:
                continue
            rows.append((str(mention["doc"]), mention["start"], mention["end"], str(entity["id"])))
    return rows


class EntityMatcher:
    """Decides whether an export entity id stands for a gold entity id.

    Each name mention maps to the gold entity whose alias occurrence it overlaps most; an
    export entity stands for the gold entity most of its mapped mentions map to (ties: the gold
    entity listed first). ``narrator`` needs ``narrator: true``; ``unnamed:X_Y`` needs a name or
    alias containing every part of ``X_Y`` (case-insensitive).
    """

    def __init__(
        self,
        entities: Sequence[Mapping[str, Any]],
        occurrences: Sequence[Occurrence],
        gold_order: Sequence[str],
    ) -> None:
        self._entities = {str(e["id"]): e for e in entities}
        index = build_indexes((d, s, e, g) for d, s, e, g, _ in occurrences)
        rank = {gold_id: i for i, gold_id in enumerate(gold_order)}
        votes: dict[str, Counter[str]] = {}
        for doc, start, end, entity_id in name_mentions(entities):
            doc_index = index.get(doc)
            gold = doc_index.best(start, end) if doc_index else None
            if gold is not None:
                votes.setdefault(entity_id, Counter())[gold] += 1
        self.stands_for: dict[str, str] = {
            entity_id: min(counter, key=lambda g: (-counter[g], rank.get(g, len(rank)), g))
            for entity_id, counter in votes.items()
        }

    def matches(self, predicted: str | None, gold: str | None) -> bool:
        if predicted is None or gold is None:
            return False
        entity = self._entities.get(predicted)
        if entity is None:
            return False
        if gold == "narrator":
            return entity.get("narrator") is True
        if gold.startswith("unnamed:"):
            parts = [p for p in gold.removeprefix("unnamed:").lower().split("_") if p]
            names = [entity.get("name") or "", *(entity.get("aliases") or ())]
            return any(all(p in str(n).lower() for p in parts) for n in names)
        return self.stands_for.get(predicted) == gold

    def label(self, predicted: str | None) -> str | None:
        """``name [id]`` of an export entity, for the details a developer reads."""
        if predicted is None:
            return None
        entity = self._entities.get(predicted)
        name = entity.get("name") if entity is not None else "?"
        return f"{name} [{predicted}]"


def offset_mismatches(export: Json, texts: Mapping[str, str], details: dict[str, Any]) -> int:
    """Mentions and quotes whose ``text`` is not the document text at their offsets."""
    spans = [m for e in export["entities"] for m in e.get("mentions") or ()]
    spans.extend(export.get("quotes") or ())
    bad = [
        f"{s['doc']}[{s['start']}:{s['end']}] {s['text']!r}"
        for s in spans
        if "text" in s and texts[str(s["doc"])][s["start"] : s["end"]] != s["text"]
    ]
    details["offset_mismatches"] = bad[:20]
    return len(bad)


_ID = (str, int)
_EXPORT_LISTS: dict[str, dict[str, Any]] = {
    "documents": {"id": _ID, "text": str},
    "entities": {"id": _ID},
    "quotes": {"doc": _ID, "start": int, "end": int},
    "relations": {},
    "events": {},
}
_GOLD_LISTS: dict[str, dict[str, Any] | None] = {
    "entities": {"id": str, "aliases": list},
    "quotes": {"doc": str, "text": str, "speaker": str},
    "not_speech": {"doc": str, "text": str},
    "relations": {"head": str, "relation": str, "tail": str},
    "events": {"doc": str, "type": str},
    "distinct": None,
}
_MENTION = {"doc": _ID, "start": int, "end": int}


def validate(export: Json, gold: Json, required: Sequence[str]) -> None:
    """Raise :class:`EvalError` naming the first malformed item of either file."""
    for name, data in (("export", export), ("gold", gold)):
        missing = [key for key in required if key not in data]
        if missing:
            raise EvalError(f"{name}: missing required key {missing[0]!r}")
    if not isinstance(gold["documents"], Mapping):
        raise EvalError("gold: 'documents' must be an object keyed by file name")
    doc_ids: set[str] = set()
    for key, fields in _EXPORT_LISTS.items():
        for i, item in enumerate(_items(export, "export", key)):
            _check(item, f"export: {key}[{i}]", fields, doc_ids if key == "quotes" else None)
            if key == "documents":
                doc_ids.add(str(item["id"]))
            mentions = _items(item, f"export: {key}[{i}]", "mentions") if key == "entities" else []
            for j, mention in enumerate(mentions):
                _check(mention, f"export: {key}[{i}].mentions[{j}]", _MENTION, doc_ids)
    for key, gold_fields in _GOLD_LISTS.items():
        for i, item in enumerate(_items(gold, "gold", key)):
            if gold_fields is None:
                if not isinstance(item, list | tuple) or len(item) != 2:
                    raise EvalError(f"gold: {key}[{i}] must be a pair of entity ids")
            else:
                _check(item, f"gold: {key}[{i}]", gold_fields)


def _items(data: Json, where: str, key: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise EvalError(f"{where}: {key!r} must be a list")
    return value


def _check(
    item: Any, where: str, fields: Mapping[str, Any], doc_ids: set[str] | None = None
) -> None:
    if not isinstance(item, Mapping):
        raise EvalError(f"{where} must be an object")
    for field, kind in fields.items():
        value = item.get(field)
        if value is None or isinstance(value, bool) or not isinstance(value, kind):
            raise EvalError(f"{where}: missing or malformed {field!r}")
    if doc_ids is not None and str(item.get("doc")) not in doc_ids:
        raise EvalError(f"{where}: unknown document {item.get('doc')!r}")
