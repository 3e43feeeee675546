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
    "Honour": ("荣誉", "#c9a227", "star"),
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
SENTENCE_RADIUS = 120  # characters kept either side of a highlight
MAX_EVIDENCE_PER_RELATION = 2
MAX_RELATIONS_PER_CARD = 50  # typed first; the card says how many more
MAX_SEARCH_INDEX = 50_000
# the page carries every entity of the view up to this many (drawn on demand: search, filter,
# expand); the most important FULL_CARDS have whole cards, the others brief ones
MAX_PAGE_ENTITIES = 30_000
FULL_CARDS = 500
# a brief card: one sentence, the latest two stages, one sense; its relations the page lists
# from the edges (names and counts, no sentences)
BRIEF = {"mentions": 1, "relations": 0, "evidence": 0, "senses": 1, "status": 1, "radius": 30}
FULL = {"mentions": MAX_MENTIONS_PER_ENTITY, "relations": MAX_RELATIONS_PER_CARD,
        "evidence": MAX_EVIDENCE_PER_RELATION, "senses": 24, "status": 60, "radius": SENTENCE_RADIUS}
LOUVAIN_SEED = 7
WEAK_WEIGHT = 0.25  # a co-mention counts a quarter of a typed relation in communities
LABEL_MAX = 18  # characters of a label drawn on the canvas
FIRST_SCREEN = 120  # entities drawn when the page opens, the most important first
DRAW_THRESHOLD = 9  # px: smaller labels are not drawn (vis-network scaling.label.drawThreshold)


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


def _window(sentence: str, a: int | None, b: int | None, radius: int = SENTENCE_RADIUS) -> dict[str, str]:
    """Split a sentence into pre / hit / post around [a, b), trimming long sides."""
    sentence = _clean(sentence)
    if a is None or b is None or not (0 <= a < b <= len(sentence)):
        if len(sentence) > 2 * radius:
            sentence = sentence[: 2 * radius] + "…"
        return {"pre": sentence, "hit": "", "post": ""}
    pre, hit, post = sentence[:a], sentence[a:b], sentence[b:]
    if len(pre) > radius:
        pre = "…" + pre[-radius:]
    if len(post) > radius:
        post = post[:radius] + "…"
    return {"pre": pre, "hit": hit, "post": post}


def _locate(sentence: str, names: Iterable[str], nth: int = 0) -> tuple[int | None, int | None]:
    """Where to highlight in ``sentence``: the first of ``names`` (the mention's text,
    the entity's label and aliases) found in it; its ``nth`` occurrence when there are
    that many (the second mention of a name in one sentence is marked at its own place).

    Only the sentence is used, never the report's text, so that the page written by
    ``kg build`` (reports in memory) and the one ``kg html`` writes from the saved build
    (reports without text) are the same page.
    """
    for f in names:
        if f:
            i = sentence.find(f)
            if i >= 0:
                for _ in range(nth):
                    j = sentence.find(f, i + len(f))
                    if j < 0:
                        break
                    i = j
                return i, i + len(f)
    return None, None


def _locate_span(sentence: str, length: int, groups: list[list[str]]) -> tuple[int | None, int | None]:
    """Where an evidence span of ``length`` characters lies in ``sentence``, from the sentence
    alone: the first window of that length that starts or ends at a name and holds a name
    of every group (the entity's names; for a relation, the other end's too). A span that is
    the whole sentence (or none fits) marks the entity's name instead (``_locate``)."""
    names = [n for g in groups for n in g if n]
    if 0 < length < len(sentence):
        starts = set()
        for n in names:
            i = sentence.find(n)
            while i >= 0:
                starts.update((i, i + len(n) - length))
                i = sentence.find(n, i + 1)
        for c in sorted(starts):
            if c < 0 or c + length > len(sentence):
                continue
            window = sentence[c:c + length]
            if all(any(n and n in window for n in g) for g in groups):
                return c, c + length
    return _locate(sentence, names)


@dataclass
class _ReportInfo:
    idx: int
    id: str
    region: str | None
    parent: str | None
    year: int | None
    date: str | None

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
            year=m.year if m else None, date=m.date if m else None,
        )
    return table


# --------------------------------------------------------------------------- selection

