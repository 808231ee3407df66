"""What attribution looks up while it reads one document: tokens, sentences and paragraphs by
offset, which text is quoted, and which people were mentioned lately (for pronouns).

Every lookup bisects sorted offsets; nothing scans the document per quote.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..index import MentionIndex
from ..records import Entity, Gender, Paragraph
from .detect import QuoteSpan
from .lexicon import gender_words, person_nouns

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..nlp import Parsed

__all__ = ["PRONOUN_GENDER", "Book", "DocContext", "Person"]

PRONOUN_GENDER: dict[str, Gender] = {
    "he": "male",
    "him": "male",
    "his": "male",
    "himself": "male",
    "she": "female",
    "her": "female",
    "hers": "female",
    "herself": "female",
}
_DEFINITE = frozenset({"the", "this", "that"})
_OTHER_NAME = frozenset({"step", "half", "foster", "adopted"})
# relatives who usually bear the same surname (“his wife” of Mr. Bennet is Mrs. Bennet)
_SAME_SURNAME = frozenset(
    {"wife", "husband", "lady", "mother", "father", "son", "daughter", "brother", "sister"}
)
# nouns for a young person, any of which may describe the same child
_YOUNG = frozenset({"child", "boy", "girl", "lad", "lass", "kid", "youngster", "urchin", "youth"})
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine"})
# how far back a pronoun looks for its antecedent, in characters
PRONOUN_WINDOW = 2500
# a described person named by one of these (“another”, “one of the colts”, “somebody else”)
# speaks once from a group: no partner in a dialogue
_PASSING = frozenset({"another", "one", "other", "somebody", "someone"})


@dataclass(frozen=True, slots=True)
class Person:
    """The parts of an entity that attribution needs."""

    id: str
    gender: Gender | None
    narrator: bool
    person: bool  # a PER entity (named or not) or the narrator: a possible antecedent


def _guess_gender(entity: Entity) -> Gender | None:
    """The names stage's gender, else a vote of gendered words in its names and descriptions
    (“Mrs. Long”, “the old woman”): first words (titles) and last words (heads)."""
    if entity.gender is not None:
        return entity.gender
    words = gender_words()
    votes: Counter[Gender] = Counter()
    for text in (entity.name, *entity.aliases, *(m.text for m in entity.mentions[:50])):
        parts = text.lower().split()
        for word in {parts[0], parts[-1]} if parts else ():
            gender = words.get(word)
            if gender:
                votes[gender] += 1
    if not votes:
        return None
    (best, count), *rest = votes.most_common()
    return best if not rest or count > 2 * rest[0][1] else None


def _main_clause(subject: Token) -> bool:
    """Whether a subject's verb heads its sentence (or a clause coordinated with it): “He told
    me that Rarov had been watching him” — he, not Rarov, is the one in view."""
    verb = subject.head
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


class Book:
    """The entities of a book, indexed for attribution."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.index = MentionIndex(entities)
        self.people: dict[str, Person] = {}
        self.narrator: str | None = None
        # lower-case words of every person's names: “the parson” may mean Parson Tringham
        self.name_words: dict[str, frozenset[str]] = {}
        self.surnames: dict[str, str] = {}  # the last word of a person's name
        self.passing: set[str] = set()  # speakers from a group, not dialogue partners
        self.described = frozenset(e.id for e in entities if e.description)
        by_doc: dict[str, list[tuple[int, int, str]]] = {}
        for entity in entities:
            person = entity.type == "PER" or entity.narrator
            self.people[entity.id] = Person(
                entity.id, _guess_gender(entity), entity.narrator, person
            )
            if entity.narrator and self.narrator is None:
                self.narrator = entity.id
            if not person:
                continue
            parts = entity.name.split()
            if entity.description and _PASSING & {p.lower() for p in parts[:2]}:
                self.passing.add(entity.id)
            if len(parts) > 1 and not entity.description:
                self.surnames[entity.id] = parts[-1].strip(".,’'").lower()
            self.name_words[entity.id] = frozenset(
                word.strip(".,’'").lower()
                for text in (entity.name, *entity.aliases)
                for word in text.split()
            )
            for mention in entity.mentions:
                # antecedents are names and descriptions; only the narrator's “I” counts too
                if mention.kind != "PRON" or entity.narrator:
                    by_doc.setdefault(mention.doc, []).append(
                        (mention.start, mention.end, entity.id)
                    )
        self.mentions = {doc: sorted(rows) for doc, rows in by_doc.items()}
        holders: dict[str, list[str]] = {}
        for entity_id, words in self.name_words.items():
            for word in words:
                holders.setdefault(word, []).append(entity_id)
        self.holders = holders


