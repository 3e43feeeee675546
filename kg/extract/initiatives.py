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

from dataclasses import dataclass

from kg.extract import patterns as P
from kg.extract.context import ExtractContext
from kg.extract.doc import Doc
from kg.extract.numerals import rules as numeral_rules
from kg.genre import Vocabulary, alternation
from kg.model import Extraction, Report

_MAX_QUOTED = 30
_MIDDLE_MAX = 8
_QUOTED_RE = re.compile(r"“([^“”\n]{1,%d})”" % _MAX_QUOTED)
_YEAR_ACTIVITY_RE = re.compile(r"([\u4e00-\u9fff]{2,10}年)活动")


@dataclass(frozen=True)
class _Rules:
    """What this extractor reads besides :class:`patterns.Rules` (one per vocabulary)."""

    after_head_re: re.Pattern[str]
    inner_head_re: re.Pattern[str]
    bad_middle_re: re.Pattern[str]
    verb_before_re: re.Pattern[str]
    brand_head: str
    brand_follow_re: re.Pattern[str]
    continuation_re: re.Pattern[str]
    theme_year_not_re: re.Pattern[str]
    campaign_head_re: re.Pattern[str]
    campaign_follow_re: re.Pattern[str]
    campaign_follow_bad_re: re.Pattern[str]
    stem_bad_re: re.Pattern[str]
    campaign_verbs: tuple[str, ...]
    names_with_de: tuple[str, ...]
    counted_end_re: re.Pattern[str]  # a stem ending in a numeral and a classifier of groups (…四大)
    pilot_verbs: tuple[str, ...]
    core_verb_re: re.Pattern[str]
    core_verb: str
    quote_launch_re: re.Pattern[str]
    programme_verb_re: re.Pattern[str]
    work_verb_re: re.Pattern[str]
    programme_followers: tuple[str, ...]
    deeds_head: str
    event_head_re: re.Pattern[str]
    org_after_re: re.Pattern[str]
    system_re: re.Pattern[str]
    no_verb_heads: dict[str, int]
    owner_leads: tuple[str, ...]
    quoted_follow_re: re.Pattern[str]

    @classmethod
    def build(cls, v: Vocabulary) -> _Rules:
        r = P.rules(v)
        core_verb = v.words("initiatives.quoted_core_verb")[0]
        return cls(
            after_head_re=re.compile(r"([\u4e00-\u9fff·]{0,%d}?)(%s)" % (_MIDDLE_MAX, r.initiative_head_re.pattern)),
            # heads allowed *inside* quotes as the end of a whole name (“项目建设攻坚年”); any X年 too
            inner_head_re=re.compile(f"(?:{v.alt('initiatives.inner_heads')}|[\u4e00-\u9fff]{{2}}年|"
                                     + "|".join(v.patterns("initiatives.inner_head_patterns")) + ")$"),
            bad_middle_re=re.compile("|".join(v.patterns("initiatives.bad_middle"))),
            verb_before_re=re.compile(f"(?:{v.alt('initiatives.launch_verbs')})"),
            brand_head=v.words("initiatives.brand_head")[0],
            brand_follow_re=re.compile(v.alt("initiatives.brand_followers")),
            continuation_re=re.compile(v.alt("initiatives.head_continuations")),
            theme_year_not_re=re.compile("|".join(v.patterns("initiatives.theme_year_not"))),
            campaign_head_re=re.compile(alternation(list(r.campaign_heads) + list(r.pilot_heads), longest_first=True)),
            campaign_follow_re=re.compile(rf"[^\u4e00-\u9fff]|{v.alt('initiatives.campaign_followers')}"),
            campaign_follow_bad_re=re.compile("|".join(v.patterns("initiatives.campaign_followers_not"))),
            stem_bad_re=re.compile("|".join(v.patterns("initiatives.stem_not"))),
            campaign_verbs=tuple(sorted(r.campaign_verbs, key=len, reverse=True)),
            names_with_de=v.words("initiatives.names_with_de"),
            counted_end_re=re.compile(f"[{re.escape(numeral_rules(v).numerals)}]"
                                      f"[{re.escape(v.chars('abbreviations.enumerated_classifiers'))}]$"),
            pilot_verbs=tuple(sorted(r.campaign_verbs + r.pilot_verbs, key=len, reverse=True)),
            core_verb_re=re.compile(f"{re.escape(core_verb)}$"),
            core_verb=core_verb,
            quote_launch_re=re.compile(f"(?:{v.alt('initiatives.quote_launch_verbs', longest_first=True)})$"),
            programme_verb_re=re.compile(f"(?:{v.alt('initiatives.programme_verbs')})$"),
            work_verb_re=re.compile(f"(?:{v.alt('initiatives.work_verbs')})$"),
            programme_followers=v.words("initiatives.programme_followers"),
            deeds_head=v.words("initiatives.deeds_head")[0],
            event_head_re=re.compile(alternation(r.event_heads, longest_first=True)),
            org_after_re=re.compile(v.alt("initiatives.bodies_after")),
            system_re=re.compile("|".join(v.patterns("initiatives.system_names"))),
            no_verb_heads={k: int(n) for k, n in v.map("initiatives.campaigns_without_verb").items()},
            owner_leads=tuple(sorted(v.words("initiatives.campaign_owner_leads"), key=len, reverse=True)),
            quoted_follow_re=re.compile(v.alt("initiatives.quoted_followers", longest_first=True)),
        )


