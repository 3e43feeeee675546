"""One entity per real thing, with the evidence for every merge.

Mentions are grouped in steps, each a blocking step (no all-pairs comparison of mentions):

1. **same name** — same type, scope and canonical name (quotes, spaces, widths ignored);
2. **same core** — same type, scope and core (:mod:`kg.link.variants`: a leading place,
   a generic head word or a legal suffix stripped; phases kept), provided the names do
   not carry two different places (湖南X公司 and 广东X公司 stay two);
3. **variants** — an enterprise's short name (甲X集团) and the one full name it
   abbreviates (甲乙X…集团), when both occur in reports of one prefecture; for projects
   of one prefecture, a name and the one name that is it with a short modifier
   inserted (X物流园 / X智慧物流园) or replaced (甲乙综合X / 甲乙系统X), a coordinated
   name and the one conjunct known as a project (甲及乙高速扩容 → 甲高速扩容), a bare list
   item and the name it has with the head the list shares (甲、乙等高速 → 甲高速), and a
   phase named only in a plan with the phase-less name reported done later (positive
   evidence: the plan-then-done timeline).

Initiatives (:func:`_initiative_clusters`) are scoped by the province the official list
of divisions puts the report's government in (else by the highest government the
corpus's reports lead to through the parents they state): a campaign of the city, the
province or the nation is one entity whichever of its governments' reports names it,
and whichever other reports are built. Within that scope, mentions with one core are one campaign *unless their
contexts disagree* (:mod:`kg.link.context`: 甲乙建设“丙丁”行动 is another campaign than a
“丙丁行动” whose sentences never speak of 甲乙); head-word variants (斗争 / 专项斗争,
整治 / 集中整治行动 / 整治三年行动), an inserted word (甲乙问题丙丁整治 / 甲乙丙丁整治),
a dotted edition of a series (“甲乙·丙丁行动” / “甲乙”) and a 会-abbreviation of an
event (甲博会 / 甲乙博览会) join the same way.

The *scope* keeps names that are only unique locally apart: projects are scoped by
prefecture (a district's report and its city's report share a scope; places are
official divisions, keyed by their codes in :mod:`kg.link.places`);
enterprises and abbreviations are global. An entity's key is minted from its type,
scope and core, so it does not change when a report adds another variant (former keys
stay reachable through ``former_keys``).

Every join is recorded on the joined group as an edge (partner, rule, score, evidence),
and becomes a :class:`~kg.model.Merge` of the entity.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from kg.corpus.gazetteer import get as get_division
from kg.genre import Vocabulary
from kg.genre import default as default_vocabulary
from kg.link.context import (Context, ContextRules, content_words, context_rules, describe, disagreement,
                             modifier_before, support)
from kg.link.names import canonical, entity_key
from kg.link.timeline import status_of
from kg.link.variants import (Core, LinkRules, coordinated_expansions, core_of, deletion_variants, interpunct_series,
                              is_event_abbreviation, is_near_variant, is_short_form, is_substituted_modifier,
                              link_rules, phase_split, place_names)
from kg.model import Entity, Evidence, Extraction, Merge, Mention, Report, Sense

SCOPED_TYPES = frozenset({"Project", "Initiative", "Place"})
SCORES = {"same-canonical-name": 1.0, "same-core": 0.95, "same-name": 1.0, "place-prefix": 0.9, "head-word": 0.95,
          "campaign-head": 0.9, "legal-suffix": 0.95, "short-form": 0.8, "near-variant": 0.8,
          "inserted-modifier": 0.75, "interpunct-series": 0.75, "event-abbreviation": 0.75,
          "coordinated-name": 0.7, "list-shared-head": 0.75, "substituted-modifier": 0.65, "phase-timeline": 0.6}
# An initiative joined across governments weighs less than one government's own name
# repeated; shared context words or co-mentioned initiatives restore part of it.
OTHER_GOVERNMENT = 0.9
NO_SUPPORT = 0.95
DONE = frozenset({"completed", "operating"})


def scope_of(report: Report, lr: LinkRules | None = None, official: bool = True) -> str:
    """The prefecture a report speaks for: a district's parent (the one it states, else
    the official list's), else its own government (its official name when the list
    confirms it). ``official=False``: the names as read, as builds before the official
    list scoped projects (their keys stay reachable)."""
    meta = report.meta
    division = get_division(meta.code) if meta.code and official else None
    if meta.level in (lr or link_rules()).county_levels:
        parent = meta.parent or (division.parent.name if division is not None and division.parent else None)
        if parent:
            return parent
    elif division is not None:
        return division.name  # as the official list writes it (广西壮族自治区, not 广西)
    return meta.region or meta.parent or ""


def _former_scopes(report: Report, scope: str, lr: LinkRules) -> tuple[str, ...]:
    """The scopes an earlier build could give the report's projects: the names as read
    (before the official list), and every name of the official prefecture (a report that
    wrote 贵州 or 广西自治区 for its government)."""
    out = {scope_of(report, lr, official=False)}
    division = get_division(report.meta.code) if report.meta.code else None
    if division is not None:
        prefecture = division.parent if report.meta.level in lr.county_levels and division.parent else division
        out.update(prefecture.names)
    return tuple(sorted(out - {scope}))


def root_scopes(reports: list[Report]) -> dict[str, str]:
    """The highest government each report leads to: its province in the official list
    when the list confirms its government, else through the parents the corpus's reports
    state (district → city → province)."""
    return {rid: chain[-1] for rid, chain in scope_chains(reports).items()}


def scope_chains(reports: list[Report]) -> dict[str, tuple[str, ...]]:
    """Each report's governments from its own up: through the parents the corpus's
    reports state, then the official names of its division and of the divisions above it
    (so a confirmed government's initiatives are scoped by its province whichever other
    reports are built). Earlier builds scoped them by one of these names: the keys under
    every one stay reachable (``former_keys``)."""
    parent_of: dict[str, str] = {}
    for r in sorted(reports, key=lambda r: r.id):
        if r.meta.region and r.meta.parent and r.meta.parent != r.meta.region:
            parent_of.setdefault(r.meta.region, r.meta.parent)
    out = {}
    for r in reports:
        name = r.meta.region or r.meta.parent or ""
        chain = [name]
        while name in parent_of and parent_of[name] not in chain:
            name = parent_of[name]
            chain.append(name)
        division = get_division(r.meta.code) if r.meta.code else None
        if division is not None:  # every name of each official division (贵州, 贵州省), the province's last
            chain += [n for d in reversed(division.chain()) for n in (*d.names[1:], d.name) if n not in chain]
            root = division.chain()[0].name
            chain = [n for n in chain if n != root] + [root]
        out[r.id] = tuple(chain)
    return out


@dataclass(eq=False)
class _Group:
    """Mentions with one type, scope and canonical name (initiatives: and one report)."""

    type: str
    scope: str
    canon: str
    core: Core
    prefecture: str = ""
    report: str = ""  # initiatives only: the report the group's mentions come from
    region: str = ""
    chain: tuple[str, ...] = ()  # every scope a smaller corpus (initiatives) or an earlier build (projects) could give
    mentions: list[Mention] = field(default_factory=list)
    scopes: set[str] = field(default_factory=set)  # prefectures of the reports it occurs in
    context: Context = field(default_factory=Context)
    # (partner group, rule, score, evidence) for every join this group entered by
    joins: list[tuple[_Group, str, float, tuple[Evidence, ...]]] = field(default_factory=list)

    # Both read once the group is complete (its core is set when it is made, its
    # mentions all added by _same_name_groups before any join reads them).
    @cached_property
    def places(self) -> set[str]:
        return {s.split(":", 1)[1] for s in self.core.stripped if s.startswith("place-prefix:")}

    @cached_property
    def form(self) -> str:
        return _label(self.mentions, self.canon)

    @property
    def reports(self) -> set[str]:
        return {m.report for m in self.mentions}


class Resolution:
    """The mentions of a corpus grouped by name, resolved into entities in two independent
    halves (their keys are of their own types, so neither can collide with the other):
    :meth:`initiatives` and :meth:`others` (projects, enterprises, abbreviations)."""

    def __init__(self, reports: list[Report], extractions: list[Extraction],
                 vocab: Vocabulary | None = None) -> None:
        vocab = vocab or default_vocabulary()
        self.lr, self.cr = link_rules(vocab), context_rules(vocab)
        self.extractions = extractions
        self.by_id = {r.id: r for r in reports}
        self.prefecture = {r.id: scope_of(r, self.lr) for r in reports}
        self.former_scopes = {r.id: _former_scopes(r, self.prefecture[r.id], self.lr) for r in reports}
        self.chains = scope_chains(reports)
        self.roots = {rid: chain[-1] for rid, chain in self.chains.items()}
        self.places = place_names([(r.meta.region, r.meta.parent) for r in reports], self.lr)

    def _groups(self, initiatives: bool) -> tuple[list[_Group], dict[str, list[Sense]]]:
        return _same_name_groups(self.extractions, self.by_id, self.prefecture, self.former_scopes, self.chains,
                                 self.places, initiatives, self.lr)

    def initiatives(self) -> list[Entity]:
        initiatives, senses = self._groups(initiatives=True)
        _read_contexts(initiatives, self.by_id, self.cr)
        return _entities(_initiative_clusters(initiatives, self.lr, self.cr), senses)

    def others(self) -> list[Entity]:
        groups, senses = self._groups(initiatives=False)
        lr = self.lr
        clusters = _same_core_clusters(groups)
        clusters = _join_variants(clusters, "Enterprise", _enterprise_blocks, _short_form_of, "short-form")
        clusters = _join_variants(clusters, "Project", _project_blocks,
                                  lambda small, large: _near_variant_of(small, large, lr), "near-variant")
        clusters = _join_project_variants(clusters, self.by_id, lr)
        return _entities(clusters, senses)


def by_key(entities: list[Entity]) -> tuple[list[Entity], dict[Mention, str]]:
    """Entities sorted by key, and the entity key of every mention."""
    entities.sort(key=lambda e: e.key)
    return entities, {m: entity.key for entity in entities for m in entity.mentions}


def _entities(clusters: list[list[_Group]], senses: dict[str, list[Sense]]) -> list[Entity]:
    keys_seen: set[str] = set()
    return [_entity(cluster, senses, keys_seen) for cluster in clusters]


def _same_name_groups(extractions: list[Extraction], by_id: dict[str, Report], prefecture: dict[str, str],
                      former_scopes: dict[str, tuple[str, ...]], chains: dict[str, tuple[str, ...]], places: tuple[str, ...],
                      initiatives: bool, lr: LinkRules) -> tuple[list[_Group], dict[str, list[Sense]]]:
    """The initiative mentions (or all others) grouped by type, scope and canonical name,
    and the senses of each abbreviation (with the others)."""
    groups: dict[tuple[str, str, str, str], _Group] = {}
    senses: dict[str, list[Sense]] = defaultdict(list)
    canon_of: dict[str, str] = {}  # names repeat across mentions and reports

    def group(type_: str, report: str, name: str) -> _Group | None:
        canon = canon_of.get(name)
        if canon is None:
            canon = canon_of[name] = canonical(name)
        if not canon:
            return None
        unit = ""
        if type_ == "Initiative":
            s, unit = chains.get(report, ("",))[-1], report
        else:
            s = prefecture.get(report, "") if type_ in SCOPED_TYPES else ""
        g = groups.get((type_, s, canon, unit))
        if g is None:
            core = core_of(name, type_, places, lr)
            r = by_id.get(report)
            region = (r.meta.region or "") if r else ""
            g = groups[(type_, s, canon, unit)] = _Group(type_, s, canon, core, prefecture.get(report, ""), unit, region,
                                                         chains.get(report, ()) if type_ == "Initiative" else ())
        g.scopes.add(prefecture.get(report, ""))
        if type_ == "Project" and not set(former_scopes.get(report, ())) <= {s, *g.chain}:
            g.chain = tuple(sorted({s, *former_scopes[report], *g.chain}))
        return g

    for extraction in extractions:
        for m in extraction.mentions:
            if (m.type == "Initiative") == initiatives:
                g = group(m.type, m.report, m.text)
                if g is not None:
                    g.mentions.append(m)
        for s in () if initiatives else extraction.senses:
            if group("Abbreviation", s.report, s.term) is not None:
                senses[canonical(s.term)].append(s)
    return [groups[k] for k in sorted(groups)], senses


def _read_contexts(groups: list[_Group], by_id: dict[str, Report], cr: ContextRules) -> None:
    """Each initiative group's context: modifiers before its mentions, content words of
    its sentences, and the other initiatives named in them."""
    by_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    located: dict[int, list[tuple[Mention, int, int]]] = {}
    for g in groups:
        report = by_id.get(g.report)
        spots = []
        for m in g.mentions:
            if report is None:
                spots.append((m, 0, 0))
                continue
            s = report.sentence_at(m.start)
            spots.append((m, s.start, s.end))
            by_sentence[(m.report, s.start)].add(g.core.text)
        located[id(g)] = spots
    for g in groups:
        report = by_id.get(g.report)
        modifiers, words, partners = set(), set(), set()
        for m, start, end in located[id(g)]:
            if report is not None and end > start:
                text = report.text
                modifier = modifier_before(text, m.start, start, cr)
                if modifier:
                    modifiers.add(modifier)
                words |= content_words(text[start:m.start], cr) | content_words(text[m.end:end], cr)
                partners |= by_sentence[(m.report, start)] - {g.core.text}
            else:
                words |= content_words(m.sentence.replace(m.text, "，"), cr)
        g.context = Context(frozenset(modifiers), frozenset(words), frozenset(partners))


def _evidence(g: _Group, rule: str | None = None) -> Evidence | None:
    if not g.mentions:
        return None
    m = min(g.mentions, key=_mention_order)
    return Evidence(m.report, m.start, m.end, m.sentence, rule or m.rule)


def _edge(g: _Group, partner: _Group, rule: str, score: float, note: str | None = None) -> None:
    """Record that ``g`` joined ``partner``'s cluster by ``rule``."""
    evidence = tuple(e for e in (_evidence(g, note), _evidence(partner, note)) if e is not None)
    g.joins.append((partner, rule, round(score, 3), evidence))


