"""kg.graph: IRI minting and the RDF a build becomes, on small builds made by hand.

The hand-made build (:func:`make_build`) is also used by test_turtle, test_ontology,
test_query and test_push (each loads this file by path), so that none of them
depends on how good the extractors are.
"""

from __future__ import annotations

import hashlib

import pytest
from rdflib import BNode, Literal, URIRef

from kg.graph import iris
from kg.graph.build import build_graph
from kg.graph.vocab import DCTERMS, GR, NIF, OWL, PROV, RDF, SKOS, XSD, relation_local_name
from kg.model import (
    Build, Entity, Evidence, Mention, Merge, Relation, Report, ReportMeta, Section, Sense,
    Sentence, StatusEvent,
)

BASE = iris.DEFAULT_BASE
NASTY = 'A"B\\C<D>E&F\nG'  # every character Turtle or JSON must escape, or IRIs must avoid


# --- a small corpus made by hand ---------------------------------------------------------


def make_report(rid: str, parts: list[tuple[str, str]], meta: ReportMeta) -> Report:
    """A report whose text is the concatenation of (section kind, sentence) parts."""
    text, sentences, sections = "", [], []
    for kind, sentence in parts:
        start = len(text)
        text += sentence
        sentences.append(Sentence(start, len(text), kind))
        sections.append(Section(kind, kind, start, len(text)))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Report(id=rid, path=rid, sha256=sha, encoding="utf-8", text=text, meta=meta,
                  sections=sections, sentences=sentences)


def mention(report: Report, needle: str, type_: str, nth: int = 0, cue: str | None = None,
            rule: str = "hand") -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = report.text.index(needle, start + 1)
    end = start + len(needle)
    return Mention(report.id, start, end, needle, type_, report.sentence_text(start),
                   report.section_at(start), rule, cue)


def evidence(report: Report, needle: str, rule: str = "hand") -> Evidence:
    start = report.text.index(needle)
    return Evidence(report.id, start, start + len(needle), report.sentence_text(start), rule)


