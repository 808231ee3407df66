"""Stage 1: read a book (files and folders of txt, md, html, xhtml or epub) into Documents.

All the paths given form one book. Chapters come in the order the paths were given and, inside
a folder, in natural order (``ch2`` before ``ch10``). Each document's ``text`` is exactly what
later stages analyse: decoded, BOM stripped, newlines ``\\n``, NFC. The readers live in
:mod:`dossier.formats` and :mod:`dossier.epub`; headings in :mod:`dossier.headings`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .epub import read_epub
from .errors import EmptyInputError, InputError, MissingPathError, UnsupportedFormatError
from .formats import Source, read_html, read_markdown, read_plain
from .headings import find_heading, parse_heading_line
from .records import Document

__all__ = ["SUPPORTED_SUFFIXES", "natural_key", "read_book"]

log = logging.getLogger(__name__)

_Reader = Callable[[bytes, str, str], Source]
_READERS: dict[str, _Reader] = {
    ".txt": read_plain,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
}
SUPPORTED_SUFFIXES = (*_READERS, ".epub")
_FORMATS_HINT = "use txt, md, html, xhtml or epub"
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True, slots=True)
class _File:
    path: Path
    shown: str  # the path as the user wrote it, for messages and Document.path
    in_folder: bool  # found by listing a folder, not named by the user


def natural_key(name: str) -> tuple[tuple[int, str | int], ...]:
    """Sort key for natural order: ``ch2`` < ``ch10``, case-insensitive."""
    parts = _DIGITS.split(name.casefold())
    return tuple((1, int(part)) if i % 2 else (0, part) for i, part in enumerate(parts))


def _sorted_entries(folder: Path, shown: str) -> list[Path]:
    try:
        entries = list(folder.iterdir())
    except OSError as error:
        raise InputError(f"{shown}: cannot list the folder ({error.strerror})") from None
    return sorted(entries, key=lambda entry: (natural_key(entry.name), entry.name))


def _folder_files(folder: Path, shown: str, depth: int = 0) -> Iterator[_File]:
    """Supported files directly inside ``folder``, and inside its sub-folders (one level)."""
    for entry in _sorted_entries(folder, shown):
        entry_shown = os.path.join(shown, entry.name)
        if entry.name.startswith("."):
            log.debug("skipping hidden %s", entry_shown)
        elif entry.is_dir():
            if depth == 0:
                yield from _folder_files(entry, entry_shown, depth + 1)
            else:
                log.warning("skipping %s: folders are read one level deep", entry_shown)
        elif entry.suffix.lower() in SUPPORTED_SUFFIXES:
            yield _File(entry, entry_shown, in_folder=True)
        else:
            log.warning("skipping %s: unsupported format (%s)", entry_shown, _FORMATS_HINT)


def _files(paths: Sequence[str | os.PathLike[str]]) -> list[_File]:
    """Every file of the book in book order, each once."""
    files: list[_File] = []
    seen: set[Path] = set()
    for given in paths:
        path, shown = Path(given), os.fspath(given)
        if not path.exists():
            raise MissingPathError(f"{shown}: no such file or folder")
        if path.is_dir():
            found = list(_folder_files(path, shown))
            if not found:
                raise EmptyInputError(f"{shown}: the folder holds no txt, md, html or epub file")
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            found = [_File(path, shown, in_folder=False)]
        else:
            kind = f"'{path.suffix.lower()}'" if path.suffix else "(no file extension)"
            raise UnsupportedFormatError(f"{shown}: unsupported format {kind} ({_FORMATS_HINT})")
        for file in found:
            resolved = file.path.resolve()
            if resolved in seen:
                log.warning("skipping %s: already part of the book", file.shown)
                continue
            seen.add(resolved)
            files.append(file)
    return files


def _read(file: _File) -> list[Source]:
    suffix = file.path.suffix.lower()
    if suffix == ".epub":
        return read_epub(file.path, file.shown)
    try:
        data = file.path.read_bytes()
    except OSError as error:
        raise InputError(f"{file.shown}: cannot be read ({error.strerror})") from None
    return [_READERS[suffix](data, file.path.stem, file.shown)]


def _unique(key: str, used: set[str]) -> str:
    candidate, n = key, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{key}-{n}"
    used.add(candidate.casefold())
    return candidate


def _document(source: Source, doc_id: str, order: int) -> Document:
    heading = find_heading(source.text, source.marked)
    toc = parse_heading_line(source.title, marked=True) if source.title else None
    chapter = heading.chapter if heading else None
    if chapter is None and toc:
        chapter = toc[1]
    if toc:
        title = toc[0]
    elif heading:
        title = heading.title
    else:
        title = source.fallback_title or source.key
    body_start = heading.end if heading else 0
    return Document(doc_id, source.path, title, source.text, chapter, order, body_start)


def read_book(paths: Sequence[str | os.PathLike[str]]) -> list[Document]:
    """Read the files and folders in ``paths`` as one book, one Document per chapter.

    Raises an :class:`~dossier.errors.InputError` subclass, whose message names the path,
    for anything that cannot be read. Empty files inside a folder are skipped with a warning.
    """
    if not paths:
        raise EmptyInputError("no book given: name a file or a folder")
    sources: list[Source] = []
    for file in _files(paths):
        try:
            sources.extend(_read(file))
        except EmptyInputError as error:
            if not file.in_folder:
                raise
            log.warning("skipping %s", error)
    if not sources:
        shown = ", ".join(os.fspath(path) for path in paths)
        raise EmptyInputError(f"{shown}: the book holds no text")
    used: set[str] = set()
    documents = [
        _document(source, _unique(source.key, used), order) for order, source in enumerate(sources)
    ]
    log.info(
        "read %d chapters (%d characters)", len(documents), sum(len(d.text) for d in documents)
    )
    return documents
