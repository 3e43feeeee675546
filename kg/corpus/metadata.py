"""Read what a report says about itself (issuing government, year, session, speaker)
from its normalised text, and apply sidecar overrides.

Only patterns of the genre are used, never names:

* title block: ``——2022年2月24日在XX市XX区第六届人民代表大会第二次会议上`` gives date,
  session and the government's full name; ``XX区人民政府区长 NAME`` the speaker;
* level: who speaks (``我代表区人民政府``), else the speaker's title (区长), else
  ``在区人大和区政协的监督支持下``, else ``我区 / 本区`` counts (``全市`` is not used: a
  district report says 全市 of its city all the time);
* region: the full name from the title block, else the short name the report uses
  for itself (``现代化新XX``, ``幸福新XX``, ``XX高质量发展``, ``XX力量``…) scored together
  with full ``XX区`` mentions, plus the level suffix;
* parent: the title block (``XX市XX区``), else ``XX市XX区`` in the body, else (for a
  district or county) a city the report brands (``幸福XX``, ``美丽XX``) that also appears
  as ``XX市``; for a city, the most named ``XX省`` when the text has 全省 / 省委;
* years: ``2023年工作回顾`` / ``2022年成绩`` review, ``2024年工作任务`` / ``做好2023年工作`` /
  ``2023年重点抓好以下工作`` plan; delivered = title date year, else plan year, else
  reviewed year + 1.

What the text does not say stays ``None`` with a warning; nothing is guessed.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.genre import Vocabulary, either
from kg.genre import default as default_vocabulary
from kg.model import ReportMeta

if TYPE_CHECKING:
    from kg.corpus.gazetteer import Division

SIDECAR_SUFFIX = ".meta.json"
MANIFEST_NAME = "reports.meta.json"

_HAN = "\u4e00-\u9fff"
# jieba word classes that are never (part of) a place name: verbs, adverbs, pronouns,
# prepositions, conjunctions, particles, numerals.
_NOT_NAME_FLAGS = frozenset({"v", "vn", "vd", "d", "ad", "r", "p", "c", "u", "m", "uj", "ul", "y"})
_MAX_CUE_LINE = 40
_CUE_OPENING = 30
_HEAD_CHARS = 3000  # title block, salutation and the speaking government are near the top


@dataclass(frozen=True)
class Rules:
    """The words and regexes of this module, built from one vocabulary by :func:`rules`
    (``places.*`` for governments and their levels, ``report.*`` for the phrasings)."""

    suffixes: tuple[str, ...]  # places.admin_suffixes, longest first
    level_of_suffix: dict[str, str]  # places.suffix_levels
    level_of_title: dict[str, str]  # places.title_levels
    title_prefixes: tuple[str, ...]  # places.acting_title_prefixes + deputy_title_prefixes
    plenary: tuple[str, ...]  # report.plenary
    unit: re.Pattern[str]  # a government's name: Han characters and a suffix
    subtitles: tuple[re.Pattern[str], ...]  # report.title_subtitle, tried in order (groups gov, session)
    session_ordinal: str  # report.session_ordinal
    dates: tuple[re.Pattern[str], ...]  # report.title_dates (groups y, m, d)
    date_numerals: dict[str, int]  # report.date_numerals
    speaker: re.Pattern[str]  # XX人民政府区长 NAME (a line)
    speakers: tuple[re.Pattern[str], ...]  # 甘肃省省长 NAME (a line); 省长NAME在…; 日NAME市长在… (groups title, name)
    salutation: re.Pattern[str]  # report.salutations: the title block ends before it
    self_gov: re.Pattern[str]  # 我代表XX人民政府
    supervisions: tuple[re.Pattern[str], ...]  # report.supervision, tried in order
    self_word: re.Pattern[str]  # 我区 / 本市
    short_self: tuple[tuple[re.Pattern[str], int], ...]  # (pattern, weight)
    brand: re.Pattern[str]  # report.city_brands
    not_name_start: frozenset[str]
    not_name_chars: frozenset[str]
    generic_words: frozenset[str]
    not_after_suffix: str  # escaped, for a character class
    rival_suffixes: tuple[str, ...]
    parent_alt: str  # places.parent_suffixes as an alternation
    city_parented: frozenset[str]
    province_parented: frozenset[str]
    city_suffix: str
    province_suffix: str
    province_cue: re.Pattern[str]
    review_years: tuple[re.Pattern[str], ...]
    plan_years: tuple[re.Pattern[str], ...]
    year_start: re.Pattern[str]
    congress: re.Pattern[str]  # report.congress_session: 第N届人民代表大会


def _one(vocab: Vocabulary, name: str) -> str:
    """The single word of a one-word table (a suffix written after a name)."""
    words = vocab.words(name)
    if len(words) != 1:
        raise ValueError(f"vocabulary table {name} must hold exactly one word, not {len(words)}")
    return words[0]


def rules(vocab: Vocabulary) -> Rules:
    """Compile the rules for ``vocab`` (once per vocabulary: ``vocab.compiled``)."""
    suffixes = tuple(sorted(vocab.words("places.admin_suffixes"), key=len, reverse=True))
    suffix_alt = vocab.alt("places.admin_suffixes", longest_first=True)
    titles = vocab.alt("places.head_titles")
    acting = vocab.words("places.acting_title_prefixes")
    deputy = vocab.words("places.deputy_title_prefixes")
    government = either(vocab.words("report.government"))
    speaking_for = either(vocab.words("report.speaking_for"))
    renewal = either(vocab.words("report.renewal_word"))
    title = rf"(?:{'|'.join(map(re.escape, acting + deputy))})?(?:{titles})"
    name = rf"[{_HAN}·]{{2,12}}"  # 艾尔肯·吐尼亚孜
    short_name = rf"[{_HAN}]{{2,4}}?(?:·[{_HAN}]{{2,8}}?)?"
    ends = vocab.alt("report.speaker_name_ends")
    day = either(vocab.words("report.date_day_mark"))
    return Rules(
        suffixes=suffixes,
        level_of_suffix=dict(vocab.map("places.suffix_levels")),
        level_of_title=dict(vocab.map("places.title_levels")),
        title_prefixes=acting + deputy,
        plenary=vocab.words("report.plenary"),
        unit=re.compile(f"[{_HAN}]+?(?:{suffix_alt})"),
        subtitles=tuple(re.compile(p, re.M) for p in vocab.patterns("report.title_subtitle")),
        session_ordinal=_one(vocab, "report.session_ordinal"),
        dates=tuple(re.compile(p) for p in vocab.patterns("report.title_dates")),
        date_numerals=dict(vocab.map("report.date_numerals")),
        speaker=re.compile(rf"^([{_HAN}]*?){government}({title})\s*({name})$", re.M),
        speakers=(
            re.compile(rf"^[{_HAN}]*?(?P<title>{title})\s*(?P<name>{name}?)(?:{ends})?$", re.M),
            re.compile(rf"(?P<title>{title})(?P<name>{short_name})(?={ends})"),
            re.compile(rf"(?<={day})(?P<name>{short_name})(?P<title>{title})(?={ends})"),
        ),
        salutation=re.compile(vocab.alt("report.salutations")),
        self_gov=re.compile(rf"{speaking_for}([{_HAN}]{{0,8}}?){government}"),
        supervisions=tuple(re.compile(p) for p in vocab.patterns("report.supervision")),
        self_word=re.compile(f"[{vocab.char_class('report.self_pronouns')}]({vocab.alt('places.levels')})"),
        short_self=(
            (re.compile(rf"(?:{vocab.alt('report.renewal_epithets')}){renewal}([{_HAN}]{{2}})"), 3),
            (re.compile(rf"([{_HAN}]{{2}})(?:{vocab.alt('report.self_name_tails')})"), 1),
        ),
        brand=re.compile(rf"(?:{vocab.alt('report.city_brands')})([{_HAN}]{{2}})"),
        not_name_start=vocab.set("report.not_name_start"),
        not_name_chars=vocab.set("report.not_name_chars"),
        generic_words=vocab.set("report.generic_self_words"),
        not_after_suffix=vocab.char_class("report.not_after_suffix"),
        rival_suffixes=vocab.words("places.rival_suffixes"),
        parent_alt=vocab.alt("places.parent_suffixes"),
        city_parented=vocab.set("places.city_parented_suffixes"),
        province_parented=vocab.set("places.province_parented_suffixes"),
        city_suffix=_one(vocab, "places.city_suffix"),
        province_suffix=_one(vocab, "places.province_suffix"),
        province_cue=re.compile(vocab.alt("report.province_cues")),
        review_years=tuple(re.compile(p) for p in vocab.patterns("report.review_year")),
        plan_years=tuple(re.compile(p) for p in vocab.patterns("report.plan_year")),
        year_start=re.compile("|".join(vocab.patterns("report.year_opening"))),
        congress=re.compile("|".join(vocab.patterns("report.congress_session"))),
    )


def extract_metadata(text: str, vocab: Vocabulary | None = None) -> tuple[ReportMeta, list[str]]:
    """Metadata read from the normalised text, and a warning for each unknown field.
    The words of the genre are ``vocab``'s (default: the package vocabulary)."""
    r = (vocab if vocab is not None else default_vocabulary()).compiled("corpus.metadata", rules)
    meta = ReportMeta()
    warnings: list[str] = []
    title = _read_title_block(text, r)
    meta.date, meta.session = title.get("date"), title.get("session")
    meta.speaker, meta.speaker_title = title.get("speaker"), title.get("speaker_title")
    units: list[str] = title.get("units", [])
    suffix = _self_suffix(text, meta.speaker_title, units, r)
    meta.level = r.level_of_suffix.get(suffix, suffix) if suffix else None
    meta.region, meta.parent = _read_region(text, units, suffix, r)
    cues = _year_cue_snippets(text, r)
    meta.years_reviewed = _years(cues, r.review_years)
    meta.years_planned = _years(cues, r.plan_years)
    meta.year = _delivered_year(meta, title.get("year"), warnings)
    _add_unknown_warnings(meta, warnings)
    repaired = _repair_from_gazetteer(text, meta, r)
    warnings.extend(repaired or gazetteer_warnings(meta))
    leveled = _official_level(meta, r)
    meta.sources = {f: "text" for f in _field_names() if _is_set(getattr(meta, f))}
    if repaired:
        meta.sources.update(region="gazetteer", parent="gazetteer", level="gazetteer")
    elif leveled:
        meta.sources["level"] = "gazetteer"
    _set_code(meta)
    return meta, warnings


