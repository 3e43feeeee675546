"""A deterministic Turtle writer for the build graph.

rdflib's own serializer does not promise a stable order (it depends on set
iteration, hence on ``PYTHONHASHSEED``), so the build's ``graph.ttl`` is written
here: fixed prefixes, ``@base`` so that instance IRIs read as short relative
paths, one block per subject, subjects sorted by IRI, ``a`` first and then
predicates sorted by their written form, objects sorted (numbers numerically),
one object per line. The result is byte-identical for equal graphs, so a diff of
two builds shows exactly what changed. Blank nodes are refused: every node of
the build has a minted IRI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.graph.iris import normalize_base
from kg.graph.vocab import PREFIXES, RDF, XSD

__all__ = ["TermWriter", "base_of", "grouped_triples", "natural_key", "to_turtle"]

_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_LANG = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_INTEGER_TYPES = frozenset(str(XSD[name]) for name in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
))
_NUMERIC_TYPES = _INTEGER_TYPES | {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_RDF_TYPE = str(RDF.type)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def _escape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        ch = match.group(0)
        return _ESCAPES.get(ch, f"\\u{ord(ch):04X}")

    return _NEEDS_ESCAPE.sub(one, text)


def base_of(graph: Graph) -> str | None:
    """The data base IRI the builder bound to prefix ``kg``, if it is usable as ``@base``."""
    for prefix, namespace in graph.namespaces():
        if prefix == "kg":
            try:
                return normalize_base(str(namespace))
            except ValueError:
                return None
    return None


def _relative_ok(rest: str) -> bool:
    """Whether ``rest`` resolves back to ``base + rest`` under RFC 3986 (no scheme-like first
    segment, no dot segments, no query or fragment)."""
    if not rest or not rest[0].isalnum() or "?" in rest or "#" in rest:
        return False
    segments = rest.split("/")
    return ":" not in segments[0] and not any(seg in (".", "..") for seg in segments)


class TermWriter:
    """Writes IRIs and literals in Turtle syntax, with a per-writer cache (no global state)."""

    def __init__(self, base: str | None, prefixes: tuple[tuple[str, str], ...] = PREFIXES):
        self.base = base
        # Longest namespace first, so that a namespace nested in another wins.
        self._prefixes = sorted(prefixes, key=lambda p: (-len(p[1]), p[0]))
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        cached = self._cache.get(iri)
        if cached is not None:
            return cached
        if _IRI_FORBIDDEN.search(iri):
            raise ValueError(f"cannot write IRI {iri!r}: it contains a character IRIs forbid")
        written = None
        for prefix, namespace in self._prefixes:
            if iri.startswith(namespace) and _LOCAL.fullmatch(iri[len(namespace):]):
                written = f"{prefix}:{iri[len(namespace):]}"
                break
        if written is None and self.base and iri.startswith(self.base):
            rest = iri[len(self.base):]
            if _relative_ok(rest):
                written = f"<{rest}>"
        if written is None:
            written = f"<{iri}>"
        self._cache[iri] = written
        return written

    def literal(self, lit: Literal) -> str:
        lexical = str(lit)
        if lit.language:
            if not _LANG.fullmatch(lit.language):
                raise ValueError(f"bad language tag {lit.language!r}")
            return f'"{_escape(lexical)}"@{lit.language}'
        datatype = str(lit.datatype) if lit.datatype else None
        if datatype is None or datatype == str(XSD.string):
            return f'"{_escape(lexical)}"'
        if datatype == str(XSD.integer) and _INTEGER.fullmatch(lexical):
            return lexical
        if datatype == str(XSD.decimal) and _DECIMAL.fullmatch(lexical):
            return lexical
        if datatype == str(XSD.boolean) and lexical in ("true", "false"):
            return lexical
        return f'"{_escape(lexical)}"^^{self.iri(datatype)}'

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.iri(str(node))
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, BNode):
            raise ValueError("the graph holds a blank node; every node must have a minted IRI")
        raise ValueError(f"cannot write a {type(node).__name__} in Turtle")


def _literal_key(lit: Literal) -> tuple:
    datatype = str(lit.datatype) if lit.datatype else ""
    number: Decimal | None = None
    if datatype in _NUMERIC_TYPES:
        try:
            number = Decimal(str(lit))
        except InvalidOperation:
            number = None
    # Numbers compare numerically (then lexically, for equal values written differently).
    return (1, datatype, lit.language or "", number is None, number or Decimal(0), str(lit))


def _object_key(node: Node) -> tuple:
    if isinstance(node, Literal):
        return _literal_key(node)
    return (0, str(node))


_DIGITS = re.compile(r"([0-9]+)")


def _pad(match: re.Match[str]) -> str:
    return match.group(0).rjust(20, "0")


def natural_key(iri: str) -> tuple[str, str]:
    """Sort key that orders digit runs by value (``…/7-11`` before ``…/13-22``): runs are
    left-padded to 20 digits, then the full string breaks ties, so the order is total."""
    return (_DIGITS.sub(_pad, iri), iri)


def grouped_triples(graph: Graph) -> list[tuple[URIRef, list[tuple[URIRef, list[Node]]]]]:
    """The graph as sorted (subject, [(predicate, [objects])]) groups: subjects in natural
    IRI order, rdf:type first and then predicates by IRI, objects by :func:`_object_key`.

    Shared by the Turtle and JSON-LD writers so that both list things in one order.
    Raises ValueError on a blank node or any node that is neither an IRI nor a literal.
    """
    by_subject: dict[Node, dict[Node, list[Node]]] = {}
    for s, p, o in graph.triples((None, None, None)):
        if type(s) is not URIRef and not isinstance(s, URIRef):
            _refuse(s)
        if type(p) is not URIRef and not isinstance(p, URIRef):
            _refuse(p)
        tp = type(o)
        if tp is not URIRef and tp is not Literal and not isinstance(o, (URIRef, Literal)):
            _refuse(o)
        preds = by_subject.get(s)
        if preds is None:
            preds = by_subject[s] = {}
        objects = preds.get(p)
        if objects is None:
            preds[p] = [o]
        else:
            objects.append(o)
    out = []
    for subject in sorted(by_subject, key=lambda n: natural_key(str(n))):
        preds = by_subject[subject]
        ordered = sorted(preds, key=lambda p: (not str.__eq__(p, _RDF_TYPE), str.__str__(p)))
        out.append((subject, [(p, preds[p] if len(preds[p]) == 1 else sorted(preds[p], key=_object_key))
                              for p in ordered]))
    return out


def _refuse(node: Node) -> None:
    if isinstance(node, BNode):
        raise ValueError("the graph holds a blank node; every node must have a minted IRI")
    raise ValueError(f"cannot write a {type(node).__name__} ({node!r}); subjects and predicates "
                     f"must be IRIs, objects IRIs or literals")


def _blocks(groups: list[tuple[URIRef, list[tuple[URIRef, list[Node]]]]],
            writer: TermWriter) -> Iterator[str]:
    term = writer.term
    for subject, preds in groups:
        lines = [term(subject)]
        last = len(preds) - 1
        for i, (pred, objects) in enumerate(preds):
            end = " ." if i == last else " ;"
            written = [term(o) for o in objects]
            if str.__eq__(pred, _RDF_TYPE):
                lines.append("    a " + ", ".join(written) + end)
                continue
            head = "    " + term(pred) + " "
            if len(written) == 1:
                lines.append(head + written[0] + end)
            else:
                lines.append(head + written[0] + " ,")
                lines.extend("        " + w + " ," for w in written[1:-1])
                lines.append("        " + written[-1] + end)
        yield "\n".join(lines) + "\n"


def to_turtle(graph: Graph, base_iri: str | None = None) -> bytes:
    """The graph as UTF-8 Turtle bytes, byte-identical for equal graphs.

    ``base_iri`` (default: the namespace the builder bound to ``kg``) is written as
    ``@base`` and instance IRIs under it as relative IRIs. Raises ValueError on a
    blank node or an IRI that Turtle cannot hold.
    """
    base = normalize_base(base_iri) if base_iri else base_of(graph)
    writer = TermWriter(base)
    groups = grouped_triples(graph)
    header = [f"# govreport-kg graph: {len(graph)} triples about {len(groups)} subjects.",
              "# Ontology and shapes: ontology/govreport.ttl, ontology/shapes.ttl."]
    if base:
        header.append(f"@base <{base}> .")
    header.extend(f"@prefix {prefix}: <{ns}> ." for prefix, ns in PREFIXES)
    body = "\n".join(_blocks(groups, writer))
    return ("\n".join(header) + "\n\n" + body).encode("utf-8")
