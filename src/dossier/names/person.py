"""A person as the names stage knows it: the parts of their name, their titles and gender,
and the rules for whether another name can be theirs.

A full name can be a person's when every part agrees: the surname, the given name (or its
diminutive), the patronymic, the initials, the title's gender and class. A single word can
name a person by surname, patronymic or given name — but a title that stands before surnames
only (“Mrs. Weston”, “Colonel Fitzwilliam”) names by surname, a known given name keeps its
gender, and a nickname never names someone always called by title (“Kitty” is not “Lady
Catherine”).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from ..records import Gender
from .forms import NameForm, female_surname, male_surname, patronymic_gender
from .lexicon import lexicon
from .variants import NEARBY

__all__ = ["Person", "Roles", "compatible", "names_by", "roles"]

# Title classes a person must have been named with before a titled form can name them.
_CLASSES_REQUIRED = frozenset({"mrs", "royal"})


@dataclass(frozen=True, slots=True)
class Roles:
    given: str | None = None
    surname: str | None = None
    patronymic: str | None = None
    middles: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()


def roles(keys: tuple[str, ...], initials: tuple[str, ...]) -> Roles:
    """Which word of a name is the given name, the patronymic, the surname."""
    if initials and keys:  # “K. P. Dobrynin”, “F. C. Weston Churchill”
        return Roles(None, keys[-1], None, keys[:-1], initials)
    if len(keys) >= 2:
        patronymics = [k for k in keys[1:] if patronymic_gender(k)]
        patronymic = patronymics[0] if patronymics else None
        surname = None if keys[-1] == patronymic else keys[-1]
        middles = tuple(k for k in keys[1:-1] if k != patronymic)
        return Roles(keys[0], surname, patronymic, middles, initials)
    return Roles(initials=initials)


@dataclass
class Person:
    roles: Roles
    label: str  # the full name that founded it, for evidence
    classes: set[str] = field(default_factory=set)  # title classes of its names
    titles: set[str] = field(default_factory=set)
    genders: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    members: list[int] = field(default_factory=list)
    sentences: dict[int, list[int]] = field(default_factory=dict)  # doc -> sorted sentences
    order: list[int] = field(default_factory=list)  # all its sentences, sorted

    def near(self, sentence: int) -> bool:
        """Whether it is named within :data:`NEARBY` sentences of ``sentence``."""
        at = bisect_left(self.order, sentence - NEARBY)
        return at < len(self.order) and self.order[at] <= sentence + NEARBY

    titled_given: int = 0  # mentions of its given name with a title (“Lady Catherine”)
    plain_given: int = 0  # and without

    @property
    def formal(self) -> bool:
        """Named by title nearly always: nicknames do not name such a person."""
        return self.titled_given >= 4 * max(self.plain_given, 1)

    @property
    def gender(self) -> Gender | None:
        male, female = self.genders["male"], self.genders["female"]
        if abs(male - female) < 0.5:
            return None
        return "male" if male > female else "female"

    def add_evidence(self, form: NameForm, r: Roles) -> None:
        lex = lexicon()
        if form.title_gender:
            self.genders[form.title_gender] += 3
        if r.given and (gender := lex.given_gender(r.given)):
            self.genders[gender] += 1.5
        if r.patronymic and (gender := patronymic_gender(r.patronymic)):
            self.genders[gender] += 2
        if r.surname and female_surname(r.surname):
            self.genders["female"] += 2
        elif r.surname and male_surname(r.surname):
            self.genders["male"] += 1
        if form.title_class:
            self.classes.add(form.title_class)
        self.titles.update(form.titles)


def _given_ok(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True
    return lexicon().same_given(a, b)


def _initials_ok(person: Roles, other: Roles) -> bool:
    """Initials agree with the words or initials of the other name (“I. N.” ~ “Ivan Nikitich”)."""
    for a, b in ((person, other), (other, person)):
        if not a.initials:
            continue
        letters = [k[0] for k in (b.given, b.patronymic, *b.middles) if k] or list(b.initials)
        if any(x != y for x, y in zip(a.initials, letters, strict=False)):
            return False
    return True


def _title_ok(
    person: Person, form: NameForm, gender: Gender | None = None, by_given: bool = False
) -> bool:
    gender = form.title_gender or gender
    if gender and person.gender and gender != person.gender:
        return False
    cls = form.title_class
    if cls in _CLASSES_REQUIRED and cls not in person.classes and not by_given:
        return False  # “Mrs. X”, “Lady X”: a married name is not the maiden name
    if by_given and cls == "mrs":
        return True  # “Lady Catherine”: a title of rank before a given name, not a marriage
    return not (cls and person.classes and cls not in person.classes)


def compatible(person: Person, r: Roles, form: NameForm) -> bool:
    """Whether a full name can be ``person``'s."""
    p = person.roles
    if p.surname != r.surname and p.surname and r.surname:
        return False
    if not _given_ok(p.given, r.given):
        return False
    if p.patronymic and r.patronymic and p.patronymic != r.patronymic:
        return False
    if p.middles and r.middles and set(p.middles) != set(r.middles):
        return False
    return _initials_ok(p, r) and _title_ok(person, form)


def names_by(person: Person, word: str, form: NameForm) -> bool:
    """Whether a single name word (with its titles) can name ``person``: a known given name
    keeps its gender (“John” is not “Mrs. John”), and a nickname never names someone always
    called by title (“Kitty” is not “Lady Catherine”)."""
    p = person.roles
    # “Mrs. Weston” is a surname, but “Mrs. Rachel” the woman herself (a man's name after
    # “Mrs.” would be his wife: “Mrs. John Knightley”)
    given_title = not form.surname_title or (
        form.title_class == "mrs" and lexicon().given_gender(word) == "female"
    )
    as_given = bool(p.given) and _given_ok(word, p.given) and given_title
    if as_given and word != p.given and person.formal:
        as_given = False
    if not (p.surname == word or p.patronymic == word or as_given):
        return False
    gender = None if form.titles else lexicon().given_gender(word)
    return _title_ok(person, form, gender, by_given=as_given and p.surname != word)
