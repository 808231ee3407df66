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
