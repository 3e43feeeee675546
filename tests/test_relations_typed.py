"""Typed relations between projects (issue 17): a project named as a phase of another is
part of it (kg.link.relations._phases), with the phase's mentions as evidence."""

from __future__ import annotations

HEAD = "政府工作报告\n——2016年2月19日在海拉尔区第十四届人民代表大会第三次会议上\n各位代表：\n"


def test_a_phase_is_part_of_the_project_of_its_government(tmp_path):
    import kg

    (tmp_path / "a.txt").write_text(
        HEAD + "一、2015年工作回顾\n柳林公园三期建成开放。秦沈高速二期开工建设。\n二、2016年工作安排\n"
        "加快柳林公园建设。推进秦沈高速建设。力争东湖公园开工。\n", encoding="utf-8")
    b = kg.build([tmp_path / "a.txt"])
    labels = {e.key: e.label for e in b.entities}
    parts = {(labels[r.subject], labels[r.object]) for r in b.relations if r.predicate == "partOf"}
    assert ("柳林公园三期", "柳林公园") in parts and ("秦沈高速二期", "秦沈高速") in parts
    assert all(ev.rule == "phase-of-name" for r in b.relations if r.predicate == "partOf" for ev in r.evidence)