def _stripped_rule(g: _Group, other: _Group) -> str:
    if g.canon == other.canon:
        return "same-name"
    return "+".join(sorted({s.split(":", 1)[0] for s in g.core.stripped + other.core.stripped})) or "same-core"


def _rule_score(rule: str) -> float:
    return min((SCORES.get(r, 0.9) for r in rule.split("+")), default=0.9)


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
            for g in members[1:]:
                rule = _stripped_rule(g, members[0])
                _edge(g, members[0], rule, _rule_score(rule))
            clusters.append(members)
    return clusters


def _enterprise_blocks(cluster: list[_Group]) -> list[tuple]:
    return [(g.canon[0], g.canon[-2:]) for g in cluster]


def _project_blocks(cluster: list[_Group]) -> list[tuple]:
    return [k for g in cluster for k in ((g.scope, g.canon[:2], g.canon[-2:]), (g.scope, g.canon[-5:]))]


def _short_form_of(small: list[_Group], large: list[_Group]) -> tuple[_Group, _Group] | None:
    return next(((a, b) for a in small for b in large if is_short_form(a.canon, b.canon)), None)


def _near_variant_of(small: list[_Group], large: list[_Group], lr: LinkRules) -> tuple[_Group, _Group] | None:
    if small[0].scope != large[0].scope:
        return None
    return next(((a, b) for a in small for b in large
                 if len(a.core.text) < len(b.core.text) and is_near_variant(a.core.text, b.core.text, lr)), None)


