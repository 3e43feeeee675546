"""Reading the numerals of numeric abbreviations (数字缩略语) and counting their parts.

A numeric abbreviation condenses an enumeration: each numeral counts the members of
one part, and the character(s) after the numeral name what those members share
(两廊三带 = two 廊 + three 带; 三改一拆 = 3 × 改…, 1 × 拆…;
3+2+N = 3 + 2 + an open number). This module turns a term into its *blocks* — numeral,
value, classifier, key — and says how many parts the term promises, so that a
definition can be checked against it. It is the Chinese counterpart of the
"first letters" constraint in Schwartz & Hearst (2003), "A simple algorithm for
identifying abbreviation definitions in biomedical text": there the short form's
letters must be found in the long form; here the short form's numerals must count
the long form's items and its keys must be found in them.

Only genre-level knowledge is used (numeral characters, classifiers, units of measure,
the few lexicalised numeral words such as 一体 / 合一 / 一批), and it is the vocabulary's:
the ``abbreviations.*`` tables of ``kg/genre/abbreviations.toml``, compiled once per
vocabulary into a :class:`Numerals` (:func:`rules`). Every function that reads a word
takes ``vocab`` (``None``: the package vocabulary). No term of any report is named.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Union

from kg.genre import Vocabulary, char_class, either
from kg.genre import default as default_vocabulary
from kg.segment import cut as fast_cut
from kg.segment import pos_tokenizer

RANK_MIN = 100  # 百佳, 千亿, 百日: ranks and amounts, never a count of condensed parts


@dataclass(frozen=True, eq=False)
class Numerals:
    """The vocabulary this module reads, compiled (see :func:`rules`). Compared and
    hashed by identity: made once per vocabulary, it keys the memoised readers."""

    digits: Mapping[str, int]  # 一 -> 1, 两 -> 2 …
    units: Mapping[str, int]  # 十 -> 10 …
    numerals: str  # every Chinese numeral character: the digits, then the units
    open: str  # open numbers (多, N, X)
    ones: frozenset[str]  # the digits worth one (lexicalised in 一体, 合一)
    zeros: str  # the digits worth zero (零投诉 does not count)
    standalone: str  # digits that are a number only alone (双)
    classifiers: str
    measures: tuple[str, ...]
    noncount_after: tuple[str, ...]
    noncount_before: tuple[str, ...]
    conjunctions: frozenset[str]
    conjunction_re: re.Pattern[str]  # the conjunctions in text, without a tokenizer
    conjunction_hint: re.Pattern[str]  # a character every conjunction holds
    framing: frozenset[str]
    leading: frozenset[str]  # framing words and subjects
    prose: frozenset[str]
    attributive: str
    frames: tuple[tuple[str, str], ...]  # (以, 为): words framing an enumeration
    part_defining: str  # alternation of the words defining a labelled part
    run_re: re.Pattern[str]
    quantifier_re: re.Pattern[str]
    quantity_anywhere_re: re.Pattern[str]
    stated_re: re.Pattern[str]
    framed_quantity_re: re.Pattern[str]
    etc_re: re.Pattern[str]
    etc_tail_re: re.Pattern[str]  # 等 closing a list at its very end (A、B、C等)
    definition_lead_re: re.Pattern[str]


def _words_then_chars(words) -> str:
    """The words as an alternation: longer ones first, the one-character ones as a class
    (``以及|[和及与]``)."""
    longs = sorted((w for w in words if len(w) > 1), key=len, reverse=True)
    singles = char_class(w for w in words if len(w) == 1)
    return "|".join([re.escape(w) for w in longs] + ([f"[{singles}]"] if singles else []))


def _build(v: Vocabulary) -> Numerals:
    t = "abbreviations."
    digits = {k: int(n) for k, n in v.map(t + "digits").items()}
    units = {k: int(n) for k, n in v.map(t + "units").items()}
    numerals = "".join(digits) + "".join(units)
    num = char_class(numerals)
    open_ = v.chars(t + "open_numerals")
    conjunctions = v.words(t + "conjunctions")
    hint = [w for w in conjunctions if len(w) == 1]
    hint += [w[0] for w in conjunctions if not any(c in w for c in hint)]
    framing = v.set(t + "framing")
    quantity = v.char_class(t + "quantity_classifiers")
    return Numerals(
        digits=digits,
        units=units,
        numerals=numerals,
        open=open_,
        ones=frozenset(k for k, n in digits.items() if n == 1),
        zeros="".join(k for k, n in digits.items() if n == 0),
        standalone=v.chars(t + "standalone_numerals"),
        classifiers=v.chars(t + "classifiers"),
        measures=v.words(t + "measures"),
        noncount_after=v.words(t + "noncount_after"),
        noncount_before=v.words(t + "noncount_before"),
        conjunctions=frozenset(conjunctions),
        conjunction_re=re.compile(_words_then_chars(conjunctions)),
        conjunction_hint=re.compile(f"[{char_class(dict.fromkeys(hint))}]"),
        framing=framing,
        leading=framing | v.set(t + "subjects"),
        prose=v.set(t + "prose_chars"),
        attributive=v.chars(t + "attributive"),
        frames=tuple(v.map(t + "enumeration_frames").items()),
        part_defining=v.alt(t + "part_defining_words"),
        run_re=re.compile(f"[{num}0-9]+|(?<![A-Za-z])[{char_class(open_)}](?![A-Za-z])"),
        quantifier_re=re.compile(rf"^([0-9]+|[{num}]+)\s*[{quantity}]"),
        quantity_anywhere_re=re.compile(rf"([0-9]+|[{num}]+)\s*[{quantity}]"),
        stated_re=re.compile(rf"(?<![0-9.])([0-9]+)\s*[{v.char_class(t + 'stated_count_classifiers')}]"),
        framed_quantity_re=re.compile(
            rf"^[^0-9{num}]{{0,6}}?(?=[0-9]+\s*[{v.char_class(t + 'framed_quantity_classifiers')}])"),
        etc_re=re.compile(rf"{either(v.words(t + 'etc_words'))}(?=[0-9{num}{v.char_class(t + 'vague_numerals')}]|"
                          rf"{v.alt(t + 'etc_followers')})"),
        etc_tail_re=re.compile(rf"{either(v.words(t + 'etc_words'))}\s*$"),
        definition_lead_re=re.compile(rf"^(?:{v.alt(t + 'definition_lead_adverbs')})?"
                                      rf"(?:{v.alt(t + 'definition_leads')})[:：，,]?"),
    )


Vocab = Union[Vocabulary, Numerals, None]


def rules(vocab: Vocab = None) -> Numerals:
    """The numeral rules of ``vocab`` (``None``: the package vocabulary), compiled once
    per vocabulary; a :class:`Numerals` is returned as it is."""
    if isinstance(vocab, Numerals):
        return vocab
    return (vocab if vocab is not None else default_vocabulary()).compiled("extract.numerals", _build)

PLUS_RE = re.compile(r"^[0-9]+(?:\+(?:[0-9]+|[NX]))+$")
QUOTES = "“”\"‘’'「」『』"
_SPACE_RE = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


_COMMA_RE = re.compile(r"(?<=[^\x00-\x7f]),|,(?=[^\x00-\x7f])")
_SEMICOLON_RE = re.compile(r"(?<=[^\x00-\x7f]);|;(?=[^\x00-\x7f])")
_COLON_RE = re.compile(r"(?<=[^\x00-\x7f]):|:(?=[^\x00-\x7f])")
_BRACKETS_RE = re.compile(r"\((?=[^()]*[^\x00-\x7f])([^()]*)\)")


def tidy(text: str) -> str:
    """Text as a reader would write it: no PDF spaces between Chinese characters,
    ASCII ``, ; : ( )`` next to Chinese made full-width, straight quotes made curly.

    Used for definitions and components so that raw and normalised text give the same
    strings (the normaliser of :mod:`kg.corpus.normalize` does the same to the text)."""
    out: list[str] = []
    chars = _SPACE_RE.sub(" ", text).strip()
    for i, ch in enumerate(chars):
        if ch == " ":
            prev = chars[i - 1] if i else ""
            nxt = chars[i + 1] if i + 1 < len(chars) else ""
            if _ASCII_WORD.match(prev) and _ASCII_WORD.match(nxt):
                out.append(" ")
            continue
        out.append(ch)
    s = "".join(out)
    s = _curly_quotes(s)
    s = _COMMA_RE.sub("，", s)
    s = _SEMICOLON_RE.sub("；", s)
    s = _COLON_RE.sub("：", s)
    s = _BRACKETS_RE.sub(r"（\1）", s)
    return s


def _curly_quotes(s: str) -> str:
    """Straight double quotes alternate open/close (the newspaper convention)."""
    if '"' not in s:
        return s
    out, opening = [], True
    for ch in s:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


_QUOTES_OUT = str.maketrans("", "", QUOTES)
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)} | {0xFF0B: ord("+")}
_OCR_ONE_RE = re.compile(r"(?<![A-Za-z0-9])[lI](?=\+)")
_OPEN_LETTER_RE = re.compile(r"(?<=\+)[nx](?![A-Za-z])")


def canonical_term(text: str) -> str:
    """The canonical spelling of a term: no spaces, no quotes, half-width digits and
    plus signs, OCR ``l``/``I`` before ``+`` read as ``1``, open-number letters upper-case."""
    s = "".join(text.translate(_QUOTES_OUT).split())
    s = s.translate(_HALF_WIDTH)
    if "+" in s:
        s = _OCR_ONE_RE.sub("1", s)
        s = _OPEN_LETTER_RE.sub(lambda m: m.group(0).upper(), s)
    return s


def parse_cn_number(text: str, vocab: Vocab = None) -> int | None:
    """Value of a standard Chinese or Arabic numeral (十四 = 14, 二十 = 20, 500 = 500);
    ``None`` when the string is not one number (十三五, 百千万: several numbers in a row)."""
    return _number(text, rules(vocab))


def _number(text: str, R: Numerals) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if len(text) == 1 and text in R.standalone:
        return R.digits[text]
    if any(ch in text for ch in R.standalone):
        return None  # 双 ("a pair") never builds a larger numeral: 双百 is 双 + 百
    digits, units = R.digits, R.units
    total, current, last_unit = 0, None, 10 ** 9
    for ch in text:
        if ch in digits:
            if current is not None:
                return None  # two digits in a row: 十三五, 九五
            current = digits[ch]
        elif ch in units:
            unit = units[ch]
            if unit >= last_unit or (current is None and last_unit != 10 ** 9):
                return None  # 百千万
            total += (1 if current is None else current) * unit
            current, last_unit = None, unit
        else:
            return None
    if current is not None:
        if last_unit != 10 ** 9 and last_unit > 10 and current:
            return None  # 五百三 is not a standard numeral here
        total += current
    return total


@dataclass(frozen=True)
class Block:
    """One numeral of a term with what follows it: 三(个)高(地) -> numeral 三, value 3,
    classifier 个, key 高地 (the characters up to the next numeral)."""

    numeral: str
    value: int | None  # None: an open number (多, N, X)
    counting: bool  # False for lexicalised or measuring numerals (合一, 一体, 百佳, 三年)
    classifier: str
    key: str
    start: int  # offset of the numeral in the term

    @property
    def label(self) -> str:
        """How a definition refers to this part: 一带, 多点, “8”."""
        return self.numeral + self.classifier + self.key


@dataclass(frozen=True)
class TermShape:
    """What the numerals of a term promise."""

    term: str
    kind: str  # "plus" | "digits" | "numerals" | "blocks" | "plain"
    prefix: str = ""
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def counting(self) -> list[Block]:
        return [b for b in self.blocks if b.counting]

    @property
    def expected(self) -> int | None:
        """Total number of parts, or ``None`` when a part is open or nothing counts."""
        counting = self.counting
        if not counting or any(b.value is None for b in counting):
            return None
        return sum(b.value or 0 for b in counting)

    @property
    def countable(self) -> bool:
        """Whether a definition can be checked against the numerals at all."""
        return bool(self.counting) and self.kind in ("plus", "blocks")


def shape(term: str, vocab: Vocab = None) -> TermShape:
    """Read the numerals of a (canonical) term."""
    return _shape(term, rules(vocab))


@lru_cache(maxsize=1 << 14)
def _shape(term: str, R: Numerals) -> TermShape:
    """:func:`shape`, memoised: a pure function of the term and the rules (its result is
    frozen), asked about the same terms many times per report."""
    t = canonical_term(term)
    if PLUS_RE.match(t):
        blocks = []
        pos = 0
        for part in t.split("+"):
            value = int(part) if part.isdigit() else None
            blocks.append(Block(part, value, True, "", "", pos))
            pos += len(part) + 1
        return TermShape(t, "plus", "", tuple(blocks))
    if t.isdigit():
        return TermShape(t, "digits")
    if t and all(ch in R.numerals for ch in t):
        return TermShape(t, "numerals")
    runs = _numeral_runs(t, R)
    if not runs:
        return TermShape(t, "plain")
    blocks = []
    for i, (start, numeral) in enumerate(runs):
        end = start + len(numeral)
        nxt = runs[i + 1][0] if i + 1 < len(runs) else len(t)
        tail = t[end:nxt]
        classifier = tail[0] if tail[:1] and tail[0] in R.classifiers and (len(tail) > 1 or nxt < len(t)) else ""
        key = tail[len(classifier):]
        blocks.append(Block(numeral, _value(numeral, R), _counts(t, start, numeral, tail, R),
                            classifier, key, start))
    return TermShape(t, "blocks", t[: runs[0][0]], tuple(blocks))


def _numeral_runs(t: str, R: Numerals) -> list[tuple[int, str]]:
    """Numerals of a term with their offsets; a run that is not one number is cut into
    the longest numbers it starts with (双一体 -> 双 + 一体, 十三五 -> 十三 + 五). An open
    多 inside the text before the first numeral is an adverb (最多跑一地), not a count."""
    runs: list[tuple[int, str]] = []
    for m in R.run_re.finditer(t):
        run, pos = m.group(0), m.start()
        if run in R.open and not runs and pos > 0:
            continue
        while run:
            cut = next((k for k in range(len(run), 0, -1) if run[:k] in R.open
                        or _number(run[:k], R) is not None), 1)
            runs.append((pos, run[:cut]))
            run, pos = run[cut:], pos + cut
    return runs


def _value(numeral: str, R: Numerals) -> int | None:
    if numeral in R.open:
        return None
    value = _number(numeral, R)
    return value


def _counts(term: str, start: int, numeral: str, tail: str, R: Numerals) -> bool:
    """Whether this numeral counts parts (see the tables measures, noncount_*; RANK_MIN)."""
    if numeral in R.open:
        return True
    value = _number(numeral, R)
    if value is None or value == 0 or value >= RANK_MIN:
        return False
    if numeral in R.ones and (tail.startswith(R.noncount_after) or term[:start].endswith(R.noncount_before)):
        return False
    if tail.startswith(R.measures):
        return False
    return True


# --- counting items of a definition ------------------------------------------------

def quantity_of(item: str, vocab: Vocab = None) -> int | None:
    """The count an item states for itself: ``12个工作专班`` -> 12 (else ``None``)."""
    R = rules(vocab)
    m = R.quantifier_re.match(item)
    if not m:
        return None
    return _number(m.group(1), R)


def stated_counts(text: str, vocab: Vocab = None) -> list[int]:
    """Counts a definition states for its parts, in order: ``…等8大产业；…等4大…``
    -> [10, 9] (numbers inside brackets are skipped)."""
    flat = _drop_brackets(text)
    return [int(m.group(1)) for m in rules(vocab).stated_re.finditer(flat)]


def _drop_brackets(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


# --- the parts of a definition ------------------------------------------------------
#
# A definition is matched against the numerals like Schwartz & Hearst match a long form
# against a short form's letters, but with counts: the definition is cut into items at
# several levels (、和 / 、 / clause / ；), a local enumeration inside one clause is tried
# too, and the first cut whose item count equals what the numerals promise wins. Items
# that are themselves abbreviations count for their own parts (两廊三带 = “两廊” +
# “三带” = 2 + 3), and ``12个工作专班`` counts 12. Each item is then trimmed of
# what it shares with the list rather than owns: a governing verb before the first item
# (打造…, 争当…), a tail after the last (…等8大产业, …的园区, …处置问题), quotes.

# The words are the vocabulary's: conjunctions, framing (words that govern an
# enumeration rather than belong to its first item), subjects, etc_words …
MAX_DEFINITION = 3000  # glossary definitions are a few hundred characters; longer is not a list
MAX_BARE_ITEM = 8  # items of a bare list (进社区、访农户…) are short
MAX_LISTED_ITEM = 14  # items of a definition that is only a 、-list (规模以上工业企业、…) may be longer


class Segmenter:
    """The build's jieba tokenizer (never jieba's global one) and its part-of-speech
    tagger (built once per build by the caller, or on demand here)."""

    def __init__(self, tokenizer=None, base=None, pos=None) -> None:
        self.tokenizer = tokenizer
        self.base = base if base is not None else tokenizer
        self._pos = pos

    def base_cut(self, text: str) -> list[str]:
        """Words of jieba's base dictionary only (no build lexicon)."""
        if self.base is None:
            return list(text)
        return fast_cut(self.base, text)

    def cut(self, text: str) -> list[str]:
        if self.tokenizer is None:
            return list(text)
        return fast_cut(self.tokenizer, text)

    def tags(self, text: str) -> list[tuple[str, str]]:
        if self.tokenizer is None:
            return [(ch, "x") for ch in text]
        if self._pos is None:
            self._pos = pos_tokenizer(self.tokenizer)
        return [(w.word, w.flag) for w in self._pos.cut(text, HMM=False)]