def _rules(doc: Doc) -> _Rules:
    return doc.context.vocab.compiled("extract.initiatives", _Rules.build)


NAME = "initiatives"
#: The project spans: a campaign head shared with works (…工程) names a project there.
REQUIRES: tuple[str, ...] = ("project_spans",)
ASSIGNS: tuple[str, ...] = ("Initiative",)


def extract(report: Report, context: ExtractContext) -> Extraction:
    """:func:`run` on a report of its own (library and test use)."""
    from kg.extract import run_component

    return run_component(NAME, report, context)


def run(doc: Doc) -> Extraction:
    """Initiative mentions of one report (sorted, one per span)."""
    report = doc.report
    found: list[P.Found] = []
    found.extend(_from_quotes(doc))
    found.extend(_from_lists(doc))
    found.extend(_from_numbered(doc))
    found.extend(_from_theme_years(doc))
    found.extend(_from_campaigns(doc))
    found.extend(_from_quoted_cores(doc))
    found.extend(_from_programmes(doc))
    found.extend(_from_events(doc))
    found.extend(_from_systems(doc))
    found = P.drop_nested(P.dedupe(found))
    found.extend(_from_lexicon(doc, found))
    found = P.drop_nested(P.dedupe(found))
    out = Extraction(report=report.id)
    out.mentions = [doc.mention(f) for f in found]
    return out


def _quoted_ok(r: P.Rules, content: str, with_head: bool = False) -> bool:
    """Quoted text that could be (part of) an initiative name. A number is a name only
    with a head word after it (制造强市“2035”行动), never alone (“1+5”)."""
    flat = content.strip()
    if len(flat) < 2 or (r.non_initiative_quoted_re.match(flat) and not with_head):
        return False
    return with_head or not re.fullmatch(r"[\d.%+\-]+", flat)


def _from_quotes(doc: Doc) -> list[P.Found]:
    text, out, r, ir = doc.text, [], doc.rules, _rules(doc)
    for lo, hi in _paragraphs(text):
        quotes = list(_QUOTED_RE.finditer(text, lo, hi))
        for k, m in enumerate(quotes):
            content = m.group(1)
            after = ir.after_head_re.match(text, m.end(), min(hi, m.end() + _MIDDLE_MAX + 5))
            if not _quoted_ok(r, content, with_head=bool(after and len(after.group(1)) <= 2)):
                continue
            if ir.inner_head_re.search(content) and len(content) >= 3:
                out.append(P.Found(m.start(1), m.end(1), "Initiative", "quoted_name", _verb(doc, m.start())))
                continue
            if after and not ir.bad_middle_re.search(after.group(1)) and _head_completes(ir, text, after.end(), hi):
                out.append(P.Found(m.start(), after.end(), "Initiative", "quoted_head", _verb(doc, m.start())))
                continue
            if k + 1 < len(quotes) and quotes[k + 1].start() == m.end():
                # “A”“B”改革: A shares B's head when B's name is completed by one
                chain_end = _chain_end(quotes, k)
                tail = ir.after_head_re.match(text, chain_end, min(hi, chain_end + _MIDDLE_MAX + 5))
                if tail and tail.group(1) == "" and not ir.inner_head_re.search(quotes[k + 1].group(1)) \
                        and _head_completes(ir, text, tail.end(), hi):
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


