"""Turn a :class:`~kg.model.Build` into the triples of the govreport graph, as a stream.

This module decides *which* triples describe the build; IRIs come from
:mod:`kg.graph.iris` and the vocabulary from :mod:`kg.graph.vocab`. It is lenient
where the data is odd (a mention of a report that is not in the build, an unknown
status) and leaves the judgement to the SHACL shapes, so that a build never dies
in the exporter and ``kg validate`` says what is wrong instead. It never emits a
blank node.

Why a stream and not a graph: a corpus of a thousand reports gives millions of
triples, and an rdflib graph of them takes gigabytes and minutes. So
:func:`iter_groups` works in two steps. First it walks the build once and notes,
for every subject IRI, small *recipes* (references into the build, not triples);
every IRI is minted and every contract violation raised in this step, before any
output is written. Then it visits the subjects in the writers' order (natural IRI
order) and expands each one's recipes into triples, deduplicated and sorted
(``rdf:type`` first, then by predicate IRI, objects by :func:`~kg.graph.terms.object_key`),
handing out one subject at a time. Only one subject's triples exist at once.
Terms are plain values (:mod:`kg.graph.terms`), never rdflib objects.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import Any

from kg.corpus.gazetteer import Division
from kg.corpus.gazetteer import candidates as gazetteer_candidates
from kg.corpus.gazetteer import get as get_division
from kg.corpus.metadata import level_word
from kg.graph import iris
from kg.graph.terms import (
    RDF_TYPE, XSD_BOOLEAN, XSD_DATE, XSD_DECIMAL, XSD_DOUBLE, XSD_GYEAR, XSD_INTEGER, XSD_NNI, Group, Lit, Obj,
    clean, object_key, sort_naturally,
)
from kg.graph.vocab import (
    DCTERMS, DEFAULT_BASE, ENTITY_CLASSES, EXTRA_TYPES, GR_NS, NIF, OWL, PROV, QB, QUDT, RDF, RDFS, SCHEMA,
    SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE, SKOS, STATUS_IRIS, relation_local_name,
)
from kg.model import Assessment, Build, Entity, Evidence, Observation, Promise, Relation, Report, ReportMeta, Sense

__all__ = ["Recipe", "count_triples", "expand", "iter_groups", "iter_triples", "plan_groups"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")
_ENTITY_CLASSES = dict(ENTITY_CLASSES)
_EXTRA_TYPES = dict(EXTRA_TYPES)
_STATUS_IRIS = dict(STATUS_IRIS)


def _gr(local: str) -> str:
    return GR_NS + local


# The vocabulary as plain strings (immutable module constants).
_NIF_NS, _SCHEMA_NS = str(NIF), str(SCHEMA)
T_REPORT, T_REGION, T_MENTION, T_EVIDENCE = _gr("Report"), _gr("Region"), _gr("Mention"), _gr("Evidence")
T_SENSE, T_COMPONENT, T_STATUS, T_MERGE = _gr("Sense"), _gr("Component"), _gr("StatusEvent"), _gr("MergeEvidence")
T_ASSERTION, T_SENTENCE = _gr("RelationAssertion"), _NIF_NS + "Sentence"
T_ADMIN_AREA = _SCHEMA_NS + "AdministrativeArea"
P_IDENTIFIER, P_TITLE, P_DATE = str(DCTERMS.identifier), str(DCTERMS.title), str(DCTERMS.date)
P_ISSUED, P_CREATOR = str(DCTERMS.issued), str(DCTERMS.creator)
P_SHA256, P_CHARS, P_YEAR, P_SESSION = _gr("sha256"), _gr("charCount"), _gr("year"), _gr("session")
P_SPEAKER, P_SPEAKER_TITLE, P_LEVEL = _gr("speaker"), _gr("speakerTitle"), _gr("level")
P_REVIEWED, P_PLANNED, P_DUPLICATE = _gr("yearReviewed"), _gr("yearPlanned"), _gr("duplicateIdentifier")
P_PREF, P_ALT, P_LABEL = str(SKOS.prefLabel), str(SKOS.altLabel), str(RDFS.label)
P_CONTAINED = _SCHEMA_NS + "containedInPlace"
P_DIVISION_CODE, P_DIVISION_LEVEL, P_DIVISION_KIND = _gr("divisionCode"), _gr("divisionLevel"), _gr("divisionKind")
# indicators: W3C Data Cube with the SDMX components, QUDT units
T_OBSERVATION, T_ASSESSMENT, T_INDICATOR = _gr("IndicatorObservation"), _gr("TargetAssessment"), _gr("Indicator")
T_INDICATOR_SCHEME, T_STRUCTURE = _gr("IndicatorScheme"), _gr("IndicatorStructure")
T_DATASET, T_QB_OBSERVATION, P_DATASET, P_STRUCTURE = str(QB.DataSet), str(QB.Observation), str(QB.dataSet), str(QB.structure)
P_REF_AREA, P_REF_PERIOD = str(SDMX_DIMENSION.refArea), str(SDMX_DIMENSION.refPeriod)
P_OBS_VALUE, P_UNIT_MEASURE, P_UNIT_MULT = str(SDMX_MEASURE.obsValue), str(SDMX_ATTRIBUTE.unitMeasure), str(SDMX_ATTRIBUTE.unitMult)
P_INDICATOR, P_MEASURE, P_KIND, P_PERIOD = _gr("indicator"), _gr("measure"), _gr("observationKind"), _gr("period")
P_QUALIFIER, P_UNIT_TEXT, P_OUTCOME = _gr("qualifier"), _gr("unitText"), _gr("outcome")
P_TARGET, P_ACTUAL, P_COMMENT = _gr("target"), _gr("actual"), str(RDFS.comment)
P_STAGE, P_MODALITY = _gr("stage"), _gr("modality")
T_PROMISE, P_HAS_PROMISE, P_PROMISED_STAGE = _gr("Promise"), _gr("hasPromise"), _gr("promisedStage")
P_LATER_REPORT, P_LATER_STAGE = _gr("laterReport"), _gr("laterStage")
T_FACT, T_QUANTITATIVE, P_HAS_FACT = _gr("ProjectFact"), _SCHEMA_NS + "QuantitativeValue", _gr("hasFact")
P_FACT_KIND, P_SCHEMA_VALUE = _gr("factKind"), _SCHEMA_NS + "value"
P_IN_SCHEME, P_NOTATION = str(SKOS.inScheme), str(SKOS.notation)
P_BEGIN, P_END, P_ANCHOR, P_SENTENCE = (_NIF_NS + "beginIndex", _NIF_NS + "endIndex", _NIF_NS + "anchorOf",
                                        _NIF_NS + "sentence")
P_QUOTED = str(PROV.wasQuotedFrom)
P_SECTION, P_RULE, P_EVIDENCE, P_KEY = _gr("section"), _gr("rule"), _gr("evidence"), _gr("key")
P_APPEARS, P_SAME_AS, P_DIVERGENT = _gr("appearsIn"), str(OWL.sameAs), _gr("hasDivergentSenses")
P_DENOTES, P_CUE = _gr("denotes"), _gr("cue")
P_HAS_SENSE, P_TERM, P_DEFINITION, P_IN_REPORT = _gr("hasSense"), _gr("term"), str(SKOS.definition), _gr("inReport")
P_SENSE_SOURCE, P_PARTS_CHECK = _gr("senseSource"), _gr("partsCheck")
P_COMPONENT_COUNT, P_EXPECTED = _gr("componentCount"), _gr("expectedParts")
P_COMPONENT, P_POSITION, P_GROUP = _gr("component"), _gr("position"), _gr("group")
P_HAS_STATUS, P_STATUS, P_NOTE = _gr("hasStatusEvent"), _gr("status"), _gr("note")
P_HAS_MERGE, P_MERGED_FORM, P_SCORE = _gr("hasMerge"), _gr("mergedForm"), _gr("score")
P_RDF_SUBJECT, P_RDF_PREDICATE, P_RDF_OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
P_WEIGHT = _gr("weight")

_TRUE: Lit = ("true", XSD_BOOLEAN, "")
_FALSE: Lit = ("false", XSD_BOOLEAN, "")


def _zh(text: str) -> Lit:
    return (clean(text), "", "zh")


def _plain(text: str) -> Lit:
    return (clean(text), "", "")


def _int(value: int) -> Lit:
    return (str(int(value)), XSD_INTEGER, "")


def _offset(value: int) -> Lit:
    return (str(int(value)), XSD_NNI, "")


def _gyear(year: int) -> Lit:
    return (f"{year:04d}", XSD_GYEAR, "")


def _double(value: float) -> Lit:
    if math.isnan(value):
        lexical = "NaN"
    elif math.isinf(value):
        lexical = "INF" if value > 0 else "-INF"
    else:
        lexical = repr(float(value))
    return (lexical, XSD_DOUBLE, "")


def _title(report: Report) -> str:
    meta = report.meta
    year = f"{meta.year}年" if meta.year else ""
    return f"{meta.parent or ''}{meta.region or ''}{year}政府工作报告"


def _entity_class(type_: str) -> str:
    known = _ENTITY_CLASSES.get(type_)
    if known is not None:
        return _gr(known)
    if not _CLASS_NAME.fullmatch(type_):
        raise ValueError(f"entity type {type_!r} is not a class name")
    return _gr(type_)


def _component_groups(sense: Sense) -> list[int | None]:
    """1-based group number of each component, when the groups partition the components."""
    flat = [part for group in sense.groups for part in group]
    if not sense.groups or flat != list(sense.components):
        return [None] * len(sense.components)
    return [n for n, group in enumerate(sense.groups, 1) for _part in group]


def _locate_sentence(report: Report | None, starts: list[int] | None, start: int,
                     text: str) -> tuple[int, int, str] | None:
    """Offsets and section kind of the sentence ``text`` that holds ``start``, or None when
    the report cannot confirm it (then the sentence is minted from a hash of its text).
    ``starts`` are the start offsets of the report's sentences (sorted, disjoint), for a
    bisection in C instead of :meth:`Report.sentence_at`'s loop in Python."""
    if report is None:
        return None
    if report.sentences:
        i = bisect_right(starts, start) - 1  # type: ignore[arg-type]
        sent = report.sentences[i] if i >= 0 else None
        if sent is None or start >= sent.end:
            sent = report.sentence_at(start)  # not inside a sentence: the model's fallback
        if sent.start <= start < sent.end and (not text or report.text[sent.start:sent.end] == text
                                               or report.shown(sent.start, sent.end) == text):
            return sent.start, sent.end, sent.section
    for written in (report.text, report.original) if text else ():
        pos = written.find(text, max(0, start - len(text)), start + len(text)) if written else -1
        if pos != -1 and pos <= start < pos + len(text):
            return pos, pos + len(text), report.section_at(pos)
    return None


