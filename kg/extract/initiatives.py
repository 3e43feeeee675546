"""Initiatives: named campaigns, actions, reforms, theme years, programmes and brands.

The genre writes them in quotes with a head word. Rules:

``quoted_name``
    the quoted text itself ends in a head word: “项目建设攻坚年”, “清河行动”, “秋冬攻势”,
    “八大攻坚行动”. The name is the text inside the quotes (the quotes wrap the whole
    name; a following 活动 as in “重点工程攻坚年”活动 is not part of it).
``quoted_head``
    quotes followed by at most a few characters and a head word: “一减一增”行动,
    “金凤凰”跃升行动, “三带头四整治”纠风防腐专项行动, “证照分离”改革. The name runs from
    the opening quote to the end of the head (quotes kept, they sit inside the name).
``quoted_series``
    a quoted term directly followed by another one that carries the head:
    “村企共建”“两田合一”改革 -> 村企共建 and “两田合一”改革.
``list_initiative``
    quoted items of ``“A”“B”等形象品牌`` / ``第九季“遇见青溪”等系列活动``.
``numbered``
    unquoted ``八大攻坚行动``, ``五大提升行动``.
``theme_year``
    unquoted ``开展招商引资提升年活动`` -> 招商引资提升年.

Targets, slogans and numbers in quotes (“双下降”, “零发生”, “十四五”) are not initiatives;
abbreviations (两型三化) belong to the abbreviation extractor.
"""

from __future__ import annotations

import re

from kg.extract import patterns as P
from kg.extract.context import ExtractContext
from kg.model import Extraction, Report

_MAX_QUOTED = 30
_MIDDLE_MAX = 8
_QUOTED_RE = re.compile(r"“([^“”\n]{1,%d})”" % _MAX_QUOTED)
_AFTER_HEAD_RE = re.compile(
    r"([\u4e00-\u9fff·]{0,%d}?)(%s)" % (_MIDDLE_MAX, P.INITIATIVE_HEAD_RE.pattern)
)
#: Heads allowed *inside* quotes as the end of a whole name (“项目建设攻坚年”, “清河行动”).
_INNER_HEAD_RE = re.compile(
    r"(?:攻坚行动|专项行动|行动|活动|改革|工程|攻坚年|建设年|提升年|转化年|培育年|"
    r"[\u4e00-\u9fff]{2}年|攻势|计划|保卫战|攻坚战|会战)$"
)
#: Middles that show the quoted text is not the initiative's own name (“X”的…).
_BAD_MIDDLE_RE = re.compile(r"[的和与及在为是把对从等]|^(?:重要)$")
_YEAR_ACTIVITY_RE = re.compile(r"([\u4e00-\u9fff]{2,10}年)活动")
_VERB_BEFORE_RE = re.compile(r"(?:开展|深化|实施|推进|推行|启动|组织|发起|举办|打响|打好|打赢)")


def extract(report: Report, context: ExtractContext) -> Extraction:
    """Initiative mentions of one report (sorted, one per span)."""
    doc = P.Doc(report, context)
    found: list[P.Found] = []
    found.extend(_from_quotes(doc))
    found.extend(_from_lists(doc))
    found.extend(_from_numbered(doc))
    found.extend(_from_theme_years(doc))
    found = _drop_nested(P.dedupe(found))
    found.extend(_from_lexicon(doc, found))
    found = _drop_nested(P.dedupe(found))
    out = Extraction(report=report.id)
    out.mentions = [doc.mention(f) for f in found]
    return out


def _quoted_ok(content: str, with_head: bool = False) -> bool:
    """Quoted text that could be (part of) an initiative name. A number is a name only
    with a head word after it (制造强市“2035”行动), never alone (“1+5”)."""
    flat = content.strip()
    if len(flat) < 2 or (P.NON_INITIATIVE_QUOTED_RE.match(flat) and not with_head):
        return False
    return with_head or not re.fullmatch(r"[\d.%+\-]+", flat)


def _from_quotes(doc: P.Doc) -> list[P.Found]:
    text, out = doc.text, []
    for lo, hi in _paragraphs(text):
        quotes = list(_QUOTED_RE.finditer(text, lo, hi))
        for k, m in enumerate(quotes):
            content = m.group(1)
            after = _AFTER_HEAD_RE.match(text, m.end(), min(hi, m.end() + _MIDDLE_MAX + 5))
            if not _quoted_ok(content, with_head=bool(after and after.group(1) == "")):
                continue
            if _INNER_HEAD_RE.search(content) and len(content) >= 3:
                out.append(P.Found(m.start(1), m.end(1), "Initiative", "quoted_name", _verb(doc, m.start())))
                continue
            if after and not _BAD_MIDDLE_RE.search(after.group(1)) and _head_completes(text, after.end(), hi):
                out.append(P.Found(m.start(), after.end(), "Initiative", "quoted_head", _verb(doc, m.start())))
                continue
            if k + 1 < len(quotes) and quotes[k + 1].start() == m.end():
                # “A”“B”改革: A shares B's head when B's name is completed by one
                chain_end = _chain_end(quotes, k)
                tail = _AFTER_HEAD_RE.match(text, chain_end, min(hi, chain_end + _MIDDLE_MAX + 5))
                if tail and tail.group(1) == "" and not _INNER_HEAD_RE.search(quotes[k + 1].group(1)) \
                        and _head_completes(text, tail.end(), hi):
                    out.append(P.Found(m.start(1), m.end(1), "Initiative", "quoted_series", _verb(doc, m.start())))
    return out


