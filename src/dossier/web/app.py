"""The app factory: one FastAPI app over one Dossier database."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..errors import DossierError
from . import api, pages, review
from .base import AppState, api_error, is_api, render
from .data import BookData
from .render import tint

__all__ = ["create_app", "static_files"]

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent


def static_files() -> dict[str, Path]:
    """Every file the app serves under /static, by its public name: a fixed list, so no
    request path is ever joined onto a folder."""
    files = {p.name: p for p in (HERE / "static").iterdir() if p.is_file()}
    try:
        import pyvis

        vis = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
        files["vis-network.min.js"] = vis / "vis-network.min.js"
        files["vis-network.css"] = vis / "vis-network.css"
    except ImportError:  # the network page then draws nothing; every other page works
        log.warning("pyvis is not installed: the network page cannot draw")
    return {name: path for name, path in files.items() if path.is_file()}


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    env.filters["tint"] = tint
    return Jinja2Templates(env=env)


def create_app(
    db_path: str | Path, nlp: Any = None, allowed_hosts: list[str] | None = None
) -> FastAPI:
    """The web app over the database at ``db_path`` (read per request; the file may be replaced).

    ``nlp`` is the loaded spaCy pipeline a review decision re-analyses with; without it, one is
    loaded on the first decision. ``allowed_hosts`` limits the Host header (the CLI passes the
    loopback names when it binds to 127.0.0.1, against DNS rebinding).
    """
    book = BookData(Path(db_path))
    app = FastAPI(title="Dossier", version=__version__, docs_url=None, redoc_url=None)
    app.state.dossier = AppState(book, _templates(), secrets.token_bytes(32), nlp)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    _install_errors(app)
    _install_static(app)
    app.include_router(pages.router)
    app.include_router(review.router)
    app.include_router(api.router)
    return app


def _install_static(app: FastAPI) -> None:
    files = static_files()

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        path = files.get(name)
        if path is None:
            raise HTTPException(404, "no such file")
        return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})


def _install_errors(app: FastAPI) -> None:
    def respond(request: Request, status: int, message: str) -> Response:
        if is_api(request):
            return api_error(status, message)
        return render(request, "error.html", status=status, status_code=status, message=message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = error.detail if isinstance(error.detail, str) else "request failed"
        if error.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return respond(request, error.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        parts = []
        for item in error.errors():
            where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "body"))
            parts.append(f"{where}: {item.get('msg', 'invalid')}")
        return respond(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def crashed(request: Request, error: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path, exc_info=error)
        return respond(request, 500, "internal error (see the server log)")

    @app.exception_handler(DossierError)
    async def dossier_error(request: Request, error: DossierError) -> Response:
        log.warning("request failed: %s", error)
        return respond(request, 500 if error.code == "E600" else 400, str(error))
