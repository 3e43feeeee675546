"""Relations between entities, each with the sentences that support it.

Three sources: links the extractors read (an enterprise settles in a park), spans
that contain each other (an initiative named by an abbreviation: “X”活动 ⊃ X), and
co-mention in one sentence (weighted by how often; for exploration only)."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from kg.link.names import canonical
from kg.model import Entity, Evidence, Extraction, Mention, Relation, Report

NAMED_BY = "namedBy"
HAS_COMPONENT = "hasComponent"
PART_OF = "partOf"
CO_MENTIONED = "coMentionedWith"
#: Relations that are weak evidence (same-sentence co-occurrence): exported, drawn and listed last.
WEAK_RELATIONS = frozenset({CO_MENTIONED})
# Places are in almost every sentence; what is located in them is a typed relation (locatedIn).
NOT_CO_MENTIONED = frozenset({"Place"})
# A sentence listing more entities than this is a catalogue; pairing all of them says little.
MAX_CO_MENTIONS_PER_SENTENCE = 12


def relations_for(reports: list[Report], entities: list[Entity], extractions: list[Extraction],
                  key_of: dict[Mention, str]) -> list[Relation]:
    by_id = {r.id: r for r in reports}
    found: dict[tuple[str, str, str], set[Evidence]] = defaultdict(set)
    for extraction in extractions:
        for link in extraction.links:
            s, o = key_of.get(link.subject), key_of.get(link.object)
            if s and o and s != o:
                found[(s, link.predicate, o)].add(link.evidence)
        _containment(extraction.mentions, key_of, found)
        _co_mentions(by_id[extraction.report], extraction.mentions, key_of, found)
    _components(entities, found)
    _phases(entities, by_id, found)
    _enterprise_projects(entities, found)
    return [Relation(s, p, o, sorted(ev, key=_evidence_order))
            for (s, p, o), ev in sorted(found.items())]


def _evidence_order(e: Evidence) -> tuple:
    return (e.report, e.start, e.end, e.rule)


def _containment(mentions: list[Mention], key_of: dict[Mention, str],
                 found: dict[tuple[str, str, str], set[Evidence]]) -> None:
    abbreviations = [m for m in mentions if m.type == "Abbreviation"]
    for outer in mentions:
        if outer.type not in ("Initiative", "Project"):
            continue
        for inner in abbreviations:
            if outer.start <= inner.start and inner.end <= outer.end and (inner.start, inner.end) != (outer.start, outer.end):
                s, o = key_of.get(outer), key_of.get(inner)
                if s and o:
                    found[(s, NAMED_BY, o)].add(
                        Evidence(outer.report, outer.start, outer.end, outer.sentence, "span-contains-abbreviation"))


def _co_mentions(report: Report, mentions: list[Mention], key_of: dict[Mention, str],
                 found: dict[tuple[str, str, str], set[Evidence]]) -> None:
    by_sentence: dict[tuple[int, int], set[str]] = defaultdict(set)
    for m in mentions:
        if m.type in NOT_CO_MENTIONED:
            continue
        key = key_of.get(m)
        if key:
            s = report.sentence_at(m.start)
            by_sentence[(s.start, s.end)].add(key)
    for (start, end), keys in by_sentence.items():
        if len(keys) > MAX_CO_MENTIONS_PER_SENTENCE:
            continue
        evidence = Evidence(report.id, start, end, report.shown(start, end), "same-sentence")
        for a, b in combinations(sorted(keys), 2):
            found[(a, CO_MENTIONED, b)].add(evidence)


def _components(entities: list[Entity], found: dict[tuple[str, str, str], set[Evidence]]) -> None:
    """A component of a sense that is itself a defined abbreviation (nested terms)."""
    terms = {canonical(e.label): e.key for e in entities if e.type == "Abbreviation"}
    for e in entities:
        for sense in e.senses:
            for component in sense.components:
                other = terms.get(canonical(component))
                if other and other != e.key and sense.evidence is not None:
                    found[(e.key, HAS_COMPONENT, other)].add(sense.evidence)


def _phases(entities: list[Entity], by_id: dict[str, Report],
            found: dict[tuple[str, str, str], set[Evidence]]) -> None:
    """A project named as a phase of another (甲乙二期, 甲乙1号线) is part of it when a
    project of that name is named by a report of the same government: the phase's
    mentions are the evidence."""
    from kg.link.variants import link_rules

    phase = link_rules().phase
    government = {rid: (r.meta.code or r.meta.region or "") for rid, r in by_id.items()}
    wholes: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        if e.type == "Project":
            for name in {e.label, *e.aliases}:
                wholes[canonical(name)].append(e)
    for e in entities:
        if e.type != "Project":
            continue
        mine = {government.get(m.report) for m in e.mentions}
        for name in sorted({e.label, *e.aliases}):
            canon = canonical(name)
            m = phase.search(canon)
            if m is None or m.end() != len(canon) or m.start() < 2:
                continue
            whole = [w for w in wholes.get(canon[:m.start()], []) if w.key != e.key
                     and mine & {government.get(x.report) for x in w.mentions}]
            if len(whole) != 1:
                continue
            for mention in e.mentions:
                if canonical(mention.text) == canon:
                    found[(e.key, PART_OF, whole[0].key)].add(
                        Evidence(mention.report, mention.start, mention.end, mention.sentence, "phase-of-name"))


INVESTS = "invests"  # the ontology's gr:investsIn, as kg.extract.patterns.PRED_INVESTS
#: enterprise rules (kg/extract/enterprises.py) that read a firm on its own
FIRM_RULES = frozenset({"list_enterprise", "lexicon", "suffix", "applicant", "cue_subject"})


def _enterprise_projects(entities: list[Entity], found: dict[tuple[str, str, str], set[Evidence]]) -> None:
    """An enterprise some report names opens a project's name (甲乙汽车 → 甲乙汽车数智工厂,
    丙丁 → 丙丁绿色超算中心): it invests in the project, the project's mentions are the
    evidence. The longest such enterprise name; never a name that is also an administrative
    division's (甲市 of 甲市新机场 is the city, whatever an extractor typed it)."""
    from kg.corpus.gazetteer import candidates

    firms: dict[str, str] = {}
    for e in entities:
        # an enterprise a rule read as one on its own (a list of firms, a company suffix, the
        # lexicon, a cue), not only a short name or a project list's item
        if e.type == "Enterprise" and any(m.rule in FIRM_RULES for m in e.mentions):
            for name in (e.label, *e.aliases):
                canon = canonical(name)
                if len(canon) >= 2 and not candidates(canon):
                    firms.setdefault(canon, e.key)
    if not firms:
        return
    lengths = sorted({len(n) for n in firms}, reverse=True)
    for p in entities:
        if p.type != "Project":
            continue
        for mention in p.mentions:
            canon = canonical(mention.text)
            firm = next((firms[canon[:n]] for n in lengths if n <= len(canon) - 2 and canon[:n] in firms), None)
            if firm is not None and firm != p.key:
                found[(firm, INVESTS, p.key)].add(
                    Evidence(mention.report, mention.start, mention.end, mention.sentence, "enterprise-opens-project-name"))
