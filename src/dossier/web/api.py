"""The JSON API beside the pages. Errors share one shape: ``{"error": {"code", "message"}}``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from ..records import ENTITY_TYPES
from . import search as searching
from .base import check_doc_id, check_entity_id, state
from .dossier import entity_dossier
from .graph import network_data
from .outline import select_entities

__all__ = ["router"]

router = APIRouter(prefix="/api")

Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@router.get("/entities")
def entities(
    request: Request,
    type: Annotated[str | None, Query(pattern="^(" + "|".join(ENTITY_TYPES) + ")$")] = None,
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Annotated[
        str, Query(pattern="^(name|type|mentions|variants|chapters|quotes|first)$")
    ] = "mentions",
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    rows = select_entities(state(request).book.outline(), (type,) if type else (), q, sort)
    return {
        "total": len(rows),
        "limit": limit,
        "offset": offset,
        "items": [e.as_json() for e in rows[offset : offset + limit]],
    }


@router.get("/entities/{entity_id}")
def entity(request: Request, entity_id: str) -> dict[str, Any]:
    check_entity_id(request, entity_id)
    return entity_dossier(state(request).book, entity_id, mention_limit=100_000).as_json()


@router.get("/quotes")
def quotes(
    request: Request,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    chapter: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    if speaker is not None:
        check_entity_id(request, speaker)
    if chapter is not None:
        check_doc_id(request, chapter)
    total, rows = state(request).book.quotes(
        speaker=speaker, chapter=chapter, limit=limit, offset=offset
    )
    return {"total": total, "limit": limit, "offset": offset, "items": [dict(r) for r in rows]}


@router.get("/chapters")
def chapters(request: Request) -> dict[str, Any]:
    outline = state(request).book.outline()
    return {
        "items": [
            {
                "id": c.id,
                "order": c.order,
                "title": c.title,
                "chapter": c.chapter,
                "length": c.length,
                "quotes": outline.chapter_quotes.get(c.id, 0),
            }
            for c in outline.chapters
        ]
    }


@router.get("/chapters/{doc_id}")
def chapter(request: Request, doc_id: str) -> dict[str, Any]:
    check_doc_id(request, doc_id)
    found = state(request).book.chapter(doc_id)
    if found is None:  # the database was replaced between the check and the read
        raise HTTPException(404, f"no chapter with id {doc_id!r}")
    row = found["row"]
    return {
        "id": row["id"],
        "order": row["ord"],
        "title": row["title"],
        "chapter": row["chapter"],
        "body_start": row["body_start"],
        "text": row["text"],
        "paragraphs": [{"start": p["start"], "end": p["end"]} for p in found["paragraphs"]],
        "mentions": [dict(m) for m in found["mentions"]],
        "quotes": [dict(q) for q in found["quotes"]],
    }


@router.get("/search")
def search(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    book = state(request).book
    outline = book.outline()
    names = searching.match_names(outline, q)
    with book.read() as db:
        total, hits = searching.sentences(db, q, limit, offset)
    return {
        "query": q,
        "entities": [
            {"id": h.entity, "name": h.name, "type": h.type, "matched": h.matched, "how": h.how}
            for h in names
        ],
        "sentences": {
            "total": total,
            "items": [
                {
                    "doc": h.doc,
                    "start": h.start,
                    "end": h.end,
                    "paragraph": h.paragraph,
                    "snippet": str(h.snippet),
                }
                for h in hits
            ],
        },
    }


@router.get("/network")
def network(request: Request) -> dict[str, Any]:
    return network_data(state(request).book)
