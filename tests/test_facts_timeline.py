"""The book's and a person's timeline: dated events by date, undated ones by reading order."""

from __future__ import annotations

from dossier.facts import timeline
from dossier.records import Analysis, Document, Event


def _event(kind: str, doc: str, start: int, date: str | None = None, modality: str = "realis",
           agent: str | None = None, patient: str | None = None) -> Event:  # fmt: skip
    return Event(kind, doc, start, start + 5, agent=agent, patient=patient, date=date,
                 modality=modality)  # type: ignore[arg-type]  # fmt: skip


EVENTS = [
    _event("arrest", "a", 0, "1937-10", patient="ivanov"),
    _event("interrogation", "a", 10, None, agent="yezhov", patient="ivanov"),
    _event("exile", "a", 20, "1937-12", patient="ivanov"),
    _event("travel", "a", 30, "1932", agent="ivanov"),
    _event("arrest", "a", 40, None, patient="ivanov", modality="negated"),
    _event("death", "b", 0, "1939", patient="ivanov"),
]


def test_timeline_orders_by_date_and_keeps_undated_after_what_preceded_them() -> None:
    kinds = [(e.event.type, e.date) for e in timeline(EVENTS)]
    assert kinds == [
        ("travel", "1932"),
        ("arrest", "1937-10"),
        ("interrogation", None),
        ("exile", "1937-12"),
        ("death", "1939"),
    ]


def test_timeline_realis_only_by_default() -> None:
    assert len(timeline(EVENTS)) == 5
    assert len(timeline(EVENTS, realis_only=False)) == 6


def test_timeline_of_one_person_with_roles() -> None:
    entries = timeline(EVENTS, entity_id="yezhov")
    assert [(e.event.type, e.role) for e in entries] == [("interrogation", "agent")]


def test_timeline_from_an_analysis_uses_document_order_and_sentences() -> None:
    documents = (
        Document("b", "b.txt", "B", "Later: he died.", order=1),
        Document("a", "a.txt", "A", "Early: arrested.", order=0),
    )
    events = (
        Event("death", "b", 7, 15, patient="x"),
        Event("arrest", "a", 7, 16, patient="x"),
    )
    entries = timeline(Analysis(documents=documents, events=events))
    assert [e.sentence for e in entries] == ["arrested.", "he died."]
