"""End-to-end quotation attribution on LitBank: detection and speaker accuracy, per book.

    python bench/quotes_litbank.py [--split N --part test|dev|train] [--books PATTERN]
                                   [--original] [--heuristic] [--oracle] [--details] [--timing]
    python bench/quotes_litbank.py --breaks [--novels]

LitBank (Bamman et al. 2019-2020, CC BY 4.0; ../shared/data/litbank) gives ~2,000 tokens of
each of 100 novels, tokenized one sentence per line, with quotations (QUOTE: sentence/token
spans; ATTRIB: the speaker's coreference chain) and coreference chains (T-lines labelled with
the chain id, character offsets into the same tokenized text).

Each excerpt is detokenized into a plain text (with a token offset map) and run through the
whole Dossier pipeline (``analyze_documents``), which must find its own quotations and its own
people. The tokenized files keep sentences but lose paragraphs, and attribution leans on
paragraphs (one paragraph, one speaker's turn), so they are rebuilt. For the excerpts whose
novel is in ``original/`` the original breaks are used (the characters match exactly); for the
others (and with ``--heuristic``) they are guessed from the tokens alone, as novels are typeset:

- the marks: double quotation marks unless single ones open more sentences, dashes when neither;
  a straight mark opening a sentence opens, one ending it closes, the others alternate;
- a speech running over several sentences stays one paragraph; an opening mark while it is
  still open starts its next paragraph (or a new quotation after an unclosed one);
- a sentence opening with a quotation mark starts a paragraph (a new turn), except after
  narration ending in a colon or comma, and except after a quotation closed by its own speech
  tag (``“…,” said Jane.``), where the same speaker usually goes on, unless the tagged quotation
  was a question (what follows is the answer), the new one is a one- or two-word quotation or
  opens with yes or no after a non-exclamation (a reply), or it has a tag of its own, in the
  sentence or as the next sentence, whose subject is another word (``said Tom``);
- narration after a closed quotation starts a paragraph unless it is that quotation's tag
  (a lower-case start, or at most eight words with a strong speech verb among the first three);
  other narration goes on in the paragraph.

``--breaks`` scores these guesses against the real breaks of the ``original/`` excerpts, and
with ``--novels`` of those whole novels (split into sentences by the Dossier pipeline, joined
at colons and commas as LitBank never ends a sentence there): precision, recall and F1 of all
paragraph starts and of the starts of sentences that open with a quotation mark.

A predicted speaker is mapped to a LitBank chain by the majority of its mentions that overlap
chain mentions (largest overlap per mention); its mentions are its names and descriptions and
the words of the speech tags the attribution took for it (“he said”: Dossier's own
coreference decision, which LitBank annotates as a chain mention like any other). A gold
quotation is detected when a predicted speech quotation overlaps it; its speaker is right when
that quotation's speaker maps to the gold chain. Precision: predicted speech quotations
overlapping some gold quotation.
``--timing`` times ``find_quotes`` against the rest of the pipeline on the ``original/`` novels.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.nlp import load_pipeline, parse_documents
from dossier.pipeline import analyze_documents
from dossier.quotes import find_quotes
from dossier.quotes.lexicon import speech_verbs
from dossier.records import ENTITY_TYPES, Analysis, Document, Entity, Mention

LITBANK = Path(__file__).resolve().parents[2] / "shared" / "data" / "litbank"
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "”", "’", "…", "n't", "n’t"}
_NO_SPACE_AFTER = {"(", "[", "{", "“", "‘"}
_CLITICS = re.compile(r"^(?:['’](?:s|re|ve|ll|d|m|t)|n['’]t)$", re.I)
_OPENING = ("“", "‘", '"', "'")
_BLANK = re.compile(r"\n[^\S\n]*\n")
_TYPE_LABEL = re.compile(r"^(?:PROP|NOM|PRON)_[A-Z]+$")


@dataclass
class Book:
    name: str
    document: Document
    token_spans: dict[tuple[int, int], tuple[int, int]]  # (sentence, token) -> new char span
    old_starts: list[int]  # old char start of every token, in order
    old_keys: list[tuple[int, int]]
    quotes: list[tuple[str, int, int]]  # (quote id, start, end) in the new text
    speakers: dict[str, str]  # quote id -> chain label
    chains: list[tuple[int, int, str]]  # (start, end, chain label) in the new text
    kinds: dict[tuple[int, int], str]  # (start, end) -> PROP_PER, NOM_FAC, ... in the new text


def _sentences(path: Path) -> list[list[str]]:
    return [line.split(" ") if line else [] for line in path.read_text("utf-8").split("\n")]


def _original_breaks(name: str, sentences: list[list[str]]) -> set[int] | None:
    """Sentences that open a paragraph in the novel in ``original/``, if it is there."""
    stem = name.removesuffix("_brat")
    path = LITBANK / "original" / f"{stem}.txt"
    if not path.exists():
        return None
    original = path.read_text("utf-8")
    breaks: set[int] = set()
    pos = 0
    for n, words in enumerate(sentences):
        for k, word in enumerate(words):
            for c, char in enumerate(word):
                gap = pos
                while pos < len(original) and original[pos].isspace():
                    pos += 1
                if pos >= len(original) or original[pos] != char:
                    return None
                if k == 0 and c == 0 and (n == 0 or _BLANK.search(original, gap, pos)):
                    breaks.add(n)
                pos += 1
    return breaks


@dataclass(frozen=True)
class _Marks:
    """The quotation marks a book uses: ``toggles`` both open and close (straight quotes)."""

    opening: frozenset[str]
    closing: frozenset[str]
    toggles: frozenset[str]


@dataclass(frozen=True)
class _Shape:
    """What paragraphing needs to know of one sentence."""

    opens: bool  # its first token opens a quotation
    still_open: bool  # a quotation is open at its end (the speech goes on)
    ends_quoted: bool  # its last token closes a quotation
    quoted: bool  # it holds a quotation at all
    own_tag: str | None  # the speech tag's subject after its first quotation ("" unseen)
    tag: str | None  # the same after its last quotation, when narration ends the sentence
    inner: str  # the punctuation that ends its last quotation: "?" "!" "," "."
    short_reply: bool  # it opens with a one- or two-word quotation or with yes or no


_SUBJECTS = {"he", "she", "i", "they", "we"}
_DETERMINERS = {"the", "a", "an", "his", "her", "my", "our", "their", "its", "your", "this", "that"}
_ANSWERS = {"yes", "no"}
_NO_SHAPE = _Shape(False, False, False, False, None, None, "", False)


def _marks(sentences: list[list[str]]) -> _Marks:
    """Double quotation marks unless single ones open more sentences; dashes when neither."""
    doubles = sum(w in ("“", '"') for words in sentences for w in words)
    singles = sum(words[:1] in (["‘"], ["'"]) for words in sentences)
    if not doubles and not singles:
        return _Marks(frozenset({"--", "—"}), frozenset(), frozenset())
    if doubles >= singles:
        return _Marks(frozenset({"“"}), frozenset({"”"}), frozenset({'"'}))
    return _Marks(frozenset({"‘"}), frozenset({"’"}), frozenset({"'"}))


def _tag_subject(words: list[str]) -> str | None:
    """The subject of a speech tag opening ``words`` (``said the parson``, ``he asked``,
    ``Jane replied``): "" when none is seen, None when ``words`` are no speech tag. Right beside
    a quotation every speech verb counts, and so does a subject pronoun with any verb."""
    verbs = speech_verbs()
    if len(words) > 1 and words[0].lower() in _SUBJECTS and words[1][:1].islower():
        return words[0].lower()
    for k, word in enumerate(words[:3]):
        if word.lower() not in verbs.forms:
            continue
        if k and (words[k - 1].lower() in _SUBJECTS or words[k - 1][:1].isupper()):
            return words[k - 1].lower()
        after = [
            w for w in words[k + 1 : k + 4] if w[:1].isalpha() and w.lower() not in _DETERMINERS
        ]
        named = [w for w in after if w.lower() in _SUBJECTS or w[:1].isupper()]
        return (named or after or [""])[0].lower()
    return None


def _shape(words: list[str], marks: _Marks, open_before: bool) -> _Shape:
    """A sentence's marks read in order; ``open_before``: a speech is still open as it starts."""
    is_open, quoted, closes = open_before, False, list[int]()
    for k, word in enumerate(words):
        # a straight mark opening a sentence opens, one ending it closes, others alternate
        toggle_opens = k == 0 or (not is_open and k < len(words) - 1)
        if word in marks.opening or (word in marks.toggles and toggle_opens):
            is_open = quoted = True
        elif word in marks.closing or word in marks.toggles:
            is_open = False
            closes.append(k)
    opens = bool(words) and (words[0] in marks.opening or words[0] in marks.toggles)
    first, last = (closes[0], closes[-1]) if closes else (len(words), len(words))
    spoken = [w for w in words[1:first] if w[:1].isalnum()]
    return _Shape(
        opens=opens,
        still_open=is_open and bool(marks.closing | marks.toggles),
        ends_quoted=last == len(words) - 1,
        quoted=quoted or bool(closes),
        own_tag=_tag_subject(words[first + 1 :]) if opens and first < len(words) - 1 else None,
        tag=_tag_subject(words[last + 1 :]) if not is_open and last < len(words) - 1 else None,
        inner=words[last - 1] if 0 < last < len(words) else "",
        short_reply=opens and (len(spoken) <= 2 or spoken[0].lower() in _ANSWERS),
    )


