"""One entity per real thing, with the evidence for every merge.

Mentions are grouped in three steps, each a blocking step (no all-pairs comparison):

1. **same name** — same type, scope and canonical name (quotes, spaces, widths ignored);
2. **same core** — same type, scope and core (:mod:`kg.link.variants`: a leading place,
   a generic head word or a legal suffix stripped; phases kept), provided the names do
   not carry two different places (湖南X公司 and 广东X公司 stay two);
3. **variants** — an enterprise's short name (甲X集团) and the one full name it
   abbreviates (甲乙X…集团), when both occur in reports of one prefecture; a project
   name and the one name that is it with a short modifier inserted (X物流园 /
   X智慧物流园) in the same scope; an initiative of a district and the same
   initiative in its city's own report (a city-wide campaign the district carries out).

The *scope* keeps names that are only unique locally apart: projects and places are
scoped by prefecture (a district's report and its city's report share a scope);
initiatives by the issuing government (two districts' “百日攻坚”行动 are two campaigns)
unless the city's report names them too; enterprises and abbreviations are global. An
entity's key is minted from its type, scope and core, so it does not change when a
report adds another variant (former keys stay reachable through ``former_keys``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.link.names import canonical, entity_key
from kg.link.variants import Core, core_of, is_near_variant, is_short_form, place_names
from kg.model import Entity, Evidence, Extraction, Merge, Mention, Report, Sense

SCOPED_TYPES = frozenset({"Project", "Initiative", "Place"})
REGION_SCOPED_TYPES = frozenset({"Initiative"})
COUNTY_LEVELS = frozenset({"区", "县", "旗", "县级市", "镇", "乡", "街道"})
SCORES = {"same-canonical-name": 1.0, "place-prefix": 0.9, "head-word": 0.95, "legal-suffix": 0.95,
          "short-form": 0.8, "near-variant": 0.8, "shared-with-parent": 0.85}


def scope_of(report: Report) -> str:
    """The prefecture a report speaks for: a district's parent, else its own region."""
    meta = report.meta
    if meta.level in COUNTY_LEVELS and meta.parent:
        return meta.parent
    return meta.region or meta.parent or ""


@dataclass
class _Group:
    """Mentions with one type, scope and canonical name."""

    type: str
    scope: str
    canon: str
    core: Core
    prefecture: str = ""
    mentions: list[Mention] = field(default_factory=list)
    scopes: set[str] = field(default_factory=set)  # prefectures of the reports it occurs in

    @property
    def places(self) -> set[str]:
        return {s.split(":", 1)[1] for s in self.core.stripped if s.startswith("place-prefix:")}


def resolve(reports: list[Report], extractions: list[Extraction]) -> tuple[list[Entity], dict[Mention, str]]:
    """Entities sorted by key, and the entity key of every mention."""
    prefecture = {r.id: scope_of(r) for r in reports}
    region = {r.id: r.meta.region or prefecture[r.id] for r in reports}
    places = place_names([(r.meta.region, r.meta.parent) for r in reports])
    groups, senses = _same_name_groups(extractions, prefecture, region, places)
    clusters = _same_core_clusters(groups)
    clusters = _join_variants(clusters, "Enterprise", _enterprise_blocks, _short_form_of)
    clusters = _join_variants(clusters, "Project", _project_blocks, _near_variant_of)
    clusters = _join_parent_initiatives(clusters)
    entities: list[Entity] = []
    key_of: dict[Mention, str] = {}
    for cluster in clusters:
        entity = _entity(cluster, senses)
        for m in entity.mentions:
            key_of[m] = entity.key
        entities.append(entity)
    entities.sort(key=lambda e: e.key)
    return entities, key_of