@dataclass
class Item:
    text: str
    clause_start: bool = False
    count: int = 1  # parts this item stands for (a nested abbreviation counts its own)
    start: int = 0  # offset in the text that was split


@dataclass(frozen=True)
class Structure:
    """Components of one definition, grouped by the term's numerals, and the check."""

    components: list[str]
    groups: list[list[str]]
    expected: int | None
    check: str  # "ok" | "mismatch" | "unchecked"
    named: tuple[tuple[str, tuple[str, ...]], ...] = ()  # groups the definition names (三个坚持：…): nested terms


def split_items(text: str, seps: str, conjunctions: bool, tokenizer=None, dash: bool = False,
                conj_at: dict[int, int] | None = None, vocab: Vocab = None) -> list[Item]:
    """Cut ``text`` at ``seps`` (and at stand-alone conjunction words, and at ``”“``
    between adjacent quotes) outside brackets and quotes. ``clause_start`` marks items
    that begin a clause (after ，；) rather than continue a list (after 、和).
    ``conj_at`` may give the conjunction offsets when the caller already has them."""
    if not conjunctions:
        conj_at = {}
    elif conj_at is None:
        conj_at = _conjunction_positions(text, tokenizer, rules(vocab))
    items: list[Item] = []
    buf: list[str] = []
    buf_start = 0
    depth = quote = 0
    clause_start = True
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "“《" and depth == 0 and quote == 0 and buf and "".join(buf).rstrip().endswith("”》"[ch == "《"]):
            items.append(Item("".join(buf), clause_start, start=buf_start))
            buf, clause_start, buf_start = [], False, i
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        elif ch == "“":
            quote += 1
        elif ch == "”":
            quote = max(quote - 1, 0)
        at_top = depth == 0 and quote == 0
        if at_top and i in conj_at:
            items.append(Item("".join(buf), clause_start, start=buf_start))
            buf, clause_start = [], False
            i += conj_at[i]
            buf_start = i
            continue
        if at_top and (ch in seps or (dash and ch == "—")):
            items.append(Item("".join(buf), clause_start, start=buf_start))
            buf = []
            clause_start = ch not in "、—"
            i += 1
            buf_start = i
            continue
        buf.append(ch)
        i += 1
    items.append(Item("".join(buf), clause_start, start=buf_start))
    return [it for it in items if it.text.strip(" 。.")]