def official_code(meta: ReportMeta) -> str | None:
    """The GB/T 2260 code of the government ``meta`` names, when the official list holds
    exactly one division of that name under that parent; else ``None`` (never a guess)."""
    from kg.corpus.gazetteer import match

    found = match(meta.region, parent_hint=meta.parent) if meta.region else None
    return found.code if found is not None else None


def _set_code(meta: ReportMeta) -> None:
    meta.code = official_code(meta)
    if meta.code:
        meta.sources["code"] = "gazetteer"
    else:
        meta.sources.pop("code", None)


# --- title block -------------------------------------------------------------------

def _read_title_block(text: str, r: Rules) -> dict[str, Any]:
    """Date, session, speaker and the chain of government names from the title block
    (the text before the salutation, at most _HEAD_CHARS)."""
    head = text[:_HEAD_CHARS]
    salutation = r.salutation.search(head)
    block = head[:salutation.start()] if salutation else head
    out: dict[str, Any] = {}
    m = _first_search(r.subtitles, block) or _first_search(r.subtitles, head)
    if m:
        session = m.group("session")
        for word in r.plenary:
            session = session.replace(word, "")
        if not session.startswith(r.session_ordinal):
            session = r.session_ordinal + session
        out["session"] = session
        out["units"] = _units(m.group("gov"), r)
        date = _meeting_date(head, m.start(), m.end(), r)
        if date:
            out["date"], out["year"] = date.isoformat(), date.year
    sp = r.speaker.search(block)
    if sp:
        out["speaker_title"], out["speaker"] = sp.group(2), sp.group(3)
        org_units = _units(sp.group(1), r)
        if len(org_units) > len(out.get("units", [])):
            out["units"] = org_units
    else:
        found = _first_search(r.speakers, block)
        if found:
            out["speaker_title"], out["speaker"] = found.group("title"), found.group("name")
    return out


