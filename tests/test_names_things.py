"""Things and words named like people (:mod:`dossier.names.kinds`, :mod:`dossier.names.accept`)
and unnamed people reached only by a speech tag's pronoun (:mod:`dossier.names.tagged`).
Names and sentences are invented."""

from __future__ import annotations

import pytest

from dossier.quotes import find_quotes
from dossier.records import Entity

from .test_names_docs import build, resolve


def _people(entities: list[Entity]) -> list[str]:
    return [e.name for e in entities if e.type == "PER" and not e.description]


def _kept(title: str, article: bool) -> list[str]:
    """My father kept [the] <title> Crowley. We met at [the] <title> Crowley."""
    the = ["the/DET/det/4"] if article else []
    first = " ".join(["My/PRON/poss/1", "father/NOUN/nsubj/2", "kept/VERB/ROOT/2", *the,
                      f"{title}/PROPN/compound/{3 + len(the)}", "Crowley/PROPN/dobj/2",
                      "./PUNCT/punct/2"])  # fmt: skip
    second = " ".join(["We/PRON/nsubj/1", "met/VERB/ROOT/1", "at/ADP/prep/1", *the,
                       f"{title}/PROPN/compound/{4 + len(the)}",
                       "Crowley/PROPN/pobj/2", "./PUNCT/punct/1"])  # fmt: skip
    n = len(the)
    ents = [(3 + n, 5 + n, "PERSON"), (7 + n + 3 + n, 7 + n + 5 + n, "PERSON")]
    return _people(resolve(build([first, second], ents)))


@pytest.mark.parametrize(
    ("title", "article", "person"),
    [
        ("Admiral", True, False),  # “the Admiral Crowley”: an inn, a ship
        ("Admiral", False, True),  # “Admiral Crowley”: a man
        ("Emperor", True, True),  # “the Emperor Crowley”: a rank English writes with “the”
        ("Widow", True, True),  # “the Widow Crowley”: an honorific of address
    ],
)
def test_names_things_title_after_the_is_a_thing(title: str, article: bool, person: bool) -> None:
    assert _kept(title, article) == ([f"{title} Crowley"] if person else [])


@pytest.mark.parametrize(("word", "person"), [("Church", False), ("Agnes", True)])
def test_names_things_title_before_a_common_noun_is_no_person(word: str, person: bool) -> None:
    sentence = (f"She/PRON/nsubj/1 trusted/VERB/ROOT/1 Mother/PROPN/compound/3 "
                f"{word}/PROPN/dobj/1 ./PUNCT/punct/1")  # fmt: skip
    assert _people(resolve(build([sentence], [(2, 4, "PERSON")]))) == (
        [f"Mother {word}"] if person else []
    )


@pytest.mark.parametrize(("comma", "people"), [(True, ["Rev. Amos Tuttle"]), (False, None)])
def test_names_things_degree_after_a_name_is_no_person(comma: bool, people: object) -> None:
    # I met Rev. Amos Tuttle, M. A. Oxon.  /  I met M. A. Oxon.
    if comma:
        sentence = ("I/PRON/nsubj/1 met/VERB/ROOT/1 Rev./PROPN/compound/4 Amos/PROPN/compound/4 "
                    "Tuttle/PROPN/dobj/1 ,/PUNCT/punct/4 M./PROPN/compound/8 A./PROPN/compound/8 "
                    "Oxon/PROPN/appos/4 ./PUNCT/punct/1")  # fmt: skip
        ents = [(2, 5, "PERSON"), (6, 9, "PERSON")]
    else:
        sentence = ("I/PRON/nsubj/1 met/VERB/ROOT/1 M./PROPN/compound/4 A./PROPN/compound/4 "
                    "Oxon/PROPN/dobj/1 ./PUNCT/punct/1")  # fmt: skip
        ents = [(2, 5, "PERSON")]
    names = _people(resolve(build([sentence], ents)))
    assert names == people if people is not None else len(names) == 1


_OPENER = ("“/PUNCT/punct/1 Figger/PROPN/ROOT/1 so/ADV/advmod/1 ./PUNCT/punct/1 "
           "”/PUNCT/punct/1")  # fmt: skip
_ADDRESSED = ("“/PUNCT/punct/1 Hello/INTJ/ROOT/1 ,/PUNCT/punct/1 Figger/PROPN/npadvmod/1 "
              "!/PUNCT/punct/1 ”/PUNCT/punct/1")  # fmt: skip
_NARRATED = "Then/ADV/advmod/2 Figger/PROPN/nsubj/2 laughed/VERB/ROOT/2 ./PUNCT/punct/2"


@pytest.mark.parametrize(
    ("story", "ents", "person"),
    [
        ([_OPENER, _OPENER], [(1, 2, "PERSON"), (6, 7, "PERSON")], False),  # “Figger so.”
        ([_OPENER, _ADDRESSED], [(1, 2, "PERSON"), (8, 9, "PERSON")], True),  # “Hello, Figger!”
        ([_OPENER, _NARRATED], [(1, 2, "PERSON"), (6, 7, "PERSON")], True),  # Figger laughed
    ],
)
def test_names_things_word_only_opening_quotations_is_no_person(
    story: list[str], ents: list[tuple[int, int, str]], person: bool
) -> None:
    assert _people(resolve(build(story, ents))) == (["Figger"] if person else [])


# A woman porter came in.  “Wake up,” she said.
_CAME = ("{det}/DET/det/2 woman/NOUN/compound/2 porter/NOUN/nsubj/3 came/VERB/ROOT/3 "
         "in/ADV/advmod/3 ./PUNCT/punct/3")  # fmt: skip
_SHE_SAID = ("“/PUNCT/punct/6 Wake/VERB/ccomp/6 up/ADP/prt/1 ,/PUNCT/punct/6 ”/PUNCT/punct/6 "
             "she/PRON/nsubj/6 said/VERB/ROOT/6 ./PUNCT/punct/6")  # fmt: skip
_NAMED = "Mrs./PROPN/compound/1 Dunmore/PROPN/nsubj/2 sat/VERB/ROOT/2 ./PUNCT/punct/2"
_SHE_SAT = "She/PRON/nsubj/1 sat/VERB/ROOT/1 ./PUNCT/punct/1"


def _reached(entities: list[Entity]) -> list[Entity]:
    return [e for e in entities if e.evidence and "pronoun" in e.evidence[0].features]


def test_names_things_pronoun_of_a_tag_reaches_an_introduced_person() -> None:
    parsed = build([_CAME.format(det="A"), _SHE_SAID])
    entities = resolve(parsed)
    reached = _reached(entities)
    assert [(e.name, e.gender, e.description) for e in reached] == [
        ("a woman porter", "female", True)
    ]
    quotes = find_quotes([parsed], entities)
    assert [q.speaker for q in quotes] == [reached[0].id]


@pytest.mark.parametrize(
    ("story", "ents"),
    [
        ([_CAME.format(det="The"), _SHE_SAID], []),  # met before: the quotes stage's
        ([_NAMED, _CAME.format(det="A"), _SHE_SAID], [(0, 2, "PERSON")]),  # a named woman
        ([_SHE_SAT, _CAME.format(det="A"), _SHE_SAID], []),  # “she” before the phrase
        ([_CAME.format(det="A").replace("woman", "stone"), _SHE_SAID], []),  # no gender
    ],
)
def test_names_things_pronoun_reaches_no_one_when_unsure(
    story: list[str], ents: list[tuple[int, int, str]]
) -> None:
    assert _reached(resolve(build(story, ents))) == []
