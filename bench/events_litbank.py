"""Realis event triggers against LitBank's event layer: precision, recall, F1.

    python bench/events_litbank.py [--fold 0] [--set test|train|dev|all] [--errors 20]

LitBank (Sims, Park & Bamman, ACL 2019; CC BY 4.0, ../shared/data/litbank) marks the words
that depict an event actually happening, one sentence per line of a tokenized text. Each text
is parsed with Dossier's pinned pipeline on LitBank's own tokens (cached under --cache), then
:func:`dossier.facts.realis_triggers` is scored on exact trigger offsets. Without --set it
reports the test books of the fold and all 100 books; tune on the train ids only.
BookNLP reports F1 70.6 (small) and 74.1 (big).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

from dossier.facts import realis_triggers
from dossier.nlp import Parsed, load_pipeline
from dossier.records import Document

LITBANK = Path(__file__).resolve().parents[2] / "shared" / "data" / "litbank"
CACHE = Path("/tmp/dossier-bench/litbank-events")


def book_ids(fold: int, which: str) -> list[str]:
    if which == "all":
        return sorted(p.stem for p in (LITBANK / "events").glob("*.ann"))
    path = LITBANK / "splits" / str(fold) / f"{which}.ids"
    lines = path.read_text(encoding="utf-8").split()
    return [line.removesuffix(".tsv") for line in lines]


def gold_spans(stem: str) -> set[tuple[int, int]]:
    spans = set()
    for line in (LITBANK / "events" / f"{stem}.ann").read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            _, info, _word = line.split("\t")
            _, start, end = info.split()
            spans.add((int(start), int(end)))
    return spans


def tokenized_doc(nlp: Any, text: str) -> Any:
    """A Doc on LitBank's tokens (space-separated, one sentence per line), text unchanged."""
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    sent_starts: list[bool] = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        tokens = body.split(" ") if body else []
        for j, word in enumerate(tokens):
            words.append(word)
            spaces.append(j < len(tokens) - 1)
            sent_starts.append(j == 0)
        if line.endswith("\n"):
            words.append("\n")
            spaces.append(False)
            sent_starts.append(False)
    return Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=sent_starts)


def parse(nlp: Any, stem: str, cache: Path) -> Any:
    from spacy.tokens import DocBin

    path = cache / f"{stem}.spacy"
    text = (LITBANK / "events" / f"{stem}.txt").read_text(encoding="utf-8")
    if path.exists():
        doc = next(DocBin().from_disk(path).get_docs(nlp.vocab))
        if doc.text == text:
            return doc
    doc = tokenized_doc(nlp, text)
    for _, component in nlp.pipeline:
        doc = component(doc)
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(docs=[doc]).to_disk(path)
    return doc


def score(nlp: Any, stems: list[str], cache: Path, errors: int, label: str) -> None:
    tp = fp = fn = 0
    seconds = 0.0
    tokens = 0
    wrong: list[str] = []
    for stem in stems:
        doc = parse(nlp, stem, cache)
        tokens += len(doc)
        document = Document(id=stem, path=stem, title=stem, text=doc.text)
        begin = time.perf_counter()
        found = {(t.start, t.end) for t in realis_triggers(Parsed(document, doc))}
        seconds += time.perf_counter() - begin
        gold = gold_spans(stem)
        tp += len(found & gold)
        fp += len(found - gold)
        fn += len(gold - found)
        if errors:
            for start, end in sorted(found ^ gold):
                kind = "FP" if (start, end) in found else "FN"
                line_start = doc.text.rfind("\n", 0, start) + 1
                line_end = doc.text.find("\n", end)
                line = doc.text[line_start:start] + "[[" + doc.text[start:end] + "]]"
                wrong.append(f"{kind} {line}{doc.text[end:line_end][:120]}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{label}: {len(stems)} books, gold {tp + fn}, predicted {tp + fp}: "
          f"P {100 * precision:.1f}  R {100 * recall:.1f}  F1 {100 * f1:.1f}  "
          f"({tokens / max(seconds, 1e-9):,.0f} tokens/s)")  # fmt: skip
    for line in random.Random(0).sample(wrong, min(errors, len(wrong))):
        print("  ", line[-300:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--set", choices=("test", "train", "dev", "all"))
    parser.add_argument("--errors", type=int, default=0, help="print this many sample errors")
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args()
    nlp = load_pipeline()
    sets = [args.set] if args.set else ["test", "all"]
    for which in sets:
        label = "all" if which == "all" else f"fold {args.fold} {which}"
        score(nlp, book_ids(args.fold, which), args.cache, args.errors, label)


if __name__ == "__main__":
    main()
