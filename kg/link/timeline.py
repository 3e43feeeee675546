"""A project's status per report, from the verb that governs its mention and the
section it stands in: 开工 in a plan section is planned; in a review section it happened.
A project named in a plan section is planned even without a verb (the plan lists what
the government will push); in the review only a status verb says what happened."""

from __future__ import annotations

from kg.model import Entity, Evidence, Mention, StatusEvent

# Cue word (as extractors report it) -> status when the report says it happened.
CUE_STATUS: dict[str, str] = {
    "签约": "signed", "落户": "signed", "落地": "signed", "引进": "signed", "招引": "signed",
    "开工": "started", "动工": "started", "奠基": "started",
    "在建": "in_progress", "续建": "in_progress", "推进": "in_progress", "加快": "in_progress",
    "竣工": "completed", "建成": "completed", "完工": "completed", "通车": "completed", "封顶": "completed",
    "投产": "operating", "投入使用": "operating", "开业": "operating", "运营": "operating",
    "启用": "operating", "达产": "operating", "开园": "operating",
}
# When one report says several things of a project, the most advanced one stands.
RANK = {s: i for i, s in enumerate(("planned", "signed", "started", "in_progress", "completed", "operating"))}


def status_of(mention: Mention) -> str | None:
    """A plan section plans whatever it names; elsewhere only a status verb says what happened."""
    if mention.section == "plan":
        return "planned"
    return CUE_STATUS.get(mention.cue) if mention.cue else None


def timeline_for(entity: Entity, years: dict[str, int | None]) -> list[StatusEvent]:
    """One event per report that says something of the project's status."""
    best: dict[str, tuple[str, Mention]] = {}
    for m in entity.mentions:
        status = status_of(m)
        if status is None:
            continue
        held = best.get(m.report)
        if held is None or RANK[status] > RANK[held[0]]:
            best[m.report] = (status, m)
    events = []
    for report, (status, m) in best.items():
        year = years.get(report)
        events.append(StatusEvent(
            report=report, year=year, status=status,
            evidence=Evidence(report, m.start, m.end, m.sentence, f"cue:{m.cue}/{m.section}"),
            note=None if year is not None else "the report's year is unknown",
        ))
    return sorted(events, key=lambda e: (e.year is None, e.year or 0, e.report))
