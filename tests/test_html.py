"""Fast tests of the HTML explorer (no browser): offline, counts, escaping, scoping."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import time
from pathlib import Path

import pytest

from kg.export.html import FocusNotFound, render_html, write_html
from kg.model import (
    Build,
    Entity,
    Evidence,
    Mention,
    Relation,
    Report,
    ReportMeta,
    Sense,
    Sentence,
    StatusEvent,
)

# ---------------------------------------------------------------------------- builders
# (also used by tests/test_html_browser.py, which loads this file by path)


class ReportMaker:
    """A report made of sentences, with helpers that give correct offsets."""

    def __init__(self, rid: str, sentences: list[str], **meta):
        self.text = "".join(sentences)
        sents, pos = [], 0
        for s in sentences:
            sents.append(Sentence(pos, pos + len(s), "review"))
            pos += len(s)
        self.report = Report(id=rid, path=f"corpus/{rid}", sha256="0" * 64, encoding="utf-8",
                             text=self.text, meta=ReportMeta(**meta), sentences=sents)

    @property
    def id(self) -> str:
        return self.report.id

    def span(self, text: str, nth: int = 0) -> tuple[int, int, str]:
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(text, start + 1)
        end = start + len(text)
        return start, end, self.report.sentence_text(start)

    def mention(self, text: str, type_: str, nth: int = 0, cue: str | None = None) -> Mention:
        start, end, sent = self.span(text, nth)
        return Mention(report=self.id, start=start, end=end, text=text, type=type_,
                       sentence=sent, section="review", rule="test", cue=cue)

    def evidence(self, text: str, nth: int = 0, rule: str = "test") -> Evidence:
        start, end, sent = self.span(text, nth)
        return Evidence(report=self.id, start=start, end=end, sentence=sent, rule=rule)


def demo_build() -> Build:
    """A small realistic build (the names are the domain notes' examples)."""
    r19 = ReportMaker("001_98fa88b3beb3cc7e.txt", [
        "株硬集团完成技术改造，湖南先进硬质材料产业园规划获批。",
        "深入实施“六即”改革，优化营商环境。",
    ], region="荷塘区", parent="株洲市", level="区", year=2019)
    r22 = ReportMaker("002_88621541501a8a2f.txt", [
        "力争三一智慧钢铁城项目开工，推动先进硬质材料产业园扩区。",
        "围绕城市管理“微亮化”“微公园”“微服务”，推进“三微”建设。",
        "株硬集团入驻先进硬质材料产业园，德国梅塞尔气体项目签约。",
        "深入落实“三高四新”战略定位和使命任务。",
    ], region="荷塘区", parent="株洲市", level="区", year=2022, date="2022-02-24")
    r24 = ReportMaker("000_8ff613cba856dcb9.txt", [
        "三一智慧钢铁城开工建设，梅塞尔项目竣工投产。",
        "推行微网格、微项目、微治理“三微”治理。",
        "株硬集团获评国家级绿色工厂。",
    ], region="荷塘区", parent="株洲市", level="区", year=2024)
    r23 = ReportMaker("004_e5f92e7d73b9cccd.txt", [
        "全面落实“三高四新”战略定位和使命任务，深化“六即”改革。",
        "三一智慧钢铁城签约落地。",
    ], region="株洲市", level="市", year=2023)

    zhuying = Entity(
        key="enterprise/zhuying", type="Enterprise", label="株硬集团",
        mentions=[r19.mention("株硬集团", "Enterprise"), r22.mention("株硬集团", "Enterprise", cue="入驻"),
                  r24.mention("株硬集团", "Enterprise", cue="获评")])
    park = Entity(
        key="project/hardpark", type="Project", label="湖南先进硬质材料产业园",
        aliases=["先进硬质材料产业园"],
        mentions=[r19.mention("湖南先进硬质材料产业园", "Project"),
                  r22.mention("先进硬质材料产业园", "Project"),
                  r22.mention("先进硬质材料产业园", "Project", nth=1)],
        status=[StatusEvent(r19.id, 2019, "planned", r19.evidence("湖南先进硬质材料产业园规划获批"))])
    steel = Entity(
        key="project/steelcity", type="Project", label="三一智慧钢铁城",
        mentions=[r22.mention("三一智慧钢铁城", "Project"), r24.mention("三一智慧钢铁城", "Project"),
                  r23.mention("三一智慧钢铁城", "Project")],
        status=[StatusEvent(r22.id, 2022, "planned", r22.evidence("力争三一智慧钢铁城项目开工")),
                StatusEvent(r23.id, 2023, "signed", r23.evidence("三一智慧钢铁城签约")),
                StatusEvent(r24.id, 2024, "started", r24.evidence("三一智慧钢铁城开工建设"))])
    messer = Entity(
        key="enterprise/messer", type="Enterprise", label="梅塞尔", aliases=["德国梅塞尔"],
        mentions=[r22.mention("德国梅塞尔", "Enterprise"), r24.mention("梅塞尔", "Enterprise")])
    messer_project = Entity(
        key="project/messer-gas", type="Project", label="梅塞尔气体项目",
        mentions=[r22.mention("梅塞尔气体项目", "Project")],
        status=[StatusEvent(r22.id, 2022, "signed", r22.evidence("梅塞尔气体项目签约")),
                StatusEvent(r24.id, 2024, "operating", r24.evidence("梅塞尔项目竣工投产"))])
    sangao = Entity(
        key="abbreviation/sangaosixin", type="Abbreviation", label="三高四新",
        mentions=[r22.mention("三高四新", "Abbreviation"), r23.mention("三高四新", "Abbreviation")],
        senses=[Sense(term="三高四新", report=r23.id, source="inline",
                      definition="打造“三个高地”、践行“四新”使命",
                      components=["三个高地", "四新使命"], groups=[["三个高地"], ["四新使命"]],
                      expected_parts=2, check="ok", evidence=r23.evidence("三高四新"))])
    sanwei = Entity(
        key="abbreviation/sanwei", type="Abbreviation", label="三微", divergent=True,
        mentions=[r22.mention("三微", "Abbreviation"), r24.mention("三微", "Abbreviation")],
        senses=[Sense(term="三微", report=r22.id, source="inline",
                      definition="城市管理“微亮化”“微公园”“微服务”",
                      components=["微亮化", "微公园", "微服务"], groups=[["微亮化", "微公园", "微服务"]],
                      expected_parts=3, check="ok", evidence=r22.evidence("三微")),
                Sense(term="三微", report=r24.id, source="inline", definition="微网格、微项目、微治理",
                      components=["微网格", "微项目", "微治理"], groups=[["微网格", "微项目", "微治理"]],
                      expected_parts=3, check="ok", evidence=r24.evidence("三微"))])
    liuji = Entity(
        key="initiative/liuji", type="Initiative", label="“六即”改革",
        mentions=[r19.mention("“六即”改革", "Initiative"), r23.mention("“六即”改革", "Initiative")])
    hetang = Entity(key="place/hetang", type="Place", label="荷塘区", aliases=["荷塘"])

    relations = [
        Relation("enterprise/zhuying", "located_in", "project/hardpark",
                 [r22.evidence("株硬集团入驻先进硬质材料产业园")]),
        Relation("enterprise/messer", "invests_in", "project/messer-gas",
                 [r22.evidence("德国梅塞尔气体项目")]),
        Relation("project/hardpark", "located_in", "place/hetang", []),
        Relation("project/steelcity", "located_in", "place/hetang", []),
        Relation("initiative/liuji", "co_occurs", "abbreviation/sangaosixin",
                 [r23.evidence("全面落实“三高四新”战略定位和使命任务，深化“六即”改革")]),
    ]
    return Build(reports=[r19.report, r22.report, r24.report, r23.report],
                 entities=[zhuying, park, steel, messer, messer_project, sangao, sanwei, liuji, hetang],
                 relations=relations)


PWN = "window.__pwned=1"
HOSTILE = [
    f"<script>{PWN}</script>",
    f'<img src=x onerror="{PWN}">',
    f"</script><script>{PWN}</script>",
    f'<a href="javascript:{PWN}">链接 href</a>',
    f"<!--<script>{PWN}</script>-->",
    f"<svg onload={PWN}>",
    "&lt;b&gt;&amp; \u2028line\u2029sep",
]


def hostile_build() -> Build:
    """Entity names, aliases, sentences, predicates and report metadata carrying HTML/JS."""
    sentences = [f"第{i}句：{h}项目开工。" for i, h in enumerate(HOSTILE)]
    rep = ReportMaker(f'<img src=x onerror="{PWN}">.txt', sentences,
                      region=f"<img src=x onerror={PWN}>区", year=2024,
                      date=f"<script>{PWN}</script>")
    ents = []
    for i, h in enumerate(HOSTILE):
        ents.append(Entity(
            key=f"project/h{i}", type=["Project", "Enterprise", "Initiative", "Abbreviation"][i % 4],
            label=h, aliases=[f"别名{i}{HOSTILE[(i + 1) % len(HOSTILE)]}"],
            mentions=[rep.mention(h, "Project", cue=f"<b onmouseover={PWN}>cue</b>")],
            status=[StatusEvent(rep.id, 2024, "started", rep.evidence(h), note=f"<i onclick={PWN}>n</i>")],
            senses=[Sense(term=h, report=rep.id, source="glossary", definition=h,
                          components=[h, f"<img src=x onerror={PWN}>"], groups=[[h]],
                          expected_parts=1, check="mismatch", evidence=rep.evidence(h))]
            if i % 4 == 3 else [],
            divergent=i % 4 == 3))
    rels = [Relation(f"project/h{i}", f"<img src=x onerror={PWN}>p{i}", f"project/h{(i + 1) % len(HOSTILE)}",
                     [rep.evidence(HOSTILE[i])]) for i in range(len(HOSTILE))]
    return Build(reports=[rep.report], entities=ents, relations=rels)


def big_build(n: int = 2000, m: int | None = None, seed: int = 1) -> Build:
    """``n`` entities, ``m`` relations; entity 0 is a hub tied to many others."""
    rnd = random.Random(seed)
    m = 2 * n if m is None else m
    reports = [ReportMaker(f"r{y}.txt", [f"{y}年报告。"], region=["甲区", "乙区"][y % 2], year=y)
               for y in range(2018, 2025)]
    types = ["Project", "Enterprise", "Initiative", "Abbreviation", "Place"]
    ents = []
    for i in range(n):
        rep = reports[i % len(reports)]
        ents.append(Entity(key=f"e/{i:06d}", type=types[i % 5], label=f"实体{i}",
                           aliases=[f"别名{i}"],
                           mentions=[Mention(rep.id, 0, 2, f"{rep.id[1:5]}", types[i % 5],
                                             rep.text, "review", "big")]))
    rels, seen = [], set()
    for j in range(1, min(n, 80)):
        rels.append(Relation("e/000000", "tied_to", f"e/{j:06d}"))
        seen.add((0, j))
    while len(rels) < m:
        a, b = rnd.randrange(n), rnd.randrange(n)
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            rels.append(Relation(f"e/{a:06d}", "related", f"e/{b:06d}"))
    return Build(reports=[r.report for r in reports], entities=ents, relations=rels)


def chain_build(n: int = 9) -> Build:
    rep = ReportMaker("c.txt", ["链。"], region="甲区", year=2020)
    ents = [Entity(key=f"c/{i}", type="Project", label=f"节点{i}", aliases=[f"N{i}"],
                   mentions=[Mention(rep.id, 0, 1, "链", "Project", "链。", "review", "t")])
            for i in range(n)]
    rels = [Relation(f"c/{i}", "next", f"c/{i + 1}") for i in range(n - 1)]
    return Build(reports=[rep.report], entities=ents, relations=rels)


def markup(html: str) -> str:
    """The page without the contents of its script elements."""
    return re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", html, flags=re.S | re.I)


def page_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "no embedded data"
    return json.loads(m.group(1))


# ---------------------------------------------------------------------------- tests

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def assert_offline(html: str) -> None:
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert not re.search(r"<link\b", html, re.I)
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", html, re.I)
    assert not re.search(r"@import", html, re.I)
    for host in ("cdn.jsdelivr", "cdnjs.cloudflare", "bootstrap.min", "unpkg.com"):
        assert host not in html


def test_page_is_self_contained_and_offline():
    html = render_html(demo_build())
    assert_offline(html)
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html
    # exactly our three script elements: data, vis-network, app
    assert len(re.findall(r"<script\b", markup(html), re.I)) == 3
    assert len(re.findall(r"</script", html, re.I)) == 3
    assert "vis-network" in html and "new vis.Network" in html
    assert "Noto Sans CJK SC" in html and "Microsoft YaHei" in html


def test_csp_allows_only_the_inline_scripts():
    html = render_html(demo_build())
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src &#39;none&#39;" in csp or "default-src 'none'" in csp
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2
    for s in scripts:
        digest = base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
        assert digest in csp


def test_counts_match_build():
    b = demo_build()
    data = page_data(render_html(b))
    assert len(data["nodes"]) == len(b.entities)
    assert len(data["edges"]) == len(b.relations)
    assert sorted(n["id"] for n in data["nodes"]) == sorted(e.key for e in b.entities)
    assert sorted(data["entities"]) == sorted(e.key for e in b.entities)
    assert data["meta"]["note"] is None and data["meta"]["empty"] is None
    edge_labels = sorted(e["predicate"] for e in data["edges"])
    assert edge_labels == sorted(r.predicate for r in b.relations)
    # drawn with the ontology's Chinese names; co-mentions hidden until asked for, without direction
    by_predicate = {e["predicate"]: e for e in data["edges"]}
    if "coMentionedWith" in by_predicate:
        weak = by_predicate["coMentionedWith"]
        assert weak["label"] == "同句共现" and weak["hidden"] and weak["weak"]


def test_style_by_type_and_size_by_reports():
    data = page_data(render_html(demo_build()))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["project/steelcity"]["shape"] == "dot"
    assert nodes["enterprise/zhuying"]["shape"] == "square"
    assert nodes["initiative/liuji"]["shape"] == "triangle"
    assert nodes["abbreviation/sanwei"]["shape"] == "diamond"
    assert nodes["place/hetang"]["shape"] == "hexagon"
    # 3 reports > 1 report > 0 reports
    assert nodes["project/steelcity"]["size"] > nodes["project/messer-gas"]["size"] > nodes["place/hetang"]["size"]
    assert {t["type"] for t in data["types"]} >= {"Project", "Enterprise", "Initiative", "Abbreviation", "Place"}
    assert data["options"]["physics"]["stabilization"]["enabled"] is True


def test_card_data_has_reports_status_senses_relations_evidence():
    data = page_data(render_html(demo_build()))
    reports = data["reports"]
    steel = data["entities"]["project/steelcity"]
    assert steel["years"] == [2022, 2023, 2024]
    assert [reports[i]["year"] for i in steel["reports"]] == [2022, 2023, 2024]
    assert [s["status"] for s in steel["status"]] == ["planned", "signed", "started"]
    assert steel["status"][2]["ev"]["hit"] == "三一智慧钢铁城开工建设"
    for m in steel["mentions"]:
        assert m["hit"] == "三一智慧钢铁城"
        assert "三一智慧钢铁城" in m["pre"] + m["hit"] + m["post"]
    sanwei = data["entities"]["abbreviation/sanwei"]
    assert sanwei["divergent"] is True
    assert [s["components"] for s in sanwei["senses"]] == [["微亮化", "微公园", "微服务"], ["微网格", "微项目", "微治理"]]
    park = data["entities"]["project/hardpark"]
    assert park["aliases"] == ["先进硬质材料产业园"]
    rel = [r for r in park["relations"] if r["other"] == "enterprise/zhuying"][0]
    assert rel["dir"] == "in" and rel["p"] == "located_in" and rel["shown"]
    assert rel["ev"][0]["hit"] == "株硬集团入驻先进硬质材料产业园"
    # the second mention in the same sentence is highlighted at its own position
    pm = [m for m in park["mentions"] if reports[m["r"]]["year"] == 2022]
    assert len(pm) == 2 and pm[0]["pre"] != pm[1]["pre"]


def test_highlight_without_report_text_falls_back_to_search():
    b = demo_build()
    for r in b.reports:  # a build reloaded without texts
        r.text = ""
        r.sentences = []
    data = page_data(render_html(b))
    m = data["entities"]["enterprise/zhuying"]["mentions"][0]
    assert m["hit"] == "株硬集团"


def test_hostile_text_is_escaped():
    b = hostile_build()
    html = render_html(b)
    assert_offline(html)
    for h in HOSTILE:
        assert h not in html
    assert PWN in html  # present, but only inside JSON strings
    assert "<img" not in html.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert len(re.findall(r"<script\b", markup(html), re.I)) == 3
    assert len(re.findall(r"</script", html, re.I)) == 3
    assert "\u2028" not in html and "\u2029" not in html
    # everything round-trips as text
    data = page_data(html)
    assert sorted(e["label"] for e in data["entities"].values()) == sorted(HOSTILE)
    assert any(HOSTILE[1] in e["aliases"][0] for e in data["entities"].values())
    assert data["reports"][0]["region"] == f"<img src=x onerror={PWN}>区"
    # static text rendered by the template (no pyvis heading / select-menu sinks)
    assert "<h1>" not in html.split("<body>", 1)[1].split("</header>", 1)[0].replace("<h1>政府", "")


def test_focus_value_is_escaped_in_static_text():
    b = chain_build()
    b.entities[0].aliases.append(f"<img src=x onerror={PWN}>")
    html = render_html(b, focus=f"<img src=x onerror={PWN}>", hops=1)
    assert f"<img src=x onerror={PWN}>" not in html
    assert "&lt;img src=x onerror" in html  # the note names the focus, escaped


def test_app_js_never_parses_data_as_html():
    js = (Path(__file__).parents[1] / "kg/export/html_assets/app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setAttribute(\"on"):
        assert sink not in js, sink


def test_deterministic_output():
    a = render_html(demo_build())
    assert a == render_html(demo_build())
    b = demo_build()
    b.entities.reverse()
    b.relations.reverse()
    b.reports.reverse()
    assert a == render_html(b)
    big = big_build(800)
    assert render_html(big, max_nodes=100) == render_html(big, max_nodes=100)


def test_empty_build_says_nothing_to_show():
    html = render_html(Build(reports=[], entities=[], relations=[]))
    assert_offline(html)
    assert "Nothing to show" in html and "没有可显示的内容" in html
    assert 'id="empty" class="overlay">' in html  # not hidden
    data = page_data(html)
    assert data["nodes"] == [] and data["edges"] == []


def test_default_view_of_large_build_draws_the_most_important_first():
    b = big_build(2000)
    html = render_html(b, max_nodes=150)
    data = page_data(html)
    # the page carries every entity (search, filters and expand draw them on demand) ...
    assert len(data["nodes"]) == 2000 and len(data["entities"]) == 2000 and data["others"] == []
    keep = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in keep and e["to"] in keep for e in data["edges"])
    # ... and draws the 150 most important first: the hub (most relations) leads
    assert len(data["first"]) == 150 and data["first"][0] == "e/000000"
    ranks = {n["id"]: n["rank"] for n in data["nodes"]}
    assert sorted(ranks.values()) == list(range(2000))
    # half the screen: the most important, each with its best stated neighbours; then by rank
    first = data["first"]
    assert [ranks[k] for k in first] == sorted(ranks[k] for k in first)
    assert set(sorted(ranks, key=ranks.get)[:75]) <= set(first)
    tied = {e["to"] for e in data["edges"] if e["from"] == "e/000000"}
    assert len(tied & set(first)) >= 3
    drawn_edges = [e for e in data["edges"] if e["from"] in first and e["to"] in first]
    assert len(drawn_edges) >= 75
    assert "the 150 most important of 2,000 entities" in html
    assert "kg html" not in data["meta"]["note"]  # nothing here needs a command line
    assert not data["entities"]["e/000000"]["brief"]


