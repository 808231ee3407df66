"""Dossier: read a whole book and build a source-linked dossier of it.

The public API is small: :func:`analyze` turns files into a stored :class:`Analysis`;
:func:`read_analysis` reads one back; the ``export`` module writes it out.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "analyze", "read_analysis"]


def __getattr__(name: str) -> object:
    # Imported lazily so that `import dossier` (and `dossier --help`) does not load spaCy.
    if name == "analyze":
        from .pipeline import analyze

        return analyze
    if name == "read_analysis":
        from .store import read_analysis

        return read_analysis
    raise AttributeError(name)