def _chain_end(quotes: list[re.Match], k: int) -> int:
    """End of a run of directly adjacent quoted segments starting at ``k``."""
    end = quotes[k].end()
    for q in quotes[k + 1:]:
        if q.start() != end:
            break
        end = q.end()
    return end


def _head_completes(text: str, end: int, hi: int) -> bool:
    """The head word is not the start of a longer word (工程师, 年度, 改革开放, 品牌化)."""
    if end >= hi:
        return True
    if text.endswith("品牌", 0, end) and re.match(r"[\u4e00-\u9fff]", text[end]) \
            and not re.match(r"影响|建设|效应|形象|知名|美誉", text[end:end + 2]):
        return False  # “百年”品牌餐饮: 品牌 modifies a noun, it does not end a name
    return not re.match(r"师|度|开放|化|轻|内|底|初|末|代|份|龄|级|会|费|型|式|性", text[end:end + 2])


def _verb(doc: P.Doc, start: int) -> str | None:
    """The verb that launches the initiative (开展, 实施, 深化 …), if right before it."""
    m = None
    for m in _VERB_BEFORE_RE.finditer(doc.text, max(0, start - 8), start):
        pass
    return m.group(0) if m else None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Line spans cut into bounded windows (quotes never span lines after normalisation)."""
    out = []
    start = 0
    n = len(text)
    while start <= n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        s = start
        while end - s > 4 * P.MAX_CLAUSE:
            # cut long lines at a quote-free point near the window end
            cut = s + 4 * P.MAX_CLAUSE
            back = max(text.rfind("“", s, cut), text.rfind("”", s, cut) + 1)
            cut = back if back > s else cut
            out.append((s, cut))
            s = cut
        out.append((s, end))
        start = end + 1
    return out


def _from_lists(doc: P.Doc) -> list[P.Found]:
    """Quoted items of initiative lists: “活力青溪”“幸福青溪”等形象品牌."""
    text, out = doc.text, []
    for it in P.iter_lists(doc):
        if it.kind != "I":
            continue
        item = text[it.start:it.end].rstrip()
        if not item or item[-1] not in P.CLOSE_QUOTES:
            continue  # “小散乱”企业: the quotes modify another noun
        for m in _QUOTED_RE.finditer(text, it.start, it.end):
            if _quoted_ok(m.group(1)):
                out.append(P.Found(m.start(1), m.end(1), "Initiative", "list_initiative", _verb(doc, it.start)))
    return out


def _from_numbered(doc: P.Doc) -> list[P.Found]:
    text, out = doc.text, []
    for lo, hi in doc.clauses():
        for m in P.NUMBERED_INITIATIVE_RE.finditer(text, lo, hi):
            if m.start() > lo and re.match(r"[\d一二三四五六七八九十百千第]", text[m.start() - 1]):
                continue
            if not _head_completes(text, m.end(), hi):
                continue
            out.append(P.Found(m.start(), m.end(), "Initiative", "numbered", _verb(doc, m.start())))
    return out


def _from_theme_years(doc: P.Doc) -> list[P.Found]:
    """Unquoted ``开展X年活动``: X年 is a theme year when a launching verb governs it."""
    text, out = doc.text, []
    for lo, hi in doc.clauses():
        for m in _YEAR_ACTIVITY_RE.finditer(text, lo, hi):
            s, e = m.start(1), m.end(1)
            verb = None
            for v in _VERB_BEFORE_RE.finditer(text, s, e):
                verb = v
            if verb is not None:
                s = verb.end()
            elif not _VERB_BEFORE_RE.search(text, max(lo, s - 6), s):
                continue
            s = P.strip_lead(doc, s, e)
            name = text[s:e]
            if len(name) < 4 or re.search(r"\d|[上下去今明]年$|周年$", name):
                continue
            out.append(P.Found(s, e, "Initiative", "theme_year", verb.group(0) if verb else _verb(doc, s)))
    return out


def _from_lexicon(doc: P.Doc, found: list[P.Found]) -> list[P.Found]:
    """Other occurrences in this report of names found here (>= 4 characters)."""
    return P.propagate(doc, found, "Initiative", 4, lambda lo, hi, s, e: _verb(doc, s))


def _drop_nested(found: list[P.Found]) -> list[P.Found]:
    return P.drop_nested(found)
