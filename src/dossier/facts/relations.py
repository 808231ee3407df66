"""Relations between people: kinship (spouse, parent, sibling, in-laws, relative) and posts
(``role``, with the title in ``detail``, and ``member_of`` an organisation).

A kinship noun links its *anchor* — the possessor ("Belousov's daughter", "his wife", "my
sister", said by the speaker) or the "of" phrase ("a relative of Stalin") — to its *referent*,
the one it names: an apposition ("His wife, Vera"), a name it modifies ("daughter Lidia"), the
subject of a copula ("Vera was his wife"), a description entity of the names stage ("Ivanov's
two sons"), or, failing those, the one person of the book whose name is the family's gendered
form (Ivanov's wife -> Ivanova). A possessive pronoun tries its likely antecedents in turn.

A title links the person holding it — by apposition ("Aliluyev, a political commissar of the
Red Army's armored corps"), copula ("Yerov was a secretary of the Central Committee"), "served
as", or a title before a name — to the organisation named in the title's phrase. A ``role``
whose title names no organisation has an empty ``tail``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import Entity, Relation
from .arguments import Resolver, entity_gender, surname
from .lexicon import Kin, kinship, roles
from .modality import walk

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import DocumentContext

__all__ = ["Family", "find_relations"]

_COPULAS = frozenset({"be", "become", "remain", "seem"})
_AS_VERBS = frozenset({"serve", "work", "act", "appoint", "remain", "name", "elect", "become"})
_NAMING_VERBS = frozenset({"appoint", "make", "name", "elect", "nominate", "promote"})
_ORG_TYPES = frozenset({"ORG"})
_POST_TYPES = frozenset({"ORG", "GPE"})
# Kinship whose members usually share a family name, so that a named relative can be found.
_SURNAME_KIN = frozenset({"spouse", "sibling"})
_DETAIL_CHARS = 80
_IN_LAW = ["-", "in", "-", "law"]
_EVIDENCE = 3  # sentences kept per relation and document


class Family:
    """Named people grouped by family-name stem, to find "his wife" among them."""

    def __init__(self, entities: list[Entity]) -> None:
        self._by_stem: dict[str, list[Entity]] = {}
        for entity in entities:
            stem = surname(entity)
            if stem and entity.type == "PER" and not entity.description:
                self._by_stem.setdefault(stem, []).append(entity)

    def member(self, anchor: Entity, kin: Kin) -> str | None:
        """The one named person who is ``anchor``'s ``kin`` by family name, else None."""
        if kin.relation not in _SURNAME_KIN:
            return None
        stem = surname(anchor)
        if stem is None:
            return None
        anchor_words = anchor.name.lower().split()
        found = []
        for other in self._by_stem.get(stem, ()):
            if other.id == anchor.id:
                continue
            gender = entity_gender(other)
            if kin.gender is not None and gender != kin.gender:
                continue
            # only a gendered form of the family name (Ivanov -> Ivanova) links two people: a
            # name spelled alike (the Bennets) is shared by too many of one family to choose
            if other.name.lower().split()[-1] == anchor_words[-1]:
                continue
            found.append(other.id)
        return found[0] if len(found) == 1 else None


