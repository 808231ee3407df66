"""How an editor's merge or rename changes what the corrected edition writes.

``AliasEvidence.corrected`` says what the edition puts in place of an alias. A merged alias
whose word reads as a misspelling of a word of the entity's name is respelled as that word
(“Rarov” merged into “Tikhon Zharov” → “Zharov”); a rename that respells a word of the
canonical name (“Tikhon Zharov” → “Tikhon Zharkov”) respells that word in every alias, so
the edition follows the editor. Word for word: titles, initials and other words stay.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from ..edition import closest_word, plausible_respelling, respell
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


def _word_map(text: str, targets: Sequence[str], used: Collection[str]) -> dict[str, str]:
    """Each word of the name ``text`` that reads as a misspelling of one of ``targets`` and
    that the edition may respell (:func:`~dossier.edition.plausible_respelling`: not a plural,
    a feminine form or a place word), mapped to the target it is most like."""
    out: dict[str, str] = {}
    for word in parse_name(text).words:
        if word in targets:
            continue
        close = [t for t in targets if reads_as(word, t) and plausible_respelling(word, t, used)]
        target = closest_word(word, close)
        if target is not None:
            out[word] = target
    return out


def respelled(alias: str, current: str | None, targets: Sequence[str]) -> str | None:
    """The correction of ``alias`` (``current`` so far) once each of its words that reads as
    a misspelling of one of ``targets`` is written as that word; None when the alias stays."""
    used = {t.casefold() for t in targets}
    return apply_renaming(alias, current, _word_map(current or alias, targets, used))


def renamed_words(old: str, new: str) -> dict[str, str]:
    """The words a rename respells: each word of the old name that reads as a misspelling of
    a word of the new one (“Zharov” → “Zharkov”); added or dropped words map to nothing."""
    targets = parse_name(new).words
    return _word_map(old, targets, {t.casefold() for t in targets})


def apply_renaming(alias: str, current: str | None, words: Mapping[str, str]) -> str | None:
    """The correction of ``alias`` after a respelling of ``words``; None when it stays."""
    text = current or alias
    result = (respell(text, words) if words else None) or current
    return None if result == alias else result
