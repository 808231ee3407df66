"""Every error Dossier raises on purpose. The CLI prints ``Error: <message>`` and exits 1;
the web app turns them into one JSON error shape.

    DossierError                 base class; ``code`` is stable and greppable
    ├── InputError               the book given cannot be read
    │   ├── MissingPathError         a path does not exist
    │   ├── UnsupportedFormatError   not txt, md, html, xhtml or epub
    │   ├── EmptyInputError          no text at all (empty file, empty folder)
    │   ├── BinaryInputError         the file is binary, not text
    │   └── DecodeError              the text's encoding cannot be determined
    ├── ModelError               no usable spaCy English pipeline is installed
    ├── StoreError               the database is missing, corrupt or from a newer Dossier
    ├── ExportError              an export cannot be written
    ├── EvalError                an export or gold file is malformed
    └── StageError               a pipeline stage failed unexpectedly (a bug: names the stage)
"""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "DecodeError",
    "DossierError",
    "EmptyInputError",
    "EvalError",
    "ExportError",
    "InputError",
    "MissingPathError",
    "ModelError",
    "StageError",
    "StoreError",
    "UnsupportedFormatError",
]


class DossierError(Exception):
    """Base class. ``str(error)`` is one sentence fit for a user."""

    code = "E000"


class InputError(DossierError):
    code = "E100"


class MissingPathError(InputError):
    code = "E101"


class UnsupportedFormatError(InputError):
    code = "E102"


class EmptyInputError(InputError):
    code = "E103"


class BinaryInputError(InputError):
    code = "E104"


class DecodeError(InputError):
    code = "E105"


class ModelError(DossierError):
    code = "E200"


class StoreError(DossierError):
    code = "E300"


class ExportError(DossierError):
    code = "E400"


class EvalError(DossierError):
    code = "E500"


class StageError(DossierError):
    code = "E600"

    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(f"stage '{stage}' failed: {type(error).__name__}: {error}")
        self.stage = stage
