"""Quote attribution on hand-built parses: explicit tags, pronouns, the narrator, unnamed
speakers, turn-taking and addressees. Names and sentences are invented; no model needed."""

from __future__ import annotations

import pytest
import spacy

from dossier.nlp import Parsed
from dossier.quotes import find_quotes
from dossier.records import Document, Entity

from .quote_parses import build, person, speech

SAID_ANNA = ["“|PUNCT|punct|6", "I|PRON|nsubj|2", "am|AUX|ccomp|6|be", "here|ADV|advmod|2",
             ",|PUNCT|punct|6", "”|PUNCT|punct|6", "said|VERB|ROOT|6|say", "Anna|PROPN|nsubj|6",
             ".|PUNCT|punct|6"]  # fmt: skip


def test_quotes_explicit_tag_after_the_quotation() -> None:
    parsed = build([SAID_ANNA])
    quotes = find_quotes([parsed], [person(parsed, "anna", "Anna", gender="female")])
    assert speech(quotes) == [("“I am here,”", "anna", None, "explicit")]
    assert quotes[0].id == "d1-q1"
    assert quotes[0].confidence >= 0.8


def test_quotes_no_entities_no_speaker_and_no_crash() -> None:
    parsed = build([SAID_ANNA])
    assert speech(find_quotes([parsed], [])) == [("“I am here,”", None, None, None)]


PORTER = [
    ["Boris|PROPN|nsubj|1", "went|VERB|ROOT|1|go", "to|ADP|prep|1", "the|DET|det|4",
     "gate|NOUN|pobj|2", ".|PUNCT|punct|1"],
    ["The|DET|det|1", "porter|NOUN|nsubj|2", "came|VERB|ROOT|2|come", "up|ADP|prt|2",
     "to|ADP|prep|2", "him|PRON|pobj|4|he", "and|CCONJ|cc|2", "told|VERB|conj|2|tell",
     "him|PRON|dobj|7|he", ",|PUNCT|punct|7", "“|PUNCT|punct|7", "Nobody|PRON|nsubj|13",
     "may|AUX|aux|13", "enter|VERB|ccomp|7", ".|PUNCT|punct|7", "”|PUNCT|punct|7"],
]  # fmt: skip


def test_quotes_unnamed_speaker_before_the_quotation_and_told_him() -> None:
    parsed = build(PORTER)
    entities = [
        person(parsed, "boris", "Boris", gender="male"),
        person(parsed, "the-porter", "The porter", kind="NOM"),
    ]
    assert speech(find_quotes([parsed], entities)) == [
        ("“Nobody may enter.”", "the-porter", "boris", "explicit")
    ]


GUARD = [["Oleg|PROPN|nsubj|1", "went|VERB|ROOT|1|go", "to|ADP|prep|1", "Ivan|PROPN|poss|5",
          "’s|PART|case|3", "house|NOUN|pobj|2", ".|PUNCT|punct|1", "The|DET|det|8",
          "guard|NOUN|nsubj|9", "told|VERB|ROOT|9|tell", "him|PRON|dobj|9|he",
          ",|PUNCT|punct|9", "“|PUNCT|punct|9", "Stop|VERB|ccomp|9", ".|PUNCT|punct|9",
          "”|PUNCT|punct|9"]]  # fmt: skip


def test_quotes_pronoun_prefers_the_subject_over_a_possessor() -> None:
    parsed = build(GUARD)
    entities = [
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "ivan", "Ivan", gender="male"),
        person(parsed, "the-guard", "The guard", kind="NOM"),
    ]
    assert speech(find_quotes([parsed], entities)) == [("“Stop.”", "the-guard", "oleg", "explicit")]


MET = ["Anna|PROPN|nsubj|1", "met|VERB|ROOT|1|meet", "Boris|PROPN|dobj|1", ".|PUNCT|punct|1",
       "“|PUNCT|punct|9", "Hello|INTJ|intj|9", ",|PUNCT|punct|9", "”|PUNCT|punct|9",
       "{pronoun}|PRON|nsubj|9", "said|VERB|ROOT|9|say", ".|PUNCT|punct|9"]  # fmt: skip


