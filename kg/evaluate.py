"""Gold vs build: precision, recall and F1 per entity type and per report.

The unit is a distinct name per report and type. A predicted name is right when it
equals (strict) or contains / is contained in (lenient) a gold name or alias; a gold
item is found when any of its names is predicted. Names are compared after
:func:`kg.link.names.canonical` (quotes, spaces and widths do not count). Names in a
gold file's ``uncertain`` list count neither way. Abbreviations add the accuracy of
glossary components (exact, ordered) and the precision/recall of inline definitions.

Gold files are JSON, one per report (see ``tests/gold/README.md``); several files
naming the same report are merged, so annotations may be kept in parts. Cross-report
link gold lives apart, in ``links/clusters.json`` (clusters of (report, name) that are
one thing, with each project's status per report): it is scored pairwise — every
pair of gold mentions from two reports is a link when they share a cluster, and the
build predicts a link when it puts both in one entity.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.link.names import canonical
from kg.model import Build

GOLD_KEYS = {"enterprises": "Enterprise", "projects": "Project", "initiatives": "Initiative"}
TYPES = ("Enterprise", "Project", "Initiative", "Abbreviation")
LINKS_DIR = "links"


class GoldError(Exception):
    """A gold folder or file that cannot be read; the message names the file."""


@dataclass
class Score:
    right_predicted: int = 0
    predicted: int = 0
    found_gold: int = 0
    gold: int = 0

    def add(self, other: Score) -> None:
        self.right_predicted += other.right_predicted
        self.predicted += other.predicted
        self.found_gold += other.found_gold
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.right_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Errors:
    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    # (type, report) -> strict / lenient score; report "*" is the total
    strict: dict[tuple[str, str], Score] = field(default_factory=dict)
    lenient: dict[tuple[str, str], Score] = field(default_factory=dict)
    errors: dict[tuple[str, str], Errors] = field(default_factory=dict)
    components_right: int = 0
    components_total: int = 0
    component_errors: list[str] = field(default_factory=list)
    listed_right: int = 0  # glossary items whose gold lists parts: parts exactly right
    listed_total: int = 0
    glossary: Score = field(default_factory=Score)  # glossary terms found / reported
    glossary_errors: list[str] = field(default_factory=list)
    inline: Score = field(default_factory=Score)
    reports_missing: list[str] = field(default_factory=list)
    links: Score | None = None  # pairwise cross-report links
    link_errors: list[str] = field(default_factory=list)
    status_right: int = 0
    status_total: int = 0
    status_errors: list[str] = field(default_factory=list)
    relations: dict[str, Score] = field(default_factory=dict)  # typed relations per gold predicate
    relation_errors: list[str] = field(default_factory=list)

    def total(self, type_: str, lenient: bool = False) -> Score | None:
        return (self.lenient if lenient else self.strict).get((type_, "*"))


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """Gold annotations by report id, parts merged (lists concatenated)."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(f"gold folder {gold_dir} does not exist")
    merged: dict[str, dict] = {}
    for path in sorted(gold_dir.rglob("*.json")):
        if LINKS_DIR in path.relative_to(gold_dir).parts[:-1]:
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GoldError(f"{path}: not readable JSON ({exc})") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("report"), str):
            raise GoldError(f"{path}: a gold file is an object with a \"report\" file name")
        into = merged.setdefault(doc["report"], {"report": doc["report"]})
        for key, value in doc.items():
            if isinstance(value, list):
                into.setdefault(key, []).extend(value)
            elif key not in into or into[key] is None:
                into[key] = value
    return merged


def _predicted(build: Build) -> dict[tuple[str, str], set[str]]:
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in build.entities:
        for m in e.mentions:
            names[(e.type, m.report)].add(canonical(m.text))
        for s in e.senses:
            names[(e.type, s.report)].add(canonical(s.term))
    return names


def _score(pred: set[str], gold_items: list[set[str]], lenient: bool) -> tuple[Score, Errors]:
    def match(p: str, g: str) -> bool:
        return p == g or (lenient and (p in g or g in p))

    all_gold = set().union(*gold_items) if gold_items else set()
    right = {p for p in pred if any(match(p, g) for g in all_gold)}
    found = [item for item in gold_items if any(match(p, g) for p in pred for g in item)]
    errors = Errors(
        missed=sorted(min(item) for item in gold_items if item not in found),
        false_positives=sorted(pred - right),
    )
    return Score(len(right), len(pred), len(found), len(gold_items)), errors


