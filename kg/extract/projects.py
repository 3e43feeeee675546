"""Projects: parks, bases, centres, plants, roads, bridges, railway spurs, schools and
hospitals being built, and enterprise-named investment projects.

Rules, in priority order (the first rule that finds a span names it):

``list_project``
    items of a genre enumeration whose classifier names projects:
    ``新竣工A、B等项目25个``, ``实现A等38个项目开工``, ``A、B等8条道路竣工通车``.
``investment``
    ``总投资52亿元的X项目`` -> X (the amount and the generic 项目 are not part of the name).
``head_word``
    a proper name ending in a project head word (产业园, 中心, 专线, 大道, 路, …期) in a
    clause that carries a construction cue (开工, 竣工, 建成, 推进, 建设, …).
``works``
    named water and sewer works on a place or a system: ``推进清河流域雨污分流改造``,
    ``实施老城区排水系统综合治理二期工程`` (an area word such as 老城区 is enough
    before a system's works; before other works the place must be a proper name).
``report_bootstrap``
    every other occurrence in the report of a name one of the rules above accepted.

A section in brackets after a name belongs to it (沿江高速扩容（南线）), and two short
proper stems joined by 及/和 share the head after them (甲乙及丙丁高速扩容).

Every mention carries the status verb governing it (``cue``) so that the linking stage
can turn (cue, section) into a status timeline; see ``kg/genre/status.toml``.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

from kg.extract import patterns as P
from kg.extract.context import ExtractContext
from kg.extract.doc import Doc
from kg.genre import Vocabulary, alternation
from kg.model import Extraction, Report

_HEAD_FOLLOW_BAD = re.compile(r"[化式型·•・]")  # 产业化, 标准化…; a name goes on over an interpunct
#: a quoted number opens the name (“六好”农村公路): a numbered programme, not one project
_NUMBERED_QUOTE_RE = re.compile(r"[“「『][一二三四五六七八九十两百千\d]")
_COUNTED_RE = re.compile(r"\d[\d.]*\s*(?:万|亿)?\s*[个座所条家处套]")


@dataclass(frozen=True)
class _Rules:
    """What this extractor reads besides :class:`patterns.Rules` (one per vocabulary)."""

    item: str  # the generic head (X项目)
    works_noun: str  # 工程
    works_part_endings: tuple[str, ...]
    honour_verbs: tuple[str, ...]  # 获评, 入选 … (honours.verbs) of two characters or more
    institution_prefixes: tuple[str, ...]
    head_re: re.Pattern[str]
    invest_re: re.Pattern[str]
    invest_name_re: re.Pattern[str]
    phase_end_re: re.Pattern[str]
    heads_longest_first: tuple[str, ...]
    works_re: re.Pattern[str]
    works_verbs_longest_first: tuple[str, ...]
    measure_re: re.Pattern[str]
    measure_or_share_re: re.Pattern[str]
    item_stop_re: re.Pattern[str]
    category_end_re: re.Pattern[str]
    funding_end_re: re.Pattern[str]
    programme_after_re: re.Pattern[str]  # the name goes on into a programme's (…试验区提升战略)
    road_cue_re: re.Pattern[str]
    national_platform_re: re.Pattern[str]  # 国家X技术创新中心: a designation that is a name
    part_re: re.Pattern[str]  # the end of a name that makes it a part of a whole
    phase_part_re: re.Pattern[str]
    whole_heads: tuple[str, ...]

    @classmethod
    def build(cls, v: Vocabulary) -> _Rules:
        r = P.rules(v)
        item = v.words("projects.generic_head")[0]
        units = v.alt("projects.measure_units")
        return cls(
            item=item,
            works_noun=v.words("projects.works_noun")[0],
            works_part_endings=v.words("projects.works_part_endings"),
            honour_verbs=tuple(w for w in v.words("honours.verbs") if len(w) >= 2),
            institution_prefixes=v.words("projects.institution_prefixes"),
            head_re=re.compile(alternation(r.project_heads, longest_first=True)
                               + rf"|(?:[一二三四五六七八九十]+|\d+(?:-\d+)?)期|{re.escape(item)}"),
            invest_re=re.compile("|".join(v.patterns("projects.investment_phrase"))),
            invest_name_re=re.compile(rf"[^，。；：、\s,;:]{{2,24}}?{re.escape(item)}"),
            phase_end_re=re.compile(f"(?:{r.phase_re.pattern})$"),
            heads_longest_first=tuple(sorted(r.project_heads, key=len, reverse=True)),
            works_re=re.compile(
                "(?:" + alternation(r.works_heads, longest_first=True) + ")"
                rf"(?:(?:[一二三四五六七八九十]+|\d+)期)?(?:{v.alt('projects.works_noun')})?"),
            works_verbs_longest_first=tuple(sorted(r.works_verbs, key=len, reverse=True)),
            measure_re=re.compile(rf"\d+\s*(?:{units})"),
            measure_or_share_re=re.compile(rf"\d+\s*(?:{units}|%)"),
            item_stop_re=re.compile("|".join(v.patterns("projects.item_stop_words"))),
            category_end_re=re.compile(f"(?:{v.alt('projects.category_endings')})$"),
            funding_end_re=re.compile(f"(?:{v.alt('projects.funding_endings')})$"),
            programme_after_re=re.compile(
                rf"(?:(?![{r.list_end}{r.conjunctions}])[\u4e00-\u9fff]){{0,4}}?"
                rf"(?:{v.alt('projects.programme_heads_after', longest_first=True)})"),
            road_cue_re=re.compile(v.alt("projects.road_cues")),
            national_platform_re=re.compile(
                rf"^(?:{v.alt('projects.designation_prefixes')})[\u4e00-\u9fff]{{4,}}"
                rf"(?:{v.alt('projects.platform_heads', longest_first=True)})$"
                + "".join(f"|{p}" for p in v.patterns("projects.designation_names"))),
            part_re=re.compile("(?:" + "|".join(v.patterns("projects.part_of_whole")) + ")$"),
            phase_part_re=re.compile("|".join(v.patterns("projects.phase_part"))),
            whole_heads=tuple(sorted({*r.project_heads, *v.words("projects.whole_heads")}, key=len, reverse=True)),
        )


def _rules(doc: Doc) -> _Rules:
    return doc.context.vocab.compiled("extract.projects", _Rules.build)


NAME = "projects"
REQUIRES: tuple[str, ...] = ()
#: Project mentions, and the project spans the enterprise extractor reads (it finds
#: enterprises in project lists and links them to the projects named after them).
ASSIGNS: tuple[str, ...] = ("Project", "project_spans")


def run(doc: Doc) -> Extraction:
    """Project mentions of one report, and each part's whole (甲乙机场二期 → 甲乙机场,
    partOf): enterprises.py links enterprises to these."""
    found = find_projects(doc)
    doc.results["project_spans"] = tuple(found)
    out = Extraction(report=doc.report.id)
    out.mentions = [doc.mention(f) for f in found]
    for part in found:
        whole = whole_of_part(doc, part)
        if whole is not None:
            out.mentions.append(doc.mention(whole))
            out.links.append(doc.link(P.FoundLink(part, PART_OF, whole, whole.rule)))
    out.mentions.sort(key=lambda m: (m.start, m.end))
    return out


_CUT_INSIDE_RE = re.compile(r"[\d\-—–~～（(]$")  # 1-|1期, 1—|5号泊位, （|一期）: inside the part
PART_OF = "partOf"  # the ontology's gr:partOf, as kg.link.relations.PART_OF


def whole_split(rules: _Rules, name: str) -> int | None:
    """Where the whole ends in a part's name (甲乙机场二期 → 4), or None: the name ends with a
    part (``projects.part_of_whole``) and what is before it is a name of its own, ending with
    a head word (any word before a phase) and longer than the head."""
    for m in rules.part_re.finditer(name):
        if m.end() != len(name):
            continue
        # the shortest part at the end leaves the longest whole (甲乙高铁 of 甲乙高铁丙地至丁地段,
        # not 甲乙): try each start of the match from the right
        for cut in range(m.end() - 1, m.start() - 1, -1):
            whole, part = name[:cut], name[cut:]
            if not rules.part_re.fullmatch(part) or len(whole) < 2 or _CUT_INSIDE_RE.search(whole):
                continue
            if rules.phase_part_re.fullmatch(part):
                return cut
            head = next((h for h in rules.whole_heads if whole.endswith(h)), None)
            if head is not None and len(whole) > len(head):
                return cut
    return None


def whole_of_part(doc: Doc, part: P.Found) -> P.Found | None:
    """The whole a project mention names a part of, as a mention of its own (no status: the
    works are the part's)."""
    name = doc.text[part.start:part.end]
    cut = whole_split(_rules(doc), name)
    if cut is None:
        return None
    whole = name[:cut].rstrip("（(")
    if len(whole) < 2 or doc.is_kind_word(whole) or any(c in doc.rules.quotes for c in whole):
        return None  # “某某”工程 of “某某”工程四期 is the programme (an initiative), not a project
    return P.Found(part.start, part.start + len(whole), "Project", "whole_of_part", None)


def extract(report: Report, context: ExtractContext) -> Extraction:
    """:func:`run` on a report of its own (library and test use)."""
    from kg.extract import run_component

    return run_component(NAME, report, context)


def find_projects(doc: Doc) -> list[P.Found]:
    """All project candidates of a report, deduplicated, nested spans resolved, sorted.

    Lists and investment phrases go first and their names are propagated before the
    head-word rule runs, so that a confirmed long name is not cut by a shorter head."""
    found: list[P.Found] = []
    blocked: list[P.Found] = []  # items of enterprise lists: never projects
    for it in P.iter_lists(doc):
        if it.kind == "P" and project_item_ok(doc, it.start, it.end):
            found.append(P.Found(it.start, it.end, "Project", "list_project", it.cue))
        elif it.kind == "E":
            blocked.append(P.Found(it.start, it.end, "Enterprise", "list", None))
    found.extend(_from_investment(doc))
    found = P.drop_nested(P.dedupe(found))
    found = P.drop_nested(P.dedupe(found + _propagate(doc, found)))
    heads = _from_heads(doc) + _from_works(doc)
    found = _parts_over_propagated(doc, found, heads)
    taken = P.Spans([(f.start, f.end) for f in found] + [(b.start, b.end) for b in blocked])
    heads = [f for f in heads if not taken.overlaps(f.start, f.end)]
    found = P.drop_nested(P.dedupe(found + heads))
    return P.drop_nested(P.dedupe(found + _propagate(doc, found)))


# ------------------------------------------------------------------ validation

def ends_with_head(doc: Doc, name: str) -> bool:
    """Ends in a project head word, or in a phase/section/扩容 ending (…二期, …北段)."""
    return name.endswith(doc.rules.project_heads) or bool(_rules(doc).phase_end_re.search(name))


def project_item_ok(doc: Doc, start: int, end: int) -> bool:
    """A list item is a project name when it is not generic, not a body, not a bare
    quoted slogan, and either ends in a head word or is a proper name."""
    r, pr = doc.rules, _rules(doc)
    name = doc.text[start:end]
    flat = P.plain(name)
    if len(flat) < 2 or len(flat) > P.MAX_NAME:
        return False
    if name[0] in r.open_quotes and name[-1] in r.close_quotes and name.count(name[0]) == 1:
        return False  # “邻里互助体系” is a slogan, not a project
    if flat in r.generic_names or r.gov_body_re.search(flat) and not ends_with_head(doc, flat):
        return False
    if _NUMBERED_QUOTE_RE.match(name):
        return False  # “六好”农村公路, “五小”水利: a numbered programme, not one project
    if P.has_generic_prefix(r, flat):
        rest = _strip_prefixes(r, flat)
        if not doc.is_proper(rest) or doc.is_kind_word(rest):
            return False
    if pr.measure_re.search(name) or r.count_prefix_re.match(flat):
        return False
    if pr.funding_end_re.search(flat) or (not ends_with_head(doc, flat) and _has_common_verb(doc, flat)):
        return False  # 中央预算内投资, 产业结构调整: a source of money or a policy, not a project
    return ends_with_head(doc, flat) or (doc.is_proper(flat) and not doc.is_kind_word(flat))


def _strip_prefixes(r: P.Rules, name: str) -> str:
    for p in sorted(r.generic_prefixes, key=len, reverse=True):
        if name.startswith(p):
            return name[len(p):]
    return name


def head_name_ok(doc: Doc, name: str, strong_cue: bool, road_cue: bool = False, described: bool = False) -> bool:
    """A head-word name must be specific: no generic opening (省级…, 一批…), not a
    stoplisted description, a count or a government body, not a quoted campaign
    (“五微四位”民生工程 is an initiative), and a proper part besides the head -- or, when
    the clause says outright that it is built or opened, at least four characters of it
    (星光体育公园 is made of common words but is still a name)."""
    r, pr = doc.rules, _rules(doc)
    flat = P.plain(name)
    if len(flat) < 3 or len(flat) > P.MAX_NAME:
        return False
    if flat in r.generic_names or r.count_prefix_re.match(flat):
        return False
    if P.has_generic_prefix(r, flat) and not pr.national_platform_re.match(flat) and not _institutional(doc, flat):
        return False
    q = max(name.rfind(c) for c in r.close_quotes)
    phase = bool(r.phase_only_re.search(flat))
    if q >= 0 and r.initiative_head_re.search(name, q) and not phase:
        return False  # “五微四位”民生工程 is an initiative; its 二期 is a works being built
    if _NUMBERED_QUOTE_RE.match(name):
        return False
    if r.gov_body_re.search(flat) and not ends_with_head(doc, flat):
        return False
    if pr.measure_or_share_re.search(name):
        return False
    head = _head_of(doc, flat)
    rest = flat[: len(flat) - len(head)] if head else flat
    if len(rest) < 2:
        return False
    if doc.is_proper(rest, tags=True) or re.search(r"[A-Za-z\d]", rest):
        return True
    if described:
        return False  # 具有国际竞争力的先进制造业基地: a description of a kind
    if phase and q >= 0:
        return True  # “X”工程四期: the quoted programme names the works
    return strong_cue or (head in r.road_heads and road_cue)


def _institutional(doc: Doc, flat: str) -> bool:
    """A name opening with the state or the province (国家, 中国, 省: projects.institution_prefixes)
    that names a place after it (国家技术转移甲市中心, 中国农科院乙省创新基地) is
    one body's own, not a kind (国家级经开区, 省重点实验室)."""
    prefix = next((p for p in _rules(doc).institution_prefixes if flat.startswith(p)), None)
    return prefix is not None and doc.has_place_or_person(flat[len(prefix):])


def _has_common_verb(doc: Doc, stem: str) -> bool:
    """The stem opens with a common verb of the dictionary in its first two words (妥善|解决…,
    清理|妨碍…, 产业结构|调整): it says what is done, a clause, not a name. Construction
    verbs, which name works, do not count; nor does a stem with a proper part."""
    works = doc.rules.works_verbs
    words = doc.words(stem)
    return any(len(w) >= 2 and w not in works and doc.word_tags.get(w) == "v"
               and (doc.context.tokenizer.FREQ.get(w) or 0) >= P.GOVERNING_FREQ for w in words[:2]) \
        and not doc.is_proper(stem, tags=True)


def _head_of(doc: Doc, name: str) -> str:
    core = doc.rules.phase_re.sub("", name)
    for h in _rules(doc).heads_longest_first:
        if core.endswith(h):
            return name[len(core) - len(h):]
    return ""


# ---------------------------------------------------------------------- rules

def _from_investment(doc: Doc) -> list[P.Found]:
    """``总投资52亿元的远航锂电项目`` -> 远航锂电 (cue: the clause's status verb)."""
    text, out, r, pr = doc.text, [], doc.rules, _rules(doc)
    for lo, hi in doc.clauses():
        for m in pr.invest_re.finditer(text, lo, hi):
            n = pr.invest_name_re.match(text, m.end(), hi)
            if not n:
                continue
            s, e = P.trim_space(text, n.start(), n.end() - len(pr.item))
            name = text[s:e]
            if e - s >= 2 and (doc.is_proper(name) or ends_with_head(doc, name)) and not P.has_generic_prefix(r, name):
                out.append(P.Found(s, e, "Project", "investment", P.find_cue(r, text, lo, hi, s, e)))
    return out


def _from_heads(doc: Doc) -> list[P.Found]:
    """Proper names ending in a head word, in clauses with a construction cue."""
    text, out = doc.text, []
    head_re = _rules(doc).head_re
    for lo, hi in doc.clauses():
        for m in head_re.finditer(text, lo, hi):
            f = _head_candidate(doc, lo, hi, m.start(), m.end())
            if f:
                out.append(f)
    return out


def _head_candidate(doc: Doc, lo: int, hi: int, hs: int, he: int) -> P.Found | None:
    text, r, item = doc.text, doc.rules, _rules(doc).item
    head = text[hs:he]
    if not _ends_word(doc, lo, hi, hs, he):
        return None
    if len(head) <= 2 and (text[max(lo, hs - 1):he] in r.common_with_head
                           or text[max(lo, hs - 2):he] in r.common_with_head):
        return None  # 主线, 道路, 思路: the head is the tail of a common word
    end = he
    if head == item:
        end = hs
    else:
        pm = r.phase_re.match(text, he, hi)
        if pm and not r.phase_only_re.fullmatch(head):
            end = pm.end()
    if end == hi and head != item:
        # 沿江高速扩容（南线）: the bracket cut the clause, but the section is part of the name
        bm = r.bracket_section_re.match(text, end)
        if bm:
            end = bm.end()
            hi = _clause_end(r, text, end)
    if end < hi and _HEAD_FOLLOW_BAD.match(text, end):
        return None
    if head != item and not _follow_ok(doc, end, hi, len(head)):
        return None
    if _COUNTED_RE.match(text, end, hi) or _rules(doc).programme_after_re.match(text, end, hi):
        return None  # 新建5G基站1.1万个: a kind counted; 自贸试验区提升战略: inside a programme's name
    edge = _left_edge(doc, lo, hs if head != item else end)
    if edge is None:
        return None
    start = P.strip_lead(doc, edge, end)
    start, end = P.trim_space(text, start, end)
    start, end = P.balance_quotes(r, text, start, end)
    if end - start < 3:
        return None
    name = text[start:end]
    if P.inside_quotes(text, lo, start, end) or name.endswith(_rules(doc).works_part_endings) \
            or sum(c in r.open_quotes for c in name) > sum(c in r.close_quotes for c in name):
        return None  # 甲乙街主体工程: the works of 甲乙街; 甲省“一号工程: the head is inside a quote
    clause = text[lo:hi]
    # a strong cue anywhere in the clause, or any construction verb right after the name;
    # a national platform's designation (国家X技术创新中心) names one without a cue
    national = bool(_rules(doc).national_platform_re.match(P.plain(name)))
    strong = (bool(r.strong_cue_re.search(clause)) and len(name) - len(head) >= 4) or bool(
        r.status_cue_re.match(text, end)) or national
    if head == item:
        if not _project_suffix_name_ok(doc, name, text[hs - 1]):
            return None
    elif not head_name_ok(doc, name, strong, bool(r.strong_cue_re.search(clause) or
                                                 _rules(doc).road_cue_re.search(clause)),
                          described=start > lo and text[start - 1] == "的"):
        return None
    cue = P.find_cue(r, text, lo, hi, start, end if head != item else he)
    if cue is None and end > he:  # the works the name carries say it is built (…中学整体搬迁)
        inside = r.status_cue_re.search(text, he, end)
        cue = inside.group(0) if inside else None
    honoured = any(text.startswith(v, end) for v in _rules(doc).honour_verbs)  # 甲乙大桥获评…: it stands
    if cue is None and not national and not honoured and not (head in r.strong_project_heads
                                                             and doc.is_proper(name[: -len(head)], tags=True)):
        return None
    # X项目 is named as written (the annotators' and the text's name; the linker's key drops
    # the generic head, so X and X项目 are one entity)
    return P.Found(start, he if head == item else end, "Project", "head_word", cue)


def _clause_end(r: P.Rules, text: str, pos: int) -> int:
    """End of the clause that starts at ``pos`` (bounded by MAX_CLAUSE)."""
    lim = min(len(text), pos + P.MAX_CLAUSE)
    for i in range(pos, lim):
        if text[i] in r.clause_breaks:
            return i
    return lim


def _from_works(doc: Doc) -> list[P.Found]:
    """``推进清河流域雨污分流改造`` -> 清河流域雨污分流改造 (see the module doc)."""
    text, out, r = doc.text, [], doc.rules
    for lo, hi in doc.clauses():
        for m in _rules(doc).works_re.finditer(text, lo, hi):
            hs, end = m.start(), m.end()
            if not _follow_ok(doc, end, hi, 3):
                continue
            edge = _left_edge(doc, lo, hs)
            if edge is None:
                continue
            start = P.strip_lead(doc, edge, hs) if edge < hs else edge
            stem = text[start:hs]
            system = any(text.startswith(h, hs) for h in r.system_works_heads)
            if not (stem in r.area_prefixes and system):
                place = r.works_modifiers_re.sub("", stem)
                if len(place) < 2 or r.gov_body_re.search(place) or P.has_generic_prefix(r, place) \
                        or not doc.is_proper(place):
                    continue
            cue = P.find_cue(r, text, lo, hi, start, end)
            if cue is None:
                continue
            out.append(P.Found(start, end, "Project", "works", cue))
    return out


def _project_suffix_name_ok(doc: Doc, name: str, before_head: str) -> bool:
    """``X项目`` names X only when X is a proper, unquoted, specific name (远航锂电项目),
    not a count, a category (浙商企业投资项目) or a quoted slogan (“两类百强”项目)."""
    r, pr = doc.rules, _rules(doc)
    flat = P.plain(name)
    if before_head in r.close_quotes or name[0] in r.open_quotes or len(flat) > 16:
        return False
    if r.count_prefix_re.match(flat) or P.has_generic_prefix(r, flat) or ends_with_head(doc, flat):
        return False
    if pr.item_stop_re.search(flat) or pr.category_end_re.search(flat) or _has_common_verb(doc, flat):
        return False
    return doc.is_proper(flat)


def _follow_ok(doc: Doc, end: int, hi: int, head_len: int) -> bool:
    """What follows a name must not continue it (清溪港|市政… is not the name 清溪港):
    punctuation, a list word, a cue or governing verb, or a function word."""
    r = doc.rules
    if end >= hi or not P._CJK_RE.match(doc.text[end]):
        return True
    nxt = doc.tokens(end, min(hi, end + 6))
    if not nxt:
        return True
    w = doc.text[nxt[0][0]:nxt[0][1]]
    if w in "、" + r.list_end + r.conjunctions or w in r.boundary_tokens or w in r.lead_words or w in r.trail_words:
        return True
    if r.status_cue_re.match(doc.text, end) or r.follow_ok_re.match(doc.text, end):
        return True
    # a long head (产业园, 综合体) may be followed by a descriptive word; a one- or
    # two-character head (港, 路, 广场) followed by a noun is a modifier, not a name end
    return head_len >= 3 and not r.noun_after_re.match(doc.text, end)


def _ends_word(doc: Doc, lo: int, hi: int, hs: int, he: int) -> bool:
    """The head must end a jieba word, and not as the tail of a common word (道路, 思路)."""
    r = doc.rules
    win_lo = max(lo, hs - 8)
    win_hi = min(hi, he + 4)
    for s, e in doc.tokens(win_lo, win_hi):
        if e == he:
            word = doc.text[s:e]
            return not (len(word) > he - hs and word in r.common_with_head)
        if e > he:
            # the head ends inside a word: fine when the rest of the word is a cue jieba
            # glued on (工程|建设), or one stray character after a long head (产业园)
            if s >= hs and r.status_cue_re.fullmatch(doc.text[he:e]):
                return True
            return he - hs >= 3 and e - he == 1 and doc.text[s:e] not in r.common_with_head
    return True


_ENUMERATOR_RE = re.compile(r"\d{1,2}[.．]")


def _left_edge(doc: Doc, lo: int, hs: int) -> int | None:
    """Walk left from the head over name material; stop at function words, governing
    verbs, cue verbs, or MAX_NAME characters. None when the name is the tail of a
    classifier phrase (…等27个海绵城市项目) or longer than MAX_NAME."""
    r, pr = doc.rules, _rules(doc)
    win_lo = max(lo, hs - P.MAX_NAME)
    toks = doc.tokens(win_lo, hs)
    start = hs
    if doc.text.startswith(pr.works_noun, hs):
        # …改扩建工程 / …补建工程 / …综合整治二期工程: the construction verb (and the phase
        # after it) is part of the works' name
        phase = r.phase_only_re.search(doc.text, win_lo, start)
        verb_end = phase.start() if phase and phase.end() == start else start
        for v in pr.works_verbs_longest_first:
            if doc.text.endswith(v, win_lo, verb_end) and verb_end - len(v) > win_lo:
                start = verb_end - len(v)
                toks = [(s, min(e, start)) for s, e in toks if s < start]
                break
    for s, e in reversed(toks):
        w = doc.text[s:e]
        if len(w) == 1 and w in r.conjunctions and 2 <= hs - start <= 4:
            # 甲乙及丙丁高速扩容: two short proper stems share the head
            a = _coordinated_stem(doc, win_lo, s, start, hs)
            if a is not None:
                start = a
            break
        if w == r.list_end or (w in "个家条项所座批" and start < hs):
            return None
        if w in "、，。；：,;" or w in r.boundary_tokens or _ENUMERATOR_RE.fullmatch(w):
            break
        if any(c in r.close_quotes for c in w) and hs - e >= 4 and doc.is_proper(doc.text[e:hs], tags=True):
            break  # 甲省水利“一号工程”|丙丁水利枢纽: a quoted epithet before a name of its own
        if (w in r.lead_words and len(w) >= 2) or r.status_cue_re.fullmatch(w):
            break
        start = s
    if start == win_lo and win_lo > lo:
        return None
    return start


def _coordinated_stem(doc: Doc, win_lo: int, conj: int, start: int, hs: int) -> int | None:
    """Start of the stem before ``及`` when both stems are short proper names without a
    head of their own (甲乙及丙丁|高速); None otherwise."""
    r = doc.rules
    a = conj
    for s, e in reversed(doc.tokens(win_lo, conj)):
        w = doc.text[s:e]
        if (w in r.lead_words and len(w) >= 2) or w in r.boundary_tokens or r.status_cue_re.fullmatch(w) \
                or not P._CJK_RE.search(w) or conj - s > 4:
            break
        a = s
    stem, other = doc.text[a:conj], doc.text[start:hs]
    if not 2 <= len(stem) <= 4 or ends_with_head(doc, stem) or P.has_generic_prefix(r, stem):
        return None
    if not (doc.is_proper(stem) and doc.is_proper(other)):
        return None
    return a


def _parts_over_propagated(doc: Doc, found: list[P.Found], heads: list[P.Found]) -> list[P.Found]:
    """A name found elsewhere in the report (甲乙高铁, propagated) gives way where the text
    names a part of it (甲乙高铁丙段, 甲乙高铁二期): the part is the project meant there."""
    parts = {}
    for h in heads:
        w = whole_of_part(doc, h)
        if w is not None:
            parts[(w.start, w.end)] = h
    return [f for f in found if f.rule != "report_bootstrap" or (f.start, f.end) not in parts]


def _propagate(doc: Doc, found: list[P.Found]) -> list[P.Found]:
    """Other occurrences in this report of accepted names (>= 4 characters) that end in
    a head word: a bare name (恒远精密) found in a project list is also a company, and
    elsewhere (恒远精密入选…企业) it is the company that is meant."""
    headed = [f for f in found if ends_with_head(doc, P.plain(doc.text[f.start:f.end]))]
    return P.propagate(doc, headed, "Project", 4,
                       lambda lo, hi, s, e: P.find_cue(doc.rules, doc.text, lo, hi, s, e))


def item_word(doc: Doc) -> str:
    """The generic project head (X项目): a project list's class ends in it."""
    return _rules(doc).item
