"""Reading report files: encodings, refusals, folders."""

from __future__ import annotations

import os
import sys

import pytest

from kg.corpus import ReadError, load_report
from kg.corpus.read import decode, find_reports

TEXT = "各位代表：\n现在，我代表区人民政府向大会报告工作。一、2023年工作回顾\n"


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-bom"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
    ("utf-16", "utf-16-bom"),
])
def test_decodes_common_encodings(encoding, expected):
    decoded = decode(TEXT.encode(encoding))
    assert decoded.text.lstrip("\ufeff") == TEXT
    assert decoded.encoding == expected


def test_decodes_bomless_utf16():
    assert decode(TEXT.encode("utf-16-le")).text == TEXT


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (bytes(range(256)) * 20, "not text"),
    (b"\x89PNG\r\n\x1a\n" + bytes(4000), "not text"),
])
def test_refuses_empty_and_binary(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode(data)


def test_mixed_encoding_is_refused_not_half_read():
    data = TEXT.encode("utf-8") + TEXT.encode("gbk")
    # Valid GB18030 by accident is possible; what matters is that it is never half-read.
    try:
        decoded = decode(data)
    except ReadError:
        return
    assert len(decoded.text) > len(TEXT)


def test_sample_reports_read_whole(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        report = load_report(path)
        assert report.id == path.name
        assert len(report.sha256) == 64
        assert report.text.strip()


def test_find_reports_expands_folders_and_reports_missing_paths(tmp_path, corpus_dir):
    files, problems = find_reports([corpus_dir, tmp_path / "nope"])
    assert [f.id for f in files] == sorted(p.name for p in corpus_dir.glob("*.txt"))
    assert len(problems) == 1 and "no such file" in problems[0].message


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_symlink_loop_ends(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text(TEXT, encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    files, problems = find_reports([tmp_path])
    assert [f.id for f in files] == ["r.txt"]


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads anything")
def test_unreadable_file(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text(TEXT, encoding="utf-8")
    p.chmod(0)
    with pytest.raises(ReadError, match="permission"):
        load_report(p)