def _gold_items(doc: dict, type_: str) -> list[set[str]] | None:
    if type_ == "Abbreviation":
        if "abbreviations" not in doc:
            return None
        by_term: dict[str, set[str]] = {}
        for a in doc["abbreviations"]:  # a term may name its other spellings (四上企业: 四上)
            term = canonical(a["term"])
            by_term.setdefault(term, {term}).update(canonical(x) for x in a.get("aliases", []) if canonical(x))
        return [by_term[t] for t in sorted(by_term)]
    key = next(k for k, t in GOLD_KEYS.items() if t == type_)
    if key not in doc:
        return None
    items = []
    for item in doc[key]:
        names = {canonical(item["name"])} | {canonical(a) for a in item.get("aliases", [])}
        items.append({n for n in names if n})
    return items


def load_link_gold(gold_dir: Path) -> list[dict] | None:
    """The clusters of ``links/clusters.json`` under ``gold_dir``, or None without one."""
    path = Path(gold_dir) / LINKS_DIR / "clusters.json"
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        clusters = doc["clusters"]
        for c in clusters:
            c["type"], [(m["report"], m["name"]) for m in c["mentions"]]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise GoldError(f"{path}: not a clusters file ({exc!r})") from None
    return clusters


def evaluate_links(clusters: list[dict], build: Build, result: Evaluation) -> None:
    """Pairwise cross-report link precision/recall, and status accuracy per report.

    A gold mention stands for the entity of the same type with that name in that
    report; failing that (boundaries are scored elsewhere), the entity whose name in
    that report contains it or is contained in it, the longest first."""
    entity_of: dict[tuple[str, str, str], str] = {}
    names_in: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    status_of: dict[tuple[str, str], str] = {}
    for e in build.entities:
        for m in e.mentions:
            name = canonical(m.text)
            entity_of.setdefault((e.type, m.report, name), e.key)
            names_in[(e.type, m.report)].append((name, e.key))
        for ev in e.status:
            status_of[(e.key, ev.report)] = ev.status

    def find(type_: str, report: str, name: str) -> str | None:
        key = entity_of.get((type_, report, name))
        if key is None:
            near = [(len(n), n, k) for n, k in names_in[(type_, report)] if n in name or name in n]
            key = max(near)[2] if near else None
        return key

    items = []  # (cluster index, report, type, name, entity key or None)
    for i, c in enumerate(clusters):
        for m in c["mentions"]:
            items.append((i, m["report"], c["type"], m["name"], find(c["type"], m["report"], canonical(m["name"]))))
    score = Score()
    for a in range(len(items)):
        for b in range(a + 1, len(items)):
            x, y = items[a], items[b]
            if x[1] == y[1]:
                continue
            gold_link = x[0] == y[0]
            predicted = x[4] is not None and x[4] == y[4]
            score.gold += gold_link
            score.found_gold += gold_link and predicted
            score.predicted += predicted
            score.right_predicted += gold_link and predicted
            if gold_link and not predicted:
                result.link_errors.append(f"NOT LINKED  {x[2]}  {x[3]} ({x[1]})  ~  {y[3]} ({y[1]})")
            elif predicted and not gold_link:
                result.link_errors.append(f"WRONG LINK  {x[2]}  {x[3]} ({x[1]})  ~  {y[3]} ({y[1]})")
    result.links = score
    for c in clusters:
        for report, want in sorted(c.get("status", {}).items()):
            keys = {find(c["type"], m["report"], canonical(m["name"])) for m in c["mentions"]
                    if m["report"] == report} - {None}
            got = sorted({status_of.get((k, report)) for k in keys} - {None})
            result.status_total += 1
            if got == [want]:
                result.status_right += 1
            else:
                result.status_errors.append(f"STATUS  {c.get('id', c['mentions'][0]['name'])}  {report}: want {want}, got {got or None}")