def _head_completes(ir: _Rules, text: str, end: int, hi: int) -> bool:
    """The head word is not the start of a longer word (工程师, 年度, 改革开放, 品牌化)."""
    if end >= hi:
        return True
    if text.endswith(ir.brand_head, 0, end) and re.match(r"[\u4e00-\u9fff]", text[end]) \
            and not ir.brand_follow_re.match(text[end:end + 2]):
        return False  # “百年”品牌餐饮: 品牌 modifies a noun, it does not end a name
    return not ir.continuation_re.match(text[end:end + 2])


def _verb(doc: Doc, start: int) -> str | None:
    """The verb that launches the initiative (开展, 实施, 深化 …), if right before it."""
    m = None
    for m in _rules(doc).verb_before_re.finditer(doc.text, max(0, start - 8), start):
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


def _from_lists(doc: Doc) -> list[P.Found]:
    """Quoted items of initiative lists: “活力青溪”“幸福青溪”等形象品牌."""
    text, out, r = doc.text, [], doc.rules
    for it in P.iter_lists(doc):
        if it.kind != "I":
            continue
        item = text[it.start:it.end].rstrip()
        if not item or item[-1] not in r.close_quotes:
            continue  # “小散乱”企业: the quotes modify another noun
        for m in _QUOTED_RE.finditer(text, it.start, it.end):
            if _quoted_ok(r, m.group(1)):
                out.append(P.Found(m.start(1), m.end(1), "Initiative", "list_initiative", _verb(doc, it.start)))
    return out


def _from_numbered(doc: Doc) -> list[P.Found]:
    text, out, ir = doc.text, [], _rules(doc)
    for lo, hi in doc.clauses():
        for m in doc.rules.numbered_initiative_re.finditer(text, lo, hi):
            if m.start() > lo and re.match(r"[\d一二三四五六七八九十百千第]", text[m.start() - 1]):
                continue
            if not _head_completes(ir, text, m.end(), hi):
                continue
            out.append(P.Found(m.start(), m.end(), "Initiative", "numbered", _verb(doc, m.start())))
    return out


def _from_theme_years(doc: Doc) -> list[P.Found]:
    """Unquoted ``开展X年活动``: X年 is a theme year when a launching verb governs it."""
    text, out, ir = doc.text, [], _rules(doc)
    for lo, hi in doc.clauses():
        for m in _YEAR_ACTIVITY_RE.finditer(text, lo, hi):
            s, e = m.start(1), m.end(1)
            verb = None
            for v in ir.verb_before_re.finditer(text, s, e):
                verb = v
            if verb is not None:
                s = verb.end()
            elif not ir.verb_before_re.search(text, max(lo, s - 6), s):
                continue
            s = P.strip_lead(doc, s, e)
            name = text[s:e]
            if len(name) < 4 or ir.theme_year_not_re.search(name):
                continue
            out.append(P.Found(s, e, "Initiative", "theme_year", verb.group(0) if verb else _verb(doc, s)))
    return out


# ------------------------------------------------------- unquoted campaigns

_STOP_CHARS = "、，。；：！？,;:“”\"「」『』（）()"


def _from_campaigns(doc: Doc) -> list[P.Found]:
    """Unquoted ``<launching verb> <description><campaign head>`` (see the module doc)."""
    text, out = doc.text, []
    head_re = _rules(doc).campaign_head_re
    for lo, hi in doc.clauses():
        first: dict[tuple[str, ...], tuple[int, str] | None] = {}  # first verb of the clause
        for m in head_re.finditer(text, lo, hi):
            f = _campaign(doc, lo, hi, m.start(), m.end(), first)
            if f:
                out.append(f)
    return out


