"""Applying an editor's decisions to the entities the names stage made: a pure function.

:func:`apply_decisions` runs after automatic clustering on every analysis, so a decision
survives re-runs and edits of the book. Decisions name entities by text and are applied in
order (a later decision sees what an earlier one made: ``rename`` then ``set-gender NEW``).
One whose name has left the book is returned as :class:`Stale`, never dropped silently.

Ids follow the names stage: the slug of the canonical name, unique; an entity whose canonical
name changes (rename, or its canonical alias split off or rejected) gets the slug of its new
name. Every alias an editor moved carries evidence that says so.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..errors import AmbiguousNameError, CurationError, UnknownNameError
from ..names import entity_id
from ..names.forms import female_surname, male_surname, parse_name, strip_possessive
from ..names.lexicon import lexicon
from ..records import AliasEvidence, Document, Entity, EntityType, Gender, Mention
from .actions import ACTIONS, Decision
from .spelling import apply_renaming, renamed_words, respelled

__all__ = ["Curated", "Stale", "alias_holders", "apply_decisions", "find_entity"]


@dataclass(frozen=True, slots=True)
class Stale:
    """A decision that no longer applies to the book, and why (its name vanished, or now
    means several entities). ``id``, ``action`` and ``args`` are the decision's."""

    decision: Decision
    reason: str

    @property
    def id(self) -> int:
        return self.decision.id

    @property
    def action(self) -> str:
        return self.decision.action

    @property
    def args(self) -> tuple[str, ...]:
        return self.decision.args


@dataclass(frozen=True, slots=True)
class Curated:
    entities: tuple[Entity, ...]
    stale: tuple[Stale, ...] = ()


def _matching(entities: Sequence[Entity], name: str, fold: Callable[[str], str]) -> list[Entity]:
    key = fold(name)
    named = [e for e in entities if fold(e.name) == key]
    if len(named) == 1:
        return named  # a canonical name beats the same text as another entity's alias
    return [e for e in entities if fold(e.name) == key or any(fold(a) == key for a in e.aliases)]


def _unknown(entities: Sequence[Entity], name: str) -> UnknownNameError:
    known = {e.name for e in entities} | {a for e in entities for a in e.aliases}
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.75)
    hint = f"; did you mean {', '.join(f'“{c}”' for c in close)}?" if close else ""
    return UnknownNameError(f"no entity is called “{name}”{hint}")


def find_entity(entities: Sequence[Entity], name: str) -> Entity:
    """The entity ``name`` means: its id, its canonical name or one of its aliases, matched
    exactly, then ignoring case. Raises :class:`UnknownNameError` or
    :class:`AmbiguousNameError` (which lists the candidates)."""
    name = " ".join(name.split())
    for entity in entities:
        if entity.id == name:
            return entity
    for fold in (str, str.casefold):
        found = _matching(entities, name, fold)
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousNameError(name, [(e.id, e.name) for e in found])
    raise _unknown(entities, name)


def alias_holders(entities: Sequence[Entity], alias: str) -> list[Entity]:
    """The entities that have ``alias`` as a surface name (exactly, else ignoring case)."""
    alias = " ".join(alias.split())
    for fold in (str, str.casefold):
        key = fold(alias)
        found = [e for e in entities if any(fold(a) == key for a in e.aliases)]
        if found:
            return found
    return []


def _exact_alias(entity: Entity, alias: str) -> str:
    """``alias`` as ``entity`` writes it (a case-insensitive match gives the stored case)."""
    if alias in entity.aliases:
        return alias
    key = alias.casefold()
    return next((a for a in entity.aliases if a.casefold() == key), alias)


class _Book:
    """The entities while decisions are applied, with the ids taken and a chapter order."""

    def __init__(self, entities: Sequence[Entity], documents: Sequence[Document]) -> None:
        self.entities = list(entities)
        self.order = {d.id: d.order for d in documents}
        for entity in entities:  # without documents: the order mentions are met in
            for mention in entity.mentions:
                self.order.setdefault(mention.doc, len(self.order))

    def taken(self, without: str | None = None) -> set[str]:
        return {e.id for e in self.entities if e.id != without}

    def at(self, entity: Entity) -> int:
        return next(i for i, e in enumerate(self.entities) if e.id == entity.id)

    def sort(self, mentions: Iterable[Mention]) -> tuple[Mention, ...]:
        return tuple(sorted(mentions, key=lambda m: (self.order.get(m.doc, 0), m.start, m.end)))


