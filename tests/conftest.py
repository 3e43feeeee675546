"""Shared fixtures: the sample corpus, read once, built once per test session."""

from __future__ import annotations

import logging
from pathlib import Path

import jieba
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold"

jieba.setLogLevel(logging.WARNING)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def sample_reports():
    """The five sample reports, read and normalised, by file name."""
    from kg.pipeline import load_reports

    reports, problems = load_reports([CORPUS])
    assert not [p for p in problems if p.severity == "error"], problems
    return {r.id: r for r in reports}


@pytest.fixture(scope="session")
def sample_build():
    """The Build of the sample corpus (in memory)."""
    from kg.pipeline import run

    return run([CORPUS])


@pytest.fixture(scope="session")
def sample_build_dir(sample_build, tmp_path_factory) -> Path:
    """The sample build written to a folder, as `kg build` writes it."""
    from kg.export.writer import write_build
    from kg.graph.iris import DEFAULT_BASE

    out = tmp_path_factory.mktemp("build") / "output"
    write_build(sample_build, out, DEFAULT_BASE)
    return out
