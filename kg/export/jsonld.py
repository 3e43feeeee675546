"""A deterministic JSON-LD writer for the build graph.

Written by hand for the same reason as the Turtle: a stable order. The document is
compacted with a context of the project's prefixes and ``@base`` (so instance
``@id`` values are short relative paths), one node object per subject in the
order of :func:`kg.export.turtle.grouped_triples`, keys sorted, ``@id`` and
``@type`` first. Integers and booleans are native JSON values, Chinese text is a
``{"@value", "@language": "zh"}`` object, other typed literals carry ``@type``.
It parses back with any JSON-LD 1.1 processor (rdflib's included) to the same graph.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.export.turtle import _LOCAL, _relative_ok, base_of, grouped_triples
from kg.graph.iris import normalize_base
from kg.graph.vocab import PREFIXES, RDF, XSD

__all__ = ["jsonld_context", "to_jsonld"]

_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_RDF_TYPE = str(RDF.type)


def jsonld_context(base: str | None) -> dict[str, str]:
    """The ``@context``: ``@base`` (when known) and the project's prefixes."""
    context: dict[str, str] = {}
    if base:
        context["@base"] = base
    context.update({prefix: ns for prefix, ns in PREFIXES})
    return context


class _Compactor:
    """Compacts IRIs and literals against the context (per-document cache, no global state)."""

    def __init__(self, base: str | None):
        self.base = base
        self._prefixes = sorted(PREFIXES, key=lambda p: (-len(p[1]), p[0]))
        self._cache: dict[str, str] = {}

    def iri(self, iri: str, *, relative: bool) -> str:
        key = ("r" if relative else "v") + iri
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        out = iri
        for prefix, ns in self._prefixes:
            if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
                out = f"{prefix}:{iri[len(ns):]}"
                break
        else:
            # Only @id values resolve against @base; keys and @type values do not.
            if relative and self.base and iri.startswith(self.base) \
                    and _relative_ok(iri[len(self.base):]):
                out = iri[len(self.base):]
        self._cache[key] = out
        return out

    def value(self, node: Node) -> Any:
        if isinstance(node, URIRef):
            return {"@id": self.iri(str(node), relative=True)}
        assert isinstance(node, Literal)
        lexical = str(node)
        if node.language:
            return {"@value": lexical, "@language": node.language}
        datatype = str(node.datatype) if node.datatype else None
        if datatype is None or datatype == str(XSD.string):
            return lexical
        if datatype == str(XSD.integer) and _INTEGER.fullmatch(lexical):
            return int(lexical)
        if datatype == str(XSD.boolean) and lexical in ("true", "false"):
            return lexical == "true"
        return {"@value": lexical, "@type": self.iri(datatype, relative=False)}


def to_jsonld(graph: Graph, base_iri: str | None = None) -> bytes:
    """The graph as UTF-8 JSON-LD bytes (compacted, with a context), byte-identical for
    equal graphs. Raises ValueError on a blank node."""
    base = normalize_base(base_iri) if base_iri else base_of(graph)
    comp = _Compactor(base)
    nodes = []
    for subject, preds in grouped_triples(graph):
        node: dict[str, Any] = {"@id": comp.iri(str(subject), relative=True)}
        props: dict[str, Any] = {}
        for pred, objects in preds:
            if str.__eq__(pred, _RDF_TYPE) and all(isinstance(o, URIRef) for o in objects):
                types = [comp.iri(str(o), relative=False) for o in objects]
                node["@type"] = types[0] if len(types) == 1 else types
                continue
            values = [comp.value(o) for o in objects]
            props[comp.iri(str(pred), relative=False)] = values[0] if len(values) == 1 else values
        node.update(sorted(props.items()))
        nodes.append(node)
    document = {"@context": jsonld_context(base), "@graph": nodes}
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)
    return (text + "\n").encode("utf-8")
