"""A deterministic, streaming JSON-LD writer for the build graph.

Written by hand for the same reasons as the Turtle: a stable order, and no whole
graph in memory. The document is compacted with a context of the project's
prefixes and ``@base`` (so instance ``@id`` values are short relative paths), one
node object per subject in the order of :func:`kg.graph.triples.iter_groups`, keys
sorted, ``@id`` and ``@type`` first. Integers and booleans are native JSON values,
Chinese text is a ``{"@value", "@language": "zh"}`` object, other typed literals
carry ``@type``. The text is exactly what ``json.dumps(document, indent=1,
ensure_ascii=False)`` would give, but each node is written as it comes (the
standard encoder's indenting path is pure Python and needs the whole document).
It parses back with any JSON-LD 1.1 processor (rdflib's included) to the same graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from io import BytesIO
from json.encoder import encode_basestring  # the C string encoder json.dumps uses

from rdflib import Graph

from kg.export.turtle import BinarySink, base_of, grouped_triples
from kg.graph.iris import normalize_base
from kg.graph.terms import (
    LOCAL_NAME, RDF_TYPE, SIMPLE_RELATIVE, XSD_BOOLEAN, XSD_INTEGER, XSD_STRING, Group, Obj, relative_ok,
)
from kg.graph.vocab import PREFIXES

__all__ = ["Compactor", "JsonLdWriter", "jsonld_context", "to_jsonld", "write_jsonld"]

_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLUSH_EVERY = 4096
_OBJECT_CACHE_SIZE = 100_000
_PLACEHOLDER = 0


def jsonld_context(base: str | None) -> dict[str, str]:
    """The ``@context``: ``@base`` (when known) and the project's prefixes."""
    context: dict[str, str] = {}
    if base:
        context["@base"] = base
    context.update({prefix: ns for prefix, ns in PREFIXES})
    return context


class Compactor:
    """Compacts IRIs and literals against the context (per-document cache of vocabulary
    IRIs only, no global state)."""

    def __init__(self, base: str | None):
        self.base = base
        self._prefixes = sorted(PREFIXES, key=lambda p: (-len(p[1]), p[0]))
        self._nested = tuple(ns[len(base):] for _p, ns in PREFIXES if base and ns.startswith(base))
        self._ids: dict[str, str] = {}  # compact @id values (relative to @base)
        self._terms: dict[str, str] = {}  # compact keys and @type values (never relative)
        self._keys: dict[str, str] = {}  # compact key -> its indented "key": (the vocabulary)
        # Recently written values, alone and in a list (offsets, report IRIs, labels repeat a
        # lot); cleared when full, so memory stays bounded and the output does not depend on it.
        self._single: dict[Obj, str] = {}
        self._listed: dict[Obj, str] = {}

    def iri(self, iri: str, *, relative: bool) -> str:
        base = self.base
        if relative and base and iri.startswith(base):
            rest = iri[len(base):]
            if not rest.startswith(self._nested):
                # An instance IRI: not cached, there are as many as subjects.
                return rest if SIMPLE_RELATIVE.fullmatch(rest) else self._slow_iri(iri, relative)
        cache = self._ids if relative else self._terms
        cached = cache.get(iri)
        if cached is None:
            cached = cache[iri] = self._slow_iri(iri, relative)  # the vocabulary: bounded
        return cached

    def _slow_iri(self, iri: str, relative: bool) -> str:
        base = self.base
        out = iri
        for prefix, ns in self._prefixes:
            if iri.startswith(ns) and LOCAL_NAME.fullmatch(iri[len(ns):]):
                out = f"{prefix}:{iri[len(ns):]}"
                break
        else:
            # Only @id values resolve against @base; keys and @type values do not.
            if relative and base and iri.startswith(base) and relative_ok(iri[len(base):]):
                out = iri[len(base):]
        return out

    def value(self, obj: Obj, pad: str) -> str:
        """The JSON text of one object as a property value, its lines indented from ``pad``."""
        if type(obj) is str:
            return "{\n" + pad + ' "@id": ' + encode_basestring(self.iri(obj, relative=True)) \
                + "\n" + pad + "}"
        lexical, datatype, lang = obj
        if lang:
            return "{\n" + pad + ' "@value": ' + encode_basestring(lexical) + ",\n" + pad \
                + ' "@language": ' + encode_basestring(lang) + "\n" + pad + "}"
        if not datatype or datatype == XSD_STRING:
            return encode_basestring(lexical)
        if datatype == XSD_INTEGER and _INTEGER.fullmatch(lexical):
            return lexical
        if datatype == XSD_BOOLEAN and lexical in ("true", "false"):
            return lexical
        return "{\n" + pad + ' "@value": ' + encode_basestring(lexical) + ",\n" + pad \
            + ' "@type": ' + encode_basestring(self.iri(datatype, relative=False)) + "\n" + pad + "}"

    def node(self, subject: str, preds: list[tuple[str, list[Obj]]]) -> str:
        """One node object, as it sits in the ``@graph`` list (two spaces in)."""
        iri, value, keys = self.iri, self.value, self._keys
        single, listed = self._single, self._listed
        if len(single) + len(listed) > _OBJECT_CACHE_SIZE:
            single.clear()
            listed.clear()
        entries = ['   "@id": ' + encode_basestring(iri(subject, relative=True))]
        props: list[tuple[str, list[Obj]]] = []
        for pred, objects in preds:
            if pred == RDF_TYPE and all(type(o) is str for o in objects):
                types = [encode_basestring(iri(o, relative=False)) for o in objects]  # type: ignore[arg-type]
                if len(types) == 1:
                    entries.append('   "@type": ' + types[0])
                else:
                    entries.append('   "@type": [\n    ' + ",\n    ".join(types) + "\n   ]")
                continue
            props.append((iri(pred, relative=False), objects))
        if len(props) > 1:
            props.sort(key=_first)
        for key, objects in props:
            head = keys.get(key)
            if head is None:
                head = keys[key] = "   " + encode_basestring(key) + ": "
            if len(objects) == 1:
                obj = objects[0]
                text = single.get(obj)
                if text is None:
                    text = single[obj] = value(obj, "   ")
                entries.append(head + text)
            else:
                texts = []
                for obj in objects:
                    text = listed.get(obj)
                    if text is None:
                        text = listed[obj] = value(obj, "    ")
                    texts.append(text)
                entries.append(head + "[\n    " + ",\n    ".join(texts) + "\n   ]")
        return "  {\n" + ",\n".join(entries) + "\n  }"


