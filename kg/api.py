"""The Python API: build a graph from reports and ask it questions, without the CLI.

Run from the checkout (the sample reports are in ``corpus/``); tests/test_api.py runs
these examples as doctests:

>>> import kg
>>> b = kg.build(["corpus/002_88621541501a8a2f.txt"])
>>> sorted({e.type for e in b.entities})
['Abbreviation', 'Enterprise', 'Honour', 'Initiative', 'Place', 'Project']
>>> kg.query(b, "SELECT ?code WHERE { ?r a gr:Report ; dcterms:creator/gr:divisionCode ?code }")
[{'code': '430202'}]
>>> kg.query(b, "ASK { ?e a gr:Enterprise }")
True
>>> rows = kg.query(b, "SELECT ?l WHERE { ?e a gr:Abbreviation ; rdfs:label ?l } ORDER BY ?l LIMIT 2")
>>> sorted(rows[0])
['l']
>>> g = b.to_networkx()
>>> g.number_of_nodes() == len(b.entities)
True
>>> len(b.to_rdflib()) > 1000
True
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kg.model import Build

__all__ = ["build", "query"]


def build(paths: Sequence[str | Path], *, out: str | Path | None = None, jobs: int = 1, vocab=None,
          base_iri: str | None = None, cache_dir: str | Path | None = None) -> Build:
    """Build the knowledge graph of the reports (files or folders) under ``paths``.

    ``out``: also write every output there (as ``kg build --out``); ``jobs``: processes for
    the per-report work (the result does not depend on it); ``vocab``: a vocabulary from
    :func:`kg.genre.load` (a user's overlay), the package's by default; ``cache_dir``: keep
    per-report work for the next build. Files that cannot be read are in ``Build.problems``."""
    from kg.pipeline import run

    return run(list(paths), jobs=jobs, vocab=vocab, out=Path(out) if out is not None else None,
               base_iri=base_iri, cache_dir=Path(cache_dir) if cache_dir is not None else None)


def query(b: Build, sparql: str, base_iri: str | None = None):
    """Run a read-only SPARQL query on a build in memory (pyoxigraph), the ontology's
    prefixes (gr:, rdfs:, skos:, …) predeclared.

    SELECT: a list of ``{variable: value}`` rows (IRI or literal text, ``None`` when
    unbound; ``pandas.DataFrame(rows)`` makes a table); ASK: a bool; CONSTRUCT/DESCRIBE:
    a list of ``(subject, predicate, object)`` strings. Raises
    :class:`kg.query.sparql.QueryError` for an update or a query that does not parse."""
    import pyoxigraph as ox

    from kg.export.turtle import to_turtle
    from kg.query.sparql import query_form, query_store

    form = query_form(sparql)
    query_store(ox.Store(), sparql)  # a bad query fails before the graph is built
    store = ox.Store()
    store.load(to_turtle(b.to_rdflib(base_iri)), format=ox.RdfFormat.TURTLE)
    variables, rows = query_store(store, sparql)
    if form == "ASK":
        return rows[0][0] == "true"
    if form in ("CONSTRUCT", "DESCRIBE"):
        return [tuple(row) for row in rows]
    return [dict(zip(variables, row)) for row in rows]
