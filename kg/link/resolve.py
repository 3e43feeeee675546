"""One entity per real thing, with the evidence for every merge.

Mentions are grouped in three steps, each a blocking step (no all-pairs comparison):

1. **same name** — same type, scope and canonical name (quotes, spaces, widths ignored);
2. **same core** — same type, scope and core (:mod:`kg.link.variants`: a leading place,
   a generic head word or a legal suffix stripped; phases kept), provided the names do
   not carry two different places (湖南X公司 and 广东X公司 stay two);
3. **short form** — an enterprise's short name (株X集团) and the one full name it
   abbreviates (株洲X…集团), when both occur in reports of one prefecture.

The *scope* keeps names that are only unique locally apart: projects, initiatives and
places are scoped by prefecture (a district's report and its city's report share a
scope); enterprises and abbreviations are global. An entity's key is minted from its
type, scope and core, so it does not change when a report adds another variant.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.link.names import canonical, entity_key
from kg.link.variants import Core, core_of, is_short_form, place_names
from kg.model import Entity, Evidence, Extraction, Merge, Mention, Report, Sense

SCOPED_TYPES = frozenset({"Project", "Initiative", "Place"})
COUNTY_LEVELS = frozenset({"区", "县", "旗", "县级市", "镇", "乡", "街道"})
SCORES = {"same-canonical-name": 1.0, "place-prefix": 0.9, "head-word": 0.95, "legal-suffix": 0.95,
          "short-form": 0.8}


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
    mentions: list[Mention] = field(default_factory=list)
    scopes: set[str] = field(default_factory=set)  # prefectures of the reports it occurs in

    @property
    def places(self) -> set[str]:
        return {s.split(":", 1)[1] for s in self.core.stripped if s.startswith("place-prefix:")}


def resolve(reports: list[Report], extractions: list[Extraction]) -> tuple[list[Entity], dict[Mention, str]]:
    """Entities sorted by key, and the entity key of every mention."""
    scope = {r.id: scope_of(r) for r in reports}
    places = place_names([(r.meta.region, r.meta.parent) for r in reports])
    groups, senses = _same_name_groups(extractions, scope, places)
    clusters = _same_core_clusters(groups)
    clusters = _join_short_forms(clusters)
    entities: list[Entity] = []
    key_of: dict[Mention, str] = {}
    for cluster in clusters:
        entity = _entity(cluster, senses)
        for m in entity.mentions:
            key_of[m] = entity.key
        entities.append(entity)
    entities.sort(key=lambda e: e.key)
    return entities, key_of


def _same_name_groups(extractions: list[Extraction], scope: dict[str, str], places: tuple[str, ...]
                      ) -> tuple[list[_Group], dict[str, list[Sense]]]:
    groups: dict[tuple[str, str, str], _Group] = {}
    senses: dict[str, list[Sense]] = defaultdict(list)

    def group(type_: str, report: str, name: str) -> _Group | None:
        canon = canonical(name)
        if not canon:
            return None
        s = scope.get(report, "") if type_ in SCOPED_TYPES else ""
        g = groups.get((type_, s, canon))
        if g is None:
            core = core_of(name, type_, places) if type_ != "Abbreviation" else Core(canon, ())
            g = groups[(type_, s, canon)] = _Group(type_, s, canon, core)
        g.scopes.add(scope.get(report, ""))
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


def _join_short_forms(clusters: list[list[_Group]]) -> list[list[_Group]]:
    """Join each enterprise short name to the single full name it abbreviates
    (compared on the names as written: a short name keeps its place's first character)."""
    by_block: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i, cluster in enumerate(clusters):
        if cluster[0].type == "Enterprise":
            for g in cluster:
                by_block[(g.canon[0], g.canon[-2:])].add(i)
    scopes = [set().union(*(g.scopes for g in c)) for c in clusters]
    parent: dict[int, int] = {}
    for members in by_block.values():
        for i in sorted(members):
            fulls = sorted({j for j in members if j != i and scopes[i] & scopes[j]
                            and any(is_short_form(a.canon, b.canon) for a in clusters[i] for b in clusters[j])})
            if len(fulls) == 1 and fulls[0] not in parent:
                parent[i] = fulls[0]
    merged: dict[int, list[_Group]] = {}
    for i, cluster in enumerate(clusters):
        root = i
        while root in parent:
            root = parent[root]
        merged.setdefault(root, []).extend(cluster)
    return [merged[k] for k in sorted(merged)]


def _entity(cluster: list[_Group], senses: dict[str, list[Sense]]) -> Entity:
    # The group with the longest core names the cluster (the full name of a short form).
    head = max(cluster, key=lambda g: (len(g.core.text), g.core.text))
    type_, scope = head.type, head.scope
    key = entity_key(type_, f"{scope}\x1f{head.core.text}" if type_ in SCOPED_TYPES else head.core.text)
    mentions = sorted({m for g in cluster for m in g.mentions}, key=_mention_order)
    label = _label(mentions, head.canon)
    entity = Entity(key=key, type=type_, label=label, mentions=mentions)
    entity.aliases = sorted({m.text for m in mentions} - {label})
    entity.merges = _merges(cluster, head, label)
    entity.former_keys = sorted({_group_key(g) for g in cluster if g.core.text != head.core.text} - {key})
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
    """Why each surface form belongs to the entity: one record per form, against the label."""
    merges: list[Merge] = []
    for g in cluster:
        forms = sorted({m.text for m in g.mentions} - {label})
        for form in forms:
            if g is head or g.core.text == head.core.text:
                if canonical(form) == canonical(label):
                    rule = "same-canonical-name"
                else:
                    rule = "+".join(sorted({s.split(":", 1)[0] for s in (g.core.stripped + head.core.stripped)})) \
                        or "same-core"
            else:
                rule = "short-form"
            score = min((SCORES.get(r, 0.9) for r in rule.split("+")), default=0.9)
            merges.append(Merge(a=label, b=form, rule=rule, score=score, evidence=_first_evidence(g)))
    return sorted(merges, key=lambda m: (m.b, m.rule))


def _divergent(senses: list[Sense]) -> bool:
    """Two reports whose definitions name different parts."""
    meanings = {tuple(canonical(c) for c in s.components) or (canonical(s.definition),) for s in senses}
    return len(meanings) > 1
