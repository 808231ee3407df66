"""The word lists of the facts stage, read once from ``dossier/data/facts_*``.

Each list is a plain text or TSV file written for kinds of sentences (event verbs and nouns,
kinship nouns, titles, verbs that govern a clause's modality); ``#`` starts a comment line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = [
    "EventSense",
    "Kin",
    "event_nouns",
    "event_senses",
    "kinship",
    "person_nouns",
    "place_nouns",
    "roles",
    "verb_classes",
]


@dataclass(frozen=True, slots=True)
class EventSense:
    """One reading of a trigger word: ``arrest`` as a VERB is an arrest whose subject is the
    agent and whose object the patient. ``needs`` are the constraints of facts_events.tsv."""

    lemma: str
    pos: str
    type: str
    subject: str
    object: str
    needs: frozenset[str]


@dataclass(frozen=True, slots=True)
class Kin:
    """A kinship noun: ``son`` names the tail of a ``parent`` relation, a male."""

    word: str
    relation: str
    noun: str  # head | tail | either: which end of the relation the noun's referent is
    gender: str | None


def _rows(name: str) -> list[list[str]]:
    text = files("dossier").joinpath("data", name).read_text(encoding="utf-8")
    return [
        line.split("\t")
        for line in (raw.strip() for raw in text.splitlines())
        if line and not line.startswith("#")
    ]


@cache
def event_senses() -> dict[tuple[str, str], tuple[EventSense, ...]]:
    """(lemma, VERB|NOUN) -> its typed readings, in file order."""
    senses: dict[tuple[str, str], list[EventSense]] = {}
    for lemma, pos, kind, subject, obj, needs in _rows("facts_events.tsv"):
        wanted = frozenset(n for n in needs.split(",") if n and n != "-")
        senses.setdefault((lemma, pos), []).append(
            EventSense(lemma, pos, kind, subject, obj, wanted)
        )
    return {key: tuple(value) for key, value in senses.items()}


@cache
def kinship() -> dict[str, Kin]:
    return {
        word: Kin(word, relation, noun, None if gender == "-" else gender)
        for word, relation, noun, gender in _rows("facts_kinship.tsv")
    }


@cache
def roles() -> frozenset[str]:
    return frozenset(row[0] for row in _rows("facts_roles.txt"))


@cache
def verb_classes() -> dict[str, frozenset[str]]:
    """lemma -> its classes (stative, implicative, negative, intent, order, belief, speech)."""
    classes: dict[str, set[str]] = {}
    for lemma, kind in _rows("facts_modality.tsv"):
        classes.setdefault(lemma, set()).add(kind)
    return {lemma: frozenset(kinds) for lemma, kinds in classes.items()}


@cache
def event_nouns() -> frozenset[str]:
    """Nouns that name something happening (a glance, a storm): general trigger candidates."""
    return frozenset(row[0] for row in _rows("facts_event_nouns.txt"))


@cache
def place_nouns() -> frozenset[str]:
    """Common nouns for places (the dacha, the prison): destinations without a name."""
    return frozenset(row[0].lower() for row in _rows("facts_places.txt"))


@cache
def person_nouns() -> frozenset[str]:
    """Common nouns for people (the doorman, an interrogator), with kin nouns and titles."""
    words = {row[0].lower() for row in _rows("facts_people.txt")}
    return frozenset(words | set(kinship()) | roles())
