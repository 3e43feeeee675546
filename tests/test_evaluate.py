"""The eval harness on crafted gold and builds: it must be able to fail."""

from __future__ import annotations

import json

import pytest

from kg.evaluate import GoldError, check_thresholds, evaluate, format_evaluation, load_gold
from kg.model import Build, Entity, Mention, Report, Sense


def _build(names: dict[str, list[str]], senses=()) -> Build:
    entities = []
    for type_, texts in names.items():
        for i, t in enumerate(texts):
            m = Mention("r.txt", i, i + len(t), t, type_, t, "review", "test")
            entities.append(Entity(key=f"{type_}/{i}", type=type_, label=t, mentions=[m]))
    if senses:
        entities.append(Entity(key="abbreviation/s", type="Abbreviation", label="x", senses=list(senses)))
    return Build(reports=[Report("r.txt", "", "", "utf-8", "")], entities=entities, relations=[])


GOLD = {"r.txt": {"report": "r.txt",
                  "enterprises": [{"name": "甲乙科技", "aliases": ["甲乙科技有限公司"]}, {"name": "丙丁集团", "aliases": []}],
                  "projects": [{"name": "戊己产业园", "aliases": [], "status": "started"}],
                  "uncertain": [{"name": "庚辛", "type": "Enterprise"}],
                  "abbreviations": [{"term": "三微", "source": "glossary", "components": ["微网格", "微项目", "微治理"], "definition": "…"},
                                    {"term": "两化", "source": "inline", "components": ["甲", "乙"], "definition": "…"}]}}


def test_perfect_build_scores_one():
    result = evaluate(GOLD, _build({"Enterprise": ["甲乙科技", "丙丁集团"], "Project": ["戊己产业园"]}))
    assert result.total("Enterprise").f1 == 1.0
    assert result.total("Project").f1 == 1.0


def test_alias_counts_once_and_uncertain_counts_neither_way():
    result = evaluate(GOLD, _build({"Enterprise": ["甲乙科技有限公司", "甲乙科技", "庚辛"]}))
    score = result.total("Enterprise")
    assert (score.right_predicted, score.predicted, score.found_gold, score.gold) == (2, 2, 1, 2)
    assert score.recall == 0.5


def test_false_positives_and_misses_are_listed():
    result = evaluate(GOLD, _build({"Enterprise": ["甲乙科技", "骨干企业"], "Project": ["戊己产业园项目"]}))
    text = format_evaluation(result, errors=True)
    assert "FP    Enterprise   r.txt  骨干企业" in text
    assert "MISS  Enterprise   r.txt  丙丁集团" in text
    assert result.total("Project").f1 == 0.0
    assert result.total("Project", lenient=True).f1 == 1.0
    assert check_thresholds(result, {"Project": 0.5}) == ["Project F1 0.000 is below 0.5"]


def test_components_and_inline_definitions():
    good = Sense("三微", "r.txt", "glossary", "…", ["微网格", "微项目", "微治理"])
    bad_inline = Sense("三化", "r.txt", "inline", "…", ["a"])
    result = evaluate(GOLD, _build({}, [good, bad_inline]))
    assert (result.components_right, result.components_total) == (1, 1)
    assert result.inline.precision == 0.0 and result.inline.recall == 0.0
    wrong = Sense("三微", "r.txt", "glossary", "…", ["微网格", "微项目"])
    assert evaluate(GOLD, _build({}, [wrong])).components_right == 0


def test_gold_parts_are_merged(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.json").write_text(json.dumps({"report": "r.txt", "projects": [{"name": "甲"}]}), "utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"report": "r.txt", "projects": [{"name": "乙"}], "year": 2020}), "utf-8")
    gold = load_gold(tmp_path)
    assert [p["name"] for p in gold["r.txt"]["projects"]] == ["甲", "乙"]


def test_bad_gold_names_the_file(tmp_path):
    (tmp_path / "x.json").write_text("{not json", "utf-8")
    with pytest.raises(GoldError, match="x.json"):
        load_gold(tmp_path)


def test_link_pairs_and_status():
    from kg.evaluate import Evaluation, evaluate_links
    from kg.model import Evidence, StatusEvent

    def ent(key, type_, names, status=()):
        mentions = [Mention(r, 0, len(n), n, type_, n, "review", "t") for r, n in names]
        return Entity(key=key, type=type_, label=names[0][1], mentions=mentions,
                      status=[StatusEvent(r, 2020, s, Evidence(r, 0, 1, "x", "t")) for r, s in status])

    build = Build(reports=[], relations=[], entities=[
        ent("p/1", "Project", [("a", "甲产业园"), ("b", "湖南甲产业园")], [("a", "started")]),
        ent("p/2", "Project", [("c", "甲产业园")]),
        ent("p/3", "Project", [("a", "乙基地一期"), ("b", "乙基地二期")]),
    ])
    clusters = [
        {"type": "Project", "mentions": [{"report": "a", "name": "甲产业园"}, {"report": "b", "name": "湖南甲产业园"},
                                         {"report": "c", "name": "甲产业园"}], "status": {"a": "started", "b": "completed"}},
        {"type": "Project", "mentions": [{"report": "a", "name": "乙基地一期"}]},
        {"type": "Project", "mentions": [{"report": "b", "name": "乙基地二期"}]},
    ]
    result = Evaluation()
    evaluate_links(clusters, build, result)
    k = result.links
    assert (k.gold, k.found_gold, k.predicted, k.right_predicted) == (3, 1, 2, 1)
    assert (result.status_right, result.status_total) == (1, 2)
    assert any(e.startswith("WRONG LINK") and "乙基地二期" in e for e in result.link_errors)
