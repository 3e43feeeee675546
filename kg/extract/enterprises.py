"""Enterprises: full and short company names (南陵钢铁集团, 启明电子, 华岳建设, 德国施泰纳),
and the links between enterprises and the projects and parks around them.

Rules (the first that finds a span names it):

``list_enterprise``
    items of ``A、B等N家企业`` / ``等骨干企业`` / ``等一批首店知名品牌``.
``list_project_enterprise``
    an item of a *project* list that is a bare enterprise name (新竣工恒远精密、…等项目):
    the span is an Enterprise **and** a Project named after it, linked ``namesProject``
    (the rule for names that are both; see tests/gold/README.md).
``suffix``
    a proper name ending in an enterprise suffix: strong suffixes (集团, 公司, 股份) need
    nothing else; short-name suffixes (科技, 电子, 新材, 建设 …) need an enterprise cue in
    the clause (上市, 获评, 入选, 支持, 企业 …).
``cue_subject``
    a short proper name right before 上市 / 获评…企业 / 入选…500强 (泰和车桥获评国家绿色工厂).
``applicant``
    the objects of ``支持A、B申报市级工业设计中心`` (a verb of support, the objects, then an
    application for a title only companies get).
``short_name``
    the short name of a company the report names in full (甲乙公司, 甲乙集团 -> 甲乙),
    wherever it stands as a whole word elsewhere in the report.
``enterprise_in_project_name``
    a confirmed enterprise name opening a project name (博川新材|创新中心), linked
    ``invests`` to the project.
``report_bootstrap``
    other occurrences in the report of confirmed names, and of the build lexicon's
    Enterprise entries when they open a project name.

Links: ``namesProject``, ``invests``, ``settlesIn`` (X、Y等12家企业入驻 <park>); see
:data:`kg.extract.patterns.PREDICATES`.
"""

from __future__ import annotations

import bisect
import re

from kg.extract import patterns as P
from kg.extract import projects as PR
from kg.extract.context import ExtractContext
from kg.model import Extraction, Report

_SUFFIX_RE = re.compile(
    "|".join(sorted(map(re.escape, P.ENTERPRISE_STRONG_SUFFIXES + P.ENTERPRISE_SUFFIXES),
                    key=len, reverse=True))
)
_SUBJECT_CUE_RE = re.compile(
    "|".join(sorted(map(re.escape, P.ENTERPRISE_SUBJECT_CUES), key=len, reverse=True))
)
_LISTING_CUES = ("上市", "过会", "挂牌")
_AWARD_CUES = ("获评", "入选", "入围", "上榜", "跻身", "荣获", "获得", "获", "成功入选")
_FOLLOW_OK_RE = re.compile(
    r"(?:[^\u4e00-\u9fff]|等|和|及|与|的|在|作为|总部|已|成功|顺利|平稳|正式|实现|完成|获|入|"
    r"上|跻|荣|被|首|率先|投资|签约|落户|落地|建成|开工|竣工|投产|扩|持续|加快|将|也|还|是|"
    r"港股|主板|创业板|科创板|北交所|新三板|A股|稳产|增产|突破|参与|裂变|治理|集团|公司|"
    r"子公司|分公司|项目|自主|产品|转型|技改|获批|牵头|联合|通过|荣膺|生产|研发|改制|挂牌|过会)"
)
_STRONG = frozenset(P.ENTERPRISE_STRONG_SUFFIXES)
_SETTLE_CUES = ("入驻", "入园", "进驻", "落户")


def extract(report: Report, context: ExtractContext) -> Extraction:
    """Enterprise mentions of one report and the links they head."""
    doc = P.Doc.of(report, context)
    found, links = find_enterprises(doc, list(PR.projects_of(doc)))
    out = Extraction(report=report.id)
    out.mentions = [doc.mention(f) for f in found]
    out.links = sorted((doc.link(fl) for fl in links),
                       key=lambda l: (l.subject.start, l.object.start, l.predicate))
    return out


