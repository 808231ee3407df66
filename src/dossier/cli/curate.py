"""``dossier curate DB ...``: the editor's desk on the command line.

``list`` shows the name clusters riskiest first; each decision command records the decision,
re-analyses the book from its parse cache (nothing is re-parsed) and prints one line of what
changed, then any decision that no longer applies. A recorded decision is kept even when the
re-analysis fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import cli, handle_errors

if TYPE_CHECKING:
    from ..curation import Stale
    from ..records import Analysis

__all__ = ["curate"]


@cli.group()
@click.argument("db", type=click.Path(path_type=Path))
@click.pass_context
def curate(ctx: click.Context, db: Path) -> None:
    """Review the name variants in DB and record decisions that every later analysis keeps.

    DB is the dossier.db that `dossier analyze` wrote (or its folder). A NAME is an entity's
    canonical name, one of its aliases or its id; an ALIAS is a name as the text writes it."""
    from ..pipeline import DB_NAME

    ctx.obj = db / DB_NAME if db.is_dir() else db


def _db() -> Path:
    db: Path = click.get_current_context().obj
    return db


def _reanalyse(db: Path, recorded: str) -> tuple[Analysis, Sequence[Stale]]:
    """Re-run the analysis stored at ``db``; a failure says the decision is kept."""
    from ..errors import CurationError, DossierError
    from ..pipeline import reanalyze

    try:  # no progress bar: the parses come from the cache, so this takes seconds
        analysis, _, stale = reanalyze(db)
    except DossierError as error:
        raise CurationError(
            f"{recorded} is recorded, but re-analysing failed ({error}); "
            f"run `dossier curate {db} decisions` to see it and analyse again"
        ) from None
    return analysis, stale


def _decide(action: str, args: Sequence[str], note: str | None) -> None:
    from ..curation import describe, record_decision
    from ..curation.render import change_line, stale_line
    from ..store import read_analysis

    db = _db()
    before = read_analysis(db)
    decision = record_decision(db, action, args, note)
    after, stale = _reanalyse(db, f"decision {describe(decision)}")
    click.echo(change_line(decision, before, after))
    for item in stale:
        click.echo(stale_line(item))


_NOTE = click.option("--note", default=None, help="Why: kept with the decision.")


@curate.command(name="list")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text",
    show_default=True, help="md adds the per-chapter consistency report; json lists all.",
)  # fmt: skip
@click.option("--all", "everything", is_flag=True, help="Also clusters with one spelling, no risk.")
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Write to a file, not stdout.")
@handle_errors
def list_clusters(fmt: str, everything: bool, out: Path | None) -> None:
    """The name clusters, riskiest first, with counts, chapters and evidence."""
    from ..curation.render import render_review
    from ..errors import ExportError
    from ..store import read_analysis

    text = render_review(read_analysis(_db()), fmt, everything)
    if out is None:
        click.echo(text)
        return
    try:
        out.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise ExportError(f"{out}: cannot write ({error.strerror or error})") from None


@curate.command()
@click.argument("a")
@click.argument("b")
@_NOTE
@handle_errors
def merge(a: str, b: str, note: str | None) -> None:
    """Merge the entity named B into the entity named A."""
    _decide("merge", (a, b), note)


@curate.command()
@click.argument("alias")
@_NOTE
@handle_errors
def split(alias: str, note: str | None) -> None:
    """Make every mention of ALIAS one entity of its own, taken from every entity that had
    it (then merge it where it belongs)."""
    _decide("split", (alias,), note)


@curate.command()
@click.argument("name")
@click.argument("new")
@_NOTE
@handle_errors
def rename(name: str, new: str, note: str | None) -> None:
    """Give the entity NAME the canonical name NEW."""
    _decide("rename", (name, new), note)


@curate.command()
@click.argument("alias")
@_NOTE
@handle_errors
def reject(alias: str, note: str | None) -> None:
    """ALIAS is not a name: drop its mentions (and an entity left with no name)."""
    _decide("reject", (alias,), note)


@curate.command(name="set-type")
@click.argument("name")
@click.argument("type_", metavar="TYPE")
@_NOTE
@handle_errors
def set_type(name: str, type_: str, note: str | None) -> None:
    """Set the type of NAME: PER, ORG, GPE, LOC, FAC or VEH."""
    _decide("set-type", (name, type_), note)


@curate.command(name="set-gender")
@click.argument("name")
@click.argument("gender", metavar="GENDER")
@_NOTE
@handle_errors
def set_gender(name: str, gender: str, note: str | None) -> None:
    """Set the gender of NAME: male, female or none."""
    _decide("set-gender", (name, gender), note)


@curate.command()
@handle_errors
def undo() -> None:
    """Undo the latest decision (it stays listed, as undone)."""
    from ..curation import describe
    from ..curation import undo as undo_latest
    from ..curation.render import change_line, stale_line
    from ..store import read_analysis

    db = _db()
    before = read_analysis(db)
    decision = undo_latest(db)
    if decision is None:
        click.echo("nothing to undo")
        return
    after, stale = _reanalyse(db, f"the undoing of {describe(decision)}")
    click.echo(change_line(decision, before, after))
    for item in stale:
        click.echo(stale_line(item))


@curate.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@handle_errors
def decisions(fmt: str) -> None:
    """List every decision, oldest first (undone ones marked)."""
    from ..curation import list_decisions
    from ..curation.render import render_decisions

    click.echo(render_decisions(list_decisions(_db()), fmt))


@curate.command(name="export")
@click.argument("file", type=click.Path(path_type=Path))
@handle_errors
def export_file(file: Path) -> None:
    """Write every decision to FILE (JSON) to share or keep."""
    from ..curation import export_decisions

    count = export_decisions(_db(), file)
    click.echo(f"wrote {count} decision{'s' if count != 1 else ''} to {file}")


@curate.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@handle_errors
def import_file(file: Path) -> None:
    """Add the decisions of FILE (made by export; ones already stored are skipped), then
    re-analyse."""
    from ..curation import import_decisions
    from ..curation.render import stale_line
    from ..store import read_analysis

    db = _db()
    before = read_analysis(db)
    count = import_decisions(db, file)
    click.echo(f"imported {count} decision{'s' if count != 1 else ''} from {file}")
    if not count:
        return
    after, stale = _reanalyse(db, "the imported decisions")
    click.echo(f"{len(before.entities)} → {len(after.entities)} entities")
    for item in stale:
        click.echo(stale_line(item))
