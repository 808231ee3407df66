"""Entity type by vote: what the recogniser said, plus what the name and its sentences say.

The small statistical NER labels rare names at random (“Rarev” ORG, “Dobrynin” GPE). A
name's type is voted over all its mentions: each recognised mention gives one vote for its
label; a title, a known given name, a patronymic or a Slavic surname ending, being the subject
of a person verb or the possessor of a person noun vote for PER; being the object of a place
preposition votes for a place. A single word that is part of a person's full name is a person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..records import EntityType
from .forms import NameForm, female_surname, male_surname, patronymic_gender
from .lexicon import Title, lexicon
from .scan import NameMention

__all__ = ["TYPE_ORDER", "Votes", "decide_types", "vote"]

Votes = defaultdict[EntityType, float]
TYPE_ORDER: tuple[EntityType, ...] = ("PER", "ORG", "GPE", "LOC", "FAC", "VEH")
_PLACES: tuple[EntityType, ...] = ("GPE", "LOC", "FAC")
# ranks that English writes with “the” before a person's name (“the Emperor Napoleon”, “the
# Reverend Mr. Marsh”); any other title after “the” names a thing (“the Admiral Crane”, an
# inn; “the General Grant”, a ship)
_RANKS_WITH_THE = frozenset(
    {"reverend", "rev", "honourable", "honorable", "hon", "right", "venerable", "lady", "lord",
     "prince", "princess", "king", "queen", "emperor", "empress", "tsar", "czar", "tsarina",
     "czarina", "duke", "duchess", "archduke", "archduchess", "grand", "count", "countess",
     "earl", "marquis", "marquess", "marchioness", "baron", "baroness", "viscount",
     "viscountess", "pope", "cardinal", "sultan", "shah", "khan", "late", "young", "old",
     "elder", "younger", "abbe", "abbé", "infanta", "dauphin"}
)  # fmt: skip


def _title(form: NameForm) -> Title | None:
    """The first title when it is no honorific of address (“Admiral”, “Mother”; not “Mr.” or
    “the Widow”, which stay people's)."""
    title = lexicon().titles.get(form.titles[0]) if form.titles else None
    return title if title is not None and title.cls is None else None


def _thing_title(item: NameMention, form: NameForm) -> bool:
    """A title right after “the” that is no rank (“the Admiral Crane”): a thing's name."""
    title = _title(form)
    return title is not None and "after-the" in item.cues and title.word not in _RANKS_WITH_THE


def _titled_common_noun(form: NameForm) -> bool:
    """A title before a common noun of places (“Mother Church”, “Grand Isle”): no person."""
    title = _title(form)  # a title that takes surnames is left alone: “Captain Hall” is a man
    return (
        title is not None
        and not title.surname_only
        and len(form.keys) == 1
        and form.keys[0] in lexicon().place_words
    )


def _name_votes(keys: tuple[str, ...], initials: tuple[str, ...]) -> float:
    """PER votes from the words of a name. A bare ``-in`` ending is weak evidence (“Berlin”)."""
    lex = lexicon()
    votes = 0.0
    if keys and keys[0] in lex.given and (len(keys) > 1 or not initials):
        votes += 4.0  # outweighs the recogniser, which often calls a rare given name ORG
    if any(patronymic_gender(k) for k in keys[1:]):
        votes += 2.0
    if keys and female_surname(keys[-1]):
        votes += 1.2
    elif keys and male_surname(keys[-1]):
        votes += 0.5 if keys[-1].endswith(("in", "yn")) else 1.2
    return votes


def vote(
    mentions: Sequence[NameMention], forms: Sequence[NameForm], keys: tuple[str, ...]
) -> Votes:
    """Votes over the mentions of one name (see the module docstring): per mention, its NER
    label 1, a title 1.5 (for a thing after “the” when it is no rank, or before a place's
    common noun: “the Admiral Crane”, “Mother Church”), a person-verb subject 0.5 (1.5 more
    beside a quotation: a speech tag), direct address in a quotation 0.5, a person-noun
    possessor 1, a place
    preposition 0.5 (for the likeliest place type), “the” before it 0.5 (for the likeliest
    non-person type); the name's own words vote for PER in proportion to its mentions, unless
    the name is used mostly as a place."""
    votes: Votes = defaultdict(float)
    locative = article = 0.0
    for item, form in zip(mentions, forms, strict=True):
        if item.found == "ner":
            votes[item.mention.label] += 1.0
        if _titled_common_noun(form):
            votes["FAC"] += 4.0
        elif _thing_title(item, form):
            votes["FAC"] += 1.5
        elif form.titles:
            votes["PER"] += 1.5
        if "speaker" in item.cues:
            votes["PER"] += 0.5
        # only people speak in dialogue or are spoken to: outweighs a recogniser's ORG
        if "tag" in item.cues:
            votes["PER"] += 1.5
        if "vocative" in item.cues:
            votes["PER"] += 0.5  # less: an oath looks the same (“…, Morbleu!”)
        if "possessor" in item.cues:
            votes["PER"] += 1.0
        locative += 0.5 * ("locative" in item.cues)
        article += 0.5 * ("the" in item.cues)  # people's names seldom take the article
    place = max(_PLACES, key=lambda t: votes[t])
    other = max(("ORG", *_PLACES), key=lambda t: votes[t])
    votes[place] += locative
    votes[other] += article
    n = len(mentions)
    name = _name_votes(keys, forms[0].initials)
    if len(keys) > 1 and keys[-1] in lexicon().place_words:
        votes["FAC"] += 4.0 * max(1.0, n / 3)  # “Kellynch Hall”, “Baker Street”
    elif name and (locative + article) < 0.25 * n:
        votes["PER"] += name * max(1.0, n / 3)
    return votes


def _plus(a: Votes, b: Votes) -> Votes:
    total: Votes = defaultdict(float, a)
    for kind, value in b.items():
        total[kind] += value
    return total


def _winner(votes: Votes) -> EntityType:
    if not votes:
        return "PER"
    best = max(votes.values())
    for kind in TYPE_ORDER:
        if votes[kind] == best:
            return kind
    return "PER"


def decide_types(
    names: Sequence[NameMention], forms: Sequence[NameForm], keys: Sequence[tuple[str, ...]]
) -> dict[str, EntityType]:
    """Type of every canonical form key (initials and canonical words, as one string)."""
    by_key: dict[str, list[int]] = {}
    for i, form in enumerate(forms):
        by_key.setdefault(" ".join((*form.initials, *keys[i])), []).append(i)
    votes: dict[str, Votes] = {}
    for key, members in by_key.items():
        votes[key] = vote(
            [names[i] for i in members], [forms[i] for i in members], keys[members[0]]
        )
    types = {key: _winner(v) for key, v in votes.items()}
    # a word of a person's full name is a person when it stands alone (“Arkady” of “Arkady X”)
    person_words = {
        word for key, kind in types.items() if kind == "PER" and " " in key for word in key.split()
    }
    single_people = {key for key, kind in types.items() if kind == "PER" and " " not in key}
    # a word of a place's name is that place when it stands alone (“Kellynch” of “Kellynch
    # Hall”); an organisation lends nothing: the recogniser's ORG is too often a person
    place_words = {
        word: kind
        for key, kind in types.items()
        if kind in _PLACES and " " in key
        for word in key.split()[:-1]
    }
    position = {(m.doc, m.mention.start): i for i, m in enumerate(names)}
    for key, members in by_key.items():
        extra: Votes = defaultdict(float)
        if " " in key:  # “Mina Harker”: words that are people's names elsewhere
            known = sum(word in person_words or word in single_people for word in key.split())
            if known and types[key] != "PER":
                extra["PER"] += known * 1.0 * max(1.0, len(members) / 3)
                types[key] = _winner(_plus(votes[key], extra))
            continue
        if key in person_words:
            extra["PER"] += 2.0 * max(1.0, len(members) / 3)
        if key in place_words:
            extra[place_words[key]] += 2.0 * max(1.0, len(members) / 3)
        for i in members:  # a partner in “X and Y” lends its type
            for partner in names[i].partners:
                j = position.get(partner)
                if j is not None:
                    extra[types[" ".join((*forms[j].initials, *keys[j]))]] += 0.5
        if extra:
            types[key] = _winner(_plus(votes[key], extra))
    return types