# --- step 1: recipes per subject -------------------------------------------------------
#
# A recipe is a tuple in a subject's list: either a ready (predicate, object) pair
# (first item a str) or (generator, args...), expanded in step 2 by calling
# ``generator(out, subject, recipe)``, which appends (predicate, object) pairs to ``out``.

Recipe = tuple[Any, ...]


class _Index:
    """Step 1: every subject IRI of the graph with its recipes (per call, no global state)."""

    def __init__(self, build: Build, base: str):
        self.base = base
        self.reports: dict[str, Report] = {r.id: r for r in build.reports}
        self.report_iris: dict[str, str] = {}
        self.report_tokens: dict[str, str] = {}
        self.subjects: dict[str, list[Recipe]] = {}
        self._sentences: dict[tuple[str, int, str], str | None] = {}
        self._sentence_recipes: set[tuple[str, str]] = set()
        self._regions: set[tuple[str, str | None, str | None]] = set()
        self.report_regions: dict[str, str] = {}  # report id -> its government's region IRI
        self._starts: dict[str, list[int]] = {}
        self._entity_iris: dict[str, str] = {}
        for report in build.reports:
            self.report_iris[report.id] = iris.report_iri(report, base)
            self.report_tokens[report.id] = iris.report_token(report)
        for report in build.reports:
            self._report(report)
        for entity in build.entities:
            self._entity(entity)
        for (subject, local), relations in _group_relations(build.relations).items():
            self._relations(subject, local, relations)
        self._indicators: set[str] = set()
        for observation in build.observations:
            self._observation(observation)
        for assessment in build.assessments:
            self._assessment(assessment)
        for promise in build.promises:
            self._promise(promise)

    def entity_iri(self, key: str) -> str:
        """An entity's IRI (memoised: relation ends repeat)."""
        iri = self._entity_iris.get(key)
        if iri is None:
            iri = self._entity_iris[key] = iris.entity_iri(key, self.base)
        return iri

    def put(self, subject: str, recipe: Recipe) -> None:
        recipes = self.subjects.get(subject)
        if recipes is None:
            self.subjects[subject] = [recipe]
        else:
            recipes.append(recipe)

    def report(self, report_id: str) -> tuple[str, str]:
        """IRI and token of a report id; an id the build does not hold still gets a stable IRI
        (``report/unknown-{hash}``) so the fact is kept and SHACL flags the missing report."""
        iri = self.report_iris.get(report_id)
        if iri is None:
            token = iris.orphan_report_token(report_id)
            iri = iris.orphan_report_iri(report_id, self.base)
            self.report_iris[report_id] = iri
            self.report_tokens[report_id] = token
            self.put(iri, (RDF_TYPE, T_REPORT))
            self.put(iri, (P_IDENTIFIER, _plain(report_id)))
        return iri, self.report_tokens[report_id]

    # reports and regions

    def _report(self, report: Report) -> None:
        iri = self.report_iris[report.id]
        meta = report.meta
        region = None
        division = get_division(meta.code) if meta.code else None
        if division is not None:
            region = self._division(division)
            self._read_as(region, division, meta)
        elif meta.region:
            region = self._region(meta.region, meta.parent, meta.level)
        if region is not None:
            self.report_regions[report.id] = region
        self.put(iri, (_gen_report, report, region))

    def _division(self, division: Division) -> str:
        """An official division and its chain up to the province: ``region/{code}``."""
        iri = iris.region_iri(division.name, code=division.code, base=self.base)
        if (iri, None, None) not in self._regions:
            self._regions.add((iri, None, None))
            parent = self._division(division.parent) if division.parent is not None else None
            self.put(iri, (_gen_division, division, level_word(division), parent))
        return iri

    def _read_as(self, iri: str, division: Division, meta: ReportMeta) -> None:
        """What the report calls its government: the names as written
        (alternative labels), and the IRIs earlier builds minted from them (``owl:sameAs``:
        the hash of parent and name as read, and of the parent named alone)."""
        if meta.region != division.name:
            self.put(iri, (P_ALT, _zh(meta.region)))
        self.put(iri, (P_SAME_AS, iris.region_iri(meta.region, meta.parent, base=self.base)))
        if meta.parent:
            above = next((a for a in division.ancestors() if a in set(gazetteer_candidates(meta.parent))), None)
            if above is not None:
                self.put(iris.region_iri(above.name, code=above.code, base=self.base),
                         (P_SAME_AS, iris.region_iri(meta.parent, base=self.base)))

    def _region(self, name: str, parent: str | None, level: str | None) -> str:
        iri = iris.region_iri(name, parent, base=self.base)
        parent_iri = self._region(parent, None, None) if parent else None
        if (iri, level, parent_iri) not in self._regions:
            self._regions.add((iri, level, parent_iri))
            self.put(iri, (_gen_region, name, level, parent_iri))
        return iri

    # sentences and evidence

    def sentence(self, report_id: str, start: int, text: str) -> str | None:
        """The nif:Sentence IRI holding offset ``start`` of a report (memoised per call)."""
        memo_key = (report_id, start, text)
        if memo_key in self._sentences:
            return self._sentences[memo_key]
        report = self.reports.get(report_id)
        report_iri, _token = self.report(report_id)
        starts = self._starts.get(report_id)
        if starts is None and report is not None:
            starts = self._starts[report_id] = [sent.start for sent in report.sentences]
        span = _locate_sentence(report, starts, start, text)
        node: str | None = None
        if span is not None and report is not None:
            begin, end, section = span
            node = iris.sentence_iri(report_iri, begin, end)
            if (node, section) not in self._sentence_recipes:
                self._sentence_recipes.add((node, section))
                self.put(node, (_gen_span_sentence, report, report_iri, begin, end, section))
        elif text:
            node = iris.sentence_iri(report_iri, text=text)
            if (node, "") not in self._sentence_recipes:
                self._sentence_recipes.add((node, ""))
                self.put(node, (_gen_text_sentence, report_iri, text))
        self._sentences[memo_key] = node
        return node

    def evidence(self, parent: str, evidence: Evidence) -> None:
        report_iri, token = self.report(evidence.report)
        node = iris.evidence_iri(parent, token, evidence)
        sentence = self.sentence(evidence.report, evidence.start, evidence.sentence)
        self.put(node, (_gen_evidence, evidence, report_iri, sentence))
        self.put(parent, (P_EVIDENCE, node))

    # entities

    def _entity(self, entity: Entity) -> None:
        iri = self.entity_iri(entity.key)
        cls = _entity_class(entity.type)
        appears = tuple(self.report(report_id)[0] for report_id in entity.reports)
        same_as = tuple(self.entity_iri(former) for former in entity.former_keys
                        if former != entity.key)
        self.put(iri, (_gen_entity, entity, cls, appears, same_as))
        for mention in entity.mentions:
            report_iri, _token = self.report(mention.report)
            node = iris.mention_iri(report_iri, mention.start, mention.end, mention.type)
            sentence = self.sentence(mention.report, mention.start, mention.sentence)
            self.put(node, (_gen_mention, iri, mention, report_iri, sentence))
        for sense in entity.senses:
            self._sense(iri, sense)
        for event in entity.status:
            report_iri, token = self.report(event.report)
            node = iris.status_iri(iri, token, event)
            self.put(iri, (P_HAS_STATUS, node))
            self.put(node, (_gen_status, event, report_iri))
            self.evidence(node, event.evidence)
        for fact in entity.facts:
            report_iri, token = self.report(fact.report)
            node = iris.fact_iri(iri, token, fact)
            self.put(iri, (P_HAS_FACT, node))
            self.put(node, (_gen_fact, fact, report_iri, _standard_unit("facts.fact_units", fact.unit)))
            self.evidence(node, fact.evidence)
        for merge in entity.merges:
            node = iris.merge_iri(iri, merge)
            self.put(iri, (P_HAS_MERGE, node))
            self.put(node, (_gen_merge, merge))
            for evidence in merge.evidence:
                self.evidence(node, evidence)

    def _sense(self, entity: str, sense: Sense) -> None:
        report_iri, token = self.report(sense.report)
        node = iris.sense_iri(entity, token, sense)
        self.put(entity, (P_HAS_SENSE, node))
        self.put(node, (_gen_sense, sense, report_iri))
        for position, (text, group) in enumerate(zip(sense.components, _component_groups(sense)), 1):
            self.put(iris.component_iri(node, position), (_gen_component, text, position, group))
        if sense.evidence is not None:
            self.evidence(node, sense.evidence)

    # indicators

    def _observation(self, o: Observation) -> None:
        report_iri, _token = self.report(o.report)
        node = iris.observation_iri(report_iri, o.evidence)
        region = self.report_regions.get(o.report)
        dataset = None
        if region is not None:
            dataset = iris.dataset_iri(region)
            self.put(dataset, (RDF_TYPE, T_DATASET))
            self.put(dataset, (P_STRUCTURE, T_STRUCTURE))
            self.put(dataset, (P_REF_AREA, region))
        indicator = self._indicator(o.indicator)
        self.put(node, (_gen_observation, o, report_iri, region, dataset, indicator, _standard_unit("indicators.units", o.unit)))
        self.evidence(node, o.evidence)

    def _indicator(self, indicator: str) -> str:
        iri = iris.indicator_iri(indicator, self.base)
        if iri not in self._indicators:
            self._indicators.add(iri)
            self.put(iri, (_gen_indicator, indicator))
        return iri

    def _assessment(self, a: Assessment) -> None:
        region = self.report_regions.get(a.target.report)
        if region is None:
            return
        target = iris.observation_iri(self.report(a.target.report)[0], a.target.evidence)
        actual = iris.observation_iri(self.report(a.actual.report)[0], a.actual.evidence) if a.actual else None
        node = iris.assessment_iri(region, a.indicator, a.period, a.target.measure)
        self.put(node, (_gen_assessment, a, region, self._indicator(a.indicator), target, actual))

    def _promise(self, p: Promise) -> None:
        entity = self.entity_iri(p.project)
        report_iri, token = self.report(p.report)
        node = iris.promise_iri(entity, token)
        later = self.report(p.later_report)[0] if p.later_report else None
        self.put(entity, (P_HAS_PROMISE, node))
        self.put(node, (_gen_promise, p, report_iri, later))
        self.evidence(node, p.evidence)
        if p.later_evidence is not None:
            self.evidence(node, p.later_evidence)

    # relations

    def _relations(self, subject_key: str, local: str, relations: list[Relation]) -> None:
        """One direct triple per (subject, predicate, object) plus its gr:RelationAssertion
        carrying the weight and the evidence (reification instead of RDF-star, which not
        every store reads). Ends that are not entities of the build are kept; SHACL
        reports them (a relation end must be typed)."""
        subject = self.entity_iri(subject_key)
        predicate = _gr(local)
        by_object: dict[str, list[Relation]] = {}
        for rel in relations:
            by_object.setdefault(rel.object, []).append(rel)
        for end_key, rels in by_object.items():
            obj = self.entity_iri(end_key)
            self.put(subject, (predicate, obj))
            node = iris.relation_iri(subject, local, end_key)
            weight = sum(rel.weight for rel in rels)
            self.put(node, (_gen_assertion, subject, predicate, obj, weight))
            for rel in rels:
                for evidence in rel.evidence:
                    self.evidence(node, evidence)