def test_page_cap_lists_the_rest_by_name(monkeypatch):
    import kg.export.html as H

    monkeypatch.setattr(H, "MAX_PAGE_ENTITIES", 500)
    monkeypatch.setattr(H, "FULL_CARDS", 100)
    data = page_data(render_html(big_build(2000), max_nodes=50))
    assert len(data["nodes"]) == 500 and len(data["others"]) == 1500
    assert "kg html --focus NAME" in data["meta"]["note"]
    # full cards for the most important, brief ones (fewer sentences) beyond FULL_CARDS
    briefs = [k for k, e in data["entities"].items() if e["brief"]]
    ranks = {n["id"]: n["rank"] for n in data["nodes"]}
    assert sorted(briefs) == sorted(k for k in ranks if ranks[k] >= 100 and k not in data["first"])
    assert all(len(data["entities"][k]["mentions"]) <= H.BRIEF["mentions"] for k in briefs)


def test_communities_are_seeded_and_follow_the_relations():
    b = chain_build(9)
    more = chain_build(6)  # a second chain, tied to the first by nothing
    for e in more.entities:
        e.key = "d/" + e.key[2:]
    more.relations = [Relation("d/" + r.subject[2:], r.predicate, "d/" + r.object[2:]) for r in more.relations]
    b = Build(reports=b.reports, entities=b.entities + more.entities, relations=b.relations + more.relations)
    data = page_data(render_html(b))
    comm = {n["id"]: n["community"] for n in data["nodes"]}
    assert not {comm[f"c/{i}"] for i in range(9)} & {comm[f"d/{i}"] for i in range(6)}
    assert page_data(render_html(b))["nodes"] == data["nodes"]


