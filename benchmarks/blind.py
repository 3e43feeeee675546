"""Score the build on a blind set: a dev part (errors may be read) and a sealed part
(totals only: its errors are never read).

    python benchmarks/blind.py                       # real-report excerpts, totals
    python benchmarks/blind.py --errors              # … and the dev set's misses and false positives
    python benchmarks/blind.py --glossary [--errors] # real glossaries: the glossary figures only

Sets: ``tests/data/real/{dev,sealed}`` scored against ``tests/gold_real/<set>`` (the README's
generalisation table), and ``tests/data/glossary_real/{dev,sealed}`` against
``tests/gold_glossary/<set>`` (the README's glossary table; its gold lists glossary terms
only, so only the glossary lines of ``kg eval`` mean something there). Each set is built
on its own (a fresh build, no cache) and scored with ``kg eval``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY_LINES = ("glossary", "GLOSSARY", "COMPONENTS", "warning")


def main(errors: bool, glossary: bool) -> None:
    data, gold = ("glossary_real", "gold_glossary") if glossary else ("real", "gold_real")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("dev", "sealed"):
            out = Path(tmp) / name
            subprocess.run([sys.executable, "-m", "kg.cli", "build", str(ROOT / "tests/data" / data / name),
                            "--out", str(out), "--no-cache", "--quiet"], check=False, cwd=ROOT)
            args = ["eval", str(ROOT / "tests" / gold / name), "--build", str(out)]
            args += ["--errors"] if errors and name == "dev" else ["--summary"]
            print(f"== {name}")
            sys.stdout.flush()
            done = subprocess.run([sys.executable, "-m", "kg.cli", *args], check=True, cwd=ROOT,
                                  capture_output=True, text=True)
            for line in done.stdout.splitlines():
                if not glossary or line.startswith(GLOSSARY_LINES):
                    print(line)


if __name__ == "__main__":
    main("--errors" in sys.argv[1:], "--glossary" in sys.argv[1:])
