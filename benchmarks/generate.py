"""Scale the sample reports to a synthetic corpus of N reports.

Each synthetic report keeps the genre's shape (title block, review, plan, glossary)
but recombines paragraphs from all samples and varies names systematically, so that
linking has real work: every report gets its own government (one of N/4 districts in
N/20 cities, so districts share a city scope), and the name before each head word of
the genre (…产业园, …集团, …基地, …中心, …公司) has one character replaced by one of a
few variants chosen by the report number — the same variant recurs in some reports
and differs in others. Deterministic: the same N gives the same files.

    python benchmarks/generate.py N OUT_DIR
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.corpus import load_report  # noqa: E402

HEADS = "产业园|集团|基地|中心|公司|科技|工程|项目"
NAME_BEFORE_HEAD = re.compile(rf"([\u4e00-\u9fff]{{2,6}})({HEADS})")
VARIANT_CHARS = "甲乙丙丁戊己庚辛壬癸"
CITY_CHARS = "东南西北中青红金银星云海山河湖江"


def _paragraphs(corpus: Path) -> dict[str, list[str]]:
    """Sample paragraphs by section kind (review, plan, self, glossary, other)."""
    out: dict[str, list[str]] = {}
    for path in sorted(corpus.glob("*.txt")):
        report = load_report(path)
        for sec in report.sections:
            for para in report.text[sec.start:sec.end].split("\n"):
                if len(para) >= 20:
                    out.setdefault(sec.kind, []).append(para)
    return out


def _vary(text: str, n: int) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        pos = (len(name) * 7 + n) % len(name)
        variant = VARIANT_CHARS[(n // 3 + len(name)) % 4]
        return name[:pos] + variant + name[pos + 1:] + m.group(2)

    return NAME_BEFORE_HEAD.sub(sub, text)


def synthetic_report(n: int, total: int, paras: dict[str, list[str]], target_chars: int = 10_000) -> str:
    rng = random.Random(n)
    cities = max(1, total // 20)
    city = CITY_CHARS[n % cities % len(CITY_CHARS)] + CITY_CHARS[(n % cities) // len(CITY_CHARS) % len(CITY_CHARS)] + "市"
    district = CITY_CHARS[(n // 4) % len(CITY_CHARS)] + VARIANT_CHARS[(n // 4) % 10] + "区"
    year = 2015 + n % 10
    month, day = 1 + n % 12, 1 + n % 28
    head = (f"政府工作报告\n——{year}年{month}月{day}日在{city}{district}第六届人民代表大会第{1 + n % 5}次会议上\n"
            f"{district}人民政府区长 {VARIANT_CHARS[n % 10]}{CITY_CHARS[n % len(CITY_CHARS)]}\n各位代表：\n"
            f"现在，我代表区人民政府，向大会报告工作，请予审议。\n一、{year - 1}年工作回顾\n")
    body = [head]
    size = len(head)
    plan_at = target_chars * 0.5
    in_plan = False
    while size < target_chars:
        if not in_plan and size >= plan_at:
            body.append(f"二、{year}年工作安排\n")
            in_plan = True
        para = rng.choice(paras["plan" if in_plan else "review"])
        para = _vary(para, n)
        body.append(para + "\n")
        size += len(para) + 1
    glossary = paras.get("glossary", [])
    if glossary:
        body.append("名词解释\n")
        for i, entry in enumerate(rng.sample(glossary, min(6, len(glossary))), 1):
            body.append(re.sub(r"^\d+[.．、]", f"{i}.", entry) + "\n")
    return "".join(body)


def generate(total: int, out_dir: Path, corpus: Path = ROOT / "corpus") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paras = _paragraphs(corpus)
    paths = []
    for n in range(total):
        path = out_dir / f"r{n:05d}.txt"
        if not path.exists():
            path.write_text(synthetic_report(n, total, paras), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