@pytest.mark.parametrize(("pronoun", "speaker"), [("she", "anna"), ("he", "boris")])
def test_quotes_anaphoric_speaker_by_gender(pronoun: str, speaker: str) -> None:
    parsed = build([[token.format(pronoun=pronoun) for token in MET]])
    entities = [
        person(parsed, "anna", "Anna", gender="female"),
        person(parsed, "boris", "Boris", gender="male"),
    ]
    ((_, found, _, method),) = speech(find_quotes([parsed], entities))
    assert (found, method) == (speaker, "anaphoric")


ASKED_I = [["Oleg|PROPN|nsubj|1", "smiled|VERB|ROOT|1|smile", "at|ADP|prep|1", "me|PRON|pobj|2|I",
            ".|PUNCT|punct|1"],
           ["“|PUNCT|punct|5", "Where|ADV|advmod|5", "?|PUNCT|punct|5", "”|PUNCT|punct|5",
            "I|PRON|nsubj|5", "asked|VERB|ROOT|5|ask", ".|PUNCT|punct|5"]]  # fmt: skip


def test_quotes_narrator_speaks_as_i() -> None:
    parsed = build(ASKED_I)
    oleg = person(parsed, "oleg", "Oleg", gender="male")
    narrator = person(parsed, "narrator", "I", "me", kind="PRON", narrator=True)
    assert speech(find_quotes([parsed], [oleg, narrator])) == [
        ("“Where?”", "narrator", "oleg", "narrator")
    ]
    # a book without a narrator entity: no speaker rather than a crash
    assert speech(find_quotes([parsed], [oleg])) == [("“Where?”", None, None, None)]


OFFICER = [["An|DET|det|1", "officer|NOUN|nsubj|3", "later|ADV|advmod|3", "said|VERB|ROOT|3|say",
            "to|ADP|prep|3", "me|PRON|pobj|4|I", ".|PUNCT|punct|3"],
           ["“|PUNCT|punct|2", "I|PRON|nsubj|2", "saw|VERB|ROOT|2|see", "it|PRON|dobj|2",
            ".|PUNCT|punct|2", "”|PUNCT|punct|2"]]  # fmt: skip


def test_quotes_tag_closing_the_previous_paragraph() -> None:
    parsed = build(OFFICER)
    entities = [
        person(parsed, "an-officer", "An officer", kind="NOM"),
        person(parsed, "narrator", "me", kind="PRON", narrator=True),
    ]
    assert speech(find_quotes([parsed], entities)) == [
        ("“I saw it.”", "an-officer", "narrator", "explicit")
    ]


DIALOGUE = [
    ["“|PUNCT|punct|8", "Boris|PROPN|npadvmod|4", ",|PUNCT|punct|4", "where|ADV|advmod|4",
     "is|AUX|ccomp|8|be", "it|PRON|nsubj|4", "?|PUNCT|punct|8", "”|PUNCT|punct|8",
     "asked|VERB|ROOT|8|ask", "Anna|PROPN|nsubj|8", ".|PUNCT|punct|8"],
    ["“|PUNCT|punct|1", "Here|ADV|ROOT|1", ".|PUNCT|punct|1", "”|PUNCT|punct|1"],
    ["“|PUNCT|punct|1", "Thanks|NOUN|ROOT|1", ".|PUNCT|punct|1", "”|PUNCT|punct|1"],
]  # fmt: skip


def test_quotes_turn_taking_after_a_vocative() -> None:
    parsed = build(DIALOGUE)
    entities = [
        person(parsed, "anna", "Anna", gender="female"),
        person(parsed, "boris", "Boris", gender="male"),
    ]
    assert speech(find_quotes([parsed], entities)) == [
        ("“Boris, where is it?”", "anna", "boris", "explicit"),
        ("“Here.”", "boris", "anna", "implicit"),
        ("“Thanks.”", "anna", "boris", "implicit"),
    ]


REPLY = [
    ["“|PUNCT|punct|4", "Come|VERB|ccomp|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
     "said|VERB|ROOT|4|say", "Oleg|PROPN|nsubj|4", "to|ADP|prep|4", "Ivan|PROPN|pobj|6",
     ".|PUNCT|punct|4"],
    ["“|PUNCT|punct|5", "Why|ADV|advmod|5", "?|PUNCT|punct|5", "”|PUNCT|punct|5",
     "he|PRON|nsubj|5", "asked|VERB|ROOT|5|ask", ".|PUNCT|punct|5"],
]  # fmt: skip