def _join_variants(clusters: list[list[_Group]], type_: str, blocks: Callable[[list[_Group]], list[tuple]],
                   is_variant: Callable[[list[_Group], list[_Group]], tuple[_Group, _Group] | None],
                   rule: str) -> list[list[_Group]]:
    """Join each cluster of ``type_`` to the single longer cluster it is a variant of
    (blocked, so only names sharing a block key are compared; ambiguity means no join)."""
    by_block: dict[tuple, set[int]] = defaultdict(set)
    for i, cluster in enumerate(clusters):
        if cluster[0].type == type_:
            for key in blocks(cluster):
                by_block[key].add(i)
    scopes = [set().union(*(g.scopes for g in c)) for c in clusters]
    partners: dict[int, dict[int, tuple[_Group, _Group]]] = defaultdict(dict)
    for _, members in sorted(by_block.items()):
        for i in sorted(members):
            for j in sorted(members):
                if i != j and j not in partners[i] and scopes[i] & scopes[j]:
                    pair = is_variant(clusters[i], clusters[j])
                    if pair:
                        partners[i][j] = pair
    parent = {}
    for i, js in sorted(partners.items()):
        if len(js) == 1:
            (j, (a, b)), = js.items()
            parent[i] = j
            _edge(a, b, rule, SCORES[rule])
    return _union(clusters, parent)


