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

from dataclasses import dataclass

from kg.extract import patterns as P
from kg.extract import projects as PR
from kg.extract.context import ExtractContext
from kg.extract.doc import Doc
from kg.genre import Vocabulary, alternation
from kg.model import Extraction, Report


@dataclass(frozen=True)
class _Rules:
    """What this extractor reads besides :class:`patterns.Rules` (one per vocabulary)."""

    suffix_re: re.Pattern[str]
    suffixes_longest_first: tuple[str, ...]
    strong: frozenset[str]
    weak_suffix: str
    subject_cue_re: re.Pattern[str]
    listing_cues: tuple[str, ...]
    award_cues: tuple[str, ...]
    ranking_cues: tuple[str, ...]
    ranking_object_re: re.Pattern[str]
    settle_cues: tuple[str, ...]
    follow_ok_re: re.Pattern[str]
    listing_leads: tuple[str, ...]
    not_after_listing_re: re.Pattern[str]
    estate_re: re.Pattern[str]
    applicant_tail_re: re.Pattern[str]
    company_nouns: tuple[str, ...]
    branch_suffixes: tuple[str, ...]
    owner_prefixes: tuple[str, ...]
    sector_words: frozenset[str]
    sector_end_re: re.Pattern[str]
    verb_end_re: re.Pattern[str]
    weak_stem_re: re.Pattern[str]
    route_re: re.Pattern[str]

    @classmethod
    def build(cls, v: Vocabulary) -> _Rules:
        r = P.rules(v)
        companies = v.alt("enterprises.company_nouns")
        return cls(
            suffix_re=re.compile(alternation(r.enterprise_strong_suffixes + r.enterprise_suffixes, longest_first=True)),
            suffixes_longest_first=tuple(sorted(r.enterprise_strong_suffixes + r.enterprise_suffixes,
                                                key=len, reverse=True)),
            strong=frozenset(r.enterprise_strong_suffixes),
            weak_suffix=v.words("enterprises.weak_suffix")[0],
            subject_cue_re=re.compile(alternation(r.enterprise_subject_cues + v.words("enterprises.ranking_cues"),
                                                  longest_first=True)),
            listing_cues=v.words("enterprises.listing_cues"),
            award_cues=v.words("enterprises.award_cues"),
            ranking_cues=v.words("enterprises.ranking_cues"),
            ranking_object_re=re.compile(v.alt("enterprises.ranking_objects")),
            settle_cues=v.words("enterprises.settle_cues"),
            # what follows a short-suffix name: not a Chinese character, or a follow word
            follow_ok_re=re.compile(
                rf"(?:[^\u4e00-\u9fff]|{v.alt('stoplists.follow_words')}|{v.alt('enterprises.followers')})"),
            listing_leads=v.words("enterprises.listing_leads"),
            not_after_listing_re=re.compile(v.alt("enterprises.not_after_listing")),
            estate_re=re.compile(v.alt("enterprises.estate_classes")),
            applicant_tail_re=re.compile(
                rf"(?:[\d一二三四五六七八九十两多]+\s*家)?\s*(?:{v.alt('enterprises.applicant_list_modifiers')})?"
                rf"(?:{companies})"),
            company_nouns=v.words("enterprises.company_nouns"),
            branch_suffixes=v.words("enterprises.branch_suffixes"),
            owner_prefixes=v.words("enterprises.owner_prefixes"),
            sector_words=frozenset(v.words("enterprises.sector_words")),
            sector_end_re=re.compile(f"(?:{v.alt('enterprises.sector_words', longest_first=True)})$"),
            verb_end_re=re.compile(f"(?:{v.alt('enterprises.verb_endings', longest_first=True)})$"),
            weak_stem_re=re.compile(v.alt("enterprises.weak_suffix_stems", longest_first=True)),
            route_re=re.compile("|".join(v.patterns("enterprises.routes"))),
        )


def _rules(doc: Doc) -> _Rules:
    return doc.context.vocab.compiled("extract.enterprises", _Rules.build)


NAME = "enterprises"
#: The project spans: enterprises are read out of project lists and linked to projects.
REQUIRES: tuple[str, ...] = ("project_spans",)
ASSIGNS: tuple[str, ...] = ("Enterprise", "enterprise_links", "enterprise_spans")