def find_enterprises(doc: P.Doc, projects: list[P.Found]) -> tuple[list[P.Found], list[P.FoundLink]]:
    """Enterprise candidates of a report (sorted, one per span) and their links."""
    text = doc.text
    by_span = {(p.start, p.end): p for p in projects}
    found: list[P.Found] = []
    links: list[P.FoundLink] = []
    items = list(P.iter_lists(doc))
    for it in items:
        name = text[it.start:it.end]
        if it.kind == "E" and enterprise_name_ok(doc, name, listed=True):
            found.append(P.Found(it.start, it.end, "Enterprise", "list_enterprise", _role_cue(doc, it.start, it.end, it.list_end)))
    known = _known(doc, found)
    # only lists of *projects* (not of roads or schools) name projects after companies
    project_lists: dict[tuple[int, int], tuple[str, ...]] = {}
    for it in items:
        if it.kind == "P" and it.cls.endswith("项目") and not re.search(r"地产|楼盘|住宅|房地产", it.cls):
            sibs = tuple(text[o.start:o.end] for o in items
                         if o.list_end == it.list_end and (o.start, o.end) != (it.start, it.end))
            project_lists[(it.start, it.end)] = sibs
    for p in projects:
        name = text[p.start:p.end]
        key = (p.start, p.end)
        named_list = p.rule == "investment" or (p.rule == "list_project" and key in project_lists)
        if named_list and enterprise_like(doc, name, known, project_lists.get(key, ())):
            e = P.Found(p.start, p.end, "Enterprise", "list_project_enterprise", p.cue)
            found.append(e)
            links.append(P.FoundLink(e, P.PRED_NAMES_PROJECT, p, "list_project_enterprise"))
    found.extend(_from_suffix(doc))
    found.extend(_from_subject_cue(doc))
    found.extend(_from_applicants(doc))
    found = _drop_nested(P.dedupe(found))
    found.extend(_short_names(doc, found))
    found = _drop_nested(P.dedupe(found))
    known = _known(doc, found)
    found.extend(_prefix_of_projects(doc, projects, known, found))
    found = _drop_nested(P.dedupe(found))
    found.extend(_propagate(doc, found, known))
    found = _drop_nested(P.dedupe(found))
    links.extend(_project_links(doc, found, by_span))
    links.extend(_settle_links(doc, items, found, projects))
    # link ends must be the very mentions emitted (same span, type and rule)
    final = {(f.start, f.end): f for f in found}
    links = [P.FoundLink(final[(l.subject.start, l.subject.end)], l.predicate, l.object, l.rule)
             for l in links if (l.subject.start, l.subject.end) in final]
    return found, _dedupe_links(links)


# ------------------------------------------------------------------ validation

def enterprise_name_ok(doc: P.Doc, name: str, listed: bool = False) -> bool:
    """Not generic, not a body, not a place or facility, not a count, not quoted.
    ``listed``: the name is an item of an explicit enterprise list (…等企业), where only
    strong place endings rule it out (华轨铁路 ends in 路 but is a company)."""
    flat = P.plain(name)
    if len(flat) < 2 or len(flat) > 20 or name[0] in P.OPEN_QUOTES:
        return False
    if listed and P.NUMBERED_FACTORY_RE.match(flat):
        return True
    if flat in P.GENERIC_NAMES or P.COUNT_PREFIX_RE.match(flat) or re.match(r"[\d.]", flat):
        return False
    if "+" in flat or P.NON_ENTERPRISE_END_RE.search(flat) and not flat.endswith(P.ENTERPRISE_STRONG_SUFFIXES):
        return False
    if P.NON_ENTERPRISE_WORD_RE.search(flat):
        return False
    if any(flat.startswith(g) for g in P.GENERIC_ENTERPRISE_PREFIXES):
        return False
    if P.GOV_BODY_RE.search(flat) and not flat.endswith(P.ENTERPRISE_STRONG_SUFFIXES):
        return False
    if listed:
        if P.STRONG_PLACE_END_RE.search(flat):
            return False
    elif P.PLACE_END_RE.search(flat) or (PR.ends_with_head(flat) and not _suffix_of(flat)):
        return False
    return doc.is_proper(flat, tags=True) or bool(_suffix_of(flat))


def enterprise_like(doc: P.Doc, name: str, known: frozenset[str], siblings: tuple[str, ...] = ()) -> bool:
    """Is a project-list item a bare enterprise name (恒远精密, 施泰纳, 星岚科技) rather than
    a project title (鑫澜锂电隔膜, 星河数字产业中心)?

    Company suffixes and known names decide; a short name of rare characters only
    (施泰纳) counts only when it stands alone or among company names, since a list of
    roads or estates (沅澧、茶常…; 锦绣华府、…) is full of such names too."""
    flat = P.plain(name)
    if not enterprise_name_ok(doc, name) or PR.ends_with_head(flat):
        return False
    if flat in known:
        return True
    if _company_suffix(flat):
        return True
    if any(not (P.plain(s) in known or _company_suffix(P.plain(s))) for s in siblings):
        return False
    words = doc.words(flat)
    freq = doc.context.tokenizer.FREQ
    return len(flat) <= 5 and all(len(w) == 1 or (freq.get(w) or 0) < P.PROPER_FREQ for w in words)


