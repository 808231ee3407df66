"""Who a noun phrase or pronoun stands for: the entity behind an event's or relation's argument.

A phrase is looked up by its head word in the mention index (the names stage's mentions,
descriptions such as "Ivanov's two sons" included). Pronouns the names stage left alone are
resolved here, lightly: "I" is the narrator outside quotation marks and the speaker inside
them, "you" the addressee; "he"/"she" is the most salient earlier person of that gender — a
subject before an object, this sentence before the last — never the speaker of the quotation
it stands in, nor a participant the caller excludes. A phrase with no entity stays None:
this stage never creates entities.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .context import DocumentContext
from .lexicon import person_nouns

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..records import Entity

__all__ = ["Resolver", "entity_gender", "is_person_phrase"]

_FIRST = frozenset({"i", "me", "my", "mine", "myself"})
_SECOND = frozenset({"you", "your", "yours", "yourself"})
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_PLURAL = frozenset({"we", "us", "our", "they", "them", "their", "themselves", "ourselves"})
_RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})
_REFLEXIVE = frozenset({"himself", "herself", "myself", "themselves"})
_PERSONAL = _FIRST | _SECOND | _MALE | _FEMALE | _PLURAL | {"one", "someone", "somebody"}
_MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "father", "brother", "uncle"})
_FEMALE_TITLES = frozenset(
    {"mrs", "miss", "ms", "madame", "madam", "lady", "queen", "princess", "mother", "sister",
     "aunt", "mme", "mlle"}
)  # fmt: skip
# Gendered surnames (Slavic and Baltic): Ivanova, Aliluyeva, Sokolnikova, Tolstaya, Kowalska.
_FEMALE_SURNAME = re.compile(r"(?:ova|eva|yova|ina|yna|aya|skaya|tskaya|ska|cka|ienė|aitė)$")
_MALE_SURNAME = re.compile(r"(?:ov|ev|yov|in|yn|sky|ski|skiy|tsky|cki|enko|uk|vich)$")
_WINDOW_CHARS = 700  # how far back a pronoun looks for its antecedent
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[^\w’'-]+", name.lower()) if w]


def entity_gender(entity: Entity) -> str | None:
    """The entity's gender, or a guess from a title or a gendered surname in its name."""
    if entity.gender:
        return entity.gender
    if entity.type != "PER" or entity.description:
        return None
    words = _words(entity.name)
    if not words:
        return None
    if words[0].rstrip(".") in _MALE_TITLES:
        return "male"
    if words[0].rstrip(".") in _FEMALE_TITLES:
        return "female"
    last = words[-1]
    if len(words) > 1 or len(last) > 4:
        if _FEMALE_SURNAME.search(last):
            return "female"
        if _MALE_SURNAME.search(last):
            return "male"
    return None


def surname(entity: Entity) -> str | None:
    """The family-name stem shared by a family's gendered forms (Ivanov/Ivanova -> ivanov)."""
    if entity.type != "PER" or entity.description:
        return None
    words = _words(entity.name)
    if not words:
        return None
    last = words[-1]
    for suffix in ("skaya", "tskaya"):
        if last.endswith(suffix):
            return last[: -len(suffix)] + "sk"
    if last.endswith(("ova", "eva", "ina", "yna", "yova")):
        return last[:-1]
    if last.endswith("aya"):
        return last[:-3]
    if last.endswith(("sky", "ski", "skiy")):
        return last[: last.rfind("sk")] + "sk"
    return last


def is_person_phrase(token: Token, resolver: Resolver) -> bool:
    """Whether the phrase headed by ``token`` names a person (for ambiguous triggers)."""
    lower = token.lower_
    if token.pos_ == "PRON":
        return lower in _PERSONAL and lower not in ("it", "its")
    if token.ent_type_ == "PERSON":
        return True
    entity = resolver.book_entity(resolver.entity_of(token))
    if entity is not None:
        return entity.type == "PER"
    return token.lemma_.lower() in person_nouns()


