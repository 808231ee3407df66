"""``dossier analyze``, ``export`` and ``eval``: from files to a store, out of it, and scored."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import cli, handle_errors

__all__ = ["FORMATS", "analyze", "evaluate", "export"]


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--out", "outdir", required=True, type=click.Path(path_type=Path),
    help="Folder for dossier.db and the parse cache (updated in place if it exists).",
)  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option(
    "--model", default=None, help="spaCy pipeline package to use instead of the pinned one."
)
@handle_errors
def analyze(paths: tuple[Path, ...], outdir: Path, quiet: bool, model: str | None) -> None:
    """Analyse the book in PATHS (files or folders; together one book) into OUTDIR/dossier.db."""
    from ..console import print_summary, progress_bar
    from ..pipeline import analyze as run_analysis

    if quiet:
        run_analysis(paths, outdir, model=model)
        return
    with progress_bar() as progress:
        analysis, stats = run_analysis(paths, outdir, model=model, progress=progress)
    print_summary(analysis, stats, outdir)


FORMATS = ("json", "csv", "text", "tbx", "tsv", "gexf")


@cli.command()
@click.argument("db", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True,
    help="json: one file (the contract of shared/eval/README.md); csv: one file per table; "
    "text: the corrected edition, one .txt per chapter; tbx: the name glossary for CAT tools; "
    "tsv: variant<TAB>replacement lines; gexf: the people network for Gephi.",
)  # fmt: skip
@click.option(
    "-o", "--out", "out", required=True, type=click.Path(path_type=Path),
    help="Output file (json, tbx, tsv, gexf) or folder (csv, text).",
)  # fmt: skip
@click.option("--diff", is_flag=True, help="With --format text: also a unified diff per chapter.")
@handle_errors
def export(db: Path, fmt: str, out: Path, diff: bool) -> None:
    """Export the dossier stored in DB."""
    from ..errors import ExportError
    from ..store import read_analysis

    if diff and fmt != "text":
        raise ExportError("--diff goes with --format text only")
    if fmt in ("csv", "text") and out.exists() and not out.is_dir():
        raise ExportError(f"{out}: exists and is not a folder (--format {fmt} writes a folder)")
    if fmt not in ("csv", "text") and out.is_dir():
        raise ExportError(f"{out}: is a folder (--format {fmt} writes one file)")
    analysis = read_analysis(db)
    if fmt == "json":
        from ..export import write_json

        write_json(analysis, out)
    elif fmt == "csv":
        from ..export import write_csv

        write_csv(analysis, out)
    elif fmt == "text":
        from ..edition import write_edition

        write_edition(analysis, out, diff=diff)
    elif fmt in ("tbx", "tsv"):
        from ..glossary import write_tbx, write_tsv

        (write_tbx if fmt == "tbx" else write_tsv)(analysis, out)
    else:
        from ..network import write_gexf

        write_gexf(analysis, out)


@cli.command(name="eval")
@click.argument("export_file", metavar="EXPORT.json", type=click.Path(path_type=Path))
@click.option("--gold", required=True, type=click.Path(path_type=Path), help="Gold JSON file.")
@click.option("--table", is_flag=True, help="Print a readable table instead of JSON.")
@click.option("--details", is_flag=True, help="Include what was missed, for developers.")
@handle_errors
def evaluate(export_file: Path, gold: Path, table: bool, details: bool) -> None:
    """Score an export against a gold file; prints the figures as JSON."""
    from ..evaluate import evaluate as score
    from ..evaluate import format_table, load_json

    figures = score(load_json(export_file), load_json(gold))
    if table:
        click.echo(format_table(figures))
        return
    if not details:
        figures = {k: v for k, v in figures.items() if k != "details"}
    click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