def evaluate(gold: dict[str, dict], build: Build, clusters: list[dict] | None = None) -> Evaluation:
    result = Evaluation()
    if clusters:
        evaluate_links(clusters, build, result)
    predicted = _predicted(build)
    build_reports = {r.id for r in build.reports}
    for report_id, doc in sorted(gold.items()):
        if report_id not in build_reports:
            result.reports_missing.append(report_id)
            continue
        uncertain = {(u.get("type"), canonical(u["name"])) for u in doc.get("uncertain", [])}
        for type_ in TYPES:
            items = _gold_items(doc, type_)
            if items is None:
                continue
            skip = {n for t, n in uncertain if t in (None, type_)}
            items = [i for i in items if not (i & skip)]
            pred = predicted.get((type_, report_id), set()) - skip
            for lenient, table in ((False, result.strict), (True, result.lenient)):
                score, errors = _score(pred, items, lenient)
                table[(type_, report_id)] = score
                table.setdefault((type_, "*"), Score()).add(score)
                if not lenient:
                    result.errors[(type_, report_id)] = errors
        _score_senses(doc, build, report_id, result)
    if any("relations" in doc for doc in gold.values()):
        result.relations, errs = evaluate_relations(gold, build)
        result.relation_errors = [f"MISS  {line}" for line in errs.missed] + [f"FP    {line}" for line in errs.false_positives]
    return result


def _score_senses(doc: dict, build: Build, report_id: str, result: Evaluation) -> None:
    senses = [s for e in build.entities for s in e.senses if s.report == report_id]
    glossary = {canonical(s.term): [canonical(c) for c in s.components] for s in senses if s.source == "glossary"}
    inline_pred = {canonical(s.term) for s in senses if s.source == "inline"}
    inline_gold = set()
    glossary_gold = set()
    uncertain = {canonical(u["name"]) for u in doc.get("uncertain", []) if u.get("type") in (None, "Abbreviation")}
    for a in doc.get("abbreviations", []):
        term = canonical(a["term"])
        if a.get("source") == "glossary":
            glossary_gold.add(term)
            result.components_total += 1
            want = [canonical(c) for c in a.get("components", [])]
            got = glossary.get(term)
            if want:
                result.listed_total += 1
            if got == want:
                result.components_right += 1
                result.listed_right += bool(want)
            else:
                result.component_errors.append(f"{report_id} {a['term']}: want {want}, got {got}")
        elif a.get("source") == "inline":
            inline_gold.add(term)
    if glossary_gold:
        pred = set(glossary) - (uncertain - glossary_gold)  # a glossary entry is certain, whatever another part says
        right = pred & glossary_gold
        result.glossary.add(Score(len(right), len(pred), len(right), len(glossary_gold)))
        result.glossary_errors.extend(f"GLOSSARY MISS {report_id} {t}" for t in sorted(glossary_gold - pred))
        result.glossary_errors.extend(f"GLOSSARY FP   {report_id} {t}" for t in sorted(pred - glossary_gold))
    result.inline.add(Score(len(inline_pred & inline_gold), len(inline_pred),
                            len(inline_pred & inline_gold), len(inline_gold)))


def all_types(result: Evaluation, lenient: bool = False) -> Score:
    """Every type together (micro: names of all types pooled)."""
    total = Score()
    for (_type, report), score in (result.lenient if lenient else result.strict).items():
        if report == "*":
            total.add(score)
    return total


