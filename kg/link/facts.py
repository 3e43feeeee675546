"""Facts to entities: extraction read each fact on a project's span; the span's entity
(the project mention with those offsets) gets it."""

from __future__ import annotations

from kg.model import Entity, Extraction


def attach_facts(entities: list[Entity], extractions: list[Extraction]) -> None:
    """Give each project entity the facts read on its mentions' spans, in text order."""
    owner = {(m.report, m.start, m.end): e for e in entities if e.type == "Project" for m in e.mentions}
    for extraction in extractions:
        for fact in extraction.facts:
            entity = owner.get((fact.report, fact.start, fact.end))
            if entity is not None:
                entity.facts.append(fact)
    for e in entities:
        e.facts.sort(key=lambda f: (f.report, f.evidence.start, f.kind))
