"""The Python API (kg/api.py): build, query, to_rdflib, to_networkx on a sample report."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.query.sparql import QueryError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "002_88621541501a8a2f.txt"


@pytest.fixture(scope="module")
def b():
    return kg.build([SAMPLE])


def test_build_returns_the_build(b):
    assert [r.id for r in b.reports] == [SAMPLE.name]
    assert {"Abbreviation", "Enterprise", "Initiative", "Project"} <= {e.type for e in b.entities}
    assert b.relations and not [p for p in b.problems if p.severity == "error"]


def test_query_select_ask_construct(b):
    rows = kg.query(b, "SELECT ?l WHERE { ?e a gr:Abbreviation ; rdfs:label ?l } ORDER BY ?l")
    labels = [r["l"] for r in rows]
    assert labels == sorted(labels) and set(labels) <= {e.label for e in b.entities} | {a for e in b.entities
                                                                                          for a in e.aliases}
    assert {e.label for e in b.entities if e.type == "Abbreviation"} <= set(labels)
    assert kg.query(b, "ASK { ?e a gr:Enterprise }") is True
    triples = kg.query(b, "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a gr:Project ; rdfs:label ?l }")
    assert triples and all(len(t) == 3 for t in triples)
    with pytest.raises(QueryError):
        kg.query(b, "DELETE WHERE { ?s ?p ?o }")


def test_to_rdflib_is_graph_ttl(b, tmp_path):
    import rdflib
    from rdflib.compare import isomorphic

    out = tmp_path / "out"
    kg.build([SAMPLE], out=out)
    written = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert isomorphic(b.to_rdflib(), written)


def test_to_networkx(b):
    g = b.to_networkx()
    assert g.number_of_nodes() == len(b.entities)
    assert g.number_of_edges() == len(b.relations)


def test_the_api_docstring_examples_run(monkeypatch):
    import doctest

    import kg.api

    monkeypatch.chdir(ROOT)
    failed, tried = doctest.testmod(kg.api, verbose=False)
    assert tried >= 8 and failed == 0