class DocContext:
    """One parsed document with its paragraphs and speech quotations, ready for lookups."""

    def __init__(
        self,
        parsed: Parsed,
        paragraphs: Sequence[Paragraph],
        speech: Sequence[QuoteSpan],
        book: Book,
    ) -> None:
        self.doc: Doc = parsed.doc
        self.text = parsed.document.text
        self.doc_id = parsed.document.id
        self.book = book
        self.paragraphs = list(paragraphs)
        self.starts = [token.idx for token in self.doc]
        # a pipeline without a parser or sentencizer leaves one sentence per document
        self.sentence_starts = (
            [sent.start for sent in self.doc.sents]
            if self.doc.has_annotation("SENT_START") or self.doc.has_annotation("DEP")
            else [0]
        )
        self.quote_starts = [span.start for span in speech]
        self.quote_ends = [span.end for span in speech]
        rows = [
            (start, end, entity)
            for start, end, entity in book.mentions.get(self.doc_id, ())
            if not self.in_quote(start)
        ]
        if book.narrator is not None:
            known = {start for start, _, _ in rows}
            rows.extend(
                (t.idx, t.idx + len(t), book.narrator)
                for t in self.doc
                if t.lower_ in FIRST_PERSON and t.idx not in known and not self.in_quote(t.idx)
            )
            rows.sort()
        self.narration = rows
        # a plural phrase (“Bokor’s men”) is no antecedent of he or she
        self.plural = {start for start, end, _ in rows if self._plural(end)}
        self.roles = {start: self._role(start, end) for start, end, _ in rows}
        self.narration_starts = [start for start, _, _ in rows]
        self.spoken_starts: list[int] = []
        self.spoken: list[str] = []

    def _role(self, start: int, end: int) -> int:
        """Salience of a mention by its grammatical role: subject 0, other 1, possessor 2."""
        first, last = self.token_at(start), self.token_at(end)
        for token in self.doc[first:last]:
            if not first <= token.head.i < last or token.head is token:
                if token.dep_ in ("nsubj", "nsubjpass"):
                    return 0 if _main_clause(token) else 1
                return 2 if token.dep_ == "poss" else 1
        return 1

    def _plural(self, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1
        return i >= 0 and self.doc[i].tag_ in ("NNS", "NNPS")

    # -- offsets ------------------------------------------------------------------------------

    def token_at(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect_left(self.starts, char)

    def in_quote(self, char: int) -> bool:
        """Whether ``char`` lies inside a speech quotation (marks included)."""
        i = bisect_right(self.quote_starts, char) - 1
        return i >= 0 and char < self.quote_ends[i]

    def sentence(self, token: int) -> tuple[int, int]:
        """Token range ``[start, end)`` of the sentence holding ``token``."""
        i = bisect_right(self.sentence_starts, token) - 1
        start = self.sentence_starts[i] if i >= 0 else 0
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.doc)
        return start, end

    # -- entities -----------------------------------------------------------------------------

    def entity_of(self, token: Token) -> str | None:
        """The entity of the mention covering ``token`` (the head of a noun phrase)."""
        start, end = token.idx, token.idx + len(token)
        best, best_key = None, (0, 0)
        for mention, entity in self.book.index.within(self.doc_id, start, end):
            key = (min(end, mention.end) - max(start, mention.start), mention.end - mention.start)
            if key > best_key:
                best, best_key = entity, key
        return best

    def add_speaker(self, char: int, entity: str) -> None:
        """Record that ``entity`` spoke at ``char``: speakers stay salient for pronouns
        (“…,” said Holmes. … “…,” he answered)."""
        if not self.spoken_starts or char >= self.spoken_starts[-1]:
            self.spoken_starts.append(char)
            self.spoken.append(entity)

    def _candidates(self, char: int) -> list[tuple[int, int, str]]:
        """(start, role, entity) of people named or speaking before ``char``, in reach."""
        found: list[tuple[int, int, str]] = []
        i = bisect_left(self.narration_starts, char) - 1
        while i >= 0 and char - self.narration_starts[i] <= PRONOUN_WINDOW:
            start, _, entity = self.narration[i]
            if start not in self.plural:
                found.append((start, self.roles[start], entity))
            i -= 1
        i = bisect_left(self.spoken_starts, char) - 1
        while i >= 0 and char - self.spoken_starts[i] <= PRONOUN_WINDOW:
            found.append((self.spoken_starts[i], 0, self.spoken[i]))
            i -= 1
        return found

    def resolve_pronoun(
        self,
        char: int,
        gender: Gender | None,
        exclude: frozenset[str] = frozenset(),
        depth: int = 0,
    ) -> str | None:
        """The person a third-person pronoun at ``char`` most likely means.

        Candidates are people mentioned outside quotations, or speaking, before it. One whose
        gender agrees beats one of unknown gender. Within the pronoun's own sentence and the
        one before, a subject (or speaker) beats an object and an object a possessor
        (“Aliluyev went to Stalin’s dacha. The doorman told him…” → Aliluyev); further back,
        the latest wins. A subject pronoun of the same gender in reach passes the question on
        to its own antecedent (“The clergyman explained… he had no doubt. “…,” said he”).
        """
        token = self.token_at(char)
        sentence_start = self.sentence(token)[0]
        near_token = self.sentence(sentence_start - 1)[0] if sentence_start > 0 else 0
        near = self.starts[near_token] if near_token < len(self.starts) else char
        ranked: list[tuple[int, int, int, str]] = []
        for start, role, entity in self._candidates(char):
            person = self.book.people.get(entity)
            if person is None or person.narrator or entity in exclude:
                continue
            if gender is not None and person.gender not in (gender, None):
                continue
            # a description acting right before it whose gender nobody told (“The surgeon
            # leaned over. “…,” he said”) agrees as well as one of the right gender
            untold = person.gender is None and entity in self.book.described
            near_actor = untold and start >= near and role == 0
            agrees = 0 if gender is None or person.gender == gender or near_actor else 1
            ranked.append((agrees, role if start >= near else 3, -start, entity))
        if gender is not None and depth < 4:
            for i in range(near_token, min(token, len(self.doc))):
                link = self.doc[i]
                if (
                    link.dep_ == "nsubj"
                    and PRONOUN_GENDER.get(link.lower_) == gender
                    and not self.in_quote(link.idx)
                ):
                    role = 0 if _main_clause(link) else 1
                    ranked.append((0, role, -link.idx, ""))  # "" marks a pronoun to follow
        if not ranked:
            return self._latest(char, gender, exclude) if gender is not None else None
        best = min(ranked)
        if best[3] == "":
            return self.resolve_pronoun(-best[2], gender, exclude, depth + 1)
        return best[3]

    def _latest(self, char: int, gender: Gender, exclude: frozenset[str]) -> str | None:
        """The latest person of ``gender`` named anywhere before ``char`` (out of reach of
        :meth:`resolve_pronoun`'s window: a chapter's protagonist, long unnamed)."""
        i = bisect_left(self.narration_starts, char) - 1
        while i >= 0:
            entity = self.narration[i][2]
            person = self.book.people.get(entity)
            if person and person.gender == gender and not person.narrator and entity not in exclude:
                return entity
            i -= 1
        return None

    def resolve_description(self, token: Token, others: frozenset[str] = frozenset()) -> str | None:
        """The person a definite description without a mention of its own means (“said the
        parson” → Parson Tringham, “the old man” → the man last in view): the latest person
        whose names hold its head noun (“the child” → “a small boy”; else the only one in the
        book), else, for a gendered noun, whom a pronoun of that gender would mean; a possessed
        one (“his uncle”, “her cousin”) is someone other than the possessor; never one of
        ``others``."""
        article = any(c.lower_ in _DEFINITE for c in token.children)
        owned = any(c.dep_ == "poss" for c in token.children)
        head = token.lemma_.lower() if token.pos_ == "NOUN" else token.lower_
        gender = gender_words().get(head)
        # “the parson”, “the Rabbit”: a title or name word; never “his lady” (a relation)
        if (article or token.pos_ == "PROPN") and not owned:
            # “the child” is the one introduced as “a small boy”
            words = _YOUNG if head in _YOUNG else frozenset({head})
            for _, _, entity in sorted(self._candidates(token.idx), reverse=True):
                if entity not in others and words & self.book.name_words.get(entity, frozenset()):
                    return entity
            holders = self.book.holders.get(head, ())
            if len(holders) == 1 and gender is None and holders[0] not in others:
                return holders[0]
        if gender is not None and owned and head in _SAME_SURNAME:
            relative = self._relative(token, gender)
            if relative is not None:
                return relative
        # “said his uncle”, “said her cousin”: someone other than the possessor
        exclude = frozenset({self._owner(token) or ""}) if owned else frozenset()
        if gender is not None and (article or owned):
            found = self.resolve_pronoun(token.idx, gender, exclude | others)
            if found or not exclude:
                return found
            return self.resolve_pronoun(token.idx, gender, others)
        if owned and head in person_nouns():
            return self.resolve_pronoun(token.idx, None, exclude | others)
        return None

    def _owner(self, token: Token) -> str | None:
        """Who the possessor of a noun phrase is (“his” → the man in view, “Ivan’s” → Ivan)."""
        owner = next(c for c in token.children if c.dep_ == "poss")
        gender = PRONOUN_GENDER.get(owner.lower_)
        if gender is not None:
            return self.resolve_pronoun(owner.idx, gender)
        if owner.lower_ in FIRST_PERSON:
            return self.book.narrator
        return self.entity_of(owner)

    def _relative(self, token: Token, gender: Gender) -> str | None:
        """“his wife”, “her father”: the one person of that gender who bears the possessor's
        surname (“Mr. Bennet” … “his wife” → Mrs. Bennet)."""
        if any(w.lower_ in _OTHER_NAME for w in self.doc[max(0, token.i - 2) : token.i]):
            return None  # a step-son or half-brother may bear another name
        found = self._owner(token)
        surname = self.book.surnames.get(found or "")
        if surname is None:
            return None
        family = [
            entity
            for entity in self.book.holders.get(surname, ())
            if entity != found and self.book.people[entity].gender == gender
        ]
        return family[0] if len(family) == 1 else None

    def latest_people(self, char: int, count: int) -> list[str]:
        """Up to ``count`` different people (not the narrator) last named before ``char``
        outside quotations and within reach, the latest first: “the latter” is the first,
        “the former” the second."""
        found: list[str] = []
        i = bisect_left(self.narration_starts, char) - 1
        while i >= 0 and len(found) < count and char - self.narration_starts[i] <= PRONOUN_WINDOW:
            entity = self.narration[i][2]
            person = self.book.people.get(entity)
            if person is not None and person.person and not person.narrator and entity not in found:
                found.append(entity)
            i -= 1
        return found

    def recent_person(
        self, char: int, exclude: frozenset[str], window: int = 600, floor: int = 0
    ) -> str | None:
        """The latest person (the narrator included) named before ``char`` outside quotations,
        not in ``exclude``, within ``window`` characters and after ``floor``; the subject of a
        clause beats an object (“Yezhov ordered them to arrest Ivanov’s sons”)."""
        fallback = None
        i = bisect_left(self.narration_starts, char) - 1
        while i >= 0:
            start, _, entity = self.narration[i]
            i -= 1
            if char - start > window or start < floor:
                break
            person = self.book.people.get(entity)
            if entity in exclude or person is None or not person.person:
                continue
            if self.roles[start] == 0:
                return entity
            fallback = fallback or entity
        return fallback

    def paragraph_tokens(self, paragraph: Paragraph) -> tuple[int, int]:
        return self.token_at(paragraph.start), self.token_at(paragraph.end)
