"""Name words: parsing, phonetic keys, spelling-variant scores and constrained merges."""

from __future__ import annotations

import pytest

from dossier.names.cluster import _word_gender
from dossier.names.forms import (
    female_surname,
    male_surname,
    normalise_name,
    parse_name,
    patronymic_gender,
)
from dossier.names.skeleton import best_match, fine_distance, one_typo, phonetic_keys, romanise
from dossier.names.variants import WordStats, find_variants, score_pair


@pytest.mark.parametrize(
    ("surface", "titles", "initials", "keys"),
    [
        ("Comrade General K. P. Dobrynin’s", ("comrade", "general"), ("k", "p"), ("dobrynin",)),
        ("Mrs. Hartley", ("mrs",), (), ("hartley",)),
        ("Pyotr Ilyich Savin", (), (), ("pyotr", "ilyich", "savin")),
        ("Charles de Lattre", (), (), ("charles", "lattre")),
        ("Van Derloo", (), (), ("derloo",)),
        ("Lord St. Aldous", ("lord",), (), ("staldous",)),
        ("the lovely Clara Voss", (), (), ("clara", "voss")),
        ("Dear Clara", (), (), ("clara",)),
        ("Henry VIII", (), (), ("henryviy",)),
        ("Dobrynoff", (), (), ("dobrynov",)),
    ],
)
def test_names_words_parse_name(
    surface: str, titles: tuple[str, ...], initials: tuple[str, ...], keys: tuple[str, ...]
) -> None:
    form = parse_name(surface)
    assert (form.titles, form.initials, form.keys) == (titles, initials, keys)


def test_names_words_title_gender_and_class() -> None:
    assert (parse_name("Mr. Hartley").title_gender, parse_name("Mr. Hartley").title_class) == (
        "male",
        "mr",
    )
    assert parse_name("Mrs. Hartley").title_class == "mrs"
    assert parse_name("Colonel Hartley").surname_title
    assert not parse_name("Lady Hartley").surname_title


def test_names_words_normalise_drops_titles_case_and_accents() -> None:
    assert normalise_name("Comrade SÉMYON Zotov’s") == "semyon zotov"


@pytest.mark.parametrize(
    ("key", "female", "male"),
    [("zotova", True, False), ("zotov", False, True), ("lvovskaya", True, False),
     ("lvovsky", False, True), ("kalinina", True, False), ("hartley", False, False)],
)  # fmt: skip
def test_names_words_gendered_surnames(key: str, female: bool, male: bool) -> None:
    assert (female_surname(key), male_surname(key)) == (female, male)


@pytest.mark.parametrize(
    ("key", "gender"), [("lvovich", "male"), ("petrovna", "female"), ("hartley", None)]
)
def test_names_words_patronymic_gender(key: str, gender: str | None) -> None:
    assert patronymic_gender(key) == gender


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zhukov", "Rukov"),  # zh -> r in a Chinese round trip
        ("Dobrynin", "Tobrynin"),  # d/t
        ("Belousov", "Pelousof"),  # b/p, v/f
        ("Yegorov", "Egorov"),  # a dropped glide
        ("Lvovsky", "Lvovski"),  # -sky/-ski
        ("Gusev", "Gusew"),  # v/w
        ("Kalinin", "Karinin"),  # l/r
        ("Lukin", "Lukino"),  # an added final vowel
    ],
)
def test_names_words_round_trip_keeps_the_skeleton(a: str, b: str) -> None:
    assert {k.skeleton for k in phonetic_keys(a)} & {k.skeleton for k in phonetic_keys(b)}


def test_names_words_romanise_folds_endings() -> None:
    assert romanise("dobrynoff") == romanise("dobrynov")
    assert romanise("petrovitch") == "petrovich"
    assert romanise("aksyonov") == romanise("axyonov")


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("Morozov", "Morozov", 0.0), ("Morozov", "Morezov", 0.5), ("Sazonov", "Zazonov", 0.5),
     ("Lebedev", "Nebedev", 1.0), ("Kirsanov", "Irsanov", 1.0)],
)  # fmt: skip
def test_names_words_fine_distance(a: str, b: str, distance: float) -> None:
    assert fine_distance(a, b) == distance


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("Smolensky", "Smolesnky", True), ("Tarasov", "Tarassov", True), ("Tarasov", "Tarasov", False),
     ("Tarasov", "Tarasova", True), ("Tarasov", "Tarusova", False)],
)  # fmt: skip
def test_names_words_one_typo(a: str, b: str, expected: bool) -> None:
    assert one_typo(a, b) is expected


def _word(key: str, count: int, sentences: set[int], companions: set[str]) -> WordStats:
    stats = WordStats(key, key.capitalize(), count=count, sentences=sentences)
    stats.order = sorted(sentences)
    stats.companions = companions
    return stats


def test_names_words_rare_variant_near_its_frequent_form_merges() -> None:
    common = _word("dobrynin", 9, set(range(0, 18, 2)), {"kasyanov"})
    rare = _word("tobrynin", 1, {7}, {"kasyanov"})
    score, features = score_pair(rare, common)
    assert score >= 0.7
    assert "same skeleton" in features and "used nearby" in features


def test_names_words_short_or_distant_words_do_not_merge() -> None:
    assert score_pair(_word("tim", 1, {1}, set()), _word("tom", 5, {2}, set()))[0] == 0
    # two consonants and no companions: a sound alone is not enough
    assert score_pair(_word("ilev", 1, {1}, set()), _word("ilov", 5, {2}, set()))[0] == 0
    assert best_match("Kirsanov", "Irsanov") is not None


def test_names_words_find_variants_keeps_cannot_links() -> None:
    words = [
        _word("dobrynin", 9, {1, 3, 5}, {"kasyanov"}),
        _word("tobrynin", 1, {7}, {"kasyanov"}),
        _word("dobrynina", 2, {9}, {"kasyanov"}),  # his wife: another gender
        _word("tobrynina", 1, {10}, {"kasyanov"}),  # a misspelt wife is still a wife
        _word("maria", 4, {11}, {"kasyanov"}),
        _word("mary", 1, {12}, {"kasyanov"}),  # two known given names
        _word("dobrinin", 1, {3}, {"kasyanov"}),  # in a sentence with the frequent form
    ]
    for stats in words:  # as the book's statistics set them: from endings and given names
        stats.gender = _word_gender(stats.key)  # type: ignore[assignment]
    variants = find_variants(words)
    assert variants["tobrynin"].canonical == "dobrynin"
    assert variants["tobrynina"].canonical == "dobrynina"
    assert "dobrynina" not in variants
    assert "mary" not in variants and "maria" not in variants
    assert "dobrinin" not in variants
