"""Input decoded by content: a real report excerpt in every supported encoding reads as
the same normalised text; Big5 is not mistaken for GB18030 (nor GBK for Big5); a copy
in another encoding is built once; what is in no supported encoding is refused with
one sentence."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from kg.corpus import report_from_bytes
from kg.corpus.normalize import normalize
from kg.corpus.read import UNSUPPORTED, ReadError, decode, plausibility
from kg.pipeline import load_reports

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "real" / "dev"
# 2025 江苏省 (UTF-8, LF; every character is in GBK, and in Big5 once written in traditional).
UTF8_REPORT = (DEV / "real_01.txt").read_text("utf-8")
# 2013 海拉尔区 as found: GB18030 bytes, CRLF line ends.
GB18030_BYTES = (DEV / "real_10.txt").read_bytes()
TRADITIONAL = opencc.OpenCC("s2tw").convert(UTF8_REPORT)  # as a Taiwan mirror would hold it
SHORT = "各位代表：\n现在，我代表区人民政府向大会报告工作。\n"


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize("label,data,encoding", [
    ("utf-8", UTF8_REPORT.encode("utf-8"), "utf-8"),
    ("utf-8 BOM", UTF8_REPORT.encode("utf-8-sig"), "utf-8-bom"),
    ("utf-8 CRLF", _crlf(UTF8_REPORT).encode("utf-8"), "utf-8"),
    ("gbk", UTF8_REPORT.encode("gbk"), "gb18030"),
    ("gbk CRLF", _crlf(UTF8_REPORT).encode("gbk"), "gb18030"),
    ("gb18030", UTF8_REPORT.encode("gb18030"), "gb18030"),
    ("utf-16 BOM", UTF8_REPORT.encode("utf-16"), "utf-16-bom"),
    ("utf-16-le", UTF8_REPORT.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be", UTF8_REPORT.encode("utf-16-be"), "utf-16-be"),
    ("utf-16-le CRLF", _crlf(UTF8_REPORT).encode("utf-16-le"), "utf-16-le"),
])
def test_real_report_reads_the_same_in_every_encoding(label, data, encoding):
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert normalize(decoded.text) == normalize(UTF8_REPORT)


@pytest.mark.parametrize("codec,encoding", [("big5", "big5"), ("cp950", "big5"), ("big5hkscs", "big5")])
def test_big5_is_read_as_big5_not_gb18030(codec, encoding):
    data = TRADITIONAL.encode(codec)
    assert data.decode("gb18030")  # valid GB18030 too (garbage): validity cannot choose
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert normalize(decoded.text) == normalize(TRADITIONAL)


def test_big5_report_is_a_report_in_simplified():
    """Before, a Big5 file became GB18030 garbage and was refused as "not a work report"."""
    report = report_from_bytes(TRADITIONAL.encode("big5"), Path("tw.txt"), "tw.txt", {})
    simplified = report_from_bytes(UTF8_REPORT.encode("utf-8"), Path("cn.txt"), "cn.txt", {})
    assert report.encoding == "big5" and report.original == normalize(TRADITIONAL)
    assert report.meta == simplified.meta and report.meta.year == 2025
    # read in simplified (OpenCC's t2s keeps a few variants such as 著: not the decoder's business)
    assert len(report.text) == len(simplified.text)
    assert sum(a == b for a, b in zip(report.text, simplified.text)) > 0.99 * len(report.text)


def test_real_gb18030_file_with_crlf_reads_as_its_utf8_copy():
    decoded = decode(GB18030_BYTES)
    assert decoded.encoding == "gb18030"
    utf8 = GB18030_BYTES.decode("gb18030").replace("\r\n", "\n").encode("utf-8")
    assert normalize(decoded.text) == normalize(decode(utf8).text)


@pytest.mark.parametrize("codec,text,encoding", [
    ("gbk", SHORT, "gb18030"), ("big5", opencc.OpenCC("s2tw").convert(SHORT), "big5"),
    ("gbk", "政府工作报告", "gb18030"), ("big5", "政府工作報告", "big5"),
    ("utf-16-le", SHORT, "utf-16-le"), ("utf-16-be", SHORT, "utf-16-be"),
])
def test_short_texts_are_told_apart(codec, text, encoding):
    """charset-normalizer reads 6-12 character GBK texts as Big5; the plausibility score does not."""
    decoded = decode(text.encode(codec))
    assert (decoded.encoding, decoded.text) == (encoding, text)


def test_plausibility_separates_right_from_wrong_decodings():
    big5, gbk = TRADITIONAL.encode("big5"), UTF8_REPORT.encode("gbk")
    assert plausibility(big5.decode("big5")) > 0.97 and plausibility(gbk.decode("gbk")) > 0.97
    assert plausibility(big5.decode("gb18030")) < 0.5
    assert plausibility(gbk.decode("big5hkscs", errors="replace")) < 0.5
    assert plausibility(UTF8_REPORT.encode("utf-16-le").decode("utf-16-be", errors="replace")) < 0.5
    assert plausibility("ASCII only\n") == 1.0


LATIN1 = ("Le conseil municipal a approuvé le budget prévu. Les élèves de l'école créèrent "
          "un théâtre à côté du musée; garçon, façade, naïve.\n" * 30).encode("latin-1")
RANDOM = random.Random(20).randbytes(4000)


@pytest.mark.parametrize("data", [
    LATIN1, "élan Müller ãé".encode("latin-1"), RANDOM, bytes(range(256)) * 20,
    "日本語のテキストです。東京都の報告書。".encode("shift_jis") * 10,
    "Доклад о работе правительства".encode("cp1251") * 10,
    SHORT.encode("utf-8") * 20 + SHORT.encode("gbk") * 20,  # mixed: never half-read
    TRADITIONAL.encode("big5") + UTF8_REPORT.encode("gbk"),
], ids=["latin-1", "latin-1 short", "random", "all bytes", "shift-jis", "cp1251", "utf-8+gbk", "big5+gbk"])
def test_no_supported_encoding_is_one_sentence(data):
    with pytest.raises(ReadError) as err:
        decode(data)
    assert str(err.value) == UNSUPPORTED
    assert "unsupported encoding" in UNSUPPORTED and UNSUPPORTED.count(".") == 0


def _tree(tmp_path: Path, files: dict[str, bytes]) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for name, data in files.items():
        (src / name).write_bytes(data)
    return src


def test_copy_in_another_encoding_is_built_once_first_by_path_wins(tmp_path):
    src = _tree(tmp_path, {"a_gbk.txt": _crlf(UTF8_REPORT).encode("gbk"),
                           "b_utf8.txt": UTF8_REPORT.encode("utf-8"),
                           "c_utf16.txt": UTF8_REPORT.encode("utf-16-le")})
    for order in ([src], [src / "c_utf16.txt", src / "b_utf8.txt", src / "a_gbk.txt"],
                  [src / "b_utf8.txt", src / "a_gbk.txt", src / "c_utf16.txt"]):
        reports, problems = load_reports(order)
        assert [r.id for r in reports] == ["a_gbk.txt"]
        assert reports[0].duplicates == ["b_utf8.txt", "c_utf16.txt"]
        assert sorted((Path(p.path).name, p.message, p.severity) for p in problems if "same" in p.message) == [
            ("b_utf8.txt", "same text as a_gbk.txt; built once", "warning"),
            ("c_utf16.txt", "same text as a_gbk.txt; built once", "warning")]


def test_traditional_edition_is_not_a_copy_of_the_simplified_one(tmp_path):
    src = _tree(tmp_path, {"cn.txt": UTF8_REPORT.encode("utf-8"), "tw.txt": TRADITIONAL.encode("big5")})
    reports, problems = load_reports([src])
    assert [r.id for r in reports] == ["cn.txt", "tw.txt"]
    assert not [p for p in problems if "same text" in p.message]


def test_kg_build_skips_unsupported_encodings_and_builds_copies_once(tmp_path):
    src = _tree(tmp_path, {"report.txt": UTF8_REPORT.encode("utf-8"),
                           "report-gbk.txt": UTF8_REPORT.encode("gbk"),
                           "random.txt": RANDOM, "latin1.txt": LATIN1})
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 3, proc.stderr  # README: 3 = built, some files skipped
    assert "Traceback" not in proc.stderr
    for name in ("random.txt", "latin1.txt"):
        lines = [line for line in proc.stderr.splitlines() if name in line and line.startswith("skipped")]
        assert len(lines) == 1 and lines[0].endswith(UNSUPPORTED), proc.stderr
    assert "report.txt: same text as report-gbk.txt; built once" in proc.stderr
    rows = [json.loads(x) for x in (out / "reports.jsonl").read_text("utf-8").splitlines()]
    assert [(r["id"], r["duplicates"], r["encoding"]) for r in rows] == [("report-gbk.txt", ["report.txt"], "gb18030")]
