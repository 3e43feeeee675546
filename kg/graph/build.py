"""Turn a :class:`~kg.model.Build` into an RDF graph on the govreport ontology.

This module only decides *which* triples describe the build; IRIs come from
:mod:`kg.graph.iris` and the vocabulary from :mod:`kg.graph.vocab`. It is lenient
where the data is odd (a mention of a report that is not in the build, an unknown
status) and leaves the judgement to the SHACL shapes, so that a build never dies
in the exporter and ``kg validate`` says what is wrong instead. It never emits a
blank node. The graph is a set, so the order in which things are added does not
matter; the exporters sort.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph import iris
from kg.graph.vocab import (
    DCTERMS, DEFAULT_BASE, ENTITY_CLASSES, EXTRA_TYPES, GR, NIF, OWL, PREFIXES, PROV, RDF, RDFS,
    SCHEMA, SKOS, STATUS_IRIS, XSD, relation_local_name,
)
from kg.model import Build, Entity, Evidence, Mention, Merge, Relation, Report, Sense, StatusEvent

__all__ = ["build_graph"]

_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")


def _clean(text: str) -> str:
    """Text safe for every serialisation: lone surrogates (undecodable bytes kept by a
    reader) cannot be written as UTF-8, so they become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _zh(text: str) -> Literal:
    return Literal(_clean(text), lang="zh")


def _plain(text: str) -> Literal:
    return Literal(_clean(text))


def _int(value: int) -> Literal:
    return Literal(int(value), datatype=XSD.integer)


def _offset(value: int) -> Literal:
    return Literal(int(value), datatype=XSD.nonNegativeInteger)