class _Finder:
    def __init__(self, ctx: DocumentContext, resolver: Resolver, family: Family) -> None:
        self.ctx = ctx
        self.resolver = resolver
        self.family = family

    # -- kinship ------------------------------------------------------------------------------

    def kin_referent(self, token: Token, exclude: frozenset[str]) -> str | None:
        """The named person a kinship phrase without a mention stands for ("his wife")."""
        kin = _kin(token)
        if kin is None:
            return None
        link = self.kin_link(token, kin, resolve_self=False)
        return link[1] if link is not None and link[1] not in exclude else None

    def kin_link(
        self, token: Token, kin: Kin, resolve_self: bool = True
    ) -> tuple[str, str, float] | None:
        """(anchor, referent, confidence) of a kinship noun, or None."""
        anchors = [c for c in token.children if c.dep_ == "poss"]
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                anchors.extend(c for c in prep.children if c.dep_ == "pobj")
        if not anchors:
            return None
        referent = self._named_referent(token) if resolve_self else None
        if referent is None and resolve_self:
            referent = self.resolver.entity_of(token, use_fallback=False)
        exclude = frozenset({referent}) if referent else frozenset()
        for anchor in self.resolver.candidates(anchors[0], exclude):
            anchor_entity = self.ctx.entity(anchor)
            if anchor_entity is None or anchor_entity.type != "PER":
                continue
            if referent is not None and referent != anchor:
                return anchor, referent, 1.0
            if referent is None and token.tag_ != "NNS":  # "his sons" are not one person
                member = self.family.member(anchor_entity, kin)
                if member is not None:
                    return anchor, member, 0.8
        if referent is None and resolve_self and _indefinite(token):
            return self._bridge(token, anchors[0], kin)
        return None

    def _named_referent(self, token: Token) -> str | None:
        """A name the kinship noun is in apposition to, modifies, or is predicated of."""
        for child in token.children:
            if child.dep_ == "appos":
                found = self.resolver.entity_of(child)
                if found is not None:
                    return found
        head = token.head
        if token.dep_ in ("appos", "compound") and head.pos_ == "PROPN":
            return self.resolver.entity_of(head)  # "Vera, his wife", "daughter Lidia"
        if token.i + 1 < len(token.doc):
            following = token.doc[token.i + 1]
            if following.pos_ == "PROPN" and following.head.i in (token.i, token.head.i):
                found = self.resolver.entity_of(following)
                if found is not None:
                    return found
        if token.dep_ == "attr" and head.lemma_ in _COPULAS:
            for subject in head.children:
                if subject.dep_ == "nsubj":
                    return self.resolver.entity_of(subject)  # "Vera was his wife"
        return None

    def _bridge(self, token: Token, anchor_token: Token, kin: Kin) -> tuple[str, str, float] | None:
        """An indefinite kinship phrase with no referent of its own is said of the person the
        passage is about: "such a thing happened to a relative of Stalin"."""
        anchor = self.resolver.entity_of(anchor_token)
        if anchor is None:
            return None
        topics = self.resolver.antecedents(token, kin.gender, frozenset({anchor}))
        return (anchor, topics[0], 0.5) if topics else None

    def _people(self, *ids: str) -> bool:
        return all((e := self.ctx.entity(i)) is not None and e.type == "PER" for i in ids)

    def _asserted(self, token: Token) -> bool:
        """Whether the clause states the relation ("had I been the rector", "wishes me to be
        her sister" do not); a character's statement counts."""
        return walk(token, self.ctx.signals.quoted) in ("realis", "reported")

    def kinship_relations(self, token: Token, kin: Kin) -> list[Relation]:
        link = self.kin_link(token, kin)
        if link is None or not self._people(link[0], link[1]) or not self._asserted(token):
            return []
        anchor, referent, confidence = link
        head, tail = (anchor, referent) if kin.noun == "tail" else (referent, anchor)
        return [self._relation(head, kin.relation, tail, token, kin.word, confidence)]

    # -- posts ----------------------------------------------------------------------------------

    def role_relations(self, token: Token) -> list[Relation]:
        holders = self._holders(token)
        people = [e for e in (self.resolver.entity_of(t) for t in holders) if e is not None]
        people = [e for e in people if (p := self.ctx.entity(e)) is not None and p.type == "PER"]
        if not people or not self._asserted(token):
            return []
        org_id = self._organisation(token)
        org = self.ctx.entity(org_id)
        detail = _title(token)
        found = []
        for person in dict.fromkeys(people):
            tail = org.id if org is not None and org.type in _POST_TYPES else ""
            found.append(self._relation(person, "role", tail, token, detail, 0.9))
            if org is not None and org.type in _ORG_TYPES:
                found.append(self._relation(person, "member_of", org.id, token, detail, 0.9))
        return found

    def _holders(self, token: Token) -> list[Token]:
        head, dep = token.head, token.dep_
        if dep == "appos":
            return [head]
        if dep in ("attr", "acomp") and head.lemma_ in _COPULAS:
            return [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if dep == "oprd" and head.lemma_ in _NAMING_VERBS:
            return [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
        if dep == "pobj" and head.lower_ == "as" and head.head.lemma_ in _AS_VERBS:
            verb = head.head
            return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if dep == "compound" and head.pos_ == "PROPN":
            return [head]  # "General Smith"
        return [c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"]

    def _organisation(self, token: Token) -> str | None:
        """The first organisation (or state) named inside the title's phrase."""
        stack = [c for c in token.children if c.dep_ in ("prep", "compound", "poss")]
        seen = 0
        while stack and seen < 12:
            node = stack.pop(0)
            seen += 1
            if node.pos_ in ("PROPN", "NOUN"):
                entity = self.ctx.entity(self.resolver.entity_of(node))
                if entity is not None and entity.type in _POST_TYPES:
                    return entity.id
            stack.extend(c for c in node.children if c.dep_ in ("pobj", "prep", "poss", "compound"))
        return None

    def _relation(
        self, head: str, kind: str, tail: str, token: Token, detail: str, confidence: float
    ) -> Relation:
        sentence = self.ctx.sentence_of(token)
        start, end = (sentence.start, sentence.end) if sentence else (token.idx, token.idx)
        return Relation(head, kind, tail, self.ctx.id, start, end, detail, confidence)

    def relations(self) -> list[Relation]:
        found: list[Relation] = []
        titles = roles()
        for token in self.ctx.tokens_with(titles | set(kinship()), ("NOUN", "PROPN")):
            kin = _kin(token)
            if kin is not None:
                found.extend(self.kinship_relations(token, kin))
            elif token.lemma_.lower() in titles or token.lower_ in titles:
                found.extend(self.role_relations(token))
        return _dedupe(found)


def _kin(token: Token) -> Kin | None:
    table = kinship()
    doc = token.doc
    if token.i + 4 < len(doc) and [t.lower_ for t in doc[token.i + 1 : token.i + 5]] == _IN_LAW:
        return table.get(f"{token.lower_}-in-law")  # the tokenizer cuts "mother-in-law" up
    return table.get(token.lower_) or table.get(token.lemma_.lower())


def _indefinite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children)


def _title(token: Token) -> str:
    """The title as written, without its article: "political commissar of the Red Army"."""
    words = [t for t in token.subtree if not (t.i < token.i and t.dep_ in ("det", "poss", "case"))]
    left = [t for t in words if t.i <= token.i and t.dep_ not in ("punct",)]
    right = [t for t in words if t.i > token.i and t.dep_ not in ("appos", "relcl", "acl")]
    begin = left[0].i if left else token.i
    end_token = token
    for t in right:
        if (
            t.dep_ in ("prep", "pobj", "poss", "case", "amod", "compound", "det")
            or t.head.i > token.i
        ):
            end_token = t
        else:
            break
    text = token.doc[min(begin, token.i) : end_token.i + 1].text
    return text if 0 < len(text) <= _DETAIL_CHARS else token.text


def _dedupe(relations: list[Relation]) -> list[Relation]:
    """One relation per sentence, and at most a few sentences per fact and document: "Colonel
    Forster" in every chapter is one role, not fifty."""
    seen: set[tuple[str, str, str, int]] = set()
    per_fact: dict[tuple[str, str, str, str | None], int] = {}
    kept = []
    for relation in relations:
        fact = (relation.head, relation.relation, relation.tail, relation.detail)
        key = (relation.head, relation.relation, relation.tail, relation.start)
        if relation.head == relation.tail or key in seen or per_fact.get(fact, 0) >= _EVIDENCE:
            continue
        seen.add(key)
        per_fact[fact] = per_fact.get(fact, 0) + 1
        kept.append(relation)
    return kept


def find_relations(ctx: DocumentContext, resolver: Resolver, family: Family) -> list[Relation]:
    """Kinship and role relations stated in one document, in text order."""
    return _Finder(ctx, resolver, family).relations()


def install_kin_fallback(ctx: DocumentContext, resolver: Resolver, family: Family) -> None:
    """Let ``resolver`` find the named person behind "his wife" for events too."""
    finder = _Finder(ctx, resolver, family)
    resolver.fallback = finder.kin_referent
