"""``dossier serve`` and ``report``: the book in the browser, live or as one HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import StoreError
from . import cli, handle_errors

__all__ = ["LOOPBACK_HOSTS", "report", "serve"]

# Host names a browser may use for a server bound to the loopback address (against DNS
# rebinding: another site's name resolving to 127.0.0.1 must not reach the review forms).
LOOPBACK_HOSTS = ["127.0.0.1", "localhost"]


@cli.command()
@click.argument("db", type=click.Path(path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but 127.0.0.1 exposes the book (and the "
    "review forms) to the network.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@handle_errors
def serve(db: Path, host: str, port: int) -> None:
    """Read the book stored in DB in the browser (index, dossiers, reader, network, review)."""
    import uvicorn

    from ..web import create_app

    if not db.is_file():
        raise StoreError(f"{db}: no such database (run `dossier analyze` first)")
    loopback = host in LOOPBACK_HOSTS
    app = create_app(db, allowed_hosts=LOOPBACK_HOSTS if loopback else None)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Dossier: http://{shown}:{port}/  (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@click.argument("db", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="The HTML file to write.",
)
@handle_errors
def report(db: Path, out: Path) -> None:
    """Write the dossier stored in DB as one self-contained HTML file (works offline)."""
    from ..report import write_report
    from ..store import read_analysis

    write_report(read_analysis(db), out)
