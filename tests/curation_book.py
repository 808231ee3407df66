"""A small invented book built by hand for the curation tests: entities with their mentions,
evidence, documents and sentences, and no model."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from dossier.names import entity_id
from dossier.records import AliasEvidence, Analysis, Document, Entity, Mention, Sentence
from dossier.store import write_analysis

# name, type, gender, [(chapter, surface as written)], {alias: (score, features)}
Spec = tuple[str, str, str | None, list[tuple[str, str]], dict[str, tuple[float, tuple[str, ...]]]]

SPEC: list[Spec] = [
    ("Oleg Petrov", "PER", "male",
     [("one", "Oleg Petrov"), ("one", "Petrov"), ("one", "Petrov’s"), ("two", "Petrov"),
      ("two", "Oleg Petrov"), ("two", "Oleg"), ("two", "Petrof")],
     {"Petrof": (0.72, ("spelling variant", "one typo")), "Oleg": (0.6, ("recency",))}),
    ("Oleg Sidorin", "PER", "male",
     [("one", "Oleg Sidorin"), ("one", "Sidorin"), ("two", "Oleg"), ("two", "Sidorin")], {}),
    ("Marta Petrova", "PER", "female",
     [("one", "Marta Petrova"), ("two", "Marta")], {}),
    ("Betrov", "PER", None, [("two", "Betrov")], {}),
    ("Gorky", "GPE", None, [("one", "Gorky"), ("two", "Gorky")], {}),
    ("Gorky Street", "FAC", None, [("two", "Gorky Street")], {}),
    ("Mazur", "PER", "male", [("one", "Mazur")], {}),
    ("Maxim Gorky", "PER", "male", [("one", "Maxim Gorky"), ("two", "Gorky")], {}),
]  # fmt: skip

# Oleg Sidorin's “Oleg” also belongs to Oleg Petrov: the ambiguous name of the tests.


def build(spec: list[Spec] = SPEC) -> Analysis:
    pieces: dict[str, list[str]] = {"one": [], "two": []}
    lengths = {"one": 0, "two": 0}
    sentences: dict[str, list[Sentence]] = {"one": [], "two": []}
    entities = []
    taken: set[str] = set()
    for name, kind, gender, surfaces, evidence in spec:
        mentions = []
        for doc, surface in surfaces:
            start = lengths[doc]
            sentence = f"{surface} spoke. "
            pieces[doc].append(sentence)
            lengths[doc] += len(sentence)
            mentions.append(Mention(doc, start, start + len(surface), surface, kind))  # type: ignore[arg-type]
            index = len(sentences[doc])
            sentences[doc].append(Sentence(doc, index, start, start + len(sentence) - 1, index))
        counts = Counter(m.text.removesuffix("’s") for m in mentions)
        aliases = tuple(sorted(counts, key=lambda a: (-counts[a], a)))
        items = []
        for alias in aliases:
            score, features = evidence.get(alias, (1.0, ("canonical",) if alias == name else ()))
            reason = "canonical name" if alias == name else f"a form of “{name}”"
            items.append(AliasEvidence(alias, reason, score, features))
        entities.append(
            Entity(entity_id(name, taken), name, kind, gender, aliases=aliases,  # type: ignore[arg-type]
                   mentions=tuple(mentions), evidence=tuple(items))
        )  # fmt: skip
    documents = tuple(
        Document(doc, f"{doc}.txt", f"Chapter {doc}", "".join(pieces[doc]), n + 1, n)
        for n, doc in enumerate(("one", "two"))
    )
    return Analysis(
        documents=documents,
        sentences=tuple(s for doc in ("one", "two") for s in sentences[doc]),
        entities=tuple(entities),
    )


def store(path: Path, analysis: Analysis | None = None) -> Path:
    """The analysis written to ``path`` (a dossier.db) as ``analyze`` would."""
    keys = ("started", "finished", "version", "model", "tokens", "parsed", "cached", "seconds")
    run = dict.fromkeys(keys, None) | {"paths": "hand-built", "documents": 2}
    write_analysis(path, analysis or build(), run)
    return path