def _union(clusters: list[list[_Group]], parent: dict[int, int]) -> list[list[_Group]]:
    """The clusters joined along the ``parent`` links: the connected components of the
    join graph (networkx), each the concatenation of its clusters in index order, the
    components in the order of their first cluster."""
    import networkx as nx

    joins = nx.Graph()
    joins.add_nodes_from(range(len(clusters)))
    joins.add_edges_from(sorted(parent.items()))
    components = sorted(sorted(component) for component in nx.connected_components(joins))
    return [[g for i in component for g in clusters[i]] for component in components]


# --- projects: variants found by lookup ----------------------------------------------------

def _join_project_variants(clusters: list[list[_Group]], by_id: dict[str, Report],
                           lr: LinkRules) -> list[list[_Group]]:
    """Project variants found by looking names up in the scope's index of cores (each
    name generates its few candidates; no pairwise comparison): coordinated names, bare
    list items, replaced modifiers, and a planned phase done later."""
    index: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i, cluster in enumerate(clusters):
        if cluster[0].type == "Project":
            for g in cluster:
                index[(g.scope, g.core.text)].add(i)

    def lookup(scope: str, name: str, i: int) -> set[int]:
        found = index.get((scope, name), set()) | index.get((scope, core_of(name, "Project", (), lr).text), set())
        return found - {i}

    proposals: dict[int, dict[int, tuple[_Group, _Group, str, str | Evidence]]] = defaultdict(dict)
    phase_index: dict[tuple[str, str], list[tuple[int, _Group, str]]] = defaultdict(list)
    by_block: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for i, cluster in enumerate(clusters):
        if cluster[0].type != "Project":
            continue
        for g in cluster:
            # 甲及乙高速扩容 → the one conjunct named as a project
            hits = {j: conj for name, conj in coordinated_expansions(g.canon, lr) for j in lookup(g.scope, name, i)}
            conjuncts = set(hits.values())
            if len(conjuncts) == 1 and len(set(hits)) == 1:
                (j, conj), = hits.items()
                proposals[i].setdefault(j, (g, _partner(clusters[j], g.scope), "coordinated-name", f"conjunct:{conj}"))
            # 甲、乙等高速 → 甲高速
            for j, head, ev in _list_head_hits(g, lambda name: lookup(g.scope, name, i)):
                proposals[i].setdefault(j, (g, _partner(clusters[j], g.scope), "list-shared-head", ev))
            split = phase_split(g.core.text, lr)
            if split:
                phase_index[(g.scope, split[0])].append((i, g, split[1]))
            if len(g.canon) >= 8:  # the whole names: the works after a name are part of what matches
                by_block[(g.scope, g.canon[:2], g.canon[-5:])].add(i)
    # 甲乙综合X / 甲乙系统X: blocked by start and end, compared within the (small) block
    for _, members in sorted(by_block.items()):
        for i in sorted(members):
            for j in sorted(members):
                if i == j or j in proposals[i]:
                    continue
                for a in clusters[i]:
                    b = next((b for b in clusters[j] if b.scope == a.scope
                              and is_substituted_modifier(a.canon, b.canon, lr)), None)
                    if b is not None and not (_reports(clusters[i]) & _reports(clusters[j])):
                        mods = is_substituted_modifier(a.canon, b.canon, lr)
                        if i < j:  # one direction is enough: the pair is symmetric
                            proposals[i][j] = (a, b, "substituted-modifier", f"modifiers:{mods}")
                        break
    # 甲乙三期丙丁 planned, 甲乙丙丁 done later: the phase is the whole thing named
    for (scope, whole), phased in sorted(phase_index.items(), key=lambda kv: kv[0]):
        targets = index.get((scope, whole), set())
        if len(phased) != 1 or len(targets) != 1:
            continue
        i, g, phase = phased[0]
        (j,) = targets
        if i != j and _plan_then_done(clusters[i], clusters[j], by_id):
            proposals[i].setdefault(j, (g, _partner(clusters[j], scope), "phase-timeline", f"phase:{phase}"))
    parent: dict[int, int] = {}
    for i, js in sorted(proposals.items()):
        if len(js) != 1:
            continue  # ambiguous: no join
        (j, (a, b, rule, note)), = js.items()
        if _find(parent, j) == i:
            continue
        parent[i] = j
        if isinstance(note, Evidence):  # the sentence that shows the link
            partner_ev = _evidence(b, note.rule)
            a.joins.append((b, rule, SCORES[rule], (note,) + ((partner_ev,) if partner_ev else ())))
        else:
            _edge(a, b, rule, SCORES[rule], note)
    return _union(clusters, parent)


