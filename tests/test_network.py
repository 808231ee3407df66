"""The people network: nodes, co-occurrence and dialogue edges, layout, GEXF read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from dossier.network import layout, people_network, write_gexf
from dossier.records import Analysis, Document, Entity, Mention, Paragraph, Quote

TEXT = (
    "Anna met Boris.\n\nBoris spoke to Anna. “Go,” he said.\n\nClara and Anna. Moscow.\n\nDmitri."
)


def _m(word: str, nth: int = 0, label: str = "PER") -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return Mention("d", start, start + len(word), word, label)  # type: ignore[arg-type]


def make_analysis(paragraphs: bool = True) -> Analysis:
    anna = Entity(
        "anna", "Anna", "PER", "female", mentions=(_m("Anna"), _m("Anna", 1), _m("Anna", 2))
    )
    boris = Entity("boris", "Boris", "PER", "male", mentions=(_m("Boris"), _m("Boris", 1)))
    clara = Entity("clara", "Clara", "PER", mentions=(_m("Clara"),))
    dmitri = Entity("dmitri", "Dmitri", "PER", "male", mentions=(_m("Dmitri"),))
    moscow = Entity("moscow", "Moscow", "GPE", mentions=(_m("Moscow", label="GPE"),))
    ghost = Entity("ghost", "Ghost", "PER")  # no mentions: no node
    go = TEXT.index("“Go,”")
    quotes = (
        Quote("q1", "d", go, go + 5, "“Go,”", speaker="boris", addressee="anna"),
        Quote("q2", "d", go, go + 5, "“Go,”", speaker="boris", addressee="anna"),
        Quote("q3", "d", go, go + 5, "“Go,”", speaker="anna", addressee="dmitri"),
        Quote("q4", "d", go, go + 5, "“Go,”", kind="scare", speaker="anna", addressee="boris"),
        Quote("q5", "d", go, go + 5, "“Go,”", speaker="anna", addressee="moscow"),
        Quote("q6", "d", go, go + 5, "“Go,”", speaker="anna", addressee=None),
    )
    cuts = [0, *(i + 2 for i in range(len(TEXT)) if TEXT.startswith("\n\n", i)), len(TEXT)]
    paras = tuple(Paragraph("d", i, cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1))
    return Analysis(
        documents=(Document("d", "d.txt", "", TEXT),),
        paragraphs=paras if paragraphs else (),
        entities=(anna, boris, clara, dmitri, moscow, ghost),
        quotes=quotes,
    )


def test_network_nodes_are_people_with_mentions() -> None:
    graph = people_network(make_analysis())
    assert sorted(graph.nodes) == ["anna", "boris", "clara", "dmitri"]
    assert graph.nodes["anna"] == {
        "label": "Anna", "name": "Anna", "mentions": 3, "variants": 0, "gender": "female",
        "narrator": False, "description": False,
    }  # fmt: skip
    assert graph.nodes["clara"]["gender"] == ""


@pytest.mark.parametrize("paragraphs", [True, False])  # without stored paragraphs: blank lines
def test_network_edges_count_paragraphs_and_quotes(paragraphs: bool) -> None:
    graph = people_network(make_analysis(paragraphs))
    ab = graph.edges["anna", "boris"]
    assert ab == {
        "cooccurrence": 2, "dialogue": 2, "dialogue_ab": 0, "dialogue_ba": 2, "weight": 6
    }  # fmt: skip
    assert graph.edges["anna", "clara"]["cooccurrence"] == 1
    ad = graph.edges["anna", "dmitri"]  # they only talk: a dialogue edge, no co-occurrence
    assert (ad["cooccurrence"], ad["dialogue_ab"], ad["dialogue_ba"]) == (0, 1, 0)
    assert not graph.has_edge("boris", "clara")
    assert not graph.has_edge("clara", "dmitri")


def test_network_layout_in_unit_square_and_stable() -> None:
    graph = people_network(make_analysis())
    first, second = layout(graph), layout(people_network(make_analysis()))
    assert first == second
    assert set(first) == set(graph.nodes)
    for x, y in first.values():
        assert 0.0 <= x <= 1.0 and 0.0 <= y <= 1.0
    assert min(x for x, _ in first.values()) == 0.0 and max(x for x, _ in first.values()) == 1.0


@pytest.mark.parametrize("count", [0, 1])
def test_network_layout_of_tiny_graphs(count: int) -> None:
    graph = nx.Graph()
    graph.add_nodes_from(f"p{i}" for i in range(count))
    assert layout(graph) == {f"p{i}": (0.5, 0.5) for i in range(count)}


def test_network_layout_of_a_big_cast_places_everyone() -> None:
    graph = nx.Graph()
    for i in range(520):
        graph.add_node(f"p{i}", mentions=520 - i)
        if i:
            graph.add_edge(f"p{i}", f"p{i // 2}", weight=1)
    positions = layout(graph)
    assert len(positions) == 520
    assert all(0.0 <= x <= 1.0 and 0.0 <= y <= 1.0 for x, y in positions.values())


def test_network_gexf_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "out" / "people.gexf"
    write_gexf(make_analysis(), path)
    graph = nx.read_gexf(path)
    assert sorted(graph.nodes) == ["anna", "boris", "clara", "dmitri"]
    assert graph.nodes["anna"]["label"] == "Anna"
    assert graph.nodes["anna"]["mentions"] == 3
    assert graph.edges["anna", "boris"]["dialogue"] == 2
    assert graph.edges["anna", "boris"]["weight"] == 6.0


def test_network_is_linear_in_mentions() -> None:
    """Many mentions of a few people in many paragraphs: quick, and counted right."""
    words = ["Anna met Boris."] * 3000
    text = "\n\n".join(words)
    mentions_a, mentions_b = [], []
    for i in range(3000):
        at = i * (len(words[0]) + 2)
        mentions_a.append(Mention("d", at, at + 4, "Anna", "PER"))
        mentions_b.append(Mention("d", at + 9, at + 14, "Boris", "PER"))
    analysis = Analysis(
        documents=(Document("d", "d.txt", "", text),),
        entities=(
            Entity("anna", "Anna", "PER", mentions=tuple(mentions_a)),
            Entity("boris", "Boris", "PER", mentions=tuple(mentions_b)),
        ),
    )
    graph = people_network(analysis)
    assert graph.edges["anna", "boris"]["cooccurrence"] == 3000


@pytest.mark.model
def test_network_sample_book(sample_run: Any, tmp_path: Path) -> None:
    analysis, _ = sample_run
    graph = people_network(analysis)
    by_name = {graph.nodes[n]["name"]: n for n in graph.nodes}
    arkady, tikhon = by_name["Arkady Vorontsov"], by_name["Tikhon Zharov"]
    assert graph.nodes[arkady]["variants"] == 2  # Borontsov, Worontsof
    assert graph.edges[arkady, tikhon]["cooccurrence"] >= 2
    assert graph.edges[arkady, tikhon]["dialogue"] >= 1
    write_gexf(analysis, tmp_path / "people.gexf")
    assert set(nx.read_gexf(tmp_path / "people.gexf").nodes) == set(graph.nodes)
