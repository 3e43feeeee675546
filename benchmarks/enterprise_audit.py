"""Precision of the predicted enterprises on the 20 provincial reports of 2026, against the
blind audit in ``tests/gold_enterprise_audit`` (a helper judged each predicted name in its
sentence: yes, boundary, no, unsure). The audit was made on the build of all 48 reports of
``../shared/corpus-real`` at commit 2e42573 (the scope is the same here: the build lexicon
learns from every report); a
name the build predicts now and the audit never saw is counted apart (``new``), and precision
is given both over the judged names and with every new name counted wrong (a lower bound).
The dev set's names may be read (``--errors``); the sealed set's are totals only.

    python benchmarks/enterprise_audit.py [--errors]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus-real"


def main(errors: bool) -> None:
    import kg

    if not SHARED.is_dir():
        print("reports not found (needs ../shared/corpus-real)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        build = kg.build([SHARED], out=Path(tmp) / "out", cache_dir=None, jobs=4)
    for name in ("dev", "sealed"):
        audit = json.loads((ROOT / "tests" / "gold_enterprise_audit" / f"{name}.json").read_text(encoding="utf-8"))
        verdict = {(i["report"], i["name"]): i["verdict"] for i in audit["items"]}
        reports = sorted({i["report"] for i in audit["items"]})
        predicted = {(m.report, e.label) for e in build.entities if e.type == "Enterprise"
                     for m in e.mentions if m.report in reports}
        judged = {k: v for k, v in verdict.items() if k in predicted}
        new = sorted(predicted - set(verdict))
        yes = sum(v == "yes" for v in judged.values())
        unsure = sum(v == "unsure" for v in judged.values())
        total_yes = sum(v == "yes" for v in verdict.values())
        counted = len(judged) - unsure
        print(f"== {name}: {len(reports)} reports; predicted {len(predicted)}: judged {len(judged)} "
              f"(yes {yes} of the audit's {total_yes}), new {len(new)}; precision over judged "
              f"{yes / max(1, counted):.2f}, counting new as wrong {yes / max(1, counted + len(new)):.2f}")
        if errors and name == "dev":
            print("still predicted, judged not an enterprise:", sorted(k[1] for k, v in judged.items() if v not in ("yes", "unsure")))
            print("judged yes, no longer predicted:", sorted(k[1] for k, v in verdict.items() if v == "yes" and k not in predicted))
            print("new:", [k[1] for k in new])


if __name__ == "__main__":
    main("--errors" in sys.argv[1:])