def _find(parent: dict[int, int], i: int) -> int:
    seen = {i}
    while i in parent and parent[i] not in seen:
        i = parent[i]
        seen.add(i)
    return i


def _partner(cluster: list[_Group], scope: str) -> _Group:
    return next((g for g in cluster if g.scope == scope), cluster[0])


def _reports(cluster: list[_Group]) -> set[str]:
    return set().union(*(g.reports for g in cluster))


def _list_head_hits(g: _Group, lookup: Callable[[str], set[int]]) -> list[tuple[int, str, Evidence]]:
    """A bare list item (甲 in “甲、乙等高速加快建设”) and the project it names with the
    head word the list shares, when that name is known: [(cluster, head, evidence)].
    Extraction read the lists each name stands in (:mod:`kg.extract.lists`)."""
    if len(g.canon) > 8:
        return []
    hits: dict[int, tuple[str, Evidence]] = {}
    seen: set[tuple[str, str]] = set()
    for m in sorted(g.mentions, key=lambda m: (m.report, m.text)):
        if (m.report, m.text) in seen:
            continue
        seen.add((m.report, m.text))
        for h in m.list_heads:
            for j in sorted(lookup(g.canon + canonical(h.head))):
                hits.setdefault(j, (h.head, Evidence(m.report, h.start, h.end, h.sentence, f"shared-head:{h.head}")))
    return [(j, head, ev) for j, (head, ev) in sorted(hits.items())]