def make_build() -> Build:
    """Three reports of two governments, five kinds of entity, every feature of the model."""
    r22 = make_report("r2022.txt", [
        ("preamble", "荷塘区2022年政府工作报告。"),
        ("review", "株硬集团入驻先进硬质材料产业园。"),
        ("plan", "力争湖南先进硬质材料产业园开工，推进“三微”建设。"),
        ("glossary", "1.三微：城市管理微亮化、微公园、微服务。"),
        ("glossary", "2.三高四新：三个高地、四新使命。"),
    ], ReportMeta(region="荷塘区", parent="株洲市", level="区", year=2022, date="2022-02-24",
                  session="第六届人民代表大会第二次会议", speaker="罗鹏程", speaker_title="区长",
                  years_reviewed=[2021], years_planned=[2022]))
    r23 = make_report("r2023.txt", [
        ("review", "先进硬质材料产业园开工建设，梅塞尔入驻先进硬质材料产业园。"),
        ("review", "株硬集团营收增长。"),
        ("plan", f"深化“六即”改革，打造{NASTY}。"),
    ], ReportMeta(region="株洲市", level="市", year=2023))
    r24 = make_report("r2024.txt", [
        ("review", "先进硬质材料产业园一期竣工，株洲硬质合金集团扩产。"),
        ("plan", "推进“三微”治理，落实“六即”改革。"),
        ("glossary", "1.三微：微网格、微项目、微治理。"),
    ], ReportMeta(region="荷塘区", parent="株洲市", level="区", year=2024))

    zy = Entity("enterprise/0a1b2c3d4e5f", "Enterprise", "株硬集团",
                aliases=["株硬集团", "株洲硬质合金集团"],
                mentions=[mention(r22, "株硬集团", "Enterprise", cue="入驻"),
                          mention(r23, "株硬集团", "Enterprise"),
                          mention(r24, "株洲硬质合金集团", "Enterprise")],
                merges=[Merge("株硬集团", "株洲硬质合金集团", "short-name", 0.92,
                              (evidence(r24, "株洲硬质合金集团"),))],
                former_keys=["enterprise/ffeeddccbbaa"])
    park = Entity("project/1a2b3c4d5e6f", "Project", "先进硬质材料产业园",
                  aliases=["湖南先进硬质材料产业园"],
                  mentions=[mention(r22, "先进硬质材料产业园", "Project"),
                            mention(r22, "湖南先进硬质材料产业园", "Project", cue="开工"),
                            mention(r23, "先进硬质材料产业园", "Project"),
                            mention(r23, "先进硬质材料产业园", "Project", nth=1),
                            mention(r24, "先进硬质材料产业园", "Project", cue="竣工")],
                  status=[StatusEvent(r22.id, 2022, "planned", evidence(r22, "湖南先进硬质材料产业园开工")),
                          StatusEvent(r23.id, 2023, "started", evidence(r23, "先进硬质材料产业园开工")),
                          StatusEvent(r24.id, 2023, "completed", evidence(r24, "一期竣工"))])
    messer = Entity("enterprise/2b3c4d5e6f70", "Enterprise", "梅塞尔",
                    mentions=[mention(r23, "梅塞尔", "Enterprise", cue="入驻")])
    sanwei = Entity("abbreviation/3c4d5e6f7081", "Abbreviation", "三微",
                    mentions=[mention(r22, "三微", "Abbreviation"), mention(r24, "三微", "Abbreviation")],
                    senses=[Sense("三微", r22.id, "glossary", "城市管理微亮化、微公园、微服务",
                                  ["微亮化", "微公园", "微服务"], [["微亮化", "微公园", "微服务"]], 3, "ok",
                                  evidence(r22, "1.三微：城市管理微亮化、微公园、微服务。")),
                            Sense("三微", r24.id, "glossary", "微网格、微项目、微治理",
                                  ["微网格", "微项目", "微治理"], [], 3, "ok",
                                  evidence(r24, "1.三微：微网格、微项目、微治理。"))],
                    divergent=True)
    sgsx = Entity("abbreviation/4d5e6f708192", "Abbreviation", "三高四新",
                  senses=[Sense("三高四新", r22.id, "glossary", "三个高地、四新使命",
                                ["三个高地", "四新使命"], [["三个高地"], ["四新使命"]], 2, "ok",
                                evidence(r22, "2.三高四新：三个高地、四新使命。"))])
    liuji = Entity("initiative/5e6f708192a3", "Initiative", "“六即”改革",
                   mentions=[mention(r23, "“六即”改革", "Initiative"),
                             mention(r24, "“六即”改革", "Initiative")])
    nasty = Entity("place/6f708192a3b4", "Place", NASTY, aliases=[NASTY + "区"],
                   mentions=[mention(r23, NASTY, "Place")])
    relations = [
        Relation(zy.key, "settled_in", park.key, [evidence(r22, "株硬集团入驻先进硬质材料产业园")]),
        Relation(messer.key, "settled_in", park.key, [evidence(r23, "梅塞尔入驻先进硬质材料产业园")]),
        Relation(liuji.key, "named_by", sanwei.key, []),
        Relation(zy.key, "co_mentioned", park.key, [evidence(r22, "株硬集团入驻先进硬质材料产业园"),
                                                    evidence(r23, "株硬集团营收增长")]),
    ]
    return Build(reports=[r22, r23, r24],
                 entities=[zy, park, messer, sanwei, sgsx, liuji, nasty],
                 relations=relations)


@pytest.fixture(scope="module")
def build() -> Build:
    return make_build()


@pytest.fixture(scope="module")
def graph(build):
    return build_graph(build)


def _e(key: str) -> URIRef:
    return URIRef(iris.entity_iri(key))


# --- IRIs --------------------------------------------------------------------------------


