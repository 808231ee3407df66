"""Whom a possessive pronoun stands for in the facts stage (hand-built parses): the subject of
the clause that governs it, before a nearer subject of a clause beside or below it."""

from __future__ import annotations

import pytest

from dossier.facts import extract_facts
from dossier.records import Entity
from tests.test_facts_support import build, entity

WALKED_ME = """
Danilov	Danilov	PROPN	NNP	nsubj	1
walked	walk	VERB	VBD	ROOT	1
me	I	PRON	PRP	dobj	1
home	home	ADV	RB	advmod	1
.	.	PUNCT	.	punct	1
"""
# "He told me that Kravets had been watching him, and that his brother Oleg Danilov had lost
# his post." — the second "that" clause is coordinated with Kravets's, not governed by it.
TOLD_ME_THAT = """
He	he	PRON	PRP	nsubj	1
told	tell	VERB	VBD	ROOT	1
me	I	PRON	PRP	dobj	1
that	that	SCONJ	IN	mark	7
Kravets	Kravets	PROPN	NNP	nsubj	7
had	have	AUX	VBD	aux	7
been	be	AUX	VBN	aux	7
watching	watch	VERB	VBG	ccomp	1
him	he	PRON	PRP	dobj	7
,	,	PUNCT	,	punct	7
and	and	CCONJ	CC	cc	7
that	that	SCONJ	IN	mark	17
his	his	PRON	PRP$	poss	13
brother	brother	NOUN	NN	nsubj	17
Oleg	Oleg	PROPN	NNP	compound	15
Danilov	Danilov	PROPN	NNP	appos	13
had	have	AUX	VBD	aux	17
lost	lose	VERB	VBN	conj	7
his	his	PRON	PRP$	poss	19
post	post	NOUN	NN	dobj	17
.	.	PUNCT	.	punct	1
"""
# "Danilov said that Kravets had left." — Kravets is the subject of a clause below the main one.
SAID_THAT_LEFT = """
Danilov	Danilov	PROPN	NNP	nsubj	1
said	say	VERB	VBD	ROOT	1
that	that	SCONJ	IN	mark	5
Kravets	Kravets	PROPN	NNP	nsubj	5
had	have	AUX	VBD	aux	5
left	leave	VERB	VBN	ccomp	1
.	.	PUNCT	.	punct	1
"""
BROTHER_CAME = """
His	his	PRON	PRP$	poss	1
brother	brother	NOUN	NN	nsubj	3
Oleg	Oleg	PROPN	NNP	appos	1
came	come	VERB	VBD	ROOT	3
home	home	ADV	RB	advmod	3
.	.	PUNCT	.	punct	3
"""
# "Vera told me that Kravets had met his brother Oleg." — the nearest governing subject of the
# pronoun's gender decides; Vera is not a candidate for "his".
MET_HIS_BROTHER = """
Vera	Vera	PROPN	NNP	nsubj	1
told	tell	VERB	VBD	ROOT	1
me	I	PRON	PRP	dobj	1
that	that	SCONJ	IN	mark	6
Kravets	Kravets	PROPN	NNP	nsubj	6
had	have	AUX	VBD	aux	6
met	meet	VERB	VBN	ccomp	1
his	his	PRON	PRP$	poss	8
brother	brother	NOUN	NN	dobj	6
Oleg	Oleg	PROPN	NNP	appos	8
.	.	PUNCT	.	punct	1
"""


def _siblings(parsed, people: list[Entity]) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    facts = extract_facts([parsed], people, [])
    return {(r.head, r.tail) for r in facts.relations if r.relation == "sibling"}


@pytest.mark.parametrize(
    ("tables", "oleg", "expected"),
    [
        # the main clause's pronoun subject (-> Danilov), not Kravets of the clause beside it
        ((WALKED_ME, TOLD_ME_THAT), "Oleg Danilov", "danilov"),
        # last sentence's main subject, not the subject of the clause it governs
        ((SAID_THAT_LEFT, BROTHER_CAME), "Oleg", "danilov"),
        # the governing subject that is nearest and of the pronoun's gender
        ((MET_HIS_BROTHER,), "Oleg", "kravets"),
    ],
)
def test_arguments_possessor_is_the_governing_subject(
    tables: tuple[str, ...], oleg: str, expected: str
) -> None:
    parsed = build(*tables)
    people = [
        entity("danilov", parsed, "Danilov", gender="male"),
        entity("kravets", parsed, "Kravets", gender="male"),
        entity("vera", parsed, "Vera", gender="female"),
        entity("oleg", parsed, oleg, gender="male"),
    ]
    # "Danilov" inside "Oleg Danilov" is Oleg's; the bare surname elsewhere is Danilov's
    if oleg == "Oleg Danilov":
        span = parsed.document.text.index(oleg)
        people[0] = Entity(
            id="danilov", name="Danilov", type="PER", gender="male", narrator=False,
            description=False, aliases=("Danilov",),
            mentions=tuple(m for m in people[0].mentions if not span <= m.start < span + len(oleg)),
        )  # fmt: skip
    assert _siblings(parsed, people) == {("oleg", expected)}
