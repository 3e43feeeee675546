"""Linking on crafted extractions: one entity per name, relations with evidence, status per report."""

from __future__ import annotations

from kg.corpus import report_from_text
from kg.link import link
from kg.link.names import canonical, entity_key
from kg.extract.lists import with_list_heads
from kg.extract.status import read_clause, read_status, reading_of
from kg.model import Evidence, Extraction, Mention, MentionLink, Sense


def status_of(mention: Mention) -> str | None:
    """The status extraction reads on a mention (kg.extract.status)."""
    return reading_of(mention).status


def _mention(report, text, type_, section="review", cue=None, rule="test"):
    start = report.text.index(text)
    # a project's status is read by extraction (kg.extract.status); linking collects it
    return read_status(Mention(report.id, start, start + len(text), text, type_, report.sentence_text(start),
                               section, rule, cue))


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
    m2 = read_status(Mention("a.txt", start, start + 4, "某某基地", "Project", a.sentence_text(start), "review", "t",
                             "投产"))
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
        # the lists a bare name stands in are read by extraction (kg.extract.lists)
        exs.append(with_list_heads(r, Extraction(r.id, [_mention(r, text, type_)
                                                       for text, type_ in names_by_report[r.id]])))
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


def test_an_initiative_of_the_city_is_one_entity_in_every_district_report():
    a, b, c = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "推进“六即”改革，优化营商环境。"),
        ("b.txt", "丙区", "乙市", "区", "深化“六即”改革，营商环境持续优化。"),
        ("c.txt", "丁区", "乙市", "区", "巩固“六即”改革成果。"),
    )
    entities = _link_names([a, b, c], {r.id: [("“六即”改革", "Initiative")] for r in (a, b, c)})
    (reform,) = entities
    assert reform.reports == ["a.txt", "b.txt", "c.txt"]
    joins = [m for m in reform.merges if m.rule != "same-canonical-name"]
    assert joins and all("shared-in-scope" in m.rule and 0 < m.score < 1 for m in joins)
    assert all(m.evidence and m.evidence[0].rule.startswith("context:") for m in joins)
    # one record per pair of forms and rule, citing every report it rests on
    (join,) = joins
    assert {e.report for e in join.evidence} == {"a.txt", "b.txt", "c.txt"}
    assert any("shared=" in e.rule and "营商" in e.rule for e in join.evidence)


def test_shared_context_weighs_more_than_none():
    a, b, c = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "推进“六即”改革，优化营商环境。"),
        ("b.txt", "丙区", "乙市", "区", "深化“六即”改革，营商环境持续优化。"),
        ("c.txt", "丁区", "乙市", "区", "巩固“六即”改革成果。"),
    )
    shared = _link_names([a, b], {r.id: [("“六即”改革", "Initiative")] for r in (a, b)})[0].merges[0]
    bare = _link_names([a, c], {r.id: [("“六即”改革", "Initiative")] for r in (a, c)})[0].merges[0]
    assert shared.score > bare.score > 0


def test_a_province_initiative_joins_across_cities_of_the_province():
    a, b, c = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "实施企业上市“庚辛”跃升行动。"),
        ("b.txt", "乙市", "戊省", "市", "加快“庚辛”跃升行动，支持企业上市。"),
        ("c.txt", "丙市", "戊省", "市", "推进“庚辛”跃升行动，新增上市企业2家。"),
    )
    entities = _link_names([a, b, c], {r.id: [("“庚辛”跃升行动", "Initiative")] for r in (a, b, c)})
    assert len(entities) == 1 and entities[0].reports == ["a.txt", "b.txt", "c.txt"]


