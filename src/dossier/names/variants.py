"""Spelling variants of name words: blocked candidates, an explained score, constrained merges.

Every distinct name word (``Zharov``, ``Rarov``, ``Rarev``, ``Zotov``, ``Zotova`` ...) is a
:class:`WordStats`. Candidates share a phonetic skeleton, or one edit of it, or one edit of the
spelling (blocking: no all-pairs). :func:`score_pair` adds up explicit features — same fine key,
same skeleton, a typo, a shared chapter, shared companions, a rare word next to a frequent one —
and a pair at or above :data:`THRESHOLD` is merged, most confident first, unless a cannot-link
holds between the two groups: opposite genders (``Zotov``/``Zotova``), two different known
given names (``Mary``/``Maria``), the two spellings in one sentence (a writer who names two
people), or a strong person against a strong place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ..records import Gender
from .lexicon import lexicon
from .skeleton import best_match, deletions, one_typo, phonetic_keys, plain

__all__ = [
    "NEARBY",
    "THRESHOLD",
    "Variant",
    "WordStats",
    "find_variants",
    "gendered_pair",
    "score_pair",
    "settle_words",
]

THRESHOLD = 0.7
NEARBY = 60  # sentences: about a chapter of a serialised book
# A blocking key shared by more words than this is too common to propose useful pairs.
_MAX_BLOCK = 60


@dataclass(slots=True)
class WordStats:
    """What the book says about one name word (by key)."""

    key: str
    spelling: str  # the most frequent way it is written
    count: int = 1
    docs: set[int] = field(default_factory=set)
    sentences: set[int] = field(default_factory=set)
    companions: set[str] = field(default_factory=set)  # other name words nearby
    gender: Gender | None = None  # from morphology or the given-name lexicon
    kind: str | None = None  # "person" or "place" when the evidence is strong
    first: int = 0  # position of its first mention, for stable tie-breaks
    order: list[int] = field(default_factory=list)  # its sentences, sorted
    as_given: int = 0  # times it opens a full name (“Peter Hawkins”)
    as_surname: int = 0  # times it closes one, or follows “Mrs.”

    @property
    def role(self) -> str | None:
        if self.as_given and not self.as_surname:
            return "given"
        if self.as_surname and not self.as_given:
            return "surname"
        return None


def settle_words(
    words: Mapping[str, WordStats],
    spellings: Mapping[str, Counter[str]],
    in_sentence: Mapping[int, set[str]],
) -> None:
    """Finish the statistics gathered mention by mention: each word's usual spelling, its
    sentences in order, and its companions (the name words of its own and the neighbouring
    sentences)."""
    for key, stats in words.items():
        stats.spelling = spellings[key].most_common(1)[0][0]
        stats.order = sorted(stats.sentences)
        for sentence in stats.sentences:
            for near in (sentence - 1, sentence, sentence + 1):
                stats.companions.update(in_sentence.get(near, ()))
        stats.companions.discard(key)


@dataclass(frozen=True, slots=True)
class Variant:
    """``word`` is a spelling variant of ``canonical``: why, and how sure."""

    word: str
    canonical: str
    score: float
    features: tuple[str, ...]
    via: str  # the word it was paired with (its evidence names this spelling)


_COARSE = str.maketrans("ZF", "SB")  # the consonant confusions that cost half a change


def _skeleton_blocks(word: WordStats) -> set[str]:
    """Blocking keys: the fine key with s/z and b/v folded, and with one vowel dropped (every
    pair within half a change by sound shares one), and one-deletion neighbours of a long
    spelling (every one-typo pair shares one)."""
    keys: set[str] = set()
    for key in phonetic_keys(word.key):
        if len(key.skeleton) >= 2:
            fine = key.fine.translate(_COARSE)
            keys.add("s:" + fine)
            keys.update("s:" + fine[:i] + fine[i + 1 :] for i, c in enumerate(fine) if c.islower())
    text = plain(word.spelling)
    if len(text) >= 6:
        keys.update("t:" + k for k in deletions(text))
    return keys


def candidate_pairs(words: Sequence[WordStats]) -> dict[tuple[int, int], bool]:
    """Index pairs that share a blocking key, each with whether they share the folded
    skeleton (else they share a spelling up to one deletion: only a typo can pair them)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(words):
        for key in _skeleton_blocks(word):
            blocks[key].append(i)
    pairs: dict[tuple[int, int], bool] = {}
    for key, members in blocks.items():
        if 1 < len(members) <= _MAX_BLOCK:
            sound = key.startswith("s:")
            for pair in combinations(members, 2):
                pairs[pair] = pairs.get(pair, False) or sound
    return pairs


def _nearby(a: WordStats, b: WordStats) -> bool:
    """Whether the two words are used within :data:`NEARBY` sentences of each other."""
    small, large = sorted((a.order, b.order), key=len)
    for sentence in small:
        at = bisect_left(large, sentence - NEARBY)
        if at < len(large) and large[at] <= sentence + NEARBY:
            return True
    return False


