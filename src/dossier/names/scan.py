"""One pass over the parsed book: the context of every name, and the names the NER missed.

For each document, in order, the scan

- places every name mention in its (book-wide) sentence and notes its syntactic cues: the
  subject of a person verb (“Rarev said”), a speech tag's subject beside a quotation or a
  name in direct address inside one (both mark a person), the possessor of a person noun
  (“Lebedev’s men”), the object of a place preposition (“in Tula”), an article before it
  (“an old Cossack”);
- finds mentions the statistical NER missed: a capitalised token that is a known name word,
  or sounds like one (“Pogdanof” beside “Bogdanov”), or is coordinated with a name
  (“Lebedev and Sokolov”) — kept as candidates until the book-wide checks of
  :mod:`.accept` pass them;
- notes third-person pronouns outside quotations (for gender), lowercase word counts (to tell
  a name from a word), and description candidates with what they do.

The parsed documents are read once; everything later works on this plain data.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..quotes.lexicon import speech_verbs
from ..records import Mention
from .lexicon import lexicon
from .missed import Found, KnownWords, consider, join_adjacent, runs
from .quoted import in_spans, quote_spans
from .spans import (
    POSSESSIVE_MARKS,
    capitalised_tokens,
    degree_letters,
    nominal_head,
    opens_quotation,
    possessor_within,
    sentence_starts,
    tokens_among,
    word_counts,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..nlp import Parsed

__all__ = ["BookScan", "Description", "NameMention", "scan_book"]

_PLACE_PREPS = frozenset(
    {"in", "at", "into", "near", "through", "across", "outside", "inside", "around", "via",
     "within", "onto", "beyond", "throughout"}
)  # fmt: skip
# “to” and “from” name a place after a verb of motion (“went to Bath”), not after “said to”.
_MOTION_PREPS = frozenset({"to", "from", "toward", "towards"})
_MOTION_VERBS = frozenset(
    {"go", "come", "return", "travel", "walk", "drive", "ride", "move", "send", "arrive",
     "fly", "sail", "run", "hurry", "set", "leave", "escape", "flee", "bring", "carry",
     "remove", "journey", "proceed", "retire", "get", "post", "transfer", "exile", "deport"}
)  # fmt: skip
_INDEFINITE = frozenset(
    {"a", "an", "another", "every", "each", "that", "this", "these", "those", "no", "some", "any",
     "such", "which", "what"}
)  # fmt: skip
_MODALS = frozenset({"could", "would", "might", "should", "may", "can", "must", "shall", "will"})
_OWNERS = frozenset({"his", "her", "their", "its"})
_ADDRESS_END = frozenset({",", "!", "?", ";"})
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})


@dataclass(frozen=True, slots=True)
class NameMention:
    """A name mention with what the scan learnt about it."""

    mention: Mention
    doc: int  # document order in the book
    sentence: int  # book-wide sentence number
    cues: frozenset[str] = frozenset()
    partners: tuple[tuple[int, int], ...] = ()  # (doc, start) of names coordinated with it
    initial: bool = False  # first word of its sentence
    found: str = "ner"  # ner | known | sounds-like | coordinated
    matched: str = ""  # the known word a found mention matched


@dataclass(frozen=True, slots=True)
class Description:
    """A description candidate (“the porter”) and what its sentence says it does."""

    mention: Mention
    doc: int
    sentence: int
    lemma: str  # head noun, “aunt”, “mother-in-law” or “head of department”
    plural: bool
    determiner: str  # “the”, “a”, “an”, … or “” (possessed or bare)
    acts: bool  # subject of a verb said plainly (no modal), or “It was X who …”
    coordinated: bool
    quoted: bool
    possessor: tuple[int, int] | None  # (doc, start) of a proper-name possessor
    appositive: tuple[int, int] | None = None  # (doc, start) of a name in apposition with it


@dataclass
class BookScan:
    names: list[NameMention] = field(default_factory=list)
    found: list[NameMention] = field(default_factory=list)  # candidates, not yet accepted
    descriptions: list[Description] = field(default_factory=list)
    first_person: list[Mention] = field(default_factory=list)
    pronouns: dict[int, list[str]] = field(default_factory=dict)  # sentence -> genders, in order
    lowercase: Counter[str] = field(default_factory=Counter)
    capitalised: Counter[str] = field(default_factory=Counter)  # capitalised words, lowercased
    after_article: Counter[str] = field(default_factory=Counter)  # “an old Cossack”

    def common_noun(self, word: str) -> bool:
        """A capitalised word the book often puts after “a”/“an”: a noun, not a name."""
        articles = self.after_article[word]
        return articles >= max(1, 0.2 * self.capitalised[word])

    documents: dict[str, int] = field(default_factory=dict)
    tokens: int = 0
    sentences: int = 0


def _before(doc: Doc, i: int) -> str:
    """The determiner before token ``i``, past adjectives and adverbs (“an old Cossack”),
    or "" (“that” as a conjunction is no determiner: “that Lvovsky had given”)."""
    j = i - 1
    while j >= 0 and doc[j].pos_ in ("ADJ", "ADV") and j > i - 4:
        j -= 1
    return doc[j].lower_ if j >= 0 and doc[j].pos_ == "DET" else ""


def _owns_person(doc: Doc, last: int, nouns: Mapping[str, object]) -> bool:
    """“Lebedev’s men”, “X’s old servant”, read from the words: the parser often misses them."""
    if last >= len(doc) or doc[last].text not in POSSESSIVE_MARKS:
        return False
    for token in doc[last + 1 : last + 4]:
        if token.is_punct:
            return False
        if token.pos_ == "NOUN":
            return token.lemma_.lower() in nouns
    return False


def _modifier(root: Token, nouns: Mapping[str, object]) -> bool:
    """A name that only modifies a common noun (“the Kirov regiment”, “a Kalashnikov rifle”):
    it names no one there; a person noun or title after it (“the Smith boy”) still does."""
    head = root.head
    return (
        root.dep_ == "compound"
        and head.pos_ == "NOUN"
        and head.i > root.i
        and head.lemma_.lower() not in nouns
        and head.lower_ not in lexicon().titles
    )


def _beside_quote(doc: Doc, root: Token, verb: Token) -> bool:
    """A speech tag: “…,” said Curtis / “…,” asked Curtis / Curtis said, “…” — the verb and
    the name with a quotation mark right before or after them."""
    low, high = min(root.i, verb.i), max(root.i, verb.i)
    window = (*doc[max(0, low - 3) : low], *doc[high + 1 : high + 3])
    return any(token.is_quote for token in window)


def _vocative(doc: Doc, first: int, last: int) -> bool:
    """A name in direct address inside a quotation (“Curtis, will you…”, “…so, Curtis?”):
    after a comma and before punctuation, or opening the quotation before a comma."""
    if first == 0 or last >= len(doc):
        return False
    before, after = doc[first - 1], doc[last]
    if before.text == ",":
        return after.text in _ADDRESS_END
    return before.is_quote and after.text == ","  # never “Morbleu!”, an oath


def _cues(doc: Doc, text: str, first: int, last: int, quoted: bool) -> frozenset[str]:
    verbs, nouns = lexicon().person_verbs, lexicon().person_nouns
    root = doc[first:last].root
    cues: set[str] = set()
    if degree_letters(doc, first, last):
        cues.add("degree")
    if opens_quotation(text, doc[first].idx):
        cues.add("opens")
    if first > 0 and doc[first - 1].lower_ == "the":
        cues.add("after-the")  # “the Admiral Crane”: right after the article
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in verbs:
        cues.add("speaker")
    if (
        root.dep_ in ("nsubj", "dobj")
        and speech_verbs().lemma_of(head.lemma_.lower(), head.lower_) is not None
        and _beside_quote(doc, root, head)
    ):
        cues.add("tag")
    if quoted and _vocative(doc, first, last):
        cues.add("vocative")
    if (root.dep_ == "poss" and head.lemma_.lower() in nouns) or _owns_person(doc, last, nouns):
        cues.add("possessor")
    if root.dep_ == "pobj" and (
        head.lower_ in _PLACE_PREPS
        or (head.lower_ in _MOTION_PREPS and head.head.lemma_.lower() in _MOTION_VERBS)
    ):
        cues.add("locative")
    before = _before(doc, first)
    if before in _INDEFINITE:
        cues.add("article")
    elif before == "the":
        cues.add("the")
    if root.tag_ in ("NNS", "NNPS"):
        cues.add("plural")
    if _modifier(root, nouns):
        cues.add("modifier")
    if quoted:
        cues.add("quoted")
    return frozenset(cues)


def _partners(doc: Doc, first: int, last: int, starts: dict[int, int]) -> list[int]:
    """Token starts of the mentions coordinated with the one at ``[first, last)``."""
    root = doc[first:last].root
    linked = [root.head] if root.dep_ == "conj" else []
    linked.extend(child for child in root.children if child.dep_ == "conj")
    return [starts[t.i] for t in linked if t.i in starts]


def _acts(token: Token) -> bool:
    """Whether a description does something, said plainly: “the porter came in”, “a guard
    later said”, “…,” said the porter (inverted), “It was X’s aunt who opened the door”."""
    if any(c.dep_ == "case" for c in token.children):
        return False  # “the old woman’s answer”, whatever the parser made of it
    if token.dep_ in ("nsubj", "nsubjpass"):
        verb = token.head
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ == "be":
            return False  # being is not acting: “the chief of this news was …”
        return not any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)
    if token.dep_ == "dobj" and token.head.i > 0 and token.head.i < token.i:
        # “…!” exclaimed a man in the crowd: the parser's object of an inverted tag
        before = token.doc[token.head.i - 1]
        if before.text == "," and token.head.i > 1:
            before = token.doc[token.head.i - 2]
        return (
            before.is_quote
            and speech_verbs().lemma_of(token.head.lemma_.lower(), token.head.lower_) is not None
        )
    if token.dep_ == "attr":
        return any(
            c.dep_ == "relcl" and any(g.dep_ == "nsubj" and g.lower_ == "who" for g in c.children)
            for c in token.children
        )
    return False


class _DocScanner:
    """Scans one document; appends to the :class:`BookScan`."""

    def __init__(self, scan: BookScan, known: KnownWords, parsed: Parsed, order: int) -> None:
        self.scan, self.known = scan, known
        self.document, self.doc = parsed.document, parsed.doc
        self.order = order
        self.quotes = quote_spans(self.document.text, self.document.body_start)
        self.quote_starts = [s for s, _ in self.quotes]
        self.token_starts = self.doc.to_array("IDX").tolist()
        self.sent_starts = sentence_starts(self.doc)
        self.first_sentence = scan.sentences
        self.name_roots: dict[int, tuple[int, int]] = {}  # root token of each name -> its span

    def sentence(self, token_index: int) -> int:
        return self.first_sentence + bisect_right(self.sent_starts, token_index) - 1

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        first = bisect_right(self.token_starts, start) - 1
        last = bisect_right(self.token_starts, end - 1)
        return max(first, 0), max(last, first + 1)

    def initial(self, i: int) -> bool:
        """Whether token ``i`` opens its sentence (past quotation marks and punctuation)."""
        start = self.sent_starts[bisect_right(self.sent_starts, i) - 1]
        return all(t.is_punct or t.is_space for t in self.doc[start:i])

    def quoted(self, offset: int) -> bool:
        return in_spans(self.quotes, self.quote_starts, offset)

    def run(self, mentions: Sequence[Mention]) -> None:
        doc = self.doc
        names = [m for m in mentions if m.kind == "PROP"]
        ranges = [self.token_range(m.start, m.end) for m in names]
        covered = {i for first, last in ranges for i in range(first, last)}
        found = self.search(covered, {r[1] - 1 for r in ranges})
        everything = [(m, r, "ner", "") for m, r in zip(names, ranges, strict=True)]
        everything = join_adjacent(doc, self.document.text, everything, found)
        root_starts = {doc[a:b].root.i: m.start for m, (a, b), _, _ in everything}
        self.name_roots = {doc[a:b].root.i: (m.start, m.end) for m, (a, b), _, _ in everything}
        for mention, (first, last), how, matched in everything:
            record = NameMention(
                mention,
                self.order,
                self.sentence(first),
                _cues(doc, self.document.text, first, last, self.quoted(mention.start)),
                tuple((self.order, s) for s in _partners(doc, first, last, root_starts)),
                self.initial(first),
                how,
                matched,
            )
            (self.scan.names if how == "ner" else self.scan.found).append(record)
        for mention in mentions:
            if mention.kind == "NOM":
                self.describe(mention)
            elif mention.kind == "PRON":
                self.scan.first_person.append(mention)
        self.scan.sentences += len(self.sent_starts)
        self.scan.tokens += len(doc)

    def search(self, covered: set[int], roots: set[int]) -> list[Found]:
        """Capitalised tokens the NER left out that are missed names (:mod:`.missed`);
        pronouns, lowercase and capitalised words are counted on the way."""
        doc, scan = self.doc, self.scan
        for i in tokens_among(doc, _MALE | _FEMALE):
            token = doc[i]
            if token.pos_ == "PRON" and not self.quoted(token.idx):
                gender = "male" if token.lower_ in _MALE else "female"
                scan.pronouns.setdefault(self.sentence(i), []).append(gender)
        scan.lowercase.update(word_counts(doc))
        hits: dict[int, tuple[str, str]] = {}
        for i in capitalised_tokens(doc, self.document.body_start):
            token = doc[i]
            lower = token.lower_
            if not token.is_alpha or lower in _MALE or lower in _FEMALE:
                continue
            scan.capitalised[lower] += 1
            if _before(doc, i) in ("a", "an", "another", "every", "each"):
                scan.after_article[lower] += 1
            if i not in covered and (hit := consider(token, self.known, roots)):
                hits[i] = hit
        return runs(doc, self.document.id, hits)

    def describe(self, mention: Mention) -> None:
        doc = self.doc
        first, last = self.token_range(mention.start, mention.end)
        # “the child’s nurse” is a nurse: a possessor is not the head
        heads = (t for t in doc[first:last] if nominal_head(t) and not possessor_within(t, last))
        head = next(heads, None)
        if head is None:
            return
        lemma = nominal_head(head) or ""
        of = [c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of" and c.i < last]
        possessor = None
        k = first
        while k < head.i and doc[k].pos_ == "PROPN" and doc[k].text not in POSSESSIVE_MARKS:
            k += 1
        if k > first and doc[k].text in POSSESSIVE_MARKS:
            possessor = (self.order, doc[first].idx)
        if of:
            objects = [c for c in of[0].children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ == "PROPN" and lexicon().person_nouns[lemma][1] == "kin":
                possessor = (self.order, doc[objects[0].left_edge.i].idx)
            elif objects:
                lemma = f"{lemma} of {objects[0].lemma_.lower()}"
        determiner = doc[first].lower_ if doc[first].dep_ == "det" else ""
        self.scan.descriptions.append(
            Description(
                mention,
                self.order,
                self.sentence(head.i),
                lemma,
                head.tag_ == "NNS",
                determiner,
                _acts(head),
                head.dep_ == "conj" or any(c.dep_ == "conj" for c in head.children),
                self.quoted(mention.start),
                possessor,
                self.appositive(head, mention),
            )
        )

    def appositive(self, head: Token, mention: Mention) -> tuple[int, int] | None:
        """The name in apposition with a description, a comma or a space between them (“my
        good friend, Master Roger Fenn”, “Roger Fenn, my good friend”, “my sister Rose”): one
        person, written twice. Not one owned by someone else (“Millie, her maid”: the owner
        is in view, and the maid's words are not hers)."""
        if mention.text.split(" ", 1)[0].lower() in _OWNERS:
            return None
        linked = [head.head] if head.dep_ == "appos" else []
        linked += [c for c in head.children if c.dep_ == "appos"]
        text = self.document.text
        for token in linked:
            span = self.name_roots.get(token.i)
            if span is None or token.pos_ != "PROPN":
                continue
            between = text[min(span[1], mention.end) : max(span[0], mention.start)]
            if between.strip() in ("", ","):  # “my sister Rose”, “my friend, Roger Fenn”
                return (self.order, span[0])
        return None


def scan_book(parsed: Iterable[Parsed], mentions: Sequence[Mention]) -> BookScan:
    """Scan every document of the book once, in order (see the module docstring)."""
    scan = BookScan()
    known = KnownWords.build(mentions)
    by_doc: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_doc.setdefault(mention.doc, []).append(mention)
    for order, item in enumerate(parsed):
        scan.documents[item.document.id] = order
        _DocScanner(scan, known, item, order).run(by_doc.get(item.document.id, []))
    return scan
