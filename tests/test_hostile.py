"""The catalogue of hostile input: each kind gets one clear message naming the file,
the rest of the build goes on, and nothing already written is lost."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib

from kg.export.writer import MANIFEST, render_outputs
from kg.graph.iris import DEFAULT_BASE
from kg.model import Build, Entity, Evidence, Mention, Relation, Report, Sense
from kg.pipeline import load_reports, run

ROOT = Path(__file__).resolve().parent.parent
REPORT = "各位代表：\n现在，我代表区人民政府向大会报告工作。\n一、2020年工作回顾\n某某新材料产业园建成投产，引进某某科技有限公司。\n"


def _problems(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    reports, problems = load_reports([path])
    return reports, [p for p in problems if p.severity == "error"]


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "is empty"),
    ("binary.txt", bytes(range(256)) * 64, "not text"),
    ("recipe.txt", "番茄炒蛋的做法：先把鸡蛋打散，加少许盐。番茄切块，热锅下油，炒至出汁后加入鸡蛋翻炒。".encode("utf-8"),
     "does not look like a government work report"),
    ("english.txt", b"The quick brown fox jumps over the lazy dog. " * 50, "does not look like a government work report"),
])
def test_refused_files_say_why(tmp_path, name, data, reason):
    reports, errors = _problems(tmp_path, name, data)
    assert reports == []
    assert len(errors) == 1 and name in errors[0].path and reason in errors[0].message


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_read_whole(tmp_path, encoding):
    reports, errors = _problems(tmp_path, "r.txt", REPORT.encode(encoding))
    assert not errors and "某某新材料产业园" in reports[0].text


def test_mixed_encoding_file_is_never_half_read(tmp_path):
    data = REPORT.encode("utf-8") + REPORT.encode("gb18030")
    reports, errors = _problems(tmp_path, "mixed.txt", data)
    if reports:  # decoded whole in one encoding
        assert reports[0].text.count("各位代表") >= 1
    else:
        assert "mixed.txt" in errors[0].path


def test_nul_bytes_are_dropped(tmp_path):
    data = (REPORT * 4).replace("产业园", "产业\x00园").encode("utf-8") + b"\x00" * 8
    reports, errors = _problems(tmp_path, "nul.txt", data)
    assert not errors and "\x00" not in reports[0].text and "新材料产业园" in reports[0].text


def test_html_page_around_a_report_is_unwrapped(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>t</title><script>var x = '<b>';</script><style>p{}</style></head>"
            f"<body><div class='nav'>首页</div><p>{REPORT.replace(chr(10), '</p><p>')}</p></body></html>")
    reports, errors = _problems(tmp_path, "page.txt", page.encode("utf-8"))
    assert not errors
    text = reports[0].text
    assert "<" not in text and "var x" not in text and "某某新材料产业园" in text


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(REPORT, encoding="utf-8")

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    reports, problems = load_reports([path])
    assert reports == [] and "permission denied" in problems[0].message


def test_missing_path_is_reported(tmp_path):
    reports, problems = load_reports([tmp_path / "nowhere"])
    assert reports == [] and "no such file" in problems[0].message


def test_special_characters_come_out_valid_and_escaped_everywhere():
    nasty = 'A"B\\C<script>alert(1)</script>&D\nE'
    report = Report("r<1>.txt", "", "0" * 64, "utf-8", "x")
    m = Mention(report.id, 0, len(nasty), nasty, "Enterprise", nasty, "review", "test", None)
    ev = Evidence(report.id, 0, 1, nasty, "test")
    entities = [
        Entity(key="enterprise/aaaaaaaaaaaa", type="Enterprise", label=nasty, aliases=[nasty + "2"], mentions=[m]),
        Entity(key="abbreviation/bbbbbbbbbbbb", type="Abbreviation", label=nasty,
               senses=[Sense(nasty, report.id, "glossary", nasty, [nasty], [[nasty]], 1, "ok", ev)]),
    ]
    build = Build([report], entities, [Relation(entities[0].key, "coMentionedWith", entities[1].key, [ev])])
    files = render_outputs(build, DEFAULT_BASE)
    g = rdflib.Graph().parse(data=files["graph.ttl"].decode("utf-8"), format="turtle")
    assert any(str(o) == nasty for o in g.objects())
    rdflib.Graph().parse(data=files["graph.jsonld"].decode("utf-8"), format="json-ld")
    for line in files["entities.jsonl"].decode("utf-8").splitlines():
        assert json.loads(line)["label"] == nasty
    assert "<script>alert(1)</script>" not in files["graph.html"].decode("utf-8")


def test_killed_build_leaves_a_complete_set(tmp_path, corpus_dir):
    """Kill builds at several moments: the output folder always holds one whole build."""
    out = tmp_path / "out"
    first = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus_dir), "--out", str(out),
                            "--quiet", "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    for delay in (0.5, 1.5, 3.0):
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus_dir), "--out", str(out),
                                 "--quiet", "--no-cache"], cwd=ROOT)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        manifest = json.loads((out / MANIFEST).read_text("utf-8"))
        import hashlib

        for name, digest in manifest["files"].items():
            if name != MANIFEST:
                assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name


def test_a_report_without_entities_builds_an_empty_valid_graph(tmp_path):
    path = tmp_path / "title.txt"
    path.write_text("政府工作报告\n", encoding="utf-8")
    build = run([path])
    assert [r.id for r in build.reports] == ["title.txt"]
    files = render_outputs(build, DEFAULT_BASE)
    rdflib.Graph().parse(data=files["graph.ttl"].decode("utf-8"), format="turtle")


@pytest.fixture(scope="module")
def twins(tmp_path_factory, corpus_dir):
    """One sample report in traditional characters and its simplified twin, built together."""
    import opencc

    simplified = (corpus_dir / "002_88621541501a8a2f.txt").read_text("utf-8")
    traditional = opencc.OpenCC("s2t").convert(simplified)
    src = tmp_path_factory.mktemp("twins")
    (src / "trad.txt").write_text(traditional, encoding="utf-8")
    (src / "simp.txt").write_text(simplified.replace("各位代表", "各位代表们"), encoding="utf-8")
    return run([src])


def test_traditional_report_links_with_its_simplified_twin(twins):
    build = twins
    trad = next(r for r in build.reports if r.id == "trad.txt")
    assert trad.original is not None and trad.meta.region == "荷塘区" and trad.meta.year == 2022
    shared = [e for e in build.entities if {"trad.txt", "simp.txt"} <= set(e.reports) and e.type != "Abbreviation"]
    assert len(shared) >= 10
    for e in shared:
        for m in e.mentions:
            if m.report == "trad.txt":
                assert trad.original[m.start:m.end] == m.text  # evidence as written
                assert m.sentence in trad.original


def test_traditional_report_reads_statuses_and_keeps_its_script_in_the_graph(twins):
    """Status verbs are read on the simplified text (the cue words are simplified), while
    every sentence the graph quotes from the report is its own text, with its offsets."""
    build = twins
    trad = next(r for r in build.reports if r.id == "trad.txt")

    def statuses(report_id):
        return sorted((e.key, ev.status) for e in build.entities for ev in e.status if ev.report == report_id)

    assert statuses("trad.txt") == statuses("simp.txt") and len(statuses("trad.txt")) >= 20
    for rel in build.relations:
        for ev in rel.evidence:
            if ev.report == "trad.txt":
                assert ev.sentence == trad.original[ev.start:ev.end] or ev.sentence in trad.original
    graph = rdflib.Graph().parse(data=render_outputs(build, DEFAULT_BASE)["graph.ttl"].decode("utf-8"),
                                 format="turtle")
    nif = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    trad_node = next(s for s, o in graph.subject_objects(rdflib.DCTERMS.identifier) if str(o) == "trad.txt")
    sentences = [s for s in graph.subjects(rdflib.RDF.type, nif.Sentence)
                 if (s, prov.wasQuotedFrom, trad_node) in graph]
    assert len(sentences) >= 50
    for s in sentences:
        begin, end = graph.value(s, nif.beginIndex), graph.value(s, nif.endIndex)
        assert begin is not None, f"{s} has no offsets"
        assert str(graph.value(s, nif.anchorOf)) == trad.original[int(begin):int(end)]


def test_pdf_spaced_report_is_recognised_after_normalisation(tmp_path):
    spaced = " ".join(REPORT.replace("\n", " \n "))
    reports, errors = _problems(tmp_path, "pdf.txt", spaced.encode("utf-8"))
    assert not errors and "某某新材料产业园" in reports[0].text


def test_a_50_mb_single_line_file_is_read_into_capped_sentences(tmp_path):
    """The catalogue's 50 MB single-line file through the stage that meets it whole (read,
    decode, normalise, metadata, sections, sentences, mining); the stages after work
    sentence by sentence, and the next test builds such a file end to end.
    ``benchmarks/long_line.py 50`` builds the 50 MB file end to end (about 3.5 minutes)."""
    from kg.corpus.sections import MAX_SENTENCE

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from long_line import long_line

    path = tmp_path / "fifty.txt"
    path.write_text(long_line(50), encoding="utf-8")
    assert path.stat().st_size >= 50_000_000 and b"\n" not in path.read_bytes()
    reports, problems = load_reports([path])
    assert not [p for p in problems if p.severity == "error"] and len(reports) == 1
    sentences = reports[0].sentences
    assert len(sentences) > 30_000 and max(s.end - s.start for s in sentences) <= MAX_SENTENCE
    assert sentences[-1].end == len(reports[0].text)


def test_a_long_single_line_without_punctuation_builds(tmp_path):
    """Sentences are capped and every stage is linear; benchmarks/long_line.py runs 50 MB."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from long_line import long_line

    path = tmp_path / "one-line.txt"
    path.write_text(long_line(0.6), encoding="utf-8")
    build = run([path])
    assert len(build.reports) == 1 and len(build.reports[0].sentences) > 300
