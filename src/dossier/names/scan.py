"""One pass over the parsed book: the context of every name, and the names the NER missed.

For each document, in order, the scan

- places every name mention in its (book-wide) sentence and notes its syntactic cues: the
  subject of a person verb (“Yerev said”), the possessor of a person noun (“Bokor’s men”), the
  object of a place preposition (“in Paris”), an article before it (“an old Bolshevik”);
- finds mentions the statistical NER missed: a capitalised token that is a known name word,
  or sounds like one (“Bavel” beside “Pavel”), or is coordinated with a name (“Yagoda and
  Pauker”) — kept as candidates until the book-wide checks of :mod:`.resolve` accept them;
- notes third-person pronouns outside quotations (for gender), lowercase word counts (to tell
  a name from a word), and description candidates with what they do.

The parsed documents are read once; everything later works on this plain data.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..records import Mention
from .forms import PARTICLES, female_surname, male_surname, parse_name
from .lexicon import lexicon, name_key
from .quoted import in_spans, quote_spans
from .skeleton import phonetic_keys
from .spans import POSSESSIVE_MARKS, nominal_head, title_start
from .variants import THRESHOLD, WordStats, score_pair

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
    """A description candidate (“the doorman”) and what its sentence says it does."""

    mention: Mention
    doc: int
    sentence: int
    lemma: str  # head noun, “mother-in-law” or “chief of station”
    plural: bool
    determiner: str  # “the”, “a”, “an”, … or “” (possessed or bare)
    acts: bool  # subject of a verb said plainly (no modal), or “It was X who …”
    coordinated: bool
    quoted: bool
    possessor: tuple[int, int] | None  # (doc, start) of a proper-name possessor


@dataclass
class BookScan:
    names: list[NameMention] = field(default_factory=list)
    found: list[NameMention] = field(default_factory=list)  # candidates, not yet accepted
    descriptions: list[Description] = field(default_factory=list)
    first_person: list[Mention] = field(default_factory=list)
    pronouns: dict[int, list[str]] = field(default_factory=dict)  # sentence -> genders, in order
    lowercase: Counter[str] = field(default_factory=Counter)
    capitalised: Counter[str] = field(default_factory=Counter)  # capitalised words, lowercased
    after_article: Counter[str] = field(default_factory=Counter)  # “an old Bolshevik”

    def common_noun(self, word: str) -> bool:
        """A capitalised word the book often puts after “a”/“an”: a noun, not a name."""
        articles = self.after_article[word]
        return articles >= max(1, 0.2 * self.capitalised[word])
    documents: dict[str, int] = field(default_factory=dict)
    tokens: int = 0
    sentences: int = 0


@dataclass
class _Known:
    """Name words known from the recogniser's mentions, for the search for missed ones."""

    words: set[str] = field(default_factory=set)
    by_skeleton: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, mentions: Iterable[Mention]) -> _Known:
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


def _sentence_initial(token: Token) -> bool:
    sent = token.sent
    for earlier in sent.doc[sent.start : token.i]:
        if not (earlier.is_punct or earlier.is_space):
            return False
    return True


def _before(doc: Doc, i: int) -> str:
    """The determiner before token ``i``, past adjectives and adverbs (“an old Bolshevik”),
    or "" (“that” as a conjunction is no determiner: “that Trotsky had given”)."""
    j = i - 1
    while j >= 0 and doc[j].pos_ in ("ADJ", "ADV") and j > i - 4:
        j -= 1
    return doc[j].lower_ if j >= 0 and doc[j].pos_ == "DET" else ""


