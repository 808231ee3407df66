"""What the CLI shows while and after analysing: a progress bar and a summary (rich)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .pipeline import DB_NAME, RunStats
from .pipeline import Progress as ProgressCallback
from .records import Analysis

__all__ = ["print_summary", "progress_bar"]

_stderr = Console(stderr=True)


@contextmanager
def progress_bar() -> Iterator[ProgressCallback]:
    """A bar over chapters on stderr; yields the callback the pipeline reports to.

    The bar appears at the first report, so an error raised before parsing starts (bad
    input, missing model) prints nothing but its own line."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_stderr,
        transient=True,
    )
    task = bar.add_task("chapters", total=None)
    started = False

    def report(stage: str, done: int, total: int) -> None:
        nonlocal started
        if not started:
            bar.start()
            started = True
        bar.update(task, description=stage, completed=done, total=total)

    try:
        yield report
    finally:
        if started:
            bar.stop()


def print_summary(analysis: Analysis, stats: RunStats, outdir: Path, top: int = 10) -> None:
    console = Console()
    people = [e for e in analysis.entities if e.type == "PER" and not e.description]
    speech = [q for q in analysis.quotes if q.kind == "speech"]
    attributed = sum(1 for q in speech if q.speaker)
    seconds = sum(stats.seconds.values())
    console.print(
        f"[bold]{len(analysis.documents)}[/] chapters ({stats.parsed} parsed, {stats.cached} "
        f"cached), [bold]{analysis.tokens:,}[/] tokens, [bold]{len(people)}[/] people, "
        f"[bold]{len(speech)}[/] quotes ({attributed} attributed) in {seconds:.1f}s"
    )
    table = Table(title="Most frequent people", title_justify="left")
    table.add_column("name")
    table.add_column("mentions", justify="right")
    table.add_column("spellings")
    for entity in sorted(people, key=lambda e: -len(e.mentions))[:top]:
        spellings = Counter(m.text for m in entity.mentions if m.kind == "PROP")
        table.add_row(
            entity.name,
            str(len(entity.mentions)),
            ", ".join(f"{alias} ({n})" for alias, n in spellings.most_common()),
        )
    console.print(table)
    console.print(f"Wrote {outdir / DB_NAME}")
