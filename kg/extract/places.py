"""Places: the official divisions a report's sentences name, and the projects and
enterprises those sentences put there.

A place is read only where the official list (:mod:`kg.corpus.gazetteer`) holds its
full name (甲市, 乙县, 丙丁新区), and only when the name means one division: a name
of two divisions is taken in the report's own province, a county-level name of another
province only when its prefecture or province is written right before it (so a
Hunan report's 和平房区改造 names no district of Harbin). The span's :attr:`~kg.model.Mention.ref` is
the division's GB/T 2260 code, which linking makes the entity's identity.

Guards against the genre's common nouns (all words in ``places.toml``): names reports
write as nouns (老城区改造), a name followed by a word that starts with its last
character (北京市场, 和县域), and a one-character stem that is the end of a word
before it (示范县, 振兴县中): such a short name stands only after punctuation or at a
line start.

``locatedIn`` links (project or enterprise → place), one per project or enterprise
mention, the nearest place that puts it there:

* ``place-in-name``: the name begins with the place (甲县乙产业园);
* ``place-before-name``: the place is written right before it (甲区 乙项目);
* ``place-of-clause``: a locative cue before the place, the name after it in the same
  clause (在甲县建设乙项目, 落户甲区的乙公司).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.corpus.gazetteer import Division, candidates, get, mentions
from kg.extract import patterns as P
from kg.extract.context import ExtractContext
from kg.extract.doc import Doc
from kg.genre import Vocabulary, alternation
from kg.model import Evidence, Extraction, MentionLink, Report

NAME = "places"
REQUIRES: tuple[str, ...] = ("project_spans", "enterprise_spans")
ASSIGNS: tuple[str, ...] = ("Place", "place_links", "place_spans", "place_mentions")

PRED_LOCATED_IN = "locatedIn"


@dataclass(frozen=True)
class PlaceRules:
    common: frozenset[str]
    continuations: tuple[str, ...]
    cue_before: re.Pattern[str]  # a locative cue ending where a place starts
    short_after: re.Pattern[str]  # what a short name may follow
    route_words: frozenset[str]  # between the two ends of a route (甲至乙铁路)
    street_heads: tuple[str, ...]  # a place before one names a street (甲河路)


@lru_cache(maxsize=8)
def place_rules(vocab: Vocabulary) -> PlaceRules:
    cues = alternation(vocab.words("places.locative_cues"), longest_first=True)
    return PlaceRules(
        common=frozenset(vocab.words("places.division_common_words")),
        continuations=vocab.words("places.division_false_continuations"),
        cue_before=re.compile(rf"(?:{cues})$"),
        route_words=frozenset(vocab.words("places.route_words")),
        street_heads=vocab.words("places.street_heads"),
        short_after=re.compile(rf"(?:{cues}|{alternation(vocab.words('places.short_place_after'), longest_first=True)})$"),
    )


def run(doc: Doc) -> Extraction:
    """Place mentions of one report and the projects and enterprises located in them."""
    report, rules = doc.report, place_rules(doc.context.vocab)
    things = [*doc.results["project_spans"], *doc.results["enterprise_spans"]]
    found = find_places(report, rules, [(f.start, f.end) for f in things])
    out = Extraction(report=report.id)
    out.mentions = [replace(doc.mention(f), ref=code) for f, code in found]
    place_of = {(m.start, m.end): m for m in out.mentions}
    for fl in located_in(doc.text, [f for f, _ in found], things, doc.clauses(), rules):
        thing, place = doc.mention(fl.subject), place_of[(fl.object.start, fl.object.end)]
        evidence = Evidence(report.id, min(thing.start, place.start), max(thing.end, place.end),
                            thing.sentence, fl.rule)
        out.links.append(MentionLink(thing, fl.predicate, place, evidence))
    doc.results["place_links"] = tuple(out.links)
    doc.results["place_spans"] = tuple((f.start, f.end, code) for f, code in found)
    doc.results["place_mentions"] = tuple(out.mentions)  # with their codes: honours.py links to them
    return out


def extract(report: Report, context: ExtractContext) -> Extraction:
    """:func:`run` on a report of its own, after what it requires (library and test use)."""
    from kg.extract import run_component

    return run_component(NAME, report, context)


# --- reading names ---------------------------------------------------------------------

def find_places(report: Report, rules: PlaceRules,
                names: list[tuple[int, int]] = ()) -> list[tuple[P.Found, str]]:
    """(span, division code) of every place the report names, left to right: official
    full names anywhere, and the short names of the report's own government and of the
    divisions next to it (its children; a county's parent and siblings), which reports
    write without suffix (甲乙 for 甲乙县). Inside a project's or enterprise's name (``names``,
    spans) a short name needs no word boundary before it (国家技术转移甲乙中心)."""
    text = report.text
    home = get(report.meta.code) if report.meta.code else None
    province = home.chain()[0] if home is not None else None
    out: list[tuple[P.Found, str]] = []
    previous: tuple[int, Division] | None = None  # end and division of the place just read
    for start, end, name in mentions(text):
        if not _reads_as_name(text, start, end, name, rules):
            previous = None
            continue
        before = previous[1] if previous is not None and previous[0] == start else None
        division = _resolve(name, province, before)
        if division is None:
            previous = None
            continue
        out.append((P.Found(start, end, "Place", "gazetteer-name"), division.code))
        previous = (end, division)
    if home is not None:
        out.extend(_short_names(text, _neighbours(home), [f for f, _ in out], names, rules))
        out.sort(key=lambda fc: fc[0].start)
    return out


def _neighbours(home: Division) -> dict[str, Division]:
    """Short name -> division for the home government, its children and, for a county,
    its parent and the parent's children (a short name two of them share is left out)."""
    near = [home, *_children(home.code)]
    if home.level == "county" and home.parent is not None:
        near += [home.parent, *_children(home.parent.code)]
    by_short: dict[str, set[Division]] = {}
    for d in near:
        if d.short_name != d.name:
            by_short.setdefault(d.short_name, set()).add(d)
    if home.short_name in by_short:  # 吉林 in 吉林省's report is the province, not 吉林市
        by_short[home.short_name] = {home}
    return {name: next(iter(ds)) for name, ds in by_short.items() if len(ds) == 1}


@lru_cache(maxsize=1)
def _children_index() -> dict[str, tuple[Division, ...]]:
    from kg.corpus.gazetteer import divisions

    out: dict[str, list[Division]] = {}
    for d in divisions():
        if d.parent is not None:
            out.setdefault(d.parent.code, []).append(d)
    return {code: tuple(ds) for code, ds in out.items()}


def _children(code: str) -> tuple[Division, ...]:
    return _children_index().get(code, ())


def _short_names(text: str, near: dict[str, Division], taken: list[P.Found], names: list[tuple[int, int]],
                 rules: PlaceRules) -> list[tuple[P.Found, str]]:
    shorts = [n for n in near if n not in rules.common and len(n) >= 2]
    if not shorts:
        return []
    spans = sorted((f.start, f.end) for f in taken)
    names = sorted(names)
    out = []
    for m in re.finditer(alternation(shorts, longest_first=True), text):
        start, end = m.span()
        i = bisect.bisect_right(spans, (start, len(text))) - 1
        if i >= 0 and spans[i][1] > start:
            continue  # inside a full name
        if _in_word(text, start, rules) and not _inside(names, start, end):
            continue
        if _continued(text, end, rules):
            continue
        out.append((P.Found(start, end, "Place", "gazetteer-short-name"), near[m.group()].code))
    return out


def _reads_as_name(text: str, start: int, end: int, name: str, rules: PlaceRules) -> bool:
    if name in rules.common:
        return False
    if _continued(text, end, rules):
        return False
    stem_of_one = len(name) == 2
    return not (stem_of_one and _in_word(text, start, rules))


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start``–``end`` lies within one of the sorted ``spans`` (a name's start is
    a word boundary the extractor found)."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    while i >= 0 and start - spans[i][0] <= 64:
        if spans[i][0] <= start and end <= spans[i][1]:
            return True
        i -= 1
    return False


def _continued(text: str, end: int, rules: PlaceRules) -> bool:
    """Whether the name ending at ``end`` is part of a longer word (北京市场) or a street's
    name (甲河路)."""
    return any(text.startswith(word, end - 1) for word in rules.continuations) or \
        any(text.startswith(word, end) for word in rules.street_heads)


def _in_word(text: str, start: int, rules: PlaceRules) -> bool:
    """Whether the character before ``start`` may end a word the name continues: a
    Chinese character other than the end of a word a place may follow."""
    return start > 0 and bool(P._CJK_RE.match(text[start - 1])) and not rules.short_after.search(text, 0, start)


def _resolve(name: str, province: Division | None, before: Division | None) -> Division | None:
    """The one division ``name`` means here: under the place written right before it,
    else the only one, else the only one in the report's province; a county-level one
    of another province only under a place written before it."""
    if before is not None:
        under = candidates(name, parent_hint=before)
        if len(under) == 1:
            return under[0]
    found = candidates(name)
    if province is not None and len(found) > 1:
        found = tuple(d for d in found if d.chain()[0] == province)
    if len(found) != 1:
        return None
    division = found[0]
    if division.level == "county" and division.chain()[0] != province:
        return None
    return division


# --- located in ------------------------------------------------------------------------

def located_in(text: str, places: list[P.Found], things: list[P.Found], clauses: list[tuple[int, int]],
               rules: PlaceRules) -> list[P.FoundLink]:
    """The ``locatedIn`` links of the project and enterprise spans that places put
    somewhere (see the module's doc): the most specific place of a chain (甲市乙区丙项目
    → 乙区), both ends of a route (甲至乙铁路), the last place a name holds when it
    holds another after its first (甲医院乙分院 → 乙)."""
    starts = [p.start for p in places]
    clause_starts = [c[0] for c in clauses]
    out: list[P.FoundLink] = []
    for thing in sorted(things, key=lambda f: (f.start, f.end, f.type)):
        c = bisect.bisect_right(clause_starts, thing.start) - 1
        clause_start = clauses[c][0] if c >= 0 else thing.start
        for place, rule in _places_of(text, thing, places, starts, clause_start, rules):
            out.append(P.FoundLink(thing, PRED_LOCATED_IN, place, rule))
    return out


def _places_of(text: str, thing: P.Found, places: list[P.Found], starts: list[int], clause_start: int,
               rules: PlaceRules) -> list[tuple[P.Found, str]]:
    first = bisect.bisect_left(starts, thing.start)
    inside = []
    for p in places[first:]:
        if p.start >= thing.end:
            break
        if p.end < thing.end:
            inside.append(p)
    if inside:
        return _in_name(text, inside, rules)
    j = first - 1
    if j >= 0 and places[j].end == thing.start:
        return [(places[j], "place-before-name")]
    while j >= 0 and places[j].start >= clause_start:
        head = j  # the chain ending at places[j] (在甲市乙区: 乙区, cue before 甲市)
        while head > 0 and places[head - 1].end == places[head].start:
            head -= 1
        if places[j].end <= thing.start and rules.cue_before.search(text, clause_start, places[head].start):
            return [(places[j], "place-of-clause")]
        j = head - 1
    return []


def _in_name(text: str, inside: list[P.Found], rules: PlaceRules) -> list[tuple[P.Found, str]]:
    """The places a name holding places puts it in: both ends of a route (甲至乙铁路),
    else the last place it holds (甲市乙区丙园 → 乙区; 甲医院乙分院 → 乙; 国家X甲中心 → 甲)."""
    for a, b in zip(inside, inside[1:]):
        if text[a.end:b.start] in rules.route_words:
            return [(a, "place-in-route-name"), (b, "place-in-route-name")]
    return [(inside[-1], "place-in-name")]