def score_pair(rare: WordStats, common: WordStats) -> tuple[float, tuple[str, ...]]:
    """How likely ``rare`` is a misspelling of ``common``, and the features that say so.

    Sound or spelling must be close: the same fine key 0.5, or one vowel / near consonant
    apart 0.3, or one typo in a name of six letters or more 0.4; then the same skeleton 0.3
    and a skeleton of three consonants or more 0.1 (string evidence at most 0.9). Context:
    used near each other 0.15, shared companions 0.1, rare next to a form twice as frequent
    0.1. A two-consonant skeleton is weak evidence: it needs shared companions; fine keys of
    fewer than four symbols (“Tom”/“Tim”) need a typo-level match.
    """
    match = best_match(rare.key, common.key)
    if match is None or match.skeleton < 2:
        return 0.0, ()
    typo = min(len(plain(rare.spelling)), len(plain(common.spelling))) >= 6 and one_typo(
        rare.spelling, common.spelling
    )
    fine = match.fine if match.length >= 4 else 9.0
    score, features = 0.0, []
    if fine == 0:
        score, features = 0.5, ["same fine key"]
    elif fine <= 0.5:
        score, features = 0.3, ["one vowel apart"]
    elif not typo:
        return 0.0, ()
    if match.same_skeleton and fine <= 0.5:
        score += 0.3
        features.append("same skeleton")
    if match.skeleton >= 3 and fine <= 0.5:
        score += 0.1
        features.append("long skeleton")
    if typo:
        score += 0.4
        features.append("one typo")
    score = min(score, 0.9)
    companions = bool(rare.companions & common.companions)
    if match.skeleton <= 2 and not typo and not companions:
        return 0.0, ()
    if rare.order and common.order and _nearby(rare, common):
        score += 0.15
        features.append("used nearby")
    if companions:
        score += 0.1
        features.append("shared companions")
    if rare.count * 2 <= common.count:
        score += 0.1
        features.append(f"rare ({rare.count} vs {common.count})")
    return round(score, 3), tuple(features)


def gendered_pair(x: str, y: str) -> bool:
    """The masculine and feminine forms of one surname: -ov/-ova, -in/-ina, -sky/-skaya."""
    short, long = sorted((x, y), key=len)
    if long == short + "a":
        return True
    return short.endswith("sky") and long == short[:-1] + "aya"


class _Groups:
    """Union-find over words with the cannot-link facts of each group kept at its root."""

    def __init__(self, words: Sequence[WordStats]) -> None:
        lex = lexicon()
        self.parent = list(range(len(words)))
        self.genders = [{w.gender} - {None} for w in words]
        self.given = [{w.key} if w.key in lex.given else set() for w in words]
        self.sentences = [set(w.sentences) for w in words]
        self.kinds = [{w.kind} - {None} for w in words]
        # a known given name never seen closing a full name is taken as a given name
        # (“Ralph” alone is no misspelling of the surname of “John Rolfe”)
        self.roles = [
            {w.role or ("given" if w.key in lex.given and not w.as_surname else None)} - {None}
            for w in words
        ]
        self.keys = [{w.key} for w in words]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def conflict(self, a: int, b: int) -> str | None:
        if len(self.genders[a] | self.genders[b]) > 1 or any(
            gendered_pair(x, y) for x in self.keys[a] for y in self.keys[b]
        ):
            return "opposite genders"
        if self.given[a] and self.given[b] and self.given[a] != self.given[b]:
            return "two different given names"
        if self.sentences[a] & self.sentences[b]:
            return "both in one sentence"
        if len(self.kinds[a] | self.kinds[b]) > 1:
            return "a person and a place"
        if len(self.roles[a] | self.roles[b]) > 1:
            return "a given name and a surname"
        return None

    def union(self, a: int, b: int) -> None:
        self.parent[b] = a
        self.genders[a] |= self.genders[b]
        self.given[a] |= self.given[b]
        self.sentences[a] |= self.sentences[b]
        self.kinds[a] |= self.kinds[b]
        self.roles[a] |= self.roles[b]
        self.keys[a] |= self.keys[b]


def find_variants(words: Sequence[WordStats]) -> dict[str, Variant]:
    """Each word that is a spelling variant of another, keyed by its key.

    The canonical spelling of a group is its most frequent word (never a rare corruption);
    ties go to the word seen first.
    """
    scored: list[tuple[float, int, int, tuple[str, ...]]] = []
    for (i, j), sound in candidate_pairs(words).items():
        a, b = words[i], words[j]
        if not sound and not one_typo(a.spelling, b.spelling):
            continue  # paired by spelling only, and not one typo apart
        rare, common = (i, j) if (a.count, -a.first) <= (b.count, -b.first) else (j, i)
        score, features = score_pair(words[rare], words[common])
        if score >= THRESHOLD:
            scored.append((score, rare, common, features))
    scored.sort(key=lambda item: (-item[0], words[item[1]].first, words[item[2]].first))
    groups = _Groups(words)
    links: dict[int, tuple[int, float, tuple[str, ...]]] = {}
    for score, rare, common, features in scored:
        root, other = groups.find(common), groups.find(rare)
        if root == other or groups.conflict(root, other):
            continue
        groups.union(root, other)
        links.setdefault(rare, (common, score, features))
        links.setdefault(common, (rare, score, features))
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(words)):
        members[groups.find(i)].append(i)
    variants: dict[str, Variant] = {}
    for group in members.values():
        if len(group) < 2:
            continue
        head = max(group, key=lambda i: (words[i].count, -words[i].first))
        for i in group:
            if i == head:
                continue
            via, score, features = links.get(i, (head, 0.0, ()))
            variants[words[i].key] = Variant(
                words[i].key, words[head].key, score, features, words[via].key
            )
    return variants


def variant_groups(variants: Iterable[Variant]) -> dict[str, list[str]]:
    """canonical key -> its variant keys."""
    groups: dict[str, list[str]] = defaultdict(list)
    for variant in variants:
        groups[variant.canonical].append(variant.word)
    return groups