def test_quotes_he_replied_means_the_partner() -> None:
    parsed = build(REPLY)
    entities = [
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "ivan", "Ivan", gender="male"),
    ]
    assert speech(find_quotes([parsed], entities)) == [
        ("“Come,”", "oleg", "ivan", "explicit"),
        ("“Why?”", "ivan", "oleg", "anaphoric"),
    ]


INTERRUPTED = [["“|PUNCT|punct|8", "This|PRON|nsubj|2", "is|AUX|ccomp|8|be", "the|DET|det|4",
                "office|NOUN|attr|2", ",|PUNCT|punct|8", "”|PUNCT|punct|8",
                "Boris|PROPN|nsubj|8", "explained|VERB|ROOT|8|explain", ",|PUNCT|punct|8",
                "“|PUNCT|punct|8", "the|DET|det|12", "director|NOUN|nsubj|13",
                "waits|VERB|ccomp|8|wait", ".|PUNCT|punct|8", "”|PUNCT|punct|8"]]  # fmt: skip


def test_quotes_interrupted_utterance_pieces_share_the_speaker() -> None:
    parsed = build(INTERRUPTED)
    quotes = find_quotes([parsed], [person(parsed, "boris", "Boris", gender="male")])
    assert [(q.id, q.speaker) for q in quotes] == [("d1-q1", "boris"), ("d1-q2", "boris")]


SCARE = [["Anna|PROPN|nsubj|1", "said|VERB|ROOT|1|say", "the|DET|det|4", "“|PUNCT|punct|4",
          "spit|NOUN|nsubj|6", "”|PUNCT|punct|4", "was|AUX|ccomp|1|be", "cold|ADJ|acomp|6",
          ".|PUNCT|punct|1"]]  # fmt: skip


def test_quotes_scare_quote_never_gets_a_speaker() -> None:
    parsed = build(SCARE)
    (quote,) = find_quotes([parsed], [person(parsed, "anna", "Anna", gender="female")])
    assert (quote.text, quote.kind, quote.speaker, quote.method) == ("“spit”", "scare", None, None)


def test_quotes_ids_number_each_document() -> None:
    first, second = build([SAID_ANNA]), build([SAID_ANNA])
    second = Parsed(Document("d2", "d2.txt", "d2", second.document.text), second.doc)
    quotes = find_quotes([first, second], [])
    assert [q.id for q in quotes] == ["d1-q1", "d2-q1"]


def test_quotes_unparsed_text_still_finds_quotations() -> None:
    doc = spacy.blank("en")("“We leave at dawn,” said Vera.")
    parsed = Parsed(Document("d1", "d1.txt", "d1", doc.text), doc)
    assert [(q.text, q.speaker) for q in find_quotes([parsed], [])] == [
        ("“We leave at dawn,”", None)
    ]


# “Come,” said Mr. Hale. / “No,” cried his wife. — “his wife” is the woman of his surname
SPOUSE = [
    ["“|PUNCT|punct|4", "Come|VERB|ccomp|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
     "said|VERB|ROOT|4|say", "Mr.|PROPN|compound|6", "Hale|PROPN|nsubj|4", ".|PUNCT|punct|4"],
    ["“|PUNCT|punct|4", "No|INTJ|ccomp|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
     "cried|VERB|ROOT|4|cry", "his|PRON|poss|6", "wife|NOUN|nsubj|4|wife", ".|PUNCT|punct|4"],
]  # fmt: skip


STEP_WIFE = ["“|PUNCT|punct|4", "No|INTJ|ccomp|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
             "cried|VERB|ROOT|4|cry", "his|PRON|poss|8", "step|NOUN|compound|8",
             "-|PUNCT|punct|8", "wife|NOUN|nsubj|4|wife", ".|PUNCT|punct|4"]  # fmt: skip


