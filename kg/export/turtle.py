"""A deterministic, streaming Turtle writer for the build graph.

rdflib's own serializer does not promise a stable order (it depends on set
iteration, hence on ``PYTHONHASHSEED``) and needs the whole graph in memory, so the
build's ``graph.ttl`` is written here: fixed prefixes, ``@base`` so that instance
IRIs read as short relative paths, one block per subject, subjects sorted by IRI
(:func:`~kg.graph.terms.natural_key`), ``a`` first and then predicates sorted by
IRI, objects sorted (numbers numerically), one object per line. The result is
byte-identical for equal graphs, so a diff of two builds shows exactly what
changed. Blank nodes are refused: every node of the build has a minted IRI.

The writer takes subject groups (:data:`~kg.graph.terms.Group`, plain strings and
tuples, as :func:`kg.graph.triples.iter_groups` streams them) and writes one block
at a time; the header's counts are known only at the end, so :class:`TurtleWriter`
writes the body and :meth:`TurtleWriter.header` is put in front of it afterwards.
:func:`to_turtle` does the same for an rdflib graph (tests, small tools).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from io import BytesIO
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef

from kg.graph.iris import normalize_base
from kg.graph.terms import (
    LOCAL_NAME, RDF_TYPE, SIMPLE_RELATIVE, XSD_BOOLEAN, XSD_INTEGER, XSD_STRING, Group, Lit, Obj, relative_ok,
)
from kg.graph.triples import group_pairs
from kg.graph.vocab import PREFIXES, XSD

__all__ = ["BinarySink", "TermWriter", "TurtleWriter", "base_of", "grouped_triples", "to_turtle"]

_LANG = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_XSD_DECIMAL = str(XSD.decimal)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
#: Written objects remembered before the memo is cleared.
_OBJECT_CACHE_SIZE = 100_000
#: Blocks buffered before one encode-and-write.
_FLUSH_EVERY = 4096


class BinarySink(Protocol):
    """Where writers put bytes: a binary file, a BytesIO, or a hashing wrapper."""

    def write(self, data: bytes, /) -> object: ...


def _escape_one(match: re.Match[str]) -> str:
    ch = match.group(0)
    return _ESCAPES.get(ch, f"\\u{ord(ch):04X}")


def base_of(graph: Graph) -> str | None:
    """The data base IRI the builder bound to prefix ``kg``, if it is usable as ``@base``."""
    for prefix, namespace in graph.namespaces():
        if prefix == "kg":
            try:
                return normalize_base(str(namespace))
            except ValueError:
                return None
    return None


class TermWriter:
    """Writes IRIs, literals and subject blocks in Turtle syntax (per-writer cache, no
    global state). Only IRIs outside the base (the vocabulary) are cached, so memory
    does not grow with the graph."""

    def __init__(self, base: str | None, prefixes: tuple[tuple[str, str], ...] = PREFIXES):
        self.base = base
        # Longest namespace first, so that a namespace nested in another wins.
        self._prefixes = sorted(prefixes, key=lambda p: (-len(p[1]), p[0]))
        # Namespaces inside the base: an IRI under the base may still take their prefix.
        self._nested = tuple(ns[len(base):] for _p, ns in prefixes if base and ns.startswith(base))
        self._cache: dict[str, str] = {}
        self._langs: set[str] = set()
        self._heads: dict[str, str] = {}  # predicate -> "    pred " (bounded: the vocabulary)
        # Recently written objects (offsets, report IRIs, labels repeat a lot); cleared when
        # full, so memory stays bounded and the output does not depend on it.
        self._objects: dict[Obj, str] = {}

    def iri(self, iri: str) -> str:
        base = self.base
        if base and iri.startswith(base):
            rest = iri[len(base):]
            if not rest.startswith(self._nested):
                # An instance IRI: not cached, there are as many as subjects.
                return "<" + rest + ">" if SIMPLE_RELATIVE.fullmatch(rest) else self._slow_iri(iri)
        cached = self._cache.get(iri)
        if cached is None:
            cached = self._cache[iri] = self._slow_iri(iri)  # the vocabulary: a bounded set
        return cached

    def _slow_iri(self, iri: str) -> str:
        if _IRI_FORBIDDEN.search(iri):
            raise ValueError(f"cannot write IRI {iri!r}: it contains a character IRIs forbid")
        for prefix, namespace in self._prefixes:
            if iri.startswith(namespace) and LOCAL_NAME.fullmatch(iri[len(namespace):]):
                return f"{prefix}:{iri[len(namespace):]}"
        if self.base and iri.startswith(self.base) and relative_ok(iri[len(self.base):]):
            return f"<{iri[len(self.base):]}>"
        return f"<{iri}>"

    def literal(self, lit: Lit) -> str:
        lexical, datatype, lang = lit
        if _NEEDS_ESCAPE.search(lexical) is not None:
            lexical = _NEEDS_ESCAPE.sub(_escape_one, lexical)
            escaped = True
        else:
            escaped = False
        if lang:
            if lang not in self._langs:
                if not _LANG.fullmatch(lang):
                    raise ValueError(f"bad language tag {lang!r}")
                self._langs.add(lang)
            return '"' + lexical + '"@' + lang
        if not datatype or datatype == XSD_STRING:
            return '"' + lexical + '"'
        if not escaped:
            if datatype == XSD_INTEGER and _INTEGER.fullmatch(lexical):
                return lexical
            if datatype == XSD_BOOLEAN and lexical in ("true", "false"):
                return lexical
            if datatype == _XSD_DECIMAL and _DECIMAL.fullmatch(lexical):
                return lexical
        return '"' + lexical + '"^^' + (self._cache.get(datatype) or self.iri(datatype))

    def term(self, obj: Obj) -> str:
        return self.iri(obj) if type(obj) is str else self.literal(obj)  # type: ignore[arg-type]

    def block(self, subject: str, preds: list[tuple[str, list[Obj]]]) -> tuple[str, int]:
        """One subject's block, ending with a newline, and the number of triples in it."""
        heads, written_objects = self._heads, self._objects
        if len(written_objects) > _OBJECT_CACHE_SIZE:
            written_objects.clear()
        lines = [self.iri(subject)]
        last = len(preds) - 1
        triples = 0
        for i, (pred, objects) in enumerate(preds):
            head = heads.get(pred)
            if head is None:
                head = heads[pred] = "    a " if pred == RDF_TYPE else "    " + self.iri(pred) + " "
            written = []
            for obj in objects:
                text = written_objects.get(obj)
                if text is None:
                    text = written_objects[obj] = self.iri(obj) if type(obj) is str else self.literal(obj)  # type: ignore[arg-type]
                written.append(text)
            triples += len(written)
            end = " ." if i == last else " ;"
            if len(written) == 1:
                lines.append(head + written[0] + end)
            elif pred == RDF_TYPE:
                lines.append(head + ", ".join(written) + end)
            else:
                lines.append(head + written[0] + " ,")
                lines.extend(["        " + w + " ," for w in written[1:-1]])
                lines.append("        " + written[-1] + end)
        lines.append("")
        return "\n".join(lines), triples


