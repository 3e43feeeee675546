"""Name variants of the genre: what may be stripped from a name without changing what
it names, and what must never be (phases).

A name's *core* is its canonical form without a leading place (province, country, or
a government named in the corpus's own report metadata), a trailing generic head word
(项目 for projects; 活动/行动/改革/工程 for initiatives) or a legal-form suffix
(有限公司 for enterprises). Names with the same type, scope and core are one thing;
each stripped part is recorded as the rule that joined them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.link.names import canonical

# Provinces and province-level regions, in the short forms reports put before names.
PROVINCES: tuple[str, ...] = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
    "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
    "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
)
# Countries that commonly prefix foreign investors' names.
COUNTRIES: tuple[str, ...] = (
    "中国", "德国", "美国", "日本", "韩国", "法国", "英国", "意大利", "瑞士", "瑞典", "荷兰", "比利时",
    "奥地利", "丹麦", "芬兰", "挪威", "西班牙", "葡萄牙", "加拿大", "澳大利亚", "新西兰", "新加坡",
    "马来西亚", "泰国", "印度", "俄罗斯", "以色列", "巴西", "墨西哥",
)
ADMIN_SUFFIXES = ("省", "市", "区", "县", "州", "旗", "盟", "自治区", "自治州", "自治县")
PROJECT_HEADS = ("建设项目", "项目", "工程")
INITIATIVE_HEADS = ("三年行动", "系列活动", "专项行动", "百日行动", "行动计划", "专项斗争", "保卫战", "攻坚战", "活动",
                    "行动", "改革", "工程", "战略", "计划", "品牌", "斗争")
# A rectification campaign's head: 集中整治 / 专项整治 / 整治 name one campaign (the
# modifier says how it is run, not what it targets); kept as 整治 in the core.
RECTIFICATION = re.compile(r"(?:集中|专项)整治$")
LEGAL_SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "公司")
# 一期/二期/三期, 一号/二号 lines, phase II …: a different phase is a different project.
PHASE = re.compile(r"([一二三四五六七八九十\d]+期|[一二三四五六七八九十\d]+号线|[ⅠⅡⅢⅣ]+期?)")
MIN_CORE_CHARS = 3
COORDINATORS = "及和与、"  # 甲及乙X: a coordinated name, two things
# An inserted modifier with one of these names another part (东匝道, 二期, 北段), not the same thing.
DISTINGUISHING = frozenset("东西南北中上下左右前后内外新老旧一二三四五六七八九十百期号段区线座栋")


@dataclass(frozen=True)
class Core:
    text: str
    stripped: tuple[str, ...]  # rules applied, e.g. ("place-prefix:湖南", "head-word:项目")


class Places(tuple):
    """:func:`place_names`' tuple (longest first), with its names by length, so that
    :func:`core_of` finds a name's leading place with one set probe per length instead
    of a scan of every place (the corpus names more places the larger it is, which made
    that scan grow with the corpus times the names)."""

    lengths: tuple[int, ...]
    names: frozenset[str]

    def __new__(cls, names: tuple[str, ...]) -> Places:
        self = super().__new__(cls, names)
        self.lengths = tuple(sorted({len(n) for n in names}, reverse=True))
        self.names = frozenset(names)
        return self


def _leading_place(text: str, places: tuple[str, ...]) -> str | None:
    """The first of ``places`` that ``text`` starts with and that leaves a core long enough.
    For a :class:`Places` (sorted longest first, then by text) the first such place is
    the longest prefix of ``text`` in it: one name per length can match."""
    if isinstance(places, Places):
        for length in places.lengths:
            if len(text) - length >= MIN_CORE_CHARS and text[:length] in places.names:
                return text[:length]
        return None
    for place in places:
        if text.startswith(place) and len(text) - len(place) >= MIN_CORE_CHARS:
            return place
    return None


def place_names(regions: list[tuple[str | None, str | None]]) -> tuple[str, ...]:
    """Every place a name may start with: provinces, countries, and each government
    the corpus's reports name as issuer or parent, with and without its level suffix."""
    names: set[str] = set(PROVINCES) | set(COUNTRIES)
    names |= {p + "省" for p in PROVINCES}
    for region, parent in regions:
        for name in (region, parent):
            if not name:
                continue
            names.add(name)
            for suffix in ADMIN_SUFFIXES:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    names.add(name[: -len(suffix)])
    return Places(tuple(sorted(names, key=lambda n: (-len(n), n))))