def _company_suffix(flat: str) -> bool:
    suffix = next((s for s in P.COMPANY_WORD_SUFFIXES if flat.endswith(s)), "")
    return bool(suffix) and len(flat) > len(suffix) + 1


def _suffix_of(name: str) -> str:
    for s in sorted(P.ENTERPRISE_STRONG_SUFFIXES + P.ENTERPRISE_SUFFIXES, key=len, reverse=True):
        if name.endswith(s):
            return s
    return ""


def _known(doc: P.Doc, found: list[P.Found]) -> frozenset[str]:
    """Enterprise names confirmed in this report plus the build lexicon's."""
    here = {P.plain(doc.text[f.start:f.end]) for f in found}
    return frozenset(here | doc.lexicon_terms("Enterprise"))


# ---------------------------------------------------------------------- rules

def _from_suffix(doc: P.Doc) -> list[P.Found]:
    text, out = doc.text, []
    for lo, hi in doc.clauses():
        clause = text[lo:hi]
        if not _SUFFIX_RE.search(clause):
            continue
        has_cue = bool(P.ENTERPRISE_ROLE_CUE_RE.search(clause) or "企业" in clause
                       or any(v in clause for v in P.ENTERPRISE_OBJECT_VERBS))
        for m in _SUFFIX_RE.finditer(text, lo, hi):
            f = _suffix_candidate(doc, lo, hi, m.start(), m.end(), has_cue)
            if f:
                out.append(f)
    return out


def _suffix_candidate(doc: P.Doc, lo: int, hi: int, ss: int, se: int, has_cue: bool) -> P.Found | None:
    text = doc.text
    suffix = text[ss:se]
    strong = suffix in _STRONG
    if se < hi:
        if strong and re.match(r"[化式型制]", text[se]):
            return None
        if not strong and not _FOLLOW_OK_RE.match(text, se):
            return None
    if not _token_end(doc, lo, hi, se):
        return None
    start = _left_edge(doc, lo, ss, 12)
    if start is None:
        return None
    start = P.strip_lead(doc, start, se)
    start, end = P.trim_space(text, start, se)
    name = text[start:end]
    rest = name[: len(name) - len(suffix)]
    if len(rest) < 2 or not enterprise_name_ok(doc, name):
        return None
    if strong and not doc.is_proper(rest, tags=True):
        return None
    if not strong:
        # short-name suffixes: a short, truly proper stem (启明|电子, 华岳|建设) and a cue
        if not has_cue or len(rest) > 6 or not doc.is_proper(rest):
            return None
        if suffix == "建设" and len(rest) > 3:
            return None
    return P.Found(start, end, "Enterprise", "suffix", _role_cue(doc, start, end, end))


def _token_end(doc: P.Doc, lo: int, hi: int, pos: int) -> bool:
    """``pos`` is a jieba word boundary (电子|信息 is, 科技型 is not)."""
    for s, e in doc.tokens(max(lo, pos - 6), min(hi, pos + 4)):
        if e == pos:
            return True
        if s < pos < e:
            return e - pos == 1 and not re.match(r"[型化式性类界]", doc.text[pos])
    return True


def _left_edge(doc: P.Doc, lo: int, pos: int, limit: int) -> int | None:
    """Start of the name ending at ``pos``: walk left over name material."""
    win_lo = max(lo, pos - limit)
    start = pos
    for s, e in reversed(doc.tokens(win_lo, pos)):
        w = doc.text[s:e]
        if w in "、，。；：,;等" or w in P.BOUNDARY_TOKENS:
            break
        if w[0] in P.CLOSE_QUOTES or w[-1] in P.OPEN_QUOTES:
            break
        if (w in P.LEAD_WORDS and len(w) >= 2) or P.STATUS_CUE_RE.fullmatch(w) or w in P.ENTERPRISE_OBJECT_VERBS:
            break
        start = s
    if start == win_lo and win_lo > lo and start < pos:
        # longer than the limit: keep the last `limit` characters only if they start a word
        return start
    return start