@pytest.mark.parametrize(("second", "expected"), [(SPOUSE[1], "mrs-hale"), (STEP_WIFE, None)])
def test_quotes_his_wife_is_the_woman_of_his_surname(
    second: list[str], expected: str | None
) -> None:
    parsed = build([SPOUSE[0], second])
    mrs = Entity("mrs-hale", "Mrs. Hale", "PER", gender="female", aliases=("Mrs. Hale",))
    entities = [person(parsed, "mr-hale", "Mr. Hale", gender="male"), mrs]
    found = speech(find_quotes([parsed], entities))
    assert found[0][1] == "mr-hale"
    assert (found[1][1] == "mrs-hale") == (expected is not None)


# “Come,” said Oleg to Ivan. / Ivan lit his pipe. / “Why?” — the actor of the narration
# just before an untagged turn speaks it
ACTOR = [
    REPLY[0],
    ["Ivan|PROPN|nsubj|1", "lit|VERB|ROOT|1|light", "his|PRON|poss|3", "pipe|NOUN|dobj|1",
     ".|PUNCT|punct|1"],
    ["“|PUNCT|punct|1", "Why|ADV|ROOT|1", "?|PUNCT|punct|1", "”|PUNCT|punct|1"],
]  # fmt: skip


@pytest.mark.parametrize(("actor", "speaker"), [("Ivan", "ivan"), ("Oleg", "oleg")])
def test_quotes_actor_of_the_narration_before_speaks(actor: str, speaker: str) -> None:
    paragraphs = [ACTOR[0], [ACTOR[1][0].replace("Ivan", actor), *ACTOR[1][1:]], ACTOR[2]]
    parsed = build(paragraphs)
    entities = [
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "ivan", "Ivan", gender="male"),
    ]
    found = speech(find_quotes([parsed], entities))
    assert found[1][:2] == ("“Why?”", speaker)


# “Well,” he said. (after Oleg's turn to Ivan): not a reply, so Oleg again
SAID_AGAIN = [
    REPLY[0],
    ["“|PUNCT|punct|5", "Well|INTJ|ccomp|5", ",|PUNCT|punct|5", "”|PUNCT|punct|5",
     "he|PRON|nsubj|5", "said|VERB|ROOT|5|say", ".|PUNCT|punct|5"],
]  # fmt: skip


def test_quotes_he_said_is_not_a_reply() -> None:
    parsed = build(SAID_AGAIN)
    entities = [
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "ivan", "Ivan", gender="male"),
    ]
    assert [s for _, s, _, _ in speech(find_quotes([parsed], entities))] == ["oleg", "oleg"]


# “Come,” said Oleg to Ivan. / “Wait——” “Now!” — a quotation right after another's closing
# mark, nothing between, is the other one's answer
ANSWER = [
    REPLY[0],
    ["“|PUNCT|punct|1", "Wait|VERB|ROOT|1", "—|PUNCT|punct|1", "”|PUNCT|punct|1",
     "“|PUNCT|punct|5", "Now|ADV|ROOT|5", "!|PUNCT|punct|5", "”|PUNCT|punct|5"],
]  # fmt: skip


def test_quotes_quotation_right_after_another_is_an_answer() -> None:
    parsed = build(ANSWER)
    entities = [
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "ivan", "Ivan", gender="male"),
    ]
    assert [(t, s) for t, s, _, _ in speech(find_quotes([parsed], entities))] == [
        ("“Come,”", "oleg"),
        ("“Wait —”", "ivan"),
        ("“Now!”", "oleg"),
    ]


def _tagged(subject: list[str]) -> list[str]:
    """“No,” said <subject>. — ``subject`` tokens with heads counted from the tag's verb."""
    verb = 4
    tokens = ["“|PUNCT|punct|4", "No|INTJ|ccomp|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
              "said|VERB|ROOT|4|say"]  # fmt: skip
    for spec in subject:
        text, tag, dep, head, *lemma = spec.split("|")
        tokens.append("|".join([text, tag, dep, str(verb + int(head)), *lemma]))
    return [*tokens, f".|PUNCT|punct|{verb}"]


PAVEL_SITS = ["Pavel|PROPN|nsubj|1", "sat|VERB|ROOT|1|sit", "down|ADV|advmod|1", ".|PUNCT|punct|1"]
BOY_COMES = ["A|DET|det|2", "small|ADJ|amod|2", "boy|NOUN|nsubj|3", "came|VERB|ROOT|3|come",
             ".|PUNCT|punct|3"]  # fmt: skip


