"""normalize(): real sample artefacts disappear, structure survives, and the function
is deterministic, idempotent and never grows the text."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.corpus.normalize import normalize

CORPUS = Path(__file__).parent.parent / "corpus"
SAMPLES = sorted(p.name for p in CORPUS.glob("*.txt"))
HAN = "\u4e00-\u9fff"


def _sample(prefix: str) -> str:
    return next(CORPUS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def norm() -> dict[str, str]:
    return {name[:3]: normalize((CORPUS / name).read_text(encoding="utf-8")) for name in SAMPLES}


def test_five_samples_present():
    assert [s[:3] for s in SAMPLES] == ["000", "001", "002", "003", "004"]


# --- real samples ------------------------------------------------------------------

def test_pdf_spacing_removed_in_003(norm):
    text = norm["003"]
    assert "政府工作报告" in text.splitlines()
    assert "2023年1月9日在株洲市天元区第六届人民代表大会第三次会议上" in text
    assert "政 府" not in text and "2023 年" not in text
    assert "（一）坚持精准施策，经济运行稳中向好。" in text
    assert "天元区GDP增长4.0%，规模工业增加值增长10.5%" in text
    assert not re.search(f"[{HAN}] +[{HAN}]", text)


def test_half_width_punctuation_in_chinese_text_becomes_full_width(norm):
    text = norm["003"]
    assert not re.search(f"[{HAN}][,:;?!]|[,:;?!][{HAN}]", text)
    assert "各位代表：" in text.splitlines()
    assert "1.“三重压力”（P1）：需求收缩、供给冲击、预期转弱。" in text.splitlines()


def test_broken_lines_joined_in_003(norm):
    text = norm["003"]
    assert "对全区规模工业产值增长贡献率达到70%" in text
    assert "在省、市民生实事任务的基础上，办好区人大代表票决民生实事：1.新建一批电力配套路由" in text
    entry = next(line for line in text.splitlines() if line.startswith("11."))
    assert entry.endswith("切实保证村级集体经济组织成员合法权益。")


def test_newspaper_debris_removed_in_004(norm):
    text = norm["004"]
    for debris in ("▲", "▶", "上接", "下转", "**", '"', "声明作废", "遗失", "出生证"):
        assert debris not in text, debris
    assert text.startswith("全国海绵城市建设示范城市、全国区域再生水循环利用试点城市")
    assert text.endswith("我们必须坚持发扬斗争精神、磨炼斗争意志、")
    assert "聚焦城乡统筹发力。着力推进城乡融合" in text
    assert "“三微”实事持续推进" in text
    assert "湖南（国际）绿色建造科技博览园" in text


def test_running_title_dropped_in_004(norm):
    assert "政府工作报告" not in norm["004"].splitlines()
    assert "1家百亿企业。\n实现以上目标" in norm["004"]


def test_ocr_one_plus_n_fixed_in_004(norm):
    assert "建立全市“1+N”政策体系" in norm["004"]
    assert "l+N" not in norm["004"]


def test_lines_broken_across_blank_lines_joined_in_004(norm):
    text = norm["004"]
    assert "总数达25家，单位地区生产总值企业密度全国第一。" in text
    assert "打赢了不少硬仗、恶仗，凝聚了强大的发展正能量！" in text
    assert "争取清水塘片区纳入株洲经开区" in text


def test_word_debris_removed_in_001(norm):
    assert "[bookmark" not in norm["001"] and "_GoBack" not in norm["001"]
    assert "\n这一年，我们充满自信的是，营商环境更优了。" in norm["001"]


@pytest.mark.parametrize("prefix, headings", [
    ("000", ["2023年工作回顾", "2024年工作任务", "加强政府自身建设", "名词解释"]),
    ("001", ["一、2018年工作回顾", "二、2019年工作部署", "三、全面加强政府自身建设", "名词解释：",
             "（一）突出产业引领，全力打造高质量发展引擎"]),
    ("002", ["——2022年2月24日在株洲市荷塘区第六届人民代表大会第二次会议上", "区人民政府区长罗鹏程",
             "各位代表：", "一、2021年工作回顾", "二、2022年工作部署", "名词解释"]),
    ("003", ["一、攻坚克难，2022年成绩来之不易", "二、抢抓机遇，扎实做好2023年工作",
             "2023年重点抓好以下工作：", "三、全面加强政府自身建设", "名词解释"]),
    ("004", ["二、深入贯彻党的二十大精神，扎扎实实做好2023年工作", "2023年重点抓好以下工作："]),
])
def test_headings_stay_on_their_own_lines(norm, prefix, headings):
    lines = norm[prefix].splitlines()
    for heading in headings:
        assert heading in lines, heading


@pytest.mark.parametrize("prefix, entries", [("000", 12), ("001", 9), ("002", 20), ("003", 15)])
def test_glossary_entries_one_per_line(norm, prefix, entries):
    lines = norm[prefix].splitlines()
    glossary = lines[next(i for i, l in enumerate(lines) if l.startswith("名词解释")) + 1:]
    assert len(glossary) == entries
    assert [int(re.match(r"\d+", l).group()) for l in glossary] == list(range(1, entries + 1))


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_output_is_clean(norm, name):
    text = norm[name[:3]]
    assert "\n\n" not in text and "\r" not in text and "\ufeff" not in text
    assert "\u3000" not in text and "\u00a0" not in text and "\t" not in text
    assert all(line == line.strip() and line for line in text.split("\n"))
    assert not re.search("[０-９Ａ-Ｚａ-ｚ]", text)


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_idempotent(norm, name):
    assert normalize(norm[name[:3]]) == norm[name[:3]]


def test_deterministic():
    raw = _sample("003")
    assert normalize(raw) == normalize(raw)


# --- rules on small inputs ---------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("政 府 工 作 报 告", "政府工作报告"),
    ("2023 年 1 月 9 日", "2023年1月9日"),
    ("第六届人民代表大会 第三次会议", "第六届人民代表大会第三次会议"),
    ("GDP 增长 7%", "GDP增长7%"),
    ("New York 和 GDP 4%", "New York和GDP 4%"),
    ("Hello, world. e.g. New York", "Hello, world. e.g. New York"),
    ("\ufeff各位代表：\r\n现在，我代表\r\n区人民政府。", "各位代表：\n现在，我代表区人民政府。"),
    ("一、2018年工作回顾\n过去的一年，我们坚持\n发展。", "一、2018年工作回顾\n过去的一年，我们坚持发展。"),
    ("2023年工作回顾\n2023年是开局之年。", "2023年工作回顾\n2023年是开局之年。"),
    ("名 词 解 释\n3.三高四新（P2）：三个高地、\n四新使命。\n4.一区两城（P3）：一区、两城。",
     "名词解释\n3.三高四新（P2）：三个高地、四新使命。\n4.一区两城（P3）：一区、两城。"),
    ("上一段。\n\n\n\n下一段。", "上一段。\n下一段。"),
    ("全力推进项目建设，\n\n确保早日竣工。", "全力推进项目建设，确保早日竣工。"),
    ("——2022年2月24日在某某市某某区\n\n    第一届人民代表大会第二次会议上\n\n区人民政府区长  某某某",
     "——2022年2月24日在某某市某某区第一届人民代表大会第二次会议上\n区人民政府区长某某某"),
    ("他说「你好」和『世界』", "他说“你好”和‘世界’"),
    ('推进"三微"实事和"六即"改革', "推进“三微”实事和“六即”改革"),
    ('"OK"', '"OK"'),  # no Chinese text: straight quotes stay
    ("湖南(国际)博览园, 小(二)型 ( P1 ) :定义", "湖南（国际）博览园，小（二）型（P1）：定义"),
    ("GDP (Gross Domestic Product)", "GDP(Gross Domestic Product)"),
    ("ＡＢＣ１２３和１＋６，增长５％", "ABC123和1+6，增长5%"),
    ("建立“l+N”政策体系和I+6机制", "建立“1+N”政策体系和1+6机制"),
    ("a\u00a0b\u3000中 文\t字", "a b中文字"),
    ("中,文:好;吗?是!", "中，文：好；吗？是！"),
    ("12:30 和 1,000", "12:30和1,000"),
    ("关于城 **乡统筹发力。**着力", "关于城乡统筹发力。着力"),
    ("[bookmark: _GoBack]这一年。", "这一年。"),
    ("▲上接01版 全国 ▶下转03版", "全国"),
    ("（下转第2版）文字。上接第1版", "文字。"),
    ("某某日报 2023年1月9日 星期一 第02版\n正文。", "正文。"),
    ("责任编辑：某某\n正文。", "正文。"),
    ("内容。\n政府工作报告\n后续。", "内容。\n后续。"),
    ("政府工作报告\n正文。", "政府工作报告\n正文。"),
])
def test_rules(raw, expected):
    assert normalize(raw) == expected


def test_trailing_notices_cut_only_after_the_report():
    body = "全力推进项目建设。" * 150
    text = body + "\n各位代表！奋斗！\n\n下列证件 声明作废\n\n·某某遗失公章一枚\n"
    assert normalize(text) == body + "\n各位代表！奋斗！"
    assert "公告" in normalize("公告\n" + body)  # not after enough text: kept


def test_empty_and_blank():
    assert normalize("") == ""
    assert normalize(" \n\r\n\t\u3000\n") == ""


def test_large_single_line_is_fast():
    text = "发展经济" * 250_000
    start = time.perf_counter()
    assert normalize(text) == text
    assert time.perf_counter() - start < 10


# --- properties --------------------------------------------------------------------

_PIECES = list("政府工作报告区市县一二三年月日第版回顾名词解释上接下转，。、；：！？,.;:!?\"'“”‘’「」『』"
               "()（）[]*▲▶—…·lI+N1203 \t\n\r\u3000\u00a0\ufeffABCabcＡ１％＋声明作废公告会议在代表各位")
_PIECES += ["**", "[bookmark: x]", "▲上接01版", "▶下转03版", "\n\n", "一、", "（一）", "3.", "(P2)",
            "政府工作报告", "——2023年1月9日在", "人民代表大会第三次会议上", "某某日报2023年1月9日第02版",
            "下列证件声明作废", "New York"]
_GENRE_TEXT = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)
_PAD = "发展经济" * 300 + "。\n"  # enough text before a notice heading to allow the cut
_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def _check(raw: str) -> None:
    once = normalize(raw)
    assert normalize(once) == once
    assert len(once) <= len(raw) + 1


@_SETTINGS
@given(st.text(max_size=300))
def test_property_any_text(raw):
    _check(raw)


@_SETTINGS
@given(_GENRE_TEXT)
def test_property_genre_text(raw):
    _check(raw)


@_SETTINGS
@given(_GENRE_TEXT)
def test_property_after_a_long_body(raw):
    _check(_PAD + raw)