def _conjunction_positions(text: str, tokenizer, R: Numerals) -> dict[int, int]:
    """Offsets of conjunctions that jieba keeps as words of their own (so 和谐, 和美 stay)."""
    found: dict[int, int] = {}
    if tokenizer is None:
        for m in R.conjunction_re.finditer(text):
            found[m.start()] = len(m.group(0))
        return _inner(found, text)
    if not R.conjunction_hint.search(text):
        return found  # every conjunction holds one of these: nothing to segment for
    pos = 0
    conjunctions = R.conjunctions
    for word in tokenizer.cut(text):
        if word in conjunctions and 0 < pos:
            found[pos] = len(word)
        pos += len(word)
    return _inner(found, text)


def _inner(found: dict[int, int], text: str) -> dict[int, int]:
    """Conjunctions with an item after them: the 和 ending 碳中和 joins nothing."""
    return {at: n for at, n in found.items() if text[at + n:].strip(" 。.；;，,、”")}


def _strip_definition(definition: str, echoes: list[str], R: Numerals) -> str:
    d = definition.strip().rstrip("。.；;，,")
    d = R.definition_lead_re.sub("", d)
    if d.startswith("“") and d.endswith("”") and d.count("“") == 1:
        d = d[1:-1]
    return d


def structure(term: str, definition: str, echoes: list[str] | tuple[str, ...] = (),
              tokenizer=None, known_parts=None, vocab: Vocab = None) -> Structure:
    """Components, groups, expected parts and check of ``term`` defined by ``definition``.

    ``echoes`` are strings the definition may repeat after its last item (the term, the
    head noun of the heading); ``known_parts(term)`` gives the parts a nested
    abbreviation stands for when its own numerals do not say (optional)."""
    R = rules(vocab)
    sh = _shape(term, R)
    echo = [e for e in dict.fromkeys([sh.term, *echoes]) if e]
    d = _strip_definition(tidy(definition), echo, R)
    if not d or len(d) > MAX_DEFINITION:
        return Structure([], [], sh.expected, "unchecked")
    labelled = _labelled_structure(sh, d, echo, tokenizer, R) or _piece_labels(sh.term, d, R)
    if labelled is not None:
        return labelled
    if sh.kind == "digits":
        return _digit_structure(sh, d, echo, tokenizer, R)
    expected = sh.expected
    if sh.countable and expected is not None and expected >= 2:
        found = match_items(sh, d, expected, tokenizer, known_parts, R)
        if found is not None:
            return finish(sh, found, echo, tokenizer, R)
        paired = _interleaved(sh, d, echo, tokenizer, R)
        if paired is not None:
            return paired
        loose = split_items(d, "；;，,、", True, tokenizer, vocab=R)
        if not (len(loose) >= 2 and _bare(loose, R)):  # a plain list of longer names (…建筑业企业)
            loose = split_items(d, "、", True, tokenizer, vocab=R)
            loose = loose if not re.search("[，,；;]", d) and _bare(loose, R, MAX_LISTED_ITEM) else []
        if len(loose) >= 2:
            comps = [_unquote(it.text) for it in loose]
            comps[-1] = _unquote(_cut_etc(comps[-1], R)) or comps[-1]  # …重病户等六类群体 -> 重病户
            return Structure(comps, [], expected, "mismatch")
        return Structure([], [], expected, "unchecked")
    bare = _bare_list(d, tokenizer, R)
    if bare:
        return Structure(bare, [], expected, "unchecked")
    spelled = _spelled_out(sh.term, d)
    if spelled:
        return Structure(spelled, [], len(spelled), "ok")
    return Structure([], [], expected, "unchecked")


