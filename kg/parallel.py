"""How a build spends its processes, decided here and nowhere else: ``--jobs`` becomes a
:class:`Jobs` (validated once, with the one check whether this system can fork) that every
stage receives. The per-report stages run on a pool of workers (:class:`Runner`); a stage
that splits into independent halves runs one in a forked process while this one goes on
(:class:`Forked`); the writer hands a list of tasks to forked processes that take them
one at a time (:class:`Tasks`, :class:`Workers`); and the cyclic garbage collector is
paused through the stages that make millions of acyclic objects (:func:`collector_paused`).

For a stage that splits into independent halves (the linker's initiative campaigns
beside its projects and enterprises; the status timelines beside the relations): the
child inherits everything in memory by ``fork`` (nothing is pickled on the way in) and
sends its result back pickled. The result is the same as calling the function here,
which is what happens with one job or where processes cannot fork.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from multiprocessing import connection as mp_connection
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

T = TypeVar("T")

CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


@dataclass(frozen=True)
class Jobs:
    """How many processes a build may use (``--jobs``), and whether they can fork here:
    the only place either is decided. ``forks`` is what the halves of linking and the
    parallel writer need (they hand the build to children by ``fork``); the worker pool
    also runs where processes must be spawned."""

    n: int = 1

    def __post_init__(self) -> None:
        if not isinstance(self.n, int) or isinstance(self.n, bool) or self.n < 1:
            raise ValueError(f"jobs must be a whole number of at least 1, not {self.n!r}")

    @property
    def forks(self) -> bool:
        """More than one process and a system that can fork."""
        return self.n > 1 and CAN_FORK


def jobs_of(value: Jobs | int) -> Jobs:
    """A :class:`Jobs` from a count (what the Python API and the CLI pass)."""
    return value if isinstance(value, Jobs) else Jobs(value)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: linking and rendering make millions of
    short-lived, acyclic tuples, strings and records (freed by reference counting), and
    each collection they trigger would walk the whole build in memory for nothing. The
    previous state is restored afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Forked(Generic[T]):
    """``fn()`` started now (in a forked child when ``jobs`` fork), its value by :meth:`result`.

    An exception in the child is raised by :meth:`result`; a child that dies without an
    answer (killed, out of memory) raises RuntimeError there."""

    def __init__(self, fn: Callable[[], T], jobs: Jobs) -> None:
        self._proc: multiprocessing.process.BaseProcess | None = None
        if not jobs.forks:
            self._value = fn()
            return
        ctx = multiprocessing.get_context("fork")
        reader, writer = ctx.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):  # or the child would repeat buffered output
            stream.flush()
        self._proc = ctx.Process(target=_run, args=(fn, writer), daemon=True)
        self._proc.start()
        writer.close()
        self._reader = reader

    def result(self) -> T:
        if self._proc is None:
            return self._value
        try:
            ok, value = self._reader.recv()
        except EOFError:
            raise RuntimeError(f"a forked process ended without its result (exit code {self._proc.exitcode})") from None
        finally:
            self._reader.close()
            self._proc.join()
            self._proc = None
        if not ok:
            raise value
        self._value = value
        return value


def _run(fn: Callable[[], object], conn: Connection) -> None:
    # The inherited heap is the parent's: a collection would walk it and copy its pages.
    gc.disable()
    try:
        answer: tuple[bool, object] = (True, fn())
    except BaseException as exc:  # raised again in the parent
        answer = (False, exc)
    try:
        conn.send(answer)
    except Exception as exc:  # the exception (or the value) does not pickle
        conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    conn.close()


class Tasks:
    """Tasks that several forked processes take one at a time, by a counter in shared
    memory made before the fork (so no task runs twice and none waits on a busy process)."""

    def __init__(self, ctx: BaseContext, name: str, tasks: list[Callable[[], object]]):
        self.name = name
        self.tasks = tasks
        self._next = ctx.Value("q", 0)

    def claim(self) -> int | None:
        with self._next.get_lock():
            i = self._next.value
            if i >= len(self.tasks):
                return None
            self._next.value = i + 1
        return i

    def left(self) -> bool:
        with self._next.get_lock():
            return self._next.value < len(self.tasks)


def _work(tasks: Tasks, conn: Connection, parent: int) -> None:
    """A forked process's loop: run tasks until none is left, sending each result (or the
    error) to the parent; stop early when the parent is gone (its build was killed)."""
    gc.disable()  # the inherited build is acyclic garbage-free; a collection would copy its pages
    while os.getppid() == parent and (i := tasks.claim()) is not None:
        try:
            result = tasks.tasks[i]()
        except BaseException as exc:  # reported to the parent, which raises it
            try:
                conn.send((tasks.name, i, False, exc))
            except Exception:
                conn.send((tasks.name, i, False, RuntimeError(f"{type(exc).__name__}: {exc}")))
            return
        conn.send((tasks.name, i, True, result))
    conn.send((tasks.name, -1, True, None))  # done: the parent may start another process now


class Workers:
    """The forked processes of one parallel write, with a pipe each for their results."""

    def __init__(self, ctx: BaseContext):
        self.ctx = ctx
        self.live: dict[Connection, tuple[BaseProcess, str]] = {}
        self._done: set[Connection] = set()

    def start(self, tasks: Tasks) -> None:
        reader, writer = self.ctx.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):  # or the child would repeat buffered output
            stream.flush()
        proc = self.ctx.Process(target=_work, args=(tasks, writer, os.getpid()), daemon=True)
        proc.start()
        writer.close()
        self.live[reader] = (proc, tasks.name)

    def busy(self) -> int:
        """Processes still running tasks."""
        return len(self.live) - len(self._done)

    def running(self) -> int:
        """Processes not yet ended (done ones may still be exiting)."""
        return len(self.live)

    def collect(self, block: bool) -> tuple[list[tuple[str, int, object]], list[str]]:
        """Results sent since the last call (waiting for something when ``block``), and the
        task kinds of the processes that have said they are done since. A process that
        ended without saying so had failed: it no longer counts as busy."""
        results: list[tuple[str, int, object]] = []
        done: list[str] = []
        ready = mp_connection.wait(list(self.live), timeout=None if block else 0)
        for reader in ready:
            while reader.poll():
                try:
                    name, i, ok, value = reader.recv()
                except EOFError:  # the process has ended and said all it had to say
                    proc, _kind = self.live.pop(reader)
                    self._done.discard(reader)
                    proc.join()
                    reader.close()
                    break
                if not ok:
                    raise value  # type: ignore[misc]
                if i < 0:
                    self._done.add(reader)
                    done.append(name)
                else:
                    results.append((name, i, value))
        return results, done

    def stop(self) -> None:
        for reader, (proc, _kind) in self.live.items():
            if proc.is_alive():
                proc.terminate()
            proc.join()
            reader.close()
        self.live.clear()


# ------------------------------------------------------------------ the worker pool

class Runner:
    """Runs the per-report work of a build: inline with one job, else on one pool of
    worker processes kept for the whole build, so that each worker loads jieba's
    dictionary once (the fixed cost of a process that segments) rather than once per
    stage. What a stage needs in common (the lexicon, the names to recognise) is
    written once to a file that each worker loads once, not sent with every report."""

    def __init__(self, jobs: Jobs) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._shared = 0

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            if self.jobs.forks:
                gc.unfreeze()  # as _start_pool froze it
        if self._tmp is not None:
            self._tmp.cleanup()

    def parallel(self, total: int) -> bool:
        return self.jobs.n > 1 and total > 1

    def share(self, value: object, start: int | None = None) -> object:
        """A handle workers turn back into ``value`` (:func:`shared`): with a pool, a
        file holding it; inline, the value itself. ``start``: the number of items the
        next :meth:`map` will have, so that the pool is started for it first if it will
        run in parallel (else a value shared before the pool exists stays inline)."""
        if start is not None and self._pool is None and self.parallel(start):
            self._pool = _start_pool(self.jobs)
        if self._pool is None:
            return value
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="kg-build-")
        self._shared += 1
        path = Path(self._tmp.name) / f"shared-{self._shared}.pickle"
        with open(path, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return _SharedFile(str(path))

    def map(self, func: Callable, items: list, stage: str,
            progress: Callable[[str, int, int], None]) -> Iterator:
        """``map`` in input order, over the pool when there is enough work."""
        total = len(items)
        progress(stage, 0, total)
        if self.parallel(total):
            if self._pool is None:
                self._pool = _start_pool(self.jobs)
            # small chunks: the workers take the next one as they finish, so a stage ends
            # with both busy until about its last report (8 at most, to bound the overhead)
            chunk = max(1, min(8, total // (self.jobs.n * 32)))
            for i, result in enumerate(self._pool.map(func, items, chunksize=chunk), 1):
                progress(stage, i, total)
                yield result
            return
        for i, item in enumerate(items, 1):
            result = func(item)
            progress(stage, i, total)
            yield result


def _start_pool(jobs: Jobs) -> ProcessPoolExecutor:
    """The worker pool. Where processes can fork, this process first loads what every
    worker and the link stage here need (jieba's tables, the script table: about a second
    per process), and the workers inherit it instead of each loading it again; the
    loaded objects are moved out of the garbage collector's reach (``gc.freeze``) so
    that no collection in a worker walks, and so copies, the inherited pages."""
    if not jobs.forks:
        return ProcessPoolExecutor(max_workers=jobs.n)
    from kg.corpus.script import char_table
    from kg.segment import base_pos_tokenizer

    base_pos_tokenizer()
    char_table()
    gc.freeze()
    for stream in (sys.stdout, sys.stderr):  # or a worker would repeat buffered output
        stream.flush()
    return ProcessPoolExecutor(max_workers=jobs.n, mp_context=multiprocessing.get_context("fork"))


@dataclass(frozen=True)
class _SharedFile:
    path: str


class _Loaded:
    """The shared values a worker process has loaded, by file (one at a time: each
    stage shares one value, and a build's stages run one after the other)."""

    path: str | None = None
    value: object = None


def shared(handle: object) -> Any:
    """The value behind a :meth:`Runner.share` handle."""
    if not isinstance(handle, _SharedFile):
        return handle
    if _Loaded.path != handle.path:
        with open(handle.path, "rb") as fh:
            _Loaded.value = pickle.load(fh)
        _Loaded.path = handle.path
    return _Loaded.value


