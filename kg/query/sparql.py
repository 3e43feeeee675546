"""Read-only SPARQL over a build: pyoxigraph's embedded store, rdflib for comparison.

pyoxigraph (Rust) is the default engine because it answers in milliseconds where
rdflib's pure-Python engine takes seconds on a graph of a few million triples (see
benchmarks/query_engines.py and ontology/README.md for the measured ratio). The
same entry point can run rdflib instead, so that tests can check both engines
agree. Queries are read-only: the query form is checked before any engine sees
the text, updates are refused with :class:`ReadOnlyError`, and both engines are
only ever called through their query (never update) APIs anyway.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg.graph.vocab import PREFIXES
from kg.validate import BuildNotFoundError, graph_path

__all__ = [
    "FORMATS", "BuildNotFoundError", "Engine", "QueryError", "QuerySyntaxError", "ReadOnlyError",
    "Row", "bind_values", "check_read_only", "format_rows", "load_query", "open_rdflib", "open_store", "query_form", "query_rdflib",
    "query_store", "run_query",
]

Engine = TypingLiteral["oxigraph", "rdflib"]
Row = tuple[str | None, ...]

_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                 "WITH")
_PROLOGUE = re.compile(
    r"""[\s\ufeff]+ | \#[^\n]* | BASE\s*<[^>]*> | PREFIX\s+[^\s:]*:\s*<[^>]*>""",
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"[A-Za-z]+")


class QueryError(ValueError):
    """A query that cannot be run; the message is one sentence for the user."""


class QuerySyntaxError(QueryError):
    """The query does not parse; the message is the parser's own (with line and column)."""


class ReadOnlyError(QueryError):
    """The text is a SPARQL update (INSERT, DELETE, LOAD, …); builds are queried read-only."""


def query_form(query: str) -> str:
    """The query form keyword (SELECT, ASK, CONSTRUCT, DESCRIBE) after the prologue.

    Raises ReadOnlyError for an update and QuerySyntaxError when no form is found.
    """
    pos = 0
    while True:
        match = _PROLOGUE.match(query, pos)
        if not match or match.end() == pos:
            break
        pos = match.end()
    word = _WORD.match(query, pos)
    keyword = word.group(0).upper() if word else ""
    if keyword in _UPDATE_WORDS:
        raise ReadOnlyError(f"Refused: {keyword} is a SPARQL update and builds are queried "
                            f"read-only (use SELECT, ASK, CONSTRUCT or DESCRIBE).")
    if keyword not in _QUERY_FORMS:
        found = keyword or query[pos:pos + 20].strip() or "end of query"
        raise QuerySyntaxError(f"Syntax error: expected SELECT, ASK, CONSTRUCT or DESCRIBE "
                               f"after the prologue, found {found!r}.")
    return keyword


def check_read_only(query: str) -> None:
    """Raise ReadOnlyError if ``query`` is an update (see :func:`query_form`)."""
    query_form(query)


def load_query(text_or_path: str) -> str:
    """A query given as text or as the path of a ``.rq`` file (as ``kg query`` accepts)."""
    candidate = Path(text_or_path)
    if len(text_or_path) < 4096 and "\n" not in text_or_path and candidate.suffix == ".rq":
        if not candidate.is_file():
            raise QueryError(f"No query file {candidate}.")
        return candidate.read_text(encoding="utf-8-sig")
    return text_or_path


def bind_values(query: str, variable: str, values: list[str]) -> str:
    """Replace the ``VALUES ?variable { … }`` block of a query with string ``values``.

    The example queries in ontology/queries/ take their parameters this way (e.g.
    ``bind_values(q, "name", ["某某集团"])``). Raises QueryError when the block is missing.
    """
    pattern = re.compile(r"VALUES\s+\?" + re.escape(variable) + r"\s*\{[^}]*\}", re.IGNORECASE)
    if not pattern.search(query):
        raise QueryError(f"The query has no VALUES ?{variable} {{ … }} block to fill.")
    literals = " ".join('"' + v.replace("\\", "\\\\").replace('"', '\\"')
                        .replace("\n", "\\n").replace("\r", "\\r") + '"' for v in values)
    return pattern.sub(lambda _m: f"VALUES ?{variable} {{ {literals} }}", query, count=1)


# --- pyoxigraph ---------------------------------------------------------------------------


def open_store(build_dir: Path | str) -> ox.Store:
    """An in-memory pyoxigraph store holding the build's graph.ttl (never written back)."""
    store = ox.Store()
    store.bulk_load(path=str(graph_path(build_dir)), format=ox.RdfFormat.TURTLE)
    return store