class Resolver:
    """Resolves argument tokens to entity ids within one document."""

    def __init__(self, ctx: DocumentContext) -> None:
        self.ctx = ctx
        # a last resort for phrases without a mention ("his wife" -> a named wife), set by
        # the relations module so that events see the same people relations do
        self.fallback: Callable[[Token, frozenset[str]], str | None] | None = None

    def book_entity(self, entity_id: str | None) -> Entity | None:
        return self.ctx.entity(entity_id)

    def entity_of(
        self, token: Token, exclude: frozenset[str] = frozenset(), use_fallback: bool = True
    ) -> str | None:
        """The entity of the phrase headed by ``token``, or None."""
        if token.pos_ == "PRON" or token.lower_ in _RELATIVE:
            return self._pronoun(token, exclude)
        found = self._lookup(token)
        if found is not None:
            return found
        lower = token.lower_
        if lower in ("latter", "former") and any(c.lower_ == "the" for c in token.children):
            return self._latter(token, lower == "former", exclude)
        for child in token.children:
            if child.dep_ == "appos":
                found = self._lookup(child)
                if found is not None:
                    return found
        if use_fallback and self.fallback is not None:
            return self.fallback(token, exclude)
        return None

    def candidates(self, token: Token, exclude: frozenset[str] = frozenset()) -> list[str]:
        """Every likely entity of ``token``, best first: one for a name, several for "his"."""
        lower = token.lower_
        if token.pos_ == "PRON" and (lower in _MALE or lower in _FEMALE):
            known = self._lookup(token)
            if known is not None:
                return [known]
            gender = "male" if lower in _MALE else "female"
            return self.antecedents(token, gender, frozenset(self._banned(token, exclude)))
        entity = self.entity_of(token, exclude)
        return [] if entity is None else [entity]

    def entities_of(self, token: Token, exclude: frozenset[str] = frozenset()) -> list[str]:
        """The entities of ``token`` and of its coordinated phrases ("Yagoda and Pauker")."""
        found: list[str] = []
        for member in (token, *_conjuncts(token)):
            entity = self.entity_of(member, exclude)
            if entity is not None and entity not in found:
                found.append(entity)
        return found

    def _lookup(self, token: Token) -> str | None:
        """The entity of the smallest mention covering the head word."""
        hits = self.ctx.mentions_at(token.idx, token.idx + len(token.text))
        if not hits:
            return None
        hits.sort(key=lambda hit: hit[0].end - hit[0].start)
        return hits[0][1]

    # -- pronouns ---------------------------------------------------------------------------

    def _pronoun(self, token: Token, exclude: frozenset[str]) -> str | None:
        lower = token.lower_
        if lower in _RELATIVE:
            return self._relative(token, exclude)
        quote = self.ctx.quote_at(token.idx)
        in_quote = quote is not None or self.ctx.signals.quoted[token.i]
        if lower in _FIRST:
            if in_quote:
                return quote.speaker if quote is not None else None
            return self._lookup(token) or self.ctx.book.narrator
        if lower in _SECOND:
            return quote.addressee if quote is not None else None
        if lower in _REFLEXIVE:
            subject = self._reflexive(token)
            if subject is not None:
                return subject
        if lower in _MALE or lower in _FEMALE:
            known = self._lookup(token)
            if known is not None:
                return known
            gender = "male" if lower in _MALE else "female"
            return self._antecedent(token, gender, frozenset(self._banned(token, exclude)))
        return self._lookup(token)

    def _banned(self, token: Token, exclude: frozenset[str]) -> set[str]:
        """Who a third-person pronoun cannot stand for here."""
        banned = set(exclude)
        quote = self.ctx.quote_at(token.idx)
        if quote is not None and quote.speaker:
            banned.add(quote.speaker)  # "he" in someone's speech is not the speaker
        if quote is not None and quote.addressee:
            banned.add(quote.addressee)
        if token.lower_ in ("him", "her") and token.dep_ in ("dobj", "pobj", "dative"):
            banned.update(self._clause_subjects(token))  # "him" is not its clause's subject
        return banned

    def _reflexive(self, token: Token) -> str | None:
        """The subject of a reflexive's own clause ("accused himself")."""
        verb = token.head
        for _ in range(4):
            for child in verb.children:
                if child.dep_ in _SUBJECT_DEPS and child.i != token.i:
                    return self.entity_of(child)
            if verb.dep_ not in ("xcomp", "conj", "prep", "pobj") or verb.head.i == verb.i:
                return None
            verb = verb.head
        return None

    def _relative(self, token: Token, exclude: frozenset[str]) -> str | None:
        """The noun a relative pronoun ("who", "whose") stands for: the one its clause modifies."""
        node = token
        for _ in range(3):
            node = node.head
            if node.dep_ in ("relcl", "acl") and node.head.i != node.i:
                return self.entity_of(node.head, exclude)
        return None

    def _clause_subjects(self, token: Token) -> set[str]:
        verb = token.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        found = set()
        for child in verb.children:
            if child.dep_ in _SUBJECT_DEPS and child.pos_ != "PRON":
                entity = self._lookup(child)
                if entity:
                    found.add(entity)
        return found

    def _antecedent(self, token: Token, gender: str, banned: frozenset[str]) -> str | None:
        found = self.antecedents(token, gender, banned)
        return found[0] if found else None

    def antecedents(
        self, token: Token, gender: str | None, banned: frozenset[str], depth: int = 0
    ) -> list[str]:
        """Candidate antecedents of a third-person pronoun, the likeliest first."""
        cataphor = self._cataphor(token, gender, banned)
        governor = self._governing_subject(token, gender, banned, depth)
        sentence = self.ctx.sentence_of(token)
        here = sentence.index if sentence else 0
        ranked: dict[str, tuple[float, int]] = {}
        for mention in self.ctx.persons_before(token.idx, token.idx - _WINDOW_CHARS):
            if mention.entity in banned or mention.entity == self.ctx.book.narrator:
                continue
            entity = self.ctx.entity(mention.entity)
            if entity is None:
                continue
            guessed = entity_gender(entity)
            if gender is not None and guessed is not None and guessed != gender:
                continue
            where = self.ctx.sentence_at(mention.start)
            distance = here - where.index if where else 3
            if distance > 3:
                continue
            head = self._token_at(mention.start, mention.end)
            # salience: a subject two sentences back outranks a possessor in the last one
            score = float(distance)
            if head is None or head.dep_ not in _SUBJECT_DEPS:
                score += 1.2 if head is not None and head.dep_ == "poss" else 0.9
            elif not _main_clause(head):
                score += 0.5  # "he told me that Rarov had been watching him": Rarov is aside
            if guessed is None:
                score += 0.3
            key = (score, -mention.start)
            if mention.entity not in ranked or key < ranked[mention.entity]:
                ranked[mention.entity] = key
        ordered = sorted(ranked, key=ranked.__getitem__)
        if governor is not None:
            ordered = [governor, *(e for e in ordered if e != governor)]
        if cataphor is not None:
            ordered = [cataphor, *(e for e in ordered if e != cataphor)]
        return ordered

    def _governing_subject(
        self, token: Token, gender: str | None, banned: frozenset[str], depth: int
    ) -> str | None:
        """The subject of a clause that governs the pronoun, named before it: "He told me
        that Rarov had been watching him, and that his brother had lost his post" -> he, not
        Rarov, whose clause is only coordinated with the pronoun's. A pronoun subject passes
        the question on to its own antecedent. The first such subject decides; one of another
        gender or person, a banned one, or one across a quotation mark gives None."""
        node = token
        for _ in range(12):
            head = node.head
            if head.i == node.i:
                return None
            # a coordinated clause with a subject of its own does not share its head's
            aside = node.dep_ == "conj" and any(c.dep_ in _SUBJECT_DEPS for c in node.children)
            below, node = node, head
            if aside:
                continue
            for child in node.children:
                if child.dep_ in _SUBJECT_DEPS and child.i != below.i and child.i < token.i:
                    return self._subject_entity(child, token, gender, banned, depth)
        return None

    def _subject_entity(
        self, subject: Token, token: Token, gender: str | None, banned: frozenset[str], depth: int
    ) -> str | None:
        if self.ctx.quoted(subject) != self.ctx.quoted(token):
            return None
        lower = subject.lower_
        if subject.pos_ == "PRON":
            wanted = _MALE if gender == "male" else _FEMALE if gender == "female" else None
            if wanted is None or lower not in wanted or depth >= 2:
                return None
            known = self._lookup(subject)
            if known is None:
                own = frozenset(self._banned(subject, frozenset()))
                found = self.antecedents(subject, gender, own, depth + 1)
                known = found[0] if found else None
            return None if known in banned else known
        entity_id = self._lookup(subject)
        entity = self.ctx.entity(entity_id)
        if entity is None or entity.type != "PER" or entity_id in banned:
            return None
        if entity_id == self.ctx.book.narrator:
            return None
        guessed = entity_gender(entity)
        if gender is not None and guessed is not None and guessed != gender:
            return None
        return entity_id

    def _cataphor(self, token: Token, gender: str | None, banned: frozenset[str]) -> str | None:
        """A pronoun in a subjectless clause placed before its governor stands for the
        governor's subject: "Seeing his wife's signature, Ivanov shouted"."""
        node = token
        for _ in range(6):
            if node.dep_ == "advcl" and node.i < node.head.i:
                if any(c.dep_ in _SUBJECT_DEPS for c in node.children):
                    return None
                for child in node.head.children:
                    if child.dep_ in _SUBJECT_DEPS and child.i > token.i:
                        entity = self._lookup(child)
                        person = self.ctx.entity(entity)
                        if person is not None and entity not in banned:
                            guessed = entity_gender(person)
                            if gender is None or guessed in (None, gender):
                                return entity
                return None
            if node.head.i == node.i:
                return None
            node = node.head
        return None

    def _latter(self, token: Token, former: bool, exclude: frozenset[str]) -> str | None:
        """The last person named before "the latter"; the one before that for "the former"."""
        seen: list[str] = []
        for mention in reversed(self.ctx.persons_before(token.idx, token.idx - _WINDOW_CHARS)):
            if mention.entity not in seen:
                seen.append(mention.entity)
            if len(seen) == 2:
                break
        wanted = 1 if former else 0
        return seen[wanted] if len(seen) > wanted else None

    def _token_at(self, start: int, end: int) -> Token | None:
        return self.ctx.root_at(start, end)


def _main_clause(subject: Token) -> bool:
    """Whether a subject's verb heads its sentence, or a clause coordinated with it."""
    verb = subject.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _conjuncts(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON")]