def format_evaluation(result: Evaluation, errors: bool = False, summary: bool = False) -> str:
    """The score table; ``summary``: the totals only (a sealed set is read this way: no
    per-report row, no error)."""
    lines = [f"{'type':<13}{'report':<28}{'P':>7}{'R':>7}{'F1':>7}   {'lenient F1':>10}  (pred/gold)"]
    for (type_, report), score in sorted(result.strict.items(), key=lambda kv: (kv[0][0], kv[0][1] == "*", kv[0][1])):
        if summary and report != "*":
            continue
        lenient = result.lenient[(type_, report)]
        name = "ALL" if report == "*" else report
        lines.append(f"{type_:<13}{name:<28}{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
                     f"   {lenient.f1:>10.3f}  ({score.predicted}/{score.gold})")
    if result.strict:
        score, lenient = all_types(result), all_types(result, lenient=True)
        lines.append(f"{'all types':<13}{'ALL':<28}{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
                     f"   {lenient.f1:>10.3f}  ({score.predicted}/{score.gold})")
    if result.components_total:
        acc = result.components_right / result.components_total
        lines.append(f"glossary components exact: {result.components_right}/{result.components_total} = {acc:.3f}")
    if result.listed_total:
        lines.append(f"glossary entries listing parts, parts exact: {result.listed_right}/{result.listed_total}"
                     f" = {result.listed_right / result.listed_total:.3f}")
    if result.glossary.gold:
        g = result.glossary
        lines.append(f"glossary terms: P {g.precision:.3f}  R {g.recall:.3f}  F1 {g.f1:.3f}  ({g.predicted}/{g.gold})")
    if result.inline.gold or result.inline.predicted:
        i = result.inline
        lines.append(f"inline definitions: P {i.precision:.3f}  R {i.recall:.3f}  F1 {i.f1:.3f}  ({i.predicted}/{i.gold})")
    if result.links is not None:
        k = result.links
        lines.append(f"cross-report links (pairwise): P {k.precision:.3f}  R {k.recall:.3f}  F1 {k.f1:.3f}"
                     f"  ({k.right_predicted} right of {k.predicted} predicted, {k.gold} gold)")
    if result.status_total:
        lines.append(f"project status per report: {result.status_right}/{result.status_total}"
                     f" = {result.status_right / result.status_total:.3f}")
    for predicate, score in result.relations.items():
        name = "relations ALL" if predicate == "*" else f"relation {predicate}"
        lines.append(f"{name:<24} P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}"
                     f"  ({score.right_predicted}/{score.predicted} predicted right, {score.found_gold}/{score.gold} gold found)")
    for r in result.reports_missing:
        lines.append(f"warning: gold report {r} is not in the build")
    if errors and not summary:
        for (type_, report), err in sorted(result.errors.items()):
            for name in err.missed:
                lines.append(f"MISS  {type_:<12} {report}  {name}")
            for name in err.false_positives:
                lines.append(f"FP    {type_:<12} {report}  {name}")
        for line in result.component_errors:
            lines.append(f"COMPONENTS  {line}")
        lines.extend(result.glossary_errors)
        lines.extend(result.link_errors)
        lines.extend(result.status_errors)
        lines.extend(result.relation_errors)
    return "\n".join(lines)


def check_thresholds(result: Evaluation, thresholds: dict[str, float]) -> list[str]:
    """Sentences for every type whose strict F1 is below its threshold."""
    failures = []
    for type_, minimum in sorted(thresholds.items()):
        total = result.total(type_)
        if total is None:
            failures.append(f"no gold for type {type_}")
        elif total.f1 < minimum:
            failures.append(f"{type_} F1 {total.f1:.3f} is below {minimum}")
    return failures


# --- located-in facts ---------------------------------------------------------------

LOCATED_IN = "locatedIn"


def evaluate_located_in(gold: dict[str, dict], build: Build) -> tuple[Score, Errors]:
    """Located-in facts (``tests/gold_places``: each report's ``facts``, a named thing and
    the official full name of the division the text puts it in) against the build's
    ``locatedIn`` relations. The unit is a distinct (report, thing, place); a predicted
    fact is right when a gold one of its report has the same place and a thing name that
    contains or is contained in its own (lenient, as for entities). Reports the build
    does not hold are left out."""
    by_key = {e.key: e for e in build.entities}
    held = {r.id for r in build.reports}
    predicted: set[tuple[str, str, str]] = set()
    for rel in build.relations:
        if rel.predicate != LOCATED_IN or rel.subject not in by_key or rel.object not in by_key:
            continue
        thing, place = by_key[rel.subject], by_key[rel.object]
        for ev in rel.evidence:
            for m in thing.mentions:
                if m.report == ev.report and ev.start <= m.start < ev.end:
                    predicted.add((ev.report, canonical(m.text), place.label))
    wanted = {(doc["report"], canonical(f["thing"]), f["place"])
              for doc in gold.values() if doc["report"] in held for f in doc.get("facts", [])}

    def same(p: tuple[str, str, str], g: tuple[str, str, str]) -> bool:
        return p[0] == g[0] and p[2] == g[2] and (p[1] in g[1] or g[1] in p[1])

    score, errors = Score(predicted=len(predicted), gold=len(wanted)), Errors()
    for p in sorted(predicted):
        if any(same(p, g) for g in wanted):
            score.right_predicted += 1
        else:
            errors.false_positives.append(f"{p[0]}: {p[1]} → {p[2]}")
    for g in sorted(wanted):
        if any(same(p, g) for p in predicted):
            score.found_gold += 1
        else:
            errors.missed.append(f"{g[0]}: {g[1]} → {g[2]}")
    return score, errors


