"""People: full names found persons; titled and bare short names join one by the book's context.

1. **Full names** (“Arkady Zotov”, “K. P. Dobrynin”, “Arkady Petrovich”) found persons. A full
   name joins a person when every part agrees: the surname, the given name (or its diminutive,
   or its initial), the patronymic, the title's gender and class. Two given names with one
   surname are two people (brothers, spouses); “Mrs. John X” is not John X.
2. **Titled single names** (“Mr. Darcy”, “Mrs. Bennet”, “Lady Catherine”) join the one person
   whose name, gender and title class agree (a person who bears the same title first); “Mrs.”
   needs a person named with “Mrs.”; with none, they found a person of their own, so “Mr. X”
   and “Mrs. X” stay two people.
3. **Bare names** (“Arkady”, “Zotov”) join the person they name; when several share it, the
   one of this chapter mentioned nearest before (weighted by how often each is named, and by
   the gender of the pronouns around), else the most recent one. A bare name is never a person
   it shares a sentence with under another name (“Lebedev and Sokolov”, “Kitty … Lady Catherine”).
"""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Gender
from .forms import NameForm
from .lexicon import lexicon
from .person import Person, Roles, compatible, names_by, roles

__all__ = ["Link", "PersonMention", "resolve_people"]


_MINOR = 5  # a person named fewer times is a minor one


@dataclass(frozen=True, slots=True)
class Link:
    """Why a mention belongs to its person."""

    reason: str
    score: float = 1.0
    features: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonMention:
    form: NameForm
    keys: tuple[str, ...]  # canonical name-word keys
    doc: int
    sentence: int
    uid: tuple[int, int]
    partners: tuple[tuple[int, int], ...] = ()
    label: str = ""  # the name in canonical spellings, for evidence
    hint: Gender | None = None  # the gender of the pronouns around it, when they agree
    quoted: bool = False  # inside a quotation: characters call people otherwise than narrators


