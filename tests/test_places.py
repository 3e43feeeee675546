"""Places (issue 16): official divisions read from sentences (kg.extract.places), one
entity per GB/T 2260 code on the division's region IRI (kg.link.places, kg.graph.iris),
the projects and enterprises located in them, reports' governments coded with their
chain up to the province, initiatives scoped by the official province; and the
located-in figures on three real reports against gold annotated blind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from kg.corpus import report_from_text
from kg.corpus.metadata import apply_sidecar
from kg.evaluate import evaluate_located_in, load_gold
from kg.extract.patterns import Found
from kg.extract.places import find_places, located_in, place_rules
from kg.genre import default as default_vocabulary
from kg.graph import iris
from kg.link.names import place_key
from kg.link.resolve import root_scopes
from kg.model import ReportMeta

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "corpus"
PLACES = ROOT / "tests" / "data" / "real" / "places"
GR = rdflib.Namespace("https://w3id.org/govreport-kg/ontology#")
SCHEMA = rdflib.Namespace("https://schema.org/")


def _rules():
    return place_rules(default_vocabulary())


def _report(body: str, code: str | None):
    r = report_from_text(body)
    r.meta = ReportMeta(code=code)
    return r


def _read(body: str, code: str | None = "430202", names=()):
    """(text, code) of every place read in ``body`` for a report of ``code``."""
    r = _report(body, code)
    return [(r.text[f.start:f.end], c) for f, c in find_places(r, _rules(), list(names))]


# --- reading places ---------------------------------------------------------------------

def test_full_names_resolve_to_their_codes():
    assert _read("推动株洲市、醴陵市和湖南省协同发展。") == [("株洲市", "430200"), ("醴陵市", "430281"), ("湖南省", "430000")]


def test_common_nouns_continued_words_and_streets_are_not_places():
    assert _read("加快老城区改造，矿区生态修复，新城区建设。") == []
    assert _read("北京市场份额扩大，上海市民满意。", code=None) == []
    assert _read("拓宽根河路，修通满洲里路。", code="150702") == []


def test_a_one_character_stem_needs_a_word_boundary():
    # 示范县 / 振兴县中 / 探索县级 hold 范县, 兴县, 索县; 攸县 after a comma is the county
    assert _read("创建全国示范县，振兴县中，探索县级改革。") == []
    assert _read("今年，攸县成功创建全省文明县城。") == [("攸县", "430223")]


def test_an_ambiguous_name_is_taken_in_the_reports_province_or_not_at_all():
    # 朝阳区 is a district of 北京 and of 长春; 新华区 of two cities of 河北 (and one of 河南)
    assert _read("朝阳区完成改造。", code="220000") == [("朝阳区", "220104")]
    assert _read("朝阳区完成改造。", code=None) == []
    assert _read("新华区完成改造。", code="130000") == []
    assert _read("沧州市新华区完成改造。", code="130000") == [("沧州市", "130900"), ("新华区", "130902")]


def test_a_county_of_another_province_needs_its_prefecture_written_before_it():
    # 和平房区: 平房区 is a district of Harbin; in a Hunan report it is no place
    assert _read("棚户区项目和平房区改造开工。") == []
    assert _read("支持哈尔滨市平房区发展。") == [("哈尔滨市", "230100"), ("平房区", "230108")]


def test_short_names_of_the_government_and_its_neighbours():
    # a district's report: its city, the city's other districts and counties by short name
    assert _read("炎陵获评全国文明城市，支持醴陵打造陶瓷之都。") == [("炎陵", "430225"), ("醴陵", "430281")]
    # a province's report: its prefectures; a short name two of them share is the province's own
    assert ("吉林", "220000") in _read("吉林全面振兴取得新突破。", code="220000")
    # a short name glued to the word before it is part of that word (大兴安岭 is no 兴安盟)
    assert _read("大兴安岭林区保护。", code="150000") == []


def test_a_short_name_inside_a_project_name_needs_no_boundary():
    body = "建设国家技术转移郑州中心。"
    r = _report(body, "410000")
    start = r.text.index("国家")
    names = [(start, start + len("国家技术转移郑州中心"))]
    assert _read(body, "410000") == []
    assert _read(body, "410000", names) == [("郑州", "410100")]


# --- located in ------------------------------------------------------------------------

def _links(body: str, things: list[str], code: str = "430200"):
    r = _report(body, code)
    spans = [Found(r.text.index(t), r.text.index(t) + len(t), "Project", "test") for t in things]
    found = [f for f, _ in find_places(r, _rules(), [(f.start, f.end) for f in spans])]
    from kg.extract.patterns import iter_clauses, rules

    clauses = list(iter_clauses(r.text, rules(default_vocabulary())))
    return sorted((r.text[l.subject.start:l.subject.end], r.text[l.object.start:l.object.end], l.rule)
                  for l in located_in(r.text, found, spans, clauses, _rules()))


def test_a_name_that_starts_with_places_is_in_the_most_specific():
    assert _links("推进株洲市荷塘区智慧物流园建设。", ["株洲市荷塘区智慧物流园"]) == [
        ("株洲市荷塘区智慧物流园", "荷塘区", "place-in-name")]


def test_a_route_is_in_both_ends():
    assert _links("加快醴陵至茶陵高速建设。", ["醴陵至茶陵高速"]) == [
        ("醴陵至茶陵高速", "茶陵", "place-in-route-name"), ("醴陵至茶陵高速", "醴陵", "place-in-route-name")]


def test_a_place_right_before_the_name_and_a_locative_clause():
    assert _links("攸县，炎陵县工业园扩区。", ["工业园扩区"]) == [("工业园扩区", "炎陵县", "place-before-name")]
    assert _links("在株洲市天元区建设智能制造基地。", ["智能制造基地"]) == [
        ("智能制造基地", "天元区", "place-of-clause")]
    assert _links("天元区召开大会，建设智能制造基地。", ["智能制造基地"]) == []


# --- identity and graph ----------------------------------------------------------------

def test_place_keys_become_region_iris():
    assert place_key("430202") == "place/430202"
    assert iris.entity_iri("place/430202") == iris.region_iri("荷塘区", code="430202")
    with pytest.raises(ValueError):
        place_key("43020")


def test_a_sidecar_may_give_the_code_alone_and_a_bad_code_is_one_sentence():
    meta = apply_sidecar(ReportMeta(), {"code": "430202"})
    assert (meta.region, meta.parent, meta.level, meta.code) == ("荷塘区", "株洲市", "区", "430202")
    assert meta.sources["code"] == "sidecar"
    with pytest.raises(ValueError, match="six-digit"):
        apply_sidecar(ReportMeta(), {"code": "4302"})
    with pytest.raises(ValueError, match="not in the official list"):
        apply_sidecar(ReportMeta(), {"code": "999999"})
    moved = apply_sidecar(ReportMeta(region="荷塘区", parent="株洲市", code="430202"), {"region": "天元区"})
    assert moved.code == "430211"


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    import kg

    out = tmp_path_factory.mktemp("places")
    return kg.build(sorted(SAMPLES.glob("*.txt")), out=out), out


def test_reports_are_created_by_coded_divisions_with_their_chain(sample_build):
    b, out = sample_build
    assert {r.meta.code for r in b.reports} == {"430202", "430211", "430200"}
    g = rdflib.Graph().parse(out / "graph.ttl")
    base = "https://w3id.org/govreport-kg/region/"
    hetang = rdflib.URIRef(base + "430202")
    assert (hetang, GR.divisionCode, rdflib.Literal("430202")) in g
    assert (hetang, SCHEMA.containedInPlace, rdflib.URIRef(base + "430200")) in g
    assert (rdflib.URIRef(base + "430200"), SCHEMA.containedInPlace, rdflib.URIRef(base + "430000")) in g
    # the IRI earlier builds minted from the names as read stays resolvable
    assert (hetang, rdflib.OWL.sameAs, rdflib.URIRef(iris.region_iri("荷塘区", "株洲市"))) in g
    # the place the sentences name is the same node as the government
    assert (hetang, rdflib.RDF.type, GR.Place) in g and (hetang, rdflib.RDF.type, GR.Region) in g
    records = [json.loads(line) for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["code"] for r in records} == {"430202", "430211", "430200"}


def test_place_entities_have_no_co_mentions_and_project_locations_have_evidence(sample_build):
    b, _ = sample_build
    places = {e.key for e in b.entities if e.type == "Place"}
    assert "place/430200" in places
    assert not [r for r in b.relations if r.predicate == "coMentionedWith" and ({r.subject, r.object} & places)]
    located = [r for r in b.relations if r.predicate == "locatedIn"]
    assert located and all(r.object in places and r.evidence for r in located)


def test_the_sample_build_still_conforms_to_the_shapes(sample_build):
    from kg.validate import validate_build

    _b, out = sample_build
    conforms, _text = validate_build(out)
    assert conforms


def test_initiatives_are_scoped_by_the_official_province():
    from kg.corpus import load_report

    reports = [load_report(p) for p in sorted(SAMPLES.glob("*.txt"))]
    assert set(root_scopes(reports).values()) == {"湖南省"}
    assert set(root_scopes(reports[:1]).values()) == {"湖南省"}  # whichever reports are built


# --- real reports ----------------------------------------------------------------------

def test_located_in_on_three_real_reports_against_blind_gold(tmp_path):
    """Dev figures (README: Places): first pass P 0.87 R 0.23, now P 0.82 R 0.32; the floor guards them."""
    import kg

    b = kg.build(sorted(PLACES.glob("*.txt")), out=tmp_path)
    score, _errors = evaluate_located_in(load_gold(ROOT / "tests" / "gold_places"), b)
    assert score.gold >= 50
    assert score.precision >= 0.8 and score.recall >= 0.3
    assert {r.meta.code for r in b.reports} == {"410000", "520000", "150702"}
