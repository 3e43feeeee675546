"""How a build spends its processes: one computation in a forked process while this one
goes on (:class:`Forked`), and the cyclic garbage collector paused through the stages
that make millions of acyclic objects (:func:`collector_paused`).

For a stage that splits into independent halves (the linker's initiative campaigns
beside its projects and enterprises; the status timelines beside the relations): the
child inherits everything in memory by ``fork`` (nothing is pickled on the way in) and
sends its result back pickled. The result is the same as calling the function here,
which is what happens with one job or where processes cannot fork.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
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
