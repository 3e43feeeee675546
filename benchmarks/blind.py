"""Score the build on a blind set: a dev part (errors may be read) and a sealed part
(totals only: its errors are never read).

    python benchmarks/blind.py                       # real-report excerpts, totals
    python benchmarks/blind.py --errors              # … and the dev set's misses and false positives
    python benchmarks/blind.py --glossary [--errors] # real glossaries: the glossary figures only

Sets: ``tests/data/real/{dev,sealed}`` scored against ``tests/gold_real/<set>`` and the city and
county report openings ``tests/data/real/openings{,2}/{dev,sealed}`` against ``tests/gold_openings{,2}/<set>``
(the README's generalisation tables); with ``--glossary``, ``tests/data/glossary_real/{dev,sealed}`` against
``tests/gold_glossary/<set>`` and the crafted glossaries ``tests/data/glossary_crafted`` and
``tests/data/glossary_crafted_sealed`` against the expected readings beside them (the README's
glossary table; that gold lists glossary terms only, so only the glossary lines of ``kg eval``
mean something there). Each set is built on its own (a fresh build, no cache) and scored
with ``kg eval``; a sealed set is printed as totals only.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY_LINES = ("glossary", "GLOSSARY", "COMPONENTS", "warning")


SETS = {  # name: (texts, gold, errors may be read)
    False: [("dev", "tests/data/real/dev", "tests/gold_real/dev", True),
            ("sealed", "tests/data/real/sealed", "tests/gold_real/sealed", False),
            ("openings dev", "tests/data/real/openings/dev", "tests/gold_openings/dev", True),
            ("openings sealed", "tests/data/real/openings/sealed", "tests/gold_openings/sealed", False),
            ("openings 2 dev", "tests/data/real/openings2/dev", "tests/gold_openings2/dev", True),
            ("openings 2 sealed", "tests/data/real/openings2/sealed", "tests/gold_openings2/sealed", False)],
    True: [("dev", "tests/data/glossary_real/dev", "tests/gold_glossary/dev", True),
           ("sealed", "tests/data/glossary_real/sealed", "tests/gold_glossary/sealed", False),
           ("crafted", "tests/data/glossary_crafted", "tests/data/glossary_crafted", True),
           ("crafted sealed", "tests/data/glossary_crafted_sealed", "tests/data/glossary_crafted_sealed", False)],
}


def main(errors: bool, glossary: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, texts, gold, readable in SETS[glossary]:
            out = Path(tmp) / name.replace(" ", "_")
            subprocess.run([sys.executable, "-m", "kg.cli", "build", str(ROOT / texts),
                            "--out", str(out), "--no-cache", "--quiet"], check=False, cwd=ROOT)
            args = ["eval", str(ROOT / gold), "--build", str(out)]
            args += ["--errors"] if errors and readable else ["--summary"]
            print(f"== {name}")
            sys.stdout.flush()
            done = subprocess.run([sys.executable, "-m", "kg.cli", *args], check=True, cwd=ROOT,
                                  capture_output=True, text=True)
            for line in done.stdout.splitlines():
                if not glossary or line.startswith(GLOSSARY_LINES):
                    print(line)


if __name__ == "__main__":
    main("--errors" in sys.argv[1:], "--glossary" in sys.argv[1:])
