"""Clustering name mentions without a parse: structural and spelling variants join, family
members and look-alikes stay apart, short names resolve by chapter, types and evidence."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from dossier.names.cluster import Clustering, cluster_names
from dossier.names.scan import NameMention
from dossier.records import EntityType, Mention


def _mentions(
    rows: Sequence[tuple[str, int, int] | tuple[str, int, int, str]],
    cues: dict[int, frozenset[str]] | None = None,
    partners: dict[int, int] | None = None,
) -> list[NameMention]:
    """(text, chapter, sentence[, NER label]) rows; ``partners`` links coordinated rows."""
    found = []
    for i, row in enumerate(rows):
        text, doc, sentence = row[0], row[1], row[2]
        label: EntityType = row[3] if len(row) > 3 else "PER"  # type: ignore[assignment,misc]
        partner = ((rows[partners[i]][1], 10 * partners[i]),) if partners and i in partners else ()
        mention = Mention(f"c{doc}", 10 * i, 10 * i + len(text), text, label)
        found.append(NameMention(mention, doc, sentence, (cues or {}).get(i, frozenset()), partner))
    return found


def _groups(clustering: Clustering, names: Sequence[NameMention]) -> list[set[str]]:
    return [{names[i].mention.text for i in g.members} for g in clustering.groups]


def _together(clustering: Clustering, names: Sequence[NameMention], a: str, b: str) -> bool:
    return any({a, b} <= group for group in _groups(clustering, names))


FAMILY = [
    ("Grigory Lvovich Zotov", 0, 1),
    ("Zotov", 0, 2),
    ("Comrade Zotov", 0, 3),
    ("G. L. Zotov", 0, 4),
    ("Grigory", 0, 5),
    ("Zotov’s", 0, 6),
    ("Grigory Lvovich", 0, 7),
    ("ZOTOV", 0, 8),
    ("Anna Zotova", 0, 9),
    ("Zotova", 0, 10),
    ("Semyon Zotov", 0, 12),
    ("Grisha", 0, 14),
]


@pytest.mark.parametrize(
    "variant",
    ["Zotov", "Comrade Zotov", "G. L. Zotov", "Grigory", "Zotov’s", "Grigory Lvovich", "ZOTOV",
     "Grisha"],
)  # fmt: skip
def test_names_cluster_structural_variants_join(variant: str) -> None:
    names = _mentions(FAMILY)
    assert _together(cluster_names(names), names, "Grigory Lvovich Zotov", variant)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Grigory Lvovich Zotov", "Anna Zotova"), ("Zotov", "Zotova"),
     ("Grigory Lvovich Zotov", "Semyon Zotov")],
)  # fmt: skip
def test_names_cluster_family_members_stay_apart(a: str, b: str) -> None:
    names = _mentions(FAMILY)
    clustering = cluster_names(names)
    assert not _together(clustering, names, a, b)
    assert _together(clustering, names, "Anna Zotova", "Zotova")


def test_names_cluster_mr_and_mrs_are_two_people() -> None:
    names = _mentions(
        [("Mr. Hartley", 0, 1), ("Mrs. Hartley", 0, 2), ("Mr. Hartley", 0, 3), ("Hartley", 0, 4)]
    )
    clustering = cluster_names(names)
    assert not _together(clustering, names, "Mr. Hartley", "Mrs. Hartley")
    # a bare surname goes to the one named just before it
    assert _together(clustering, names, "Mr. Hartley", "Hartley")


def test_names_cluster_brothers_by_title_stay_apart() -> None:
    rows = [("Mr. Ashdown", 0, 1), ("Mr. Ashdown", 0, 2), ("Mr. Ashdown", 0, 3),
            ("Mr. Ashdown", 0, 5), ("Mr. Ashdown", 0, 6), ("Mr. Ashdown", 0, 7),
            ("Mr. Ashdown", 0, 8), ("Mr. Ashdown", 0, 9), ("Mr. Ashdown", 0, 10),
            ("Mr. Ashdown", 0, 11), ("Mr. Jonas Ashdown", 0, 4), ("Mr. Jonas Ashdown", 0, 5),
            ("Mr. Jonas Ashdown", 0, 20)]  # fmt: skip
    names = _mentions(rows)
    assert not _together(cluster_names(names), names, "Mr. Ashdown", "Mr. Jonas Ashdown")


@pytest.mark.parametrize("shared", [0, 1, 2])
def test_names_cluster_sister_by_surname_stays_apart(shared: int) -> None:
    # “Miss Agatha … her sister, Miss Thorne” in two sentences: the younger sister goes by her
    # given name, the elder by the surname; in one or none (a slip) they are one person
    rows = [("Miss Agatha Thorne", 0, 1), ("Miss Agatha", 0, 2), ("Miss Thorne", 0, 3),
            ("Miss Agatha", 0, 4), ("Miss Thorne", 0, 4 if shared >= 1 else 5),
            ("Miss Agatha", 0, 7), ("Miss Thorne", 0, 7 if shared >= 2 else 8)]  # fmt: skip
    names = _mentions(rows)
    clustering = cluster_names(names)
    assert _together(clustering, names, "Miss Agatha Thorne", "Miss Agatha")
    assert _together(clustering, names, "Miss Agatha Thorne", "Miss Thorne") is (shared < 2)


def test_names_cluster_bare_given_name_goes_to_the_chapter_person() -> None:
    rows = [("Oleg Sedov", 0, 1), ("Oleg", 0, 2), ("Oleg Danilov", 1, 40), ("Oleg", 1, 42),
            ("Sedov", 1, 43), ("Danilov", 1, 44)]  # fmt: skip
    names = _mentions(rows)
    clustering = cluster_names(names)
    groups = _groups(clustering, names)
    danilov = next(g for g in groups if "Oleg Danilov" in g)
    sedov = next(g for g in groups if "Oleg Sedov" in g)
    assert danilov != sedov
    # the bare "Oleg" of chapter 1 is Danilov's, the one of chapter 0 Sedov's
    for group in clustering.groups:
        texts = [(names[i].mention.text, names[i].doc) for i in group.members]
        if ("Oleg", 1) in texts:
            assert ("Oleg Danilov", 1) in texts
        if ("Oleg", 0) in texts:
            assert ("Oleg Sedov", 0) in texts


def _chapter(rare: str, common: str, count: int = 6) -> list[tuple[str, int, int]]:
    rows = [(common, 0, 2 * k) for k in range(count)] + [("Kasyanov", 0, 2 * k + 1) for k in
                                                         range(count)]  # fmt: skip
    rows.append((rare, 0, 2 * count + 1))
    rows.append(("Kasyanov", 0, 2 * count + 2))
    return rows


@pytest.mark.parametrize(
    ("rare", "common"),
    [("Pogdanof", "Bogdanov"), ("Rukov", "Zhukov"), ("Bogdanovv", "Bogdanov"),
     ("Yegorof", "Yegorov"), ("Tobrinin", "Dobrynin")],
)  # fmt: skip
def test_names_cluster_spelling_variants_join_with_evidence(rare: str, common: str) -> None:
    names = _mentions(_chapter(rare, common))
    clustering = cluster_names(names)
    assert _together(clustering, names, rare, common)
    assert rare not in {names[g.members[0]].mention.text for g in clustering.groups}


@pytest.mark.parametrize(("one", "other"), [("Nebedev", "Lebedev"), ("Ilyin", "Ilyina")])
def test_names_cluster_look_alikes_stay_apart(one: str, other: str) -> None:
    # two names both used often are two people, however close their spellings
    rows = _chapter(one, other) + [(one, 0, 40 + k) for k in range(5)]
    names = _mentions(rows)
    assert not _together(cluster_names(names), names, one, other)


def test_names_cluster_coordinated_names_are_two_people() -> None:
    rows = [("Dobrynin", 0, 1), ("Dobrynin", 0, 2), ("Dobrynin", 0, 3), ("Dobrinin", 0, 4),
            ("Kasyanov", 0, 4)]  # fmt: skip
    # “Kasyanov and Dobrinin”: coordinated, and one word a variant of a third name
    names = _mentions(rows, partners={3: 4, 4: 3})
    clustering = cluster_names(names)
    assert not _together(clustering, names, "Kasyanov", "Dobrinin")


def test_names_cluster_type_is_voted_over_the_cluster() -> None:
    # the recogniser called a given name ORG and a house a person
    rows = [("Vasilisa", 0, 1, "ORG"), ("Vasilisa", 0, 2, "ORG"), ("Harrow Hall", 0, 3, "PER"),
            ("Tula", 0, 4, "GPE"), ("Tula", 0, 5, "GPE")]  # fmt: skip
    names = _mentions(rows, cues={3: frozenset({"locative"})})
    clustering = cluster_names(names)
    kinds = {names[g.members[0]].mention.text: g.type for g in clustering.groups}
    assert kinds == {"Vasilisa": "PER", "Harrow Hall": "FAC", "Tula": "GPE"}


def test_names_cluster_every_member_has_a_reason() -> None:
    names = _mentions(FAMILY)
    for group in cluster_names(names).groups:
        assert set(group.links) == set(group.members)
        assert all(link.reason for link in group.links.values())


def test_names_cluster_nickname_never_names_a_titled_person() -> None:
    rows = [("Lady Catherine", 0, k) for k in range(1, 9)] + [("Catherine Dunmore", 0, 9),
            ("Kitty", 0, 10), ("Kitty", 0, 11)]  # fmt: skip
    names = _mentions(rows)
    clustering = cluster_names(names)
    assert not _together(clustering, names, "Lady Catherine", "Kitty")
    assert _together(clustering, names, "Lady Catherine", "Catherine Dunmore")


def test_names_cluster_speech_tags_make_a_person_of_an_org() -> None:
    # “…,” said Quentley: the recogniser's ORG is outvoted by the tags; the full name it
    # called ORG once lends nothing to the bare name
    rows = [("Quentley Marsh", 0, 1, "ORG")] + [("Quentley", 0, n, "ORG") for n in range(2, 8)]
    cues = {n: frozenset({"speaker", "tag"}) for n in range(1, 5)}
    names = _mentions(rows, cues=cues)
    clustering = cluster_names(names)
    kinds = {names[i].mention.text: g.type for g in clustering.groups for i in g.members}
    assert kinds["Quentley"] == "PER"


@pytest.mark.parametrize(("cue", "expected"), [("tag", "PER"), ("", "ORG")])
def test_names_cluster_tag_cue_decides_the_type(cue: str, expected: str) -> None:
    rows = [("Brannock", 0, n, "ORG") for n in range(3)]
    cues = {n: frozenset({cue}) for n in range(3)} if cue else None
    names = _mentions(rows, cues=cues)
    assert cluster_names(names).groups[0].type == expected
