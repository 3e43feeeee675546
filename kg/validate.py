"""Check a build's graph.ttl against the SHACL shapes of ontology/shapes.ttl.

Two engines give the same verdicts, results and report text: ``sparql`` (the default,
kg/shacl_sparql.py) checks every shape as SPARQL queries on an embedded pyoxigraph
store, seconds for a corpus-scale build; ``pyshacl`` is the reference (pySHACL over
rdflib, minutes and gigabytes at 100 reports). This module finds the files and decides
the policy: violations make a build non-conforming, warnings (sh:Warning: an unknown
year, an entity seen in no report) are listed in the report text but do not.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from rdflib import Graph

from kg.graph.vocab import ontology_dir

__all__ = ["ENGINES", "BuildNotFoundError", "load_build_graph", "validate_build", "validate_graph"]

Engine = Literal["sparql", "pyshacl"]
ENGINES: tuple[str, ...] = ("sparql", "pyshacl")
Progress = Callable[[str, int, int], None]


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


def load_shapes(shapes_path: Path | str | None = None) -> Graph:
    """The shapes graph (ontology/shapes.ttl unless another file is given)."""
    return Graph().parse(shapes_path or ontology_dir() / "shapes.ttl", format="turtle")


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"Unknown validation engine {engine!r}; use one of {', '.join(ENGINES)}.")


def pyshacl_validate(data: Graph, shapes: Graph):
    """pySHACL's (conforms, results graph, text) with this project's options (the reference)."""
    from pyshacl import validate  # here, not at the top: `kg query` imports this module for its errors

    return validate(data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True)


def validate_graph(data: Graph, shapes_path: Path | None = None, engine: Engine = "sparql",
                   progress: Progress | None = None) -> tuple[bool, str]:
    """(conforms, report text) for an in-memory rdflib graph."""
    _check_engine(engine)
    shapes = load_shapes(shapes_path)
    if engine == "pyshacl":
        conforms, _results, text = pyshacl_validate(data, shapes)
        return bool(conforms), str(text)
    from kg import shacl_sparql

    program = shacl_sparql.compile_shapes(shapes)
    conforms, results = shacl_sparql.validate_loaded(program, shacl_sparql.load_rdflib_graph(data), progress)
    return conforms, shacl_sparql.report_text(conforms, results)


def validate_build(build_dir: Path | str, shapes_path: Path | None = None, progress: Progress | None = None,
                   engine: Engine = "sparql") -> tuple[bool, str]:
    """Validate ``build_dir/graph.ttl`` with ontology/shapes.ttl.

    Returns (conforms, report_text); warnings alone keep ``conforms`` True. A graph
    that does not parse is reported as (False, message). Raises BuildNotFoundError
    when there is no graph.ttl, ValueError for an unknown engine, and (``sparql``)
    kg.shacl_sparql.UnsupportedShapeError, a ValueError, when the shapes use SHACL the
    SPARQL translation does not cover (``engine="pyshacl"`` still checks them).
    ``progress(stage, done, total)`` is called while loading (stage "load", bytes) and
    after each shape (stage "validate"), as ``kg build``'s progress printer expects.
    """
    _check_engine(engine)
    if engine == "pyshacl":
        if progress is not None:
            progress("validate", 0, 1)
        try:
            data = load_build_graph(build_dir)
        except ValueError as exc:
            return False, str(exc)
        out = validate_graph(data, shapes_path, engine="pyshacl")
        if progress is not None:
            progress("validate", 1, 1)
        return out
    from kg import shacl_sparql

    path = graph_path(build_dir)
    program = shacl_sparql.compile_shapes(load_shapes(shapes_path))  # before loading: fail fast
    try:
        data = shacl_sparql.load_graph(path, progress=progress)
    except SyntaxError as exc:  # pyoxigraph's parse error
        return False, f"{path} does not parse as Turtle: {exc}"
    conforms, results = shacl_sparql.validate_loaded(program, data, progress)
    return conforms, shacl_sparql.report_text(conforms, results)
