"""Typed relations (issue 17): a project named as a phase, section or unit of a whole is part
of it (kg.extract.projects.whole_of_part, kg.link.relations._phases), and a place, project
or enterprise given a title is honoured with it (kg.extract.honours); scored on real reports
against gold annotated blind (tests/gold_relations)."""

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
    rules = {ev.rule for r in b.relations if r.predicate == "partOf" for ev in r.evidence}
    assert rules <= {"phase-of-name", "whole_of_part"}


def _relations(b, predicate: str) -> set[tuple[str, str]]:
    labels = {e.key: e.label for e in b.entities}
    return {(labels[r.subject], labels[r.object]) for r in b.relations if r.predicate == predicate}


def test_the_whole_of_a_part_is_named_by_the_part_alone(tmp_path):
    """No report names 福州机场 on its own: the phase names it, and is part of it; the whole's
    status is only what its phase's says of it (in progress while a phase is built). A report
    that names one part of a whole does not mention the whole (the annotation guidelines: a
    phase with no sibling is the project itself): the whole has no mentions until the corpus
    names a second part of it or the whole on its own."""
    import kg

    (tmp_path / "a.txt").write_text(
        HEAD + "一、2015年工作回顾\n福州机场二期开工建设。渝宜高铁重庆段建成通车。漳州核电2—4号机组加快建设。\n",
        encoding="utf-8")
    b = kg.build([tmp_path / "a.txt"])
    parts = _relations(b, "partOf")
    assert {("福州机场二期", "福州机场"), ("渝宜高铁重庆段", "渝宜高铁"), ("漳州核电2—4号机组", "漳州核电")} <= parts
    wholes = {e.label: e for e in b.entities if e.label in ("福州机场", "渝宜高铁", "漳州核电")}
    assert len(wholes) == 3 and not any(e.mentions for e in wholes.values())
    whole = wholes["福州机场"]
    assert whole.type == "Project" and all("part-of-project" in st.evidence.rule for st in whole.status)
    (tmp_path / "b.txt").write_text(
        HEAD.replace("2016年2月19日", "2017年2月19日").replace("第三次", "第四次")
        + "一、2016年工作回顾\n福州机场三期开工建设。渝宜高铁建成通车。\n", encoding="utf-8")
    b2 = kg.build([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert {("福州机场二期", "福州机场"), ("福州机场三期", "福州机场"), ("渝宜高铁重庆段", "渝宜高铁")} <= _relations(b2, "partOf")
    mentioned = {e.label for e in b2.entities if e.mentions}
    assert {"福州机场", "渝宜高铁"} <= mentioned and "漳州核电" not in mentioned
    assert {e.key for e in b.entities} <= {e.key for e in b2.entities}  # the same IRIs


def test_split_of_a_part_and_its_whole():
    from kg.extract.projects import _Rules, whole_split
    from kg.genre import default

    rules = default().compiled("extract.projects", _Rules.build)
    cases = {"京港高铁阜阳至黄冈段": "京港高铁", "厦门港翔安1—5号泊位": "厦门港", "先进硬质材料产业园1-1期": "先进硬质材料产业园",
             "福州机场综合保税区（一期）": "福州机场综合保税区", "长江国家文化公园（重庆段）": "长江国家文化公园",
             "江北国际机场T3B航站楼": "江北国际机场", "福州地铁6号线西延线": "福州地铁6号线"}
    for name, whole in cases.items():
        cut = whole_split(rules, name)
        assert cut is not None and name[:cut] == whole, name
    for name in ("二期", "手段", "阶段", "京港高铁", "产业园"):
        assert whole_split(rules, name) is None, name


def test_honours_of_named_holders_only(tmp_path):
    import kg

    (tmp_path / "a.txt").write_text(
        HEAD + "一、2015年工作回顾\n先进硬质材料产业园获评国家级绿色工业园区。甲乙科技有限公司获评国家级知识产权示范（优势）企业。"
        "我区获批全国首个绿色发展示范区。先进硬质材料产业园入选了一批项目。\n",
        encoding="utf-8")
    b = kg.build([tmp_path / "a.txt"])
    honours = _relations(b, "honouredAs")
    assert honours == {("先进硬质材料产业园", "国家级绿色工业园区"),
                       ("甲乙科技有限公司", "国家级知识产权示范（优势）企业")}, honours  # a bracket inside a title
    h = next(e for e in b.entities if e.type == "Honour" and e.label == "国家级绿色工业园区")
    r = next(r for r in b.relations if r.predicate == "honouredAs" and r.object == h.key)
    assert h.label == "国家级绿色工业园区" and r.evidence[0].rule == "honour"
    assert "获评国家级绿色工业园区" in r.evidence[0].sentence


def test_typed_relations_on_real_reports_against_blind_gold():
    """The four dev reports of tests/gold_relations (copied in tests/data/real/relations):
    precision and recall of the typed relations, and of the two kinds built for them."""
    from pathlib import Path

    import kg
    from kg.evaluate import evaluate_relations, load_gold

    root = Path(__file__).resolve().parent
    b = kg.build(sorted((root / "data" / "real" / "relations").glob("*.txt")), cache_dir=None)
    scores, _errors = evaluate_relations(load_gold(root / "gold_relations"), b)
    assert scores["*"].gold == 82
    assert scores["*"].precision >= 0.9 and scores["*"].recall >= 0.4, scores["*"]
    assert scores["partOf"].precision >= 0.9 and scores["partOf"].recall >= 0.5, scores["partOf"]
    assert scores["honour"].precision >= 0.9 and scores["honour"].recall >= 0.5, scores["honour"]


def test_named_companies_settle_in_the_park_right_after_the_verb(tmp_path):
    import kg

    (tmp_path / "a.txt").write_text(
        HEAD + "一、2015年工作回顾\n甲乙科技有限公司、丙丁集团成功落户于海拉尔经济开发区。"
        "航运集聚区新落户企业300余家。丙丁集团投资建设新厂。\n", encoding="utf-8")
    b = kg.build([tmp_path / "a.txt"])
    settled = _relations(b, "settlesIn")
    assert settled == {("甲乙科技有限公司", "海拉尔经济开发区"), ("丙丁集团", "海拉尔经济开发区")}, settled
    r = next(r for r in b.relations if r.predicate == "settlesIn")
    assert r.evidence[0].rule == "settles_in" and "落户于海拉尔经济开发区" in r.evidence[0].sentence
