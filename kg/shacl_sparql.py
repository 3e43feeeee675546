"""SHACL validation as SPARQL queries on an embedded pyoxigraph store.

pySHACL checks a graph node by node in Python (206 s and 1.1 GB for a 100-report
build). This module reads the shapes (ontology/shapes.ttl, small) with rdflib, turns
each constraint into SPARQL that returns the violating focus nodes (and values), and
runs it on a pyoxigraph store loaded from graph.ttl. pySHACL stays the reference: the
results (constraint component, source shape, focus node, value, path, severity,
messages, sh:detail) and the report text are built the way pySHACL builds them, and
the tests compare both engines on the sample build and on crafted broken graphs.

Only the part of SHACL the shapes use is translated (:data:`CONSTRAINT_PARAMETERS`,
:data:`SHAPE_PARAMETERS`); a shape with any other ``sh:`` parameter raises
:class:`UnsupportedShapeError` before anything is checked, so a new kind of
constraint can never be silently ignored.

Typed literals. oxigraph stores typed literals by value: ``"5"^^xsd:nonNegativeInteger``
becomes ``"5"^^xsd:integer``, so the store alone cannot say whether a value has the
datatype a shape asks for. While graph.ttl is loaded (one streaming parse), every
typed literal other than ``xsd:string`` is *also* written, into the side graph
``<urn:x-kg-validate:lexical>``, with an opaque datatype ``<urn:x-kg-validate:ok:D>``
(``:ill:`` when rdflib finds its lexical form ill-typed for D) and rdflib's normalised
lexical form, i.e. the very term pySHACL sees. Constraints read literal values from
there (sh:datatype, sh:in, counts, patterns); comparisons turn them back into
``STRDT(lexical, D)``. The default graph stays as oxigraph loaded it, and SPARQL-based
constraints (``sh:sparql``) run on it alone.
"""

from __future__ import annotations

import re
import textwrap
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

__all__ = [
    "CONSTRAINT_PARAMETERS", "SHAPE_PARAMETERS", "LoadedGraph", "Result", "ShapesProgram",
    "UnsupportedShapeError", "compile_shapes", "load_graph", "load_rdflib_graph", "report_text",
    "validate_loaded",
]

Progress = Callable[[str, int, int], None]
Node = URIRef | BNode | Literal

#: Constraint parameters translated to SPARQL (SHACL Core, plus SHACL-SPARQL sh:sparql
#: constraints on node shapes).
CONSTRAINT_PARAMETERS = frozenset({
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.pattern, SH.flags,
    SH.languageIn, SH.minLength, SH.maxLength, SH.minInclusive, SH.maxInclusive, SH.minExclusive,
    SH.maxExclusive, SH["in"], SH.lessThan, SH.lessThanOrEquals, SH.node, SH["or"], SH.sparql,
})
#: Other sh: parameters a shape may carry: targets, structure and annotations.
SHAPE_PARAMETERS = frozenset({
    SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.property, SH.path,
    SH.severity, SH.message, SH.deactivated, SH.name, SH.description, SH.order, SH.group,
    SH.defaultValue,
})
_SPARQL_CONSTRAINT_PARAMETERS = frozenset({SH.select, SH.message, SH.prefixes, SH.deactivated})

SHADOW = "urn:x-kg-validate:"
SHADOW_OK = SHADOW + "ok:"
SHADOW_ILL = SHADOW + "ill:"
LEX_GRAPH = SHADOW + "lexical"
_FN = SHADOW + "fn:pattern"
_FN_RANGE = SHADOW + "fn:range"
_FN_LT = SHADOW + "fn:lessThan"
_XSD_STRING = str(XSD.string)
_RDF_LANGSTRING = str(RDF.langString)
_XSD_BOOLEAN = ox.NamedNode(str(XSD.boolean))
_TRUE = ox.Literal("true", datatype=_XSD_BOOLEAN)
_FALSE = ox.Literal("false", datatype=_XSD_BOOLEAN)
_STRING_NODES = (ox.NamedNode(_XSD_STRING), ox.NamedNode(_RDF_LANGSTRING))
#: pyoxigraph >= 0.5 runs Python functions inside queries: sh:pattern then uses Python's re, as pySHACL does
_CUSTOM_FUNCTIONS = "custom_functions" in (ox.Store.query.__text_signature__ or "")


class UnsupportedShapeError(ValueError):
    """The shapes use SHACL that this engine does not translate (message says what and where)."""


# --- shapes ----------------------------------------------------------------------------------


@dataclass(eq=False)
class SparqlConstraint:
    node: Node
    select: str
    messages: list[Literal]
    prefixes: dict[str, str]
    deactivated: bool


@dataclass(eq=False)
class Shape:
    node: Node
    is_property: bool
    path: tuple[str, URIRef] | None  # ("pred" | "inv", predicate)
    path_node: Node | None
    severity: URIRef
    messages: list[Literal]
    deactivated: bool
    target_classes: list[URIRef] = field(default_factory=list)
    target_subjects_of: list[URIRef] = field(default_factory=list)
    target_objects_of: list[URIRef] = field(default_factory=list)
    target_nodes: list[Node] = field(default_factory=list)
    #: constraint parameter -> its values, in pySHACL's order (see _values)
    params: dict[URIRef, list] = field(default_factory=dict)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)

    @property
    def has_targets(self) -> bool:
        return bool(self.target_classes or self.target_subjects_of or self.target_objects_of
                    or self.target_nodes)


@dataclass
class ShapesProgram:
    graph: Graph
    shapes: dict[Node, Shape]
    top: list[Shape]  # shapes with targets, in a fixed order

    def shape(self, node: Node) -> Shape:
        try:
            return self.shapes[node]
        except KeyError:
            raise UnsupportedShapeError(f"{_label(self.graph, node)} is referred to as a shape but is not one") from None


def _label(g: Graph, node: Node) -> str:
    from pyshacl.rdfutil.stringify import stringify_node

    return stringify_node(g, node)


def _one(g: Graph, node: Node, param: URIRef, shape: Node):
    values = list(g.objects(node, param))
    if len(values) != 1:
        raise UnsupportedShapeError(f"{_label(g, shape)} must have exactly one {g.qname(param)}")
    return values[0]