def run(doc: Doc) -> Extraction:
    """Enterprise mentions of one report and the links they head."""
    report = doc.report
    found, links = find_enterprises(doc, list(doc.results["project_spans"]))
    doc.results["enterprise_spans"] = tuple(found)
    out = Extraction(report=report.id)
    out.mentions = [doc.mention(f) for f in found]
    out.links = sorted((doc.link(fl) for fl in links),
                       key=lambda l: (l.subject.start, l.object.start, l.predicate))
    return out


def extract(report: Report, context: ExtractContext) -> Extraction:
    """:func:`run` on a report of its own, after what it requires (library and test use)."""
    from kg.extract import run_component

    return run_component(NAME, report, context)


def find_enterprises(doc: Doc, projects: list[P.Found]) -> tuple[list[P.Found], list[P.FoundLink]]:
    """Enterprise candidates of a report (sorted, one per span) and their links."""
    text, er = doc.text, _rules(doc)
    by_span = {(p.start, p.end): p for p in projects}
    found: list[P.Found] = []
    links: list[P.FoundLink] = []
    items = list(P.iter_lists(doc))
    for it in items:
        name = text[it.start:it.end]
        if it.kind != "E":
            continue
        end = it.end if enterprise_name_ok(doc, name, listed=True) else _firm_before_works(doc, it.start, name)
        if end is not None:
            found.append(P.Found(it.start, end, "Enterprise", "list_enterprise", _role_cue(doc, it.start, end, it.list_end)))
    known = _known(doc, found)
    # only lists of *projects* (not of roads or schools) name projects after companies
    project_lists: dict[tuple[int, int], tuple[str, ...]] = {}
    for it in items:
        if it.kind == "P" and it.cls.endswith(PR.item_word(doc)) and not er.estate_re.search(it.cls):
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
    found = P.drop_nested(P.dedupe(found))
    found.extend(_short_names(doc, found))
    found = P.drop_nested(P.dedupe(found))
    known = _known(doc, found)
    found.extend(_prefix_of_projects(doc, projects, known, found))
    found = P.drop_nested(P.dedupe(found))
    found.extend(_propagate(doc, found, known))
    found = P.drop_nested(P.dedupe(found))
    links.extend(_project_links(doc, found, by_span))
    links.extend(_settle_links(doc, items, found, projects))
    # link ends must be the very mentions emitted (same span, type and rule)
    final = {(f.start, f.end): f for f in found}
    links = [P.FoundLink(final[(l.subject.start, l.subject.end)], l.predicate, l.object, l.rule)
             for l in links if (l.subject.start, l.subject.end) in final]
    return found, _dedupe_links(links)


# ------------------------------------------------------------------ validation

def enterprise_name_ok(doc: Doc, name: str, listed: bool = False) -> bool:
    """Not generic, not a body, not a place or facility, not a count, not quoted.
    ``listed``: the name is an item of an explicit enterprise list (…等企业), where only
    strong place endings rule it out (华轨铁路 ends in 路 but is a company)."""
    r = doc.rules
    flat = P.plain(name)
    if len(flat) < 2 or len(flat) > 20 or name[0] in r.open_quotes:
        return False
    if listed and _NUMBERED_FACTORY_RE.match(flat):
        return True
    if flat in r.generic_names or r.count_prefix_re.match(flat) or re.match(r"[\d.]", flat):
        return False
    if "+" in flat or r.non_enterprise_end_re.search(flat) and not flat.endswith(r.enterprise_strong_suffixes):
        return False
    if r.non_enterprise_word_re.search(flat):
        return False
    if any(flat.startswith(g) for g in r.generic_enterprise_prefixes):
        return False
    if r.gov_body_re.search(flat) and not flat.endswith(r.enterprise_strong_suffixes):
        return False
    if listed:
        if r.strong_place_end_re.search(flat):
            return False
    elif r.place_end_re.search(flat) or (PR.ends_with_head(doc, flat) and not _suffix_of(doc, flat)):
        return False
    if not _not_a_field(doc, flat, listed):
        return False
    return doc.is_proper(flat, tags=True) or bool(_suffix_of(doc, flat))


def _firm_before_works(doc: Doc, start: int, name: str) -> int | None:
    """End of the company that opens a listed item naming its works (甲乙集团|丙丁生产线迁建):
    the longest prefix ending in a strong company suffix that is a name on its own."""
    r = doc.rules
    if not _rules(doc).verb_end_re.search(P.plain(name)):
        return None
    for k in range(len(name) - 2, 1, -1):
        if name[:k].endswith(r.enterprise_strong_suffixes) and enterprise_name_ok(doc, name[:k], listed=True):
            return start + k
    return None


