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
    # (a government's named strategy, “甲乙”战略, is one: independent annotators list them)
    for bad in ("双下降", "零发生", "十四五", "三高四新", "网红店",
                "“自在天元”等形象品牌", "“一件事一次办”等行政审批事项改革", "三微",
                "保交楼", "“保交楼”项目", "职", "蓝天300天", "发展六仗",
                # a campaign head that modifies something else, or a generic description
                "斗争", "污染防治攻坚战指挥部", "绿化行动", "系列民生行动", "专项整治行动",
                "重点领域专项整治", "“双减”工作", "“三类500强”项目", "“四好”农村公路",
                "全国市域社会治理现代化试点合格城市创建"):
        assert bad not in every, bad


def test_unquoted_campaigns(found):
    """Named campaigns written without quotes, after a launching verb (see tests/gold/README.md)."""
    assert {"扫黑除恶斗争", "禁毒人民战争", "重大隐患排查整治行动", "交通问题顽瘴痼疾整治",
            "交通顽瘴痼疾整治三年行动"} <= names(found[R000])
    # 全力打好扫黑除恶专项斗争和禁毒人民战争: the second shares the first's verb
    assert {"扫黑除恶专项斗争", "禁毒人民战争", "污染防治攻坚战", "蓝天保卫战", "碧水保卫战", "温暖企业行动",
            "创建国家生态园林城市三年行动", "农村人居环境整治三年行动", "水库养殖退出行动",
            "重点产业项目帮促行动"} <= names(found[R001])
    # 持续开展安全生产、交通问题顽瘴痼疾集中整治行动: the bare 安全生产 is not a name;
    # 巩固提升安全生产专项整治三年行动: 提升 is the verb, not the name
    ex = found[R002]
    assert {"交通问题顽瘴痼疾集中整治行动", "交通问题顽瘴痼疾整治", "安全生产专项整治三年行动",
            "乡村建设行动", "扫黑除恶斗争", "禁毒人民战争"} <= names(ex)
    assert "安全生产" not in names(ex) and rule_of(ex, "乡村建设行动") == "campaign"
    assert {"安全生产专项整治三年行动", "融资化债攻坚行动"} <= names(found[R003])
    m = next(m for m in found[R001].mentions if m.text == "蓝天保卫战")
    assert m.cue == "打赢" and m.section == "plan"


def test_reform_pilots(found):
    assert "全国农村综合性改革试点试验" in names(found[R002])  # 开展全国农村综合性改革试点试验
    # 成功获批全省唯一国家级农村综改试点试验区 / 全力打造农村综改试验区
    assert {"国家级农村综改试点试验区", "农村综改试验区"} <= names(found[R000])


def test_quoted_core_after_kaizhan(found):
    assert rule_of(found[R002], "打非治违") == "quoted_core"  # 强力开展“打非治违”，
    assert "禁毒问题顽瘴痼疾集中整治" in names(found[R000])  # 深入开展“利剑护蕾·雷霆行动”“禁毒问题…集中整治”
    assert "八五" not in names(found[R003])  # 深入开展“八五”普法: the quotes modify 普法


def test_numbered_programmes(found, sample_reports):
    # 创建“五好”园区 / 培塑“五好”园区新优势 / 以“五好”园区建设为抓手
    assert all("“五好”园区" in names(found[r]) for r in (R000, R002, R003))
    assert "“三微”项目" in names(found[R000])  # 推深“三微”项目
    assert "“三微”工作" in names(found[R002])  # 深入开展“三微”工作
    assert "五好乡村" in names(found[R002])  # 建设“五好乡村”荷塘典范
    r004 = "004_e5f92e7d73b9cccd.txt"
    assert "“三微”实事" in names(initiatives.extract(sample_reports[r004], ExtractContext()))


def test_events_are_initiatives(found, sample_reports):
    # 成功举办全国首届“钻石论坛”、先进硬质材料及工具国际博览会
    ex = found[R000]
    assert {"钻石论坛", "先进硬质材料及工具国际博览会"} <= names(ex) and rule_of(ex, "钻石论坛") == "event"
    assert "轨道交通博览会" in names(found[R003])  # 高水平承办轨道交通博览会等国际国内展会
    r004 = "004_e5f92e7d73b9cccd.txt"
    got = names(initiatives.extract(sample_reports[r004], ExtractContext()))
    assert {"轨博会", "瓷博会", "钻石论坛", "烟花论坛", "全国应急装备博览会"} <= got  # 承办好全国…
    assert "兰亭食品获省农博会" not in got and "省农博会" not in names(found[R002])  # no hosting verb


