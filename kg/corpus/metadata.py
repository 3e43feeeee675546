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
from pathlib import Path
from typing import Any

from kg.model import ReportMeta

SIDECAR_SUFFIX = ".meta.json"
MANIFEST_NAME = "reports.meta.json"

_HAN = "\u4e00-\u9fff"
_CN_DIGITS = "〇零一二三四五六七八九十"
# Longest first so that 自治区 wins over 区.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "省", "市", "区", "县", "州", "旗", "盟", "镇", "乡")
_LEVEL_OF_SUFFIX = {"自治区": "省", "自治州": "州", "自治县": "县", "自治旗": "旗"}
_SUFFIX_ALT = "|".join(_SUFFIXES)
_UNIT_RE = re.compile(f"[{_HAN}]+?(?:{_SUFFIX_ALT})")
_TITLES = "区长|市长|县长|省长|州长|旗长|盟长|镇长|乡长|主席"
_LEVEL_OF_TITLE = {"区长": "区", "市长": "市", "县长": "县", "省长": "省", "州长": "州",
                   "旗长": "旗", "盟长": "盟", "镇长": "镇", "乡长": "乡"}

_SUBTITLE_RE = re.compile(
    rf"^——(?:(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日)?在([{_HAN}]*?)"
    rf"(第[{_CN_DIGITS}\d]+届人民代表大会第[{_CN_DIGITS}\d]+次(?:全体)?会议)上", re.M)
_SPEAKER_RE = re.compile(
    rf"^([{_HAN}]*?)人民政府((?:代理|代|副)?(?:{_TITLES}))\s*([{_HAN}·]{{2,5}})$", re.M)
_BARE_SPEAKER_RE = re.compile(rf"^((?:代理|代)?(?:{_TITLES}))\s*([{_HAN}·]{{2,4}})$", re.M)
_SELF_GOV_RE = re.compile(rf"我代表([{_HAN}]{{0,8}}?)人民政府")
_SUPERVISION_RE = re.compile(rf"在(自治区|[{_HAN}])人大(?:及其常委会)?[和、与]\1政协的?监督")
_SELF_WORD_RE = re.compile("[我本](区|市|县|省|州|旗|盟|镇|乡)")

# Short self-names: 现代化新XX, 幸福新XX, XX高质量发展, 贡献XX力量, 书写XX篇章 …
_SHORT_SELF_RES = (
    (re.compile(rf"(?:现代化|幸福|美丽|魅力|品质|活力|富饶|和谐|文明)新([{_HAN}]{{2}})"), 3),
    (re.compile(rf"([{_HAN}]{{2}})(?:高质量发展|力量|篇章|事情|特色|底色|样板|速度|经验|模式|品牌|故事)"), 1),
)
_BRAND_RE = re.compile(rf"(?:幸福|美丽|魅力|平安|健康|法治|智慧|数字|信用|品质|活力|文明|宜居|绿色)([{_HAN}]{{2}})")
_NOT_NAME_START = frozenset("全我本在对向为于由从到和与及或等各该每此其之的了是获入选居名评建创推进加强做抓")
_NOT_NAME_CHARS = frozenset("省市区县州旗镇乡全")
# Words the genre puts where a self-name goes (中国特色, 社会力量, 经济高质量发展).
_GENERIC_WORDS = frozenset({"中国", "全国", "国家", "社会", "经济", "产业", "城乡", "区域", "地方"})
# jieba word classes that are never (part of) a place name: verbs, adverbs, pronouns,
# prepositions, conjunctions, particles, numerals.
_NOT_NAME_FLAGS = frozenset({"v", "vn", "vd", "d", "ad", "r", "p", "c", "u", "m", "uj", "ul", "y"})
# 市场 / 市民 / 省级 …: the suffix character starting an ordinary word.
_NOT_AFTER_SUFFIX = "场民级委会内外际份长政直属容域"

