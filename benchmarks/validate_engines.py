"""`kg validate`'s two engines on real builds: seconds and peak memory, and whether they agree.

Usage:
    python benchmarks/validate_engines.py                  # the sample build and, when present,
                                                           # benchmarks/out/build-{100,1000}-j1
    python benchmarks/validate_engines.py BUILD_DIR ...    # these builds
    python benchmarks/validate_engines.py --pyshacl-max-triples 0 ...   # SPARQL engine only

`python benchmarks/run.py 100` (or 1000) makes the synthetic builds. The sample build is
made here with `kg build corpus --no-cache` into benchmarks/out/validate-sample/.

Each measurement runs `validate_build(build, engine=…)` in a fresh interpreter (so its peak
memory is its own: resource.getrusage's ru_maxrss) and reports the wall time of the whole
call and, for the SPARQL engine, its two parts: loading graph.ttl into pyoxigraph (with the
side graph of typed literals) and checking the shapes. pySHACL is skipped on graphs above
--pyshacl-max-triples (default 1.5 million; at 600 thousand it takes minutes and GBs).
When both engines ran, the table says whether verdict and report text are identical.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def child(engine: str, build: str) -> dict:
    import resource

    sys.path.insert(0, str(ROOT))
    from kg.validate import validate_build

    marks: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        marks.setdefault(stage, time.perf_counter())
        marks[stage + "_end"] = time.perf_counter()

    t0 = time.perf_counter()
    conforms, text = validate_build(build, progress=progress, engine=engine)
    seconds = time.perf_counter() - t0
    out = {"seconds": seconds, "conforms": conforms, "text_sha": hashlib.sha256(text.encode()).hexdigest(),
           "results": text.count("\n\tSeverity: "), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if engine == "sparql":
        out["load"] = marks["validate"] - t0
        out["check"] = marks["validate_end"] - marks["validate"]
    return out


def _measure(engine: str, build: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", engine, str(build)], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"validate {engine} {build} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _triples(build: Path) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(build / "graph.ttl"), format=ox.RdfFormat.TURTLE))


def _sample_build() -> Path:
    out = OUT / "validate-sample"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(ROOT / "corpus"), "--out", str(out), "--no-cache",
                    "--quiet"], check=True, cwd=ROOT)
    return out


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("builds", nargs="*", type=Path)
    ap.add_argument("--pyshacl-max-triples", type=int, default=1_500_000)
    ap.add_argument("--child", nargs=2, metavar=("ENGINE", "BUILD"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    builds = args.builds or [_sample_build()] + [b for n in (100, 1000) if (b := OUT / f"build-{n}-j1").is_dir()]
    print(f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    print("| build | triples | graph.ttl | engine | seconds (load + check) | peak RSS | results | same as pySHACL |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for build in builds:
        triples = _triples(build)
        size = (build / "graph.ttl").stat().st_size / 1e6
        sparql = _measure("sparql", build)
        ref = _measure("pyshacl", build) if triples <= args.pyshacl_max_triples else None
        same = "—" if ref is None else (
            "yes" if (ref["conforms"], ref["text_sha"]) == (sparql["conforms"], sparql["text_sha"]) else "**NO**")
        print(f"| {build.name} | {triples:,} | {size:.1f} MB | sparql | {sparql['seconds']:.1f} "
              f"({sparql['load']:.1f} + {sparql['check']:.1f}) | {sparql['peak_mb']:.0f} MB | {sparql['results']} | {same} |")
        if ref is not None:
            print(f"| {build.name} | {triples:,} | {size:.1f} MB | pyshacl | {ref['seconds']:.1f} | "
                  f"{ref['peak_mb']:.0f} MB | {ref['results']} | |")
        else:
            print(f"| {build.name} | {triples:,} | {size:.1f} MB | pyshacl | skipped (> --pyshacl-max-triples) | | | |")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
