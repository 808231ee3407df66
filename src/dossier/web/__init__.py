"""``dossier serve``: a local web app to read the book with its dossier.

Server-rendered pages (Jinja2) and a JSON API over one Dossier database, read per request:

- :mod:`.pages`: home, index, an entity's dossier, the reader, the network, search;
- :mod:`.review`: the editor's desk (POST forms with a CSRF token);
- :mod:`.api`: ``/api/...``, one error shape ``{"error": {"code", "message"}}``;
- :mod:`.data`, :mod:`.dossier`, :mod:`.search`, :mod:`.render`, :mod:`.graph`: what they read
  and how book text becomes escaped HTML.

Every asset is served locally: our CSS and JS from ``static/``, vis-network from the pinned
pyvis package.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