@pytest.mark.parametrize(
    ("first", "subject", "expected"),
    [
        # “said his uncle”: someone other than the possessor (his = Oleg, who just spoke)
        (PAVEL_SITS, ["his|PRON|poss|2", "uncle|NOUN|nsubj|0|uncle"], "pavel"),
        # “said the child”: the one introduced as “a small boy”
        (BOY_COMES, ["the|DET|det|2", "child|NOUN|nsubj|0|child"], "a-small-boy"),
        # “replied the poet Pavel”, “went on Pavel”
        (PAVEL_SITS, ["the|DET|det|2", "poet|NOUN|dobj|0", "Pavel|PROPN|appos|2"], "pavel"),
        (PAVEL_SITS, ["on|ADP|prep|0", "Pavel|PROPN|pobj|1"], "pavel"),
    ],
)
def test_quotes_speaker_of_a_description(
    first: list[str], subject: list[str], expected: str
) -> None:
    said_oleg = [*SAID_ANNA[:6], "said|VERB|ROOT|6|say", "Oleg|PROPN|nsubj|6", ".|PUNCT|punct|6"]
    parsed = build([first, said_oleg, _tagged(subject)])
    entities = [
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "pavel", "Pavel", gender="male"),
        person(parsed, "a-small-boy", "A small boy", gender="male", kind="NOM"),
    ]
    assert speech(find_quotes([parsed], entities))[-1][1] == expected


# “Why?” / “Come,” said Oleg to Ivan. — one tagged speaker and the one he speaks to make the
# pair: the untagged turn before his is Ivan's
WHY = ["“|PUNCT|punct|1", "Why|ADV|ROOT|1", "?|PUNCT|punct|1", "”|PUNCT|punct|1"]


def test_quotes_turn_before_a_tag_goes_to_the_one_spoken_to() -> None:
    parsed = build([WHY, REPLY[0]])
    entities = [
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "ivan", "Ivan", gender="male"),
    ]
    assert [s for _, s, _, _ in speech(find_quotes([parsed], entities))] == ["ivan", "oleg"]


UNTAGGED = [
    ["“|PUNCT|punct|5", "Boris|PROPN|npadvmod|5", ",|PUNCT|punct|5", "where|ADV|advmod|5",
     "is|AUX|ROOT|5|be", "it|PRON|nsubj|4", "?|PUNCT|punct|4", "”|PUNCT|punct|4"],
    ["“|PUNCT|punct|1", "Here|ADV|ROOT|1", ".|PUNCT|punct|1", "”|PUNCT|punct|1"],
]  # fmt: skip


def test_quotes_untagged_answer_goes_to_the_one_called_by_name() -> None:
    parsed = build(UNTAGGED)
    entities = [person(parsed, "boris", "Boris", gender="male")]
    found = [q for q in find_quotes([parsed], entities) if q.kind == "speech"]
    assert [(q.speaker, q.method) for q in found] == [(None, None), ("boris", "implicit")]
    assert 0 < found[1].confidence < 0.5  # a guess, and said to be one


CALLED_AFTER = [
    ["“|PUNCT|punct|4", "No|INTJ|ccomp|4", "!|PUNCT|punct|4", "”|PUNCT|punct|4",
     "said|VERB|ROOT|4|say", "a|DET|det|6", "voice|NOUN|nsubj|4", ".|PUNCT|punct|4"],
    ["“|PUNCT|punct|4", "Boris|PROPN|npadvmod|4", ",|PUNCT|punct|4", "you|PRON|nsubj|4",
     "are|AUX|ROOT|4|be", "wrong|ADJ|acomp|4", ".|PUNCT|punct|4", "”|PUNCT|punct|4"],
]  # fmt: skip


@pytest.mark.parametrize(("tagged", "expected"), [(True, None), (False, "boris")])
def test_quotes_untagged_turn_goes_to_the_one_the_next_turn_calls(
    tagged: bool, expected: str | None
) -> None:
    first = CALLED_AFTER[0] if tagged else [*CALLED_AFTER[0][:4]]
    parsed = build([first, CALLED_AFTER[1]])
    entities = [person(parsed, "boris", "Boris", gender="male")]
    found = [q for q in find_quotes([parsed], entities) if q.kind == "speech"]
    # “…,” said a voice: someone unknown, never guessed
    assert found[0].speaker == expected


