"""Score the typed relations against relation gold annotated blind: the dev set
(``tests/gold_relations``; its errors may be read) and the sealed set
(``tests/gold_relations_sealed``; totals only, its errors are never read), both on reports of
``../shared/corpus-real``. Also the share of typed relations among all relations of those reports.

    python benchmarks/relations.py            # both sets, per predicate and in all
    python benchmarks/relations.py --errors   # … and the dev set's misses and false positives
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _shared import ROOT, build_set, print_errors, reports_named_by


def main(errors: bool) -> None:
    from kg.evaluate import evaluate_relations, load_gold
    from kg.link.relations import WEAK_RELATIONS

    for name, gold, readable in (("dev", "tests/gold_relations", True), ("sealed", "tests/gold_relations_sealed", False)):
        paths = reports_named_by(ROOT / gold)
        with tempfile.TemporaryDirectory() as tmp:
            build = build_set(name, paths, Path(tmp) / "out")
        if build is None:
            continue
        scores, errs = evaluate_relations(load_gold(ROOT / gold), build)
        typed = sum(r.predicate not in WEAK_RELATIONS for r in build.relations)
        print(f"== {name}: {len(paths)} reports; typed relations {typed} of {len(build.relations)}"
              f" ({typed / max(1, len(build.relations)):.0%})")
        for pred, s in scores.items():
            print(f"  {'ALL' if pred == '*' else pred:<10} P {s.precision:.3f} ({s.right_predicted}/{s.predicted})  "
                  f"R {s.recall:.3f} ({s.found_gold}/{s.gold})  F1 {s.f1:.3f}")
        if errors and readable:
            print_errors(errs)


if __name__ == "__main__":
    main("--errors" in sys.argv[1:])
