"""Peak memory of `dossier analyze` as the book grows: it must stay bounded.

    python bench/memory.py [--sizes 100000 400000 1000000]

Builds books of about N tokens from the LitBank novels in ../shared/data/litbank/original
(public-domain novels; LitBank is CC BY 4.0), each novel one chapter, repeated as needed, and
runs `dossier analyze` on each in a fresh process, printing its peak resident memory.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOVELS = Path(__file__).resolve().parents[2] / "shared" / "data" / "litbank" / "original"
CHARS_PER_TOKEN = 5.3  # measured on these novels with the pinned English pipeline


def build_book(folder: Path, tokens: int) -> int:
    """Chapters copied from the novels until about ``tokens`` tokens; returns chapter count."""
    novels = sorted(NOVELS.glob("*.txt"))
    wanted, n = tokens * CHARS_PER_TOKEN, 0
    while wanted > 0:
        source = novels[n % len(novels)]
        text = source.read_text(encoding="utf-8")
        if n >= len(novels):  # a distinct text per chapter, so the cache cannot share parses
            text = f"Copy {n}\n\n{text}"
        text = text[: int(wanted)] if wanted < len(text) else text
        (folder / f"chapter-{n + 1}.txt").write_text(text, encoding="utf-8")
        wanted -= len(text)
        n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=int, default=[100_000, 400_000, 1_000_000])
    args = parser.parse_args()
    dossier = shutil.which("dossier", path=str(Path(sys.executable).parent)) or "dossier"
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            book = Path(tmp) / "book"
            book.mkdir()
            chapters = build_book(book, size)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            begin = time.perf_counter()
            subprocess.run([dossier, "analyze", str(book), "-o", f"{tmp}/out", "-q"], check=True)
            seconds = time.perf_counter() - begin
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            # ru_maxrss of children is the largest child so far: sizes run in increasing order
            print(
                f"~{size:,} tokens in {chapters} chapters: peak RSS {peak / 1024:,.0f} MiB "
                f"(previous max {before / 1024:,.0f} MiB), {seconds:.0f}s"
            )


if __name__ == "__main__":
    main()
