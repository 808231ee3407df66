"""Phonetic keys for names: the round-trip skeleton that finds spelling variants.

A name that went from Russian to English to Chinese and back loses contrasts (b/p, d/t, g/k,
v/f/w, l/r; zh becomes r; s/sh/shch, ts/ch/z/j fold; kh becomes h; initial Ye-/Ya- glides
drop; a final vowel may be added). Romanisation adds its own variation (-off/-ov, -itch/-ich,
-sky/-ski, y/i, ie/e, ks/x, j/y). Two keys survive all of it:

- the *skeleton*: consonant classes only (``Zharov``, ``Rarov`` and ``Rarev`` are all ``RRF``);
- the *fine key*: consonant classes with vowel classes (a/o/u → ``a``, e/i/y → ``e``) and no
  final vowel (``Pogdanof`` ``BaGDaNaF``, ``Bogdanov`` ``BaGDaNaF``).

Skeletons propose candidates (they also pair ``Lebedev``/``Lobodov``-like names and gendered forms);
:func:`fine_distance` and the scorer in :mod:`.variants` decide.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Match",
    "PhoneticKey",
    "best_match",
    "deletions",
    "fine_distance",
    "one_typo",
    "phonetic_keys",
    "plain",
    "romanise",
]

_VOWELS = frozenset("aeiouy")
# Longest spellings first: each maps to a consonant class; "" drops the sound.
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("shch", "S"),
    ("tch", "Z"),
    ("dzh", "Z"),
    ("sch", "S"),
    ("kh", ""),
    ("ch", "Z"),
    ("ts", "Z"),
    ("tz", "Z"),
    ("cz", "Z"),
    ("dj", "Z"),
    ("sh", "S"),
    ("sz", "S"),
    ("ph", "F"),
    ("th", "D"),
    ("gh", "G"),
    ("ck", "G"),
    ("qu", "GF"),
)
_SINGLE = {
    "b": "B", "p": "B", "d": "D", "t": "D", "g": "G", "k": "G", "q": "G",
    "v": "F", "f": "F", "w": "F", "l": "R", "r": "R", "m": "M", "n": "N",
    "s": "S", "z": "Z", "h": "",
}  # fmt: skip
# Consonant classes that a round trip or a romanisation confuses: half the cost of a change.
_NEAR = frozenset({frozenset("SZ"), frozenset("BF")})
_ENDINGS: tuple[tuple[str, str], ...] = (
    ("skiy", "sky"),
    ("skii", "sky"),
    ("skij", "sky"),
    ("ski", "sky"),
    ("itch", "ich"),
    ("off", "ov"),
    ("eff", "ev"),
    ("iy", "y"),
    ("ii", "y"),
    ("ij", "y"),
)


@dataclass(frozen=True, slots=True)
class PhoneticKey:
    """One reading of a name word: consonant ``skeleton`` and vowel-aware ``fine`` key."""

    skeleton: str
    fine: str


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Lowercase ASCII letters of ``text`` only: accents, apostrophes and hyphens removed."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if "a" <= c <= "z")


def romanise(word: str) -> str:
    """Fold romanisation variants of a plain word: ``-off`` → ``-ov``, ``-ski`` → ``-sky``,
    ``-itch`` → ``-ich``, ``x`` → ``ks``."""
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            word = word[: -len(ending)] + replacement
            break
    return word.replace("x", "ks")


def _classes(word: str, zh: str, j: str) -> str:
    """Class string of a romanised word: consonant classes upper case, vowels ``a``/``e``."""
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        if word.startswith("zh", i):
            out.append(zh)
            i += 2
            continue
        for spelling, cls in _DIGRAPHS:
            if word.startswith(spelling, i):
                out.append(cls)
                i += len(spelling)
                break
        else:
            c = word[i]
            following = word[i + 1] if i + 1 < n else ""
            if c == "y" and following in _VOWELS:
                pass  # a glide before a vowel: Yegorov ~ Egorov, Yakov ~ Iakov
            elif c in "aou":
                out.append("a")
            elif c in "eiy":
                out.append("e")
            elif c == "c":
                out.append("S" if following in ("e", "i", "y") else "G")
            elif c == "j":
                out.append(j)
            else:
                out.append(_SINGLE.get(c, ""))
            i += 1
    return "".join(out)  # a dropped sound ("") vanishes here


def _collapse(classes: str) -> str:
    """One symbol per run: doubled consonants and vowel runs (the last vowel wins)."""
    out: list[str] = []
    for symbol in classes:
        if out and symbol.islower() and out[-1].islower():
            out[-1] = symbol
        elif not out or symbol != out[-1]:
            out.append(symbol)
    return "".join(out)


@lru_cache(maxsize=65536)
def phonetic_keys(word: str) -> tuple[PhoneticKey, ...]:
    """Every reading of ``word`` (zh as r or as a sibilant; j as an affricate or a glide)."""
    base = romanise(plain(word))
    if not base:
        return ()
    keys: dict[PhoneticKey, None] = {}
    for zh in ("R", "Z") if "zh" in base else ("R",):
        for j in ("Z", "e") if "j" in base else ("Z",):
            fine = _collapse(_classes(base, zh, j))
            if len(fine) > 1 and fine[-1].islower():
                fine = fine[:-1]  # an added (or dropped) final vowel: Lukin ~ Lukino
            skeleton = "".join(s for s in fine if s.isupper())
            keys[PhoneticKey(skeleton, fine)] = None
    return tuple(keys)


def deletions(key: str) -> set[str]:
    """``key`` and every string one symbol shorter: shared members block edit-distance-1 pairs."""
    found = {key}
    found.update(key[:i] + key[i + 1 :] for i in range(len(key)))
    return found


def _cost_sub(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a.islower() and b.islower():
        return 0.5
    if frozenset((a, b)) in _NEAR:
        return 0.5
    return 1.0


@lru_cache(maxsize=262144)
def _weighted(a: str, b: str) -> float:
    previous = [0.0]
    for symbol in b:
        previous.append(previous[-1] + (0.5 if symbol.islower() else 1.0))
    for x in a:
        gap = 0.5 if x.islower() else 1.0
        current = [previous[0] + gap]
        for j, y in enumerate(b, 1):
            current.append(
                min(
                    previous[j] + gap,
                    current[j - 1] + (0.5 if y.islower() else 1.0),
                    previous[j - 1] + _cost_sub(x, y),
                )
            )
        previous = current
    return previous[-1]


@dataclass(frozen=True, slots=True)
class Match:
    """How two name words compare by sound, over their closest readings."""

    fine: float  # weighted fine-key distance
    same_skeleton: bool
    skeleton: int  # consonants in the shorter skeleton of the pair
    length: int  # symbols in the shorter fine key of the pair


def best_match(a: str, b: str) -> Match | None:
    """The closest pair of readings of two words (fine distance first), or None."""
    best: Match | None = None
    for x in phonetic_keys(a):
        for y in phonetic_keys(b):
            match = Match(
                _weighted(x.fine, y.fine),
                x.skeleton == y.skeleton,
                min(len(x.skeleton), len(y.skeleton)),
                min(len(x.fine), len(y.fine)),
            )
            if best is None or (match.fine, not match.same_skeleton) < (
                best.fine,
                not best.same_skeleton,
            ):
                best = match
    return best


def fine_distance(a: str, b: str) -> float:
    """Edit distance between two name words' fine keys, the smallest over their readings.

    A vowel change, a vowel dropped or added, and s/z or b/v confusions cost 0.5; any other
    consonant change costs 1, so ``Rarov``/``Rarev`` is 0.5 and ``Girov``/``Irov`` is 1.
    """
    best = float("inf")
    for x in phonetic_keys(a):
        for y in phonetic_keys(b):
            best = min(best, _weighted(x.fine, y.fine))
    return best


def one_typo(a: str, b: str) -> bool:
    """Whether the plain spellings differ by exactly one typo: a letter changed, dropped or
    added, or two neighbours swapped (linear time)."""
    x, y = plain(a), plain(b)
    if x == y or abs(len(x) - len(y)) > 1:
        return False
    if len(x) > len(y):
        x, y = y, x
    i = 0
    while i < len(x) and x[i] == y[i]:
        i += 1
    if len(x) < len(y):
        return x[i:] == y[i + 1 :]
    if x[i + 1 :] == y[i + 1 :]:
        return True
    return i + 1 < len(x) and x[i] == y[i + 1] and x[i + 1] == y[i] and x[i + 2 :] == y[i + 2 :]