# --- typed relations --------------------------------------------------------------------

# gold predicate (tests/gold_relations/README.md) -> the ontology's relations that state it
GOLD_RELATIONS: dict[str, frozenset[str]] = {
    "settledIn": frozenset({"settledIn"}),
    "builds": frozenset({"builds", "investsIn", "operates"}),
    "locatedIn": frozenset({"locatedIn"}),  # in a named park or zone; divisions are gold_places'
    "partOf": frozenset({"partOf"}),
    "includes": frozenset({"includes"}),
    "honour": frozenset({"honouredAs"}),
}


def evaluate_relations(gold: dict[str, dict], build: Build) -> tuple[dict[str, Score], Errors]:
    """Typed relations (``tests/gold_relations``: each report's ``relations``, subject,
    predicate, object as written) against the build's, per gold predicate and in all
    (key ``"*"``). The unit is a distinct (report, predicate, subject, object); a predicted
    relation is right when a gold one of its report and predicate has a subject and an
    object each containing or contained in one of the entity's names in that report (label,
    aliases, mentions; lenient, as for entities). ``locatedIn`` to a division is left out
    (its gold is ``tests/gold_places``), and so is a prediction matching an ``uncertain`` one.
    Reports the build does not hold are left out."""
    from kg.graph.vocab import relation_local_name

    by_key = {e.key: e for e in build.entities}
    held = {r.id for r in build.reports}
    to_gold = {ours: g for g, names in GOLD_RELATIONS.items() for ours in names}

    def names(key: str, report: str) -> set[str]:
        e = by_key[key]
        return {canonical(n) for n in (e.label, *e.aliases, *(m.text for m in e.mentions if m.report == report)) if n}

    predicted: dict[tuple[str, str, str, str], tuple[set[str], set[str]]] = {}
    for rel in build.relations:
        if rel.subject not in by_key or rel.object not in by_key:
            continue
        try:
            pred = to_gold.get(relation_local_name(rel.predicate))
        except ValueError:
            continue
        if pred is None or (pred == "locatedIn" and by_key[rel.object].type == "Place"):
            continue
        for ev in rel.evidence:
            if ev.report in held:
                key = (ev.report, pred, by_key[rel.subject].label, by_key[rel.object].label)
                predicted.setdefault(key, (names(rel.subject, ev.report), names(rel.object, ev.report)))

    def matches(p_names: tuple[set[str], set[str]], g: dict) -> bool:
        s, o = canonical(g["subject"]), canonical(g["object"])
        return (any(n in s or s in n for n in p_names[0]) and any(n in o or o in n for n in p_names[1]))

    wanted: dict[tuple[str, str, str, str], dict] = {}
    unsure: dict[str, list[dict]] = defaultdict(list)
    for doc in gold.values():
        if doc["report"] not in held:
            continue
        for g in doc.get("relations", []):
            wanted.setdefault((doc["report"], g["predicate"], canonical(g["subject"]), canonical(g["object"])), g)
        unsure[doc["report"]].extend(doc.get("uncertain", []))

    scores: dict[str, Score] = {p: Score() for p in GOLD_RELATIONS}
    errors = Errors()
    for key, p_names in sorted(predicted.items()):
        report, pred = key[0], key[1]
        if not any(k[0] == report and k[1] == pred and matches(p_names, g) for k, g in wanted.items()):
            if any(u.get("predicate") == pred and matches(p_names, u) for u in unsure[report]):
                continue
            errors.false_positives.append(f"{pred:<10} {report}  {key[2]} → {key[3]}")
        else:
            scores[pred].right_predicted += 1
        scores[pred].predicted += 1
    for key, g in sorted(wanted.items()):
        report, pred = key[0], key[1]
        scores.setdefault(pred, Score()).gold += 1
        if any(p[0] == report and p[1] == pred and matches(n, g) for p, n in predicted.items()):
            scores[pred].found_gold += 1
        else:
            errors.missed.append(f"{pred:<10} {report}  {g['subject']} → {g['object']}")
    total = Score()
    for score in scores.values():
        total.add(score)
    return {**{p: s for p, s in scores.items() if s.gold or s.predicted}, "*": total}, errors