def _tag_sentence(words: list[str]) -> bool:
    """A sentence that is the speech tag of the quotation before it (``cried Bingley.``)."""
    verbs = speech_verbs()
    lemmas = (verbs.forms.get(word.lower()) for word in words[:3])
    said = any(lemma is not None and verbs.is_strong(lemma) for lemma in lemmas)
    return words[0][:1].islower() or (len(words) <= 8 and said)


def _starts_paragraph(
    words: list[str], shape: _Shape, before: _Shape, last: str, after: list[str]
) -> bool:
    """Whether a sentence opens a paragraph, given the sentences around it (module docstring)."""
    if before.still_open:
        return shape.opens  # a long speech goes on; an opening mark starts its next paragraph
    if shape.opens:
        if not before.quoted:
            return last not in (":", ",")  # ``she said: “…`` stays together
        if before.tag is None:
            return True
        # “…,” said Jane. “…” — Jane goes on, unless what follows is a reply or someone else's
        if before.inner == "?" or (shape.short_reply and before.inner != "!"):
            return True  # a question gets its answer; an exclamation may go on ("Good! Fine!")
        own = shape.own_tag
        if own is None and shape.ends_quoted and after and _tag_sentence(after):
            own = _tag_subject(after)
        return bool(own) and bool(before.tag) and own != before.tag
    if before.ends_quoted:
        return not _tag_sentence(words)  # narration after a quotation, unless it is its tag
    return False


