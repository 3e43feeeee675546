"""Word lists, regexes and small text helpers shared by the project, enterprise and
initiative extractors.

Everything here is a pattern of the *genre* (Chinese local-government work reports),
never a name from a particular report: head words and suffixes that end names, cue
verbs that govern them, the list shapes the genre uses (``A、B等N个项目开工``) and
the generic phrases that look like names but are not (骨干企业, 重点项目).

Design notes
------------
* Text is scanned clause by clause (a clause ends at ，。；：！？ or a line break) and
  every clause is cut into windows of at most :data:`MAX_CLAUSE` characters, so a
  5 MB line without punctuation costs linear time: regexes here are anchored or use
  bounded repetition only, and jieba only ever sees one bounded window.
* jieba (the build's own tokenizer, never the global one) is used without its HMM so
  that unknown characters stay single tokens: a run of single characters or rare words
  is what makes a string a *proper* name (南钢, 远航, 施泰纳) rather than a description
  (产业转型升级).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from typing import TYPE_CHECKING, TypeVar

from kg.genre import Vocabulary, alternation
from kg.genre import default as default_vocabulary
from kg.quotes import QUOTE_MARKS

if TYPE_CHECKING:
    from kg.extract.doc import Doc

# --------------------------------------------------------------------------- limits

MAX_CLAUSE = 300  # characters per scanned window; longer clauses are cut
MAX_NAME = 26  # longest name accepted (characters)
MAX_LIST_SPAN = 240  # how far left of 等 a list may start
MAX_SENTENCE = 400  # longest evidence sentence kept on a mention (window around it)
PROPER_FREQ = 300  # jieba words rarer than this count as proper-name material

# ----------------------------------------------------------------- link predicates

#: MentionLink predicates the extractors emit (subject is always an Enterprise).
PRED_NAMES_PROJECT = "namesProject"  # enterprise E and project "E" (恒远精密 listed among projects)
PRED_INVESTS = "invests"  # enterprise builds / invests in a project (博川新材 -> 博川新材研发中心)
PRED_SETTLES_IN = "settlesIn"  # enterprise settles in a park (X等12家企业入驻 <park>)
PREDICATES: tuple[str, ...] = (PRED_NAMES_PROJECT, PRED_INVESTS, PRED_SETTLES_IN)

CJK = "\u4e00-\u9fff"
_CJK_RE = re.compile(f"[{CJK}]")
#: Numerals of a count (两大, 3个, 十余): a character class, grammar rather than vocabulary.
_COUNT = r"[\d一二三四五六七八九十百几两]+"
#: jieba tags of proper nouns: places, people, organisations, other proper nouns.
NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j"})
#: The narrower kind: places and people (a company is often named after one: 长城汽车).
PLACE_PERSON_TAGS = frozenset({"ns", "nr", "nrt", "nrfg"})


# ------------------------------------------------------------------------ the rules

@dataclass(frozen=True)
class Rules:
    """The vocabulary the project, enterprise and initiative extractors read, with the
    regexes built from it: one object per vocabulary (:func:`rules`), so a build's
    overlay reaches every rule and nothing is read from a module global. Field names
    say what each holds; the words are in ``kg/genre/*.toml``."""

    # characters
    open_quotes: str
    close_quotes: str
    quotes: str
    clause_breaks: str
    clause_break_re: re.Pattern[str]
    common_single_chars: frozenset[str]
    common_name_like: frozenset[str]  # common words jieba tags as names, and the genre's head words
    conjunctions: str
    list_end: str
    # stop lists and name edges
    generic_names: frozenset[str]
    generic_prefixes: tuple[str, ...]
    first_of_kind_re: re.Pattern[str]
    gov_body_re: re.Pattern[str]
    boundary_tokens: frozenset[str]
    lead_words: frozenset[str]
    trail_words: frozenset[str]
    trail_longest_first: tuple[str, ...]
    follow_ok_re: re.Pattern[str]
    noun_after_re: re.Pattern[str]
    count_prefix_re: re.Pattern[str]
    # lists
    project_class_re: re.Pattern[str]
    enterprise_class_re: re.Pattern[str]
    non_name_class_re: re.Pattern[str]
    initiative_class_re: re.Pattern[str]
    deng_after_bad: str
    deng_before_bad: str
    area_prefix_re: re.Pattern[str]
    bare_count_re: re.Pattern[str]
    not_before_bare_count: str
    # projects
    project_heads: tuple[str, ...]
    strong_project_heads: tuple[str, ...]
    road_heads: tuple[str, ...]
    phase_re: re.Pattern[str]
    phase_only_re: re.Pattern[str]
    bracket_section_re: re.Pattern[str]
    area_prefixes: tuple[str, ...]
    works_heads: tuple[str, ...]
    system_works_heads: tuple[str, ...]
    works_modifiers_re: re.Pattern[str]
    common_with_head: frozenset[str]
    works_verbs: frozenset[str]
    # status
    status_cue_words: tuple[str, ...]  # status verbs and construction verbs: what makes a clause about building
    status_cue_re: re.Pattern[str]
    strong_cue_re: re.Pattern[str]
    # enterprises
    enterprise_strong_suffixes: tuple[str, ...]
    enterprise_suffixes: tuple[str, ...]
    enterprise_subject_cues: tuple[str, ...]
    enterprise_role_cue_re: re.Pattern[str]
    place_end_re: re.Pattern[str]
    strong_place_end_re: re.Pattern[str]
    enterprise_object_re: re.Pattern[str]
    enterprise_object_verbs: tuple[str, ...]
    applicant_verbs_re: re.Pattern[str]
    application_re: re.Pattern[str]
    enterprise_title_re: re.Pattern[str]
    shortenable_suffixes: tuple[str, ...]
    generic_enterprise_prefixes: tuple[str, ...]
    company_word_suffixes: tuple[str, ...]
    non_enterprise_word_re: re.Pattern[str]
    non_enterprise_end_re: re.Pattern[str]
    # initiatives
    initiative_heads: tuple[str, ...]
    initiative_head_re: re.Pattern[str]
    non_initiative_quoted_re: re.Pattern[str]
    numbered_initiative_re: re.Pattern[str]
    campaign_heads: Mapping[str, int]
    pilot_heads: tuple[str, ...]
    pilot_stem_end_re: re.Pattern[str]
    campaign_verbs: tuple[str, ...]
    pilot_verbs: tuple[str, ...]
    event_verbs: tuple[str, ...]
    event_heads: tuple[str, ...]
    name_lead_re: re.Pattern[str]
    programme_noun_heads: tuple[str, ...]
    programme_work_heads: tuple[str, ...]

    @classmethod
    def build(cls, v: Vocabulary) -> Rules:
        opens, closes = v.chars("characters.opening_quotes"), v.chars("characters.closing_quotes")
        breaks = v.chars("characters.clause_breaks")
        cues = tuple(v.map("status.cues")) + v.words("status.construction_verbs")
        heads = v.words("initiatives.heads")

        def ends(name: str) -> re.Pattern[str]:
            return re.compile(f"(?:{v.alt(name)})$")

        def phrasing(name: str) -> str:
            return "|".join(v.patterns(name))

        return cls(
            open_quotes=opens, close_quotes=closes, quotes=opens + closes,
            clause_breaks=breaks, clause_break_re=re.compile("[" + re.escape(breaks) + "]"),
            common_single_chars=frozenset(v.chars("characters.common_single_chars")),
            common_name_like=v.set("stoplists.common_name_like") | v.set("projects.heads")
            | v.set("stoplists.generic_names") | v.set("enterprises.strong_suffixes"),
            conjunctions=v.chars("characters.conjunctions"),
            list_end=v.chars("lists.list_end"),
            generic_names=v.set("stoplists.generic_names"),
            generic_prefixes=v.words("stoplists.generic_prefixes"),
            first_of_kind_re=re.compile("|".join(v.patterns("stoplists.first_of_kind"))),
            gov_body_re=ends("stoplists.government_bodies"),
            boundary_tokens=v.set("stoplists.boundary_tokens"),
            lead_words=v.set("stoplists.lead_words"),
            trail_words=v.set("stoplists.trail_words"),
            trail_longest_first=tuple(sorted(v.words("stoplists.trail_words"), key=len, reverse=True)),
            follow_ok_re=re.compile(f"(?:{v.alt('stoplists.follow_words')}|{v.alt('projects.followers')})"),
            noun_after_re=re.compile(f"(?:{v.alt('stoplists.modifier_nouns')})"),
            count_prefix_re=re.compile(
                rf"^[\d一二两三四五六七八九十百千几多]+\s*(?:{v.alt('lists.count_classifiers')})"),
            project_class_re=re.compile(
                rf"(?:{_COUNT}\s*(?:{v.alt('lists.class_count_classifiers')})|{v.alt('lists.class_batches')})?\s*"
                rf"(?:[省市区县国]、?[省市区县]?(?:级)?|{v.alt('lists.class_levels')}|“[^”]{{1,8}}”)?\s*"
                rf"(?:(?:{v.alt('lists.project_class_modifiers')}){{0,3}}\s*(?:{v.alt('lists.project_class_nouns')})"
                # 等装备制造重点项目, 等高铁项目: a short description before the strongest noun,
                # with no governing verb (等策划编制招商项目) and no field (等重点领域项目) in it
                rf"|(?:(?!{v.alt('stoplists.lead_words', longest_first=True)}|{v.alt('lists.non_name_class_nouns')})"
                rf"[\u4e00-\u9fff]){{1,6}}?(?:{v.alt('projects.generic_head')}))"),
            enterprise_class_re=re.compile(
                rf"(?:{_COUNT}\s*(?:{v.alt('lists.enterprise_class_classifiers')})"
                rf"|{v.alt('lists.enterprise_class_batches')})?\s*"
                rf"(?:[^\s，。；、]{{0,8}}?)(?:{v.alt('lists.enterprise_class_nouns')})"),
            non_name_class_re=re.compile(
                rf"(?:{_COUNT}\s*(?:{v.alt('lists.non_name_class_counts')}))?\s*"
                rf"(?:{v.alt('lists.non_name_class_nouns')})"),
            initiative_class_re=re.compile(
                rf"(?:[\d一二三四五六七八九十]+\s*(?:{v.alt('lists.initiative_class_counts')}))?\s*"
                rf"(?:第[\d一二三四五六七八九十]+季)?\s*"
                rf"(?:[^\s，。；、“”]{{0,4}}?)(?:{v.alt('lists.initiative_class_nouns')})"),
            deng_after_bad=v.chars("lists.deng_not_after"),
            deng_before_bad=v.chars("lists.deng_not_before"),
            area_prefix_re=re.compile(rf"[^、，。]{{1,8}}?(?:{v.alt('lists.area_heads')})"),
            bare_count_re=re.compile(
                rf"(?:\d+|[一二三四五六七八九十两]+)\s*(?:{v.alt('lists.bare_count_classifiers')})"),
            not_before_bare_count=v.chars("lists.not_before_bare_count"),
            project_heads=v.words("projects.heads"),
            strong_project_heads=v.words("projects.strong_heads"),
            road_heads=v.words("projects.road_heads"),
            phase_re=re.compile(f"(?:{phrasing('projects.phase_endings')})"),
            phase_only_re=re.compile(phrasing("projects.phase_only")),
            bracket_section_re=re.compile(phrasing("projects.bracket_section")),
            area_prefixes=v.words("projects.area_prefixes"),
            works_heads=v.words("projects.works_heads"),
            system_works_heads=v.words("projects.system_works_heads"),
            works_modifiers_re=ends("projects.works_modifiers"),
            common_with_head=v.set("projects.common_words_with_head"),
            works_verbs=v.set("projects.works_verbs"),
            status_cue_words=cues,
            status_cue_re=re.compile(alternation(cues, longest_first=True)),
            strong_cue_re=re.compile(
                f"{v.alt('status.strong_cues')}|(?:{v.alt('status.progress_verbs')})[^，。；]{{0,40}}"
                f"(?:{v.alt('status.construction_nouns')})"),
            enterprise_strong_suffixes=v.words("enterprises.strong_suffixes"),
            enterprise_suffixes=v.words("enterprises.short_suffixes"),
            enterprise_subject_cues=v.words("enterprises.subject_cues"),
            enterprise_role_cue_re=re.compile(v.alt("enterprises.role_cues")),
            place_end_re=ends("enterprises.place_endings"),
            strong_place_end_re=ends("enterprises.strong_place_endings"),
            enterprise_object_re=re.compile(v.alt("enterprises.object_words")),
            enterprise_object_verbs=v.words("enterprises.object_verbs"),
            applicant_verbs_re=re.compile(f"(?:{v.alt('enterprises.applicant_verbs')})"),
            application_re=re.compile(f"(?:{v.alt('enterprises.application_words')})"),
            enterprise_title_re=re.compile(v.alt("enterprises.titles")),
            shortenable_suffixes=v.words("enterprises.shortenable_suffixes"),
            generic_enterprise_prefixes=v.words("enterprises.generic_prefixes"),
            company_word_suffixes=v.words("enterprises.company_word_suffixes"),
            non_enterprise_word_re=re.compile(v.alt("enterprises.non_enterprise_words")),
            non_enterprise_end_re=ends("enterprises.non_enterprise_endings"),
            initiative_heads=heads,
            initiative_head_re=re.compile(alternation(heads, longest_first=True)),
            non_initiative_quoted_re=re.compile(f"^(?:{phrasing('initiatives.non_initiative_quoted')})$"),
            numbered_initiative_re=re.compile(
                rf"[一二三四五六七八九十百千]+大[{CJK}]{{0,6}}?(?:{v.alt('initiatives.numbered_heads')})"),
            campaign_heads=v.map("initiatives.campaign_heads"),
            pilot_heads=v.words("initiatives.pilot_heads"),
            pilot_stem_end_re=ends("initiatives.pilot_stem_endings"),
            campaign_verbs=v.words("initiatives.campaign_verbs"),
            pilot_verbs=v.words("initiatives.pilot_verbs"),
            event_verbs=v.words("initiatives.event_verbs"),
            event_heads=v.words("initiatives.event_heads"),
            name_lead_re=re.compile(f"(?:{phrasing('initiatives.name_leads')})+"),
            programme_noun_heads=v.words("initiatives.programme_noun_heads"),
            programme_work_heads=v.words("initiatives.programme_work_heads"),
        )


def rules(vocab: Vocabulary) -> Rules:
    """The extractors' :class:`Rules` for ``vocab``, built once per vocabulary."""
    return vocab.compiled("extract.patterns", Rules.build)


# ------------------------------------------------------------------------ helpers

@dataclass(frozen=True)
class Found:
    """A candidate mention before it becomes a :class:`Mention` (offsets into report.text)."""

    start: int
    end: int
    type: str
    rule: str
    cue: str | None = None


@dataclass(frozen=True)
class FoundLink:
    subject: Found
    predicate: str
    object: Found
    rule: str


def iter_clauses(text: str, r: Rules | None = None) -> Iterator[tuple[int, int]]:
    """Split text at clause punctuation; cut long clauses into MAX_CLAUSE windows.

    One pass over the text, so linear whatever the input."""
    r = r or rules(default_vocabulary())
    start = 0
    n = len(text)
    ends = [m.start() for m in r.clause_break_re.finditer(text)]
    ends.append(n)
    for i in ends:
        s = start
        while i - s > MAX_CLAUSE:
            yield (s, s + MAX_CLAUSE)
            s += MAX_CLAUSE
        if i > s:
            yield (s, i)
        start = i + 1


def find_cue(r: Rules, text: str, lo: int, hi: int, name_start: int, name_end: int) -> str | None:
    """The status verb governing a name in clause text[lo:hi]: the first cue after the
    name (X开工建设), else the last cue before it (新竣工X、Y等)."""
    after = text[name_end:hi]
    m = r.status_cue_re.search(after)
    if m:
        return m.group(0)
    before = text[lo:name_start]
    last = None
    for m in r.status_cue_re.finditer(before):
        last = m.group(0)
    return last


def strip_lead(doc: Doc, start: int, end: int) -> int:
    """Move ``start`` right past governing verbs/adverbs at the left edge of a name."""
    r = doc.rules
    for _ in range(8):
        toks = doc.tokens(start, end)
        if len(toks) < 2:
            return start
        s0, e0 = toks[0]
        word = doc.text[s0:e0]
        if word in r.lead_words or word in r.boundary_tokens or word.isspace():
            start = e0
            continue
        if _governs(doc, word, toks[1], end):
            start = e0
            continue
        first = None
        for first in r.first_of_kind_re.finditer(doc.text, start, end):
            pass
        if first and end - first.end() >= 3:
            start = first.end()  # (甲乙)全国首个|丙丁基地: a ranking, the name follows
            continue
        cue = r.status_cue_re.match(doc.text, start, end)
        if cue and cue.end() - start >= 2 and end - cue.end() >= 3 and cue.end() in (s for s, _ in toks):
            start = cue.end()  # 投用|甲乙航站楼 where jieba split the cue (投|用甲乙…)
            continue
        # jieba may glue a lead verb to the first name character (推进湘 | 江): try prefixes
        for lw in _lead_prefixes(doc.text[start:end], r.lead_words):
            start += len(lw)
            break
        else:
            return start
    return start


def _governs(doc: Doc, word: str, nxt: tuple[int, int], end: int) -> bool:
    """A verb of the dictionary governing the name after it (释放|五大…, 支撑|苏州…): the
    word is a common word tagged a verb, and what follows starts like a name (a place or proper noun,
    a number, a quote), with enough left for one. Grammar, not a word list: it takes the
    genre's many governing verbs that no table lists."""
    if len(word) < 2 or doc.word_tags.get(word) != "v" or end - nxt[0] < 2 \
            or (doc.context.tokenizer.FREQ.get(word) or 0) < GOVERNING_FREQ:
        return False
    first = doc.text[nxt[0]:nxt[1]]
    return first[0] in doc.rules.open_quotes or first[0].isdigit() or bool(_COUNT_START_RE.match(first)) \
        or doc.is_proper(first, tags=True)


#: A verb this common is a verb, not a rare word that jieba happens to tag so (包头, a city).
GOVERNING_FREQ = 300
_COUNT_START_RE = re.compile(r"[一二两三四五六七八九十百千]+[大个条项批]?$")


def _lead_prefixes(s: str, lead_words: frozenset[str]) -> Iterable[str]:
    """A governing verb jieba glued to the first name character (推进浙 | 江…): the
    longest lead word of 2-4 characters opening ``s``, if enough is left for a name."""
    for k in (4, 3, 2):
        if len(s) > k + 2 and s[:k] in lead_words:
            yield s[:k]
            return


def strip_trail(doc: Doc, start: int, end: int) -> int:
    """Move ``end`` left past trailing action words of a list item (滨河廊道提质)."""
    for _ in range(4):
        s = doc.text[start:end]
        for w in doc.rules.trail_longest_first:
            if s.endswith(w) and len(s) - len(w) >= 2:
                end -= len(w)
                break
        else:
            return end
    return end


_ENUMERATOR_RE = re.compile(r"\d{1,2}[.．、]\s*")


def trim_space(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop white space, list punctuation and a leading enumerator (7.乡村学校)."""
    m = _ENUMERATOR_RE.match(text, start, end)
    if m and m.end() < end and not text[m.end()].isdigit():
        start = m.end()
    while start < end and (text[start].isspace() or text[start] in "、·-—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "、·-—"):
        end -= 1
    return start, end


def balance_quotes(r: Rules, text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a dangling quote at either end of a name (keep “X”Y, drop “X and X”)."""
    s = text[start:end]
    opens = sum(s.count(q) for q in "“「『")
    closes = sum(s.count(q) for q in "”」』")
    if opens == closes:
        if s and s[0] in r.open_quotes and s[-1] in r.close_quotes and opens == 1:
            return start + 1, end - 1
        return start, end
    if opens > closes and s and s[0] in r.open_quotes:
        return start + 1, end
    if closes > opens and s and s[-1] in r.close_quotes:
        return start, end - 1
    return start, end


def inside_quotes(text: str, lo: int, start: int, end: int) -> bool:
    """Does the span lie inside a quoted segment that it does not wholly contain?
    (“断截路、鱼刺路”, “保供应”: quoted slogans, not names.)"""
    opened = 0
    for ch in text[lo:start]:
        if ch in "“「『":
            opened += 1
        elif ch in "”」』":
            opened = max(0, opened - 1)
    if opened == 0:
        return False
    inner = text[start:end]
    return not any(c in inner for c in "”」』")


def has_generic_prefix(r: Rules, name: str) -> bool:
    return name.startswith(r.generic_prefixes)


_PLAIN_RE = re.compile(rf"[\s{re.escape(QUOTE_MARKS)}]")


def plain(name: str) -> str:
    """The name without quotes or white space, for list and stoplist look-ups."""
    return _PLAIN_RE.sub("", name)


class Spans:
    """Disjoint spans kept sorted, with O(log n) overlap tests: the many-mentions case
    (a dense or adversarial text) must not go quadratic."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for s, e in sorted(spans):  # overlapping inputs are merged into their union
            if self._ends and s < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], e)
            else:
                self._starts.append(s)
                self._ends.append(e)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self._ends, s + 1)  # first span ending after s
        return i < len(self._starts) and self._starts[i] < e

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self._starts, s)
        self._starts.insert(i, s)
        self._ends.insert(i, e)


def drop_nested(found: Iterable[Found]) -> list[Found]:
    """Of overlapping candidates keep the longer (the earlier-listed rule wins ties)."""
    ordered = sorted(enumerate(found), key=lambda kf: (-(kf[1].end - kf[1].start), kf[1].start, kf[0]))
    taken = Spans()
    keep: list[Found] = []
    for _, f in ordered:
        if taken.overlaps(f.start, f.end):
            continue
        taken.add(f.start, f.end)
        keep.append(f)
    return sorted(keep, key=lambda f: (f.start, f.end))


def propagate(doc: Doc, found: list[Found], type_: str, min_len: int,
              cue_of: Callable[[int, int, int, int], str | None],
              word_check: Callable[[int, int, int, int], bool] | None = None) -> list[Found]:
    """Other occurrences in the report of names accepted by a rule (rule
    ``report_bootstrap``), skipping spans already taken. Linear in the text per name."""
    text = doc.text
    names = sorted({text[f.start:f.end] for f in found if len(plain(text[f.start:f.end])) >= min_len},
                   key=lambda n: (-len(n), n))
    taken = Spans((f.start, f.end) for f in found)
    clauses = doc.clauses()
    starts = [c[0] for c in clauses]
    out: list[Found] = []
    for name in names:
        for s in occurrences(text, name):
            e = s + len(name)
            if taken.overlaps(s, e):
                continue
            k = bisect.bisect_right(starts, s) - 1
            lo, hi = clauses[k] if k >= 0 else (0, len(text))
            if word_check is not None and not word_check(lo, hi, s, e):
                continue
            taken.add(s, e)
            out.append(Found(s, e, type_, "report_bootstrap", cue_of(lo, hi, s, e)))
    return out


def dedupe(found: Iterable[Found]) -> list[Found]:
    """One candidate per (span, type): the first rule wins; sorted by position."""
    seen: dict[tuple[int, int, str], Found] = {}
    for f in found:
        key = (f.start, f.end, f.type)
        if key not in seen:
            seen[key] = f
    return sorted(seen.values(), key=lambda f: (f.start, f.end, f.type, f.rule))


def occurrences(text: str, term: str, limit: int = 10000) -> Iterator[int]:
    """Start offsets of ``term`` in ``text`` (str.find, linear), at most ``limit``."""
    i = text.find(term)
    k = 0
    while i >= 0 and k < limit:
        yield i
        k += 1
        i = text.find(term, i + len(term))


# ------------------------------------------------------------------------- lists

@dataclass(frozen=True)
class ListItem:
    """One item of an enumeration ``A、B等N个项目`` (offsets into report.text)."""

    start: int
    end: int
    kind: str  # "P" project list, "E" enterprise list, "I" initiative list
    cue: str | None
    list_start: int
    list_end: int  # end of the classifier phrase after 等
    index: int  # position in the list
    cls: str = ""  # the classifier phrase after 等 (项目, 8条道路, 家企业 …)


def list_kind(r: Rules, text: str, pos: int, hi: int) -> tuple[str | None, int]:
    """Which kind of list the words after 等 (at ``pos``) announce, and where they end."""
    if r.non_name_class_re.match(text, pos, hi) and not r.project_class_re.match(text, pos, hi):
        m = r.non_name_class_re.match(text, pos, hi)
        # "等5个重点文旅项目" is a project list even though 文旅 looks like a field
        return None, m.end()
    m = r.project_class_re.match(text, pos, hi)
    if m:
        return "P", m.end()
    m = r.enterprise_class_re.match(text, pos, hi)
    if m:
        return "E", m.end()
    m = r.initiative_class_re.match(text, pos, hi)
    if m:
        return "I", m.end()
    return None, pos


def split_items(r: Rules, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Split text[lo:hi] at 、 (and 和/及/与 between items), outside quotes."""
    parts: list[tuple[int, int]] = []
    depth = 0
    s = lo
    i = lo
    while i < hi:
        ch = text[i]
        if ch in "“「『":
            depth += 1
        elif ch in "”」』":
            depth = max(0, depth - 1)
        elif depth == 0 and ch == "、":
            parts.append((s, i))
            s = i + 1
        elif depth == 0 and ch in r.conjunctions and parts and i > s + 1:
            # only between two items already separated by 、 (A、B和C等)
            parts.append((s, i))
            s = i + 1
        i += 1
    parts.append((s, hi))
    return parts


def first_item_start(doc: Doc, start: int, end: int) -> int:
    """Where the first list item begins: after the last governing verb or function word
    in text[start:end] (云岭光伏产业园实现|泰和机电, 新开工|锂电材料…)."""
    r = doc.rules
    toks = doc.tokens(start, end)
    cut = start
    depth = 0
    for s, e in toks[:-1]:
        w = doc.text[s:e]
        depth += sum(w.count(q) for q in "“「『") - sum(w.count(q) for q in "”」』")
        if depth > 0 or any(q in w for q in r.quotes):
            continue  # never cut inside quotes (“幸福青溪”“自在青溪”)
        if (w in r.lead_words and len(w) >= 2) or w in r.boundary_tokens or r.status_cue_re.fullmatch(w):
            cut = e
    # the last token may be glued to a verb (引进三 | 峰科技): try known lead prefixes
    cut = strip_lead(doc, cut, end)
    return cut


def iter_lists(doc: Doc) -> Iterator[ListItem]:
    """Every item of every ``A、B等…`` enumeration whose classifier names projects,
    enterprises or initiatives, and of ``A、B、C3个先导性项目`` (a count instead of 等).
    Bounded: each list looks at most MAX_LIST_SPAN left."""
    text, r = doc.text, doc.rules
    deng = r.list_end
    for lo, hi in doc.clauses():
        pos = text.find(deng, lo, hi)
        while pos >= 0:
            ok = (pos + 1 < hi and text[pos + 1] not in r.deng_after_bad
                  and pos > lo and (text[pos - 1] not in r.deng_before_bad
                                    # 平高等企业: after a list of names 等 closes it, whatever comes before
                                    or "、" in text[max(lo, pos - MAX_LIST_SPAN):pos]))
            if ok:
                kind, class_end = list_kind(r, text, pos + 1, hi)
                if kind:
                    yield from _list_items(doc, lo, hi, pos, kind, class_end)
            pos = text.find(deng, pos + 1, hi)
        if "、" not in text[lo:hi]:
            continue
        for m in r.bare_count_re.finditer(text, lo, hi):
            q = m.start()
            if q <= lo or not _CJK_RE.match(text[q - 1]) or text[q - 1] in r.not_before_bare_count \
                    or "、" not in text[max(lo, q - 60):q]:
                continue
            kind, class_end = list_kind(r, text, q, hi)
            if kind in ("P", "E"):
                # the count plays the part of 等: items end right before it
                yield from _list_items(doc, lo, hi, q - 1, kind, class_end, deng=False)


def _list_items(doc: Doc, lo: int, hi: int, pos: int, kind: str, class_end: int,
                deng: bool = True) -> Iterator[ListItem]:
    """Items of the list whose 等 is at ``pos`` (or, with ``deng=False``, whose last
    item ends at ``pos`` inclusive, right before a count)."""
    text, r = doc.text, doc.rules
    end = pos if deng else pos + 1
    start = max(lo, pos - MAX_LIST_SPAN)
    # a list does not run over an earlier 等-list in the same clause
    prev = text.rfind(r.list_end, start, pos)
    if prev >= 0 and prev + 1 < pos:
        start = prev + 1
    parts = split_items(r, text, start, end)
    first_s, first_e = parts[0]
    first_e = strip_trail(doc, first_s, first_e) if kind != "I" else first_e
    parts[0] = (first_item_start(doc, first_s, first_e), first_e)
    if kind == "E":
        # 715片区华轨铁路: an area before the first company name is not part of it
        m = r.area_prefix_re.match(text, parts[0][0], first_e)
        if m and first_e - m.end() >= 2:
            parts[0] = (m.end(), first_e)
    # the status verb after the list governs it (…等N个项目开工); else the verb that
    # opened it (新竣工A、B等项目25个)
    cue = find_cue(r, text, lo, hi, parts[0][0], class_end)
    for idx, (s, e) in enumerate(parts):
        s, e = trim_space(text, s, e)
        if kind != "I":
            e = strip_trail(doc, s, e)
        if e - s < 2 or e - s > MAX_NAME:
            continue
        yield ListItem(s, e, kind, cue, parts[0][0], class_end, idx, text[end + (1 if deng else 0):class_end])


T = TypeVar("T")


def names_before(text: str, start: int, end: int, known: Mapping[tuple[int, int], T],
                 separators: tuple[str, ...]) -> list[T]:
    """The names another extractor found (``known``, by span) written right before ``end``
    and joined by ``separators`` (甲乙、丙丁和戊己), first to last; the first thing that is
    not one ends the list. Honours and settlements read their holders so."""
    found: list[T] = []
    stop = end
    while stop > start:
        s = next((s for s in range(start, stop) if (s, stop) in known), None)
        if s is None:
            break
        found.append(known[(s, stop)])
        sep = next((w for w in separators if text.startswith(w, s - len(w))), None)
        if sep is None or s - len(sep) < start:
            break
        stop = s - len(sep)
    return found[::-1]
