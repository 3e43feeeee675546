"""Write a build's outputs as one set, atomically.

Every file is written into a staging folder beside the output folder, and the
staging folder then replaces the output folder by rename. A build that fails or is
killed leaves the previous outputs whole; readers never see a mix of two builds.
``build.json`` (counts and file hashes, nothing time-dependent) marks a folder as a
govreport-kg build, so the writer never replaces a folder it did not make.

The graph files are the big ones (hundreds of MB for a thousand reports), so
:func:`write_build` streams them: the triples come subject by subject from
:func:`kg.graph.triples.iter_groups` and go to ``graph.ttl`` and ``graph.jsonld`` in
one pass, hashed as they are written; no graph object and no whole file is held in
memory. :func:`render_outputs` gives the same bytes in memory, for tests.

With ``jobs`` > 1 the writing is shared by forked processes (:class:`_ParallelWrite`),
which inherit the build instead of receiving it pickled: the HTML, JSONL, GraphML and CSV files are
rendered while the graph is planned, then the graph in contiguous runs of owners, each
sorted by the process that renders it, concatenated in order (the process machinery is
:mod:`kg.parallel`'s). Where fork is unavailable the write is serial; the bytes are the
same either way.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from kg import __version__
from kg.export.graph_text import GraphTextRenderer
from kg.model import Build
from kg.parallel import Jobs, Tasks, Workers, collector_paused, jobs_of

MANIFEST = "build.json"
GRAPH_FILES = ("graph.ttl", "graph.jsonld")
_COPY_CHUNK = 1 << 20


class OutputError(Exception):
    """The output folder cannot be written; the message is one sentence."""


class _HashingSink:
    """A binary sink that also hashes what goes through it (the manifest's checksums)."""

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.sha.update(data)
        self.fh.write(data)




def _small_files(build: Build, base_iri: str) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """The outputs other than the graph, each rendered only when asked for (so that one
    at a time is in memory; the GraphML and CSV files share one networkx graph)."""
    from kg.export import html, jsonl, network
    from kg.graph.network import to_networkx

    yield "entities.jsonl", lambda: jsonl.entities_jsonl(build, base_iri)
    yield "relations.jsonl", lambda: jsonl.relations_jsonl(build, base_iri)
    yield "reports.jsonl", lambda: jsonl.reports_jsonl(build)
    yield "observations.jsonl", lambda: jsonl.observations_jsonl(build, base_iri)
    yield "targets.jsonl", lambda: jsonl.targets_jsonl(build, base_iri)
    yield "promises.jsonl", lambda: jsonl.promises_jsonl(build, base_iri)
    yield "build.log.jsonl", lambda: jsonl.build_log_jsonl(build)
    yield "graph.html", lambda: html.render_html(build).encode("utf-8")
    # one networkx graph for the three (made by the first process that needs it)
    graph = functools.cache(lambda: to_networkx(build, base_iri))
    yield "graph.graphml", lambda: network.graphml(graph())
    yield "nodes.csv", lambda: network.nodes_csv(graph())
    yield "edges.csv", lambda: network.edges_csv(graph())


def _write_graph(build: Build, base_iri: str, ttl: BinaryIO, ttl_body: BinaryIO,
                 jsonld: BinaryIO) -> tuple[str, str]:
    """Stream the graph to ``ttl`` and ``jsonld`` in one pass; ``ttl_body`` is scratch space
    (readable, writable, seekable) for the Turtle body, which must follow a header that
    counts it. Returns the SHA-256 of the two files. Raises ValueError (before writing
    anything) when the build breaks a contract of the graph (see iter_groups)."""
    from kg.export.jsonld import JsonLdWriter
    from kg.export.turtle import TurtleWriter
    from kg.graph.iris import normalize_base
    from kg.graph.triples import iter_groups

    base = normalize_base(base_iri)
    turtle = TurtleWriter(ttl_body, base)
    jsonld_sink = _HashingSink(jsonld)
    json_writer = JsonLdWriter(jsonld_sink, base)
    render = GraphTextRenderer(base).render
    with collector_paused():
        for subject, preds in iter_groups(build, base):
            block, node, triples = render(subject, preds)
            turtle.write_block(block, triples)
            json_writer.write_node(node)
    turtle.flush()
    json_writer.close()
    ttl_sink = _HashingSink(ttl)
    ttl_sink.write(turtle.header())
    ttl_body.seek(0)
    while chunk := ttl_body.read(_COPY_CHUNK):
        ttl_sink.write(chunk)
    return ttl_sink.sha.hexdigest(), jsonld_sink.sha.hexdigest()


def render_outputs(build: Build, base_iri: str) -> dict[str, bytes]:
    """Every output file's bytes, by file name, in memory (tests; ``kg build`` streams)."""
    ttl, body, jsonld = BytesIO(), BytesIO(), BytesIO()
    _write_graph(build, base_iri, ttl, body, jsonld)
    files = {"graph.ttl": ttl.getvalue(), "graph.jsonld": jsonld.getvalue()}
    for name, render in _small_files(build, base_iri):
        files[name] = render()
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    files[MANIFEST] = _manifest(build, base_iri, hashes)
    return files


def _manifest(build: Build, base_iri: str, hashes: dict[str, str]) -> bytes:
    """build.json: counts and the SHA-256 of every other file (``hashes``, by name)."""
    counts: dict[str, int] = {}
    for e in build.entities:
        counts[e.type] = counts.get(e.type, 0) + 1
    doc = {
        "generator": f"govreport-kg {__version__}",
        "base_iri": base_iri,
        "reports": len(build.reports),
        "entities": dict(sorted(counts.items())),
        "relations": len(build.relations),
        "problems": len(build.problems),
        "files": dict(sorted(hashes.items())),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def check_writable(out_dir: Path) -> None:
    """Fail early, before any extraction work, when the outputs could not be written."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"output path {out_dir} exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MANIFEST).is_file():
        raise OutputError(f"output folder {out_dir} holds files that are not a govreport-kg build; "
                          "choose an empty or new folder")
    parent = out_dir.resolve().parent
    if not parent.is_dir():
        raise OutputError(f"the folder {parent} for the outputs does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (out_dir.exists() and not os.access(out_dir, os.W_OK)):
        raise OutputError(f"output folder {out_dir} is not writable")


def recover(out_dir: Path) -> None:
    """Undo what a killed build left beside ``out_dir``: if it died between its two
    renames, its previous outputs are put back; stale staging folders are removed."""
    out_dir = out_dir.resolve()
    previous = sorted(out_dir.parent.glob(f".{out_dir.name}.previous-*"))
    if previous and not out_dir.exists():
        os.replace(previous[-1], out_dir)
    for stale in sorted(out_dir.parent.glob(f".{out_dir.name}.previous-*")) + sorted(
            out_dir.parent.glob(f".{out_dir.name}.staging-*")):
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def _staged(out_dir: Path) -> Iterator[Path]:
    """A fresh staging folder beside ``out_dir``; when the block ends without error the
    staging folder replaces ``out_dir`` (two renames), otherwise it is removed and the
    previous outputs stay. OSError becomes OutputError."""
    recover(out_dir)
    check_writable(out_dir)
    out_dir = out_dir.resolve()
    stage = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
    old = out_dir.parent / f".{out_dir.name}.previous-{os.getpid()}"
    try:
        if stage.exists():
            shutil.rmtree(stage)
        stage.mkdir()
        yield stage
        if out_dir.exists():
            os.replace(out_dir, old)
        os.replace(stage, out_dir)
    except OSError as exc:
        if old.exists() and not out_dir.exists():
            os.replace(old, out_dir)
        raise OutputError(f"cannot write the outputs to {out_dir}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def _sync(fh: BinaryIO) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def write_files(files: dict[str, bytes], out_dir: Path) -> None:
    """Replace ``out_dir`` with a folder holding exactly ``files``."""
    with _staged(out_dir) as stage:
        for name, data in sorted(files.items()):
            with open(stage / name, "wb") as fh:
                fh.write(data)
                _sync(fh)


def write_build(build: Build, out_dir: Path, base_iri: str, jobs: Jobs | int = 1) -> dict[str, str]:
    """Write every output of ``build`` into ``out_dir`` as one set, the graph streamed.

    With ``jobs`` > 1 (and fork available) the files are rendered by that many processes
    at once (:class:`_ParallelWrite`); the bytes are the same. Returns the SHA-256 of each
    file (as build.json lists them). Raises OutputError when the folder cannot be written,
    ValueError when the build breaks a graph contract (then nothing is replaced).
    """
    from kg.graph.iris import normalize_base

    normalize_base(base_iri)  # a bad base fails before anything is touched
    with _staged(out_dir) as stage, collector_paused():
        jobs = jobs_of(jobs)
        if jobs.forks:
            hashes = _ParallelWrite(build, base_iri, stage, jobs.n).run()
        else:
            hashes = _write_serially(build, base_iri, stage)
        with open(stage / MANIFEST, "wb") as fh:
            fh.write(_manifest(build, base_iri, hashes))
            _sync(fh)
    return hashes


def _write_serially(build: Build, base_iri: str, stage: Path) -> dict[str, str]:
    """Every file but the manifest, one after the other, in this process."""
    hashes = _write_graph_files(build, base_iri, stage)
    for name, render in _small_files(build, base_iri):
        hashes[name] = _write_small(stage / name, render)
    return hashes


def _write_graph_files(build: Build, base_iri: str, stage: Path) -> dict[str, str]:
    """graph.ttl and graph.jsonld streamed into ``stage`` by this process; their SHA-256."""
    hashes: dict[str, str] = {}
    body_path = stage / ".graph.ttl.body"
    with open(stage / "graph.ttl", "wb") as ttl, open(body_path, "w+b") as body, \
            open(stage / "graph.jsonld", "wb") as jsonld:
        hashes["graph.ttl"], hashes["graph.jsonld"] = _write_graph(build, base_iri, ttl, body, jsonld)
        _sync(ttl)
        _sync(jsonld)
    body_path.unlink()
    return hashes


def _write_small(path: Path, render: Callable[[], bytes]) -> str:
    """Render one small output, write it to ``path``; its SHA-256."""
    data = render()
    with open(path, "wb") as fh:
        fh.write(data)
        _sync(fh)
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------ parallel write

#: Graph chunks per process: enough that the processes finish close together.
_CHUNKS_PER_JOB = 16
#: Blocks a chunk renders between two writes to its files.
_CHUNK_FLUSH = 2048


class _ParallelWrite:
    """Renders the outputs with ``jobs`` processes, never more busy at once.

    Forked processes inherit the build (nothing is pickled). Right away, ``jobs`` - 1 of
    them write the small files (HTML, JSONL, GraphML, CSV) while this process plans the graph (its
    contract checks, every subject's recipes, the subjects by owner with the owners in
    order: :func:`~kg.graph.triples.plan_owners`); the graph is then sorted and rendered in
    contiguous runs of owners, each into its own pair of chunk files, by this process and
    by a new process whenever a small-file process is done. This process checks that the
    runs join in order (else it writes the graph serially), concatenates the chunks behind
    the Turtle header (which counts the triples) and the JSON-LD frame, hashing as it
    copies, and takes any small file still waiting. Same bytes as the serial writer.
    """

    def __init__(self, build: Build, base_iri: str, stage: Path, jobs: int):
        self.build = build
        self.base_iri = base_iri
        self.stage = stage
        self.jobs = jobs
        self.ctx = multiprocessing.get_context("fork")
        self.hashes: dict[str, str] = {}
        self.chunks: dict[int, tuple[int, int, str, str]] = {}  # triples, subjects, first and last key

    def run(self) -> dict[str, str]:
        from kg.graph.iris import normalize_base
        from kg.graph.triples import plan_owners

        renders = dict(_small_files(self.build, self.base_iri))
        order = sorted(renders, key=lambda name: _SMALL_FIRST.get(name, len(_SMALL_FIRST)))
        small = Tasks(self.ctx, "small", [
            functools.partial(_write_small, self.stage / name, renders[name]) for name in order])
        workers = Workers(self.ctx)
        try:
            for _ in range(min(self.jobs - 1, len(order))):
                workers.start(small)
            subjects, owners = plan_owners(self.build, self.base_iri)
            if not owners:  # an empty graph: the serial writer's document
                self.hashes.update(_write_graph_files(self.build, self.base_iri, self.stage))
                self._finish(workers, small, order, None)
                return self.hashes
            base = normalize_base(self.base_iri)
            runs = _split(owners, self.jobs * _CHUNKS_PER_JOB)
            graph = Tasks(self.ctx, "graph", [
                functools.partial(_render_chunk, subjects, run, base, self._chunk_path(i, "ttl"),
                                  self._chunk_path(i, "json")) for i, run in enumerate(runs)])
            while (i := graph.claim()) is not None:
                self.chunks[i] = graph.tasks[i]()  # type: ignore[assignment]
                self._take(workers, workers.collect(block=False), graph, small, order)
            while len(self.chunks) < len(runs):
                if not workers.running():
                    raise OutputError("a process writing the graph ended unexpectedly")
                self._take(workers, workers.collect(block=True), graph, small, order)
            if _in_order([self.chunks[i][2:] for i in range(len(runs))]):
                self._assemble(base, len(runs))
            else:  # some owner's subjects do not sort together: the serial graph writer
                for i in range(len(runs)):
                    for kind in ("ttl", "json"):
                        self._chunk_path(i, kind).unlink()
                self.hashes.update(_write_graph_files(self.build, self.base_iri, self.stage))
            self._finish(workers, small, order, graph)
        finally:
            workers.stop()
        return self.hashes

    def _chunk_path(self, i: int, kind: str) -> Path:
        return self.stage / f".graph.{i:04d}.{kind}"

    def _take(self, workers: Workers, collected: tuple[list[tuple[str, int, object]], list[str]],
              graph: Tasks | None, small: Tasks, order: list[str]) -> None:
        """Record results; replace each small-file process that is done by a graph process
        while graph chunks wait."""
        results, ended = collected
        for name, i, value in results:
            if name == "graph":
                self.chunks[i] = value  # type: ignore[assignment]
            else:
                self.hashes[order[i]] = value  # type: ignore[assignment]
        for kind in ended:
            if kind == "small" and graph is not None and graph.left() and workers.busy() < self.jobs - 1:
                workers.start(graph)

    def _finish(self, workers: Workers, small: Tasks, order: list[str], graph: Tasks | None) -> None:
        """Take the small files no process has started, then wait for the others."""
        while (i := small.claim()) is not None:
            self.hashes[order[i]] = small.tasks[i]()  # type: ignore[assignment]
        while len(self.hashes) < len(order) + 2:
            if not workers.running():
                raise OutputError("a process writing the outputs ended unexpectedly")
            self._take(workers, workers.collect(block=True), graph, small, order)

    def _assemble(self, base: str, count: int) -> None:
        """graph.ttl and graph.jsonld from the chunk files, in order, hashed as copied."""
        from kg.export.jsonld import _frame
        from kg.export.turtle import TurtleWriter

        header = TurtleWriter(BytesIO(), base)
        header.triples = sum(chunk[0] for chunk in self.chunks.values())
        header.subjects = sum(chunk[1] for chunk in self.chunks.values())
        head, tail = _frame(base)
        for name, kind, first, between, last in (
                ("graph.ttl", "ttl", header.header(), b"\n", b""),
                ("graph.jsonld", "json", head.encode("utf-8"), b",\n", tail.encode("utf-8"))):
            with open(self.stage / name, "wb") as fh:
                sink = _HashingSink(fh)
                sink.write(first)
                for i in range(count):
                    if i:
                        sink.write(between)
                    path = self._chunk_path(i, kind)
                    with open(path, "rb") as part:
                        while data := part.read(_COPY_CHUNK):
                            sink.write(data)
                    path.unlink()
                sink.write(last)
                _sync(fh)
            self.hashes[name] = sink.sha.hexdigest()


#: Small files, the longest to render first (so that the last one to finish is short).
_SMALL_FIRST = {"graph.html": 0, "entities.jsonl": 1, "relations.jsonl": 2, "graph.graphml": 3}


def _split(owners: list[list[str]], parts: int) -> list[list[list[str]]]:
    """``owners`` (each a list of subjects) cut into at most ``parts`` contiguous runs of
    about equal work (subjects)."""
    total = sum(len(owned) for owned in owners)
    size = max(1, -(-total // max(1, parts)))
    runs: list[list[list[str]]] = []
    start = 0
    weight = 0
    for i, owned in enumerate(owners):
        weight += len(owned)
        if weight >= size:
            runs.append(owners[start:i + 1])
            start, weight = i + 1, 0
    if start < len(owners):
        runs.append(owners[start:])
    return runs


def _in_order(bounds: list[tuple[str, str]]) -> bool:
    """Whether runs with these (first, last) natural keys, each sorted, join in order."""
    return all(last < first for (_f, last), (first, _l) in zip(bounds, bounds[1:]))


def _render_chunk(subjects: dict[str, list], owners: list[list[str]], base: str, ttl_path: Path,
                  json_path: Path) -> tuple[int, int, str, str]:
    """Sort a run of owners' subjects and render them: Turtle blocks (a blank line between)
    to ``ttl_path``, JSON-LD nodes (comma-separated) to ``json_path``, as the serial writer
    lays them out. Returns (triples, subjects, natural key of the first, of the last)."""
    from kg.graph.terms import natural_key, sort_naturally
    from kg.graph.triples import expand

    names = sort_naturally([subject for owned in owners for subject in owned])
    bounds = (natural_key(names[0]), natural_key(names[-1])) if names else ("", "")
    render = GraphTextRenderer(base).render
    triples = 0
    ttl_parts: list[str] = []
    json_parts: list[str] = []
    with open(ttl_path, "wb") as ttl, open(json_path, "wb") as json_fh:
        for n, subject in enumerate(names):
            block, node, count = render(subject, expand(subject, subjects.pop(subject)))
            triples += count
            if n:
                ttl_parts.append("\n")
                json_parts.append(",\n")
            ttl_parts.append(block)
            json_parts.append(node)
            if len(ttl_parts) >= _CHUNK_FLUSH:
                ttl.write("".join(ttl_parts).encode("utf-8"))
                json_fh.write("".join(json_parts).encode("utf-8"))
                ttl_parts.clear()
                json_parts.clear()
        ttl.write("".join(ttl_parts).encode("utf-8"))
        json_fh.write("".join(json_parts).encode("utf-8"))
    return triples, len(names), *bounds
