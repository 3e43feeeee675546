"""Score indicator observations against gold annotated blind: the dev set
(``tests/gold_indicators``, and a second one, ``tests/gold_indicators_dev2``, first scored
after the rules were tuned on the first; their errors may be read) and the sealed set
(``tests/gold_indicators_sealed``; totals only, its errors are never read), both on reports
of ``../shared/corpus-real`` (or their copies under ``tests/data/real``).

    python benchmarks/indicators.py            # both sets, totals
    python benchmarks/indicators.py --errors   # … and the dev sets' misses and false positives
    python benchmarks/indicators.py dev2       # one set
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "data" / "real", ROOT.parent / "shared" / "corpus-real"]


def reports_of(gold: Path) -> list[Path]:
    """The report files a gold folder names, found by name (copies in the repository first)."""
    names = {json.loads(p.read_text(encoding="utf-8"))["report"] for p in gold.glob("*.json")}
    found: dict[str, Path] = {}
    for source in SOURCES:
        for p in sorted(source.rglob("*.txt")) if source.is_dir() else []:
            if p.name in names:
                found.setdefault(p.name, p)
    return [found[n] for n in sorted(found)] if len(found) == len(names) else []


def main(errors: bool, only: str | None = None) -> None:
    import kg
    from kg.evaluate import evaluate_observations, evaluate_targets, load_gold

    for name, folder, readable in (("dev", "tests/gold_indicators", True),
                                   ("dev2", "tests/gold_indicators_dev2", True),
                                   ("sealed", "tests/gold_indicators_sealed", False)):
        if only and name != only:
            continue
        gold = ROOT / folder
        paths = reports_of(gold)
        if not paths:
            print(f"== {name}: reports not found (needs ../shared/corpus-real)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            build = kg.build(paths, out=Path(tmp) / "out")
        score, errs, agree = evaluate_observations(load_gold(gold), build)
        print(f"== {name}: observations P {score.precision:.3f} ({score.right_predicted}/{score.predicted})  "
              f"R {score.recall:.3f} ({score.found_gold}/{score.gold})  F1 {score.f1:.3f}; of the matched, "
              f"measure {agree['measure']}/{agree['matched']}, qualifier {agree['qualifier']}/{agree['matched']}")
        pairs, pair_errors = evaluate_targets(load_gold(gold), build)
        print(f"   targets paired with results: {pairs.found_gold}/{pairs.gold} of the expected right "
              f"(recall {pairs.recall:.3f}); {pairs.right_predicted}/{pairs.predicted} of the build's right "
              f"(precision {pairs.precision:.3f})")
        if errors and readable:
            print("\n".join(["false positives:", *errs.false_positives, "missed:", *errs.missed,
                              "pairing errors:", *pair_errors]))


if __name__ == "__main__":
    args = sys.argv[1:]
    main("--errors" in args, next((a for a in args if not a.startswith("-")), None))