class _People:
    def __init__(self, items: Sequence[PersonMention]) -> None:
        self.items = items
        self.persons: list[Person] = []
        self.by_word: dict[str, list[int]] = {}
        self.assigned: list[int] = [-1] * len(items)
        self.links: list[Link] = [Link("")] * len(items)
        self.uid = {item.uid: i for i, item in enumerate(items)}
        self.in_sentence: dict[int, list[int]] = defaultdict(list)
        self.bare_sentences: dict[str, set[tuple[int, bool]]] = defaultdict(set)
        for i, item in enumerate(items):
            self.in_sentence[item.sentence].append(i)
            if len(item.keys) == 1 and not item.form.initials:
                self.bare_sentences[item.keys[0]].add((item.sentence, item.quoted))
        self.apart: dict[tuple[str, tuple[str, ...]], set[int]] = {}
        self.sisters: dict[tuple[str, tuple[str, ...], int], bool] = {}
        self.titled_sentences: dict[tuple[str, tuple[str, ...]], set[int]] = defaultdict(set)
        for item in items:
            if len(item.keys) == 1 and not item.form.initials and not item.quoted:
                self.titled_sentences[(item.keys[0], item.form.titles)].add(item.sentence)
        # how often each titled name is written: “Mr. Knightley” 300, “Mr. John Knightley” 30
        self.title_counts = Counter(
            (item.keys if len(item.keys) > 1 else item.keys[0], item.form.titles)
            for item in items
            if item.keys and item.form.titles and not item.form.initials
        )

    def found(self, item: PersonMention, r: Roles) -> int:
        person = Person(r, item.label)
        person.add_evidence(item.form, r)
        self.persons.append(person)
        index = len(self.persons) - 1
        for word in (r.surname, r.given, r.patronymic):
            if word:
                self.by_word.setdefault(word, []).append(index)
        return index

    def join(self, i: int, person: int, link: Link) -> None:
        self.assigned[i] = person
        self.links[i] = link
        target = self.persons[person]
        target.members.append(i)
        item = self.items[i]
        if target.roles.given and target.roles.given in item.keys:
            if item.form.titles:
                target.titled_given += 1
            else:
                target.plain_given += 1
        for sentences in (target.sentences.setdefault(item.doc, []), target.order):
            if not sentences or sentences[-1] <= item.sentence:
                sentences.append(item.sentence)
            else:
                insort(sentences, item.sentence)

    def plausible(self, person: int, word: str, sentence: int) -> bool:
        target = self.persons[person]
        if target.roles.surname == word or len(target.members) >= _MINOR:
            return True
        return target.near(sentence)

    def candidates(self, word: str) -> list[int]:
        """Persons a word may name: by the word itself or a related given name (“Lizzy” and
        “Elizabeth” either way round)."""
        found = dict.fromkeys(self.by_word.get(word, []))
        for related in lexicon().related_names(word) - {word}:
            found.update(dict.fromkeys(self.by_word.get(related, [])))
        return list(found)

    def kept_apart(self, word: str, titles: tuple[str, ...]) -> set[int]:
        """Persons a sentence names beside ``word`` in a way that makes them someone else:
        by another spelling of the same name in narration (“Kitty … Lady Catherine”: a
        narrator does not respell one person within a sentence), or, for a titled name, by a
        fuller form with the same title written often (“Mr. Knightley … Mr. John Knightley”).
        Cached; asked once every full name has its person."""
        if (word, titles) not in self.apart:
            lex = lexicon()
            names = lex.full_names(word)
            apart: set[int] = set()
            for sentence, quoted in self.bare_sentences[word]:
                for j in self.in_sentence[sentence]:
                    if self.assigned[j] < 0:
                        continue
                    item = self.items[j]
                    respelled = word not in item.keys and any(
                        k != word and lex.full_names(k) & names for k in item.keys
                    )
                    # “Mr. John Knightley” beside “Mr. Knightley”, not “Sir William Lucas”
                    # beside “Sir William”
                    fuller = bool(titles) and item.form.titles == titles
                    fuller = fuller and len(item.keys) > 1 and item.keys[-1] == word
                    fuller = fuller and self.title_counts[(item.keys, titles)] >= 3
                    if (respelled and not (item.quoted or quoted)) or fuller:
                        apart.add(self.assigned[j])
            self.apart[(word, titles)] = apart
        return self.apart[(word, titles)]

    def beside_given(self, word: str, titles: tuple[str, ...], person: int) -> bool:
        """Whether narration sentences (two or more) name the surname ``word``, with these
        titles, beside the person's given name alone (“Miss Agatha … her sister, Miss
        Thorne”): a narrator does not call one person two ways in a sentence, so the
        surname there names a sister, a parent, a spouse. Cached."""
        target = self.persons[person]
        given = target.roles.given
        if not given or target.roles.surname != word:
            return False
        lex = lexicon()
        if not lex.is_given(given) or lex.is_given(word):
            return False  # a name read in the wrong order (“Ashburnham Leonora”)
        key = (word, titles, person)
        if key not in self.sisters:
            together = {
                sentence
                for sentence in self.titled_sentences[(word, titles)]
                if any(
                    self.items[j].keys == (given,) and not self.items[j].quoted
                    for j in self.in_sentence[sentence]
                )
            }
            self.sisters[key] = len(together) >= 2  # once may be a slip
        return self.sisters[key]


def _full_names(people: _People, groups: dict[tuple[str | None, ...], list[int]]) -> None:
    items = people.items
    order = sorted(groups, key=lambda k: (-len(k), -len(groups[k]), groups[k][0]))
    for key in order:
        members = groups[key]
        first = items[members[0]]
        r = roles(first.keys, first.form.initials)
        pool = people.candidates(r.surname or r.given or "")
        fits = [p for p in pool if compatible(people.persons[p], r, first.form)]
        exact = [p for p in fits if people.persons[p].roles == r]
        chosen = exact[0] if exact else fits[0] if len(fits) == 1 else None
        if chosen is None:
            chosen = people.found(first, r)
            link = Link("full name", 1.0, ("full name",))
        else:
            person = people.persons[chosen]
            person.add_evidence(first.form, r)
            features = ["same name" if exact else "token subset"]
            if r.initials:
                features.append("initials agree")
            if r.given and person.roles.given and r.given != person.roles.given:
                features.append("diminutive")
            link = Link(f"full name agreeing with “{person.label}”", 0.95, tuple(features))
        for i in members:
            people.join(i, chosen, link)


def _distance(people: _People, person: int, doc: int, sentence: int) -> float:
    """Sentences to the person's nearest mention in the chapter; a reader resolves a bare name
    by what came before it, so a mention that follows counts three times as far. A person named
    often is the likelier referent: the distance shrinks with the log of its mentions."""
    target = people.persons[person]
    sentences = target.sentences.get(doc)
    if not sentences:
        return math.inf
    at = bisect_left(sentences, sentence + 1)
    near = []
    if at > 0:
        near.append(sentence - sentences[at - 1])
    if at < len(sentences):
        near.append(3 * (sentences[at] - sentence) + 1)
    return (min(near) + 1) / (1 + math.log1p(len(target.members)))