def _division(name: str) -> bool:
    """The name is an administrative division's (full or short)."""
    from kg.corpus.gazetteer import candidates

    return bool(candidates(name))


def _not_a_field(doc: Doc, flat: str, listed: bool = False) -> bool:
    """False for what only looks like a company: a division's own name (甲市; except in a list
    that says its items are companies: 甲乙、丙丁等企业), a verb glued on (…获批), a route
    (甲地至乙地), or a field or product before a short-name suffix (具身|智能, 甲市精细|化工,
    甲乙高端|新材料, 城镇化|建设)."""
    er = _rules(doc)
    if (not listed and _division(flat)) or er.verb_end_re.search(flat) or er.route_re.search(flat):
        return False
    suffix = _suffix_of(doc, flat)
    if not suffix or suffix in er.strong:
        return True
    stem = flat[: len(flat) - len(suffix)]
    if suffix == er.weak_suffix and (er.weak_stem_re.search(stem) or _division(stem)):
        return False
    # a place's name first (甲市|精细化工) leaves the rest to judge
    for n in range(len(stem) - 1, 1, -1):
        if _division(stem[:n]):
            stem = stem[n:]
            break
    if not stem or stem in er.sector_words:
        return False
    m = er.sector_end_re.search(stem)
    if m is None:
        return True
    # in a list that says its items are companies, a proper name before the field is the
    # firm's (甲乙|石化|设备); a place's name or nothing before it is not (甲市精细|化工)
    own = stem[: m.start()]
    return listed and len(own) >= 2 and not _division(own) and doc.is_proper(own, tags=True)


#: Numbered state factories (302厂, 715厂) are enterprises although they start with digits.
_NUMBERED_FACTORY_RE = re.compile(r"^\d{2,4}厂$")


def enterprise_like(doc: Doc, name: str, known: frozenset[str], siblings: tuple[str, ...] = ()) -> bool:
    """Is a project-list item a bare enterprise name (恒远精密, 施泰纳, 星岚科技) rather than
    a project title (鑫澜锂电隔膜, 星河数字产业中心)?

    Company suffixes and known names decide; a short name of rare characters only
    (施泰纳) counts only when it stands alone or among company names, since a list of
    roads or estates (沅澧、茶常…; 锦绣华府、…) is full of such names too."""
    flat = P.plain(name)
    if not enterprise_name_ok(doc, name) or PR.ends_with_head(doc, flat):
        return False
    if flat in known:
        return True
    if _company_suffix(doc.rules, flat):
        return True
    if any(not (P.plain(s) in known or _company_suffix(doc.rules, P.plain(s))) for s in siblings):
        return False
    words = doc.words(flat)
    freq = doc.context.tokenizer.FREQ
    return len(flat) <= 5 and not doc.is_kind_word(flat) \
        and all(len(w) == 1 or (freq.get(w) or 0) < P.PROPER_FREQ for w in words)


def _company_suffix(r: P.Rules, flat: str) -> bool:
    suffix = next((s for s in r.company_word_suffixes if flat.endswith(s)), "")
    return bool(suffix) and len(flat) > len(suffix) + 1


def _suffix_of(doc: Doc, name: str) -> str:
    for s in _rules(doc).suffixes_longest_first:
        if name.endswith(s):
            return s
    return ""


def _known(doc: Doc, found: list[P.Found]) -> frozenset[str]:
    """Enterprise names confirmed in this report plus the build lexicon's."""
    here = {P.plain(doc.text[f.start:f.end]) for f in found}
    return frozenset(here | doc.lexicon_terms("Enterprise"))


# ---------------------------------------------------------------------- rules

def _from_suffix(doc: Doc) -> list[P.Found]:
    text, out, r, er = doc.text, [], doc.rules, _rules(doc)
    for lo, hi in doc.clauses():
        clause = text[lo:hi]
        if not er.suffix_re.search(clause):
            continue
        has_cue = bool(r.enterprise_role_cue_re.search(clause) or er.company_nouns[0] in clause
                       or any(v in clause for v in r.enterprise_object_verbs))
        for m in er.suffix_re.finditer(text, lo, hi):
            f = _suffix_candidate(doc, lo, hi, m.start(), m.end(), has_cue)
            if f:
                out.append(f)
    return out


