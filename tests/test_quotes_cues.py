"""Speech tags and the narration beside a quotation, on hand-built parses: voices and answers
that stand for their owner, long inverted subjects, infinitives of purpose, a quotation that
runs on into its tag, and the actor nearest the quotation. Names and sentences are invented;
no model needed."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from dossier.nlp import Parsed
from dossier.quotes import find_quotes
from dossier.records import Entity, MentionKind

from .quote_parses import build, person, speech


def speakers(
    parsed: Parsed, entities: Sequence[Entity]
) -> list[tuple[str, str | None, str | None]]:
    return [(text, s, method) for text, s, _, method in speech(find_quotes([parsed], entities))]


CRIED_THE_VOICE_OF = ["“|PUNCT|punct|4", "Stop|VERB|ccomp|4", "!|PUNCT|punct|1", "”|PUNCT|punct|4",
                      "cried|VERB|ROOT|4|cry", "the|DET|det|6", "voice|NOUN|dobj|4",
                      "of|ADP|prep|6", "Oleg|PROPN|pobj|7", ".|PUNCT|punct|4"]  # fmt: skip
CALLED_A_BOYS_VOICE = ["“|PUNCT|punct|5", "Come|VERB|ccomp|5", "in|ADP|prt|1", ",|PUNCT|punct|1",
                       "”|PUNCT|punct|5", "called|VERB|ROOT|5|call", "a|DET|det|7",
                       "boy|NOUN|poss|9", "’s|PART|case|7", "voice|NOUN|oprd|5",
                       ".|PUNCT|punct|5"]  # fmt: skip


@pytest.mark.parametrize(
    ("tokens", "owner", "expected"),
    [
        (CRIED_THE_VOICE_OF, ("oleg", "Oleg", "PROP"), ("“Stop!”", "oleg", "explicit")),
        (CALLED_A_BOYS_VOICE, ("boy", "a boy", "NOM"), ("“Come in,”", "boy", "explicit")),
    ],
)
def test_quotes_cues_a_voice_stands_for_its_owner(
    tokens: list[str], owner: tuple[str, str, MentionKind], expected: tuple[str, str, str]
) -> None:
    parsed = build([tokens])
    entity_id, text, kind = owner
    assert speakers(parsed, [person(parsed, entity_id, text, kind=kind)]) == [expected]


def test_quotes_cues_a_voice_nobody_owns_names_nobody() -> None:
    tokens = ["“|PUNCT|punct|4", "Stop|VERB|ccomp|4", "!|PUNCT|punct|1", "”|PUNCT|punct|4",
              "cried|VERB|ROOT|4|cry", "a|DET|det|6", "voice|NOUN|dobj|4",
              ".|PUNCT|punct|4"]  # fmt: skip
    parsed = build([["Oleg|PROPN|nsubj|1", "waited|VERB|ROOT|1|wait", ".|PUNCT|punct|1"], tokens])
    assert speakers(parsed, [person(parsed, "oleg", "Oleg", gender="male")]) == [
        ("“Stop!”", None, None)
    ]


def test_quotes_cues_his_answer_in_the_narration_before_is_his() -> None:
    parsed = build(
        [
            ["Oleg|PROPN|nsubj|1", "sat|VERB|ROOT|1|sit", "down|ADP|prt|1", ".|PUNCT|punct|1",
             "His|PRON|poss|5|his", "answer|NOUN|nsubj|6", "was|AUX|ROOT|6|be",
             "quick|ADJ|acomp|6", ".|PUNCT|punct|6"],
            ["“|PUNCT|punct|1", "No|INTJ|ROOT|1", ".|PUNCT|punct|1", "”|PUNCT|punct|1"],
        ]
    )  # fmt: skip
    assert speakers(parsed, [person(parsed, "oleg", "Oleg", gender="male")]) == [
        ("“No.”", "oleg", "implicit")
    ]


def test_quotes_cues_inverted_subject_with_several_modifiers() -> None:
    parsed = build(
        [["“|PUNCT|punct|4", "Enough|INTJ|intj|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
          "added|VERB|ROOT|4|add", "a|DET|det|8", "third|ADJ|amod|8", "tired|ADJ|amod|8",
          "clerk|NOUN|dobj|4", ".|PUNCT|punct|4"]]
    )  # fmt: skip
    clerk = person(parsed, "clerk", "a third tired clerk", kind="NOM")
    assert speakers(parsed, [clerk]) == [("“Enough,”", "clerk", "explicit")]


def test_quotes_cues_infinitive_of_purpose_takes_the_main_subject() -> None:
    parsed = build(
        [["“|PUNCT|punct|5", "Later|ADV|advmod|5", ",|PUNCT|punct|5", "”|PUNCT|punct|5",
          "I|PRON|nsubj|5", "rose|VERB|ROOT|5|rise", "to|PART|aux|7",
          "reply|VERB|advcl|5|reply", ".|PUNCT|punct|5"]]
    )  # fmt: skip
    narrator = person(parsed, "narrator", "I", kind="PRON", narrator=True)
    assert speakers(parsed, [narrator]) == [("“Later,”", "narrator", "narrator")]


def test_quotes_cues_quotation_ended_by_a_comma_runs_on_into_its_tag() -> None:
    parsed = build(
        [
            ["Anna|PROPN|nsubj|1", "stood|VERB|ROOT|1|stand", "up|ADP|prt|1", ".|PUNCT|punct|1"],
            ["“|PUNCT|punct|6", "My|PRON|poss|2", "son|NOUN|npadvmod|6", ",|PUNCT|punct|6",
             "”|PUNCT|punct|6", "she|PRON|nsubj|6", "told|VERB|ROOT|6|tell", "a|DET|det|8",
             "hall|NOUN|dobj|6", "full|ADJ|amod|8", "of|ADP|prep|9", "guests|NOUN|pobj|10|guest",
             ".|PUNCT|punct|6"],
        ]
    )  # fmt: skip
    assert speakers(parsed, [person(parsed, "anna", "Anna", gender="female")]) == [
        ("“My son,”", "anna", "anaphoric")
    ]


def test_quotes_cues_the_told_story_after_a_full_stop_is_still_reported() -> None:
    parsed = build(
        [
            ["Anna|PROPN|nsubj|1", "stood|VERB|ROOT|1|stand", "up|ADP|prt|1", ".|PUNCT|punct|1"],
            ["“|PUNCT|punct|1", "Go|VERB|ROOT|1|go", ".|PUNCT|punct|1", "”|PUNCT|punct|1",
             "She|PRON|nsubj|5", "told|VERB|ROOT|5|tell", "a|DET|det|7", "story|NOUN|dobj|5",
             ".|PUNCT|punct|5"],
        ]
    )  # fmt: skip
    found = speakers(parsed, [person(parsed, "anna", "Anna", gender="female")])
    assert found[0][2] != "anaphoric"


def test_quotes_cues_the_song_a_verb_names_is_the_quotation() -> None:
    parsed = build(
        [["Boris|PROPN|nsubj|1", "sang|VERB|ROOT|1|sing", "his|PRON|poss|3", "song|NOUN|dobj|1",
          ":|PUNCT|punct|1", "“|PUNCT|punct|6", "Home|ADV|ROOT|6", "again|ADV|advmod|6",
          ".|PUNCT|punct|6", "”|PUNCT|punct|6"]]
    )  # fmt: skip
    assert speakers(parsed, [person(parsed, "boris", "Boris", gender="male")]) == [
        ("“Home again.”", "boris", "explicit")
    ]


DOOR_THEN_ANNA = ["The|DET|det|1", "door|NOUN|nsubj|2", "opened|VERB|ROOT|2|open",
                  ",|PUNCT|punct|2", "and|CCONJ|cc|2", "Anna|PROPN|nsubj|6",
                  "came|VERB|conj|2|come", "in|ADP|prt|6", ".|PUNCT|punct|2"]  # fmt: skip
BORIS_THEN_DOOR = ["Boris|PROPN|nsubj|1", "stood|VERB|ROOT|1|stand", "up|ADP|prt|1",
                   ",|PUNCT|punct|1", "and|CCONJ|cc|1", "the|DET|det|6", "door|NOUN|nsubj|7",
                   "opened|VERB|conj|1|open", ".|PUNCT|punct|1"]  # fmt: skip
BORIS_THEN_ANNA = ["Boris|PROPN|nsubj|1", "stood|VERB|ROOT|1|stand", "up|ADP|prt|1",
                   ",|PUNCT|punct|1", "and|CCONJ|cc|1", "Anna|PROPN|nsubj|6",
                   "sat|VERB|conj|1|sit", "down|ADP|prt|6", ".|PUNCT|punct|1"]  # fmt: skip
HELLO = ["“|PUNCT|punct|1", "Hello|INTJ|ROOT|1", ".|PUNCT|punct|1", "”|PUNCT|punct|1"]


def shifted(tokens: list[str], offset: int) -> list[str]:
    """The tokens with their heads moved by ``offset`` (to follow other tokens in a paragraph)."""
    moved = []
    for spec in tokens:
        text, tag, dep, head, *lemma = spec.split("|")
        moved.append("|".join([text, tag, dep, str(int(head) + offset), *lemma]))
    return moved


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # the narration before: its actor nearest the quotation, past a door that opened
        ([DOOR_THEN_ANNA, HELLO], "anna"),
        # the narration after: its first actor
        ([HELLO + shifted(BORIS_THEN_DOOR, len(HELLO))], "boris"),
        # two people act: which of them speaks is a guess, so nobody
        ([BORIS_THEN_ANNA, HELLO], None),
    ],
)
def test_quotes_cues_the_actor_nearest_the_quotation(
    paragraphs: list[list[str]], expected: str | None
) -> None:
    parsed = build(paragraphs)
    entities = [
        person(parsed, "boris", "Boris", gender="male"),
        person(parsed, "anna", "Anna", gender="female"),
    ]
    assert speakers(parsed, entities)[0][1] == expected


@pytest.mark.parametrize(("word", "expected"), [("latter", "ivan"), ("former", "oleg")])
def test_quotes_cues_the_latter_and_the_former(word: str, expected: str) -> None:
    parsed = build(
        [
            ["Oleg|PROPN|nsubj|1", "met|VERB|ROOT|1|meet", "Ivan|PROPN|dobj|1", ".|PUNCT|punct|1",
             "The|DET|det|5", f"{word}|ADJ|nsubj|6", "waved|VERB|ROOT|6|wave", ".|PUNCT|punct|6"],
            HELLO,
        ]
    )  # fmt: skip
    entities = [
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "ivan", "Ivan", gender="male"),
    ]
    assert speakers(parsed, entities) == [("“Hello.”", expected, "implicit")]


def test_quotes_cues_a_participle_shares_the_inverted_subject_of_its_head() -> None:
    parsed = build(
        [["Then|ADV|advmod|1", "rose|VERB|ROOT|1|rise", "the|DET|det|3", "voice|NOUN|dobj|1",
          "of|ADP|prep|3", "Oleg|PROPN|pobj|4", ",|PUNCT|punct|1", "crying|VERB|advcl|1|cry|VBG",
          ":|PUNCT|punct|7", "“|PUNCT|punct|10", "Run|VERB|ROOT|10|run", "!|PUNCT|punct|10",
          "”|PUNCT|punct|10"]]
    )  # fmt: skip
    assert speakers(parsed, [person(parsed, "oleg", "Oleg", gender="male")]) == [
        ("“Run!”", "oleg", "explicit")
    ]


ANNA_STOOD = ["Anna|PROPN|nsubj|1", "stood|VERB|ROOT|1|stand", "up|ADP|prt|1", ".|PUNCT|punct|1"]


CAME = ["“|PUNCT|punct|4", "No|INTJ|intj|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
        "came|VERB|ROOT|4|come"]  # fmt: skip


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (["her|PRON|poss|6|her", "reply|NOUN|nsubj|4"], ("“No,”", "anna", "anaphoric")),
        (["a|DET|det|7", "harsh|ADJ|amod|7", "reply|NOUN|nsubj|4"], ("“No,”", None, None)),
        # “…,” came the reply: the quotation itself, so the one acting before may still speak
        (["the|DET|det|6", "reply|NOUN|nsubj|4"], ("“No,”", "anna", "implicit")),
    ],
)
def test_quotes_cues_a_verb_whose_subject_is_a_reply_tags_the_quotation(
    subject: list[str], expected: tuple[str, str | None, str | None]
) -> None:
    """“…,” came her reply — hers; “…,” came a harsh reply — nobody we know, not the one
    acting in the narration before; “…,” came the reply — no tag at all."""
    parsed = build([ANNA_STOOD, [*CAME, *subject, ".|PUNCT|punct|4"]])
    assert speakers(parsed, [person(parsed, "anna", "Anna", gender="female")]) == [expected]