def _cues(doc: Doc, first: int, last: int, quoted: bool) -> frozenset[str]:
    verbs, nouns = lexicon().person_verbs, lexicon().person_nouns
    root = doc[first:last].root
    cues: set[str] = set()
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in verbs:
        cues.add("speaker")
    if root.dep_ == "poss" and head.lemma_.lower() in nouns:
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
    """Whether a description does something, said plainly: “the doorman came up”, “an
    interrogator later said”, “It was X’s mother-in-law who answered”."""
    if any(c.dep_ == "case" for c in token.children):
        return False  # “the old woman’s answer”, whatever the parser made of it
    if token.dep_ in ("nsubj", "nsubjpass"):
        verb = token.head
        if verb.pos_ not in ("VERB", "AUX"):
            return False
        return not any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)
    if token.dep_ == "attr":
        return any(
            c.dep_ == "relcl" and any(g.dep_ == "nsubj" and g.lower_ == "who" for g in c.children)
            for c in token.children
        )
    return False


class _DocScanner:
    """Scans one document; appends to the :class:`BookScan`."""

    def __init__(self, scan: BookScan, known: _Known, parsed: Parsed, order: int) -> None:
        self.scan, self.known = scan, known
        self.document, self.doc = parsed.document, parsed.doc
        self.order = order
        self.quotes = quote_spans(self.document.text, self.document.body_start)
        self.quote_starts = [s for s, _ in self.quotes]
        self.token_starts = [t.idx for t in self.doc]
        self.sent_starts = [s.start for s in self.doc.sents]
        self.first_sentence = scan.sentences

    def sentence(self, token_index: int) -> int:
        return self.first_sentence + bisect_right(self.sent_starts, token_index) - 1

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        first = bisect_right(self.token_starts, start) - 1
        last = bisect_right(self.token_starts, end - 1)
        return max(first, 0), max(last, first + 1)

    def quoted(self, offset: int) -> bool:
        return in_spans(self.quotes, self.quote_starts, offset)

    def run(self, mentions: Sequence[Mention]) -> None:
        doc = self.doc
        names = [m for m in mentions if m.kind == "PROP"]
        ranges = [self.token_range(m.start, m.end) for m in names]
        covered = {i for first, last in ranges for i in range(first, last)}
        found = self.search(covered, {r[1] - 1 for r in ranges})
        everything = [(m, r, "ner", "") for m, r in zip(names, ranges, strict=True)]
        everything = self.join_adjacent(everything, found)
        root_starts = {doc[f:l].root.i: m.start for m, (f, l), _, _ in everything}
        for mention, (first, last), how, matched in everything:
            record = NameMention(
                mention,
                self.order,
                self.sentence(first),
                _cues(doc, first, last, self.quoted(mention.start)),
                tuple((self.order, s) for s in _partners(doc, first, last, root_starts)),
                _sentence_initial(doc[first]),
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

    def join_adjacent(
        self,
        recognised: list[tuple[Mention, tuple[int, int], str, str]],
        found: list[tuple[Mention, tuple[int, int], str, str]],
    ) -> list[tuple[Mention, tuple[int, int], str, str]]:
        """Names side by side are one name: “Lidia” + “Vorontsova” is “Lidia Vorontsova”."""
        merged: list[tuple[Mention, tuple[int, int], str, str]] = []
        for item in sorted(recognised + found, key=lambda x: x[1]):
            if merged and merged[-1][1][1] == item[1][0] and self.one_name(merged[-1], item):
                old, (a, _), how, matched = merged[-1]
                if how != "ner":
                    how, matched = item[2], item[3]
                span = self.doc[a : item[1][1]]
                label = "PER" if "PER" in (old.label, item[0].label) else old.label
                mention = Mention(old.doc, span.start_char, span.end_char, span.text, label)
                merged[-1] = (mention, (a, item[1][1]), how, matched)
            else:
                merged.append(item)
        return merged

    def one_name(
        self,
        left: tuple[Mention, tuple[int, int], str, str],
        right: tuple[Mention, tuple[int, int], str, str],
    ) -> bool:
        """Two name spans side by side, parted by one space: a given name and a surname the
        recogniser cut in two (“Lidia” ORG + “Vorontsova” GPE)."""
        between = self.document.text[left[0].end : right[0].start]
        if between != " " or parse_name(right[0].text).titles:
            return False  # “Poor” + “Mr. Woodhouse” is no one name
        if any(t.is_stop for t in self.doc[left[1][0] : right[1][1]]):
            return False  # “Now” + “Emma”
        words = parse_name(left[0].text).keys + parse_name(right[0].text).keys
        lex = lexicon()
        return "PER" in (left[0].label, right[0].label) or (
            len(words) >= 2
            and (words[0] in lex.given or male_surname(words[-1]) or female_surname(words[-1]))
        )

    def search(
        self, covered: set[int], roots: set[int]
    ) -> list[tuple[Mention, tuple[int, int], str, str]]:
        """Capitalised tokens the NER left out that are, or sound like, known name words;
        pronouns and lowercase words are counted on the way."""
        doc, scan = self.doc, self.scan
        titles = lexicon().titles
        hits: dict[int, tuple[str, str]] = {}
        body = self.document.body_start
        for token in doc:
            text = token.text
            if not text[:1].isupper():
                if token.is_alpha and text.islower():
                    scan.lowercase[text] += 1
                    lower = text
                    if lower in _MALE or lower in _FEMALE:
                        if token.pos_ == "PRON" and not self.quoted(token.idx):
                            gender = "male" if lower in _MALE else "female"
                            scan.pronouns.setdefault(self.sentence(token.i), []).append(gender)
                continue
            if token.idx < body or not token.is_alpha:
                continue
            lower = token.lower_
            scan.capitalised[lower] += 1
            if _before(doc, token.i) in ("a", "an", "another", "every", "each"):
                scan.after_article[lower] += 1
            if token.i in covered:
                continue
            if lower in ("he", "she", "his", "her", "him") and token.pos_ == "PRON":
                if not self.quoted(token.idx):
                    gender = "male" if lower in _MALE else "female"
                    scan.pronouns.setdefault(self.sentence(token.i), []).append(gender)
                continue
            key = name_key(text)
            if lower in titles or lower in PARTICLES or len(key) < 2:
                continue
            if key in self.known.words:
                hits[token.i] = ("known", key)
            elif token.pos_ == "PROPN" and not token.is_stop and len(key) >= 4:
                similar = self.known.sounds_like(key)
                if similar is not None:
                    hits[token.i] = ("sounds-like", similar)
                elif (token.dep_ == "conj" and token.head.i in roots) or any(
                    c.dep_ == "conj" and c.i in roots for c in token.children
                ):
                    hits[token.i] = ("coordinated", "")
        return self.runs(hits)

    def runs(
        self, hits: dict[int, tuple[str, str]]
    ) -> list[tuple[Mention, tuple[int, int], str, str]]:
        """Adjacent hits become one mention (“Nadezhda Aliluyeva”), with a title before it."""
        doc, document = self.doc, self.document
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
            label = "PER" if last - first > 1 or how != "known" else ""
            mention = Mention(
                document.id, span.start_char, span.end_char, span.text, label or "PER", "PROP",
                "lexicon",
            )  # fmt: skip
            found.append((mention, (first, last), how, matched))
            i = j + 1
        return found

    def describe(self, mention: Mention) -> None:
        doc = self.doc
        first, last = self.token_range(mention.start, mention.end)
        head = next((t for t in doc[first:last] if nominal_head(t)), None)
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
            )
        )


def scan_book(parsed: Iterable[Parsed], mentions: Sequence[Mention]) -> BookScan:
    """Scan every document of the book once, in order (see the module docstring)."""
    scan = BookScan()
    known = _Known.build(mentions)
    by_doc: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_doc.setdefault(mention.doc, []).append(mention)
    for order, item in enumerate(parsed):
        scan.documents[item.document.id] = order
        _DocScanner(scan, known, item, order).run(by_doc.get(item.document.id, []))
    return scan
