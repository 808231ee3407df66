"""Applying decisions to hand-built entities: every action, names that mean nothing or several
entities, stale decisions, ids and evidence. No model, no database."""

from __future__ import annotations

import pytest

from dossier.curation import Decision, apply_decisions, find_entity
from dossier.errors import AmbiguousNameError, CurationError, UnknownNameError
from dossier.records import Entity

from .curation_book import build

ENTITIES = build().entities
DOCUMENTS = build().documents


def apply(*decisions: tuple[str, tuple[str, ...]]) -> tuple[list[Entity], list[str]]:
    made = [Decision(n, action, args) for n, (action, args) in enumerate(decisions, 1)]
    curated = apply_decisions(ENTITIES, made, DOCUMENTS)
    return list(curated.entities), [s.reason for s in curated.stale]


def by_id(entities: list[Entity], ident: str) -> Entity:
    return next(e for e in entities if e.id == ident)


def holder(entities: list[Entity], alias: str) -> list[str]:
    return [e.id for e in entities if alias in e.aliases]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("oleg-sidorin", "oleg-sidorin"),  # an id
        ("Oleg Petrov", "oleg-petrov"),  # a canonical name
        ("Petrof", "oleg-petrov"),  # an alias
        ("petrof", "oleg-petrov"),  # any case
        ("  Marta   Petrova ", "marta-petrova"),  # spaces as typed
        ("Gorky", "gorky"),  # a canonical name beats the same text as another's alias
    ],
)
def test_curation_find_entity_by_id_name_or_alias(name: str, expected: str) -> None:
    assert find_entity(ENTITIES, name).id == expected


def test_curation_find_entity_ambiguous_lists_candidates() -> None:
    with pytest.raises(AmbiguousNameError) as raised:
        find_entity(ENTITIES, "Oleg")
    message = str(raised.value)
    assert "Oleg Petrov (id oleg-petrov)" in message and "Oleg Sidorin (id oleg-sidorin)" in message
    assert "say which" in message
    assert {ident for ident, _ in raised.value.candidates} == {"oleg-petrov", "oleg-sidorin"}


def test_curation_find_entity_unknown_suggests_close_names() -> None:
    with pytest.raises(UnknownNameError, match=r"no entity is called “Sidorinn”.*“Sidorin”"):
        find_entity(ENTITIES, "Sidorinn")
    with pytest.raises(UnknownNameError) as raised:
        find_entity(ENTITIES, "Zzyzx")
    assert "did you mean" not in str(raised.value)
    assert isinstance(raised.value, CurationError)


def test_curation_merge_moves_everything_and_says_why() -> None:
    entities, stale = apply(("merge", ("Petrov", "Betrov")))
    assert not stale
    assert len(entities) == len(ENTITIES) - 1
    merged = by_id(entities, "oleg-petrov")
    assert "Betrov" in merged.aliases and not any(e.id == "betrov" for e in entities)
    assert merged.name == "Oleg Petrov" and merged.gender == "male"
    why = next(e for e in merged.evidence if e.alias == "Betrov")
    assert why.reason.startswith("merged by the editor (decision #1)")
    assert "editor merge" in why.features
    order = [(m.doc, m.start) for m in merged.mentions]
    assert order == sorted(order, key=lambda d: (d[0] != "one", d[1]))  # chapter order


def test_curation_merge_of_one_entity_is_a_no_op() -> None:
    entities, stale = apply(("merge", ("Petrov", "Petrof")))
    assert entities == list(ENTITIES) and not stale


def test_curation_merge_takes_the_type_of_the_first() -> None:
    entities, _ = apply(("merge", ("Gorky", "Gorky Street")))
    gorky = by_id(entities, "gorky")
    assert gorky.type == "GPE" and {m.label for m in gorky.mentions} == {"GPE"}


