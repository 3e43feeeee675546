"""Turtle and JSON-LD text of one subject at a time, both in one pass.

The streaming writer (:mod:`kg.export.writer`) renders millions of subjects; doing the
Turtle block and the JSON-LD node separately (:meth:`kg.export.turtle.TermWriter.block`,
:meth:`kg.export.jsonld.Compactor.node`) walks every object twice and writes each term
twice. This renderer gives the same text with the per-triple work shared; the term
rules (escapes, prefixes, compaction) stay in those two modules, and a test holds the
outputs equal.
"""

from __future__ import annotations

from json.encoder import encode_basestring  # the C string encoder json.dumps uses

from kg.graph.terms import RDF_TYPE, SIMPLE_RELATIVE, Obj
from kg.graph.vocab import PREFIXES

#: Written objects remembered before the memo is cleared (bounds its memory).
_OBJECT_MEMO_SIZE = 100_000


class GraphTextRenderer:
    """Writes each subject as its Turtle block and its JSON-LD node in one pass.

    The same text :meth:`kg.export.turtle.TermWriter.block` and
    :meth:`kg.export.jsonld.Compactor.node` give (a test holds them equal), with the
    per-triple work shared: one walk over the objects, one memo of each object's three
    written forms (Turtle, JSON alone, JSON in a list), one relative-IRI check per IRI.
    The memo is cleared when full, so memory stays bounded and the output never
    depends on it. Term rules (escapes, prefixes, compaction) stay in those two modules.
    """

    def __init__(self, base: str):
        from kg.export.jsonld import Compactor
        from kg.export.turtle import TermWriter

        self.base = base
        self.ttl = TermWriter(base)
        self.json = Compactor(base)
        self._objects: dict[Obj, list[str | None]] = {}
        self._preds: dict[str, tuple[str, str, str]] = {}
        self._types: dict[str, str] = {}
        self._nested = tuple(ns[len(base):] for _p, ns in PREFIXES if ns.startswith(base))

    def _relative(self, iri: str) -> str | None:
        """The relative form of an instance IRI when it is plainly safe in both syntaxes."""
        if iri.startswith(self.base):
            rest = iri[len(self.base):]
            if not rest.startswith(self._nested) and SIMPLE_RELATIVE.fullmatch(rest):
                return rest
        return None

    def _object(self, obj: Obj) -> list[str | None]:
        if type(obj) is str:
            rest = self._relative(obj)
            if rest is not None:
                return ["<" + rest + ">", '{\n    "@id": "' + rest + '"\n   }',
                        '{\n     "@id": "' + rest + '"\n    }']
            return [self.ttl.iri(obj), None, None]
        return [self.ttl.literal(obj), None, None]  # type: ignore[arg-type]

    def _pred(self, pred: str) -> tuple[str, str, str]:
        """Turtle head, JSON-LD key and JSON-LD head of a predicate."""
        key = self.json.iri(pred, relative=False)
        info = self._preds[pred] = ("    a " if pred == RDF_TYPE else "    " + self.ttl.iri(pred) + " ",
                                    key, "   " + encode_basestring(key) + ": ")
        return info

    def render(self, subject: str, preds: list[tuple[str, list[Obj]]]) -> tuple[str, str, int]:
        """(Turtle block, JSON-LD node, number of triples) of one subject."""
        cache, pred_info = self._objects, self._preds
        if len(cache) > _OBJECT_MEMO_SIZE:
            cache.clear()
        rest = self._relative(subject)
        if rest is not None:
            lines = ["<" + rest + ">"]
            entries = ['   "@id": "' + rest + '"']
        else:
            lines = [self.ttl.iri(subject)]
            entries = ['   "@id": ' + encode_basestring(self.json.iri(subject, relative=True))]
        props: list[tuple[str, str]] = []
        last = len(preds) - 1
        triples = 0
        value = self.json.value
        for i, (pred, objects) in enumerate(preds):
            info = pred_info.get(pred) or self._pred(pred)
            end = " ." if i == last else " ;"
            forms = []
            for obj in objects:
                form = cache.get(obj)
                if form is None:
                    form = cache[obj] = self._object(obj)
                forms.append(form)
            triples += len(forms)
            if len(forms) == 1:
                form = forms[0]
                lines.append(info[0] + form[0] + end)  # type: ignore[operator]
                if pred == RDF_TYPE and type(objects[0]) is str:
                    entries.append('   "@type": ' + self._type(objects[0]))  # type: ignore[arg-type]
                    continue
                alone = form[1]
                if alone is None:
                    alone = form[1] = value(objects[0], "   ")
                props.append((info[1], info[2] + alone))
                continue
            if pred == RDF_TYPE:
                lines.append(info[0] + ", ".join([f[0] for f in forms]) + end)  # type: ignore[misc]
                if all(type(o) is str for o in objects):
                    entries.append('   "@type": [\n    ' + ",\n    ".join(
                        [self._type(o) for o in objects]) + "\n   ]")  # type: ignore[arg-type]
                    continue
            else:
                lines.append(info[0] + forms[0][0] + " ,")  # type: ignore[operator]
                lines.extend(["        " + f[0] + " ," for f in forms[1:-1]])  # type: ignore[operator]
                lines.append("        " + forms[-1][0] + end)  # type: ignore[operator]
            texts = []
            for obj, form in zip(objects, forms):
                listed = form[2]
                if listed is None:
                    listed = form[2] = value(obj, "    ")
                texts.append(listed)
            props.append((info[1], info[2] + "[\n    " + ",\n    ".join(texts) + "\n   ]"))
        if len(props) > 1:
            props.sort(key=_first)
        entries.extend([text for _key, text in props])
        lines.append("")
        return "\n".join(lines), "  {\n" + ",\n".join(entries) + "\n  }", triples

    def _type(self, iri: str) -> str:
        written = self._types.get(iri)
        if written is None:
            written = self._types[iri] = encode_basestring(self.json.iri(iri, relative=False))
        return written


def _first(pair: tuple[str, str]) -> str:
    return pair[0]
