"""Kinship and role relations, each tied to its sentence (hand-built parses)."""

from __future__ import annotations

from dossier.facts import extract_facts
from dossier.records import Entity
from tests.test_facts_support import MY_SISTER, build, entity, quote_over

DAUGHTER = """
Belousov	Belousov	PROPN	NNP	poss	2
's	's	PART	POS	case	0
daughter	daughter	NOUN	NN	nsubj	4
Lidia	Lidia	PROPN	NNP	appos	2
came	come	VERB	VBD	ROOT	4
home	home	ADV	RB	advmod	4
.	.	PUNCT	.	punct	4
"""
SECRETARY = """
Orlov	Orlov	PROPN	NNP	nsubj	1
was	be	AUX	VBD	ROOT	1
a	a	DET	DT	det	3
secretary	secretary	NOUN	NN	attr	1
of	of	ADP	IN	prep	3
the	the	DET	DT	det	7
Party	Party	PROPN	NNP	compound	7
Committee	Committee	PROPN	NNP	pobj	4
.	.	PUNCT	.	punct	1
"""
COLONEL = """
Sokolov	Sokolov	PROPN	NNP	nsubj	9
,	,	PUNCT	,	punct	0
a	a	DET	DT	det	3
colonel	colonel	NOUN	NN	appos	0
of	of	ADP	IN	prep	3
the	the	DET	DT	det	7
Red	Red	PROPN	NNP	compound	7
Guard	Guard	PROPN	NNP	pobj	4
,	,	PUNCT	,	punct	0
died	die	VERB	VBD	ROOT	9
.	.	PUNCT	.	punct	9
"""
CAME_HOME = """
Kuznetsov	Kuznetsov	PROPN	NNP	nsubj	1
came	come	VERB	VBD	ROOT	1
home	home	ADV	RB	advmod	1
.	.	PUNCT	.	punct	1
"""
WIFE_CRYING = """
His	his	PRON	PRP$	poss	1
wife	wife	NOUN	NN	nsubj	3
was	be	AUX	VBD	aux	3
crying	cry	VERB	VBG	ROOT	3
.	.	PUNCT	.	punct	3
"""
WIFE_APPOSITION = """
His	his	PRON	PRP$	poss	1
wife	wife	NOUN	NN	nsubj	6
,	,	PUNCT	,	punct	1
Vera	Vera	PROPN	NNP	compound	4
Sokolnikova	Sokolnikova	PROPN	NNP	appos	1
,	,	PUNCT	,	punct	1
wrote	write	VERB	VBD	ROOT	6
to	to	ADP	IN	prep	6
him	he	PRON	PRP	pobj	7
.	.	PUNCT	.	punct	6
"""
SONS = """
Ivanov	Ivanov	PROPN	NNP	poss	3
's	's	PART	POS	case	0
two	two	NUM	CD	nummod	3
sons	son	NOUN	NNS	nsubjpass	5
were	be	AUX	VBD	auxpass	5
arrested	arrest	VERB	VBN	ROOT	5
.	.	PUNCT	.	punct	5
"""


def _relations(parsed, entities: list[Entity], quotes=()) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    facts = extract_facts([parsed], entities, list(quotes))
    return {(r.head, r.relation, r.tail) for r in facts.relations}


def test_relations_possessive_with_apposed_name_is_parent_of_child() -> None:
    parsed = build(DAUGHTER)
    people = [entity("belousov", parsed, "Belousov"), entity("lidia", parsed, "Lidia")]
    assert _relations(parsed, people) == {("belousov", "parent", "lidia")}


def test_relations_copula_title_gives_role_and_membership() -> None:
    parsed = build(SECRETARY)
    found = extract_facts(
        [parsed],
        [entity("orlov", parsed, "Orlov"), entity("pc", parsed, "Party Committee", type="ORG")],
        [],
    ).relations
    assert {(r.head, r.relation, r.tail) for r in found} == {
        ("orlov", "role", "pc"),
        ("orlov", "member_of", "pc"),
    }
    role = next(r for r in found if r.relation == "role")
    assert role.detail == "secretary of the Party Committee"
    assert (role.start, role.end) == (0, len(parsed.document.text))  # the sentence


def test_relations_apposed_title_of_a_person() -> None:
    parsed = build(COLONEL)
    people = [
        entity("sokolov", parsed, "Sokolov"),
        entity("guard", parsed, "Red Guard", type="ORG"),
    ]
    assert ("sokolov", "member_of", "guard") in _relations(parsed, people)


def test_relations_his_wife_is_the_woman_of_his_family_name() -> None:
    parsed = build(CAME_HOME, WIFE_CRYING)
    people = [
        entity("kuznetsov", parsed, "Kuznetsov"),
        entity("anna", None, "Anna Kuznetsova"),  # named elsewhere in the book
    ]
    assert _relations(parsed, people) == {("anna", "spouse", "kuznetsov")}


def test_relations_his_wife_with_apposed_name() -> None:
    parsed = build(CAME_HOME.replace("Kuznetsov", "Sokolnikov"), WIFE_APPOSITION)
    people = [
        entity("sokolnikov", parsed, "Sokolnikov"),
        entity("vera", parsed, "Vera Sokolnikova"),
    ]
    assert _relations(parsed, people) == {("vera", "spouse", "sokolnikov")}


def test_relations_my_sister_in_a_quotation_is_the_speakers() -> None:
    parsed = build(MY_SISTER)
    people = [entity("pavlov", parsed, "Pavlov"), entity("maria", None, "Maria Pavlova")]
    quote = quote_over(parsed, "“My sister died,”", speaker="pavlov")
    assert _relations(parsed, people, [quote]) == {("maria", "sibling", "pavlov")}


def test_relations_my_sister_without_a_speaker_gives_nothing() -> None:
    parsed = build(MY_SISTER)
    people = [entity("pavlov", parsed, "Pavlov"), entity("maria", None, "Maria Pavlova")]
    assert _relations(parsed, people) == set()


def test_relations_unnamed_children_as_description_entity() -> None:
    parsed = build(SONS)
    sons = entity("sons", parsed, "Ivanov's two sons", kind="NOM", description=True)
    people = [entity("ivanov", parsed, "Ivanov"), sons]
    assert _relations(parsed, people) == {("ivanov", "parent", "sons")}


def test_relations_plural_kin_never_guessed_from_family_name() -> None:
    parsed = build(SONS)
    people = [entity("ivanov", parsed, "Ivanov"), entity("sergei", None, "Sergei Ivanov")]
    assert _relations(parsed, people) == set()