def test_one_name_two_campaigns_are_told_apart_by_the_modifier_before_the_quotes():
    # one district, two years: a project-building drive and an environmental campaign
    a, b, c = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "全面推进产业项目建设“壬癸”行动，加快土地报批。"),
        ("b.txt", "甲区", "乙市", "区", "扎实开展“壬癸行动”“子丑行动”，抓好环保督察整改。"),
        ("c.txt", "丙区", "乙市", "区", "生态环保格局形成，“壬癸行动”、“子丑行动”任务全部完成。"),
    )
    entities = _link_names([a, b, c], {
        "a.txt": [("“壬癸”行动", "Initiative")],
        "b.txt": [("壬癸行动", "Initiative"), ("子丑行动", "Initiative")],
        "c.txt": [("壬癸行动", "Initiative"), ("子丑行动", "Initiative")],
    })
    campaigns = sorted((e for e in entities if "壬癸" in e.label), key=lambda e: e.reports)
    assert [e.reports for e in campaigns] == [["a.txt"], ["b.txt", "c.txt"]]
    assert len({e.key for e in campaigns}) == 2
    (env,) = [e for e in campaigns if len(e.reports) == 2]
    (join,) = [m for m in env.merges if m.rule != "same-canonical-name"]
    assert "co-mentioned=子丑" in join.evidence[0].rule  # the campaign named beside it in both


def test_generic_campaign_names_of_two_districts_with_different_targets_stay_apart():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "开展市容环境整治“百日攻坚”行动，垃圾分类全覆盖。"),
        ("b.txt", "丙区", "乙市", "区", "深入开展危房安全排查“百日攻坚”行动，排查房屋300栋。"),
    )
    entities = _link_names([a, b], {r.id: [("“百日攻坚”行动", "Initiative")] for r in (a, b)})
    assert len(entities) == 2
    assert len({e.key for e in entities}) == 2


def test_modifier_is_the_nominal_phrase_glued_before_the_name():
    from kg.link.context import modifier_before

    def mod(sentence):
        return modifier_before(sentence, sentence.index("“"))

    assert mod("全面推进产业项目建设“甲乙”行动") == "产业项目建设"
    assert mod("实施企业上市“甲乙”跃升行动") == "企业上市"
    assert mod("扎实开展“甲乙”行动") == ""
    assert mod("更大彰显“甲乙”改革成效") == ""  # a verb governs the name
    assert mod("着力培塑“甲乙”园区新优势") == ""
    assert mod("成功举办全国首届“甲乙论坛”") == ""  # edition and level words
    assert mod("举办第九季“甲乙”系列活动") == ""
    assert mod("构建大格局，“甲乙行动”完成") == ""  # another clause


def test_campaign_head_words_are_variants():
    a, b, c = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "打好丙丁戊己专项斗争。开展庚辛壬癸子集中整治行动。"),
        ("b.txt", "甲区", "乙市", "区", "常态化开展丙丁戊己斗争。加强庚辛壬癸子整治。"),
        ("c.txt", "乙市", None, "市", "推进庚辛壬癸子整治三年行动。"),
    )
    entities = _link_names([a, b, c], {
        "a.txt": [("丙丁戊己专项斗争", "Initiative"), ("庚辛壬癸子集中整治行动", "Initiative")],
        "b.txt": [("丙丁戊己斗争", "Initiative"), ("庚辛壬癸子整治", "Initiative")],
        "c.txt": [("庚辛壬癸子整治三年行动", "Initiative")],
    })
    assert len(entities) == 2
    rect = next(e for e in entities if "庚辛" in e.label)
    assert rect.reports == ["a.txt", "b.txt", "c.txt"]
    assert any("campaign-head" in m.rule for m in rect.merges)


def test_an_inserted_word_joins_long_campaign_names_only():
    from kg.link.variants import deletion_variants

    a, b, c = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "强化丙丁问题戊己庚整治。"),
        ("b.txt", "甲区", "乙市", "区", "推进丙丁戊己庚整治三年行动。"),
        ("c.txt", "乙市", None, "市", "开展道路丙丁戊己庚整治。"),
    )
    entities = _link_names([a, b, c], {
        "a.txt": [("丙丁问题戊己庚整治", "Initiative")],
        "b.txt": [("丙丁戊己庚整治三年行动", "Initiative")],
        "c.txt": [("道路丙丁戊己庚整治", "Initiative")],
    })
    assert len(entities) == 1 and entities[0].reports == ["a.txt", "b.txt", "c.txt"]
    assert any(m.rule.startswith("inserted-modifier") for m in entities[0].merges)
    # too short to take an inserted word, a theme year, a part or a number inserted
    assert ("丙丁整治", "风险") not in deletion_variants("丙丁风险整治")
    assert deletion_variants("重大甲乙丙丁戊年") == []
    assert all(short != "甲乙丙丁戊整治" for short, _ in deletion_variants("甲乙丙丁北段戊整治"))
    assert all(short != "甲乙丙丁戊整治" for short, _ in deletion_variants("甲乙丙丁二戊整治"))


