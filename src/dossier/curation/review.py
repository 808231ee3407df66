"""What an editor should look at first: the clusters riskiest first, and where the text is
inconsistent chapter by chapter.

A cluster is risky when an alias joined it on weak evidence (a low score), when it looks like a
spelling variant of another entity that the names stage kept apart (scored with the names
package's own variant features, :func:`~dossier.names.variants.score_pair`), or when its name
is also the name of an entity of another type (“Kirov” the man and “Kirov” the city).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..names.forms import (
    female_surname,
    male_surname,
    normalise_name,
    parse_name,
    patronymic_gender,
    strip_possessive,
)
from ..names.lexicon import lexicon
from ..names.variants import (
    WordStats,
    candidate_pairs,
    gendered_pair,
    score_pair,
    settle_words,
)
from ..records import Analysis, Entity, Mention

__all__ = [
    "LOW_CONFIDENCE",
    "SIMILAR",
    "AliasUse",
    "ChapterUsage",
    "ClusterReview",
    "NameUsage",
    "Suspect",
    "consistency",
    "review_clusters",
    "variant_aliases",
]

# An alias that joined with a score below this is a low-confidence merge.
LOW_CONFIDENCE = 0.8
# Two entities whose name words score at least this (the names stage merges at 0.7) look alike.
SIMILAR = 0.4
_TYPE_FLIP_RISK = 0.6


@dataclass(frozen=True, slots=True)
class AliasUse:
    """One spelling of an entity: how often and where it occurs, and why it joined."""

    alias: str
    count: int
    chapters: tuple[str, ...]  # document ids, in book order
    reason: str
    score: float
    features: tuple[str, ...]
    variant: bool  # a spelling variant (or a name the editor merged), not a short form


@dataclass(frozen=True, slots=True)
class Suspect:
    """Another entity this one may be: their closest name words and how they score."""

    entity: str
    name: str
    score: float
    words: tuple[str, str]  # (this entity's word, the other's)
    features: tuple[str, ...]
    rare: bool = True  # this entity's word is the rarer: it may be the misspelling


@dataclass(frozen=True, slots=True)
class ClusterReview:
    """One entity as an editor reviews it; ``risk`` in [0, 1], ``flags`` say why in words."""

    entity: str
    name: str
    type: str
    gender: str | None
    risk: float
    flags: tuple[str, ...]
    mentions: int
    chapters: tuple[str, ...]
    aliases: tuple[AliasUse, ...]
    similar: tuple[Suspect, ...] = ()


@dataclass(frozen=True, slots=True)
class NameUsage:
    """The forms of one entity's name used in one chapter, most frequent first."""

    entity: str
    name: str
    forms: tuple[tuple[str, int], ...]
    variants: tuple[str, ...]  # the forms here that are spelling variants

    @property
    def inconsistent(self) -> bool:
        return bool(self.variants)


@dataclass(frozen=True, slots=True)
class ChapterUsage:
    doc: str
    title: str
    chapter: int | None
    names: tuple[NameUsage, ...]


def _is_variant(features: tuple[str, ...]) -> bool:
    return "spelling variant" in features or "editor merge" in features


def variant_aliases(entity: Entity) -> tuple[str, ...]:
    """The aliases of ``entity`` that are spelling variants of its name (found by the names
    stage or merged by the editor), as opposed to short forms (“Arkady”, “Vorontsov”)."""
    return tuple(
        e.alias for e in entity.evidence if e.alias != entity.name and _is_variant(e.features)
    )


def _props(entity: Entity) -> list[Mention]:
    return [m for m in entity.mentions if m.kind == "PROP"]


def _alias_uses(entity: Entity, order: dict[str, int]) -> tuple[AliasUse, ...]:
    counts: Counter[str] = Counter()
    where: dict[str, set[str]] = defaultdict(set)
    for mention in _props(entity):
        alias = strip_possessive(mention.text)
        counts[alias] += 1
        where[alias].add(mention.doc)
    evidence = {e.alias: e for e in entity.evidence}
    uses = []
    for alias in entity.aliases:
        item = evidence.get(alias)
        features = item.features if item else ()
        uses.append(
            AliasUse(
                alias,
                counts[alias],
                tuple(sorted(where[alias], key=lambda d: order.get(d, 0))),
                item.reason if item else "",
                item.score if item else 1.0,
                features,
                alias != entity.name and _is_variant(features),
            )
        )
    return tuple(uses)


