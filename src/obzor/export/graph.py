"""Entity co-mention graphs through networkx: an edge for two entities in one article, weighted
by the number of such articles, with the first and last publication dates; GraphML or GEXF
(Gephi opens both). Memory grows with entities and pairs, not with articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import Any

# An article naming more entities than this adds edges among its first ones only: a digest
# of 200 names would add 20,000 edges of no meaning.
MAX_PER_ARTICLE = 40


def comention(articles: Iterable[dict[str, Any]]) -> Any:
    """The co-mention graph (networkx.Graph) of the articles' entities."""
    try:
        import networkx as nx
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("graph exports need networkx: pip install 'obzor[export]'") from None
    graph = nx.Graph()
    for article in articles:
        day = (article["published"] or "")[:10]
        keys = []
        for e in article["entities"][:MAX_PER_ARTICLE]:
            key = e["key"]
            keys.append(key)
            if key not in graph:
                graph.add_node(key, label=e["name"], type=e["type"], kb_id=e["kb_id"] or "",
                               articles=0, first=day, last=day)  # fmt: skip
            node = graph.nodes[key]
            node["articles"] += 1
            _span(node, day)
        for a, b in combinations(sorted(keys), 2):
            if graph.has_edge(a, b):
                graph.edges[a, b]["weight"] += 1
            else:
                graph.add_edge(a, b, weight=1, first=day, last=day)
            _span(graph.edges[a, b], day)
    return graph


def _span(data: dict[str, Any], day: str) -> None:
    if day:
        data["first"] = min(data["first"] or day, day)
        data["last"] = max(data["last"] or day, day)


def graph_text(fmt: str, articles: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The co-mention graph as GraphML or GEXF text, line by line."""
    import networkx as nx

    graph = comention(articles)
    lines = nx.generate_graphml(graph) if fmt == "graphml" else nx.generate_gexf(graph)
    for line in lines:
        yield line + "\n"