@dataclass
class _Selection:
    nodes: list[str]  # entity keys carried in the page (drawable on demand), sorted
    relations: list[Relation]  # relations among them, sorted
    first: list[str]  # the keys drawn on the first screen, most important first
    rank: dict[str, int]  # importance rank among the page's entities (0 = most important)
    reach: dict[str, tuple[int, int]]  # key -> (reports, typed relations): the rank's reasons
    community: dict[str, int]  # Louvain community, 0 = the largest
    candidates: int  # entities in scope (region/year/focus) before the page's cap
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


def importance(ents: dict[str, Entity], keys: Iterable[str], rels: list[Relation]) -> dict[str, tuple[int, int, int]]:
    """Why an entity matters to a reader, per key: (reports that mention it, typed relations,
    all relations). Ranked by reports + typed relations, then all relations: an entity many
    reports name and the reports tie to other things by a stated relation comes first;
    same-sentence co-mention only breaks ties."""
    keys = set(keys)
    typed: dict[str, int] = defaultdict(int)
    every: dict[str, int] = defaultdict(int)
    for r in rels:
        if r.subject in keys and r.object in keys:
            for k in (r.subject, r.object):
                every[k] += 1
                if r.predicate not in WEAK_RELATIONS:
                    typed[k] += 1
    return {k: (len(ents[k].reports), typed[k], every[k]) for k in keys}


def communities(keys: list[str], rels: list[Relation]) -> dict[str, int]:
    """Louvain communities (networkx) of the relation graph, seeded; nodes are numbered in
    sorted key order so that neither the hash seed nor input order changes the result.
    Typed relations weigh 1 per evidence, co-mentions ``WEAK_WEIGHT``. Communities are
    numbered by size (0 the largest), ties by their first key."""
    import networkx as nx

    index = {k: i for i, k in enumerate(sorted(keys))}
    graph = nx.Graph()
    graph.add_nodes_from(range(len(index)))
    for r in rels:
        a, b = index.get(r.subject), index.get(r.object)
        if a is None or b is None or a == b:
            continue
        w = max(r.weight, 1) * (WEAK_WEIGHT if r.predicate in WEAK_RELATIONS else 1.0)
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += w
        else:
            graph.add_edge(a, b, weight=w)
    parts = nx.community.louvain_communities(graph, weight="weight", seed=LOUVAIN_SEED)
    ordered = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    names = sorted(index)
    return {names[i]: c for c, part in enumerate(ordered) for i in part}


FIRST_HUBS = 0.5  # share of the first screen given to the most important entities ...
HUB_NEIGHBOURS = 3  # ... each bringing up to this many of its stated neighbours


def _first_screen(ranked: list[str], rank: dict[str, int], rels: list[Relation], size: int,
                  focused: bool) -> list[str]:
    """The entities drawn when the page opens, most important first. Without a focus, half
    the screen is the most important entities and each brings its best stated (typed)
    neighbours, so that the first screen shows what the reports say ties them together
    rather than a scatter of unconnected names; the rest is filled by rank. With a focus the
    ranking (nearest first) decides alone."""
    if focused or len(ranked) <= size:
        return ranked[:size]
    typed: dict[str, list[str]] = defaultdict(list)
    for r in rels:
        if r.predicate not in WEAK_RELATIONS and r.subject != r.object:
            typed[r.subject].append(r.object)
            typed[r.object].append(r.subject)
    hubs = ranked[:max(1, int(size * FIRST_HUBS))]
    chosen: dict[str, None] = dict.fromkeys(hubs)
    for k in hubs:
        for n in sorted(set(typed.get(k, ())), key=rank.__getitem__)[:HUB_NEIGHBOURS]:
            if len(chosen) < size:
                chosen.setdefault(n)
    for k in ranked:
        if len(chosen) >= size:
            break
        chosen.setdefault(k)
    return sorted(chosen, key=rank.__getitem__)


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

    # 3. importance, the page's cap and the first screen: nearest the focus first, then
    # the most important (reports + typed relations, then all relations)
    reach = importance(ents, cand, rels)

    def order(k: str):
        n_rep, typed, every = reach[k]
        return (hop.get(k, 0), -(n_rep + typed), -every, ents[k].label, k)

    ranked = sorted(cand, key=order)[:MAX_PAGE_ENTITIES]
    keep = set(ranked)
    page_rels = [r for r in rels if r.subject in keep and r.object in keep]
    rank = {k: i for i, k in enumerate(ranked)}
    return _Selection(
        nodes=sorted(keep), relations=page_rels, first=_first_screen(ranked, rank, page_rels, max_nodes, bool(hop)),
        rank=rank,
        reach={k: reach[k][:2] for k in ranked},
        community=communities(ranked, page_rels),
        candidates=len(cand), focus_keys=seeds, hop=hop,
    )


