"""Stage 3: link mentions across reports into entities, lift links to relations,
and read each project's status per report."""

from __future__ import annotations

from kg.link.relations import relations_for
from kg.link.resolve import resolve
from kg.link.timeline import timeline_for
from kg.model import Entity, Extraction, Relation, Report


def link(reports: list[Report], extractions: list[Extraction]) -> tuple[list[Entity], list[Relation]]:
    entities, key_of = resolve(reports, extractions)
    years = {r.id: r.meta.year for r in reports}
    for entity in entities:
        if entity.type == "Project":
            entity.status = timeline_for(entity, years)
    relations = relations_for(reports, entities, extractions, key_of)
    return entities, relations