def _group_relations(relations: Iterable[Relation]) -> dict[tuple[str, str], list[Relation]]:
    """Relations keyed by (subject key, predicate local name); repeats of one triple merge."""
    groups: dict[tuple[str, str], list[Relation]] = {}
    for rel in relations:
        groups.setdefault((rel.subject, relation_local_name(rel.predicate)), []).append(rel)
    return groups


# --- step 2: generators ----------------------------------------------------------------


def _gen_report(out: list, iri: str, recipe: Recipe) -> None:
    _gen, report, region = recipe
    meta = report.meta
    add = out.append
    add((RDF_TYPE, T_REPORT))
    add((P_IDENTIFIER, _plain(report.id)))
    add((P_SHA256, _plain(report.sha256.lower())))
    add((P_TITLE, _zh(_title(report))))
    add((P_CHARS, _int(len(report.text))))
    if meta.year:
        add((P_YEAR, _int(meta.year)))
        add((P_DATE, _gyear(meta.year)))
    if meta.date and _ISO_DATE.fullmatch(meta.date):
        add((P_ISSUED, (meta.date, XSD_DATE, "")))
    for prop, value in ((P_SESSION, meta.session), (P_SPEAKER, meta.speaker),
                        (P_SPEAKER_TITLE, meta.speaker_title)):
        if value:
            add((prop, _zh(value)))
    for year in meta.years_reviewed:
        add((P_REVIEWED, _int(year)))
    for year in meta.years_planned:
        add((P_PLANNED, _int(year)))
    for dup in report.duplicates:
        add((P_DUPLICATE, _plain(dup)))
    if region is not None:
        add((P_CREATOR, region))


