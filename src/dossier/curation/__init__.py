"""The editor's desk: decisions about names that survive every re-analysis.

- :mod:`.actions`: the :class:`Decision` record and what each action takes;
- :mod:`.apply`: :func:`apply_decisions`, the pure function the pipeline runs after the names
  stage, and :func:`find_entity`, which says what a name means;
- :mod:`.decisions`: the store's ``curation`` table (record, undo, list, export, import);
- :mod:`.review`: the clusters riskiest first and the per-chapter consistency report.

Decisions name entities by text — a canonical name or an alias — never by id.
"""

from __future__ import annotations

from .actions import ACTIONS, GENDERS, Decision, check_shape, describe
from .apply import Curated, Stale, alias_holders, apply_decisions, find_entity
from .decisions import (
    LOCK,
    export_decisions,
    import_decisions,
    list_decisions,
    locked,
    record_decision,
    undo,
)
from .review import (
    AliasUse,
    ChapterUsage,
    ClusterReview,
    NameUsage,
    Suspect,
    consistency,
    review_clusters,
    variant_aliases,
)

__all__ = [
    "ACTIONS",
    "GENDERS",
    "LOCK",
    "AliasUse",
    "ChapterUsage",
    "ClusterReview",
    "Curated",
    "Decision",
    "NameUsage",
    "Stale",
    "Suspect",
    "alias_holders",
    "apply_decisions",
    "check_shape",
    "consistency",
    "describe",
    "export_decisions",
    "find_entity",
    "import_decisions",
    "list_decisions",
    "locked",
    "record_decision",
    "review_clusters",
    "undo",
    "variant_aliases",
]