def test_large_build_renders_quickly():
    b = big_build(20_000, 40_000)
    t = time.perf_counter()
    html = render_html(b)
    took = time.perf_counter() - t
    data = page_data(html)
    assert len(data["nodes"]) == 20_000 and len(data["first"]) == 120
    assert "the 120 most important of 20,000 entities" in html
    assert took < 30, f"render took {took:.1f}s"


def test_focus_and_hops():
    b = chain_build(9)
    d1 = page_data(render_html(b, focus="节点4", hops=1))
    assert sorted(n["id"] for n in d1["nodes"]) == ["c/3", "c/4", "c/5"]
    assert len(d1["edges"]) == 2
    assert d1["meta"]["focus"] == ["c/4"]
    d2 = page_data(render_html(b, focus="N4", hops=2))  # by alias
    assert sorted(n["id"] for n in d2["nodes"]) == ["c/2", "c/3", "c/4", "c/5", "c/6"]
    d0 = page_data(render_html(b, focus="节点0", hops=0))
    assert [n["id"] for n in d0["nodes"]] == ["c/0"]
    with pytest.raises(FocusNotFound) as err:
        render_html(b, focus="节点")
    assert "节点0" in str(err.value)
    # the first screen keeps the nearest first when capped; the rest of the hops are in the page
    d3 = page_data(render_html(b, focus="节点4", hops=4, max_nodes=3))
    assert d3["first"][0] == "c/4" and sorted(d3["first"]) == ["c/3", "c/4", "c/5"]
    assert len(d3["nodes"]) == 9


