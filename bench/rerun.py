"""Re-analysis speed: after a curation decision, and after an edit to one chapter.

    python bench/rerun.py [BOOK.txt] [--chapters 20] [--repeat 3]

Splits a novel (default: Persuasion from ../shared/data/litbank/original, LitBank is CC BY 4.0,
the novel public domain) into chapters of equal size at paragraph breaks in a temporary folder,
analyses it once, then times, each ``--repeat`` times:

- ``cached``: ``dossier analyze`` again on the unchanged book (everything from the cache);
- ``decision``: a curation decision (a merge, then its undo) applied with ``reanalyze``;
- ``edit``: one chapter edited (a sentence appended), then ``dossier analyze``;

next to the baseline of the same run: raw ``nlp.pipe`` over the whole text and over the edited
chapter alone. The target for a 100k-token novel: a re-analysis under one second.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from dossier.curation import record_decision, undo
from dossier.nlp import load_pipeline
from dossier.pipeline import DB_NAME, analyze, reanalyze

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/litbank/original/105_persuasion.txt"


def split_book(text: str, chapters: int, folder: Path) -> list[Path]:
    """Write ``text`` as about ``chapters`` files cut at paragraph breaks."""
    paragraphs = text.split("\n\n")
    size = len(text) / chapters
    paths: list[Path] = []
    current: list[str] = []
    for paragraph in paragraphs:
        current.append(paragraph)
        if sum(len(p) for p in current) >= size:
            paths.append(folder / f"chapter-{len(paths) + 1:03d}.txt")
            paths[-1].write_text("\n\n".join(current), encoding="utf-8")
            current = []
    if current:
        paths.append(folder / f"chapter-{len(paths) + 1:03d}.txt")
        paths[-1].write_text("\n\n".join(current), encoding="utf-8")
    return paths


def timed(run: object) -> float:
    begin = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--chapters", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    nlp = load_pipeline()
    text = args.book.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "book", Path(tmp) / "out"
        folder.mkdir()
        paths = split_book(text, args.chapters, folder)
        analysis, _ = analyze([folder], out, nlp)
        db = out / DB_NAME
        people = [
            e for e in analysis.entities if e.type == "PER" and not (e.narrator or e.description)
        ]
        raw_all = timed(lambda: sum(1 for _ in nlp.pipe(p.read_text() for p in paths)))
        edited = paths[len(paths) // 2]
        times: dict[str, list[float]] = {"cached": [], "decision": [], "edit": []}
        raw_one: list[float] = []
        for i in range(args.repeat):
            times["cached"].append(timed(lambda: analyze([folder], out, nlp)))
            record_decision(db, "merge", (people[0].id, people[1].id))
            times["decision"].append(timed(lambda: reanalyze(db, nlp)))
            undo(db)
            reanalyze(db, nlp)
            with edited.open("a", encoding="utf-8") as file:
                file.write(f"\n\nShe wrote a letter on the {i + 1}th morning.")
            times["edit"].append(timed(lambda: analyze([folder], out, nlp)))
            raw_one.append(timed(lambda: nlp(edited.read_text(encoding="utf-8"))))
    print(
        f"{args.book.name}: {analysis.tokens:,} tokens in {len(paths)} chapters; "
        f"raw nlp.pipe of the whole text {raw_all:.2f}s, of one chapter "
        f"{statistics.median(raw_one):.2f}s"
    )
    for name, values in times.items():
        print(f"  {name:9s} median {statistics.median(values):.2f}s  (runs: "
              + ", ".join(f"{v:.2f}" for v in values) + ")")  # fmt: skip


if __name__ == "__main__":
    main()
