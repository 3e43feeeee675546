"""kg.genre: the vocabulary as data — loading, the checks it makes, user overlays reaching
the extractors, and the declared extractor components and build stages."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import kg.genre as genre
from kg.corpus import report_from_text
from kg.extract import COMPONENTS, Component, RegistryError, check_order, extract_report
from kg.extract.context import ExtractContext
from kg.genre import VocabularyError, load
from kg.parallel import Jobs
from kg.pipeline import STAGES, run

ROOT = Path(__file__).resolve().parent.parent


def _overlay(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _names(extraction, type_: str) -> set[str]:
    return {m.text for m in extraction.mentions if m.type == type_}


# ------------------------------------------------------------------ the package vocabulary

def test_package_vocabulary_loads_with_a_doc_for_every_table():
    v = genre.default()
    assert len(v) > 2000  # the genre's words live here, not in the code
    for name, table in v.tables.items():
        assert table.doc, f"{name} has no doc line"
        assert len(table.value) > 0, name


def test_one_status_table_for_extraction_and_timeline():
    v = genre.default()
    cues = v.map("status.cues")
    assert set(cues.values()) <= set(genre.STATUSES)
    assert set(v.words("status.strong_cues")) <= set(cues)  # declared subset, checked on load
    assert not set(v.words("status.construction_verbs")) & set(cues)  # declared disjoint


def test_vocabulary_pickles_for_worker_processes_and_keeps_its_digest():
    v = load()
    w = pickle.loads(pickle.dumps(v))
    assert w == v and w.digest == v.digest and w.map("status.cues") == v.map("status.cues")


# ------------------------------------------------------------------ overlays

SENTENCE = "新开工甲乙丙码港，加快建设。"


def test_an_added_head_word_changes_what_is_extracted(tmp_path):
    report = report_from_text("各位代表：\n" + "今年全区新开工甲乙丙商贸港、丁戊己商贸港。\n", "a.txt")
    before = _names(extract_report(report, ExtractContext()), "Project")
    vocab = load(_overlay(tmp_path, '[projects.heads]\nadd = ["商贸港"]\n'))
    after = _names(extract_report(report, ExtractContext(vocab=vocab)), "Project")
    assert "甲乙丙商贸港" not in before
    assert {"甲乙丙商贸港", "丁戊己商贸港"} <= after


def test_a_removed_stop_word_changes_what_is_extracted(tmp_path):
    report = report_from_text("各位代表：\n今年全区新开工甲乙丙大道、丁戊己大道。\n", "a.txt")
    before = _names(extract_report(report, ExtractContext()), "Project")
    vocab = load(_overlay(tmp_path, '[projects.heads]\nremove = ["大道"]\n[projects.road_heads]\nremove = ["大道"]\n'))
    after = _names(extract_report(report, ExtractContext(vocab=vocab)), "Project")
    assert "甲乙丙大道" in before and "甲乙丙大道" not in after


def test_an_added_status_cue_reaches_extraction_and_the_timeline(tmp_path):
    text = "各位代表：\n一、2023年工作回顾\n甲乙丙产业园全面投运。\n"
    plain = run_one(text)
    vocab = load(_overlay(tmp_path, '[status.cues]\nadd = {"投运" = "operating"}\n'))
    overlaid = run_one(text, vocab)
    assert not plain and overlaid == ["operating"]


def run_one(text: str, vocab=None) -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        Path(d, "r.txt").write_text(text, encoding="utf-8")
        build = run([d], vocab=vocab)
    return [ev.status for e in build.entities if e.type == "Project" for ev in e.status]


def test_overlay_does_not_change_the_package_vocabulary(tmp_path):
    load(_overlay(tmp_path, '[projects.heads]\nadd = ["商贸港"]\n'))
    assert "商贸港" not in genre.default().words("projects.heads")


@pytest.mark.parametrize("text, message", [
    ('[projects.heads]\nadd = ["产业园"]\n', "already in projects.heads"),
    ('[projects.heads]\nremove = ["没有的词"]\n', "cannot remove"),
    ('[projects.hedas]\nadd = ["商贸港"]\n', "no vocabulary table projects.hedas"),
    ('[status.cues]\nadd = {"投运" = "done"}\n', "not a status"),
    ('[projects.strong_heads]\nadd = ["商贸港"]\n', "must be part of projects.heads"),
    ('[status.cues]\nadd = {"建设" = "in_progress"}\n', "must not share words"),
    ('[projects.heads\nadd = ["商贸港"]\n', "not valid TOML"),
    ('[projects.heads]\nadd = "商贸港"\n', "must be a list"),
    ('[projects.heads]\nkeep = ["商贸港"]\n', "takes add"),
])
def test_a_bad_overlay_is_one_clear_error_naming_the_file(tmp_path, text, message):
    path = _overlay(tmp_path, text)
    with pytest.raises(VocabularyError) as exc:
        load(path)
    assert message in str(exc.value) and str(path) in str(exc.value)


def test_an_error_names_the_line(tmp_path):
    path = _overlay(tmp_path, '# my words\n\n[projects.heads]\nadd = ["商贸港"]\n\n[projects.strong_heads]\nadd = ["码区"]\n')
    with pytest.raises(VocabularyError, match="must be part of projects.heads"):
        load(path)
    path = _overlay(tmp_path, '# my words\n\n[projects.heads]\nadd = ["产业园"]\n', "dup.toml")
    with pytest.raises(VocabularyError, match=r"line 3"):
        load(path)


def test_a_duplicate_in_a_package_file_names_file_and_line(tmp_path, monkeypatch):
    for f in genre.HERE.glob("*.toml"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    lists = tmp_path / "lists.toml"
    lists.write_text(lists.read_text(encoding="utf-8") + '\n[twice]\ndoc = "x"\nwords = ["甲", "乙", "甲"]\n',
                     encoding="utf-8")
    monkeypatch.setattr(genre, "HERE", tmp_path)
    genre._package.cache_clear()
    try:
        with pytest.raises(VocabularyError, match=r"kg/genre/lists.toml, line \d+: '甲' is listed twice"):
            genre.default()
    finally:
        genre._package.cache_clear()


def test_cli_vocab_overlay_and_its_errors(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "r.txt").write_text("各位代表：\n今年全区新开工甲乙丙商贸港、丁戊己商贸港。\n", encoding="utf-8")
    good = _overlay(tmp_path, '[projects.heads]\nadd = ["商贸港"]\n')
    bad = _overlay(tmp_path, '[projects.heads]\nadd = ["产业园"]\n', "bad.toml")
    env = {**os.environ, "PYTHONHASHSEED": "0"}

    def kg(*args):
        return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=ROOT, capture_output=True, text=True,
                              env=env, timeout=600)

    proc = kg("build", str(corpus), "--out", str(tmp_path / "out"), "--no-cache", "--quiet", "--vocab", str(good))
    assert proc.returncode == 0, proc.stderr
    assert "甲乙丙商贸港" in (tmp_path / "out" / "entities.jsonl").read_text(encoding="utf-8")
    proc = kg("build", str(corpus), "--out", str(tmp_path / "out2"), "--vocab", str(bad))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "bad.toml" in proc.stderr and "Traceback" not in proc.stderr
    proc = kg("build", str(corpus), "--out", str(tmp_path / "out3"), "--vocab", str(tmp_path / "nowhere.toml"))
    assert proc.returncode == 2 and "no such file" in proc.stderr
    proc = kg("build", str(corpus), "--out", str(tmp_path / "out4"), "--jobs", "0")
    assert proc.returncode == 2 and "--jobs" in proc.stderr and "Traceback" not in proc.stderr


# ------------------------------------------------------------------ components and stages

def test_components_declare_their_order():
    names = [c.name for c in COMPONENTS]
    assert names.index("projects") < names.index("enterprises")  # enterprises require project spans
    check_order(COMPONENTS)


def test_a_component_before_what_it_requires_is_refused():
    first = Component("first", ("project_spans",), ("Enterprise",), lambda doc: None)
    second = Component("second", (), ("project_spans",), lambda doc: None)
    with pytest.raises(RegistryError, match="requires 'project_spans'"):
        check_order((first, second))
    with pytest.raises(RegistryError, match="both assign"):
        check_order((second, Component("third", (), ("project_spans",), lambda doc: None)))


def test_the_stages_are_declared_in_order():
    assert [s.name for s in STAGES] == ["read", "lexicon", "extract", "recognise", "link", "write"]
    with pytest.raises(ValueError, match="no stage"):
        run([ROOT / "corpus"], until="nowhere")


def test_jobs_are_checked_once():
    assert Jobs(2).n == 2
    with pytest.raises(ValueError):
        Jobs(0)


def test_each_glossary_is_read_once_per_build(monkeypatch):
    """Abbreviations are mined once: the read stage reads the glossary, the extractor
    takes it from there (the build's lexicon never changes how an entry splits)."""
    import kg.extract.abbreviations as abbreviations

    calls: list[str] = []
    real = abbreviations.parse_glossary

    def counting(report, *args, **kwargs):
        calls.append(report.id)
        return real(report, *args, **kwargs)

    monkeypatch.setattr(abbreviations, "parse_glossary", counting)
    build = run([ROOT / "corpus"])
    assert sorted(calls) == sorted(r.id for r in build.reports)
    assert any(s.source == "glossary" for e in build.entities for s in e.senses)
