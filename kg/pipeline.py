"""Runs the stages over a corpus, nothing else.

read → normalise → extract (per report) → corpus lexicon → recognise known names
(per report) → link across reports → :class:`~kg.model.Build`. Writing the outputs
is :mod:`kg.export`'s job.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kg.cache import Cache, key_of
from kg.corpus import ReadError, report_from_bytes
from kg.corpus.metadata import load_sidecar
from kg.corpus.read import SourceFile, find_reports, read_bytes
from kg.extract import extract_report
from kg.extract.context import ExtractContext, LexiconEntry
from kg.extract.lexicon import build_trie, entries_from_extractions, merge_entries, mine_report, recognise
from kg.link import link
from kg.model import Build, Evidence, Extraction, Mention, MentionLink, Problem, Report
from kg.parallel import collector_paused

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


# ------------------------------------------------------------------ where work runs

class _Runner:
    """Runs the per-report work of a build: inline with one job, else on one pool of
    worker processes kept for the whole build, so that each worker loads jieba's
    dictionary once (the fixed cost of a process that segments) rather than once per
    stage. What a stage needs in common (the lexicon, the names to recognise) is
    written once to a file that each worker loads once, not sent with every report."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._shared = 0

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            if _CAN_FORK:
                gc.unfreeze()  # as _start_pool froze it
        if self._tmp is not None:
            self._tmp.cleanup()

    def parallel(self, total: int) -> bool:
        return self.jobs > 1 and total > 1

    def share(self, value: object) -> object:
        """A handle workers turn back into ``value`` (:func:`_shared`): with a pool, a
        file holding it; inline, the value itself."""
        if self._pool is None:
            return value
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="kg-build-")
        self._shared += 1
        path = Path(self._tmp.name) / f"shared-{self._shared}.pickle"
        with open(path, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return _SharedFile(str(path))

    def map(self, func: Callable, items: list, stage: str, progress: Progress) -> Iterator:
        """``map`` in input order, over the pool when there is enough work."""
        total = len(items)
        progress(stage, 0, total)
        if self.parallel(total):
            if self._pool is None:
                self._pool = _start_pool(self.jobs)
            # small chunks: the workers take the next one as they finish, so a stage ends
            # with both busy until about its last report (8 at most, to bound the overhead)
            chunk = max(1, min(8, total // (self.jobs * 32)))
            for i, result in enumerate(self._pool.map(func, items, chunksize=chunk), 1):
                progress(stage, i, total)
                yield result
            return
        for i, item in enumerate(items, 1):
            result = func(item)
            progress(stage, i, total)
            yield result


_CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


def _start_pool(jobs: int) -> ProcessPoolExecutor:
    """The worker pool. Where processes can fork, this process first loads what every
    worker and the link stage here need (jieba's tables, the script table: about a second
    per process), and the workers inherit it instead of each loading it again; the
    loaded objects are moved out of the garbage collector's reach (``gc.freeze``) so
    that no collection in a worker walks, and so copies, the inherited pages."""
    if not _CAN_FORK:
        return ProcessPoolExecutor(max_workers=jobs)
    from kg.corpus.script import char_table
    from kg.segment import base_pos_tokenizer

    base_pos_tokenizer()
    char_table()
    gc.freeze()
    for stream in (sys.stdout, sys.stderr):  # or a worker would repeat buffered output
        stream.flush()
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))


@dataclass(frozen=True)
class _SharedFile:
    path: str


class _Loaded:
    """The shared values a worker process has loaded, by file (one at a time: each
    stage shares one value, and a build's stages run one after the other)."""

    path: str | None = None
    value: object = None


def _shared(handle: object) -> Any:
    """The value behind a :meth:`_Runner.share` handle."""
    if not isinstance(handle, _SharedFile):
        return handle
    if _Loaded.path != handle.path:
        with open(handle.path, "rb") as fh:
            _Loaded.value = pickle.load(fh)
        _Loaded.path = handle.path
    return _Loaded.value


# ------------------------------------------------------------------ read (and mine)

def _read_one(task: tuple[SourceFile, Cache]) -> tuple[Report | Problem, bool, list[LexiconEntry]]:
    """Per-report work of the read stage: the report, whether it came from the cache,
    and the terms it defines (mined here, where the report already is, so that the
    lexicon needs no second pass over the reports)."""
    src, cache = task
    try:
        data = read_bytes(src.path)
        overrides = load_sidecar(src.path)
        key = key_of("report", src.id, hashlib.sha256(data).hexdigest(), json.dumps(overrides, sort_keys=True))
        cached = cache.get("reports", key)
        if isinstance(cached, Report):
            cached.path = str(src.path)
            mined = cache.get("mined", key)
            if not isinstance(mined, list):
                mined = mine_report(cached)
                cache.put("mined", key, mined)
            return cached, True, mined
        report = report_from_bytes(data, src.path, src.id, overrides)
        cache.put("reports", key, report)
        mined = mine_report(report)
        cache.put("mined", key, mined)
        return report, False, mined
    except (ReadError, ValueError) as exc:  # ValueError: a malformed sidecar
        return Problem(str(src.path), str(exc)), False, []


def load_reports(
    paths: Sequence[str | Path], progress: Progress = _no_progress, jobs: int = 1,
    cache: Cache | None = None, stats: dict[str, int] | None = None,
) -> tuple[list[Report], list[Problem]]:
    """Read every report under ``paths``; unreadable files and duplicate copies
    become :class:`Problem` entries and are skipped, the rest is returned in path order."""
    with _Runner(jobs) as runner:
        reports, problems, _mined = _load(runner, paths, progress, cache or Cache(None), stats)
    return reports, problems


def _load(runner: _Runner, paths: Sequence[str | Path], progress: Progress, cache: Cache,
          stats: dict[str, int] | None) -> tuple[list[Report], list[Problem], list[list[LexiconEntry]]]:
    """:func:`load_reports`, plus the terms each kept report defines."""
    stats = stats if stats is not None else {}
    files, problems = find_reports(list(paths))
    reports: list[Report] = []
    mined: list[list[LexiconEntry]] = []
    by_hash: dict[str, Report] = {}
    tasks = [(src, cache) for src in files]
    for src, (report, hit, terms) in zip(files, runner.map(_read_one, tasks, "read", progress)):
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
        mined.append(terms)
        for warning in report.warnings:
            problems.append(Problem(str(src.path), warning, severity="warning"))
    _disambiguate_ids(reports)
    return reports, problems, mined


def _disambiguate_ids(reports: list[Report]) -> None:
    """Two files with one name in different folders keep distinct ids (their paths)."""
    seen: dict[str, int] = {}
    for r in reports:
        seen[r.id] = seen.get(r.id, 0) + 1
    for r in reports:
        if seen[r.id] > 1:
            r.id = r.path


# ------------------------------------------------------------------ extract

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


def _extract_one(task: tuple[Report, object, Cache]) -> tuple[Extraction, bool]:
    """Per-report work of the extract stage (in a worker process with --jobs). The
    build's context comes through :meth:`_Runner.share`: one per build and process,
    so its tokenizer is made once there."""
    report, context, cache = task
    return _extract_cached(report, _shared(context), cache)


class _Known:
    """The names confirmed somewhere in the corpus, and their trie (made on first use,
    once per process that recognises)."""

    def __init__(self, entries: list[LexiconEntry]) -> None:
        self.entries = entries
        self._trie: dict | None = None

    @property
    def trie(self) -> dict:
        if self._trie is None:
            self._trie = build_trie(self.entries)
        return self._trie

    def __getstate__(self) -> dict:
        return {"entries": self.entries, "_trie": None}


def _recognise_one(task: tuple[Report, list[tuple[int, int]], object]) -> list[Mention]:
    """Per-report work of the recognise stage: mentions of corpus-confirmed names that
    no extractor covers (only the spans of the existing mentions travel)."""
    report, taken, known = task
    return recognise(report, _shared(known).trie, taken)


def extract_all(reports: list[Report], progress: Progress = _no_progress, jobs: int = 1,
                cache: Cache | None = None, stats: dict[str, int] | None = None) -> list[Extraction]:
    """Definitions are mined from every report first, so a term defined once is known
    everywhere; each report is then extracted with the terms that occur in it; last,
    every name the corpus confirmed somewhere is recognised in every report."""
    with _Runner(jobs) as runner:
        mined = list(runner.map(mine_report, reports, "mine", progress))
        return _extract(runner, reports, mined, progress, cache or Cache(None), stats)


def _extract(runner: _Runner, reports: list[Report], mined: list[list[LexiconEntry]], progress: Progress,
             cache: Cache, stats: dict[str, int] | None) -> list[Extraction]:
    """:func:`extract_all` once the terms each report defines are known."""
    stats = stats if stats is not None else {}
    context = runner.share(ExtractContext(merge_entries(mined)))
    results = list(runner.map(_extract_one, [(r, context, cache) for r in reports], "extract", progress))
    extractions = [x for x, _ in results]
    stats["extractions_cached"] = sum(hit for _, hit in results)
    stats["extractions_run"] = len(results) - stats["extractions_cached"]
    known = runner.share(_Known(entries_from_extractions(extractions)))
    tasks = [(r, [(m.start, m.end) for m in x.mentions], known) for r, x in zip(reports, extractions)]
    for extraction, found in zip(extractions, runner.map(_recognise_one, tasks, "names", progress)):
        extraction.mentions.extend(found)
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
        # the evidence sentence is the span itself or text around it; the two scripts are
        # aligned character by character, so its place in the text is its place in the original
        n = len(e.sentence)
        at = e.start if e.sentence == report.text[e.start:e.end] else \
            report.text.find(e.sentence, max(0, e.end - n), e.start + n)
        return replace(e, sentence=report.shown(at, at + n)) if at >= 0 and n else e

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
    with _Runner(jobs) as runner:
        reports, problems, mined = _load(runner, paths, progress, cache, stats)
        extractions = _extract(runner, reports, mined, progress, cache, stats)
    for extraction in extractions:
        problems.extend(Problem(extraction.report, w, severity="warning") for w in extraction.warnings)
    with collector_paused():
        entities, relations = link(reports, extractions, jobs)
    return Build(reports=reports, entities=entities, relations=relations, problems=problems, stats=stats)
