"""Indicators: the figures a report gives for its own region — the targets it sets
(主要预期目标: 地区生产总值增长5%左右) and the results it reports (全年地区生产总值增长5.4%).

Read sentence by sentence, on the genre's grammar of a figure (all words in
``kg/genre/indicators.toml``):

* an indicator's name, the longest at its place (单位地区生产总值能耗 is energy intensity,
  not GDP), not after a word that makes it another figure (人均地区生产总值);
* then, in its clause, the values that follow it until the next indicator: an optional
  measure word (增长 growth, 下降 change, 达到 level), an optional qualifier before the
  number (约, 超过, 不低于), the number and its unit, an optional qualifier after it
  (左右, 以上, 以内, 以下). A value that follows with a growth or decline word, or a
  level word right before its number (生产总值6.3万亿元，增长5.1%; 增长11%，达到282亿元),
  adds to the same indicator (实现再就业2529人 does not: a noun comes between). Names listed before 分别
  take the values after it in order (甲、乙分别增长5%、6%). A growth kept in step with
  another (居民收入增长与经济增长同步) is an observation without a value;
* the measure: a decline word makes it a ``change``, a growth word a ``growth``; a %
  value of a rate indicator (失业率, 涨幅, 强度) is a ``rate``; any other unit a ``level``;
* the kind and period: a named plan period (十四五) or the last years (过去五年) before
  it in the sentence make it a result of those years; a year written in the sentence
  (2024年) that year; 去年/上年 the year before the report; otherwise a plan section or
  a target word (预期目标, 今年, 力争) makes it a target of the plan year, a review
  section a result of the year reviewed; elsewhere nothing is read.

Only the region's own figures: a clause naming the nation (全国) or another division
before the indicator is skipped (a city's GDP in a province's report).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from kg.corpus.sections import TOP_HEADING_RE
from kg.extract.context import ExtractContext
from kg.extract.doc import Doc
from kg.genre import Vocabulary, alternation, standard_units
from kg.model import Evidence, Extraction, Observation, Report

NAME = "indicators"
REQUIRES: tuple[str, ...] = ("place_spans",)
ASSIGNS: tuple[str, ...] = ("observations",)

_NUMBER = r"\d+(?:\.\d+)?"
_PERCENT = "unit/PERCENT"  # the QUDT unit of values in % (indicators.units)
_SENTENCE_END = "。；;！？!?\n"
_CLAUSE_BREAK = "，,、：:"


@dataclass(frozen=True)
class IndicatorRules:
    names: re.Pattern[str]  # any indicator name, longest first
    id_of: dict[str, str]  # name -> indicator id
    split: dict[str, tuple[str, ...]]  # a name of two indicators before 分别 -> their ids
    not_before: tuple[str, ...]  # not_indicator_prefixes
    value: re.Pattern[str]  # (measure words) qualifier? number unit qualifier?
    measure_of: dict[str, str]  # measure word -> growth | change | level
    lead: re.Pattern[str]  # what continues the last indicator: a growth or decline word, or a level word right before a number
    list_lead: re.Pattern[str]  # the next value of a 分别 list: a list mark and a number
    rates: frozenset[str]
    steady: tuple[str, ...]
    in_step: re.Pattern[str]
    qualitative: re.Pattern[str]  # a target set without a number (进出口稳中提质)
    qualitative_measure: Mapping[str, str]  # what it measures, by indicator (else growth)
    each: tuple[str, ...]  # 分别
    joins: str  # list marks
    target_cues: tuple[str, ...]
    plan_cues: tuple[str, ...]
    period_cues: re.Pattern[str]  # named periods, recent periods, previous-year and current-year words
    average: tuple[str, ...]
    cumulative: tuple[str, ...]
    flows: frozenset[str]
    percent_units: frozenset[str]
    ratio: tuple[str, ...]
    previous_year: tuple[str, ...]
    current_year: tuple[str, ...]
    full_year: tuple[str, ...]
    period_marker: re.Pattern[str]  # what makes a named period a frame, right after it
    named_periods: dict[str, str]
    recent_periods: dict[str, int]
    national: tuple[str, ...]
    year_in_text: re.Pattern[str]


@lru_cache(maxsize=8)
def indicator_rules(vocab: Vocabulary) -> IndicatorRules:
    id_of = dict(vocab.map("indicators.indicator_names"))
    split = {name: tuple(ids.split()) for name, ids in vocab.map("indicators.split_names").items()}
    named, recent = dict(vocab.map("indicators.named_periods")), dict(vocab.map("indicators.recent_periods"))
    previous, current = vocab.words("indicators.previous_year_words"), vocab.words("indicators.current_year_words")
    measure_of = dict(vocab.map("indicators.measure_words"))
    units = alternation(vocab.map("indicators.units"), longest_first=True)
    moving = alternation([w for w, kind in measure_of.items() if kind != "level"], longest_first=True)
    level = alternation([w for w, kind in measure_of.items() if kind == "level"], longest_first=True)
    before = alternation(vocab.words("indicators.qualifiers_before"), longest_first=True)
    after = alternation(vocab.words("indicators.qualifiers_after"), longest_first=True)
    return IndicatorRules(
        names=re.compile(alternation({*id_of, *split}, longest_first=True)),
        id_of=id_of,
        split=split,
        not_before=vocab.words("indicators.not_indicator_prefixes"),
        value=re.compile(rf"(?P<mid>[^{_SENTENCE_END}{_CLAUSE_BREAK}\d]{{0,14}}?)(?P<before>{before})?"
                         rf"(?P<num>{_NUMBER})\s*(?P<unit>{units})(?P<after>{after})?"),
        measure_of=measure_of,
        lead=re.compile(rf"[{_CLAUSE_BREAK}]?(?:{vocab.alt('indicators.comparison_words')})?(?={moving}|{before}|(?:{level})(?:{before})?\d)"),
        list_lead=re.compile(rf"(?:[{_CLAUSE_BREAK}]|{alternation(vocab.chars('indicators.list_joins'))})(?=\d)"),
        rates=frozenset(vocab.words("indicators.rate_indicators")),
        steady=vocab.words("indicators.steady_words"),
        in_step=re.compile(alternation(vocab.words("indicators.in_step_words"), longest_first=True)),
        qualitative=re.compile("|".join(f"(?:{p})" for p in vocab.patterns("indicators.qualitative_targets"))),
        qualitative_measure=vocab.map("indicators.qualitative_measures"),
        each=vocab.words("indicators.each_words"),
        joins=vocab.chars("indicators.list_joins"),
        target_cues=vocab.words("indicators.target_cues"),
        plan_cues=vocab.words("indicators.plan_cues"),
        period_cues=re.compile(alternation([*named, *recent, *previous, *current,
                                            *vocab.words("indicators.full_year_words")], longest_first=True)
                               + "|" + vocab.patterns("indicators.written_year")[0]),
        average=vocab.words("indicators.average_words"),
        cumulative=vocab.words("indicators.cumulative_words"),
        flows=frozenset(vocab.words("indicators.flow_indicators")),
        percent_units=frozenset(u for u, (path, _power) in standard_units(vocab, "indicators.units").items()
                                if path == _PERCENT),
        ratio=vocab.words("indicators.ratio_words"),
        previous_year=previous,
        current_year=current,
        full_year=vocab.words("indicators.full_year_words"),
        period_marker=re.compile(rf"[{vocab.chars('characters.closing_quotes')}]?"
                                 rf"(?:{vocab.alt('indicators.period_markers', longest_first=True)})"),
        named_periods=named,
        recent_periods=recent,
        national=vocab.words("indicators.national_words"),
        year_in_text=re.compile(vocab.patterns("indicators.written_year")[0]),
    )


def indicator_labels(vocab: Vocabulary | None = None) -> dict[str, str]:
    """Indicator id -> its Chinese label (indicators.indicator_labels)."""
    from kg.genre import default as default_vocabulary

    v = vocab or default_vocabulary()
    return {k: label.partition("|")[0] for k, label in v.map("indicators.indicator_labels").items()}


def run(doc: Doc) -> Extraction:
    """The observations of one report."""
    report = doc.report
    out = Extraction(report=report.id)
    out.observations = read_observations(report, indicator_rules(doc.context.vocab), doc.results["place_spans"])
    doc.results["observations"] = tuple(out.observations)
    return out


def extract(report: Report, context: ExtractContext) -> Extraction:
    """:func:`run` on a report of its own, after what it requires (library and test use)."""
    from kg.extract import run_component

    return run_component(NAME, report, context)


# --- reading ---------------------------------------------------------------------------

def read_observations(report: Report, r: IndicatorRules, places: tuple[tuple[int, int, str], ...] = ()) -> list[Observation]:
    """Every observation of the report's own region, in text order. ``places``: spans of
    the places read in the report and their codes (kg.extract.places)."""
    text = report.text
    others = sorted((s, e) for s, e, code in places if code != report.meta.code)
    out: list[Observation] = []
    for sentence in report.sentences:
        if report.section_at(sentence.start) == "glossary":
            continue
        found = [m for m in r.names.finditer(text, sentence.start, sentence.end)
                 if not any(text.endswith(p, sentence.start, m.start()) for p in r.not_before)]
        for name, indicator, values in _values(text, found, sentence.end, r):
            if not values or _not_own(text, sentence.start, name.start(), others, r):
                continue
            frame = _frame(report, sentence.start, name.start(), sentence.end, r)
            if frame is None or (values[0].re is r.qualitative and frame[0] != "target"):
                continue  # 完成国家下达目标 in a review: a result without a figure
            for v in values:
                if "num" in v.re.groupindex and any(w in text[name.end():v.start("num")] for w in r.ratio):
                    continue  # 占地区生产总值比重达33.5%: a ratio to the indicator, not its figure
                level = "num" in v.re.groupindex and v.group("unit") not in r.percent_units
                frame_of_value = _averaged(frame, text[name.end():v.end()], report, r, indicator, level)
                out.append(_observation(report, indicator, name, v, *frame_of_value, r))
    return out


def _averaged(frame: tuple[str, str], between: str, report: Report, r: IndicatorRules,
              indicator: str = "", level: bool = False) -> tuple[str, str]:
    """A yearly average result (年均增长) with a single year for period concerns the five
    years before the report; an amount reached in a past span of years (生产总值6.66万亿元
    in a review of 十四五) concerns its last year, unless it adds up over the years (a
    flow indicator such as 城镇新增就业, or 累计)."""
    kind, period = frame
    year = report.meta.year
    if kind == "actual" and "-" in period and level and indicator not in r.flows \
            and not any(w in between for w in r.cumulative):
        return kind, period.split("-")[-1]
    if kind == "actual" and "-" not in period and year and any(w in between for w in r.average):
        n = max(r.recent_periods.values(), default=5)
        return kind, f"{year - n}-{year - 1}"
    return frame


def _values(text: str, names: list[re.Match[str]], end: int, r: IndicatorRules):
    """(name, indicator id, [value or in-step matches]) for the indicator names of a
    sentence: names listed before 分别 take the values after it in order (a name of two
    indicators, 城乡居民人均可支配收入, its two); a name with no value of its own and 同步
    later in its clause has no value, and the names between (the growth it keeps pace
    with) none either."""
    i = 0
    while i < len(names):
        group = [names[i]]
        while i + 1 < len(names) and _joined(text, group[-1].end(), names[i + 1].start(), r):
            i += 1
            group.append(names[i])
        limit = names[i + 1].start() if i + 1 < len(names) else end
        after = group[-1].end()
        i += 1
        slots = [(n, ind) for n in group for ind in (r.split.get(n.group()) or (r.id_of.get(n.group()),))]
        if len(slots) > 1 and any(w in text[after:min(limit, after + 8)] for w in r.each):
            values = _run_of_values(text, after, limit, r, listed=True)
            if len(values) > len(slots) and len(values) % len(slots) == 0:  # 分别达6.9万元、3.4万元，增长4.2%、5.3%
                values_of = [values[k::len(slots)] for k in range(len(slots))]
            else:
                values_of = [[v] for v in values]
            yield from ((n, ind, vs) for (n, ind), vs in zip(slots, values_of) if ind)
            continue
        name = group[-1]
        indicator = r.id_of.get(name.group())
        if indicator is None:
            continue
        values = _run_of_values(text, after, limit, r)
        if values:
            yield name, indicator, values
            continue
        step = _in_step(text, after, end, r)
        if step:
            yield name, indicator, step
            while i < len(names) and names[i].end() <= step[0].start():
                i += 1  # the growth it keeps pace with
            continue
        q = r.qualitative.match(text, after, limit)
        if q:
            yield name, indicator, [q]


def _joined(text: str, a: int, b: int, r: IndicatorRules) -> bool:
    between = text[a:b]
    return len(between) <= 1 and all(c in r.joins for c in between)


def _run_of_values(text: str, start: int, limit: int, r: IndicatorRules, listed: bool = False) -> list[re.Match[str]]:
    """The values after a name: the first in its clause, then each one that a clause or a
    list mark continues with a measure word (``listed``, after 分别: any value), up to
    ``limit`` (the next name)."""
    out: list[re.Match[str]] = []
    pos = start
    while pos < limit:
        m = r.value.match(text, pos, limit)
        if m is None:
            break
        out.append(m)
        pos = m.end()
        lead = r.lead.match(text, pos, limit) or (r.list_lead.match(text, pos, limit) if listed else None)
        if not lead:
            break
        pos = lead.end()
    return out


def _in_step(text: str, start: int, end: int, r: IndicatorRules) -> list[re.Match[str]]:
    clause_end = next((i for i in range(start, end) if text[i] in _SENTENCE_END + _CLAUSE_BREAK), end)
    m = r.in_step.search(text, start, clause_end)
    return [m] if m else []


def _not_own(text: str, sentence_start: int, at: int, others: list[tuple[int, int]], r: IndicatorRules) -> bool:
    """Whether the clause before the name speaks of the nation or another division."""
    clause_start = max((text.rfind(c, sentence_start, at) for c in "，,；;"), default=-1)
    clause_start = max(clause_start + 1, sentence_start)
    if any(w in text[clause_start:at] for w in r.national):
        return True
    return any(clause_start <= s and e <= at for s, e in others)


def _frame(report: Report, start: int, at: int, end: int, r: IndicatorRules) -> tuple[str, str] | None:
    """(kind, period) of the figure whose name is at ``at`` in the sentence ``start``–``end``,
    or None when it cannot be told: the last period word before the name in its paragraph
    (十四五, 过去五年, 一年来, 2024年, 今年), else a target word in the sentence, else the
    section (plan: a target of the plan year; review: a result of the year reviewed)."""
    meta, text = report.meta, report.text
    year = meta.year
    sentence = text[start:end]
    planned = meta.years_planned[-1] if meta.years_planned else year
    reviewed = meta.years_reviewed[-1] if meta.years_reviewed else (year - 1 if year else None)
    paragraph = text.rfind("\n", 0, start) + 1
    cue = None
    for m in r.period_cues.finditer(text, paragraph, at):
        if m.group() in r.named_periods and not (r.period_marker.match(text, m.end()) or _opens(text, m.start(), start)):
            continue  # 收官“十四五”: named, not a time frame
        cue = m
    if cue is None:
        cue = _lead_period(report, paragraph, r)
    if cue is not None and year:
        word = cue.group()
        if word in r.named_periods:
            span = r.named_periods[word]
            return ("actual" if _past(span, year) else "target"), span
        if word in r.recent_periods:
            return "actual", f"{year - r.recent_periods[word]}-{year - 1}"
        if word in r.previous_year:
            return "actual", str(reviewed)
        if word in r.current_year:
            return "target", str(planned)
        if word not in r.full_year:
            y = int(cue.group(1))
            if y < year:
                return "actual", str(y)
            if y == year:
                return "target", str(y)
            if planned:
                return "target", f"{planned}-{y}"  # 到2030年: the plan years up to it
    section = report.section_at(start)
    if any(w in sentence for w in r.target_cues) or (section != "review" and any(w in sentence for w in r.plan_cues)):
        return ("target", str(planned)) if planned else None
    if section == "plan" and planned:
        return "target", str(planned)
    if section == "review" and reviewed:
        return "actual", str(reviewed)
    return None


def _lead_period(report: Report, paragraph: int, r: IndicatorRules) -> re.Match[str] | None:
    """The period word of the first sentence of an earlier paragraph of the same part (过去五年
    极不寻常。 then a paragraph per field, each of the five years): the nearest such paragraph,
    back to the part's heading."""
    text = report.text
    section = report.section_at(paragraph)
    end = paragraph - 1
    for _ in range(MAX_LEAD_PARAGRAPHS):
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if not line or report.section_at(start) != section or TOP_HEADING_RE.match(line) \
                or (len(line) <= MAX_HEADING and "。" not in line):
            return None  # a heading (一、…, not (一)… which opens a paragraph of the part): the part ends
        first = text.find("。", start, end)
        cues = [m for m in r.period_cues.finditer(text, start, first if first >= 0 else end)
                if m.group() not in r.named_periods or r.period_marker.match(text, m.end())]
        if cues:
            return cues[-1]  # 各位代表，刚刚过去的2025年，…: the first sentence frames what follows
        end = start - 1
    return None