def _from_subject_cue(doc: P.Doc) -> list[P.Found]:
    """``X上市`` / ``X获评…企业`` : a short proper X right before the cue."""
    text, out = doc.text, []
    for lo, hi in doc.clauses():
        for m in _SUBJECT_CUE_RE.finditer(text, lo, hi):
            cue = m.group(0)
            if cue in _AWARD_CUES and not P.ENTERPRISE_OBJECT_RE.search(text, m.end(), hi):
                continue
            if cue not in _AWARD_CUES and not any(cue.endswith(c) for c in _LISTING_CUES):
                continue
            if cue in _LISTING_CUES and re.match(r"企业|公司|在辅|及过会", text[m.end():m.end() + 3]):
                continue  # 新增上市企业1家, 挂牌企业: a count, not a subject
            end = m.start()
            for _ in range(3):
                for lead in ("港股", "A股", "主板", "创业板", "科创板", "北交所", "深交所", "上交所",
                             "成功", "顺利", "正式", "已", "将", "改制", "在", "首发"):
                    if text.endswith(lead, lo, end):
                        end -= len(lead)
            start = _left_edge(doc, lo, end, 8)
            if start is None or end - start < 2:
                continue
            start = P.strip_lead(doc, start, end)
            name = text[start:end]
            # the cue already says "company" (…获评…工厂, …上市): only strong place endings
            # rule the subject out (a company may end in 桥 or 路: …车桥, …铁路)
            if len(P.plain(name)) > 8 or not enterprise_name_ok(doc, name, listed=True):
                continue
            if not doc.is_proper(name, tags=True):
                continue
            out.append(P.Found(start, end, "Enterprise", "cue_subject", cue))
    return out


def _from_applicants(doc: P.Doc) -> list[P.Found]:
    """``支持A、B申报市级工业设计中心``: A and B, when each is a short proper name."""
    text, out = doc.text, []
    for lo, hi in doc.clauses():
        v = P.APPLICANT_VERBS_RE.search(text, lo, hi)
        if not v:
            continue
        a = P.APPLICATION_RE.search(text, v.end(), hi)
        if not a or a.start() - v.end() > 40 or not P.ENTERPRISE_TITLE_RE.search(text, a.end(), hi):
            continue
        seg_end = a.start()
        deng = text.rfind("等", v.end(), seg_end)
        if deng >= 0:
            if not re.match(r"(?:[\d一二三四五六七八九十两多]+\s*家)?\s*(?:骨干|龙头|重点|优势)?(?:企业|公司)",
                            text[deng + 1:seg_end]):
                continue
            seg_end = deng
        for s, e in P.split_items(text, v.end(), seg_end):
            s, e = P.trim_space(text, s, e)
            name = text[s:e]
            if 2 <= len(name) <= 8 and enterprise_name_ok(doc, name, listed=True) and doc.is_proper(name, tags=True):
                out.append(P.Found(s, e, "Enterprise", "applicant", a.group(0)))
    return out


def _short_names(doc: P.Doc, found: list[P.Found]) -> list[P.Found]:
    """Short names of companies named in full here (甲乙公司 -> 甲乙), as whole words
    elsewhere in the report; skipping spans already taken."""
    text = doc.text
    shorts = set()
    for name in sorted({text[f.start:f.end] for f in found}):
        suffix = next((x for x in P.SHORTENABLE_SUFFIXES if name.endswith(x)), None)
        if suffix and not name.endswith(("分公司", "子公司")):
            short = name[: -len(suffix)]
            if len(short) >= 2 and doc.is_proper(short) and enterprise_name_ok(doc, short, listed=True):
                shorts.add(short)
    if not shorts:
        return []
    taken = P.Spans((f.start, f.end) for f in found)
    clauses = doc.clauses()
    starts = [c[0] for c in clauses]
    out = []
    bounds_of: dict[tuple[int, int], set[int]] = {}
    for short in sorted(shorts, key=lambda n: (-len(n), n)):
        for s in P.occurrences(text, short):
            e = s + len(short)
            if taken.overlaps(s, e):
                continue
            k = bisect.bisect_right(starts, s) - 1
            lo, hi = clauses[k] if k >= 0 else (0, len(text))
            if (lo, hi) not in bounds_of:
                bounds_of[(lo, hi)] = {b for tok in doc.tokens(lo, hi) for b in tok}
            bounds = bounds_of[(lo, hi)]
            if s not in bounds or (e not in bounds and e != hi):
                continue
            taken.add(s, e)
            out.append(P.Found(s, e, "Enterprise", "short_name", _role_cue(doc, s, e, e)))
    return out


