"""What an editor can decide: the :class:`Decision` record and the shape of each action.

A decision names entities by text (a canonical name or an alias as the book writes it), never
by entity id: ids are rebuilt on every run, the text of a name is what survives an edit of the
book.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import CurationError
from ..records import ENTITY_TYPES

__all__ = ["ACTIONS", "GENDERS", "Decision", "check_shape", "describe"]

# action -> the names of its arguments, in order (the CLI's metavars)
ACTIONS: dict[str, tuple[str, ...]] = {
    "merge": ("A", "B"),
    "split": ("ALIAS",),
    "rename": ("NAME", "NEW"),
    "reject": ("ALIAS",),
    "set-type": ("NAME", "TYPE"),
    "set-gender": ("NAME", "GENDER"),
}
GENDERS = ("male", "female", "none")


@dataclass(frozen=True, slots=True)
class Decision:
    """One thing an editor decided, as stored in the ``curation`` table.

    ``args`` are texts (see :data:`ACTIONS`); an undone decision stays stored with
    ``active=False``. ``created`` is an ISO 8601 time (UTC).
    """

    id: int
    action: str
    args: tuple[str, ...]
    active: bool = True
    created: str = ""
    note: str | None = None


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def check_shape(action: str, args: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """``(action, args)`` checked and normalised (spaces collapsed, TYPE upper-case, GENDER
    lower-case); a wrong action, argument count or value raises :class:`CurationError`."""
    action = _clean(action).lower()
    if action not in ACTIONS:
        known = ", ".join(ACTIONS)
        raise CurationError(f"unknown curation action “{action}” (known: {known})")
    names = ACTIONS[action]
    cleaned = [_clean(arg) for arg in args]
    if len(cleaned) != len(names) or not all(cleaned):
        usage = " ".join(names)
        raise CurationError(f"{action} takes {len(names)} non-empty argument(s): {usage}")
    if action == "set-type":
        cleaned[1] = cleaned[1].upper()
        if cleaned[1] not in ENTITY_TYPES:
            raise CurationError(
                f"unknown entity type “{cleaned[1]}” (known: {', '.join(ENTITY_TYPES)})"
            )
    if action == "set-gender":
        cleaned[1] = cleaned[1].lower()
        if cleaned[1] not in GENDERS:
            raise CurationError(f"unknown gender “{cleaned[1]}” (known: {', '.join(GENDERS)})")
    return action, tuple(cleaned)


def describe(decision: Decision) -> str:
    """The decision in words: ``#3 merge “Zharov” + “Rarov”``."""
    a = decision.args
    text = {
        "merge": lambda: f"merge “{a[0]}” + “{a[1]}”",
        "split": lambda: f"split “{a[0]}” into an entity of its own",
        "rename": lambda: f"rename “{a[0]}” → “{a[1]}”",
        "reject": lambda: f"reject “{a[0]}” (not a name)",
        "set-type": lambda: f"set the type of “{a[0]}” to {a[1]}",
        "set-gender": lambda: f"set the gender of “{a[0]}” to {a[1]}",
    }.get(decision.action, lambda: f"{decision.action} {' '.join(a)}")()
    undone = "" if decision.active else " (undone)"
    return f"#{decision.id} {text}{undone}"
