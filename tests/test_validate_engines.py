"""kg validate's two engines agree: the SPARQL translation of ontology/shapes.ttl on pyoxigraph
(the default) gives pySHACL's verdict, results and report text, on the sample build and on
crafted broken graphs; shapes it cannot translate are refused, never skipped."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, SKOS, XSD

from kg import shacl_sparql
from kg.export.turtle import to_turtle
from kg.graph.build import build_graph
from kg.graph.vocab import GR
from kg.model import Entity
from kg.validate import load_shapes, pyshacl_validate, validate_build

import test_graph as H  # noqa: E402  (the hand-made builds; tests/ is on sys.path)
import test_ontology as T  # noqa: E402  (its breakers)

ROOT = Path(__file__).resolve().parent.parent
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
GRSH = Namespace("https://w3id.org/govreport-kg/shapes#")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def program(shapes):
    return shacl_sparql.compile_shapes(shapes)


# --- comparing the engines ---------------------------------------------------------------------


def _data(node):
    """Blank nodes of the data get their own labels in each engine (the report text compares them)."""
    return "_:b" if isinstance(node, BNode) else node


def _pyshacl_key(rg: Graph, r) -> tuple:
    details = tuple(sorted(_pyshacl_key(rg, d) for d in rg.objects(r, SH.detail)))
    return (rg.value(r, SH.sourceConstraintComponent), rg.value(r, SH.sourceShape), _data(rg.value(r, SH.focusNode)),
            _data(rg.value(r, SH.value)), rg.value(r, SH.resultPath), rg.value(r, SH.resultSeverity),
            tuple(sorted(str(m) for m in rg.objects(r, SH.resultMessage))), rg.value(r, SH.sourceConstraint),
            details)


def _sparql_key(r: shacl_sparql.Result) -> tuple:
    return (r.component, r.shape.node, _data(r.focus), _data(r.value), r.path, r.severity,
            tuple(sorted(r.result_messages())),
            r.source_constraint, tuple(sorted(_sparql_key(d) for d in r.details)))


def both(data: Graph, program, shapes: Graph):
    """(pySHACL's conforms, keys, text), (ours) for one data graph, through Turtle as graph.ttl is."""
    if isinstance(data, bytes):
        turtle = data
    elif any(isinstance(t, BNode) for triple in data for t in triple):
        turtle = data.serialize(format="turtle", encoding="utf-8")  # our writer refuses blank nodes
    else:
        turtle = to_turtle(data)
    parsed = Graph().parse(data=turtle, format="turtle")
    conforms, rg, text = pyshacl_validate(parsed, shapes)
    report = next(rg.subjects(RDF.type, SH.ValidationReport))
    ref = (bool(conforms), Counter(_pyshacl_key(rg, r) for r in rg.objects(report, SH.result)), str(text))
    loaded = shacl_sparql.load_graph(turtle)
    ours_conforms, results = shacl_sparql.validate_loaded(program, loaded)
    ours = (ours_conforms, Counter(_sparql_key(r) for r in results),
            shacl_sparql.report_text(ours_conforms, results))
    return ref, ours


def assert_same(data, program, shapes) -> tuple:
    ref, ours = both(data, program, shapes)
    assert ours[0] == ref[0], (ref[2], ours[2])
    assert ours[1] == ref[1], (ref[2], ours[2])
    assert ours[2] == ref[2]
    return ref


# --- crafted graphs ----------------------------------------------------------------------------


def _graph(breaker=None) -> Graph:
    b = H.make_build()
    if breaker is not None:
        breaker(b)
    return build_graph(b)


def _first(g: Graph, cls) -> URIRef:
    return min(g.subjects(RDF.type, cls))


def _missing_label(g: Graph) -> None:
    e = _first(g, GR.Enterprise)
    g.remove((e, SKOS.prefLabel, None))


def _wrong_datatype(g: Graph) -> None:  # xsd:integer where xsd:nonNegativeInteger is required
    m = _first(g, GR.Mention)
    (begin,) = g.objects(m, NIF.beginIndex)
    g.set((m, NIF.beginIndex, Literal(int(begin), datatype=XSD.integer)))


def _ill_typed(g: Graph) -> None:
    a = _first(g, GR.RelationAssertion)
    g.set((a, GR.weight, Literal("many", datatype=XSD.integer)))


def _negative_offset(g: Graph) -> None:
    m = _first(g, GR.Mention)
    g.set((m, NIF.beginIndex, Literal("-3", datatype=XSD.nonNegativeInteger)))


def _unknown_class(g: Graph) -> None:
    e = _first(g, GR.Project)
    g.remove((e, RDF.type, GR.Project))
    g.add((e, RDF.type, GR.Projekt))


def _two_labels(g: Graph) -> None:
    e = _first(g, GR.Initiative)
    g.add((e, SKOS.prefLabel, Literal("第二名称", lang="zh")))


def _english_label(g: Graph) -> None:
    e = _first(g, GR.Initiative)
    g.set((e, SKOS.prefLabel, Literal("an initiative", lang="en")))


def _bad_hash_and_year(g: Graph) -> None:
    r = _first(g, GR.Report)
    g.set((r, GR.sha256, Literal("XYZ")))
    g.set((r, GR.year, Literal(1800)))


def _empty_anchor(g: Graph) -> None:
    m = _first(g, GR.Mention)
    g.set((m, NIF.anchorOf, Literal("", lang="zh")))


def _appears_in_a_non_report(g: Graph) -> None:
    e = _first(g, GR.Project)
    g.add((e, GR.appearsIn, _first(g, GR.Initiative)))
    g.add((e, GR.appearsIn, Literal("report.txt")))


def _evidence_span_reversed(g: Graph) -> None:
    ev = _first(g, GR.Evidence)
    (begin,) = g.objects(ev, NIF.beginIndex)
    g.set((ev, NIF.endIndex, Literal(int(begin) - 1, datatype=XSD.nonNegativeInteger)))


def _sense_problems(g: Graph) -> None:
    senses = sorted(g.subjects(RDF.type, GR.Sense))
    g.set((senses[0], GR.componentCount, Literal(99)))  # sh:sparql: count differs
    for owner in list(g.subjects(GR.hasSense, senses[-1])):
        g.remove((owner, GR.hasSense, senses[-1]))  # inverse path: a sense of no abbreviation


def _divergent_with_one_sense(g: Graph) -> None:  # sh:sparql with severity sh:Warning
    a = _first(g, GR.Abbreviation)
    g.set((a, GR.hasDivergentSenses, Literal(True)))
    for s in list(g.objects(a, GR.hasSense))[1:]:
        g.remove((a, GR.hasSense, s))


def _reified_triple_missing(g: Graph) -> None:
    a = _first(g, GR.RelationAssertion)
    s, p, o = (g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object))
    g.remove((s, p, o))


