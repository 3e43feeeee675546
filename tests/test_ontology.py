"""ontology/: the ontology documents every term the build uses, in English and Chinese;
the SHACL shapes accept a valid build and report what is wrong with a broken one."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.export.turtle import to_turtle
from kg.graph.build import build_graph
from kg.graph.vocab import GR, GR_NS, PREFIXES, RELATION_PREDICATES, STATUS_IRIS, ontology_dir
from kg.model import PROJECT_STATUSES, SECTION_KINDS, Build, Entity, Relation, StatusEvent
from kg.validate import BuildNotFoundError, validate_build, validate_graph


import test_graph as H  # noqa: E402  (the hand-made builds; tests/ is on sys.path)
ONTOLOGY = ontology_dir() / "govreport.ttl"
SHAPES = ontology_dir() / "shapes.ttl"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def built() -> Graph:
    return build_graph(H.make_build())


def _declared(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.SymmetricProperty)
    return {s for k in kinds for s in ontology.subjects(RDF.type, k) if isinstance(s, URIRef)}


def test_ontology_header(ontology):
    onto = URIRef("https://w3id.org/govreport-kg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionInfo) is not None


def test_every_term_has_english_and_chinese_label_and_comment(ontology):
    terms = _declared(ontology) | {URIRef(i) for _s, i in STATUS_IRIS}
    assert len(terms) > 40
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            assert {"en", "zh"} <= langs, f"{term} lacks {prop} in en or zh"


def test_every_gr_term_the_build_uses_is_declared(ontology, built):
    declared = _declared(ontology) | {URIRef(i) for _s, i in STATUS_IRIS}
    used = set(built.predicates()) | set(built.objects(None, RDF.type)) | set(built.objects(None, GR.status))
    used_gr = {t for t in used if str(t).startswith(GR_NS)}
    assert used_gr, "the build uses the gr: vocabulary"
    assert used_gr <= declared, used_gr - declared


def test_other_terms_come_from_the_reused_vocabularies(built):
    namespaces = {ns for _p, ns in PREFIXES}
    used = set(built.predicates()) | set(built.objects(None, RDF.type))
    for term in used:
        assert any(str(term).startswith(ns) for ns in namespaces), term


def test_relation_properties_declared_in_ontology_and_shapes(ontology, shapes):
    locals_ = {local for _name, local in RELATION_PREDICATES}
    sub = {s for s in ontology.transitive_subjects(RDFS.subPropertyOf, GR.relatedTo)}
    assert {GR[x] for x in locals_} <= sub
    in_lists = set()
    for node in shapes.objects(None, SH["in"]):
        members = list(Collection(shapes, node))
        if GR.relatedTo in members:
            in_lists = set(members)
    assert {GR[x] for x in locals_} == in_lists
    targets = set(shapes.objects(URIRef("https://w3id.org/govreport-kg/shapes#EntityRelationShape"),
                                 SH.targetSubjectsOf))
    assert {GR[x] for x in locals_} == targets


def test_shapes_value_lists_match_the_model(shapes):
    lists = [list(Collection(shapes, node)) for node in shapes.objects(None, SH["in"])]
    sections = [lst for lst in lists if Literal("review") in lst]
    assert sections and all({str(x) for x in lst} == set(SECTION_KINDS) for lst in sections)
    statuses = [lst for lst in lists if GR.Planned in lst]
    # gr:status, gr:stage, gr:promisedStage, gr:laterStage: the same list each time
    assert statuses and all(lst == [URIRef(dict(STATUS_IRIS)[s]) for s in PROJECT_STATUSES] for lst in statuses)


def test_every_emitted_class_has_a_shape(shapes, built):
    targeted = set(shapes.objects(None, SH.targetClass))
    for subject in set(built.subjects()):
        types = set(built.objects(subject, RDF.type))
        assert types & targeted, f"{subject} ({types}) is checked by no shape"


def test_valid_build_conforms(built):
    conforms, text = validate_graph(built)
    assert conforms, text
    assert "Violation" not in text


def test_validate_build_reads_graph_ttl(tmp_path, built):
    (tmp_path / "graph.ttl").write_bytes(to_turtle(built))
    conforms, text = validate_build(tmp_path)
    assert conforms, text


def test_validate_build_without_graph(tmp_path):
    with pytest.raises(BuildNotFoundError, match="kg build"):
        validate_build(tmp_path)


def test_validate_build_with_unparsable_graph(tmp_path):
    (tmp_path / "graph.ttl").write_text("<a> <b> .", encoding="utf-8")
    conforms, text = validate_build(tmp_path)
    assert not conforms and "does not parse" in text


def _break_reversed_span(b: Build) -> None:
    m = b.entities[0].mentions[0]
    b.entities[0].mentions[0] = dataclasses.replace(m, start=m.end, end=m.start)


def _break_unknown_status(b: Build) -> None:
    e = b.entities[1].status[0]
    b.entities[1].status[0] = dataclasses.replace(e, status="exploded")


def _break_unknown_report(b: Build) -> None:
    m = b.entities[0].mentions[0]
    b.entities[0].mentions.append(dataclasses.replace(m, report="missing.txt"))


def _break_dangling_relation(b: Build) -> None:
    b.relations.append(Relation(b.entities[0].key, "located_in", "project/000000000000", []))


def _break_undeclared_predicate(b: Build) -> None:
    b.relations.append(Relation(b.entities[0].key, "frobnicates", b.entities[1].key, []))


def _break_unknown_section(b: Build) -> None:
    m = b.entities[0].mentions[0]
    b.entities[0].mentions[0] = dataclasses.replace(m, section="appendix")


def _break_status_without_year_or_note(b: Build) -> None:
    e = b.entities[1].status[0]
    b.entities[1].status[0] = StatusEvent(e.report, None, e.status, e.evidence, None)


def _break_one_span_two_entities(b: Build) -> None:
    m = b.entities[0].mentions[0]
    b.entities.append(Entity("enterprise/999999999999", "Enterprise", "另一家", mentions=[m]))


def _break_bad_key(b: Build) -> None:
    b.entities.append(Entity("nokey", "Initiative", "某行动",
                             mentions=[dataclasses.replace(b.entities[5].mentions[0], type="Initiative")]))


@pytest.mark.parametrize("breaker,expected", [
    (_break_reversed_span, "nif:beginIndex"),
    (_break_unknown_status, "status must be one of"),
    (_break_unknown_report, "gr:sha256"),
    (_break_dangling_relation, "must be an entity"),
    (_break_undeclared_predicate, "not declared in the ontology"),
    (_break_unknown_section, "appendix"),
    (_break_status_without_year_or_note, "gr:note"),
    (_break_one_span_two_entities, "denotes exactly one entity"),
    (_break_bad_key, "ASCII gr:key"),
])
def test_broken_builds_are_reported(breaker, expected):
    b = H.make_build()
    breaker(b)
    conforms, text = validate_graph(build_graph(b))
    assert not conforms
    assert expected in text, text


def test_warnings_do_not_fail_validation():
    b = H.make_build()
    b.reports[1].meta.year = None  # an unknown year is a warning, not a violation
    lonely = Entity("initiative/777777777777", "Initiative", "无出处行动")
    b.entities.append(lonely)
    conforms, text = validate_graph(build_graph(b))
    assert conforms, text
    assert "Warning" in text and "year this report was delivered is unknown" in text
    assert "appears in no report" in text


def test_sample_build_conforms(request):
    """The real sample build (fixture from conftest) has no SHACL violation."""
    try:
        build_dir = request.getfixturevalue("sample_build_dir")
    except pytest.FixtureLookupError:
        pytest.skip("no sample_build_dir fixture")
    conforms, text = validate_build(build_dir)
    assert conforms, text
    assert "Severity: sh:Violation" not in text


def test_mention_type_in_iri_keeps_spans_of_two_kinds_apart():
    b = H.make_build()
    m = b.entities[0].mentions[0]
    b.entities.append(Entity("project/888888888888", "Project", m.text,
                             mentions=[dataclasses.replace(m, type="Project")]))
    conforms, text = validate_graph(build_graph(b))
    assert conforms, text
