"""Find report files and decode them, refusing what is not text.

Real corpora mix UTF-8 (with and without BOM), GB18030/GBK, Big5 (Hong Kong and
Taiwan mirrors) and UTF-16 exports. Decoding is strict: a file is decoded whole in
one encoding or not at all, so a report is never half-read; among the encodings a
file is valid in, its content chooses (:func:`decode`); what cannot be decoded is
reported and skipped.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.corpus.script import char_table
from kg.model import Problem

REPORT_SUFFIXES: tuple[str, ...] = (".txt",)
# Share of control characters (besides \t \n \r \f) above which decoded text is binary.
_MAX_CONTROL_SHARE = 0.01
_MAX_NUL_SHARE = 0.1


class ReadError(Exception):
    """A file that cannot be read as a report; the message says why, in one sentence."""


@dataclass(frozen=True)
class SourceFile:
    """A report file as found: its id is the file name as given."""

    id: str
    path: Path


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    sha256: str


def find_reports(paths: list[str | Path]) -> tuple[list[SourceFile], list[Problem]]:
    """Expand files and folders into report files, sorted by path; never follows a
    symlinked folder twice (symlink loops end)."""
    found: dict[Path, SourceFile] = {}
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(Problem(str(path), "no such file or folder"))
        elif path.is_dir():
            _walk(path, found, problems)
        else:
            found.setdefault(path.resolve(), SourceFile(path.name, path))
    files = sorted(found.values(), key=lambda f: (str(f.path), f.id))
    return files, problems


def _walk(root: Path, found: dict[Path, SourceFile], problems: list[Problem]) -> None:
    seen_dirs: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = Path(dirpath).resolve()
        if real in seen_dirs:
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(REPORT_SUFFIXES):
                continue
            path = Path(dirpath) / name
            try:
                key = path.resolve()
            except (OSError, RuntimeError):
                problems.append(Problem(str(path), "cannot resolve path (symlink loop?)"))
                continue
            found.setdefault(key, SourceFile(name, path))


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise ReadError("permission denied") from None
    except IsADirectoryError:
        raise ReadError("is a folder, not a file") from None
    except OSError as exc:
        raise ReadError(f"cannot be read ({exc.strerror or exc})") from None


def decode(data: bytes) -> Decoded:
    """Decode report bytes, choosing the encoding by content.

    The strict, fast paths come first: a BOM (UTF-8, UTF-16), then strict UTF-8 (valid
    UTF-8 with Chinese in it is never an accident). Anything else is decoded whole and
    strictly in each legacy candidate -- GB18030 (a superset of GBK and GB2312), Big5
    (cp950, then Big5-HKSCS), UTF-16 LE and BE without BOM -- and the decoding that reads
    most like Chinese text wins (:func:`plausibility`; ties go to that order). Big5 and
    GBK bytes are nearly always valid in each other's encoding, so validity alone cannot
    choose: a wrong decoding scatters over rare characters. When no candidate reads as
    Chinese (Latin-1, Shift-JIS, binary, mixed encodings), the file is refused."""
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise ReadError("is empty")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return Decoded(_strict(data, enc), enc.replace("-sig", "") + "-bom", sha)
    text = _try(data, "utf-8")
    if text is not None and _looks_like_text(text):
        return Decoded(text, "utf-8", sha)
    best: tuple[float, str, str] | None = None
    for codec, label in _LEGACY:
        text = _try(data, codec)
        if text is None or not _looks_like_text(text):
            continue
        score = plausibility(text)
        if best is None or score > best[0]:
            best = (score, label, text)
    if best is None or best[0] < _MIN_PLAUSIBILITY:
        raise ReadError(UNSUPPORTED)
    return Decoded(best[2], best[1], sha)


# Legacy encodings tried when a file is neither BOM-marked nor UTF-8: (codec, label).
_LEGACY: tuple[tuple[str, str], ...] = (
    ("gb18030", "gb18030"), ("cp950", "big5"), ("big5hkscs", "big5-hkscs"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
)
UNSUPPORTED = "has an unsupported encoding or is not text (not UTF-8, UTF-16, GB18030/GBK or Big5)"
# Measured on the 48 real reports of ../shared/corpus-real (GB18030, GBK, Big5, UTF-16 copies):
# the right decoding scores >= 0.90 from 12 characters on and >= 0.97 from 80; the best wrong
# one <= 0.71 at 12 characters, <= 0.48 from 80 and <= 0.29 on whole reports.
_MIN_PLAUSIBILITY = 0.7
_SAMPLE_CHARS = 20_000  # a wrong decoding is wrong everywhere: the start of a text says it


def _try(data: bytes, codec: str) -> str | None:
    """The whole of ``data`` strictly decoded, or None. Stray NUL bytes (padding, broken
    downloads) are dropped from 8-bit encodings; many NULs mean UTF-16 or binary."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if not codec.startswith("utf-16"):
        nuls = text.count("\0")
        if nuls > _MAX_NUL_SHARE * len(text):
            return None
        text = text.replace("\0", "")
    return text


def plausibility(text: str) -> float:
    """How much a decoded text reads like Chinese: the share of its non-ASCII and control
    characters (in the first 20,000 characters) that Chinese text is made of -- the 3,755
    common characters of GB 2312 level 1 (in simplified or traditional form), CJK and
    full-width punctuation and the usual symbols (:func:`_common_chars`). Real reports
    score above 0.97; a wrong decoding of Chinese bytes lands on rare characters, kana,
    Hangul or private-use code points and scores below 0.5 once a text has a line or two.
    A text of ASCII only scores 1."""
    counts = Counter(text[:_SAMPLE_CHARS])
    common = _common_chars()
    total = good = 0
    for ch, n in counts.items():
        if ch < "\x80":
            if ch < " " and ch not in "\t\n\r\f":
                total += n
            continue
        total += n
        if ch in common:
            good += n
    return good / total if total else 1.0


# Symbols common in Chinese reports besides CJK punctuation: · × ÷ ° ± ² ³, “”‘’—…‰※,
# ℃ №, Roman numerals, ①⑴⒈, ㈠, ■□▲△◆◇○●★☆ and the CJK and full-width punctuation blocks.
_SYMBOL_RANGES = ((0x00B0, 0x00B7), (0x00D7, 0x00D7), (0x00F7, 0x00F7), (0x2010, 0x203B),
                  (0x2103, 0x2103), (0x2116, 0x2116), (0x2160, 0x217F), (0x2460, 0x24FF),
                  (0x25A0, 0x25CF), (0x2605, 0x2606), (0x3000, 0x303F), (0x3220, 0x3243),
                  (0xFF01, 0xFF65))


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """GB 2312 level 1 (rows 16-55: the 3,755 characters of everyday Chinese), their
    traditional forms (so that Big5 text scores like GB text), and the usual symbols."""
    level1 = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                level1.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:  # D7FA-D7FE are unassigned
                pass
    traditional = {chr(cp) for cp, simple in char_table().items() if simple in level1}
    symbols = {chr(cp) for lo, hi in _SYMBOL_RANGES for cp in range(lo, hi + 1)}
    return frozenset(level1 | traditional | symbols)


def _strict(data: bytes, enc: str) -> str:
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        raise ReadError(f"starts with a {enc} byte-order mark but is not valid {enc}") from None
    if not _looks_like_text(text):
        raise ReadError("decodes to binary data, not text")
    return text


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return control <= _MAX_CONTROL_SHARE * len(text)
