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
import hashlib
import io
import json
import os
import re
import shutil
import unicodedata
import uuid
from pathlib import Path
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg.graph.vocab import PREFIXES
from kg.validate import BuildNotFoundError, graph_path

__all__ = [
    "FORMATS", "PERSIST_MIN_BYTES", "STORE_PREFIX", "BuildNotFoundError", "Engine", "QueryError",
    "QuerySyntaxError", "ReadOnlyError", "Row", "StoreMode", "bind_values", "check_read_only",
    "format_rows", "graph_digest", "load_query", "open_persistent_store", "open_rdflib",
    "open_store", "query_form", "query_rdflib", "query_store", "run_query",
]

Engine = TypingLiteral["oxigraph", "rdflib"]
#: ``memory``: parse graph.ttl into RAM on every call; ``disk``: the persistent store beside
#: the build; ``auto``: disk from PERSIST_MIN_BYTES of Turtle up, memory below.
StoreMode = TypingLiteral["auto", "memory", "disk"]
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


_LANG_TAG = re.compile(r'"@([A-Za-z]+(?:-[A-Za-z0-9]+)*)')


def bind_values(query: str, variable: str, values: list[str]) -> str:
    """Replace the ``VALUES ?variable { … }`` block of a query with string ``values``.

    The example queries in ontology/queries/ take their parameters this way (e.g.
    ``bind_values(q, "name", ["某某集团"])``): pass plain names. When the block's own
    value carries a language tag (``{ "甲乙集团"@zh }``, as in the examples that look a
    name up, because every label in a build is ``@zh`` and an exact tagged literal is an
    index lookup), the new values get the same tag. Quotes, backslashes and line breaks
    in a value are escaped. Raises QueryError when the block is missing.
    """
    pattern = re.compile(r"VALUES\s+\?" + re.escape(variable) + r"\s*\{[^}]*\}", re.IGNORECASE)
    match = pattern.search(query)
    if not match:
        have = sorted(set(re.findall(r"VALUES\s+\?(\w+)", query, re.IGNORECASE)))
        which = ("its VALUES variables: " + ", ".join("?" + v for v in have)) if have else "it has no VALUES block"
        raise QueryError(f"The query has no VALUES ?{variable} {{ … }} block to fill; {which}.")
    tag = _LANG_TAG.search(match.group(0))
    suffix = "@" + tag.group(1) if tag else ""
    literals = " ".join('"' + v.replace("\\", "\\\\").replace('"', '\\"')
                        .replace("\n", "\\n").replace("\r", "\\r") + '"' + suffix for v in values)
    return pattern.sub(lambda _m: f"VALUES ?{variable} {{ {literals} }}", query, count=1)


# --- pyoxigraph ---------------------------------------------------------------------------


def open_store(build_dir: Path | str) -> ox.Store:
    """An in-memory pyoxigraph store holding the build's graph.ttl (never written back)."""
    store = ox.Store()
    store.bulk_load(path=str(graph_path(build_dir)), format=ox.RdfFormat.TURTLE)
    return store


#: Name prefix of the persistent stores kept inside a build folder (``.query-store-…``).
STORE_PREFIX = ".query-store-"
#: From this size of graph.ttl up (about 200 reports), ``auto`` uses the persistent store:
#: parsing 300 MB of Turtle takes 20-35 s, opening the store 0.05 s; name lookups answer about
#: as fast on it, but queries that read much of the graph run 10-30× slower, so below this size
#: parsing into memory is as fast (see ontology/README.md).
PERSIST_MIN_BYTES = 64_000_000
_HEX64 = re.compile(r"[0-9a-f]{64}")


def graph_digest(build_dir: Path | str) -> str:
    """SHA-256 of graph.ttl: read from build.json when it lists one (hashing 300 MB costs
    about a second), computed from the file otherwise (hand-made builds)."""
    path = graph_path(build_dir)
    try:
        manifest = json.loads((Path(build_dir) / "build.json").read_text(encoding="utf-8"))
        digest = manifest["files"]["graph.ttl"]
        if isinstance(digest, str) and _HEX64.fullmatch(digest):
            return digest
    except (OSError, ValueError, KeyError, TypeError):
        pass
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def _store_name(build_dir: Path) -> str:
    """The store's folder name: graph.ttl's digest plus its size and mtime, so that a graph.ttl
    changed behind build.json's back (edited, replaced) never meets a stale store."""
    stat = graph_path(build_dir).stat()
    return f"{STORE_PREFIX}{graph_digest(build_dir)[:16]}-{stat.st_size}-{stat.st_mtime_ns}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_stale(build_dir: Path, keep: str) -> None:
    """Drop stores of earlier graphs and half-built stores of processes that died."""
    for old in build_dir.glob(STORE_PREFIX + "*"):
        if old.name == keep:
            continue
        if old.name.startswith(STORE_PREFIX + "tmp-"):
            pid = old.name[len(STORE_PREFIX + "tmp-"):].split("-", 1)[0]
            if pid.isdigit() and _pid_alive(int(pid)):
                continue  # another process is building it right now
        shutil.rmtree(old, ignore_errors=True)