def _gyear(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


def _double(value: float) -> Literal:
    if math.isnan(value):
        lexical = "NaN"
    elif math.isinf(value):
        lexical = "INF" if value > 0 else "-INF"
    else:
        lexical = repr(float(value))
    return Literal(lexical, datatype=XSD.double)


@dataclass
class _Ctx:
    """Per-call state: the graph being filled and lookups built from the build."""

    graph: Graph
    base: str
    reports: dict[str, Report]
    report_iris: dict[str, URIRef] = field(default_factory=dict)
    report_tokens: dict[str, str] = field(default_factory=dict)
    sentences: dict[tuple[str, int, str], URIRef | None] = field(default_factory=dict)

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.graph.add((s, p, o))

    def report(self, report_id: str) -> tuple[URIRef, str]:
        """IRI and token of a report id; an id the build does not hold still gets a stable IRI
        (``report/unknown-{hash}``) so the fact is kept and SHACL flags the missing report."""
        if report_id not in self.report_iris:
            token = iris.orphan_report_token(report_id)
            iri = URIRef(iris.orphan_report_iri(report_id, self.base))
            self.report_iris[report_id] = iri
            self.report_tokens[report_id] = token
            self.add(iri, RDF.type, GR.Report)
            self.add(iri, DCTERMS.identifier, _plain(report_id))
        return self.report_iris[report_id], self.report_tokens[report_id]


def build_graph(build: Build, base_iri: str = DEFAULT_BASE) -> Graph:
    """The RDF graph of a build, with instance IRIs under ``base_iri``.

    Raises ValueError for a bad base IRI, an entity key that cannot be a path, or a
    relation predicate that is not an ASCII name: those are contract violations of
    the stages before, not data quirks.
    """
    base = iris.normalize_base(base_iri)
    graph = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES:
        graph.bind(prefix, ns)
    graph.bind("kg", base)
    ctx = _Ctx(graph=graph, base=base, reports={r.id: r for r in build.reports})
    for report in build.reports:
        iri = URIRef(iris.report_iri(report, base))
        ctx.report_iris[report.id] = iri
        ctx.report_tokens[report.id] = iris.report_token(report)
    for report in build.reports:
        _add_report(ctx, report)
    for entity in build.entities:
        _add_entity(ctx, entity)
    for (subject, local), relations in _group_relations(build.relations).items():
        _add_relations(ctx, subject, local, relations)
    return graph


# --- reports and regions ---------------------------------------------------------------


def _title(report: Report) -> str:
    meta = report.meta
    year = f"{meta.year}年" if meta.year else ""
    return f"{meta.parent or ''}{meta.region or ''}{year}政府工作报告"


def _add_report(ctx: _Ctx, report: Report) -> None:
    iri = ctx.report_iris[report.id]
    meta = report.meta
    ctx.add(iri, RDF.type, GR.Report)
    ctx.add(iri, DCTERMS.identifier, _plain(report.id))
    ctx.add(iri, GR.sha256, _plain(report.sha256.lower()))
    ctx.add(iri, DCTERMS.title, _zh(_title(report)))
    ctx.add(iri, GR.charCount, _int(len(report.text)))
    if meta.year:
        ctx.add(iri, GR.year, _int(meta.year))
        ctx.add(iri, DCTERMS.date, _gyear(meta.year))
    if meta.date and _ISO_DATE.fullmatch(meta.date):
        ctx.add(iri, DCTERMS.issued, Literal(meta.date, datatype=XSD.date))
    for prop, value in ((GR.session, meta.session), (GR.speaker, meta.speaker),
                        (GR.speakerTitle, meta.speaker_title)):
        if value:
            ctx.add(iri, prop, _zh(value))
    for year in meta.years_reviewed:
        ctx.add(iri, GR.yearReviewed, _int(year))
    for year in meta.years_planned:
        ctx.add(iri, GR.yearPlanned, _int(year))
    for dup in report.duplicates:
        ctx.add(iri, GR.duplicateIdentifier, _plain(dup))
    if meta.region:
        region = _add_region(ctx, meta.region, meta.parent, meta.level)
        ctx.add(iri, DCTERMS.creator, region)


def _add_region(ctx: _Ctx, name: str, parent: str | None, level: str | None) -> URIRef:
    iri = URIRef(iris.region_iri(name, parent, base=ctx.base))
    ctx.add(iri, RDF.type, GR.Region)
    ctx.add(iri, RDF.type, SCHEMA.AdministrativeArea)
    ctx.add(iri, SKOS.prefLabel, _zh(name))
    ctx.add(iri, RDFS.label, _zh(name))
    if level:
        ctx.add(iri, GR.level, _zh(level))
    if parent:
        ctx.add(iri, SCHEMA.containedInPlace, _add_region(ctx, parent, None, None))
    return iri


# --- sentences and evidence ------------------------------------------------------------


def _locate_sentence(report: Report | None, start: int,
                     text: str) -> tuple[int, int, str] | None:
    """Offsets and section kind of the sentence ``text`` that holds ``start``, or None when
    the report cannot confirm it (then the sentence is minted from a hash of its text)."""
    if report is None:
        return None
    if report.sentences:
        sent = report.sentence_at(start)
        if sent.start <= start < sent.end and (not text or report.text[sent.start:sent.end] == text):
            return sent.start, sent.end, sent.section
    if text:
        pos = report.text.find(text, max(0, start - len(text)), start + len(text))
        if pos != -1 and pos <= start < pos + len(text):
            return pos, pos + len(text), report.section_at(pos)
    return None


def _sentence(ctx: _Ctx, report_id: str, start: int, text: str) -> URIRef | None:
    """The nif:Sentence node holding offset ``start`` of a report (memoised per call)."""
    memo_key = (report_id, start, text)
    if memo_key in ctx.sentences:
        return ctx.sentences[memo_key]
    report = ctx.reports.get(report_id)
    report_iri, _token = ctx.report(report_id)
    span = _locate_sentence(report, start, text)
    node: URIRef | None
    if span is not None and report is not None:
        begin, end, section = span
        node = URIRef(iris.sentence_iri(report_iri, begin, end))
        anchor = report.text[begin:end]
        ctx.add(node, NIF.beginIndex, _offset(begin))
        ctx.add(node, NIF.endIndex, _offset(end))
        ctx.add(node, GR.section, _plain(section))
    elif text:
        node = URIRef(iris.sentence_iri(report_iri, text=text))
        anchor = text
    else:
        node = None
    if node is not None:
        ctx.add(node, RDF.type, NIF.Sentence)
        ctx.add(node, PROV.wasQuotedFrom, report_iri)
        ctx.add(node, NIF.anchorOf, _zh(anchor))
    ctx.sentences[memo_key] = node
    return node


def _add_evidence(ctx: _Ctx, parent: URIRef, evidence: Evidence) -> URIRef:
    report_iri, token = ctx.report(evidence.report)
    node = URIRef(iris.evidence_iri(parent, token, evidence))
    ctx.add(node, RDF.type, GR.Evidence)
    ctx.add(node, PROV.wasQuotedFrom, report_iri)
    ctx.add(node, NIF.beginIndex, _offset(evidence.start))
    ctx.add(node, NIF.endIndex, _offset(evidence.end))
    ctx.add(node, GR.rule, _plain(evidence.rule))
    sentence = _sentence(ctx, evidence.report, evidence.start, evidence.sentence)
    if sentence is not None:
        ctx.add(node, NIF.sentence, sentence)
    ctx.add(parent, GR.evidence, node)
    return node


# --- entities --------------------------------------------------------------------------


def _entity_class(type_: str) -> URIRef:
    known = dict(ENTITY_CLASSES)
    if type_ in known:
        return GR[known[type_]]
    if not _CLASS_NAME.fullmatch(type_):
        raise ValueError(f"entity type {type_!r} is not a class name")
    return GR[type_]


def _add_entity(ctx: _Ctx, entity: Entity) -> None:
    iri = URIRef(iris.entity_iri(entity.key, ctx.base))
    ctx.add(iri, RDF.type, _entity_class(entity.type))
    for extra in dict(EXTRA_TYPES).get(entity.type, ()):
        ctx.add(iri, RDF.type, URIRef(extra))
    ctx.add(iri, GR.key, _plain(entity.key))
    ctx.add(iri, SKOS.prefLabel, _zh(entity.label))
    ctx.add(iri, RDFS.label, _zh(entity.label))
    for alias in entity.aliases:
        if alias != entity.label:
            ctx.add(iri, SKOS.altLabel, _zh(alias))
    for report_id in entity.reports:
        ctx.add(iri, GR.appearsIn, ctx.report(report_id)[0])
    for former in entity.former_keys:
        if former != entity.key:
            ctx.add(iri, OWL.sameAs, URIRef(iris.entity_iri(former, ctx.base)))
    if entity.type == "Abbreviation":
        ctx.add(iri, GR.hasDivergentSenses, Literal(bool(entity.divergent)))
    for mention in entity.mentions:
        _add_mention(ctx, iri, mention)
    for sense in entity.senses:
        _add_sense(ctx, iri, sense)
    for event in entity.status:
        _add_status(ctx, iri, event)
    for merge in entity.merges:
        _add_merge(ctx, iri, merge)


def _add_mention(ctx: _Ctx, entity: URIRef, mention: Mention) -> None:
    report_iri, _token = ctx.report(mention.report)
    node = URIRef(iris.mention_iri(report_iri, mention.start, mention.end, mention.type))
    ctx.add(node, RDF.type, GR.Mention)
    ctx.add(node, GR.denotes, entity)
    ctx.add(node, PROV.wasQuotedFrom, report_iri)
    ctx.add(node, NIF.beginIndex, _offset(mention.start))
    ctx.add(node, NIF.endIndex, _offset(mention.end))
    ctx.add(node, NIF.anchorOf, _zh(mention.text))
    ctx.add(node, GR.section, _plain(mention.section))
    ctx.add(node, GR.rule, _plain(mention.rule))
    if mention.cue:
        ctx.add(node, GR.cue, _zh(mention.cue))
    sentence = _sentence(ctx, mention.report, mention.start, mention.sentence)
    if sentence is not None:
        ctx.add(node, NIF.sentence, sentence)


def _component_groups(sense: Sense) -> list[int | None]:
    """1-based group number of each component, when the groups partition the components."""
    flat = [part for group in sense.groups for part in group]
    if not sense.groups or flat != list(sense.components):
        return [None] * len(sense.components)
    return [n for n, group in enumerate(sense.groups, 1) for _part in group]


def _add_sense(ctx: _Ctx, entity: URIRef, sense: Sense) -> None:
    report_iri, token = ctx.report(sense.report)
    node = URIRef(iris.sense_iri(entity, token, sense))
    ctx.add(entity, GR.hasSense, node)
    ctx.add(node, RDF.type, GR.Sense)
    ctx.add(node, GR["term"], _zh(sense.term))
    ctx.add(node, SKOS.definition, _zh(sense.definition))
    ctx.add(node, GR.inReport, report_iri)
    ctx.add(node, GR.senseSource, _plain(sense.source))
    ctx.add(node, GR.partsCheck, _plain(sense.check))
    ctx.add(node, GR.componentCount, _int(len(sense.components)))
    if sense.expected_parts is not None:
        ctx.add(node, GR.expectedParts, _int(sense.expected_parts))
    for position, (text, group) in enumerate(zip(sense.components, _component_groups(sense)), 1):
        comp = URIRef(iris.component_iri(node, position))
        ctx.add(node, GR.component, comp)
        ctx.add(comp, RDF.type, GR.Component)
        ctx.add(comp, RDFS.label, _zh(text))
        ctx.add(comp, GR.position, _int(position))
        if group is not None:
            ctx.add(comp, GR.group, _int(group))
    if sense.evidence is not None:
        _add_evidence(ctx, node, sense.evidence)


def _add_status(ctx: _Ctx, entity: URIRef, event: StatusEvent) -> None:
    report_iri, token = ctx.report(event.report)
    node = URIRef(iris.status_iri(entity, token, event))
    ctx.add(entity, GR.hasStatusEvent, node)
    ctx.add(node, RDF.type, GR.StatusEvent)
    status = dict(STATUS_IRIS).get(event.status)
    ctx.add(node, GR.status, URIRef(status) if status else _plain(event.status))
    ctx.add(node, GR.inReport, report_iri)
    if event.year is not None:
        ctx.add(node, GR.year, _int(event.year))
        ctx.add(node, DCTERMS.date, _gyear(event.year))
    if event.note:
        ctx.add(node, GR.note, _plain(event.note))
    _add_evidence(ctx, node, event.evidence)


def _add_merge(ctx: _Ctx, entity: URIRef, merge: Merge) -> None:
    node = URIRef(iris.merge_iri(entity, merge))
    ctx.add(entity, GR.hasMerge, node)
    ctx.add(node, RDF.type, GR.MergeEvidence)
    ctx.add(node, GR.mergedForm, _zh(merge.a))
    ctx.add(node, GR.mergedForm, _zh(merge.b))
    ctx.add(node, GR.rule, _plain(merge.rule))
    ctx.add(node, GR.score, _double(merge.score))
    for evidence in merge.evidence:
        _add_evidence(ctx, node, evidence)


# --- relations -------------------------------------------------------------------------


def _group_relations(relations: Iterable[Relation]) -> dict[tuple[str, str], list[Relation]]:
    """Relations keyed by (subject key, predicate local name); repeats of one triple merge."""
    groups: dict[tuple[str, str], list[Relation]] = {}
    for rel in relations:
        groups.setdefault((rel.subject, relation_local_name(rel.predicate)), []).append(rel)
    return groups


def _add_relations(ctx: _Ctx, subject_key: str, local: str, relations: list[Relation]) -> None:
    """One direct triple per (subject, predicate, object) plus its gr:RelationAssertion
    carrying the weight and the evidence (reification instead of RDF-star, which not
    every store reads). Ends that are not entities of the build are kept; SHACL
    reports them (a relation end must be typed)."""
    subject = URIRef(iris.entity_iri(subject_key, ctx.base))
    predicate = GR[local]
    by_object: dict[str, list[Relation]] = {}
    for rel in relations:
        by_object.setdefault(rel.object, []).append(rel)
    for object_key, rels in by_object.items():
        obj = URIRef(iris.entity_iri(object_key, ctx.base))
        ctx.add(subject, predicate, obj)
        node = URIRef(iris.relation_iri(subject, local, object_key))
        ctx.add(node, RDF.type, GR.RelationAssertion)
        ctx.add(node, RDF.subject, subject)
        ctx.add(node, RDF.predicate, predicate)
        ctx.add(node, RDF.object, obj)
        ctx.add(node, GR.weight, _int(sum(rel.weight for rel in rels)))
        for rel in rels:
            for evidence in rel.evidence:
                _add_evidence(ctx, node, evidence)