_QUOTED_LIST_RE = re.compile(r"“([^“”]+、[^“”]+)”")
_ALL_HAN_RE = re.compile(r"[\u4e00-\u9fff]+")


def _spelled_out(term: str, d: str) -> list[str]:
    """The list a term without numerals abbreviates character by character, written in
    quotes inside a prose definition: 专精特新 <- 具有“专业化、精细化、特色化、新颖化”特征的… ."""
    if not 2 <= len(term) <= 6 or not _ALL_HAN_RE.fullmatch(term):
        return []
    for m in _QUOTED_LIST_RE.finditer(d):
        items = [it.strip() for it in m.group(1).split("、")]
        if len(items) == len(term) and all(1 < len(it) <= MAX_BARE_ITEM and ch in it for ch, it in zip(term, items)):
            return items
    return []


def _interleaved(sh: TermShape, d: str, echo: list[str], tokenizer, R: Numerals) -> Structure | None:
    """Parts of several groups written in pairs (四减四增: 减少A，增加B；减少C，增加D…): every
    item holds the one-character key of exactly one group near its start, and each group gets
    as many items as its numeral says. Parts stay in the text's order."""
    counting = sh.counting
    keys = [b.key for b in counting]
    if len(counting) < 2 or any(len(k) != 1 or b.value is None for k, b in zip(keys, counting)) \
            or len(set(keys)) != len(keys):
        return None
    items = split_items(d, "；;，,", False, tokenizer, vocab=R)
    gidx = []
    for it in items:
        hits = [g for g, k in enumerate(keys) if k in it.text.strip()[:3]]
        if len(hits) != 1:
            return None
        gidx.append(hits[0])
    if [gidx.count(g) for g in range(len(keys))] != [b.value for b in counting] or gidx == sorted(gidx):
        return None
    texts = [_unquote(strip_framing(it.text.strip(), "", tokenizer, R)) for it in items]
    groups = [[t for t, g in zip(texts, gidx) if g == gi] for gi in range(len(keys))]
    return Structure(texts, groups, sh.expected, "ok")


