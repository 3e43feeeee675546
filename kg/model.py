"""The dataclasses every stage of the pipeline shares.

Data flows one way: ``corpus`` makes :class:`Report` objects, ``extract`` turns a
report into an :class:`Extraction` (mentions, senses, mention-level links),
``link`` groups mentions into :class:`Entity` objects and lifts links to
:class:`Relation` objects, ``graph`` and ``export`` only read these.

Offsets (``start``/``end``) are always character offsets into
``Report.text``, the *normalised* text, which is kept so that every fact can be
shown in its sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Literal

EntityType = Literal["Project", "Enterprise", "Initiative", "Abbreviation", "Place"]
ENTITY_TYPES: tuple[str, ...] = ("Project", "Enterprise", "Initiative", "Abbreviation", "Place", "Honour")

SectionKind = Literal["preamble", "review", "plan", "self", "glossary", "other"]
SECTION_KINDS: tuple[str, ...] = ("preamble", "review", "plan", "self", "glossary", "other")

ProjectStatus = Literal["planned", "signed", "started", "in_progress", "completed", "operating"]
PROJECT_STATUSES: tuple[str, ...] = (
    "planned", "signed", "started", "in_progress", "completed", "operating",
)


@dataclass(frozen=True)
class Problem:
    """A per-file problem: the file is skipped (or partly read) and the build goes on."""

    path: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Section:
    """A top-level part of a report: review of last year, plan for this year, ..."""

    kind: str  # one of SECTION_KINDS
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    section: str  # kind of the section it lies in


_start = attrgetter("start")


@dataclass
class ReportMeta:
    """What the text says about the report itself; ``None`` where it says nothing."""

    region: str | None = None  # issuing government's own name, e.g. 某某区
    parent: str | None = None  # e.g. 某某市
    level: str | None = None  # 省 / 市 / 区 / 县 / 州 / 旗 / 盟 / 镇 / 乡
    year: int | None = None  # year delivered
    date: str | None = None  # ISO date when the text gives one
    session: str | None = None  # e.g. 第六届人民代表大会第二次会议
    speaker: str | None = None
    speaker_title: str | None = None  # e.g. 区长
    years_reviewed: list[int] = field(default_factory=list)
    years_planned: list[int] = field(default_factory=list)
    code: str | None = None  # GB/T 2260 code of the government, when the official list confirms it
    sources: dict[str, str] = field(default_factory=dict)  # field -> "text" | "sidecar" | "gazetteer"


@dataclass
class Report:
    """One report, read, normalised and split; the unit every extractor works on."""

    id: str  # file name as given
    path: str
    sha256: str  # of the raw bytes
    encoding: str
    text: str  # normalised text; all offsets point into it
    meta: ReportMeta = field(default_factory=ReportMeta)
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # ids of byte-identical copies skipped
    original: str | None = None  # the normalised text in its own script when ``text`` was converted

    def section_at(self, offset: int) -> str:
        for sec in self.sections:
            if sec.start <= offset < sec.end:
                return sec.kind
        return "other"

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding ``offset`` (binary search in C; sentences are sorted, disjoint)."""
        i = bisect_right(self.sentences, offset, key=_start) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i]
        return Sentence(offset, min(offset + 1, len(self.text)), self.section_at(offset))

    def sentence_text(self, offset: int) -> str:
        s = self.sentence_at(offset)
        return self.text[s.start:s.end]

    def shown(self, start: int, end: int) -> str:
        """A span as the report writes it (its original script), for evidence."""
        return (self.original or self.text)[start:end]


@dataclass(frozen=True)
class Evidence:
    """Where a fact came from: a span of a report and the rule that read it there."""

    report: str
    start: int
    end: int
    sentence: str
    rule: str


@dataclass(frozen=True)
class ListHead:
    """A list a short name stands in (甲、乙等高速): a head the list shares after its 等,
    with the span from the name to that head and the sentence (as the report writes it)."""

    head: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class Mention:
    """A span of a report's normalised text naming one thing."""

    report: str
    start: int
    end: int
    text: str
    type: str  # one of ENTITY_TYPES
    sentence: str
    section: str  # kind of section
    rule: str  # which extractor rule found it
    cue: str | None = None  # context word that tells a project's status or an enterprise's role
    # A project's status where this mention stands, as extraction read it (kg.extract.status):
    status: str | None = None  # one of PROJECT_STATUSES, or None when the text says nothing
    status_cue: str | None = None  # the verb it rests on
    aspect: str = ""  # why: plan-section, intended, imminent, negated, partial-amount, …
    stage: str | None = None  # the stage the sentence speaks of (力争开工: started), done or promised
    modality: str = ""  # reported (it happened) | planned (promised, or continuing in a plan) | "" (not read)
    list_heads: tuple[ListHead, ...] = ()  # lists a short project name stands in (kg.extract.lists)
    ref: str | None = None  # what the span was resolved to, where extraction can tell: a place's GB/T 2260 code


@dataclass
class Sense:
    """One report's meaning of an abbreviation (glossary entry or inline definition)."""

    term: str
    report: str
    source: Literal["glossary", "inline"]
    definition: str
    components: list[str] = field(default_factory=list)  # ordered, flat
    groups: list[list[str]] = field(default_factory=list)  # one group per numeral of the term
    expected_parts: int | None = None  # what the numerals of the term promise
    check: Literal["ok", "mismatch", "unchecked"] = "unchecked"
    evidence: Evidence | None = None


@dataclass(frozen=True)
class GlossaryReading:
    """What one report's glossary defines (its senses, the words each heading adds to its
    term, the entries that could not be read): read once, in the read stage, and reused
    by the abbreviation extractor."""

    senses: tuple[Sense, ...] = ()
    warnings: tuple[str, ...] = ()
    heads: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (term, words its heading adds)