def _plan_then_done(phased: list[_Group], whole: list[_Group], by_id: dict[str, Report]) -> bool:
    """The phased name is only ever planned, the phase-less name is done in a later
    report, and no report names both."""
    def year(m: Mention) -> int | None:
        r = by_id.get(m.report)
        return r.meta.year if r else None

    pm = [m for g in phased for m in g.mentions]
    wm = [m for g in whole for m in g.mentions]
    if not pm or not wm or {m.report for m in pm} & {m.report for m in wm}:
        return False
    if any(m.section != "plan" for m in pm):
        return False
    plan_years = [year(m) for m in pm]
    done_years = [year(m) for m in wm if status_of(m) in DONE]
    if None in plan_years or not done_years or None in done_years:
        return False
    return max(plan_years) < min(done_years)


# --- initiatives -------------------------------------------------------------------------


@dataclass(eq=False)
class _Campaign:
    """A cluster of initiative groups being built, with its merged context."""

    groups: list[_Group]
    context: Context


def _initiative_clusters(groups: list[_Group], lr: LinkRules, cr: ContextRules) -> list[list[_Group]]:
    """Initiatives of one scope: same core → one campaign unless contexts disagree; then
    head-word, inserted-word, dotted-series and 会-abbreviation variants join."""
    by_core: dict[tuple[str, str], list[_Group]] = defaultdict(list)
    for g in groups:
        by_core[(g.scope, g.core.text)].append(g)
    campaigns: list[_Campaign] = []
    block_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    for key, members in sorted(by_core.items()):
        local: list[_Campaign] = []
        for g in sorted(members, key=lambda g: (g.report, g.canon)):
            best = None
            for c in local:
                if _conflict(g, c, cr):
                    continue
                score = _affinity(g.context, c.context)
                if best is None or score > best[0]:
                    best = (score, c)
            if best is None:
                local.append(_Campaign([g], g.context))
                continue
            c = best[1]
            partner = max(c.groups, key=lambda p: (_affinity(g.context, p.context), p.report == g.report))
            _join_campaign(g, partner, _stripped_rule(g, partner))
            c.groups.append(g)
            c.context = c.context | g.context
        for c in local:
            block_of[key].append(len(campaigns))
            campaigns.append(c)
    parent: dict[int, int] = {}
    short_events = _short_events(block_of, lr)
    event_claims: dict[int, set[int]] = defaultdict(set)  # short event campaign -> full ones naming it
    for i, c in enumerate(campaigns):
        for g in c.groups:
            for j in _event_shorts(g, campaigns, short_events, lr):
                event_claims[j].add(i)
    for i, c in enumerate(campaigns):
        for g in sorted(c.groups, key=lambda g: (g.report, g.canon)):
            target = _variant_target(g, i, campaigns, block_of, short_events, event_claims, lr, cr)
            if target is None:
                continue
            j, partner, rule = target
            if _find(parent, j) == _find(parent, i):
                continue
            parent[_find(parent, i)] = _find(parent, j)
            _join_campaign(g, partner, rule)
            break
    return _union([c.groups for c in campaigns], parent)


