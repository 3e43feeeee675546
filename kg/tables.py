"""Plain tables of a build for the CLI: ``kg targets`` (targets against results) and
``kg promises`` (projects' promised stages and what became of them).

Columns are padded by display width (a Chinese character takes two columns), so the
table lines up in a terminal; csv and json carry the same rows for other tools."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from kg.model import Assessment, Build, Observation

TARGET_COLUMNS = ("region", "indicator", "year", "target", "result", "outcome", "why")


def regions_of(build: Build) -> list[str]:
    """The region names the assessments of a build are for."""
    return sorted({a.region_name for a in build.assessments})


def target_rows(build: Build, region: str | None = None) -> list[dict]:
    """One row per assessment (of ``region``: its name or code, when given)."""
    from kg.extract.indicators import indicator_labels

    labels = indicator_labels()
    rows = []
    for a in build.assessments:
        if region is not None and region not in (a.region, a.region_name):
            continue
        rows.append({"region": a.region_name, "indicator": labels.get(a.indicator, a.indicator), "year": a.period,
                     "target": _figure(a.target), "result": _figure(a.actual) if a.actual else "—",
                     "outcome": a.outcome, "why": a.reason, "indicator_id": a.indicator, "region_key": a.region,
                     "target_sentence": a.target.evidence.sentence, "target_report": a.target.report,
                     "result_sentence": a.actual.evidence.sentence if a.actual else None,
                     "result_report": a.actual.report if a.actual else None})
    return rows


def format_targets(rows: list[dict], fmt: str = "table", evidence: bool = False) -> str:
    return format_rows(rows, TARGET_COLUMNS, fmt, ("target_sentence", "result_sentence") if evidence else ())


PROMISE_COLUMNS = ("region", "project", "year", "promised", "outcome", "next")


def promise_rows(build: Build, region: str | None = None, outcome: str | None = None) -> list[dict]:
    """One row per promise (of ``region``: its name or code; of ``outcome``, when given)."""
    labels = {e.key: e.label for e in build.entities}
    years = {r.id: r.meta.year for r in build.reports}
    rows = []
    for p in build.promises:
        if (region is not None and region not in (p.region, p.region_name)) or (outcome and p.outcome != outcome):
            continue
        rows.append({"region": p.region_name, "project": labels.get(p.project, p.project), "year": p.year,
                     "promised": p.stage, "outcome": p.outcome,
                     "next": f"{years.get(p.later_report) or '?'}: {p.later_stage or '—'}" if p.later_report else "—",
                     "project_key": p.project, "region_key": p.region, "report": p.report,
                     "sentence": p.evidence.sentence, "later_report": p.later_report,
                     "later_sentence": p.later_evidence.sentence if p.later_evidence else None})
    return rows


def format_rows(rows: list[dict], columns: tuple[str, ...], fmt: str = "table", evidence: tuple[str, ...] = ()) -> str:
    """Rows as an aligned table (with the ``evidence`` fields under each row), csv or json."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    table = [list(columns)] + [[str(r[c]) for c in columns] for r in rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(columns))]
    lines = []
    for n, row in enumerate(table):
        lines.append("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths)).rstrip())
        if evidence and n:
            for field_name in evidence:
                if rows[n - 1].get(field_name):
                    lines.append(f"    {field_name.replace('_', ' ')}: {rows[n - 1][field_name]}")
    return "\n".join(lines)


def _figure(o: Observation) -> str:
    """A figure as a reader writes it: +5.5%左右, −2.5%左右, 约6.3万亿元, 1300亿斤以上."""
    from kg.genre import default as default_vocabulary

    if o.value is None:
        return o.qualifier or "—"
    v = default_vocabulary()
    q = o.qualifier or ""
    before = q if q in v.words("indicators.qualifiers_before") else ""
    after = q if q in v.words("indicators.qualifiers_after") else ""
    sign = {"growth": "+", "change": "−"}.get(o.measure, "")
    return f"{before}{sign}{o.value}{o.unit or ''}{after}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


__all__ = ["Assessment", "format_rows", "format_targets", "promise_rows", "regions_of", "target_rows"]
