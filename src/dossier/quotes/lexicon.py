"""The word lists quote attribution reads: speech verbs, scare-quote preceders, gendered words.

The lists are package data (``dossier/data/quotes_*``), loaded once and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..records import Gender

__all__ = [
    "SpeechVerbs",
    "gender_words",
    "person_nouns",
    "scare_preceders",
    "speech_nouns",
    "speech_verbs",
]


def _lines(name: str) -> list[str]:
    text = resources.files("dossier").joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _inflections(lemma: str) -> set[str]:
    """Regular forms of a verb; over-generating is harmless, the set is only looked up."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ing", lemma + "ed", lemma + "d"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@dataclass(frozen=True, slots=True)
class SpeechVerbs:
    """Lemmas and word forms of speech verbs; ``weak`` ones count only right beside a quote."""

    strong: frozenset[str]
    weak: frozenset[str]
    forms: dict[str, str]  # lower-case word form -> lemma

    def lemma_of(self, lemma: str, form: str) -> str | None:
        """The speech-verb lemma for a token (spaCy ``lemma`` and lower-case ``form``), if any."""
        if lemma in self.strong or lemma in self.weak:
            return lemma
        return self.forms.get(form)

    def is_strong(self, lemma: str) -> bool:
        return lemma in self.strong


@cache
def speech_verbs() -> SpeechVerbs:
    strong: set[str] = set()
    weak: set[str] = set()
    forms: dict[str, str] = {}
    for line in _lines("quotes_speech_verbs.tsv"):
        parts = line.split("\t")
        lemma, tier = parts[0], parts[1]
        (strong if tier == "strong" else weak).add(lemma)
        irregular = set(parts[2].split(",")) if len(parts) > 2 and parts[2] else set()
        for form in _inflections(lemma) | irregular:
            forms.setdefault(form, lemma)
    return SpeechVerbs(frozenset(strong), frozenset(weak), forms)


@cache
def speech_nouns() -> frozenset[str]:
    """Nouns for what someone says or the voice saying it (“the voice of X”, “his answer”)."""
    return frozenset(line.strip().lower() for line in _lines("quotes_speech_nouns.txt"))


@cache
def scare_preceders() -> frozenset[str]:
    return frozenset(line.strip().lower() for line in _lines("quotes_scare_preceders.txt"))


@cache
def gender_words() -> dict[str, Gender]:
    words: dict[str, Gender] = {}
    for line in _lines("quotes_gender.tsv"):
        word, gender = line.split("\t")
        if gender in ("male", "female"):
            words[word.lower()] = "male" if gender == "male" else "female"
    return words


@cache
def person_nouns() -> frozenset[str]:
    """Nouns that name a person by kinship or role (the names stage's list): “her cousin”."""
    rows = resources.files("dossier").joinpath("data", "names_person_nouns.tsv")
    text = rows.read_text(encoding="utf-8")
    return frozenset(
        line.split("\t")[0].lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )
