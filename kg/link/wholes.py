"""Wholes named only inside their parts' names: things of their own, not mentioned.

The project extractor reads the whole a part's name names (甲乙机场二期 → 甲乙机场, partOf).
The annotation guidelines the project is measured by make a phase with no sibling the
project itself (甲乙医疗一期 is an alias of 甲乙医疗 when no other phase is discussed): a
report that names one part of a whole does not mention the whole. Such a whole stays an
entity, so that the part is part of it, but without mentions: no report is said to name it
(its evidence is its part's, on the partOf relation). It gains mentions as soon as the corpus
names it on its own or names a second part of it (the same key, so the same IRI)."""

from __future__ import annotations

from collections import defaultdict

from kg.link.names import canonical
from kg.link.relations import PART_OF
from kg.model import Entity, Extraction, Mention, Relation

#: the project extractor's rule for a whole read out of its part's name
WHOLE_OF_PART = "whole_of_part"


def unmention_lone_wholes(entities: list[Entity], key_of: dict[Mention, str],
                         extractions: list[Extraction]) -> set[str]:
    """Wholes only ever read out of one part's name lose their mentions (``key_of`` keeps
    them, so the partOf relation is made); their keys."""
    parts: dict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        for link in extraction.links:
            if link.predicate == PART_OF and link.object.rule == WHOLE_OF_PART:
                key = key_of.get(link.object)
                if key is not None:
                    parts[key].add(canonical(link.subject.text))
    lone: set[str] = set()
    for e in entities:
        if e.type == "Project" and e.mentions and all(m.rule == WHOLE_OF_PART for m in e.mentions) \
                and len(parts.get(e.key, ())) < 2:
            e.mentions = []
            lone.add(e.key)
    return lone


def only_part_of(relations: list[Relation], lone: set[str]) -> list[Relation]:
    """The relations, less those of a whole no report mentions other than its partOf (its
    span inside its part's name is no co-mention of the sentence's other names)."""
    return [r for r in relations if r.predicate == PART_OF or not (r.subject in lone or r.object in lone)]
