"""Score the build on the blind real-report set: ``tests/data/real/dev`` (errors may be
read) and ``tests/data/real/sealed`` (totals only: its errors are never read).

    python benchmarks/blind.py            # both sets, totals
    python benchmarks/blind.py --errors   # the dev set's misses and false positives

Each set is built on its own (a fresh build, no cache) and scored with ``kg eval``
against ``tests/gold_real/<set>``; the README's generalisation table is this output.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(errors: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("dev", "sealed"):
            out = Path(tmp) / name
            subprocess.run([sys.executable, "-m", "kg.cli", "build", str(ROOT / "tests/data/real" / name),
                            "--out", str(out), "--no-cache", "--quiet"], check=True, cwd=ROOT)
            args = ["eval", str(ROOT / "tests/gold_real" / name), "--build", str(out)]
            args += ["--errors"] if errors and name == "dev" else ["--summary"]
            print(f"== {name}")
            sys.stdout.flush()
            subprocess.run([sys.executable, "-m", "kg.cli", *args], check=True, cwd=ROOT)


if __name__ == "__main__":
    main("--errors" in sys.argv[1:])
