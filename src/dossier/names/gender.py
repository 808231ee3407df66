"""Gender of a person: titles, given names, Slavic endings, and the pronouns that follow it.

The name evidence comes from :class:`.people.Person` (a title 3, a patronymic 2, a feminine
surname ending 2, a given name 1.5, a masculine ending 1). Pronouns add up to 3 more: in a
sentence (outside quotations) where one person alone is named, each he/him/his or she/her of
that sentence, and of the next one when it names nobody, counts half a vote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..records import Gender

__all__ = ["decide_gender", "pronoun_votes"]

_PRONOUN_CAP = 3.0


def pronoun_votes(
    sentences_of: Sequence[Sequence[int]], pronouns: Mapping[int, Sequence[str]]
) -> list[dict[str, float]]:
    """Pronoun votes for each person, given the sentences each person is named in."""
    named: dict[int, set[int]] = defaultdict(set)
    for person, sentences in enumerate(sentences_of):
        for sentence in sentences:
            named[sentence].add(person)
    votes: list[dict[str, float]] = [defaultdict(float) for _ in sentences_of]
    for sentence, persons in named.items():
        if len(persons) != 1:
            continue
        (person,) = persons
        heard = list(pronouns.get(sentence, ()))
        if sentence + 1 not in named:
            heard.extend(pronouns.get(sentence + 1, ()))
        for gender in heard:
            votes[person][gender] += 0.5
    for counter in votes:
        for gender in counter:
            counter[gender] = min(counter[gender], _PRONOUN_CAP)
    return votes


def decide_gender(name: Mapping[str, float], pronouns: Mapping[str, float]) -> Gender | None:
    """male or female when one leads by at least one vote; pronouns alone must lead by two
    and outnumber the other three to one (a first-person narrator's “she” is often someone
    else's)."""
    male = name.get("male", 0.0) + pronouns.get("male", 0.0)
    female = name.get("female", 0.0) + pronouns.get("female", 0.0)
    if not (name.get("male") or name.get("female")):
        low, high = sorted((male, female))
        if high - low < 2.0 or high < 3 * low:
            return None
    if male - female >= 1.0:
        return "male"
    if female - male >= 1.0:
        return "female"
    return None
