"""Write a build's outputs as one set, atomically.

Every file is written into a staging folder beside the output folder, and the
staging folder then replaces the output folder by rename. A build that fails or is
killed leaves the previous outputs whole; readers never see a mix of two builds.
``build.json`` (counts and file hashes, nothing time-dependent) marks a folder as a
govreport-kg build, so the writer never replaces a folder it did not make.

The graph files are the big ones (hundreds of MB for a thousand reports), so
:func:`write_build` streams them: the triples come subject by subject from
:func:`kg.graph.triples.iter_groups` and go to ``graph.ttl`` and ``graph.jsonld`` in
one pass, hashed as they are written; no graph object and no whole file is held in
memory. :func:`render_outputs` gives the same bytes in memory, for tests.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from json.encoder import encode_basestring  # the C string encoder json.dumps uses

from kg import __version__
from kg.graph.terms import RDF_TYPE, SIMPLE_RELATIVE, Obj
from kg.graph.vocab import PREFIXES
from kg.model import Build

MANIFEST = "build.json"
GRAPH_FILES = ("graph.ttl", "graph.jsonld")
_COPY_CHUNK = 1 << 20
#: Written objects remembered before the memo is cleared (bounds its memory).
_OBJECT_MEMO_SIZE = 100_000


class OutputError(Exception):
    """The output folder cannot be written; the message is one sentence."""


class _HashingSink:
    """A binary sink that also hashes what goes through it (the manifest's checksums)."""

    def __init__(self, fh: BinaryIO):
        self.fh = fh
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.sha.update(data)
        self.fh.write(data)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the graph is streamed: the stream makes
    millions of short-lived, acyclic tuples (freed by reference counting), and each
    collection they trigger would walk the whole build in memory for nothing. The
    previous state is restored afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _GraphRenderer:
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


def _small_files(build: Build, base_iri: str) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """The outputs other than the graph, each rendered only when asked for (so that one
    at a time is in memory)."""
    from kg.export import html, jsonl

    yield "entities.jsonl", lambda: jsonl.entities_jsonl(build, base_iri)
    yield "relations.jsonl", lambda: jsonl.relations_jsonl(build, base_iri)
    yield "reports.jsonl", lambda: jsonl.reports_jsonl(build)
    yield "build.log.jsonl", lambda: jsonl.build_log_jsonl(build)
    yield "graph.html", lambda: html.render_html(build).encode("utf-8")


def _write_graph(build: Build, base_iri: str, ttl: BinaryIO, ttl_body: BinaryIO,
                 jsonld: BinaryIO) -> tuple[str, str]:
    """Stream the graph to ``ttl`` and ``jsonld`` in one pass; ``ttl_body`` is scratch space
    (readable, writable, seekable) for the Turtle body, which must follow a header that
    counts it. Returns the SHA-256 of the two files. Raises ValueError (before writing
    anything) when the build breaks a contract of the graph (see iter_groups)."""
    from kg.export.jsonld import JsonLdWriter
    from kg.export.turtle import TurtleWriter
    from kg.graph.iris import normalize_base
    from kg.graph.triples import iter_groups

    base = normalize_base(base_iri)
    turtle = TurtleWriter(ttl_body, base)
    jsonld_sink = _HashingSink(jsonld)
    json_writer = JsonLdWriter(jsonld_sink, base)
    render = _GraphRenderer(base).render
    with _collector_paused():
        for subject, preds in iter_groups(build, base):
            block, node, triples = render(subject, preds)
            turtle.write_block(block, triples)
            json_writer.write_node(node)
    turtle.flush()
    json_writer.close()
    ttl_sink = _HashingSink(ttl)
    ttl_sink.write(turtle.header())
    ttl_body.seek(0)
    while chunk := ttl_body.read(_COPY_CHUNK):
        ttl_sink.write(chunk)
    return ttl_sink.sha.hexdigest(), jsonld_sink.sha.hexdigest()


def render_outputs(build: Build, base_iri: str) -> dict[str, bytes]:
    """Every output file's bytes, by file name, in memory (tests; ``kg build`` streams)."""
    ttl, body, jsonld = BytesIO(), BytesIO(), BytesIO()
    _write_graph(build, base_iri, ttl, body, jsonld)
    files = {"graph.ttl": ttl.getvalue(), "graph.jsonld": jsonld.getvalue()}
    for name, render in _small_files(build, base_iri):
        files[name] = render()
    hashes = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    files[MANIFEST] = _manifest(build, base_iri, hashes)
    return files


def _manifest(build: Build, base_iri: str, hashes: dict[str, str]) -> bytes:
    """build.json: counts and the SHA-256 of every other file (``hashes``, by name)."""
    counts: dict[str, int] = {}
    for e in build.entities:
        counts[e.type] = counts.get(e.type, 0) + 1
    doc = {
        "generator": f"govreport-kg {__version__}",
        "base_iri": base_iri,
        "reports": len(build.reports),
        "entities": dict(sorted(counts.items())),
        "relations": len(build.relations),
        "problems": len(build.problems),
        "files": dict(sorted(hashes.items())),
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def check_writable(out_dir: Path) -> None:
    """Fail early, before any extraction work, when the outputs could not be written."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"output path {out_dir} exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MANIFEST).is_file():
        raise OutputError(f"output folder {out_dir} holds files that are not a govreport-kg build; "
                          "choose an empty or new folder")
    parent = out_dir.resolve().parent
    if not parent.is_dir():
        raise OutputError(f"the folder {parent} for the outputs does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (out_dir.exists() and not os.access(out_dir, os.W_OK)):
        raise OutputError(f"output folder {out_dir} is not writable")


def recover(out_dir: Path) -> None:
    """Undo what a killed build left beside ``out_dir``: if it died between its two
    renames, its previous outputs are put back; stale staging folders are removed."""
    out_dir = out_dir.resolve()
    previous = sorted(out_dir.parent.glob(f".{out_dir.name}.previous-*"))
    if previous and not out_dir.exists():
        os.replace(previous[-1], out_dir)
    for stale in sorted(out_dir.parent.glob(f".{out_dir.name}.previous-*")) + sorted(
            out_dir.parent.glob(f".{out_dir.name}.staging-*")):
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def _staged(out_dir: Path) -> Iterator[Path]:
    """A fresh staging folder beside ``out_dir``; when the block ends without error the
    staging folder replaces ``out_dir`` (two renames), otherwise it is removed and the
    previous outputs stay. OSError becomes OutputError."""
    recover(out_dir)
    check_writable(out_dir)
    out_dir = out_dir.resolve()
    stage = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
    old = out_dir.parent / f".{out_dir.name}.previous-{os.getpid()}"
    try:
        if stage.exists():
            shutil.rmtree(stage)
        stage.mkdir()
        yield stage
        if out_dir.exists():
            os.replace(out_dir, old)
        os.replace(stage, out_dir)
    except OSError as exc:
        if old.exists() and not out_dir.exists():
            os.replace(old, out_dir)
        raise OutputError(f"cannot write the outputs to {out_dir}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def _sync(fh: BinaryIO) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def write_files(files: dict[str, bytes], out_dir: Path) -> None:
    """Replace ``out_dir`` with a folder holding exactly ``files``."""
    with _staged(out_dir) as stage:
        for name, data in sorted(files.items()):
            with open(stage / name, "wb") as fh:
                fh.write(data)
                _sync(fh)


def write_build(build: Build, out_dir: Path, base_iri: str) -> dict[str, str]:
    """Write every output of ``build`` into ``out_dir`` as one set, the graph streamed.

    Returns the SHA-256 of each file (as build.json lists them). Raises OutputError when
    the folder cannot be written, ValueError when the build breaks a graph contract
    (then nothing is replaced).
    """
    from kg.graph.iris import normalize_base

    normalize_base(base_iri)  # a bad base fails before anything is touched
    hashes: dict[str, str] = {}
    with _staged(out_dir) as stage:
        body_path = stage / ".graph.ttl.body"
        with open(stage / "graph.ttl", "wb") as ttl, open(body_path, "w+b") as body, \
                open(stage / "graph.jsonld", "wb") as jsonld:
            hashes["graph.ttl"], hashes["graph.jsonld"] = _write_graph(build, base_iri, ttl, body, jsonld)
            _sync(ttl)
            _sync(jsonld)
        body_path.unlink()
        for name, render in _small_files(build, base_iri):
            data = render()
            hashes[name] = hashlib.sha256(data).hexdigest()
            with open(stage / name, "wb") as fh:
                fh.write(data)
                _sync(fh)
            del data
        with open(stage / MANIFEST, "wb") as fh:
            fh.write(_manifest(build, base_iri, hashes))
            _sync(fh)
    return hashes
