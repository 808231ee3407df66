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
    ├── CurationError            an editor's decision cannot be recorded, read or applied
    │   ├── UnknownNameError         a name that is no entity's canonical name or alias
    │   └── AmbiguousNameError       a name shared by several entities (lists them)
    └── StageError               a pipeline stage failed unexpectedly (a bug: names the stage)
"""

from __future__ import annotations

__all__ = [
    "AmbiguousNameError",
    "BinaryInputError",
    "CurationError",
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
    "UnknownNameError",
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


class CurationError(DossierError):
    code = "E700"


class UnknownNameError(CurationError):
    code = "E701"


class AmbiguousNameError(CurationError):
    """``candidates`` holds (entity id, canonical name) of every entity the name could mean."""

    code = "E702"

    def __init__(self, name: str, candidates: list[tuple[str, str]]) -> None:
        listed = ", ".join(f"{label} (id {ident})" for ident, label in candidates)
        super().__init__(
            f"“{name}” is a name of {len(candidates)} entities: {listed}; "
            "say which by its full name or its entity id"
        )
        self.name = name
        self.candidates = candidates
