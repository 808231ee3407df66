"""What every route module shares: the app's state, id checks, page rendering, the error shape."""

from __future__ import annotations

import hmac
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from ..errors import DossierError
from .data import BookData
from .outline import Outline

__all__ = [
    "AppState",
    "api_error",
    "check_doc_id",
    "check_entity_id",
    "is_api",
    "render",
    "state",
]

# Entity ids are slugs (``arkady-vorontsov``); chapter ids come from file names, so anything
# printable without a path separator. Neither is ever used as a path: both are only looked up.
_ENTITY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")
_DOC_ID = re.compile(r"[^\x00-\x1f\x7f/\\]{1,200}")


@dataclass
class AppState:
    """Everything a request needs, kept on ``app.state.dossier``."""

    book: BookData
    templates: Jinja2Templates
    secret: bytes
    nlp: Any = None
    # one review decision at a time: each rewrites the database
    review_lock: threading.Lock = field(default_factory=threading.Lock)
    flashes: dict[str, Any] = field(default_factory=dict)  # review outcomes by one-use key

    def csrf_token(self) -> str:
        return hmac.new(self.secret, b"dossier-review-form", "sha256").hexdigest()

    def csrf_ok(self, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token, self.csrf_token())


def state(request: Request) -> AppState:
    found: AppState = request.app.state.dossier
    return found


def is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def check_entity_id(request: Request, entity_id: str) -> str:
    """``entity_id`` if it names an entity of the book, else 404."""
    if _ENTITY_ID.fullmatch(entity_id) and entity_id in state(request).book.outline().entities:
        return entity_id
    raise HTTPException(404, f"no entity with id {entity_id!r}")


def check_doc_id(request: Request, doc_id: str) -> str:
    """``doc_id`` if it names a chapter of the book, else 404."""
    if _DOC_ID.fullmatch(doc_id) and doc_id in state(request).book.outline().chapter_by_id:
        return doc_id
    raise HTTPException(404, f"no chapter with id {doc_id!r}")


_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    500: "internal_error",
}


def api_error(status: int, message: str) -> JSONResponse:
    """The one error shape of the JSON API."""
    code = _CODES.get(status, "error")
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    app = state(request)
    context.setdefault("title", "")
    try:
        outline: Outline | None = app.book.outline()
    except (DossierError, OSError, sqlite3.Error):  # the error page must render regardless
        outline = None
    book_name = outline.name if outline else app.book.path.parent.name
    response: HTMLResponse = app.templates.TemplateResponse(
        request,
        template,
        {"outline": outline, "book_name": book_name, **context},
        status_code=status,
    )
    return response
