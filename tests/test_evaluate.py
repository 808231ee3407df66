"""Tests for dossier.evaluate: hand-built exports and gold files with invented names."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from dossier.errors import EvalError
from dossier.evaluate import evaluate, format_table, load_json

DOC_A = (
    "Marek Dolan walked into Tarnow with Orsolya Vance. The vault stood open. "
    "Dolan carried the “vault” key, and Mareck, as the clerk spelled him, was tired. "
    "“Open the gate,” Vance told Dolan. “The gate stays shut,” the night porter said. "
    "I watched them and said, “Let us wait.” Dolan married Vance in 1931. "
    "That winter the Guild, which Dolan had served for years, sent him away."
)
DOC_B = "Letters from Tarnow reached the coast."
TEXTS = {"001_aa11": DOC_A, "002_bb22": DOC_B}

GOLD: dict[str, Any] = {
    "documents": {"001_aa11.txt": {"title": "One"}, "002_bb22.txt": {"title": "Two"}},
    "entities": [
        {
            "id": "dolan",
            "type": "PER",
            "aliases": ["Marek Dolan", "Dolan", "Mareck"],
            "documents": ["001"],
        },
        {"id": "vance", "type": "PER", "aliases": ["Orsolya Vance", "Vance"], "documents": ["001"]},
        {"id": "tarnow", "type": "GPE", "aliases": ["Tarnow"]},  # no documents: any document
        {"id": "guild", "type": "ORG", "aliases": ["Guild"], "documents": ["001"]},
    ],
    "distinct": [["dolan", "vance"]],
    "quotes": [
        {"doc": "001", "text": "Open the gate", "speaker": "vance", "addressee": "dolan"},
        {"doc": "001", "text": "The gate stays shut", "speaker": "unnamed:night_porter"},
        {"doc": "001", "text": "Let us wait.", "speaker": "narrator"},
    ],
    "not_speech": [{"doc": "001", "text": "vault"}],
    "relations": [
        {"head": "vance", "relation": "spouse", "tail": "dolan", "evidence": "Dolan married Vance"},
        {"head": "dolan", "relation": "member_of", "tail": "guild"},
    ],
    "events": [
        {"doc": "001", "type": "exile_order", "agent": "guild", "patient": "dolan", "date": "1931"},
        {"doc": "001", "type": "travel", "agent": "dolan", "place": "tarnow"},
    ],
}
# Slots: dolan 3, vance 2, tarnow 2 (both documents), guild 1 = 8.
# Same-entity pairs: dolan 3 + vance 1 (PER) + tarnow 1 = 5; cross pairs: 28 - 5 = 23, PER 6.
PERFECT = {
    "Marek Dolan": "e1",
    "Dolan": "e1",
    "Mareck": "e1",
    "Orsolya Vance": "e2",
    "Vance": "e2",
    "Tarnow": "e3",
    "Guild": "e4",
}
TYPES = {"e3": "GPE", "e4": "ORG"}
ALL_ONE = (
    "detected",
    "merge_recall_per",
    "merge_recall_all",
    "separation_per",
    "separation_all",
    "quote_recall",
    "speaker_accuracy",
    "addressee_accuracy",
    "relation_recall",
    "event_recall",
)


def quote_at(doc: str, sub: str, speaker: str | None, **extra: Any) -> dict[str, Any]:
    """A predicted quote from the opening to the closing mark around ``sub``."""
    text = TEXTS[doc]
    at = text.index(sub)
    start, end = text.rfind("“", 0, at), text.index("”", at) + 1
    return {
        "doc": doc,
        "start": start,
        "end": end,
        "text": text[start:end],
        "speaker": speaker,
        "addressee": None,
        **extra,
    }


def make_export(
    assign: dict[str, str] | None = None,
    quotes: list[dict[str, Any]] | None = None,
    relations: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    extra_entities: tuple[dict[str, Any], ...] = (),
) -> dict[str, Any]:
    """One mention per whole-word occurrence of each surface, longest surfaces first."""
    assign = PERFECT if assign is None else assign
    entities: dict[str, dict[str, Any]] = {}
    for surface, entity_id in assign.items():
        entity = entities.setdefault(
            entity_id,
            {
                "id": entity_id,
                "name": surface,
                "type": TYPES.get(entity_id, "PER"),
                "narrator": False,
                "aliases": [],
                "mentions": [],
            },
        )
        entity["aliases"].append(surface)
    for doc, text in TEXTS.items():
        taken: list[tuple[int, int]] = []
        for surface in sorted(assign, key=len, reverse=True):
            for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append(m.span())
                entities[assign[surface]]["mentions"].append(
                    {"doc": doc, "start": m.start(), "end": m.end(), "text": surface}
                )
    entities["e5"] = {"id": "e5", "name": "I", "type": "PER", "narrator": True, "mentions": []}
    entities["e6"] = {"id": "e6", "name": "the night porter", "type": "PER", "mentions": []}
    for extra in extra_entities:
        entities[extra["id"]] = extra
    if quotes is None:
        quotes = [
            quote_at("001_aa11", "Open the gate", "e2", addressee="e1"),
            quote_at("001_aa11", "The gate stays shut", "e6"),
            quote_at("001_aa11", "Let us wait.", "e5"),
            quote_at("001_aa11", "vault", None, kind="scare"),
        ]
    if relations is None:
        relations = [
            {"head": "e1", "relation": "spouse", "tail": "e2", "doc": "001_aa11"},
            {"head": "e1", "relation": "member_of", "tail": "e4", "doc": "001_aa11"},
        ]
    if events is None:
        events = [
            {"doc": "001_aa11", "type": "exile", "agent": "e4", "patient": "e1", "date": "1931"},
            {"doc": "001_aa11", "type": "travel", "agent": "e1", "place": "e3", "date": None},
        ]
    return {
        "documents": [
            {"id": doc, "path": f"book/{doc}.txt", "title": doc, "text": text}
            for doc, text in TEXTS.items()
        ],
        "entities": list(entities.values()),
        "quotes": quotes,
        "relations": relations,
        "events": events,
    }


def test_evaluate_perfect_export_scores_one() -> None:
    figures = evaluate(make_export(), GOLD)
    assert {key: figures[key] for key in ALL_ONE} == dict.fromkeys(ALL_ONE, 1.0)
    assert (figures["slots"], figures["merge_pairs_all"], figures["separation_pairs_all"]) == (
        8,
        5,
        23,
    )
    assert (figures["merge_pairs_per"], figures["separation_pairs_per"]) == (4, 6)
    assert (figures["distinct_held"], figures["distinct_total"]) == (1, 1)
    assert figures["scare_quotes_with_speaker"] == 0
    assert figures["offset_mismatches"] == 0
    details = figures["details"]
    for key in (
        "quotes_missed",
        "speakers_wrong",
        "unmerged_pairs",
        "wrongly_merged",
        "relations_missed",
        "events_missed",
        "undetected_slots",
    ):
        assert details[key] == [], key
    json.dumps(figures)  # JSON-able as it stands


@pytest.mark.parametrize(
    ("split_surface", "per_merged", "undone"),
    [("Mareck", 2, {"001:Mareck"}), ("Orsolya Vance", 3, {"001:Orsolya Vance"})],
)
def test_evaluate_split_variant_lowers_merge_recall(
    split_surface: str, per_merged: int, undone: set[str]
) -> None:
    figures = evaluate(make_export({**PERFECT, split_surface: "e9"}), GOLD)
    assert figures["merge_pairs_per_merged"] == per_merged
    assert figures["merge_recall_per"] == per_merged / 4
    assert figures["merge_recall_all"] == (per_merged + 1) / 5
    assert figures["separation_all"] == 1.0
    pairs = figures["details"]["unmerged_pairs"]
    assert len(pairs) == 4 - per_merged
    assert all(undone & {pair["a"], pair["b"]} for pair in pairs)
    assert all(
        f"{split_surface} [e9]" in (pair["predicted_a"], pair["predicted_b"]) for pair in pairs
    )


def test_evaluate_merged_couple_lowers_separation_and_breaks_distinct() -> None:
    figures = evaluate(make_export({**PERFECT, "Orsolya Vance": "e1", "Vance": "e1"}), GOLD)
    assert figures["separation_per"] == 0.0  # all 3 x 2 cross pairs share e1
    assert figures["separation_all"] == (23 - 6) / 23
    assert figures["merge_recall_per"] == 1.0
    assert (figures["distinct_held"], figures["distinct_total"]) == (0, 1)
    broken = figures["details"]["distinct_broken"]
    assert broken == [{"entities": ["dolan", "vance"], "shared": ["Marek Dolan [e1]"]}]
    assert figures["details"]["wrongly_merged"][0]["entities"] == ["dolan", "vance"]


@pytest.mark.parametrize(
    ("gold_speaker", "entity", "correct"),
    [
        ("narrator", {"name": "I", "narrator": True}, True),
        ("narrator", {"name": "I", "narrator": False}, False),
        ("unnamed:night_porter", {"name": "the night porter"}, True),
        ("unnamed:night_porter", {"name": "the porter", "aliases": ["Porter"]}, False),
        ("unnamed:night_porter", {"name": "someone", "aliases": ["The Night Porter"]}, True),
        ("unnamed:harbour_master", {"name": "the master of the harbour"}, True),
        ("vance", {"name": "I", "narrator": True}, False),
    ],
)
def test_evaluate_narrator_and_unnamed_speakers(
    gold_speaker: str, entity: dict[str, Any], correct: bool
) -> None:
    gold = {**GOLD, "quotes": [{"doc": "001", "text": "Let us wait.", "speaker": gold_speaker}]}
    speaker = {"id": "x1", "type": "PER", "mentions": [], **entity}
    export = make_export(
        quotes=[quote_at("001_aa11", "Let us wait.", "x1")], extra_entities=(speaker,)
    )
    figures = evaluate(export, gold)
    assert figures["quote_recall"] == 1.0
    assert figures["speaker_accuracy"] == (1.0 if correct else 0.0)


@pytest.mark.parametrize(
    ("quote", "counted"),
    [
        (quote_at("001_aa11", "vault” key", "e1"), 1),
        (quote_at("001_aa11", "vault” key", None), 0),
        (quote_at("001_aa11", "vault” key", None, kind="scare"), 0),
        # the bare "vault" earlier is not in quotation marks, so the quoted one is scored
        (
            {
                "doc": "001_aa11",
                "start": DOC_A.index("The vault"),
                "end": DOC_A.index(" stood"),
                "speaker": "e1",
            },
            0,
        ),
    ],
)
def test_evaluate_scare_quote_with_speaker(quote: dict[str, Any], counted: int) -> None:
    figures = evaluate(make_export(quotes=[quote]), GOLD)
    assert figures["scare_quotes_with_speaker"] == counted
    assert len(figures["details"]["scare_quotes_with_speaker"]) == counted


def test_evaluate_scare_kind_does_not_detect_speech() -> None:
    quotes = [quote_at("001_aa11", "Open the gate", "e2", kind="scare")]
    figures = evaluate(make_export(quotes=quotes), GOLD)
    assert figures["quotes_found"] == 0
    missed = figures["details"]["quotes_missed"]
    assert {
        "doc": "001",
        "text": "Open the gate",
        "speaker": "vance",
        "reason": "not detected",
    } in (missed)


def test_evaluate_details_name_wrong_speaker_and_missed_quote() -> None:
    quotes = [quote_at("001_aa11", "Open the gate", "e1", addressee="e2")]
    figures = evaluate(make_export(quotes=quotes), GOLD)
    assert figures["quote_recall"] == pytest.approx(1 / 3)
    assert figures["speaker_accuracy"] == 0.0  # missed quotes count as wrong
    assert figures["addressee_accuracy"] == 0.0
    details = figures["details"]
    assert details["speakers_wrong"][0]["text"] == "Open the gate"
    assert details["speakers_wrong"][0]["predicted"] == "Marek Dolan [e1]"
    assert details["speakers_wrong"][0]["predicted_stands_for"] == "dolan"
    assert details["addressees_wrong"][0]["predicted"] == "Orsolya Vance [e2]"
    assert [m["text"] for m in details["quotes_missed"]] == ["The gate stays shut", "Let us wait."]


@pytest.mark.parametrize(
    ("relation", "head", "tail", "found"),
    [
        ("spouse", "e2", "e1", True),
        ("spouse", "e1", "e2", True),
        ("sibling", "e1", "e2", True),
        ("friend", "e1", "e2", True),  # a type outside parent/member_of/role is symmetric
        ("parent", "e2", "e1", True),
        ("parent", "e1", "e2", False),
        ("role", "e1", "e2", False),
        ("spouse", "e1", "e4", False),
    ],
)
def test_evaluate_relation_order_symmetry(relation: str, head: str, tail: str, found: bool) -> None:
    gold = {**GOLD, "relations": [{"head": "vance", "relation": relation, "tail": "dolan"}]}
    predicted = [{"head": head, "relation": relation, "tail": tail, "doc": "001_aa11"}]
    figures = evaluate(make_export(relations=predicted), gold)
    assert figures["relation_recall"] == (1.0 if found else 0.0)
    assert len(figures["details"]["relations_missed"]) == (0 if found else 1)


def test_evaluate_member_of_is_directed() -> None:
    predicted = [{"head": "e4", "relation": "member_of", "tail": "e1", "doc": "001_aa11"}]
    figures = evaluate(make_export(relations=predicted), GOLD)
    missed = figures["details"]["relations_missed"]
    assert [r["relation"] for r in missed] == ["spouse", "member_of"]


EXILE = {"doc": "001_aa11", "type": "exile", "agent": "e4", "patient": "e1", "date": "1931"}


@pytest.mark.parametrize(
    ("changes", "found"),
    [
        ({}, True),
        ({"type": "exile_order"}, True),
        ({"type": "exile_threat", "date": "1931-05-02"}, True),
        ({"place": "e3"}, True),  # a participant gold does not give is not checked
        ({"type": "exiled"}, False),
        ({"type": "arrest_order"}, False),
        ({"date": "1932"}, False),
        ({"date": None}, False),
        ({"patient": "e2"}, False),
        ({"doc": "002_bb22"}, False),
    ],
)
def test_evaluate_event_type_prefix_and_date(changes: dict[str, Any], found: bool) -> None:
    gold = {**GOLD, "events": GOLD["events"][:1]}
    figures = evaluate(make_export(events=[{**EXILE, **changes}]), gold)
    assert figures["event_recall"] == (1.0 if found else 0.0)


def test_evaluate_empty_denominators_are_null() -> None:
    gold = {key: value for key, value in GOLD.items() if key not in ("quotes", "relations")}
    figures = evaluate(make_export(), gold)
    assert figures["quote_recall"] is None
    assert figures["speaker_accuracy"] is None
    assert figures["addressee_accuracy"] is None
    assert figures["relation_recall"] is None
    assert figures["event_recall"] == 1.0
    assert "-" in format_table(figures)


def test_evaluate_description_mention_does_not_claim_the_name_inside() -> None:
    # "Dolan carried" wrapped by a description mention of another entity: the name stays Dolan's.
    at = DOC_A.index("Dolan carried")
    description = {
        "id": "e7",
        "name": "Dolan carried",
        "type": "PER",
        "mentions": [{"doc": "001_aa11", "start": at, "end": at + 13, "kind": "NOM"}],
    }
    figures = evaluate(make_export(extra_entities=(description,)), GOLD)
    assert figures["merge_recall_per"] == 1.0
    assert "e7" not in figures["details"]["stands_for"]


@pytest.mark.parametrize(
    ("doc_id", "path"),
    [("001_aa11", ""), ("001", ""), ("001_aa11_v2", ""), ("chapter-1", "book/001_aa11.txt")],
)
def test_evaluate_document_key_matching(doc_id: str, path: str) -> None:
    export = make_export()
    export["documents"][0].update(id=doc_id, path=path)
    for entity in export["entities"]:
        for mention in entity["mentions"]:
            mention["doc"] = doc_id if mention["doc"] == "001_aa11" else mention["doc"]
    for record in export["quotes"] + export["events"]:
        record["doc"] = doc_id
    figures = evaluate(export, GOLD)
    assert figures["detected"] == figures["speaker_accuracy"] == figures["event_recall"] == 1.0


def test_evaluate_missing_gold_document_raises() -> None:
    gold = {**GOLD, "documents": {**GOLD["documents"], "009_zz99.txt": {}}}
    with pytest.raises(EvalError, match="009_zz99"):
        evaluate(make_export(), gold)


def test_evaluate_offset_mismatch_counted() -> None:
    export = make_export()
    export["entities"][0]["mentions"][0]["text"] = "Marek Dolanx"
    assert evaluate(export, GOLD)["offset_mismatches"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{\n  "documents": [],\n  oops\n}', "not valid JSON (line 3)"),
        ('{"documents": []}', "missing required key 'entities'"),
        ("{}", "missing required keys 'documents', 'entities'"),
        ("[1, 2]", "not a JSON object"),
        (None, "no such file"),
    ],
)
def test_evaluate_load_json_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "export.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalError) as caught:
        load_json(path)
    assert str(caught.value) == f"{path}: {message}"
    assert "\n" not in str(caught.value)


def test_evaluate_load_json_reads_object(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(GOLD), encoding="utf-8")
    assert load_json(path) == GOLD


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda e, g: e["entities"][0]["mentions"][0].pop("start"), r"mentions\[0\]: .*'start'"),
        (lambda e, g: e["entities"][0]["mentions"][0].update(doc="nope"), "unknown document"),
        (lambda e, g: e.update(quotes={}), "'quotes' must be a list"),
        (lambda e, g: e.pop("documents"), "export: missing required key 'documents'"),
        (lambda e, g: g.update(documents=[]), "gold: 'documents' must be an object"),
        (lambda e, g: g["quotes"][0].pop("text"), r"gold: quotes\[0\]: .*'text'"),
        (lambda e, g: g["distinct"].append(["dolan"]), "pair of entity ids"),
    ],
)
def test_evaluate_malformed_input_raises(mutate: Any, message: str) -> None:
    export, gold = make_export(), copy.deepcopy(GOLD)
    mutate(export, gold)
    with pytest.raises(EvalError, match=message) as caught:
        evaluate(export, gold)
    assert "\n" not in str(caught.value)


def test_evaluate_format_table_contains_figures() -> None:
    figures = evaluate(make_export({**PERFECT, "Mareck": "e9"}), GOLD)
    table = format_table(figures)
    lines = table.splitlines()
    assert lines[0].split() == ["figure", "value", "count"]
    row = next(line for line in lines if line.startswith("merge_recall_per "))
    assert row.split() == ["merge_recall_per", "0.500", "2/4"]
    assert "distinct_held" in table and "scare_quotes_with_speaker" in table
    assert len({len(line) for line in lines}) == 1  # aligned columns


# --- the real gold file against an oracle export built from it -------------------------------

SHARED = Path(__file__).resolve().parents[2] / "shared"


def oracle_export(gold: dict[str, Any]) -> dict[str, Any]:
    """What a perfect Dossier would export for the seeds, built from the gold file itself."""
    documents = []
    for name in gold["documents"]:
        text = (SHARED / "seeds" / name).read_text(encoding="utf-8")
        documents.append({"id": Path(name).stem, "path": name, "title": name, "text": text})
    doc_of = {d["id"].split("_")[0]: d for d in documents}
    entities: dict[str, dict[str, Any]] = {}
    for item in gold["entities"]:
        mentions = [
            {"doc": doc_of[key]["id"], "start": m.start(), "end": m.end(), "text": m.group()}
            for key in item["documents"]
            for alias in item["aliases"]
            for m in re.finditer(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", doc_of[key]["text"])
        ]
        entities[item["id"]] = {
            "id": item["id"],
            "name": item["canonical"],
            "type": item["type"],
            "gender": item.get("gender"),
            "narrator": False,
            "aliases": item["aliases"],
            "mentions": mentions,
        }
    people = [q["speaker"] for q in gold["quotes"]] + [q.get("addressee") for q in gold["quotes"]]
    people += [e.get(role) for e in gold["events"] for role in ("agent", "patient", "place")]
    for person in filter(None, people):
        if person not in entities:
            name = "I" if person == "narrator" else person.split(":")[1].replace("_", " ")
            entities[person] = {
                "id": person,
                "name": name,
                "type": "PER",
                "narrator": person == "narrator",
                "aliases": [],
                "mentions": [],
            }
    quotes = []
    for i, item in enumerate(gold["quotes"] + gold["not_speech"]):
        doc = doc_of[item["doc"]]
        start = doc["text"].index(item["text"])
        quotes.append(
            {
                "id": f"q{i}",
                "doc": doc["id"],
                "start": start,
                "end": start + len(item["text"]),
                "text": item["text"],
                "speaker": item.get("speaker"),
                "addressee": item.get("addressee"),
                "kind": "speech" if "speaker" in item else "scare",
            }
        )
    relations = [{**r, "doc": None, "start": None, "end": None} for r in gold["relations"]]
    events = [{**e, "doc": doc_of[e["doc"]]["id"]} for e in gold["events"]]
    return {
        "documents": documents,
        "entities": list(entities.values()),
        "quotes": quotes,
        "relations": relations,
        "events": events,
    }


@pytest.mark.skipif(not (SHARED / "eval" / "seeds.gold.json").exists(), reason="no ../shared")
def test_evaluate_gold_file_agrees_with_oracle_export() -> None:
    gold = load_json(SHARED / "eval" / "seeds.gold.json")
    figures = evaluate(oracle_export(gold), gold)
    assert {key: figures[key] for key in ALL_ONE} == dict.fromkeys(ALL_ONE, 1.0), figures["details"]
    assert figures["distinct_held"] == figures["distinct_total"] == len(gold["distinct"])
    assert figures["scare_quotes_with_speaker"] == 0
    assert figures["quotes_gold"] == len(gold["quotes"])
    # Yerov and Yerev spell Yezhov in chapter 52 only; no other gold alias is absent.
    assert figures["details"]["gold_aliases_not_in_text"] == [
        "yezhov 003:Yerov",
        "yezhov 003:Yerev",
    ]
    assert figures["offset_mismatches"] == 0