def _bare(items: list[Item], R: Numerals, longest: int = 0) -> bool:
    longest = longest or MAX_BARE_ITEM
    return all(len(_unquote(it.text)) <= longest and not (R.prose & set(it.text)) for it in items)


def _bare_list(d: str, tokenizer, R: Numerals) -> list[str]:
    """A definition that is nothing but a short list (进社区、访农户、听民意、解民忧)."""
    for seps, conj in (("、；;，,", True), ("、；;，,", False)):
        items = split_items(d, seps, conj, tokenizer, vocab=R)
        if len(items) >= 2 and _bare(items, R):
            return [_unquote(it.text) for it in items]
    return []


def match_items(sh: TermShape, d: str, expected: int, tokenizer, known_parts=None,
                vocab: Vocab = None) -> list[Item] | None:
    """The first cut of ``d`` whose items count what the numerals promise (see above)."""
    R = rules(vocab)
    keys = [_match_key(sh, b) for b in sh.counting]
    # A key the definition repeats at least as often as its numeral says must be in
    # every item of its group (三个一批: every item has 一批).
    strong = [k if k and b.value and d.count(k) >= b.value else "" for k, b in zip(keys, sh.counting)]
    conj = _conjunction_positions(d, tokenizer, R)
    candidates: list[list[Item]] = [
        split_items(d, "；;，,、", True, tokenizer, conj_at=conj, vocab=R),
        split_items(d, "；;，,、", False, tokenizer, vocab=R),
    ]
    for clause in split_items(d, "；;，,", False, tokenizer, vocab=R):
        local = {p - clause.start: n for p, n in conj.items() if clause.start <= p < clause.start + len(clause.text)}
        sub = split_items(clause.text, "、", True, tokenizer, conj_at=local, vocab=R)
        if len(sub) >= 2:
            sub[0].clause_start = True
            candidates.append(sub)
    candidates.append(split_items(d, "；;，,", False, tokenizer, vocab=R))
    candidates.append(split_items(d, "；;", False, tokenizer, vocab=R))
    for items in candidates:
        hit = _counted(sh, items, expected, known_parts, strong, R)
        if hit is not None:
            return hit
    if any(keys):
        full = candidates[0]
        kept = [it for it in full if any(k and (k in it.text) for k in keys)]
        hit = _counted(sh, kept, expected, known_parts, strong, R)
        if hit is not None:
            return hit
    return None


def _match_key(sh: TermShape, block: Block) -> str:
    """What the items of a block share: its key, or the lexicalised numeral word after
    it (三个一批 -> 一批, 五个200 -> 1000, 两类100佳 -> 100佳)."""
    if block.key:
        return block.key
    blocks = list(sh.blocks)
    i = blocks.index(block)
    tail = ""
    for nxt in blocks[i + 1:]:
        if nxt.counting:
            break
        tail += nxt.numeral + nxt.classifier + nxt.key
    return tail


def _counted(sh: TermShape, items: list[Item], expected: int, known_parts,
             strong: list[str], R: Numerals) -> list[Item] | None:
    """Items with their counts if they add up to ``expected`` and fit the blocks in order:
    first each item as one part, then with nested abbreviations and stated quantities."""
    if not items:
        return None
    plain = [Item(it.text, it.clause_start, 1) for it in items]
    if len(plain) == expected and _fits(sh, plain, strong):
        return plain
    weighted = [Item(it.text, it.clause_start, _item_parts(it.text, known_parts, R)) for it in items]
    if any(it.count != 1 for it in weighted) and sum(it.count for it in weighted) == expected \
            and _fits(sh, weighted, strong):
        return weighted
    return None


def _item_parts(text: str, known_parts, R: Numerals) -> int:
    nested = _nested_term(text, R)
    if nested:
        sub = _shape(nested, R)
        if sub.expected:
            return sub.expected
        if known_parts:
            n = known_parts(nested)
            if n:
                return n
    q = quantity_of(R.framed_quantity_re.sub("", text.strip()), R)
    return q or 1


def _nested_term(text: str, R: Numerals) -> str | None:
    """The abbreviation an item names when it is only a quoted term after a verb:
    ``建设“两廊”`` -> 两廊."""
    m = re.fullmatch(r"\s*[^“”，。、]{0,8}?“([^“”]{2,12})”\s*", text)
    if not m:
        return None
    inner = canonical_term(m.group(1))
    return inner if _shape(inner, R).kind in ("blocks", "plus", "numerals") else None


def _fits(sh: TermShape, items: list[Item], strong: list[str]) -> bool:
    """Whether consecutive items can be dealt to the counting blocks in order, each
    group holding its block's strong key (if any) in every item."""
    groups = _deal(sh, items)
    if groups is None:
        return False
    if len(groups) != len(strong):
        return not any(strong) or all(strong[0] in it.text for it in items)
    return all(not key or all(key in it.text for it in group) for key, group in zip(strong, groups))


def _deal(sh: TermShape, items: list[Item]) -> list[list[Item]] | None:
    counting = sh.counting
    if any(b.value is None for b in counting):
        return None if len(counting) > 1 else [items]
    groups: list[list[Item]] = []
    i = 0
    for b in counting:
        need, got, group = b.value or 0, 0, []
        while got < need and i < len(items):
            group.append(items[i])
            got += items[i].count
            i += 1
        if got != need:
            return None
        groups.append(group)
    return groups if i == len(items) else None


