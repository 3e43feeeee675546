"""Linking on crafted extractions: one entity per name, relations with evidence, status per report."""

from __future__ import annotations

from kg.corpus import report_from_text
from kg.link import link
from kg.link.names import canonical, entity_key
from kg.link.timeline import status_of
from kg.model import Evidence, Extraction, Mention, MentionLink, Sense


def _mention(report, text, type_, section="review", cue=None, rule="test"):
    start = report.text.index(text)
    return Mention(report.id, start, start + len(text), text, type_, report.sentence_text(start),
                   section, rule, cue)


def test_canonical_ignores_quotes_spaces_and_widths():
    assert canonical("“项目 攻坚年”") == canonical('"项目攻坚年"') == "项目攻坚年"
    assert canonical("１＋６") == "1+6"


def test_keys_are_stable_ascii_and_type_scoped():
    k = entity_key("Project", "某某产业园")
    assert k == entity_key("Project", "某某产业园")
    assert k.isascii() and k.startswith("project/")
    assert entity_key("Enterprise", "某某产业园") != k


def test_same_name_across_reports_is_one_entity_with_both_reports():
    a = report_from_text("一、2022年工作回顾\n甲乙科技入驻园区。", "a.txt")
    b = report_from_text("一、2023年工作回顾\n“甲乙科技”扩产。", "b.txt")
    ea = Extraction("a.txt", [_mention(a, "甲乙科技", "Enterprise")])
    eb = Extraction("b.txt", [_mention(b, "“甲乙科技”", "Enterprise")])
    entities, _ = link([a, b], [ea, eb])
    assert len(entities) == 1
    e = entities[0]
    assert e.reports == ["a.txt", "b.txt"]
    assert e.label in {"甲乙科技", "“甲乙科技”"} and len(e.aliases) == 1
    assert e.merges and e.merges[0].rule == "same-canonical-name"


def test_same_name_different_types_stay_apart():
    a = report_from_text("丙丁产业园开工。丙丁产业园公司上市。", "a.txt")
    ex = Extraction("a.txt", [_mention(a, "丙丁产业园", "Project"), _mention(a, "丙丁产业园", "Enterprise")])
    entities, _ = link([a], [ex])
    assert sorted(e.type for e in entities) == ["Enterprise", "Project"]


def test_status_from_cue_and_section():
    r = report_from_text("x", "a.txt")
    review = Mention("a.txt", 0, 1, "x", "Project", "x", "review", "t", "开工")
    plan = Mention("a.txt", 0, 1, "x", "Project", "x", "plan", "t", "开工")
    assert status_of(review) == "started"
    assert status_of(plan) == "planned"
    assert status_of(Mention("a.txt", 0, 1, "x", "Project", "x", "review", "t", None)) is None
    assert status_of(Mention("a.txt", 0, 1, "x", "Project", "x", "plan", "t", None)) == "planned"
    assert r.id == "a.txt"


def test_timeline_keeps_most_advanced_status_per_report_and_notes_unknown_year():
    a = report_from_text("某某基地开工。某某基地建成投产。", "a.txt")
    m1 = _mention(a, "某某基地", "Project", cue="开工")
    start = a.text.rindex("某某基地")
    m2 = Mention("a.txt", start, start + 4, "某某基地", "Project", a.sentence_text(start), "review", "t", "投产")
    entities, _ = link([a], [Extraction("a.txt", [m1, m2])])
    (event,) = entities[0].status
    assert event.status == "operating"
    assert event.year is None and "unknown" in event.note


def test_relations_carry_evidence():
    a = report_from_text("深入开展“三送三解”活动，甲乙科技入驻丙丁产业园。", "a.txt")
    ini = _mention(a, "“三送三解”活动", "Initiative")
    abbr = _mention(a, "三送三解", "Abbreviation")
    ent = _mention(a, "甲乙科技", "Enterprise")
    park = _mention(a, "丙丁产业园", "Project")
    ev = Evidence("a.txt", ent.start, park.end, ent.sentence, "settles-in")
    ex = Extraction("a.txt", [ini, abbr, ent, park], [], [MentionLink(ent, "locatedIn", park, ev)])
    entities, relations = link([a], [ex])
    by_label = {e.label: e.key for e in entities}
    preds = {(r.subject, r.predicate, r.object) for r in relations}
    assert (by_label["“三送三解”活动"], "namedBy", by_label["三送三解"]) in preds
    assert (by_label["甲乙科技"], "locatedIn", by_label["丙丁产业园"]) in preds
    assert all(r.evidence and r.evidence[0].sentence for r in relations)