def _units(chain: str, r: Rules) -> list[str]:
    """The government names written together in ``chain`` (甲市乙区): the official
    names when they make up the whole (贵州省 is one, though 州 ends names too), else
    each run of characters up to a suffix."""
    from kg.corpus.gazetteer import mentions

    found = mentions(chain)
    if found and found[0][0] == 0 and found[-1][1] == len(chain) and \
            all(a[1] == b[0] for a, b in zip(found, found[1:])):
        return [name for _s, _e, name in found]
    return r.unit.findall(chain)


def _meeting_date(head: str, start: int, end: int, r: Rules) -> _dt.date | None:
    """The date of the meeting matched at ``start``–``end``: the last date before it on
    its line, else the first after it on that line, else a line of its own right after."""
    line_start = head.rfind("\n", 0, start) + 1
    line_end = _line_end(head, end)
    before = [d for d in _dates(head[line_start:start], r) if d]
    if before:
        return before[-1]
    after = [d for d in _dates(head[end:line_end], r) if d]
    if after:
        return after[0]
    following = head[line_end + 1:_line_end(head, line_end + 1)]
    for p in r.dates:
        alone = p.search(following)
        if alone and not re.sub(r"[\s()（）]", "", following[:alone.start()] + following[alone.end():]):
            return _date_of(alone, r)
    return None