def test_short_campaign_with_an_inserted_word_stays_apart():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "推进丙丁风险专项整治。"),
        ("b.txt", "甲区", "乙市", "区", "开展丙丁专项整治。"),
    )
    entities = _link_names([a, b], {"a.txt": [("丙丁风险专项整治", "Initiative")],
                                    "b.txt": [("丙丁专项整治", "Initiative")]})
    assert len(entities) == 2


def test_dotted_edition_joins_its_series_but_not_a_look_alike():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "深入开展“丙丁戊己·庚辛行动”。开展“丙丁行动”。"),
        ("b.txt", "乙市", None, "市", "开展“丙丁戊己”等专项行动。"),
    )
    entities = _link_names([a, b], {"a.txt": [("“丙丁戊己·庚辛行动”", "Initiative"), ("“丙丁行动”", "Initiative")],
                                    "b.txt": [("“丙丁戊己”", "Initiative")]})
    series = next(e for e in entities if "戊己" in e.label)
    assert series.reports == ["a.txt", "b.txt"]
    assert any(m.rule.startswith("interpunct-series") for m in series.merges)
    assert len(entities) == 2  # “丙丁行动” stays its own


def test_event_abbreviation_joins_its_one_expansion():
    from kg.link.variants import is_event_abbreviation

    assert is_event_abbreviation("甲博会", "甲乙丙丁博览会")
    assert is_event_abbreviation("甲丙交会", "甲乙丙丁交易会")
    assert not is_event_abbreviation("丁博会", "甲乙丙丁博览会")  # not the first character
    assert not is_event_abbreviation("甲交会", "甲乙丙丁博览会")  # not the event word's
    assert not is_event_abbreviation("甲博会", "甲乙峰会")  # too short to be abbreviated
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "承办丙丁戊己博览会。"),
        ("b.txt", "乙市", None, "市", "举办丙博会、戊博会。"),
    )
    entities = _link_names([a, b], {"a.txt": [("丙丁戊己博览会", "Initiative")],
                                    "b.txt": [("丙博会", "Initiative"), ("戊博会", "Initiative")]})
    expo = next(e for e in entities if "丙丁戊己博览会" in [e.label, *e.aliases])
    assert expo.reports == ["a.txt", "b.txt"] and "丙博会" in [expo.label, *expo.aliases]
    assert len(entities) == 2


def test_event_abbreviation_with_two_expansions_joins_none():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "承办丙丁博览会、丙戊博览会。"),
        ("b.txt", "乙市", None, "市", "举办丙博会。"),
    )
    entities = _link_names([a, b], {"a.txt": [("丙丁博览会", "Initiative"), ("丙戊博览会", "Initiative")],
                                    "b.txt": [("丙博会", "Initiative")]})
    assert len(entities) == 3


def test_coordinated_project_name_joins_the_one_conjunct_known_as_a_project():
    from kg.link.variants import coordinated_expansions

    assert ("丙丁高速扩容", "丙丁") in coordinated_expansions("丙丁及戊己高速扩容(东线)")
    assert ("戊己高速扩容", "戊己") in coordinated_expansions("丙丁及戊己高速扩容(东线)")
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "推动丙丁及戊己高速扩容（东线）建设。"),
        ("b.txt", "乙市", None, "市", "丙丁高速扩容工程加快推进。"),
    )
    entities = _link_names([a, b], {"a.txt": [("丙丁及戊己高速扩容（东线）", "Project")],
                                    "b.txt": [("丙丁高速扩容工程", "Project")]})
    assert len(entities) == 1
    assert any(m.rule == "coordinated-name" and m.score < 1 for m in entities[0].merges)


def test_coordinated_project_name_with_both_conjuncts_known_joins_neither():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "推动丙丁及戊己高速扩容建设。"),
        ("b.txt", "乙市", None, "市", "丙丁高速扩容、戊己高速扩容加快推进。"),
    )
    entities = _link_names([a, b], {"a.txt": [("丙丁及戊己高速扩容", "Project")],
                                    "b.txt": [("丙丁高速扩容", "Project"), ("戊己高速扩容", "Project")]})
    assert len(entities) == 3