def _status_out_of_scheme_and_typed_section(g: Graph) -> None:
    e = _first(g, GR.StatusEvent)
    g.set((e, GR.status, GR.Exploded))
    m = _first(g, GR.Mention)
    g.set((m, GR.section, Literal("review", datatype=XSD.token)))


def _blank_node_mention(g: Graph) -> None:
    m = _first(g, GR.Mention)
    b = BNode("m1")
    for p, o in list(g.predicate_objects(m)):
        g.add((b, p, o))
    g.remove((m, None, None))


def _blank_relation_end(g: Graph) -> None:  # sh:node fails on a blank node: its details too
    a = _first(g, GR.RelationAssertion)
    b = BNode("end")
    g.set((a, RDF.object, b))
    g.add((b, SKOS.prefLabel, Literal("无名", lang="zh")))


def _ill_typed_year(g: Graph) -> None:
    r = _first(g, GR.Report)
    g.set((r, DCTERMS.date, Literal("twenty", datatype=XSD.gYear)))
    g.set((r, GR.year, Literal(2300)))


GRAPH_BREAKERS = [
    _missing_label, _wrong_datatype, _ill_typed, _negative_offset, _unknown_class, _two_labels,
    _english_label, _bad_hash_and_year, _empty_anchor, _appears_in_a_non_report, _evidence_span_reversed,
    _sense_problems, _divergent_with_one_sense, _reified_triple_missing, _status_out_of_scheme_and_typed_section,
    _blank_node_mention, _blank_relation_end, _ill_typed_year,
]
BUILD_BREAKERS = [
    T._break_reversed_span, T._break_unknown_status, T._break_unknown_report, T._break_dangling_relation,
    T._break_undeclared_predicate, T._break_unknown_section, T._break_status_without_year_or_note,
    T._break_one_span_two_entities, T._break_bad_key,
]


def test_valid_graph(program, shapes):
    ref = assert_same(_graph(), program, shapes)
    assert ref[0] and not ref[1]


@pytest.mark.parametrize("breaker", BUILD_BREAKERS, ids=lambda f: f.__name__)
def test_broken_builds(breaker, program, shapes):
    ref = assert_same(_graph(breaker), program, shapes)
    assert not ref[0]


@pytest.mark.parametrize("breaker", GRAPH_BREAKERS, ids=lambda f: f.__name__)
def test_broken_graphs(breaker, program, shapes):
    g = _graph()
    breaker(g)
    ref = assert_same(g, program, shapes)
    assert ref[1], "the crafted graph should produce results"


