"""Name parsing: a surface name split into titles, initials and name words.

``Comrade General K. P. Dobrynin’s`` → titles (comrade, general), initials (k, p), words
(``dobrynin``). Word keys are plain and romanisation-folded (``Zotoff`` and ``Zotov`` share the
key ``zotov``), so every later step compares keys, never raw strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..records import Gender
from .lexicon import lexicon, name_key
from .skeleton import plain

__all__ = [
    "EPITHETS",
    "PARTICLES",
    "NameForm",
    "female_surname",
    "male_surname",
    "normalise_name",
    "parse_name",
    "patronymic_gender",
    "strip_possessive",
]

# Lowercase words inside a name that belong to a surname or a place, never a name word alone.
PARTICLES = frozenset(
    {"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "la", "le", "of", "the",
     "y", "e", "bin", "ibn", "al", "el", "ter", "ten", "zu", "and"}
)  # fmt: skip
# Words of affection or pity that precede a name without being part of it.
EPITHETS = frozenset(
    {"dear", "dearest", "poor", "little", "old", "young", "good", "sweet", "darling", "my",
     "our", "your", "honest", "kind", "lovely", "pretty", "beautiful", "wicked", "silly",
     "great", "big", "brave", "noble", "worthy", "excellent", "unfortunate", "unhappy",
     "happy", "blessed", "late"}
)  # fmt: skip
_DETERMINERS = frozenset({"the", "this", "that", "a", "an"})
_POSSESSIVE = re.compile(r"(?:[’']s|(?<=s)[’'])$")
_INITIALS = re.compile(r"^(?:[A-Z]\.)+$|^[A-Z]$")
_NUMERAL = re.compile(r"^(?:II|III|IV|VI|VII|VIII|IX|XI|XII|XIII|XIV|XV|XVI)$")
# Slavic surname and patronymic endings: the gendered pairs -ov/-ova, -ev/-eva, -in/-ina,
# -sky/-skaya, -ovich/-ovna. Checked on romanised keys (so -off, -ski, -itch are covered).
_FEMALE_SURNAME = ("ova", "eva", "yova", "ina", "yna", "skaya", "tskaya", "skaia", "aya", "ska")
_MALE_SURNAME = ("ov", "ev", "yov", "in", "yn", "sky", "tsky", "oy")
_MALE_PATRONYMIC = ("ovich", "evich", "ich")
_FEMALE_PATRONYMIC = ("ovna", "evna", "ichna", "inichna")


@dataclass(frozen=True, slots=True)
class NameForm:
    """One way of writing a name: what is left after titles and initials are taken off."""

    surface: str
    titles: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # name words as written ("Arkady", "Zotov")
    keys: tuple[str, ...] = ()  # their keys ("arkady", "zotov")

    @property
    def title_gender(self) -> Gender | None:
        titles = lexicon().titles
        genders = {titles[t].gender for t in self.titles if titles[t].gender}
        return genders.pop() if len(genders) == 1 else None

    @property
    def title_class(self) -> str | None:
        titles = lexicon().titles
        classes = {titles[t].cls for t in self.titles if titles[t].cls}
        return classes.pop() if len(classes) == 1 else None

    @property
    def surname_title(self) -> bool:
        """A title that stands before a surname only (“Mrs. Weston”)."""
        titles = lexicon().titles
        return any(titles[t].surname_only for t in self.titles)

    @property
    def key(self) -> str:
        """Initials and words: the form without titles, as one string."""
        return " ".join((*self.initials, *self.keys))


def strip_possessive(text: str) -> str:
    """``Zotov’s`` → ``Zotov``; ``Jones’`` → ``Jones``."""
    return _POSSESSIVE.sub("", text)


def _title_word(word: str) -> str | None:
    key = word.rstrip(".").casefold()
    return key if key in lexicon().titles else None


def _saints(pieces: list[str]) -> list[str]:
    """“St. Simon” is one name word (“Lord St. Simon”, “St. Mary”), never Simon or Mary."""
    out: list[str] = []
    for piece in pieces:
        if out and out[-1] in ("St.", "St", "Saint", "Ste.", "San", "Santa", "Sainte"):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


@lru_cache(maxsize=65536)
def parse_name(surface: str) -> NameForm:
    """Split a surface name into titles, initials and name words (keys folded, see module)."""
    pieces = strip_possessive(surface.strip()).replace("\u00a0", " ").split()
    # “the second Sir Walter”, “Honest Jemima”, “This Hester Prynne”, “Margaret dear”
    while len(pieces) > 1 and (
        not pieces[0][:1].isupper() or pieces[0].casefold() in EPITHETS | _DETERMINERS
    ):
        pieces.pop(0)
    while len(pieces) > 1 and not pieces[-1][:1].isupper():
        pieces.pop()
    titles: list[str] = []
    # leading titles; a lone "Mr." keeps its title (a form must keep at least one piece)
    while len(pieces) > 1 and (title := _title_word(pieces[0])) is not None:
        if not pieces[0][:1].isupper():
            break
        titles.append(title)
        pieces.pop(0)
    initials: list[str] = []
    words: list[str] = []
    keys: list[str] = []
    pieces = _saints(pieces)
    if len(pieces) >= 2 and _NUMERAL.match(pieces[-1]):
        # “Charles II” is a king, never the Charles next door: one word of its own
        pieces = [*pieces[:-2], f"{pieces[-2]}\u00a0{pieces[-1]}"]
    for piece in pieces:
        if _INITIALS.match(piece):
            if not words:  # initials precede the surname; “VOLUME I” has a numeral
                initials.extend(c.lower() for c in piece if c.isalpha())
            continue
        if piece.casefold() in PARTICLES and (words or len(pieces) > 1):
            continue  # “Van Helsing” is Helsing, as in “Abraham Van Helsing”
        if piece[:1].islower() and words:
            continue  # a stray word inside a recognised span
        key = name_key(piece)
        if not key:
            continue
        words.append(piece.strip(".,;:!?\"“”‘’'()"))
        keys.append(key)
    return NameForm(surface, tuple(titles), tuple(initials), tuple(words), tuple(keys))


def normalise_name(text: str) -> str:
    """Case-folded, accent-free name without titles or punctuation: a grouping key."""
    form = parse_name(text)
    if not form.keys and not form.initials:
        return " ".join(plain(w) for w in text.split() if plain(w))
    return " ".join((*form.initials, *(plain(w) for w in form.words)))


def female_surname(key: str) -> bool:
    return len(key) >= 5 and key.endswith(_FEMALE_SURNAME)


def male_surname(key: str) -> bool:
    return len(key) >= 4 and key.endswith(_MALE_SURNAME) and not female_surname(key)


def patronymic_gender(key: str) -> Gender | None:
    """``Yefimovich`` → male, ``Petrovna`` → female, else None."""
    if len(key) >= 6 and key.endswith(_FEMALE_PATRONYMIC):
        return "female"
    if len(key) >= 6 and key.endswith(_MALE_PATRONYMIC):
        return "male"
    return None