def _campaign(doc: Doc, lo: int, hi: int, hs: int, he: int,
              first: dict[tuple[str, ...], tuple[int, str] | None]) -> P.Found | None:
    text, r, ir = doc.text, doc.rules, _rules(doc)
    head = text[hs:he]
    if he < hi and (not ir.campaign_follow_re.match(text, he) or ir.campaign_follow_bad_re.match(text, he)):
        return None  # 斗争精神, 攻坚战指挥部, 三年行动计划: the head modifies something else
    pilot = head in r.pilot_heads
    verbs = ir.pilot_verbs if pilot else ir.campaign_verbs
    start, verb = _walk_to_verb(doc, lo, hs, verbs, 1 if pilot else r.campaign_heads[head])
    if start is None and head in ir.no_verb_heads:
        start = _name_start(doc, lo, hs)  # 污染防治攻坚战成效考核…: the head names it alone
    if start is None:
        return None
    lead = r.name_lead_re.match(text, start, hs)
    if lead:
        start = lead.end()
    stem = text[start:hs]
    if pilot and not r.pilot_stem_end_re.search(stem):
        return None
    if not pilot and len(stem) < r.campaign_heads[head]:
        return None
    if ir.stem_bad_re.search(stem) or r.count_prefix_re.match(stem) or re.search(r"\d", stem) \
            or not P._CJK_RE.match(text, start) or ir.counted_end_re.search(stem):
        return None  # 甲乙、丙丁四大战略: the last item of a list and the count of it
    if any(p.start < he and start < p.end for p in doc.results.get("project_spans", ())):
        return None  # 金山输变电工程: works the project extractor typed from their construction
    if P.inside_quotes(text, lo, start, he) or (start > lo and text[start - 1] in r.close_quotes):
        return None  # quoted names belong to the quote rules
    if verb is None:
        verb = _coordinated_with_verb(doc, lo, hi, start, verbs, first)
        if verb is None and head not in ir.no_verb_heads:
            return None
    return P.Found(start, he, "Initiative", "campaign", verb)


def _name_start(doc: Doc, lo: int, hs: int) -> int | None:
    """Where a name ending at ``hs`` starts when no verb launches it: back over its words to
    a stop (punctuation, a boundary word) within a name's length."""
    text, r = doc.text, doc.rules
    win_lo = max(lo, hs - P.MAX_NAME)
    start = hs
    for s, e in reversed(doc.tokens(win_lo, hs)):
        w = text[s:e]
        tag = doc.word_tags.get(w)
        if any(c in _STOP_CHARS for c in w) or w in r.boundary_tokens or tag in ("d", "m") \
                or (tag == "v" and len(w) == 1):
            break  # …获|国家污染防治攻坚战, 连续|三年: a one-character verb, an adverb or a number
        start = s
    if start <= win_lo and start > lo:
        return None  # longer than a name
    owner = next((w for w in _rules(doc).owner_leads if text.startswith(w, start)), "")
    start += len(owner)
    return start if start < hs else None


def _from_systems(doc: Doc) -> list[P.Found]:
    """Named responsibility systems (X长制: ``initiatives.system_names``), wherever written."""
    text, out = doc.text, []
    for m in _rules(doc).system_re.finditer(text):
        if not P.inside_quotes(text, max(0, m.start() - 40), m.start(), m.end()):
            out.append(P.Found(m.start(), m.end(), "Initiative", "system", None))
    return out


def _verb_ending_at(text: str, lo: int, pos: int, verbs: tuple[str, ...]) -> str | None:
    for v in verbs:
        if pos - len(v) >= lo and text.startswith(v, pos - len(v)):
            return v
    return None


