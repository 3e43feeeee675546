"""Targets against results: did the government do what it said?

A report's targets concern its plan year; a later report of the same government gives
the results of that year. For each region, indicator and year with a target, the
target is paired with the result of the same measure (growth with growth, a level with
a level in a convertible unit) and judged (words in ``kg/genre/indicators.toml``):

* ``met`` / ``missed`` by the qualifier's sense: a floor (以上, 不低于, no qualifier), a
  ceiling (以内, 以下, and any target of a lower-is-better indicator such as 失业率 or
  CPI), or ``about`` (左右, 约: within ``about_tolerance`` of it); a growth kept in step
  with another (居民收入增长与经济增长同步) is met when its result is at least the
  result of the growth it keeps pace with (less the tolerance);
* ``not_comparable`` when the result is there but cannot be set against the target
  (another measure, units that do not convert, no number);
* ``unreported`` when the build holds a later report of the government and it gives no
  result for the indicator (a silent target).

A target without any later report of its government is not assessed. Each measure of an
indicator's targets is judged (地区生产总值增长11%，达到282亿元: the growth and the level),
the first of its report in text order; the result is the first of the same measure in
the earliest later report that gives one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kg.genre import Vocabulary, standard_units
from kg.genre import default as default_vocabulary
from kg.model import Assessment, Observation, Report


@dataclass(frozen=True)
class TargetRules:
    senses: dict[str, str]  # qualifier -> at_least | at_most | about | in_step
    lower_better: frozenset[str]
    tolerance_points: Decimal
    tolerance_share: Decimal
    units: dict[str, tuple[str, int]]  # unit -> (standard unit, power of ten); "" where none
    in_step_reference: dict[str, str]


def target_rules(vocab: Vocabulary | None = None) -> TargetRules:
    v = vocab or default_vocabulary()
    units = dict(standard_units(v, "indicators.units"))
    tol = v.map("indicators.about_tolerance")
    return TargetRules(dict(v.map("indicators.qualifier_senses")), frozenset(v.words("indicators.lower_is_better")),
                       Decimal(str(tol["percent"])), Decimal(str(tol["share"])), units,
                       dict(v.map("indicators.in_step_reference")))


def region_of(report: Report) -> tuple[str, str]:
    """(key, name) of the government a report speaks for: its code, else its name as read."""
    meta = report.meta
    name = meta.region or ""
    return (meta.code or name), name


def assess(reports: list[Report], observations: list[Observation], vocab: Vocabulary | None = None) -> list[Assessment]:
    """Every target of the build against its result (see the module's doc), sorted by
    region, indicator and year."""
    r = target_rules(vocab)
    by_id = {rep.id: rep for rep in reports}
    years_of: dict[str, set[int]] = defaultdict(set)  # region -> years of its reports
    for rep in reports:
        if rep.meta.year:
            years_of[region_of(rep)[0]].add(rep.meta.year)
    targets: dict[tuple[str, str, str, str], list[Observation]] = defaultdict(list)
    actuals: dict[tuple[str, str, str], list[Observation]] = defaultdict(list)
    for o in observations:
        rep = by_id.get(o.report)
        if rep is None or "-" in o.period:
            continue
        key = (region_of(rep)[0], o.indicator, o.period)
        if o.kind == "target":
            targets[(*key, o.measure)].append(o)
        else:
            actuals[key].append(o)
    order = {rep.id: (rep.meta.year or 0, rep.id) for rep in reports}
    out = []
    for (region, indicator, period, _measure), found in sorted(targets.items()):
        target = min(found, key=lambda o: (order[o.report], o.evidence.start))
        name = region_of(by_id[target.report])[1]
        later = sorted((o for o in actuals.get((region, indicator, period), ())
                        if order[o.report] > order[target.report]), key=lambda o: (order[o.report], o.evidence.start))
        if not later:
            if any(y > int(period) for y in years_of[region]):
                out.append(Assessment(region, name, indicator, period, "unreported", target, None,
                                      "no later report gives a result for it"))
            continue
        actual = next((o for o in later if o.measure == target.measure), later[0])
        reference = _reference(actuals, region, period, r.in_step_reference.get(indicator), order, target)
        outcome, reason = judge(target, actual, r, reference)
        out.append(Assessment(region, name, indicator, period, outcome, target, actual, reason))
    return out


def _reference(actuals, region, period, indicator, order, target) -> Observation | None:
    if indicator is None:
        return None
    found = [o for o in actuals.get((region, indicator, period), ())
             if o.measure == "growth" and o.value is not None and order[o.report] > order[target.report]]
    return min(found, key=lambda o: (order[o.report], o.evidence.start)) if found else None


def judge(target: Observation, actual: Observation, r: TargetRules,
          reference: Observation | None = None) -> tuple[str, str]:
    """(outcome, reason) of a result against a target."""
    sense = r.senses.get(target.qualifier or "")
    if sense == "in_step":
        if reference is None or actual.value is None or actual.measure != "growth":
            return "not_comparable", "no result of both growths to compare"
        a, b = Decimal(actual.value), Decimal(reference.value)
        met = a >= b - r.tolerance_points
        return ("met" if met else "missed"), f"{a} {'≥' if met else '<'} {b} − {r.tolerance_points} (in step with {reference.indicator})"
    if target.value is None or actual.value is None:
        return "not_comparable", "no number to compare"
    if actual.measure != target.measure:
        return "not_comparable", f"the result is a {actual.measure}, the target a {target.measure}"
    t, a = _scaled(target, r), _scaled(actual, r)
    if (t is None or a is None) and target.unit == actual.unit and target.unit:  # 亿斤 against 亿斤
        t, a = (Decimal(target.value), target.unit), (Decimal(actual.value), actual.unit)
    if t is None or a is None or t[1] != a[1]:
        return "not_comparable", f"units {target.unit} and {actual.unit} do not convert"
    tv, av = t[0], a[0]
    percent = t[1] == "unit/PERCENT"
    tol = r.tolerance_points if percent else abs(tv) * r.tolerance_share
    lower = target.indicator in r.lower_better
    if sense is None:
        sense = "at_most" if lower else "at_least"
    if sense == "about":
        met = av <= tv + tol if lower else av >= tv - tol
    elif sense == "at_most":
        met = av <= tv
    else:
        met = av >= tv
    scale = tv / Decimal(target.value) if Decimal(target.value) else Decimal(1)  # back to the target's unit
    shown = f"{_plain(av / scale)}{target.unit or ''}"
    rule = {"about": f"about {target.value}{target.unit or ''}, {'+' if lower else '−'}{_plain(tol / scale)} allowed",
            "at_most": f"at most {target.value}{target.unit or ''}"}.get(sense, f"at least {target.value}{target.unit or ''}")
    return ("met" if met else "missed"), f"{shown} against {rule}"


def target_band(target: Observation, r: TargetRules) -> tuple[Decimal | None, Decimal | None]:
    """The values a target allows, in its own unit: (low, high), ``None`` where open
    (at least 5%: (5, None); about 5%: (4.8, 5.2); at most 4%: (None, 4))."""
    v = Decimal(target.value)
    sense = r.senses.get(target.qualifier or "") or ("at_most" if target.indicator in r.lower_better else "at_least")
    tol = r.tolerance_points if r.units.get(target.unit or "", ("", 0))[0] == "unit/PERCENT" else abs(v) * r.tolerance_share
    return {"about": (v - tol, v + tol), "at_most": (None, v)}.get(sense, (v, None))


def _scaled(o: Observation, r: TargetRules) -> tuple[Decimal, str] | None:
    unit, power = r.units.get(o.unit or "", ("", 0))
    if not unit:
        return None
    try:
        return Decimal(o.value) * (Decimal(10) ** power), unit
    except (InvalidOperation, TypeError):
        return None


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f")