def _shape_nodes(g: Graph) -> set[Node]:
    """The nodes pySHACL treats as shapes."""
    found: set[Node] = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        found.update(g.subjects(RDF.type, kind))
    for target in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target):
        found.update(g.subjects(target, None))
    found.update(g.subjects(SH.path, None))
    for param in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
        found.update(o for o in g.objects(None, param) if not isinstance(o, Literal))
    for param in (SH["or"], SH["and"], SH.xone):
        for lst in g.objects(None, param):
            found.update(m for m in Collection(g, lst) if not isinstance(m, Literal))
    return found


def _path(g: Graph, shape: Node) -> tuple[tuple[str, URIRef] | None, Node | None]:
    paths = list(g.objects(shape, SH.path))
    if not paths:
        return None, None
    if len(paths) > 1:
        raise UnsupportedShapeError(f"{_label(g, shape)} has more than one sh:path")
    p = paths[0]
    if isinstance(p, URIRef):
        return ("pred", p), p
    if isinstance(p, BNode):
        props = set(g.predicates(p, None))
        inv = g.value(p, SH.inversePath)
        if props == {SH.inversePath} and isinstance(inv, URIRef):
            return ("inv", inv), p
    raise UnsupportedShapeError(
        f"{_label(g, shape)}: only predicate paths and sh:inversePath of a predicate are supported, "
        f"not {_label(g, p)}")


def _sparql_constraint(g: Graph, node: Node, shape: Node) -> SparqlConstraint:
    unknown = {p for p in g.predicates(node, None)
               if str(p).startswith(str(SH)) and p not in _SPARQL_CONSTRAINT_PARAMETERS}
    if unknown:
        raise UnsupportedShapeError(f"{_label(g, shape)}: sh:sparql with {sorted(map(g.qname, unknown))} "
                                    "is not supported")
    select = str(_one(g, node, SH.select, shape))
    for bad in ("$PATH", "$currentShape", "$shapesGraph"):
        if bad in select:
            raise UnsupportedShapeError(f"{_label(g, shape)}: {bad} in sh:select is not supported")
    head = select.split("{", 1)[0]
    if not re.search(r"[?$]this\b|\*", head):
        raise UnsupportedShapeError(f"{_label(g, shape)}: sh:select must project $this")
    prefixes: dict[str, str] = {}
    for source in g.objects(node, SH.prefixes):
        for decl in g.objects(source, SH.declare):
            prefixes[str(g.value(decl, SH.prefix))] = str(g.value(decl, SH.namespace))
    deactivated = any(bool(getattr(d, "value", False)) for d in g.objects(node, SH.deactivated))
    return SparqlConstraint(node, select, list(g.objects(node, SH.message)), prefixes, deactivated)


def compile_shapes(shapes: Graph) -> ShapesProgram:
    """Read every shape of ``shapes``; UnsupportedShapeError for anything not translated."""
    g = shapes
    for cc in g.subjects(RDF.type, SH.ConstraintComponent):
        raise UnsupportedShapeError(f"custom constraint component {_label(g, cc)} is not supported")
    nodes = _shape_nodes(g)
    out: dict[Node, Shape] = {}
    for node in nodes:
        unknown = sorted(g.qname(p) for p in set(g.predicates(node, None))
                         if str(p).startswith(str(SH)) and p not in CONSTRAINT_PARAMETERS
                         and p not in SHAPE_PARAMETERS)
        if unknown:
            raise UnsupportedShapeError(f"{_label(g, node)} uses {', '.join(unknown)}, which the SPARQL "
                                        "validation engine does not translate")
        path, path_node = _path(g, node)
        severities = list(g.objects(node, SH.severity))
        shape = Shape(
            node=node, is_property=path is not None, path=path, path_node=path_node,
            severity=severities[0] if severities else SH.Violation,
            messages=list(g.objects(node, SH.message)),
            deactivated=any(bool(getattr(d, "value", False)) for d in g.objects(node, SH.deactivated)),
            target_classes=list(g.objects(node, SH.targetClass)),
            target_subjects_of=list(g.objects(node, SH.targetSubjectsOf)),
            target_objects_of=list(g.objects(node, SH.targetObjectsOf)),
            target_nodes=list(g.objects(node, SH.targetNode)),
        )
        if (node, RDF.type, RDFS.Class) in g or (node, RDF.type, OWL.Class) in g:
            shape.target_classes.append(node)  # implicit class target
        for param in CONSTRAINT_PARAMETERS - {SH.flags, SH.sparql}:
            values = list(g.objects(node, param))
            if values:
                shape.params[param] = _values(g, node, param, values)
        if shape.is_property and SH.sparql in set(g.predicates(node, None)):
            raise UnsupportedShapeError(f"{_label(g, node)}: sh:sparql on a property shape is not supported")
        if not shape.is_property and (SH.lessThan in shape.params or SH.lessThanOrEquals in shape.params
                                      or SH.minCount in shape.params or SH.maxCount in shape.params):
            raise UnsupportedShapeError(f"{_label(g, node)}: a node shape with a property-shape parameter")
        shape.sparql = [_sparql_constraint(g, c, node) for c in g.objects(node, SH.sparql)]
        out[node] = shape
    for node, shape in out.items():
        for p in g.objects(node, SH.property):
            if p not in out or not out[p].is_property:
                raise UnsupportedShapeError(f"{_label(g, node)}: sh:property {_label(g, p)} has no sh:path")
            if out[p].properties or g.value(p, SH.property) is not None:
                raise UnsupportedShapeError(f"{_label(g, p)}: sh:property on a property shape is not supported")
            shape.properties.append(out[p])
    program = ShapesProgram(g, out, [])
    for shape in out.values():  # referenced shapes must exist and be acyclic
        _check_references(program, shape, ())
    program.top = sorted((s for s in out.values() if s.has_targets),
                         key=lambda s: (isinstance(s.node, BNode), str(s.node)))
    return program


