"""Glossary (名词解释) parsing: the five samples, crafted spellings, malformed entries."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.corpus import load_report, report_from_text
from kg.extract.abbreviations import extract, glossary_senses
from kg.extract.context import ExtractContext
from kg.extract.glossary import glossary_span, parse_glossary, split_heading
from kg.model import Report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = ROOT / "tests" / "data" / "abbr"
NAMES = sorted(p.name for p in CORPUS.glob("*.txt"))
EMPTY = ExtractContext()  # one tokenizer for every test that needs no lexicon


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {name: load_report(CORPUS / name) for name in NAMES}


def _raw(name: str) -> Report:
    """The report as it is on disk, without normalisation or sections."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    return Report(id=name, path=name, sha256="", encoding="utf-8", text=text)


def _senses(report: Report) -> dict[str, object]:
    senses, _warnings, _heads = glossary_senses(report)
    return {s.term: s for s in senses}


# --- the samples ------------------------------------------------------------------------

@pytest.mark.parametrize("name,count", [
    ("000_8ff613cba856dcb9.txt", 12), ("001_98fa88b3beb3cc7e.txt", 9),
    ("002_88621541501a8a2f.txt", 20), ("003_cd869bf110cf6586.txt", 15), ("004_e5f92e7d73b9cccd.txt", 0),
])
def test_every_entry_is_read(reports, name, count):
    entries, warnings = parse_glossary(reports[name])
    assert len(entries) == count
    assert warnings == []
    assert [e.number for e in entries] == list(range(1, count + 1))


@pytest.mark.parametrize("name", NAMES)
def test_raw_and_normalised_text_read_the_same(reports, name):
    """PDF spaces, broken lines, half-width punctuation: same terms and definitions."""
    norm, _ = parse_glossary(reports[name])
    raw, _ = parse_glossary(_raw(name))
    assert [(e.terms, e.head, e.definition) for e in raw] == [(e.terms, e.head, e.definition) for e in norm]


def test_entry_span_and_line_point_into_the_text(reports):
    report = reports["002_88621541501a8a2f.txt"]
    entries, _ = parse_glossary(report)
    for e in entries:
        assert report.text[e.start:e.end].startswith(f"{e.number}.")
        assert report.text.count("\n", 0, e.start) + 1 == e.line


def test_divergent_meanings_of_one_term(reports):
    """三微 means different things in the 2022 and the 2024 report."""
    s2024 = _senses(reports["000_8ff613cba856dcb9.txt"])["三微"]
    s2022 = _senses(reports["002_88621541501a8a2f.txt"])["三微"]
    assert s2024.components == ["微网格", "微项目", "微治理"]
    assert s2022.components == ["微亮化", "微公园", "微服务"]
    assert s2024.check == s2022.check == "ok"


def test_groups_follow_the_numerals(reports):
    senses = _senses(reports["000_8ff613cba856dcb9.txt"])
    assert senses["三送三解三优"].groups == [["送政策", "送温暖", "送信心"], ["解基层之难", "解企业之难", "解群众之难"],
                                        ["优作风", "优服务", "优环境"]]
    assert senses["三送三解三优"].expected_parts == 9
    assert senses["1+6"].groups == [["小区党支部"], ["邻长（楼栋长）", "业主委员会", "社会组织", "志愿服务组织",
                                                   "驻小区工作队", "物业公司"]]
    assert senses["三微六位"].groups[1] == ["岗位", "学位", "床位", "梯位", "车位", "厕位"]


def test_nested_abbreviations(reports):
    senses = _senses(reports["002_88621541501a8a2f.txt"])
    assert senses["三高四新"].groups == [["三个高地"], ["四新使命"]]
    assert senses["三高四新"].check == "ok" and senses["三高四新"].expected_parts == 7
    assert senses["三个高地"].components == ["国家重要先进制造业高地", "具有核心竞争力的科技创新高地", "内陆地区改革开放高地"]
    assert len(senses["四新使命"].components) == 4
    assert senses["三个高地"].evidence.rule == "glossary-nested"


