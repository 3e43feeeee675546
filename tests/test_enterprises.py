"""Enterprise extractor: suffixes and cues, lists, names that are both enterprise and
project, links, bootstrapping, other regions' reports, and noise."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import enterprises, patterns, projects
from kg.extract.context import ExtractContext, LexiconEntry
from kg.model import Extraction

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "tests" / "data" / "extra"
R000, R001, R002, R003, R004 = (
    "000_8ff613cba856dcb9.txt", "001_98fa88b3beb3cc7e.txt", "002_88621541501a8a2f.txt",
    "003_cd869bf110cf6586.txt", "004_e5f92e7d73b9cccd.txt")


@pytest.fixture(scope="module")
def ctx() -> ExtractContext:
    return ExtractContext()


@pytest.fixture(scope="module")
def found(sample_reports, ctx) -> dict[str, Extraction]:
    return {rid: enterprises.extract(r, ctx) for rid, r in sample_reports.items()}


@pytest.fixture(scope="module")
def extra(ctx) -> dict[str, Extraction]:
    from kg.corpus import load_report

    return {p.name: enterprises.extract(load_report(p), ctx) for p in sorted(EXTRA.glob("*.txt"))}


def names(ex: Extraction) -> set[str]:
    return {m.text for m in ex.mentions if m.type == "Enterprise"}


def cues(ex: Extraction, text: str) -> list[str | None]:
    return [m.cue for m in ex.mentions if m.text == text]


def test_short_names_with_suffix_and_cue(found):
    ex = found[R000]
    assert {"株硬集团", "中天建设", "科能新材", "宏达电子"} <= names(ex)
    assert cues(ex, "中天建设") == ["港股上市"]  # 助力中天建设港股上市
    assert cues(ex, "科能新材") == ["上市"]
    assert cues(ex, "宏达电子") == ["跻身"]
    assert {"汉德车桥", "兰亭食品", "宏达电子"} <= names(found[R002])
    assert {"万融新材", "高科集团", "锦耘城市环境服务公司"} <= names(found[R003])


def test_enterprise_lists(found):
    assert {"华明机电", "金山硬质合金", "豪生国际酒店", "东都", "银泰"} <= names(found[R000])
    assert {"德国梅塞尔", "株硬集团"} <= names(found[R002])
    assert {"科瑞变流", "时代电动", "嘉成科技", "宏大高分子", "南方阀门", "长城电脑", "麦格米特",
            "株钻"} <= names(found[R003])


def test_name_that_is_both_enterprise_and_project(sample_reports, found, ctx):
    ex = found[R000]
    proj = {(m.start, m.end) for m in projects.extract(sample_reports[R000], ctx).mentions}
    for name in ("宜安精密", "梅塞尔", "顶立科技"):
        spans = {(m.start, m.end) for m in ex.mentions if m.text == name}
        assert spans and spans <= proj, name
        assert any(l.predicate == patterns.PRED_NAMES_PROJECT and l.subject.text == name
                   and (l.object.start, l.object.end) == (l.subject.start, l.subject.end) for l in ex.links)
    assert "宏工智能" in names(found[R003]) and "三峰科技" in names(found[R002])
    # a product line is a project, not a company
    assert not {"凯睿思覆铜板", "鑫宏业新能源特种线缆", "硬质合金国际交易中心"} & (names(found[R003]) | names(ex))


def test_invests_and_settles_in_links(found):
    links3 = {(l.subject.text, l.predicate, l.object.text) for l in found[R003].links}
    assert ("时代新材", "invests", "时代新材创新中心") in links3
    assert ("麦格米特", "invests", "麦格米特基地扩展二期") in links3
    links0 = {(l.subject.text, l.predicate, l.object.text) for l in found[R000].links}
    assert ("华明机电", "settlesIn", "先进硬质材料产业园1-1期") in links0
    for ex in found.values():
        assert all(l.predicate in patterns.PREDICATES for l in ex.links)
        assert all(l.subject in ex.mentions for l in ex.links)  # link ends are emitted mentions
        assert all(l.evidence.start <= l.subject.start and l.subject.end <= l.evidence.end for l in ex.links)


def test_project_link_objects_are_project_mentions(sample_reports, found, ctx):
    proj = projects.extract(sample_reports[R003], ctx).mentions
    assert all(l.object in proj for l in found[R003].links)


def test_noise_is_not_an_enterprise(found):
    every = set().union(*(names(ex) for ex in found.values()))
    for bad in ("管委会+公司", "城市医疗集团", "产业转型升级公司", "新能源装备", "轨道交通装备",
                "先进硬质材料产业", "区域性股权", "新三板", "荷塘小学教育集团", "平台公司", "物业公司",
                "骨干企业", "高新技术企业", "龙头企业", "醴娄", "荣盛华府", "5次", "会项目建设"):
        assert bad not in every, bad
    assert not any(n.endswith(("政府", "管委会", "局", "委员会")) for n in every)


def test_bootstrap_within_report_and_from_lexicon(sample_reports):
    r = sample_reports[R003]
    ex = enterprises.extract(r, ExtractContext())
    assert len([m for m in ex.mentions if m.text == "时代新材"]) >= 4
    assert "凯睿思" not in names(ex)
    lex = ExtractContext(lexicon=[LexiconEntry("凯睿思", "Enterprise")])
    ex2 = enterprises.extract(r, lex)
    assert "凯睿思" in names(ex2)  # opens the project name 凯睿思覆铜板
    assert any(l.subject.text == "凯睿思" and l.predicate == "invests" for l in ex2.links)


def test_other_regions_and_years(extra):
    county = extra["county_2021_qingxi.txt"]
    assert {"凯拓精工", "华岳食品", "远航锂电", "瑞丰生物", "泰和机电", "鼎峰股份", "青溪农商银行"} <= names(county)
    assert "上市" in cues(county, "鼎峰股份")
    city = extra["city_2020_nanling.txt"]
    assert {"华辰半导体", "南陵钢铁集团", "博川科技", "启明光电", "南陵港集团"} <= names(city)
    pdf = extra["district_2025_baiyun_pdf.txt"]
    assert {"恒远精密", "中科曙光", "白云化工集团", "云启科技"} <= names(pdf)
    assert cues(pdf, "云启科技") == ["港股上市"]
    assert not {"骨干企业", "优质企业"} & names(pdf)


def test_applicants_for_an_enterprise_title(found):
    # 支持飞鹿、橡胶院申报市级工业设计中心
    ex = found[R002]
    assert {"飞鹿", "橡胶院"} <= names(ex)
    assert next(m for m in ex.mentions if m.text == "飞鹿").rule == "applicant"


def test_short_name_from_a_full_name(found):
    # 001 names 飞鹿公司 (建成…飞鹿公司林荫停车场); its short name stands in 飞鹿高分子涂料
    ex = found[R001]
    assert "飞鹿公司" in names(ex)
    assert any(m.text == "飞鹿" and m.rule in ("short_name", "enterprise_in_project_name") for m in ex.mentions)


@pytest.mark.parametrize("sentence, want", [
    ("支持星瀚、蓝岩申报省级企业技术中心。", {"星瀚", "蓝岩"}),
    ("鼓励澜沧、北辰等企业争创专精特新“小巨人”。", {"澜沧", "北辰"}),
    ("推动电子信息、生物医药争创省级先进制造业集群。", set()),
    ("支持青年、妇女申报创业项目。", set()),
])
def test_applicant_genre_sentences(sentence, want, ctx):
    from kg.corpus import report_from_text

    r = report_from_text("政府工作报告\n二、今年工作任务\n" + sentence + "\n", "genre.txt")
    assert names(enterprises.extract(r, ctx)) == want


def test_yunhai_report_2024(extra):
    ex = extra["district_2024_yunhai.txt"]
    assert {"星瀚", "蓝岩", "青禾公司", "青禾"} <= names(ex)
    assert next(m for m in ex.mentions if m.text == "青禾").rule == "short_name"  # 推动青禾拓展海外市场
    assert not {"电子信息", "生物医药"} & names(ex)
