"""Typed events: participants, place, date, modality and orders (hand-built parses)."""

from __future__ import annotations

import pytest

from dossier.facts import extract_facts
from dossier.nlp import Parsed
from dossier.records import Entity, Event
from tests.test_facts_support import NO_TIME, SAID_CONFESSED, Sentence, build, entity

ARREST = """
The	the	DET	DT	det	1
police	police	NOUN	NNS	nsubj	2
arrested	arrest	VERB	VBD	ROOT	2
Markov	Markov	PROPN	NNP	dobj	2
in	in	ADP	IN	prep	2
Kiev	Kiev	PROPN	NNP	pobj	4
.	.	PUNCT	.	punct	2
"""
PASSIVE = """
Markov	Markov	PROPN	NNP	nsubjpass	2
was	be	AUX	VBD	auxpass	2
arrested	arrest	VERB	VBN	ROOT	2
by	by	ADP	IN	agent	2
Petrov	Petrov	PROPN	NNP	pobj	3
in	in	ADP	IN	prep	2
Kiev	Kiev	PROPN	NNP	pobj	5
.	.	PUNCT	.	punct	2
"""
ORDERED = """
Petrov	Petrov	PROPN	NNP	nsubj	1
ordered	order	VERB	VBD	ROOT	1
the	the	DET	DT	det	3
guards	guard	NOUN	NNS	dobj	1
to	to	PART	TO	aux	5
arrest	arrest	VERB	VB	xcomp	1
Markov	Markov	PROPN	NNP	poss	8
's	's	PART	POS	case	6
brother	brother	NOUN	NN	dobj	5
.	.	PUNCT	.	punct	1
"""
ORDERS_NOUN = """
The	the	DET	DT	det	1
guards	guard	NOUN	NNS	nsubj	2
had	have	VERB	VBD	ROOT	2
orders	order	NOUN	NNS	dobj	2
from	from	ADP	IN	prep	3
Petrov	Petrov	PROPN	NNP	pobj	4
concerning	concern	VERB	VBG	prep	2
the	the	DET	DT	det	8
surveillance	surveillance	NOUN	NN	pobj	6
of	of	ADP	IN	prep	8
Markov	Markov	PROPN	NNP	pobj	9
.	.	PUNCT	.	punct	2
"""
DIED = """
Volkov	Volkov	PROPN	NNP	nsubj	1
died	die	VERB	VBD	ROOT	1
in	in	ADP	IN	prep	1
1941	1941	NUM	CD	pobj	2
.	.	PUNCT	.	punct	1
"""
WENT = """
I	I	PRON	PRP	nsubj	1
went	go	VERB	VBD	ROOT	1
to	to	ADP	IN	prep	1
Odessa	Odessa	PROPN	NNP	pobj	2
on	on	ADP	IN	prep	1
business	business	NOUN	NN	pobj	4
.	.	PUNCT	.	punct	1
"""
CAME_MAY = """
On	on	ADP	IN	prep	4
2	2	NUM	CD	nummod	2
May	May	PROPN	NNP	pobj	0
1937	1937	NUM	CD	nummod	2
Markov	Markov	PROPN	NNP	nsubj	5
came	come	VERB	VBD	ROOT	5
home	home	ADV	RB	advmod	5
.	.	PUNCT	.	punct	5
"""
AFTER_ARREST = """
Three	three	NUM	CD	nummod	1
days	day	NOUN	NNS	npadvmod	2
after	after	ADP	IN	prep	9
the	the	DET	DT	det	4
arrest	arrest	NOUN	NN	pobj	2
of	of	ADP	IN	prep	4
Markov	Markov	PROPN	NNP	pobj	5
,	,	PUNCT	,	punct	9
Petrov	Petrov	PROPN	NNP	nsubj	9
left	leave	VERB	VBD	ROOT	9
Moscow	Moscow	PROPN	NNP	dobj	9
.	.	PUNCT	.	punct	9
"""


def _events(parsed: Parsed, entities: list[Entity]) -> list[Event]:
    return list(extract_facts([parsed], entities, []).events)


def _people(parsed: Parsed, *names: str) -> list[Entity]:
    return [entity(name.lower(), parsed, name) for name in names]


def _places(parsed: Parsed, *names: str) -> list[Entity]:
    return [entity(name.lower(), parsed, name, type="GPE") for name in names]