def test_labelled_parts_and_open_numbers(reports):
    senses = _senses(reports["003_cd869bf110cf6586.txt"])
    x = senses["1+8+X"]
    assert [len(g) for g in x.groups] == [1, 8, 1] and x.check == "ok" and x.expected_parts is None
    n = senses["1+8+N"]
    assert n.check == "mismatch"  # “8”即 one phrase for eight units: flagged, kept
    assert n.components[0] == "区财源办"


def test_digit_term_against_stated_counts(reports):
    sense = _senses(reports["001_98fa88b3beb3cc7e.txt"])["1093"]
    assert [len(g) for g in sense.groups] == [10, 9, 3] and sense.expected_parts == 22 and sense.check == "ok"


def test_multi_term_entry_and_level_prefix(reports):
    senses = _senses(reports["001_98fa88b3beb3cc7e.txt"])
    assert senses["五个一批"].components[0] == "一批重大产业项目"
    assert senses["五大行动"].components == ["规划引领行动", "园区升级行动", "项目攻坚行动", "设施配套行动", "环境优化行动"]
    assert senses["五个100"].components[3] == "100个五百强企业"


def test_prose_definitions_have_no_components(reports):
    senses = _senses(reports["001_98fa88b3beb3cc7e.txt"])
    assert senses["瞪羚企业"].components == [] and senses["瞪羚企业"].check == "unchecked"


def test_term_with_a_head_noun_keeps_the_heading(reports):
    entries, _ = parse_glossary(reports["000_8ff613cba856dcb9.txt"])
    entry = next(e for e in entries if e.terms == ("三微",))
    assert entry.heading == "“三微”项目" and entry.head == "项目"


def test_glossary_evidence(reports):
    report = reports["003_cd869bf110cf6586.txt"]
    sense = _senses(report)["五控"]
    ev = sense.evidence
    assert ev.rule == "glossary" and ev.sentence.startswith("14.“五控”")
    assert report.text[ev.start:ev.end] == ev.sentence


def test_no_glossary_is_normal(reports):
    assert glossary_span(reports["004_e5f92e7d73b9cccd.txt"]) is None
    assert parse_glossary(reports["004_e5f92e7d73b9cccd.txt"]) == ([], [])


# --- headings -----------------------------------------------------------------------

@pytest.mark.parametrize("heading,terms,head", [
    ("“三微”项目", ["三微"], "项目"),
    ("专精特新“小巨人”", ["小巨人"], "专精特新"),
    ("“六稳”“六保”", ["六稳", "六保"], ""),
    ("1+6组织体系", ["1+6"], "组织体系"),
    ("“l+N”政策体系", ["1+N"], "政策体系"),
    ("省五个100", ["五个100"], ""),
    ("市五个一批、五大行动", ["五个一批", "五大行动"], ""),
    ("“N 合一”", ["N合一"], ""),
    ("能耗“双控”", ["双控"], "能耗"),
    ("三 高 四 新", ["三高四新"], ""),
])
def test_split_heading(heading, terms, head):
    assert split_heading(heading) == (terms, head)


# --- crafted spellings --------------------------------------------------------------

@pytest.fixture(scope="module")
def spellings():
    text = (DATA / "glossary_spellings.txt").read_text(encoding="utf-8")
    return [report_from_text(text, "spellings.txt"),
            Report(id="spellings.txt", path="", sha256="", encoding="utf-8", text=text)]


def test_crafted_spellings(spellings):
    for report in spellings:  # normalised and raw
        senses, warnings, _ = glossary_senses(report)
        by = {s.term: s for s in senses}
        assert warnings == []
        assert by["三农"].components == ["农业", "农村", "农民"]  # half-width brackets and colon
        assert by["四上"].components[-1] == "限额以上服务业企业"  # spaces, broken line
        assert by["六稳"].components[0] == "稳就业" and by["六保"].components[-1] == "保基层运转"  # two terms
        assert by["1+3"].groups == [["一个领导小组"], ["规划组", "建设组", "督查组"]]  # OCR l+3
        assert by["2+2"].groups == [["新能源汽车", "新能源装备"], ["新材料", "电子信息"]]
        assert by["五通"].components == ["通路", "通电", "通水", "通网", "通气"]  # 6．and 是指
        assert all(s.check == "ok" for s in senses)