def finish(sh: TermShape, items: list[Item], echo: list[str], tokenizer, vocab: Vocab = None) -> Structure:
    """Trim the matched items, deal them into groups, and check them."""
    dealt = _deal(sh, items) if len(sh.counting) > 1 else None
    if dealt:
        keys = [_match_key(sh, b) for b in sh.counting]
        gidx = [gi for gi, group in enumerate(dealt) for _ in group]
    else:
        keys = [_common_key(sh)]
        gidx = [0] * len(items)
    texts = trim_items(items, gidx, keys, echo, tokenizer, rules(vocab))
    groups = [[t for t, g in zip(texts, gidx) if g == gi and t] for gi in range(len(keys))]
    components = [c for g in groups for c in g]
    return Structure(components, groups, sh.expected, "ok")


def _common_key(sh: TermShape) -> str:
    counting = sh.counting
    return _match_key(sh, counting[0]) if len(counting) == 1 else ""


def trim_group(group: list[Item], key: str, echo: list[str], tokenizer, vocab: Vocab = None) -> list[str]:
    """Trim the items of one list whose parts share ``key``."""
    return [t for t in trim_items(group, [0] * len(group), [key], echo, tokenizer, vocab) if t]


def _unframe(texts: list[str], members: list[int], R: Numerals) -> None:
    """``以A、B为主导`` lists A and B: drop 以 before the first and 为… after the last,
    unless every item is framed so (以党建为引领、以服务为中心 are the parts). The
    framing pairs are the vocabulary's (enumeration_frames); the first that fits wins."""
    if len(members) < 2:
        return
    first, last = members[0], members[-1]
    head = texts[first]
    for opening, closing in R.frames:
        at = head.find(opening)
        if at < 0 or at > 4 or any(texts[m].startswith(opening) for m in members[1:]) \
                or all(texts[m].find(opening) == at for m in members[1:]):  # 坚持以…为…，坚持以…为…: all framed
            continue
        wei = texts[last].rfind(closing)
        if wei <= 0:
            continue
        texts[first] = head[at + len(opening):]
        texts[last] = texts[last][:wei]
        return


def _key_forms(key: str) -> list[str]:
    return [k for k in dict.fromkeys([key, key[:1]]) if k]


