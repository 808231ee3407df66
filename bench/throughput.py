"""Throughput of `dossier analyze` against raw spaCy `nlp.pipe` on the same text, same run.

    python bench/throughput.py [BOOK.txt ...] [--repeat 2]

Defaults to the LitBank novels in ../shared/data/litbank/original (CC BY 4.0 corpus; the
novels themselves are public domain). Prints tokens/s for both, their ratio (the target is
analyze ≤ 1.25 × raw), the time of each Dossier stage, and the time of a re-run on the
parse cache (the target for a 100k-token novel is under a second).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from dossier.ingest import read_book
from dossier.nlp import CHUNK_CHARS, _chunks, load_pipeline
from dossier.pipeline import analyze

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "litbank" / "original"


def raw_pipe_seconds(nlp: object, texts: list[str]) -> tuple[float, int]:
    """Seconds and tokens for plain nlp.pipe over the texts (chunked as Dossier chunks them)."""
    pieces = [piece for text in texts for piece in _chunks(text, CHUNK_CHARS)]
    begin = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(pieces, batch_size=16))  # type: ignore[attr-defined]
    return time.perf_counter() - begin, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("books", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs of each")
    args = parser.parse_args()
    books = args.books or sorted(DEFAULT.glob("*.txt"))
    nlp = load_pipeline()
    print(f"model {nlp.meta['name']} {nlp.meta['version']}; {len(books)} book(s); "
          f"repeat {args.repeat}")  # fmt: skip
    total_raw: list[float] = []
    total_ours: list[float] = []
    for book in books:
        texts = [d.text for d in read_book([book])]
        raw, ours, rerun = [], [], []
        tokens = 0
        stages: dict[str, float] = {}
        for _ in range(args.repeat):
            seconds, tokens = raw_pipe_seconds(nlp, texts)
            raw.append(seconds)
            with tempfile.TemporaryDirectory() as out:
                begin = time.perf_counter()
                analysis, _ = analyze([book], out, nlp)
                ours.append(time.perf_counter() - begin)
                stages = analysis.stats
                begin = time.perf_counter()
                analyze([book], out, nlp)
                rerun.append(time.perf_counter() - begin)
        r, o = statistics.median(raw), statistics.median(ours)
        total_raw.append(r)
        total_ours.append(o)
        print(
            f"{book.name}: {tokens:,} tokens | raw nlp.pipe {tokens / r:,.0f} tok/s ({r:.1f}s) | "
            f"dossier analyze {tokens / o:,.0f} tok/s ({o:.1f}s) | ratio {o / r:.3f} | "
            f"cached re-run {statistics.median(rerun):.2f}s"
        )
        print("   stages: " + ", ".join(f"{k} {v:.2f}s" for k, v in stages.items()))
    print(f"overall ratio analyze/raw: {sum(total_ours) / sum(total_raw):.3f}")


if __name__ == "__main__":
    main()