def test_region_and_year_subsets():
    b = demo_build()
    d = page_data(render_html(b, region="株洲市"))
    assert sorted(d["entities"]) == ["abbreviation/sangaosixin", "initiative/liuji", "project/steelcity"]
    assert [e["predicate"] for e in d["edges"]] == ["co_occurs"]
    d = page_data(render_html(b, year=2024))
    assert "enterprise/messer" in d["entities"] and "initiative/liuji" not in d["entities"]
    d = page_data(render_html(b, region="荷塘区", year=2019))
    assert sorted(d["entities"]) == ["enterprise/zhuying", "initiative/liuji", "project/hardpark"]
    html = render_html(b, region="不存在区")
    assert "Nothing to show" in html


def test_write_html_is_utf8(tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    out = tmp_path / "sub" / "graph.html"
    write_html(demo_build(), out)
    raw = out.read_bytes()
    assert raw.decode("utf-8") == render_html(demo_build())
    assert "株硬集团".encode("utf-8") in raw


def test_invalid_arguments():
    with pytest.raises(ValueError):
        render_html(demo_build(), max_nodes=0)
    with pytest.raises(ValueError):
        render_html(demo_build(), focus="株硬集团", hops=-1)


def test_sample_build(request):
    try:
        build = request.getfixturevalue("sample_build")
    except pytest.FixtureLookupError:
        pytest.skip("sample_build fixture (tests/conftest.py) not available yet")
    html = render_html(build)
    assert_offline(html)
    data = page_data(html)
    keys = {e.key for e in build.entities}
    # every entity is in the page; the first screen is the 120 most important
    assert len(data["nodes"]) == len(keys) and len(data["first"]) == min(len(keys), 120)
    valid = {(r.subject, r.predicate, r.object) for r in build.relations
             if r.subject in keys and r.object in keys}
    assert len(data["edges"]) == len(valid)
    assert html == render_html(build)