_REVIEW_YEAR_RES = (
    re.compile(r"(\d{4})年(?:的)?(?:工作)?回顾"),
    re.compile(r"回顾(\d{4})年"),
    re.compile(r"(\d{4})年(?:的)?(?:工作)?(?:主要)?(?:成绩|成就)"),
    re.compile(r"过去的?(\d{4})年"),
)
_PLAN_YEAR_RES = (
    re.compile(r"(\d{4})年(?:的)?(?:政府)?工作(?:安排|部署|任务|打算|重点|思路)"),
    re.compile(r"做好(\d{4})年(?:的)?(?:各项)?工作"),
    re.compile(r"(\d{4})年(?:要)?重点抓好"),
    re.compile(r"(\d{4})年(?:政府工作的)?(?:总体要求|指导思想)"),
    re.compile(r"(\d{4})年[^。\n]{0,12}?发展的?主要预期目标"),
)
_YEAR_START_RE = re.compile(r"\d{4}年")
_MAX_CUE_LINE = 40
_CUE_OPENING = 30
_HEAD_CHARS = 3000  # title block, salutation and the speaking government are near the top


def extract_metadata(text: str) -> tuple[ReportMeta, list[str]]:
    """Metadata read from the normalised text, and a warning for each unknown field."""
    meta = ReportMeta()
    warnings: list[str] = []
    title = _read_title_block(text)
    meta.date, meta.session = title.get("date"), title.get("session")
    meta.speaker, meta.speaker_title = title.get("speaker"), title.get("speaker_title")
    units: list[str] = title.get("units", [])
    suffix = _self_suffix(text, meta.speaker_title, units)
    meta.level = _LEVEL_OF_SUFFIX.get(suffix, suffix) if suffix else None
    meta.region, meta.parent = _read_region(text, units, suffix)
    cues = _year_cue_snippets(text)
    meta.years_reviewed = _years(cues, _REVIEW_YEAR_RES)
    meta.years_planned = _years(cues, _PLAN_YEAR_RES)
    meta.year = _delivered_year(meta, title.get("year"), warnings)
    _add_unknown_warnings(meta, warnings)
    meta.sources = {f: "text" for f in _field_names() if _is_set(getattr(meta, f))}
    return meta, warnings


# --- title block -------------------------------------------------------------------

def _read_title_block(text: str) -> dict[str, Any]:
    """Date, session, speaker and the chain of government names from the title block."""
    head = text[:_HEAD_CHARS]
    out: dict[str, Any] = {}
    m = _SUBTITLE_RE.search(head)
    if m:
        out["session"] = m.group(5).replace("全体", "")
        out["units"] = _UNIT_RE.findall(m.group(4))
        if m.group(1):
            iso = _iso_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                out["date"], out["year"] = iso, int(m.group(1))
    sp = _SPEAKER_RE.search(head)
    if sp:
        out["speaker_title"], out["speaker"] = sp.group(2), sp.group(3)
        org_units = _UNIT_RE.findall(sp.group(1))
        if len(org_units) > len(out.get("units", [])):
            out["units"] = org_units
    elif (bare := _BARE_SPEAKER_RE.search(head)):
        out["speaker_title"], out["speaker"] = bare.group(1), bare.group(2)
    return out


