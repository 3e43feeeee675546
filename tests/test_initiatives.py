"""Initiative extractor: quoted names with head words, series, lists, numbered and
unquoted theme years, and what is not an initiative."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import initiatives
from kg.extract.context import ExtractContext
from kg.link.names import canonical
from kg.model import Extraction

ROOT = Path(__file__).resolve().parent.parent
EXTRA = ROOT / "tests" / "data" / "extra"
R000, R001, R002, R003 = ("000_8ff613cba856dcb9.txt", "001_98fa88b3beb3cc7e.txt",
                          "002_88621541501a8a2f.txt", "003_cd869bf110cf6586.txt")


@pytest.fixture(scope="module")
def found(sample_reports) -> dict[str, Extraction]:
    ctx = ExtractContext()
    return {rid: initiatives.extract(r, ctx) for rid, r in sample_reports.items()}


@pytest.fixture(scope="module")
def extra() -> dict[str, Extraction]:
    from kg.corpus import load_report

    ctx = ExtractContext()
    return {p.name: initiatives.extract(load_report(p), ctx) for p in sorted(EXTRA.glob("*.txt"))}


def names(ex: Extraction) -> set[str]:
    return {m.text for m in ex.mentions if m.type == "Initiative"}


def rule_of(ex: Extraction, text: str) -> str:
    return next(m.rule for m in ex.mentions if m.text == text)


def test_quoted_name_is_the_text_inside_the_quotes(found):
    ex = found[R000]
    assert {"项目攻坚年", "作风建设年", "重大项目攻坚年", "创新成果转化年", "十大攻坚行动", "春雷行动",
            "利剑行动", "夏季攻势", "利剑护蕾·雷霆行动"} <= names(ex)
    assert rule_of(ex, "项目攻坚年") == "quoted_name"
    # “重大项目攻坚年”活动: the trailing 活动 is not part of the theme year's name
    assert not any(n.startswith("“重大项目攻坚年”") for n in names(ex))


def test_quotes_followed_by_a_head_word(found):
    ex = found[R000]
    assert {"“一降一升”行动", "“三送三解三优”活动", "“六即”改革", "“大部门制”改革", "“金芙蓉”跃升行动",
            "“两带头五整治”纠风防腐专项行动", "“蓝天、碧水、净土”保卫战", "“友邻帮”互助养老服务品牌",
            "“三微六位”民生工程"} <= names(ex)
    m = next(m for m in ex.mentions if m.text == "“一降一升”行动" and m.section == "review")
    assert m.cue == "开展" and m.rule == "quoted_head"


def test_quoted_series_share_the_head(found):
    ex = found[R000]
    assert {"村社分账", "“三社合一”改革"} <= names(ex)  # “村社分账”“三社合一”改革试点
    assert rule_of(ex, "村社分账") == "quoted_series"


def test_initiative_lists(found):
    ex = found[R003]
    assert {"活力高新", "幸福天元", "自在天元"} <= names(ex)  # “A”“B”“C”等形象品牌
    assert "穿越荷塘" in names(found[R000])  # 第九季“穿越荷塘”等系列活动


def test_numbered_and_unquoted_theme_years(found):
    assert "六大工程" in names(found[R002])
    assert "产业项目建设年" in names(found[R001])  # 深入开展产业项目建设年活动


def test_same_initiative_across_reports(found):
    canon = {rid: {canonical(n) for n in names(ex)} for rid, ex in found.items()}
    assert all("金芙蓉跃升行动" in canon[r] for r in (R000, R002, R003))
    assert all("蓝天碧水净土保卫战" in canon[r] for r in (R000, R002, R003))


def test_not_initiatives(found):
    every = set().union(*(names(ex) for ex in found.values()))
    for bad in ("双下降", "零发生", "十四五", "三高四新", "“三高四新”战略", "“一体三互”战略", "网红店",
                "“自在天元”等形象品牌", "“一件事一次办”等行政审批事项改革", "三微", "“三微”工作",
                "保交楼", "“保交楼”项目", "职", "蓝天300天", "发展六仗"):
        assert bad not in every, bad


def test_mentions_are_well_formed(found, sample_reports):
    for rid, ex in found.items():
        text = sample_reports[rid].text
        for m in ex.mentions:
            assert text[m.start:m.end] == m.text and m.type == "Initiative" and m.rule
        spans = [(m.start, m.end) for m in ex.mentions]
        assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_other_regions_and_years(extra):
    county = names(extra["county_2021_qingxi.txt"])
    assert {"产业项目提速年", "“千企帮千村”行动", "“企业服务月”活动", "“放管服”改革", "四大会战",
            "项目建设攻坚年", "“温暖青溪”民生工程", "作风建设提升年"} <= county
    city = names(extra["city_2020_nanling.txt"])  # ASCII "..." quotes, normalised
    assert {"“城市双修”行动", "“最多跑一次”改革", "“亩均论英雄”改革", "招商引资攻坚年", "“万企上云”行动",
            "清河行动", "“南陵制造”品牌"} <= city
    assert {"“清洁家园”行动", "美丽乡村建设年", "“强链补链”行动"} <= names(extra["district_2025_baiyun_pdf.txt"])
