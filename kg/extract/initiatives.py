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
``campaign``
    unquoted campaigns with a campaign head, launched by a verb: ``开展扫除积弊专项斗争``,
    ``打赢碧空保卫战``, ``深入实施清源护岸三年行动``, ``强化道路安全顽瘴痼疾整治``; an item
    coordinated with one (``开展A专项斗争、B人民战争``) counts too. Named reform pilots
    (``开展城乡融合改革试点试验``, ``获批…融合改革试验区``) follow the same shape.
``quoted_core``
    ``开展“X”`` with nothing after the quotes: the quoted text is the campaign's name.
``programme``
    a quoted numbered abbreviation with a programme head: ``创建“七好”园区``,
    ``建设“三美乡村”``, ``深入开展“四微”工作``, ``“两惠”实事``.
``event``
    expos, fairs, forums and summits the government hosts: ``举办首届“星河论坛”、
    数字装备博览会`` -> 星河论坛, 数字装备博览会.

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
    doc = P.Doc.of(report, context)
    found: list[P.Found] = []
    found.extend(_from_quotes(doc))
    found.extend(_from_lists(doc))
    found.extend(_from_numbered(doc))
    found.extend(_from_theme_years(doc))
    found.extend(_from_campaigns(doc))
    found.extend(_from_quoted_cores(doc))
    found.extend(_from_programmes(doc))
    found.extend(_from_events(doc))
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


# ------------------------------------------------------- unquoted campaigns

_CAMPAIGN_HEAD_RE = re.compile("|".join(sorted(map(re.escape, list(P.CAMPAIGN_HEADS) + list(P.PILOT_HEADS)),
                                               key=len, reverse=True)))
#: What may follow a campaign name: punctuation, a conjunction, or a verb of progress.
_CAMPAIGN_FOLLOW_RE = re.compile(
    r"[^\u4e00-\u9fff]|等|和|与|及|以及|取得|成效|初见|深入|稳步|扎实|全面|圆满|顺利|有序|持续|"
    r"不断|进一步|实现|完成|向|中|为|工作|，")
_CAMPAIGN_FOLLOW_BAD_RE = re.compile(r"工作(?:专班|组|机制|体系)|中心|精神|意志|本领")
_STEM_BAD_RE = re.compile(r"^(?:等|各|各类|一批|系列|相关|有关|其他|多项|这|该|此)|(?:领域|行业|方面)$")
_STOP_CHARS = "、，。；：！？,;:“”\"「」『』（）()"


def _from_campaigns(doc: P.Doc) -> list[P.Found]:
    """Unquoted ``<launching verb> <description><campaign head>`` (see the module doc)."""
    text, out = doc.text, []
    for lo, hi in doc.clauses():
        first: dict[tuple[str, ...], tuple[int, str] | None] = {}  # first verb of the clause
        for m in _CAMPAIGN_HEAD_RE.finditer(text, lo, hi):
            f = _campaign(doc, lo, hi, m.start(), m.end(), first)
            if f:
                out.append(f)
    return out


def _campaign(doc: P.Doc, lo: int, hi: int, hs: int, he: int,
              first: dict[tuple[str, ...], tuple[int, str] | None]) -> P.Found | None:
    text = doc.text
    head = text[hs:he]
    if he < hi and (not _CAMPAIGN_FOLLOW_RE.match(text, he) or _CAMPAIGN_FOLLOW_BAD_RE.match(text, he)):
        return None  # 斗争精神, 攻坚战指挥部, 三年行动计划: the head modifies something else
    pilot = head in P.PILOT_HEADS
    verbs = _PILOT_VERBS if pilot else _CAMPAIGN_VERBS
    start, verb = _walk_to_verb(doc, lo, hs, verbs)
    if start is None:
        return None
    lead = P.NAME_LEAD_RE.match(text, start, hs)
    if lead:
        start = lead.end()
    stem = text[start:hs]
    if pilot and not P.PILOT_STEM_END_RE.search(stem):
        return None
    if not pilot and len(stem) < P.CAMPAIGN_HEADS[head]:
        return None
    if _STEM_BAD_RE.search(stem) or P.COUNT_PREFIX_RE.match(stem) or re.search(r"\d", stem) \
            or not P._CJK_RE.match(text, start):
        return None
    if P.inside_quotes(text, lo, start, he) or (start > lo and text[start - 1] in P.CLOSE_QUOTES):
        return None  # quoted names belong to the quote rules
    if verb is None:
        verb = _coordinated_with_verb(doc, lo, hi, start, verbs, first)
        if verb is None:
            return None
    return P.Found(start, he, "Initiative", "campaign", verb)


