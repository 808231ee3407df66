"""End-to-end quotation attribution on LitBank: detection and speaker accuracy, per book.

    python bench/quotes_litbank.py [--split N --part test|dev|train] [--books PATTERN]
                                   [--original] [--heuristic] [--oracle] [--details] [--timing]

LitBank (Bamman et al. 2019-2020, CC BY 4.0; ../shared/data/litbank) gives ~2,000 tokens of
each of 100 novels, tokenized one sentence per line, with quotations (QUOTE: sentence/token
spans; ATTRIB: the speaker's coreference chain) and coreference chains (T-lines labelled with
the chain id, character offsets into the same tokenized text).

Each excerpt is detokenized into a plain text (with a token offset map) and run through the
whole Dossier pipeline (``analyze_documents``), which must find its own quotations and its own
people. The tokenized files keep sentences but lose paragraphs, and attribution leans on
paragraphs, so they are rebuilt: for the excerpts whose novel is in ``original/`` the original
paragraph breaks are used (the characters match exactly); for the others a paragraph starts at
a sentence opening with a quotation mark, or at narration that follows a closed quotation and
is not its speech tag (lower-case start, or a speech verb among its first words).

A predicted speaker is mapped to a LitBank chain by the majority of its mentions that overlap
chain mentions (largest overlap per mention). A gold quotation is detected when a predicted
speech quotation overlaps it; its speaker is right when that quotation's speaker maps to the
gold chain. Precision: predicted speech quotations overlapping some gold quotation.
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


def _heuristic_breaks(sentences: list[list[str]]) -> set[int]:
    """Paragraph starts guessed from the quotation marks (see the module docstring)."""
    verbs = speech_verbs()
    doubles = sum(w in ("“", '"') for words in sentences for w in words)
    singles = sum(words[:1] in (["‘"], ["'"]) for words in sentences)
    marks = ("“", "”", '"') if doubles >= singles else ("‘", "’", "'")
    openings = ("“", '"') if doubles >= singles else ("‘", "'")
    if not doubles and not singles:
        openings = ("--", "—")

    def strong_tag(words: list[str]) -> bool:
        lemmas = [verbs.forms.get(w.lower()) for w in words]
        return any(lemma is not None and verbs.is_strong(lemma) for lemma in lemmas)

    breaks = {0}
    open_quote = False
    prev_closed_quote = prev_tagged = False
    prev_last = ""
    for n, words in enumerate(sentences):
        if not words:
            continue
        first = words[0]
        if first in openings and n and prev_last not in (":", ",") and not prev_tagged:
            breaks.add(n)
        elif prev_closed_quote and not open_quote:
            tag = first[:1].islower() or (len(words) <= 8 and strong_tag(words[:3]))
            if not tag:
                breaks.add(n)
        quotes, last_mark = 0, -1
        for k, w in enumerate(words):
            if w not in marks:
                continue
            quotes += 1
            open_quote = w == marks[0] or (w == marks[2] and not open_quote)
            last_mark = k if not open_quote else last_mark
        prev_closed_quote = quotes > 0 and words[-1] in marks[1:]
        # “…,” he remarked. — the speaker goes on in the same paragraph
        prev_tagged = (
            not open_quote and 0 <= last_mark < len(words) - 1 and strong_tag(words[last_mark:])
        )
        prev_last = words[-1]
    return breaks


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
    for entity in analysis.entities:
        votes: Counter[str] = Counter()
        for mention in entity.mentions:
            lo = bisect_left(starts, mention.start - longest)
            hi = bisect_right(starts, mention.end)
            best, key = None, (0, 0)
            for start, end, label in book.chains[lo:hi]:
                overlap = min(end, mention.end) - max(start, mention.start)
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
                type=entity_type if entity_type in ENTITY_TYPES else "PER",  # type: ignore[arg-type]
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
    args = parser.parse_args()
    nlp = load_pipeline()
    if args.timing:
        timing(nlp)
        return
    anns = sorted((LITBANK / "quotations").glob(f"{args.books}_brat.ann"))
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
        f"{totals['right'] / gold:.3f} "
        f"(of detected {totals['right'] / max(1, totals['found']):.3f})"
        f"  book mean {statistics.mean(per_book.values()) if per_book else 0:.3f}"
    )
    breakdown = defaultdict(str)
    for method, count in methods.most_common():
        breakdown[method] = f"{method} {methods_right[method]}/{count}"
    print("by method:", ", ".join(breakdown.values()))


if __name__ == "__main__":
    main()
