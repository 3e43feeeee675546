"""Stage 3: link mentions across reports into entities, lift links to relations,
and read each project's status per report."""

from __future__ import annotations

from kg.genre import Vocabulary
from kg.link.facts import attach_facts
from kg.link.places import place_entities, without_places
from kg.link.relations import relations_for
from kg.link.resolve import Resolution, by_key, settle_former_keys
from kg.link.timeline import timeline_for
from kg.link.wholes import only_part_of, unmention_lone_wholes
from kg.model import Entity, Extraction, Relation, Report
from kg.parallel import Forked, Jobs, jobs_of


def link(reports: list[Report], extractions: list[Extraction],
         jobs: Jobs | int = 1, vocab: Vocabulary | None = None) -> tuple[list[Entity], list[Relation]]:
    """Mentions → entities (initiatives, and the other types with their status
    timelines: two independent halves, the first in a forked process when ``jobs`` > 1,
    same result; places by their official code; a whole read only out of one part's name
    is mentioned by no report) → relations between them."""
    resolution = Resolution(reports, without_places(extractions), vocab)
    campaigns = Forked(resolution.initiatives, jobs_of(jobs))
    others = resolution.others()
    years = {r.id: r.meta.year for r in reports}
    for entity in others:
        if entity.type == "Project":
            entity.status = timeline_for(entity, years)
    entities, key_of = by_key(others + campaigns.result() + place_entities(extractions))
    lone = unmention_lone_wholes(entities, key_of, extractions)
    settle_former_keys(entities)
    attach_facts(entities, extractions)
    return entities, only_part_of(relations_for(reports, entities, extractions, key_of), lone)
