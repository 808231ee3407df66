"""The names stage on hand-built parses (no model): narrator, descriptions, missed names,
evidence and ids. Also home of :func:`build`, which the other name tests use."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import spacy
from spacy.tokens import Doc, Span

from dossier.names import resolve_entities
from dossier.nlp import Parsed
from dossier.records import Document, Entity

NLP = spacy.blank("en")
_NO_SPACE_BEFORE = {".", ",", "’s", "!", "?", ";", ":", "”", "’"}


def build(
    sentences: Sequence[str],
    ents: Sequence[tuple[int, int, str]] = (),
    doc_id: str = "c1",
    heading: str = "",
) -> Parsed:
    """A parsed document from sentences of ``word/POS/dep/head`` tokens (head: index in the
    sentence), entity spans as global token ranges, and an optional heading line."""
    words: list[str] = []
    pos: list[str] = []
    deps: list[str] = []
    heads: list[int] = []
    starts: list[bool] = []
    tags: list[str] = []
    lemmas: list[str] = []
    prefix = [heading, "\n\n"] if heading else []
    for sentence in sentences:
        base = len(words)
        for k, item in enumerate(sentence.split(" ")):
            word, p, dep, head = item.rsplit("/", 3)
            words.append(word)
            pos.append(p)
            deps.append(dep)
            heads.append(base + int(head))
            starts.append(k == 0)
            tags.append("NNS" if p == "NOUN" and word.endswith("s") else "")
            lemma = word.lower()
            lemmas.append(lemma[:-1] if tags[-1] == "NNS" else lemma)
    spaces = [
        i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE and words[i] not in "“‘"
        for i in range(len(words))
    ]
    for i in range(len(words) - 1):
        if words[i] in ".!?" and words[i + 1] == "”":
            spaces[i] = False
    if prefix:
        words = [heading, "\n\n", *words]
        pos, deps, tags, lemmas = ["X", "SPACE", *pos], ["dep", "dep", *deps], ["", "", *tags], [
            heading.lower(), "\n\n", *lemmas]  # fmt: skip
        heads = [0, 1, *(h + 2 for h in heads)]
        starts = [True, False, *starts]
        spaces = [False, False, *spaces]
        ents = [(a + 2, b + 2, label) for a, b, label in ents]
    doc = Doc(NLP.vocab, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads,
              sent_starts=starts, tags=tags, lemmas=lemmas)  # fmt: skip
    doc.ents = [Span(doc, a, b, label=label) for a, b, label in ents]
    body = len(heading) + 2 if heading else 0
    document = Document(doc_id, f"{doc_id}.txt", heading or doc_id, doc.text, body_start=body)
    return Parsed(document, doc)


def resolve(*parsed: Parsed) -> list[Entity]:
    from dossier.mentions import extract_mentions

    mentions = [m for item in parsed for m in extract_mentions(item)]
    return resolve_entities(list(parsed), mentions)


def by_alias(entities: Sequence[Entity], alias: str) -> Entity:
    found = [e for e in entities if alias in e.aliases or e.name == alias]
    assert len(found) == 1, [(e.name, e.aliases) for e in entities]
    return found[0]


STORY = [
    "Kasyanov/PROPN/nsubj/1 telephoned/VERB/ROOT/1 me/PRON/dobj/1 ./PUNCT/punct/1",
    "I/PRON/nsubj/1 went/VERB/ROOT/1 to/ADP/prep/1 Tula/PROPN/pobj/2 ./PUNCT/punct/1",
    "I/PRON/nsubj/1 waited/VERB/ROOT/1 ./PUNCT/punct/1",
    "The/DET/det/1 porter/NOUN/nsubj/4 on/ADP/prep/1 duty/NOUN/pobj/2 came/VERB/ROOT/4 "
    "./PUNCT/punct/4",
    "Kasyanov/PROPN/poss/2 ’s/PART/case/0 wife/NOUN/nsubj/3 smiled/VERB/ROOT/3 at/ADP/prep/3 "
    "me/PRON/pobj/4 ./PUNCT/punct/3",
    "Later/ADV/advmod/1 I/PRON/nsubj/2 saw/VERB/ROOT/2 Kasyanov/PROPN/dobj/2 again/ADV/advmod/2 "
    "./PUNCT/punct/2",
    "The/DET/det/1 porter/NOUN/nsubj/2 nodded/VERB/ROOT/2 to/ADP/prep/2 me/PRON/pobj/3 "
    "./PUNCT/punct/2",
]
# Kasyanov is recognised in the first sentence only; Tula once, as a place.
STORY_ENTS = [(0, 1, "PERSON"), (7, 8, "GPE")]


def test_names_docs_narrator_is_one_entity_of_pronouns() -> None:
    entities = resolve(build(STORY, STORY_ENTS))
    narrator = [e for e in entities if e.narrator]
    assert len(narrator) == 1
    assert {m.kind for m in narrator[0].mentions} == {"PRON"}
    assert len(narrator[0].mentions) == 6


def test_names_docs_description_entity_keeps_repeats() -> None:
    porter = by_alias(resolve(build(STORY, STORY_ENTS)), "the porter")
    assert porter.description and porter.type == "PER"
    assert [m.text for m in porter.mentions] == ["The porter", "The porter"]
    assert all(m.kind == "NOM" for m in porter.mentions)


def test_names_docs_relative_of_named_person_is_an_entity() -> None:
    wife = by_alias(resolve(build(STORY, STORY_ENTS)), "Kasyanov’s wife")
    assert wife.description and wife.gender == "female"


def test_names_docs_missed_mention_is_found() -> None:
    entity = by_alias(resolve(build(STORY, STORY_ENTS)), "Kasyanov")
    props = [m for m in entity.mentions if m.kind == "PROP"]
    assert len(props) == 3
    assert {m.source for m in props} == {"ner", "lexicon"}
    assert entity.type == "PER"


def test_names_docs_every_alias_has_evidence_and_ids_read_well() -> None:
    entities = resolve(build(STORY, STORY_ENTS))
    assert len({e.id for e in entities}) == len(entities)
    kasyanov = by_alias(entities, "Kasyanov")
    assert kasyanov.id == "kasyanov"
    for entity in entities:
        assert {e.alias for e in entity.evidence} >= set(entity.aliases)
        assert all(e.reason for e in entity.evidence)


def test_names_docs_heading_is_never_mined() -> None:
    parsed = build(STORY, STORY_ENTS, heading="Notes")
    entities = resolve(parsed)
    body = parsed.document.body_start
    assert all(m.start >= body for e in entities for m in e.mentions)


def test_names_docs_narrator_needs_enough_first_person() -> None:
    story = [STORY[0], STORY[3]]
    entities = resolve(build(story, [(0, 1, "PERSON")]))
    assert not any(e.narrator for e in entities)


@pytest.mark.parametrize("label", ["ORG", "GPE"])
def test_names_docs_person_verb_and_possession_vote_for_person(label: str) -> None:
    # the recogniser calls the name ORG or GPE in one sentence; it speaks and has a wife
    entities = resolve(build(STORY, [(0, 1, label), (7, 8, "GPE")]))
    assert by_alias(entities, "Kasyanov").type == "PER"


def test_names_docs_narrators_relative_is_one_entity() -> None:
    story = [
        *STORY,
        "My/PRON/poss/1 uncle/NOUN/nsubj/2 laughed/VERB/ROOT/2 ./PUNCT/punct/2",
        "I/PRON/nsubj/1 laughed/VERB/ROOT/1 ./PUNCT/punct/1",
    ]
    uncle = by_alias(resolve(build(story, STORY_ENTS)), "the narrator’s uncle")
    assert uncle.description and uncle.gender == "male"
    assert [m.text for m in uncle.mentions] == ["My uncle"]


@pytest.mark.parametrize(("pronoun", "gender"), [("He", "male"), ("She", "female")])
def test_names_docs_description_takes_the_gender_of_its_pronouns(pronoun: str, gender: str) -> None:
    # “The stranger came in. He sat down. He smiled. …”: the noun tells no gender
    story = ["The/DET/det/1 stranger/NOUN/nsubj/2 came/VERB/ROOT/2 ./PUNCT/punct/2"]
    for verb in ("sat", "smiled", "waited", "coughed", "nodded", "slept", "ate", "left"):
        story.append(f"{pronoun}/PRON/nsubj/1 {verb}/VERB/ROOT/1 ./PUNCT/punct/1")
        story.append("The/DET/det/1 stranger/NOUN/nsubj/2 stayed/VERB/ROOT/2 ./PUNCT/punct/2")
    stranger = by_alias(resolve(build(story)), "the stranger")
    assert stranger.gender == gender


# “I saw that my old friend, Tobias Quill, was at the gate.” / “Quill smiled.”
_FRIEND = (
    "I/PRON/nsubj/1 saw/VERB/ROOT/1 that/SCONJ/mark/10 {owner}/PRON/poss/5 old/ADJ/amod/5 "
    "friend/NOUN/nsubj/10 ,/PUNCT/punct/5 Tobias/PROPN/compound/8 Quill/PROPN/appos/5 "
    ",/PUNCT/punct/5 was/AUX/ccomp/1 at/ADP/prep/10 the/DET/det/13 gate/NOUN/pobj/11 "
    "./PUNCT/punct/1"
)
_QUILL = "Quill/PROPN/nsubj/1 smiled/VERB/ROOT/1 ./PUNCT/punct/1"


@pytest.mark.parametrize(("owner", "joins"), [("my", True), ("her", False)])
def test_names_docs_appositive_description_is_the_named_person(owner: str, joins: bool) -> None:
    # “my old friend, Tobias Quill”: one person; “her old friend, Tobias Quill” is left alone,
    # its owner being someone else in view
    entities = resolve(build([_FRIEND.format(owner=owner), _QUILL], [(7, 9, "PERSON")]))
    quill = by_alias(entities, "Tobias Quill")
    assert (f"{owner} old friend" in [m.text for m in quill.mentions]) is joins
    assert quill.type == "PER" and not quill.description


def test_names_docs_possessed_description_is_headed_by_its_noun() -> None:
    # “In a moment the child’s nurse came back.”: a nurse, not a child
    story = [
        "In/ADP/prep/7 a/DET/det/2 moment/NOUN/pobj/0 the/DET/det/4 child/NOUN/poss/6 "
        "’s/PART/case/4 nurse/NOUN/nsubj/7 came/VERB/ROOT/7 back/ADV/advmod/7 ./PUNCT/punct/7"
    ]
    nurse = by_alias(resolve(build(story)), "the child’s nurse")
    assert nurse.description and [m.text for m in nurse.mentions] == ["the child’s nurse"]


_HIS_WIFE = "His/PRON/poss/1 wife/NOUN/nsubj/2 laughed/VERB/ROOT/2 ./PUNCT/punct/2"
_HARTLEYS = (
    "Mr./PROPN/compound/1 Hartley/PROPN/nsubj/5 and/CCONJ/cc/1 Mrs./PROPN/compound/4 "
    "Hartley/PROPN/conj/1 came/VERB/ROOT/5 ./PUNCT/punct/5"
)


@pytest.mark.parametrize(
    ("story", "ents", "made"),
    [
        # “His sister laughed.”: a relative of someone unnamed who acts is someone
        ([_HIS_WIFE.replace("wife", "sister")], [], True),
        ([_HIS_WIFE], [], True),
        # after “Mr. Hartley and Mrs. Hartley came.”, “his wife” is likely Mrs. Hartley
        ([_HARTLEYS, _HIS_WIFE], [(0, 2, "PERSON"), (3, 5, "PERSON")], False),
        # one who does nothing said plainly (“His wife would laugh.”) is left to the quotes stage
        (["His/PRON/poss/1 wife/NOUN/nsubj/3 would/AUX/aux/3 laugh/VERB/ROOT/3 ./PUNCT/punct/3"],
         [], False),
    ],
)  # fmt: skip
def test_names_docs_relative_of_a_pronoun_who_acts(
    story: list[str], ents: list[tuple[int, int, str]], made: bool
) -> None:
    entities = resolve(build(story, ents))
    relatives = [e for e in entities if e.description and e.name.startswith("his ")]
    assert len(relatives) == int(made)
    if made:
        assert relatives[0].gender == "female"
        words = [token.split("/")[0] for token in story[-1].split(" ")[:2]]
        assert [m.text for m in relatives[0].mentions] == [" ".join(words)]


def _murmured(subject: str) -> str:
    """“Yes,” <subject> murmured."""
    return (f"“/PUNCT/punct/5 Yes/INTJ/intj/5 ,/PUNCT/punct/5 ”/PUNCT/punct/5 "
            f"{subject}/PROPN/nsubj/5 murmured/VERB/ROOT/5 ./PUNCT/punct/5")  # fmt: skip


_DUSTY_ROAD = "The/DET/det/2 dusty/ADJ/amod/2 road/NOUN/nsubj/3 ended/VERB/ROOT/3 ./PUNCT/punct/3"


@pytest.mark.parametrize(
    ("story", "found"),
    [
        ([_murmured("Dusty"), _murmured("Dusty")], True),  # a nickname that speaks, twice
        ([_murmured("Dusty")], False),  # once may be a word
        ([_murmured("Dusty"), _murmured("Dusty"), _DUSTY_ROAD, _DUSTY_ROAD], False),  # a word
        ([_murmured("Mother"), _murmured("Mother")], False),  # a description: the quotes stage's
    ],
)
def test_names_docs_nickname_that_speaks_is_a_person(story: list[str], found: bool) -> None:
    entities = resolve(build(story))
    people = [e.name for e in entities if e.type == "PER" and not e.description]
    assert people == (["Dusty"] if found else [])


def test_names_docs_word_opening_a_quotation_is_no_nickname() -> None:
    # “Howdy,” replied the man. (twice): “Howdy” opens the quotation, the parser's subject
    sentence = ("“/PUNCT/punct/1 Howdy/PROPN/nsubj/4 ,/PUNCT/punct/1 ”/PUNCT/punct/1 "
                "replied/VERB/ROOT/4 ./PUNCT/punct/4")  # fmt: skip
    entities = resolve(build([sentence, sentence]))
    assert [e.name for e in entities if e.type == "PER" and not e.description] == []


_OUR_MASTER = [
    "Our/PRON/poss/1 master/NOUN/nsubj/2 came/VERB/ROOT/2 ./PUNCT/punct/2",
    "The/DET/det/1 master/NOUN/nsubj/2 laughed/VERB/ROOT/2 ./PUNCT/punct/2",
]


@pytest.mark.parametrize("narrated", [True, False])
def test_names_docs_narrators_master_is_a_description(narrated: bool) -> None:
    # “Our master came. The master laughed.”: in a first-person book, the narrator's master
    story = [*STORY, *_OUR_MASTER] if narrated else [STORY[3], *_OUR_MASTER]
    entities = resolve(build(story, STORY_ENTS if narrated else []))
    masters = [e for e in entities if e.description and "master" in e.name]
    if narrated:
        assert [(e.name, [m.text for m in e.mentions]) for e in masters] == [
            ("our master", ["Our master", "The master"])
        ]
    else:  # “the master” alone still is someone; “our master” is not his mention
        assert [[m.text for m in e.mentions] for e in masters] == [["The master"]]


@pytest.mark.parametrize(("second", "people"), [("old", 2), ("young", 1), ("tired", 1)])
def test_names_docs_contradicting_description_is_someone_else(second: str, people: int) -> None:
    # “A young woman came. The old woman laughed.”: two women; “the young woman” is the first
    story = [
        "A/DET/det/2 young/ADJ/amod/2 woman/NOUN/nsubj/3 came/VERB/ROOT/3 ./PUNCT/punct/3",
        f"The/DET/det/2 {second}/ADJ/amod/2 woman/NOUN/nsubj/3 laughed/VERB/ROOT/3 ./PUNCT/punct/3",
    ]
    women = [e for e in resolve(build(story)) if e.description]
    assert len(women) == people
    assert sum(len(e.mentions) for e in women) == 2


@pytest.mark.parametrize(("title", "joins"), [("Captain", True), ("Master", False)])
def test_names_docs_title_of_address_is_no_role(title: str, joins: bool) -> None:
    # “Captain Tobias Quill came. The captain laughed.”: the one captain; but “the master”
    # is not “Master Tobias Quill” (a title of address, not a role)
    story = [
        f"{title}/PROPN/compound/2 Tobias/PROPN/compound/2 Quill/PROPN/nsubj/3 came/VERB/ROOT/3 "
        "./PUNCT/punct/3",
        f"The/DET/det/1 {title.lower()}/NOUN/nsubj/2 laughed/VERB/ROOT/2 ./PUNCT/punct/2",
    ]
    quill = by_alias(resolve(build(story, [(0, 3, "PERSON")])), f"{title} Tobias Quill")
    assert (f"The {title.lower()}" in [m.text for m in quill.mentions]) is joins


def test_names_docs_close_appositive_is_the_named_person() -> None:
    # “This was my sister Rose.”: no comma between them, still one person
    story = [
        "This/PRON/nsubj/1 was/AUX/ROOT/1 my/PRON/poss/3 sister/NOUN/attr/1 Wenna/PROPN/appos/3 "
        "./PUNCT/punct/1"
    ]
    wenna = by_alias(resolve(build(story, [(4, 5, "PERSON")])), "Wenna")
    assert [m.text for m in wenna.mentions] == ["my sister", "Wenna"]
