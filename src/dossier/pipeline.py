"""The runner: a visible loop over named stages, from files to an :class:`Analysis`.

    ingest -> parse -> segment -> mentions -> names -> quotes -> facts

Each stage is one module with one typed entry point. A stage that fails unexpectedly raises
:class:`StageError` naming it. :func:`analyze` also writes the SQLite store.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import __version__
from .errors import DossierError, StageError
from .facts import extract_facts
from .ingest import read_book
from .mentions import extract_mentions
from .names import resolve_entities
from .nlp import CachedBook, ParseCache, Parsed, load_pipeline, model_id, parse_documents
from .quotes import find_quotes
from .records import Analysis, Document, Mention, Paragraph, Sentence
from .segment import split_paragraphs, split_sentences
from .store import write_analysis

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["DB_NAME", "Progress", "RunStats", "analyze", "analyze_documents"]

log = logging.getLogger(__name__)
DB_NAME = "dossier.db"
CACHE_DIR = "cache"
# Up to this many tokens the parses stay in memory between stages; beyond it they are read
# back from the parse cache one chapter at a time, so memory stays bounded for huge books.
MEMORY_TOKENS = 400_000
T = TypeVar("T")

# progress(stage, done, total) — the CLI draws a bar from it; the library never prints.
Progress = Callable[[str, int, int], None]


@dataclass
class RunStats:
    parsed: int = 0
    cached: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


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


def analyze_documents(
    documents: Sequence[Document],
    nlp: Language,
    cache: ParseCache | None = None,
    progress: Progress | None = None,
    stats: RunStats | None = None,
) -> Analysis:
    """Run every stage after ingest over ``documents`` (one book) and return plain data."""
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
        doc_paragraphs = _stage("segment", stats, split_paragraphs, item.document)
        paragraphs.extend(doc_paragraphs)
        sentences.extend(_stage("segment", stats, split_sentences, item, doc_paragraphs))
        mentions.extend(_stage("mentions", stats, extract_mentions, item))
    log.debug("parsed %d documents in %.2fs", len(documents), time.perf_counter() - begin)
    book: Sequence[Parsed] = parsed
    if cache is not None and tokens > MEMORY_TOKENS:
        parsed.clear()
        book = CachedBook(documents, cache)

    entities = _stage("names", stats, resolve_entities, book, mentions)
    quotes = _stage("quotes", stats, find_quotes, book, entities)
    facts = _stage("facts", stats, extract_facts, book, entities, quotes)
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
    analysis = analyze_documents(documents, nlp, cache, progress, stats)
    cache.prune(d.text for d in documents)
    run = {
        "started": started,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": __version__,
        "model": analysis.model,
        "paths": ";".join(str(p) for p in paths),
        "documents": len(documents),
        "tokens": analysis.tokens,
        "parsed": stats.parsed,
        "cached": stats.cached,
        "seconds": round(time.perf_counter() - begin, 3),
    }
    _stage("store", stats, write_analysis, out / DB_NAME, analysis, run)
    return analysis, stats