def _suffix_candidate(doc: Doc, lo: int, hi: int, ss: int, se: int, has_cue: bool) -> P.Found | None:
    text, er = doc.text, _rules(doc)
    suffix = text[ss:se]
    strong = suffix in er.strong
    if se < hi:
        if strong and re.match(r"[化式型制]", text[se]):
            return None
        if not strong and not er.follow_ok_re.match(text, se):
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
    if strong and not (doc.is_proper(rest, tags=True) or _owned(er, rest)):
        return None
    if not strong:
        # short-name suffixes: a short, truly proper stem (启明|电子, 华岳|建设, 长城|汽车) and a cue
        if not has_cue or len(rest) > 6:
            return None
        if suffix == er.weak_suffix:
            if len(rest) > 3 or not doc.is_proper(rest):
                return None
        elif doc.is_kind_word(rest, ("n", "vn", "v")) or not (doc.is_proper(rest) or doc.has_place_or_person(rest)):
            return None  # 新能源|汽车, 高技术|船舶: a kind of product, not a company
    return P.Found(start, end, "Enterprise", "suffix", _role_cue(doc, start, end, end))


def _owned(er: _Rules, stem: str) -> bool:
    """A state-owned group named by its owner (中国资源循环集团, 省数据集团): the owner word
    and a specific stem of two characters or more."""
    owner = next((o for o in er.owner_prefixes if stem.startswith(o)), None)
    return owner is not None and len(stem) - len(owner) >= 2


def _token_end(doc: Doc, lo: int, hi: int, pos: int) -> bool:
    """``pos`` is a jieba word boundary (电子|信息 is, 科技型 is not)."""
    for s, e in doc.tokens(max(lo, pos - 6), min(hi, pos + 4)):
        if e == pos:
            return True
        if s < pos < e:
            return e - pos == 1 and not re.match(r"[型化式性类界]", doc.text[pos])
    return True


def _left_edge(doc: Doc, lo: int, pos: int, limit: int) -> int | None:
    """Start of the name ending at ``pos``: walk left over name material."""
    r = doc.rules
    win_lo = max(lo, pos - limit)
    start = pos
    for s, e in reversed(doc.tokens(win_lo, pos)):
        w = doc.text[s:e]
        if w in "、，。；：,;" + r.list_end or w in r.boundary_tokens:
            break
        if w[0] in r.close_quotes or w[-1] in r.open_quotes:
            break
        if (w in r.lead_words and len(w) >= 2) or r.status_cue_re.fullmatch(w) or w in r.enterprise_object_verbs:
            break
        start = s
    if start == win_lo and win_lo > lo and start < pos and win_lo not in _token_starts(doc, lo, pos):
        return None  # the window cut a word (呼伦|贝尔…): the name is longer than the limit
    return start


def _token_starts(doc: Doc, lo: int, pos: int) -> set[int]:
    """Where the words of the clause up to ``pos`` start (its own segmentation, not a window's)."""
    return {s for s, _ in doc.tokens(lo, pos)}


def _from_subject_cue(doc: Doc) -> list[P.Found]:
    """``X上市`` / ``X获评…企业`` / ``X成为全国最大的…``: a short proper X right before the cue."""
    text, out, r, er = doc.text, [], doc.rules, _rules(doc)
    for lo, hi in doc.clauses():
        for m in er.subject_cue_re.finditer(text, lo, hi):
            cue = m.group(0)
            if cue in er.ranking_cues:
                if not er.ranking_object_re.search(text, m.end(), hi):
                    continue  # 甲乙成为全国最大的…: a firm that leads its field
            elif cue in er.award_cues and not r.enterprise_object_re.search(text, m.end(), hi):
                continue
            elif cue not in er.award_cues and not any(cue.endswith(c) for c in er.listing_cues):
                continue
            if cue in er.listing_cues and er.not_after_listing_re.match(text[m.end():m.end() + 3]):
                continue  # 新增上市企业1家, 挂牌企业: a count, not a subject
            end = m.start()
            for _ in range(3):
                for lead in er.listing_leads:
                    if text.endswith(lead, lo, end):
                        end -= len(lead)
            start = _left_edge(doc, lo, end, 8)
            if start is None or end - start < 2:
                continue
            start = P.strip_lead(doc, start, end)
            name = text[start:end]
            # the cue already says "company" (…获评…工厂, …上市): only strong place endings
            # rule the subject out (a company may end in 桥 or 路: …车桥, …铁路)
            if len(P.plain(name)) > 8 or not enterprise_name_ok(doc, name, listed=cue not in er.ranking_cues):
                continue
            if _division(P.plain(name)):
                continue  # 甲市入选…试点: the city
            if not doc.is_proper(name, tags=True):
                continue
            out.append(P.Found(start, end, "Enterprise", "cue_subject", cue))
    return out