def _prop_counts(entity: Entity) -> Counter[str]:
    return Counter(strip_possessive(m.text) for m in entity.mentions if m.kind == "PROP")


def _canonical_after(entity: Entity) -> str:
    """A new canonical name when the old one left: the most frequent remaining alias, the
    longer one on a tie."""
    counts = _prop_counts(entity)
    return max(entity.aliases, key=lambda a: (counts[a], len(a), a))


def _renamed(book: _Book, entity: Entity, name: str) -> Entity:
    ident = entity_id(name, book.taken(without=entity.id))
    return dataclasses.replace(entity, id=ident, name=name)


def _relabel(mentions: Iterable[Mention], label: EntityType) -> tuple[Mention, ...]:
    return tuple(m if m.label == label else dataclasses.replace(m, label=label) for m in mentions)


def _name_gender(alias: str) -> Gender | None:
    """The gender a name shows by itself: a gendered title, a known given name, a gendered
    surname ending; else None (the editor can set it)."""
    form = parse_name(alias)
    if form.title_gender:
        return form.title_gender
    if not form.keys:
        return None
    given = lexicon().given.get(form.keys[0])
    if given in ("male", "female"):
        return given
    if female_surname(form.keys[-1]):
        return "female"
    return "male" if male_surname(form.keys[-1]) else None


def _merge(book: _Book, decision: Decision) -> None:
    a = find_entity(book.entities, decision.args[0])
    b = find_entity(book.entities, decision.args[1])
    if a.id == b.id:
        return
    tag = f"merged by the editor (decision #{decision.id})"
    own = set(a.aliases)
    old = {item.alias: item for item in b.evidence}
    moved = []
    targets = parse_name(a.name).words
    for alias in b.aliases:
        if alias in own:
            continue
        before = old.get(alias)
        why = f"{tag}: “{b.name}” joined “{a.name}”"
        if alias != b.name and before is not None and before.reason:
            why += f"; within “{b.name}”: {before.reason}"
        corrected = respelled(alias, before.corrected if before else None, targets)
        moved.append(AliasEvidence(alias, why, 1.0, ("editor merge",), corrected))
    merged = dataclasses.replace(
        a,
        gender=a.gender or b.gender if a.type == "PER" else None,
        narrator=a.narrator or b.narrator,
        description=a.description and b.description,
        aliases=a.aliases + tuple(e.alias for e in moved),
        mentions=book.sort((*a.mentions, *_relabel(b.mentions, a.type))),
        evidence=a.evidence + tuple(moved),
    )
    book.entities[book.at(a)] = merged
    del book.entities[book.at(b)]


def _split(book: _Book, decision: Decision) -> None:
    """Every mention of the alias becomes one entity of its own, taken from each entity that
    had it (the editor can then merge it where it belongs); an entity that is already just
    this alias takes the others' mentions."""
    holders = alias_holders(book.entities, decision.args[0])
    if not holders:
        raise _unknown(book.entities, decision.args[0])
    alias = _exact_alias(holders[0], decision.args[0])
    alone = next((e for e in holders if len(e.aliases) == 1), None)
    sources = [e for e in holders if e is not alone]
    if not sources:
        return  # already an entity of its own
    why = "split off by the editor (decision #{}) from {}".format(
        decision.id, ", ".join(f"“{e.name}”" for e in sources)
    )
    moved: list[Mention] = []
    at = book.at(sources[0])
    for entity in sources:
        own = _exact_alias(entity, alias)
        leaving = [
            m for m in entity.mentions if m.kind == "PROP" and strip_possessive(m.text) == own
        ]
        moved.extend(leaving)
        gone = set(leaving)
        rest = dataclasses.replace(
            entity,
            aliases=tuple(a for a in entity.aliases if a != own),
            mentions=tuple(m for m in entity.mentions if m not in gone),
            evidence=tuple(e for e in entity.evidence if e.alias != own),
        )
        if own == entity.name:
            rest = _renamed(book, rest, _canonical_after(rest))
        book.entities[book.at(entity)] = rest
    kind = alone.type if alone else Counter(e.type for e in sources).most_common(1)[0][0]
    evidence = AliasEvidence(alias, why, 1.0, ("editor split",))
    if alone is not None:
        book.entities[book.at(alone)] = dataclasses.replace(
            alone,
            mentions=book.sort((*alone.mentions, *_relabel(moved, kind))),
            evidence=(evidence,),
        )
        return
    made = Entity(
        id=entity_id(alias, book.taken()),
        name=alias,
        type=kind,
        gender=_name_gender(alias) if kind == "PER" else None,
        aliases=(alias,),
        mentions=book.sort(_relabel(moved, kind)),
        evidence=(evidence,),
    )
    book.entities.insert(at + 1, made)


