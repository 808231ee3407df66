"""The word lists the names stage reads: titles, given names, diminutives, person nouns, verbs.

All are plain files in ``dossier/data`` written for Dossier (``names_*.tsv``/``.txt``), read
once and cached. Keys are plain lowercase spellings (see :func:`.skeleton.plain`), except
person nouns, which keep their hyphens (``mother-in-law``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..records import Gender
from .skeleton import plain, romanise

__all__ = [
    "Lexicon",
    "Title",
    "lexicon",
    "name_key",
]

_GENDERS: dict[str, Gender | None] = {"m": "male", "f": "female"}


@dataclass(frozen=True, slots=True)
class Title:
    """A title or honorific: the gender it implies and its class (``mr``, ``mrs``, ``miss``)."""

    word: str
    gender: Gender | None
    cls: str | None
    surname_only: bool = False  # “Mrs. Weston”, never “Mrs. Emma”


@dataclass(frozen=True, slots=True)
class Lexicon:
    titles: dict[str, Title]
    given: dict[str, Gender | None]  # romanised plain given name -> gender (None: either)
    diminutives: dict[str, frozenset[str]]  # romanised plain diminutive -> full names
    person_nouns: dict[str, tuple[Gender | None, str]]  # noun -> (gender, kind)
    person_verbs: frozenset[str]
    not_names: frozenset[str]  # months, weekdays, “Chapter”: never a person's name word
    place_words: frozenset[str]  # “Hall”, “Street”: the last word of a place's name
    nicknames: dict[str, frozenset[str]] = field(default_factory=dict)  # full -> diminutives

    @property
    def places(self) -> frozenset[str]:
        """The place words, lowercase (“hall”, “street”): common nouns inside a name."""
        return self.place_words

    def given_gender(self, key: str) -> Gender | None:
        """The gender of a given name or of a diminutive whose full names agree."""
        if key in self.given:
            return self.given[key]
        genders = {self.given.get(full) for full in self.diminutives.get(key, ())}
        return genders.pop() if len(genders) == 1 else None

    def is_given(self, key: str) -> bool:
        return key in self.given or key in self.diminutives

    def full_names(self, key: str) -> frozenset[str]:
        """The given names ``key`` may stand for: itself and what it is a diminutive of."""
        return frozenset({key}) | self.diminutives.get(key, frozenset())

    def related_names(self, key: str) -> frozenset[str]:
        """``key``, its full names and its diminutives: “Elizabeth” → “Lizzy”, “Eliza”, …;
        “Lizzy” → “Elizabeth” (two nicknames of one name may be two people: “Bessie”,
        “Eliza”)."""
        return self.full_names(key) | self.nicknames.get(key, frozenset())

    def same_given(self, a: str, b: str) -> bool:
        """Whether two given names can be one person's: equal, or one a diminutive of the
        other."""
        return a == b or b in self.diminutives.get(a, ()) or a in self.diminutives.get(b, ())


def _rows(name: str) -> list[list[str]]:
    text = resources.files("dossier").joinpath("data", name).read_text(encoding="utf-8")
    return [
        line.split("\t")
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def name_key(word: str) -> str:
    """The key a name word is known by: plain spelling with romanisation variants folded."""
    return romanise(plain(word))


@cache
def lexicon() -> Lexicon:
    """The lexicons, read once."""
    titles = {
        row[0]: Title(
            row[0], _GENDERS.get(row[1]), None if row[2] == "-" else row[2], row[3] == "surname"
        )
        for row in _rows("names_titles.tsv")
    }
    given = {name_key(row[0]): _GENDERS.get(row[1]) for row in _rows("names_given.tsv")}
    diminutives = {
        name_key(row[0]): frozenset(name_key(full) for full in row[1].split(","))
        for row in _rows("names_diminutives.tsv")
    }
    nouns = {row[0]: (_GENDERS.get(row[1]), row[2]) for row in _rows("names_person_nouns.tsv")}
    verbs = frozenset(row[0] for row in _rows("names_person_verbs.txt"))
    not_names = frozenset(row[0] for row in _rows("names_not_names.txt"))
    places = frozenset(row[0] for row in _rows("names_place_words.txt"))
    nicknames: dict[str, set[str]] = {}
    for short, fulls in diminutives.items():
        for full in fulls:
            nicknames.setdefault(full, set()).add(short)
    frozen = {full: frozenset(shorts) for full, shorts in nicknames.items()}
    return Lexicon(titles, given, diminutives, nouns, verbs, not_names, places, frozen)