def _values(g: Graph, node: Node, param: URIRef, values: list) -> list:
    """A parameter's values, checked and arranged as pySHACL's component does."""
    single = {SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.languageIn, SH.minLength,
              SH.maxLength, SH["in"]}
    if param in single and len(values) != 1:
        raise UnsupportedShapeError(f"{_label(g, node)} must have at most one {g.qname(param)}")
    if param in (SH.minCount, SH.maxCount, SH.minLength, SH.maxLength):
        v = values[0]
        if not isinstance(v, Literal) or not isinstance(v.value, int) or v.value < 0:
            raise UnsupportedShapeError(f"{_label(g, node)}: {g.qname(param)} must be a non-negative integer")
    if param in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
        for v in values:
            if not isinstance(v, Literal) or v.value is None or isinstance(v.value, str):
                raise UnsupportedShapeError(f"{_label(g, node)}: {g.qname(param)} {v!r}: only numeric and "
                                            "date bounds are supported")
    if param in (SH.lessThan, SH.lessThanOrEquals):
        if not all(isinstance(v, URIRef) for v in values):
            raise UnsupportedShapeError(f"{_label(g, node)}: {g.qname(param)} must be a predicate IRI")
        return list(set(values))  # pySHACL keeps a set
    if param == SH["in"]:
        items: set = set()  # pySHACL's order, for the message
        for item in g.items(values[0]):
            items.add(item)
        return [(values[0], items)]
    if param == SH.languageIn:
        langs = [str(x).lower() for x in g.items(values[0])]
        if not all(isinstance(x, Literal) for x in g.items(values[0])):
            raise UnsupportedShapeError(f"{_label(g, node)}: sh:languageIn must list strings")
        return [(values[0], langs)]
    if param == SH.pattern:
        flags = next(iter(set(g.objects(node, SH.flags))), None)
        re_flags = 0
        if flags is not None:
            f = str(flags.value).lower()
            re_flags |= re.IGNORECASE if "i" in f else 0
            re_flags |= re.MULTILINE if "m" in f else 0
        out = []
        for p in values:
            source = str(p.value) if p.value is not None and len(p.value) > 1 else str(p)
            out.append((p, re.compile(source, re_flags)))
        return out
    if param == SH.nodeKind and values[0] not in _NODE_KINDS:
        raise UnsupportedShapeError(f"{_label(g, node)}: unknown sh:nodeKind {values[0]}")
    if param == SH.datatype and values[0] == RDFS.Datatype:
        raise UnsupportedShapeError(f"{_label(g, node)}: sh:datatype rdfs:Datatype is not supported")
    return values


def _check_references(program: ShapesProgram, shape: Shape, stack: tuple) -> None:
    if shape.node in stack:
        raise UnsupportedShapeError(f"recursive shapes are not supported: {_label(program.graph, shape.node)}")
    stack = stack + (shape.node,)
    for target in shape.params.get(SH.node, []):
        _check_references(program, program.shape(target), stack)
    for lst in shape.params.get(SH["or"], []):
        for member in program.graph.items(lst):
            _check_references(program, program.shape(member), stack)
    for p in shape.properties:
        _check_references(program, p, stack)


# --- data ------------------------------------------------------------------------------------


@dataclass
class LoadedGraph:
    """graph.ttl in a pyoxigraph store, with the faithful copies of its typed literals."""
    store: ox.Store
    namespaces: Graph  # an empty rdflib graph bound to the data's prefixes (prints nodes as pySHACL does)
    typed_predicates: set[str]
    triples: int
    _mixed: dict[str, bool] = field(default_factory=dict)
    _subclasses: bool | None = None

    def is_mixed(self, predicate: str) -> bool:
        """Does ``predicate`` have objects other than typed literals too?"""
        if predicate not in self._mixed:
            q = (f"ASK {{ ?s <{predicate}> ?o FILTER(!isLiteral(?o) || DATATYPE(?o) = <{_XSD_STRING}> "
                 f"|| DATATYPE(?o) = <{_RDF_LANGSTRING}>) }}")
            self._mixed[predicate] = bool(self.store.query(q))
        return self._mixed[predicate]

    def has_subclasses(self) -> bool:
        if self._subclasses is None:
            self._subclasses = bool(self.store.query(f"ASK {{ ?a <{RDFS.subClassOf}> ?b }}"))
        return self._subclasses


_LITERAL_CACHE_MAX = 500_000


def _actual(lit: Literal, dt: str) -> bool:
    """pySHACL's DatatypeConstraintComponent._assert_actual_datatype for a literal of its own datatype."""
    import datetime
    from decimal import Decimal

    value = lit.value
    checks = {
        str(XSD.integer): lambda v: isinstance(v, int),
        str(XSD.float): lambda v: isinstance(v, float),
        str(XSD.decimal): lambda v: isinstance(v, Decimal),
        str(XSD.boolean): lambda v: isinstance(v, bool),
        str(XSD.date): lambda v: isinstance(v, datetime.date),
        str(XSD.time): lambda v: isinstance(v, datetime.time),
        str(XSD.dateTime): lambda v: isinstance(v, datetime.datetime),
    }
    check = checks.get(dt)
    return True if check is None else check(value)


def _shadow_literal(lexical: str, datatype: str, cache: dict) -> ox.Literal:
    """The faithful side-graph copy of a typed literal: rdflib's lexical form, opaque datatype."""
    key = (lexical, datatype)
    hit = cache.get(key)
    if hit is not None:
        return hit
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lit = Literal(lexical, datatype=URIRef(datatype))
        ok = getattr(lit, "ill_typed", None) is not True and _actual(lit, datatype)
    out = ox.Literal(str(lit), datatype=ox.NamedNode((SHADOW_OK if ok else SHADOW_ILL) + datatype))
    if len(cache) < _LITERAL_CACHE_MAX:
        cache[key] = out
    return out


def _namespace_graph(prefixes: dict[str, str]) -> Graph:
    """An empty rdflib graph with the data's prefixes bound the way rdflib's parser binds them."""
    ns = Graph()
    if prefixes:
        head = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in prefixes.items())
        ns.parse(data=head, format="turtle")
    return ns


def load_graph(source: Path | str | bytes, progress: Progress | None = None,
               base_iri: str | None = None) -> LoadedGraph:
    """Load Turtle (a path or bytes) into a new in-memory store; SyntaxError when it does not parse."""
    store = ox.Store()
    lex = ox.NamedNode(LEX_GRAPH)
    typed: set = set()
    cache: dict = {}
    count = 0
    Lit, Quad = ox.Literal, ox.Quad
    string_nodes = _STRING_NODES
    def quads(parser, fh) -> Iterator[ox.Quad]:
        nonlocal count
        for q in parser:
            count += 1
            yield q
            o = q.object
            if type(o) is Lit:
                dt = o.datatype
                if dt != string_nodes[0] and dt != string_nodes[1]:
                    typed.add(q.predicate)
                    yield Quad(q.subject, q.predicate, _shadow_literal(o.value, dt.value, cache), lex)
            if progress is not None and fh is not None and not count & 0xFFFF:
                progress("load", min(fh.tell() >> 20, megabytes), megabytes)

    size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    megabytes = max(1, size >> 20)  # progress("load", MB read, MB): a bar from 2 MB up
    if progress is not None:
        progress("load", 0, megabytes)
    if isinstance(source, bytes):
        parser = ox.parse(source, format=ox.RdfFormat.TURTLE, base_iri=base_iri)
        store.bulk_extend(quads(parser, None))
    else:
        with open(source, "rb") as fh:
            parser = ox.parse(input=fh, format=ox.RdfFormat.TURTLE, base_iri=base_iri)
            store.bulk_extend(quads(parser, fh))
    if progress is not None:
        progress("load", megabytes, megabytes)
    return LoadedGraph(store, _namespace_graph(dict(parser.prefixes)), {p.value for p in typed}, count)