def test_divergent_senses_are_flagged():
    a = report_from_text("一", "a.txt")
    b = report_from_text("二", "b.txt")
    s1 = Sense("三微", "a.txt", "glossary", "甲、乙、丙", ["甲", "乙", "丙"])
    s2 = Sense("三微", "b.txt", "glossary", "丁、戊、己", ["丁", "戊", "己"])
    s3 = Sense("两化", "a.txt", "glossary", "甲、乙", ["甲", "乙"])
    s4 = Sense("两化", "b.txt", "inline", "甲和乙", ["甲", "乙"])
    entities, _ = link([a, b], [Extraction("a.txt", senses=[s1, s3]), Extraction("b.txt", senses=[s2, s4])])
    by_label = {e.label: e for e in entities}
    assert by_label["三微"].divergent and len(by_label["三微"].senses) == 2
    assert not by_label["两化"].divergent


def _reports_with_meta(*specs):
    """Reports of given (id, region, parent, level, text)."""
    out = []
    for rid, region, parent, level, text in specs:
        r = report_from_text(text, rid)
        r.meta.region, r.meta.parent, r.meta.level = region, parent, level
        out.append(r)
    return out


def _link_names(reports, names_by_report):
    exs = []
    for r in reports:
        exs.append(Extraction(r.id, [_mention(r, text, type_) for text, type_ in names_by_report[r.id]]))
    return link(reports, exs)[0]


def test_place_prefix_and_head_word_variants_merge_with_evidence():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "建设湖南丙丁材料产业园。实施“戊己”行动。"),
        ("b.txt", "甲区", "乙市", "区", "丙丁材料产业园项目开工。“戊己”行动深入开展。"),
    )
    entities = _link_names([a, b], {
        "a.txt": [("湖南丙丁材料产业园", "Project"), ("“戊己”行动", "Initiative")],
        "b.txt": [("丙丁材料产业园项目", "Project"), ("“戊己”行动", "Initiative")],
    })
    park = next(e for e in entities if e.type == "Project")
    assert park.reports == ["a.txt", "b.txt"]
    assert {m.rule for m in park.merges} <= {"head-word+place-prefix", "place-prefix", "head-word"}
    assert all(0 < m.score <= 1 and m.evidence for m in park.merges)


def test_phases_never_merge():
    (a,) = _reports_with_meta(("a.txt", "甲区", "乙市", "区", "丙丁产业园一期竣工，丙丁产业园二期开工。"))
    entities = _link_names([a], {"a.txt": [("丙丁产业园一期", "Project"), ("丙丁产业园二期", "Project")]})
    assert len(entities) == 2


def test_same_project_name_in_two_prefectures_stays_two():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "人民医院新院开工。"),
        ("b.txt", "丙县", "丁市", "县", "人民医院新院竣工。"),
    )
    entities = _link_names([a, b], {"a.txt": [("人民医院新院", "Project")], "b.txt": [("人民医院新院", "Project")]})
    assert len(entities) == 2


def test_district_and_its_city_share_projects():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "戊己智慧城开工。"),
        ("b.txt", "乙市", None, "市", "戊己智慧城建成。"),
    )
    entities = _link_names([a, b], {"a.txt": [("戊己智慧城", "Project")], "b.txt": [("戊己智慧城", "Project")]})
    assert len(entities) == 1


def test_two_places_with_one_core_stay_apart():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "湖南丙丁科技有限公司落户。"),
        ("b.txt", "甲区", "乙市", "区", "广东丙丁科技有限公司落户。"),
    )
    entities = _link_names([a, b], {"a.txt": [("湖南丙丁科技有限公司", "Enterprise")],
                                    "b.txt": [("广东丙丁科技有限公司", "Enterprise")]})
    assert len(entities) == 2


