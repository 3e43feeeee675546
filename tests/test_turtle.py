"""kg.export.turtle and kg.export.jsonld: parse back, deterministic, no blank nodes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.export.jsonld import to_jsonld
from kg.export.turtle import to_turtle
from kg.graph.build import build_graph
from kg.graph.vocab import GR, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent


import test_graph as H  # noqa: E402  (the hand-made builds; tests/ is on sys.path)


@pytest.fixture(scope="module")
def graph():
    return build_graph(H.make_build())


@pytest.fixture(scope="module")
def ttl(graph) -> bytes:
    return to_turtle(graph)


def test_turtle_parses_back_to_the_same_graph(graph, ttl):
    back = Graph().parse(data=ttl, format="turtle")
    assert len(back) == len(graph)
    assert isomorphic(back, graph)


def test_pyoxigraph_reads_the_same_number_of_triples(graph, ttl):
    store = ox.Store()
    store.load(ttl, ox.RdfFormat.TURTLE)
    assert len(store) == len(graph)


def test_turtle_is_identical_across_runs(ttl):
    assert to_turtle(build_graph(H.make_build())) == ttl


def test_turtle_does_not_depend_on_insertion_order(graph, ttl):
    shuffled = Graph(bind_namespaces="none")
    for prefix, ns in graph.namespaces():
        shuffled.bind(prefix, ns)
    for triple in sorted(graph, key=lambda t: repr(t), reverse=True):
        shuffled.add(triple)
    assert to_turtle(shuffled) == ttl


_SCRIPT = """
import hashlib, importlib.util, sys
sys.path.insert(0, {root!r})
spec = importlib.util.spec_from_file_location("h", {helpers!r})
h = importlib.util.module_from_spec(spec); spec.loader.exec_module(h)
from kg.graph.build import build_graph
from kg.export.turtle import to_turtle
from kg.export.jsonld import to_jsonld
g = build_graph(h.make_build())
print(hashlib.sha256(to_turtle(g)).hexdigest(), hashlib.sha256(to_jsonld(g)).hexdigest())
"""


@pytest.mark.parametrize("seed", ["0", "1", "4242"])
def test_identical_under_other_hash_seeds(graph, ttl, seed):
    script = _SCRIPT.format(root=str(ROOT), helpers=str(Path(__file__).with_name("test_graph.py")))
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert out == [hashlib.sha256(ttl).hexdigest(), hashlib.sha256(to_jsonld(graph)).hexdigest()]


def test_no_blank_nodes_written(ttl):
    text = ttl.decode("utf-8")
    assert "_:" not in text
    assert not any(isinstance(n, BNode) for t in Graph().parse(data=ttl, format="turtle") for n in t)


def test_blank_node_refused():
    g = Graph()
    g.add((BNode(), GR.key, Literal("x")))
    with pytest.raises(ValueError, match="blank node"):
        to_turtle(g)
    with pytest.raises(ValueError, match="blank node"):
        to_jsonld(g)


def test_readable_layout(ttl):
    text = ttl.decode("utf-8")
    assert text.startswith("# govreport-kg graph:")
    assert "@base <https://w3id.org/govreport-kg/> ." in text
    assert "@prefix gr: <https://w3id.org/govreport-kg/ontology#> ." in text
    assert "<entity/project/1a2b3c4d5e6f>\n    a gr:Project ;\n" in text
    assert '    skos:prefLabel "株硬集团"@zh ;' in text  # Chinese as UTF-8, not \\u escapes
    assert "    gr:year 2022 ;" in text  # integers bare
    blocks = text.split("\n\n")[1:]
    subjects = [b.split("\n", 1)[0] for b in blocks]
    assert len(subjects) == len(set(subjects))  # one block per subject


def test_escaping_round_trips_exactly():
    nasty = 'q"b\\s<l>g&a\nn\rr\tt\x00z\x07\x7f\u2028end'
    g = Graph()
    node = URIRef("https://w3id.org/govreport-kg/entity/place/aaaaaaaaaaaa")
    g.add((node, SKOS.prefLabel, Literal(nasty, lang="zh")))
    g.add((node, GR.note, Literal(nasty)))
    ttl = to_turtle(g)
    back = Graph().parse(data=ttl, format="turtle")
    assert back.value(node, SKOS.prefLabel) == Literal(nasty, lang="zh")
    assert back.value(node, GR.note) == Literal(nasty)
    store = ox.Store()
    store.load(ttl, ox.RdfFormat.TURTLE)
    values = {q.object.value for q in store}
    assert values == {nasty}
    assert isomorphic(Graph().parse(data=to_jsonld(g), format="json-ld"), g)


def test_numbers_sorted_by_value():
    g = Graph()
    node = URIRef("https://w3id.org/govreport-kg/report/aaaaaaaaaaaaaaaa")
    for y in (2024, 999, 10000):
        g.add((node, GR.yearReviewed, Literal(y, datatype=XSD.integer)))
    text = to_turtle(g).decode()
    assert text.index("999") < text.index("2024") < text.index("10000")


def test_other_base_is_written_as_base(tmp_path):
    g = build_graph(H.make_build(), "http://example.org/kg/")
    text = to_turtle(g).decode()
    assert "@base <http://example.org/kg/> ." in text
    assert "w3id.org/govreport-kg/entity" not in text
    assert isomorphic(Graph().parse(data=text, format="turtle"), g)


def test_graph_without_base_writes_full_iris(ttl):
    parsed = Graph().parse(data=ttl, format="turtle")
    again = to_turtle(parsed)
    assert b"@base" not in again
    assert isomorphic(Graph().parse(data=again, format="turtle"), parsed)


def test_iri_that_turtle_cannot_hold_is_refused():
    g = Graph()
    g.add((URIRef("http://example.org/a b"), GR.key, Literal("x")))
    with pytest.raises(ValueError):
        to_turtle(g)


def test_jsonld_parses_back_and_has_a_context(graph):
    data = to_jsonld(graph)
    doc = json.loads(data)
    assert doc["@context"]["gr"] == "https://w3id.org/govreport-kg/ontology#"
    assert doc["@context"]["@base"] == "https://w3id.org/govreport-kg/"
    assert isomorphic(Graph().parse(data=data, format="json-ld"), graph)
    store = ox.Store()
    store.load(data, ox.RdfFormat.JSON_LD)
    assert len(store) == len(graph)


def test_jsonld_deterministic(graph):
    assert to_jsonld(build_graph(H.make_build())) == to_jsonld(graph)


def test_sample_build_turtle_is_readable_and_valid(request):
    """On the real sample build (fixture from conftest): parses, no blank nodes."""
    try:
        build_dir = request.getfixturevalue("sample_build_dir")
    except pytest.FixtureLookupError:
        pytest.skip("no sample_build_dir fixture")
    data = (Path(build_dir) / "graph.ttl").read_bytes()
    g = Graph().parse(data=data, format="turtle")
    assert len(g) > 0
    assert not any(isinstance(n, BNode) for t in g for n in t)
    assert to_turtle(g, "https://w3id.org/govreport-kg/") == data