def _iso_date(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# --- level and region --------------------------------------------------------------

def _self_suffix(text: str, speaker_title: str | None, units: list[str]) -> str | None:
    """The administrative suffix of the speaking government (区, 市, 自治州 …)."""
    m = _SELF_GOV_RE.search(text[:_HEAD_CHARS])
    if m and m.group(1):
        suffix = _suffix_of(m.group(1))
        if suffix:
            return suffix
    if speaker_title:
        bare = speaker_title.removeprefix("代理").removeprefix("代").removeprefix("副")
        if bare in _LEVEL_OF_TITLE:
            return _LEVEL_OF_TITLE[bare]
    if units:
        return _suffix_of(units[-1])
    m = _SUPERVISION_RE.search(text)
    if m:
        return m.group(1)
    counts = Counter(_SELF_WORD_RE.findall(text))
    if counts:
        (best, n), *rest = counts.most_common(2) + [("", 0)]
        if n > rest[0][1]:
            return best
    return None


def _suffix_of(name: str) -> str | None:
    return next((s for s in _SUFFIXES if name.endswith(s)), None)


def _read_region(text: str, units: list[str], suffix: str | None) -> tuple[str | None, str | None]:
    """(region, parent): the title block first, then the report's names for itself."""
    if units:
        region = units[-1]
        parent = units[-2] if len(units) > 1 else _parent_from_body(text, region, suffix)
        return region, parent
    if not suffix:
        return None, None
    short = _short_self_name(text, suffix)
    if not short:
        return None, None
    region = short if short.endswith(suffix) else short + suffix
    return region, _parent_from_body(text, region, suffix)


def _short_self_name(text: str, suffix: str) -> str | None:
    """The name the report uses for its own government, scored over genre patterns;
    a name also written with another level's suffix (XX市 in a district report) loses."""
    scores: Counter[str] = Counter()
    for pattern, weight in _SHORT_SELF_RES:
        for name in pattern.findall(text):
            if _plausible_name(name):
                scores[name] += weight
    for name in _suffixed(text, suffix):
        if name in scores:
            scores[name] += 2
    for name in list(scores):
        other = sum(text.count(name + s) for s in ("省", "市", "区", "县") if s != suffix)
        scores[name] -= 2 * other
    ranked = [(n, s) for n, s in scores.most_common() if s >= 3]
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _plausible_name(name: str) -> bool:
    """Whether a two-character string can be a place name: not a function word or a
    verb (``推进``, ``实施``) by jieba's dictionary, no administrative character."""
    if name[0] in _NOT_NAME_START or set(name) & _NOT_NAME_CHARS or name in _GENERIC_WORDS:
        return False
    from kg.segment import base_pos_tokenizer  # lazy: loading the dictionary takes a moment

    return not any(pair.flag in _NOT_NAME_FLAGS for pair in base_pos_tokenizer().lcut(name, HMM=False))


def _suffixed(text: str, suffix: str) -> list[str]:
    """Two-character names written with ``suffix`` (``XX市``), not ``XX市场``."""
    return re.findall(rf"(?=([{_HAN}]{{2}}){re.escape(suffix)}(?![{_NOT_AFTER_SUFFIX}]))", text)


def _parent_from_body(text: str, region: str, suffix: str | None) -> str | None:
    """The government one level up, only where the text names it."""
    compound = re.search(rf"([{_HAN}]{{2,3}}?(?:市|自治州|州|盟|地区)){re.escape(region)}", text)
    if compound and _plausible_name(compound.group(1)[:2]):
        return compound.group(1)
    if suffix in ("区", "县", "旗", "自治县", "自治旗", "镇", "乡"):
        return _branded_city(text, region)
    if suffix in ("市", "州", "自治州", "盟"):
        return _named_province(text, region)
    return None


def _branded_city(text: str, region: str) -> str | None:
    """A city the district brands (幸福XX, 美丽XX) and also writes as XX市."""
    own = region[:2]
    cities = set(_suffixed(text, "市"))
    counts = Counter(n for n in _BRAND_RE.findall(text)
                     if n != own and n in cities and _plausible_name(n))
    if not counts:
        return None
    best = max(counts, key=lambda n: (counts[n], text.count(n), n))
    return best + "市"


def _named_province(text: str, region: str) -> str | None:
    """For a city: the province the text names most (XX省), when it speaks of 全省/省委."""
    if not re.search("全省|省委|省政府", text):
        return None
    counts = Counter(n for n in _suffixed(text, "省")
                     if text.count(n) > text.count(n + "省") and _plausible_name(n))
    if not counts:
        return None
    best = max(counts, key=lambda n: (counts[n], text.count(n), n))
    return best + "省"


# --- years -------------------------------------------------------------------------

def _year_cue_snippets(text: str) -> str:
    """Headings, and the opening of paragraphs that start with a year, where the genre
    states its years (``一、2018年工作回顾``, ``2023年重点抓好以下工作：``,
    ``2023年政府工作的指导思想是``); a year inside running text (``完成了2018年工作任务``)
    is not a cue."""
    return "\n".join(line if _is_heading_like(line) else line[:_CUE_OPENING]
                     for line in text.splitlines()
                     if _is_heading_like(line) or _YEAR_START_RE.match(line))


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
    sources = dict(meta.sources)
    sources.update({key: "sidecar" for key in values})
    return dataclasses.replace(meta, **values, sources=sources)


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
    if key == "date":
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f"date must be an ISO date YYYY-MM-DD, got {value!r}") from None
    return value


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999
