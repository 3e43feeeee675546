"""The build's graph as an rdflib :class:`~rdflib.Graph`, for callers that want one.

The build itself never makes this graph: :mod:`kg.graph.triples` streams the triples
straight into the Turtle and JSON-LD writers, because an rdflib graph of a large
corpus costs gigabytes and minutes. Tests, SHACL validation of a build in memory
and small tools still like to ask rdflib questions, so this module fills a graph
from the same stream (same triples, same prefixes, ``kg`` bound to the data base).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph import iris
from kg.graph.terms import Obj
from kg.graph.triples import iter_groups
from kg.graph.vocab import DEFAULT_BASE, PREFIXES
from kg.model import Build

__all__ = ["build_graph", "rdflib_term"]


def rdflib_term(obj: Obj) -> Node:
    """An rdflib term for a plain term (IRI string or (lexical, datatype, language))."""
    if type(obj) is str:
        return URIRef(obj)
    lexical, datatype, lang = obj
    if lang:
        return Literal(lexical, lang=lang)
    return Literal(lexical, datatype=URIRef(datatype) if datatype else None)


def build_graph(build: Build, base_iri: str = DEFAULT_BASE) -> Graph:
    """The RDF graph of a build, with instance IRIs under ``base_iri`` (not used by
    ``kg build``; see the module docstring).

    Raises ValueError for a bad base IRI, an entity key that cannot be a path, or a
    relation predicate that is not an ASCII name: those are contract violations of
    the stages before, not data quirks.
    """
    base = iris.normalize_base(base_iri)
    graph = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES:
        graph.bind(prefix, ns)
    graph.bind("kg", base)
    add = graph.add
    for subject, preds in iter_groups(build, base):
        s = URIRef(subject)
        for pred, objects in preds:
            p = URIRef(pred)
            for obj in objects:
                add((s, p, rdflib_term(obj)))
    return graph
