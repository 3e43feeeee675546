"""Extractors: each turns one normalised :class:`~kg.model.Report` into an
:class:`~kg.model.Extraction` (mentions with offsets, abbreviation senses, links).

Extractors are registered in one place, :data:`EXTRACTORS`, in the order they run;
the pipeline calls them and knows nothing else about them. They know nothing of RDF
or HTML. Each is a plain function ``(report, context) -> Extraction``.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.context import ExtractContext
from kg.model import Extraction, Report

Extractor = Callable[[Report, ExtractContext], Extraction]


def _registry() -> list[tuple[str, Extractor]]:
    # Imported here so that importing kg.extract stays cheap and cycle-free.
    from kg.extract import abbreviations, enterprises, initiatives, projects

    return [
        ("abbreviations", abbreviations.extract),
        ("projects", projects.extract),
        ("enterprises", enterprises.extract),
        ("initiatives", initiatives.extract),
    ]


EXTRACTORS: Callable[[], list[tuple[str, Extractor]]] = _registry


def extract_report(report: Report, context: ExtractContext) -> Extraction:
    """Run every registered extractor over one report."""
    out = Extraction(report=report.id)
    for _name, extractor in EXTRACTORS():
        out.extend(extractor(report, context))
    return out