def test_events_active_arrest_with_place_and_sentence() -> None:
    parsed = build(ARREST)
    (event,) = _events(parsed, _people(parsed, "Markov") + _places(parsed, "Kiev"))
    assert (event.type, event.agent, event.patient, event.place) == (
        "arrest",
        None,
        "markov",
        "kiev",
    )
    assert (event.start, event.end, event.trigger) == (0, len(parsed.document.text), "arrested")
    assert event.modality == "realis"


def test_events_passive_arrest_by_agent() -> None:
    parsed = build(PASSIVE)
    (event,) = _events(parsed, _people(parsed, "Markov", "Petrov") + _places(parsed, "Kiev"))
    assert (event.agent, event.patient, event.place) == ("petrov", "markov", "kiev")


def test_events_no_realis_arrest_from_a_negated_clause() -> None:
    parsed = build(
        "Markov\tMarkov\tPROPN\tNNP\tnsubj\t1\nwaited\twait\tVERB\tVBD\tROOT\t1\n.\t.\tPUNCT\t.\tpunct\t1",
        NO_TIME,
    )
    events = _events(parsed, _people(parsed, "Markov"))
    assert [(e.type, e.modality, e.patient) for e in events] == [("arrest", "negated", "markov")]


def test_events_ordered_arrest_belongs_to_who_ordered_it() -> None:
    parsed = build(ORDERED)
    brother = entity("brother", parsed, "Markov's brother", kind="NOM", description=True)
    (event,) = _events(parsed, [*_people(parsed, "Petrov", "Markov"), brother])
    assert (event.type, event.agent, event.patient) == ("arrest_order", "petrov", "brother")
    assert event.modality == "realis"


def test_events_orders_concerning_a_nominal_event() -> None:
    parsed = build(ORDERS_NOUN)
    (event,) = _events(parsed, _people(parsed, "Petrov", "Markov"))
    assert (event.type, event.agent, event.patient) == ("surveillance_order", "petrov", "markov")


def test_events_death_dated_by_its_sentence() -> None:
    parsed = build(DIED)
    (event,) = _events(parsed, _people(parsed, "Volkov"))
    assert (event.type, event.patient, event.agent, event.date) == ("death", "volkov", None, "1941")


def test_events_narrator_travels() -> None:
    parsed = build(WENT)
    me = entity("me", parsed, "I", narrator=True, kind="PRON")
    (event,) = _events(parsed, [me, *_places(parsed, "Odessa")])
    assert (event.type, event.agent, event.place) == ("travel", "me", "odessa")


def test_events_narrator_found_without_pronoun_mentions() -> None:
    parsed = build(WENT)
    me = entity("me", None, "the narrator", narrator=True)
    (event,) = _events(parsed, [me, *_places(parsed, "Odessa")])
    assert event.agent == "me"


def test_events_reported_confession() -> None:
    parsed = build(SAID_CONFESSED)
    (event,) = _events(parsed, _people(parsed, "Orlov"))
    assert (event.type, event.agent, event.modality) == ("confession", "orlov", "reported")


def test_events_nominal_arrest_and_relative_date() -> None:
    parsed = build(CAME_MAY, Sentence(AFTER_ARREST, paragraph=True))
    found = _events(parsed, _people(parsed, "Markov", "Petrov") + _places(parsed, "Moscow"))
    summary = {(e.type, e.agent, e.patient, e.place, e.date, e.modality) for e in found}
    assert summary == {
        ("travel", "markov", None, None, "1937-05-02", "realis"),  # came home
        ("arrest", None, "markov", None, "1937-05-05", "realis"),
        ("travel", "petrov", None, "moscow", "1937-05-05", "realis"),
    }


EXILES = """
Markov	Markov	PROPN	NNP	nsubj	1
lived	live	VERB	VBD	ROOT	1
with	with	ADP	IN	prep	1
other	other	ADJ	JJ	amod	4
exiles	exile	NOUN	NNS	pobj	2
.	.	PUNCT	.	punct	1
"""
AS_CALLED = """
Petrov	Petrov	PROPN	NNP	nsubj	8
,	,	PUNCT	,	punct	0
as	as	SCONJ	IN	mark	5
the	the	DET	DT	det	4
guards	guard	NOUN	NNS	nsubj	5
called	call	VERB	VBD	advcl	8
him	he	PRON	PRP	dobj	5
,	,	PUNCT	,	punct	8
shared	share	VERB	VBD	ROOT	8
his	his	PRON	PRP$	poss	10
bread	bread	NOUN	NN	dobj	8
.	.	PUNCT	.	punct	8
"""
# "Petrov's order said that in 1932 Markov had died." — the year is the death's, not the order's
ORDER_SAID_DIED = """
Petrov	Petrov	PROPN	NNP	poss	2
's	's	PART	POS	case	0
order	order	NOUN	NN	nsubj	3
said	say	VERB	VBD	ROOT	3
that	that	SCONJ	IN	mark	9
in	in	ADP	IN	prep	9
1932	1932	NUM	CD	pobj	5
Markov	Markov	PROPN	NNP	nsubj	9
had	have	AUX	VBD	aux	9
died	die	VERB	VBN	ccomp	3
.	.	PUNCT	.	punct	3
"""


