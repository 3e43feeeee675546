"""``write_build`` with several jobs: the same bytes as one job, and the same guarantees
(contract errors before anything is replaced, failures leave the previous outputs whole)."""

from __future__ import annotations

import multiprocessing

import pytest

import test_graph as H  # noqa: E402  (the hand-made builds; tests/ is on sys.path)
from kg.export import jsonl, writer
from kg.export.writer import OutputError, write_build
from kg.graph.iris import DEFAULT_BASE
from kg.model import Build, Entity

needs_fork = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="parallel writing needs fork; elsewhere it is serial")


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@needs_fork
@pytest.mark.parametrize("jobs", [2, 3])
def test_jobs_write_the_same_bytes(tmp_path, sample_build, jobs):
    write_build(sample_build, tmp_path / "one", DEFAULT_BASE)
    write_build(sample_build, tmp_path / "many", DEFAULT_BASE, jobs=jobs)
    assert _files(tmp_path / "many") == _files(tmp_path / "one")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "one"]  # no chunk or staging left


@needs_fork
def test_one_subject_per_chunk_still_the_same_bytes(tmp_path, monkeypatch):
    build = H.make_build()
    write_build(build, tmp_path / "one", DEFAULT_BASE)
    monkeypatch.setattr(writer, "_CHUNKS_PER_JOB", 10_000)
    write_build(build, tmp_path / "many", DEFAULT_BASE, jobs=2)
    assert _files(tmp_path / "many") == _files(tmp_path / "one")


def test_owners_sorted_one_by_one_give_the_subject_order(sample_build):
    """The parallel writer sorts each run of owners on its own: that must be the order of
    the whole graph (checked here on the samples; the writer also checks it at the joins)."""
    from kg.graph.terms import sort_naturally
    from kg.graph.triples import plan_groups, plan_owners

    _subjects, owners = plan_owners(sample_build, DEFAULT_BASE)
    _same, order = plan_groups(sample_build, DEFAULT_BASE)
    assert [s for owned in owners for s in sort_naturally(owned)] == order
    assert len(owners) < len(order) / 5  # owners group many subjects: the sorting is shared


def test_runs_that_do_not_join_in_order_are_told():
    assert writer._in_order([("a", "b"), ("c", "d")])
    assert not writer._in_order([("a", "c"), ("b", "d")])


@needs_fork
def test_runs_out_of_order_fall_back_to_the_serial_graph(tmp_path, sample_build, monkeypatch):
    write_build(sample_build, tmp_path / "one", DEFAULT_BASE)
    monkeypatch.setattr(writer, "_in_order", lambda bounds: False)
    write_build(sample_build, tmp_path / "many", DEFAULT_BASE, jobs=2)
    assert _files(tmp_path / "many") == _files(tmp_path / "one")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "one"]


def test_empty_build_and_no_fork_fall_back_to_the_serial_bytes(tmp_path, monkeypatch):
    empty = Build([], [], [])
    write_build(empty, tmp_path / "one", DEFAULT_BASE)
    write_build(empty, tmp_path / "many", DEFAULT_BASE, jobs=2)
    assert _files(tmp_path / "many") == _files(tmp_path / "one")
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    write_build(H.make_build(), tmp_path / "spawn", DEFAULT_BASE, jobs=2)
    write_build(H.make_build(), tmp_path / "serial", DEFAULT_BASE)
    assert _files(tmp_path / "spawn") == _files(tmp_path / "serial")


@needs_fork
def test_contract_error_with_jobs_replaces_nothing(tmp_path):
    out = tmp_path / "out"
    write_build(H.make_build(), out, DEFAULT_BASE)
    before = _files(out)
    bad = H.make_build()
    bad.entities.append(Entity("place/../x", "Place", "乙"))
    with pytest.raises(ValueError):
        write_build(bad, out, DEFAULT_BASE, jobs=2)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@needs_fork
def test_failure_in_a_worker_keeps_previous_outputs(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_build(H.make_build(), out, DEFAULT_BASE)
    before = _files(out)

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonl, "entities_jsonl", full_disk)  # runs in a forked process
    with pytest.raises(OutputError, match="No space left"):
        write_build(H.make_build(), out, DEFAULT_BASE, jobs=2)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
