"""Plain exports for downstream entity linkers: ``entities.jsonl``, ``reports.jsonl``,
``relations.jsonl`` and the build log. One JSON object per line, fields in a fixed
order, lines sorted: a public interface (documented in the README), kept stable.

:func:`entity_record` and friends are inverted by :mod:`kg.export.load`, so a build
folder can be read back without re-extracting.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from kg.graph.iris import entity_iri
from kg.graph import iris
from kg.model import (Assessment, Build, Entity, Evidence, Mention, Observation, Problem, ProjectFact, Promise,
                      Relation, Report, Sense, StatusEvent)


def dumps_lines(records: Iterable[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def report_record(r: Report) -> dict:
    m = r.meta
    return {
        "id": r.id, "sha256": r.sha256, "region": m.region, "parent": m.parent, "level": m.level, "code": m.code,
        "year": m.year, "date": m.date, "session": m.session, "speaker": m.speaker,
        "speaker_title": m.speaker_title, "years_reviewed": m.years_reviewed,
        "years_planned": m.years_planned, "chars": len(r.text), "encoding": r.encoding,
        "sections": [{"kind": s.kind, "title": s.title, "start": s.start, "end": s.end} for s in r.sections],
        "sentences": len(r.sentences), "duplicates": r.duplicates, "warnings": r.warnings,
        "meta_sources": dict(sorted(m.sources.items())),
    }


def evidence_record(e: Evidence) -> dict:
    return {"report": e.report, "start": e.start, "end": e.end, "sentence": e.sentence, "rule": e.rule}


def mention_record(m: Mention) -> dict:
    return {"report": m.report, "text": m.text, "start": m.start, "end": m.end, "section": m.section,
            "sentence": m.sentence, "rule": m.rule, "cue": m.cue}


def sense_record(s: Sense) -> dict:
    return {"report": s.report, "term": s.term, "source": s.source, "definition": s.definition,
            "components": s.components, "groups": s.groups, "expected_parts": s.expected_parts,
            "check": s.check, "evidence": evidence_record(s.evidence) if s.evidence else None}


def status_record(e: StatusEvent) -> dict:
    return {"report": e.report, "year": e.year, "status": e.status, "stage": e.stage, "modality": e.modality,
            "note": e.note, "evidence": evidence_record(e.evidence)}


class _EntityIris(dict):
    """Entity IRIs by key, each minted once per export (relation ends repeat a lot, and
    minting checks the base and percent-encodes the key every time)."""

    def __init__(self, base_iri: str):
        super().__init__()
        self.base_iri = base_iri

    def __missing__(self, key: str) -> str:
        iri = self[key] = entity_iri(key, self.base_iri)
        return iri


def entity_record(e: Entity, base_iri: str, years: dict[str, int | None],
                  iris: dict[str, str] | None = None) -> dict:
    iris = iris if iris is not None else _EntityIris(base_iri)
    reports = e.reports
    record = {
        "id": iris[e.key], "key": e.key, "type": e.type, "label": e.label,
        "aliases": e.aliases, "reports": reports,
        "years": sorted({y for r in reports if (y := years.get(r)) is not None}),
        "mentions": [mention_record(m) for m in e.mentions],
        "merges": [{"a": m.a, "b": m.b, "rule": m.rule, "score": m.score,
                    "evidence": [evidence_record(x) for x in m.evidence]} for m in e.merges],
        "same_as": [iris[k] for k in e.former_keys],
    }
    if e.type == "Abbreviation":
        record["senses"] = [sense_record(s) for s in e.senses]
        record["divergent"] = e.divergent
    if e.type == "Project":
        record["status"] = [status_record(s) for s in e.status]
        record["facts"] = [fact_record(f) for f in e.facts]
    return record


def relation_record(r: Relation, base_iri: str, iris: dict[str, str] | None = None) -> dict:
    iris = iris if iris is not None else _EntityIris(base_iri)
    return {"subject": iris[r.subject], "predicate": r.predicate,
            "object": iris[r.object], "weight": r.weight,
            "evidence": [evidence_record(e) for e in r.evidence]}


def problem_record(p: Problem) -> dict:
    return {"path": p.path, "severity": p.severity, "message": p.message}


def entities_jsonl(build: Build, base_iri: str) -> bytes:
    years = {r.id: r.meta.year for r in build.reports}
    iris = _EntityIris(base_iri)
    records = [entity_record(e, base_iri, years, iris) for e in build.entities]
    return dumps_lines(sorted(records, key=lambda r: r["id"]))


def reports_jsonl(build: Build) -> bytes:
    return dumps_lines(report_record(r) for r in sorted(build.reports, key=lambda r: r.id))


def relations_jsonl(build: Build, base_iri: str) -> bytes:
    iris = _EntityIris(base_iri)
    records = [relation_record(r, base_iri, iris) for r in build.relations]
    return dumps_lines(sorted(records, key=lambda r: (r["subject"], r["predicate"], r["object"])))


def observation_record(o: Observation, report_iri: str, region: tuple[str, str]) -> dict:
    """One observation: its IRI, report, region (key: code, else name; name), the figure and
    its evidence. ``value`` is a JSON number (``value_text`` the digits as written)."""
    return {"id": iris.observation_iri(report_iri, o.evidence), "report": o.report, "region": region[0],
            "region_name": region[1], "indicator": o.indicator, "kind": o.kind, "period": o.period,
            "measure": o.measure, "value": None if o.value is None else float(o.value), "value_text": o.value,
            "unit": o.unit, "qualifier": o.qualifier, "evidence": evidence_record(o.evidence)}


def observations_jsonl(build: Build, base_iri: str) -> bytes:
    from kg.link.targets import region_of

    by_id = {r.id: r for r in build.reports}
    records = []
    for o in build.observations:
        report = by_id.get(o.report)
        report_iri = iris.report_iri(report, base_iri) if report else iris.orphan_report_iri(o.report, base_iri)
        records.append(observation_record(o, report_iri, region_of(report) if report else ("", "")))
    return dumps_lines(sorted(records, key=lambda r: (r["report"], r["evidence"]["start"], r["evidence"]["end"])))


def assessment_record(a: Assessment, ids: dict[Observation, str]) -> dict:
    return {"region": a.region, "region_name": a.region_name, "indicator": a.indicator, "period": a.period,
            "measure": a.target.measure, "outcome": a.outcome, "reason": a.reason, "target": ids.get(a.target),
            "actual": ids.get(a.actual) if a.actual else None,
            "target_evidence": evidence_record(a.target.evidence),
            "actual_evidence": evidence_record(a.actual.evidence) if a.actual else None}


def targets_jsonl(build: Build, base_iri: str) -> bytes:
    by_id = {r.id: r for r in build.reports}

    def obs_id(o: Observation) -> str:
        report = by_id.get(o.report)
        report_iri = iris.report_iri(report, base_iri) if report else iris.orphan_report_iri(o.report, base_iri)
        return iris.observation_iri(report_iri, o.evidence)

    ids = {o: obs_id(o) for a in build.assessments for o in (a.target, a.actual) if o is not None}
    records = [assessment_record(a, ids) for a in build.assessments]
    return dumps_lines(sorted(records, key=lambda r: (r["region"], r["indicator"], r["period"], r["measure"])))


def fact_record(f: ProjectFact) -> dict:
    """A project's fact: kind, the value as a number and as written, unit, qualifier, evidence."""
    return {"report": f.report, "kind": f.kind, "value": float(f.value), "value_text": f.value, "unit": f.unit,
            "qualifier": f.qualifier, "evidence": evidence_record(f.evidence)}


def promise_record(p: Promise, iris_of: dict[str, str]) -> dict:
    return {"project": iris_of[p.project], "region": p.region, "region_name": p.region_name, "year": p.year,
            "report": p.report, "stage": p.stage, "outcome": p.outcome, "evidence": evidence_record(p.evidence),
            "later_report": p.later_report, "later_stage": p.later_stage,
            "later_evidence": evidence_record(p.later_evidence) if p.later_evidence else None}


def promises_jsonl(build: Build, base_iri: str) -> bytes:
    iris_of = _EntityIris(base_iri)
    records = [promise_record(p, iris_of) for p in build.promises]
    return dumps_lines(sorted(records, key=lambda r: (r["project"], r["year"], r["report"])))


def build_log_jsonl(build: Build) -> bytes:
    return dumps_lines(problem_record(p) for p in build.problems)
