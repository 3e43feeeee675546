"""The build as a :class:`networkx.MultiDiGraph`: entities and the relations between them.

One node per entity, its id the entity's IRI (what ``entities.jsonl`` calls ``id``);
one edge per (subject, relation property, object), its key the property's local name
(``namedBy``, ``settledIn``, ``coMentionedWith``, … as ``graph.ttl`` writes it after
``gr:``). Relations whose predicates spell one property two ways (``settled_in``,
``settledIn``) are one edge, as they are one triple in the RDF. Every IRI comes from
:mod:`kg.graph.iris`; nothing here mints one.

Node attributes: ``key`` (the entity's ASCII key), ``type``, ``label``, ``aliases``
(joined by :data:`ALIAS_SEPARATOR`), ``report_count``, ``mention_count``, ``iri``.
Edge attributes: ``predicate`` (the property's local name, also the edge key), ``kind``
(``weak`` for co-mention in one sentence, which is for exploration and no claim;
``typed`` for every other relation), ``weight`` (pieces of evidence), ``report_count``
(reports the evidence comes from), ``iri`` (the ``gr:RelationAssertion`` in
``graph.ttl`` that carries the evidence). Every value is a ``str`` or an ``int`` (legal
in GraphML and CSV); text is cleaned of lone surrogates (which UTF-8 cannot encode).

Nodes and edges are added in sorted order (nodes by IRI; edges by subject, object, predicate),
so the graph, and every file written from it, is the same whatever the hash seed.
A relation one of whose ends is not an entity of the build (a bug upstream, which the
SHACL shapes report on ``graph.ttl``) has no edge here; an entity key that repeats keeps
its first entity, as the explorer does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.graph import iris
from kg.graph.terms import clean
from kg.graph.vocab import DEFAULT_BASE, relation_local_name
from kg.model import Build, Entity, Relation

if TYPE_CHECKING:
    import networkx

__all__ = ["ALIAS_SEPARATOR", "WEAK_PROPERTIES", "to_networkx"]

#: Between the aliases of ``aliases`` (a character no Chinese name holds).
ALIAS_SEPARATOR = "|"
#: Relation properties that are no claim, only a hint for exploration (``kind`` = ``weak``).
WEAK_PROPERTIES = frozenset({"coMentionedWith"})


def to_networkx(build: Build, base_iri: str = DEFAULT_BASE) -> networkx.MultiDiGraph:
    """The entities of ``build`` and the relations between them as a directed multigraph
    (see the module docstring for its ids and attributes). ``base_iri`` is the base the
    IRIs are minted under (``kg build --base``).

    Raises ValueError for a bad base IRI, an entity key that cannot be a path, or a
    relation predicate that is not an ASCII name (contract violations that the RDF writer
    refuses too).
    """
    import networkx as nx

    base = iris.normalize_base(base_iri)
    graph = nx.MultiDiGraph()
    entity_iris: dict[str, str] = {}
    entities: list[tuple[str, Entity]] = []
    for entity in build.entities:
        if entity.key not in entity_iris:
            entity_iris[entity.key] = iris.entity_iri(entity.key, base)
            entities.append((entity_iris[entity.key], entity))
    entities.sort(key=lambda pair: pair[0])
    graph.add_nodes_from((iri, _node_attributes(iri, entity)) for iri, entity in entities)

    grouped: dict[tuple[str, str, str], list[Relation]] = {}
    for rel in build.relations:
        local = relation_local_name(rel.predicate)
        if rel.subject in entity_iris and rel.object in entity_iris:
            grouped.setdefault((entity_iris[rel.subject], local, entity_iris[rel.object]), []).append(rel)
    # sorted by (subject, object, predicate): the order networkx then lists the edges in
    for (subject, local, obj), rels in sorted(grouped.items(), key=lambda item: (item[0][0], item[0][2], item[0][1])):
        graph.add_edge(subject, obj, key=local, **_edge_attributes(subject, local, rels))
    return graph


def _node_attributes(iri: str, entity: Entity) -> dict[str, str | int]:
    return {
        "key": entity.key,
        "type": clean(entity.type),
        "label": clean(entity.label),
        "aliases": ALIAS_SEPARATOR.join(clean(alias) for alias in entity.aliases),
        "report_count": len(entity.reports),
        "mention_count": len(entity.mentions),
        "iri": iri,
    }


def _edge_attributes(subject: str, local: str, rels: list[Relation]) -> dict[str, str | int]:
    object_key = rels[0].object
    return {
        "predicate": local,
        "kind": "weak" if local in WEAK_PROPERTIES else "typed",
        "weight": sum(rel.weight for rel in rels),
        "report_count": len({ev.report for rel in rels for ev in rel.evidence}),
        "iri": iris.relation_iri(subject, local, object_key),
    }