def _variant_target(g: _Group, i: int, campaigns: list[_Campaign], block_of: dict[tuple[str, str], list[int]],
                    short_events: dict[tuple[str, str, str], list[int]],
                    event_claims: dict[int, set[int]], lr: LinkRules,
                    cr: ContextRules) -> tuple[int, _Group, str] | None:
    """The one other campaign ``g`` is a variant of, with the rule; None if none or several."""
    candidates: list[tuple[str, str]] = []  # (core looked up, rule)
    for m in g.mentions:
        series = interpunct_series(m.text)
        if series and series != g.core.text:
            candidates.append((series, "interpunct-series"))
    candidates += [(short, "inserted-modifier") for short, _ in deletion_variants(g.core.text, lr=lr)]
    hits: list[tuple[int, str]] = [(j, rule) for core, rule in sorted(set(candidates))
                                   for j in block_of.get((g.scope, core), [])]
    hits += [(j, "event-abbreviation") for j in _event_shorts(g, campaigns, short_events, lr)
             if len(event_claims.get(j, ())) == 1]  # a short form of two events names neither
    found: dict[int, str] = {}
    for j, rule in hits:
        if j != i and not _conflict(g, campaigns[j], cr):
            found.setdefault(j, rule)
    if len(found) != 1:
        return None
    (j, rule), = found.items()
    partner = max(campaigns[j].groups, key=lambda p: (_affinity(g.context, p.context), p.report, p.canon))
    return j, partner, rule


def _event_shorts(g: _Group, campaigns: list[_Campaign],
                  short_events: dict[tuple[str, str, str], list[int]], lr: LinkRules) -> list[int]:
    """The campaigns named by a 会-abbreviation (甲博会) of this full event name (甲乙博览会)."""
    full = g.core.text
    event = lr.event_word.search(full)
    if event is None or not full.endswith(lr.event_suffix):
        return []
    return [j for j in short_events.get((g.scope, full[0], full[event.start()]), [])
            if is_event_abbreviation(campaigns[j].groups[0].core.text, full, lr)]


def _short_events(block_of: dict[tuple[str, str], list[int]],
                  lr: LinkRules) -> dict[tuple[str, str, str], list[int]]:
    """Short 会 names (甲博会) by scope, first character and event initial."""
    index: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for (scope, core), js in sorted(block_of.items()):
        if 3 <= len(core) <= 4 and core.endswith(lr.event_suffix):
            index[(scope, core[0], core[-2])].extend(js)
    return index


def _conflict(g: _Group, c: _Campaign | _Group, cr: ContextRules) -> bool:
    """Two places in the names, or contexts that disagree."""
    groups = c.groups if isinstance(c, _Campaign) else [c]
    context = c.context
    places = set().union(*(x.places for x in groups))
    if g.places and places and g.places != places:
        return True
    return disagreement(g.context, context, cr) is not None


def _affinity(a: Context, b: Context) -> int:
    return 2 * len(a.partners & b.partners) + len(a.words & b.words)


def _join_campaign(g: _Group, partner: _Group, rule: str) -> None:
    words, partners = support(g.context, partner.context)
    score = _rule_score(rule)
    if g.region != partner.region:
        rule += "+shared-in-scope"
        score *= OTHER_GOVERNMENT
    if not (words or partners):
        score *= NO_SUPPORT
    _edge(g, partner, rule, score, describe(g.context, partner.context))


# --- entities ----------------------------------------------------------------------------


