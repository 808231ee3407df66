"""Builders for the facts tests: spaCy Docs from hand-written parse tables, and the entities
and quotes that point into them. No model is loaded: each table row is one token,

    word  lemma  POS  TAG  dep  head

tab-separated, ``head`` counted from the first token of its sentence. Sentences are joined by
one space (``paragraph=True`` puts a blank line before a sentence instead)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import spacy
from spacy.tokens import Doc

from dossier.nlp import Parsed
from dossier.records import Document, Entity, EntityType, Mention, MentionKind, Quote

_VOCAB = spacy.blank("en").vocab


@dataclass(frozen=True)
class Sentence:
    table: str
    paragraph: bool = False


def build(*sentences: str | Sentence, doc_id: str = "d1") -> Parsed:
    """A Parsed document from parse tables, text rebuilt with English spacing."""
    words: list[str] = []
    spaces: list[bool] = []
    heads: list[int] = []
    deps: list[str] = []
    pos: list[str] = []
    tags: list[str] = []
    lemmas: list[str] = []
    for item in sentences:
        sentence = item if isinstance(item, Sentence) else Sentence(item)
        rows = [line.split("\t") for line in sentence.table.strip("\n").splitlines()]
        rows = [[cell.strip() for cell in row] for row in rows if row and row[0].strip()]
        if words:
            if sentence.paragraph:
                spaces[-1] = False
                words.append("\n\n")
                spaces.append(False)
                heads.append(len(words) - 2)
                deps.append("dep")
                pos.append("SPACE")
                tags.append("_SP")
                lemmas.append("\n\n")
            else:
                spaces[-1] = True
        base = len(words)
        for j, (word, lemma, p, tag, dep, head) in enumerate(row[:6] for row in rows):
            words.append(word)
            nxt = rows[j + 1][0] if j + 1 < len(rows) else ""
            spaces.append(_space_between(word, nxt))
            heads.append(base + int(head))
            deps.append(dep)
            pos.append(p)
            tags.append(tag)
            lemmas.append(lemma)
    doc = Doc(
        _VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags,
        lemmas=lemmas,
    )  # fmt: skip
    document = Document(id=doc_id, path=f"{doc_id}.txt", title=doc_id, text=doc.text)
    return Parsed(document, doc)


def _space_between(word: str, following: str) -> bool:
    if not following:
        return False
    if following in (".", ",", "?", "!", ";", ":", "'s", "’s", "”", ")", "n't", "n’t", "-"):
        return False
    return word not in ("“", "(", "-") and not (word == "re" and following == "-")


def mentions_of(parsed: Parsed, surface: str, label: EntityType = "PER",
                kind: MentionKind = "PROP") -> tuple[Mention, ...]:  # fmt: skip
    """Every whole-word occurrence of ``surface`` in the document, as mentions."""
    text = parsed.document.text
    pattern = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
    return tuple(
        Mention(parsed.document.id, m.start(), m.end(), surface, label, kind)
        for m in pattern.finditer(text)
    )


def entity(
    entity_id: str,
    parsed: Parsed | None,
    *surfaces: str,
    type: EntityType = "PER",
    gender: str | None = None,
    narrator: bool = False,
    description: bool = False,
    kind: MentionKind = "PROP",
    extra: tuple[Mention, ...] = (),
) -> Entity:
    found: tuple[Mention, ...] = ()
    if parsed is not None:
        for surface in surfaces:
            found += mentions_of(parsed, surface, type, kind)
    return Entity(
        id=entity_id,
        name=surfaces[0] if surfaces else entity_id,
        type=type,
        gender=gender,  # type: ignore[arg-type]
        narrator=narrator,
        description=description,
        aliases=surfaces,
        mentions=found + extra,
    )


def quote_over(
    parsed: Parsed, text: str, speaker: str | None, addressee: str | None = None
) -> Quote:
    start = parsed.document.text.index(text)
    return Quote(
        id="q1", doc=parsed.document.id, start=start, end=start + len(text), text=text,
        speaker=speaker, addressee=addressee, method="explicit",
    )  # fmt: skip


# Parse tables used by several facts test modules.
NO_TIME = """
They	they	PRON	PRP	nsubj	3
have	have	AUX	VBP	aux	3
not	not	PART	RB	neg	3
had	have	VERB	VBN	ROOT	3
time	time	NOUN	NN	dobj	3
to	to	PART	TO	aux	6
arrest	arrest	VERB	VB	relcl	4
him	he	PRON	PRP	dobj	6
yet	yet	ADV	RB	advmod	6
.	.	PUNCT	.	punct	3
"""

WALKED = """
She	she	PRON	PRP	nsubj	1
walked	walk	VERB	VBD	ROOT	1
home	home	ADV	RB	advmod	1
and	and	CCONJ	CC	cc	1
did	do	AUX	VBD	aux	6
not	not	PART	RB	neg	6
stop	stop	VERB	VB	conj	1
.	.	PUNCT	.	punct	1
"""

WOULD_GO = """
He	he	PRON	PRP	nsubj	2
would	would	AUX	MD	aux	2
go	go	VERB	VB	ROOT	2
.	.	PUNCT	.	punct	2
"""

MY_SISTER = """
“	"	PUNCT	``	punct	6
My	my	PRON	PRP$	poss	2
sister	sister	NOUN	NN	nsubj	3
died	die	VERB	VBD	ccomp	6
,	,	PUNCT	,	punct	6
”	"	PUNCT	''	punct	6
said	say	VERB	VBD	ROOT	6
Pavlov	Pavlov	PROPN	NNP	nsubj	6
.	.	PUNCT	.	punct	6
"""
SAID_CONFESSED = """
He	he	PRON	PRP	nsubj	1
said	say	VERB	VBD	ROOT	1
that	that	SCONJ	IN	mark	5
Orlov	Orlov	PROPN	NNP	nsubj	5
had	have	AUX	VBD	aux	5
confessed	confess	VERB	VBN	ccomp	1
.	.	PUNCT	.	punct	1
"""