# --- indicator observations -----------------------------------------------------------

def _gold_indicator(name: str) -> str:
    """A gold indicator as an id: ``other:NAME`` is the vocabulary's id when it knows the
    name (the annotators' list had no id for every indicator the vocabulary has)."""
    from kg.genre import default as default_vocabulary

    if name.startswith("other:"):
        return default_vocabulary().map("indicators.indicator_names").get(name[len("other:"):], name)
    return name


def _observation_key(report: str, indicator: str, kind: str, period: object, value: object, unit: object) -> tuple:
    number = None if value is None else round(float(value), 6)
    return (report, indicator, kind, str(period), number, (unit or "").replace("％", "%") if number is not None else "")


def evaluate_observations(gold: dict[str, dict], build: Build) -> tuple[Score, Errors, dict[str, int]]:
    """Indicator observations (``tests/gold_indicators``: each report's ``observations``)
    against the build's. The unit is a distinct (report, indicator, kind, period, value,
    unit); gold indicators outside the vocabulary's list (``other:…``) are left out.
    Also returns, over the matched ones, how many agree on measure and on qualifier."""
    held = {r.id for r in build.reports}
    known = {o.indicator for o in build.observations} | set(_vocab_indicators())
    wanted: dict[tuple, dict] = {}
    for doc in gold.values():
        if doc["report"] not in held:
            continue
        for o in doc.get("observations", []):
            indicator = _gold_indicator(o["indicator"])
            if indicator in known:
                wanted[_observation_key(doc["report"], indicator, o["kind"], o["year"], o["value"], o["unit"])] = o
    predicted = {}
    for o in build.observations:
        predicted.setdefault(_observation_key(o.report, o.indicator, o.kind, o.period, o.value, o.unit), o)
    right = set(predicted) & set(wanted)
    score = Score(len(right), len(predicted), len(right), len(wanted))
    errors = Errors(missed=[_show_key(k) for k in sorted(set(wanted) - right, key=str)],
                    false_positives=[_show_key(k) + f"  ← {predicted[k].evidence.sentence[:60]}"
                                     for k in sorted(set(predicted) - right, key=str)])
    agree = {"matched": len(right),
             "measure": sum(predicted[k].measure == wanted[k]["measure"] for k in right),
             "qualifier": sum((predicted[k].qualifier or None) == (wanted[k].get("qualifier") or None) for k in right)}
    return score, errors, agree


def _show_key(k: tuple) -> str:
    report, indicator, kind, period, value, unit = k
    return f"{report}: {indicator} {kind} {period} = {value if value is not None else '—'}{unit}"


def _vocab_indicators() -> tuple[str, ...]:
    from kg.genre import default as default_vocabulary

    return tuple(dict.fromkeys(default_vocabulary().map("indicators.indicator_names").values()))


def evaluate_targets(gold: dict[str, dict], build: Build) -> tuple[Score, list[str]]:
    """Targets paired with results: the gold observations judged by the same rules
    (:func:`kg.link.targets.assess`) give the expected assessments; an assessment of the
    build is right when one expected for its region, indicator, year and measure pairs
    the same target value with the same result value and gives the same outcome. Only
    expected assessments with a result count (what pairing is about)."""
    from kg.link.targets import assess
    from kg.model import Evidence, Observation

    held = {r.id: r for r in build.reports}
    known = set(_vocab_indicators())
    observations = []
    for doc in gold.values():
        if doc["report"] not in held:
            continue
        for i, o in enumerate(doc.get("observations", [])):
            indicator = _gold_indicator(o["indicator"])
            if o.get("measure") is None or indicator not in known:
                continue
            value = None if o["value"] is None else format(o["value"], "g")
            observations.append(Observation(doc["report"], indicator, value, o["unit"], o["measure"], o.get("qualifier"),
                                            o["kind"], str(o["year"]), Evidence(doc["report"], i, i + 1, o["sentence"], "gold")))
    expected = {_assessment_key(a): a for a in assess(list(held.values()), observations) if a.actual is not None}
    predicted = {_assessment_key(a): a for a in build.assessments if a.actual is not None}
    errors = []
    right = 0
    for key, want in sorted(expected.items()):
        got = predicted.get(key)
        if got is not None and _same_pair(got, want):
            right += 1
        else:
            errors.append(f"{key}: want {_pair(want)}, got {_pair(got) if got else 'nothing'}")
    matched = sum(1 for key, got in predicted.items() if key in expected and _same_pair(got, expected[key]))
    return Score(matched, len(predicted), right, len(expected)), errors


