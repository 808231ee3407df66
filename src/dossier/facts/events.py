"""Typed events — arrests, interrogations, deaths, journeys… — with agent, patient, place,
date and modality, from dependency rules over the trigger words of facts_events.tsv.

A verb's subject and object (or, in the passive, its "by" phrase and subject) fill the roles
its lexicon line names; a subjectless infinitive or coordinated verb borrows its controller's
subject ("used every means to intimidate him"). A noun takes its roles from "of X", the
possessor and "by X", or from the subject of a support verb ("made a phone call", "signed
the confession", "read the confession, signed it"). An event ordered by someone ("ordered the
interrogators to arrest X", "orders concerning the surveillance of X", "an arrest warrant")
becomes ``<type>_order`` with the one who ordered it as agent and the order's own modality.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..records import Event, Modality
from .arguments import Resolver, is_person_phrase
from .lexicon import EventSense, event_senses, person_nouns, place_nouns, verb_classes
from .modality import modality
from .syntax import children, flat_roles, passive, pobjs, split_prefix, subjects
from .triggers import lemma_of

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .context import DocumentContext

__all__ = ["find_events"]

DateOf = Callable[["Token"], "str | None"]

_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_PLACE_PREPS = frozenset(
    {"in", "at", "to", "into", "from", "near", "inside", "towards", "toward", "for", "onto",
     "through", "across", "outside"}
)  # fmt: skip
_DEST_ADVERBS = frozenset({"home", "abroad", "back", "away", "there", "off", "out"})
# Verbs that carry an event noun, their subject doing it: "made a call", "signed a confession".
_SUPPORT = frozenset(
    {"make", "sign", "give", "write", "conduct", "carry", "place", "pay", "undertake", "take",
     "issue", "deliver", "hold", "send", "put", "lodge", "file", "extract", "dictate", "utter",
     "begin", "start", "continue", "resume", "perform"}
)  # fmt: skip
# Verbs whose subject undergoes the event noun: "suffered the interrogation", "faced trial".
_UNDERGO = frozenset({"undergo", "suffer", "face", "endure", "escape", "avoid", "survive"})
_ORDER_NOUNS = frozenset({"order", "warrant", "instruction", "directive", "command", "decree"})
_ORDER_PREPS = frozenset({"for", "concerning", "regarding", "about", "on", "of", "to"})
_LETTER_NOUNS = frozenset({"letter", "note", "message", "telegram", "postcard", "report"})
_MAX_PER_TRIGGER = 4
_PARTICLES = frozenset({"back", "away", "out", "off", "down"})


@dataclass(frozen=True, slots=True)
class _Roles:
    agents: tuple[str | None, ...]
    patients: tuple[str | None, ...]
    place: str | None


class _Extractor:
    def __init__(self, ctx: DocumentContext, resolver: Resolver, date_of: DateOf) -> None:
        self.ctx = ctx
        self.resolver = resolver
        self.date_of = date_of
        self.consumed: set[int] = set()  # trigger tokens already reported inside an order

    # -- arguments ----------------------------------------------------------------------------

    def _entities(
        self, tokens: Iterable[Token], exclude: frozenset[str] = frozenset()
    ) -> list[str]:
        found: list[str] = []
        for token in tokens:
            for entity in self.resolver.entities_of(token, exclude):
                if entity not in found:
                    found.append(entity)
        return found

    def _place(self, token: Token, extra: Iterable[Token] = ()) -> str | None:
        holders = [token, *(c for c in token.children if c.dep_ in ("advmod", "prt"))]
        candidates = [*extra]
        for holder in holders:
            candidates.extend(pobjs(holder, _PLACE_PREPS))
        for candidate in candidates:
            entity = self.ctx.entity(self.resolver.entity_of(candidate))
            if entity is not None and entity.type in _PLACE_TYPES:
                return entity.id
        return None

    def _verb_roles(self, token: Token, sense: EventSense) -> tuple[list[Token], list[Token]]:
        """(tokens in the subject role, tokens in the object role) of a verb trigger."""
        if passive(token):
            by = pobjs(token, ("by",))
            return by, children(token, "nsubjpass")
        return subjects(token), children(token, "dobj")

    def roles(
        self, token: Token, sense: EventSense, exclude: frozenset[str] = frozenset()
    ) -> _Roles | None:
        """The roles of ``token`` read as ``sense``, or None when the sense's needs fail.
        ``exclude``: people who cannot be the patient (who ordered the event)."""
        if not self._needs_hold(token, sense):
            return None
        subject_side: list[Token]
        object_side: list[Token]
        if token.pos_ == "VERB":
            subject_side, object_side = self._verb_roles(token, sense)
            if not subject_side and not object_side:
                subject_side, object_side = flat_roles(token)
        else:
            subject_side, object_side = self._noun_roles(token, sense)
        place_tokens: list[Token] = []
        if sense.object == "place":
            place_tokens, object_side = object_side, []
        agents: list[str] = []
        patients: list[str] = []
        subject_entities = self._entities(subject_side)
        if sense.subject == "agent":
            agents = subject_entities
        elif sense.subject == "patient":
            patients = subject_entities
        object_entities = self._entities(object_side, frozenset(agents) | exclude)
        if sense.object == "patient":
            patients = patients or object_entities
            if not patients and sense.type == "communication" and token.pos_ == "VERB":
                patients = self._entities(pobjs(token, ("to",)), frozenset(agents))
        elif sense.object == "agent":
            agents = object_entities
        if (
            "person" in sense.needs
            and object_side
            and not any(is_person_phrase(t, self.resolver) for t in object_side)
        ):
            return None
        if "noperson" in sense.needs and any(
            is_person_phrase(t, self.resolver) for t in place_tokens
        ):
            return None
        place = self._place(token, place_tokens)
        strict = sense.subject == "theme"  # "took into account" is no journey
        if "dest" in sense.needs and place is None and not self._has_destination(token, strict):
            return None
        return _Roles(tuple(agents) or (None,), tuple(patients) or (None,), place)

    def _noun_roles(self, token: Token, sense: EventSense) -> tuple[list[Token], list[Token]]:
        of = pobjs(token, ("of", "against", "on"))
        owners = children(token, "poss")
        by = pobjs(token, ("by", "from"))
        to = pobjs(token, ("to", "with")) if sense.type in ("communication", "meeting") else []
        transitive = sense.object == "patient" and sense.subject == "agent"
        # "Lucas paid her visit", "signed the confession": the support verb's subject acts
        subject_side = list(by) or self._support_subject(token, sense)
        object_side: list[Token] = []
        if transitive:
            object_side = of + owners if sense.type != "communication" else to
            if sense.type in ("communication", "meeting", "threat") and owners:
                subject_side = subject_side or owners
                object_side = to
        else:
            subject_side = subject_side or of + owners
        if not object_side and token.dep_ in ("dobj", "pobj") and token.head.lemma_ in _UNDERGO:
            object_side = subjects(token.head)
        return subject_side, object_side

    def _support_subject(self, token: Token, sense: EventSense) -> list[Token]:
        """The one who does what an event noun names, through a support verb."""
        if sense.subject != "agent":
            return []
        for child in token.children:
            if child.dep_ == "acl" and child.lemma_ in _SUPPORT:
                by = pobjs(child, ("by",))  # "the confession signed by his wife"
                if by:
                    return by
        head = token.head
        if token.dep_ == "dobj" and head.pos_ == "VERB":
            if head.lemma_ in _SUPPORT:
                return subjects(head)
            for verb in head.children:  # "read the confession, signed it"
                if (
                    verb.dep_ == "conj"
                    and verb.lemma_ in _SUPPORT
                    and any(o.lower_ in ("it", "this") for o in children(verb, "dobj"))
                ):
                    return subjects(verb)
        return []

    def _needs_hold(self, token: Token, sense: EventSense) -> bool:
        needs = sense.needs
        if token.tag_ in ("NNS", "NNPS") and token.lemma_.lower() in person_nouns():
            return False  # "other exiles": people, not events
        particles = {c.lower_ for c in token.children if c.dep_ in ("prt", "advmod")}
        if "noprt" in needs and any(c.dep_ == "prt" for c in token.children):
            return False
        if "noprt" in needs and particles & _PARTICLES:
            return False  # "called back", "died away", "called off"
        for need in needs:
            if need.startswith("prt:") and need[4:] not in particles:
                return False
        if "passive" in needs and not (passive(token) or token.tag_ == "VBN"):
            return False
        if "nopassive" in needs and passive(token):
            return False
        if "noname" in needs and children(token, "oprd", "xcomp", "ccomp"):
            return False  # "what do you call it", "called him a liar": naming, not phoning
        if "noname" in needs and any(m.lower_ == "as" for m in children(token, "mark")):
            return False  # "Borontsov, as the guards called him": naming, not phoning
        if "poss" in needs and not (children(token, "poss") or pobjs(token, ("of", "for"))):
            return False  # "with the conviction that...": a belief, not a court's verdict
        if "obj" in needs and not (children(token, "dobj") or passive(token)):
            return False  # "to distrust and to apprehend": fear, not arrest
        if "placeobj" in needs and not self._left_for_a_place(token):
            return False
        if "noobj" in needs and children(token, "dobj"):
            return False
        if "phone" in needs:
            words = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod")}
            if not words & {"phone", "telephone"}:
                return False
        if "letter" in needs:
            objects = {c.lemma_.lower() for c in children(token, "dobj")}
            if not (objects & _LETTER_NOUNS or pobjs(token, ("to",))):
                return False
        return not ("plural" in needs and token.tag_ != "NNS")

    def _left_for_a_place(self, token: Token) -> bool:
        """ "Left Moscow", "left the house", "left": a departure; "left the papers", "left
        nothing", "one left in the shop": something left behind."""
        if token.tag_ == "VBN" and token.dep_ in ("acl", "amod"):
            return False
        for obj in children(token, "dobj"):
            if obj.pos_ == "PROPN" or obj.lemma_.lower() in place_nouns():
                continue  # a named one's being a person is the "noperson" need's question
            entity = self.ctx.entity(self.resolver.entity_of(obj))
            if entity is None or entity.type not in _PLACE_TYPES:
                return False
        return True

    def _has_destination(self, token: Token, strict: bool = False) -> bool:
        """A journey's end or start: "home", "back", "to the dacha" (a place noun)."""
        for holder in (token, *(c for c in token.children if c.dep_ in ("advmod", "prt"))):
            if holder is not token and holder.lower_ in _DEST_ADVERBS:
                return True
            if strict:
                continue
            for pobj in pobjs(holder, ("to", "into", "towards", "toward", "from", "for")):
                if pobj.lemma_.lower() in place_nouns():
                    return True
        return any(c.dep_ == "npadvmod" and c.lower_ in ("home", "abroad") for c in token.children)

    # -- orders -------------------------------------------------------------------------------

    def _order(self, token: Token) -> tuple[Token, list[Token]] | None:
        """(the order word, the tokens naming who gave it) when ``token`` is ordered."""
        head = token.head
        classes = verb_classes().get(head.lemma_.lower(), frozenset())
        if token.pos_ == "VERB" and token.dep_ in ("xcomp", "ccomp") and "order" in classes:
            if head.lemma_ in ("tell", "ask") and token.dep_ == "ccomp":
                return None  # "told him that she was arrested" reports, it does not order
            return head, subjects(head)
        if token.pos_ == "VERB" and token.dep_ in ("acl", "relcl") and head.lemma_ in _ORDER_NOUNS:
            return head, self._order_givers(head)  # "an order to assassinate the leader"
        if token.pos_ == "VERB" and token.dep_ == "pcomp":
            token = head  # "instructions about killing Stalin": the gerund's preposition
            head = token.head
            if token.lower_ in _ORDER_PREPS and head.lemma_ in _ORDER_NOUNS:
                return head, self._order_givers(head)
            return None
        if token.pos_ != "NOUN":
            return None
        if token.dep_ == "dobj" and "order" in classes and head.lemma_ not in ("tell", "ask"):
            return head, subjects(head)  # "ordered the arrest of X"
        if token.dep_ == "compound" and head.lemma_ in _ORDER_NOUNS:
            return head, self._order_givers(head)  # "an arrest warrant"
        if token.dep_ == "pobj" and head.lower_ in _ORDER_PREPS:
            holder = head.head
            if holder.lemma_ in _ORDER_NOUNS:
                return holder, self._order_givers(holder)
            for noun in children(holder, "dobj"):  # "held orders from X concerning Y"
                if noun.lemma_ in _ORDER_NOUNS:
                    return noun, self._order_givers(noun)
        return None

    def _order_givers(self, noun: Token) -> list[Token]:
        givers = pobjs(noun, ("from", "by")) or children(noun, "poss")
        if not givers:
            for child in noun.children:
                if child.dep_ == "relcl" and child.lemma_ in ("issue", "give", "sign", "send"):
                    givers = children(child, "nsubj")  # "the warrant he issued"
        if not givers and noun.dep_ == "dobj":
            holder = noun.head  # "held orders from X", "issued an order"
            givers = pobjs(holder, ("from",))
            if not givers and holder.lemma_ in ("issue", "give", "sign", "send"):
                givers = subjects(holder)
        return givers

    # -- events -------------------------------------------------------------------------------

    def events(self) -> list[Event]:
        found: list[Event] = []
        for token in self.ctx.tokens_with(_trigger_words(), ("VERB", "NOUN")):
            senses = event_senses().get((lemma_of(token), token.pos_))
            if not senses:
                continue
            found.extend(self._events_at(token, senses))
        return _dedupe(found)

    def _events_at(self, token: Token, senses: tuple[EventSense, ...]) -> list[Event]:
        if _skipped(token):
            return []
        order = self._order(token) if senses[0].type != "order" else None
        givers = tuple(self._entities(order[1])) if order is not None else ()
        for sense in senses:
            roles = self.roles(token, sense, frozenset(givers))
            if roles is not None:
                break
        else:
            return []
        kind = sense.type
        agents = roles.agents
        mood: Modality = modality(token, self.ctx.signals)
        if order is not None:
            order_word = order[0]
            self.consumed.add(order_word.i)
            kind = f"{kind}_order"
            agents = givers or (None,)
            mood = modality(order_word, self.ctx.signals)
            if token.pos_ == "VERB" and passive(token) and roles.patients == (None,):
                patients = tuple(self._entities(children(order_word, "dobj"))) or (None,)
                roles = _Roles(roles.agents, patients, roles.place)
        elif kind == "order" and (token.i in self.consumed or self._orders_typed(token)):
            return []
        sentence = self.ctx.sentence_of(token)
        if sentence is None:
            return []
        date = self.date_of(token)
        events = []
        for agent in agents:
            for patient in roles.patients:
                if agent is not None and agent == patient:
                    patient = None  # "accused himself": the agent is no patient of its own
                events.append(
                    Event(
                        type=kind,
                        doc=self.ctx.id,
                        start=sentence.start,
                        end=sentence.end,
                        agent=agent,
                        patient=patient,
                        place=roles.place,
                        date=date,
                        modality=mood,
                        trigger=token.text,
                    )
                )
        return events[:_MAX_PER_TRIGGER]

    def _orders_typed(self, token: Token) -> bool:
        """Whether an order word's complement is itself a typed event (reported as X_order)."""
        for child in token.children:
            if child.dep_ in ("xcomp", "ccomp", "dobj") and (
                (lemma_of(child), child.pos_) in event_senses()
            ):
                return True
            if child.dep_ == "prep" and child.lower_ in _ORDER_PREPS:
                for pobj in children(child, "pobj"):
                    if (lemma_of(pobj), pobj.pos_) in event_senses():
                        return True
        if token.pos_ == "NOUN" and token.dep_ == "dobj":
            for prep in token.head.children:
                if (
                    prep.dep_ == "prep"
                    and prep.lower_ in _ORDER_PREPS
                    and any((lemma_of(p), p.pos_) in event_senses() for p in prep.children)
                ):
                    return True
        return any(
            c.dep_ == "compound" and (lemma_of(c), c.pos_) in event_senses() for c in token.children
        )