def test_curation_split_makes_an_entity_of_the_alias() -> None:
    entities, stale = apply(("split", ("Petrof",)))
    assert not stale
    alone = by_id(entities, "petrof")
    assert alone.aliases == ("Petrof",) and [m.text for m in alone.mentions] == ["Petrof"]
    assert alone.evidence[0].reason.startswith("split off by the editor (decision #1)")
    assert alone.gender is None  # never copied from Oleg Petrov: “-of” tells nothing
    rest = by_id(entities, "oleg-petrov")
    assert "Petrof" not in rest.aliases and all(m.text != "Petrof" for m in rest.mentions)
    assert [e.id for e in entities].index("petrof") == [e.id for e in entities].index(
        "oleg-petrov"
    ) + 1


@pytest.mark.parametrize(("alias", "gender"), [("Sidorin", "male"), ("Marta Petrova", "female")])
def test_curation_split_gender_comes_from_the_name(alias: str, gender: str) -> None:
    entities, _ = apply(("split", (alias,)))
    assert find_entity(entities, alias).gender == gender


def test_curation_split_gathers_an_alias_two_entities_share() -> None:
    entities, stale = apply(("split", ("Oleg",)))
    assert not stale
    oleg = by_id(entities, "oleg")
    assert holder(entities, "Oleg") == ["oleg"]
    assert len(oleg.mentions) == 2 and {m.doc for m in oleg.mentions} == {"two"}
    assert "“Oleg Petrov”, “Oleg Sidorin”" in oleg.evidence[0].reason


def test_curation_split_into_the_entity_already_named_so() -> None:
    entities, _ = apply(("split", ("Gorky",)))
    gorky = by_id(entities, "gorky")
    assert len(gorky.mentions) == 3 and {m.label for m in gorky.mentions} == {"GPE"}
    assert by_id(entities, "maxim-gorky").aliases == ("Maxim Gorky",)
    assert len(entities) == len(ENTITIES)


def test_curation_split_of_the_canonical_name_renames_the_rest() -> None:
    entities, _ = apply(("split", ("Oleg Petrov",)))
    rest = next(e for e in entities if "Petrof" in e.aliases)
    assert rest.name == "Petrov" and rest.id == "petrov"  # the most frequent form left
    assert by_id(entities, "oleg-petrov").aliases == ("Oleg Petrov",)


def test_curation_split_possessives_follow_their_alias() -> None:
    entities, _ = apply(("split", ("Petrov",)))
    assert sorted(m.text for m in by_id(entities, "petrov").mentions) == [
        "Petrov",
        "Petrov",
        "Petrov’s",
    ]


@pytest.mark.parametrize(
    ("decision", "reason"),
    [
        (("split", ("Vasnetsov",)), "no entity is called"),
        (("merge", ("Petrov", "Vasnetsov")), "no entity is called “Vasnetsov”"),
        (("rename", ("Oleg", "Oleg P.")), "say which"),
        (("reject", ("Vasnetsov",)), "no entity is called"),
        (("set-type", ("Vasnetsov", "LOC")), "no entity is called"),
        (("set-gender", ("Vasnetsov", "male")), "no entity is called"),
        (("teleport", ("Petrov",)), "unknown action"),
        (("merge", ("Petrov",)), "wrong number of arguments"),
    ],
)
def test_curation_stale_decisions_are_reported_never_dropped(
    decision: tuple[str, tuple[str, ...]], reason: str
) -> None:
    entities, stale = apply(decision, ("set-gender", ("Mazur", "none")))
    assert len(stale) == 1 and reason in stale[0]
    assert by_id(entities, "mazur").gender is None  # the decisions after it still apply


def test_curation_stale_keeps_the_decision() -> None:
    decision = Decision(7, "split", ("Vasnetsov",), note="gone from chapter 2")
    curated = apply_decisions(ENTITIES, [decision])
    assert curated.stale[0].decision == decision
    assert (curated.stale[0].id, curated.stale[0].action) == (7, "split")


def test_curation_rename_changes_name_and_id() -> None:
    entities, _ = apply(("rename", ("Petrof", "Oleg Ivanovich Petrov")))
    renamed = by_id(entities, "oleg-ivanovich-petrov")
    assert renamed.name == "Oleg Ivanovich Petrov"
    old = next(e for e in renamed.evidence if e.alias == "Oleg Petrov")
    assert "renamed" in old.reason and "decision #1" in old.reason


