"""Modality of event words: realis, negated, hypothetical, reported (hand-built parses)."""

from __future__ import annotations

import pytest
import spacy

from dossier.facts.modality import Signals, habitual, modality, quote_mask
from tests.test_facts_support import (
    MY_SISTER,
    NO_TIME,
    SAID_CONFESSED,
    WALKED,
    WOULD_GO,
    build,
)

ARRESTED = """
Markov	Markov	PROPN	NNP	nsubjpass	3
was	be	AUX	VBD	auxpass	3
not	not	PART	RB	neg	3
arrested	arrest	VERB	VBN	ROOT	3
.	.	PUNCT	.	punct	3
"""
IF_ARRESTED = """
If	if	SCONJ	IN	mark	2
they	they	PRON	PRP	nsubj	2
arrested	arrest	VERB	VBD	advcl	7
him	he	PRON	PRP	dobj	2
,	,	PUNCT	,	punct	7
she	she	PRON	PRP	nsubj	7
would	would	AUX	MD	aux	7
leave	leave	VERB	VB	ROOT	7
.	.	PUNCT	.	punct	7
"""
REFUSED = """
He	he	PRON	PRP	nsubj	1
refused	refuse	VERB	VBD	ROOT	1
to	to	PART	TO	aux	3
sign	sign	VERB	VB	xcomp	1
the	the	DET	DT	det	5
paper	paper	NOUN	NN	dobj	3
.	.	PUNCT	.	punct	1
"""
BEGAN = """
She	she	PRON	PRP	nsubj	1
began	begin	VERB	VBD	ROOT	1
to	to	PART	TO	aux	3
cry	cry	VERB	VB	xcomp	1
.	.	PUNCT	.	punct	1
"""
THOUGHT = SAID_CONFESSED.replace("said\tsay", "thought\tthink").replace(
    "confessed\tconfess", "died\tdie"
)
ASKED = """
Did	do	AUX	VBD	aux	2
they	they	PRON	PRP	nsubj	2
arrest	arrest	VERB	VB	ROOT	2
him	he	PRON	PRP	dobj	2
?	?	PUNCT	.	punct	2
"""


@pytest.mark.parametrize(
    ("table", "word", "expected"),
    [
        (ARRESTED, "arrested", "negated"),
        (NO_TIME, "arrest", "negated"),
        (IF_ARRESTED, "arrested", "hypothetical"),
        (IF_ARRESTED, "leave", "hypothetical"),
        (REFUSED, "sign", "negated"),
        (BEGAN, "cry", "realis"),
        (SAID_CONFESSED, "confessed", "reported"),
        (SAID_CONFESSED, "said", "realis"),
        (THOUGHT, "died", "hypothetical"),
        (ASKED, "arrest", "hypothetical"),
        (WOULD_GO, "go", "hypothetical"),
        (WALKED, "walked", "realis"),
        (WALKED, "stop", "negated"),
    ],
)
def test_modality_of_clause_kinds(table: str, word: str, expected: str) -> None:
    parsed = build(table)
    token = next(t for t in parsed.doc if t.text == word)
    assert modality(token, Signals(parsed.doc)) == expected


def test_modality_plain_assertion_in_direct_speech_is_reported() -> None:
    parsed = build(MY_SISTER)
    died = next(t for t in parsed.doc if t.text == "died")
    said = next(t for t in parsed.doc if t.text == "said")
    signals = Signals(parsed.doc)
    assert modality(died, signals) == "reported"
    assert modality(died, signals, quoted_is_reported=False) == "realis"
    assert modality(said, signals) == "realis"  # the narration's verb is not in the quote


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("He said “go now” and left.", ["go", "now"]),
        ('He said "go now" and left.', ["go", "now"]),
        ("“Wait,\n\nThen she left.", ["Wait"]),  # a paragraph break ends an unclosed quote
    ],
)
def test_quote_mask_marks_quoted_words(text: str, inside: list[str]) -> None:
    doc = spacy.blank("en")(text)
    mask = quote_mask(doc)
    quoted_words = [t.text for t in doc if mask[t.i] and t.is_alpha]
    assert quoted_words == inside


def test_habitual_sees_frequency_adverbs() -> None:
    parsed = build(
        """
He	he	PRON	PRP	nsubj	2
often	often	ADV	RB	advmod	2
came	come	VERB	VBD	ROOT	2
.	.	PUNCT	.	punct	2
"""
    )
    came = parsed.doc[2]
    assert habitual(came)
    assert not habitual(build(WALKED).doc[1])