def _assessment_key(a) -> tuple:
    return (a.region, a.indicator, a.period, a.target.measure)


def _number(value: str | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _same_pair(a, b) -> bool:
    return (_number(a.target.value) == _number(b.target.value) and _number(a.actual.value) == _number(b.actual.value)
            and a.outcome == b.outcome)


def _pair(a) -> str:
    return f"{a.target.value} → {a.actual.value if a.actual else '—'} {a.outcome}"


# --- project stage and modality --------------------------------------------------------------


def evaluate_stage(gold: dict[str, dict], build: Build) -> dict[str, int]:
    """Project stage and modality per report (``tests/gold_stage``: each report's
    ``projects`` with ``stage`` and ``modality``) against the build's status events. A gold
    project is found when an entity has a mention in its report whose name equals or
    contains/is contained in the gold name; of the found, how many events have the gold
    stage, the gold modality, both, and how many have the gold stage as their *status*
    (the reading before stage and modality existed)."""
    held = {r.id for r in build.reports}
    names: dict[str, list[tuple[str, object]]] = defaultdict(list)  # report -> (canonical mention, entity)
    for e in build.entities:
        if e.type != "Project":
            continue
        for m in e.mentions:
            names[m.report].append((canonical(m.text), e))
    out = {"gold": 0, "found": 0, "stage": 0, "modality": 0, "both": 0, "status": 0}
    for doc in gold.values():
        report = doc["report"]
        if report not in held:
            continue
        for p in doc.get("projects", []):
            out["gold"] += 1
            want = canonical(p["name"])
            exact = [e for n, e in names[report] if n == want]
            near = sorted((abs(len(n) - len(want)), e.key, e) for n, e in names[report] if want in n or n in want)
            entity = exact[0] if exact else (near[0][2] if near else None)
            event = next((s for s in entity.status if s.report == report), None) if entity else None
            if event is None:
                continue
            out["found"] += 1
            out["stage"] += event.stage == p["stage"]
            out["modality"] += event.modality == p["modality"]
            out["both"] += event.stage == p["stage"] and event.modality == p["modality"]
            out["status"] += event.status == p["stage"]
    return out


# --- project facts --------------------------------------------------------------------------


def evaluate_facts(gold: dict[str, dict], build: Build) -> tuple[Score, Errors]:
    """Project facts (``tests/gold_facts``: each report's ``facts``: project, kind, value,
    unit) against the build's. The unit is a distinct (report, kind, value, unit, project);
    a predicted fact is right when a gold one of its report has the same kind, value and
    unit and a project name that contains or is contained in one of the entity's names in
    that report."""
    held = {r.id for r in build.reports}
    predicted = []
    for e in build.entities:
        for f in e.facts:
            names = {canonical(m.text) for m in e.mentions if m.report == f.report} | {canonical(e.label)}
            predicted.append((f.report, f.kind, round(float(f.value), 6), f.unit, frozenset(names)))
    wanted = [(doc["report"], g["fact"], round(float(g["value"]), 6), g["unit"], canonical(g["project"]))
              for doc in gold.values() if doc["report"] in held for g in doc.get("facts", [])]

    def same(p, g) -> bool:
        return p[:4] == g[:4] and any(n and (n in g[4] or g[4] in n) for n in p[4])

    wanted = sorted(set(wanted))
    uniq = sorted(set(predicted), key=lambda p: (p[0], p[1], p[2], p[3], sorted(p[4])))
    score, errors = Score(predicted=len(uniq), gold=len(wanted)), Errors()
    for p in uniq:
        if any(same(p, g) for g in wanted):
            score.right_predicted += 1
        else:
            errors.false_positives.append(f"{p[0]}: {'/'.join(sorted(p[4]))} {p[1]} {p[2]}{p[3]}")
    for g in wanted:
        if any(same(p, g) for p in uniq):
            score.found_gold += 1
        else:
            errors.missed.append(f"{g[0]}: {g[4]} {g[1]} {g[2]}{g[3]}")
    return score, errors