def test_curation_ids_stay_unique() -> None:
    entities, _ = apply(("rename", ("Mazur", "Oleg Petrov")), ("split", ("Sidorin",)))
    ids = [e.id for e in entities]
    assert len(ids) == len(set(ids))
    assert "oleg-petrov-2" in ids and "sidorin" in ids


def test_curation_decisions_apply_in_order() -> None:
    entities, stale = apply(
        ("rename", ("Mazur", "Ivan Mazur")), ("set-gender", ("Ivan Mazur", "none"))
    )
    assert not stale and by_id(entities, "ivan-mazur").gender is None


def test_curation_reject_drops_the_alias_everywhere() -> None:
    entities, stale = apply(("reject", ("Oleg",)))
    assert not stale
    assert holder(entities, "Oleg") == []
    assert all(m.text != "Oleg" for e in entities for m in e.mentions)
    assert len(entities) == len(ENTITIES)


def test_curation_reject_drops_an_entity_left_without_a_name() -> None:
    entities, _ = apply(("reject", ("Gorky Street",)))
    assert "gorky-street" not in {e.id for e in entities}


def test_curation_reject_of_the_canonical_name_renames() -> None:
    entities, _ = apply(("reject", ("Marta Petrova",)))
    marta = next(e for e in entities if "Marta" in e.aliases)
    assert (marta.name, marta.id, marta.aliases) == ("Marta", "marta", ("Marta",))


@pytest.mark.parametrize(
    ("args", "kind", "gender"),
    [
        (("Gorky", "LOC"), "LOC", None),
        (("Mazur", "ORG"), "ORG", None),
        (("Betrov", "PER"), "PER", None),
    ],
)
def test_curation_set_type(args: tuple[str, str], kind: str, gender: str | None) -> None:
    entities, _ = apply(("set-type", args))
    entity = find_entity(entities, args[0])
    assert entity.type == kind and entity.gender == gender
    assert {m.label for m in entity.mentions} == {kind}


@pytest.mark.parametrize(("value", "gender"), [("female", "female"), ("none", None)])
def test_curation_set_gender(value: str, gender: str | None) -> None:
    entities, _ = apply(("set-gender", ("Oleg Sidorin", value)))
    assert by_id(entities, "oleg-sidorin").gender == gender


def test_curation_inactive_decisions_are_skipped() -> None:
    curated = apply_decisions(ENTITIES, [Decision(1, "reject", ("Mazur",), active=False)])
    assert list(curated.entities) == list(ENTITIES) and not curated.stale


def test_curation_apply_is_pure_and_repeatable() -> None:
    decisions = [Decision(1, "merge", ("Petrov", "Betrov")), Decision(2, "split", ("Petrof",))]
    first = apply_decisions(ENTITIES, decisions, DOCUMENTS)
    second = apply_decisions(ENTITIES, decisions, DOCUMENTS)
    assert first == second
    assert build().entities == ENTITIES


def test_curation_merge_tells_the_edition_how_to_respell() -> None:
    entities, _ = apply(("merge", ("Oleg Petrov", "Betrov")), ("merge", ("Petrov", "Mazur")))
    evidence = {e.alias: e for e in by_id(entities, "oleg-petrov").evidence}
    assert evidence["Betrov"].corrected == "Petrov"  # reads as a misspelling of Petrov
    assert evidence["Mazur"].corrected is None  # a name of its own, merged: left as written


def test_curation_rename_respells_every_alias_for_the_edition() -> None:
    entities, _ = apply(("rename", ("Oleg Petrov", "Oleg Pyetrov")))
    evidence = {e.alias: e.corrected for e in by_id(entities, "oleg-pyetrov").evidence}
    assert evidence["Oleg Petrov"] == "Oleg Pyetrov" and evidence["Petrov"] == "Pyetrov"
    assert evidence["Oleg"] is None


def test_curation_rename_to_a_longer_name_respells_nothing() -> None:
    entities, _ = apply(("rename", ("Oleg Petrov", "Oleg Ivanovich Petrov")))
    assert all(e.corrected is None for e in by_id(entities, "oleg-ivanovich-petrov").evidence)