def test_entity_iri_is_base_plus_key():
    assert iris.entity_iri("project/3f2a9c0d1e2b") == BASE + "entity/project/3f2a9c0d1e2b"
    assert iris.entity_iri("project/3f2a9c0d1e2b", "http://example.org/kg/") == \
        "http://example.org/kg/entity/project/3f2a9c0d1e2b"
    assert str(iris.entity_iri("x/y")).isascii()


def test_entity_iri_rejects_dot_segments_and_encodes_the_rest():
    for bad in ("", "project/../x", "project//x", "./x", "/x"):
        with pytest.raises(ValueError):
            iris.entity_iri(bad)
    assert iris.entity_iri("place/上海 1") == BASE + "entity/place/%E4%B8%8A%E6%B5%B7%201"


@pytest.mark.parametrize("bad", ["ftp://x/", "https://x.org/kg", "https://x.org/kg#", "kg/",
                                 "https://x.org/k g/", "https://例子.org/"])
def test_bad_base_iri_raises(bad):
    with pytest.raises(ValueError):
        iris.normalize_base(bad)


def test_report_iri_is_sha_prefix(build):
    r = build.reports[0]
    assert iris.report_iri(r) == BASE + "report/" + r.sha256[:16]
    assert iris.report_iri(r.sha256) == iris.report_iri(r)
    with pytest.raises(ValueError):
        iris.report_iri("r2022.txt")


def test_region_iri_hash_of_parent_and_name_or_code():
    assert iris.region_iri("荷塘区", "株洲市") != iris.region_iri("荷塘区", "长沙市")
    assert iris.region_iri("荷塘区", "株洲市") == iris.region_iri("荷塘区", "株洲市")
    assert iris.region_iri("荷塘区", code="430202") == BASE + "region/430202"
    assert str(iris.region_iri("荷塘区")).isascii()


def test_iris_stable_when_corpus_grows(build):
    small = Build(reports=build.reports[:2],
                  entities=[e for e in build.entities if all(m.report != "r2024.txt" for m in e.mentions)
                            and all(s.report != "r2024.txt" for s in e.senses)],
                  relations=[])
    big_subjects = set(build_graph(build).subjects())
    for s in set(build_graph(small).subjects()):
        assert s in big_subjects, s


# --- the graph ---------------------------------------------------------------------------


def test_no_blank_nodes(graph):
    assert not any(isinstance(n, BNode) for t in graph for n in t)


def test_every_node_under_base_or_a_vocabulary(graph):
    for s in graph.subjects():
        assert str(s).startswith(BASE), s


def test_entities_typed_labelled_and_keyed(graph):
    zy = _e("enterprise/0a1b2c3d4e5f")
    assert {GR.Enterprise, URIRef("http://www.w3.org/ns/org#Organization"),
            URIRef("https://schema.org/Organization")} <= set(graph.objects(zy, RDF.type))
    assert graph.value(zy, SKOS.prefLabel) == Literal("株硬集团", lang="zh")
    assert set(graph.objects(zy, SKOS.altLabel)) == {Literal("株洲硬质合金集团", lang="zh")}
    assert graph.value(zy, GR.key) == Literal("enterprise/0a1b2c3d4e5f")
    assert len(set(graph.objects(zy, GR.appearsIn))) == 3
    assert (_e("abbreviation/3c4d5e6f7081"), RDF.type, SKOS.Concept) in graph


def test_former_keys_stay_reachable(graph):
    assert (_e("enterprise/0a1b2c3d4e5f"), OWL.sameAs, _e("enterprise/ffeeddccbbaa")) in graph