def _gen_region(out: list, iri: str, recipe: Recipe) -> None:
    _gen, name, level, parent = recipe
    label = _zh(name)
    out += ((RDF_TYPE, T_REGION), (RDF_TYPE, T_ADMIN_AREA), (P_PREF, label), (P_LABEL, label))
    if level:
        out.append((P_LEVEL, _zh(level)))
    if parent is not None:
        out.append((P_CONTAINED, parent))


def _gen_division(out: list, iri: str, recipe: Recipe) -> None:
    _gen, division, level, parent = recipe
    label = _zh(division.name)
    if level:
        out.append((P_LEVEL, _zh(level)))
    out += ((RDF_TYPE, T_REGION), (RDF_TYPE, T_ADMIN_AREA), (P_PREF, label), (P_LABEL, label),
            (P_DIVISION_CODE, _plain(division.code)), (P_DIVISION_LEVEL, _plain(division.level)),
            (P_DIVISION_KIND, _zh(division.kind)))
    if parent is not None:
        out.append((P_CONTAINED, parent))


def _gen_observation(out: list, iri: str, recipe: Recipe) -> None:
    _gen, o, report_iri, region, dataset, indicator, unit = recipe
    add = out.append
    out += ((RDF_TYPE, T_OBSERVATION), (RDF_TYPE, T_QB_OBSERVATION), (P_INDICATOR, indicator),
            (P_MEASURE, _plain(o.measure)), (P_KIND, _plain(o.kind)), (P_PERIOD, _plain(o.period)),
            (P_QUOTED, report_iri))
    if dataset is not None:
        add((P_DATASET, dataset))
    if region is not None:
        add((P_REF_AREA, region))
    if o.period.isdigit():
        add((P_REF_PERIOD, _gyear(int(o.period))))
        add((P_YEAR, _int(int(o.period))))
    if o.value is not None:
        add((P_OBS_VALUE, (o.value, XSD_DECIMAL, "")))
    if o.unit:
        add((P_UNIT_TEXT, _plain(o.unit)))
    if unit is not None:
        add((P_UNIT_MEASURE, unit[0]))
        if unit[1]:
            add((P_UNIT_MULT, _int(unit[1])))
    if o.qualifier:
        add((P_QUALIFIER, _zh(o.qualifier)))


