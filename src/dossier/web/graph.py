"""The network page's data: :mod:`dossier.network`'s people graph and layout, as plain JSON
for vis-network (positions fixed in Python, so the browser runs no physics)."""

from __future__ import annotations

from typing import Any

from ..network import layout, people_network
from .data import BookData

__all__ = ["SCALE", "network_data"]

SCALE = 900.0  # layout coordinates (0..1) to screen pixels


def network_data(book: BookData) -> dict[str, Any]:
    """``{"nodes", "edges"}``; each edge has ``cooccurrence`` and ``dialogue`` counts so the
    page can switch between the two without another request."""
    return book.memo("network", lambda: _build(book))


def _build(book: BookData) -> dict[str, Any]:
    graph = people_network(book.analysis())
    positions = layout(graph)
    nodes = []
    for node, attrs in graph.nodes(data=True):
        x, y = positions.get(str(node), (0.5, 0.5))
        nodes.append(
            {
                "id": str(node),
                "label": str(attrs.get("name") or node),
                "x": round((x - 0.5) * SCALE, 1),
                "y": round((y - 0.5) * SCALE, 1),
                "value": int(attrs.get("mentions") or 1),
                "gender": attrs.get("gender") or None,
                "url": f"/entity/{node}",
            }
        )
    edges = [
        {
            "from": str(u),
            "to": str(v),
            "cooccurrence": int(attrs.get("cooccurrence") or 0),
            "dialogue": int(attrs.get("dialogue") or 0),
        }
        for u, v, attrs in graph.edges(data=True)
    ]
    return {"nodes": nodes, "edges": edges}
