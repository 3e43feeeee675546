"""Numeric abbreviations (数字缩略语): their definitions (senses) and their mentions.

Three sources of meaning, each a :class:`~kg.model.Sense` with evidence:

* **glossary** — the report's 名词解释 entries (:mod:`kg.extract.glossary`), including
  terms an entry defines on the way (``两高，即…`` inside the entry of 两高一剩);
* **inline** — definitions in the body, read only where the genre makes them
  unambiguous and the count of items equals what the numerals promise
  (Schwartz & Hearst's idea of a short form next to its long form, with numerals in
  place of initial letters): an enumeration right before the term
  (``新型工业化、信息化、城镇化、农业现代化“四化同步”``), a quoted enumeration right
  before an unquoted term (``“蓝天、碧水、净土”三大保卫战``), a colon, 即 / 是指 / 包括 or a
  bracket after the term, and sub-terms in the same sentence that match the term's
  numerals (``…“两廊”…“三带”`` for 两廊三带).

Mentions are uses of a term in the body (never in the glossary, which defines rather
than uses): every known term (the build's lexicon of corpus-defined terms plus this
report's own definitions), quoted or not, quotes inside allowed (“天网”工程); every
quoted segment shaped like a numeric abbreviation (:func:`is_abbreviation`); digit
forms (1+3, 3+2+N, OCR l+N). A mention spans the term only: in ``“五水共治”行动``
the Abbreviation is 五水共治; the initiative extractor owns the whole phrase.

The rules are patterns of the genre; no report's term is named in this package. Their
words (defining words, generic heads, numerals and classifiers …) are the vocabulary's
``abbreviations.*`` tables: the extractor reads them from its context, the other
functions take an optional ``vocab`` (``None``: the package vocabulary).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.extract.context import ExtractContext, LexiconEntry, first_char_re
from kg.extract.glossary import GlossaryEntry, glossary_span, parse_glossary
from kg.extract.numerals import (
    Item,
    Numerals,
    Segmenter,
    Structure,
    canonical_term,
    finish,
    parse_cn_number,
    shape,
    split_items,
    strip_framing,
    structure,
    tidy,
)
from kg.extract.numerals import rules as numeral_rules
from kg.extract.patterns import CJK
from kg.genre import Vocabulary, alternation
from kg.genre import default as default_vocabulary
from kg.model import Evidence, Extraction, GlossaryReading, Mention, Report, Sense
from kg.segment import base_pos_tokenizer, base_tokenizer

TYPE = "Abbreviation"
MAX_TERM = 12
MAX_PREFIX = 2  # 党建五化, 城乡三无: at most two characters before the first numeral
MAX_KEY_CLASSIFIED = 4  # 四个不摘, 两个坚持不懈
MAX_KEY_BARE = 3  # 五水共治, 三区三线 (each block), 四化同步
MAX_ITEM = 24  # an enumerated item of an inline definition
LONG_SENTENCE = 400  # a "sentence" longer than this is the splitter's fallback; cut locally
_CLAUSE_PUNCT = "，,。；;！!？?：:\n"
_SENTENCE_END = "。！!？?\n"
_SENTENCE_END_RE = re.compile("[。！!？?\n]")
_CLAUSE_END_RE = re.compile("[。\n]")


@dataclass(frozen=True, eq=False)
class _Rules:
    """The vocabulary this module reads, compiled once per vocabulary (:func:`_rules`).
    Hashed by identity: it keys the memoised :func:`is_abbreviation`."""

    num: Numerals
    defining_after: re.Pattern[str]  # an inline definition after a term (X，即…)
    plus_re: re.Pattern[str]  # digit forms outside quotes (1+3工作体系), not sums of amounts
    unquoted_after_enum: re.Pattern[str]  # an unquoted term after a quoted enumeration
    defining_lead: re.Pattern[str]  # a defining word opening a glossary definition
    sub_re: re.Pattern[str]  # a sentence of a glossary entry defining another term
    quoted_sub_re: re.Pattern[str]  # a quoted term defined inside a sentence (…的“X”，即…)
    term_defining: str  # alternation of the words opening a term's definition in an entry
    share_defining: str  # the same, and the words defining one part (指): a term's share of an entry
    not_term_starts: tuple[str, ...]
    generic_heads: tuple[str, ...]
    unquoted_not_keys: frozenset[str]
    unquoted_not_first: str
    enumerated_classifiers: str
    phrase_end: str  # what may follow an unquoted counted term that ends its phrase
    counted_generic_keys: tuple[str, ...]
    attached_head_re: re.Pattern[str]  # a head noun right after a term: part of what the report names
    open_list_endings: tuple[str, ...]
    attributive: str
    line_breakers: str  # what a kept line break may stand before (（, —, 1, 一 …)
    prefix_bad_re: re.Pattern[str]  # what a term's prefix never holds (letters, digits, 第)
    zero_or_ordinal_re: re.Pattern[str]  # 零, 第: the numeral does not count
    noncount_keys: tuple[str, ...]


def _build(v: Vocabulary) -> _Rules:
    t = "abbreviations."
    num = numeral_rules(v)
    term_defining = v.alt(t + "term_defining_words")
    ordinal = v.char_class(t + "ordinal_marks")
    attributive = v.char_class(t + "attributive")
    # an unquoted term after a quoted enumeration: numeral, classifier, a short key, then a
    # break (“蓝天、碧水、净土”三大保卫战，)
    enum_numerals = v.char_class(t + "enumeration_numerals")
    enum_classifiers = v.char_class(t + "enumeration_classifiers")
    breaks = v.char_class(t + "term_break_chars")
    return _Rules(
        num=num,
        defining_after=re.compile(
            rf"^(?:{v.alt(t + 'heads_before_definition')})?[，,]?(?:{v.alt(t + 'inline_defining_words')})"),
        plus_re=re.compile(r"(?<![0-9A-Za-z+.])[0-9lI]+(?:\+(?:[0-9]+|[NXnx](?![A-Za-z])))+"
                           rf"(?![0-9+.{v.char_class(t + 'plus_amount_units')}])"),
        unquoted_after_enum=re.compile(rf"([{enum_numerals}]+[{enum_classifiers}]?"
                                       rf"[^\W\d_，,。；;、“”（）(){breaks}]{{1,3}}?)(?=[，,。；;、{attributive}])"),
        defining_lead=re.compile(rf"^(?:{v.alt(t + 'defining_words')})[：:，,]?"),
        sub_re=re.compile(rf"^(“)?([^“”，,。；;：:]{{2,12}}?)(”)?([，,])?(?:{term_defining})(.+)$"),
        quoted_sub_re=re.compile(rf"“([^“”，,。；;：:]{{2,12}})”[，,]?(?:{term_defining})(.+)$"),
        term_defining=term_defining,
        share_defining=alternation(set(v.words(t + "term_defining_words")) | set(v.words(t + "part_defining_words")),
                                   longest_first=True),
        not_term_starts=v.words(t + "not_term_starts"),
        generic_heads=v.words(t + "generic_heads"),
        unquoted_not_keys=frozenset(v.chars(t + "unquoted_not_keys")),
        unquoted_not_first=v.chars(t + "unquoted_not_first"),
        enumerated_classifiers=v.chars(t + "enumerated_classifiers"),
        phrase_end=v.chars(t + "phrase_end"),
        counted_generic_keys=v.words(t + "counted_generic_keys"),
        attached_head_re=re.compile(
            f"(?:{v.alt(t + 'attached_heads', longest_first=True)}){{1,2}}(?![\u4e00-\u9fff]{{0,1}}(?:建设|工作|化))"),
        open_list_endings=v.words(t + "open_list_endings"),
        attributive=v.chars(t + "attributive"),
        line_breakers="（(—0123456789" + v.chars(t + "line_start_numerals"),
        prefix_bad_re=re.compile(f"[A-Za-z0-9{ordinal}]"),
        zero_or_ordinal_re=re.compile(f"[{''.join(map(re.escape, num.zeros))}{ordinal}]"),
        noncount_keys=v.words(t + "noncount_keys"),
    )


def _rules(vocab: Vocabulary | None) -> _Rules:
    return (vocab if vocab is not None else default_vocabulary()).compiled("extract.abbreviations", _build)


# --- what counts as an abbreviation -------------------------------------------------

def is_abbreviation(text: str, vocab: Vocabulary | None = None) -> bool:
    """Whether a quoted segment is shaped like a numeric abbreviation.

    Accepted: plus forms (1+3, 5+2, 2+N); numeral strings that are not one number
    (a plan: 十三五, 九五); numeral blocks with short keys (三无, 四个全面, 三大保卫战,
    两廊三带, 一老一小, 五个200, 多图合一). Rejected, because the numeral does not
    count condensed parts: ordinals (第一), zero (零投诉), streaks (五连增), document
    article counts (20条), ranks and amounts (100佳, 百日冲刺, 全年300天), a single
    一 (一窗受理, 一站式), long prefixes or keys (a name that merely contains a numeral)."""
    return _is_abbreviation(text, _rules(vocab))


@lru_cache(maxsize=1 << 14)
def _is_abbreviation(text: str, A: _Rules) -> bool:
    """:func:`is_abbreviation`, memoised per text and rules."""
    raw = text.strip()
    if re.search(r"[、，,。；;：:！!？?\s]", raw):
        return False
    c = canonical_term(raw)
    if not 2 <= len(c) <= MAX_TERM:
        return False
    sh = shape(c, A.num)
    if sh.kind == "plus":
        return True
    if sh.kind == "numerals":
        return parse_cn_number(c, A.num) is None
    if sh.kind != "blocks" or "+" in c:
        return False
    if len(sh.prefix) > MAX_PREFIX or A.prefix_bad_re.search(sh.prefix):
        return False
    if A.zero_or_ordinal_re.search(c) or re.search(r"[A-Za-z]", c.replace("N", "").replace("X", "")):
        return False
    if any(b.key.startswith(A.noncount_keys) for b in sh.blocks):
        return False
    counting = sh.counting
    if not counting:
        return False
    if len(counting) == 1:
        b = counting[0]
        if b.value == 1 or (b.value is None and len(sh.blocks) < 2):
            return False
        if not b.key and len(sh.blocks) < 2:
            return False
        limit = MAX_KEY_CLASSIFIED if b.classifier else MAX_KEY_BARE
        return len(b.key) <= limit
    return all(len(b.key) <= MAX_KEY_CLASSIFIED for b in counting) and len(c) <= 10


# --- the text as the rules read it --------------------------------------------------

@dataclass(frozen=True)
class View:
    """The body text without PDF spaces and broken lines, straight quotes made curly,
    each character mapped back to its offset in ``report.text`` (works the same on raw
    and on normalised text)."""

    text: str
    pos: tuple[int, ...]

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.pos[i], self.pos[j - 1] + 1


_VIEW_SPECIAL = " \t\u3000\u00a0\n\""
_VIEW_RUN_RE = re.compile('[^ \t\u3000\u00a0\n"]+')


def make_view(text: str, skip: tuple[int, int] | None = None, vocab: Vocabulary | None = None) -> View:
    """The :class:`View` of ``text``, leaving out ``skip`` (the glossary). Runs of
    ordinary characters are copied whole; only spaces, line breaks and straight quotes
    are looked at one by one (a report is mostly runs, so this is fast)."""
    chars: list[str] = []
    pos: list[int] = []
    state = [True, ""]  # opening quote expected; last character of the view so far
    lo, hi = (max(skip[0], 0), min(skip[1], len(text))) if skip else (0, 0)
    breakers = _rules(vocab).line_breakers
    if lo < hi:
        _view_part(text, 0, lo, chars, pos, state, breakers)
        if state[1] and state[1] != "\n":
            chars.append("\n")
            pos.append(lo)
            state[1] = "\n"
        _view_part(text, hi, len(text), chars, pos, state, breakers)
    else:
        _view_part(text, 0, len(text), chars, pos, state, breakers)
    return View("".join(chars), tuple(pos))


def _view_part(text: str, lo: int, hi: int, chars: list[str], pos: list[int], state: list,
               breakers: str) -> None:
    """Append the view of ``text[lo:hi]`` (see :func:`make_view`); a line break is kept
    after final punctuation or before one of ``breakers`` (a numbered line)."""
    opening, last = state
    n = len(text)
    i = lo
    run = _VIEW_RUN_RE
    while i < hi:
        ch = text[i]
        if ch not in _VIEW_SPECIAL:
            m = run.match(text, i, hi)
            j = m.end()
            chars.append(text[i:j])
            pos.extend(range(i, j))
            last = text[j - 1]
            i = j
            continue
        if ch == "\n":
            prev = last or "\n"
            j = i + 1
            while j < n and text[j] in " \t\u3000\n":
                j += 1
            nxt = text[j] if j < n else ""
            if prev in "。！!？?；;：:”\n" or not nxt or nxt in breakers or prev.isascii():
                if prev != "\n":
                    chars.append("\n")
                    pos.append(i)
                    last = "\n"
                    opening = True
        elif ch == '"':
            last = "“" if opening else "”"
            opening = not opening
            chars.append(last)
            pos.append(i)
        else:  # a space: kept only between two ASCII letters or digits
            nxt = text[i + 1] if i + 1 < n else ""
            if last.isascii() and last.isalnum() and nxt.isascii() and nxt.isalnum():
                chars.append(" ")
                pos.append(i)
                last = " "
        i += 1
    state[0], state[1] = opening, last


# --- glossary senses ----------------------------------------------------------------

def glossary_senses(report: Report, tokenizer=None,
                    vocab: Vocabulary | None = None) -> tuple[list[Sense], list[str], dict[str, set[str]]]:
    """One sense per term an entry defines, plus senses for sub-terms it defines; and
    the words each heading adds to its term (农村“三无” -> 三无: {农村})."""
    vocab = vocab if vocab is not None else default_vocabulary()
    entries, warnings = parse_glossary(report, vocab)
    senses: list[Sense] = []
    heads: dict[str, set[str]] = {}
    for entry in entries:
        senses.extend(_entry_senses(report, entry, tokenizer, vocab))
        for term in entry.terms:
            heads.setdefault(term, set()).update(h for h in entry.head.split() if h)
    return senses, warnings, heads


def _entry_senses(report: Report, entry: GlossaryEntry, tokenizer, vocab: Vocabulary) -> list[Sense]:
    A = _rules(vocab)
    evidence = Evidence(report.id, entry.start, entry.end, entry.text, "glossary")
    echoes = [h for h in entry.head.split() if h]
    out: list[Sense] = []
    for term, text in _per_term(entry, A):
        text = A.defining_lead.sub("", text)
        main, subs = _sub_definitions(term, text, entry.terms, entry.head, vocab)
        st = structure(term, main, echoes, tokenizer, vocab=vocab)
        out.append(_sense(term, report.id, "glossary", text, st, evidence))
        sub_ev = Evidence(report.id, entry.start, entry.end, entry.text, "glossary-nested")
        for sub_term, sub_text in subs:
            out.append(_sense(sub_term, report.id, "glossary", sub_text,
                              structure(sub_term, sub_text, (), tokenizer, vocab=vocab), sub_ev))
        defined = {t for t, _ in subs} | set(entry.terms)
        for name, parts in st.named:  # “2”指A和B“两大核心产业” / 三个坚持：A，B，C — a nested term and its parts
            if name not in defined:
                defined.add(name)
                named = Structure(list(parts), [list(parts)], len(parts), "ok")
                out.append(_sense(name, report.id, "glossary", "、".join(parts), named, sub_ev))
    return out


def _sense(term: str, report_id: str, source: str, definition: str, st: Structure,
           evidence: Evidence) -> Sense:
    return Sense(term=term, report=report_id, source=source, definition=definition,  # type: ignore[arg-type]
                 components=list(st.components), groups=[list(g) for g in st.groups],
                 expected_parts=st.expected, check=st.check, evidence=evidence)  # type: ignore[arg-type]


def _term_pattern(term: str) -> str:
    return r"[“]?" + r"\s*".join(re.escape(ch) for ch in term) + r"[”]?"


def _per_term(entry: GlossaryEntry, A: _Rules) -> list[tuple[str, str]]:
    """The definition of each term of a multi-term entry (``三基是指…。“五化”是指…``)."""
    d = entry.definition
    if len(entry.terms) == 1:
        return [(entry.terms[0], d)]
    starts: list[tuple[int, int, str]] = []
    for term in entry.terms:
        m = re.search(r"(?:^|(?<=[。；;，,]))\s*" + _term_pattern(term) + rf"\s*[，,]?\s*(?:{A.share_defining}|：|:)", d)
        if m:
            starts.append((m.start(), m.end(), term))
    if len(starts) < len(entry.terms):
        return [(t, d) for t in entry.terms]
    starts.sort()
    out = []
    for i, (s, e, term) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(d)
        out.append((term, d[e:end].strip()))
    return out


def _sub_definitions(term: str, text: str, terms: tuple[str, ...], head: str = "",
                     vocab: Vocabulary | None = None) -> tuple[str, list[tuple[str, str]]]:
    """Split off sentences that define another term (``两高，即…``, ``“X”是指…``,
    ``党建即…`` where 党建 is in the heading); the rest is the term's own
    definition. An unquoted name straight before 即 must be in the heading or followed
    by a comma, so that 受理即办理、办理即反馈… stays a list."""
    A = _rules(vocab)
    sh = shape(term, A.num)
    labels = {b.label for b in sh.blocks} | {b.numeral for b in sh.blocks}
    own: list[str] = []
    subs: list[tuple[str, str]] = []

    def starts_sub(piece: str) -> tuple[str, str, str] | None:
        """(term, its definition, what stays the outer term's) when ``piece`` defines a term."""
        m = A.sub_re.match(piece)
        name = canonical_term(m.group(2)) if m else ""
        marked = bool(m) and (bool(m.group(1) and m.group(3)) or bool(m.group(4)) or (name and name in head))
        if m and marked and name not in terms and name not in labels and name not in term \
                and not name.startswith(A.not_term_starts):
            return name, m.group(5).strip(), ""
        inner = A.quoted_sub_re.search(piece)  # …中的“雁阵效应”，即…; 其中，“专精特新”是指…
        name = canonical_term(inner.group(1)) if inner else ""
        if inner and inner.start() > 0 and name not in terms and name not in labels and name not in term:
            before = piece[: inner.start()]
            connective = len(re.sub(r"[，,\s]", "", before)) <= 2  # 其中，“X”是指…: nothing of the outer term's
            return name, inner.group(2).strip(), "" if connective else piece
        return None

    for sentence in _sentences(text):  # a term's own definition runs to the end of its sentence
        current: list | None = None
        for piece, mark in _clauses(sentence):
            found = starts_sub(piece)
            if found:
                name, body, stays = found
                current = [name, body]
                subs.append(current)  # type: ignore[arg-type]
                if stays:
                    own.append(stays + mark)
            elif current is not None:
                current[1] += "；" + piece
            else:
                own.append(piece + mark)
        if own and not own[-1].endswith("。"):
            own[-1] = own[-1].rstrip("；;") + "。"
    subs = [(n, b.rstrip("；;")) for n, b in subs]
    return "".join(own).rstrip("。"), subs


def _split_outside_quotes(text: str, marks: str) -> list[tuple[str, str]]:
    """``text`` cut at ``marks`` outside “quotes”: each non-blank piece with the mark
    that ends it ("" for the last)."""
    out, buf, quote = [], [], 0
    for ch in text:
        if ch == "“":
            quote += 1
        elif ch == "”":
            quote = max(quote - 1, 0)
        if ch in marks and not quote:
            if "".join(buf).strip():
                out.append(("".join(buf).strip(), ch))
            buf = []
            continue
        buf.append(ch)
    if "".join(buf).strip():
        out.append(("".join(buf).strip(), ""))
    return out


def _clauses(sentence: str) -> list[tuple[str, str]]:
    """The ；-clauses of a sentence (outside quotes), each with its mark."""
    return _split_outside_quotes(sentence, "；;")


def _sentences(text: str) -> list[str]:
    return [piece for piece, _mark in _split_outside_quotes(text, "。")]


# --- mentions -----------------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    """A mention in view coordinates, before it becomes a :class:`Mention`."""

    i: int  # view offsets of the term itself (quotes excluded)
    j: int
    term: str  # canonical
    rule: str
    quoted: bool


def quoted_segments(view: View) -> list[tuple[int, int]]:
    """View spans of the contents of “…” pairs (no line breaks, at most 30 characters)."""
    return [(m.start(1), m.end(1)) for m in re.finditer(r"“([^“”\n]{1,30})”", view.text)]


def find_mentions(view: View, known: set[str], tokenizer=None, vocab: Vocabulary | None = None) -> list[Found]:
    """Mentions in a view: quoted patterns, digit forms and known terms (longest first,
    never overlapping)."""
    A = _rules(vocab)
    found: list[Found] = []
    local: set[str] = set()
    for i, j in quoted_segments(view):
        raw = view.text[i:j]
        term = canonical_term(raw)
        if term in known:
            found.append(Found(i, j, term, "known", True))
            continue
        head_cut = _known_head(term, known, A.generic_heads)
        if head_cut:
            found.append(Found(i, i + _raw_len(raw, head_cut), head_cut, "known", True))
            continue
        if _is_abbreviation(raw, A) or _digit_code(view.text, raw, j, A):
            found.append(Found(i, j, term, "pattern", True))
            local.add(term)
    # A quoted pattern term ending in a generic head names a shorter term seen elsewhere
    # in the report (“三改一拆行动” after “三改一拆”): keep the shorter one.
    found = [_shorten(f, local, view, A.generic_heads) for f in found]
    local = {f.term for f in found if f.rule == "pattern"}
    for m in A.plus_re.finditer(view.text):
        found.append(Found(m.start(), m.end(), canonical_term(m.group(0)), "digits", False))
    taken = _taken(found)
    found.extend(_scan_terms(view, known | local, taken, tokenizer))
    found.extend(_unquoted_codes(view, _taken(found), tokenizer, A))
    return _non_overlapping(found)


_CJK_CHAR_RE = re.compile(f"[{CJK}]")
ENUMERATION_MARK = "\u3001"  # the enumeration comma between the parts of a list
_DIGIT_CODE_RE = re.compile(f"[1-9]{{3,5}}|[1-9]{{2,4}}[{CJK}]{{2,4}}")


def _digit_code(text: str, raw: str, j: int, A: _Rules) -> bool:
    """A quoted code of digits that count groups (“1336”发展战略, “2212”审批改革, “113攻坚战”):
    three to five non-zero digits (a year or a round amount has a zero: “2035”, “100”), alone
    before a word that is no measure, or before a head inside the quotes."""
    flat = raw.strip()
    if not _DIGIT_CODE_RE.fullmatch(flat):
        return False
    if not flat.isdigit():
        return not flat.lstrip("0123456789").startswith(A.num.measures)
    after = text[j + 1:j + 3] if j < len(text) and text[j] in "”\"" else ""
    return bool(after) and _CJK_CHAR_RE.match(after) is not None and not after.startswith(A.num.measures) \
        and after[0] not in A.num.classifiers


def _unquoted_codes(view: View, taken: bytearray, tokenizer, A: _Rules) -> list[Found]:
    """Unquoted terms of two or more blocks of a numeral and one character (一主两翼, 一城两区三带):
    the shape is the genre's own, so no quotes are needed. Not an idiom (千方百计: a word of
    the dictionary, or holding one), a count (一项成一项, 二级和三级: a classifier or measure
    after a numeral), a repetition (一家一家, 两难多难: one key twice), nor cut out of words."""
    if tokenizer is None:
        return []
    out: list[Found] = []
    not_keys = set(A.num.classifiers) | {w for w in A.num.measures if len(w) == 1} | A.unquoted_not_keys
    for m in _code_re(A).finditer(view.text):
        i, j = m.start(), m.end()
        raw = m.group(0)
        keys = raw[1::2]
        if any(taken[i:min(j, len(taken))]) or (i and view.text[i - 1] in "“\"") \
                or len(set(keys)) < len(keys) or set(keys) & not_keys or raw[0] in A.unquoted_not_first:
            continue
        term = canonical_term(raw)
        if (tokenizer.base is not None and term in tokenizer.base.FREQ) or any(
                len(w) >= 3 for w in tokenizer.base_cut(raw)) or not _word_edges(view.text, i, j, tokenizer):
            continue
        if _is_abbreviation(term, A) and len(shape(term, A.num).counting) >= 2:
            out.append(Found(i, j, term, "pattern-unquoted", False))
    return out


@lru_cache(maxsize=8)
def _code_re(A: _Rules) -> re.Pattern[str]:
    """Two to four blocks of a numeral and one other character."""
    n = re.escape(A.num.numerals + A.num.open)
    block = f"[{n}][^{n}\\W\\d]"
    return re.compile(f"(?:{block}){{2,4}}")


def _word_edges(text: str, i: int, j: int, tokenizer) -> bool:
    """The span starts and ends on word boundaries of the base dictionary."""
    lo, hi = max(0, i - 12), min(len(text), j + 12)
    cuts, pos = {0}, 0
    for word in tokenizer.base_cut(text[lo:hi]):
        pos += len(word)
        cuts.add(pos)
    return (i - lo) in cuts and (j - lo) in cuts


def _raw_len(raw: str, term: str) -> int:
    """Length in ``raw`` of its prefix that spells ``term`` (spaces/quotes skipped)."""
    n = 0
    for k, ch in enumerate(raw):
        if ch not in " “”\"":
            n += 1
        if n == len(term):
            return k + 1
    return len(raw)


def _known_head(term: str, known: set[str], generic_heads: tuple[str, ...]) -> str | None:
    """``三改一拆行动`` -> ``三改一拆`` when the shorter is known and the rest a generic head
    (generic head nouns of programme names: “X行动” names the programme of the term X)."""
    for head in generic_heads:
        if term.endswith(head) and term[: -len(head)] in known:
            return term[: -len(head)]
    return None


def _shorten(f: Found, local: set[str], view: View, generic_heads: tuple[str, ...]) -> Found:
    if f.rule != "pattern":
        return f
    cut = _known_head(f.term, local - {f.term}, generic_heads)
    if not cut:
        return f
    return Found(f.i, f.i + _raw_len(view.text[f.i:f.j], cut), cut, f.rule, True)


def _taken(found: list[Found]) -> bytearray:
    size = max((f.j for f in found), default=0) + 1
    taken = bytearray(size)
    for f in found:
        taken[f.i:f.j] = b"\x01" * (f.j - f.i)
    return taken


def _scan_terms(view: View, terms: set[str], taken: bytearray, tokenizer) -> list[Found]:
    """Known terms anywhere in the body; quotes inside a term are allowed (“天网”工程)."""
    if not terms:
        return []
    trie: dict = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node["\0"] = term
    text = view.text
    out: list[Found] = []
    # a match starts with a term's first character: jump from one such character to the next
    first = first_char_re("".join(sorted(trie)))
    i = 0
    while i < len(text):
        m = first.search(text, i)
        if m is None:
            break
        i = m.start()
        hit = _longest(trie, text, i)
        if hit is None:
            i += 1
            continue
        j, term = hit
        if any(taken[i:min(j, len(taken))]) or not _boundaries_ok(text, i, j, term, tokenizer):
            i += 1
            continue
        quoted = i > 0 and text[i - 1] == "“" and j < len(text) and text[j] == "”"
        out.append(Found(i, j, term, "known", quoted))
        i = j
    return out


def _longest(trie: dict, text: str, start: int) -> tuple[int, str] | None:
    node, best, j, skipped = trie, None, start, 0
    while j < len(text):
        ch = text[j]
        if ch in "“”" and j > start and ch not in node:
            skipped += 1
            if skipped > 2:
                break
            j += 1
            continue
        if ch not in node:
            break
        node = node[ch]
        j += 1
        if "\0" in node:
            best = (j, node["\0"])
    return best


def _boundaries_ok(text: str, i: int, j: int, term: str, tokenizer) -> bool:
    """A term must not be cut out of a longer number or word: digit terms need non-digit
    neighbours; short terms outside quotes must start and end on word boundaries of
    jieba's base dictionary (the build's tokenizer knows the term and would always cut
    it out of a longer word of the base dictionary)."""
    before = text[i - 1] if i else ""
    after = text[j] if j < len(text) else ""
    if term[:1].isdigit() and (before.isalnum() and before.isascii() or before == "+"):
        return False
    if term[-1:].isascii() and term[-1:].isalnum() and (after.isascii() and after.isalnum() or after == "+"):
        return False
    if before == "“" and after == "”":
        return True
    if len(term) > 3 or tokenizer is None:
        return True
    return _word_edges(text, i, j, tokenizer)


def _non_overlapping(found: list[Found]) -> list[Found]:
    """Longest first, then earliest; the survivors in text order."""
    rank = {"pattern": 0, "known": 0, "digits": 1}
    chosen: list[Found] = []
    occupied = bytearray(max((f.j for f in found), default=0) + 1)
    for f in sorted(found, key=lambda f: (-(f.j - f.i), rank.get(f.rule, 2), f.i, f.term)):
        if any(occupied[f.i:f.j]):
            continue
        chosen.append(f)
        occupied[f.i:f.j] = b"\x01" * (f.j - f.i)
    return sorted(chosen, key=lambda f: (f.i, f.j))


# --- inline definitions ---------------------------------------------------------------

@dataclass(frozen=True)
class Inline:
    term: str
    i: int  # view span of the whole definition (enumeration + term)
    j: int
    definition: str
    structure: Structure
    rule: str


def find_inline(view: View, mentions: list[Found], known: set[str], tokenizer,
                heads: dict[str, set[str]] | None = None,
                vocab: Vocabulary | None = None) -> tuple[list[Inline], list[Found]]:
    """Inline definitions next to mentions, and mentions of unquoted terms that a quoted
    enumeration defines (“蓝天、碧水、净土”三大保卫战). ``heads`` are the words a glossary
    heading puts around a term (农村“三无”), which are not items of an enumeration."""
    vocab = vocab if vocab is not None else default_vocabulary()
    out: list[Inline] = []
    heads = heads or {}
    for f in mentions:
        if not (f.quoted or f.term in known or f.rule == "digits"):
            continue
        for reader in (_before, _after_colon, _after_defining, _after_bracket, _split_sentence):
            hit = reader(view, f, tokenizer, vocab, heads.get(f.term, set())) if reader is _before \
                else reader(view, f, tokenizer, vocab)
            if hit is not None:
                out.append(hit)
                break
    extra: list[Found] = []
    covered = _taken(mentions)
    for hit, found in _quoted_enumeration_terms(view, tokenizer, vocab) + _enumerated_unquoted(view, tokenizer, vocab):
        if any(covered[found.i:found.j]):
            continue
        out.append(hit)
        extra.append(found)
        covered[found.i:found.j] = b"\x01" * (found.j - found.i)
    return out, extra


def _enumerated_unquoted(view: View, tokenizer, vocab: Vocabulary) -> list[tuple[Inline, Found]]:
    """Unquoted counted terms right after the enumeration of their parts (工业强市、生态立市、
    城乡统筹、项目带动四大战略): kept only when the items counted match the numeral."""
    if tokenizer is None:
        return []
    A = _rules(vocab)
    out = []
    for m in _counted_re(A).finditer(view.text):
        i = m.start()
        if not i or not _CJK_CHAR_RE.match(view.text, i - 1) or ENUMERATION_MARK not in view.text[max(0, i - MAX_CLAUSE):i]:
            continue
        for j in range(m.end(), i + 3, -1):  # the longest term that ends its phrase
            term = canonical_term(view.text[i:j])
            if j < len(view.text) and view.text[j] in A.phrase_end and _is_abbreviation(term, A) \
                    and not term.endswith(A.counted_generic_keys):
                f = Found(i, j, term, "inline", False)
                hit = _before(view, f, tokenizer, vocab)
                if hit is not None:
                    out.append((hit, f))
                break
    return out


@lru_cache(maxsize=8)
def _counted_re(A: _Rules) -> re.Pattern[str]:
    """A numeral, a classifier of named groups (abbreviations.enumerated_classifiers) and a key
    of two or three characters (四大战略, 两条底线)."""
    n = re.escape(A.num.numerals)
    return re.compile(f"[{n}][{re.escape(A.enumerated_classifiers)}][^{n}\\W\\d]{{2,3}}")



MAX_CLAUSE = 240  # an enumeration before a term is never longer; bounds the work per mention


def _left_clause(view: View, end: int) -> int:
    """Start of the clause that ends at ``end`` (outside quotes and brackets), at most
    :data:`MAX_CLAUSE` characters back."""
    depth = 0
    k = end
    floor = max(0, end - MAX_CLAUSE)
    while k > floor:
        ch = view.text[k - 1]
        if ch in "”）)":
            depth += 1
        elif ch in "“（(":
            depth = max(depth - 1, 0)
        elif depth == 0 and ch in _CLAUSE_PUNCT:
            break
        k -= 1
    return k


def _enumeration(text: str, tokenizer, vocab: Vocabulary) -> list[Item] | None:
    """Items of the enumeration that ``text`` ends with: a run of quoted items, one
    quoted list, or a plain list cut at 、 and conjunctions."""
    run = re.search(r"(?:“[^“”]+”){2,}$", text)
    if run:
        items = [Item(q) for q in re.findall(r"“([^“”]+)”", run.group(0))]
        items[0].clause_start = True
        return items
    single = re.search(r"“([^“”]+)”$", text)
    if single and re.search("[、—]", single.group(1)):
        items = split_items(single.group(1), "、", False, tokenizer, dash=True, vocab=vocab)
        if items:
            items[0].clause_start = True
        return items
    items = split_items(text, "、", True, tokenizer, vocab=vocab)
    if items:
        items[0].clause_start = True
    return items


def _before(view: View, f: Found, tokenizer, vocab: Vocabulary, heads: set[str] = frozenset()) -> Inline | None:
    """``A、B、C“三X”``: an enumeration right before the term counts its parts; for a
    term of several numerals, one clause per numeral (``以A、B为主导，以C、D、E为特色的
    “2+3”``).

    Not when the list is of examples (…等“一老一小”), of verbs governing the term
    (巩固和提升“双循环”, 抓早、抓小、抓实“三抓”), of other abbreviations (推进
    “四个全面”、落实“两个坚持”), or ends with the term's own heading word
    (整治、农村“三无”)."""
    A = _rules(vocab)
    sh = shape(f.term, A.num)
    expected = sh.expected
    if not expected or expected < 2:
        return None
    end = f.i - 1 if f.quoted else f.i
    if end > 0 and view.text[end - 1] in A.attributive:
        end -= 1
    start = _left_clause(view, end)
    clause = view.text[start:end]
    if not clause or clause.endswith(A.open_list_endings):
        return None
    items = _enumeration(clause, tokenizer, vocab)
    if not items or len(items) < 2 or any(len(it.text) > MAX_ITEM or not it.text.strip("“”") for it in items):
        return None
    if len(items) != expected:
        multi = _clauses_per_numeral(view, sh, start, items, tokenizer, vocab)
        if multi is None:
            return None
        start, items = multi
    if not _parts_like(items, heads, tokenizer, vocab):
        return None
    st = _inline_structure(sh, items, f.term, tokenizer, vocab)
    j = f.j + (1 if f.quoted else 0)
    return Inline(f.term, start, j, view.text[start:j], st, "inline-enumeration")


def _clauses_per_numeral(view: View, sh, start: int, last_items: list[Item], tokenizer,
                         vocab: Vocabulary) -> tuple[int, list[Item]] | None:
    """Earlier clauses of the same sentence, one per numeral, each counting its numeral."""
    counting = sh.counting
    if len(counting) < 2 or any(b.value is None for b in counting) or len(last_items) != counting[-1].value:
        return None
    groups = [last_items]
    for block in reversed(counting[:-1]):
        if start == 0 or view.text[start - 1] not in "，,":
            return None
        prev = _left_clause(view, start - 1)
        items = _enumeration(view.text[prev:start - 1], tokenizer, vocab)
        if not items or len(items) != block.value or any(len(it.text) > MAX_ITEM for it in items):
            return None
        groups.insert(0, items)
        start = prev
    flat = [it for g in groups for it in g]
    return start, flat


_VERBAL = {"v", "d", "ad", "vd"}


def _verbal(text: str, tokenizer, vocab: Vocabulary) -> bool:
    """Whether an item is only verbs and adverbs (巩固, 坚决落实), after a governing word."""
    tags = tokenizer.tags(strip_framing(text.strip("“”"), "", tokenizer, vocab))
    return bool(tags) and all(flag in _VERBAL for _w, flag in tags)


def _parts_like(items: list[Item], heads: set[str], tokenizer, vocab: Vocabulary) -> bool:
    """Whether enumerated items read as parts rather than verbs, examples or terms."""
    texts = [it.text for it in items]
    if any(re.search(r"“([^“”]+)”", t) and is_abbreviation(re.search(r"“([^“”]+)”", t).group(1), vocab)
           for t in texts):
        return False
    if texts[-1] in heads:
        return False
    if tokenizer is not None:
        if all(_verbal(t, tokenizer, vocab) for t in (texts[0], texts[-1])):
            return False
        firsts = {t.strip("“”")[:1] for t in texts}
        if len(firsts) == 1 and all(len(t) <= 3 for t in texts):
            tags = tokenizer.tags(next(iter(firsts)))
            if tags and tags[0][1] == "v":
                return False
    return True


def _inline_structure(sh, items: list[Item], term: str, tokenizer, vocab: Vocabulary) -> Structure:
    return finish(sh, items, [term], tokenizer, vocab)


def _after_text(view: View, f: Found) -> tuple[int, str]:
    """The rest of the sentence after a term (at most :data:`MAX_CLAUSE` characters)."""
    k = f.j + (1 if f.quoted and f.j < len(view.text) and view.text[f.j] == "”" else 0)
    limit = min(len(view.text), k + MAX_CLAUSE)
    m = _CLAUSE_END_RE.search(view.text, k, limit)
    return k, view.text[k:m.start() if m else limit]


def _after_colon(view: View, f: Found, tokenizer, vocab: Vocabulary) -> Inline | None:
    """``“两突破一新增”：A，B；C。``"""
    k, rest = _after_text(view, f)
    if not rest[:1] in ("：", ":"):
        return None
    return _checked(view, f, k, rest[1:], tokenizer, "inline-colon", vocab)


def _after_defining(view: View, f: Found, tokenizer, vocab: Vocabulary) -> Inline | None:
    """``X，即A、B、C`` / ``X是指…`` / ``X包括…``"""
    k, rest = _after_text(view, f)
    m = _rules(vocab).defining_after.match(rest)
    if not m:
        return None
    body = re.split(r"[；;]", rest[m.end():])[0]
    return _checked(view, f, k, body, tokenizer, "inline-defining", vocab)


def _after_bracket(view: View, f: Found, tokenizer, vocab: Vocabulary) -> Inline | None:
    """``三无（A、B、C）``"""
    k, rest = _after_text(view, f)
    m = re.match(r"^[（(]([^（）()]{2,120})[）)]", rest)
    if not m:
        return None
    return _checked(view, f, k, m.group(1), tokenizer, "inline-bracket", vocab)


def _checked(view: View, f: Found, k: int, body: str, tokenizer, rule: str, vocab: Vocabulary) -> Inline | None:
    sh = shape(f.term, vocab)
    if not sh.expected or sh.expected < 2 or not body.strip():
        return None
    st = structure(f.term, body, (), tokenizer, vocab=vocab)
    if st.check != "ok":
        return None
    j = k + len(body) + (1 if rule != "inline-bracket" else 2)
    start = f.i - (1 if f.quoted else 0)
    return Inline(f.term, start, min(j, len(view.text)), view.text[start:min(j, len(view.text))], st, rule)


def _split_sentence(view: View, f: Found, tokenizer, vocab: Vocabulary) -> Inline | None:
    """A term of several numerals followed in its sentence by one quoted term per
    numeral, each counting what its numeral counts (“两廊三带” … “两廊”…“三带”)."""
    num = _rules(vocab).num
    sh = shape(f.term, num)
    counting = sh.counting
    if len(counting) < 2 or sh.kind != "blocks" or any(b.value is None for b in counting):
        return None
    k, rest = _after_text(view, f)
    subs = []
    for m in re.finditer(r"“([^“”]{2,12})”", rest):
        sub = canonical_term(m.group(1))
        ssh = shape(sub, num)
        if len(ssh.counting) == 1 and ssh.counting[0].value is not None:
            subs.append((m.end(), sub, ssh.counting[0]))
    picked = []
    for block in counting:
        nxt = next((s for s in subs if s[2].value == block.value and block.key and block.key[0] in s[1]
                    and (not picked or s[0] > picked[-1][0])), None)
        if nxt is None:
            return None
        picked.append(nxt)
    comps = [p[1] for p in picked]
    st = Structure(comps, [[c] for c in comps], sh.expected, "ok")
    start = f.i - (1 if f.quoted else 0)
    end = k + picked[-1][0]
    return Inline(f.term, start, end, view.text[start:end], st, "inline-split")


def _quoted_enumeration_terms(view: View, tokenizer, vocab: Vocabulary) -> list[tuple[Inline, Found]]:
    """``“A、B、C”三X`` / ``“A”“B”“C”“D”四大X``: an unquoted numeral term right after a
    quoted enumeration whose items it counts."""
    A = _rules(vocab)
    out = []
    for m in re.finditer(r"(?:“[^“”\n]+”)+", view.text):
        after = A.unquoted_after_enum.match(view.text, m.end())
        if not after:
            continue
        term = canonical_term(after.group(1))
        sh = shape(term, A.num)
        if not sh.expected or sh.expected < 2 or len(sh.counting) != 1:
            continue
        items = _enumeration(m.group(0), tokenizer, vocab)
        if not items or len(items) != sh.expected:
            continue
        st = _inline_structure(sh, items, term, tokenizer, vocab)
        hit = Inline(term, m.start(), after.end(), view.text[m.start():after.end()], st, "inline-quoted-enumeration")
        out.append((hit, Found(after.start(), after.end(), term, "inline", False)))
    return out


# --- the extractor ----------------------------------------------------------------------

def read_glossary(report: Report, vocab: Vocabulary | None = None) -> GlossaryReading:
    """The report's glossary read once (in the read stage): its senses, warnings and the
    words each heading adds to its term. Read with jieba's base dictionary: the build's
    lexicon only adds terms, which never change how a glossary entry splits (checked on
    the samples, the synthetic corpus and the real reports)."""
    base = base_tokenizer()
    senses, warnings, heads = glossary_senses(report, Segmenter(base, base, base_pos_tokenizer()), vocab)
    return GlossaryReading(tuple(senses), tuple(warnings), tuple((t, tuple(sorted(h))) for t, h in sorted(heads.items())))


def extract(report: Report, context: ExtractContext, glossary: GlossaryReading | None = None,
            view: View | None = None, tokenizer: Segmenter | None = None) -> Extraction:
    """Senses (glossary and inline) and mentions of abbreviations in one report; the
    glossary as the read stage read it, the report's view and segmenter as its Doc has
    them (each made here when not given: library use)."""
    vocab = _vocab_of(context)
    tokenizer = tokenizer or Segmenter(context.tokenizer, base_tokenizer(), context.pos_tokenizer)
    glossary = glossary if glossary is not None else read_glossary(report, vocab)
    out = Extraction(report=report.id)
    senses = [replace(s) for s in glossary.senses]  # the extraction's own (evidence is localised later)
    heads = {t: set(h) for t, h in glossary.heads}
    out.warnings.extend(glossary.warnings)
    known = set(context.terms_of(TYPE)) | {s.term for s in senses}
    view = view or make_view(report.text, glossary_span(report, vocab), vocab)
    found = find_mentions(view, known, tokenizer, vocab)
    inline, extra = find_inline(view, found, known, tokenizer, heads, vocab)
    found = _non_overlapping(found + extra)
    found += _headed(view, found, _rules(vocab).attached_head_re)
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for hit in inline:
        key = (hit.term, tuple(hit.structure.components))
        if key in seen:
            continue
        seen.add(key)
        start, end = view.span(hit.i, hit.j)
        ev = Evidence(report.id, start, end, _sentence_text(report, start), hit.rule)
        senses.append(_sense(hit.term, report.id, "inline", tidy(hit.definition), hit.structure, ev))
    for f in found:
        start, end = view.span(f.i, f.j)
        out.mentions.append(Mention(
            report=report.id, start=start, end=end, text=report.text[start:end], type=TYPE,
            sentence=_sentence_text(report, start), section=report.section_at(start),
            rule=f"abbreviation-{f.rule}",
        ))
    out.senses.extend(senses)
    out.mentions.sort(key=lambda m: (m.start, m.end))
    return out


def _headed(view: View, found: list[Found], head_re: re.Pattern[str]) -> list[Found]:
    """The term with the head noun attached after it (“四上”企业, “十四五”规划, 1+3重点功能区):
    the term as the report names it, beside the bare term (each a mention, one entity)."""
    out = []
    for f in found:
        k = f.j + (1 if f.quoted and f.j < len(view.text) and view.text[f.j] == "”" else 0)
        m = head_re.match(view.text, k)
        if m:
            i = f.i - (1 if f.quoted else 0)
            out.append(Found(i, m.end(), f.term + m.group(0), "headed", f.quoted))
    return out


def _sentence_text(report: Report, offset: int) -> str:
    """The sentence around ``offset``; cut locally when the report has no real sentences."""
    if report.sentences:
        s = report.sentence_at(offset)
        if s.end - s.start <= LONG_SENTENCE:
            return report.text[s.start:s.end]
    text = report.text
    floor, ceiling = max(0, offset - LONG_SENTENCE), min(len(text), offset + LONG_SENTENCE)
    a = max([text.rfind(ch, floor, offset) + 1 for ch in _SENTENCE_END] + [floor])
    m = _SENTENCE_END_RE.search(text, offset, ceiling)
    b = m.end() if m else ceiling
    return text[a:b].strip()


def _vocab_of(context: ExtractContext | None, vocab: Vocabulary | None = None) -> Vocabulary:
    """The vocabulary a build reads: the context's, else ``vocab``, else the package's."""
    got = getattr(context, "vocab", None) if context is not None else None
    if got is None:
        got = vocab
    return got if got is not None else default_vocabulary()


def mine(report: Report, context: ExtractContext | None = None,
         vocab: Vocabulary | None = None, glossary: GlossaryReading | None = None) -> list[LexiconEntry]:
    """Every term the report defines (glossary and inline), for the build's lexicon,
    so that a term defined once is recognised in every report. The vocabulary is the
    context's, else ``vocab`` (``None``: the package's); ``glossary`` as :func:`read_glossary`
    read it (read here when not given)."""
    vocab = _vocab_of(context, vocab)
    base = base_tokenizer()
    tokenizer = (Segmenter(context.tokenizer, base, context.pos_tokenizer) if context is not None
                 else Segmenter(base, base, base_pos_tokenizer()))
    glossary = glossary if glossary is not None else read_glossary(report, vocab)
    senses = glossary.senses
    heads = {t: set(h) for t, h in glossary.heads}
    known = {s.term for s in senses}
    view = make_view(report.text, glossary_span(report, vocab), vocab)
    found = find_mentions(view, known, tokenizer, vocab)
    inline, _extra = find_inline(view, found, known, tokenizer, heads, vocab)
    counts: dict[str, int] = {}
    for term in [s.term for s in senses] + [h.term for h in inline]:
        counts[term] = counts.get(term, 0) + 1
    return [LexiconEntry(term, TYPE, n, "nz") for term, n in sorted(counts.items())]



# --- the component --------------------------------------------------------------------------

NAME = "abbreviations"
#: The glossary is read once, by the read stage, and handed to the extractors with the report.
REQUIRES: tuple[str, ...] = ("glossary",)
ASSIGNS: tuple[str, ...] = ("Abbreviation", "senses")


def run(doc) -> Extraction:  # doc: kg.extract.doc.Doc
    """Senses and mentions of abbreviations in the report of ``doc``: its glossary as the
    read stage read it, its view and segmenter."""
    return extract(doc.report, doc.context, doc.results.get("glossary"), doc.view, doc.segmenter)