CALLS_HIMSELF = [
    ["Oleg|PROPN|nsubj|1", "came|VERB|ROOT|1|come", ".|PUNCT|punct|1"],
    ["Edward|PROPN|nsubj|1", "sat|VERB|ROOT|1|sit", ".|PUNCT|punct|1"],
    ["“|PUNCT|punct|7", "Listen|VERB|ccomp|7|listen", ",|PUNCT|punct|7",
     "Edward|PROPN|npadvmod|1", ",|PUNCT|punct|7", "”|PUNCT|punct|7", "he|PRON|nsubj|7",
     "said|VERB|ROOT|7|say", ".|PUNCT|punct|7"],
]  # fmt: skip


def test_quotes_pronoun_is_not_the_one_the_quotation_calls() -> None:
    parsed = build(CALLS_HIMSELF)
    entities = [
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "edward", "Edward", gender="male"),
    ]
    assert speech(find_quotes([parsed], entities)) == [
        ("“Listen, Edward,”", "oleg", "edward", "anaphoric")
    ]


MOTHER = [
    ["Vera|PROPN|nsubj|1", "came|VERB|ROOT|1|come", ".|PUNCT|punct|1"],
    ["“|PUNCT|punct|7", "I|PRON|nsubj|2", "want|VERB|ccomp|7", "to|PART|aux|4", "go|VERB|xcomp|2",
     ",|PUNCT|punct|7", "”|PUNCT|punct|7", "said|VERB|ROOT|7|say", "Anna|PROPN|nsubj|7",
     ".|PUNCT|punct|7", "“|PUNCT|punct|15", "You|PRON|nsubj|12", "shall|AUX|ccomp|15",
     ",|PUNCT|punct|15", "”|PUNCT|punct|15", "said|VERB|ROOT|15|say", "the|DET|det|17",
     "mother|NOUN|nsubj|15", ".|PUNCT|punct|15"],
]  # fmt: skip


def test_quotes_description_after_a_named_tag_is_someone_else() -> None:
    parsed = build(MOTHER)
    entities = [
        person(parsed, "vera", "Vera", gender="female"),
        person(parsed, "anna", "Anna", gender="female"),
    ]
    found = speech(find_quotes([parsed], entities))
    assert [(text, speaker) for text, speaker, _, _ in found] == [
        ("“I want to go,”", "anna"),
        ("“You shall,”", "vera"),
    ]


def test_quotes_speaker_words_point_at_the_tag() -> None:
    parsed = build([SAID_ANNA, ["“|PUNCT|punct|1", "Go|VERB|ROOT|1", ".|PUNCT|punct|1",
                                "”|PUNCT|punct|1"]])  # fmt: skip
    tagged, untagged = find_quotes([parsed], [person(parsed, "anna", "Anna", gender="female")])
    assert tagged.speaker_start is not None and tagged.speaker_end is not None
    assert parsed.doc.text[tagged.speaker_start : tagged.speaker_end] == "Anna"
    assert untagged.speaker == "anna" and untagged.speaker_start is None


# “Come here,” said Oleg. / “Now!” / “Why?” she asked. / “No,” said Anna. — turn-taking from
# Anna's tag would give the third turn to Oleg, but its tag says “she”
SHE_ASKED = [
    ["“|PUNCT|punct|5", "Come|VERB|ccomp|5|come", "here|ADV|advmod|1", ",|PUNCT|punct|5",
     "”|PUNCT|punct|5", "said|VERB|ROOT|5|say", "Oleg|PROPN|nsubj|5", ".|PUNCT|punct|5"],
    ["“|PUNCT|punct|1", "Now|ADV|ROOT|1", "!|PUNCT|punct|1", "”|PUNCT|punct|1"],
    ["“|PUNCT|punct|5", "Why|ADV|ccomp|5", "?|PUNCT|punct|5", "”|PUNCT|punct|5",
     "she|PRON|nsubj|5", "asked|VERB|ROOT|5|ask", ".|PUNCT|punct|5"],
    ["“|PUNCT|punct|4", "No|INTJ|ccomp|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
     "said|VERB|ROOT|4|say", "Anna|PROPN|nsubj|4", ".|PUNCT|punct|4"],
]  # fmt: skip


