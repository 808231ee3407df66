"""Small dependency-tree helpers shared by the facts extractors: children by relation,
prepositional objects, subjects through control, and a fallback for misparsed verbs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["children", "flat_roles", "passive", "pobjs", "split_prefix", "subjects"]

# Verbs whose object control makes their object the subject of the infinitive.
_OBJECT_CONTROL = frozenset(
    {"order", "tell", "ask", "force", "instruct", "command", "direct", "urge", "persuade",
     "compel", "allow", "permit", "beg", "send", "get"}
)  # fmt: skip


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def pobjs(token: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    found: list[Token] = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in wanted:
            found.extend(c for c in prep.children if c.dep_ in ("pobj", "pcomp"))
    return found


def passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def subjects(token: Token) -> list[Token]:
    """The subject of a verb, or of the verb that controls it when it has none."""
    node = token
    for _ in range(5):
        found = children(node, "nsubj")
        if found:
            return found
        head = node.head
        if head.i == node.i:
            return []
        if node.dep_ == "xcomp" and head.lemma_ in _OBJECT_CONTROL:
            objects = children(head, "dobj")
            if objects:
                return objects
        if node.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "acl", "relcl", "dep"):
            return []
        if node.dep_ == "relcl":
            return [head]  # "the man who arrested him": the noun the clause modifies
        node = head
    return []


_PREFIXES = frozenset({"re", "co", "pre", "counter", "cross", "over", "under", "out", "mis"})
_ODD_DEPS = frozenset({"amod", "acomp", "compound", "dep"})


def split_prefix(token: Token) -> bool:
    """Whether the tokenizer cut a prefix off this verb ("re - interrogated")."""
    i = token.i
    return i >= 2 and token.doc[i - 1].text == "-" and token.doc[i - 2].lower_ in _PREFIXES


def flat_roles(token: Token) -> tuple[list[Token], list[Token]]:
    """A finite verb the parser misread ("re-interrogated" cut into "re - interrogated"):
    the nearest name or pronoun before it in its clause is the subject, the next after it
    the object."""
    if not split_prefix(token) and (token.tag_ != "VBD" or token.dep_ not in _ODD_DEPS):
        return [], []
    doc = token.doc
    before = next(
        (t for t in reversed(doc[max(token.sent.start, token.i - 6) : token.i])
         if t.pos_ in ("PROPN", "PRON") and t.dep_ != "poss" and t.lower_ not in _PREFIXES),
        None,
    )  # fmt: skip
    after = next(
        (
            t
            for t in doc[token.i + 1 : min(token.sent.end, token.i + 4)]
            if t.pos_ in ("PROPN", "PRON")
        ),
        None,
    )
    return ([before] if before is not None else []), ([after] if after is not None else [])