@dataclass(frozen=True)
class MentionLink:
    """A relation an extractor read between two mentions of one report."""

    subject: Mention
    predicate: str
    object: Mention
    evidence: Evidence


@dataclass(frozen=True)
class Observation:
    """One figure a report gives for its own region: a target it sets or a result it
    reports (kg.extract.indicators)."""

    report: str
    indicator: str  # stable id from the vocabulary (indicators.indicator_names): gdp, cpi, …
    value: str | None  # the number as written (5.4, 6.3), None when there is none (同步)
    unit: str | None  # as written: %, 亿元, 万人 …
    measure: str  # growth | change (a decline) | level | rate
    qualifier: str | None  # 左右, 以上, 以内, 以下, 约, 超过, 不低于, 力争, 近, 稳定, 同步 …
    kind: str  # target | actual
    period: str  # the year it concerns ("2025") or a span of years ("2021-2025")
    evidence: Evidence  # span from the indicator's name to its value, the sentence, the rule


@dataclass(frozen=True)
class ProjectFact:
    """A figure a report gives for a named project (kg.extract.facts): the project's span
    (linking turns it into the entity), what it measures, the value as written."""

    report: str
    start: int  # the project mention's span
    end: int
    kind: str  # total_investment | planned_investment | completed_investment | area | length | capacity
    value: str  # the number as written
    unit: str  # as written: 亿元, 万平方米, 公里 …
    qualifier: str | None  # 约, 超, 以上, 余 … as written
    evidence: Evidence


@dataclass(frozen=True)
class Assessment:
    """A target set in one report against the result a later report gives for the same
    region, indicator, year and measure (kg.link.targets)."""

    region: str  # the region's key: its GB/T 2260 code, else its name as read
    region_name: str
    indicator: str
    period: str  # the year the target concerns
    outcome: str  # met | missed | not_comparable | unreported
    target: Observation
    actual: Observation | None  # None when the later report gives no result for it
    reason: str  # how the outcome was decided, in words (5.4 ≥ 5 − 0.2: about)


@dataclass(frozen=True)
class Promise:
    """A stage a report of one government promised for a project (力争X开工), and what
    the next report of that government says of it (kg.link.promises)."""

    project: str  # entity key
    region: str  # the government's key: its GB/T 2260 code, else its name as read
    region_name: str
    year: int  # the year of the promising report
    report: str
    stage: str  # the stage promised
    evidence: Evidence
    outcome: str  # kept | progressed | carried_over | mentioned | silent | dropped
    later_report: str | None = None  # the next report of the government
    later_stage: str | None = None
    later_evidence: Evidence | None = None


@dataclass
class Extraction:
    """What the extractors found in one report."""

    report: str
    mentions: list[Mention] = field(default_factory=list)
    senses: list[Sense] = field(default_factory=list)
    links: list[MentionLink] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    facts: list[ProjectFact] = field(default_factory=list)

    def extend(self, other: Extraction) -> None:
        self.mentions.extend(other.mentions)
        self.senses.extend(other.senses)
        self.links.extend(other.links)
        self.warnings.extend(other.warnings)
        self.observations.extend(other.observations)
        self.facts.extend(other.facts)


@dataclass(frozen=True)
class Merge:
    """Why two surface forms were taken to be one thing (auditable, undoable)."""

    a: str
    b: str
    rule: str
    score: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class StatusEvent:
    report: str
    year: int | None
    status: str  # one of PROJECT_STATUSES: what the report says happened (planned in a plan)
    evidence: Evidence
    note: str | None = None  # e.g. why year is None
    stage: str | None = None  # the stage it speaks of, done or promised (力争开工 in a plan: started)
    modality: str = ""  # reported | planned


@dataclass
class Entity:
    """One real thing, with every mention of it across the corpus."""

    key: str  # stable ASCII key, e.g. "project/3f2a9c0d1e2b"; the graph builder makes it an IRI
    type: str
    label: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    senses: list[Sense] = field(default_factory=list)
    status: list[StatusEvent] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    former_keys: list[str] = field(default_factory=list)  # keys of parts merged into it
    divergent: bool = False  # abbreviation whose reports define it differently
    facts: list[ProjectFact] = field(default_factory=list)  # a project's investment, area, length, capacity

    @property
    def reports(self) -> list[str]:
        return sorted({m.report for m in self.mentions} | {s.report for s in self.senses})


@dataclass
class Relation:
    """A relation between two entities, with every sentence that supports it."""

    subject: str  # entity key
    predicate: str
    object: str  # entity key
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return len(self.evidence)


@dataclass
class Build:
    """The whole result of a build: what the exporters write."""

    reports: list[Report]
    entities: list[Entity]
    relations: list[Relation]
    problems: list[Problem] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)  # every report's figures, in report order
    assessments: list[Assessment] = field(default_factory=list)  # targets against results, by region, indicator, year
    promises: list[Promise] = field(default_factory=list)  # projects' promised stages and what became of them
    stats: dict[str, int] = field(default_factory=dict)  # e.g. reports extracted vs taken from cache

    def to_rdflib(self, base_iri: str | None = None):
        """The build's RDF as an ``rdflib.Graph`` (the triples of graph.ttl; see
        :func:`kg.graph.build.build_graph`)."""
        from kg.graph.build import build_graph
        from kg.graph.iris import DEFAULT_BASE

        return build_graph(self, base_iri or DEFAULT_BASE)

    def to_networkx(self, base_iri: str | None = None):
        """The entities and their relations as a ``networkx.MultiDiGraph``, nodes keyed by
        entity IRI (see :func:`kg.graph.network.to_networkx`)."""
        from kg.graph.network import to_networkx

        return to_networkx(self) if base_iri is None else to_networkx(self, base_iri)