def test_report_metadata(build, graph):
    r = URIRef(iris.report_iri(build.reports[0]))
    assert graph.value(r, DCTERMS.identifier) == Literal("r2022.txt")
    assert graph.value(r, GR.year) == Literal(2022, datatype=XSD.integer)
    assert graph.value(r, DCTERMS.date) == Literal("2022", datatype=XSD.gYear)
    assert graph.value(r, DCTERMS.issued) == Literal("2022-02-24", datatype=XSD.date)
    assert graph.value(r, GR.speaker) == Literal("罗鹏程", lang="zh")
    region = graph.value(r, DCTERMS.creator)
    assert str(region) == iris.region_iri("荷塘区", "株洲市")
    assert graph.value(region, SKOS.prefLabel) == Literal("荷塘区", lang="zh")
    parent = graph.value(region, URIRef("https://schema.org/containedInPlace"))
    assert graph.value(parent, SKOS.prefLabel) == Literal("株洲市", lang="zh")


def test_mentions_are_nif_spans_in_their_sentence(build, graph):
    r22 = build.reports[0]
    m = build.entities[0].mentions[0]
    node = URIRef(iris.mention_iri(iris.report_iri(r22), m.start, m.end, m.type))
    assert graph.value(node, GR.denotes) == _e("enterprise/0a1b2c3d4e5f")
    assert graph.value(node, NIF.beginIndex).toPython() == m.start
    assert graph.value(node, NIF.endIndex).toPython() == m.end
    assert graph.value(node, NIF.anchorOf) == Literal("株硬集团", lang="zh")
    assert graph.value(node, PROV.wasQuotedFrom) == URIRef(iris.report_iri(r22))
    sentence = graph.value(node, NIF.sentence)
    assert str(graph.value(sentence, NIF.anchorOf)) == m.sentence
    assert graph.value(sentence, NIF.beginIndex).toPython() == r22.text.index(m.sentence)
    assert graph.value(sentence, GR.section) == Literal("review")


def test_sentence_without_report_offsets_is_minted_from_its_text():
    r = make_report("a.txt", [("review", "甲公司投产。")], ReportMeta(year=2020))
    m = Mention("a.txt", 0, 3, "甲公司", "Enterprise", "别处的句子。", "review", "hand")
    g = build_graph(Build([r], [Entity("enterprise/aaaaaaaaaaaa", "Enterprise", "甲公司", mentions=[m])], []))
    sentence = g.value(next(g.subjects(GR.denotes, None)), NIF.sentence)
    assert "/sentence/h" in str(sentence)
    assert g.value(sentence, NIF.beginIndex) is None