class _Words:
    """Name-word statistics of the whole analysis, as the names stage keeps them, and which
    entities use each word."""

    def __init__(self, analysis: Analysis, entities: Sequence[Entity]) -> None:
        order = {d.id: d.order for d in analysis.documents}
        # sentences numbered through the book, as the names stage numbers them
        starts: dict[str, list[int]] = defaultdict(list)
        for item in analysis.sentences:
            starts[item.doc].append(item.start)
        base: dict[str, int] = {}
        offset = 0
        for doc in sorted(starts, key=lambda d: order.get(d, 0)):
            starts[doc].sort()
            base[doc] = offset
            offset += len(starts[doc])
        self.words: dict[str, WordStats] = {}
        self.users: dict[str, set[str]] = defaultdict(set)
        self.keys: dict[str, set[str]] = defaultdict(set)  # entity id -> its name words
        in_sentence: dict[int, set[str]] = defaultdict(set)
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for entity in entities:
            if entity.description or entity.narrator:
                continue
            for mention in _props(entity):
                form = parse_name(mention.text)
                at = bisect_right(starts.get(mention.doc, []), mention.start) - 1
                sentence = base.get(mention.doc, 0) + max(at, 0)
                for key, spelling in zip(form.keys, form.words, strict=True):
                    stats = self.words.get(key)
                    if stats is None:
                        stats = self.words[key] = WordStats(key, spelling, 0, first=len(self.words))
                    stats.count += 1
                    stats.docs.add(order.get(mention.doc, 0))
                    stats.sentences.add(sentence)
                    spellings[key][spelling] += 1
                    in_sentence[sentence].add(key)
                    self.users[key].add(entity.id)
                    self.keys[entity.id].add(key)
        settle_words(self.words, spellings, in_sentence)

    def related(self, x: str, y: str) -> bool:
        """Whether two entities bear a family's two forms of one surname (Arkady Vorontsov
        and Lidia Vorontsova): then their other spellings are no variants of each other."""
        return any(gendered_pair(a, b) for a in self.keys[x] for b in self.keys[y])


def _word_gender(key: str) -> str | None:
    """A name word's own gender (a known given name, a gendered surname or patronymic)."""
    given = lexicon().given.get(key)
    if given:
        return given
    if female_surname(key):
        return "female"
    return "male" if male_surname(key) else patronymic_gender(key)


def _family(a: str, b: str) -> bool:
    """Vorontsov and Vorontsova: a family's two forms, kept apart on purpose."""
    genders = {_word_gender(a), _word_gender(b)} - {None}
    return gendered_pair(a, b) or len(genders) > 1


def _suspects(analysis: Analysis, entities: Sequence[Entity]) -> dict[str, list[Suspect]]:
    """For each entity, the other entities one of whose name words looks like a spelling
    variant of one of its own (blocked candidate pairs only: no all-pairs)."""
    words = _Words(analysis, entities)
    stats = list(words.words.values())
    kinds = {e.id: e.type for e in entities}
    names = {e.id: e.name for e in entities}
    lex = lexicon()
    generic = lex.place_words | lex.not_names  # “Park”, “Lodge”: no name's misspelling
    found: dict[str, dict[str, Suspect]] = defaultdict(dict)
    for i, j in candidate_pairs(stats):
        a, b = stats[i], stats[j]
        if _family(a.key, b.key) or {a.key, b.key} & generic or a.sentences & b.sentences:
            continue  # a family's two forms; a place word; two names in one sentence
        rare, common = (a, b) if (a.count, -a.first) <= (b.count, -b.first) else (b, a)
        score, features = score_pair(rare, common)
        score = min(score, 1.0)  # context features add to a string score of up to 0.9
        for x in words.users[rare.key] - words.users[common.key]:
            for y in words.users[common.key] - words.users[rare.key]:
                # a person and a place that sound alike are weaker evidence
                pair = score if kinds[x] == kinds[y] else round(score * 0.7, 3)
                if pair < SIMILAR or words.related(x, y):
                    continue
                for here, there, word, is_rare in (
                    (x, y, (rare, common), True),
                    (y, x, (common, rare), False),
                ):
                    spelled = (word[0].spelling, word[1].spelling)
                    suspect = Suspect(there, names[there], pair, spelled, features, is_rare)
                    known = found[here].get(there)
                    if known is None or known.score < pair:
                        found[here][there] = suspect
    return {k: sorted(v.values(), key=lambda s: -s.score) for k, v in found.items()}


