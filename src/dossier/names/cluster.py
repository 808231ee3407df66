"""Cluster name mentions into entities: spelling variants, then types, then people.

:func:`cluster_names` needs no parse — only the mentions with the context the scan gave them
— so the benchmark can run it on name lists alone. It

1. parses every name (:mod:`.forms`) and gathers statistics per name word;
2. finds spelling variants of name words (:mod:`.variants`) and rewrites every name in its
   canonical words (``Rarov`` → ``Zharov``);
3. votes each name's type (:mod:`.kinds`);
4. resolves people (:mod:`.people`); other names group by their canonical words.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..records import EntityType, Gender
from .forms import NameForm, female_surname, male_surname, parse_name, patronymic_gender
from .kinds import decide_types
from .lexicon import lexicon
from .people import Link, PersonMention, resolve_people
from .scan import NameMention
from .variants import Variant, WordStats, find_variants, settle_words

__all__ = ["Clustering", "Group", "cluster_names", "word_stats"]

_PLACES = frozenset({"GPE", "LOC", "FAC"})


@dataclass
class Group:
    """One entity: its members (indices into the names clustered) and why each joined."""

    type: EntityType
    members: list[int]
    links: dict[int, Link] = field(default_factory=dict)
    genders: dict[str, float] = field(default_factory=dict)
    label: str = ""


@dataclass
class Clustering:
    groups: list[Group]
    forms: list[NameForm]
    keys: list[tuple[str, ...]]  # canonical word keys of every name
    variants: dict[str, Variant]
    spellings: dict[str, str]  # word key -> its most frequent spelling


def _word_gender(key: str) -> str | None:
    lex = lexicon()
    if key in lex.given:
        return lex.given[key]
    if female_surname(key):
        return "female"
    if male_surname(key):
        return "male"
    return patronymic_gender(key)


def word_stats(names: Sequence[NameMention], forms: Sequence[NameForm]) -> list[WordStats]:
    """Statistics of every name word of people-like names (and of every single-word name)."""
    words: dict[str, WordStats] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    in_sentence: dict[int, set[str]] = defaultdict(set)
    cues: dict[str, Counter[str]] = defaultdict(Counter)
    for i, (item, form) in enumerate(zip(names, forms, strict=True)):
        if len(form.keys) != 1 and item.mention.label != "PER" and item.found == "ner":
            continue  # “Baker Street”, “Royal Navy”: not made of name words
        for key, spelling in zip(form.keys, form.words, strict=True):
            stats = words.get(key)
            if stats is None:
                stats = words[key] = WordStats(key, spelling, count=0, first=i)
            stats.count += 1
            if len(form.keys) >= 2 and not form.initials:
                stats.as_given += key == form.keys[0]
                stats.as_surname += key == form.keys[-1]
            elif form.surname_title or form.initials:
                stats.as_surname += 1
            stats.docs.add(item.doc)
            stats.sentences.add(item.sentence)
            spellings[key][spelling] += 1
            in_sentence[item.sentence].add(key)
            if len(form.keys) == 1 and item.found == "ner":
                labels[key][item.mention.label] += 1
            cues[key].update(item.cues)
    lex = lexicon()
    settle_words(words, spellings, in_sentence)
    for key, stats in words.items():
        gender = _word_gender(key)
        stats.gender = gender if gender in ("male", "female") else None  # type: ignore[assignment]
        votes = labels[key]
        total = sum(votes.values())
        places = sum(votes[t] for t in _PLACES)
        personal = cues[key]["speaker"] + cues[key]["possessor"]
        if key in lex.given or (votes["PER"] >= 2 and votes["PER"] >= 0.8 * total):
            stats.kind = "person"
        elif places >= 2 and places >= 0.8 * total and not personal:
            stats.kind = "place"
    return list(words.values())


def _display(form: NameForm, keys: tuple[str, ...], spellings: dict[str, str]) -> str:
    """The name as its canonical spellings write it, titles included: “Mr. Zharov”."""
    titles = [w for w in form.surface.split()[: len(form.titles)]]
    initials = [f"{c.upper()}." for c in form.initials]
    return " ".join((*titles, *initials, *(spellings.get(k, k) for k in keys)))


def _hints(
    names: Sequence[NameMention], people: Sequence[int], pronouns: Mapping[int, Sequence[str]]
) -> dict[int, Gender]:
    """The gender of the pronouns around each person mention that is alone in its sentence,
    when they all agree."""
    per_sentence = Counter(names[i].sentence for i in people)
    hints: dict[int, Gender] = {}
    for i in people:
        sentence = names[i].sentence
        if per_sentence[sentence] != 1:
            continue
        heard = list(pronouns.get(sentence, ()))
        if not per_sentence[sentence + 1]:
            heard.extend(pronouns.get(sentence + 1, ()))
        if heard and len(set(heard)) == 1:
            hints[i] = "male" if heard[0] == "male" else "female"
    return hints


def cluster_names(
    names: Sequence[NameMention], pronouns: Mapping[int, Sequence[str]] | None = None
) -> Clustering:
    """Entities of the given name mentions (see the module docstring). ``pronouns`` gives the
    genders of the third-person pronouns of each sentence, if known."""
    forms = [parse_name(item.mention.text) for item in names]
    stats = word_stats(names, forms)
    variants = find_variants(stats)
    spellings = {s.key: s.spelling for s in stats}
    keys = [tuple(variants[k].canonical if k in variants else k for k in f.keys) for f in forms]
    types = decide_types(names, forms, keys)
    form_key = [" ".join((*f.initials, *k)) for f, k in zip(forms, keys, strict=True)]

    people = [i for i in range(len(names)) if types[form_key[i]] == "PER"]
    hints = _hints(names, people, pronouns or {})
    items = [
        PersonMention(
            forms[i], keys[i], names[i].doc, names[i].sentence,
            (names[i].doc, names[i].mention.start), names[i].partners,
            _display(forms[i], keys[i], spellings), hints.get(i), "quoted" in names[i].cues,
        )
        for i in people
    ]  # fmt: skip
    persons, assigned, links = resolve_people(items)
    groups = [Group("PER", [], genders=p.genders, label=p.label) for p in persons]
    for j, i in enumerate(people):
        group = groups[assigned[j]]
        group.members.append(i)
        group.links[i] = links[j]

    others: dict[str, Group] = {}
    for i, key in enumerate(form_key):
        kind = types[key]
        if kind == "PER":
            continue
        if key not in others:
            others[key] = Group(kind, [], label=names[i].mention.text)
            link = Link("name of its own", 1.0, ("own name",))
        else:
            link = Link(f"same name as “{others[key].label}”", 1.0, ("same name",))
        others[key].members.append(i)
        others[key].links[i] = link
    found = [g for g in groups if g.members] + list(others.values())
    return Clustering(found, forms, keys, variants, spellings)