def test_bare_list_item_joins_the_name_with_the_shared_head():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "协调推进丙丁高速建设。"),
        ("b.txt", "乙市", None, "市", "丙丁、戊己、庚辛等高速加快建设。支持丙丁发展。"),
    )
    entities = _link_names([a, b], {"a.txt": [("丙丁高速", "Project")], "b.txt": [("丙丁", "Project")]})
    assert len(entities) == 1
    (merge,) = [m for m in entities[0].merges if m.rule == "list-shared-head"]
    assert "等高速" in merge.evidence[0].sentence


def test_bare_name_outside_a_list_stays_apart():
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "加快丙丁学校建设。"),
        ("b.txt", "乙市", None, "市", "支持丙丁、戊己发展壮大。"),
    )
    entities = _link_names([a, b], {"a.txt": [("丙丁学校", "Project")], "b.txt": [("丙丁", "Project")]})
    assert len(entities) == 2


def test_replaced_modifier_joins_two_reports_but_not_one_report_or_directions():
    from kg.link.variants import is_substituted_modifier

    assert is_substituted_modifier("丙丁流域雨污分流改造", "丙丁市政雨污分流改造") == "流域/市政"
    assert is_substituted_modifier("丙丁东段雨污分流改造", "丙丁西段雨污分流改造") is None
    assert is_substituted_modifier("丙丁流域雨污改造", "丙丁市政雨污改造") is None  # shared end too short
    assert is_substituted_modifier("甲流域雨污分流改造", "乙市政雨污分流改造") is None  # no shared start
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "推进丙丁流域雨污分流改造。"),
        ("b.txt", "甲区", "乙市", "区", "完成丙丁市政雨污分流改造。"),
    )
    entities = _link_names([a, b], {"a.txt": [("丙丁流域雨污分流改造", "Project")],
                                    "b.txt": [("丙丁市政雨污分流改造", "Project")]})
    assert len(entities) == 1 and entities[0].merges[0].rule == "substituted-modifier"
    (c,) = _reports_with_meta(("c.txt", "甲区", "乙市", "区", "推进丙丁流域雨污分流改造和丙丁市政雨污分流改造。"))
    entities = _link_names([c], {"c.txt": [("丙丁流域雨污分流改造", "Project"), ("丙丁市政雨污分流改造", "Project")]})
    assert len(entities) == 2  # one report names both: two things


def _phase_reports(plan_section="plan", done_sentence="戊己广场商业综合体建成开业。"):
    a, b = _reports_with_meta(
        ("a.txt", "甲区", "乙市", "区", "建成戊己广场三期商业综合体。"),
        ("b.txt", "甲区", "乙市", "区", done_sentence),
    )
    a.meta.year, b.meta.year = 2022, 2023
    ea = Extraction("a.txt", [_mention(a, "戊己广场三期商业综合体", "Project", section=plan_section)])
    eb = Extraction("b.txt", [_mention(b, "戊己广场商业综合体", "Project", section="review")])
    return link([a, b], [ea, eb])[0]


def test_planned_phase_done_later_under_the_phaseless_name_is_one_project():
    from kg.link.variants import phase_split

    assert phase_split("戊己广场三期商业综合体") == ("戊己广场商业综合体", "三期")
    assert phase_split("戊己广场三期") is None  # a trailing phase is a phase of the whole
    (entity,) = _phase_reports()
    assert [m.rule for m in entity.merges] == ["phase-timeline"]


def test_phase_without_the_plan_then_done_timeline_stays_apart():
    assert len(_phase_reports(plan_section="review")) == 2
    assert len(_phase_reports(done_sentence="推进戊己广场商业综合体建设。")) == 2


def test_status_verb_read_from_the_clause_when_no_cue():
    def clause_cue(mention: Mention) -> str | None:
        return read_clause(mention).cue

    def m(text, sentence, section="review"):
        return Mention("a.txt", 0, len(text), text, "Project", sentence, section, "t", None)

    assert clause_cue(m("某某物流园", "某某物流园建成投产，带动就业。")) == "建成投产"
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
