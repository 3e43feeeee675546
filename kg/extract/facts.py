"""Project facts: what a report says of a named project's size — its investment (total,
planned, completed), area, length and capacity — with the value as written, its unit and
qualifier (约, 超, 以上, 余). Words in ``kg/genre/facts.toml``.

Two genre patterns give a project its fact:

* before it, with 的: 总投资52亿元的甲乙智能项目 (the fact is the project's attribute);
* after it, in its clause or the clause right after, before any other project:
  甲乙智能项目总投资52亿元 / 甲乙智能项目，总投资52亿元，… / …工程，当年完成投资6.87亿元; a
  fact in the clause right after another fact of a project is that project's too
  (总投资30亿元，占地500亩);
* right before it, opening the name: 日处理80吨污泥焚烧厂;
* inside its name: a capacity (大唐700万吨露天矿; 2×66万千瓦发电 is 132万千瓦, the product).

An amount that totals several projects (甲、乙等10个项目总投资50亿元: ``list_totals``) is
no project's. Extraction decides the span; linking gives the fact to the span's entity.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract import patterns as P
from kg.extract.context import ExtractContext
from kg.extract.doc import Doc
from kg.genre import Vocabulary, alternation
from kg.model import Evidence, Extraction, ProjectFact, Report

NAME = "facts"
REQUIRES: tuple[str, ...] = ("project_spans",)
ASSIGNS: tuple[str, ...] = ("facts",)

_NUMBER = r"\d+(?:\.\d+)?"
_CLAUSE_END = "，,。；;！？!?\n"
_GAP = 6  # at most this many characters between a project's name and its fact word after it
_LEAD = 3  # after the clause break, at most this many characters before the fact word (当年, 累计)


@dataclass(frozen=True)
class FactRules:
    fact: re.Pattern[str]  # fact word, qualifier?, number, unit, qualifier?
    kind_of: dict[str, str]
    attributive: tuple[str, ...]
    list_total: re.Pattern[str]
    in_name: re.Pattern[str]  # a capacity inside a name: (count ×)? number unit


@lru_cache(maxsize=8)
def fact_rules(vocab: Vocabulary) -> FactRules:
    kind_of = dict(vocab.map("facts.fact_words"))
    words = alternation(kind_of, longest_first=True)
    units = alternation(vocab.map("facts.fact_units"), longest_first=True)
    before = alternation(vocab.words("facts.qualifiers_before"), longest_first=True)
    after = alternation(vocab.words("facts.qualifiers_after"), longest_first=True)
    return FactRules(
        fact=re.compile(rf"(?P<word>{words})(?:{vocab.alt('facts.linking_words', longest_first=True)})?"
                        rf"(?P<before>{before})?(?P<num>{_NUMBER})"
                        rf"(?P<after1>{after})?(?P<unit>{units})(?P<after2>{after})?"),
        kind_of=kind_of,
        attributive=vocab.words("facts.attributive"),
        list_total=re.compile(rf"(?:{'|'.join(vocab.patterns('facts.list_totals'))})$"),
        in_name=re.compile(rf"(?:(?P<count>\d+)[{re.escape(vocab.chars('facts.multiplication_marks'))}])?"
                           rf"(?P<num>{_NUMBER})(?P<unit>{alternation(vocab.words('facts.capacity_units'), longest_first=True)})"),
    )


def run(doc: Doc) -> Extraction:
    """The facts of one report's projects."""
    out = Extraction(report=doc.report.id)
    out.facts = read_facts(doc.report, list(doc.results["project_spans"]), fact_rules(doc.context.vocab))
    return out


def extract(report: Report, context: ExtractContext) -> Extraction:
    """:func:`run` on a report of its own, after what it requires (library and test use)."""
    from kg.extract import run_component

    return run_component(NAME, report, context)


def read_facts(report: Report, projects: list[P.Found], r: FactRules) -> list[ProjectFact]:
    """Every fact of a project span (see the module's doc), in text order."""
    text = report.text
    spans = sorted({(f.start, f.end) for f in projects})
    starts = [s for s, _e in spans]
    out: list[ProjectFact] = []
    seen: set[tuple[int, int, int]] = set()
    last: tuple[int, tuple[int, int]] | None = None  # end of the last fact read, and its project
    for start, end in spans:  # 大唐700万吨露天矿: the capacity is in the name
        for m in r.in_name.finditer(text, start, end):
            value = m.group("num") if not m.group("count") else _product(m.group("count"), m.group("num"))
            if (start, end, m.start()) not in seen:
                seen.add((start, end, m.start()))
                evidence = Evidence(report.id, start, end, report.sentence_text(start), "fact-capacity-in-name")
                out.append(ProjectFact(report.id, start, end, "capacity", value, m.group("unit"), None, evidence))
    for m in r.fact.finditer(text):
        owner = _owner(text, m, spans, starts, r)
        attributive = any(text.startswith(w, m.end()) for w in r.attributive)
        if owner is None and not attributive and last is not None and text[last[0]:m.start()] in ("，", ","):
            owner = last[1]  # 总投资30亿元，占地500亩: the next fact of the same project
        last = (m.end(), owner) if owner is not None else None
        if owner is None or (owner[0], owner[1], m.start()) in seen:
            continue
        seen.add((owner[0], owner[1], m.start()))
        lo, hi = min(owner[0], m.start()), max(owner[1], m.end())
        evidence = Evidence(report.id, lo, hi, report.sentence_text(m.start()), "fact-" + r.kind_of[m.group("word")])
        out.append(ProjectFact(report.id, owner[0], owner[1], r.kind_of[m.group("word")], m.group("num"),
                               m.group("unit"), m.group("before") or m.group("after1") or m.group("after2"), evidence))
    return out


def _product(count: str, each: str) -> str:
    """2×66 → 132, written without a trailing .0."""
    from decimal import Decimal

    return format((Decimal(count) * Decimal(each)).normalize(), "f")


def _owner(text: str, m: re.Match[str], spans: list[tuple[int, int]], starts: list[int],
           r: FactRules) -> tuple[int, int] | None:
    """The project span a fact belongs to: the one right after it with 的, else the
    nearest before it in its clause or the clause before, with no other project between."""
    after = m.end()
    for word in r.attributive:
        if text.startswith(word, after):  # 投资5亿元的X: X's, or no project's when X is none
            i = bisect.bisect_left(starts, after + len(word))
            return spans[i] if i < len(spans) and spans[i][0] == after + len(word) else None
    i = bisect.bisect_left(starts, after)
    if i < len(spans) and spans[i][0] == after:
        return spans[i]  # 日处理80吨污泥焚烧厂: the fact opens the name
    if r.list_total.search(text, max(0, m.start() - 16), m.start()):
        return None  # 等10个项目总投资…: a total of several
    i = bisect.bisect_right(starts, m.start()) - 1
    while i >= 0 and spans[i][1] > m.start():
        i -= 1
    if i < 0:
        return None
    start, end = spans[i]
    between = text[end:m.start()]
    breaks = sum(1 for c in between if c in _CLAUSE_END)
    if breaks == 0 and len(between) <= _GAP:
        return spans[i]
    if breaks == 1 and len(between) <= _GAP + 1 and len(between) - max(between.rfind("，"), between.rfind(",")) <= _LEAD:
        return spans[i]  # 甲乙智能项目，总投资52亿元 / …工程，当年完成投资6.87亿元
    return None
