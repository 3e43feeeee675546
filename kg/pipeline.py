"""Runs the stages over a corpus, nothing else.

read → normalise → extract (per report) → corpus lexicon → recognise known names
(per report) → link across reports → :class:`~kg.model.Build`. Writing the outputs
is :mod:`kg.export`'s job.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from kg.cache import Cache, key_of
from kg.corpus import ReadError, report_from_bytes
from kg.corpus.metadata import load_sidecar
from kg.corpus.read import SourceFile, find_reports, read_bytes
from kg.extract import extract_report
from kg.extract.context import ExtractContext, LexiconEntry
from kg.extract.lexicon import build_trie, entries_from_extractions, merge_entries, mine_report, recognise
from kg.link import link
from kg.model import Build, Evidence, Extraction, Mention, MentionLink, Problem, Report

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _read_one(task: tuple[SourceFile, Cache]) -> tuple[Report | Problem, bool]:
    """Per-report work of the read stage (runs in a worker process with --jobs);
    says whether the report came from the cache."""
    src, cache = task
    try:
        data = read_bytes(src.path)
        overrides = load_sidecar(src.path)
        key = key_of("report", src.id, hashlib.sha256(data).hexdigest(), json.dumps(overrides, sort_keys=True))
        cached = cache.get("reports", key)
        if isinstance(cached, Report):
            cached.path = str(src.path)
            return cached, True
        report = report_from_bytes(data, src.path, src.id, overrides)
        cache.put("reports", key, report)
        return report, False
    except (ReadError, ValueError) as exc:  # ValueError: a malformed sidecar
        return Problem(str(src.path), str(exc)), False


def _parallel_map(func: Callable, items: list, jobs: int, stage: str, progress: Progress,
                  initializer: Callable | None = None, initargs: tuple = ()) -> Iterator:
    """``map`` in input order, over ``jobs`` processes when there is enough work."""
    total = len(items)
    progress(stage, 0, total)
    if jobs > 1 and total > 1:
        chunk = max(1, min(16, total // (jobs * 4)))
        with ProcessPoolExecutor(max_workers=jobs, initializer=initializer, initargs=initargs) as pool:
            for i, result in enumerate(pool.map(func, items, chunksize=chunk), 1):
                progress(stage, i, total)
                yield result
        return
    for i, item in enumerate(items, 1):
        result = func(item)
        progress(stage, i, total)
        yield result


def load_reports(
    paths: Sequence[str | Path], progress: Progress = _no_progress, jobs: int = 1,
    cache: Cache | None = None, stats: dict[str, int] | None = None,
) -> tuple[list[Report], list[Problem]]:
    """Read every report under ``paths``; unreadable files and duplicate copies
    become :class:`Problem` entries and are skipped, the rest is returned in path order."""
    cache = cache or Cache(None)
    stats = stats if stats is not None else {}
    files, problems = find_reports(list(paths))
    reports: list[Report] = []
    by_hash: dict[str, Report] = {}
    tasks = [(src, cache) for src in files]
    for src, (report, hit) in zip(files, _parallel_map(_read_one, tasks, jobs, "read", progress)):
        stats["reports_cached" if hit else "reports_read"] = stats.get("reports_cached" if hit else "reports_read", 0) + 1
        if isinstance(report, Problem):
            problems.append(report)
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


def _extraction_key(report: Report, context: ExtractContext) -> str:
    """Everything a report's extraction depends on: the report and the lexicon terms in it."""
    terms = json.dumps([list(map(str, (e.term, e.type, e.pos))) for e in context.lexicon], ensure_ascii=False)
    return key_of("extract", report.id, report.sha256, repr(report.meta), report.text, terms)


def _extract_cached(report: Report, context: ExtractContext, cache: Cache) -> tuple[Extraction, bool]:
    restricted = context.restricted_to(report.text)
    key = _extraction_key(report, restricted)
    cached = cache.get("extractions", key)
    if isinstance(cached, Extraction):
        return cached, True
    extraction = extract_report(report, restricted)
    cache.put("extractions", key, extraction)
    return extraction, False


