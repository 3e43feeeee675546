"""How a build spends its processes: one computation in a forked process while this one
goes on (:class:`Forked`); a list of tasks taken one at a time by forked processes
(:class:`Tasks`, :class:`Workers`: the parallel writer's); and the cyclic garbage
collector paused through the stages that make millions of acyclic objects
(:func:`collector_paused`).

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
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import connection as mp_connection
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

T = TypeVar("T")

CAN_FORK = "fork" in multiprocessing.get_all_start_methods()


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
    """``fn()`` started now (in a forked child when ``parallel``), its value by :meth:`result`.

    An exception in the child is raised by :meth:`result`; a child that dies without an
    answer (killed, out of memory) raises RuntimeError there."""

    def __init__(self, fn: Callable[[], T], parallel: bool) -> None:
        self._proc: multiprocessing.process.BaseProcess | None = None
        if not (parallel and CAN_FORK):
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
