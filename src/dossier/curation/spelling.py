"""How an editor's merge or rename changes what the corrected edition writes.

``AliasEvidence.corrected`` says what the edition puts in place of an alias. A merged alias
whose word reads as a misspelling of a word of the entity's name is respelled as that word
(“Rarov” merged into “Tikhon Zharov” → “Zharov”); a rename that respells a word of the
canonical name (“Tikhon Zharov” → “Tikhon Zharkov”) respells that word in every alias, so
the edition follows the editor. Word for word: titles, initials and other words stay.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

from ..edition import respell
from ..names.forms import parse_name
from ..names.lexicon import lexicon, name_key
from ..names.skeleton import best_match, one_typo
from ..names.variants import gendered_pair

__all__ = ["apply_renaming", "reads_as", "renamed_words", "respelled"]


def reads_as(word: str, other: str) -> bool:
    """Whether ``word`` reads as a misspelling of ``other``: close in sound with a shared
    consonant skeleton, or one typo apart; never its other-gender form or its diminutive."""
    a, b = name_key(word), name_key(other)
    if not a or not b or a == b or gendered_pair(a, b):
        return False
    diminutives = lexicon().diminutives
    if b in diminutives.get(a, ()) or a in diminutives.get(b, ()):
        return False
    match = best_match(a, b)
    close = match is not None and match.skeleton >= 2 and match.fine <= 1.0
    return close or (min(len(a), len(b)) >= 5 and one_typo(word, other))


def _closest(word: str, candidates: Sequence[str]) -> str:
    return max(candidates, key=lambda c: difflib.SequenceMatcher(None, word, c).ratio())


def respelled(alias: str, current: str | None, targets: Sequence[str]) -> str | None:
    """The correction of ``alias`` (``current`` so far) once each of its words that reads as
    a misspelling of one of ``targets`` is written as that word; None when the alias stays."""
    text = current or alias
    words = {}
    for word in parse_name(text).words:
        if word in targets:
            continue
        close = [t for t in targets if reads_as(word, t)]
        if close:
            words[word] = _closest(word, close)
    result = (respell(text, words) if words else None) or current
    return None if result == alias else result


def renamed_words(old: str, new: str) -> dict[str, str]:
    """The words a rename respells: each word of the old name that reads as a misspelling of
    a word of the new one (“Zharov” → “Zharkov”); added or dropped words map to nothing."""
    targets = parse_name(new).words
    out: dict[str, str] = {}
    for word in parse_name(old).words:
        if word in targets:
            continue
        close = [t for t in targets if reads_as(word, t)]
        if close:
            out[word] = _closest(word, close)
    return out


def apply_renaming(alias: str, current: str | None, words: Mapping[str, str]) -> str | None:
    """The correction of ``alias`` after a rename that respells ``words``."""
    text = current or alias
    result = (respell(text, words) if words else None) or current
    return None if result == alias else result
