"""The editor's desk in the browser: the riskiest clusters and forms to merge, split, rename
and reject. A decision is recorded in the store and applied at once by re-clustering (no
re-parse); the outcome, or the reason it was refused, comes back as a message on the page.

Forms carry a CSRF token derived from a secret made when the app starts; a POST without the
right token is refused with 403 before anything is read.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..curation import (
    ACTIONS,
    LOCK,
    Decision,
    describe,
    find_entity,
    list_decisions,
    record_decision,
    undo,
)
from ..curation.review import review_clusters
from ..errors import DossierError
from ..records import Analysis
from .base import AppState, render, state

__all__ = ["CLUSTERS_SHOWN", "FIELDS", "Outcome", "router"]

log = logging.getLogger(__name__)
router = APIRouter(default_response_class=HTMLResponse)

# action -> the form fields that hold its arguments, in order: the CLI's argument names
FIELDS: dict[str, tuple[str, ...]] = {
    action: tuple(name.lower() for name in names) for action, names in ACTIONS.items()
}
_FLASHES_KEPT = 64


CLUSTERS_SHOWN = 40


@router.get("/review")
def review(request: Request, flash: str = "") -> Response:
    app = state(request)
    message = app.flashes.pop(flash, None) if flash else None
    every = app.book.memo("review", lambda: review_clusters(app.book.analysis()))
    risky = [c for c in every if c.risk > 0]
    decisions = list_decisions(app.book.path)
    return render(
        request,
        "review.html",
        nav="review",
        title="Review",
        csrf=app.csrf_token(),
        message=message,
        clusters=risky[:CLUSTERS_SHOWN],
        safe=len(every) - len(risky),
        decisions=decisions[::-1][:30],
        describe=describe,
        fields=FIELDS,
    )


@router.post("/review/{action}")
async def decide(request: Request, action: str) -> Response:
    app = state(request)
    form = await request.form()
    token = form.get("csrf")
    if not app.csrf_ok(token if isinstance(token, str) else None):
        raise HTTPException(403, "the form has expired or did not come from this app; reload it")
    if action != "undo" and action not in FIELDS:
        raise HTTPException(404, f"no review action {action!r}")
    args = [str(form.get(name) or "") for name in FIELDS.get(action, ())]
    outcome = await run_in_threadpool(_apply, app, action, args)
    return _redirect_with(app, outcome)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the editor is told after a decision; ``entity`` links to the entity it made."""

    kind: str  # ok or error
    text: str
    entity: tuple[str, str] | None = None  # (id, name)


def _apply(app: AppState, action: str, args: list[str]) -> Outcome:
    """Record the decision and re-cluster; the outcome as a message, never an exception."""
    try:
        with LOCK:
            if action == "undo":
                undone = undo(app.book.path)
                if undone is None:
                    return Outcome("error", "There is no decision to undo.")
                done, decision = f"Undone: {describe(undone)}.", None
            else:
                decision = record_decision(app.book.path, action, args)
                done = f"Recorded: {describe(decision)}."
            applied, analysis = _reanalyze(app)
        app.book.invalidate()
        return Outcome("ok", f"{done} {applied}", _made(analysis, decision))
    except DossierError as error:
        return Outcome("error", str(error))
    except Exception:  # a bug must still leave the editor on their page, told what happened
        log.exception("review decision %s %r failed", action, args)
        return Outcome(
            "error", "The decision could not be applied (an internal error; see the log)."
        )


def _made(analysis: Analysis, decision: Decision | None) -> tuple[str, str] | None:
    """The entity a decision produced (merged, renamed, split off), to link to."""
    if decision is None or decision.action == "reject":
        return None
    name = decision.args[1] if decision.action == "rename" else decision.args[0]
    try:
        entity = find_entity(analysis.entities, name)
    except DossierError:
        return None
    return entity.id, entity.name


def _reanalyze(app: AppState) -> tuple[str, Analysis]:
    from ..nlp import load_pipeline  # spaCy loads only when a decision needs it
    from ..pipeline import reanalyze

    if app.nlp is None:
        app.nlp = load_pipeline()
    analysis, _, stale = reanalyze(app.book.path, nlp=app.nlp)
    if stale:
        text = f"The book was re-clustered; {len(stale)} earlier decision(s) no longer apply."
        return text, analysis
    return "The book was re-clustered.", analysis


def _redirect_with(app: AppState, outcome: Outcome) -> RedirectResponse:
    while len(app.flashes) >= _FLASHES_KEPT:
        app.flashes.pop(next(iter(app.flashes)))
    key = secrets.token_urlsafe(12)
    app.flashes[key] = outcome
    return RedirectResponse(f"/review?flash={key}", status_code=303)
