"""What the blind-set benchmarks share: finding the reports a gold folder names, building a set,
printing a dev set's errors."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus-real"


def reports_named_by(gold_dir: Path) -> list[Path]:
    """The reports of ``../shared/corpus-real`` the gold files of ``gold_dir`` name, sorted;
    ``[]`` when that folder or any of them is missing."""
    names = {json.loads(p.read_text(encoding="utf-8"))["report"] for p in Path(gold_dir).glob("*.json")}
    found = sorted(p for p in SHARED.rglob("*.txt") if p.name in names) if SHARED.is_dir() else []
    return found if len(found) == len(names) else []


def build_set(name: str, paths: list[Path], out: Path):
    """A fresh build (no cache) of ``paths`` written to ``out``; ``None``, said on stdout, when
    the set's reports are missing."""
    if not paths:
        print(f"== {name}: reports not found (needs ../shared/corpus-real)")
        return None
    import kg

    return kg.build(paths, out=out, cache_dir=None)


def print_errors(errors) -> None:
    """A dev set's false positives and misses (an :class:`kg.evaluate.Errors`)."""
    print("\n".join(["false positives:", *errors.false_positives, "missed:", *errors.missed]))