def _first(pair: tuple[str, list[Obj]]) -> str:
    return pair[0]


def _frame(base: str | None) -> tuple[str, str]:
    """The document text before the first node and after the last (json.dumps's own layout)."""
    text = json.dumps({"@context": jsonld_context(base), "@graph": [_PLACEHOLDER]},
                      ensure_ascii=False, indent=1)
    head, tail = text.rsplit(f"\n  {_PLACEHOLDER}\n", 1)
    return head + "\n", "\n" + tail + "\n"


class JsonLdWriter:
    """Streams a JSON-LD document to ``sink``: :meth:`write` per subject, then :meth:`close`."""

    def __init__(self, sink: BinarySink, base: str | None):
        self.base = normalize_base(base) if base else None
        self.sink = sink
        self._compactor = Compactor(self.base)
        self._head, self._tail = _frame(self.base)
        self._buffer: list[str] = []
        self._count = 0

    def write(self, subject: str, preds: list[tuple[str, list[Obj]]]) -> None:
        self.write_node(self._compactor.node(subject, preds))

    def write_node(self, node: str) -> None:
        """Add one node object already written by :meth:`Compactor.node` (or alike)."""
        self._buffer.append(self._head if self._count == 0 else ",\n")
        self._buffer.append(node)
        self._count += 1
        if len(self._buffer) >= _FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self.sink.write("".join(self._buffer).encode("utf-8"))
            self._buffer.clear()

    def close(self) -> None:
        """Write the end of the document (or the whole of an empty one)."""
        if self._count == 0:
            text = json.dumps({"@context": jsonld_context(self.base), "@graph": []},
                              ensure_ascii=False, indent=1)
            self._buffer.append(text + "\n")
        else:
            self._buffer.append(self._tail)
        self._flush()


def write_jsonld(groups: Iterable[Group], base: str | None) -> bytes:
    """Subject groups as a whole JSON-LD document, in memory (for small graphs)."""
    out = BytesIO()
    writer = JsonLdWriter(out, base)
    for subject, preds in groups:
        writer.write(subject, preds)
    writer.close()
    return out.getvalue()


def to_jsonld(graph: Graph, base_iri: str | None = None) -> bytes:
    """The graph as UTF-8 JSON-LD bytes (compacted, with a context), byte-identical for
    equal graphs. Raises ValueError on a blank node."""
    base = normalize_base(base_iri) if base_iri else base_of(graph)
    return write_jsonld(grouped_triples(graph), base)
