"""Re-analysis speed: after a curation decision, and after an edit to one chapter.

    python bench/rerun.py [BOOK.txt] [--chapters 20] [--repeat 3]

Splits a novel (default: Persuasion from ../shared/data/litbank/original, LitBank is CC BY 4.0,
the novel public domain) into chapters of equal size at paragraph breaks in a temporary folder,
analyses it once, then times, each ``--repeat`` times:

- ``cached``: ``dossier analyze`` again on the unchanged book (everything from the cache);
- ``decision``: a curation decision (a merge, then its undo) applied with ``reanalyze``;
- ``edit``: one chapter edited (a sentence appended), then ``dossier analyze``;

each in process (as the web app re-analyses: the parses of the last run still in memory) and
``cold`` (those dropped first, so every parse is read from the disk cache, as in a new
process, less loading the model). Next to them the baseline of the same run: raw ``nlp.pipe``
over the whole text and ``nlp`` over the edited chapter alone; ``edit - own parse`` is each edit
run less that chapter's raw parse (measured right after it). Each is given in wall seconds
and in CPU seconds of this process (steadier on a busy machine; the parse may use more than
one core). Per-stage medians (wall) follow. The target for a 100k-token novel: a re-analysis
under one second.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dossier.curation import record_decision, undo
from dossier.nlp import load_pipeline
from dossier.parsecache import forget_recent_parses
from dossier.pipeline import DB_NAME, RunStats, analyze, reanalyze

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


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``run()`` (CPU: this process's, all its threads)."""
    begin, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - begin, time.process_time() - cpu


class Runs:
    """Wall and CPU seconds of each timed case, and its stage times (wall)."""

    def __init__(self) -> None:
        self.times: dict[str, list[tuple[float, float]]] = {}
        self.stages: dict[str, list[dict[str, float]]] = {}

    def time(self, name: str, run: Callable[[], RunStats]) -> None:
        stats: list[RunStats] = []
        self.add(name, timed(lambda: stats.append(run())))
        self.stages.setdefault(name, []).append(stats[0].seconds)

    def add(self, name: str, value: tuple[float, float]) -> None:
        self.times.setdefault(name, []).append(value)

    def last(self, name: str) -> tuple[float, float]:
        return self.times[name][-1]


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
        raw_all, _ = timed(lambda: sum(1 for _ in nlp.pipe(p.read_text() for p in paths)))
        edited = paths[len(paths) // 2]
        runs = Runs()

        def again() -> RunStats:
            return analyze([folder], out, nlp)[1]

        def decide() -> RunStats:
            return reanalyze(db, nlp)[1]

        for i in range(args.repeat):
            for cold in (False, True):
                suffix = " cold" if cold else ""
                forget = forget_recent_parses if cold else lambda: None
                forget()
                runs.time("cached" + suffix, again)
                record_decision(db, "merge", (people[0].id, people[1].id))
                forget()
                runs.time("decision" + suffix, decide)
                undo(db)
                reanalyze(db, nlp)
                with edited.open("a", encoding="utf-8") as file:
                    file.write(f"\n\nShe wrote a letter on the {2 * i + cold + 1}th morning.")
                forget()
                runs.time("edit" + suffix, again)
                own = timed(lambda: nlp(edited.read_text(encoding="utf-8")))
                runs.add("own parse" + suffix, own)
                edit = runs.last("edit" + suffix)
                runs.add("edit - own parse" + suffix, (edit[0] - own[0], edit[1] - own[1]))
    print(
        f"{args.book.name}: {analysis.tokens:,} tokens in {len(paths)} chapters; "
        f"raw nlp.pipe of the whole text {raw_all:.2f}s"
    )
    print("  case                   wall: median (runs)            cpu: median (runs)")
    for name, values in runs.times.items():
        columns = []
        for k in (0, 1):
            each = ", ".join(f"{v[k]:.2f}" for v in values)
            columns.append(f"{statistics.median(v[k] for v in values):5.2f}s ({each})")
        print(f"  {name:21s} {columns[0]:30s} {columns[1]}")
    for name, stages in runs.stages.items():
        keys = dict.fromkeys(k for seconds in stages for k in seconds)
        medians = {k: statistics.median(s.get(k, 0.0) for s in stages) for k in keys}
        print(f"  stages {name:14s} " + " ".join(f"{k} {v:.3f}" for k, v in medians.items()))


if __name__ == "__main__":
    main()
