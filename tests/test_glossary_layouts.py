"""Glossaries in the genre's real layouts (issue 15): the crafted glossaries of
``tests/data/glossary_crafted`` (written from the description of real glossaries by an
annotator who had not seen the reader) and the real dev glossaries of
``tests/data/glossary_real/dev`` (blind gold in ``tests/gold_glossary/dev``). The sealed
real glossaries are only ever scored in aggregate (``benchmarks/blind.py --glossary``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.corpus import load_report, report_from_text
from kg.extract.abbreviations import read_glossary
from kg.extract.glossary import glossary_span, parse_glossary
from kg.link.names import canonical

ROOT = Path(__file__).resolve().parent.parent
CRAFTED = ROOT / "tests" / "data" / "glossary_crafted"
REAL_DEV = ROOT / "tests" / "data" / "glossary_real" / "dev"
REAL_GOLD = ROOT / "tests" / "gold_glossary" / "dev"
CRAFTED_FILES = sorted(p.name for p in CRAFTED.glob("*.txt"))


def _read(path: Path):
    report = load_report(path)
    reading = read_glossary(report)
    senses: dict[str, list[str]] = {}
    for s in reading.senses:
        senses.setdefault(canonical(s.term), [canonical(c) for c in s.components])
    return report, reading, senses


def _gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def crafted() -> dict[str, tuple]:
    return {name: (*_read(CRAFTED / name), _gold(CRAFTED / f"{name}.json")) for name in CRAFTED_FILES}


def test_there_are_crafted_glossaries():
    assert len(CRAFTED_FILES) >= 12


@pytest.mark.parametrize("name", CRAFTED_FILES)
def test_every_crafted_entry_is_found_and_nothing_else(crafted, name):
    """Each layout: every term of the expected reading is a glossary sense, and no
    trap (an appendix field, web chrome, the repeated opening, a label) is one."""
    _report, _reading, senses, gold = crafted[name]
    want = {canonical(a["term"]) for a in gold["abbreviations"]}
    assert want <= set(senses), sorted(want - set(senses))
    assert set(senses) <= want, sorted(set(senses) - want)
    for trap in gold.get("not_entries", []):
        assert canonical(trap) not in senses or canonical(trap) in want, trap


@pytest.mark.parametrize("name", CRAFTED_FILES)
def test_crafted_evidence_is_the_entry(crafted, name):
    """Every sense points at its entry: inside the glossary, and the entry's text is the
    text at that span (offsets into the normalised report)."""
    report, reading, _senses, _gold_doc = crafted[name]
    start, _end = glossary_span(report)
    for s in reading.senses:
        ev = s.evidence
        assert start <= ev.start < ev.end <= len(report.text)
        assert canonical(s.definition)[:4] in canonical(report.text[ev.start:ev.end]), s.term
    assert all(w.startswith(f"{name}: glossary line ") for w in reading.warnings)


def test_crafted_components_are_mostly_exact(crafted):
    """Parts exactly right for at least 0.85 of the entries that list parts (the
    issue's target on real glossaries; 0.35 before this reader, 0.85 now)."""
    right = total = 0
    for _report, _reading, senses, gold in crafted.values():
        for a in gold["abbreviations"]:
            want = [canonical(c) for c in a["components"]]
            if want:
                total += 1
                right += senses.get(canonical(a["term"])) == want
    assert total >= 40
    assert right / total >= 0.85, f"{right}/{total}"


def test_notes_take_the_term_their_marker_follows(crafted):
    """［21］指… and ②送政策… name no term: the term is the quoted one the body marks."""
    assert {"一圈两场三道", "15分钟便民生活圈", "1+3+N"} <= set(crafted["c03.txt"][2])
    assert crafted["c09.txt"][2]["一核两翼"] == ["主城区", "东部临港新区", "西部生态新区"]
    assert "1" not in crafted["c03.txt"][2] and "一核" not in crafted["c09.txt"][2]


def test_multi_term_headings_share_the_definition(crafted):
    senses = crafted["c06.txt"][2]
    assert senses["两个中心"] and not any("指" in c for c in senses["两个中心"])
    assert {"一窗制", "一网制", "三边", "四角", "两个中心", "三个平台", "四个网络"} <= set(senses)


def test_count_mismatch_is_kept_and_flagged(crafted):
    report, reading, senses, _gold_doc = crafted["c01.txt"]
    (four,) = [s for s in reading.senses if s.term == "四上"]
    assert len(four.components) == 6 and four.check == "mismatch"


def test_quoted_parts_with_one_head_are_one_term(crafted):
    senses = crafted["c12.txt"][2]
    assert "一廊两带三区" in senses and not {"一廊", "两带", "三区"} & set(senses)


def test_spelled_out_term_gets_its_parts(crafted):
    assert crafted["c02.txt"][2]["专精特新"] == ["专业化", "精细化", "特色化", "新颖化"]


# --- real glossaries (dev) ------------------------------------------------------------

def test_real_dev_glossaries_are_read():
    """The blind real dev glossaries (a headed page, a newspaper's 关键词 blocks, terms
    alone on their lines, unnumbered “term”：definition lines, a news list with labelled
    groups): all 35 terms found today (0 before this reader); no reported term is wrong;
    parts exactly right for at least 0.70 of the entries that list them."""
    found = gold_total = wrong = listed = listed_right = 0
    for gold_path in sorted(REAL_GOLD.glob("*.json")):
        gold = _gold(gold_path)
        _report, _reading, senses = _read(REAL_DEV / gold["report"])
        want = {canonical(a["term"]) for a in gold["abbreviations"]}
        uncertain = {canonical(u["name"]) for u in gold.get("uncertain", [])}
        found += len(want & set(senses))
        gold_total += len(want)
        wrong += len(set(senses) - want - uncertain)
        for a in gold["abbreviations"]:
            parts = [canonical(c) for c in a["components"]]
            listed += bool(parts)
            listed_right += bool(parts) and senses.get(canonical(a["term"])) == parts
    assert gold_total >= 35
    assert found / gold_total >= 0.95 and wrong == 0
    assert listed_right / listed >= 0.70, f"{listed_right}/{listed}"


# --- crafted bad input ----------------------------------------------------------------

def test_a_body_list_after_the_glossary_ends_it():
    text = ("各位代表：\n正文。\n名词解释\n1.三治：自治、法治、德治。\n2.两区：先行区、示范区。\n"
            "附件\n2025年十件民生实事\n1.城镇老旧小区改造\n年度目标：改造小区300个。\n主办单位：市住建局\n")
    entries, _warnings = parse_glossary(report_from_text(text, "t.txt"))
    assert [e.terms for e in entries] == [("三治",), ("两区",)]


def test_numbered_lines_without_a_heading_are_a_glossary_only_in_a_run():
    one = "各位代表：\n正文。\n1.三治：自治、法治、德治。\n其他。\n"
    assert parse_glossary(report_from_text(one, "t.txt")) == ([], [])
    run = "记者整理了报告中的新词。\n1.三治：自治、法治、德治。\n2.两区：先行区、示范区。\n3.双碳：碳达峰、碳中和。\n责任编辑：某某\n"
    entries, _ = parse_glossary(report_from_text(run, "t.txt"))
    assert [e.terms[0] for e in entries] == ["三治", "两区", "双碳"]


def test_a_news_list_of_terms_alone_on_their_lines_is_a_glossary():
    """No heading, no numbers: terms (quoted, numeric or Latin) alone on their lines, each
    followed by its paragraph."""
    text = ("记者梳理了今年报告中的新提法。\n“一核两翼”\n指以主城区为核心，东部新区和西部新区为两翼的发展格局。\n"
            "十大行动\n包括产业升级行动、项目建设行动等十个方面的行动。\nRCEP\n区域全面经济伙伴关系协定。\n")
    entries, _ = parse_glossary(report_from_text(text, "news.txt"))
    assert [e.terms[0] for e in entries] == ["一核两翼", "十大行动", "RCEP"]


def test_report_sub_headings_are_not_terms():
    text = ("各位代表：\n（一）坚持创新驱动\n我们加快建设科技创新平台，全年新增高新技术企业120家。\n"
            "（二）推动产业升级\n我们实施制造业重点产业链高质量发展行动，规上工业增加值增长8%。\n"
            "（三）深化改革开放\n我们深化“放管服”改革，实际使用外资增长5%。\n")
    assert parse_glossary(report_from_text(text, "body.txt")) == ([], [])