def _same_name_groups(extractions: list[Extraction], prefecture: dict[str, str], region: dict[str, str],
                      places: tuple[str, ...]) -> tuple[list[_Group], dict[str, list[Sense]]]:
    groups: dict[tuple[str, str, str], _Group] = {}
    senses: dict[str, list[Sense]] = defaultdict(list)

    def group(type_: str, report: str, name: str) -> _Group | None:
        canon = canonical(name)
        if not canon:
            return None
        if type_ in REGION_SCOPED_TYPES:
            s = region.get(report, "")
        else:
            s = prefecture.get(report, "") if type_ in SCOPED_TYPES else ""
        g = groups.get((type_, s, canon))
        if g is None:
            core = core_of(name, type_, places) if type_ != "Abbreviation" else Core(canon, ())
            g = groups[(type_, s, canon)] = _Group(type_, s, canon, core, prefecture.get(report, ""))
        g.scopes.add(prefecture.get(report, ""))
        return g

    for extraction in extractions:
        for m in extraction.mentions:
            g = group(m.type, m.report, m.text)
            if g is not None:
                g.mentions.append(m)
        for s in extraction.senses:
            if group("Abbreviation", s.report, s.term) is not None:
                senses[canonical(s.term)].append(s)
    return [groups[k] for k in sorted(groups)], senses


def _same_core_clusters(groups: list[_Group]) -> list[list[_Group]]:
    """Groups with one core join unless two of them name different places."""
    by_core: dict[tuple[str, str, str], list[_Group]] = defaultdict(list)
    for g in groups:
        by_core[(g.type, g.scope, g.core.text)].append(g)
    clusters: list[list[_Group]] = []
    for _, members in sorted(by_core.items()):
        placed = {frozenset(g.places) for g in members if g.places}
        shared = set.intersection(*(g.scopes for g in members)) if len(members) > 1 else {""}
        if len(placed) > 1 or (members[0].type not in SCOPED_TYPES and not shared and placed):
            clusters.extend([g] for g in members)  # ambiguous or no shared prefecture: no merge
        else:
            clusters.append(members)
    return clusters


def _enterprise_blocks(cluster: list[_Group]) -> list[tuple]:
    return [(g.canon[0], g.canon[-2:]) for g in cluster]


def _project_blocks(cluster: list[_Group]) -> list[tuple]:
    return [k for g in cluster for k in ((g.scope, g.canon[:2], g.canon[-2:]), (g.scope, g.canon[-5:]))]


def _short_form_of(small: list[_Group], large: list[_Group]) -> bool:
    return any(is_short_form(a.canon, b.canon) for a in small for b in large)


def _near_variant_of(small: list[_Group], large: list[_Group]) -> bool:
    return small[0].scope == large[0].scope and any(
        len(a.core.text) < len(b.core.text) and is_near_variant(a.core.text, b.core.text) for a in small for b in large)


def _join_variants(clusters: list[list[_Group]], type_: str, blocks: Callable[[list[_Group]], list[tuple]],
                   is_variant: Callable[[list[_Group], list[_Group]], bool]) -> list[list[_Group]]:
    """Join each cluster of ``type_`` to the single longer cluster it is a variant of
    (blocked, so only names sharing a block key are compared; ambiguity means no join)."""
    by_block: dict[tuple, set[int]] = defaultdict(set)
    for i, cluster in enumerate(clusters):
        if cluster[0].type == type_:
            for key in blocks(cluster):
                by_block[key].add(i)
    scopes = [set().union(*(g.scopes for g in c)) for c in clusters]
    partners: dict[int, set[int]] = defaultdict(set)
    for members in by_block.values():
        for i in members:
            for j in members:
                if i != j and scopes[i] & scopes[j] and is_variant(clusters[i], clusters[j]):
                    partners[i].add(j)
    parent = {i: next(iter(js)) for i, js in partners.items() if len(js) == 1}
    return _union(clusters, parent)


def _union(clusters: list[list[_Group]], parent: dict[int, int]) -> list[list[_Group]]:
    merged: dict[int, list[_Group]] = {}
    for i, cluster in enumerate(clusters):
        root, seen = i, {i}
        while root in parent and parent[root] not in seen:
            root = parent[root]
            seen.add(root)
        merged.setdefault(root, []).extend(cluster)
    return [merged[k] for k in sorted(merged)]


