"""The parse cache: DocBin files keyed by the text's hash and the pipeline's name and version.

Beside each parse the cache keeps what the per-chapter stages derived from it
(:meth:`ParseCache.memo`), keyed also by the package's own code, so a re-run after a curation
decision starts at the names stage. The parses a process used last also stay in memory (bounded
by :data:`RECENT_TOKENS`), so a re-analysis in the same process (the web app's, after each
decision) reads none from disk.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, overload
from weakref import WeakKeyDictionary

from .nlp import Parsed, model_id
from .records import Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["RECENT_TOKENS", "CachedBook", "ParseCache", "forget_recent_parses"]

log = logging.getLogger(__name__)
T = TypeVar("T")

# Parses kept in memory between runs in one process, per pipeline (about 100 bytes a token
# once the tok2vec tensor is dropped): a 100k-token novel re-analysed in process reads no
# parse from disk; a bigger book keeps its most recently used chapters.
RECENT_TOKENS = 400_000


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
