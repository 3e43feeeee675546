"""Find report files and decode them, refusing what is not text.

Real corpora mix UTF-8 (with and without BOM), GB18030/GBK and UTF-16 exports.
Decoding is strict: a file is decoded whole in one encoding or not at all, so a
report is never half-read; what cannot be decoded is reported and skipped.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

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
    """Decode report bytes: BOMs first, then strict UTF-8, then GB18030 (a superset
    of GBK and GB2312), then BOM-less UTF-16 when NUL bytes say so."""
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise ReadError("is empty")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return Decoded(_strict(data, enc), enc.replace("-sig", "") + "-bom", sha)
    for enc in ("utf-8", "gb18030", "utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not enc.startswith("utf-16"):
            # Stray NUL bytes (padding, broken downloads) are dropped; many NULs mean UTF-16 or binary.
            nuls = text.count("\0")
            if nuls > _MAX_NUL_SHARE * len(text):
                continue
            text = text.replace("\0", "")
        if _looks_like_text(text) and (not enc.startswith("utf-16") or _plausible_utf16(text)):
            return Decoded(text, enc, sha)
    raise ReadError("is not text in UTF-8, UTF-16 or GB18030 (binary or mixed encoding?)")


def _strict(data: bytes, enc: str) -> str:
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        raise ReadError(f"starts with a {enc} byte-order mark but is not valid {enc}") from None
    if not _looks_like_text(text):
        raise ReadError("decodes to binary data, not text")
    return text


def _plausible_utf16(text: str) -> bool:
    """Almost any even-length bytes decode as UTF-16; real text is mostly CJK and ASCII."""
    usual = sum(1 for ch in text if ch < "\x7f" or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return usual >= 0.9 * len(text)


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return control <= _MAX_CONTROL_SHARE * len(text)
