"""A self-contained, offline HTML explorer for a :class:`~kg.model.Build`.

The page is built with pyvis (nodes, edges and vis-network options) but rendered
with our own template (``html_assets/template.html``) so that:

* everything is inlined: vis-network's JS/CSS (vendored from pyvis 0.3.2,
  ``pyvis/lib/vis-9.1.2``), our CSS and JS; no CDN, no bootstrap, no ``src``/``href``
  to any host.  A Content-Security-Policy ``<meta>`` forbids every request and
  allows only the page's own two scripts (by hash);
* report text never reaches an HTML parser: all data is one JSON document in a
  ``<script type="application/json">`` element with ``< > &`` and U+2028/U+2029
  escaped, and the page's JS inserts every string with ``textContent``;
* the output is deterministic: the same Build gives byte-identical HTML.

Only the information in the Build object is used (no report is re-read).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from kg.graph.vocab import relation_local_name
from kg.link.relations import WEAK_RELATIONS  # drawn only on request, without direction
from kg.model import (
    ENTITY_TYPES,
    PROJECT_STATUSES,
    Build,
    Entity,
    Evidence,
    Mention,
    Relation,
    Report,
)

__all__ = ["render_html", "write_html", "FocusNotFound", "TYPE_STYLE"]

ASSETS = Path(__file__).with_name("html_assets")

# type -> (Chinese name, colour, vis-network shape)
TYPE_STYLE: dict[str, tuple[str, str, str]] = {
    "Project": ("项目", "#2f6db5", "dot"),
    "Enterprise": ("企业", "#e07b24", "square"),
    "Initiative": ("举措", "#2e9e5b", "triangle"),
    "Abbreviation": ("缩略语", "#8e5bb5", "diamond"),
    "Place": ("地点", "#8c6d46", "hexagon"),
}
_OTHER_STYLE = ("其他", "#7a7f87", "dot")

STATUS_ZH = {
    "planned": "计划",
    "signed": "签约",
    "started": "开工",
    "in_progress": "在建",
    "completed": "竣工",
    "operating": "投产/运营",
}

FONT_STACK = (
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif'
)

# caps that keep the page small for huge entities (every cap is reported in the card)
MAX_MENTIONS_PER_ENTITY = 40
MAX_EVIDENCE_PER_RELATION = 3
MAX_SEARCH_INDEX = 50_000
SENTENCE_RADIUS = 120  # characters kept either side of a highlight
LABEL_MAX = 18  # characters of a label drawn on the canvas


class FocusNotFound(ValueError):
    """``focus`` names no entity (by label or alias) in the build."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        msg = f"no entity is named {name!r} (label or alias)"
        if suggestions:
            msg += "; did you mean: " + ", ".join(suggestions)
        super().__init__(msg)


# --------------------------------------------------------------------------- helpers

_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(s: str | None) -> str:
    """Text safe to encode as UTF-8 (lone surrogates become U+FFFD)."""
    if not s:
        return ""
    return _SURROGATE.sub("\ufffd", s)