def test_new_genre_report(extra):
    """Invented 2024 district report: every new pattern, and its look-alikes."""
    got = names(extra["district_2024_yunhai.txt"])
    assert {"扫黑除恶斗争", "禁毒人民战争", "危化品安全风险集中整治行动", "道路运输顽瘴痼疾整治",
            "城乡消防安全专项整治三年行动", "碧空保卫战", "清源护岸攻坚战", "乡村清洁家园三年行动",
            "企业服务提升行动", "百日清零", "省级城乡融合改革试验区", "城乡融合改革试验区",
            "全国农村综合性改革试点试验", "云海数字经济峰会", "青瓷论坛", "西部装备制造博览会",
            "“两微”工作", "“四美”乡村", "“三惠”实事"} <= got
    for bad in ("斗争", "攻坚战", "污染防治攻坚战", "绿化行动", "系列民生行动", "城市更新三年行动",
                "重点领域专项整治", "专项整治行动", "两学一做", "第三届云海数字经济峰会"):
        assert bad not in got, bad


@pytest.mark.parametrize("sentence, want", [
    ("全力打好净土保卫战和清水人民战争。", {"净土保卫战", "清水人民战争"}),
    ("常态化开展非法集资专项斗争，严厉打击犯罪。", {"非法集资专项斗争"}),
    ("持续推进校园周边顽瘴痼疾整治三年行动。", {"校园周边顽瘴痼疾整治三年行动"}),
    ("深入实施老年助餐提升行动。", {"老年助餐提升行动"}),
    ("高水平承办第五届丝路青年论坛、东方茶业交易会等活动。", {"丝路青年论坛", "东方茶业交易会"}),
    ("深入开展“三清”工作，创建“五美”社区。", {"“三清”工作", "“五美”社区"}),
    ("开展“蓝盾护航”，守护平安。", {"蓝盾护航"}),
    ("发扬斗争精神，敢于攻坚战胜困难。", set()),
    ("成立城区环境攻坚战指挥部。", set()),
    ("开展清扫、清运、清理行动。", set()),
    ("推动“三农”工作提质，做好“六稳”工作。", set()),
])
def test_campaign_genre_sentences(sentence, want):
    from kg.corpus import report_from_text

    r = report_from_text("政府工作报告\n一、工作回顾\n" + sentence + "\n", "genre.txt")
    got = names(initiatives.extract(r, ExtractContext()))
    assert got == want, got


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


def test_new_rules_scale_linearly():
    """Dense campaign, event, programme, works and applicant shapes: cost grows linearly."""
    import time

    from kg.corpus import report_from_text
    from kg.extract import enterprises, projects

    unit = ("常态化开展甲乙斗争、丙丁人民战争，举办戊己论坛、庚辛博览会，创建“五好”园区，开展“甲乙”“丙丁”，"
            "推进甲乙及丙丁高速扩容（东线）建设，完成甲乙流域雨污分流改造，支持甲乙、丙丁申报工业设计中心，甲乙公司")
    ctx = ExtractContext()

    def cost(n: int) -> float:
        r = report_from_text("政府工作报告\n" + unit * n + "\n", "dense.txt")
        t = time.perf_counter()
        for mod in (projects, enterprises, initiatives):
            mod.extract(r, ctx)
        return time.perf_counter() - t

    cost(20)  # warm the POS table
    small, large = cost(150), cost(600)
    assert large < 8 * small + 1.0


def _initiatives_of(tmp_path, *sentences: str) -> set[str]:
    from kg.corpus import load_report

    p = tmp_path / "r.txt"
    p.write_text("贵州省政府工作报告\n——2025年1月20日在贵州省第十四届人民代表大会第三次会议上\n各位代表：\n"
                 "一、2024年工作回顾\n" + "\n".join(sentences) + "\n", encoding="utf-8")
    return names(initiatives.extract(load_report(p), ExtractContext()))


def test_responsibility_systems_are_initiatives_wherever_written(tmp_path):
    got = _initiatives_of(tmp_path, "以链长制推动重点产业链提质。", "推行河长制、林长制。",
                          "经济增长制约因素减少，市长制定方案，延长制度期限。")
    assert got == {"链长制", "河长制", "林长制"}


def test_a_war_on_something_needs_no_verb(tmp_path):
    """…攻坚战, …保卫战 name a campaign by their head alone; who judges it (国家) and what
    came before (连续三年获) are not part of the name."""
    got = _initiatives_of(tmp_path, "连续三年获国家污染防治攻坚战成效考核优秀等次。", "净土保卫战取得成效。",
                          "污染防治取得成效。")
    assert got == {"污染防治攻坚战", "净土保卫战"}


def test_quoted_names_a_programme_noun_follows(tmp_path):
    """加大“X”“Y”力度, 提升“X”服务, “X”合作模式: the quoted names are programmes; a brand
    noun that modifies a thing (“X”“Y”品牌餐饮) and a slogan's clauses (“A、B”) are not."""
    got = _initiatives_of(tmp_path, "加大“甲乙入丙”“丁戊入丙”力度。", "提升“万人助万户”服务水平。",
                          "深化拓展“空中甲乙”合作模式。", "吸引“网红店”“老字号”品牌餐饮入驻。", "坚持“不敢腐、不能腐”体系。")
    assert got == {"甲乙入丙", "丁戊入丙", "万人助万户", "空中甲乙"}, got
