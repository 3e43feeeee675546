"""Score the ``locatedIn`` relations against located-in gold annotated blind: the dev set
(``tests/data/real/places`` against ``tests/gold_places``; its errors may be read) and the
sealed set (``tests/gold_places_sealed``, reports of ``../shared/corpus-real``; totals only,
its errors are never read).

    python benchmarks/places.py            # both sets, totals
    python benchmarks/places.py --errors   # … and the dev set's misses and false positives
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _shared import ROOT, build_set, print_errors, reports_named_by


def main(errors: bool) -> None:
    from kg.evaluate import evaluate_located_in, load_gold

    sets = [("dev", sorted((ROOT / "tests" / "data" / "real" / "places").glob("*.txt")), "tests/gold_places", True),
            ("sealed", reports_named_by(ROOT / "tests" / "gold_places_sealed"), "tests/gold_places_sealed", False)]
    for name, paths, gold, readable in sets:
        with tempfile.TemporaryDirectory() as tmp:
            build = build_set(name, paths, Path(tmp) / "out")
        if build is None:
            continue
        score, errs = evaluate_located_in(load_gold(ROOT / gold), build)
        print(f"== {name}: locatedIn P {score.precision:.3f} ({score.right_predicted}/{score.predicted})  "
              f"R {score.recall:.3f} ({score.found_gold}/{score.gold})  F1 {score.f1:.3f}")
        if errors and readable:
            print_errors(errs)


if __name__ == "__main__":
    main("--errors" in sys.argv[1:])
