"""Namespaces and the fixed vocabulary terms the graph uses.

Everything here is an immutable constant: the prefix table is a tuple (not a dict
that someone could mutate at run time) so that every exporter writes the same
prefixes in the same order, which is what makes the Turtle byte-identical across
runs. The ontology namespace is fixed (it names the vocabulary, not the data);
only the base of the instance IRIs is configurable (see :mod:`kg.graph.iris`).
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

#: Default base of instance IRIs (entities, reports, regions, mentions, ...).
DEFAULT_BASE = "https://w3id.org/govreport-kg/"
#: The ontology namespace; fixed, independent of the configurable data base.
GR_NS = "https://w3id.org/govreport-kg/ontology#"
#: The ontology document IRI (owl:Ontology).
ONTOLOGY_IRI = "https://w3id.org/govreport-kg/ontology"

GR = Namespace(GR_NS)
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
#: QUDT units and currencies (the units of observations: kg/genre/indicators.toml ``units``).
QUDT = "http://qudt.org/vocab/"

__all__ = [
    "DCTERMS", "DEFAULT_BASE", "ENTITY_CLASSES", "EXTRA_TYPES", "GR", "GR_NS", "ITSRDF",
    "NIF", "ONTOLOGY_IRI", "ORG", "OWL", "PREFIXES", "PROV", "QB", "QUDT", "RDF", "RDFS", "RELATION_PREDICATES",
    "SCHEMA", "SDMX_ATTRIBUTE", "SDMX_DIMENSION", "SDMX_MEASURE", "SKOS", "STATUS_IRIS", "XSD", "ontology_dir", "relation_local_name",
]

#: Prefixes written by the exporters, in this order. ``kg`` (the data base) is
#: added by the writers themselves because the base is configurable.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("gr", GR_NS),
    ("dcterms", str(DCTERMS)),
    ("itsrdf", str(ITSRDF)),
    ("nif", str(NIF)),
    ("org", str(ORG)),
    ("owl", str(OWL)),
    ("prov", str(PROV)),
    ("qb", str(QB)),
    ("rdf", str(RDF)),
    ("rdfs", str(RDFS)),
    ("schema", str(SCHEMA)),
    ("sdmx-attribute", str(SDMX_ATTRIBUTE)),
    ("sdmx-dimension", str(SDMX_DIMENSION)),
    ("sdmx-measure", str(SDMX_MEASURE)),
    ("skos", str(SKOS)),
    ("xsd", str(XSD)),
)

#: Entity type (``Entity.type``) -> ontology class local name.
ENTITY_CLASSES: tuple[tuple[str, str], ...] = (
    ("Project", "Project"),
    ("Enterprise", "Enterprise"),
    ("Initiative", "Initiative"),
    ("Abbreviation", "Abbreviation"),
    ("Place", "Place"),
    ("Honour", "Honour"),
)

#: Standard classes asserted next to our own, so that users who query with the
#: standard vocabulary and no reasoner still find the nodes.
EXTRA_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Enterprise", (str(ORG.Organization), str(SCHEMA.Organization))),
    ("Abbreviation", (str(SKOS.Concept),)),
    ("Place", (str(SCHEMA.Place),)),
)

#: ``StatusEvent.status`` -> individual of gr:ProjectStatus.
STATUS_IRIS: tuple[tuple[str, str], ...] = (
    ("planned", GR_NS + "Planned"),
    ("signed", GR_NS + "Signed"),
    ("started", GR_NS + "Started"),
    ("in_progress", GR_NS + "InProgress"),
    ("completed", GR_NS + "Completed"),
    ("operating", GR_NS + "Operating"),
)

#: Relation predicate names the linking stage may use -> ontology property local
#: name. Every value is declared in ontology/govreport.ttl (a test checks it).
RELATION_PREDICATES: tuple[tuple[str, str], ...] = (
    ("related_to", "relatedTo"),
    ("located_in", "locatedIn"),
    ("settled_in", "settledIn"),
    ("settles_in", "settledIn"),
    ("invests_in", "investsIn"),
    ("invests", "investsIn"),
    ("names_project", "namesProject"),
    ("builds", "builds"),
    ("operates", "operates"),
    ("named_after", "namedAfter"),
    ("named_by", "namedBy"),
    ("part_of", "partOf"),
    ("has_component", "hasComponent"),
    ("co_mentioned", "coMentionedWith"),
    ("co_mentioned_with", "coMentionedWith"),
    ("co_mention", "coMentionedWith"),
    ("honoured_as", "honouredAs"),
)

_CAMEL_SPLIT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_IDENT = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def relation_local_name(predicate: str) -> str:
    """The gr: local name for a relation predicate string.

    Known names map through :data:`RELATION_PREDICATES` (accepting snake_case,
    kebab-case, spaces or camelCase spellings); any other ASCII identifier becomes
    its lowerCamelCase form so that a new predicate from the linking stage still
    yields a valid, stable IRI (SHACL then reports it as undeclared). Anything else
    raises ValueError: a predicate must be an ASCII name, not text.
    """
    snake = _CAMEL_SPLIT.sub("_", predicate.strip()).lower()
    snake = re.sub(r"[\s\-]+", "_", snake)
    known = dict(RELATION_PREDICATES)
    if snake in known:
        return known[snake]
    if not _IDENT.fullmatch(snake):
        raise ValueError(f"relation predicate {predicate!r} is not an ASCII identifier")
    head, *rest = snake.split("_")
    return head + "".join(part.capitalize() for part in rest)


def ontology_dir() -> Path:
    """Where the ontology, shapes and example queries live: ``kg/ontology`` (package data,
    so a wheel install has them; the checkout's top-level ``ontology/`` links to it)."""
    return Path(__file__).resolve().parents[1] / "ontology"