def _choose(people: _People, pool: list[int], item: PersonMention) -> tuple[int, Link]:
    """The person a short name shared by several means at this point of the book."""
    names = " or ".join(f"“{people.persons[p].label}”" for p in pool[:3])
    features: list[str] = []
    if item.hint:
        agreeing = [p for p in pool if people.persons[p].gender == item.hint]
        if agreeing and len(agreeing) < len(pool):
            pool = agreeing
            features.append("pronoun gender")
    local = [p for p in pool if item.doc in people.persons[p].sentences]
    if local:
        best = min(local, key=lambda p: (_distance(people, p, item.doc, item.sentence), p))
        why = f"shared by {names}: the one of this chapter nearest before it"
        return best, Link(why, 0.75, ("chapter context", "recency", *features))
    earlier = [
        (max(docs), len(people.persons[p].members), p)
        for p in pool
        if (docs := [d for d in people.persons[p].sentences if d < item.doc])
    ]
    best = max(earlier)[2] if earlier else pool[0]
    return best, Link(f"shared by {names}: the most recent one", 0.6, ("recency", *features))


def _short_names(people: _People, singles: list[int]) -> None:
    """Titled and bare single names, after every full name has found its person."""
    items = people.items
    own: dict[tuple[str, str | None, str | None], int] = {}
    for i in singles:
        item = items[i]
        word, form = item.keys[0], item.form
        pool = [p for p in people.candidates(word) if names_by(people.persons[p], word, form)]
        # a given name is shared by many minor people: one named once or twice is meant only
        # nearby (“Mary” is not the Lady Mary X of a family tree two hundred pages back)
        pool = [p for p in pool if people.plausible(p, word, item.sentence)]
        partners = {  # “Lebedev and Sokolov”, not “Mr. Darcy, and Mr. Darcy only”
            people.assigned[people.uid[u]]
            for u in item.partners
            if u in people.uid and items[people.uid[u]].keys != item.keys
        }
        pool = [p for p in pool if p not in partners]
        apart = people.kept_apart(word, form.titles)
        pool = [p for p in pool if not people.beside_given(word, form.titles, p)]
        if form.titles:  # a frequent “Mr. X” beside a rarer “Mr. John X”: two brothers
            often = people.title_counts[(word, form.titles)]
            pool = [p for p in pool if p not in apart or often < 3 * len(people.persons[p].members)]
        else:
            pool = [p for p in pool if p not in apart]
        if form.titles:
            same = [p for p in pool if set(form.titles) & people.persons[p].titles]
            pool = same or pool
        titled = form.title_gender or form.title_class
        if not pool:
            key = (word, form.title_class, form.title_gender) if titled else (word, None, None)
            if key not in own:
                given = lexicon().is_given(word) and not form.surname_title
                roles = Roles(given=word) if given else Roles(surname=word)
                own[key] = people.found(item, roles)
                link = Link("name of its own", 1.0, ("own name",))
            else:
                link = Link(f"same name as “{people.persons[own[key]].label}”", 1.0, ("same name",))
            people.join(i, own[key], link)
            continue
        if len(pool) == 1:
            person = people.persons[pool[0]]
            role = "surname" if person.roles.surname == word else "given name"
            how = "title and " + role if form.titles else role
            people.join(i, pool[0], Link(f"{how} of “{person.label}”", 0.9, ("token subset",)))
            continue
        chosen, link = _choose(people, pool, item)
        people.join(i, chosen, link)


def resolve_people(items: Sequence[PersonMention]) -> tuple[list[Person], list[int], list[Link]]:
    """Persons, the person of every item (by index), and why it belongs there."""
    people = _People(items)
    full: dict[tuple[str | None, ...], list[int]] = {}
    singles: list[int] = []
    for i, item in enumerate(items):
        form = item.form
        if len(item.keys) >= 2 or item.form.initials:
            key = (form.title_class, form.title_gender, *form.initials, "|", *item.keys)
            full.setdefault(key, []).append(i)
        elif item.keys:
            singles.append(i)
    _full_names(people, full)
    # titled names first, so that a bare name can choose among “Mr. X” and “Mrs. X”
    singles.sort(key=lambda i: (not items[i].form.titles, i))
    _short_names(people, singles)
    return people.persons, people.assigned, people.links
