"""One entity per real thing: group mentions (and abbreviation senses) by type and
canonical name. Blocking by key keeps this linear in the number of mentions."""

from __future__ import annotations

from collections import Counter, defaultdict

from kg.link.names import canonical, entity_key
from kg.model import Entity, Extraction, Merge, Mention, Report, Sense


def resolve(reports: list[Report], extractions: list[Extraction]) -> tuple[list[Entity], dict[Mention, str]]:
    """Entities sorted by key, and the entity key of every mention."""
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    senses: dict[str, list[Sense]] = defaultdict(list)
    for extraction in extractions:
        for m in extraction.mentions:
            canon = canonical(m.text)
            if canon:
                groups[(m.type, canon)].append(m)
        for s in extraction.senses:
            canon = canonical(s.term)
            if canon:
                senses[canon].append(s)
                groups.setdefault(("Abbreviation", canon), [])
    entities: list[Entity] = []
    key_of: dict[Mention, str] = {}
    for (type_, canon), mentions in groups.items():
        key = entity_key(type_, canon)
        mentions = sorted(set(mentions), key=_mention_order)
        entity = Entity(key=key, type=type_, label=_label(mentions, canon), mentions=mentions)
        entity.aliases = sorted({m.text for m in mentions} - {entity.label})
        entity.merges = _merges(entity)
        if type_ == "Abbreviation":
            entity.senses = sorted(senses.get(canon, []), key=lambda s: (s.report, s.source, s.definition))
            entity.divergent = _divergent(entity.senses)
        for m in mentions:
            key_of[m] = key
        entities.append(entity)
    entities.sort(key=lambda e: e.key)
    return entities, key_of


def _mention_order(m: Mention) -> tuple:
    return (m.report, m.start, m.end, m.type, m.rule, m.text)


def _label(mentions: list[Mention], canon: str) -> str:
    """The most frequent surface form; ties go to the longer, then the smaller string."""
    if not mentions:
        return canon
    counts = Counter(m.text for m in mentions)
    return min(counts, key=lambda t: (-counts[t], -len(t), t))


def _merges(entity: Entity) -> list[Merge]:
    """Each alias joined the label because both normalise to the same name."""
    return [Merge(a=entity.label, b=alias, rule="same-canonical-name", score=1.0) for alias in entity.aliases]


def _divergent(senses: list[Sense]) -> bool:
    """Two reports whose definitions name different parts."""
    meanings = {tuple(canonical(c) for c in s.components) or (canonical(s.definition),) for s in senses}
    return len(meanings) > 1