def _ox_cell(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def query_store(store: ox.Store, query: str) -> tuple[list[str], list[Row]]:
    """Run a read-only query on a pyoxigraph store: (variable names, rows of strings)."""
    form = query_form(query)
    query = query.lstrip("\ufeff")
    try:
        result = store.query(query, prefixes=USUAL_PREFIXES)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"Syntax error: {exc}") from exc
    if form == "ASK":
        return ["ask"], [("true" if bool(result) else "false",)]
    if form in ("CONSTRUCT", "DESCRIBE"):
        rows = [(_ox_cell(t.subject), _ox_cell(t.predicate), _ox_cell(t.object)) for t in result]
        return ["subject", "predicate", "object"], rows
    names = [v.value for v in result.variables]
    rows = [tuple(_ox_cell(solution[name]) for name in names) for solution in result]
    return names, rows


# --- rdflib -------------------------------------------------------------------------------


def open_rdflib(build_dir: Path | str) -> Graph:
    """The build's graph.ttl in an rdflib Graph (for comparison with pyoxigraph)."""
    return Graph().parse(graph_path(build_dir), format="turtle")


def _rdflib_cell(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:" + str(term)
    if isinstance(term, (URIRef, Literal)):
        return str(term)
    return str(term)


def query_rdflib(graph: Graph, query: str) -> tuple[list[str], list[Row]]:
    """Run a read-only query with rdflib's engine: same shape of answer as :func:`query_store`."""
    form = query_form(query)
    query = query.lstrip("\ufeff")
    from rdflib.plugins.sparql import prepareQuery  # local: rdflib's SPARQL import is slow

    try:
        prepared = prepareQuery(query, initNs=USUAL_PREFIXES)
    except Exception as exc:  # pyparsing.ParseException and friends
        raise QuerySyntaxError(f"Syntax error: {exc}") from exc
    result = graph.query(prepared)
    if form == "ASK":
        return ["ask"], [("true" if bool(result.askAnswer) else "false",)]
    if form in ("CONSTRUCT", "DESCRIBE"):
        rows = [tuple(_rdflib_cell(t) for t in triple) for triple in result]
        return ["subject", "predicate", "object"], rows
    names = [str(v) for v in (result.vars or [])]
    rows = [tuple(_rdflib_cell(row[i]) for i in range(len(names))) for row in result]
    return names, rows


# --- entry point --------------------------------------------------------------------------

#: Prefixes every query may use without declaring them (a query's own PREFIX wins).
USUAL_PREFIXES: dict[str, str] = dict(PREFIXES)



def run_query(build_dir: Path | str, query: str,
              engine: Engine = "oxigraph") -> tuple[list[str], list[Row]]:
    """Run a read-only SPARQL query against ``build_dir/graph.ttl``.

    Returns (variable names, rows); every cell is the term's lexical value (IRI
    string or literal text) or None when unbound; ASK gives ``(["ask"],
    [("true",)])`` and CONSTRUCT/DESCRIBE give subject/predicate/object rows.
    Raises ReadOnlyError for an update, QuerySyntaxError for a query that does not
    parse (both are QueryError, a ValueError), BuildNotFoundError (a
    FileNotFoundError) when there is no graph.ttl. The query form is checked before
    the graph is loaded, so a bad query fails fast.
    """
    query_form(query)
    if engine == "oxigraph":
        query_store(ox.Store(), query)  # parse (and run on nothing) before loading the graph
        return query_store(open_store(build_dir), query)
    if engine == "rdflib":
        return query_rdflib(open_rdflib(build_dir), query)
    raise QueryError(f"Unknown engine {engine!r}; use 'oxigraph' or 'rdflib'.")


# --- output -------------------------------------------------------------------------------

FORMATS = ("table", "csv", "json")


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _one_line(cell: str | None) -> str:
    return "" if cell is None else cell.replace("\r", "\\r").replace("\n", "\\n")


def format_rows(variables: list[str], rows: list[Row], fmt: str = "table") -> str:
    """Rows as text: an aligned ``table`` (CJK-aware), ``csv`` (RFC 4180, header first) or
    ``json`` (a list of objects, null where unbound). Raises QueryError on another format."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(variables)
        writer.writerows([["" if c is None else c for c in row] for row in rows])
        return buf.getvalue()
    if fmt == "json":
        data = [dict(zip(variables, row)) for row in rows]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt != "table":
        raise QueryError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    cells = [[_one_line(c) for c in row] for row in rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in cells]) for i, v in enumerate(variables)]

    def line(values: list[str]) -> str:
        return " | ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(variables), "-+-".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
