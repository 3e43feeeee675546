"""kg.graph.triples and the streamed graph files: same graph as the rdflib path, without it."""

from __future__ import annotations

import hashlib
import json
import math

import pytest
import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

import test_graph as H  # noqa: E402  (the hand-made builds; tests/ is on sys.path)
from kg.export.jsonld import to_jsonld
from kg.export.turtle import to_turtle
from kg.export.writer import MANIFEST, render_outputs, write_build
from kg.graph import iris
from kg.graph.build import build_graph
from kg.graph.terms import RDF_TYPE, natural_key, object_key
from kg.graph.triples import iter_groups, iter_triples
from kg.graph.vocab import GR, NIF, XSD
from kg.model import Build, Entity, Mention, Merge, Relation, ReportMeta

BASE = iris.DEFAULT_BASE


def test_streamed_files_equal_the_rdflib_graph_serialised():
    """The build path (stream) and the rdflib path (graph, then writer) give the same bytes."""
    build = H.make_build()
    files = render_outputs(build, BASE)
    graph = build_graph(build)
    assert files["graph.ttl"] == to_turtle(graph)
    assert files["graph.jsonld"] == to_jsonld(graph)


def test_groups_are_sorted_and_deduplicated():
    groups = list(iter_groups(H.make_build()))
    subjects = [s for s, _p in groups]
    assert subjects == sorted(subjects, key=natural_key)
    assert len(subjects) == len(set(subjects))
    for _s, preds in groups:
        names = [p for p, _o in preds]
        assert names == sorted(names, key=lambda p: (p != RDF_TYPE, p))
        for _p, objects in preds:
            assert objects == sorted(set(objects), key=object_key)


def test_header_counts_what_is_written():
    build = H.make_build()
    ttl = render_outputs(build, BASE)["graph.ttl"].decode("utf-8")
    triples = sum(1 for _t in iter_triples(build))
    subjects = len(list(iter_groups(build)))
    assert ttl.startswith(f"# govreport-kg graph: {triples} triples about {subjects} subjects.\n")
    assert len(Graph().parse(data=ttl, format="turtle")) == triples


def test_one_subject_from_several_places_is_one_block():
    """Two entities claiming one span: one mention node, both gr:denotes, no repeated triple."""
    r = H.make_report("a.txt", [("review", "甲公司投产。")], ReportMeta(year=2020))
    m = Mention("a.txt", 0, 3, "甲公司", "Enterprise", "甲公司投产。", "review", "hand")
    a = Entity("enterprise/aaaaaaaaaaaa", "Enterprise", "甲公司", aliases=["甲公司", "甲", "甲"], mentions=[m])
    b = Entity("enterprise/bbbbbbbbbbbb", "Enterprise", "甲公司", mentions=[m],
               merges=[Merge("甲", "甲", "same", 1.0)])
    build = Build([r], [a, b], [Relation(a.key, "co_mentioned", b.key, []),
                                Relation(a.key, "coMentionedWith", b.key, [])])
    groups = dict(iter_groups(build))
    node = iris.mention_iri(iris.report_iri(r), 0, 3, "Enterprise")
    denotes = dict(groups[node])[str(GR.denotes)]
    assert denotes == [iris.entity_iri(a.key), iris.entity_iri(b.key)]
    ttl = render_outputs(build, BASE)["graph.ttl"].decode("utf-8")
    assert ttl.count(f"<{node[len(BASE):]}>\n") == 1
    assert dict(groups[iris.entity_iri(a.key)])[str(GR.coMentionedWith)] == [iris.entity_iri(b.key)]
    assert dict(groups[iris.entity_iri(a.key)])["http://www.w3.org/2004/02/skos/core#altLabel"] == [("甲", "", "zh")]
    assertion = iris.relation_iri(iris.entity_iri(a.key), "coMentionedWith", b.key)
    assert dict(groups[assertion])[str(GR.weight)] == [("0", str(XSD.integer), "")]


def test_contract_violations_raise_before_anything_is_written(tmp_path):
    out = tmp_path / "out"
    write_build(H.make_build(), out, BASE)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = H.make_build()
    bad.entities.append(Entity("place/../x", "Place", "乙"))
    with pytest.raises(ValueError):
        iter_groups(bad)  # eagerly: the error comes before the first subject
    with pytest.raises(ValueError):
        write_build(bad, out, BASE)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_write_build_streams_without_rdflib_graphs(tmp_path, monkeypatch):
    """kg build never fills an rdflib graph; the files it streams match the manifest."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("an rdflib Graph was filled on the build path")

    monkeypatch.setattr(rdflib.Graph, "add", refuse)
    monkeypatch.setattr(rdflib.Graph, "addN", refuse)
    out = tmp_path / "out"
    hashes = write_build(H.make_build(), out, BASE)
    monkeypatch.undo()
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    assert manifest["files"] == hashes
    assert sorted(p.name for p in out.iterdir()) == sorted([*hashes, MANIFEST])
    for name, digest in hashes.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert (out / "graph.ttl").read_bytes() == render_outputs(H.make_build(), BASE)["graph.ttl"]


def test_empty_build_writes_empty_documents():
    files = render_outputs(Build([], [], []), BASE)
    assert b"0 triples about 0 subjects" in files["graph.ttl"]
    assert json.loads(files["graph.jsonld"])["@graph"] == []
    assert len(Graph().parse(data=files["graph.ttl"], format="turtle")) == 0


def test_odd_scores_are_valid_doubles():
    r = H.make_report("a.txt", [("review", "甲公司投产。")], ReportMeta(year=2020))
    entity = Entity("enterprise/aaaaaaaaaaaa", "Enterprise", "甲公司",
                    merges=[Merge("甲", "乙", "nan", math.nan), Merge("甲", "丙", "inf", -math.inf),
                            Merge("甲", "丁", "small", 1e-05)])
    build = Build([r], [entity], [])
    scores = sorted(o[0] for _s, p, o in iter_triples(build) if p == str(GR.score))
    assert scores == ["-INF", "1e-05", "NaN"]
    g = Graph().parse(data=render_outputs(build, BASE)["graph.ttl"], format="turtle")
    assert len(set(g.objects(None, GR.score))) == 3


def test_other_base_and_sentence_nodes():
    build = H.make_build()
    g = Graph().parse(data=render_outputs(build, "http://example.org/kg/")["graph.ttl"], format="turtle")
    assert isomorphic(g, build_graph(build, "http://example.org/kg/"))
    sentences = set(g.subjects(URIRef(RDF_TYPE), NIF.Sentence))
    assert sentences and all(str(s).startswith("http://example.org/kg/report/") for s in sentences)
    for s in sentences:
        assert isinstance(g.value(s, NIF.anchorOf), Literal)