_CAMPAIGN_VERBS = tuple(sorted(P.CAMPAIGN_VERBS, key=len, reverse=True))
_PILOT_VERBS = tuple(sorted(P.CAMPAIGN_VERBS + P.PILOT_VERBS, key=len, reverse=True))


def _verb_ending_at(text: str, lo: int, pos: int, verbs: tuple[str, ...]) -> str | None:
    for v in verbs:
        if pos - len(v) >= lo and text.startswith(v, pos - len(v)):
            return v
    return None


def _walk_to_verb(doc: P.Doc, lo: int, hs: int, verbs: tuple[str, ...]) -> tuple[int | None, str | None]:
    """Walk left from a head over the name's words to the launching verb or a stop
    (comma, enumeration mark, quote, function word); the verb, if that is what stopped it.
    Verbs are looked for by characters, not tokens, since jieba glues them to their
    neighbours (积极开展 | …, 打 | 好 | …)."""
    text = doc.text
    win_lo = max(lo, hs - P.MAX_NAME)
    window = text[win_lo:hs]
    if not any(v in window for v in verbs) and not any(c in window for c in "、和及与"):
        return None, None  # neither a verb nor a coordination: no need to segment
    start = hs
    for s, e in reversed(doc.tokens(win_lo, hs)):
        w = text[s:e]
        for p in range(e, s, -1):
            v = _verb_ending_at(text, lo, p, verbs)
            if v:
                return p, v
        if any(c in _STOP_CHARS for c in w) or w in P.BOUNDARY_TOKENS:
            return start, None
        start = s
    if start <= win_lo and start > lo:
        return None, None  # longer than a name
    return start, _verb_ending_at(text, lo, start, verbs)


def _coordinated_with_verb(doc: P.Doc, lo: int, hi: int, start: int, verbs: tuple[str, ...],
                           first: dict[tuple[str, ...], tuple[int, str] | None]) -> str | None:
    """``开展A斗争、B战争`` / ``打好A和B``: the item follows a coordination mark, and a
    launching verb opens the coordination earlier in the clause: that verb."""
    text = doc.text
    k = start - 1
    if k < lo or (text[k] != "、" and text[k] not in "和及与"):
        return None
    if verbs not in first:  # once per clause and verb set: linear however many heads
        hits = [(text.find(v, lo, hi), v) for v in verbs]
        hits = [h for h in hits if h[0] >= 0]
        first[verbs] = min(hits) if hits else None
    hit = first[verbs]
    return hit[1] if hit is not None and hit[0] + len(hit[1]) <= k else None


def _from_quoted_cores(doc: P.Doc) -> list[P.Found]:
    """``开展“X”“Y”，``: a chain of quoted names right after 开展 with nothing after it."""
    text, out = doc.text, []
    for lo, hi in _paragraphs(text):
        quotes = list(_QUOTED_RE.finditer(text, lo, hi))
        k = 0
        while k < len(quotes):
            m = quotes[k]
            n = 1
            while k + n < len(quotes) and quotes[k + n].start() == quotes[k + n - 1].end():
                n += 1
            end = quotes[k + n - 1].end()
            before = text[max(lo, m.start() - 8):m.start()]
            if re.search(r"开展$", before) and (end >= hi or text[end] in "，。；、！？,;"):
                for q in quotes[k:k + n]:
                    if _quoted_ok(q.group(1)) and not re.search(r"\d|^[一二三四五六七八九十两]", q.group(1)):
                        out.append(P.Found(q.start(1), q.end(1), "Initiative", "quoted_core", "开展"))
            k += n
    return out


_NUMBERED_CORE_RE = re.compile(r"[一二三四五六七八九十两百千][\u4e00-\u9fff]{1,5}")
_PROGRAMME_VERB_RE = re.compile(r"(?:创建|争创|培塑|培育|塑造|打造|建设|建好)$")
_WORK_VERB_RE = re.compile(r"(?:开展|推深|深化|实施)$")