def load_rdflib_graph(data: Graph) -> LoadedGraph:
    """Load an in-memory rdflib graph (its own prefixes print the nodes)."""
    loaded = load_graph(data.serialize(format="nt", encoding="utf-8"))
    loaded.namespaces = data
    return loaded


# --- SPARQL text ------------------------------------------------------------------------------


def _esc(s: str) -> str:
    return (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))


def _iri(iri: str) -> str:
    return f"<{iri}>"


def _term(t: Node, faithful: bool = True) -> str:
    """SPARQL for a shapes-graph term; typed literals in their side-graph form when ``faithful``."""
    if isinstance(t, URIRef):
        return _iri(str(t))
    if isinstance(t, Literal):
        if t.language:
            return f'"{_esc(str(t))}"@{t.language}'
        if t.datatype is None or str(t.datatype) == _XSD_STRING:
            return f'"{_esc(str(t))}"'
        if faithful:
            shadow = _shadow_literal(str(t), str(t.datatype), {})
            return f'"{_esc(shadow.value)}"^^<{shadow.datatype.value}>'
        return f'"{_esc(str(t))}"^^<{t.datatype}>'
    raise UnsupportedShapeError(f"blank node {t} as a constraint value")


def _ox_term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<{t.value}>"
    if isinstance(t, ox.BlankNode):
        raise TypeError("blank nodes are re-checked through substitutions")  # pragma: no cover
    if t.language:
        return f'"{_esc(t.value)}"@{t.language}'
    return f'"{_esc(t.value)}"^^<{t.datatype.value}>'


def _val(v: str) -> str:
    """The comparable value of a faithful term (side-graph literals turned back into typed ones)."""
    n = len(SHADOW_OK) + 1
    return (f'IF(STRSTARTS(STR(DATATYPE({v})), "{SHADOW_OK}"), '
            f'STRDT(STR({v}), IRI(SUBSTR(STR(DATATYPE({v})), {n}))), {v})')


def _is_str(v: str) -> str:
    """pySHACL's "compares as a string" for sh:lessThan: IRIs and string literals."""
    return (f"(isIRI({v}) || (isLiteral({v}) && (DATATYPE({v}) = <{_XSD_STRING}> "
            f"|| LANG({v}) != \"\")))")


_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
#: What pySHACL with allow_warnings=True (kg validate's policy) lets a graph conform with.
ALLOWED_SEVERITIES = frozenset({SH.Warning, SH.Info})
_COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_VALUE_PARAMS = (SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH.languageIn, SH.minLength,
                 SH.maxLength, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
                 SH["in"], SH.node, SH["or"])