class TurtleWriter:
    """Streams the body of a Turtle document (blocks, blank line between) to ``sink`` and
    counts what it wrote; :meth:`header` then gives the lines that go in front."""

    def __init__(self, sink: BinarySink, base: str | None):
        self.base = normalize_base(base) if base else None
        self.terms = TermWriter(self.base)
        self.sink = sink
        self.triples = 0
        self.subjects = 0
        self._buffer: list[str] = []

    def write(self, subject: str, preds: list[tuple[str, list[Obj]]]) -> None:
        self.write_block(*self.terms.block(subject, preds))

    def write_block(self, block: str, triples: int) -> None:
        """Add one block already written by :meth:`TermWriter.block` (or alike) and count it."""
        if self.subjects:
            self._buffer.append("\n")
        self._buffer.append(block)
        self.subjects += 1
        self.triples += triples
        if len(self._buffer) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self.sink.write("".join(self._buffer).encode("utf-8"))
            self._buffer.clear()

    def header(self) -> bytes:
        """The comment, ``@base`` and ``@prefix`` lines and the blank line before the body."""
        lines = [f"# govreport-kg graph: {self.triples} triples about {self.subjects} subjects.",
                 "# Ontology and shapes: ontology/govreport.ttl, ontology/shapes.ttl."]
        if self.base:
            lines.append(f"@base <{self.base}> .")
        lines.extend(f"@prefix {prefix}: <{ns}> ." for prefix, ns in PREFIXES)
        return ("\n".join(lines) + "\n\n").encode("utf-8")


# --- rdflib graphs ----------------------------------------------------------------------


def _refuse(node: object) -> None:
    if isinstance(node, BNode):
        raise ValueError("the graph holds a blank node; every node must have a minted IRI")
    raise ValueError(f"cannot write a {type(node).__name__} ({node!r}); subjects and predicates "
                     f"must be IRIs, objects IRIs or literals")


def _plain_object(node: object) -> Obj:
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, Literal):
        return (str(node), str(node.datatype) if node.datatype else "", node.language or "")
    _refuse(node)
    raise AssertionError  # unreachable: _refuse raises


def grouped_triples(graph: Graph) -> list[Group]:
    """An rdflib graph as sorted subject groups of plain terms, as
    :func:`kg.graph.triples.iter_groups` gives them for a build. Raises ValueError on a
    blank node or any node that is neither an IRI nor a literal."""
    from kg.graph.terms import natural_key

    by_subject: dict[str, list[tuple[str, Obj]]] = {}
    for s, p, o in graph.triples((None, None, None)):
        if not isinstance(s, URIRef):
            _refuse(s)
        if not isinstance(p, URIRef):
            _refuse(p)
        by_subject.setdefault(str(s), []).append((str(p), _plain_object(o)))
    return [(s, group_pairs(by_subject[s])) for s in sorted(by_subject, key=natural_key)]


def write_turtle(groups: Iterable[Group], base: str | None) -> bytes:
    """Subject groups as a whole Turtle document, in memory (for small graphs)."""
    body = BytesIO()
    writer = TurtleWriter(body, base)
    for subject, preds in groups:
        writer.write(subject, preds)
    writer.flush()
    return writer.header() + body.getvalue()


def to_turtle(graph: Graph, base_iri: str | None = None) -> bytes:
    """The graph as UTF-8 Turtle bytes, byte-identical for equal graphs.

    ``base_iri`` (default: the namespace the builder bound to ``kg``) is written as
    ``@base`` and instance IRIs under it as relative IRIs. Raises ValueError on a
    blank node or an IRI that Turtle cannot hold.
    """
    base = normalize_base(base_iri) if base_iri else base_of(graph)
    return write_turtle(grouped_triples(graph), base)