def test_senses_components_in_order_with_groups(graph):
    sgsx = _e("abbreviation/4d5e6f708192")
    (sense,) = graph.objects(sgsx, GR.hasSense)
    comps = sorted(graph.objects(sense, GR.component), key=lambda c: graph.value(c, GR.position).toPython())
    assert [str(graph.value(c, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) for c in comps] == \
        ["三个高地", "四新使命"]
    assert [graph.value(c, GR.group).toPython() for c in comps] == [1, 2]
    assert graph.value(sense, SKOS.definition) == Literal("三个高地、四新使命", lang="zh")
    assert graph.value(sense, GR.senseSource) == Literal("glossary")
    assert graph.value(sgsx, GR.hasDivergentSenses) == Literal(False)


def test_divergent_abbreviation_has_two_senses(graph):
    sanwei = _e("abbreviation/3c4d5e6f7081")
    assert graph.value(sanwei, GR.hasDivergentSenses) == Literal(True)
    senses = set(graph.objects(sanwei, GR.hasSense))
    assert len(senses) == 2
    assert len({graph.value(s, GR.inReport) for s in senses}) == 2


def test_status_timeline(graph):
    park = _e("project/1a2b3c4d5e6f")
    events = {(graph.value(e, GR.year).toPython(), graph.value(e, GR.status))
              for e in graph.objects(park, GR.hasStatusEvent)}
    assert events == {(2022, GR.Planned), (2023, GR.Started), (2023, GR.Completed)}
    for e in graph.objects(park, GR.hasStatusEvent):
        assert graph.value(e, DCTERMS.date).datatype == XSD.gYear
        ev = graph.value(e, GR.evidence)
        assert graph.value(ev, NIF.sentence) is not None


def test_relation_triple_and_reified_assertion(graph):
    zy, park = _e("enterprise/0a1b2c3d4e5f"), _e("project/1a2b3c4d5e6f")
    assert (zy, GR.settledIn, park) in graph
    assert (zy, GR.coMentionedWith, park) in graph
    assertion = URIRef(iris.relation_iri(zy, "coMentionedWith", "project/1a2b3c4d5e6f"))
    assert graph.value(assertion, RDF.type) == GR.RelationAssertion
    assert graph.value(assertion, RDF.subject) == zy
    assert graph.value(assertion, RDF.predicate) == GR.coMentionedWith
    assert graph.value(assertion, RDF.object) == park
    assert graph.value(assertion, GR.weight).toPython() == 2
    assert len(set(graph.objects(assertion, GR.evidence))) == 2


def test_repeated_relation_merges_into_one_assertion():
    b = make_build()
    b.relations.append(Relation(b.relations[0].subject, "settledIn", b.relations[0].object,
                                list(b.relations[0].evidence)))
    g = build_graph(b)
    assertion = URIRef(iris.relation_iri(_e(b.relations[0].subject), "settledIn", b.relations[0].object))
    assert list(g.objects(assertion, GR.weight)) == [Literal(2, datatype=XSD.integer)]


def test_merge_evidence(graph):
    zy = _e("enterprise/0a1b2c3d4e5f")
    (merge,) = graph.objects(zy, GR.hasMerge)
    assert graph.value(merge, RDF.type) == GR.MergeEvidence
    assert set(graph.objects(merge, GR.mergedForm)) == {Literal("株硬集团", lang="zh"),
                                                       Literal("株洲硬质合金集团", lang="zh")}
    assert graph.value(merge, GR.score).toPython() == pytest.approx(0.92)
    assert graph.value(merge, GR.rule) == Literal("short-name")
    assert graph.value(merge, GR.evidence) is not None


def test_awkward_characters_kept_exactly(graph):
    nasty = _e("place/6f708192a3b4")
    assert graph.value(nasty, SKOS.prefLabel) == Literal(NASTY, lang="zh")
    assert str(nasty).isascii()


def test_lone_surrogates_become_replacement_characters():
    r = make_report("a.txt", [("review", "甲公司投产。")], ReportMeta(year=2020))
    g = build_graph(Build([r], [Entity("enterprise/aaaaaaaaaaaa", "Enterprise", "甲\udc80")], []))
    assert g.value(_e("enterprise/aaaaaaaaaaaa"), SKOS.prefLabel) == Literal("甲\ufffd", lang="zh")


def test_base_iri_is_configurable(build):
    g = build_graph(build, "http://example.org/kg/")
    assert all(str(s).startswith("http://example.org/kg/") for s in g.subjects())
    with pytest.raises(ValueError):
        build_graph(build, "http://example.org/kg")


def test_unknown_report_is_kept_under_a_stable_iri():
    r = make_report("a.txt", [("review", "甲公司投产。")], ReportMeta(year=2020))
    m = Mention("missing.txt", 0, 3, "甲公司", "Enterprise", "甲公司投产。", "review", "hand")
    g = build_graph(Build([r], [Entity("enterprise/aaaaaaaaaaaa", "Enterprise", "甲公司", mentions=[m])], []))
    node = next(g.subjects(GR.denotes, None))
    assert "/report/unknown-" in str(g.value(node, PROV.wasQuotedFrom))


@pytest.mark.parametrize("given,local", [("located_in", "locatedIn"), ("locatedIn", "locatedIn"),
                                         ("located-in", "locatedIn"), ("co_mention", "coMentionedWith"),
                                         ("supplies_to", "suppliesTo")])
def test_relation_predicate_names(given, local):
    assert relation_local_name(given) == local


def test_relation_predicate_must_be_ascii():
    with pytest.raises(ValueError):
        relation_local_name("位于")


def test_empty_build_gives_empty_graph():
    assert len(build_graph(Build([], [], []))) == 0