def core_of(name: str, type_: str, places: tuple[str, ...]) -> Core:
    """The core of ``name`` for an entity of ``type_`` (see the module docstring)."""
    text = canonical(name)
    stripped: list[str] = []
    for _ in range(2):  # 某省某市XX: province then city
        place = _leading_place(text, places)
        if place is None:
            break
        text = text[len(place):]
        stripped.append(f"place-prefix:{place}")
    heads = {"Project": PROJECT_HEADS, "Initiative": INITIATIVE_HEADS}.get(type_, ())
    if type_ == "Enterprise":
        heads = LEGAL_SUFFIXES
    for head in heads:
        if text.endswith(head) and len(text) - len(head) >= 2:
            text = text[: -len(head)]
            stripped.append(f"{'legal-suffix' if type_ == 'Enterprise' else 'head-word'}:{head}")
            break
    if type_ == "Initiative":
        m = RECTIFICATION.search(text)
        if m and m.start() >= 2:
            text = text[: m.start()] + "整治"
            stripped.append(f"campaign-head:{m.group()}")
    return Core(text, tuple(stripped))


def phases(name: str) -> tuple[str, ...]:
    return tuple(PHASE.findall(canonical(name)))


def is_near_variant(a: str, b: str) -> bool:
    """甲乙物流园 / 甲乙智慧物流园: one name is the other with a modifier of
    at most three characters inserted inside or in front (same head); long enough to be specific."""
    short, full = sorted((a, b), key=lambda n: (len(n), n))
    gap = len(full) - len(short)
    if len(short) < 4 or not 0 < gap <= 3 or short[-2:] != full[-2:]:
        return False
    blocked = DISTINGUISHING | set(COORDINATORS)  # a part, a direction, or another name joined by 及
    if len(short) >= 5 and full.endswith(short):  # a modifier in front: 智慧甲乙物流园
        return not set(full[:gap]) & blocked
    return short[:2] == full[:2] and any(
        short[:i] == full[:i] and short[i:] == full[i + gap:] and not set(full[i:i + gap]) & blocked
        for i in range(2, len(short) - 1))


def is_short_form(short: str, full: str) -> bool:
    """甲硬集团 for 甲乙硬质合金集团: same last character(s) (the head: 集团, 公司, 科技 …),
    same first character, and every character of the short form in order in the full one."""
    if len(short) < 3 or len(full) <= len(short) + 1 or short[0] != full[0] or short[-2:] != full[-2:]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


# --- variants of initiatives -------------------------------------------------------------

MIN_INSERTION_CORE = 7  # a shorter campaign name is too generic to take an inserted word
INTERPUNCTS = "·•・"
# Event words a 会-abbreviation keeps the first character of (甲乙丙丁博览会 → 甲丙博会).
EVENT_WORD = re.compile(r"(?:博览|交易|洽谈|展览|展销|运动|推介|研讨|论坛|峰)会$")