class _Sparql:
    """Writes the SPARQL for one program on one loaded graph."""

    def __init__(self, program: ShapesProgram, data: LoadedGraph):
        self.program = program
        self.data = data
        self.n = 0
        self.patterns: list[re.Pattern] = []
        self.bounds: list[tuple[URIRef, Literal]] = []

    def var(self, base: str = "x") -> str:
        self.n += 1
        return f"?_{base}{self.n}"

    # graph patterns
    def values(self, focus: str, path: tuple[str, URIRef], v: str) -> str:
        kind, pred = path
        if kind == "inv":
            return f"{v} <{pred}> {focus} ."
        p = str(pred)
        if p not in self.data.typed_predicates:
            return f"{focus} <{p}> {v} ."
        lex = f"GRAPH <{LEX_GRAPH}> {{ {focus} <{p}> {v} }}"
        if not self.data.is_mixed(p):
            return lex
        return (f"{{ {focus} <{p}> {v} FILTER(!isLiteral({v}) || DATATYPE({v}) = <{_XSD_STRING}> || "
                f"DATATYPE({v}) = <{_RDF_LANGSTRING}>) }} UNION {{ {lex} }}")

    def instance(self, x: str, cls: URIRef) -> str:
        if self.data.has_subclasses():
            return f"{x} <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> ."
        return f"{x} <{RDF.type}> <{cls}> ."

    def targets(self, shape: Shape) -> str:
        """A group binding ?this to each focus node of ``shape`` once."""
        parts = [self.instance("?this", c) for c in shape.target_classes]
        parts += [f"?this <{p}> {self.var('t')} ." for p in shape.target_subjects_of]
        parts += [self.values(self.var("t"), ("pred", p), "?this") for p in shape.target_objects_of]
        if shape.target_nodes:
            parts.append("VALUES ?this { " + " ".join(_term(t) for t in shape.target_nodes) + " }")
        if len(parts) == 1 and shape.target_classes and not self.data.has_subclasses():
            return parts[0]
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(f"{{ {p} }}" for p in parts) + " } }"

    # expressions: true when value ``v`` violates the rule
    def violation(self, shape: Shape, param: URIRef, rule, v: str) -> str:
        if param == SH["class"]:
            return f"NOT EXISTS {{ {self.instance(v, rule)} }}"
        if param == SH.datatype:
            dt = str(rule)
            if dt == _XSD_STRING:
                return f"!(isLiteral({v}) && DATATYPE({v}) = <{_XSD_STRING}>)"
            if dt == _RDF_LANGSTRING:
                return f'!(isLiteral({v}) && LANG({v}) != "")'
            if rule == RDFS.Literal:
                return f"!isLiteral({v})"
            return f"!(isLiteral({v}) && DATATYPE({v}) = <{SHADOW_OK}{dt}>)"
        if param == SH.nodeKind:
            return "!" + _NODE_KINDS[rule].format(v=v)
        if param == SH.pattern:
            _source, compiled = rule
            if not _CUSTOM_FUNCTIONS:  # older pyoxigraph: XPath regex (differs from Python's re at the edges)
                flags = "".join(f for f, bit in (("i", re.IGNORECASE), ("m", re.MULTILINE)) if compiled.flags & bit)
                return f'(isBlank({v}) || !REGEX(STR({v}), "{_esc(compiled.pattern)}", "{flags}"))'
            self.patterns.append(compiled)
            return f'(isBlank({v}) || !<{_FN}>(STR({v}), {len(self.patterns) - 1}))'
        if param == SH.languageIn:
            _list, langs = rule
            if "*" in langs:
                return f'!(isLiteral({v}) && LANG({v}) != "")'
            options = ", ".join(f'"{_esc(x)}"' for x in langs)
            return (f'!(isLiteral({v}) && LANG({v}) != "" && (LCASE(LANG({v})) IN ({options}) || '
                    f'LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-")) IN ({options})))')
        if param == SH.minLength:
            n = int(rule.value)
            return "false" if n == 0 else f"(isBlank({v}) || STRLEN(STR({v})) < {n})"
        if param == SH.maxLength:
            return f"(isBlank({v}) || STRLEN(STR({v})) > {int(rule.value)})"
        if param in _COMPARISONS:
            op = _COMPARISONS[param]
            sparql = (f'!(isLiteral({v}) && DATATYPE({v}) != <{_XSD_STRING}> && LANG({v}) = "" && '
                      f"COALESCE({_val(v)} {op} {_term(rule, faithful=False)}, false))")
            if not _CUSTOM_FUNCTIONS:
                return sparql
            # numbers in SPARQL; anything else as pySHACL compares it (rdflib's total order)
            self.bounds.append((param, rule))
            python = f"<{_FN_RANGE}>({v}, {len(self.bounds) - 1})"
            if not isinstance(rule.value, (int, float, Decimal)) or isinstance(rule.value, bool):
                return python
            return f"IF(isLiteral({v}) && isNumeric({_val(v)}), {sparql}, {python})"
        if param == SH["in"]:
            _list, items = rule
            if not items:
                return "true"
            return "!(" + " || ".join(f"sameTerm({v}, {_term(t)})" for t in items) + ")"
        if param == SH.node:
            return f"!({self.conforms(self.program.shape(rule), v, strict=True)})"
        if param == SH["or"]:
            members = [self.program.shape(m) for m in self.program.graph.items(rule)]
            return "!(" + " || ".join(f"({self.conforms(m, v, strict=False)})" for m in members) + ")"
        raise UnsupportedShapeError(f"no SPARQL for {param}")  # pragma: no cover

    def less_than(self, param: URIRef, v: str, o: str) -> str:
        op = "<" if param == SH.lessThan else "<="
        if not _CUSTOM_FUNCTIONS:
            return (f"IF({_is_str(v)} || {_is_str(o)}, !({_is_str(v)} && {_is_str(o)} && STR({v}) {op} STR({o})), "
                    f"!COALESCE({_val(v)} {op} {_val(o)}, false))")
        # numbers in SPARQL; anything else (strings, IRIs, ill-typed or mixed literals) as pySHACL does
        return (f"IF(isLiteral({v}) && isLiteral({o}) && isNumeric({_val(v)}) && isNumeric({_val(o)}), "
                f'!({_val(v)} {op} {_val(o)}), <{_FN_LT}>({v}, {o}, "{op}"))')

    def rules(self, shape: Shape) -> list[tuple[URIRef, object]]:
        return [(param, rule) for param in _VALUE_PARAMS for rule in shape.params.get(param, [])]

    def conforms(self, shape: Shape, x: str, strict: bool) -> str:
        """True when ``x`` conforms to ``shape``. ``strict``: any result counts (sh:node); else only
        results of severity sh:Violation (sh:or members, as pySHACL with allow_warnings does)."""
        if shape.deactivated or (not strict and shape.severity in ALLOWED_SEVERITIES):
            return "true"  # pySHACL: a shape of an allowed severity conforms, whatever its results
        parts: list[str] = []
        if shape.sparql and any(not c.deactivated for c in shape.sparql):
            raise UnsupportedShapeError(f"{_label(self.program.graph, shape.node)}: sh:sparql in a shape "
                                        "reached through sh:node or sh:or is not supported")
        if shape.is_property:
            v = self.var("v")
            rules = self.rules(shape)
            if rules:
                cond = " || ".join(f"COALESCE({self.violation(shape, p, r, v)}, true)" for p, r in rules)
                parts.append(f"NOT EXISTS {{ {self.values(x, shape.path, v)} FILTER({cond}) }}")
            if SH.minCount in shape.params and shape.params[SH.minCount][0].value > 0:
                parts.append("EXISTS { " + self.distinct_values(shape, x, shape.params[SH.minCount][0].value) + " }")
            if SH.maxCount in shape.params:
                m = shape.params[SH.maxCount][0].value
                parts.append("NOT EXISTS { " + self.distinct_values(shape, x, m + 1) + " }")
            for param in (SH.lessThan, SH.lessThanOrEquals):
                for lt in shape.params.get(param, []):
                    o = self.var("o")
                    parts.append(f"NOT EXISTS {{ {self.values(x, shape.path, v)} {self.values(x, ('pred', lt), o)} "
                                 f"FILTER(COALESCE({self.less_than(param, v, o)}, true)) }}")
        else:
            parts += [f"!COALESCE({self.violation(shape, p, r, x)}, true)" for p, r in self.rules(shape)]
        parts += [f"({self.conforms(p, x, strict)})" for p in shape.properties]
        return " && ".join(parts) or "true"

    def distinct_values(self, shape: Shape, x: str, n: int) -> str:
        vs = [self.var("v") for _ in range(n)]
        pats = " ".join(self.values(x, shape.path, v) for v in vs)
        diff = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(vs) for b in vs[i + 1:])
        return pats + (f" FILTER({diff})" if diff else "")


# --- results ----------------------------------------------------------------------------------


@dataclass(eq=False)
class Result:
    """One validation result, as pySHACL reports it."""
    component: URIRef
    shape: Shape
    focus: Node
    value: Node | None
    path: Node | None
    severity: URIRef
    messages: list[Literal]
    source_constraint: Node | None = None
    bound_vars: dict | None = None
    extra_messages: list[Literal] = field(default_factory=list)  # a sh:sparql constraint's own sh:message
    details: list[Result] = field(default_factory=list)
    text: str = ""

    def result_messages(self) -> set[str]:
        """The sh:resultMessage values pySHACL puts in its results graph."""
        return {_Texts.format(str(m), self.bound_vars) for m in [*self.extra_messages, *self.messages]}