def test_events_plural_person_noun_is_no_event() -> None:
    parsed = build(EXILES)
    assert [e.type for e in _events(parsed, _people(parsed, "Markov"))] == []


def test_events_call_in_an_as_clause_is_naming() -> None:
    parsed = build(AS_CALLED)
    assert [e.type for e in _events(parsed, _people(parsed, "Petrov"))] == []


def test_events_date_inside_a_reported_clause_is_not_the_main_events() -> None:
    parsed = build(ORDER_SAID_DIED)
    found = {(e.type, e.date) for e in _events(parsed, _people(parsed, "Petrov", "Markov"))}
    assert found == {("order", None), ("death", "1932")}


# "Orlov spoke with the conviction that Markov lied." — a belief, not a verdict
CONVICTION_THAT = """
Orlov	Orlov	PROPN	NNP	nsubj	1
spoke	speak	VERB	VBD	ROOT	1
with	with	ADP	IN	prep	1
the	the	DET	DT	det	4
conviction	conviction	NOUN	NN	pobj	2
that	that	SCONJ	IN	mark	7
Markov	Markov	PROPN	NNP	nsubj	7
lied	lie	VERB	VBD	acl	4
.	.	PUNCT	.	punct	1
"""
# "After his conviction, Markov wept."
HIS_CONVICTION = """
After	after	ADP	IN	prep	4
his	his	PRON	PRP$	poss	2
conviction	conviction	NOUN	NN	pobj	0
,	,	PUNCT	,	punct	4
Markov	Markov	PROPN	NNP	nsubj	5
wept	weep	VERB	VBD	ROOT	5
.	.	PUNCT	.	punct	5
"""


def test_events_conviction_needs_someone_convicted() -> None:
    belief = build(CONVICTION_THAT)
    verdict = build(HIS_CONVICTION)
    assert "sentence" not in {e.type for e in _events(belief, _people(belief, "Orlov", "Markov"))}
    assert [e.type for e in _events(verdict, _people(verdict, "Markov"))] == ["sentence"]


LEFT_PAPERS = """
Markov	Markov	PROPN	NNP	nsubj	1
left	leave	VERB	VBD	ROOT	1
the	the	DET	DT	det	3
papers	paper	NOUN	NNS	dobj	1
here	here	ADV	RB	advmod	1
.	.	PUNCT	.	punct	1
"""
LEFT_TOWN = LEFT_PAPERS.replace("papers\tpaper\tNOUN\tNNS", "town\ttown\tNOUN\tNN")
DIED_AWAY = """
The	the	DET	DT	det	1
noise	noise	NOUN	NN	nsubj	2
died	die	VERB	VBD	ROOT	2
away	away	ADP	RP	prt	2
.	.	PUNCT	.	punct	2
"""
DIED_AWAY_ADVERB = DIED_AWAY.replace("away\taway\tADP\tRP\tprt", "away\taway\tADV\tRB\tadvmod")
APPREHEND = """
Markov	Markov	PROPN	NNP	nsubj	1
began	begin	VERB	VBD	ROOT	1
to	to	PART	TO	aux	3
apprehend	apprehend	VERB	VB	xcomp	1
.	.	PUNCT	.	punct	1
"""


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (LEFT_PAPERS, []),  # something left behind
        (LEFT_TOWN, ["travel"]),
        (DIED_AWAY, []),
        (DIED_AWAY_ADVERB, []),
        (APPREHEND, []),  # to fear, with no one apprehended
    ],
)
def test_events_word_senses_that_are_no_event(table: str, expected: list[str]) -> None:
    parsed = build(table)
    assert [e.type for e in _events(parsed, _people(parsed, "Markov"))] == expected