def test_body_numbered_list_is_not_a_glossary():
    text = "各位代表：\n办好民生实事：1.新建一批电力配套路由；2.实施一批道路提质改造。\n"
    assert parse_glossary(report_from_text(text, "t.txt")) == ([], [])


# --- malformed glossaries -------------------------------------------------------------

@pytest.mark.parametrize("normalised", [True, False])
def test_malformed_entries_warn_and_nothing_is_invented(normalised):
    text = (DATA / "glossary_malformed.txt").read_text(encoding="utf-8")
    report = report_from_text(text, "bad.txt") if normalised else \
        Report(id="bad.txt", path="", sha256="", encoding="utf-8", text=text)
    senses, warnings, _ = glossary_senses(report)
    by = {s.term: s for s in senses}
    assert sorted(by) == ["三治", "两区", "五控", "四风"]  # 4.三无 has no definition: skipped
    assert by["五控"].components == ["控尘", "控车", "控排", "控烧", "控煤"]  # entry without a number
    assert by["两区"].components == ["先行区", "示范区"]  # no colon after the page reference
    assert all(w.startswith("bad.txt: glossary line ") for w in warnings)
    joined = "\n".join(warnings)
    for what in ("entry without a number", "no colon", "cannot tell the term", "cut off"):
        assert what in joined, what
    line_of = {w.split(": ")[2]: int(w.split(": ")[1].split()[-1]) for w in warnings}
    lines = report.text.split("\n")
    assert lines[line_of["entry without a number"] - 1].strip().startswith("五控")
    assert lines[line_of["entry 四风 seems cut off (no final punctuation)"] - 1].startswith("5.四风")


def test_glossary_that_is_only_a_heading():
    report = report_from_text("各位代表：\n今年工作很多。\n名词解释\n", "t.txt")
    assert parse_glossary(report) == ([], [])
    assert extract(report, EMPTY).senses == []


def test_garbage_after_heading_does_not_crash():
    text = "各位代表：\n正文。\n名词解释\n）：：（P\n..\n1.（P2）：\n2.：定义\n3.术语（P3）：\n"
    senses, warnings, _ = glossary_senses(report_from_text(text, "g.txt"))
    assert senses == []
    assert warnings


def test_long_glossary_line_is_linear():
    definition = "、".join(f"项目{i}" for i in range(30000))
    text = f"各位代表：\n正文。\n名词解释\n1.万项工程（P1）：{definition}。\n" + "2.三治（P2）：自治、法治、德治。\n"
    started = time.perf_counter()
    senses, _warnings, _ = glossary_senses(report_from_text(text, "long.txt"))
    assert time.perf_counter() - started < 10
    assert {s.term for s in senses} == {"万项工程", "三治"}


# --- any input ------------------------------------------------------------------------

_PIECES = ["三", "两", "一", "十", "百", "多", "N", "X", "l", "1", "6", "+", "个", "大", "农", "微", "体",
           "合", "“", "”", "\"", "、", "，", "；", "：", ":", "（", "）", "(", ")", "P", "。", "\n", " ",
           "即", "是指", "等", "的", "名词解释\n", "1.", "2.", "和", "以", "为"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), max_size=120))
def test_any_text_reads_without_crashing(pieces):
    text = "各位代表：\n" + "".join(pieces)
    report = Report(id="h.txt", path="", sha256="", encoding="utf-8", text=text)
    ex = extract(report, EMPTY)
    for m in ex.mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
    for s in ex.senses:
        assert s.check in ("ok", "mismatch", "unchecked")
        assert s.evidence is not None and 0 <= s.evidence.start <= s.evidence.end <= len(text)
    assert all(w.startswith("h.txt: glossary line ") for w in ex.warnings)
