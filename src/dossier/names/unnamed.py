"""People the book never names: described ones (“the porter”) and the first-person narrator.

Precision first. A description becomes an entity when

- it is a kinship noun with a named possessor (“Zotov’s two sons”, “Zotov’s aunt”), or the
  narrator's (“my uncle”, in a first-person book), and no
  other named person of that family could be the one meant (“X’s wife” when a feminine form
  of X's surname is a person of the book names her); or
- it is a near relative of “him” or “her” (“his mother”, “her sister”) who acts, where the
  book names no family that could hold them (one entity a chapter); or
- it is a role or person noun with an article (or the narrator's: “our master”) that acts:
  the subject of a verb said plainly, outside quotations and not coordinated (“The porter on
  the stairs came in”, “A guard … told me”).

A description in apposition with a name (“my good friend, Roger Fenn”) is that person's.

Within a chapter, “the porter” … “the porter” is one entity; an indefinite “a guard” starts
a new one, and so does a description its run's first one contradicts (“a young woman” … “the
old woman”). The narrator is one entity when the book speaks as “I” outside quotations
often enough; its mentions are those pronouns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..records import AliasEvidence, Gender, Mention
from .lexicon import lexicon
from .scan import BookScan, Description

__all__ = [
    "NARRATOR_MIN",
    "NARRATOR_RATE",
    "Unnamed",
    "contradicts",
    "describe_people",
    "narrator",
]

NARRATOR_MIN = 5
NARRATOR_RATE = 0.003  # first-person pronouns per token outside quotations
_DEFINITE = frozenset({"the", "this", "that"})
# Relatives who usually bear the possessor's surname (or its gendered form): when such a person
# is named in the book, “X's wife” is most likely her, not someone new.
_SAME_SURNAME = frozenset(
    {"wife", "husband", "spouse", "widow", "widower", "son", "daughter", "child", "brother",
     "sister", "mother", "father", "parent", "stepson", "stepdaughter"}
)  # fmt: skip
_INDEFINITE = frozenset({"a", "an"})
_PRONOUN_OWNERS = frozenset({"his", "her"})
_PAIRS = (("old", "young"), ("elder", "younger"), ("older", "younger"), ("tall", "short"),
          ("fat", "thin"), ("big", "little"), ("fair", "dark"), ("first", "second"),
          ("middle-aged", "young"), ("elderly", "young"))  # fmt: skip
_FIRST_OWNERS = frozenset({"my", "our"})
_NEEDS_OF = frozenset({"head"})
_HONORIFICS = frozenset({"master", "mistress"})  # titles of address, not of a role
NARRATOR_OWNER = -1  # the possessor of “my …” in a first-person book


@dataclass(frozen=True, slots=True)
class Unnamed:
    """An entity to be: its name, mentions and the reason it exists."""

    name: str
    gender: Gender | None
    mentions: tuple[Mention, ...]
    evidence: AliasEvidence
    narrator: bool = False
    sentences: tuple[int, ...] = ()  # book-wide sentences of its mentions outside quotations


def _name(text: str) -> str:
    first, _, rest = text.partition(" ")
    if rest and first.lower() in _DEFINITE | _INDEFINITE | _PRONOUN_OWNERS | _FIRST_OWNERS:
        return f"{first.lower()} {rest}"
    return text


def contradicts(first: str, other: str) -> bool:
    """Whether two descriptions with one head noun cannot be one person: “the old woman” is
    not “a young woman”."""
    one = {w.strip(",").lower() for w in first.split()}
    two = {w.strip(",").lower() for w in other.split()}
    return any((a in one and b in two) or (b in one and a in two) for a, b in _PAIRS)


def _family_named(
    item: Description, owner: int, surnames: Mapping[int, tuple[str, Gender | None]]
) -> bool:
    """Whether someone named shares the possessor's surname (or its gendered form) and could be
    the relative meant: then the description is not a new person."""
    own = surnames.get(owner)
    head = item.lemma.split(" of ")[0]
    if own is None or head not in _SAME_SURNAME:
        return False
    stem = own[0].rstrip("a")
    wanted = lexicon().person_nouns[head][0]
    for other, (surname, gender) in surnames.items():
        if other == owner or surname.rstrip("a") != stem:
            continue
        if wanted is None or gender is None or gender == wanted:
            return True
    return False


def _families(
    owner_of: Mapping[tuple[int, int], int], surnames: Mapping[int, tuple[str, Gender | None]]
) -> list[tuple[tuple[int, int], Gender | None, Gender | None]]:
    """Families the book names: for two people who share a surname (or its gendered form),
    from where the first of them is named, and their genders (“Mr. Hale” and “Mrs. Hale”)."""
    first: dict[int, tuple[int, int]] = {}
    for place, index in sorted(owner_of.items()):
        first.setdefault(index, place)
    by_stem: dict[str, list[int]] = {}
    for index, (surname, _) in surnames.items():
        if index in first:
            by_stem.setdefault(surname.rstrip("a"), []).append(index)
    found = []
    for members in by_stem.values():
        for a in members:
            for b in members[:8]:  # a few members are enough to tell a family
                if a != b:
                    found.append((min(first[a], first[b]), surnames[a][1], surnames[b][1]))
    return found


def _family_in_view(
    item: Description, families: Sequence[tuple[tuple[int, int], Gender | None, Gender | None]]
) -> bool:
    """Whether a family named before “his wife”, “her mother” could hold the relative meant:
    one of its members of the relative's gender (the possessor may go by a given name)."""
    wanted = lexicon().person_nouns[item.lemma][0]
    place = (item.doc, item.mention.start)
    return any(
        named <= place and (wanted is None or gender in (None, wanted))
        for named, _, gender in families
    )