def open_persistent_store(build_dir: Path | str) -> ox.Store:
    """A read-only on-disk (RocksDB) store of the build's graph, kept in the build folder.

    Created on first use (bulk-loaded into a temporary folder, then renamed into place, so
    a reader never sees half a store and two concurrent first queries cannot clash), keyed
    by graph.ttl's SHA-256, size and mtime, rebuilt when graph.ttl changes; ``kg build``
    replaces the whole folder, store included. Always opened read-only. Raises OSError
    when the folder cannot be written (the caller falls back to memory).
    """
    build_dir = Path(build_dir)
    name = _store_name(build_dir)
    final = build_dir / name
    if not final.is_dir():
        tmp = build_dir / f"{STORE_PREFIX}tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            writer = ox.Store(str(tmp))
            writer.bulk_load(path=str(graph_path(build_dir)), format=ox.RdfFormat.TURTLE)
            writer.flush()
            del writer  # closes RocksDB before the rename
            try:
                os.rename(tmp, final)
            except OSError:
                if not final.is_dir():
                    raise
                # another process finished the same store first: use theirs
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        _remove_stale(build_dir, name)
    return ox.Store.read_only(str(final))


def _open_for_query(build_dir: Path | str, mode: StoreMode) -> ox.Store:
    """The store ``run_query`` uses: persistent when asked for (or, in ``auto``, when
    graph.ttl is large), in memory otherwise or when the build folder is not writable."""
    if mode not in ("auto", "memory", "disk"):
        raise QueryError(f"Unknown store {mode!r}; use 'auto', 'memory' or 'disk'.")
    path = graph_path(build_dir)
    if mode == "disk" or (mode == "auto" and path.stat().st_size >= PERSIST_MIN_BYTES):
        try:
            return open_persistent_store(build_dir)
        except OSError:
            pass  # read-only or full file system: parse into memory as before
    return open_store(build_dir)


def _ox_cell(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


#: Terms whose cell is their ``.value`` (blank nodes and quoted triples go through _ox_cell).
_PLAIN_TERMS = frozenset({ox.NamedNode, ox.Literal})


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
    # a solution iterates over its terms in the order of the variables; reading .value of the
    # common terms directly, not by variable name, halves the Python cost of large answers
    plain, cell = _PLAIN_TERMS, _ox_cell
    rows = [tuple([t.value if type(t) in plain else cell(t) for t in solution])
            for solution in result]
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


def run_query(build_dir: Path | str, query: str, engine: Engine = "oxigraph",
              store: StoreMode = "auto") -> tuple[list[str], list[Row]]:
    """Run a read-only SPARQL query against ``build_dir/graph.ttl``.

    ``store`` (pyoxigraph only) chooses where the graph is held: see :data:`StoreMode`; the
    persistent store makes repeated queries on a large build skip parsing graph.ttl.

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
        return query_store(_open_for_query(build_dir, store), query)
    if engine == "rdflib":
        return query_rdflib(open_rdflib(build_dir), query)
    raise QueryError(f"Unknown engine {engine!r}; use 'oxigraph' or 'rdflib'.")


# --- output -------------------------------------------------------------------------------

FORMATS = ("table", "csv", "json", "turtle")


def query_output(build_dir: Path | str, query: str, fmt: str = "table", store: StoreMode = "auto") -> str:
    """What ``kg query`` prints. SELECT and ASK: an aligned ``table``, ``csv`` or ``json``
    in the W3C SPARQL 1.1 Query Results JSON Format (typed terms, language tags and
    datatypes kept). CONSTRUCT and DESCRIBE give a graph: ``table`` or ``turtle`` write it
    as Turtle with the build's prefixes, ``json`` as JSON-LD, ``csv`` as subject,
    predicate, object rows. Triples are sorted, so the same build gives the same bytes."""
    form = query_form(query)
    if fmt not in FORMATS:
        raise QueryError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    graph = form in ("CONSTRUCT", "DESCRIBE")
    if not graph and fmt == "turtle":
        raise QueryError(f"--format turtle is for CONSTRUCT and DESCRIBE; a {form} query gives table, csv or json.")
    if fmt == "csv" or (fmt == "table" and not graph):
        variables, rows = run_query(build_dir, query, store=store)
        return format_rows(variables, rows, fmt)
    query_store(ox.Store(), query)  # parse (and run on nothing) before loading the graph
    opened = _open_for_query(build_dir, store)
    try:
        result = opened.query(query.lstrip("\ufeff"), prefixes=USUAL_PREFIXES)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"Syntax error: {exc}") from exc
    if not graph:
        return result.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8") + "\n"
    triples = sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    rdf = ox.RdfFormat.JSON_LD if fmt == "json" else ox.RdfFormat.TURTLE
    used = {k: v for k, v in USUAL_PREFIXES.items()
            if any(str(term).startswith("<" + v) for t in triples for term in (t.subject, t.predicate, t.object))}
    return ox.serialize(triples, format=rdf, prefixes=used if rdf == ox.RdfFormat.TURTLE else None).decode("utf-8")


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
