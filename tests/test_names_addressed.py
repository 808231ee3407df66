"""The name the others call the narrator by (:mod:`dossier.names.addressed`): only inside
quotations, in direct address, never the narrator's own words — it joins the narrator."""

from __future__ import annotations

import pytest

from dossier.records import Entity

from .test_names_docs import build, resolve

_I_WAITED = "I/PRON/nsubj/1 waited/VERB/ROOT/1 ./PUNCT/punct/1"


def _address(name: str, tag: str = "") -> str:
    """“Come here, <name>!” [tag]: a direct address inside a quotation."""
    tokens = ["“/PUNCT/punct/1", "Come/VERB/ROOT/1", "here/ADV/advmod/1", ",/PUNCT/punct/1",
              f"{name}/PROPN/npadvmod/1", "!/PUNCT/punct/1", "”/PUNCT/punct/1"]  # fmt: skip
    if tag:
        tokens.extend(tag.split(" "))
    return " ".join(tokens)


def _story(lines: list[str]) -> tuple[list[str], list[tuple[int, int, str]]]:
    """The narrator's “I waited.” five times, then ``lines``; every capitalised PROPN a name."""
    sentences = [_I_WAITED] * 5 + lines
    ents: list[tuple[int, int, str]] = []
    at = 0
    for sentence in sentences:
        for item in sentence.split(" "):
            if "/PROPN/" in item:
                ents.append((at, at + 1, "PERSON"))
            at += 1
    return sentences, ents


def _narrator(entities: list[Entity]) -> Entity:
    (found,) = [e for e in entities if e.narrator]
    return found


def test_names_addressed_name_joins_narrator() -> None:
    entities = resolve(build(*_story([_address("Corwin"), _address("Corwin")])))
    narrator = _narrator(entities)
    assert narrator.aliases == ("Corwin",)
    assert [m.text for m in narrator.mentions if m.kind == "PROP"] == ["Corwin", "Corwin"]
    assert not [e for e in entities if not e.narrator and "Corwin" in e.aliases]


@pytest.mark.parametrize(
    "lines",
    [
        # once only: one stray address proves nothing
        [_address("Corwin")],
        # the narrator's own words call him so: somebody else
        [_address("Corwin", "I/PRON/nsubj/1 said/VERB/ROOT/1 ./PUNCT/punct/1"),
         _address("Corwin")],
        # the narration names him: somebody the narrator sees
        [_address("Corwin"), _address("Corwin"),
         "Corwin/PROPN/nsubj/1 left/VERB/ROOT/1 ./PUNCT/punct/1"],
        # two names pass: which one is the narrator's is unknown
        [_address("Corwin"), _address("Corwin"), _address("Brand"), _address("Brand")],
    ],
)  # fmt: skip
def test_names_addressed_name_stays_apart(lines: list[str]) -> None:
    narrator = _narrator(resolve(build(*_story(lines))))
    assert narrator.aliases == ()
    assert {m.kind for m in narrator.mentions} == {"PRON"}