def _type_flips(entities: Sequence[Entity]) -> dict[str, list[tuple[str, str, str]]]:
    """entity id -> (alias, other entity's id, its type) for names two types share."""
    holders: dict[str, list[Entity]] = defaultdict(list)
    written: dict[str, str] = {}
    for entity in entities:
        if entity.description or entity.narrator:
            continue
        keys = {normalise_name(a): a for a in entity.aliases}
        for key, alias in keys.items():
            if key:
                holders[key].append(entity)
                written.setdefault(key, alias)
    flips: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for key, group in holders.items():
        if len({e.type for e in group}) < 2:
            continue
        for entity in group:
            for other in group:
                if other.type != entity.type:
                    flips[entity.id].append((written[key], other.id, other.type))
    return flips


def review_clusters(analysis: Analysis) -> list[ClusterReview]:
    """Every named entity of ``analysis``, the riskiest first (then the most mentioned)."""
    order = {d.id: d.order for d in analysis.documents}
    entities = [e for e in analysis.entities if e.aliases or e.narrator]
    suspects = _suspects(analysis, entities)
    flips = _type_flips(entities)
    reviews = []
    for entity in entities:
        uses = _alias_uses(entity, order)
        flags: list[str] = []
        risk = 0.0
        for use in uses:
            editor = any(f.startswith("editor") for f in use.features)
            if use.alias == entity.name or editor or use.score >= LOW_CONFIDENCE:
                continue
            # a spelling variant is respelled in the edition: a wrong one costs more
            risk = max(risk, (1.0 - use.score) * (1.5 if use.variant else 1.0))
            kind = "spelling variant" if use.variant else "merge"
            flags.append(f"low-confidence {kind}: “{use.alias}” ({use.score:.2f})")
        own = len(uses)
        for suspect in suspects.get(entity.id, []):
            if not suspect.rare:
                continue  # the look-alike is flagged on the rarer spelling's entity
            weight = suspect.score if own == 1 else suspect.score * 0.8
            risk = max(risk, weight)
            flags.append(
                f"looks like a variant of “{suspect.name}” ({suspect.entity}): "
                f"“{suspect.words[0]}” ~ “{suspect.words[1]}” ({suspect.score:.2f})"
            )
        for alias, other, kind in flips.get(entity.id, []):
            risk = max(risk, _TYPE_FLIP_RISK)
            flags.append(f"type flips: “{alias}” is also a {kind} ({other})")
        chapters = tuple(sorted({m.doc for m in entity.mentions}, key=lambda d: order.get(d, 0)))
        reviews.append(
            ClusterReview(
                entity.id, entity.name, entity.type, entity.gender, round(min(risk, 1.0), 3),
                tuple(flags), len(entity.mentions), chapters, uses,
                tuple(suspects.get(entity.id, ())),
            )
        )  # fmt: skip
    reviews.sort(key=lambda r: (-r.risk, -r.mentions, r.entity))
    return reviews


def consistency(analysis: Analysis) -> list[ChapterUsage]:
    """Per chapter (book order), the forms each entity with several spellings is written in
    there and how often; ``variants`` marks the spelling variants, where the text is
    inconsistent."""
    per_doc: dict[str, list[NameUsage]] = defaultdict(list)
    for entity in analysis.entities:
        if len(entity.aliases) < 2:
            continue
        variants = set(variant_aliases(entity))
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for mention in _props(entity):
            counts[mention.doc][strip_possessive(mention.text)] += 1
        for doc, forms in counts.items():
            ranked = tuple(sorted(forms.items(), key=lambda f: (-f[1], f[0])))
            here = tuple(form for form, _ in ranked if form in variants)
            per_doc[doc].append(NameUsage(entity.id, entity.name, ranked, here))
    report = []
    for document in sorted(analysis.documents, key=lambda d: d.order):
        names = sorted(per_doc.get(document.id, []), key=lambda u: (not u.variants, u.name))
        report.append(ChapterUsage(document.id, document.title, document.chapter, tuple(names)))
    return report