def _line_end(text: str, at: int) -> int:
    """The end of the line holding ``at`` (the text's end for the last line)."""
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _dates(text: str, r: Rules) -> list[_dt.date | None]:
    """The dates written in ``text``, left to right (``None`` for an impossible one)."""
    found = sorted((m.start(), m) for p in r.dates for m in p.finditer(text))
    return [_date_of(m, r) for _start, m in found]


def _date_of(m: re.Match[str], r: Rules) -> _dt.date | None:
    y, mo, d = (_numeral(m.group(g), r, digits=(g == "y")) for g in ("y", "m", "d"))
    if None in (y, mo, d):
        return None
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        return None


def _numeral(text: str, r: Rules, digits: bool) -> int | None:
    """Arabic digits, or Chinese numerals: digit by digit for a year (二〇二六), with 十 as
    ten for a month or day (十二, 二十七)."""
    if text.isdigit() and text.isascii():
        return int(text)
    values = [r.date_numerals.get(c) for c in text]
    if None in values:
        return None
    if digits:
        return int("".join(str(v) for v in values)) if all(v < 10 for v in values) else None
    if 10 not in values:
        return values[0] if len(values) == 1 else None
    i = values.index(10)
    tens = values[i - 1] if i == 1 else 1 if i == 0 else None
    units = values[i + 1] if i + 1 < len(values) else 0
    return None if tens is None or len(values) > i + 2 else tens * 10 + units


