"""Stage 4: group name mentions into entities (first version: by normalised name)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from .nlp import Parsed
from .records import AliasEvidence, Entity, EntityType, Mention

__all__ = ["entity_id", "normalise_name", "resolve_entities"]

_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "comrade", "general", "colonel"}
)


def normalise_name(text: str) -> str:
    """Case-folded, accent-free name without titles or punctuation: the grouping key."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    words = [w for w in re.split(r"[^\w]+", plain) if w]
    while len(words) > 1 and words[0] in _TITLES:
        words.pop(0)
    return " ".join(words)


def entity_id(name: str, taken: set[str]) -> str:
    """A readable id from ``name`` (``pavel-ivanov``), unique within ``taken`` (updated)."""
    base = re.sub(r"[^a-z0-9]+", "-", normalise_name(name)).strip("-") or "entity"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def resolve_entities(parsed: Sequence[Parsed], mentions: Sequence[Mention]) -> list[Entity]:
    """One entity per normalised name; type by majority vote over its mentions."""
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        key = normalise_name(mention.text)
        if key:
            groups.setdefault(key, []).append(mention)
    taken: set[str] = set()
    entities = []
    for members in groups.values():
        spellings = Counter(m.text for m in members)
        name = spellings.most_common(1)[0][0]
        label: EntityType = Counter(m.label for m in members).most_common(1)[0][0]
        entities.append(
            Entity(
                id=entity_id(name, taken),
                name=name,
                type=label,
                aliases=tuple(sorted(spellings)),
                mentions=tuple(members),
                evidence=tuple(
                    AliasEvidence(alias, "same name up to case and titles") for alias in spellings
                ),
            )
        )
    return entities
