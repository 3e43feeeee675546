"""Promises: what became of the stage a report promised for a project.

A report's plan promises stages (力争X开工: a start; 确保Y建成投产: operation; 加快推进Z
建设: work that continues), read by extraction as a status event's stage with modality
``planned`` (:mod:`kg.extract.status`). The next report of the same government (the
one of the smallest later year in the build) tells what became of each:

* ``kept``: it reports the project at the promised stage or beyond;
* ``progressed``: it reports a lesser stage;
* ``carried_over``: it only promises the project again;
* ``mentioned``: it names the project without saying what happened;
* ``dropped``: a sentence naming the project says it was given up (停建, 取消: status.dropped);
* ``silent``: it does not name the project at all.

A promise whose government has no later report in the build is not judged.
"""

from __future__ import annotations

from collections import defaultdict

from kg.genre import Vocabulary
from kg.genre import default as default_vocabulary
from kg.link.targets import region_of
from kg.link.timeline import RANK
from kg.model import Entity, Evidence, Mention, Promise, Report, StatusEvent


def find_promises(reports: list[Report], entities: list[Entity], vocab: Vocabulary | None = None) -> list[Promise]:
    """Every promise of the build's projects with its outcome, by project, then year."""
    dropped = (vocab or default_vocabulary()).words("status.dropped")
    by_id = {r.id: r for r in reports}
    years_of: dict[str, list[tuple[int, str]]] = defaultdict(list)  # government -> (year, report id)
    for r in sorted(reports, key=lambda r: r.id):
        if r.meta.year:
            years_of[region_of(r)[0]].append((r.meta.year, r.id))
    out: list[Promise] = []
    for entity in entities:
        if entity.type != "Project" or not entity.status:
            continue
        event_of = {e.report: e for e in entity.status}
        mentions_in = defaultdict(list)
        for m in entity.mentions:
            mentions_in[m.report].append(m)
        for e in entity.status:
            report = by_id.get(e.report)
            if e.modality != "planned" or e.stage is None or report is None or not report.meta.year:
                continue
            region, name = region_of(report)
            later = sorted((y, rid) for y, rid in years_of[region] if y > report.meta.year)
            if not later:
                continue
            next_id = min(rid for y, rid in later if y == later[0][0])
            outcome, stage, evidence = _outcome(e.stage, event_of.get(next_id), mentions_in.get(next_id, []), dropped)
            out.append(Promise(entity.key, region, name, report.meta.year, e.report, e.stage, e.evidence, outcome,
                               next_id, stage, evidence))
    return sorted(out, key=lambda p: (p.project, p.year, p.report))


def _outcome(promised: str, event: StatusEvent | None, mentions: list[Mention],
             dropped: tuple[str, ...]) -> tuple[str, str | None, Evidence | None]:
    """(outcome, stage reported or promised again, its evidence) in the next report."""
    given_up = next((m for m in mentions if any(w in m.sentence for w in dropped)), None)
    if given_up is not None:
        return "dropped", None, Evidence(given_up.report, given_up.start, given_up.end, given_up.sentence, "dropped-cue")
    if event is not None and event.stage is not None:
        if event.modality == "reported":
            kept = RANK[event.stage] >= RANK[promised]
            return ("kept" if kept else "progressed"), event.stage, event.evidence
        return "carried_over", event.stage, event.evidence
    if mentions:
        m = mentions[0]
        return "mentioned", None, Evidence(m.report, m.start, m.end, m.sentence, "mention")
    return "silent", None, None
