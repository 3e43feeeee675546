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
INITIATIVE_HEADS = ("系列活动", "专项行动", "百日行动", "行动计划", "专项斗争", "保卫战", "攻坚战", "活动", "行动",
                    "改革", "工程", "战略", "计划", "品牌", "斗争")
LEGAL_SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "公司")
# 一期/二期/三期, 一号/二号 lines, phase II …: a different phase is a different project.
PHASE = re.compile(r"([一二三四五六七八九十\d]+期|[一二三四五六七八九十\d]+号线|[ⅠⅡⅢⅣ]+期?)")
MIN_CORE_CHARS = 3
# An inserted modifier with one of these names another part (东匝道, 二期, 北段), not the same thing.
DISTINGUISHING = frozenset("东西南北中上下左右前后内外新老旧一二三四五六七八九十百期号段区线座栋")


@dataclass(frozen=True)
class Core:
    text: str
    stripped: tuple[str, ...]  # rules applied, e.g. ("place-prefix:湖南", "head-word:项目")


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
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def core_of(name: str, type_: str, places: tuple[str, ...]) -> Core:
    """The core of ``name`` for an entity of ``type_`` (see the module docstring)."""
    text = canonical(name)
    stripped: list[str] = []
    for _ in range(2):  # 某省某市XX: province then city
        for place in places:
            if text.startswith(place) and len(text) - len(place) >= MIN_CORE_CHARS:
                text = text[len(place):]
                stripped.append(f"place-prefix:{place}")
                break
        else:
            break
    heads = {"Project": PROJECT_HEADS, "Initiative": INITIATIVE_HEADS}.get(type_, ())
    if type_ == "Enterprise":
        heads = LEGAL_SUFFIXES
    for head in heads:
        if text.endswith(head) and len(text) - len(head) >= 2:
            text = text[: -len(head)]
            stripped.append(f"{'legal-suffix' if type_ == 'Enterprise' else 'head-word'}:{head}")
            break
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
    if len(short) >= 5 and full.endswith(short):  # a modifier in front: 智慧甲乙物流园
        return not set(full[:gap]) & DISTINGUISHING
    return short[:2] == full[:2] and any(
        short[:i] == full[:i] and short[i:] == full[i + gap:] and not set(full[i:i + gap]) & DISTINGUISHING
        for i in range(2, len(short) - 1))


def is_short_form(short: str, full: str) -> bool:
    """甲硬集团 for 甲乙硬质合金集团: same last character(s) (the head: 集团, 公司, 科技 …),
    same first character, and every character of the short form in order in the full one."""
    if len(short) < 3 or len(full) <= len(short) + 1 or short[0] != full[0] or short[-2:] != full[-2:]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)
