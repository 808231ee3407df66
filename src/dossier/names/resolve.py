"""Stage 4 entry point: the whole book's mentions → entities, each merge explained.

scan the book → accept names → cluster (variants, types, people) → gender, canonical
name, evidence → unnamed people and the narrator → readable ids
"""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from ..edition import plausible_respelling, respell
from ..nlp import Parsed
from ..records import AliasEvidence, Entity, Gender, Mention
from .accept import accept_names
from .addressed import narrator_names
from .cluster import Clustering, Group, cluster_names
from .forms import parse_name, strip_possessive
from .gender import decide_gender, pronoun_votes
from .lexicon import lexicon
from .people import Link
from .scan import BookScan, NameMention, scan_book
from .tagged import tagged_speakers
from .unnamed import Unnamed, describe_people, narrator

__all__ = ["entity_id", "resolve_entities"]

_log = logging.getLogger(__name__)


def entity_id(name: str, taken: set[str]) -> str:
    """A readable id from ``name`` (``arkady-zotov``), unique within ``taken`` (updated)."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c) and c not in "’'")
    base = re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "entity"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _canonical(group: Group, names: Sequence[NameMention], clustering: Clustering) -> str:
    """The most complete frequent form, written as the book writes it most; never a variant."""
    forms = clustering.forms
    by_key: dict[tuple[str, ...], list[int]] = {}
    for i in group.members:
        by_key.setdefault((*forms[i].initials, *clustering.keys[i]), []).append(i)
    top = max(len(m) for m in by_key.values())

    def rank(key: tuple[str, ...]) -> tuple[int, ...]:
        members = by_key[key]
        clean = sum(forms[i].keys == clustering.keys[i] for i in members)
        count = len(members)
        frequent = count >= 3 or count >= 0.2 * top
        return (clean > 0, frequent, min(len(key), 3), len(members), -members[0])

    best = max(by_key, key=rank)
    members = by_key[best]
    surfaces = Counter(strip_possessive(names[i].mention.text) for i in members)
    clean = [s for s in surfaces if tuple(parse_name(s).keys) == clustering.keys[members[0]]]
    pool = clean or list(surfaces)
    if group.type == "PER" and len(best) == 1 and group.label and parse_name(group.label).titles:
        titled = [s for s in pool if parse_name(s).title_gender]
        if titled:  # “Mr. Hale” and “Mrs. Hale” keep the title that tells them apart
            pool = titled
    # as the book writes it most: “Mr. Collins”, “Dobrynin”; a tie goes to the untitled form
    return max(pool, key=lambda s: (surfaces[s], not parse_name(s).titles, len(s)))


def _respelled(alias: str, clustering: Clustering, used: set[str]) -> str | None:
    """``alias`` with each name word written as the book writes its canonical word (a spelling
    variant's head, or the same word's most frequent spelling), where the entity itself
    writes it so (``used``: its casefolded words): “Comrade Rarov” → “Comrade Zharov”. Word
    for word, so a surname alone stays a surname. None when nothing changes."""
    form = parse_name(alias)
    words: dict[str, str] = {}
    places = lexicon().place_words  # “Court”, “Street”: a common noun in a name, not misspelt
    for word, key in zip(form.words, form.keys, strict=True):
        if word.casefold() in places:
            continue
        variant = clustering.variants.get(key)
        spelling = clustering.spellings.get(variant.canonical if variant else key)
        features = variant.features if variant else None
        if spelling and plausible_respelling(word, spelling, used, features):
            words[word] = spelling
    return respell(alias, words) if words else None


def _evidence(
    group: Group, names: Sequence[NameMention], clustering: Clustering, canonical: str
) -> tuple[tuple[str, ...], tuple[AliasEvidence, ...]]:
    counts = Counter(strip_possessive(names[i].mention.text) for i in group.members)
    aliases = sorted(counts, key=lambda a: (-counts[a], a))
    first: dict[str, int] = {}
    for i in group.members:
        first.setdefault(strip_possessive(names[i].mention.text), i)
    evidence: list[AliasEvidence] = []
    used = {w.casefold() for i in group.members for w in clustering.forms[i].words}
    for alias in aliases:
        i = first[alias]
        link = group.links.get(i, Link(""))
        corrected = _respelled(alias, clustering, used)
        if alias == canonical:
            reason = f"canonical name: the most complete frequent form ({counts[alias]}×)"
            evidence.append(AliasEvidence(alias, reason, 1.0, ("canonical",), corrected))
            continue
        reason, score, features = link.reason, link.score, list(link.features)
        for key in clustering.forms[i].keys:
            variant = clustering.variants.get(key)
            if variant is None:
                continue
            via = clustering.spellings.get(variant.via, variant.via)
            head = clustering.spellings.get(variant.canonical, variant.canonical)
            spelled = f"“{via}”" + (f" (so “{head}”)" if variant.via != variant.canonical else "")
            plain_link = link.features in (("own name",), ("same name",))
            reason = f"spelling variant of {spelled}: {', '.join(variant.features)}" + (
                "" if plain_link else f"; {reason}"
            )
            score = min(score, variant.score)
            features = ["spelling variant", *variant.features, *features]
        evidence.append(AliasEvidence(alias, reason, round(score, 3), tuple(features), corrected))
    return tuple(aliases), tuple(evidence)


def _named_entities(
    scan: BookScan, names: Sequence[NameMention], clustering: Clustering
) -> list[tuple[Entity, Group]]:
    people = [g for g in clustering.groups if g.type == "PER"]
    sentences = [[names[i].sentence for i in g.members if not names[i].cues & {"quoted"}]
                 for g in people]  # fmt: skip
    heard = iter(pronoun_votes(sentences, scan.pronouns))
    built: list[tuple[Entity, Group]] = []
    for group in clustering.groups:
        canonical = _canonical(group, names, clustering)
        aliases, evidence = _evidence(group, names, clustering, canonical)
        gender = decide_gender(group.genders, next(heard)) if group.type == "PER" else None
        mentions = tuple(
            dataclasses.replace(names[i].mention, label=group.type)
            for i in sorted(group.members, key=lambda i: (names[i].doc, names[i].mention.start))
        )
        entity = Entity("", canonical, group.type, gender, aliases=aliases, mentions=mentions,
                        evidence=evidence)  # fmt: skip
        built.append((entity, group))
    return built


def _unnamed_entities(
    parsed: Sequence[Parsed],
    scan: BookScan,
    names: Sequence[NameMention],
    built: list[tuple[Entity, Group]],
) -> list[Entity]:
    """Described people and the narrator; descriptions of named people join those (``built``
    is updated in place)."""
    order = scan.documents
    owner_of: dict[tuple[int, int], int] = {}
    surnames = {}
    titled: dict[str, dict[int, set[int]]] = {}
    for index, (entity, group) in enumerate(built):
        if entity.type != "PER":
            continue
        for i in group.members:
            owner_of[(names[i].doc, names[i].mention.start)] = index
        for i in group.members:
            for title in parse_name(names[i].mention.text).titles:
                titled.setdefault(title, {}).setdefault(index, set()).add(names[i].doc)
        for bearers in titled.values():
            if index in bearers:
                bearers[index].update(names[i].doc for i in group.members)
        keys = parse_name(entity.name).keys
        if keys:
            surnames[index] = (keys[-1], entity.gender)
    speaker = narrator(scan)
    found, attached = describe_people(scan, owner_of, surnames, titled, speaker is not None)
    for index, extra in attached.items():
        entity, group = built[index]
        mentions = tuple(sorted((*entity.mentions, *extra), key=lambda m: (order[m.doc], m.start)))
        built[index] = (dataclasses.replace(entity, mentions=mentions), group)
    found += _speakers(parsed, built, found)
    found = _pronoun_genders(scan, names, built, found)
    if speaker is not None:
        found.append(speaker)
    return [_from_unnamed(u) for u in found]


def _speakers(
    parsed: Sequence[Parsed], built: Sequence[tuple[Entity, Group]], found: Sequence[Unnamed]
) -> list[Unnamed]:
    """Described people who speak in a speech tag and are nobody's mention yet."""
    covered: dict[str, list[tuple[int, int]]] = {}
    known: set[str] = set()
    for entity, _ in built:
        if entity.type == "PER":
            for alias in (entity.name, *entity.aliases):
                known.update(w.lower() for w in alias.split())
    everyone = [m for e, _ in built for m in e.mentions] + [m for u in found for m in u.mentions]
    for mention in everyone:
        covered.setdefault(mention.doc, []).append((mention.start, mention.end))
    for spans in covered.values():
        spans.sort()
    genders: dict[str, list[tuple[int, Gender | None]]] = {}
    for entity, _ in built:
        if entity.type == "PER":
            for mention in entity.mentions:
                genders.setdefault(mention.doc, []).append((mention.start, entity.gender))
    for unnamed in found:
        for mention in unnamed.mentions:
            genders.setdefault(mention.doc, []).append((mention.start, unnamed.gender))
    for people in genders.values():
        people.sort(key=lambda item: item[0])
    return tagged_speakers(parsed, covered, frozenset(known), genders)