def test_warning_only_graph(program, shapes):
    b = H.make_build()
    b.reports[1].meta.year = None
    b.entities.append(Entity("initiative/777777777777", "Initiative", "无出处行动"))
    ref = assert_same(build_graph(b), program, shapes)
    assert ref[0], "warnings alone conform"
    assert {k[5] for k in ref[1]} == {SH.Warning}


def test_everything_broken_at_once(program, shapes):
    """All the crafted problems in one graph: the results of one shape do not hide another's."""
    b = H.make_build()
    for breaker in BUILD_BREAKERS:
        breaker(b)
    g = build_graph(b)
    for breaker in GRAPH_BREAKERS:
        if breaker not in (_blank_node_mention, _blank_relation_end, _unknown_class):  # remove what others change
            breaker(g)
    assert_same(g, program, shapes)


# --- the sample build --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_sample_build(tmp_path_factory) -> Path:
    """The sample corpus built by the command line, as a user does."""
    corpus = Path("/work/shared/corpus")
    if not corpus.is_dir():
        corpus = ROOT / "corpus"
    out = tmp_path_factory.mktemp("validate") / "build"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out), "--no-cache",
                    "--quiet"], check=True, cwd=ROOT)
    return out


def test_sample_build_same_verdict(cli_sample_build, program, shapes):
    turtle = (cli_sample_build / "graph.ttl").read_bytes()
    ref = assert_same(turtle, program, shapes)
    assert validate_build(cli_sample_build) == (ref[0], ref[2])


def test_damaged_sample_build_same_results(cli_sample_build, program, shapes):
    """The sample build with every crafted problem at once: hundreds of results at real scale."""
    g = Graph().parse(cli_sample_build / "graph.ttl", format="turtle")
    for breaker in GRAPH_BREAKERS:
        if breaker not in (_blank_node_mention, _blank_relation_end, _unknown_class):
            breaker(g)
    for m in sorted(g.subjects(RDF.type, GR.Mention))[::50]:  # many of one kind too
        g.remove((m, GR.rule, None))
        (begin,) = g.objects(m, NIF.beginIndex)
        g.set((m, NIF.beginIndex, Literal(int(begin), datatype=XSD.integer)))
    for e in sorted(g.subjects(RDF.type, GR.Project))[::7]:
        g.remove((e, RDF.type, GR.Project))
    ref = assert_same(g, program, shapes)
    assert not ref[0] and sum(ref[1].values()) > 100


def test_validate_build_progress_and_errors(cli_sample_build, tmp_path):
    calls = []
    conforms, text = validate_build(cli_sample_build, progress=lambda *a: calls.append(a))
    assert conforms, text
    stages = {c[0] for c in calls}
    assert stages == {"load", "validate"}
    validate_calls = [c for c in calls if c[0] == "validate"]
    assert validate_calls[-1][1] == validate_calls[-1][2] > 10  # one call per shape
    (tmp_path / "graph.ttl").write_text("<a> <b> .", encoding="utf-8")
    conforms, text = validate_build(tmp_path)
    assert not conforms and "does not parse" in text
    with pytest.raises(ValueError, match="engine"):
        validate_build(cli_sample_build, engine="jena")


# --- what the translation covers ---------------------------------------------------------------


def test_shapes_ttl_is_fully_translated(shapes, program):
    """Every constraint of ontology/shapes.ttl has a SPARQL translation: compile_shapes refuses
    anything else, and every shape-expecting or constraint parameter used is in the supported set."""
    used = {p for s in program.shapes for p in shapes.predicates(s, None) if str(p).startswith(str(SH))}
    assert used <= shacl_sparql.CONSTRAINT_PARAMETERS | shacl_sparql.SHAPE_PARAMETERS
    assert {SH["class"], SH.datatype, SH.minCount, SH.maxCount, SH.pattern, SH["in"], SH.nodeKind,
            SH.languageIn, SH.minInclusive, SH.lessThan, SH.node, SH["or"], SH.sparql} <= used
    assert len(program.top) >= 15


_UNSUPPORTED = {
    "uniqueLang": "sh:property [ sh:path skos:prefLabel ; sh:uniqueLang true ]",
    "equals": "sh:property [ sh:path skos:prefLabel ; sh:equals rdfs:label ]",
    "closed": "sh:closed true",
    "sequence path": "sh:property [ sh:path ( gr:hasSense gr:term ) ; sh:minCount 1 ]",
    "xone": "sh:xone ( [ sh:class gr:Project ] [ sh:class gr:Place ] )",
    "not": "sh:not [ sh:class gr:Place ]",
    "hasValue": "sh:property [ sh:path gr:key ; sh:hasValue \"x\" ]",
    "qualified": "sh:property [ sh:path gr:appearsIn ; sh:qualifiedValueShape [ sh:class gr:Report ] ; "
                 "sh:qualifiedMinCount 1 ]",
    "sparql target": "sh:target [ a sh:SPARQLTarget ; sh:select \"SELECT ?this WHERE { ?this ?p ?o }\" ]",
    "rule": "sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate rdfs:label ; sh:object \"x\" ]",
}


