"""The entity graph (:func:`kg.graph.network.to_networkx`) as files for graph tools:
``graph.graphml`` (Gephi, Cytoscape, yEd, igraph, ``networkx.read_graphml``) and
``nodes.csv`` / ``edges.csv`` (Neo4j ``LOAD CSV WITH HEADERS``, pandas, spreadsheets).

Both are written from the one graph, so they list the same nodes and edges in the same
(sorted) order; the same build gives the same bytes whatever the hash seed. The GraphML
is written by networkx's standard-library writer (not lxml's, which an environment may or
may not have and which lays the file out differently); text that XML 1.0 cannot hold
(control characters) becomes U+FFFD there. The CSV files are UTF-8 without a byte order
mark, one header row, ``\\n`` line ends, fields quoted only when they need it.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx

__all__ = ["EDGE_COLUMNS", "NODE_COLUMNS", "edges_csv", "graphml", "nodes_csv"]

#: nodes.csv columns: ``id`` is the entity IRI (``id`` in entities.jsonl).
NODE_COLUMNS = ("id", "key", "type", "label", "aliases", "report_count", "mention_count")
#: edges.csv columns: ``id`` is the relation assertion IRI, ``source`` / ``target`` entity IRIs.
EDGE_COLUMNS = ("id", "source", "target", "predicate", "kind", "weight", "report_count")

# Characters XML 1.0 cannot hold (besides lone surrogates, which the graph never holds).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def graphml(graph: networkx.MultiDiGraph) -> bytes:
    """``graph`` as GraphML (UTF-8, indented); edge ids are the edges' ``iri`` (unique,
    where the edge keys, the predicates, repeat)."""
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml_xml(_xml_safe(graph), out, encoding="utf-8", prettyprint=True,
                         edge_id_from_attribute="iri")
    return out.getvalue()


def _xml_safe(graph: networkx.MultiDiGraph) -> networkx.MultiDiGraph:
    """``graph`` itself when its text is all legal XML, else a copy with U+FFFD in place of
    what XML cannot hold."""
    def bad(attrs: dict) -> bool:
        return any(type(v) is str and _NOT_XML.search(v) for v in attrs.values())

    if not any(bad(d) for _n, d in graph.nodes(data=True)) and \
            not any(bad(d) for _u, _v, d in graph.edges(data=True)):
        return graph

    def fix(attrs: dict) -> dict:
        return {k: _NOT_XML.sub("\ufffd", v) if type(v) is str else v for k, v in attrs.items()}

    safe = graph.__class__()
    safe.graph.update(fix(graph.graph))
    safe.add_nodes_from((n, fix(d)) for n, d in graph.nodes(data=True))
    safe.add_edges_from((u, v, k, fix(d)) for u, v, k, d in graph.edges(keys=True, data=True))
    return safe


def _csv(header: tuple[str, ...], rows) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def nodes_csv(graph: networkx.MultiDiGraph) -> bytes:
    """One row per node: :data:`NODE_COLUMNS`."""
    return _csv(NODE_COLUMNS, ([node, *(d[c] for c in NODE_COLUMNS[1:])]
                               for node, d in graph.nodes(data=True)))


def edges_csv(graph: networkx.MultiDiGraph) -> bytes:
    """One row per edge: :data:`EDGE_COLUMNS`."""
    return _csv(EDGE_COLUMNS, ([d["iri"], u, v, *(d[c] for c in EDGE_COLUMNS[3:])]
                               for u, v, d in graph.edges(data=True)))