def _first_search(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    """The match of the first pattern that matches (each has the same groups)."""
    return next((m for m in (p.search(text) for p in patterns) if m), None)


# --- level and region --------------------------------------------------------------

def _self_suffix(text: str, speaker_title: str | None, units: list[str], r: Rules) -> str | None:
    """The administrative suffix of the speaking government (区, 市, 自治州 …)."""
    m = r.self_gov.search(text[:_HEAD_CHARS])
    if m and m.group(1):
        suffix = _suffix_of(m.group(1), r)
        if suffix:
            return suffix
    if speaker_title:
        bare = speaker_title
        for prefix in r.title_prefixes:
            bare = bare.removeprefix(prefix)
        if bare in r.level_of_title:
            return r.level_of_title[bare]
    if units:
        return _suffix_of(units[-1], r)
    m = _first_search(r.supervisions, text)
    if m:
        return m.group(1)
    counts = Counter(r.self_word.findall(text))
    if counts:
        (best, n), *rest = counts.most_common(2) + [("", 0)]
        if n > rest[0][1]:
            return best
    return None


def _suffix_of(name: str, r: Rules) -> str | None:
    return next((s for s in r.suffixes if name.endswith(s)), None)


def _read_region(text: str, units: list[str], suffix: str | None, r: Rules) -> tuple[str | None, str | None]:
    """(region, parent): the title block first, then the report's names for itself."""
    if units:
        region = units[-1]
        parent = units[-2] if len(units) > 1 else _parent_from_body(text, region, suffix, r)
        return region, parent
    if not suffix:
        return None, None
    short = _short_self_name(text, suffix, r)
    if not short:
        return None, None
    region = short if short.endswith(suffix) else short + suffix
    return region, _parent_from_body(text, region, suffix, r)


def _short_self_name(text: str, suffix: str, r: Rules) -> str | None:
    """The name the report uses for its own government, scored over genre patterns;
    a name also written with another level's suffix (XX市 in a district report) loses."""
    scores: Counter[str] = Counter()
    for pattern, weight in r.short_self:
        for name in pattern.findall(text):
            if _plausible_name(name, r):
                scores[name] += weight
    for name in _suffixed(text, suffix, r):
        if name in scores:
            scores[name] += 2
    for name in list(scores):
        other = sum(text.count(name + s) for s in r.rival_suffixes if s != suffix)
        scores[name] -= 2 * other
    ranked = [(n, s) for n, s in scores.most_common() if s >= 3]
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _plausible_name(name: str, r: Rules) -> bool:
    """Whether a two-character string can be a place name: not a function word or a
    verb (``推进``, ``实施``) by jieba's dictionary, no administrative character."""
    if name[0] in r.not_name_start or set(name) & r.not_name_chars or name in r.generic_words:
        return False
    from kg.segment import base_pos_tokenizer  # lazy: loading the dictionary takes a moment

    return not any(pair.flag in _NOT_NAME_FLAGS for pair in base_pos_tokenizer().lcut(name, HMM=False))


def _suffixed(text: str, suffix: str, r: Rules) -> list[str]:
    """Two-character names written with ``suffix`` (``XX市``), not ``XX市场``."""
    return re.findall(rf"(?=([{_HAN}]{{2}}){re.escape(suffix)}(?![{r.not_after_suffix}]))", text)


def _parent_from_body(text: str, region: str, suffix: str | None, r: Rules) -> str | None:
    """The government one level up, only where the text names it."""
    compound = re.search(rf"([{_HAN}]{{2,3}}?(?:{r.parent_alt})){re.escape(region)}", text)
    if compound and _plausible_name(compound.group(1)[:2], r):
        return compound.group(1)
    if suffix in r.city_parented:
        return _branded_city(text, region, r)
    if suffix in r.province_parented:
        return _named_province(text, region, r)
    return None


def _branded_city(text: str, region: str, r: Rules) -> str | None:
    """A city the district brands (幸福XX, 美丽XX) and also writes as XX市."""
    own = region[:2]
    cities = set(_suffixed(text, r.city_suffix, r))
    counts = Counter(n for n in r.brand.findall(text)
                     if n != own and n in cities and _plausible_name(n, r))
    if not counts:
        return None
    best = max(counts, key=lambda n: (counts[n], text.count(n), n))
    return best + r.city_suffix


def _named_province(text: str, region: str, r: Rules) -> str | None:
    """For a city: the province the text names most (XX省), when it speaks of 全省/省委."""
    if not r.province_cue.search(text):
        return None
    province = r.province_suffix
    counts = Counter(n for n in _suffixed(text, province, r)
                     if text.count(n) > text.count(n + province) and _plausible_name(n, r))
    if not counts:
        return None
    best = max(counts, key=lambda n: (counts[n], text.count(n), n))
    return best + province


# --- years -------------------------------------------------------------------------

def _year_cue_snippets(text: str, r: Rules) -> str:
    """Headings, and the opening of paragraphs that start with a year, where the genre
    states its years (``一、2018年工作回顾``, ``2023年重点抓好以下工作：``,
    ``2023年政府工作的指导思想是``); a year inside running text (``完成了2018年工作任务``)
    is not a cue."""
    return "\n".join(line if _is_heading_like(line) else line[:_CUE_OPENING]
                     for line in text.splitlines()
                     if _is_heading_like(line) or r.year_start.match(line))


def _is_heading_like(line: str) -> bool:
    return len(line) <= _MAX_CUE_LINE and "。" not in line


def _years(text: str, patterns: tuple[re.Pattern[str], ...]) -> list[int]:
    found = {int(y) for p in patterns for y in p.findall(text)}
    return sorted(y for y in found if 1949 <= y <= 2200)


def _delivered_year(meta: ReportMeta, title_year: int | None, warnings: list[str]) -> int | None:
    """Title date year, else the year planned, else the year reviewed + 1."""
    planned = meta.years_planned[-1] if meta.years_planned else None
    reviewed = meta.years_reviewed[-1] + 1 if meta.years_reviewed else None
    candidates = [y for y in (title_year, planned, reviewed) if y is not None]
    if len(set(candidates)) > 1:
        warnings.append(f"year cues disagree (title {title_year}, plan {planned}, "
                        f"review+1 {reviewed}); using {candidates[0]}")
    return candidates[0] if candidates else None


# --- warnings and sources ----------------------------------------------------------

_UNKNOWN_MESSAGES = {
    "region": "issuing government not stated in the text",
    "parent": "parent government not stated in the text",
    "level": "administrative level not stated in the text",
    "year": "year not stated in the text",
    "date": "date not stated in the text",
    "session": "congress session not stated in the text",
    "speaker": "speaker not stated in the text",
    "years_reviewed": "reviewed year not stated in the text",
    "years_planned": "planned year not stated in the text",
}


def _repair_from_gazetteer(text: str, meta: ReportMeta, r: Rules) -> list[str]:
    """When the government read is not in the official list (a misread: 龙江省 for
    黑龙江省) or has no name, the official names written right before the congress in the
    title block (黑龙江省第十四届人民代表大会) are the government and its parents: the
    region, parent and level become theirs, with a warning saying what was read. Returns
    the warnings, or ``[]`` when nothing was repaired."""
    from kg.corpus.gazetteer import match, mentions

    if meta.region and match(meta.region, parent_hint=meta.parent) is not None:
        return []
    head = text[:_HEAD_CHARS]
    for congress in r.congress.finditer(head):
        before = head[max(0, congress.start() - 40):congress.start()]
        run: list[str] = []
        for _start, end, name in reversed(mentions(before)):
            if end != len(before) - sum(map(len, run)):
                break
            run.insert(0, name)
        chain, parent = [], None
        for name in run:
            found = match(name, parent_hint=parent)
            if found is None:
                chain = []
                break
            chain.append(found)
            parent = found
        if chain:
            government = chain[-1]
            read = meta.region
            what = (f"parent read as {meta.parent} is not above {read}" if read and match(read) is not None
                    else f"government read as {read or 'nothing'} is not")
            meta.region = government.name
            meta.parent = government.parent.name if government.parent else None
            suffix = _suffix_of(government.name, r)
            meta.level = r.level_of_suffix.get(suffix, suffix) if suffix else meta.level
            return [f"{what} in the official list of divisions; the title block names {government.full_name}, "
                    f"which is used"]
    return []


def _official_level(meta: ReportMeta, r: Rules) -> bool:
    """A 直辖市 (上海市, 重庆市) is a province-level government, not a city like others: its
    level is the province's when the official list says so. Returns whether it changed."""
    from kg.corpus.gazetteer import match

    found = match(meta.region, parent_hint=meta.parent) if meta.region else None
    if found is None or found.level != "province":
        return False
    level = r.level_of_suffix.get(r.province_suffix, r.province_suffix)
    changed = meta.level != level
    meta.level = level
    return changed


def gazetteer_warnings(meta: ReportMeta) -> list[str]:
    """What the official list of divisions (:mod:`kg.corpus.gazetteer`) says against the
    government read from the text: a region it does not hold (a misread name: 龙江省 for
    黑龙江省), a parent that is not above it. The values are kept as read (changing them
    would rename entities): the warning tells the user to check, or to give the government
    in a sidecar."""
    from kg.corpus.gazetteer import candidates, match, source

    if not meta.region:
        return []
    as_of = source().get("data_as_of") or "?"
    if match(meta.region, parent_hint=meta.parent) is not None:
        return []
    if meta.parent and match(meta.region) is not None:
        return [f"parent {meta.parent} is not above {meta.region} in the official list of divisions ({as_of})"]
    if candidates(meta.region):
        return []  # an ambiguous short name: nothing to say against it
    return [f"government {meta.region} is not in the official list of divisions ({as_of}): misread? "
            f"give it in a sidecar (README: Adding your own reports)"]


def _add_unknown_warnings(meta: ReportMeta, warnings: list[str]) -> None:
    for name, message in _UNKNOWN_MESSAGES.items():
        if not _is_set(getattr(meta, name)):
            warnings.append(message)


def _is_set(value: object) -> bool:
    return value is not None and value != []


def _field_names() -> list[str]:
    return [f.name for f in dataclasses.fields(ReportMeta) if f.name != "sources"]


# --- sidecar -----------------------------------------------------------------------

def load_sidecar(path: Path) -> dict[str, Any]:
    """Overrides for the report at ``path``: the folder manifest ``reports.meta.json``
    (file name -> overrides) first, then ``<file>.meta.json`` on top. ``{}`` if none.

    Raises ValueError naming the file when the JSON is malformed or not an object."""
    path = Path(path)
    overrides: dict[str, Any] = {}
    manifest = path.parent / MANIFEST_NAME
    if manifest.is_file() and manifest != path:
        entries = _read_json_object(manifest)
        entry = entries.get(path.name, {})
        if not isinstance(entry, dict):
            raise ValueError(f"{manifest}: entry for {path.name!r} must be a JSON object")
        overrides.update(entry)
    sidecar = path if path.name.endswith(SIDECAR_SUFFIX) else path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        overrides.update(_read_json_object(sidecar))
    return overrides


def _read_json_object(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: must hold a JSON object, not {type(data).__name__}")
    return data


def apply_sidecar(meta: ReportMeta, overrides: dict[str, Any]) -> ReportMeta:
    """A copy of ``meta`` with ``overrides`` applied; overridden fields are marked
    ``sources[field] = "sidecar"``. Raises ValueError on unknown keys or bad values."""
    allowed = _field_names()
    unknown = sorted(set(overrides) - set(allowed))
    if unknown:
        raise ValueError(f"unknown metadata field(s) {', '.join(unknown)}; "
                         f"allowed: {', '.join(allowed)}")
    values = {key: _check_value(key, value) for key, value in overrides.items()}
    if values.get("code"):
        for key, value in _division_fields(values["code"]).items():
            values.setdefault(key, value)
    sources = dict(meta.sources)
    sources.update({key: "sidecar" for key in values})
    out = dataclasses.replace(meta, **values, sources=sources)
    if "code" not in values and {"region", "parent"} & set(values):
        _set_code(out)
    return out


def _division_fields(code: str) -> dict[str, Any]:
    """Region, parent and level of the division with this code (a sidecar may give the
    code alone)."""
    from kg.corpus.gazetteer import get

    division = get(code)
    if division is None:
        raise ValueError(f"code {code} is not in the official list of divisions")
    return {"region": division.name, "parent": division.parent.name if division.parent else None,
            "level": level_word(division)}


def level_word(division: Division, vocab: Vocabulary | None = None) -> str | None:
    """The level a report writes for an official division (省 for every province-level
    one, 直辖市 included; else its suffix's level: 市, 区, 县, 州, 旗 …)."""
    r = (vocab if vocab is not None else default_vocabulary()).compiled("corpus.metadata", rules)
    suffix = r.province_suffix if division.level == "province" else _suffix_of(division.name, r)
    return r.level_of_suffix.get(suffix, suffix) if suffix else None


def _check_value(key: str, value: Any) -> Any:
    if key in ("years_reviewed", "years_planned"):
        if not isinstance(value, list) or not all(_is_year(v) for v in value):
            raise ValueError(f"{key} must be a list of years (integers), got {value!r}")
        return sorted(set(value))
    if value is None:
        return None
    if key == "year":
        if not _is_year(value):
            raise ValueError(f"year must be an integer year, got {value!r}")
        return value
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string or null, got {value!r}")
    if key == "code" and not re.fullmatch(r"[0-9]{6}", value):
        raise ValueError(f"code must be a six-digit GB/T 2260 code, got {value!r}")
    if key == "date":
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f"date must be an ISO date YYYY-MM-DD, got {value!r}") from None
    return value


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999
