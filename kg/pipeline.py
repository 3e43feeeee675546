"""The stages of a build, declared in one place (:data:`STAGES`), and the one loop that
runs them (:func:`run`).

    read ─▶ lexicon ─▶ extract ─▶ recognise ─▶ link ─▶ write
    (per report)       (per report) (per report)

Each stage reads what earlier ones put in the :class:`BuildState` and adds its own; the
per-report stages run on the build's worker pool with ``--jobs`` (:mod:`kg.parallel`, the
one module that decides how processes are used). Every stage reads the build's one
frozen vocabulary (:mod:`kg.genre`, with the user's overlay), so that a word added by a
user reaches every rule. Per-report results are cached under keys that name everything
they depend on (the report, its lexicon terms, the vocabulary), so a cache never serves
a result another vocabulary would not give.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.cache import Cache, key_of
from kg.corpus import ReadError, report_from_bytes
from kg.corpus.gazetteer import snapshot as gazetteer_snapshot
from kg.corpus.metadata import load_sidecar
from kg.corpus.read import SourceFile, find_reports, read_bytes
from kg.extract import extract_report
from kg.extract.context import ExtractContext, LexiconEntry
from kg.extract.lexicon import (READ_EVERYWHERE, Mined, build_trie, entries_from_extractions, merge_entries, mine_report,
                                recognise)
from kg.extract.lists import with_list_heads
from kg.extract.status import with_status
from kg.genre import Vocabulary
from kg.genre import default as default_vocabulary
from kg.link import link
from kg.link.promises import find_promises
from kg.link.targets import assess
from kg.model import (Assessment, Build, Entity, Evidence, Extraction, GlossaryReading, Mention, MentionLink,
                      Observation, Problem, Promise, Relation, Report)
from kg.parallel import Jobs, Runner, collector_paused, jobs_of, shared

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _no_problem(problem: Problem) -> None:
    return None


@dataclass
class BuildState:
    """What the stages hand each other, in the order they fill it."""

    paths: list[str | Path]
    vocab: Vocabulary
    cache: Cache
    runner: Runner
    progress: Progress
    out: Path | None = None  # where the write stage puts the outputs (None: not written)
    base_iri: str | None = None
    stats: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    on_problem: Callable[[Problem], None] = _no_problem  # told of each problem as it is found
    reports: list[Report] = field(default_factory=list)  # read
    mined: list[Mined] = field(default_factory=list)  # read: what each report defines (terms, glossary)
    context: object = None  # lexicon: the shared ExtractContext (a handle the workers resolve)
    extractions: list[Extraction] = field(default_factory=list)  # extract, recognise
    entities: list[Entity] = field(default_factory=list)  # link
    relations: list[Relation] = field(default_factory=list)  # link
    observations: list[Observation] = field(default_factory=list)  # link: every report's figures
    assessments: list[Assessment] = field(default_factory=list)  # link: targets against results
    promises: list[Promise] = field(default_factory=list)  # link: projects' promised stages, judged

    def problem(self, *found: Problem) -> None:
        """Record problems and tell the caller at once (the CLI prints warnings as they happen)."""
        for p in found:
            self.problems.append(p)
            self.on_problem(p)

    def build(self) -> Build:
        return Build(reports=self.reports, entities=self.entities, relations=self.relations,
                     problems=self.problems, stats=self.stats, observations=self.observations,
                     assessments=self.assessments, promises=self.promises)


@dataclass(frozen=True)
class Stage:
    """One step of a build: its name (as progress shows it), whether it works report by
    report (on the worker pool), what it does, and the function that does it."""

    name: str
    per_report: bool
    does: str
    run: Callable[[BuildState], None]


# ------------------------------------------------------------------ read (and mine)

def _read_one(task: tuple[SourceFile, Cache, object]) -> tuple[Report | Problem, bool, Mined | None]:
    """Per-report work of the read stage: the report, whether it came from the cache,
    and the terms it defines (mined here, where the report already is, so that the
    lexicon needs no second pass over the reports)."""
    src, cache, handle = task
    vocab: Vocabulary = shared(handle)
    try:
        data = read_bytes(src.path)
        overrides = load_sidecar(src.path)
        key = key_of("report", src.id, hashlib.sha256(data).hexdigest(), json.dumps(overrides, sort_keys=True),
                     vocab.digest, gazetteer_snapshot())
        cached = cache.get("reports", key)
        if isinstance(cached, Report):
            cached.path = str(src.path)
            mined = cache.get("mined", key)
            if not isinstance(mined, Mined):
                mined = mine_report(cached, vocab)
                cache.put("mined", key, mined)
            return cached, True, mined
        report = report_from_bytes(data, src.path, src.id, overrides, vocab=vocab)
        cache.put("reports", key, report)
        mined = mine_report(report, vocab)
        cache.put("mined", key, mined)
        return report, False, mined
    except (ReadError, ValueError) as exc:  # ValueError: a malformed sidecar
        return Problem(str(src.path), str(exc)), False, None


def _read(state: BuildState) -> None:
    """Read every report under the paths; unreadable files and duplicate copies become
    :class:`Problem` entries and are skipped, the rest is kept in path order. A copy is
    a file whose normalised text is that of an earlier file (in path order, so the
    first by sorted path is built whatever order the files came in): byte-identical
    copies, and the same report in another encoding or with other line ends."""
    stats = state.stats
    files, problems = find_reports(list(state.paths))
    state.problem(*problems)
    by_text: dict[str, Report] = {}
    vocab = state.runner.share(state.vocab, start=len(files))  # loaded once per worker
    tasks = [(src, state.cache, vocab) for src in files]
    for src, (report, hit, terms) in zip(files, state.runner.map(_read_one, tasks, "read", state.progress)):
        stats["reports_cached" if hit else "reports_read"] = stats.get("reports_cached" if hit else "reports_read", 0) + 1
        if isinstance(report, Problem):
            state.problem(report)
            continue
        key = _text_key(report)
        first = by_text.get(key)
        if first is not None:
            first.duplicates.append(report.id)
            state.problem(Problem(str(src.path), f"same text as {first.id}; built once", severity="warning"))
            continue
        by_text[key] = report
        state.reports.append(report)
        state.mined.append(terms)
        for warning in report.warnings:
            state.problem(Problem(str(src.path), warning, severity="warning"))
    _disambiguate_ids(state.reports)


def _text_key(report: Report) -> str:
    """What makes two files one report: their normalised text as written (a traditional
    text is compared in its own script, so a simplified and a traditional edition stay
    two reports)."""
    text = report.original if report.original is not None else report.text
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _disambiguate_ids(reports: list[Report]) -> None:
    """Two files with one name in different folders keep distinct ids (their paths)."""
    seen: dict[str, int] = {}
    for r in reports:
        seen[r.id] = seen.get(r.id, 0) + 1
    for r in reports:
        if seen[r.id] > 1:
            r.id = r.path


# ------------------------------------------------------------------ lexicon

def _lexicon(state: BuildState) -> None:
    """The terms every report defines, merged into the build's lexicon: a term defined
    once is known everywhere. Shared once with the workers."""
    state.context = state.runner.share(ExtractContext(merge_entries(m.terms for m in state.mined), state.vocab))


# ------------------------------------------------------------------ extract

def _extraction_key(report: Report, context: ExtractContext) -> str:
    """Everything a report's extraction depends on: the report, the lexicon terms in it,
    the vocabulary."""
    terms = json.dumps([list(map(str, (e.term, e.type, e.pos))) for e in context.lexicon], ensure_ascii=False)
    return key_of("extract", report.id, report.sha256, repr(report.meta), report.text, terms, context.vocab.digest)


def _extract_cached(report: Report, context: ExtractContext, cache: Cache,
                    glossary: GlossaryReading) -> tuple[Extraction, bool]:
    restricted = context.restricted_to(report.text)
    key = _extraction_key(report, restricted)
    cached = cache.get("extractions", key)
    if isinstance(cached, Extraction):
        return cached, True
    extraction = extract_report(report, restricted, glossary)
    cache.put("extractions", key, extraction)
    return extraction, False


def _extract_one(task: tuple[Report, object, Cache, GlossaryReading]) -> tuple[Extraction, bool]:
    """Per-report work of the extract stage (in a worker process with --jobs). The
    build's context comes through :meth:`Runner.share`: one per build and process,
    so its tokenizer is made once there."""
    report, context, cache, glossary = task
    return _extract_cached(report, shared(context), cache, glossary)


def _extract(state: BuildState) -> None:
    """Each report extracted with the lexicon terms that occur in it (every registered
    extractor component, :mod:`kg.extract`)."""
    tasks = [(r, state.context, state.cache, m.glossary) for r, m in zip(state.reports, state.mined)]
    results = list(state.runner.map(_extract_one, tasks, "extract", state.progress))
    state.extractions = [x for x, _ in results]
    state.stats["extractions_cached"] = sum(hit for _, hit in results)
    state.stats["extractions_run"] = len(results) - state.stats["extractions_cached"]


# ------------------------------------------------------------------ recognise

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
    return recognise(report, shared(known).trie, taken)


def _recognise(state: BuildState) -> None:
    """Every name the corpus confirmed somewhere, recognised in every report; then each
    project mention's status read where it stands, and the evidence put back in the
    report's own script."""
    known = state.runner.share(_Known(entries_from_extractions(state.extractions)))
    tasks = [(r, [(m.start, m.end) for m in x.mentions if m.type not in READ_EVERYWHERE], known)
             for r, x in zip(state.reports, state.extractions)]
    for extraction, found in zip(state.extractions, state.runner.map(_recognise_one, tasks, "names", state.progress)):
        extraction.mentions.extend(found)
        extraction.mentions.sort(key=lambda m: (m.start, m.end, m.type, m.rule))
    state.extractions = [with_status(in_original_script(r, with_list_heads(r, x, state.vocab)), state.vocab)
                         for r, x in zip(state.reports, state.extractions)]
    for extraction in state.extractions:
        state.problem(*(Problem(extraction.report, w, severity="warning") for w in extraction.warnings))


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
        observations=[replace(o, evidence=evidence(o.evidence)) for o in extraction.observations],
        facts=[replace(f, evidence=evidence(f.evidence)) for f in extraction.facts],
    )


