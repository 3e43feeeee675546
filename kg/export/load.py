"""Read a build folder back into a :class:`~kg.model.Build` (the inverse of
:mod:`kg.export.jsonl`), so that ``kg eval``, ``kg show`` and ``kg html`` work from
the outputs without re-extracting. Reports come back without their text; everything
the readers show travels in the mentions' and evidences' sentences."""

from __future__ import annotations

import json
from pathlib import Path

from kg.model import (
    Assessment, Build, Entity, Evidence, Merge, Mention, Observation, Problem, ProjectFact, Promise, Relation, Report,
    ReportMeta,
    Section, Sense, StatusEvent,
)


class BuildNotFound(Exception):
    """The folder holds no readable build; the message is one sentence."""


def _lines(path: Path) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError:
        raise BuildNotFound(f"{path} is missing: run `kg build` first (or pass --build DIR)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BuildNotFound(f"{path} is not valid JSON lines ({exc})") from None


def _evidence(d: dict) -> Evidence:
    return Evidence(d["report"], d["start"], d["end"], d["sentence"], d["rule"])


def _report(d: dict) -> Report:
    meta = ReportMeta(
        region=d["region"], parent=d["parent"], level=d["level"], year=d["year"], date=d["date"],
        session=d.get("session"), speaker=d.get("speaker"), speaker_title=d.get("speaker_title"),
        years_reviewed=d.get("years_reviewed", []), years_planned=d.get("years_planned", []),
        sources=d.get("meta_sources", {}), code=d.get("code"),
    )
    sections = [Section(s["kind"], s["title"], s["start"], s["end"]) for s in d.get("sections", [])]
    return Report(id=d["id"], path="", sha256=d["sha256"], encoding=d.get("encoding", ""), text="",
                  meta=meta, sections=sections, warnings=d.get("warnings", []),
                  duplicates=d.get("duplicates", []))


def _entity(d: dict) -> Entity:
    mentions = [Mention(m["report"], m["start"], m["end"], m["text"], d["type"],
                        m["sentence"], m["section"], m["rule"], m.get("cue")) for m in d["mentions"]]
    prefix = d["id"][: len(d["id"]) - len(d["key"])]
    senses = [Sense(term=s["term"], report=s["report"], source=s["source"], definition=s["definition"],
                    components=s["components"], groups=s["groups"], expected_parts=s["expected_parts"],
                    check=s["check"], evidence=_evidence(s["evidence"]) if s["evidence"] else None)
              for s in d.get("senses", [])]
    status = [StatusEvent(s["report"], s["year"], s["status"], _evidence(s["evidence"]), s.get("note"),
                          s.get("stage"), s.get("modality", ""))
              for s in d.get("status", [])]
    merges = [Merge(m["a"], m["b"], m["rule"], m["score"], tuple(_evidence(x) for x in m.get("evidence", [])))
              for m in d.get("merges", [])]
    facts = [ProjectFact(f["report"], f["evidence"]["start"], f["evidence"]["end"], f["kind"], f["value_text"], f["unit"],
                         f["qualifier"], _evidence(f["evidence"])) for f in d.get("facts", [])]
    return Entity(key=d["key"], type=d["type"], label=d["label"], aliases=d["aliases"], mentions=mentions,
                  senses=senses, status=status, merges=merges, facts=facts,
                  former_keys=[iri[len(prefix):] for iri in d.get("same_as", []) if iri.startswith(prefix)],
                  divergent=d.get("divergent", False))


def load_build(build_dir: Path) -> Build:
    build_dir = Path(build_dir)
    if not build_dir.is_dir():
        raise BuildNotFound(f"{build_dir} is not a build folder: run `kg build` first (or pass --build DIR)")
    reports = [_report(d) for d in _lines(build_dir / "reports.jsonl")]
    entity_lines = _lines(build_dir / "entities.jsonl")
    entities = [_entity(d) for d in entity_lines]
    key_of = {d["id"]: d["key"] for d in entity_lines}
    relations = []
    rel_path = build_dir / "relations.jsonl"
    for d in (_lines(rel_path) if rel_path.exists() else []):
        s, o = key_of.get(d["subject"]), key_of.get(d["object"])
        if s and o:
            relations.append(Relation(s, d["predicate"], o, [_evidence(e) for e in d["evidence"]]))
    log_path = build_dir / "build.log.jsonl"
    problems = [Problem(d["path"], d["message"], d["severity"])
                for d in (_lines(log_path) if log_path.exists() else [])]
    observations, assessments = _indicators(build_dir)
    return Build(reports=reports, entities=entities, relations=relations, problems=problems,
                 observations=observations, assessments=assessments, promises=_promises(build_dir, key_of))


def _promises(build_dir: Path, key_of: dict[str, str]) -> list[Promise]:
    """promises.jsonl, when the build has it (older builds do not)."""
    path = build_dir / "promises.jsonl"
    return [Promise(key_of.get(d["project"], d["project"]), d["region"], d["region_name"], d["year"], d["report"],
                    d["stage"], _evidence(d["evidence"]), d["outcome"], d["later_report"], d["later_stage"],
                    _evidence(d["later_evidence"]) if d["later_evidence"] else None)
            for d in (_lines(path) if path.exists() else [])]


def _indicators(build_dir: Path) -> tuple[list[Observation], list[Assessment]]:
    """observations.jsonl and targets.jsonl, when the build has them (older builds do not)."""
    path = build_dir / "observations.jsonl"
    by_id: dict[str, Observation] = {}
    for d in (_lines(path) if path.exists() else []):
        by_id[d["id"]] = Observation(d["report"], d["indicator"], d["value_text"], d["unit"], d["measure"],
                                     d["qualifier"], d["kind"], d["period"], _evidence(d["evidence"]))
    path = build_dir / "targets.jsonl"
    assessments = []
    for d in (_lines(path) if path.exists() else []):
        target = by_id.get(d["target"])
        if target is not None:
            assessments.append(Assessment(d["region"], d["region_name"], d["indicator"], d["period"], d["outcome"],
                                          target, by_id.get(d["actual"]) if d["actual"] else None, d["reason"]))
    return list(by_id.values()), assessments