def test_quotes_turn_taking_keeps_to_the_gender_of_the_tag() -> None:
    parsed = build(SHE_ASKED)
    entities = [
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "anna", "Anna", gender="female"),
    ]
    found = [(text, s) for text, s, _, _ in speech(find_quotes([parsed], entities))]
    assert found[0] == ("“Come here,”", "oleg")
    assert found[2] == ("“Why?”", "anna")
    assert found[3] == ("“No,”", "anna")


# Ivan went home. / The surgeon leaned over. “Fine,” he said. — the description acting right
# before the tag is who “he” means, though only Ivan's gender is known
SURGEON = [
    ["Ivan|PROPN|nsubj|1", "went|VERB|ROOT|1|go", "home|ADV|advmod|1", ".|PUNCT|punct|1"],
    ["The|DET|det|1", "surgeon|NOUN|nsubj|2", "leaned|VERB|ROOT|2|lean", "over|ADP|prt|2",
     ".|PUNCT|punct|2", "“|PUNCT|punct|10", "Fine|ADJ|ccomp|10", ",|PUNCT|punct|10",
     "”|PUNCT|punct|10", "he|PRON|nsubj|10", "said|VERB|ROOT|10|say", ".|PUNCT|punct|10"],
]  # fmt: skip


def test_quotes_pronoun_means_the_description_acting_just_before() -> None:
    parsed = build(SURGEON)
    entities = [
        person(parsed, "ivan", "Ivan", gender="male"),
        person(parsed, "the-surgeon", "The surgeon", kind="NOM"),
    ]
    assert speech(find_quotes([parsed], entities)) == [
        ("“Fine,”", "the-surgeon", "ivan", "anaphoric")
    ]


# “Yes,” said Anna, as if it were nothing. — the clause after the comma is the manner of the
# tag, not reported words; “Why?” I answered that it was late. — a reported answer, no tag
AS_IF = [["“|PUNCT|punct|4", "Yes|INTJ|intj|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
          "said|VERB|ROOT|4|say", "Anna|PROPN|nsubj|4", ",|PUNCT|punct|4", "as|SCONJ|mark|10",
          "if|SCONJ|mark|10", "it|PRON|nsubj|10", "were|AUX|ccomp|4|be", "nothing|PRON|attr|10",
          ".|PUNCT|punct|4"]]  # fmt: skip
ANSWERED_THAT = [["“|PUNCT|punct|5", "Why|ADV|advmod|5", "?|PUNCT|punct|5", "”|PUNCT|punct|5",
                  "I|PRON|nsubj|5", "answered|VERB|ROOT|5|answer", "that|SCONJ|mark|8",
                  "it|PRON|nsubj|8", "was|AUX|ccomp|5|be", "late|ADJ|acomp|8",
                  ".|PUNCT|punct|5"]]  # fmt: skip


def test_quotes_tag_followed_by_its_manner_is_still_a_tag() -> None:
    parsed = build(AS_IF)
    anna = person(parsed, "anna", "Anna", gender="female")
    assert speech(find_quotes([parsed], [anna])) == [("“Yes,”", "anna", None, "explicit")]
    parsed = build(ANSWERED_THAT)
    narrator = person(parsed, "narrator", "I", kind="PRON", narrator=True)
    assert [m for _, _, _, m in speech(find_quotes([parsed], [narrator]))] != ["narrator"]


def _said(word: str, name: str, pos: str = "PROPN") -> list[str]:
    """“<word>,” said <name>. — one paragraph's tokens."""
    return ["“|PUNCT|punct|4", f"{word}|INTJ|intj|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
            "said|VERB|ROOT|4|say", f"{name}|{pos}|nsubj|4", ".|PUNCT|punct|4"]  # fmt: skip


def _bare(word: str, mark: str = ".") -> list[str]:
    """“<word><mark>” — an untagged paragraph."""
    return ["“|PUNCT|punct|1", f"{word}|INTJ|ROOT|1", f"{mark}|PUNCT|punct|1", "”|PUNCT|punct|1"]