def _titled(item: Description, titled: Mapping[str, Mapping[int, set[int]]]) -> int | None:
    """The one person who bears this role noun as a title (“the commissar” of “Commissar
    Zharov”), in this chapter or else in the book."""
    if item.lemma in _HONORIFICS:
        return None  # “Master Roger Fenn” is no one's master
    bearers = titled.get(item.lemma)
    if not bearers:
        return None
    local = [p for p, docs in bearers.items() if item.doc in docs]
    pool = local or list(bearers)
    return pool[0] if len(pool) == 1 else None


def describe_people(
    scan: BookScan,
    owner_of: Mapping[tuple[int, int], int],
    surnames: Mapping[int, tuple[str, Gender | None]],
    titled: Mapping[str, Mapping[int, set[int]]],
    has_narrator: bool = False,
) -> tuple[list[Unnamed], dict[int, list[Mention]]]:
    """Described people (see the module docstring), and descriptions of named people.

    ``owner_of`` maps a name mention's ``(doc, start)`` to its person; ``surnames`` gives each
    person's surname key and gender; ``titled`` maps a title to the persons bearing it (and the
    chapters they appear in): “the commissar” is the one commissar named, not someone new.
    With ``has_narrator``, “my mother” is the narrator's relative, one person book-wide.
    """
    nouns = lexicon().person_nouns
    families = _families(owner_of, surnames)
    runs: dict[tuple[object, ...], list[list[Description]]] = {}
    attached: dict[int, list[Mention]] = {}
    for item in scan.descriptions:
        if item.quoted:
            continue
        head = item.lemma.split(" of ")[0]
        kind = nouns[head][1]
        if head in _NEEDS_OF and " of " not in item.lemma:
            continue  # “a head” is more often a body part than a chief
        named = owner_of.get(item.appositive) if item.appositive else None
        if named is not None and not item.plural:
            attached.setdefault(named, []).append(item.mention)  # “my friend, Roger Fenn”
            continue
        role = kind == "role" and item.determiner in _DEFINITE
        bearer = _titled(item, titled) if role else None
        if bearer is not None and not item.plural:
            attached.setdefault(bearer, []).append(item.mention)
            continue
        if kind == "kin":
            owner = owner_of.get(item.possessor) if item.possessor else None
            pronoun = item.mention.text.split(" ", 1)[0].lower()
            if owner is None and has_narrator and pronoun == "my":
                owner = NARRATOR_OWNER  # “my mother”: the narrator's, all through the book
            elif owner is None and pronoun in _PRONOUN_OWNERS and not item.plural:
                if head not in _SAME_SURNAME or _family_in_view(item, families):
                    continue  # “his wife” may well be the Mrs. X the book names; a cousin
                    # or an uncle is most often a named character
                key: tuple[object, ...] = (item.doc, "kin of", pronoun, item.lemma)
                runs.setdefault(key, [[]])[0].append(item)
                continue
            elif owner is None or _family_named(item, owner, surnames):
                continue
            chapter = -1 if owner == NARRATOR_OWNER else item.doc
            key = (chapter, "kin", owner, item.lemma, item.plural)
        else:
            # “our master”, “my guide” in a first-person book: as definite as “the master”
            mine = has_narrator and item.mention.text.split(" ", 1)[0].lower() in _FIRST_OWNERS
            if item.plural or (item.determiner not in _DEFINITE | _INDEFINITE and not mine):
                continue
            key = (item.doc, "role", item.lemma)
        chain = runs.setdefault(key, [])
        if (
            not chain
            or (item.determiner in _INDEFINITE and kind != "kin")
            or contradicts(chain[-1][0].mention.text, item.mention.text)
        ):
            chain.append([])
        chain[-1].append(item)
    found: list[Unnamed] = []
    for key, chain in runs.items():
        for run in chain:
            actor = next((d for d in run if d.acts and not d.coordinated), None)
            if key[1] != "kin" and actor is None:
                continue  # a relative of someone unnamed (“his mother”) must act too
            first = run[0]
            gender = nouns[first.lemma.split(" of ")[0]][0]
            name = _name(first.mention.text)
            if key[2] == NARRATOR_OWNER or name.startswith("my "):
                name = f"the narrator’s {name.partition(' ')[2]}"  # not “my mother”
            why = {
                "kin": "unnamed relative of a named person",
                "kin of": "unnamed relative who acts in the text",
            }.get(str(key[1]), "unnamed person who acts in the text")
            found.append(
                Unnamed(
                    name,
                    gender,
                    tuple(d.mention for d in run),
                    AliasEvidence(name, why, 0.8, ("description",)),
                    sentences=tuple(d.sentence for d in run),
                )
            )
    return found, attached


def narrator(scan: BookScan) -> Unnamed | None:
    """The first-person narrator, when the book says “I” often enough outside quotations."""
    mentions: Sequence[Mention] = scan.first_person
    if len(mentions) < max(NARRATOR_MIN, NARRATOR_RATE * scan.tokens):
        return None
    why = f"speaks as “I” outside quotations ({len(mentions)} times)"
    return Unnamed(
        "the narrator",
        None,
        tuple(mentions),
        AliasEvidence("the narrator", why, 1.0, ("first person",)),
        narrator=True,
    )
