"""A project's status per report: extraction read a status on each of its mentions
(:mod:`kg.extract.status`: the governing verb, its aspect, the section); here the
mentions of one entity are collected, one event per report, the most advanced
reading of the report standing."""

from __future__ import annotations

from kg.model import PROJECT_STATUSES, Entity, Evidence, Mention, StatusEvent

# When one report says several things of a project, the most advanced one stands.
RANK = {s: i for i, s in enumerate(PROJECT_STATUSES)}


def status_of(mention: Mention) -> str | None:
    """The status extraction read on the mention (None when the text says nothing)."""
    return mention.status


def timeline_for(entity: Entity, years: dict[str, int | None]) -> list[StatusEvent]:
    """One event per report that says something of the project's status: the most
    advanced status, and the stage and modality the report gives (the most advanced
    stage reported, else the most advanced promised)."""
    best: dict[str, Mention] = {}
    staged: dict[str, Mention] = {}
    for m in entity.mentions:
        if m.status is not None:
            held = best.get(m.report)
            if held is None or RANK[m.status] > RANK[held.status]:
                best[m.report] = m
        if m.stage is not None:
            held = staged.get(m.report)
            if held is None or _stage_rank(m) > _stage_rank(held):
                staged[m.report] = m
    events = []
    for report, m in best.items():
        year = years.get(report)
        s = staged.get(report)
        if s is not None and s.modality == "planned" and m.status == "planned" and s.status == "planned":
            m = s  # a report that only plans: the sentence of the stage it promises is the evidence
        rule = f"cue:{m.status_cue}/{m.section}"
        if m.aspect and m.aspect != "plan-section":
            rule += f"/{m.aspect}"
        events.append(StatusEvent(
            report=report, year=year, status=m.status,
            evidence=Evidence(report, m.start, m.end, m.sentence, rule),
            note=None if year is not None else "the report's year is unknown",
            stage=s.stage if s else None, modality=s.modality if s else "",
        ))
    return sorted(events, key=lambda e: (e.year is None, e.year or 0, e.report))


def _stage_rank(m: Mention) -> tuple[int, int]:
    """Reported before promised, then the more advanced stage."""
    return (m.modality == "reported", RANK[m.stage])
