"""Whether a clause asserts that something happened: realis, negated, hypothetical, reported.

The modality of a trigger is decided by walking up its dependency tree from the trigger to
the root, reading the signals on the way: a negation or a modal on the clause's verb, a
conditional ``if``, a question, an infinitive under a verb of wanting, trying or ordering
("decided to leave"), a finite complement under a verb of believing ("thought she had left",
hypothetical) or saying ("said she had left", reported). Implicative verbs ("began to cry",
"managed to escape") pass the trigger on to their own clause; negative ones ("refused to
sign", "failed to arrive") negate it. The nearest signal wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy

from ..records import Modality
from .lexicon import verb_classes

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Signals", "habitual", "modality", "quote_mask", "walk"]

_NEGATORS = frozenset({"not", "n't", "n’t", "never", "no", "nor", "neither", "nowhere"})
_NOBODY = frozenset({"nobody", "nothing", "none", "noone", "no-one", "neither"})
_MODALS = frozenset(
    {"would", "could", "should", "might", "may", "must", "will", "shall", "can", "'d", "’d",
     "'ll", "’ll", "wo", "ca", "ought", "need"}
)  # fmt: skip
_CONDITIONAL = frozenset({"if", "unless", "lest", "whether"})
_PURPOSE = frozenset({"so", "lest"})
# Adverbs of frequency: the clause tells what used to happen, not one event.
_HABITUAL = frozenset(
    {"often", "sometimes", "usually", "always", "generally", "commonly", "frequently",
     "daily", "constantly", "occasionally", "seldom", "rarely", "habitually", "invariably",
     "customarily", "regularly", "weekly", "nightly", "ordinarily", "continually", "oft",
     "whenever", "ever"}
)  # fmt: skip
_PERCEPTION = frozenset({"see", "hear", "watch", "feel", "notice", "observe", "perceive", "let"})
_NOMINAL_DEPS = frozenset(
    {"dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos", "dative", "npadvmod", "compound",
     "prep", "poss", "oprd", "acomp", "agent", "pcomp", "conj", "nmod", "amod", "obj"}
)  # fmt: skip
_CLAUSE_END = frozenset({".", "!", "?", ";", "…", "“", "”", "«", "»", '"', "``", "''"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_OPENING = "“«„"
_CLOSING = "”»"
_MAX_DEPTH = 12


class Signals:
    """Per-document facts the modality walk needs: which tokens are inside quotation marks and
    which end in a question. Built once per document in one pass over its tokens."""

    def __init__(self, doc: Doc) -> None:
        self.quoted = quote_mask(doc)
        self.question = _question_mask(doc)


def _positions(doc: Doc, words: Iterable[str]) -> list[int]:
    """Indices of the tokens spelled as one of ``words`` (by hash: no Token objects made)."""
    strings = doc.vocab.strings
    orth = doc.to_array("ORTH")
    return [int(i) for i in numpy.nonzero(numpy.isin(orth, [strings[w] for w in words]))[0]]


def _space_tokens(doc: Doc) -> list[int]:
    return [int(i) for i in numpy.nonzero(doc.to_array("IS_SPACE"))[0]]


def quote_mask(doc: Doc) -> list[bool]:
    """For each token, whether it lies between quotation marks (the marks included).

    Curly quotes open and close; a straight ``"`` toggles. A paragraph break closes an
    unclosed quotation, as serialized dialogue often omits the closing mark.
    """
    events = [(i, "open") for i in _positions(doc, (*_OPENING, "``"))]
    events += [(i, "close") for i in _positions(doc, (*_CLOSING, "''"))]
    events += [(i, "toggle") for i in _positions(doc, ('"',))]
    events += [(i, "break") for i in _space_tokens(doc) if doc[i].text.count("\n") > 1]
    mask = [False] * len(doc)
    inside_from: int | None = None  # where the open quotation began
    for i, kind in sorted(events):
        if kind == "break":
            if inside_from is not None:
                mask[inside_from:i] = [True] * (i - inside_from)
            inside_from = None
        elif kind == "open" or (kind == "toggle" and inside_from is None):
            if inside_from is not None:
                mask[inside_from:i] = [True] * (i - inside_from)
            inside_from = i
        elif inside_from is not None:  # a closing mark, or a straight quote that closes
            mask[inside_from : i + 1] = [True] * (i + 1 - inside_from)
            inside_from = None
        else:
            mask[i] = True  # a stray closing mark is still a quotation mark
    if inside_from is not None:
        mask[inside_from:] = [True] * (len(doc) - inside_from)
    return mask


def _question_mask(doc: Doc) -> list[bool]:
    """For each token, whether the first clause-ending mark after it is a question mark."""
    ends = {i: False for i in _positions(doc, _CLAUSE_END)}
    ends.update((i, False) for i in _space_tokens(doc) if "\n" in doc[i].text)
    for i in _positions(doc, ("?", "?!", "!?", "??", "?”", '?"')):
        ends[i] = True
    mask = [False] * len(doc)
    previous = 0
    for i in sorted(ends):
        if ends[i]:
            mask[previous : i + 1] = [True] * (i + 1 - previous)
        previous = i + 1
    return mask


def _own_signal(token: Token) -> Modality | None:
    """The modality marked on ``token`` itself: a negation, modal, or conditional child."""
    for child in token.children:
        dep, word = child.dep_, child.lower_
        if dep == "neg" or (dep == "advmod" and word in ("never", "nowhere")):
            return "negated"
        if dep in ("aux", "auxpass") and (child.tag_ == "MD" or word in _MODALS):
            return "hypothetical"
        if dep == "mark" and word in _CONDITIONAL:
            return "hypothetical"
        if dep in ("nsubj", "nsubjpass", "dobj") and (
            word in _NOBODY or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
        ):
            return "negated"
        if dep == "det" and word == "no" and token.pos_ in ("NOUN", "PROPN"):
            return "negated"
    # a bare verb heading its sentence without a subject is a command: "Arrest him!"
    if (
        token.pos_ == "VERB"
        and token.tag_ == "VB"
        and token.dep_ == "ROOT"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "expl") for c in token.children)
    ):
        return "hypothetical"
    return None


def habitual(token: Token) -> bool:
    """Whether the clause of ``token`` tells what happened repeatedly or in general
    ("he often came", "whenever she called")."""
    node = token
    for _ in range(3):
        for child in node.children:
            if child.lower_ in _HABITUAL and child.dep_ in ("advmod", "mark", "advcl"):
                return True
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            break
        node = node.head
    return False


def _infinitival(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)


def modality(
    token: Token, signals: Signals | None = None, quoted_is_reported: bool = True
) -> Modality:
    """The modality of the event ``token`` names (a verb or an event noun).

    Inside quotation marks a plain assertion is a character's word: ``reported`` unless
    ``quoted_is_reported`` is False.
    """
    found = walk(token, signals.quoted if signals is not None else None)
    if found == "realis" and signals is not None:
        if signals.question[token.i]:
            return "hypothetical"
        if quoted_is_reported and signals.quoted[token.i]:
            return "reported"
    return found


def _finite_clause(token: Token) -> bool:
    """A verb with its own subject and tense: an assertion of its own."""
    return token.tag_ in _FINITE and _has_subject(token)


def _definite(token: Token) -> bool:
    """A noun with a definite article or a possessor names an event the text takes as given:
    "after the arrest", "his death"."""
    return token.pos_ == "NOUN" and any(
        (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those"))
        or c.dep_ == "poss"
        for c in token.children
    )


def _reported_above(token: Token, quoted: list[bool] | None) -> bool:
    """Whether ``token`` lies in a clause someone is said to have said ("confessed that…")."""
    node = token
    for _ in range(_MAX_DEPTH):
        head = node.head
        if head.i == node.i or (quoted is not None and quoted[head.i] != quoted[node.i]):
            return False
        if node.dep_ == "ccomp" and "speech" in verb_classes().get(head.lemma_.lower(), ()):
            return True
        node = head
    return False


def walk(token: Token, quoted: list[bool] | None = None) -> Modality:
    node = token
    if _definite(token):
        # what the text takes as given happened, unless someone is only reporting it
        own = _own_signal(token)
        if own is not None:
            return own
        return "reported" if _reported_above(token, quoted) else "realis"
    only_hypothetical = False  # past an adverbial clause, the governor's negation stays there
    for _ in range(_MAX_DEPTH):
        own = _own_signal(node)
        if own is not None and not (only_hypothetical and own == "negated"):
            return own
        head = node.head
        if head.i == node.i:
            break
        if quoted is not None and quoted[head.i] != quoted[node.i]:
            break  # "‘Stop,’ he said": the quotation's mood is not the narration's
        dep = node.dep_
        classes = verb_classes().get(head.lemma_.lower(), frozenset())
        if dep == "xcomp" or (_infinitival(node) and dep in ("advcl", "acl", "relcl", "ccomp")):
            if head.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
                # "time to arrest them", "ready to go": unrealised, negated if the clause is
                inherited = walk(head, quoted)
                return "negated" if inherited == "negated" else "hypothetical"
            if "negative" in classes:
                return "negated"
            if head.lemma_ == "go" and head.tag_ == "VBG":
                return "hypothetical"  # "going to arrest": future
            if "implicative" in classes and not _infinitival_purpose(node):
                node = head
                continue
            if dep == "xcomp" and not _infinitival(node) and node.tag_ in ("VBG", "VBN"):
                node = head  # "sat smoking", "kept talking": a participle shares its clause
                continue
            return "hypothetical"
        if dep in ("ccomp", "xcomp") and node.tag_ == "VB" and head.lemma_ in _PERCEPTION:
            node = head  # "saw them arrive": a bare infinitive after a perception verb
            continue
        if dep == "ccomp":
            if "belief" in classes:
                return "hypothetical"
            if "speech" in classes:
                governor = walk(head, quoted)
                return "negated" if governor == "negated" else "reported"
            if _finite_clause(node):
                break
            node = head
            continue
        if dep == "advcl":
            if any(c.dep_ == "mark" and c.lower_ in _PURPOSE for c in node.children):
                return "hypothetical"
            if _finite_clause(node):
                break
            only_hypothetical = True
            node = head
            continue
        if dep == "conj":
            if _finite_clause(node):
                break
            node = head
            continue
        if dep in ("relcl", "acl"):
            if node.tag_ in ("VBG", "VBN") and not _has_subject(node):
                node = head  # participles share the clause of the noun they modify
                only_hypothetical = True
                continue
            break
        if dep == "pcomp" and head.lower_ == "without":
            return "negated"
        if dep in _NOMINAL_DEPS:
            if dep in ("pobj", "pcomp") and head.lower_ == "without":
                return "negated"
            node = head
            continue
        break
    return "realis"


def _infinitival_purpose(node: Token) -> bool:
    """``in order to`` marks purpose, never an implicative complement."""
    return any(c.lower_ == "order" and c.dep_ in ("mark", "prep") for c in node.children)