#: how many paragraphs back a part's opening period word still frames a figure
MAX_LEAD_PARAGRAPHS = 12
MAX_HEADING = 40


def _opens(text: str, at: int, sentence_start: int) -> bool:
    """Whether a word at ``at`` opens its sentence (a quote or bracket may come first)."""
    return at - sentence_start <= 1


def _past(span: str, year: int | None) -> bool:
    last = int(span.split("-")[-1])
    return year is not None and last < year


def _observation(report: Report, indicator: str, name: re.Match[str], v: re.Match[str], kind: str, period: str,
                 r: IndicatorRules) -> Observation:
    text = report.text
    if v.re is r.qualitative:  # a target set without a number
        evidence = Evidence(report.id, name.start(), v.end(), report.sentence_text(name.start()), "indicator-qualitative")
        return Observation(report.id, indicator, None, None, r.qualitative_measure.get(indicator, "growth"),
                           v.group("q") or v.group(), kind, period, evidence)
    if "num" not in v.re.groupindex:  # in step with another growth: no value
        evidence = Evidence(report.id, name.start(), v.end(), report.sentence_text(name.start()), "indicator-in-step")
        return Observation(report.id, indicator, None, None, "growth", v.group(), kind, period, evidence)
    mid = text[name.end():v.start("num")]
    word = _measure_word(mid, r)
    unit = v.group("unit")
    percent = unit in r.percent_units
    if word == "change":
        measure = "change"
    elif percent and indicator in r.rates:
        measure = "rate"
    elif percent and word != "level":
        measure = "growth"
    else:
        measure = "level" if not percent else "rate"
    qualifier = v.group("after") or v.group("before") or next((w for w in r.steady if w in mid), None)
    rule = "indicator-" + kind
    evidence = Evidence(report.id, name.start(), v.end(), report.sentence_text(name.start()), rule)
    return Observation(report.id, indicator, v.group("num"), unit, measure, qualifier, kind, period, evidence)


def _measure_word(mid: str, r: IndicatorRules) -> str | None:
    """The kind of the last measure word before the value (增长 → growth, 下降 → change;
    the longer word where two end together)."""
    found = [(mid.rfind(w) + len(w), len(w), kind) for w, kind in r.measure_of.items() if w in mid]
    return max(found)[2] if found else None
