"""kg.graph.network and kg.export.network: the build as a networkx graph, and the
GraphML and CSV files ``kg build`` writes from it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest

from kg.export import network
from kg.export.html import _payload
from kg.export.writer import MANIFEST, render_outputs
from kg.graph import iris
from kg.graph.build import build_graph
from kg.graph.network import to_networkx
from kg.graph.vocab import GR, RDF, relation_local_name
from kg.model import Build, Entity, Evidence, Mention, Relation, Report

ROOT = Path(__file__).resolve().parent.parent
BASE = iris.DEFAULT_BASE
FILES = ("graph.graphml", "nodes.csv", "edges.csv")


def _helpers():
    import importlib.util

    spec = importlib.util.spec_from_file_location("graph_helpers", Path(__file__).with_name("test_graph.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


H = _helpers()


def _e(key: str) -> str:
    return iris.entity_iri(key, BASE)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


# --- the graph -----------------------------------------------------------------------------


def test_one_node_per_entity_keyed_by_its_iri():
    build = H.make_build()
    graph = to_networkx(build)
    assert isinstance(graph, nx.MultiDiGraph)
    assert list(graph.nodes) == sorted(_e(e.key) for e in build.entities)
    zy = graph.nodes[_e("enterprise/0a1b2c3d4e5f")]
    assert zy == {"key": "enterprise/0a1b2c3d4e5f", "type": "Enterprise", "label": "株硬集团",
                  "aliases": "株硬集团|株洲硬质合金集团", "report_count": 3, "mention_count": 3,
                  "iri": _e("enterprise/0a1b2c3d4e5f")}
    sgsx = graph.nodes[_e("abbreviation/4d5e6f708192")]  # defined in a glossary, never mentioned
    assert (sgsx["report_count"], sgsx["mention_count"], sgsx["aliases"]) == (1, 0, "")


def test_one_edge_per_relation_keyed_by_its_property():
    build = H.make_build()
    graph = to_networkx(build)
    zy, park = _e("enterprise/0a1b2c3d4e5f"), _e("project/1a2b3c4d5e6f")
    assert sorted(graph[zy][park]) == ["coMentionedWith", "settledIn"]
    settled = graph.edges[zy, park, "settledIn"]
    assert settled == {"predicate": "settledIn", "kind": "typed", "weight": 1, "report_count": 1,
                       "iri": f"{zy}/relation/settledIn/project/1a2b3c4d5e6f"}
    co = graph.edges[zy, park, "coMentionedWith"]
    assert (co["kind"], co["weight"], co["report_count"]) == ("weak", 2, 2)
    named = graph.edges[_e("initiative/5e6f708192a3"), _e("abbreviation/3c4d5e6f7081"), "namedBy"]
    assert (named["kind"], named["weight"], named["report_count"]) == ("typed", 0, 0)
    assert graph.number_of_edges() == len(build.relations)


def test_edge_iris_are_the_relation_assertions_of_the_rdf():
    build = H.make_build()
    assertions = {str(s) for s in build_graph(build).subjects(RDF.type, GR.RelationAssertion)}
    assert {d["iri"] for _u, _v, d in to_networkx(build).edges(data=True)} == assertions


def test_spellings_of_one_property_are_one_edge_and_dangling_relations_none():
    build = H.make_build()
    zy, park = build.entities[0].key, build.entities[1].key
    ev = build.relations[0].evidence[0]
    extra = [Relation(zy, "settledIn", park, [replace(ev, rule="other")]),
             Relation(zy, "namedBy", "project/000000000000", [ev])]
    graph = to_networkx(replace(build, relations=build.relations + extra))
    assert graph.edges[_e(zy), _e(park), "settledIn"]["weight"] == 2
    assert _e("project/000000000000") not in graph
    assert graph.number_of_edges() == len(build.relations)


def test_a_repeated_entity_key_keeps_the_first_entity():
    build = H.make_build()
    twin = replace(build.entities[0], label="别名")
    graph = to_networkx(replace(build, entities=build.entities + [twin]))
    assert graph.nodes[_e(twin.key)]["label"] == build.entities[0].label
    assert graph.number_of_nodes() == len(build.entities)


def test_build_to_networkx_and_base_iri():
    build = H.make_build()
    assert nx.utils.graphs_equal(build.to_networkx(), to_networkx(build))
    other = build.to_networkx("http://example.org/kg/")
    assert all(n.startswith("http://example.org/kg/entity/") for n in other)
    with pytest.raises(ValueError):
        to_networkx(build, "not a base")


def test_same_files_whatever_the_input_order():
    build = H.make_build()
    rng = random.Random(7)
    entities, relations = build.entities[:], build.relations[:]
    rng.shuffle(entities)
    rng.shuffle(relations)
    shuffled = replace(build, entities=entities, relations=relations)
    a, b = to_networkx(build), to_networkx(shuffled)
    for render in (network.graphml, network.nodes_csv, network.edges_csv):
        assert render(a) == render(b)


_SCRIPT = """
import hashlib, importlib.util, sys
sys.path.insert(0, {root!r})
spec = importlib.util.spec_from_file_location("h", {helpers!r})
h = importlib.util.module_from_spec(spec); spec.loader.exec_module(h)
from kg.export.writer import render_outputs
files = render_outputs(h.make_build(), "https://w3id.org/govreport-kg/")
print(" ".join(hashlib.sha256(files[name]).hexdigest() for name in {files!r}))
"""


@pytest.mark.parametrize("seed", ["0", "1", "4242"])
def test_identical_under_other_hash_seeds(seed):
    expected = render_outputs(H.make_build(), BASE)
    script = _SCRIPT.format(root=str(ROOT), helpers=str(Path(__file__).with_name("test_graph.py")), files=FILES)
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert out == [hashlib.sha256(expected[name]).hexdigest() for name in FILES]


# --- the files -----------------------------------------------------------------------------


def test_text_that_xml_or_utf8_cannot_hold_is_replaced_not_fatal():
    nasty = 'A"B\\C<script>&D\nE\x01F\x0bG\ud800H|I,J'
    report = Report("r.txt", "", "0" * 64, "utf-8", "x")
    m = Mention(report.id, 0, 1, nasty, "Enterprise", "x", "review", "test", None)
    entities = [Entity("enterprise/aaaaaaaaaaaa", "Enterprise", nasty, aliases=[nasty], mentions=[m]),
                Entity("project/bbbbbbbbbbbb", "Project", "园", mentions=[m])]
    ev = Evidence(report.id, 0, 1, "x", "test")
    build = Build([report], entities, [Relation(entities[0].key, "coMentionedWith", entities[1].key, [ev])])
    written = to_networkx(build)
    files = {"graph.graphml": network.graphml(written), "nodes.csv": network.nodes_csv(written),
             "edges.csv": network.edges_csv(written)}
    graph = nx.read_graphml(io.BytesIO(files["graph.graphml"]))
    label = graph.nodes[_e("enterprise/aaaaaaaaaaaa")]["label"]
    assert label == 'A"B\\C<script>&D\nE\ufffdF\ufffdG\ufffdH|I,J'
    rows = _rows(files["nodes.csv"])
    assert rows[0]["label"] == 'A"B\\C<script>&D\nE\x01F\x0bG\ufffdH|I,J'
    assert len(_rows(files["edges.csv"])) == 1


def test_an_empty_build_writes_headers_and_an_empty_graph():
    files = render_outputs(Build([], [], []), BASE)
    assert files["nodes.csv"] == (",".join(network.NODE_COLUMNS) + "\n").encode()
    assert files["edges.csv"] == (",".join(network.EDGE_COLUMNS) + "\n").encode()
    graph = nx.read_graphml(io.BytesIO(files["graph.graphml"]))
    assert graph.number_of_nodes() == graph.number_of_edges() == 0


def test_graphml_of_the_sample_build_matches_the_jsonl(sample_build_dir):
    entities = _lines(sample_build_dir / "entities.jsonl")
    relations = _lines(sample_build_dir / "relations.jsonl")
    graph = nx.read_graphml(sample_build_dir / "graph.graphml")
    assert graph.is_directed() and graph.is_multigraph()
    assert sorted(graph.nodes) == [e["id"] for e in entities]
    for e in entities:
        node = graph.nodes[e["id"]]
        assert (node["key"], node["type"], node["label"], node["iri"]) == (e["key"], e["type"], e["label"], e["id"])
        assert node["aliases"] == "|".join(e["aliases"])
        assert (node["report_count"], node["mention_count"]) == (len(e["reports"]), len(e["mentions"]))
    assert graph.number_of_edges() == len(relations) > 100
    want = {(r["subject"], relation_local_name(r["predicate"]), r["object"]): r for r in relations}
    got = {(u, d["predicate"], v): d for u, v, d in graph.edges(data=True)}
    assert got.keys() == want.keys()
    for triple, d in got.items():
        r = want[triple]
        assert d["weight"] == r["weight"]
        assert d["report_count"] == len({ev["report"] for ev in r["evidence"]})
        assert d["kind"] == ("weak" if triple[1] == "coMentionedWith" else "typed")
    assert {d["kind"] for d in got.values()} == {"weak", "typed"}


def test_csv_of_the_sample_build_matches_the_graphml(sample_build_dir):
    graph = nx.read_graphml(sample_build_dir / "graph.graphml")
    raw_nodes = (sample_build_dir / "nodes.csv").read_bytes()
    raw_edges = (sample_build_dir / "edges.csv").read_bytes()
    assert not raw_nodes.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw_nodes
    nodes, edges = _rows(raw_nodes), _rows(raw_edges)
    assert list(nodes[0]) == list(network.NODE_COLUMNS) and list(edges[0]) == list(network.EDGE_COLUMNS)
    assert [row["id"] for row in nodes] == list(graph.nodes)
    for row in nodes:
        node = graph.nodes[row["id"]]
        assert row == {"id": row["id"], **{c: str(node[c]) for c in network.NODE_COLUMNS[1:]}}
    assert len(edges) == graph.number_of_edges()
    assert len({row["id"] for row in edges}) == len(edges)  # edge ids are unique (Gephi needs it)
    ids = set(graph.nodes)
    for row, (u, v, d) in zip(edges, graph.edges(data=True)):
        assert (row["source"], row["target"]) == (u, v) and {row["source"], row["target"]} <= ids
        assert row == {"id": d["iri"], "source": u, "target": v,
                       **{c: str(d[c]) for c in network.EDGE_COLUMNS[3:]}}


def test_build_json_lists_the_new_files(sample_build_dir):
    manifest = json.loads((sample_build_dir / MANIFEST).read_text("utf-8"))
    for name in FILES:
        assert manifest["files"][name] == hashlib.sha256((sample_build_dir / name).read_bytes()).hexdigest()


def test_graph_files_are_the_graph_of_the_build(sample_build, sample_build_dir):
    graph = sample_build.to_networkx()
    assert (sample_build_dir / "graph.graphml").read_bytes() == network.graphml(graph)
    assert (sample_build_dir / "nodes.csv").read_bytes() == network.nodes_csv(graph)
    assert (sample_build_dir / "edges.csv").read_bytes() == network.edges_csv(graph)


# --- the explorer selects on the same graph ------------------------------------------------


@pytest.mark.parametrize("hops", [0, 1, 2])
def test_explorer_focus_is_the_ego_graph(sample_build, hops):
    graph = sample_build.to_networkx().to_undirected(as_view=True)
    key_of = dict(graph.nodes(data="key"))
    hubs = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))
    for centre in hubs[:2] + hubs[-2:]:
        label = graph.nodes[centre]["label"]
        payload = _payload(sample_build, focus=label, hops=hops, region=None, year=None, max_nodes=10_000)
        seeds = [n for n in graph if graph.nodes[n]["label"] == label or
                 label in graph.nodes[n]["aliases"].split("|")]
        ego = set().union(*(nx.ego_graph(graph, s, radius=hops) for s in seeds))
        assert set(payload["entities"]) == {key_of[n] for n in ego}


def test_explorer_first_screen_is_the_most_important(sample_build):
    """The explorer's first screen starts with the entities the most reports name and the
    most stated relations tie (computed here on the networkx export, independently)."""
    from kg.link.relations import WEAK_RELATIONS

    graph = sample_build.to_networkx()
    typed = {n: 0 for n in graph}
    for a, b, data in graph.edges(data=True):
        if data.get("predicate") not in WEAK_RELATIONS:
            typed[a] += 1
            typed[b] += 1
    score = {graph.nodes[n]["key"]: graph.nodes[n]["report_count"] + typed[n] for n in graph}
    payload = _payload(sample_build, focus=None, hops=1, region=None, year=None, max_nodes=20)
    first = payload["first"]
    assert len(first) == 20 and len(payload["entities"]) == len(score)
    top = sorted(score.values(), reverse=True)
    # the first half is the ten most important; the rest their stated neighbours or the next
    assert sorted((score[k] for k in first[:10]), reverse=True) == top[:10]