def _from_programmes(doc: P.Doc) -> list[P.Found]:
    """“N×”园区 / “N×乡村” run as a programme, “N×”工作 / 项目 launched, “N×”实事."""
    text, out = doc.text, []
    for lo, hi in _paragraphs(text):
        for m in _QUOTED_RE.finditer(text, lo, hi):
            content = m.group(1)
            before = text[max(lo, m.start() - 6):m.start()]
            inner = next((h for h in P.PROGRAMME_NOUN_HEADS if content.endswith(h)), None)
            if inner and _NUMBERED_CORE_RE.fullmatch(content[: -len(inner)]):
                v = _PROGRAMME_VERB_RE.search(before)
                if v:
                    out.append(P.Found(m.start(1), m.end(1), "Initiative", "programme", v.group(0)))
                continue
            if not _NUMBERED_CORE_RE.fullmatch(content):
                continue
            after = text[m.end():m.end() + 4]
            head = next((h for h in P.PROGRAMME_NOUN_HEADS + P.PROGRAMME_WORK_HEADS if after.startswith(h)), None)
            if head is None:
                continue
            end = m.end() + len(head)
            if not _head_completes(text, end, hi):
                continue
            v = (_PROGRAMME_VERB_RE if head in P.PROGRAMME_NOUN_HEADS else _WORK_VERB_RE).search(before)
            if head in P.PROGRAMME_NOUN_HEADS:
                ok = bool(v) or text.startswith(("建设", "创建"), end)
            else:
                ok = bool(v) or head == "实事"
            if ok:
                out.append(P.Found(m.start(), end, "Initiative", "programme", v.group(0) if v else None))
    return out


# ------------------------------------------------------------------- events

_EVENT_HEAD_RE = re.compile("|".join(sorted(map(re.escape, P.EVENT_HEADS), key=len, reverse=True)))


def _from_events(doc: P.Doc) -> list[P.Found]:
    """Items ending in an event head after a hosting verb: ``举办A论坛、B博览会等``."""
    text, out = doc.text, []
    for lo, hi in doc.clauses():
        clause = text[lo:hi]
        vs = [(clause.find(v), -len(v), v) for v in P.EVENT_VERBS if v in clause]
        if not vs:
            continue
        vpos, _, verb = min(vs)
        first = lo + vpos + len(verb)
        seg, scanned = first, first  # start of the current item; text checked for 、 so far
        for m in _EVENT_HEAD_RE.finditer(text, first, hi):
            sep = text.rfind("、", scanned, m.start())
            if sep >= 0:
                seg = sep + 1
            scanned = m.start()
            he = m.end()
            if he < hi and text[he] not in "、等和及与，。；" and text[he] not in P.CLOSE_QUOTES:
                continue
            s = seg
            # an item in quotes: the name is the quoted text (“星河论坛”)
            e = he
            if he < hi and text[he] in P.CLOSE_QUOTES:
                e = he
                he += 1
            lead = P.NAME_LEAD_RE.match(text, s, m.start())
            if lead:
                s = lead.end()
            if s < e and text[s] in P.OPEN_QUOTES:
                s += 1
            name = text[s:e]
            if len(name) < 3 or len(name) > 20 or any(c in name for c in P.QUOTES) \
                    or _STEM_BAD_RE.search(name[: -len(m.group(0))] or "等"):
                continue
            out.append(P.Found(s, e, "Initiative", "event", verb))
    return out


def _from_lexicon(doc: P.Doc, found: list[P.Found]) -> list[P.Found]:
    """Other occurrences in this report of names found here (>= 4 characters)."""
    text = doc.text

    def not_a_modifier(lo: int, hi: int, s: int, e: int) -> bool:
        return not _ORG_AFTER_RE.match(text, e)  # 清源攻坚战|指挥部 is a body, not the campaign

    return P.propagate(doc, found, "Initiative", 4, lambda lo, hi, s, e: _verb(doc, s), not_a_modifier)


_ORG_AFTER_RE = re.compile(r"指挥部|领导小组|工作专班|专班|办公室|现场会|工作组")


def _drop_nested(found: list[P.Found]) -> list[P.Found]:
    return P.drop_nested(found)
