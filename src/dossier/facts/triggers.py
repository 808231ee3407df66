"""Event triggers of every kind: the verbs and event nouns that depict something happening.

LitBank's notion of an event is broad — any verb or noun for something that actually happens
in the story ("walked", "closed", "the storm"). :func:`event_triggers` finds the candidates
(verbs by tense and construction, nouns from a word list), gives each its modality, and names
the type of those the typed-events lexicon knows; :func:`realis_triggers` keeps the realis ones.

What is left out: states (be, have, seem, know, stand; facts_modality.tsv), aspect and control
verbs whose complement is the event ("began [to cry]"), adjectival participles ("the locked
door"), present-tense commentary in a past-tense narration, habitual clauses ("he often
came"), and whatever the modality walk finds negated, hypothetical (modals, conditionals,
questions, commands, wishes, plans, purposes, future) or reported (said that…). A character's
plain past-tense statement in direct speech is kept. Tuned on the train books of LitBank's
split 0 (Sims, Park & Bamman 2019, CC BY 4.0); see bench/events_litbank.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Modality
from .lexicon import event_nouns, event_senses, verb_classes
from .modality import Signals, habitual, modality

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..nlp import Parsed

__all__ = ["Trigger", "event_triggers", "lemma_of", "realis_triggers"]

_PERCEPTION = frozenset({"see", "hear", "watch", "feel", "notice", "observe", "perceive"})
# Prepositions whose gerund tells something that happened ("after leaving"); others name an
# idea of it ("the idea of leaving", "for travelling").
_TEMPORAL_PREPS = frozenset(
    {"after", "before", "on", "upon", "by", "while", "in", "since", "without"}
)
_MODAL_LEMMAS = frozenset(
    {"will", "would", "shall", "should", "can", "could", "may", "might", "must"}
)
# Auxiliaries that make a participle a verb of its own clause ("had gone", "was seen").
_PERFECT = frozenset({"have", "be", "get"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """One event word: ``[start, end)`` in its document, with its modality and, when the
    typed lexicon knows the word, a candidate type (the typed extractor decides)."""

    doc: str
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    modality: Modality
    quoted: bool = False
    habitual: bool = False
    type: str | None = None


def lemma_of(token: Token) -> str:
    """The lemma, lower-cased, without a repetition prefix ("re-interrogated" -> interrogate)."""
    lemma = token.lemma_.lower()
    return lemma[3:] if lemma.startswith("re-") and len(lemma) > 5 else lemma


def _tense(token: Token) -> str:
    """past, present or none: the tense its first auxiliary (or the verb itself) carries."""
    for child in token.children:
        if child.dep_ in ("aux", "auxpass") and child.i < token.i:
            if child.tag_ == "VBD":
                return "past"
            if child.tag_ in ("VBZ", "VBP"):
                return "present"
    if token.tag_ == "VBD":
        return "past"
    if token.tag_ in ("VBZ", "VBP"):
        return "present"
    return "none"


def _clause_tense(token: Token) -> str:
    """The tense of the nearest verb above ``token`` (itself included) that carries one."""
    node = token
    for _ in range(6):
        tense = _tense(node)
        if tense != "none" or node.head.i == node.i:
            return tense
        node = node.head
    return "none"


def _governs_complement(token: Token) -> bool:
    """An aspectual or control verb with an infinitive ("began to cry"): the complement is
    the event, the governor is not."""
    return any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in token.children)


def _verb_candidate(token: Token, present_narration: bool) -> bool:
    lemma = lemma_of(token)
    classes = verb_classes().get(lemma, frozenset())
    if "stative" in classes and (lemma in ("be", "have") or not _has_particle(token)):
        return False
    tag, dep = token.tag_, token.dep_
    if dep in ("amod", "compound", "nmod"):
        return False
    if classes & {"implicative", "intent", "negative"} and _governs_complement(token):
        return False
    tense = _clause_tense(token)
    if tense == "present" and not present_narration:
        return False
    if tag == "VBD":
        return True
    if tag in ("VBZ", "VBP"):
        return present_narration
    auxes = {c.lemma_.lower() for c in token.children if c.dep_ in ("aux", "auxpass")}
    if tag == "VBN":
        if auxes & _PERFECT:
            return True
        # a bare participle is mostly a state ("the door, locked"), unless it shares the
        # auxiliary of the verb it is coordinated with ("had washed and dried")
        return (
            dep == "conj"
            and token.head.tag_ == "VBN"
            and _verb_candidate(token.head, present_narration)
        )
    if tag == "VBG":
        if "be" in auxes:
            return True
        if dep == "pcomp":  # "after leaving" happened; "the idea of leaving" did not
            return token.head.lower_ in _TEMPORAL_PREPS
        return dep in ("advcl", "conj", "xcomp", "acl", "ROOT", "ccomp", "relcl")
    if tag == "VB" and dep in ("xcomp", "ccomp") and not _infinitival(token):
        return token.head.lemma_ in _PERCEPTION  # "saw him fall"
    if tag == "VB" and dep == "xcomp":
        governor = verb_classes().get(token.head.lemma_.lower(), frozenset())
        return "implicative" in governor
    # a base form with an auxiliary ("did not stop", "would go") is an event word whose
    # modality decides; the modality walk leaves it realis only for "did go"
    return tag == "VB" and bool(auxes & {"do", *_MODAL_LEMMAS})


def _infinitival(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)


def _has_particle(token: Token) -> bool:
    return any(c.dep_ == "prt" for c in token.children)


def _noun_candidate(token: Token) -> bool:
    if token.dep_ in ("compound",):
        return False
    lemma = lemma_of(token)
    if _clause_tense(token) == "present":
        return False
    if lemma in event_nouns():
        # a bare plural is generic ("storms are rare"); a determiner makes it an occurrence
        return token.tag_ != "NNS" or any(
            c.dep_ in ("det", "poss", "nummod") for c in token.children
        )
    return ("NOUN", lemma) in _typed_nouns()


def _typed_nouns() -> set[tuple[str, str]]:
    return {key for key in event_senses() if key[1] == "NOUN"}


def _present_narration(doc: Doc, quoted: list[bool]) -> bool:
    """Whether the narration (outside quotation marks) is told in the present tense."""
    past = present = 0
    for token in doc:
        if token.pos_ in ("VERB", "AUX") and not quoted[token.i]:
            if token.tag_ == "VBD":
                past += 1
            elif token.tag_ in ("VBZ", "VBP"):
                present += 1
    return present > 2 * past and present > 20


def _candidates(doc: Doc, signals: Signals) -> Iterator[Token]:
    present = _present_narration(doc, signals.quoted)
    for token in doc:
        if token.pos_ == "VERB":
            if _verb_candidate(token, present):
                yield token
        elif token.pos_ == "NOUN" and _noun_candidate(token):
            yield token


def _type_of(token: Token) -> str | None:
    senses = event_senses().get((lemma_of(token), token.pos_))
    return senses[0].type if senses else None


def event_triggers(parsed: Parsed, signals: Signals | None = None) -> list[Trigger]:
    """Every candidate event word of the document, with its modality, in text order."""
    doc = parsed.doc
    signals = signals or Signals(doc)
    body = parsed.document.body_start
    found = []
    for token in _candidates(doc, signals):
        if token.idx < body:
            continue
        found.append(
            Trigger(
                doc=parsed.document.id,
                start=token.idx,
                end=token.idx + len(token.text),
                text=token.text,
                lemma=lemma_of(token),
                pos=token.pos_,
                tag=token.tag_,
                modality=modality(token, signals),
                quoted=signals.quoted[token.i],
                habitual=habitual(token),
                type=_type_of(token),
            )
        )
    return found


def realis_triggers(parsed: Parsed, signals: Signals | None = None) -> list[Trigger]:
    """The triggers of events depicted as actually happening (LitBank's realis events).

    A character's plain statement of a past event in direct speech ("I saw him") counts:
    the speech is the story's, the past tense says it happened.
    """
    return [
        t
        for t in event_triggers(parsed, signals)
        if not t.habitual
        and (t.modality == "realis" or (t.quoted and t.modality == "reported" and t.tag == "VBD"))
    ]
