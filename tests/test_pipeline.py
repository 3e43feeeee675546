"""The pipeline as a library: parallel and incremental builds give the same result."""

from __future__ import annotations

import shutil

from kg.export.writer import render_outputs
from kg.graph.iris import DEFAULT_BASE
from kg.pipeline import run


def _outputs(build):
    return render_outputs(build, DEFAULT_BASE)


def test_jobs_do_not_change_the_output(corpus_dir, sample_build):
    parallel = run([corpus_dir], jobs=2)
    assert _outputs(parallel) == _outputs(sample_build)


def test_adding_a_report_reextracts_only_what_it_touches(tmp_path, corpus_dir):
    src = tmp_path / "in"
    src.mkdir()
    names = sorted(p.name for p in corpus_dir.glob("*.txt"))
    for name in names[1:3]:
        shutil.copy(corpus_dir / name, src / name)
    cache = tmp_path / "cache"
    first = run([src], cache_dir=cache)
    assert first.stats["extractions_run"] == 2
    again = run([src], cache_dir=cache)
    assert again.stats == {"reports_cached": 2, "extractions_cached": 2, "extractions_run": 0}
    assert _outputs(again) == _outputs(first)
    (src / "new.txt").write_text("各位代表：\n一、2020年工作回顾\n某某新材料产业园建成投产。\n", encoding="utf-8")
    grown = run([src], cache_dir=cache)
    assert grown.stats["extractions_run"] == 1 and grown.stats["reports_read"] == 1
    assert _outputs(grown) == _outputs(run([src]))


def test_a_corrupt_cache_entry_is_a_miss(tmp_path, corpus_dir):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(corpus_dir / "002_88621541501a8a2f.txt", src / "r.txt")
    cache = tmp_path / "cache"
    clean = run([src], cache_dir=cache)
    for entry in cache.rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"garbage")
    rebuilt = run([src], cache_dir=cache)
    assert rebuilt.stats["extractions_run"] == 1
    assert _outputs(rebuilt) == _outputs(clean)
