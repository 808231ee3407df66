"""The ``dossier`` command: a thin layer over the library.

Each command calls one library function and prints; a :class:`DossierError` becomes one line
``Error: <message>`` on stderr and exit code 1 (usage errors exit 2, as click does). The
commands live in one module per area: ``book`` (analyze, export, eval), ``curate`` (the
editor's desk), ``web`` (serve, report).
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar, cast

import click

from .. import __version__
from ..errors import DossierError

__all__ = ["cli", "handle_errors", "main"]

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(command: F) -> F:
    """Turn DossierError (and a kill by Ctrl-C) into one line on stderr, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DossierError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Error: interrupted; nothing was changed", err=True)
            sys.exit(130)

    return cast(F, wrapper)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossier")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does.")
def cli(verbose: bool) -> None:
    """Dossier reads a whole book and builds a source-linked dossier: who is who (every
    spelling of a name merged), who said what, what happened to whom and when."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )


def main() -> None:
    cli(prog_name="dossier")


# The command modules register themselves on ``cli``; imported last, after ``cli`` exists.
from . import book, curate, web  # noqa: E402, F401