IVAN_SAT = ["Ivan|PROPN|nsubj|8", "sat|VERB|ROOT|8|sit", "down|ADP|prt|8", ".|PUNCT|punct|8"]
TIRED_IVAN = ["“|PUNCT|punct|1", "Tired|ADJ|ROOT|1", ",|PUNCT|punct|1", "Ivan|PROPN|npadvmod|1",
              ".|PUNCT|punct|1", "”|PUNCT|punct|1"]  # fmt: skip


@pytest.mark.parametrize(("last", "speaker"), [(_bare("Tired"), "ivan"), (TIRED_IVAN, "anna")])
def test_quotes_narration_after_a_turn_tells_the_next_speaker(
    last: list[str], speaker: str
) -> None:
    # “Hello,” said Anna. / “Come,” said Oleg. Ivan sat down. / “Tired.” — Ivan, who acts
    # last; but “Tired, Ivan.” is someone speaking to him: turn-taking gives it to Anna
    parsed = build([_said("Hello", "Anna"), [*_said("Come", "Oleg"), *IVAN_SAT], last])
    entities = [
        person(parsed, "anna", "Anna", gender="female"),
        person(parsed, "oleg", "Oleg", gender="male"),
        person(parsed, "ivan", "Ivan", gender="male"),
    ]
    found = [s for _, s, _, _ in speech(find_quotes([parsed], entities))]
    assert found == ["anna", "oleg", speaker]


def test_quotes_his_relative_answering_is_not_the_one_answered() -> None:
    # “Hello,” said Ivan. / “Sit,” said Oleg. Ivan sat down. / “No,” said his son. — “his”
    # is Oleg's, who just spoke: his son is the other one in the conversation
    his_son = ["“|PUNCT|punct|4", "No|INTJ|intj|4", ",|PUNCT|punct|4", "”|PUNCT|punct|4",
               "said|VERB|ROOT|4|say", "his|PRON|poss|6", "son|NOUN|nsubj|4",
               ".|PUNCT|punct|4"]  # fmt: skip
    parsed = build([_said("Hello", "Ivan"), [*_said("Sit", "Oleg"), *IVAN_SAT], his_son])
    entities = [
        person(parsed, "ivan", "Ivan", gender="male"),
        person(parsed, "oleg", "Oleg", gender="male"),
    ]
    assert [s for _, s, _, _ in speech(find_quotes([parsed], entities))] == [
        "ivan",
        "oleg",
        "ivan",
    ]


def test_quotes_turn_taking_counts_from_the_person_acting_beside_a_turn() -> None:
    # “Hello,” said Ivan. / “Come,” said Oleg. / Oleg frowned. / “Now.” / “Why?” / “Because.”
    # — Oleg speaks twice running, so the turns after count from his second one
    frowned = ["Oleg|PROPN|nsubj|1", "frowned|VERB|ROOT|1|frown", ".|PUNCT|punct|1"]
    parsed = build(
        [_said("Hello", "Ivan"), _said("Come", "Oleg"), frowned, _bare("Now"),
         _bare("Why", "?"), _bare("Because")]
    )  # fmt: skip
    entities = [
        person(parsed, "ivan", "Ivan", gender="male"),
        person(parsed, "oleg", "Oleg", gender="male"),
    ]
    assert [s for _, s, _, _ in speech(find_quotes([parsed], entities))] == [
        "ivan",
        "oleg",
        "oleg",
        "ivan",
        "oleg",
    ]


def test_quotes_a_monologue_never_calls_its_speaker_by_name() -> None:
    # “Come,” said Anna. / “Wait, Anna.” — Anna alone in sight, yet she is not the one who
    # calls her: no speaker rather than Anna talking to herself
    wait = ["“|PUNCT|punct|1", "Wait|VERB|ROOT|1", ",|PUNCT|punct|1", "Anna|PROPN|npadvmod|1",
            ".|PUNCT|punct|1", "”|PUNCT|punct|1"]  # fmt: skip
    parsed = build([_said("Come", "Anna"), _bare("Now"), wait])
    entities = [person(parsed, "anna", "Anna", gender="female")]
    speakers = [s for _, s, _, _ in speech(find_quotes([parsed], entities))]
    assert speakers == ["anna", "anna", None]
