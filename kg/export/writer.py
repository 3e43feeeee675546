"""Write a build's outputs as one set, atomically.

Every file is rendered in memory, written into a staging folder beside the output
folder, and the staging folder then replaces the output folder by rename. A build
that fails or is killed leaves the previous outputs whole; readers never see a mix
of two builds. ``build.json`` (counts and file hashes, nothing time-dependent) marks
a folder as a govreport-kg build, so the writer never replaces a folder it did not make.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from kg import __version__
from kg.model import Build

MANIFEST = "build.json"


class OutputError(Exception):
    """The output folder cannot be written; the message is one sentence."""


def render_outputs(build: Build, base_iri: str) -> dict[str, bytes]:
    """Every output file's bytes, by file name."""
    from kg.export import html, jsonl, jsonld, turtle
    from kg.graph.build import build_graph

    graph = build_graph(build, base_iri)
    files = {
        "graph.ttl": turtle.to_turtle(graph),
        "graph.jsonld": jsonld.to_jsonld(graph),
        "entities.jsonl": jsonl.entities_jsonl(build, base_iri),
        "relations.jsonl": jsonl.relations_jsonl(build, base_iri),
        "reports.jsonl": jsonl.reports_jsonl(build),
        "build.log.jsonl": jsonl.build_log_jsonl(build),
        "graph.html": html.render_html(build).encode("utf-8"),
    }
    files[MANIFEST] = _manifest(build, base_iri, files)
    return files


def _manifest(build: Build, base_iri: str, files: dict[str, bytes]) -> bytes:
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
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
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


def write_files(files: dict[str, bytes], out_dir: Path) -> None:
    """Replace ``out_dir`` with a folder holding exactly ``files``."""
    recover(out_dir)
    check_writable(out_dir)
    out_dir = out_dir.resolve()
    stage = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
    old = out_dir.parent / f".{out_dir.name}.previous-{os.getpid()}"
    try:
        if stage.exists():
            shutil.rmtree(stage)
        stage.mkdir()
        for name, data in sorted(files.items()):
            with open(stage / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
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


def write_build(build: Build, out_dir: Path, base_iri: str) -> dict[str, bytes]:
    files = render_outputs(build, base_iri)
    write_files(files, out_dir)
    return files
