"""The general realis-trigger detector (LitBank's notion of an event)."""

from __future__ import annotations

import pytest

from dossier.facts import event_triggers, realis_triggers
from tests.test_facts_support import WALKED, WOULD_GO, build

WAS_TIRED = """
She	she	PRON	PRP	nsubj	1
was	be	AUX	VBD	ROOT	1
tired	tired	ADJ	JJ	acomp	1
and	and	CCONJ	CC	cc	1
seemed	seem	VERB	VBD	conj	1
sad	sad	ADJ	JJ	acomp	4
.	.	PUNCT	.	punct	1
"""
BEGAN_TO_CRY = """
She	she	PRON	PRP	nsubj	1
began	begin	VERB	VBD	ROOT	1
to	to	PART	TO	aux	3
cry	cry	VERB	VB	xcomp	1
.	.	PUNCT	.	punct	1
"""
OFTEN_CAME = """
He	he	PRON	PRP	nsubj	2
often	often	ADV	RB	advmod	2
came	come	VERB	VBD	ROOT	2
.	.	PUNCT	.	punct	2
"""
STORM = """
The	the	DET	DT	det	1
storm	storm	NOUN	NN	nsubj	2
broke	break	VERB	VBD	ROOT	2
at	at	ADP	IN	prep	2
night	night	NOUN	NN	pobj	3
.	.	PUNCT	.	punct	2
"""


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (WALKED, ["walked"]),
        (WOULD_GO, []),
        (WAS_TIRED, []),  # states are not events
        (BEGAN_TO_CRY, ["cry"]),  # the complement is the event, not the aspect verb
        (OFTEN_CAME, []),  # habitual
        (STORM, ["storm", "broke"]),
    ],
)
def test_triggers_realis_words(table: str, expected: list[str]) -> None:
    assert [t.text for t in realis_triggers(build(table))] == expected


def test_triggers_keep_modality_and_offsets() -> None:
    parsed = build(WALKED)
    found = {t.text: t for t in event_triggers(parsed)}
    assert found["stop"].modality == "negated"
    walked = found["walked"]
    assert parsed.document.text[walked.start : walked.end] == "walked"
    assert walked.lemma == "walk"
