"""The runner: a visible loop over named stages, from files to an :class:`Analysis`.

    ingest -> parse -> segment -> mentions -> names -> curation -> quotes -> facts

Each stage is one module with one typed entry point. A stage that fails unexpectedly raises
:class:`StageError` naming it. :func:`analyze` also writes the SQLite store; the editor's
decisions stored there are applied after the names stage on every run (quotes and facts see
the curated entities), and :func:`reanalyze` re-runs a stored book from its parse cache.

With a cache, every stage whose inputs did not change reads its result back: segments,
mentions and time expressions per document (its text), the names stage per book (its texts),
quotes and facts per book and set of curated entities.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import __version__
from .curation import Decision, Stale, apply_decisions, list_decisions, locked
from .errors import DossierError, StageError, StoreError
from .facts import Facts, extract_facts
from .ingest import read_book
from .mentions import extract_mentions
from .names import resolve_entities
from .nlp import Parsed, load_pipeline, model_id, parse_documents
from .parsecache import CachedBook, ParseCache
from .quotes import find_quotes
from .records import Analysis, Document, Entity, Mention, Paragraph, Quote, Sentence
from .segment import split_paragraphs, split_sentences
from .store import read_documents, write_analysis

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["DB_NAME", "Progress", "RunStats", "analyze", "analyze_documents", "reanalyze"]

log = logging.getLogger(__name__)
DB_NAME = "dossier.db"
CACHE_DIR = "cache"
# Up to this many tokens the parses stay in memory between stages; beyond it they are read
# back from the parse cache one chapter at a time, so memory stays bounded for huge books.
MEMORY_TOKENS = 400_000
T = TypeVar("T")
# Garbage-collector thresholds during a run (young objects between collections, and the
# collections of each generation between those of the next): see _fewer_collections.
GC_THRESHOLDS = (50_000, 20, 20)
_gc_lock = threading.Lock()
_collecting_less = 0  # runs under way
_thresholds = gc.get_threshold()  # the process's own, restored when the last run ends

# progress(stage, done, total) — the CLI draws a bar from it; the library never prints.
Progress = Callable[[str, int, int], None]


@dataclass
class RunStats:
    parsed: int = 0
    cached: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    # the editor's decisions that no longer apply to the book (their name left it)
    stale: tuple[Stale, ...] = ()


def _stage(name: str, stats: RunStats, run: Callable[..., T], *args: Any) -> T:
    """Run one stage, timing it; an unexpected failure is re-raised naming the stage."""
    begin = time.perf_counter()
    try:
        result = run(*args)
    except DossierError:
        raise
    except Exception as error:
        raise StageError(name, error) from error
    stats.seconds[name] = stats.seconds.get(name, 0.0) + time.perf_counter() - begin
    return result


def _segment(item: Parsed, cache: ParseCache | None) -> tuple[list[Paragraph], list[Sentence]]:
    def run() -> tuple[list[Paragraph], list[Sentence]]:
        doc_paragraphs = split_paragraphs(item.document)
        return doc_paragraphs, split_sentences(item, doc_paragraphs)

    return cache.memo(item.document, "segment", run) if cache else run()


def _mentions(item: Parsed, cache: ParseCache | None) -> list[Mention]:
    if cache is None:
        return extract_mentions(item)
    return cache.memo(item.document, "mentions", lambda: extract_mentions(item))


def _names(
    book: Sequence[Parsed],
    mentions: list[Mention],
    documents: Sequence[Document],
    cache: ParseCache | None,
) -> list[Entity]:
    """The names stage depends on the texts alone: after a curation decision (applied later)
    its result is read back from the cache."""
    if cache is None:
        return resolve_entities(book, mentions)
    return cache.memo(documents, "names", lambda: resolve_entities(book, mentions))


def _quotes_and_facts(
    book: Sequence[Parsed],
    entities: Sequence[Entity],
    documents: Sequence[Document],
    cache: ParseCache | None,
    stats: RunStats,
) -> tuple[list[Quote], Facts]:
    """The quotes and facts stages. They depend on the texts and the (curated) entities alone,
    so a re-run over an unchanged book with the same decisions reads them back from the cache
    (the latest result is kept: after a decision's undo they run again)."""
    memo = cache.memo if cache else None

    def run() -> tuple[list[Quote], Facts]:
        quotes = _stage("quotes", stats, find_quotes, book, entities)
        return quotes, _stage("facts", stats, extract_facts, book, entities, quotes, memo)

    if cache is None:
        return run()
    # everything else they read: each document's place and heading, and every entity (repr
    # writes every field of these frozen records, so equal fingerprints mean equal inputs)
    places = [(d.id, d.path, d.title, d.chapter, d.order, d.body_start) for d in documents]
    inputs = hashlib.sha256(repr((places, list(entities))).encode()).hexdigest()
    result = cache.memo(documents, "quotes-facts", run, inputs)
    for name in ("quotes", "facts"):
        stats.seconds.setdefault(name, 0.0)  # read back: neither stage ran
    return result


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the garbage collector less often meanwhile. A run makes hundreds of thousands of
    small records that live until its end; with Python's default thresholds the collector
    walks them (and all the process holds) again and again, and each full pass costs about a
    tenth of a second for a novel. Reference counting still frees everything at once; only
    cycles wait a little longer. Runs in several threads share one setting."""
    global _collecting_less, _thresholds
    with _gc_lock:
        if _collecting_less == 0:
            _thresholds = gc.get_threshold()
            gc.set_threshold(*(max(a, b) for a, b in zip(_thresholds, GC_THRESHOLDS, strict=True)))
        _collecting_less += 1
    try:
        yield
    finally:
        with _gc_lock:
            _collecting_less -= 1
            if _collecting_less == 0:
                gc.set_threshold(*_thresholds)


def analyze_documents(
    documents: Sequence[Document],
    nlp: Language,
    cache: ParseCache | None = None,
    progress: Progress | None = None,
    stats: RunStats | None = None,
    decisions: Sequence[Decision] = (),
) -> Analysis:
    """Run every stage after ingest over ``documents`` (one book) and return plain data;
    ``decisions`` (the editor's, in order) are applied to the entities the names stage made."""
    with _fewer_collections():
        return _analyze_documents(documents, nlp, cache, progress, stats, decisions)


def _analyze_documents(
    documents: Sequence[Document],
    nlp: Language,
    cache: ParseCache | None,
    progress: Progress | None,
    stats: RunStats | None,
    decisions: Sequence[Decision],
) -> Analysis:
    stats = stats or RunStats()
    parsed: list[Parsed] = []
    tokens = 0
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    mentions: list[Mention] = []

    def on_parsed(item: Parsed, from_cache: bool) -> None:
        if from_cache:
            stats.cached += 1
        else:
            stats.parsed += 1
        if progress:
            progress("parse", stats.cached + stats.parsed, len(documents))

    begin = time.perf_counter()
    stream = parse_documents(documents, nlp, cache, on_parsed=on_parsed)
    while True:
        item = _stage("parse", stats, next, stream, None)
        if item is None:
            break
        tokens += len(item.doc)
        if cache is None or tokens <= MEMORY_TOKENS:
            parsed.append(item)
        doc_paragraphs, doc_sentences = _stage("segment", stats, _segment, item, cache)
        paragraphs.extend(doc_paragraphs)
        sentences.extend(doc_sentences)
        mentions.extend(_stage("mentions", stats, _mentions, item, cache))
    log.debug("parsed %d documents in %.2fs", len(documents), time.perf_counter() - begin)
    book: Sequence[Parsed] = parsed
    if cache is not None and tokens > MEMORY_TOKENS:
        parsed.clear()
        book = CachedBook(documents, cache)

    entities = _stage("names", stats, _names, book, mentions, documents, cache)
    if decisions:
        curated = _stage("curation", stats, apply_decisions, entities, decisions, documents)
        entities = list(curated.entities)
        stats.stale = curated.stale
    quotes, facts = _quotes_and_facts(book, entities, documents, cache, stats)
    return Analysis(
        documents=tuple(documents),
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        entities=tuple(entities),
        quotes=tuple(quotes),
        relations=facts.relations,
        events=facts.events,
        times=facts.times,
        tokens=tokens,
        model=model_id(nlp),
        stats=dict(stats.seconds),
    )


def analyze(
    paths: Sequence[str | os.PathLike[str]],
    outdir: str | os.PathLike[str],
    nlp: Language | None = None,
    progress: Progress | None = None,
    model: str | None = None,
) -> tuple[Analysis, RunStats]:
    """Analyse the book at ``paths`` and store it in ``outdir/dossier.db`` (created or updated).

    ``nlp`` is a loaded pipeline, else the package ``model`` or the pinned one is loaded.
    Input and model errors are raised before anything is written.
    """
    started = datetime.now(UTC).isoformat(timespec="seconds")
    begin = time.perf_counter()
    documents = read_book(paths)
    nlp = nlp or load_pipeline(model)
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise DossierError(f"{out}: exists and is not a folder")
    cache = ParseCache(out / CACHE_DIR, nlp)
    stats = RunStats()
    db = out / DB_NAME
    with locked(db):  # a decision recorded meanwhile must not be overwritten
        decisions = list_decisions(db, active_only=True) if db.exists() else []
        analysis = analyze_documents(documents, nlp, cache, progress, stats, decisions)
        cache.prune(d.text for d in documents)
        paths_text = ";".join(str(p) for p in paths)
        _store(db, analysis, stats, started, begin, paths_text)
    _log_stale(stats.stale)
    return analysis, stats


def _store(
    db: Path, analysis: Analysis, stats: RunStats, started: str, begin: float, paths: str
) -> None:
    """Write ``analysis`` to ``db`` with the record of this run."""
    run = {
        "started": started,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": __version__,
        "model": analysis.model,
        "paths": paths,
        "documents": len(analysis.documents),
        "tokens": analysis.tokens,
        "parsed": stats.parsed,
        "cached": stats.cached,
        "seconds": round(time.perf_counter() - begin, 3),
    }
    _stage("store", stats, write_analysis, db, analysis, run)


def _log_stale(stale: Sequence[Stale]) -> None:
    for item in stale:
        log.warning("decision #%d (%s) no longer applies: %s", item.id, item.action, item.reason)


def _stored_book(path: Path) -> tuple[tuple[Document, ...], dict[str, Any]]:
    """The documents stored at ``path`` and its latest run."""
    documents, run = read_documents(path)
    if not documents:
        raise StoreError(f"{path}: holds no book (run `dossier analyze` first)")
    return documents, run


def _stored_pipeline(model: str) -> Language:
    """The pipeline the stored run used (its parses are the ones cached), else the pinned one."""
    package = model.rpartition("-")[0]
    if package:
        try:
            return load_pipeline(package)
        except DossierError:
            log.warning("model %s of the stored run is not installed; using the default", model)
    return load_pipeline(None)


def reanalyze(
    db_path: str | os.PathLike[str],
    nlp: Language | None = None,
    progress: Progress | None = None,
) -> tuple[Analysis, RunStats, tuple[Stale, ...]]:
    """Re-run every stage over the book stored at ``db_path`` with the decisions stored there.

    The documents come from the store and their parses from the cache beside it (nothing is
    re-parsed unless the cache was lost); the store is rewritten atomically, so a failure
    leaves it as it was, decisions included. Returns the analysis, the run's figures and the
    decisions that no longer apply.
    """
    started = datetime.now(UTC).isoformat(timespec="seconds")
    begin = time.perf_counter()
    path = Path(db_path)
    with locked(path):
        documents, last = _stored_book(path)
        decisions = list_decisions(path, active_only=True)
        nlp = nlp or _stored_pipeline(last.get("model") or "")
        cache = ParseCache(path.parent / CACHE_DIR, nlp)
        stats = RunStats()
        analysis = analyze_documents(documents, nlp, cache, progress, stats, decisions)
        _store(path, analysis, stats, started, begin, last.get("paths") or "")
    _log_stale(stats.stale)
    return analysis, stats, stats.stale
