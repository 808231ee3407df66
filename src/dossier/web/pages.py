"""The reading pages: home, index, an entity's dossier, the reader, the network and search."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..records import ENTITY_TYPES
from . import search as searching
from .base import check_doc_id, check_entity_id, render, state
from .dossier import entity_dossier
from .graph import network_data
from .outline import SORTS, EntityInfo, Outline, select_entities
from .render import render_chapter, tint

__all__ = ["GROUPS", "INDEX_ROWS", "TYPE_NAMES", "router"]

router = APIRouter(default_response_class=HTMLResponse)

TYPE_NAMES = {
    "PER": "people",
    "GPE": "places (political)",
    "LOC": "places",
    "FAC": "buildings and streets",
    "ORG": "organisations",
    "VEH": "vehicles",
}
INDEX_ROWS = 1000  # rows the index shows before "show all"
# the index's type groups: one filter value may stand for several types
GROUPS = {"people": ("PER",), "places": ("GPE", "LOC", "FAC"), "organisations": ("ORG",)}


def _main_people(outline: Outline, count: int) -> list[EntityInfo]:
    people = [e for e in outline.entities.values() if e.type == "PER" and not e.description]
    people.sort(key=lambda e: (-e.mentions, e.name))
    return people[:count]


@router.get("/")
def home(request: Request) -> Response:
    outline = state(request).book.outline()
    people = _main_people(outline, 12)
    return render(request, "home.html", nav="home", people=people, chart=_chart(outline, people))


def _chart(outline: Outline, people: list[EntityInfo]) -> dict[str, Any]:
    """Geometry of the who-appears-where chart (an SVG grid drawn by the template). Shades
    are relative to each person's busiest chapter, so a minor character's arc shows too."""
    columns = max(1, len(outline.chapters))
    cell = max(4.0, min(36.0, 720.0 / columns))
    cells = []
    for row, person in enumerate(people):
        peak = max(person.presence.values(), default=1)
        for col, chapter in enumerate(outline.chapters):
            n = person.presence.get(chapter.id, 0)
            if n:
                cells.append(
                    {
                        "row": row,
                        "col": col,
                        "n": n,
                        "chapter": chapter,
                        "person": person,
                        "opacity": round(0.2 + 0.8 * n / peak, 2),
                    }
                )
    return {
        "cell": cell,
        "label": 170,
        "width": 170 + cell * columns,
        "height": 24 + 22 * len(people),
        "cells": cells,
    }


@router.get("/index")
def index(
    request: Request,
    type: Annotated[str, Query(max_length=20)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Annotated[str, Query(max_length=20)] = "mentions",
    order: Annotated[str, Query(pattern="^(|asc|desc)$")] = "",
    named: bool = False,
    all: bool = False,
) -> Response:
    outline = state(request).book.outline()
    types = GROUPS.get(type) or ((type,) if type in ENTITY_TYPES else ())
    rows = select_entities(outline, types, q, sort, None if not order else order == "desc")
    if named:
        rows = [e for e in rows if not e.description]
    return render(
        request,
        "index.html",
        nav="index",
        rows=rows if all else rows[:INDEX_ROWS],
        total=len(rows),
        type=type,
        q=q,
        sort=sort if sort in SORTS else "mentions",
        order=order,
        named=named,
        groups=GROUPS,
        type_names=TYPE_NAMES,
        sorts=list(SORTS),
    )


@router.get("/entity/{entity_id}")
def entity(
    request: Request, entity_id: str, mentions: Annotated[str, Query(max_length=5)] = ""
) -> Response:
    check_entity_id(request, entity_id)
    book = state(request).book
    limit = 100_000 if mentions == "all" else 400
    dossier = entity_dossier(book, entity_id, mention_limit=limit)
    return render(
        request,
        "entity.html",
        nav="index",
        d=dossier,
        type_names=TYPE_NAMES,
        title=dossier.info.name,
        csrf=state(request).csrf_token(),
    )


@router.get("/read/{doc_id}")
def read(request: Request, doc_id: str) -> Response:
    check_doc_id(request, doc_id)
    book = state(request).book
    outline = book.outline()
    chapter = book.chapter(doc_id)
    if chapter is None:  # replaced between the check and the read
        return render(request, "error.html", status=404, status_code=404, message="no chapter")
    names = {e.id: e.name for e in outline.entities.values()}
    row = chapter["row"]
    html = render_chapter(
        row["text"],
        chapter["paragraphs"],
        chapter["mentions"],
        chapter["quotes"],
        names,
        body_start=row["body_start"] or 0,
    )
    speakers: dict[str, int] = {}
    for quote in chapter["quotes"]:
        if quote["speaker"] and quote["kind"] == "speech":
            speakers[quote["speaker"]] = speakers.get(quote["speaker"], 0) + 1
    position = [c.id for c in outline.chapters].index(doc_id)
    chapters = outline.chapters
    return render(
        request,
        "reader.html",
        nav="read",
        chapter=outline.chapter_by_id[doc_id],
        html=html,
        has_heading=any(
            p["start"] < p["end"] <= (row["body_start"] or 0) for p in chapter["paragraphs"]
        ),
        previous=chapters[position - 1] if position > 0 else None,
        next=chapters[position + 1] if position + 1 < len(chapters) else None,
        speakers=sorted(speakers.items(), key=lambda kv: -kv[1]),
        tint=tint,
        title=outline.chapter_by_id[doc_id].label,
    )


@router.get("/network")
def network(request: Request) -> Response:
    data = network_data(state(request).book)
    return render(request, "network.html", nav="network", network=data, title="Network")


@router.get("/search")
def search(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    all: bool = False,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    book = state(request).book
    outline = book.outline()
    query = q.strip()
    exact = searching.exact_entities(outline, query) if query else ()
    if len(exact) == 1 and not all and page == 1:
        target = f"/entity/{exact[0]}?{urlencode({'searched': query})}"
        return RedirectResponse(target, status_code=303)
    names = searching.match_names(outline, query) if query else []
    per_page = 50
    with book.read() as db:
        total, hits = searching.sentences(db, query, per_page, (page - 1) * per_page)
    return render(
        request,
        "search.html",
        nav="search",
        q=query,
        names=names,
        hits=hits,
        total=total,
        page=page,
        per_page=per_page,
        title=f"Search: {query}",
    )