def _walk_to_verb(doc: Doc, lo: int, hs: int, verbs: tuple[str, ...],
                  min_stem: int = 1) -> tuple[int | None, str | None]:
    """Walk left from a head over the name's words to the launching verb or a stop
    (comma, enumeration mark, quote, function word); the verb, if that is what stopped it.
    Verbs are looked for by characters, not tokens, since jieba glues them to their
    neighbours (积极开展 | …, 打 | 好 | …)."""
    text, r = doc.text, doc.rules
    win_lo = max(lo, hs - P.MAX_NAME)
    window = text[win_lo:hs]
    if not any(v in window for v in verbs) and not any(c in window for c in "、" + r.conjunctions):
        return None, None  # neither a verb nor a coordination: no need to segment
    start = hs
    first: tuple[int, str] | None = None  # a verb inside the name (改革|深化|提升行动) gives a stem too short
    for s, e in reversed(doc.tokens(win_lo, hs)):
        w = text[s:e]
        for p in range(e, s, -1):
            v = _verb_ending_at(text, lo, p, verbs)
            if v:
                if hs - p >= min_stem:
                    return p, v
                first = first or (p, v)
        if any(c in _STOP_CHARS for c in w) or (w in r.boundary_tokens and not _name_de(doc, lo, s, e)):
            return first or (start, None)
        start = s
    if first is not None:
        return first
    if start <= win_lo and start > lo:
        return None, None  # longer than a name
    return start, _verb_ending_at(text, lo, start, verbs)


def _name_de(doc: Doc, lo: int, s: int, e: int) -> bool:
    """The 的 at text[s:e] is inside a campaign's fixed opening (党的…教育实践活动)."""
    return any(doc.text.startswith(d, e - len(d)) and e - len(d) >= lo for d in _rules(doc).names_with_de)


def _coordinated_with_verb(doc: Doc, lo: int, hi: int, start: int, verbs: tuple[str, ...],
                           first: dict[tuple[str, ...], tuple[int, str] | None]) -> str | None:
    """``开展A斗争、B战争`` / ``打好A和B``: the item follows a coordination mark, and a
    launching verb opens the coordination earlier in the clause: that verb."""
    text = doc.text
    k = start - 1
    if k < lo or (text[k] != "、" and text[k] not in doc.rules.conjunctions):
        return None
    if verbs not in first:  # once per clause and verb set: linear however many heads
        hits = [(text.find(v, lo, hi), v) for v in verbs]
        hits = [h for h in hits if h[0] >= 0]
        first[verbs] = min(hits) if hits else None
    hit = first[verbs]
    return hit[1] if hit is not None and hit[0] + len(hit[1]) <= k else None


def _from_quoted_cores(doc: Doc) -> list[P.Found]:
    """``开展“X”“Y”，``: a chain of quoted names right after 开展 with nothing after it;
    ``推行“X”``, ``拓展“X”“Y”和“Z”服务``: a chain right after a verb that runs a programme
    (``initiatives.quote_launch_verbs``), whatever follows; ``加大“X”“Y”力度``, ``“X”合作模式``:
    a chain a programme noun follows (``initiatives.quoted_followers``), whatever comes before."""
    text, out, r, ir = doc.text, [], doc.rules, _rules(doc)
    for lo, hi in _paragraphs(text):
        quotes = list(_QUOTED_RE.finditer(text, lo, hi))
        k = 0
        while k < len(quotes):
            m = quotes[k]
            n = 1
            while k + n < len(quotes) and _joined(text, quotes[k + n - 1].end(), quotes[k + n].start(), r):
                n += 1
            end = quotes[k + n - 1].end()
            before = text[max(lo, m.start() - 8):m.start()]
            launched = ir.quote_launch_re.search(before)
            followed = ir.quoted_follow_re.match(text, end)  # “X”服务, 加大“X”“Y”力度
            if launched or followed or (ir.core_verb_re.search(before) and (end >= hi or text[end] in "，。；、！？,;")):
                verb = launched.group(0) if launched else None if followed else ir.core_verb
                for q in quotes[k:k + n]:
                    if _quoted_ok(r, q.group(1)) and len(q.group(1)) >= 3 \
                            and not re.search(r"\d|^[一二三四五六七八九十两]", q.group(1)) \
                            and not (verb is None and re.search(r"[、，,]", q.group(1))):  # a slogan's clauses
                        out.append(P.Found(q.start(1), q.end(1), "Initiative", "quoted_core", verb))
            k += n
    return out


