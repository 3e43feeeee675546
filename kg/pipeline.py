"""Runs the stages over a corpus, nothing else.

read → normalise → extract (per report) → corpus lexicon → recognise known names
(per report) → link across reports → :class:`~kg.model.Build`. Writing the outputs
is :mod:`kg.export`'s job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from kg.corpus import ReadError, load_report
from kg.corpus.read import find_reports
from kg.extract import extract_report
from kg.extract.context import ExtractContext
from kg.extract.lexicon import entries_from_extractions, mine_definitions, recognise
from kg.link import link
from kg.model import Build, Extraction, Problem, Report

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def load_reports(
    paths: Sequence[str | Path], progress: Progress = _no_progress
) -> tuple[list[Report], list[Problem]]:
    """Read every report under ``paths``; unreadable files and duplicate copies
    become :class:`Problem` entries and are skipped, the rest is returned in path order."""
    files, problems = find_reports(list(paths))
    reports: list[Report] = []
    by_hash: dict[str, Report] = {}
    for i, src in enumerate(files):
        progress("read", i, len(files))
        try:
            report = load_report(src.path, src.id)
        except ReadError as exc:
            problems.append(Problem(str(src.path), str(exc)))
            continue
        except ValueError as exc:  # a malformed sidecar
            problems.append(Problem(str(src.path), str(exc)))
            continue
        first = by_hash.get(report.sha256)
        if first is not None:
            first.duplicates.append(report.id)
            problems.append(Problem(
                str(src.path), f"same text as {first.id}; built once", severity="warning"))
            continue
        by_hash[report.sha256] = report
        reports.append(report)
        for warning in report.warnings:
            problems.append(Problem(str(src.path), warning, severity="warning"))
    progress("read", len(files), len(files))
    _disambiguate_ids(reports)
    return reports, problems


def _disambiguate_ids(reports: list[Report]) -> None:
    """Two files with one name in different folders keep distinct ids (their paths)."""
    seen: dict[str, int] = {}
    for r in reports:
        seen[r.id] = seen.get(r.id, 0) + 1
    for r in reports:
        if seen[r.id] > 1:
            r.id = r.path


def extract_all(reports: list[Report], progress: Progress = _no_progress) -> list[Extraction]:
    """Two passes: each report's own extraction with the definitions mined from the
    whole corpus, then a scan for every name the corpus confirmed somewhere."""
    context = ExtractContext(lexicon=mine_definitions(reports))
    extractions: list[Extraction] = []
    for i, report in enumerate(reports):
        progress("extract", i, len(reports))
        extractions.append(extract_report(report, context))
    progress("extract", len(reports), len(reports))
    known = entries_from_extractions(extractions)
    for report, extraction in zip(reports, extractions):
        extraction.mentions.extend(recognise(report, known, extraction.mentions))
        extraction.mentions.sort(key=lambda m: (m.start, m.end, m.type, m.rule))
    return extractions


def run(paths: Sequence[str | Path], progress: Progress = _no_progress) -> Build:
    """Build the knowledge graph of the reports under ``paths`` (not yet written out)."""
    reports, problems = load_reports(paths, progress)
    extractions = extract_all(reports, progress)
    for extraction in extractions:
        problems.extend(Problem(extraction.report, w, severity="warning") for w in extraction.warnings)
    entities, relations = link(reports, extractions)
    return Build(reports=reports, entities=entities, relations=relations, problems=problems)
