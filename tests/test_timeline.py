"""Project status from a clause (read by extraction, :mod:`kg.extract.status`; collected
per report by :mod:`kg.link.timeline`): verb scope, verb chains and aspect, on crafted sentences.

Names are invented (甲乙…, 某某…); each case is a habit of the genre, with a negative
counterpart where the rule could over-reach."""

from __future__ import annotations

import pytest

from kg.corpus import report_from_text
from kg.link import link
from kg.extract.status import read_clause, read_status, reading_of
from kg.link.timeline import timeline_for
from kg.model import Entity, Extraction, Mention


def status_of(mention: Mention) -> str | None:
    return reading_of(mention).status


def clause_cue(mention: Mention) -> str | None:
    return read_clause(mention).cue


def m(text: str, sentence: str, section: str = "review", cue: str | None = None,
      report: str = "a.txt") -> Mention:
    at = max(sentence.find(text), 0)
    return Mention(report, at, at + len(text), text, "Project", sentence, section, "t", cue)


# ------------------------------------------------------------------ section

def test_plan_section_plans_whatever_the_verb():
    assert status_of(m("甲乙产业园", "建成甲乙产业园并投产。", section="plan")) == "planned"
    assert status_of(m("甲乙产业园", "甲乙产业园开工。", section="plan")) == "planned"
    assert status_of(m("甲乙产业园", "发挥甲乙产业园带动效应。", section="plan")) == "planned"


def test_review_without_a_verb_says_nothing():
    assert status_of(m("甲乙产业园", "发挥甲乙产业园带动效应。")) is None
    assert read_clause(m("甲乙产业园", "发挥甲乙产业园带动效应。")).reason == "no-verb"


def test_other_sections_read_like_the_review():
    assert status_of(m("丙丁高速扩容", "随着丙丁高速扩容启动建设，机遇更多。", section="other")) == "started"


# ------------------------------------------------------------------ scope

@pytest.mark.parametrize("sentence, name, want", [
    ("甲乙基地开工。", "甲乙基地", "started"),
    ("甲乙基地、丙丁中心等25个项目竣工。", "甲乙基地", "completed"),
    ("建成丙丁大桥，新增停车位300个。", "丙丁大桥", "completed"),
    ("加快推进戊己小学改扩建。", "戊己小学", "in_progress"),
    # a verb before a long list governs its last item too
    ("顺利启动甲乙中英文小学综合楼、丙丁小学本部教学楼、戊己路小学、庚辛小学改扩建。",
     "庚辛小学", "started"),
])
def test_the_verb_that_governs_the_name(sentence, name, want):
    assert status_of(m(name, sentence)) == want


def test_a_verb_after_a_list_comma_opens_a_new_predicate():
    sentence = "建成甲乙公园、推进丙丁公园建设。"
    assert status_of(m("甲乙公园", sentence)) == "completed"
    assert status_of(m("丙丁公园", sentence)) == "in_progress"


def test_the_verb_after_deng_governs_every_item_of_the_list():
    sentence = "甲乙灌区续建配套与改造、丙丁渠修复等水利工程完工。"
    # the extractor may cut the first name short: 续建 is then part of the item, not its verb
    assert status_of(m("甲乙灌区", sentence)) == "completed"
    assert status_of(m("丙丁渠", sentence)) == "completed"


def test_a_verb_in_another_clause_does_not_count():
    assert status_of(m("甲乙园", "甲乙园规划获批，丙丁园开工。")) is None
    assert status_of(m("丙丁园", "甲乙园规划获批，丙丁园开工。")) == "started"


# ------------------------------------------------------------------ chains

def test_chained_verbs_give_the_most_advanced_state():
    assert status_of(m("甲乙学校", "甲乙学校建成并投入使用，新增学位500个。")) == "operating"
    assert status_of(m("丙丁路", "丙丁路竣工通车。")) == "completed"
    # 建成投产 is one word of the status table (a fixed phrase), read as one verb
    assert clause_cue(m("某某物流园", "某某物流园建成投产，带动就业。")) == "建成投产"
    assert clause_cue(m("某某物流园", "某某物流园建成并投产，带动就业。")) == "投产"


def test_the_clause_overrides_a_shorter_extractor_cue():
    assert status_of(m("甲乙学校", "甲乙学校建成并投入使用。", cue="建成")) == "operating"


def test_extractor_cue_is_used_when_the_clause_cannot_be_read():
    assert status_of(m("甲乙基地", "原文另有写法。", cue="开工")) == "started"
    assert status_of(m("甲乙基地", "原文另有写法。", cue="建设")) is None


@pytest.mark.parametrize("verb", ["投入使用", "开学", "开园", "开业", "投用", "建成使用", "全面运营"])
def test_in_use_verbs_are_operating(verb):
    assert status_of(m("甲乙中心", f"甲乙中心{verb}。")) == "operating"