def _from_applicants(doc: Doc) -> list[P.Found]:
    """``支持A、B申报市级工业设计中心``: A and B, when each is a short proper name."""
    text, out, r = doc.text, [], doc.rules
    for lo, hi in doc.clauses():
        v = r.applicant_verbs_re.search(text, lo, hi)
        if not v:
            continue
        a = r.application_re.search(text, v.end(), hi)
        if not a or a.start() - v.end() > 40 or not r.enterprise_title_re.search(text, a.end(), hi):
            continue
        seg_end = a.start()
        deng = text.rfind(r.list_end, v.end(), seg_end)
        if deng >= 0:
            if not _rules(doc).applicant_tail_re.match(text[deng + 1:seg_end]):
                continue
            seg_end = deng
        for s, e in P.split_items(r, text, v.end(), seg_end):
            s, e = P.trim_space(text, s, e)
            name = text[s:e]
            if 2 <= len(name) <= 8 and enterprise_name_ok(doc, name, listed=True) and doc.is_proper(name, tags=True):
                out.append(P.Found(s, e, "Enterprise", "applicant", a.group(0)))
    return out


def _short_names(doc: Doc, found: list[P.Found]) -> list[P.Found]:
    """Short names of companies named in full here (甲乙公司 -> 甲乙), as whole words
    elsewhere in the report; skipping spans already taken."""
    text, r = doc.text, doc.rules
    shorts = set()
    for name in sorted({text[f.start:f.end] for f in found}):
        suffix = next((x for x in r.shortenable_suffixes if name.endswith(x)), None)
        if suffix and not name.endswith(_rules(doc).branch_suffixes):
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


def _prefix_of_projects(doc: Doc, projects: list[P.Found], known: frozenset[str],
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


def _propagate(doc: Doc, found: list[P.Found], known: frozenset[str]) -> list[P.Found]:
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


def _role_cue(doc: Doc, start: int, end: int, after: int) -> str | None:
    """The enterprise's role word in its clause: first cue after the name, else before."""
    text, r = doc.text, doc.rules
    lo = max(0, start - P.MAX_CLAUSE)
    k = lo
    for i in range(start - 1, lo - 1, -1):
        if text[i] in r.clause_breaks:
            k = i + 1
            break
    hi = min(len(text), after + P.MAX_CLAUSE)
    j = hi
    for i in range(after, hi):
        if text[i] in r.clause_breaks:
            j = i
            break
    m = r.enterprise_role_cue_re.search(text, after, j)
    if m:
        return m.group(0)
    last = None
    for m in r.enterprise_role_cue_re.finditer(text, k, start):
        last = m.group(0)
    return last


# ---------------------------------------------------------------------- links

def _project_links(doc: Doc, found: list[P.Found], by_span: dict[tuple[int, int], P.Found]) -> list[P.FoundLink]:
    """namesProject when an enterprise span is a project span; invests when it opens one
    (never a division's name: 甲市 of 甲市新机场 is the city)."""
    out = []
    starts: dict[int, list[P.Found]] = {}
    for p in by_span.values():
        starts.setdefault(p.start, []).append(p)
    for e in found:
        for p in starts.get(e.start, []):
            if p.end == e.end:
                out.append(P.FoundLink(e, P.PRED_NAMES_PROJECT, p, e.rule))
            elif p.end > e.end and not _division(doc.text[e.start:e.end]):
                out.append(P.FoundLink(e, P.PRED_INVESTS, p, "enterprise_in_project_name"))
    return out


def _settle_links(doc: Doc, items: list[P.ListItem], found: list[P.Found],
                  projects: list[P.Found]) -> list[P.FoundLink]:
    """``<park>实现A、B等12家企业入驻`` / ``A等企业入驻<park>``: A settlesIn park."""
    out, settle = [], _rules(doc).settle_cues
    spans = {(f.start, f.end): f for f in found}
    ordered = sorted(projects, key=lambda p: (p.start, p.end))
    starts = [p.start for p in ordered]
    for it in items:
        e = spans.get((it.start, it.end))
        if it.kind != "E" or e is None:
            continue
        if e.cue not in settle and not any(c in doc.text[it.list_end:it.list_end + 8] for c in settle):
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
