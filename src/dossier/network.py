"""The people network: who appears with whom, and who speaks to whom.

:func:`people_network` returns an undirected :class:`networkx.Graph`:

* one node per person (``PER`` entity with at least one mention), keyed by entity id, with
  ``label`` and ``name`` (the canonical name), ``mentions`` (count), ``variants`` (aliases
  the edition respells), ``gender`` (``male``/``female``, ``""`` when unknown), ``narrator``
  and ``description`` (an unnamed person);
* an edge between two people who share a paragraph or a quotation, with ``cooccurrence``
  (paragraphs where both are mentioned), ``dialogue`` (quotations one addresses to the
  other), ``dialogue_ab`` / ``dialogue_ba`` (the same split by direction, where ``a`` is the
  endpoint whose id sorts first: ``dialogue_ab`` counts quotes *spoken by* ``a`` *to* ``b``)
  and ``weight`` = cooccurrence + 2 × dialogue (a conversation is a closer tie than a shared
  paragraph).

The counting is linear in mentions: mentions are grouped by paragraph (bisect on paragraph
starts), and only the people of one paragraph are paired. :func:`layout` gives fixed-seed
spring-layout positions scaled to [0, 1]; :func:`write_gexf` writes the graph for Gephi.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

import networkx as nx

from .edition import alias_corrections
from .export import write_text
from .records import Analysis, Document, Paragraph

__all__ = ["DIALOGUE_WEIGHT", "LAYOUT_SEED", "layout", "people_network", "write_gexf"]

LAYOUT_SEED = 7
DIALOGUE_WEIGHT = 2
# networkx lays out 500 nodes or more with SciPy; without it the rest hang off the layout.
_DENSE_LAYOUT = 499
_BLANK_LINE = re.compile(r"\n\s*\n")


def _paragraph_starts(
    documents: Iterable[Document], paragraphs: Iterable[Paragraph]
) -> dict[str, list[int]]:
    """document id → sorted paragraph starts; a document without stored paragraphs is cut
    at blank lines."""
    starts: dict[str, list[int]] = defaultdict(list)
    for paragraph in paragraphs:
        starts[paragraph.doc].append(paragraph.start)
    for document in documents:
        if document.id not in starts:
            starts[document.id] = [0, *(m.end() for m in _BLANK_LINE.finditer(document.text))]
    for values in starts.values():
        values.sort()
    return starts


def people_network(analysis: Analysis) -> nx.Graph:
    """The people of ``analysis`` and their ties (see the module docstring)."""
    graph = nx.Graph()
    people = [e for e in analysis.entities if e.type == "PER" and e.mentions]
    for entity in people:
        graph.add_node(
            entity.id,
            label=entity.name,
            name=entity.name,
            mentions=len(entity.mentions),
            variants=len(alias_corrections(entity)),
            gender=entity.gender or "",
            narrator=entity.narrator,
            description=entity.description,
        )
    starts = _paragraph_starts(analysis.documents, analysis.paragraphs)
    present: dict[tuple[str, int], set[str]] = defaultdict(set)
    for entity in people:
        for mention in entity.mentions:
            index = bisect_right(starts.get(mention.doc, [0]), mention.start) - 1
            present[(mention.doc, index)].add(entity.id)
    together: dict[tuple[str, str], int] = defaultdict(int)
    for ids in present.values():
        for pair in combinations(sorted(ids), 2):
            together[pair] += 1
    spoken: dict[tuple[str, str], int] = defaultdict(int)  # (speaker, addressee)
    for quote in analysis.quotes:
        speaker, addressee = quote.speaker, quote.addressee
        if quote.kind != "speech" or speaker is None or addressee is None:
            continue
        if speaker != addressee and speaker in graph and addressee in graph:
            spoken[(speaker, addressee)] += 1
    pairs = set(together) | {tuple(sorted(p)) for p in spoken}
    for a, b in sorted(pairs):
        ab, ba = spoken.get((a, b), 0), spoken.get((b, a), 0)
        cooccurrence = together.get((a, b), 0)
        graph.add_edge(
            a,
            b,
            cooccurrence=cooccurrence,
            dialogue=ab + ba,
            dialogue_ab=ab,
            dialogue_ba=ba,
            weight=cooccurrence + DIALOGUE_WEIGHT * (ab + ba),
        )
    return graph


def _scaled(positions: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Positions scaled to [0, 1] on each axis (a single value sits at 0.5)."""
    if not positions:
        return {}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]

    def scale(value: float, low: float, high: float) -> float:
        return 0.5 if high - low < 1e-12 else (value - low) / (high - low)

    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {n: (scale(x, x0, x1), scale(y, y0, y1)) for n, (x, y) in positions.items()}


def _has_scipy() -> bool:
    try:
        import scipy  # type: ignore[import-not-found, import-untyped, unused-ignore]  # noqa: F401
    except ImportError:
        return False
    return True


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Spring-layout positions (fixed seed, so the same book draws the same way), scaled to
    [0, 1]. Without SciPy a graph of 500 people or more is laid out by its 499 most
    mentioned; each other person sits beside its strongest tie among them, or on a ring."""
    nodes = sorted(graph.nodes, key=lambda n: (-graph.nodes[n].get("mentions", 0), str(n)))
    core = nodes if len(nodes) <= _DENSE_LAYOUT or _has_scipy() else nodes[:_DENSE_LAYOUT]
    raw = nx.spring_layout(graph.subgraph(core), seed=LAYOUT_SEED, weight="weight")
    positions = {str(n): (float(p[0]), float(p[1])) for n, p in raw.items()}
    rest = [n for n in nodes if str(n) not in positions]
    for turn, node in enumerate(rest):
        ties = [(d.get("weight", 0), str(m)) for _, m, d in graph.edges(node, data=True)]
        placed = [t for t in ties if t[1] in positions]
        angle = 2 * math.pi * turn / max(len(rest), 1)
        if placed:
            x, y = positions[max(placed)[1]]
            positions[str(node)] = (x + 0.05 * math.cos(angle), y + 0.05 * math.sin(angle))
        else:
            positions[str(node)] = (1.2 * math.cos(angle), 1.2 * math.sin(angle))
    return _scaled(positions)


def write_gexf(analysis: Analysis, path: Path) -> None:
    """Write the people network as GEXF 1.2 (Gephi) to ``path``, atomically (networkx's GEXF
    writer, its lines joined and written in one go)."""
    graph = people_network(analysis)
    lines = nx.generate_gexf(graph, encoding="utf-8")
    write_text(path, '<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join(lines) + "\n")