def _gen_indicator(out: list, iri: str, recipe: Recipe) -> None:
    _gen, indicator = recipe
    out += ((RDF_TYPE, T_INDICATOR), (RDF_TYPE, str(SKOS.Concept)), (P_IN_SCHEME, T_INDICATOR_SCHEME),
            (P_NOTATION, _plain(indicator)))
    zh, en = _indicator_labels().get(indicator, (indicator, indicator))
    out += ((P_PREF, _zh(zh)), (P_PREF, (en, "", "en")), (P_LABEL, _zh(zh)))


def _gen_fact(out: list, iri: str, recipe: Recipe) -> None:
    _gen, fact, report_iri, unit = recipe
    out += ((RDF_TYPE, T_FACT), (RDF_TYPE, T_QUANTITATIVE), (P_FACT_KIND, _plain(fact.kind)),
            (P_SCHEMA_VALUE, (fact.value, XSD_DECIMAL, "")), (P_UNIT_TEXT, _plain(fact.unit)), (P_IN_REPORT, report_iri))
    if unit is not None:
        out.append((P_UNIT_MEASURE, unit[0]))
        if unit[1]:
            out.append((P_UNIT_MULT, _int(unit[1])))
    if fact.qualifier:
        out.append((P_QUALIFIER, _zh(fact.qualifier)))


