"""Extractors: components that each read one kind of thing out of one normalised
:class:`~kg.model.Report` and return an :class:`~kg.model.Extraction` (mentions with
offsets, abbreviation senses, links between mentions). They know nothing of RDF or HTML.

Every component declares what it ``requires`` (results an earlier component puts on the
report's :class:`~kg.extract.doc.Doc`) and what it ``assigns`` (the mention types it
finds and the results it leaves for later ones), like spaCy's pipeline components. The
registry (:data:`COMPONENTS`) lists them in the order they run and is checked when this
module is imported: a component that needs a result no earlier component assigns is an
error then, not a missing key in the middle of a build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kg.extract.context import ExtractContext
from kg.extract.doc import Doc
from kg.model import Extraction, GlossaryReading, Report

#: What the extract stage hands every component with the report (read once, by the read stage).
PROVIDED: tuple[str, ...] = ("glossary",)


@dataclass(frozen=True)
class Component:
    """One extractor: its name, what it needs from earlier components, what it gives,
    and the function that runs it on a report's :class:`Doc`."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Doc], Extraction]


class RegistryError(Exception):
    """Components declared in an order that cannot work."""


def _registry() -> tuple[Component, ...]:
    from kg.extract import (abbreviations, enterprises, facts, honours, indicators, initiatives, places, projects,
                            settlements)

    return tuple(Component(m.NAME, m.REQUIRES, m.ASSIGNS, m.run)
                 for m in (abbreviations, projects, enterprises, initiatives, places, honours, settlements,
                           indicators, facts))


def check_order(components: tuple[Component, ...]) -> None:
    """Every requirement assigned by an earlier component (or provided by the stage); no
    result assigned twice."""
    given: dict[str, str] = {p: "the extract stage" for p in PROVIDED}
    for c in components:
        for need in c.requires:
            if need not in given:
                raise RegistryError(f"extractor {c.name!r} requires {need!r}, which no earlier extractor assigns "
                                    f"(assigned so far: {', '.join(sorted(given)) or 'nothing'})")
        for out in c.assigns:
            if out in given:
                raise RegistryError(f"extractors {given[out]!r} and {c.name!r} both assign {out!r}")
            given[out] = c.name


#: The extractor components, in the order they run.
COMPONENTS: tuple[Component, ...] = _registry()
check_order(COMPONENTS)


def extract_report(report: Report, context: ExtractContext, glossary: GlossaryReading | None = None) -> Extraction:
    """Run every registered component over one report, on one shared :class:`Doc`
    (``glossary``: as the read stage read it; read here when not given)."""
    doc = _doc(report, context, glossary)
    out = Extraction(report=report.id)
    for component in COMPONENTS:
        out.extend(component.run(doc))
    return out


def run_component(name: str, report: Report, context: ExtractContext) -> Extraction:
    """One component's extraction of a report, after the earlier components whose
    results it requires (directly or through them): library and test use."""
    by_name = {c.name: c for c in COMPONENTS}
    if name not in by_name:
        raise KeyError(f"no extractor {name!r}; the extractors are {', '.join(by_name)}")
    needed: set[str] = set()
    wanted = [by_name[name]]
    while wanted:
        c = wanted.pop()
        for need in c.requires:
            giver = next(x for x in COMPONENTS if need in x.assigns)
            if giver.name not in needed:
                needed.add(giver.name)
                wanted.append(giver)
    doc = _doc(report, context, None)
    for c in COMPONENTS:
        if c.name in needed:
            c.run(doc)
    return by_name[name].run(doc)


def _doc(report: Report, context: ExtractContext, glossary: GlossaryReading | None) -> Doc:
    """The report's Doc with what the stage provides (:data:`PROVIDED`) in its results."""
    from kg.extract.abbreviations import read_glossary

    doc = Doc(report, context)
    doc.results["glossary"] = glossary if glossary is not None else read_glossary(report, context.vocab)
    return doc