@cache
def _trigger_words() -> frozenset[str]:
    """Every lemma of the typed lexicon, with its "re-" form ("re-arrest")."""
    lemmas = {lemma for lemma, _ in event_senses()}
    return frozenset(lemmas | {f"re-{lemma}" for lemma in lemmas})


def _skipped(token: Token) -> bool:
    """Words that look like triggers but name no event here."""
    if token.dep_ in ("amod", "compound") and token.pos_ == "VERB" and not split_prefix(token):
        return True  # "the exiled Trotskyists": a description, not a report
    if token.lower_ == "order" and token.head.lower_ == "in":
        return True  # "in order to"
    return (
        token.pos_ == "NOUN" and token.dep_ == "compound" and token.head.lemma_ not in _ORDER_NOUNS
    )


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per sentence, type and participants; a bare duplicate of a fuller one goes."""
    seen: set[tuple[object, ...]] = set()
    kept: list[Event] = []
    for event in events:
        key = (event.doc, event.start, event.type, event.agent, event.patient, event.place)
        if key in seen:
            continue
        seen.add(key)
        kept.append(event)
    fuller = {(e.doc, e.start, e.type) for e in kept if e.agent or e.patient}
    return [e for e in kept if e.agent or e.patient or (e.doc, e.start, e.type) not in fuller]


def find_events(ctx: DocumentContext, resolver: Resolver, date_of: DateOf) -> list[Event]:
    """The typed events of one document, in text order."""
    return _Extractor(ctx, resolver, date_of).events()
