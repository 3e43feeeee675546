"""Score the ``locatedIn`` relations against located-in gold annotated blind: the dev set
(``tests/data/real/places`` against ``tests/gold_places``; its errors may be read) and the
sealed set (``tests/gold_places_sealed``, reports of ``../shared/corpus-real``; totals only,
its errors are never read).

    python benchmarks/places.py            # both sets, totals
    python benchmarks/places.py --errors   # … and the dev set's misses and false positives
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus-real"


def _sealed_reports() -> list[Path]:
    names = {json.loads(p.read_text(encoding="utf-8"))["report"] for p in (ROOT / "tests" / "gold_places_sealed").glob("*.json")}
    found = sorted(p for p in SHARED.rglob("*.txt") if p.name in names) if SHARED.is_dir() else []
    return found if len(found) == len(names) else []


def main(errors: bool) -> None:
    import kg
    from kg.evaluate import evaluate_located_in, load_gold

    sets = [("dev", sorted((ROOT / "tests" / "data" / "real" / "places").glob("*.txt")), "tests/gold_places", True),
            ("sealed", _sealed_reports(), "tests/gold_places_sealed", False)]
    for name, paths, gold, readable in sets:
        if not paths:
            print(f"== {name}: reports not found (needs ../shared/corpus-real)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            build = kg.build(paths, out=Path(tmp) / "out", cache_dir=None)
        score, errs = evaluate_located_in(load_gold(ROOT / gold), build)
        print(f"== {name}: locatedIn P {score.precision:.3f} ({score.right_predicted}/{score.predicted})  "
              f"R {score.recall:.3f} ({score.found_gold}/{score.gold})  F1 {score.f1:.3f}")
        if errors and readable:
            print("\n".join(["false positives:", *errs.false_positives, "missed:", *errs.missed]))


if __name__ == "__main__":
    main("--errors" in sys.argv[1:])
