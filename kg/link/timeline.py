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
    """One event per report that says something of the project's status."""
    best: dict[str, Mention] = {}
    for m in entity.mentions:
        if m.status is None:
            continue
        held = best.get(m.report)
        if held is None or RANK[m.status] > RANK[held.status]:
            best[m.report] = m
    events = []
    for report, m in best.items():
        year = years.get(report)
        rule = f"cue:{m.status_cue}/{m.section}"
        if m.aspect and m.aspect != "plan-section":
            rule += f"/{m.aspect}"
        events.append(StatusEvent(
            report=report, year=year, status=m.status,
            evidence=Evidence(report, m.start, m.end, m.sentence, rule),
            note=None if year is not None else "the report's year is unknown",
        ))
    return sorted(events, key=lambda e: (e.year is None, e.year or 0, e.report))