def _reject(book: _Book, decision: Decision) -> None:
    """The alias is no name: its mentions leave every entity that had it; an entity left
    with no name at all (and not the narrator) goes."""
    holders = alias_holders(book.entities, decision.args[0])
    ids = {e.id for e in holders}
    holders += [e for e in book.entities if e.name == decision.args[0] and e.id not in ids]
    if not holders:
        raise _unknown(book.entities, decision.args[0])
    for entity in holders:
        alias = _exact_alias(entity, decision.args[0])
        aliases = tuple(a for a in entity.aliases if a != alias)
        if not aliases and not entity.narrator:
            del book.entities[book.at(entity)]
            continue
        rest = dataclasses.replace(
            entity,
            aliases=aliases,
            mentions=tuple(
                m
                for m in entity.mentions
                if not (m.kind == "PROP" and strip_possessive(m.text) == alias)
            ),
            evidence=tuple(e for e in entity.evidence if e.alias != alias),
        )
        if alias == entity.name and aliases:
            rest = _renamed(book, rest, _canonical_after(rest))
        book.entities[book.at(entity)] = rest


def _rename(book: _Book, decision: Decision) -> None:
    entity = find_entity(book.entities, decision.args[0])
    new = decision.args[1]
    if entity.name == new:
        return
    why = f"former canonical name; renamed “{new}” by the editor (decision #{decision.id})"
    words = renamed_words(entity.name, new)  # the edition follows a respelt name
    evidence = tuple(
        dataclasses.replace(
            e,
            reason=why if e.alias == entity.name else e.reason,
            features=("editor rename",) if e.alias == entity.name else e.features,
            corrected=apply_renaming(e.alias, e.corrected, words),
        )
        for e in entity.evidence
    )
    renamed = _renamed(book, dataclasses.replace(entity, evidence=evidence), new)
    book.entities[book.at(entity)] = renamed


def _set_type(book: _Book, decision: Decision) -> None:
    entity = find_entity(book.entities, decision.args[0])
    kind: EntityType = decision.args[1]  # type: ignore[assignment]  # checked by check_shape
    changed = dataclasses.replace(
        entity,
        type=kind,
        gender=entity.gender if kind == "PER" else None,
        mentions=_relabel(entity.mentions, kind),
    )
    book.entities[book.at(entity)] = changed


def _set_gender(book: _Book, decision: Decision) -> None:
    entity = find_entity(book.entities, decision.args[0])
    value = decision.args[1]
    gender: Gender | None = value if value in ("male", "female") else None  # type: ignore[assignment]
    book.entities[book.at(entity)] = dataclasses.replace(entity, gender=gender)


_APPLY: dict[str, Callable[[_Book, Decision], None]] = {
    "merge": _merge,
    "split": _split,
    "rename": _rename,
    "reject": _reject,
    "set-type": _set_type,
    "set-gender": _set_gender,
}


def apply_decisions(
    entities: Sequence[Entity],
    decisions: Iterable[Decision],
    documents: Sequence[Document] = (),
) -> Curated:
    """``entities`` with every active decision applied in order; those that no longer apply
    come back in ``stale``. ``documents`` (optional) give the chapter order merged mentions
    are sorted in."""
    book = _Book(entities, documents)
    stale: list[Stale] = []
    for decision in decisions:
        if not decision.active:
            continue
        run = _APPLY.get(decision.action)
        if run is None:
            stale.append(Stale(decision, f"unknown action “{decision.action}”"))
            continue
        if len(decision.args) != len(ACTIONS[decision.action]):
            stale.append(Stale(decision, "wrong number of arguments"))
            continue
        try:
            run(book, decision)
        except CurationError as error:
            stale.append(Stale(decision, str(error)))
    return Curated(tuple(book.entities), tuple(stale))