def _join_parent_initiatives(clusters: list[list[_Group]]) -> list[list[_Group]]:
    """A district's initiative joins its city's initiative of the same core, when the
    city's own report names it (the campaign is city-wide); siblings alone stay apart."""
    by_core: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        if cluster[0].type == "Initiative":
            by_core[(cluster[0].prefecture, cluster[0].core.text)].append(i)
    parent: dict[int, int] = {}
    for (prefecture, _), members in by_core.items():
        city = [i for i in members if clusters[i][0].scope == prefecture]
        if len(city) == 1:
            for i in members:
                if i != city[0]:
                    parent[i] = city[0]
    return _union(clusters, parent)


def _entity(cluster: list[_Group], senses: dict[str, list[Sense]]) -> Entity:
    # The parent government's group names a shared initiative; else the longest core
    # (the full name of a short form).
    head = max(cluster, key=lambda g: (g.scope == g.prefecture, len(g.core.text), g.core.text))
    type_, scope = head.type, head.scope
    key = entity_key(type_, f"{scope}\x1f{head.core.text}" if type_ in SCOPED_TYPES else head.core.text)
    mentions = sorted({m for g in cluster for m in g.mentions}, key=_mention_order)
    label = _label(mentions, head.canon)
    entity = Entity(key=key, type=type_, label=label, mentions=mentions)
    entity.aliases = sorted({m.text for m in mentions} - {label})
    entity.merges = _merges(cluster, head, label)
    entity.former_keys = sorted({_group_key(g) for g in cluster} - {key})
    if type_ == "Abbreviation":
        entity.senses = sorted((s for g in cluster for s in senses.get(g.canon, [])),
                               key=lambda s: (s.report, s.source, s.definition))
        entity.divergent = _divergent(entity.senses)
    return entity


def _group_key(g: _Group) -> str:
    return entity_key(g.type, f"{g.scope}\x1f{g.core.text}" if g.type in SCOPED_TYPES else g.core.text)


def _mention_order(m: Mention) -> tuple:
    return (m.report, m.start, m.end, m.type, m.rule, m.text)


def _label(mentions: list[Mention], canon: str) -> str:
    """The most frequent surface form; ties go to the longer, then the smaller string."""
    if not mentions:
        return canon
    counts = Counter(m.text for m in mentions)
    return min(counts, key=lambda t: (-counts[t], -len(t), t))


def _first_evidence(g: _Group) -> tuple[Evidence, ...]:
    if not g.mentions:
        return ()
    m = min(g.mentions, key=_mention_order)
    return (Evidence(m.report, m.start, m.end, m.sentence, m.rule),)


def _merges(cluster: list[_Group], head: _Group, label: str) -> list[Merge]:
    """Why each part belongs to the entity: one record per other group joined to the
    head (with the rule that joined it), and one per spelling variant within a group."""
    merges: list[Merge] = []
    for g in cluster:
        forms = sorted({m.text for m in g.mentions})
        if g is not head:
            if g.core.text != head.core.text:
                rule = "short-form" if g.type == "Enterprise" else "near-variant"
            elif g.scope != head.scope:
                rule = "shared-with-parent"
            else:
                rule = "+".join(sorted({s.split(":", 1)[0] for s in g.core.stripped + head.core.stripped})) or "same-core"
            score = min((SCORES.get(r, 0.9) for r in rule.split("+")), default=0.9)
            name = forms[0] if forms else g.canon
            merges.append(Merge(a=label, b=name, rule=rule, score=score, evidence=_first_evidence(g)))
            forms = forms[1:]
        for form in forms:
            if form != label:
                merges.append(Merge(a=label, b=form, rule="same-canonical-name", score=SCORES["same-canonical-name"],
                                    evidence=_first_evidence(g)))
    return sorted(merges, key=lambda m: (m.b, m.rule))


def _divergent(senses: list[Sense]) -> bool:
    """Two reports whose definitions name different parts."""
    meanings = {tuple(canonical(c) for c in s.components) or (canonical(s.definition),) for s in senses}
    return len(meanings) > 1