_COMPONENTS = {
    SH["class"]: "ClassConstraintComponent", SH.datatype: "DatatypeConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent", SH.minCount: "MinCountConstraintComponent",
    SH.maxCount: "MaxCountConstraintComponent", SH.pattern: "PatternConstraintComponent",
    SH.languageIn: "LanguageInConstraintComponent", SH.minLength: "MinLengthConstraintComponent",
    SH.maxLength: "MaxLengthConstraintComponent", SH.minInclusive: "MinInclusiveConstraintComponent",
    SH.maxInclusive: "MaxInclusiveConstraintComponent", SH.minExclusive: "MinExclusiveConstraintComponent",
    SH.maxExclusive: "MaxExclusiveConstraintComponent", SH["in"]: "InConstraintComponent",
    SH.lessThan: "LessThanConstraintComponent", SH.lessThanOrEquals: "LessThanOrEqualsConstraintComponent",
    SH.node: "NodeConstraintComponent", SH["or"]: "OrConstraintComponent",
    SH.sparql: "SPARQLConstraintComponent",
}


class _Texts:
    """pySHACL's messages and result descriptions (constraint_component.py and the components)."""

    def __init__(self, program: ShapesProgram, data: LoadedGraph):
        self.sg = program.graph
        self.data = data
        self.dg = data.namespaces
        self.bnode_graphs: dict[str, Graph] = {}

    def node(self, t: Node, data: bool = True) -> str:
        from pyshacl.rdfutil.stringify import stringify_node

        if data and isinstance(t, BNode):
            return stringify_node(self._bnode_graph(t), t)
        return stringify_node(self.dg if data else self.sg, t)

    def _bnode_graph(self, b: BNode) -> Graph:
        """The data's description of a blank node (what pySHACL prints for one)."""
        g = Graph()
        for prefix, ns in self.dg.namespaces():
            g.bind(prefix, ns, override=True)
        todo, seen = [b], set()
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            for quad in self.data.store.quads_for_pattern(ox.BlankNode(str(n)), None, None, None):
                o = quad.object
                if isinstance(o, ox.Literal) and not _is_faithful(o):
                    continue
                obj = to_rdflib(o)
                g.add((BNode(str(n)), URIRef(quad.predicate.value), obj))
                if isinstance(obj, BNode):
                    todo.append(obj)
        return g

    def generic(self, param: URIRef, shape: Shape, focus: Node, value: Node | None, rules: list) -> str:
        n, sg = self.node, self.sg
        path = n(shape.path_node, data=False) if shape.path_node is not None else None
        if param == SH.minCount:
            count = str(rules[0].value)
            return (f"Less than {count} values on {n(focus)}->{path}" if path
                    else f"Less than {count} values on {n(focus)}")
        if param == SH.maxCount:
            count = str(rules[0].value)
            return (f"More than {count} values on {n(focus)}->{path}" if path
                    else f"More than {count} values on {n(focus)}")
        if param == SH["class"]:
            if len(rules) < 2:
                return f"Value does not have class {n(rules[0], data=False)}"
            return "Value class is not in classes ({})".format(", ".join(n(c, data=False) for c in rules))
        if param == SH.datatype:
            return f"Value is not Literal with datatype {n(rules[0], data=False)}"
        if param == SH.nodeKind:
            return f"Value is not of Node Kind {n(rules[0], data=False)}"
        if param == SH.pattern:
            if len(rules) < 2:
                return f"Value does not match pattern '{rules[0][0].value!s}'"
            return "Value does not match every pattern in ('{}')".format("', '".join(str(p.value) for p, _ in rules))
        if param == SH.languageIn:
            return f"String language is not in {n(rules[0][0], data=False)}"
        if param == SH.minLength:
            return f"String length not >= {n(rules[0])}"
        if param == SH.maxLength:
            return f"String length not <= {n(rules[0])}"
        if param in _COMPARISONS:
            op = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}[param]
            if len(rules) < 2:
                return f"Value is not {op} {n(rules[0], data=False)}"
            return "Value is not {} in ({})".format(op, ", ".join(n(c, data=False) for c in rules))
        if param == SH["in"]:
            return f"Value {n(value)} not in list {[n(v, data=False) for v in rules[0][1]]}"
        if param in (SH.lessThan, SH.lessThanOrEquals):
            op = "<=" if param == SH.lessThan else "<"
            if len(rules) < 2:
                return f"Value of {n(focus)}->{n(rules[0], data=False)} {op} {n(value)}"
            return "Value of {}->{} {} {}".format(n(focus), ", ".join(n(p, data=False) for p in rules), op, n(value))
        if param == SH.node:
            if len(rules) < 2:
                m = f"Value does not conform to Shape {n(rules[0], data=False)}."
            else:
                m = "Value must conform to every Shape in ('{}').".format("', '".join(n(c, data=False) for c in rules))
            return m + " See details for more information."
        if param == SH["or"]:
            if len(rules) < 2:
                s = " , ".join(n(c, data=False) for c in sg.items(rules[0]))
            else:
                s = " and ".join("({})".format(" , ".join(n(c, data=False) for c in sg.items(a))) for a in rules)
            return f"Node {n(value)} must conform to one or more shapes in {s}"
        raise AssertionError(param)  # pragma: no cover

    @staticmethod
    def format(msg: str, bound_vars: dict | None) -> str:
        if bound_vars is None:
            return msg
        for var, val in bound_vars.items():
            msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
        return msg

    def describe(self, r: Result) -> str:
        sev = "Constraint Violation" if r.severity == SH.Violation else "Validation Result"
        name = _COMPONENTS[SH.sparql if r.component == SH.SPARQLConstraintComponent else _param_of(r.component)]
        desc = (f"{sev} in {name} ({r.component}):\n\tSeverity: {self.node(r.severity, data=False)}\n"
                f"\tSource Shape: {self.node(r.shape.node, data=False)}\n\tFocus Node: {self.node(r.focus)}\n")
        if r.value is not None:
            desc += f"\tValue Node: {self.node(r.value)}\n"
        if r.path is not None:
            desc += f"\tResult Path: {self.node(r.path, data=False)}\n"
        if r.source_constraint is not None:
            desc += f"\tSource Constraint: {self.node(r.source_constraint, data=False)}\n"
        for m in sorted(r.extra_messages, key=str):
            if m not in r.messages:
                desc += f"\tMessage: {self.format(str(m.value), r.bound_vars)}\n"
        for m in sorted(r.messages, key=str):
            desc += f"\tMessage: {self.format(str(m.value), r.bound_vars)}\n"
        if r.component == SH.NodeConstraintComponent:
            desc += "\tDetails:\n"
            for d in r.details:
                desc += textwrap.indent(d.text, "\t\t")
        return desc


