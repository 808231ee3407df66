"""The review and the decisions as text, Markdown or JSON, and one line per change: what the
CLI prints (the web app renders the same records itself)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from ..errors import CurationError
from ..records import Analysis, Entity
from .actions import Decision, describe
from .apply import Stale, alias_holders, find_entity
from .review import ChapterUsage, ClusterReview, consistency, review_clusters

__all__ = ["FORMATS", "change_line", "render_decisions", "render_review", "stale_line"]

FORMATS = ("text", "md", "json")


def _worth_listing(review: ClusterReview) -> bool:
    return review.risk > 0 or len(review.aliases) > 1


def _chapters(analysis: Analysis, docs: Sequence[str]) -> str:
    numbers = {d.id: d.chapter for d in analysis.documents}
    return ", ".join(str(numbers[d]) if numbers.get(d) is not None else d for d in docs)


def _text(analysis: Analysis, reviews: Sequence[ClusterReview]) -> str:
    lines = []
    for r in reviews:
        gender = f", {r.gender}" if r.gender else ""
        lines.append(
            f"{r.name} [{r.type}{gender}] risk {r.risk:.2f} — {r.mentions} mentions, "
            f"chapters {_chapters(analysis, r.chapters)} ({r.entity})"
        )
        lines.extend(f"  ! {flag}" for flag in r.flags)
        for use in r.aliases:
            mark = "~" if use.variant else " "
            lines.append(
                f"  {mark} {use.alias} ×{use.count} (ch. {_chapters(analysis, use.chapters)})"
                f" {use.score:.2f}: {use.reason}"
            )
    return "\n".join(lines) if lines else "no name clusters to review"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_consistency(analysis: Analysis, chapters: Sequence[ChapterUsage]) -> list[str]:
    lines = ["", "## Consistency by chapter", ""]
    lines.append("Spelling variants are in bold: there the text names one entity inconsistently.")
    for chapter in chapters:
        if not chapter.names:
            continue
        heading = chapter.title or chapter.doc
        number = f"Chapter {chapter.chapter}: " if chapter.chapter is not None else ""
        lines += ["", f"### {number}{_cell(heading)} (`{chapter.doc}`)", ""]
        lines += ["| entity | forms used |", "|---|---|"]
        for usage in chapter.names:
            forms = ", ".join(
                f"**{_cell(form)}** ×{n}" if form in usage.variants else f"{_cell(form)} ×{n}"
                for form, n in usage.forms
            )
            lines.append(f"| {_cell(usage.name)} | {forms} |")
    return lines


def _markdown(analysis: Analysis, reviews: Sequence[ClusterReview]) -> str:
    lines = ["# Name review", ""]
    lines.append("Clusters riskiest first; `~` marks a spelling variant.")
    for r in reviews:
        gender = f", {r.gender}" if r.gender else ""
        lines += ["", f"### {_cell(r.name)} (`{r.entity}`) — risk {r.risk:.2f}", ""]
        lines.append(
            f"{r.type}{gender}; {r.mentions} mentions; chapters {_chapters(analysis, r.chapters)}"
        )
        if r.flags:
            lines.append("")
            lines.extend(f"- ⚠ {_cell(flag)}" for flag in r.flags)
        lines += ["", "| alias | count | chapters | score | evidence |", "|---|---|---|---|---|"]
        for use in r.aliases:
            mark = " ~" if use.variant else ""
            lines.append(
                f"| {_cell(use.alias)}{mark} | {use.count} | "
                f"{_chapters(analysis, use.chapters)} | {use.score:.2f} | {_cell(use.reason)} |"
            )
    lines += _md_consistency(analysis, consistency(analysis))
    return "\n".join(lines)


def render_review(analysis: Analysis, fmt: str = "text", everything: bool = False) -> str:
    """The review of ``analysis`` as text, Markdown (with the per-chapter consistency report)
    or JSON (clusters and consistency). Lists clusters that are risky or have several
    spellings unless ``everything``; JSON always lists all."""
    reviews = review_clusters(analysis)
    if fmt == "json":
        payload = {
            "clusters": [dataclasses.asdict(r) for r in reviews],
            "consistency": [
                dataclasses.asdict(c) | {"names": [_usage(u) for u in c.names]}
                for c in consistency(analysis)
            ],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False)
    shown = reviews if everything else [r for r in reviews if _worth_listing(r)]
    if fmt == "md":
        return _markdown(analysis, shown)
    if fmt == "text":
        return _text(analysis, shown)
    raise CurationError(f"unknown format “{fmt}” (known: {', '.join(FORMATS)})")


def _usage(usage: Any) -> dict[str, Any]:
    return {
        "entity": usage.entity,
        "name": usage.name,
        "forms": [{"form": form, "count": n} for form, n in usage.forms],
        "variants": list(usage.variants),
    }


def render_decisions(decisions: Sequence[Decision], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([dataclasses.asdict(d) for d in decisions], indent=2, ensure_ascii=False)
    if not decisions:
        return "no decisions recorded"
    lines = []
    for d in decisions:
        note = f" — {d.note}" if d.note else ""
        lines.append(f"{describe(d)}  [{d.created}]{note}")
    return "\n".join(lines)


def _entity_line(entities: Sequence[Entity], name: str) -> str | None:
    try:
        entity = find_entity(entities, name)
    except CurationError:
        return None
    spellings = len(entity.aliases)
    return (
        f"{entity.name} ({entity.id}, {entity.type}"
        + (f", {entity.gender}" if entity.gender else "")
        + f"): {len(entity.mentions)} mention{'s' if len(entity.mentions) != 1 else ''}, "
        + f"{spellings} spelling"
        + ("s" if spellings != 1 else "")
    )


def change_line(decision: Decision, before: Analysis, after: Analysis) -> str:
    """One line saying what a decision (or its undoing) changed in the analysis."""
    counts = f"{len(before.entities)} → {len(after.entities)} entities"
    name = decision.args[-1] if decision.action == "rename" else decision.args[0]
    if decision.action in ("split", "reject") and decision.active:
        holders = alias_holders(after.entities, decision.args[0])
        name = holders[0].name if holders else ""
    entity = _entity_line(after.entities, name) if name else None
    if decision.action == "reject" and decision.active and entity is None:
        entity = f"“{decision.args[0]}” is no longer a name"
    verb = "undone" if not decision.active else "applied"
    said = describe(dataclasses.replace(decision, active=True))
    return f"{verb} {said}: " + "; ".join(x for x in (entity, counts) if x)


def stale_line(item: Stale) -> str:
    return f"stale {describe(item.decision)}: {item.reason}"
