"""Benchmark the whole build against its floor, on synthetic corpora of N reports.

    python benchmarks/run.py [N ...]          (default: 10 100 1000)

For each N: the *floor* (read and decode the same files and segment them with jieba
alone, one process), the whole build with ``--jobs 1`` and ``--jobs 2`` (read,
extract, link, render and write every output; no cache), the peak memory of each, and
the time of each example SPARQL query in ``ontology/queries/`` on the built graph.
Every measurement runs in a fresh process so that peak memory is its own. Prints a
Markdown table (the one in the README) and checks that both job counts gave
byte-identical outputs.

The query measurement (``--child query``) separates the two costs of ``kg query``: *load*
(parsing graph.ttl into pyoxigraph's in-memory store, paid once per ``kg query`` call on
a build below ``PERSIST_MIN_BYTES``) and each example query's own time on the loaded store
(run as shipped, a parameter filled with the build's name that has the most to answer;
result rows converted to Python strings, no output formatting), and the timeline of every
project (the query's commented form). It also times creating the persistent on-disk store
and opening it again (what ``kg query`` pays on a large build, first and later calls). The
table shows the load time and the slowest shipped query (by name); the log line after it
every query's time.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def _child(mode: str, corpus: Path, out: Path, jobs: int = 1) -> dict:
    """Run one measurement in a fresh interpreter; returns its JSON result."""
    proc = subprocess.run([sys.executable, __file__, "--child", mode, str(corpus), str(out), str(jobs)],
                          capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child {mode} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, corpus: Path, out: Path, jobs: int) -> dict:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    files = sorted(corpus.glob("*.txt"))
    t0 = time.perf_counter()
    if mode == "floor":
        from kg.corpus.read import decode

        tok = jieba.Tokenizer()
        tok.initialize()
        chars = 0
        for path in files:
            text = decode(path.read_bytes()).text
            chars += len(text)
            tok.lcut(text)
        return {"seconds": time.perf_counter() - t0, "chars": chars, "peak_mb": _peak_mb()}
    if mode == "build":
        from kg.pipeline import run

        stages: dict[str, float] = {}
        marks = {"start": t0}

        def progress(stage: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if done == 0:
                marks[stage] = now
            if done == total:
                stages[stage] = now - marks[stage]
                marks["last"] = now

        build = run([corpus], progress=progress, jobs=jobs, out=out)  # every stage, the write included
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "stages": stages, "chars": sum(len(r.text) for r in build.reports),
                "entities": len(build.entities), "relations": len(build.relations), "peak_mb": _peak_mb(),
                "children_peak_mb": _children_peak_mb()}
    if mode == "query":
        import shutil

        from kg.query.sparql import STORE_PREFIX, open_persistent_store, open_store, query_store

        store = open_store(out)
        load = time.perf_counter() - t0
        times, rows = {}, {}
        for name, query in _queries(out):
            start = time.perf_counter()
            rows[name] = len(query_store(store, query)[1])
            times[name] = time.perf_counter() - start
        del store
        for old in out.glob(STORE_PREFIX + "*"):
            shutil.rmtree(old)
        start = time.perf_counter()
        del_me = open_persistent_store(out)
        create = time.perf_counter() - start
        del del_me
        start = time.perf_counter()
        open_persistent_store(out)
        reopen = time.perf_counter() - start
        return {"seconds": time.perf_counter() - t0, "load": load, "queries": times, "rows": rows,
                "store_create": create, "store_open": reopen, "peak_mb": _peak_mb()}
    raise SystemExit(f"unknown mode {mode}")


def _queries(build: Path) -> list[tuple[str, str]]:
    """Each example query, its parameter filled with a name of this build that has the most
    to answer (the shipped default names belong to the samples and find nothing in a
    synthetic corpus), and the timeline of every project as well (its commented form)."""
    from kg.query.sparql import bind_values

    most: dict[str, tuple[int, str]] = {}
    with open(build / "entities.jsonl", encoding="utf-8") as fh:
        for line in fh:
            e = json.loads(line)
            for kind, weight in (("project", len(e.get("status", [])) if e["type"] == "Project" else -1),
                                 ("park", len(e["mentions"]) if e["type"] == "Project"
                                  and e["label"].endswith("园") else -1),
                                 ("enterprise", len(e["mentions"]) if e["type"] == "Enterprise" else -1)):
                if weight >= 0 and (weight, e["label"]) > most.get(kind, (-1, "")):
                    most[kind] = (weight, e["label"])
    parameters = {"project-status-timeline": ("name", "project"), "sentences-mentioning": ("name", "enterprise"),
                  "enterprises-in-park": ("park_name", "park")}
    out = []
    for path in sorted((ROOT / "ontology" / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if path.stem in parameters:
            variable, kind = parameters[path.stem]
            if kind in most:
                text = bind_values(text, variable, [most[kind][1]])
        out.append((path.stem, text))
        if path.stem == "project-status-timeline":
            every = re.sub(r"  \{\n    VALUES \?name[^}]*\}\n[^}]*\}\n  # (\{ \?project a gr:Project \})",
                           r"  \1", path.read_text(encoding="utf-8"))
            assert every != text, "the commented all-projects group of the timeline query was not found"
            out.append((path.stem + " (every project)", every))
    return out


def _children_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main(sizes: list[int]) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    rows = []
    for n in sizes:
        corpus = OUT / f"corpus-{n}"
        generate(n, corpus)
        mb = sum(p.stat().st_size for p in corpus.glob("*.txt")) / 1e6
        floor = _child("floor", corpus, OUT / "none")
        one = _child("build", corpus, OUT / f"build-{n}-j1", 1)
        two = _child("build", corpus, OUT / f"build-{n}-j2", 2)
        same = (OUT / f"build-{n}-j1" / "build.json").read_bytes() == (OUT / f"build-{n}-j2" / "build.json").read_bytes()
        query = _child("query", corpus, OUT / f"build-{n}-j1")
        shipped = {k: v for k, v in query["queries"].items() if "(every" not in k}
        name, slowest = max(shipped.items(), key=lambda kv: kv[1], default=("-", 0.0))
        rows.append((n, mb, floor, one, two, same, query, name, slowest))
        print(f"N={n}: floor {floor['seconds']:.1f}s, build {one['seconds']:.1f}s "
              f"({one['seconds'] / floor['seconds']:.2f}x), jobs=2 {two['seconds']:.1f}s, identical={same}, "
              f"load {query['load']:.2f}s, slowest query {name} {slowest:.3f}s, persistent store "
              f"created {query['store_create']:.1f}s / opened {query['store_open']:.3f}s; queries "
              + ", ".join(f"{k} {v:.3f}s" for k, v in query["queries"].items()), file=sys.stderr)
        for label, result in (("jobs 1", one), ("jobs 2", two)):
            print(f"  stages, {label}: " + ", ".join(f"{k} {v:.1f}s" for k, v in result["stages"].items()),
                  file=sys.stderr)
    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}\n")
    print("| N | MB | floor s | build s (jobs 1) | × floor | chars/s | peak MB | build s (jobs 2) | speed-up "
          "| identical | graph load s | slowest query s | store open s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n, mb, floor, one, two, same, query, name, slowest in rows:
        print(f"| {n} | {mb:.1f} | {floor['seconds']:.1f} | {one['seconds']:.1f} | {one['seconds'] / floor['seconds']:.2f} "
              f"| {one['chars'] / one['seconds']:,.0f} | {one['peak_mb']:.0f} | {two['seconds']:.1f} "
              f"| {one['seconds'] / two['seconds']:.2f} | {'yes' if same else 'NO'} | {query['load']:.2f} "
              f"| {slowest:.3f} ({name}) | {query['store_open']:.3f} |")
    if len(rows) >= 2:
        n1, n2 = rows[-2][0], rows[-1][0]
        ratio = rows[-1][3]["seconds"] / rows[-2][3]["seconds"]
        print(f"\nGrowth: N={n2} took {ratio:.1f}× the time of N={n1} ({n2 / n1:.0f}× the reports).")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        print(json.dumps(child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [10, 100, 1000])