@pytest.mark.parametrize("name", sorted(_UNSUPPORTED))
def test_a_new_kind_of_constraint_is_refused(name, shapes):
    extra = Graph()
    extra.parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix gr: <https://w3id.org/govreport-kg/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:x:NewShape> a sh:NodeShape ; sh:targetClass gr:Project ; {_UNSUPPORTED[name]} .
    """, format="turtle")
    with pytest.raises(shacl_sparql.UnsupportedShapeError):
        shacl_sparql.compile_shapes(shapes + extra)


def test_custom_shapes_file_with_unsupported_constraint_fails_before_loading(tmp_path, cli_sample_build):
    path = tmp_path / "shapes.ttl"
    path.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix gr: <https://w3id.org/govreport-kg/ontology#> .
        <urn:x:S> a sh:NodeShape ; sh:targetClass gr:Project ; sh:closed true .
    """, encoding="utf-8")
    with pytest.raises(shacl_sparql.UnsupportedShapeError, match="sh:closed"):
        validate_build(cli_sample_build, shapes_path=path)
    conforms, _text = validate_build(cli_sample_build, shapes_path=path, engine="pyshacl")
    assert not conforms  # pySHACL still checks it


def test_extra_core_constraints_match_pyshacl(shapes):
    """Constraints the shapes do not use today but the translation covers: same results too."""
    extra = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix gr: <https://w3id.org/govreport-kg/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
        <urn:x:Extra> a sh:NodeShape ; sh:targetSubjectsOf nif:beginIndex ;
            sh:property [ sh:path nif:anchorOf ; sh:maxLength 3 ; sh:pattern "^[a-z]" ; sh:flags "i" ] ;
            sh:property [ sh:path nif:beginIndex ; sh:minExclusive 10 ; sh:maxExclusive 40 ;
                          sh:lessThanOrEquals nif:beginIndex ] ;
            sh:property [ sh:path nif:endIndex ; sh:maxInclusive 30 ; sh:minCount 2 ; sh:maxCount 3 ] ;
            sh:property [ sh:path [ sh:inversePath gr:denotes ] ; sh:nodeKind sh:BlankNodeOrIRI ;
                          sh:class gr:Mention, nif:String ] .
        <urn:x:Typed> a sh:NodeShape ; sh:targetNode <urn:x:none>, gr:Planned ; sh:nodeKind sh:Literal .
        <urn:x:Or> a sh:NodeShape ; sh:targetClass gr:Report ;
            sh:or ( [ sh:path gr:nothing ; sh:minCount 1 ; sh:severity sh:Warning ] [ sh:class gr:Nothing ] ) ;
            sh:or ( [ sh:path gr:nothing ; sh:minCount 1 ] [ sh:class gr:Nothing ] ) ;
            sh:sparql [ a sh:SPARQLConstraint ; sh:message "report {$this} has {?n} characters" ;
                        sh:select "SELECT $this ?n WHERE { $this <https://w3id.org/govreport-kg/ontology#charCount> ?n }" ] .
        <urn:x:Custom> a sh:NodeShape ; sh:targetClass gr:Region ; sh:severity <urn:x:Fatal> ; sh:class gr:Nothing .
    """, format="turtle")
    combined = shapes + extra
    program = shacl_sparql.compile_shapes(combined)
    ref = assert_same(_graph(), program, combined)
    assert not ref[0]


def test_typed_literals_are_seen_as_written():
    """oxigraph stores "5"^^xsd:nonNegativeInteger as an xsd:integer; the side graph keeps the term."""
    loaded = shacl_sparql.load_graph(b"""
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <urn:a> <urn:p> "5"^^xsd:nonNegativeInteger, "05"^^xsd:integer, "x"^^xsd:integer, "a", "b"@zh .
    """)
    rows = loaded.store.query(f"SELECT ?o WHERE {{ GRAPH <{shacl_sparql.LEX_GRAPH}> {{ ?s ?p ?o }} }}")
    terms = {shacl_sparql.to_rdflib(r["o"]) for r in rows}
    assert terms == {Literal("5", datatype=XSD.nonNegativeInteger), Literal("5", datatype=XSD.integer),
                     Literal("x", datatype=XSD.integer)}
    assert loaded.typed_predicates == {"urn:p"} and loaded.is_mixed("urn:p")
