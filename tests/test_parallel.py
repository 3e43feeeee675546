"""kg.parallel.Forked: the same value as a call here, errors raised in the parent, and
the linker's forked halves give the serial result on the sample reports."""

from __future__ import annotations

import os
import signal

import pytest

from kg import parallel
from kg.link import link
from kg.parallel import Forked, Jobs

needs_fork = pytest.mark.skipif(not parallel.CAN_FORK, reason="no fork on this platform")


def _pid_and_value() -> tuple[int, list[str]]:
    return os.getpid(), ["甲乙", "\\", "\n"]


@needs_fork
def test_value_comes_back_from_a_child():
    pid, value = Forked(_pid_and_value, jobs=Jobs(2)).result()
    assert pid != os.getpid() and value == ["甲乙", "\\", "\n"]


def test_serial_runs_here():
    pid, value = Forked(_pid_and_value, jobs=Jobs(1)).result()
    assert pid == os.getpid() and value == ["甲乙", "\\", "\n"]


def test_serial_when_fork_is_missing(monkeypatch):
    monkeypatch.setattr(parallel, "CAN_FORK", False)
    assert Forked(_pid_and_value, jobs=Jobs(2)).result()[0] == os.getpid()


def _fails() -> None:
    raise ValueError("bad contract")


@needs_fork
@pytest.mark.parametrize("fork", [True, False])
def test_an_error_in_the_computation_is_raised_in_the_parent(fork):
    with pytest.raises(ValueError, match="bad contract"):
        Forked(_fails, jobs=Jobs(2 if fork else 1)).result()


def _dies() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@needs_fork
def test_a_child_that_dies_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="ended without its result"):
        Forked(_dies, jobs=Jobs(2)).result()


def _unpicklable():
    return lambda: None


@needs_fork
def test_a_value_that_cannot_travel_is_an_error():
    with pytest.raises(RuntimeError, match="pickle"):
        Forked(_unpicklable, jobs=Jobs(2)).result()


@needs_fork
def test_link_with_jobs_equals_link_alone(sample_reports):
    from kg.pipeline import extract_all

    reports = list(sample_reports.values())
    extractions = extract_all(reports)
    serial = link(reports, extractions, jobs=1)
    forked = link(reports, extractions, jobs=2)
    assert forked == serial
    assert any(e.type == "Initiative" for e in forked[0]) and any(e.status for e in forked[0])
