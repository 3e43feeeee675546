"""Dump or compare the extraction stage's results, so that a speed change can be shown
to leave them exactly as they were.

    python benchmarks/extraction_dump.py CORPUS OUT.json [--jobs N] [--time]
    python benchmarks/extraction_dump.py --compare A.json B.json

The dump holds, per report, the mined lexicon entries and every mention (type, text,
offsets, rule, cue, sentence, section), sense and link of the extraction stage (read,
mine, extract and recognise, as :func:`kg.pipeline.run` runs them), plus the merged
lexicon: everything linking reads. ``--time`` prints the stages' wall time.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from pathlib import Path


def dump(corpus: Path, out: Path, jobs: int = 1, timed: bool = False) -> None:
    from kg.cache import Cache
    from kg.extract.lexicon import merge_entries
    from kg.genre import default
    from kg.parallel import Jobs, Runner
    from kg.pipeline import STAGES, BuildState, _no_progress

    t0, c0 = time.perf_counter(), time.process_time()
    with Runner(Jobs(jobs)) as runner:
        state = BuildState([corpus], default(), Cache(None), runner, _no_progress)
        stages = {s.name: s for s in STAGES}
        stages["read"].run(state)
        t1 = time.perf_counter()
        for name in ("lexicon", "extract", "recognise"):
            stages[name].run(state)
        reports, mined, extractions = state.reports, state.mined, state.extractions
    t2, c2 = time.perf_counter(), time.process_time()
    if timed:
        import resource

        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"read+mine {t1 - t0:.2f}s  extract {t2 - t1:.2f}s  total {t2 - t0:.2f}s wall; CPU "
              f"{c2 - c0:.2f}s main, {children.ru_utime + children.ru_stime:.2f}s workers "
              f"({len(reports)} reports, jobs={jobs})", file=sys.stderr)
    data = {
        "lexicon": [dataclasses.astuple(e) for e in merge_entries(m.terms for m in mined)],
        "reports": {
            r.id: {
                "mined": [dataclasses.astuple(e) for e in m.terms],
                "mentions": [dataclasses.asdict(x) for x in ex.mentions],
                "senses": [dataclasses.asdict(s) for s in ex.senses],
                "links": [dataclasses.asdict(k) for k in ex.links],
                "warnings": ex.warnings,
            }
            for r, m, ex in zip(reports, mined, extractions)
        },
    }
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")


def compare(a: Path, b: Path) -> int:
    x = json.loads(a.read_text(encoding="utf-8"))
    y = json.loads(b.read_text(encoding="utf-8"))
    bad = 0
    if x["lexicon"] != y["lexicon"]:
        print("lexicon differs")
        bad += 1
    for rid in sorted(set(x["reports"]) | set(y["reports"])):
        rx, ry = x["reports"].get(rid), y["reports"].get(rid)
        if rx is None or ry is None:
            print(f"{rid}: only in one dump")
            bad += 1
            continue
        for part in ("mined", "mentions", "senses", "links", "warnings"):
            if rx[part] != ry[part]:
                bad += 1
                sx = {json.dumps(v, sort_keys=True, ensure_ascii=False) for v in rx[part]}
                sy = {json.dumps(v, sort_keys=True, ensure_ascii=False) for v in ry[part]}
                print(f"{rid} {part}: {len(rx[part])} vs {len(ry[part])}")
                for v in sorted(sx - sy)[:3]:
                    print("  -", v[:300])
                for v in sorted(sy - sx)[:3]:
                    print("  +", v[:300])
    print("identical" if not bad else f"{bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--compare":
        raise SystemExit(compare(Path(args[1]), Path(args[2])))
    jobs = int(args[args.index("--jobs") + 1]) if "--jobs" in args else 1
    dump(Path(args[0]), Path(args[1]), jobs, "--time" in args)
