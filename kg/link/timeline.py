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
    "交房": "completed", "交付": "completed",
    "投产": "operating", "投入使用": "operating", "开业": "operating", "运营": "operating",
    "启用": "operating", "达产": "operating", "开园": "operating",
}
# When one report says several things of a project, the most advanced one stands.
RANK = {s: i for i, s in enumerate(("planned", "signed", "started", "in_progress", "completed", "operating"))}


CLAUSE_BREAKS = "，。；！？：\n"
CUE_WINDOW = 24  # characters after (or before) a name in which its verb is looked for
_CUES_LONGEST_FIRST = sorted(CUE_STATUS, key=lambda c: (-len(c), c))


def clause_cue(mention: Mention) -> str | None:
    """The status verb of the mention's clause: the most advanced one after it
    (X开工, X等25个项目竣工, X建成投产), else the most advanced one before it (建成X)."""
    at = mention.sentence.find(mention.text)
    if at < 0:
        return None
    end = at + len(mention.text)
    after = mention.sentence[end:end + CUE_WINDOW]
    before = mention.sentence[max(0, at - CUE_WINDOW):at]
    for ch in CLAUSE_BREAKS:
        after = after.split(ch, 1)[0]
        before = before.rsplit(ch, 1)[-1]
    for window in (after, before):
        found = [cue for cue in _CUES_LONGEST_FIRST if cue in window]
        if found:
            return max(found, key=lambda c: (RANK[CUE_STATUS[c]], len(c), c))
    return None


def status_of(mention: Mention) -> str | None:
    """A plan section plans whatever it names; elsewhere a status verb says what
    happened: the extractor's cue, else the verb of the mention's clause."""
    if mention.section == "plan":
        return "planned"
    cue = mention.cue if mention.cue in CUE_STATUS else clause_cue(mention)
    return CUE_STATUS.get(cue) if cue else None


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
            evidence=Evidence(report, m.start, m.end, m.sentence,
                              f"cue:{m.cue if m.cue in CUE_STATUS else clause_cue(m)}/{m.section}"),
            note=None if year is not None else "the report's year is unknown",
        ))
    return sorted(events, key=lambda e: (e.year is None, e.year or 0, e.report))
