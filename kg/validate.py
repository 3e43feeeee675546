"""Check a build's graph.ttl against the SHACL shapes of ontology/shapes.ttl.

pySHACL does the work; this module only finds the files and decides the policy:
violations make a build non-conforming, warnings (sh:Warning: an unknown year, an
entity seen in no report) are listed in the report text but do not.
"""

from __future__ import annotations

import errno
from pathlib import Path

from rdflib import Graph

from kg.graph.vocab import ontology_dir

__all__ = ["BuildNotFoundError", "load_build_graph", "validate_build", "validate_graph"]


class BuildNotFoundError(FileNotFoundError):
    """The build directory holds no graph.ttl (message says which directory, and what to run).

    ``filename`` is the missing graph.ttl; ``str()`` is the one-sentence message."""

    def __init__(self, message: str, filename: str):
        super().__init__(errno.ENOENT, message, filename)

    def __str__(self) -> str:
        return str(self.strerror)


def graph_path(build_dir: Path | str) -> Path:
    """graph.ttl of a build directory, or BuildNotFoundError in one sentence."""
    path = Path(build_dir) / "graph.ttl"
    if not path.is_file():
        raise BuildNotFoundError(f"No graph.ttl in {Path(build_dir)}; run `kg build` first "
                                 f"or pass --build DIR.", str(path))
    return path


def load_build_graph(build_dir: Path | str) -> Graph:
    """The build's graph parsed with rdflib (raises BuildNotFoundError, or ValueError when
    graph.ttl does not parse)."""
    path = graph_path(build_dir)
    try:
        return Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several parser-specific types
        raise ValueError(f"{path} does not parse as Turtle: {exc}") from exc


def validate_graph(data: Graph, shapes_path: Path | None = None) -> tuple[bool, str]:
    """(conforms, pySHACL's report text) for an in-memory graph."""
    from pyshacl import validate  # here, not at the top: `kg query` imports this module for its errors

    shapes = Graph().parse(shapes_path or ontology_dir() / "shapes.ttl", format="turtle")
    conforms, _results, text = validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True,
    )
    return bool(conforms), str(text)


def validate_build(build_dir: Path | str, shapes_path: Path | None = None) -> tuple[bool, str]:
    """Validate ``build_dir/graph.ttl`` with ontology/shapes.ttl.

    Returns (conforms, report_text); warnings alone keep ``conforms`` True. A graph
    that does not parse is reported as (False, message). Raises BuildNotFoundError
    when there is no graph.ttl.
    """
    try:
        data = load_build_graph(build_dir)
    except ValueError as exc:
        return False, str(exc)
    return validate_graph(data, shapes_path)