def _entity(cluster: list[_Group], senses: dict[str, list[Sense]], keys_seen: set[str]) -> Entity:
    # The longest core names the entity (the full name of a short form); ties go to the
    # group of the highest government, then the smaller string.
    head = max(cluster, key=lambda g: (len(g.core.text), g.scope == g.prefecture, g.core.text, -len(g.canon), g.canon))
    head = min((g for g in cluster if g.core.text == head.core.text), key=lambda g: (g.canon, g.report))
    type_, scope = head.type, head.scope
    key = _group_key(head)
    tagged: set[str] = set()
    if key in keys_seen:  # one name, two campaigns in one scope: the later is told by its modifier
        mods = sorted(m for g in cluster for m in g.context.modifiers)
        tag = mods[0] if mods else min(g.report for g in cluster)
        key = entity_key(type_, f"{scope}\x1f{head.core.text}\x1f{tag}")
        n = 1
        while key in keys_seen:
            n += 1
            key = entity_key(type_, f"{scope}\x1f{head.core.text}\x1f{tag}\x1f{n}")
        # the same tag under the other scopes of the chain (a smaller corpus's scope)
        tagged = {entity_key(type_, f"{s}\x1f{head.core.text}\x1f{tag}") for s in head.chain}
    keys_seen.add(key)
    mentions = sorted({m for g in cluster for m in g.mentions}, key=_mention_order)
    label = _label(mentions, head.canon)
    entity = Entity(key=key, type=type_, label=label, mentions=mentions)
    entity.aliases = sorted({m.text for m in mentions} - {label})
    entity.merges = _merges(cluster)
    entity.former_keys = sorted((set().union(*(_possible_keys(g) for g in cluster)) | tagged) - {key})
    if type_ == "Abbreviation":
        entity.senses = sorted((s for g in cluster for s in senses.get(g.canon, [])),
                               key=lambda s: (s.report, s.source, s.definition))
        entity.divergent = _divergent(entity.senses)
    return entity


def _group_key(g: _Group) -> str:
    return entity_key(g.type, f"{g.scope}\x1f{g.core.text}" if g.type in SCOPED_TYPES else g.core.text)


def _possible_keys(g: _Group) -> set[str]:
    """Every key a build of fewer reports could give this group's entity: its core or its
    whole canonical name (a place known only to a larger corpus is not stripped in a
    smaller one), under every scope of its chain (a campaign named by a district is
    scoped by the district's city, or its province, as the corpus grows)."""
    if g.type not in SCOPED_TYPES:
        return {entity_key(g.type, g.core.text), entity_key(g.type, g.canon)}
    scopes = g.chain or (g.scope,)
    return {entity_key(g.type, f"{s}\x1f{name}") for s in scopes for name in (g.core.text, g.canon)}


def settle_former_keys(entities: list[Entity]) -> None:
    """Each former key points at exactly one entity: none that is another entity's key,
    and one claimed by several entities (a build joined what this one splits) stays with
    the one holding most mentions (then the smaller key)."""
    current = {e.key for e in entities}
    claims: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        for former in e.former_keys:
            claims[former].append(e)
    for former, claimants in claims.items():
        keep = None if former in current else min(claimants, key=lambda e: (-len(e.mentions), e.key))
        for e in claimants:
            if e is not keep:
                e.former_keys.remove(former)


def _mention_order(m: Mention) -> tuple:
    return (m.report, m.start, m.end, m.type, m.rule, m.text)


def _label(mentions: list[Mention], canon: str) -> str:
    """The most frequent surface form; ties go to the longer, then the smaller string."""
    if not mentions:
        return canon
    counts = Counter(m.text for m in mentions)
    return min(counts, key=lambda t: (-counts[t], -len(t), t))


def _merges(cluster: list[_Group]) -> list[Merge]:
    """Why each part belongs to the entity: one record per join (the joined group's name,
    its partner's name, the rule, its score and the evidence of both), and one per
    spelling variant within a group. Records with the same two names and rule are one."""
    found: dict[tuple[str, str, str], Merge] = {}

    def add(merge: Merge) -> None:
        k = (*sorted((merge.a, merge.b)), merge.rule)
        old = found.get(k)
        if old is None:
            found[k] = merge
        else:
            evidence = tuple(dict.fromkeys(old.evidence + merge.evidence))
            found[k] = Merge(old.a, old.b, old.rule, max(old.score, merge.score), evidence)

    for g in cluster:
        form = g.form
        for partner, rule, score, evidence in g.joins:
            add(Merge(a=partner.form, b=form, rule=rule, score=score, evidence=evidence))
        for other in sorted({m.text for m in g.mentions} - {form}):
            ev = _evidence(g)
            add(Merge(a=form, b=other, rule="same-canonical-name", score=SCORES["same-canonical-name"],
                      evidence=(ev,) if ev else ()))
    return sorted(found.values(), key=lambda m: (m.b, m.a, m.rule))


def _divergent(senses: list[Sense]) -> bool:
    """Two reports whose definitions name different parts."""
    meanings = {tuple(canonical(c) for c in s.components) or (canonical(s.definition),) for s in senses}
    return len(meanings) > 1