# ------------------------------------------------------------------ link and write

def _link(state: BuildState) -> None:
    """Mentions → entities, extractor links → relations, each project's status timeline."""
    state.progress("link", 0, 1)
    with collector_paused():
        state.entities, state.relations = link(state.reports, state.extractions, state.runner.jobs, state.vocab)
        state.observations = [o for x in state.extractions for o in x.observations]
        state.assessments = assess(state.reports, state.observations, state.vocab)
        state.promises = find_promises(state.reports, state.entities, state.vocab)
    state.progress("link", 1, 1)


class NothingToWrite(Exception):
    """No report could be read: there is nothing to write (the previous outputs stay)."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


def _write(state: BuildState) -> None:
    """The outputs, written as one set (:mod:`kg.export.writer`), when a folder was given."""
    if state.out is None:
        return
    if not state.reports:
        raise NothingToWrite(f"no readable report in {', '.join(map(str, state.paths))}", state.problems)
    from kg.export.writer import write_build
    from kg.graph.iris import DEFAULT_BASE

    state.progress("write", 0, 1)
    write_build(state.build(), state.out, state.base_iri or DEFAULT_BASE, jobs=state.runner.jobs)
    state.progress("write", 1, 1)


#: The stages of a build, in order. A reader of this table sees the whole pipeline.
STAGES: tuple[Stage, ...] = (
    Stage("read", True, "decode, normalise and split each report; read what it says of itself; "
                        "mine the terms it defines (glossary, inline definitions)", _read),
    Stage("lexicon", False, "merge the mined terms into the build's lexicon", _lexicon),
    Stage("extract", True, "run every extractor component (kg.extract) over each report", _extract),
    Stage("recognise", True, "recognise every corpus-confirmed name in every report; read each "
                             "project mention's status", _recognise),
    Stage("link", False, "mentions → entities, links → relations, status timelines", _link),
    Stage("write", False, "write the outputs as one atomic set (when a folder is given)", _write),
)


def run(paths: Sequence[str | Path], progress: Progress = _no_progress, jobs: Jobs | int = 1,
        cache_dir: Path | None = None, vocab: Vocabulary | None = None, out: Path | None = None,
        base_iri: str | None = None, until: str | None = None,
        on_problem: Callable[[Problem], None] = _no_problem) -> Build:
    """Build the knowledge graph of the reports under ``paths``: every stage of
    :data:`STAGES` in order (up to ``until`` when given), written to ``out`` when given.
    ``jobs`` processes share the per-report work and ``cache_dir`` keeps it for the next
    build; neither changes the result. ``vocab`` is the vocabulary (:func:`kg.genre.load`,
    with a user's overlay); the package's by default. ``on_problem`` is told of each
    skipped file and warning as it is found (they are all in ``Build.problems`` too)."""
    names = [s.name for s in STAGES]
    if until is not None and until not in names:
        raise ValueError(f"no stage {until!r}; the stages are {', '.join(names)}")
    with Runner(jobs_of(jobs)) as runner:
        state = BuildState(list(paths), vocab or default_vocabulary(), Cache(cache_dir), runner, progress,
                           out=Path(out) if out is not None else None, base_iri=base_iri, on_problem=on_problem)
        for stage in STAGES:
            stage.run(state)
            if stage.name == until:
                break
    return state.build()


def load_reports(paths: Sequence[str | Path], progress: Progress = _no_progress, jobs: Jobs | int = 1,
                 cache: Cache | None = None, stats: dict[str, int] | None = None,
                 vocab: Vocabulary | None = None) -> tuple[list[Report], list[Problem]]:
    """The read stage alone: the readable reports under ``paths`` (in path order) and the
    problems of the rest."""
    with Runner(jobs_of(jobs)) as runner:
        state = BuildState(list(paths), vocab or default_vocabulary(), cache or Cache(None), runner, progress,
                           stats=stats if stats is not None else {})
        _read(state)
    return state.reports, state.problems


def extract_all(reports: list[Report], progress: Progress = _no_progress, jobs: Jobs | int = 1,
                cache: Cache | None = None, vocab: Vocabulary | None = None) -> list[Extraction]:
    """The stages from mining to recognition over reports already read."""
    vocab = vocab or default_vocabulary()
    with Runner(jobs_of(jobs)) as runner:
        state = BuildState([], vocab, cache or Cache(None), runner, progress, reports=list(reports))
        state.mined = list(runner.map(_mine_one, [(r, vocab) for r in reports], "mine", progress))
        for stage in STAGES[1:4]:
            stage.run(state)
    return state.extractions


def _mine_one(task: tuple[Report, Vocabulary]) -> Mined:
    report, vocab = task
    return mine_report(report, vocab)