# ------------------------------------------------------------------ aspect

@pytest.mark.parametrize("sentence", [
    "甲乙产业园加快推进。",
    "甲乙产业园有序推进。",
    "甲乙产业园建设中。",
    "甲乙产业园、丙丁科技城渐入收获期。",
    "甲乙产业园完成主体建设。",
    "甲乙产业园主体完工。",
    "甲乙产业园完成投资12亿元。",
    "甲乙产业园初具规模。",
])
def test_progress_phrases_are_in_progress(sentence):
    assert status_of(m("甲乙产业园", sentence)) == "in_progress"


def test_a_verb_with_a_measured_amount_reports_partial_works():
    partial = "甲乙钢铁城标厂开工建设1.5万平方米、主体完工7万平方米、竣工交付6万平方米。"
    assert status_of(m("甲乙钢铁城", partial)) == "in_progress"
    assert read_clause(m("甲乙钢铁城", partial)).reason == "partial-amount"
    # an amount before the verb counts the projects, it does not measure a part
    assert status_of(m("甲乙路", "甲乙路等8条道路竣工通车。")) == "completed"
    assert status_of(m("甲乙钢铁城", "甲乙钢铁城开工建设。")) == "started"


def test_a_verb_on_one_phase_leaves_the_whole_in_progress():
    assert status_of(m("甲乙产业园", "甲乙产业园二期开工建设。")) == "in_progress"
    assert status_of(m("甲乙产业园二期", "甲乙产业园二期开工建设。")) == "started"


def test_imminent_events_have_not_happened_yet():
    assert status_of(m("甲乙路核心段", "甲乙路核心段、丙丁路即将建成。")) == "in_progress"
    assert status_of(m("丙丁路", "甲乙路核心段、丙丁路即将建成。")) == "in_progress"
    assert status_of(m("甲乙基地", "甲乙基地即将竣工投产。")) == "in_progress"
    assert status_of(m("甲乙基地", "甲乙基地有望开工。")) == "planned"


def test_intentions_in_a_review_sentence_are_planned():
    assert status_of(m("甲乙基地", "力争甲乙基地年内开工。")) == "planned"
    assert status_of(m("甲乙基地", "确保甲乙基地如期竣工。")) == "planned"
    assert status_of(m("甲乙基地", "明年建成甲乙基地。")) == "planned"
    # 按计划 is not an intention
    assert status_of(m("甲乙基地", "甲乙基地按计划推进。")) == "in_progress"


def test_negated_verbs_say_nothing_happened():
    assert status_of(m("甲乙基地", "甲乙基地尚未开工。")) is None
    assert read_clause(m("甲乙基地", "甲乙基地尚未开工。")).reason == "negated"


def test_finishing_preliminary_work_is_not_construction():
    assert status_of(m("甲乙水库", "完成甲乙水库前期工作。")) == "planned"
    assert status_of(m("甲乙水库", "启动甲乙水库规划设计。")) == "planned"
    assert status_of(m("甲乙水库", "完成甲乙水库除险加固。")) == "completed"
    assert status_of(m("甲乙港雨污分流改造", "完成甲乙港雨污分流改造，推进丙丁片区。")) == "completed"


def test_steady_running_is_not_a_status_verb():
    assert clause_cue(m("戊己中心", "戊己中心稳步运行，与开工无关的下一句。")) is None


# ------------------------------------------------------------------ timeline

def _mention(report, text, section, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = report.text.index(text, start + 1)
    return read_status(Mention(report.id, start, start + len(text), text, "Project", report.sentence_text(start),
                               section, "t", None))


def test_review_fact_beats_the_plan_line_and_evidence_names_the_rule():
    r = report_from_text("甲乙基地即将竣工投产。甲乙基地建成投产。", "a.txt")
    review = _mention(r, "甲乙基地", "review")
    plan = _mention(r, "甲乙基地", "plan", nth=1)
    entity = Entity("project/x", "Project", "甲乙基地", mentions=[plan, review])
    (event,) = timeline_for(entity, {"a.txt": 2023})
    assert event.status == "in_progress" and event.year == 2023
    assert event.evidence.rule == "cue:竣工投产/review/imminent"
    assert event.note is None


def test_year_less_report_keeps_its_event_with_a_reason():
    a = report_from_text("甲乙学校建成并投入使用。", "a.txt")
    entities, _ = link([a], [Extraction("a.txt", [_mention(a, "甲乙学校", "review")])])
    (event,) = entities[0].status
    assert event.status == "operating"
    assert event.year is None and "unknown" in event.note


def test_no_event_when_no_mention_says_anything():
    entity = Entity("project/x", "Project", "甲乙园", mentions=[read_status(m("甲乙园", "发挥甲乙园作用。"))])
    assert timeline_for(entity, {"a.txt": 2023}) == []