def _gen_promise(out: list, iri: str, recipe: Recipe) -> None:
    _gen, p, report_iri, later = recipe
    stage = _STATUS_IRIS.get(p.stage)
    out += ((RDF_TYPE, T_PROMISE), (P_PROMISED_STAGE, stage if stage else _plain(p.stage)), (P_IN_REPORT, report_iri),
            (P_YEAR, _int(p.year)), (P_OUTCOME, _plain(p.outcome)))
    if later is not None:
        out.append((P_LATER_REPORT, later))
    if p.later_stage:
        later_stage = _STATUS_IRIS.get(p.later_stage)
        out.append((P_LATER_STAGE, later_stage if later_stage else _plain(p.later_stage)))


def _gen_assessment(out: list, iri: str, recipe: Recipe) -> None:
    _gen, a, region, indicator, target, actual = recipe
    out += ((RDF_TYPE, T_ASSESSMENT), (P_OUTCOME, _plain(a.outcome)), (P_INDICATOR, indicator),
            (P_REF_AREA, region), (P_PERIOD, _plain(a.period)), (P_TARGET, target), (P_COMMENT, _plain(a.reason)))
    if a.period.isdigit():
        out += ((P_REF_PERIOD, _gyear(int(a.period))), (P_YEAR, _int(int(a.period))))
    if actual is not None:
        out.append((P_ACTUAL, actual))


@lru_cache(maxsize=1)
def _indicator_labels() -> dict[str, tuple[str, str]]:
    """Indicator id -> (Chinese, English) label, from the package vocabulary."""
    from kg.genre import default as default_vocabulary

    out = {}
    for indicator, label in default_vocabulary().map("indicators.indicator_labels").items():
        zh, _sep, en = label.partition("|")
        out[indicator] = (zh, en or zh)
    return out


@lru_cache(maxsize=128)
def _standard_unit(table: str, unit: str | None) -> tuple[str, int] | None:
    """The standard unit (a QUDT unit or currency IRI) and power of ten of a unit as
    written, from a units table of the package vocabulary; None where it has none."""
    from kg.genre import default as default_vocabulary
    from kg.genre import standard_units

    path, power = standard_units(default_vocabulary(), table).get(unit or "", ("", 0))
    return (QUDT + path, power) if path else None