def script_json(obj: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` are escaped so that no ``</script>`` or ``<!--`` can end or
    change the element; U+2028/U+2029 and lone surrogates are escaped too.
    """
    s = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    s = (
        s.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), s)


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip().casefold()


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def _window(sentence: str, a: int | None, b: int | None) -> dict[str, str]:
    """Split a sentence into pre / hit / post around [a, b), trimming long sides."""
    sentence = _clean(sentence)
    if a is None or b is None or not (0 <= a < b <= len(sentence)):
        if len(sentence) > 2 * SENTENCE_RADIUS:
            sentence = sentence[: 2 * SENTENCE_RADIUS] + "…"
        return {"pre": sentence, "hit": "", "post": ""}
    pre, hit, post = sentence[:a], sentence[a:b], sentence[b:]
    if len(pre) > SENTENCE_RADIUS:
        pre = "…" + pre[-SENTENCE_RADIUS:]
    if len(post) > SENTENCE_RADIUS:
        post = post[:SENTENCE_RADIUS] + "…"
    return {"pre": pre, "hit": hit, "post": post}


def _locate(report: Report | None, sentence: str, start: int, end: int,
            fallbacks: Iterable[str] = ()) -> tuple[int | None, int | None]:
    """Position of the span [start, end) (report offsets) inside ``sentence``.

    Uses the report's sentence table when the report text is there and agrees with
    ``sentence``; otherwise falls back to the first occurrence of one of
    ``fallbacks`` (e.g. the mention text) in the sentence.
    """
    if report is not None and report.text and report.sentences:
        s = report.sentence_at(start)
        if sentence in (report.text[s.start:s.end], report.shown(s.start, s.end)) and s.start <= start < end <= s.end:
            return start - s.start, end - s.start
        # sentence may be a stripped version of the report's sentence
        if span := report.shown(start, end):
            i = sentence.find(span)
            if i >= 0:
                return i, i + (end - start)
    for f in fallbacks:
        if f:
            i = sentence.find(f)
            if i >= 0:
                return i, i + len(f)
    return None, None


@dataclass
class _ReportInfo:
    idx: int
    id: str
    region: str | None
    parent: str | None
    year: int | None
    date: str | None
    report: Report | None

    def label(self) -> str:
        parts = [self.region or "未知地区", str(self.year) if self.year else "年份不详"]
        return " ".join(parts)


def _report_table(build: Build) -> dict[str, _ReportInfo]:
    raw: dict[str, Report | None] = {}
    for r in build.reports:
        raw.setdefault(r.id, r)
    for e in build.entities:  # reports only referenced (never loaded) still get a row
        for rid in e.reports:
            raw.setdefault(rid, None)
        for st in e.status:
            raw.setdefault(st.report, None)
    for rel in build.relations:
        for ev in rel.evidence:
            raw.setdefault(ev.report, None)

    def sort_key(rid: str):
        r = raw[rid]
        year = r.meta.year if r is not None else None
        region = (r.meta.region if r is not None else None) or ""
        return (year is None, year or 0, region, rid)

    table: dict[str, _ReportInfo] = {}
    for i, rid in enumerate(sorted(raw, key=sort_key)):
        r = raw[rid]
        m = r.meta if r is not None else None
        table[rid] = _ReportInfo(
            idx=i, id=rid,
            region=m.region if m else None, parent=m.parent if m else None,
            year=m.year if m else None, date=m.date if m else None, report=r,
        )
    return table


# --------------------------------------------------------------------------- selection

@dataclass
class _Selection:
    nodes: list[str]  # entity keys shown, sorted
    relations: list[Relation]  # relations shown, sorted
    candidates: int  # entities in scope (region/year/focus) before the max_nodes cut
    scoped_relations: int
    focus_keys: list[str]
    hop: dict[str, int]


def _relation_graph(scope: set[str], rels: list[Relation]):
    """The relations between entities in ``scope`` as an undirected networkx multigraph
    (one edge per relation, so that a node's degree counts its relations), nodes keyed by
    entity key, added in sorted order."""
    import networkx as nx

    graph = nx.MultiGraph()
    graph.add_nodes_from(sorted(scope))
    graph.add_edges_from((r.subject, r.object) for r in rels if r.subject in scope and r.object in scope)
    return graph


def _select(build: Build, ents: dict[str, Entity], rels: list[Relation],
            reports: dict[str, _ReportInfo], *, focus: str | None, hops: int,
            region: str | None, year: int | None, max_nodes: int) -> _Selection:
    # 1. region / year scope
    if region is not None or year is not None:
        allowed = {
            rid for rid, ri in reports.items()
            if (region is None or ri.region == region) and (year is None or ri.year == year)
        }
        scope = {k for k, e in ents.items() if allowed.intersection(e.reports)}
    else:
        scope = set(ents)

    # 2. focus + hops
    hop: dict[str, int] = {}
    seeds: list[str] = []
    if focus is not None:
        want = focus.strip()
        seeds = sorted(k for k, e in ents.items() if e.label == want or want in e.aliases)
        if not seeds:
            nw = _norm(want)
            seeds = sorted(
                k for k, e in ents.items()
                if _norm(e.label) == nw or any(_norm(a) == nw for a in e.aliases)
            )
        if not seeds:
            nw = _norm(want)
            near = sorted({e.label for e in ents.values()
                           if nw and (nw in _norm(e.label)
                                      or any(nw in _norm(a) for a in e.aliases))})
            raise FocusNotFound(focus, near[:8])
        scope.update(seeds)  # the named entity is shown even outside region/year
        graph = _relation_graph(scope, rels)
        # everything within ``hops`` relations of a seed, either direction: the union of the
        # seeds' ego graphs (networkx.ego_graph of the undirected graph, radius = hops), found
        # by one breadth-first search from all the seeds at once (networkx.bfs_layers), which
        # also gives each node its distance from the nearest seed (the ranking below needs it)
        import networkx as nx

        for distance, layer in enumerate(nx.bfs_layers(graph, seeds)):
            if distance > hops:
                break
            hop.update((k, distance) for k in layer)
        cand = set(hop)
    else:
        cand = scope

    scoped_rels = [r for r in rels if r.subject in cand and r.object in cand]

    # 3. max_nodes: most connected first (focus: nearest first)
    if len(cand) > max_nodes:
        # networkx degree in the graph of the candidates: the relations each has among them
        deg = dict(_relation_graph(cand, scoped_rels).degree())
        ranked = sorted(
            cand,
            key=lambda k: (hop.get(k, 0), -deg[k], -len(ents[k].reports), ents[k].label, k),
        )
        keep = set(ranked[:max_nodes])
    else:
        keep = cand
    shown_rels = [r for r in scoped_rels if r.subject in keep and r.object in keep]
    return _Selection(
        nodes=sorted(keep), relations=shown_rels, candidates=len(cand),
        scoped_relations=len(scoped_rels), focus_keys=seeds, hop=hop,
    )


# --------------------------------------------------------------------------- payload

def _entity_card(e: Entity, ents: dict[str, Entity], rels_of: dict[str, list[tuple[str, Relation]]],
                 reports: dict[str, _ReportInfo], shown: set[str]) -> dict[str, Any]:
    names = [e.label, *e.aliases]
    rids = e.reports  # a property that sorts the mentions' reports: computed once here
    r_idx = sorted({reports[rid].idx for rid in rids})
    years = sorted({reports[rid].year for rid in rids if reports[rid].year is not None})
    regions = sorted({reports[rid].region for rid in rids if reports[rid].region})

    # mentions: one per (report, span), ordered by report then position
    seen: set[tuple[str, int, int]] = set()
    uniq: list[Mention] = []
    for m in sorted(e.mentions, key=lambda m: (reports[m.report].idx, m.start, m.end, m.text, m.rule)):
        k = (m.report, m.start, m.end)
        if k not in seen:
            seen.add(k)
            uniq.append(m)
    mentions = []
    for m in uniq[:MAX_MENTIONS_PER_ENTITY]:
        ri = reports[m.report]
        a, b = _locate(ri.report, m.sentence, m.start, m.end, [m.text])
        mentions.append({
            "r": ri.idx, "text": _clean(m.text), "section": _clean(m.section),
            "rule": _clean(m.rule), "cue": _clean(m.cue) or None,
            **_window(m.sentence, a, b),
        })

    def ev_dict(ev: Evidence, extra_names: Iterable[str] = ()) -> dict[str, Any]:
        ri = reports[ev.report]
        a, b = _locate(ri.report, ev.sentence, ev.start, ev.end, [*names, *extra_names])
        return {"r": ri.idx, "rule": _clean(ev.rule), **_window(ev.sentence, a, b)}

    order = {s: i for i, s in enumerate(PROJECT_STATUSES)}
    status = []
    for st in sorted(e.status, key=lambda s: (s.year is None, s.year or 0, order.get(s.status, 99),
                                              reports[s.report].idx, s.evidence.start)):
        status.append({
            "year": st.year, "status": _clean(st.status),
            "status_zh": STATUS_ZH.get(st.status, ""), "note": _clean(st.note) or None,
            "stage": _clean(st.stage) or None, "stage_zh": STATUS_ZH.get(st.stage or "", ""),
            "modality": _clean(st.modality) or None,
            "ev": ev_dict(st.evidence),
        })

    senses = []
    for s in sorted(e.senses, key=lambda s: (reports[s.report].idx, s.source, s.definition, s.term)):
        senses.append({
            "r": reports[s.report].idx if s.report in reports else None,
            "term": _clean(s.term), "source": _clean(s.source),
            "definition": _clean(s.definition),
            "components": [_clean(c) for c in s.components],
            "groups": [[_clean(c) for c in g] for g in s.groups],
            "expected_parts": s.expected_parts, "check": _clean(s.check),
            "ev": ev_dict(s.evidence) if s.evidence is not None else None,
        })

    relations = []
    names = relation_names()
    # typed relations first (what the report says), same-sentence co-mention after
    for direction, r in sorted(rels_of.get(e.key, []), key=lambda dr: dr[1].predicate in WEAK_RELATIONS):
        other = r.object if direction == "out" else r.subject
        o = ents[other]
        evs = sorted(r.evidence, key=lambda ev: (reports[ev.report].idx, ev.start, ev.end))
        zh, en = names.get(_local_name(r.predicate), (r.predicate, r.predicate))
        relations.append({
            "dir": direction, "p": _clean(r.predicate), "p_zh": _clean(zh), "p_en": _clean(en), "other": other,
            "other_label": _clean(o.label), "other_type": o.type,
            "shown": other in shown, "n": r.weight,
            "ev": [ev_dict(ev, [o.label, *o.aliases]) for ev in evs[:MAX_EVIDENCE_PER_RELATION]],
        })
    relations.sort(key=lambda d: (d["dir"] != "out", d["p"], d["other_label"], d["other"]))

    return {
        "key": e.key, "type": e.type, "label": _clean(e.label),
        "aliases": sorted({_clean(a) for a in e.aliases if a != e.label}),
        "reports": r_idx, "years": years, "regions": regions,
        "divergent": bool(e.divergent), "status": status, "senses": senses,
        "relations": relations, "mentions": mentions, "mentions_total": len(uniq),
    }


def _local_name(predicate: str) -> str:
    """The ontology name of a predicate, or the predicate itself when it is none (a
    predicate that is not an identifier is shown as it is, escaped)."""
    try:
        return relation_local_name(predicate)
    except ValueError:
        return predicate


@lru_cache(maxsize=1)
def relation_names() -> dict[str, tuple[str, str]]:
    """Relation property local name -> (Chinese, English) label, from the ontology (one
    source for the names people read)."""
    from rdflib import Graph, Literal
    from rdflib.namespace import OWL, RDF, RDFS

    from kg.graph.vocab import GR, ontology_dir

    g = Graph().parse(ontology_dir() / "govreport.ttl")
    out = {}
    for prop in g.subjects(RDF.type, OWL.ObjectProperty):
        if not str(prop).startswith(str(GR)):
            continue
        labels = {lit.language: str(lit) for lit in g.objects(prop, RDFS.label) if isinstance(lit, Literal)}
        local = str(prop)[len(str(GR)):]
        out[local] = (labels.get("zh", local), labels.get("en", local))
    return out


def _network(build_nodes: list[dict[str, Any]], build_edges: list[dict[str, Any]],
             n_nodes: int) -> tuple[list[dict], list[dict], dict]:
    """Put nodes/edges into a pyvis Network (directly, O(n)) and take its data/options."""
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    net = Network(directed=True, cdn_resources="in_line", heading="")
    # pyvis's add_node/add_edge scan lists (quadratic); fill the same structures directly
    for nd in build_nodes:
        nd = dict(nd)
        node = Node(nd.pop("id"), nd.pop("shape"), label=nd.pop("label"), **nd)
        net.nodes.append(node.options)
        net.node_ids.append(node.options["id"])
        net.node_map[node.options["id"]] = node.options
    for ed in build_edges:
        ed = dict(ed)
        edge = Edge(ed.pop("from"), ed.pop("to"), True, **ed)
        net.edges.append(edge.options)

    net.barnes_hut(gravity=-6000, central_gravity=0.3, spring_length=130,
                   spring_strength=0.03, damping=0.12, overlap=0.3)
    net.set_edge_smooth("continuous" if len(build_edges) <= 400 else "discrete")
    net.toggle_stabilization(True)
    net.options.physics.stabilization.iterations = 400 if n_nodes <= 200 else 200
    net.options.physics.stabilization.updateInterval = 25
    net.toggle_hide_edges_on_drag(n_nodes > 500)
    nodes, edges, _heading, _h, _w, options_json = net.get_network_data()
    options = json.loads(options_json)
    options["edges"]["color"] = {"color": "#9aa5b1", "highlight": "#333f4d", "hover": "#333f4d"}
    options["edges"]["font"] = {"size": 11, "align": "middle", "color": "#4a5563",
                                "strokeWidth": 3, "strokeColor": "#ffffff"}
    options["edges"]["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.5}}
    options["nodes"] = {"font": {"face": FONT_STACK, "size": 14, "color": "#1f2933",
                                 "strokeWidth": 3, "strokeColor": "#ffffff"},
                        "borderWidth": 1}
    options["interaction"].update({"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                                   "keyboard": False, "multiselect": False})
    options["layout"] = {"randomSeed": 7, "improvedLayout": n_nodes <= 100}
    return nodes, edges, options


def _payload(build: Build, *, focus: str | None, hops: int, region: str | None,
             year: int | None, max_nodes: int) -> dict[str, Any]:
    reports = _report_table(build)
    ents: dict[str, Entity] = {}
    for e in build.entities:
        ents.setdefault(e.key, e)
    # relations between known entities, each once, sorted
    rel_seen: set[tuple] = set()
    rels: list[Relation] = []
    for r in sorted(build.relations, key=lambda r: (r.subject, r.predicate, r.object, -r.weight)):
        k = (r.subject, r.predicate, r.object)
        if r.subject in ents and r.object in ents and k not in rel_seen:
            rel_seen.add(k)
            rels.append(r)

    sel = _select(build, ents, rels, reports, focus=focus, hops=hops, region=region,
                  year=year, max_nodes=max_nodes)
    shown = set(sel.nodes)

    rels_of: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
    for r in rels:
        if r.subject in shown:
            rels_of[r.subject].append(("out", r))
        if r.object in shown:
            rels_of[r.object].append(("in", r))

    entities = {k: _entity_card(ents[k], ents, rels_of, reports, shown) for k in sel.nodes}

    vis_nodes = []
    for k in sel.nodes:
        e = ents[k]
        zh, color, shape = TYPE_STYLE.get(e.type, _OTHER_STYLE)
        n_rep = len(e.reports)
        vis_nodes.append({
            "id": k, "label": _clean(_short(e.label)), "shape": shape, "color": color,
            "size": 10 + 5 * min(n_rep, 10),
            "title": _clean(f"{e.label}\n{zh} {e.type} · {n_rep} 份报告 reports"),
            **({"borderWidth": 4, "color": {"background": color, "border": "#111111"}}
               if k in sel.focus_keys else {}),
        })
    vis_edges = []
    names = relation_names()
    for i, r in enumerate(sel.relations):
        zh, en = names.get(_local_name(r.predicate), (r.predicate, r.predicate))
        weak = r.predicate in WEAK_RELATIONS
        vis_edges.append({
            "id": f"e{i}", "from": r.subject, "to": r.object, "label": _clean(zh), "predicate": _clean(r.predicate),
            "title": _clean(f"{ents[r.subject].label} —{zh} ({en})→ {ents[r.object].label}"
                            f" · {r.weight} 条证据 evidence"),
            "width": 1 + min(r.weight, 5) * 0.5,
            **({"weak": True, "hidden": True, "dashes": True, "arrows": {"to": {"enabled": False}}} if weak else {}),
        })
    nodes, edges, options = _network(vis_nodes, vis_edges, len(vis_nodes))

    type_counts: dict[str, int] = defaultdict(int)
    for k in sel.nodes:
        type_counts[ents[k].type] += 1
    extra_types = sorted(t for t in type_counts if t not in TYPE_STYLE)
    types = []
    for t in [*ENTITY_TYPES, *extra_types]:
        zh, color, shape = TYPE_STYLE.get(t, _OTHER_STYLE)
        types.append({"type": t, "zh": zh, "color": color, "shape": shape,
                      "count": type_counts.get(t, 0)})

    report_rows = [
        {"id": _clean(ri.id), "region": _clean(ri.region) or None, "parent": _clean(ri.parent) or None,
         "year": ri.year, "date": _clean(ri.date) or None, "label": _clean(ri.label())}
        for ri in sorted(reports.values(), key=lambda ri: ri.idx)
    ]

    # a name index of the entities left out, so the search can point to --focus
    others = []
    for k in sorted(set(ents) - shown, key=lambda k: (ents[k].label, k)):
        e = ents[k]
        others.append([_clean(e.label), e.type, sorted({_clean(a) for a in e.aliases if a != e.label})])
        if len(others) >= MAX_SEARCH_INDEX:
            break

    total_e, total_r = len(ents), len(rels)
    scope_bits = []
    if focus is not None:
        scope_bits.append(f"focus={focus} hops={hops}")
    if region is not None:
        scope_bits.append(f"region={region}")
    if year is not None:
        scope_bits.append(f"year={year}")
    note = None
    if len(shown) < sel.candidates:
        note = (f"showing {len(shown):,} of {sel.candidates:,} entities "
                f"({len(sel.relations):,} of {sel.scoped_relations:,} relations): the most connected; "
                f"use kg html --focus NAME --hops N or --region/--year")
        if scope_bits:
            note = f"{' '.join(scope_bits)}: {note}; {total_e:,} entities in the build"
    elif scope_bits:
        note = (f"{' '.join(scope_bits)}: showing {len(shown):,} of {total_e:,} entities "
                f"and {len(sel.relations):,} of {total_r:,} relations in the build")
    empty = None
    if not shown:
        if not ents:
            empty = "Nothing to show: this build has no entities. 没有可显示的内容：该构建中没有实体。"
        else:
            empty = (f"Nothing to show for {' '.join(scope_bits)}: no entity matches. "
                     f"没有符合条件的实体（共 {total_e:,} 个实体）。")

    return {
        "meta": {
            "total_entities": total_e, "total_relations": total_r,
            "shown_entities": len(shown), "shown_relations": len(sel.relations),
            "candidates": sel.candidates, "reports": len(build.reports),
            "note": _clean(note) or None, "empty": empty,
            "focus": [k for k in sel.focus_keys if k in shown],
            "scope": {"focus": _clean(focus) or None, "hops": hops if focus is not None else None,
                      "region": _clean(region) or None, "year": year},
        },
        "types": types, "reports": report_rows, "nodes": nodes, "edges": edges,
        "entities": entities, "others": others, "options": options,
        "indicators": _indicator_rows(build, shown),
    }


def _indicator_rows(build: Build, shown: set[str]) -> dict[str, list[dict[str, Any]]]:
    """The targets judged for each region drawn as a place (key ``place/{code}``): per row
    the indicator, year, the target's band (lo, hi: ``None`` is open), the result, the
    outcome and why, for the card's small chart."""
    from kg.extract.indicators import indicator_labels
    from kg.link.names import place_key
    from kg.link.targets import target_band, target_rules

    r = target_rules()
    labels = indicator_labels()
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in build.assessments:
        if not a.region.isdigit():
            continue
        key = place_key(a.region)
        if key not in shown:
            continue
        t = a.target
        row: dict[str, Any] = {"name": _clean(labels.get(a.indicator, a.indicator)), "year": a.period,
                               "measure": t.measure, "unit": _clean(t.unit or ""), "outcome": a.outcome,
                               "why": _clean(a.reason),
                               "target": None, "lo": None, "hi": None,
                               "actual": float(a.actual.value) if a.actual and a.actual.value and
                               (a.actual.unit == t.unit) else None,
                               "target_text": _clean(f"{t.value or ''}{t.unit or ''}{t.qualifier or ''}")}
        if t.value is not None and r.senses.get(t.qualifier or "") != "in_step":
            lo, hi = target_band(t, r)
            row.update(target=float(t.value), lo=None if lo is None else float(lo), hi=None if hi is None else float(hi))
        out[key].append(row)
    return dict(out)


# --------------------------------------------------------------------------- page

def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _check_inline(text: str, tag: str) -> str:
    if re.search(rf"</{tag}|<!--", text, re.IGNORECASE):
        raise ValueError(f"asset cannot be inlined in <{tag}>: contains </{tag} or <!--")
    return text


def render_html(build: Build, *, focus: str | None = None, hops: int = 1,
                region: str | None = None, year: int | None = None,
                max_nodes: int = 300) -> str:
    """The explorer page for ``build`` as one self-contained HTML string.

    ``focus`` (a label or alias) shows that entity and everything within ``hops``
    relations; ``region`` / ``year`` keep entities mentioned in reports of that
    region (``ReportMeta.region``, exact) / year; at most ``max_nodes`` entities are
    drawn, the most connected first, and the page says what was left out.
    Raises :class:`FocusNotFound` when ``focus`` names nothing.
    """
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    if hops < 0:
        raise ValueError("hops must be >= 0")

    data = _payload(build, focus=focus, hops=hops, region=region, year=year, max_nodes=max_nodes)
    vis_js = _check_inline(_asset("vis-network.min.js"), "script")
    app_js = _check_inline(_asset("app.js"), "script")
    css = _check_inline(_asset("vis-network.css") + "\n" + _asset("app.css"), "style")
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    env = Environment(loader=FileSystemLoader(str(ASSETS)), autoescape=select_autoescape(["html"]),
                      keep_trailing_newline=True)
    tpl = env.get_template("template.html")
    meta = data["meta"]
    return tpl.render(
        csp=csp,
        font_stack=Markup(FONT_STACK),  # a constant; inside <style>, so not entity-escaped
        css=Markup(css),
        vis_js=Markup(vis_js),
        app_js=Markup(app_js),
        data_json=Markup(script_json(data)),
        note=meta["note"],
        empty=meta["empty"],
        types=data["types"],
        summary=(f"{meta['shown_entities']:,} / {meta['total_entities']:,} 实体 entities · "
                 f"{meta['shown_relations']:,} / {meta['total_relations']:,} 关系 relations · "
                 f"{meta['reports']:,} 份报告 reports"),
    )


def write_html(build: Build, path: Path, **kwargs: Any) -> None:
    """Write :func:`render_html` to ``path`` as UTF-8 (whatever the locale)."""
    path = Path(path)
    html = render_html(build, **kwargs)
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(html.encode("utf-8"))
