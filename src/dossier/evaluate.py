"""Score a JSON export against a gold file: the figures of ``shared/eval/README.md``.

``evaluate(export, gold)`` returns one flat, JSON-able dict: every ratio (``None`` where its
denominator is empty), the counts behind it, and a ``details`` dict listing what was missed,
which is what a developer reads to improve the product. ``format_table`` renders the main
figures for ``dossier eval --table``. The library never prints; malformed input raises
:class:`~dossier.errors.EvalError` with a one-line message.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from .errors import EvalError
from .evaluate_match import (
    DocumentResolver,
    EntityMatcher,
    Occurrence,
    build_indexes,
    enclosed_in_quotes,
    find_all,
    name_mentions,
    offset_mismatches,
    validate,
    word_occurrences,
)

__all__ = ["REQUIRED_KEYS", "evaluate", "format_table", "load_json"]

REQUIRED_KEYS = ("documents", "entities")
# Relation types whose direction carries meaning; every other type matches in either order.
DIRECTED_RELATIONS = frozenset({"parent", "member_of", "role"})
Json = Mapping[str, Any]
DocOf = Callable[[str], str]


def load_json(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read an export or gold file; any problem becomes an :class:`EvalError` of one line."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise EvalError(f"{os.fspath(path)}: no such file") from None
    except IsADirectoryError:
        raise EvalError(f"{os.fspath(path)}: is a directory, not a JSON file") from None
    except UnicodeDecodeError:
        raise EvalError(f"{os.fspath(path)}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise EvalError(f"{os.fspath(path)}: not valid JSON (line {error.lineno})") from None
    except OSError as error:
        raise EvalError(f"{os.fspath(path)}: cannot be read ({error.strerror})") from None
    if not isinstance(data, dict):
        raise EvalError(f"{os.fspath(path)}: not a JSON object")
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        names = ", ".join(repr(key) for key in missing)
        raise EvalError(
            f"{os.fspath(path)}: missing required key{'s' * (len(missing) > 1)} {names}"
        )
    return data


@dataclass(frozen=True, slots=True)
class _Slot:
    gold: str
    type: str
    label: str  # "000:Yerov": gold document key and alias
    predicted: str | None


def evaluate(export: Json, gold: Json) -> dict[str, Any]:
    """Every figure of the evaluation README, with its counts and a ``details`` dict."""
    validate(export, gold, REQUIRED_KEYS)
    resolver = DocumentResolver(export["documents"])
    texts = {str(d["id"]): str(d["text"]) for d in export["documents"]}

    def doc_of(key: str) -> str:
        doc_id = resolver.resolve(str(key))
        if doc_id is None:
            raise EvalError(f"export has no document for gold document {key!r}")
        return doc_id

    details: dict[str, Any] = {}
    occurrences, slots = _slots(export, gold, texts, doc_of, details)
    matcher = EntityMatcher(
        export["entities"], occurrences, [str(e["id"]) for e in gold["entities"]]
    )
    figures: dict[str, Any] = {}
    figures.update(_entity_figures(gold, slots, matcher, details))
    figures.update(_quote_figures(export, gold, texts, doc_of, matcher, details))
    figures.update(_fact_figures(export, gold, doc_of, matcher, details))
    figures["offset_mismatches"] = offset_mismatches(export, texts, details)
    figures["details"] = details
    return figures


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _slots(
    export: Json, gold: Json, texts: Mapping[str, str], doc_of: DocOf, details: dict[str, Any]
) -> tuple[list[Occurrence], list[_Slot]]:
    """Every whole-word gold alias occurrence, and the alias slots they make."""
    mentions = build_indexes(name_mentions(export["entities"]))
    occurrences: list[Occurrence] = []
    slots: list[_Slot] = []
    absent: list[str] = []
    for entity in gold["entities"]:
        gold_id = str(entity["id"])
        for key in entity.get("documents") or list(gold["documents"]):
            doc_id = doc_of(key)
            index = mentions.get(doc_id)
            for alias in dict.fromkeys(entity.get("aliases") or ()):
                spans = word_occurrences(texts[doc_id], alias)
                if not spans:
                    absent.append(f"{gold_id} {key}:{alias}")
                    continue
                occurrences.extend((doc_id, s, e, gold_id, alias) for s, e in spans)
                votes = Counter(index.best(s, e) for s, e in spans) if index else Counter()
                votes.pop(None, None)
                # most_common keeps first-seen order among ties: the earliest occurrence wins.
                predicted = votes.most_common(1)[0][0] if votes else None
                slots.append(_Slot(gold_id, str(entity.get("type")), f"{key}:{alias}", predicted))
    details["gold_aliases_not_in_text"] = absent
    return occurrences, slots


def _entity_figures(
    gold: Json, slots: Sequence[_Slot], matcher: EntityMatcher, details: dict[str, Any]
) -> dict[str, Any]:
    counts = Counter[str]()
    unmerged: list[dict[str, Any]] = []
    merged_across: dict[tuple[str, str, str], dict[str, None]] = defaultdict(dict)
    for a, b in combinations(slots, 2):
        together = a.predicted is not None and a.predicted == b.predicted
        kind = "merge" if a.gold == b.gold else "separation"
        hit = together if kind == "merge" else not together
        for scope in ("all", "per") if a.type == b.type == "PER" else ("all",):
            counts[f"{kind}_{scope}"] += 1
            counts[f"{kind}_{scope}_hit"] += hit
        if kind == "merge" and not together:
            unmerged.append(
                {
                    "entity": a.gold,
                    "a": a.label,
                    "b": b.label,
                    "predicted_a": matcher.label(a.predicted),
                    "predicted_b": matcher.label(b.predicted),
                }
            )
        elif kind == "separation" and a.predicted is not None and together:
            first, second = sorted((a, b), key=lambda slot: slot.gold)
            key = (first.gold, second.gold, a.predicted)
            merged_across[key].update({first.label: None, second.label: None})

    predicted_sets: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, dict[str, str | None]] = {}
    for slot in slots:
        if slot.predicted is not None:
            predicted_sets[slot.gold].add(slot.predicted)
        by_gold.setdefault(slot.gold, {})[slot.label] = matcher.label(slot.predicted)
    distinct = [(str(x), str(y)) for x, y in gold.get("distinct") or ()]
    broken = [(x, y) for x, y in distinct if predicted_sets[x] & predicted_sets[y]]

    details["slots"] = by_gold
    details["undetected_slots"] = [f"{s.gold} {s.label}" for s in slots if s.predicted is None]
    details["unmerged_pairs"] = unmerged
    details["wrongly_merged"] = [
        {"entities": [x, y], "predicted": matcher.label(p), "slots": list(labels)}
        for (x, y, p), labels in merged_across.items()
    ]
    details["distinct_broken"] = [
        {
            "entities": [x, y],
            "shared": sorted(str(matcher.label(p)) for p in predicted_sets[x] & predicted_sets[y]),
        }
        for x, y in broken
    ]
    details["stands_for"] = dict(sorted(matcher.stands_for.items()))
    detected = sum(s.predicted is not None for s in slots)
    return {
        "detected": _ratio(detected, len(slots)),
        "slots": len(slots),
        "slots_detected": detected,
        "merge_recall_per": _ratio(counts["merge_per_hit"], counts["merge_per"]),
        "merge_pairs_per": counts["merge_per"],
        "merge_pairs_per_merged": counts["merge_per_hit"],
        "merge_recall_all": _ratio(counts["merge_all_hit"], counts["merge_all"]),
        "merge_pairs_all": counts["merge_all"],
        "merge_pairs_all_merged": counts["merge_all_hit"],
        "separation_per": _ratio(counts["separation_per_hit"], counts["separation_per"]),
        "separation_pairs_per": counts["separation_per"],
        "separation_pairs_per_kept": counts["separation_per_hit"],
        "separation_all": _ratio(counts["separation_all_hit"], counts["separation_all"]),
        "separation_pairs_all": counts["separation_all"],
        "separation_pairs_all_kept": counts["separation_all_hit"],
        "distinct_held": len(distinct) - len(broken),
        "distinct_total": len(distinct),
    }


def _quote_figures(
    export: Json,
    gold: Json,
    texts: Mapping[str, str],
    doc_of: DocOf,
    matcher: EntityMatcher,
    details: dict[str, Any],
) -> dict[str, Any]:
    quotes = export.get("quotes") or []
    spoken = build_indexes(
        (str(q["doc"]), q["start"], q["end"], q) for q in quotes if q.get("kind") != "scare"
    )
    attributed = build_indexes(
        (str(q["doc"]), q["start"], q["end"], q) for q in quotes if q.get("speaker") is not None
    )
    found = speaker_ok = with_addressee = addressee_ok = 0
    missed: list[dict[str, Any]] = []
    wrong_speaker: list[dict[str, Any]] = []
    wrong_addressee: list[dict[str, Any]] = []
    gold_quotes = gold.get("quotes") or []
    for item in gold_quotes:
        doc_id = doc_of(item["doc"])
        text = str(item["text"])
        at = texts[doc_id].find(text)
        index = spoken.get(doc_id)
        predicted = index.best(at, at + len(text)) if index and at >= 0 else None
        row = {"doc": item["doc"], "text": text, "speaker": item.get("speaker")}
        has_addressee = item.get("addressee") is not None
        with_addressee += has_addressee
        if predicted is None:
            missed.append({**row, "reason": "not in text" if at < 0 else "not detected"})
            continue
        found += 1
        speaker, addressee = _id(predicted.get("speaker")), _id(predicted.get("addressee"))
        if matcher.matches(speaker, str(item.get("speaker"))):
            speaker_ok += 1
        else:
            wrong_speaker.append(
                {
                    **row,
                    "predicted": matcher.label(speaker),
                    "predicted_stands_for": matcher.stands_for.get(speaker or ""),
                    "method": predicted.get("method"),
                }
            )
        if has_addressee:
            if matcher.matches(addressee, str(item["addressee"])):
                addressee_ok += 1
            else:
                wrong_addressee.append(
                    {
                        **row,
                        "addressee": item["addressee"],
                        "predicted": matcher.label(addressee),
                        "predicted_stands_for": matcher.stands_for.get(addressee or ""),
                    }
                )

    scare_hits: list[dict[str, Any]] = []
    absent: list[dict[str, Any]] = []
    not_speech = gold.get("not_speech") or []
    for item in not_speech:
        doc_id = doc_of(item["doc"])
        text, doc_text = str(item["text"]), texts[doc_id]
        starts = find_all(doc_text, text)
        quoted = [s for s in starts if enclosed_in_quotes(doc_text, s, s + len(text))]
        index = attributed.get(doc_id)
        if not starts:
            absent.append({"doc": item["doc"], "text": text})
        for start in quoted or starts:
            hit = index.best(start, start + len(text)) if index else None
            if hit is not None:
                speaker = matcher.label(_id(hit.get("speaker")))
                scare_hits.append({"doc": item["doc"], "text": text, "speaker": speaker})
                break

    details["quotes_missed"] = missed
    details["speakers_wrong"] = wrong_speaker
    details["addressees_wrong"] = wrong_addressee
    details["scare_quotes_with_speaker"] = scare_hits
    details["not_speech_not_in_text"] = absent
    return {
        "quote_recall": _ratio(found, len(gold_quotes)),
        "quotes_gold": len(gold_quotes),
        "quotes_found": found,
        "speaker_accuracy": _ratio(speaker_ok, len(gold_quotes)),
        "quotes_speaker_correct": speaker_ok,
        "addressee_accuracy": _ratio(addressee_ok, with_addressee),
        "quotes_with_addressee": with_addressee,
        "quotes_addressee_correct": addressee_ok,
        "scare_quotes_with_speaker": len(scare_hits),
        "not_speech_gold": len(not_speech),
    }


def _id(value: Any) -> str | None:
    return None if value is None else str(value)


def _fact_figures(
    export: Json, gold: Json, doc_of: DocOf, matcher: EntityMatcher, details: dict[str, Any]
) -> dict[str, Any]:
    relations: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    for rel in export.get("relations") or []:
        relations[str(rel.get("relation")).lower()].append(
            (_id(rel.get("head")), _id(rel.get("tail")))
        )
    events: dict[tuple[str, str], list[Json]] = defaultdict(list)
    for event in export.get("events") or []:
        events[str(event.get("doc")), _type_word(event.get("type"))].append(event)

    gold_relations = gold.get("relations") or []
    missed_relations = []
    for rel in gold_relations:
        kind, head, tail = str(rel["relation"]).lower(), str(rel["head"]), str(rel["tail"])
        orders = [(head, tail)] if kind in DIRECTED_RELATIONS else [(head, tail), (tail, head)]
        if not any(
            matcher.matches(h, gh) and matcher.matches(t, gt)
            for h, t in relations.get(kind, ())
            for gh, gt in orders
        ):
            missed_relations.append(dict(rel))

    gold_events = gold.get("events") or []
    missed_events = []
    for event in gold_events:
        candidates = events.get((doc_of(event["doc"]), _type_word(event["type"])), [])
        if not any(_event_matches(p, event, matcher) for p in candidates):
            missed_events.append(dict(event))

    details["relations_missed"] = missed_relations
    details["events_missed"] = missed_events
    found_relations = len(gold_relations) - len(missed_relations)
    found_events = len(gold_events) - len(missed_events)
    return {
        "relation_recall": _ratio(found_relations, len(gold_relations)),
        "relations_gold": len(gold_relations),
        "relations_found": found_relations,
        "event_recall": _ratio(found_events, len(gold_events)),
        "events_gold": len(gold_events),
        "events_found": found_events,
    }


def _type_word(event_type: Any) -> str:
    """``arrest_order`` -> ``arrest``: scoring matches on the word before the first ``_``."""
    return str(event_type).lower().split("_", 1)[0]


def _event_matches(predicted: Json, gold_event: Json, matcher: EntityMatcher) -> bool:
    for role in ("agent", "patient", "place"):
        wanted = gold_event.get(role)
        if wanted is not None and not matcher.matches(_id(predicted.get(role)), str(wanted)):
            return False
    date = gold_event.get("date")
    return date is None or str(predicted.get("date") or "").startswith(str(date))


# (figure, numerator count, denominator count) in table order.
_TABLE_ROWS = (
    ("detected", "slots_detected", "slots"),
    ("merge_recall_per", "merge_pairs_per_merged", "merge_pairs_per"),
    ("merge_recall_all", "merge_pairs_all_merged", "merge_pairs_all"),
    ("separation_per", "separation_pairs_per_kept", "separation_pairs_per"),
    ("separation_all", "separation_pairs_all_kept", "separation_pairs_all"),
    ("distinct_held", "distinct_held", "distinct_total"),
    ("quote_recall", "quotes_found", "quotes_gold"),
    ("speaker_accuracy", "quotes_speaker_correct", "quotes_gold"),
    ("addressee_accuracy", "quotes_addressee_correct", "quotes_with_addressee"),
    ("scare_quotes_with_speaker", "scare_quotes_with_speaker", "not_speech_gold"),
    ("relation_recall", "relations_found", "relations_gold"),
    ("event_recall", "events_found", "events_gold"),
)


def format_table(figures: Json) -> str:
    """The main figures as an aligned text table: figure, value, count behind it."""
    rows = [("figure", "value", "count")]
    for name, numerator, denominator in _TABLE_ROWS:
        value = figures.get(name)
        if value is None:
            shown = "-"
        elif isinstance(value, float):
            shown = f"{value:.3f}"
        else:
            shown = str(value)
        rows.append((name, shown, f"{figures.get(numerator, '?')}/{figures.get(denominator, '?')}"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}" for row in rows
    )