def deletion_variants(core: str, max_gap: int = 2) -> list[tuple[str, str]]:
    """The names ``core`` would be with one inserted modifier (1–``max_gap`` characters)
    taken out, as ``(shorter name, inserted words)``: 甲乙问题丙丁整治 → 甲乙丙丁整治.
    The head (last two characters) stays; theme years (…年) and short names take none;
    inserted words naming a part, direction or number never count."""
    if core.endswith("年"):
        return []
    out = []
    for gap in range(1, max_gap + 1):
        if len(core) - gap < MIN_INSERTION_CORE:
            continue
        for i in range(0, len(core) - gap - 1):
            inserted = core[i:i + gap]
            if set(inserted) & DISTINGUISHING or any(ch.isdigit() for ch in inserted):
                continue
            out.append((core[:i] + core[i + gap:], inserted))
    return sorted(set(out))


def interpunct_series(name: str) -> str | None:
    """The series a dotted campaign name belongs to: “甲乙丙丁·戊己行动” → 甲乙丙丁 (the
    edition follows the dot); None without a dot or with a series under three characters."""
    for dot in INTERPUNCTS:
        if dot in name:
            series = canonical(name.split(dot, 1)[0])
            return series if len(series) >= MIN_CORE_CHARS else None
    return None


def is_event_abbreviation(short: str, full: str) -> bool:
    """甲博会 for 甲乙丙丁博览会: a 会 name of three or four characters made of the first
    character of the full name, the first character of its event word (博览会, 交易会 …)
    and 会, with any other character found in order in between."""
    if not 3 <= len(short) <= 4 or not short.endswith("会") or len(full) < len(short) + 2:
        return False
    event = EVENT_WORD.search(full)
    if event is None or short[0] != full[0] or short[-2] != full[event.start()]:
        return False
    it = iter(full[1:event.start()])
    return all(ch in it for ch in short[1:-2])


# --- variants of projects ----------------------------------------------------------------

_BRACKETED_TAIL = re.compile(r"\([^()]{1,6}\)$")


def coordinated_expansions(canon: str) -> list[tuple[str, str]]:
    """The single names a coordinated name stands for, with the head they share:
    甲乙及丙丁高速扩容（东线） → [(甲乙高速扩容, …), (丙丁高速扩容, …)], each as
    ``(name, conjunct)``; every split of the shared tail is offered (the caller keeps
    the ones that name a known project). A bracketed qualifier at the end is dropped."""
    base = _BRACKETED_TAIL.sub("", canon)
    out: list[tuple[str, str]] = []
    for i, ch in enumerate(base):
        if ch not in COORDINATORS or i < 2:
            continue
        first, rest = base[:i], base[i + 1:]
        if any(c in COORDINATORS for c in first + rest):
            return []  # more than two conjuncts: a list, not a coordinated name
        for j in range(2, len(rest) - 1):
            second, tail = rest[:j], rest[j:]
            out.append((first + tail, first))
            out.append((second + tail, second))
        break
    return out


def is_substituted_modifier(a: str, b: str) -> str | None:
    """甲乙综合丙丁戊己 / 甲乙系统丙丁戊己: the same name with one short modifier (one or
    two characters) in the same place replaced by another; the shared start (≥ 2
    characters) and end (≥ 5) must make the name specific. Returns the two modifiers."""
    if a == b or abs(len(a) - len(b)) > 1:
        return None
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    s = 0
    while s < min(len(a), len(b)) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    ma, mb = a[p:len(a) - s], b[p:len(b) - s]
    if p < 2 or s < 5 or not (1 <= len(ma) <= 2 and 1 <= len(mb) <= 2):
        return None
    if set(ma + mb) & DISTINGUISHING or any(ch.isdigit() for ch in ma + mb):
        return None
    return f"{ma}/{mb}"


def phase_split(canon: str) -> tuple[str, str] | None:
    """甲乙三期丙丁 → (甲乙丙丁, 三期): a name with one phase inside it (not at the end: a
    trailing phase names the phase of a whole), else None."""
    found = list(PHASE.finditer(canon))
    if len(found) != 1:
        return None
    m = found[0]
    if m.start() < 2 or len(canon) - m.end() < 2:
        return None
    return canon[: m.start()] + canon[m.end():], m.group()