def _prefix_of_projects(doc: P.Doc, projects: list[P.Found], known: frozenset[str],
                        found: list[P.Found]) -> list[P.Found]:
    """A known enterprise name opening a project name: 博川新材 in 博川新材研发中心
    (longest known prefix; set look-ups, so linear in the project names' length)."""
    text, out = doc.text, []
    have = {(f.start, f.end) for f in found}
    for p in projects:
        ptext = text[p.start:p.end]
        for n in range(len(ptext) - 2, 1, -1):
            if ptext[:n] in known:
                if (p.start, p.start + n) not in have:
                    out.append(P.Found(p.start, p.start + n, "Enterprise",
                                       "enterprise_in_project_name", p.cue))
                break
    return out


def _propagate(doc: P.Doc, found: list[P.Found], known: frozenset[str]) -> list[P.Found]:
    """Other occurrences of names confirmed in this report (two-character names only
    where they are a whole jieba word, so that 北辰 does not match inside another word)."""
    bounds: dict[tuple[int, int], set[int]] = {}

    def whole(lo: int, hi: int, s: int, e: int) -> bool:
        if e - s > 2:
            return True
        if (lo, hi) not in bounds:
            bounds[(lo, hi)] = {b for tok in doc.tokens(lo, hi) for b in tok}
        return s in bounds[(lo, hi)] and (e in bounds[(lo, hi)] or e == hi)

    return P.propagate(doc, found, "Enterprise", 2, lambda lo, hi, s, e: _role_cue(doc, s, e, e), whole)


def _role_cue(doc: P.Doc, start: int, end: int, after: int) -> str | None:
    """The enterprise's role word in its clause: first cue after the name, else before."""
    text = doc.text
    lo = max(0, start - P.MAX_CLAUSE)
    k = lo
    for i in range(start - 1, lo - 1, -1):
        if text[i] in P.CLAUSE_BREAKS:
            k = i + 1
            break
    hi = min(len(text), after + P.MAX_CLAUSE)
    j = hi
    for i in range(after, hi):
        if text[i] in P.CLAUSE_BREAKS:
            j = i
            break
    m = P.ENTERPRISE_ROLE_CUE_RE.search(text, after, j)
    if m:
        return m.group(0)
    last = None
    for m in P.ENTERPRISE_ROLE_CUE_RE.finditer(text, k, start):
        last = m.group(0)
    return last


def _drop_nested(found: list[P.Found]) -> list[P.Found]:
    return P.drop_nested(found)


# ---------------------------------------------------------------------- links

def _project_links(doc: P.Doc, found: list[P.Found], by_span: dict[tuple[int, int], P.Found]) -> list[P.FoundLink]:
    """namesProject when an enterprise span is a project span; invests when it opens one."""
    out = []
    starts: dict[int, list[P.Found]] = {}
    for p in by_span.values():
        starts.setdefault(p.start, []).append(p)
    for e in found:
        for p in starts.get(e.start, []):
            if p.end == e.end:
                out.append(P.FoundLink(e, P.PRED_NAMES_PROJECT, p, e.rule))
            elif p.end > e.end:
                out.append(P.FoundLink(e, P.PRED_INVESTS, p, "enterprise_in_project_name"))
    return out


def _settle_links(doc: P.Doc, items: list[P.ListItem], found: list[P.Found],
                  projects: list[P.Found]) -> list[P.FoundLink]:
    """``<park>实现A、B等12家企业入驻`` / ``A等企业入驻<park>``: A settlesIn park."""
    out = []
    spans = {(f.start, f.end): f for f in found}
    ordered = sorted(projects, key=lambda p: (p.start, p.end))
    starts = [p.start for p in ordered]
    for it in items:
        e = spans.get((it.start, it.end))
        if it.kind != "E" or e is None:
            continue
        if e.cue not in _SETTLE_CUES and not any(c in doc.text[it.list_end:it.list_end + 8] for c in _SETTLE_CUES):
            continue
        sent = doc.report.sentence_at(it.start)
        lo, hi = max(sent.start, it.list_start - 60), min(sent.end, it.list_end + 40)
        i = bisect.bisect_left(starts, lo)
        before, after = None, None
        while i < len(ordered) and ordered[i].start < hi:
            p = ordered[i]
            if p.end <= it.list_start:
                before = p
            elif p.start >= it.list_end and after is None:
                after = p
            i += 1
        park = before or after
        if park is not None:
            out.append(P.FoundLink(e, P.PRED_SETTLES_IN, park, "list_settles_in"))
    return out


def _dedupe_links(links: list[P.FoundLink]) -> list[P.FoundLink]:
    seen: dict[tuple, P.FoundLink] = {}
    for l in links:
        key = (l.subject.start, l.subject.end, l.predicate, l.object.start, l.object.end)
        seen.setdefault(key, l)
    return [seen[k] for k in sorted(seen)]
