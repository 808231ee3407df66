"""Hand-built parses for the quotes stage's tests: a document from paragraphs of tokens with
their parse, and people with a mention at every occurrence of their names."""

from __future__ import annotations

from collections.abc import Sequence

import spacy
from spacy.tokens import Doc

from dossier.nlp import Parsed
from dossier.records import Document, Entity, Gender, Mention, MentionKind, Quote

__all__ = ["build", "person", "speech"]

VOCAB = spacy.blank("en").vocab
_NO_SPACE_BEFORE = {",", ".", "!", "?", ";", ":", "”", "’s"}
_NO_SPACE_AFTER = {"“"}


def build(paragraphs: Sequence[Sequence[str]]) -> Parsed:
    """A parsed document from paragraphs of ``text|POS|dep|head[|lemma[|tag]]`` tokens,
    ``head`` counted from the paragraph's first token; paragraphs are joined by a blank line."""
    words: list[str] = []
    heads: list[int] = []
    deps: list[str] = []
    pos: list[str] = []
    lemmas: list[str] = []
    tags: list[str] = []
    for n, paragraph in enumerate(paragraphs):
        if n:
            words.append("\n\n")
            heads.append(len(words) - 2)
            deps.append("dep")
            pos.append("SPACE")
            lemmas.append("\n\n")
            tags.append("_SP")
        offset = len(words)
        for spec in paragraph:
            text, upos, dep, head, *rest = spec.split("|")
            words.append(text)
            pos.append(upos)
            deps.append(dep)
            heads.append(offset + int(head))
            lemmas.append(rest[0] if rest else text.lower())
            tags.append(rest[1] if len(rest) > 1 else "")
    spaces = [
        k + 1 < len(words)
        and "\n" not in (word + words[k + 1])
        and words[k + 1] not in _NO_SPACE_BEFORE
        and word not in _NO_SPACE_AFTER
        for k, word in enumerate(words)
    ]
    doc = Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas,
        tags=tags,
    )
    return Parsed(Document("d1", "d1.txt", "d1", doc.text), doc)


def person(
    parsed: Parsed,
    entity_id: str,
    *texts: str,
    gender: Gender | None = None,
    kind: MentionKind = "PROP",
    narrator: bool = False,
) -> Entity:
    """An entity with a mention at every occurrence of each of ``texts`` (whole tokens)."""
    doc = parsed.doc
    mentions = []
    for text in texts:
        size = len(text.split())
        for i in range(len(doc) - size + 1):
            span = doc[i : i + size]
            if span.text == text:
                mentions.append(
                    Mention("d1", span.start_char, span.end_char, text, "PER", kind, "rule")
                )
    mentions.sort(key=lambda m: m.start)
    return Entity(
        entity_id,
        texts[0],
        "PER",
        gender=gender,
        narrator=narrator,
        description=kind == "NOM",
        aliases=texts,
        mentions=tuple(mentions),
    )


def speech(quotes: list[Quote]) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(q.text, q.speaker, q.addressee, q.method) for q in quotes if q.kind == "speech"]
