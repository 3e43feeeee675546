"""A hostile input at scale: one report file of SIZE_MB megabytes on a single line,
no punctuation, built end to end. Prints the time per megabyte at two sizes, so that
linear growth can be checked (a quadratic step would show as a growing ratio).

    python benchmarks/long_line.py [SIZE_MB]      (default 50)
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def long_line(size_mb: float) -> str:
    sample = (ROOT / "corpus" / "002_88621541501a8a2f.txt").read_text(encoding="utf-8")
    body = re.sub(r"[\s。，、；：！？“”（）]", "", sample)
    per_char = len(body.encode("utf-8")) / len(body)  # CJK is 3 bytes in UTF-8, digits 1
    chars = int(size_mb * 1_000_000 / per_char) + 1
    return "各位代表" + (body * (chars // len(body) + 1))[:chars]


def build_seconds(size_mb: float) -> float:
    from kg.pipeline import run

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one-line.txt"
        path.write_text(long_line(size_mb), encoding="utf-8")
        start = time.perf_counter()
        build = run([path])
        seconds = time.perf_counter() - start
        assert len(build.reports) == 1
    return seconds


if __name__ == "__main__":
    size = float(sys.argv[1]) if len(sys.argv) > 1 else 50.0
    small = build_seconds(size / 10)
    large = build_seconds(size)
    print(f"{size / 10:g} MB: {small:.1f} s; {size:g} MB: {large:.1f} s; "
          f"ratio {large / small:.1f} for 10x the size")