def test_country_prefix_and_short_company_name_merge():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "引进德国戊己公司。乙市硬质合金集团扩产。"),
        ("b.txt", "甲区", "乙市", "区", "戊己公司投产。乙硬集团上市。"),
    )
    entities = _link_names([a, b], {"a.txt": [("德国戊己公司", "Enterprise"), ("乙市硬质合金集团", "Enterprise")],
                                    "b.txt": [("戊己公司", "Enterprise"), ("乙硬集团", "Enterprise")]})
    assert len(entities) == 2
    short = next(e for e in entities if "乙硬集团" in [e.label, *e.aliases])
    assert "乙市硬质合金集团" in [short.label, *short.aliases]
    assert any(m.rule == "short-form" for m in short.merges)
    assert short.former_keys  # the short name's own key stays reachable


def test_near_variants_join_but_parts_and_directions_do_not():
    from kg.link.variants import is_near_variant

    assert is_near_variant("农产品冷链物流园", "农产品智慧冷链物流园")
    assert is_near_variant("智慧冷链物流园", "农产品智慧冷链物流园")
    assert is_near_variant("中美医院", "中美国际医院")
    assert not is_near_variant("石峰大桥西匝道", "石峰大桥东西匝道")
    assert not is_near_variant("某某产业园", "某某产业园二期")
    assert not is_near_variant("物流园", "智慧物流园")


def test_sibling_districts_keep_their_own_initiatives_unless_the_city_names_it():
    a, b, c = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "开展“百日攻坚”行动。推进“六即”改革。"),
        ("b.txt", "丙区", "乙市", "区", "开展“百日攻坚”行动。推进“六即”改革。"),
        ("c.txt", "乙市", None, "市", "深化“六即”改革。"),
    )
    entities = _link_names([a, b, c], {
        "a.txt": [("“百日攻坚”行动", "Initiative"), ("“六即”改革", "Initiative")],
        "b.txt": [("“百日攻坚”行动", "Initiative"), ("“六即”改革", "Initiative")],
        "c.txt": [("“六即”改革", "Initiative")],
    })
    campaigns = [e for e in entities if "百日攻坚" in e.label]
    reforms = [e for e in entities if "六即" in e.label]
    assert len(campaigns) == 2
    assert len(reforms) == 1 and reforms[0].reports == ["a.txt", "b.txt", "c.txt"]
    assert any(m.rule == "shared-with-parent" for m in reforms[0].merges) or reforms[0].former_keys


def test_status_verb_read_from_the_clause_when_no_cue():
    from kg.link.timeline import clause_cue

    def m(text, sentence, section="review"):
        return Mention("a.txt", 0, len(text), text, "Project", sentence, section, "t", None)

    assert clause_cue(m("某某物流园", "某某物流园建成投产，带动就业。")) == "投产"
    assert status_of(m("某某物流园", "某某物流园建成投产，带动就业。")) == "operating"
    assert clause_cue(m("甲乙产业园", "实现甲乙产业园、丙丁基地等25个项目开工。")) == "开工"
    assert clause_cue(m("丙丁大桥", "建成丙丁大桥，新增停车位300个。")) == "建成"
    assert clause_cue(m("戊己中心", "戊己中心稳步运行，与开工无关的下一句。")) is None
    assert status_of(m("戊己中心", "加快戊己中心建设。", section="plan")) == "planned"


def test_company_word_and_project_head_words_are_variants():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "丙丁公司扩产。戊己污水系统治理工程开工。"),
        ("b.txt", "甲区", "乙市", "区", "支持丙丁上市。戊己污水系统治理稳步推进。"),
    )
    entities = _link_names([a, b], {"a.txt": [("丙丁公司", "Enterprise"), ("戊己污水系统治理工程", "Project")],
                                    "b.txt": [("丙丁", "Enterprise"), ("戊己污水系统治理", "Project")]})
    assert len(entities) == 2 and all(e.reports == ["a.txt", "b.txt"] for e in entities)