class _Worker:
    """The extraction context of a worker process (``--jobs``), built once per process
    by the pool's initializer rather than once per report; unused in the main process."""

    context: ExtractContext | None = None
    cache: Cache = Cache(None)

    @classmethod
    def start(cls, lexicon: list[LexiconEntry], cache: Cache) -> None:
        cls.context = ExtractContext(lexicon)
        cls.cache = cache

    @classmethod
    def extract(cls, report: Report) -> tuple[Extraction, bool]:
        assert cls.context is not None
        return _extract_cached(report, cls.context, cls.cache)


def extract_all(reports: list[Report], progress: Progress = _no_progress, jobs: int = 1,
                cache: Cache | None = None, stats: dict[str, int] | None = None) -> list[Extraction]:
    """Definitions are mined from every report first, so a term defined once is known
    everywhere; each report is then extracted with the terms that occur in it; last,
    every name the corpus confirmed somewhere is recognised in every report."""
    mined = _parallel_map(mine_report, reports, jobs, "mine", progress)
    lexicon = merge_entries(mined)
    cache = cache or Cache(None)
    stats = stats if stats is not None else {}
    if jobs > 1:
        results = list(_parallel_map(_Worker.extract, reports, jobs, "extract", progress,
                                     initializer=_Worker.start, initargs=(lexicon, cache)))
    else:
        context = ExtractContext(lexicon)
        results = list(_parallel_map(lambda r: _extract_cached(r, context, cache), reports, 1, "extract", progress))
    extractions = [x for x, _ in results]
    stats["extractions_cached"] = sum(hit for _, hit in results)
    stats["extractions_run"] = len(results) - stats["extractions_cached"]
    known = build_trie(entries_from_extractions(extractions))
    for report, extraction in zip(reports, extractions):
        extraction.mentions.extend(recognise(report, known, extraction.mentions))
        extraction.mentions.sort(key=lambda m: (m.start, m.end, m.type, m.rule))
    return [in_original_script(r, x) for r, x in zip(reports, extractions)]


def in_original_script(report: Report, extraction: Extraction) -> Extraction:
    """Evidence as the report writes it: a report read from traditional characters
    gets its mentions' text and sentences back in its own script (same offsets)."""
    if report.original is None:
        return extraction

    def mention(m: Mention) -> Mention:
        s = report.sentence_at(m.start)
        return replace(m, text=report.shown(m.start, m.end), sentence=report.shown(s.start, s.end))

    def evidence(e: Evidence) -> Evidence:
        return replace(e, sentence=report.shown(e.start, e.end) if e.sentence == report.text[e.start:e.end]
                       else e.sentence)

    for sense in extraction.senses:
        if sense.evidence is not None:
            sense.evidence = evidence(sense.evidence)
    return Extraction(
        report=extraction.report,
        mentions=[mention(m) for m in extraction.mentions],
        senses=extraction.senses,
        links=[MentionLink(mention(k.subject), k.predicate, mention(k.object), evidence(k.evidence))
               for k in extraction.links],
        warnings=extraction.warnings,
    )


def run(paths: Sequence[str | Path], progress: Progress = _no_progress, jobs: int = 1,
        cache_dir: Path | None = None) -> Build:
    """Build the knowledge graph of the reports under ``paths`` (not yet written out).
    ``jobs`` processes share the per-report work and ``cache_dir`` keeps it for the
    next build; neither changes the result."""
    cache = Cache(cache_dir)
    stats: dict[str, int] = {}
    reports, problems = load_reports(paths, progress, jobs, cache, stats)
    extractions = extract_all(reports, progress, jobs, cache, stats)
    for extraction in extractions:
        problems.extend(Problem(extraction.report, w, severity="warning") for w in extraction.warnings)
    entities, relations = link(reports, extractions)
    return Build(reports=reports, entities=entities, relations=relations, problems=problems, stats=stats)