def _gen_span_sentence(out: list, iri: str, recipe: Recipe) -> None:
    _gen, report, report_iri, begin, end, section = recipe
    out += ((P_BEGIN, _offset(begin)), (P_END, _offset(end)), (P_SECTION, _plain(section)),
            (RDF_TYPE, T_SENTENCE), (P_QUOTED, report_iri), (P_ANCHOR, _zh(report.shown(begin, end))))


def _gen_text_sentence(out: list, iri: str, recipe: Recipe) -> None:
    _gen, report_iri, text = recipe
    out += ((RDF_TYPE, T_SENTENCE), (P_QUOTED, report_iri), (P_ANCHOR, _zh(text)))


def _gen_evidence(out: list, iri: str, recipe: Recipe) -> None:
    _gen, evidence, report_iri, sentence = recipe
    out += ((RDF_TYPE, T_EVIDENCE), (P_QUOTED, report_iri), (P_BEGIN, _offset(evidence.start)),
            (P_END, _offset(evidence.end)), (P_RULE, _plain(evidence.rule)))
    if sentence is not None:
        out.append((P_SENTENCE, sentence))


def _gen_entity(out: list, iri: str, recipe: Recipe) -> None:
    _gen, entity, cls, appears, same_as = recipe
    add = out.append
    add((RDF_TYPE, cls))
    for extra in _EXTRA_TYPES.get(entity.type, ()):
        add((RDF_TYPE, extra))
    add((P_KEY, _plain(entity.key)))
    label = _zh(entity.label)
    add((P_PREF, label))
    add((P_LABEL, label))
    for alias in entity.aliases:
        if alias != entity.label:
            add((P_ALT, _zh(alias)))
    for report_iri in appears:
        add((P_APPEARS, report_iri))
    for former in same_as:
        add((P_SAME_AS, former))
    if entity.type == "Abbreviation":
        add((P_DIVERGENT, _TRUE if entity.divergent else _FALSE))


def _gen_mention(out: list, iri: str, recipe: Recipe) -> None:
    _gen, entity, mention, report_iri, sentence = recipe
    out += ((RDF_TYPE, T_MENTION), (P_DENOTES, entity), (P_QUOTED, report_iri),
            (P_BEGIN, _offset(mention.start)), (P_END, _offset(mention.end)),
            (P_ANCHOR, _zh(mention.text)), (P_SECTION, _plain(mention.section)),
            (P_RULE, _plain(mention.rule)))
    if mention.cue:
        out.append((P_CUE, _zh(mention.cue)))
    if sentence is not None:
        out.append((P_SENTENCE, sentence))


def _gen_sense(out: list, iri: str, recipe: Recipe) -> None:
    _gen, sense, report_iri = recipe
    add = out.append
    add((RDF_TYPE, T_SENSE))
    add((P_TERM, _zh(sense.term)))
    add((P_DEFINITION, _zh(sense.definition)))
    add((P_IN_REPORT, report_iri))
    add((P_SENSE_SOURCE, _plain(sense.source)))
    add((P_PARTS_CHECK, _plain(sense.check)))
    add((P_COMPONENT_COUNT, _int(len(sense.components))))
    if sense.expected_parts is not None:
        add((P_EXPECTED, _int(sense.expected_parts)))
    for position in range(1, len(sense.components) + 1):
        add((P_COMPONENT, iris.component_iri(iri, position)))


def _gen_component(out: list, iri: str, recipe: Recipe) -> None:
    _gen, text, position, group = recipe
    out += ((RDF_TYPE, T_COMPONENT), (P_LABEL, _zh(text)), (P_POSITION, _int(position)))
    if group is not None:
        out.append((P_GROUP, _int(group)))


def _gen_status(out: list, iri: str, recipe: Recipe) -> None:
    _gen, event, report_iri = recipe
    status = _STATUS_IRIS.get(event.status)
    out += ((RDF_TYPE, T_STATUS), (P_STATUS, status if status else _plain(event.status)),
            (P_IN_REPORT, report_iri))
    if event.year is not None:
        out += ((P_YEAR, _int(event.year)), (P_DATE, _gyear(event.year)))
    if event.note:
        out.append((P_NOTE, _plain(event.note)))
    if event.stage:
        stage = _STATUS_IRIS.get(event.stage)
        out += ((P_STAGE, stage if stage else _plain(event.stage)), (P_MODALITY, _plain(event.modality)))


def _gen_merge(out: list, iri: str, recipe: Recipe) -> None:
    _gen, merge = recipe
    out += ((RDF_TYPE, T_MERGE), (P_MERGED_FORM, _zh(merge.a)), (P_MERGED_FORM, _zh(merge.b)),
            (P_RULE, _plain(merge.rule)), (P_SCORE, _double(merge.score)))


def _gen_assertion(out: list, iri: str, recipe: Recipe) -> None:
    _gen, subject, predicate, obj, weight = recipe
    out += ((RDF_TYPE, T_ASSERTION), (P_RDF_SUBJECT, subject), (P_RDF_PREDICATE, predicate),
            (P_RDF_OBJECT, obj), (P_WEIGHT, _int(weight)))


# --- step 2: the stream ----------------------------------------------------------------


