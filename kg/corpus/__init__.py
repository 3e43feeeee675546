"""Stage 1: read report files, normalise their text, and read what each report says
about itself (government, year, sections, sentences).

Every entry point takes an optional ``vocab`` (:class:`kg.genre.Vocabulary`, default
the package vocabulary): the genre's words that normalisation, the report check,
metadata and sections read."""

from __future__ import annotations

from pathlib import Path

import re

from kg.corpus.genre import not_a_report_reason
from kg.corpus.html_text import html_to_text, looks_like_html
from kg.corpus.metadata import apply_sidecar, extract_metadata, load_sidecar
from kg.corpus.normalize import normalize
from kg.corpus.read import Decoded, ReadError, decode, read_bytes
from kg.corpus.script import is_traditional, to_simplified
from kg.corpus.sections import split_sections, split_sentences
from kg.genre import Vocabulary
from kg.model import Report

__all__ = ["ReadError", "load_report", "report_from_bytes", "report_from_text"]


def load_report(path: Path, report_id: str | None = None, vocab: Vocabulary | None = None) -> Report:
    """Read, decode, normalise and split one report file; raises :class:`ReadError`
    (and ValueError for a malformed sidecar)."""
    return report_from_bytes(read_bytes(path), path, report_id or path.name, load_sidecar(path), vocab=vocab)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def report_from_bytes(data: bytes, path: Path, report_id: str, overrides: dict,
                      vocab: Vocabulary | None = None) -> Report:
    """A report file's bytes as a :class:`Report`; raises :class:`ReadError` for what
    is not text, or not a work report (an HTML page around one is unwrapped)."""
    decoded = decode(data)
    text = _CONTROL.sub("", decoded.text)
    if looks_like_html(text):
        text = html_to_text(text)
    report = report_from_decoded(Decoded(text, decoded.encoding, decoded.sha256), report_id, str(path), vocab=vocab)
    reason = not_a_report_reason(report.text, vocab=vocab)  # after normalisation: PDF spacing gone, simplified
    if reason:
        raise ReadError(reason)
    if overrides:
        report.meta = apply_sidecar(report.meta, overrides)
    return report


def report_from_text(text: str, report_id: str = "text.txt", vocab: Vocabulary | None = None) -> Report:
    """A report from a string (tests, library use)."""
    import hashlib

    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return report_from_decoded(Decoded(text, "utf-8", sha), report_id, report_id, vocab=vocab)


def report_from_decoded(decoded: Decoded, report_id: str, path: str, vocab: Vocabulary | None = None) -> Report:
    text = normalize(decoded.text, vocab=vocab)
    if not text.strip():
        raise ReadError("holds no text after normalisation")
    original = None
    if is_traditional(text):
        original, text = text, to_simplified(text)
    meta, warnings = extract_metadata(text, vocab=vocab)
    sections = split_sections(text, vocab=vocab)
    sentences = split_sentences(text, sections)
    return Report(
        id=report_id,
        path=path,
        sha256=decoded.sha256,
        encoding=decoded.encoding,
        text=text,
        meta=meta,
        sections=sections,
        sentences=sentences,
        warnings=list(warnings) + (["traditional characters: read as simplified, evidence kept as written"]
                                   if original is not None else []),
        original=original,
    )