def _pronoun_genders(
    scan: BookScan,
    names: Sequence[NameMention],
    built: Sequence[tuple[Entity, Group]],
    found: list[Unnamed],
) -> list[Unnamed]:
    """A described person whose noun tells no gender (“the stranger”) takes the gender of
    the pronouns that follow it where nobody else is named (“The stranger came in. He…”)."""
    if all(u.gender is not None for u in found):
        return found
    named = [
        [names[i].sentence for i in group.members if "quoted" not in names[i].cues]
        for entity, group in built
        if entity.type == "PER"
    ]
    heard = pronoun_votes([*named, *(u.sentences for u in found)], scan.pronouns)[len(named) :]
    return [
        u if u.gender is not None else dataclasses.replace(u, gender=decide_gender({}, votes))
        for u, votes in zip(found, heard, strict=True)
    ]


def _from_unnamed(item: Unnamed) -> Entity:
    return Entity(
        "",
        item.name,
        "PER",
        item.gender,
        narrator=item.narrator,
        description=not item.narrator,
        aliases=() if item.narrator else (item.name,),
        mentions=item.mentions,
        evidence=(item.evidence,),
    )


def _called_narrator(
    parsed: Sequence[Parsed],
    names: Sequence[NameMention],
    built: Sequence[tuple[Entity, Group]],
    unnamed: list[Entity],
    order: dict[str, int],
) -> tuple[list[Entity], list[Entity]]:
    """The name the others call the narrator by (:mod:`.addressed`) merged into the narrator."""
    named = [entity for entity, _ in built]
    at = next((i for i, e in enumerate(unnamed) if e.narrator), None)
    people = [i for i, (entity, _) in enumerate(built) if entity.type == "PER"]
    if at is None or not people:
        return named, unnamed
    texts = {p.document.id: p.document.text for p in parsed}
    groups = [[names[i] for i in built[k][1].members] for k in people]
    chosen = narrator_names(groups, texts)
    if chosen is None:
        return named, unnamed
    called = named.pop(people[chosen])
    _log.debug("narrator called %s (%d mentions)", called.name, len(called.mentions))
    speaker = unnamed[at]
    mentions = tuple(sorted((*speaker.mentions, *called.mentions),
                            key=lambda m: (order.get(m.doc, 0), m.start)))  # fmt: skip
    why = "the others call the narrator so: only inside quotations, in direct address"
    evidence = tuple(
        AliasEvidence(e.alias, why, 0.8, ("addressed narrator",), e.corrected)
        for e in called.evidence
    )
    unnamed[at] = dataclasses.replace(
        speaker,
        gender=speaker.gender or called.gender,
        aliases=called.aliases,
        mentions=mentions,
        evidence=(*speaker.evidence, *evidence),
    )
    return named, unnamed


def resolve_entities(parsed: Sequence[Parsed], mentions: Sequence[Mention]) -> list[Entity]:
    """Every person, place and organisation of the book, with all its mentions and spellings."""
    scan = scan_book(parsed, mentions)
    names = accept_names(scan)
    clustering = cluster_names(names, scan.pronouns)
    built = _named_entities(scan, names, clustering)
    unnamed = _unnamed_entities(parsed, scan, names, built)
    order = scan.documents
    named, unnamed = _called_narrator(parsed, names, built, unnamed, order)
    entities = named + unnamed

    def first(entity: Entity) -> tuple[int, int, int]:
        if not entity.mentions:
            return (len(order), 0, 0)
        m = entity.mentions[0]
        return (order.get(m.doc, 0), m.start, -len(entity.mentions))

    entities.sort(key=first)
    taken: set[str] = set()
    return [dataclasses.replace(e, id=entity_id(e.name, taken)) for e in entities]