def _joined(text: str, end: int, start: int, r: P.Rules) -> bool:
    """Two quoted names one after the other, or joined by 、 or a conjunction (“甲”“乙”和“丙”)."""
    gap = text[end:start]
    return gap == "" or (len(gap) == 1 and (gap == "、" or gap in r.conjunctions))


_NUMBERED_CORE_RE = re.compile(r"[一二三四五六七八九十两百千][\u4e00-\u9fff]{1,5}")


def _from_programmes(doc: Doc) -> list[P.Found]:
    """“N×”园区 / “N×乡村” run as a programme, “N×”工作 / 项目 launched, “N×”实事."""
    text, out, r, ir = doc.text, [], doc.rules, _rules(doc)
    for lo, hi in _paragraphs(text):
        for m in _QUOTED_RE.finditer(text, lo, hi):
            content = m.group(1)
            before = text[max(lo, m.start() - 6):m.start()]
            inner = next((h for h in r.programme_noun_heads if content.endswith(h)), None)
            if inner and _NUMBERED_CORE_RE.fullmatch(content[: -len(inner)]):
                v = ir.programme_verb_re.search(before)
                if v:
                    out.append(P.Found(m.start(1), m.end(1), "Initiative", "programme", v.group(0)))
                continue
            if not _NUMBERED_CORE_RE.fullmatch(content):
                continue
            after = text[m.end():m.end() + 4]
            head = next((h for h in r.programme_noun_heads + r.programme_work_heads if after.startswith(h)), None)
            if head is None:
                continue
            end = m.end() + len(head)
            if not _head_completes(ir, text, end, hi):
                continue
            v = (ir.programme_verb_re if head in r.programme_noun_heads else ir.work_verb_re).search(before)
            if head in r.programme_noun_heads:
                ok = bool(v) or text.startswith(ir.programme_followers, end)
            else:
                ok = bool(v) or head == ir.deeds_head
            if ok:
                out.append(P.Found(m.start(), end, "Initiative", "programme", v.group(0) if v else None))
    return out


# ------------------------------------------------------------------- events

def _from_events(doc: Doc) -> list[P.Found]:
    """Items ending in an event head after a hosting verb: ``举办A论坛、B博览会等``."""
    text, out, r, ir = doc.text, [], doc.rules, _rules(doc)
    for lo, hi in doc.clauses():
        clause = text[lo:hi]
        vs = [(clause.find(v), -len(v), v) for v in r.event_verbs if v in clause]
        if not vs:
            continue
        vpos, _, verb = min(vs)
        first = lo + vpos + len(verb)
        seg, scanned = first, first  # start of the current item; text checked for 、 so far
        for m in ir.event_head_re.finditer(text, first, hi):
            sep = text.rfind("、", scanned, m.start())
            if sep >= 0:
                seg = sep + 1
            scanned = m.start()
            he = m.end()
            if he < hi and text[he] not in "、" + r.list_end + r.conjunctions + "，。；" \
                    and text[he] not in r.close_quotes:
                continue
            s = seg
            # an item in quotes: the name is the quoted text (“星河论坛”)
            e = he
            if he < hi and text[he] in r.close_quotes:
                e = he
                he += 1
            lead = r.name_lead_re.match(text, s, m.start())
            if lead:
                s = lead.end()
            if s < e and text[s] in r.open_quotes:
                s += 1
            name = text[s:e]
            if len(name) < 3 or len(name) > 20 or any(c in name for c in r.quotes) \
                    or ir.stem_bad_re.search(name[: -len(m.group(0))] or r.list_end):
                continue
            out.append(P.Found(s, e, "Initiative", "event", verb))
    return out


def _from_lexicon(doc: Doc, found: list[P.Found]) -> list[P.Found]:
    """Other occurrences in this report of names found here (>= 4 characters)."""
    text, org_after = doc.text, _rules(doc).org_after_re

    def not_a_modifier(lo: int, hi: int, s: int, e: int) -> bool:
        return not org_after.match(text, e)  # 清源攻坚战|指挥部 is a body, not the campaign

    return P.propagate(doc, found, "Initiative", 4, lambda lo, hi, s, e: _verb(doc, s), not_a_modifier)