def _param_of(component: URIRef) -> URIRef:
    for param, name in _COMPONENTS.items():
        if str(component) == str(SH) + name:
            return param
    raise AssertionError(component)  # pragma: no cover


def _component(param: URIRef) -> URIRef:
    return SH[_COMPONENTS[param]]


def _is_faithful(o: ox.Literal) -> bool:
    return o.datatype in _STRING_NODES or o.datatype.value.startswith(SHADOW)


def to_rdflib(t) -> Node:
    """A store term as pySHACL sees it (side-graph literals back to their own datatype)."""
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    dt = t.datatype.value
    if dt == _XSD_STRING:
        return Literal(t.value)
    if dt.startswith(SHADOW_OK):
        dt = dt[len(SHADOW_OK):]
    elif dt.startswith(SHADOW_ILL):
        dt = dt[len(SHADOW_ILL):]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Literal(t.value, datatype=URIRef(dt))


# --- running ----------------------------------------------------------------------------------


class _Runner:
    def __init__(self, program: ShapesProgram, data: LoadedGraph):
        self.program = program
        self.data = data
        self.sparql = _Sparql(program, data)
        self.texts = _Texts(program, data)
        self.queries = 0
        self.substitutions: dict | None = None  # ?this bound to one blank node (sh:detail of one)
        self.functions = {ox.NamedNode(_FN): self._pattern, ox.NamedNode(_FN_RANGE): self._range,
                          ox.NamedNode(_FN_LT): self._less_than}

    def select(self, query: str) -> list:
        self.queries += 1
        kwargs = {}
        if self.substitutions:
            kwargs["substitutions"] = self.substitutions
        if _CUSTOM_FUNCTIONS and SHADOW + "fn:" in query:
            kwargs["custom_functions"] = self.functions
        return list(self.data.store.query(query, **kwargs))

    def _pattern(self, text, index):
        compiled = self.sparql.patterns[int(index.value)]
        return _TRUE if compiled.search(text.value) else _FALSE

    def _range(self, value, index):
        """True when ``value`` fails sh:min/maxInclusive/Exclusive, as pySHACL decides it
        (value_range_constraints.py: compare_literal, i.e. rdflib's order)."""
        from pyshacl.rdfutil.compare import compare_literal

        param, bound = self.sparql.bounds[int(index.value)]
        v = to_rdflib(value)
        ok = False
        if isinstance(v, Literal) and isinstance(v.value, str) == isinstance(bound.value, str):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    cmp = compare_literal(v, bound)
                ok = {SH.minInclusive: cmp >= 0, SH.maxInclusive: cmp <= 0,
                      SH.minExclusive: cmp > 0, SH.maxExclusive: cmp < 0}[param]
            except (TypeError, NotImplementedError):
                ok = False
        return _FALSE if ok else _TRUE

    def _less_than(self, value, other, op):
        """True when the pair fails sh:lessThan (op "<") or sh:lessThanOrEquals ("<="), as
        pySHACL's _compare_lt / _compare_ltoe decide it: IRIs and strings as Python strings,
        other literals in rdflib's order, a string against a non-string fails."""
        def comparable(t):
            if isinstance(t, URIRef):
                return str(t), True
            if isinstance(t, Literal) and isinstance(t.value, str):
                return t.value, True
            return t, False

        (a, a_str), (b, b_str) = comparable(to_rdflib(value)), comparable(to_rdflib(other))
        if a_str != b_str:
            return _TRUE
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ok = a < b if op.value == "<" else a <= b
        except TypeError:
            ok = False
        return _FALSE if ok else _TRUE

    def result(self, param: URIRef, shape: Shape, focus, value, rules: list, **extra) -> Result:
        f = to_rdflib(focus)
        v = to_rdflib(value) if value is not None else None
        r = Result(_component(param), shape, f, v, shape.path_node if shape.is_property else None,
                   shape.severity, list(shape.messages), **extra)
        if not r.messages and param != SH.sparql:
            r.messages = [Literal(self.texts.generic(param, shape, f, v, rules))]
        return r

    def finish(self, r: Result) -> Result:
        r.details.sort(key=lambda d: d.text)
        r.text = self.texts.describe(r)
        return r

    def run_shape(self, shape: Shape, targets: str) -> list[Result]:
        """Every result of ``shape`` at the focus nodes ``targets`` binds to ?this."""
        if shape.deactivated:
            return []
        out: list[Result] = []
        node_checks: list[tuple[Result, object]] = []  # (result, failing value) of sh:node
        if shape.is_property:
            out += self.run_property(shape, targets, node_checks)
        else:
            out += self.run_rules(shape, targets, "?this", "", node_checks)
            for c in shape.sparql:
                if not c.deactivated:
                    out += self.run_sparql(shape, c, targets)
            for p in shape.properties:
                out += self.run_shape(p, targets)
        self.add_details(node_checks)
        return [r if r.text else self.finish(r) for r in out]

    def run_rules(self, shape: Shape, targets: str, value: str, value_pattern: str,
                  node_checks: list) -> list[Result]:
        """The shape's value constraints in one query: a result per focus node (``?this``) and
        value (``value``: ``?this`` itself for a node shape, ``?v`` reached by
        ``value_pattern`` for a property shape) per violated constraint."""
        rules = self.sparql.rules(shape)
        if not rules:
            return []
        binds = " ".join(f"BIND(COALESCE({self.sparql.violation(shape, p, r, value)}, true) AS ?c{i})"
                         for i, (p, r) in enumerate(rules))
        cond = " || ".join(f"?c{i}" for i in range(len(rules)))
        selected = "?this" if value == "?this" else f"?this {value}"
        q = (f"SELECT {selected} {' '.join(f'?c{i}' for i in range(len(rules)))} WHERE {{ {targets} "
             f"{value_pattern} {binds} FILTER({cond}) }}")
        out: list[Result] = []
        for row in self.select(q):
            focus, found = row["this"], row[value[1:]]
            for i, (param, rule) in enumerate(rules):
                if row[f"c{i}"].value == "true":
                    r = self.result(param, shape, focus, found, shape.params[param])
                    out.append(r)
                    if param == SH.node:
                        node_checks.append((r, rule, found))
        return out

    def run_property(self, shape: Shape, targets: str, node_checks: list) -> list[Result]:
        out: list[Result] = []
        path = shape.path
        out += self.run_rules(shape, targets, "?v", self.sparql.values("?this", path, "?v"), node_checks)
        min_c = shape.params.get(SH.minCount, [None])[0]
        max_c = shape.params.get(SH.maxCount, [None])[0]
        if min_c is not None and min_c.value == 1 and max_c is None:
            q = f"SELECT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ {self.sparql.values('?this', path, '?v')} }} }}"
            out += [self.result(SH.minCount, shape, row["this"], None, [min_c]) for row in self.select(q)]
        elif (min_c is not None and min_c.value > 0) or max_c is not None:
            conds = []
            if min_c is not None and min_c.value > 0:
                conds.append(f"?n < {int(min_c.value)}")
            if max_c is not None:
                conds.append(f"?n > {int(max_c.value)}")
            q = (f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {targets} "
                 f"OPTIONAL {{ {self.sparql.values('?this', path, '?v')} }} }} GROUP BY ?this }} "
                 f"FILTER({' || '.join(conds)}) }}")
            for row in self.select(q):
                n = int(row["n"].value)
                if min_c is not None and n < min_c.value:
                    out.append(self.result(SH.minCount, shape, row["this"], None, [min_c]))
                if max_c is not None and n > max_c.value:
                    out.append(self.result(SH.maxCount, shape, row["this"], None, [max_c]))
        for param in (SH.lessThan, SH.lessThanOrEquals):
            lts = shape.params.get(param, [])
            for lt in lts:
                q = (f"SELECT ?this ?v ?o WHERE {{ {targets} {self.sparql.values('?this', path, '?v')} "
                     f"{self.sparql.values('?this', ('pred', lt), '?o')} "
                     f"FILTER(COALESCE({self.sparql.less_than(param, '?v', '?o')}, true)) }}")
                out += [self.result(param, shape, row["this"], row["v"], lts) for row in self.select(q)]
        return out

    def run_sparql(self, shape: Shape, c: SparqlConstraint, targets: str) -> list[Result]:
        select = c.select
        head = []
        for m in re.finditer(r"^\s*(PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)", select, re.IGNORECASE | re.MULTILINE):
            head.append(m.group(1))
        body = re.sub(r"^\s*(PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)", "", select, flags=re.IGNORECASE | re.MULTILINE)
        body = re.sub(r"\$this\b", "?this", body)
        prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in c.prefixes.items()) + "\n".join(head)
        if not shape.has_targets or "{ SELECT DISTINCT" not in targets:
            targets = "{ SELECT DISTINCT ?this WHERE { " + targets + " } }"
        q = f"{prefixes}\nSELECT * WHERE {{ {targets} {{ {body} }} }}"
        self.queries += 1
        solutions = self.data.store.query(q, named_graphs=[])
        names = [v.value for v in solutions.variables]
        out, seen = [], set()
        for row in solutions:
            values = {name: row[name] for name in names if row[name] is not None}
            if "failure" in values:
                key = ("failure",)
            else:
                key = tuple(sorted((k, str(v)) for k, v in values.items()))
            if key in seen:
                continue
            seen.add(key)
            focus = values.pop("this")
            values.pop("failure", None)
            path = values.pop("path", None)
            value = values.pop("value", None)
            value = focus if value is None else value
            bound = {k: to_rdflib(v) for k, v in values.items()}
            bound_vars = {"this": to_rdflib(focus), **({"path": to_rdflib(path)} if path is not None else {}),
                          "value": to_rdflib(value), **bound}
            r = self.result(SH.sparql, shape, focus, value, [], source_constraint=c.node, bound_vars=bound_vars,
                            extra_messages=list(c.messages))
            if path is not None:
                r.path = to_rdflib(path)
            out.append(r)
        return out

    def add_details(self, node_checks: list) -> None:
        """sh:detail of sh:node results: the nested shape's results at the failing value."""
        by_shape: dict[Node, list] = {}
        for r, rule, value in node_checks:
            by_shape.setdefault(rule, []).append((r, value))
        for rule, pairs in by_shape.items():
            nested = self.program.shape(rule)
            found: dict[Node, list[Result]] = {}
            terms = {_ox_term(v): v for _r, v in pairs if not isinstance(v, ox.BlankNode)}
            if terms:
                for d in self.run_shape(nested, "VALUES ?this { " + " ".join(terms) + " }"):
                    found.setdefault(d.focus, []).append(d)
            for b in {v for _r, v in pairs if isinstance(v, ox.BlankNode)}:
                outer, self.substitutions = self.substitutions, {ox.Variable("this"): b}
                try:
                    found[to_rdflib(b)] = self.run_shape(nested, "")
                finally:
                    self.substitutions = outer
            for r, value in pairs:
                r.details = list(found.get(to_rdflib(value), []))


def validate_loaded(program: ShapesProgram, data: LoadedGraph,
                    progress: Progress | None = None) -> tuple[bool, list[Result]]:
    """(conforms, results): results sorted by their text, as pySHACL's report lists them."""
    runner = _Runner(program, data)
    results: list[Result] = []
    total = len(program.top)
    if progress is not None:
        progress("validate", 0, total)
    for i, shape in enumerate(program.top, 1):
        results += runner.run_shape(shape, runner.sparql.targets(shape))
        if progress is not None:
            progress("validate", i, total)
    results.sort(key=lambda r: r.text)
    conforms = all(r.severity in ALLOWED_SEVERITIES for r in results)
    return conforms, results


def report_text(conforms: bool, results: list[Result]) -> str:
    """pySHACL's report text (validator.create_validation_report)."""
    text = f"Validation Report\nConforms: {conforms}\n"
    if results:
        text += f"Results ({len(results)}):\n"
    return text + "".join(r.text for r in sorted(results, key=lambda r: r.text))

