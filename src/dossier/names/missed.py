"""Names the statistical recogniser missed, found once the book's names are known.

A capitalised token is a missed name when it is a name word the recogniser found elsewhere
(“Arkady” labelled in one sentence, missed in the next), when it sounds like one (“Pogdanof”
beside “Bogdanov”: a confident spelling variant by :func:`.variants.score_pair` on spelling
alone), or when it is coordinated with a recognised name (“Lebedev and Sokolov”), or when
it speaks in a speech tag (“…,” Tinker murmured: a nickname that is also a word). Adjacent
hits make one name, and names side by side that the recogniser cut in two are joined again
(“Lidia” + “Vorontsova”). Whether a hit is kept is decided book-wide in :mod:`.accept`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..quotes.lexicon import speech_verbs
from ..records import Mention
from .forms import PARTICLES, female_surname, male_surname, parse_name
from .lexicon import lexicon, name_key
from .skeleton import phonetic_keys
from .spans import title_start
from .variants import THRESHOLD, WordStats, score_pair

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Found", "KnownWords", "consider", "join_adjacent", "runs"]

Found = tuple[Mention, tuple[int, int], str, str]
"""A name mention, its token range, how it was found (ner, known, sounds-like, coordinated)
and the known word it matched."""


@dataclass
class KnownWords:
    """Name words known from the recogniser's mentions, for the search for missed ones."""

    words: set[str] = field(default_factory=set)
    by_skeleton: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, mentions: Iterable[Mention]) -> KnownWords:
        known = cls()
        titles = lexicon().titles
        for mention in mentions:
            if mention.kind != "PROP":
                continue
            form = parse_name(mention.text)
            if len(form.keys) == 1 or mention.label == "PER":
                known.words.update(k for k in form.keys if k not in titles and len(k) > 1)
        for word in known.words:
            for key in phonetic_keys(word):
                if len(key.skeleton) >= 2:
                    known.by_skeleton.setdefault(key.skeleton, []).append(word)
        return known

    def sounds_like(self, key: str) -> str | None:
        """The known word this unknown word is a confident spelling variant of, if any."""
        # counts that fire no "rare" feature: the spelling evidence alone must reach the bar
        probe = WordStats(key, key, count=100)
        best, best_score = None, 0.0
        for phonetic in phonetic_keys(key):
            for word in self.by_skeleton.get(phonetic.skeleton, ()):
                score, _ = score_pair(probe, WordStats(word, word, count=100))
                if score >= THRESHOLD and score > best_score:
                    best, best_score = word, score
        return best


def consider(token: Token, known: KnownWords, roots: set[int]) -> tuple[str, str] | None:
    """Whether a capitalised token outside every recognised name is a missed name: how, and
    the known word it matched."""
    lower = token.lower_
    key = name_key(token.text)
    if lower in lexicon().titles or lower in PARTICLES or len(key) < 2:
        return None
    if key in known.words:
        return ("known", key)
    if tag_subject(token):
        return ("speaker", "")
    if token.pos_ != "PROPN" or token.is_stop or len(key) < 4:
        return None
    similar = known.sounds_like(key)
    if similar is not None:
        return ("sounds-like", similar)
    if (token.dep_ == "conj" and token.head.i in roots) or any(
        c.dep_ == "conj" and c.i in roots for c in token.children
    ):
        return ("coordinated", "")
    return None


def tag_subject(token: Token) -> bool:
    """A bare capitalised word that speaks in a speech tag beside a quotation (“…,” Tinker
    murmured; “…!” Dusty laughed): a nickname the recogniser takes for a word. Whether it is
    a name is decided book-wide (:mod:`.accept`)."""
    verb = token.head
    if token.dep_ != "nsubj" or verb.pos_ != "VERB" or token.tag_ in ("NNS", "NNPS"):
        return False
    if not token.is_alpha or token.is_stop or len(token) < 3 or not token.text[0].isupper():
        return False
    lex = lexicon()
    if token.lower_ in lex.person_nouns or token.lower_ in lex.titles:
        return False  # “Mother said”: a description, the quotes stage's
    if any(c.dep_ in ("det", "amod", "compound", "poss") for c in token.children):
        return False
    if speech_verbs().lemma_of(verb.lemma_.lower(), verb.lower_) is None:
        return False
    doc = token.doc
    if token.i > 0 and doc[token.i - 1].is_quote and not doc[token.i - 1].whitespace_:
        return False  # “Hello there,” the man called: a word opening the quotation
    low, high = min(token.i, verb.i), max(token.i, verb.i)
    window = (*doc[max(0, low - 3) : low], *doc[high + 1 : high + 3])
    return any(t.is_quote for t in window)


def runs(doc: Doc, doc_id: str, hits: dict[int, tuple[str, str]]) -> list[Found]:
    """Adjacent hits become one mention (“Lidia Kasyanova”), with a title before it."""
    found = []
    ordered = sorted(hits)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        first, last = title_start(doc, ordered[i]), ordered[j] + 1
        how, matched = hits[ordered[i]]
        if any(hits[t][0] != "known" for t in ordered[i : j + 1]):
            how, matched = next(hits[t] for t in ordered[i : j + 1] if hits[t][0] != "known")
        span = doc[first:last]
        mention = Mention(
            doc_id, span.start_char, span.end_char, span.text, "PER", "PROP", "lexicon"
        )
        found.append((mention, (first, last), how, matched))
        i = j + 1
    return found


def join_adjacent(doc: Doc, text: str, recognised: list[Found], found: list[Found]) -> list[Found]:
    """Names side by side are one name: “Lidia” + “Vorontsova” is “Lidia Vorontsova”."""
    merged: list[Found] = []
    for item in sorted(recognised + found, key=lambda x: x[1]):
        if merged and merged[-1][1][1] == item[1][0] and _one_name(doc, text, merged[-1], item):
            old, (a, _), how, matched = merged[-1]
            if how != "ner":
                how, matched = item[2], item[3]
            span = doc[a : item[1][1]]
            label = "PER" if "PER" in (old.label, item[0].label) else old.label
            mention = Mention(old.doc, span.start_char, span.end_char, span.text, label)
            merged[-1] = (mention, (a, item[1][1]), how, matched)
        else:
            merged.append(item)
    return merged


def _one_name(doc: Doc, text: str, left: Found, right: Found) -> bool:
    """Two name spans side by side, parted by one space: a given name and a surname the
    recogniser cut in two (“Lidia” ORG + “Vorontsova” GPE)."""
    between = text[left[0].end : right[0].start]
    if between != " " or parse_name(right[0].text).titles:
        return False  # “Poor” + “Mr. Woodhouse” is no one name
    if any(t.is_stop for t in doc[left[1][0] : right[1][1]]):
        return False  # “Now” + “Emma”
    words = parse_name(left[0].text).keys + parse_name(right[0].text).keys
    lex = lexicon()
    return "PER" in (left[0].label, right[0].label) or (
        len(words) >= 2
        and (words[0] in lex.given or male_surname(words[-1]) or female_surname(words[-1]))
    )