def expand(subject: str, recipes: list[Recipe]) -> list[tuple[str, list[Obj]]]:
    """A subject's (predicate, objects) list from its recipes: deduplicated, ``rdf:type``
    first, then predicates by IRI, objects by :func:`~kg.graph.terms.object_key`."""
    out: list[tuple[str, Obj]] = []
    for recipe in recipes:
        head = recipe[0]
        if type(head) is str:
            out.append(recipe)  # type: ignore[arg-type]
        else:
            head(out, subject, recipe)
    return group_pairs(out)


def group_pairs(pairs: list[tuple[str, Obj]]) -> list[tuple[str, list[Obj]]]:
    """(predicate, object) pairs of one subject as sorted, deduplicated predicate groups."""
    by_pred: dict[str, Any] = dict(pairs)
    if len(by_pred) == len(pairs):  # the usual case: every predicate once, nothing to merge
        return [(pred, [by_pred[pred]]) for pred in _pred_order(by_pred)]
    by_pred = {}
    for pred, obj in pairs:
        objects = by_pred.get(pred)
        if objects is None:
            by_pred[pred] = obj
        elif type(objects) is set:
            objects.add(obj)
        elif objects != obj:
            by_pred[pred] = {objects, obj}
    groups = []
    for pred in _pred_order(by_pred):
        objects = by_pred[pred]
        if type(objects) is set:
            groups.append((pred, sorted(objects, key=object_key)))
        else:
            groups.append((pred, [objects]))
    return groups


def _pred_order(preds: dict[str, Any]) -> list[str]:
    """Predicates in the writers' order: ``rdf:type`` first, then by IRI."""
    order = sorted(preds)
    if RDF_TYPE in preds:
        order.remove(RDF_TYPE)
        order.insert(0, RDF_TYPE)
    return order


def iter_groups(build: Build, base_iri: str = DEFAULT_BASE) -> Iterator[Group]:
    """The build's graph as (subject, [(predicate, [objects])]) groups, subjects in natural
    IRI order (:func:`~kg.graph.terms.natural_key`), one subject in memory at a time.

    Raises ValueError (before yielding anything) for a bad base IRI, an entity key that
    cannot be a path, a bad entity type, a negative offset, or a relation predicate that
    is not an ASCII name: those are contract violations of the stages before, not data quirks.
    """
    subjects, order = plan_groups(build, base_iri)
    return _stream(subjects, order)


def plan_groups(build: Build, base_iri: str = DEFAULT_BASE) -> tuple[dict[str, list[Recipe]], list[str]]:
    """Step 1 alone: every subject's recipes and the subjects in writing order, so that a
    writer can expand (:func:`expand`) any contiguous run of subjects on its own, e.g. in
    another process. Raises ValueError as :func:`iter_groups` does."""
    base = iris.normalize_base(base_iri)
    subjects = _Index(build, base).subjects
    return subjects, sort_naturally(subjects)


def plan_owners(build: Build, base_iri: str = DEFAULT_BASE) -> tuple[dict[str, list[Recipe]], list[list[str]]]:
    """Step 1 for writers that sort in several processes: every subject's recipes, and the
    subjects by *owner* (the entity, report or region whose IRI path they extend:
    ``entity/{type}/{key}``, ``report/{token}``, ``region/{id}``), owners in natural order,
    each owner's subjects unsorted. Sorting each contiguous run of owners on its own and
    joining the runs gives :func:`plan_groups`' order when every owner's subjects sort
    together, which a writer checks at the joins (:func:`~kg.graph.terms.natural_key` of
    each run's last and the next run's first subject). Raises ValueError as :func:`iter_groups`."""
    base = iris.normalize_base(base_iri)
    subjects = _Index(build, base).subjects
    owned: dict[str, list[str]] = {}
    skip = len(base)
    match = _OWNER.match
    for subject in subjects:
        found = match(subject, skip) if subject.startswith(base) else None
        owner = subject[:found.end()] if found else subject
        members = owned.get(owner)
        if members is None:
            owned[owner] = [subject]
        else:
            members.append(subject)
    return subjects, [owned[owner] for owner in sort_naturally(owned)]


#: The owner part of a subject's path after the base (``entity/{type}/{key}``, else two segments).
_OWNER = re.compile(r"entity/[^/]+/[^/]+|[^/]+/[^/]+")


def _stream(subjects: dict[str, list[Recipe]], order: list[str]) -> Iterator[Group]:
    for subject in order:
        yield subject, expand(subject, subjects.pop(subject))


def iter_triples(build: Build, base_iri: str = DEFAULT_BASE) -> Iterator[tuple[str, str, Obj]]:
    """The build's triples, in the order of :func:`iter_groups` (for tests and small tools)."""
    for subject, preds in iter_groups(build, base_iri):
        for pred, objects in preds:
            for obj in objects:
                yield subject, pred, obj


def count_triples(groups: Iterable[Group]) -> int:
    """Number of triples in a sequence of groups."""
    return sum(len(objects) for _s, preds in groups for _p, objects in preds)
