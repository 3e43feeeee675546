"""RDF terms as plain Python values, for building and writing large graphs fast.

rdflib term objects cost about a microsecond and a few hundred bytes each; a build
of a thousand reports has millions of triples, so the graph is never held as
rdflib objects on the build path. Here an IRI is a ``str`` (the full IRI) and a
literal is a ``(lexical, datatype, language)`` tuple, with ``""`` for "none":
both are hashable, compare by value (so a set of them deduplicates triples), and
carry all the writers need. :func:`object_key` and :func:`natural_key` give the
one order every writer uses, so Turtle and JSON-LD list things alike.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from collections.abc import Iterable
from typing import Union

from kg.graph.vocab import RDF, XSD

__all__ = [
    "SIMPLE_RELATIVE", "Group", "Lit", "Obj", "RDF_TYPE", "XSD_BOOLEAN", "XSD_DATE", "XSD_DOUBLE", "XSD_GYEAR",
    "XSD_INTEGER", "XSD_NNI", "XSD_STRING", "LOCAL_NAME", "clean", "natural_key", "object_key",
    "relative_ok", "sort_naturally",
]

#: A literal: (lexical form, datatype IRI or "", language tag or "").
Lit = tuple[str, str, str]
#: An object: an IRI (``str``) or a literal.
Obj = Union[str, Lit]
#: One subject with its predicates (``rdf:type`` first, then by IRI) and their sorted objects.
Group = tuple[str, list[tuple[str, list[Obj]]]]

RDF_TYPE = str(RDF.type)
XSD_STRING = str(XSD.string)
XSD_INTEGER = str(XSD.integer)
XSD_NNI = str(XSD.nonNegativeInteger)
XSD_BOOLEAN = str(XSD.boolean)
XSD_DOUBLE = str(XSD.double)
XSD_GYEAR = str(XSD.gYear)
XSD_DATE = str(XSD.date)
XSD_DECIMAL = str(XSD.decimal)

#: A local name that may follow ``prefix:`` in both Turtle and a JSON-LD compact IRI.
LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")

#: A relative reference that certainly resolves back against the base and needs no escape
#: in Turtle or JSON (alphanumeric start, no scheme-like first segment, no dot segments,
#: no query, fragment or character IRIs forbid). Anything else takes the slow, exact path.
SIMPLE_RELATIVE = re.compile(
    r"[A-Za-z0-9][^\x00-\x20<>\"{}|^`\\?#:/]*"
    r"(?:/(?!\.\.?(?:/|$))[^\x00-\x20<>\"{}|^`\\?#/]*)*")

_SURROGATE = re.compile("[\ud800-\udfff]")
_INTEGER_TYPES = frozenset(str(XSD[name]) for name in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
))
_NUMERIC_TYPES = _INTEGER_TYPES | {str(XSD.decimal), XSD_DOUBLE, str(XSD.float)}
_DIGITS = re.compile(r"[0-9]+")
_ZERO = Decimal(0)
_SEGMENT_MEMO_SIZE = 200_000


def clean(text: str) -> str:
    """Text safe for every serialisation: lone surrogates (undecodable bytes kept by a
    reader) cannot be written as UTF-8, so they become U+FFFD."""
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


def _pad(match: re.Match[str]) -> str:
    return match.group(0).rjust(20, "0")


def natural_key(iri: str) -> str:
    """Sort key that orders digit runs by value (``…/7-11`` before ``…/13-22``): runs are
    left-padded to 20 digits, then the IRI itself breaks ties (after U+0000, which no IRI
    holds), so the order is total and the same as sorting by (padded, IRI)."""
    return _DIGITS.sub(_pad, iri) + "\x00" + iri


def sort_naturally(iris: Iterable[str]) -> list[str]:
    """IRIs sorted by :func:`natural_key`, fast: the padded form is made per ``/`` segment
    (digit runs never span a ``/``) and segments repeat a lot (hosts, hashes of a parent,
    ``mention``, ``evidence``), so each distinct segment is padded once."""
    memo: dict[str, str] = {}
    sub = _DIGITS.sub

    def key(iri: str) -> str:
        parts = iri.split("/")
        for i, part in enumerate(parts):
            padded = memo.get(part)
            if padded is None:
                if len(memo) > _SEGMENT_MEMO_SIZE:
                    memo.clear()
                padded = memo[part] = sub(_pad, part)
            parts[i] = padded
        return "/".join(parts) + "\x00" + iri

    return sorted(iris, key=key)


def object_key(obj: Obj) -> tuple:
    """Sort key of an object: IRIs (by IRI) before literals; literals by datatype, language,
    then numbers by value (ties by lexical form), other literals by lexical form."""
    if type(obj) is str:
        return (0, obj)
    lexical, datatype, lang = obj
    number: Decimal | int | None = None
    if datatype in _NUMERIC_TYPES:
        try:
            number = Decimal(lexical)
        except InvalidOperation:
            number = None
        if number is not None and number.is_nan():
            number = None  # NaN does not compare; order it as text
    return (1, datatype, lang, number is None, _ZERO if number is None else number, lexical)


def relative_ok(rest: str) -> bool:
    """Whether ``rest`` resolves back to ``base + rest`` under RFC 3986 (no scheme-like first
    segment, no dot segments, no query or fragment)."""
    if not rest or not rest[0].isalnum() or "?" in rest or "#" in rest:
        return False
    slash = rest.find("/")
    if ":" in (rest if slash < 0 else rest[:slash]):
        return False
    wrapped = "/" + rest + "/"
    return "/./" not in wrapped and "/../" not in wrapped