def _heuristic_breaks(sentences: list[list[str]]) -> set[int]:
    """Paragraph starts guessed from the quotation marks (see the module docstring)."""
    marks = _marks(sentences)
    shaped: list[tuple[int, list[str], _Shape]] = []
    for n, words in enumerate(sentences):
        if words:
            still_open = shaped[-1][2].still_open if shaped else False
            shaped.append((n, words, _shape(words, marks, still_open)))
    breaks = {0}
    for k in range(1, len(shaped)):
        n, words, shape = shaped[k]
        before = shaped[k - 1]
        after = shaped[k + 1][1] if k + 1 < len(shaped) else []
        if _starts_paragraph(words, shape, before[2], before[1][-1], after):
            breaks.add(n)
    return breaks


def _novel_sentences(path: Path, nlp: Any) -> tuple[list[list[str]], set[int]]:
    """A whole novel as tokenized sentences (spaCy's, within each paragraph) and the
    sentences that open a paragraph: a larger yardstick for the heuristic than the excerpts."""
    paragraphs = [" ".join(p.split()) for p in _BLANK.split(path.read_text("utf-8"))]
    sentences: list[list[str]] = []
    breaks: set[int] = set()
    with nlp.select_pipes(enable=["tok2vec", "parser"]):
        for doc in nlp.pipe((p for p in paragraphs if p), batch_size=256):
            for k, sent in enumerate(doc.sents):
                words = [t.text for t in sent if not t.is_space]
                # LitBank never ends a sentence at a colon or comma (`said: “…`): join them
                if sentences and sentences[-1][-1:] in ([":"], [","], [";"]):
                    sentences[-1].extend(words)
                    continue
                if k == 0:
                    breaks.add(len(sentences))
                sentences.append(words)
    return sentences, breaks


