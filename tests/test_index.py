from __future__ import annotations

import pytest

from dossier.index import MentionIndex
from dossier.records import Entity, Mention


def _entity(id: str, *spans: tuple[str, int, int]) -> Entity:
    return Entity(
        id=id,
        name=id,
        type="PER",
        mentions=tuple(Mention(doc, s, e, "x" * (e - s), "PER") for doc, s, e in spans),
    )


INDEX = MentionIndex(
    [
        _entity("anna", ("c1", 0, 4), ("c1", 40, 44), ("c2", 5, 9)),
        _entity("boris", ("c1", 10, 22), ("c1", 60, 66)),
    ]
)


@pytest.mark.parametrize(
    ("doc", "start", "end", "expected"),
    [
        ("c1", 0, 4, "anna"),
        ("c1", 2, 12, "anna"),  # overlaps anna by 2, boris by 2: first wins on a tie
        ("c1", 3, 20, "boris"),  # overlaps boris most
        ("c1", 23, 39, None),
        ("c2", 0, 100, "anna"),
        ("c3", 0, 100, None),
    ],
)
def test_index_entity_at(doc: str, start: int, end: int, expected: str | None) -> None:
    assert INDEX.entity_at(doc, start, end) == expected


def test_index_within_returns_overlaps_in_text_order() -> None:
    found = INDEX.within("c1", 3, 62)
    assert [(m.start, entity) for m, entity in found] == [
        (0, "anna"),
        (10, "boris"),
        (40, "anna"),
        (60, "boris"),
    ]


def test_index_empty() -> None:
    assert MentionIndex([]).within("c1", 0, 10) == []
