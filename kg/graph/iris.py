"""IRI minting: the only place the project turns things into IRIs (plain ``str``).

The rule (documented in ontology/README.md) in one paragraph: every IRI is the
configurable base (default ``https://w3id.org/govreport-kg/``) followed by an
ASCII path made of *natural keys* or *hashes*, never of Chinese text, so that the
same thing gets the same IRI when the corpus grows and every store sees one term
(a raw Chinese IRI and its percent-encoded form would be two). Top-level things
have their own natural key (entity key from the linking stage, the report's
sha256, a region's code or a hash of parent + name); things that only exist
inside another (mention, sentence, sense, status event, merge, relation
assertion, evidence) are minted from their parent's IRI plus the report and the
character offsets that locate them. Hashes are the first hex digits of SHA-256
over the UTF-8 fields joined with U+001F, which no field contains.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote, urlsplit

from kg.graph.vocab import DEFAULT_BASE
from kg.model import Evidence, Merge, ProjectFact, Report, Sense, StatusEvent

__all__ = [
    "DEFAULT_BASE", "component_iri", "entity_iri", "evidence_iri", "merge_iri", "mention_iri",
    "normalize_base", "orphan_report_iri", "orphan_report_token", "region_iri", "relation_iri",
    "report_iri", "report_token", "sense_iri", "sentence_iri", "short_hash", "status_iri",
    "observation_iri", "dataset_iri", "assessment_iri", "indicator_iri", "promise_iri", "fact_iri",
]

_SEP = "\x1f"
_HEX = re.compile(r"[0-9a-fA-F]{16,}")
_SEGMENT_SAFE = "-._~"


def short_hash(*fields: str, length: int = 12) -> str:
    """First ``length`` hex digits of SHA-256 over the fields joined by U+001F."""
    digest = hashlib.sha256(_SEP.join(fields).encode("utf-8")).hexdigest()
    return digest[:length]


def normalize_base(base: str = DEFAULT_BASE) -> str:
    """Check a base IRI and return it; it must be absolute http(s) and end with ``/``.

    Ending with ``/`` is required because minted paths are appended to it and the
    Turtle writer uses it as ``@base`` for short relative IRIs.
    """
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base IRI {base!r} must be an absolute http(s) IRI")
    if not base.endswith("/") or parts.query or parts.fragment:
        raise ValueError(f"base IRI {base!r} must end with '/' and have no query or fragment")
    if any(ch in base for ch in ' <>"{}|\\^`') or not base.isascii():
        raise ValueError(f"base IRI {base!r} must be ASCII without spaces or <>\"{{}}|\\^`")
    return base


def _key_path(key: str) -> str:
    """An entity key as an IRI path: ASCII, no empty or dot segments, percent-encoded."""
    segments = key.split("/")
    if not key or any(seg in ("", ".", "..") for seg in segments):
        raise ValueError(f"entity key {key!r} has an empty or dot path segment")
    return "/".join(quote(seg, safe=_SEGMENT_SAFE) for seg in segments)


def entity_iri(key: str, base: str = DEFAULT_BASE) -> str:
    """IRI of an entity from its stable key: ``{base}entity/{key}``.

    The key (e.g. ``project/3f2a9c0d1e2b``) comes from the linking stage and is a
    hash of the normalised name and type, so it survives corpus growth. The string
    is also what entities.jsonl's ``id`` holds.

    A place that is an official division (key ``place/{code}``, a six-digit GB/T 2260
    code) is the division itself: its IRI is the region's, ``{base}region/{code}``, so the
    government that issues a report and the place its sentences name are one node.
    """
    m = _PLACE_KEY.fullmatch(key)
    if m:
        return region_iri("", code=m.group(1), base=base)
    return normalize_base(base) + "entity/" + _key_path(key)


_PLACE_KEY = re.compile(r"place/([0-9]{6})")  # kg.link.names.place_key


def report_token(report: Report | str) -> str:
    """The 16-hex natural key of a report: the prefix of the sha256 of its raw bytes."""
    sha = report.sha256 if isinstance(report, Report) else report
    if not _HEX.fullmatch(sha or ""):
        raise ValueError(f"report sha256 {sha!r} is not a hex digest")
    return sha[:16].lower()


def report_iri(report: Report | str, base: str = DEFAULT_BASE) -> str:
    """IRI of a report: ``{base}report/{sha256[:16]}``; unchanged when other reports are added."""
    return normalize_base(base) + "report/" + report_token(report)


def orphan_report_token(report_id: str) -> str:
    """Token for a report id that the build does not hold (a bug upstream, kept visible):
    ``unknown-{hash of the id}``; never collides with a sha256 token (not hex)."""
    return "unknown-" + short_hash(report_id)


def orphan_report_iri(report_id: str, base: str = DEFAULT_BASE) -> str:
    """IRI for a report id that the build does not hold: ``{base}report/unknown-{hash}``."""
    return normalize_base(base) + "report/" + orphan_report_token(report_id)


def region_iri(name: str, parent: str | None = None, code: str | None = None,
               base: str = DEFAULT_BASE) -> str:
    """IRI of an issuing government's region.

    The division's GB/T 2260 code (``430202``, when the official list confirms the
    government) is the natural key: ``{base}region/{code}``; otherwise a hash of parent +
    name, because a name alone is ambiguous across China (several 新华区):
    ``{base}region/h{hash}`` (earlier builds minted these for coded regions too: the coded
    node keeps them as ``owl:sameAs``).
    """
    root = normalize_base(base) + "region/"
    if code:
        if not re.fullmatch(r"[0-9A-Za-z]+", code):
            raise ValueError(f"region code {code!r} must be alphanumeric")
        return root + code
    return root + "h" + short_hash(parent or "", name)


def _span(start: int, end: int) -> str:
    """``start-end``; a reversed span still gets an IRI (SHACL reports it), a negative
    offset cannot be written unambiguously and raises ValueError."""
    if start < 0 or end < 0:
        raise ValueError(f"negative offset in span {start}-{end}")
    return f"{int(start)}-{int(end)}"


def sentence_iri(report: str, start: int | None = None, end: int | None = None,
                 text: str | None = None) -> str:
    """IRI of a sentence of ``report`` (a report IRI): by offsets, else by a hash of its text."""
    if start is not None and end is not None:
        return f"{report}/sentence/{_span(start, end)}"
    if text is None:
        raise ValueError("a sentence needs offsets or its text")
    return f"{report}/sentence/h{short_hash(text)}"


def mention_iri(report: str, start: int, end: int, type_: str) -> str:
    """IRI of a mention: ``{report}/mention/{start}-{end}-{type}`` (type keeps a span read
    as two kinds of thing apart)."""
    return f"{report}/mention/{_span(start, end)}-{quote(type_.lower(), safe='')}"


def sense_iri(entity: str, report_tok: str, sense: Sense) -> str:
    """IRI of one report's sense of an abbreviation: parent + report + offsets of its evidence,
    else + source and a hash of the definition."""
    if sense.evidence is not None:
        tail = _span(sense.evidence.start, sense.evidence.end)
    else:
        tail = f"{quote(sense.source, safe='')}-{short_hash(sense.term, sense.definition, length=8)}"
    return f"{entity}/sense/{report_tok}-{tail}"


def component_iri(sense: str, position: int) -> str:
    """IRI of the component at 1-based ``position`` of a sense."""
    return f"{sense}/component/{position}"


def status_iri(entity: str, report_tok: str, event: StatusEvent) -> str:
    """IRI of a status event: parent + report + evidence offsets + status."""
    ev = event.evidence
    return f"{entity}/status/{report_tok}-{_span(ev.start, ev.end)}-{quote(event.status, safe='')}"


def merge_iri(entity: str, merge: Merge) -> str:
    """IRI of a merge record: parent + a hash of the two forms and the rule (order-free)."""
    a, b = sorted((merge.a, merge.b))
    return f"{entity}/merge/{short_hash(a, b, merge.rule)}"


def relation_iri(subject: str, local_name: str, object_key: str) -> str:
    """IRI of a relation assertion: ``{subject}/relation/{predicate}/{object key}``."""
    return f"{subject}/relation/{local_name}/{_key_path(object_key)}"


def observation_iri(report: str, evidence: Evidence) -> str:
    """IRI of an indicator observation: the report (an IRI) + the offsets of its evidence
    (from the indicator's name to its value: one value, one span)."""
    return f"{report}/observation/{_span(evidence.start, evidence.end)}"


def fact_iri(entity: str, report_tok: str, fact: ProjectFact) -> str:
    """IRI of a project's fact: the entity (an IRI) + report + the offsets of its evidence + kind."""
    ev = fact.evidence
    return f"{entity}/fact/{report_tok}-{_span(ev.start, ev.end)}-{quote(fact.kind, safe='')}"


def promise_iri(entity: str, report_tok: str) -> str:
    """IRI of a project's promise: the entity (an IRI) + the promising report (one event per report)."""
    return f"{entity}/promise/{report_tok}"


def dataset_iri(region: str) -> str:
    """IRI of a region's data set of observations (qb:DataSet): the region (an IRI) + ``/observations``."""
    return f"{region}/observations"


def assessment_iri(region: str, indicator: str, period: str, measure: str) -> str:
    """IRI of a target's assessment: the region (an IRI) + indicator id + the year + the
    target's measure (a growth target and a level target of one year are two)."""
    return f"{region}/assessment/{quote(indicator, safe='')}-{quote(period, safe='')}-{quote(measure, safe='')}"


def indicator_iri(indicator: str, base: str = DEFAULT_BASE) -> str:
    """IRI of an indicator (a skos:Concept): ``{base}indicator/{id}``; ids are the
    vocabulary's and stable (indicators.indicator_names)."""
    return normalize_base(base) + "indicator/" + quote(indicator, safe="")


def evidence_iri(parent: str, report_tok: str, evidence: Evidence) -> str:
    """IRI of one piece of evidence: parent + report + offsets (several rules at one span
    share it: they are one quotation)."""
    return f"{parent}/evidence/{report_tok}-{_span(evidence.start, evidence.end)}"