def trim_items(items: list[Item], gidx: list[int], keys: list[str], echo: list[str], tokenizer,
               vocab: Vocab = None) -> list[str]:
    """Trim each item of what it shares with the list rather than owns (see above).

    ``gidx[k]`` is the group (numeral) of item ``k``; ``keys[g]`` what group ``g``'s
    items share (三送 -> 送)."""
    R = rules(vocab)
    nested = [_nested_term(it.text, R) for it in items]
    texts = [n if n else _unquote(it.text) for n, it in zip(nested, items)]
    n = len(texts)
    if n == 1:
        if not nested[0]:
            texts[0] = strip_framing(texts[0], keys[0] if keys else "", tokenizer, R)
        return [_unquote(t) for t in texts]
    texts = [t if nested[k] else _cut_etc(t, R) for k, t in enumerate(texts)]
    for gi, key in enumerate(keys):
        members = [k for k in range(n) if gidx[k] == gi and not nested[k]]
        if len(members) < 2:
            continue
        for form in _key_forms(key):
            if len(form) >= 2 and all(0 < texts[m].find(form) <= 3 and len(texts[m]) - texts[m].find(form) > len(form) + 1
                                      for m in members):
                for m in members:  # 建设一流营商环境、打造一流创新平台…: the verbs are not the parts
                    texts[m] = texts[m][texts[m].find(form):]
                break
            starting = sum(texts[m].startswith(form) for m in members)
            if starting >= max(1, len(members) * 2 // 3) and starting < len(members):
                for m in members:
                    at = texts[m].find(form)
                    if at > 0:
                        texts[m] = texts[m][at:]
                break
    for gi in range(len(keys)):
        _unframe(texts, [k for k in range(n) if gidx[k] == gi and not nested[k]], R)
    if "。" in texts[0] and not nested[0]:  # 指8个政策包和4张清单。包括A、B…: the sentence before is frame
        texts[0] = texts[0][texts[0].rindex("。") + 1:] or texts[0]
    for k in range(n - 1):  # …保障和改善民生8个重点领域政策包，财政金融…: a group's stated count is not its item's
        if gidx[k + 1] != gidx[k] and not nested[k]:
            texts[k] = _cut_count(texts[k], sum(1 for g in gidx if g == gidx[k]), R)
    for k in range(n):
        first_of_group = k == 0 or (gidx[k] != gidx[k - 1] and items[k].clause_start)
        if not first_of_group or nested[k]:
            continue
        same = [texts[m] for m in range(n) if gidx[m] == gidx[k] and m != k]
        others = same or [texts[m] for m in range(n) if m != k]
        texts[k] = _trim_first(texts[k], others, keys[gidx[k]] if gidx[k] < len(keys) else "", tokenizer, R)
    last = n - 1
    if not nested[last]:
        others = [texts[m] for m in range(n) if m != last]
        texts[last] = _cut_echo(texts[last], echo, others, R)
        same = [texts[m] for m in range(n) if gidx[m] == gidx[last] and m != last]
        texts[last] = _trim_last(texts[last], same, others, keys[gidx[last]] if gidx[last] < len(keys) else "", R, echo)
        texts[last] = _cut_count(texts[last], len(same) + 1, R)
    return [_unquote(t) for t in texts]


def _cut_count(last: str, size: int, R: Numerals) -> str:
    """Cut the count of its group stated after the last item: 电子信息、…、绿色食品三个优势产业
    -> 绿色食品 (the 三个 counts the group's three items)."""
    for m in R.quantity_anywhere_re.finditer(last):
        if size >= 2 and m.start() >= 2 and _number(m.group(1), R) == size:
            return last[: m.start()]
    return last


def _unquote(text: str) -> str:
    t = text.strip().strip("。.；;，,、 ")
    if t.startswith("“") and t.endswith("”") and t.count("“") == 1 and t.count("”") == 1:
        t = t[1:-1]
    if t.count("“") < t.count("”") and t.endswith("”"):
        t = t[:-1]
    if t.count("“") > t.count("”") and t.startswith("“"):
        t = t[1:]
    return t.strip()


def _cut_etc(text: str, R: Numerals) -> str:
    m = R.etc_re.search(text)
    return text[: m.start()] if m and m.start() > 0 else text


def _rfind_any(text: str, chars: str) -> int:
    """The last offset of any of ``chars`` in ``text`` (-1 if none)."""
    return max((text.rfind(c) for c in chars), default=-1)


def _find_any(text: str, chars: str) -> int:
    """The first offset of any of ``chars`` in ``text`` (-1 if none)."""
    return min((at for at in (text.find(c) for c in chars) if at >= 0), default=-1)


def _cut_echo(text: str, echo: list[str], others: list[str], R: Numerals) -> str:
    """Drop a repetition of the term or its head after the last item: …修缮好农村道路 ->
    修缮好 (unless every item ends so: 重点工业企业、…服务业企业 keep 企业)."""
    for e in sorted(echo, key=len, reverse=True):
        if others and all(o.endswith(e) for o in others):
            continue
        for form in (f"“{e}”", e):
            at = text.rfind(form)
            if at > 0 and (at + len(form) >= len(text) - 2 or form.startswith("“")):
                cut = text[:at]
                de = _rfind_any(cut, R.attributive)
                if de > 0 and at - de <= 6:
                    cut = cut[:de]
                if len(cut.strip()) >= 2:
                    return cut
    return text


def _trim_first(first: str, others: list[str], key: str, tokenizer, R: Numerals) -> str:
    """Cut what the first item shares with the whole list (a governing verb, a modifier
    of every item) so that it reads like the others; never cut away the group's key."""
    def keeps_key(cut: str) -> bool:
        return not key or key not in first or key in cut

    if others and all(quantity_of(o, R) is not None for o in others):
        m = R.quantity_anywhere_re.search(first)
        if m and m.start() > 0 and keeps_key(first[m.start():]):
            return first[m.start():]
    longest = max(len(o) for o in others)
    if len(others) >= 2 and len({len(o) for o in others}) == 1 and longest <= 4 and len(first) > longest + 1:
        # 城市管理精细化、智慧化、法治化: the others' shape says where the first item starts
        toks = _tokens(first, tokenizer)
        tail = ""
        while toks and len(tail) < longest:
            tail = toks.pop() + tail
        if len(tail) == longest and keeps_key(tail) and (not key or all(key in o for o in others)):
            return tail
    if others and len(first) >= 2 * longest + 2 and longest <= 6:
        cut = _cut_after_last_verb(first, min(len(o) for o in others), key, tokenizer, R)
        if cut and keeps_key(cut):
            return cut
    if sum(_starts_framing(o, tokenizer, R) for o in others) * 2 > len(others):
        return first
    return strip_framing(first, key, tokenizer, R)


def _trim_last(last: str, same: list[str], others: list[str], key: str, R: Numerals,
               echo: list[str] | tuple[str, ...] = ()) -> str:
    """Cut what follows the last item: a head shared by all items or the rest of the
    sentence (…空置厂房处置问题 -> 空置厂房, …督办制管理 -> 督办制)."""
    for form in _key_forms(key):
        if len(form) <= 2 and same and all(o.endswith(form) for o in same):
            at = last.rfind(form)
            if 0 < at and at + len(form) < len(last):
                return last[: at + len(form)]
            break
    tail = _shared_tail_cut(last, same or others, echo)
    if tail is not None:
        return tail
    longest = max((len(o) for o in others), default=0)
    de = _find_any(last, R.attributive)
    if others and de > 0 and len(last) > longest + 4 and de <= longest + 2:
        return last[:de]
    return last


def _shared_tail_cut(last: str, others: list[str], echo: list[str] | tuple[str, ...] = ()) -> str | None:
    """The last item cut after the ending most other items share, when what follows it
    there is the term's own word or the rest of a sentence (a number): …民生保障攻坚行动 ->
    民生保障攻坚 (the others end with 攻坚, 行动 is the term's); …可支配收入比2020年翻一番 ->
    …可支配收入. A noun of its own stays (…农产品地理标志)."""
    if len(others) < 2:
        return None
    for size in (3, 2):
        ends = [o[-size:] for o in others if len(o) > size]
        if not ends:
            continue
        ending = max(set(ends), key=lambda e: (ends.count(e), e))
        if ends.count(ending) * 3 < len(others) * 2:
            continue
        at = last.rfind(ending)
        rest = last[at + size:] if at > 0 else ""
        if rest and len(rest) <= 10 and not last.endswith(ending) and \
                (any(rest in e for e in echo) or re.search(r"[0-9]", rest)):
            return last[: at + size]
    return None


def _tokens(text: str, tokenizer) -> list[str]:
    if tokenizer is None:
        return list(text)
    return tokenizer.cut(text)


def _starts_framing(text: str, tokenizer, R: Numerals) -> bool:
    return strip_framing(text, "", tokenizer, R) != text


def strip_framing(text: str, key: str, tokenizer, vocab: Vocab = None) -> str:
    """Drop the subject and governing words before an item (我们打好…, 着力建设…,
    要尽快建立…); jieba may cut a framing word in two (打/好), so up to three tokens
    are joined to look one up."""
    leading = rules(vocab).leading
    toks = _tokens(text, tokenizer)
    i = 0
    while i < len(toks) - 1:
        span = next((k for k in (3, 2, 1) if i + k < len(toks)
                     and "".join(toks[i:i + k]) in leading), 0)
        if not span:
            break
        rest = "".join(toks[i + span:])
        if len(rest) < 2 or (key and len(key) <= 2 and key in text and key not in rest):
            break
        i += span
    return "".join(toks[i:]) if i else text


def _cut_after_last_verb(text: str, min_len: int, key: str, tokenizer, R: Numerals) -> str | None:
    """The shortest tail after a framing word or verb that is as long as the shortest
    other item (并对各项…任务实行督办制 -> 督办制)."""
    if tokenizer is None:
        return None
    words = tokenizer.tags(text)
    pos = len(text)
    for word, flag in reversed(words):
        pos -= len(word)
        rest = text[pos + len(word):]
        if (word in R.framing or flag.startswith("v")) and len(rest) >= min_len and (not key or key in rest):
            return rest
    return None


def _labelled_structure(sh: TermShape, d: str, echo: list[str], tokenizer, R: Numerals) -> Structure | None:
    """Definitions that name each part: ``“一带”指…；“一心”指…`` / ``“1”即…，“8”即…`` /
    ``“231”：…“2”指A和B“两大核心产业”，“3”指…`` (a digit term's digits as labels; a quoted
    name after a label's items names the group, it is not an item)."""
    if sh.kind == "digits" and len(sh.term) >= 2:
        labels = list(sh.term)
        values: list[int | None] = [int(ch) for ch in sh.term]
        expected: int | None = sum(v or 0 for v in values)
    elif len(sh.counting) >= 2 and sh.kind in ("plus", "blocks"):
        labels = [b.label if sh.kind == "blocks" else b.numeral for b in sh.counting]
        values = [b.value for b in sh.counting]
        expected = sh.expected
    else:
        return None
    spans: list[tuple[int, int]] = []
    names: list[str] = []
    pos = 0
    for label, value in zip(labels, values):
        m = re.compile(rf"[“\"]?{re.escape(label)}[”\"]?\s*(?:{R.part_defining}|：|:)").search(d, pos)
        if not m and sh.kind in ("digits", "plus") and value:
            m = _spelled_label(value, R).search(d, pos)  # “1354”：一个定位：…；三个坚持：…
        if not m:
            return None
        spans.append((m.start(), m.end()))
        names.append(canonical_term(m.group("name")) if "name" in m.re.groupindex else "")
        pos = m.end()
    bodies: list[str] = []
    seps: list[str] = []
    for i, (_s, e) in enumerate(spans):
        body = d[e: spans[i + 1][0]] if i + 1 < len(spans) else d[e:]
        stripped = body.rstrip()
        sep = stripped[-1:] if stripped[-1:] in "，,；;。" else ""
        seps.append(sep)
        bodies.append(stripped.rstrip("，,；;。"))
    last_sep = next((s for s in reversed(seps[:-1]) if s), "")
    if last_sep and last_sep in bodies[-1]:
        bodies[-1] = bodies[-1].split(last_sep)[0]
    groups: list[list[str]] = []
    ok = True
    for i, (value, body) in enumerate(zip(values, bodies)):
        named = _GROUP_NAME_RE.search(body)
        if named and named.start() > 0:
            body = R.etc_tail_re.sub("", body[: named.start()]) or body
            names[i] = names[i] or canonical_term(named.group(0))
        items = None
        if value and value >= 2:
            for seps_, conj in (("、", True), ("、", False), ("、，,", True)):
                cand = split_items(body, seps_, conj, tokenizer, vocab=R)
                if len(cand) == value:
                    items = cand
                    break
        if items is None:
            items = [Item(body, True)]
            if value is not None and value != 1:
                ok = False
        groups.append(trim_group(items, "", echo, tokenizer, R))
    components = [c for g in groups for c in g]
    nested = tuple((name, tuple(group)) for name, group in zip(names, groups)
                   if name and name != sh.term and len(group) >= 2 and _shape(name, R).expected == len(group))
    return Structure(components, groups, expected, "ok" if ok else "mismatch", nested)


def _spelled_label(value: int, R: Numerals) -> re.Pattern[str]:
    """A part's label written with a Chinese numeral of ``value`` and a short key, before a
    colon (三个坚持：): the label is the group's name."""
    chars = "".join(ch for ch in R.numerals if _number(ch, R) == value)
    if not chars:
        return re.compile(r"(?!)")
    return re.compile(rf"(?P<name>[{re.escape(chars)}][{re.escape(R.classifiers)}]?[^\s：:，,；;。“”、]{{1,6}}?)[：:]")


def _piece_labels(term: str, d: str, R: Numerals) -> Structure | None:
    """A definition that explains the term piece by piece, the pieces quoted and together
    the term: 民声一键办 <- “民声”是指…，“一”是指…，“键”是指…，“办”是指… . One part per piece,
    its text whole (nothing counts its items)."""
    labels = list(re.finditer(rf"[“\"]([^“”\"]{{1,8}})[”\"]\s*(?:{R.part_defining}|：|:)", d))
    if len(labels) < 2 or "".join(canonical_term(m.group(1)) for m in labels) != term:
        return None
    groups = []
    for i, m in enumerate(labels):
        body = d[m.end(): labels[i + 1].start() if i + 1 < len(labels) else len(d)]
        body = body.strip().rstrip("，,；;。“\" ").strip()
        if not body:
            return None
        groups.append([body])
    return Structure([g[0] for g in groups], groups, len(groups), "ok")


_GROUP_NAME_RE = re.compile(r"“[^“”]{2,12}”\s*$")


def _digit_structure(sh: TermShape, d: str, echo: list[str], tokenizer, R: Numerals) -> Structure:
    """A term of bare digits (“842”, “4321”) read against the counts the definition states:
    ``…等8大…；…等4大…；…等2大…`` -> groups of 8, 4 and 2. A clause per count (cut at
    ；, else at ，, clauses without a count being frame: 到2027年); a clause that lists as
    many items as its count gives them, a clause that only names the counted thing
    (培育4个百亿级产业集群) gives that thing, count and all."""
    counts = stated_counts(d, R)
    if not counts or "".join(str(c) for c in counts) != sh.term:
        return Structure([], [], None, "unchecked")
    clauses = [c.text for c in split_items(d, "；;", False, tokenizer, vocab=R)]
    if len(clauses) != len(counts):
        clauses = [c.text for c in split_items(d, "；;，,", False, tokenizer, vocab=R) if R.stated_re.search(c.text)]
    if len(clauses) != len(counts):
        return Structure([], [], sum(counts), "mismatch")
    groups: list[list[str]] = []
    ok = True
    for clause, n in zip(clauses, counts):
        items = split_items(clause, "、", False, tokenizer, vocab=R)
        if len(items) != n:
            items = split_items(clause, "、", True, tokenizer, vocab=R)
        if len(items) == 1 and n > 1 or n == 1:
            counted = R.stated_re.search(clause)
            if counted and len(items) == 1:
                groups.append([strip_framing(clause[counted.start():].strip(" 。.；;，,"), "", tokenizer, R)])
                continue
        if len(items) != n:
            ok = False
        groups.append(trim_group(items, "", echo, tokenizer, R))
    components = [c for g in groups for c in g]
    return Structure(components, groups, sum(counts), "ok" if ok else "mismatch")