def _break_scores(
    sentences: list[list[str]], gold: set[int], guess: set[int]
) -> dict[str, tuple[int, int, int]]:
    """(true, guessed, real) paragraph starts, for all sentences and for those opening with a
    quotation mark; the first sentence is left out (always a start)."""
    quoted = {n for n, words in enumerate(sentences) if words[:1] and words[0] in _OPENING}
    counts: dict[str, tuple[int, int, int]] = {}
    for kind, within in (("all", set(range(1, len(sentences)))), ("quote", quoted - {0})):
        real, guessed = gold & within, guess & within
        counts[kind] = (len(real & guessed), len(guessed), len(real))
    return counts


def _prf(true: int, guessed: int, real: int) -> str:
    precision, recall = true / max(1, guessed), true / max(1, real)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f} ({true}/{guessed}/{real})"


def breaks_report(anns: list[Path], nlp: Any | None) -> None:
    """``--breaks``: the heuristic paragraph starts against the real ones, on every excerpt
    whose novel is in ``original/`` and, with a pipeline, on those whole novels."""
    books: list[tuple[str, list[list[str]], set[int]]] = []
    for ann in anns:
        sentences = _sentences(ann.with_suffix(".txt"))
        gold = _original_breaks(ann.stem, sentences)
        if gold is not None:
            books.append((ann.stem.removesuffix("_brat"), sentences, gold))
    if nlp is not None:
        for novel in sorted((LITBANK / "original").glob("*.txt")):
            sentences, gold = _novel_sentences(novel, nlp)
            books.append((f"{novel.stem} (whole novel)", sentences, gold))
    totals: dict[tuple[bool, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for name, sentences, gold in books:
        counts = _break_scores(sentences, gold, _heuristic_breaks(sentences))
        whole = name.endswith("(whole novel)")
        print(f"{name[:56]:<56} all   {_prf(*counts['all'])}")
        print(f"{'':<56} quote {_prf(*counts['quote'])}")
        for kind, values in counts.items():
            totals[(whole, kind)] = [
                a + b for a, b in zip(totals[(whole, kind)], values, strict=True)
            ]
    for (whole, kind), (true, guessed, real) in sorted(totals.items()):
        label = "whole novels" if whole else "excerpts"
        print(f"OVERALL {label:<13} {kind:<5} {_prf(true, guessed, real)}")


def _detokenize(sentences: list[list[str]], breaks: set[int]) -> tuple[str, dict[Any, Any]]:
    """Plain text from tokens, and the new character span of every (sentence, token)."""
    parts: list[str] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    length = 0
    no_space_next = True
    straight_open = single_open = False
    underscore_open = False
    for n, words in enumerate(sentences):
        if not words:
            continue
        if n in breaks and parts:
            straight_open = single_open = underscore_open = False
            parts.append("\n\n")
            length += 2
            no_space_next = True
        for k, word in enumerate(words):
            attach = word in _NO_SPACE_BEFORE or bool(_CLITICS.match(word))
            opens = word in _NO_SPACE_AFTER
            if word == '"':
                attach, opens = straight_open, not straight_open
                straight_open = not straight_open
            elif word == "'":
                following = words[k + 1] if k + 1 < len(words) else ""
                previous = words[k - 1] if k else ""
                possessive = previous.endswith("s") and following[:1].islower()
                if possessive and not single_open:
                    attach, opens = True, False
                else:
                    attach, opens = single_open, not single_open
                    single_open = not single_open
            elif word == "_":
                attach, opens = underscore_open, not underscore_open
                underscore_open = not underscore_open
            elif word in ("--", "—"):
                attach = opens = k > 0  # a dash opening a sentence opens its speech
            if parts and not no_space_next and not attach:
                parts.append(" ")
                length += 1
            spans[(n, k)] = (length, length + len(word))
            parts.append(word)
            length += len(word)
            no_space_next = opens
    return "".join(parts), spans


def load_book(ann: Path, use_original: bool = True) -> Book:
    name = ann.stem
    txt = ann.with_suffix(".txt")
    sentences = _sentences(txt)
    breaks = (_original_breaks(name, sentences) if use_original else None) or _heuristic_breaks(
        sentences
    )
    text, spans = _detokenize(sentences, breaks)
    old_starts: list[int] = []
    old_keys: list[tuple[int, int]] = []
    offset = 0
    for n, words in enumerate(sentences):
        for k, word in enumerate(words):
            old_starts.append(offset)
            old_keys.append((n, k))
            offset += len(word) + 1
        if not words:
            offset += 1
    quotes: list[tuple[str, int, int]] = []
    speakers: dict[str, str] = {}
    for line in ann.read_text("utf-8").splitlines():
        cols = line.split("\t")
        if cols[0] == "QUOTE":
            s1, t1, s2, t2 = (int(c) for c in cols[2:6])
            quotes.append((cols[1], spans[(s1, t1)][0], spans[(s2, t2)][1]))
        elif cols[0] == "ATTRIB":
            speakers[cols[1]] = cols[2]
    book = Book(
        name,
        Document(id=name, path=str(txt), title=name, text=text),
        spans,
        old_starts,
        old_keys,
        quotes,
        speakers,
        [],
        {},
    )
    coref = LITBANK / "coref" / f"{name}.ann"
    for line in coref.read_text("utf-8").splitlines() if coref.exists() else ():
        cols = line.split("\t")
        if not cols[0].startswith("T") or len(cols) < 2:
            continue
        label, start, end = cols[1].rsplit(" ", 2)
        mapped = _map_old(book, int(start), int(end))
        if mapped and _TYPE_LABEL.match(label):
            book.kinds[mapped] = label
        elif mapped:
            book.chains.append((*mapped, label))
    book.chains.sort()
    return book


def _map_old(book: Book, start: int, end: int) -> tuple[int, int] | None:
    """An old (tokenized) character span as a span of the new text."""
    first = bisect_right(book.old_starts, start) - 1
    last = bisect_left(book.old_starts, end) - 1
    if first < 0 or last < first:
        return None
    return book.token_spans[book.old_keys[first]][0], book.token_spans[book.old_keys[last]][1]


def _chain_of_entities(book: Book, analysis: Analysis) -> dict[str, str]:
    """Predicted entity id -> LitBank chain label, by the majority of its mentions."""
    starts = [start for start, _, _ in book.chains]
    longest = max((end - start for start, end, _ in book.chains), default=0)
    labels: dict[str, str] = {}
    # the words of speech tags that the attribution took for each speaker (“he said”)
    tagged: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for quote in analysis.quotes:
        if quote.speaker and quote.speaker_start is not None and quote.speaker_end is not None:
            tagged[quote.speaker].append((quote.speaker_start, quote.speaker_end))
    for entity in analysis.entities:
        votes: Counter[str] = Counter()
        spans = [(m.start, m.end) for m in entity.mentions] + tagged.get(entity.id, [])
        for mention_start, mention_end in sorted(set(spans)):
            lo = bisect_left(starts, mention_start - longest)
            hi = bisect_right(starts, mention_end)
            best, key = None, (0, 0)
            for start, end, label in book.chains[lo:hi]:
                overlap = min(end, mention_end) - max(start, mention_start)
                if overlap > 0 and (overlap, -(end - start)) > key:
                    best, key = label, (overlap, -(end - start))
            if best:
                votes[best] += 1
        if votes:
            labels[entity.id] = votes.most_common(1)[0][0]
    return labels


def score(book: Book, analysis: Analysis) -> dict[str, Any]:
    chains = _chain_of_entities(book, analysis)
    speech = sorted((q.start, q.end, q) for q in analysis.quotes if q.kind == "speech")
    found = right = 0
    methods: Counter[str] = Counter()
    methods_right: Counter[str] = Counter()
    wrong: list[str] = []
    for qid, start, end in book.quotes:
        best, overlap = None, 0
        for s, e, quote in speech:
            if s >= end:
                break
            if min(e, end) - max(s, start) > overlap:
                best, overlap = quote, min(e, end) - max(s, start)
        if best is None:
            continue
        found += 1
        method = best.method or "none"
        methods[method] += 1
        predicted = chains.get(best.speaker or "")
        if predicted == book.speakers.get(qid):
            right += 1
            methods_right[method] += 1
        else:
            wrong.append(
                f"{qid} gold={book.speakers.get(qid)} got={predicted} [{method}] "
                f"{book.document.text[start:end][:70]!r}"
            )
    gold_spans = sorted((s, e) for _, s, e in book.quotes)
    gold_starts = [s for s, _ in gold_spans]
    longest = max((e - s for s, e in gold_spans), default=0)
    true_pos = sum(
        any(
            min(ge, e) > max(gs, s)
            for gs, ge in gold_spans[
                bisect_left(gold_starts, s - longest) : bisect_left(gold_starts, e)
            ]
        )
        for s, e, _ in speech
    )
    return {
        "gold": len(book.quotes),
        "found": found,
        "right": right,
        "predicted": len(speech),
        "true_pos": true_pos,
        "methods": methods,
        "methods_right": methods_right,
        "wrong": wrong,
    }


_PRONOUNS = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}


def _inside(quotes: list[tuple[str, int, int]], char: int) -> bool:
    return any(start <= char < end for _, start, end in quotes)


def oracle_entities(book: Book) -> list[Entity]:
    """LitBank's own coreference chains as the character list (``--oracle``): measures
    attribution alone. Names and descriptions become mentions; pronouns only tell gender
    (attribution resolves its own), except the first person that marks the narrator."""
    text = book.document.text
    by_chain: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for start, end, label in book.chains:
        by_chain[label].append((start, end))
    entities = []
    for label, spans in by_chain.items():
        kinds = [book.kinds.get(span, "PRON_PER") for span in spans]
        type_votes = Counter(kind.split("_")[1] for kind in kinds)
        genders = Counter(_PRONOUNS.get(text[s:e].lower()) for s, e in spans)
        genders.pop(None, None)
        first = sum(
            text[s:e].lower() in ("i", "me", "my") and not _inside(book.quotes, s) for s, e in spans
        )
        narrator = first >= 3
        mentions = tuple(
            Mention(book.name, s, e, text[s:e], "PER", kind.split("_")[0])  # type: ignore[arg-type]
            for (s, e), kind in zip(spans, kinds, strict=True)
            if not kind.startswith("PRON")
            or (narrator and text[s:e].lower() in ("i", "me", "my") and not _inside(book.quotes, s))
        )
        if not mentions:
            continue
        entity_type = type_votes.most_common(1)[0][0]
        entities.append(
            Entity(
                id=label,
                name=label,
                type=entity_type if entity_type in ENTITY_TYPES else "PER",
                gender=genders.most_common(1)[0][0] if genders else None,  # type: ignore[arg-type]
                narrator=narrator,
                description=entity_type == "PER" and all(m.kind == "NOM" for m in mentions),
                mentions=mentions,
            )
        )
    return entities


def _ids(split: int, part: str) -> set[str]:
    path = LITBANK / "splits" / str(split) / f"{part}.ids"
    return {line.strip().removesuffix(".tsv") for line in path.read_text("utf-8").split()}


def timing(nlp: Any) -> None:
    """Seconds in find_quotes against the whole pipeline, on the original/ novels."""
    from dossier.ingest import read_book

    shares = []
    for novel in sorted((LITBANK / "original").glob("*.txt")):
        documents = read_book([novel])
        begin = time.perf_counter()
        analysis = analyze_documents(documents, nlp)
        total = time.perf_counter() - begin
        quotes = analysis.stats.get("quotes", 0.0)
        rest = total - quotes
        shares.append(quotes / rest)
        print(
            f"{novel.stem:<42} tokens {analysis.tokens:>7}  quotes {len(analysis.quotes):>5}  "
            f"find_quotes {quotes:6.2f}s  rest {rest:7.2f}s  (+{100 * quotes / rest:.1f}%)"
        )
    print(f"find_quotes adds {100 * statistics.mean(shares):.1f}% on average")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", type=int, default=None, help="a 10-fold split (0-9)")
    parser.add_argument("--part", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--books", default="*", help="glob over book names")
    parser.add_argument("--heuristic", action="store_true", help="never use original/ layout")
    parser.add_argument(
        "--original", action="store_true", help="only the excerpts whose novel is in original/"
    )
    parser.add_argument("--details", action="store_true", help="print every wrong speaker")
    parser.add_argument("--oracle", action="store_true", help="LitBank's chains as entities")
    parser.add_argument("--timing", action="store_true", help="time find_quotes on novels")
    parser.add_argument(
        "--breaks", action="store_true", help="score the heuristic paragraph starts, no pipeline"
    )
    parser.add_argument(
        "--novels", action="store_true", help="with --breaks: also the whole original/ novels"
    )
    args = parser.parse_args()
    anns = sorted((LITBANK / "quotations").glob(f"{args.books}_brat.ann"))
    if args.breaks:
        breaks_report(anns, load_pipeline() if args.novels else None)
        return
    nlp = load_pipeline()
    if args.timing:
        timing(nlp)
        return
    if args.split is not None:
        wanted = _ids(args.split, args.part)
        anns = [a for a in anns if a.stem in wanted]
    if args.original:
        novels = {path.stem for path in (LITBANK / "original").glob("*.txt")}
        anns = [a for a in anns if a.stem.removesuffix("_brat") in novels]
    totals: Counter[str] = Counter()
    methods: Counter[str] = Counter()
    methods_right: Counter[str] = Counter()
    per_book: dict[str, float] = {}
    for ann in anns:
        book = load_book(ann, use_original=not args.heuristic)
        if not book.quotes:
            continue
        if args.oracle:
            parsed = list(parse_documents([book.document], nlp))
            entities = oracle_entities(book)
            quotes = find_quotes(parsed, entities)
            analysis = Analysis((book.document,), entities=tuple(entities), quotes=tuple(quotes))
        else:
            analysis = analyze_documents([book.document], nlp)
        result = score(book, analysis)
        for key in ("gold", "found", "right", "predicted", "true_pos"):
            totals[key] += result[key]
        methods.update(result["methods"])
        methods_right.update(result["methods_right"])
        per_book[book.name] = result["right"] / result["gold"]
        print(
            f"{book.name[:48]:<48} quotes {result['gold']:>4}  recall "
            f"{result['found'] / result['gold']:.2f}  precision "
            f"{result['true_pos'] / max(1, result['predicted']):.2f}  speaker "
            f"{result['right'] / result['gold']:.2f}"
        )
        if args.details:
            for line in result["wrong"]:
                print("    ", line)
    gold = max(1, totals["gold"])
    print(
        f"\nOVERALL {len(per_book)} books, {totals['gold']} quotes: recall "
        f"{totals['found'] / gold:.3f}  precision "
        f"{totals['true_pos'] / max(1, totals['predicted']):.3f}  speaker accuracy "
        f"{totals['right'] / gold:.3f} ({totals['right']}/{totals['gold']}) "
        f"(of detected {totals['right'] / max(1, totals['found']):.3f})"
        f"  book mean {statistics.mean(per_book.values()) if per_book else 0:.3f}"
    )
    breakdown = defaultdict(str)
    for method, count in methods.most_common():
        breakdown[method] = f"{method} {methods_right[method]}/{count}"
    print("by method:", ", ".join(breakdown.values()))


if __name__ == "__main__":
    main()