# --------------------------------------------------------------------------- payload

def _entity_card(e: Entity, ents: dict[str, Entity], rels_of: dict[str, list[tuple[str, Relation]]],
                 reports: dict[str, _ReportInfo], shown: set[str], detail: dict[str, int]) -> dict[str, Any]:
    """What the page's card shows of ``e``; ``detail`` caps each list (``FULL`` or ``BRIEF``),
    and the card says how many more the JSONL export has."""
    names = [e.label, *e.aliases]
    rids = e.reports  # a property that sorts the mentions' reports: computed once here
    r_idx = sorted({reports[rid].idx for rid in rids})
    years = sorted({reports[rid].year for rid in rids if reports[rid].year is not None})

    # mentions: one per (report, span), ordered by report then position
    seen: set[tuple[str, int, int]] = set()
    uniq: list[Mention] = []
    for m in sorted(e.mentions, key=lambda m: (reports[m.report].idx, m.start, m.end, m.text, m.rule)):
        k = (m.report, m.start, m.end)
        if k not in seen:
            seen.add(k)
            uniq.append(m)
    mentions = []
    nth: dict[tuple[str, str, str], int] = defaultdict(int)  # mentions of a text in a sentence so far
    for m in uniq[:detail["mentions"]]:
        ri = reports[m.report]
        a, b = _locate(m.sentence, [m.text], nth[(m.report, m.sentence, m.text)])
        nth[(m.report, m.sentence, m.text)] += 1
        mentions.append({
            "r": ri.idx, "text": _clean(m.text), "section": _clean(m.section),
            "rule": _clean(m.rule), "cue": _clean(m.cue) or None,
            **_window(m.sentence, a, b, detail["radius"]),
        })

    def ev_dict(ev: Evidence, extra_names: Iterable[str] = ()) -> dict[str, Any]:
        ri = reports[ev.report]
        extra = [n for n in extra_names if n]
        a, b = _locate_span(ev.sentence, ev.end - ev.start, [names, extra] if extra else [names])
        return {"r": ri.idx, "rule": _clean(ev.rule), **_window(ev.sentence, a, b, detail["radius"])}

    order = {s: i for i, s in enumerate(PROJECT_STATUSES)}
    status = []
    for st in sorted(e.status, key=lambda s: (s.year is None, s.year or 0, order.get(s.status, 99),
                                              reports[s.report].idx, s.evidence.start))[-detail["status"]:]:
        status.append({
            "year": st.year, "status": _clean(st.status),
            "status_zh": STATUS_ZH.get(st.status, ""), "note": _clean(st.note) or None,
            "stage": _clean(st.stage) or None, "stage_zh": STATUS_ZH.get(st.stage or "", ""),
            "modality": _clean(st.modality) or None,
            "ev": ev_dict(st.evidence),
        })

    senses = []
    for s in sorted(e.senses, key=lambda s: (reports[s.report].idx, s.source, s.definition, s.term))[:detail["senses"]]:
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
    predicate_names = relation_names()
    # typed relations first (what the report says), then same-sentence co-mentions, the
    # best attested first; at most detail["relations"] of them
    mine = sorted(rels_of.get(e.key, []),
                  key=lambda dr: (dr[1].predicate in WEAK_RELATIONS, -dr[1].weight, dr[0] != "out",
                                  dr[1].predicate, dr[1].subject, dr[1].object))
    for direction, r in mine[:detail["relations"]]:
        other = r.object if direction == "out" else r.subject
        o = ents[other]
        evs = sorted(r.evidence, key=lambda ev: (reports[ev.report].idx, ev.start, ev.end))
        zh, en = predicate_names.get(_local_name(r.predicate), (r.predicate, r.predicate))
        relations.append({
            "dir": direction, "p": _clean(r.predicate), "p_zh": _clean(zh), "p_en": _clean(en), "other": other,
            "other_label": _clean(o.label), "other_type": o.type,
            "shown": other in shown, "n": r.weight, "weak": r.predicate in WEAK_RELATIONS,
            "ev": [ev_dict(ev, [o.label, *o.aliases]) for ev in evs[:detail["evidence"]]],
        })
    relations.sort(key=lambda d: (d["weak"], d["dir"] != "out", d["p"], d["other_label"], d["other"]))

    return {
        "key": e.key, "type": e.type, "label": _clean(e.label),
        "aliases": sorted({_clean(a) for a in e.aliases if a != e.label}),
        "reports": r_idx, "years": years,
        "divergent": bool(e.divergent), "status": status, "senses": senses,
        "relations": relations, "relations_total": len(mine), "mentions": mentions, "mentions_total": len(uniq),
        "status_total": len(e.status), "senses_total": len(e.senses), "brief": detail is not FULL,
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
    # a label is drawn only when it would be at least DRAW_THRESHOLD px on screen; the page
    # gives the most important entities a font that is legible at the current zoom
    options["nodes"] = {"font": {"face": FONT_STACK, "size": 14, "color": "#1f2933",
                                 "strokeWidth": 3, "strokeColor": "#ffffff"},
                        "borderWidth": 1,
                        "scaling": {"label": {"drawThreshold": DRAW_THRESHOLD, "maxVisible": 22}}}
    options["physics"]["stabilization"]["fit"] = False  # the page fits once; expanding keeps the view
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

    first = set(sel.first)
    entities = {k: _entity_card(ents[k], ents, rels_of, reports, shown,
                                FULL if (sel.rank[k] < FULL_CARDS or k in first) else BRIEF)
                for k in sel.nodes}

    vis_nodes = []
    for k in sel.nodes:
        e = ents[k]
        zh, color, shape = TYPE_STYLE.get(e.type, _OTHER_STYLE)
        n_rep, typed = sel.reach[k]
        vis_nodes.append({
            "id": k, "label": _clean(_short(e.label)), "shape": shape, "color": color,
            "size": 10 + 5 * min(n_rep, 10), "rank": sel.rank[k], "community": sel.community[k],
            "typed": typed,  # the page writes the tooltip (label, type, reports, typed relations)
            **({"borderWidth": 4, "color": {"background": color, "border": "#111111"}}
               if k in sel.focus_keys else {}),
        })
    vis_edges = []
    names = relation_names()
    predicates: dict[str, list[str]] = {}  # the names the page draws, per predicate
    for i, r in enumerate(sel.relations):
        weak = r.predicate in WEAK_RELATIONS
        zh, en = names.get(_local_name(r.predicate), (r.predicate, r.predicate))
        predicates[_clean(r.predicate)] = [_clean(zh), _clean(en)]
        # the page draws the name (DATA.predicates), width and, for a co-mention, a dashed
        # line without arrow, hidden until asked for
        vis_edges.append({
            "id": f"e{i}", "from": r.subject, "to": r.object, "predicate": _clean(r.predicate), "n": r.weight,
            **({"weak": True} if weak else {}),
        })
    nodes, edges, options = _network(vis_nodes, vis_edges, len(sel.first))

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

    # a name index of the entities left out of the page, so the search can point to --focus
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
    notes = []
    if scope_bits:
        notes.append(f"{' '.join(scope_bits)}: {sel.candidates:,} of {total_e:,} entities in the build")
    if len(first) < len(shown):
        notes.append(f"first screen: the {len(first):,} most important of {len(shown):,} entities; "
                     f"search, filter or expand (double-click) to add the others")
    if len(shown) < sel.candidates:
        notes.append(f"{sel.candidates - len(shown):,} less connected entities are listed by name only: "
                     f"kg html --focus NAME draws them")
    note = " · ".join(notes) or None
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
            "shown_entities": len(shown), "shown_relations": len(sel.relations), "first": len(first),
            "candidates": sel.candidates, "reports": len(build.reports),
            "note": _clean(note) or None, "empty": empty,
            "focus": [k for k in sel.focus_keys if k in shown],
            "scope": {"focus": _clean(focus) or None, "hops": hops if focus is not None else None,
                      "region": _clean(region) or None, "year": year},
        },
        "types": types, "reports": report_rows, "nodes": nodes, "edges": edges,
        "first": sel.first, "predicates": predicates,
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
                max_nodes: int = FIRST_SCREEN) -> str:
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
        note=meta["note"], first=meta["first"], shown=meta["shown_entities"],
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
