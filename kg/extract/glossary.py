"""Reading a report's glossary (名词解释 / 注释 / a newspaper's list of its terms).

Work reports end with a glossary that expands the condensed terms of the speech; it is
the most reliable source of what an abbreviation means in that report. Its layouts vary
(issue 15, DOMAIN.md): a heading or none (附件2名词解释, 《政府工作报告》有关内容名词注释, a
news article's 关键词： blocks, or a run of numbered entries alone); numbering ``1.`` ``1．``
``1、`` ``(1)`` ``［1］`` ``〔1〕`` ``①`` or none; ``term（Pn）：definition`` on one line, the term
alone on its line, entries broken across lines; notes that name no term and belong to the
term their marker follows in the body (“三单制”［22］ … ［22］问题清单、…); terms with digits and
plus signs (OCR ``l+N``); one heading defining several terms (``“两高”“一剩”``).

The reader is line-based and linear: a line that starts an entry (a number, a
``term（Pn）`` / ``term：`` head, a term label, a term alone before its paragraph) opens an
entry, any other line continues the open one, and the glossary ends at what a glossary
never holds (web chrome, another appendix's fields, the report's opening repeated, a
numbering that starts again). What cannot be read is reported as a warning naming the
report and the line, never guessed (the "nothing invented" rule of the issue).

The words (headings, defining words, labels, chrome, appendix fields, level prefixes)
are the vocabulary's ``report.*`` and ``abbreviations.*`` tables; every function takes an
optional ``vocab`` (``None``: the package vocabulary).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.corpus.sections import NUMBER_RE as _NUMBER_RE
from kg.corpus.sections import PAGE_REF_RE as _PAGE_RE
from kg.corpus.sections import TOP_HEADING_RE
from kg.corpus.sections import MAX_TERM_HEAD, MIN_RUN, glossary_entry_run, glossary_heading, looks_like_head, number_of
from kg.extract.numerals import canonical_term, tidy
from kg.extract.numerals import rules as numeral_rules
from kg.genre import Vocabulary, char_class
from kg.genre import default as default_vocabulary
from kg.model import Report

_CN_HEADING_RE = re.compile(rf"^[ \t\u3000]*{TOP_HEADING_RE.pattern}")  # another list: 一、…
_COLON_RE = re.compile(r"[:：]")
_FINAL_RE = re.compile(r"[。！？!?；;…”’）)]\s*$")
_PUNCT_RE = re.compile(r"[，,。！？!?；;：:、…“”\"（）()《》]")
_PLUS_HEAD_RE = re.compile(r"^([0-9lI]+(?:\s*\+\s*(?:[0-9]+|[NXnx]))+)(.*)$")
_QUOTED_RE = re.compile(r"[“\"]([^”\"]+)[”\"]")
_GLOSS_RE = re.compile(r"\s*[（(][^（()）]{1,12}[）)]\s*$")
_MARKED_RE = re.compile(r"“([^“”\n]{1,24})”(?:［(\d{1,3})］|〔(\d{1,3})〕|\[(\d{1,3})\]|【(\d{1,3})】|([①-⑳]))")
MAX_HEAD = MAX_TERM_HEAD  # a term heading is short; a colon further in belongs to the definition
MAX_HEADING_LINE = 20  # a bare line this short after a finished entry is a new heading


@dataclass(frozen=True, eq=False)
class _Rules:
    """The vocabulary this module reads, compiled once per vocabulary (:func:`_rules`)."""

    heading_re: re.Pattern[str]  # a glossary heading alone on its line
    defining_re: re.Pattern[str]  # a defining word (entries without a colon)
    definition_start_re: re.Pattern[str]  # a line that opens a definition (指…, 是指…)
    level_prefix_re: re.Pattern[str]  # an administrative level before a term's numeral
    joiners: str  # what joins the quoted terms of a heading (、, 和 …)
    chrome_re: re.Pattern[str]  # a line of web-page chrome (扫一扫, 打印本页): the glossary is over
    field_re: re.Pattern[str]  # a field of an appendix item (年度目标：): the glossary is over
    title_re: re.Pattern[str]  # the report's title repeated: the glossary is over
    opening_re: re.Pattern[str]  # the report's opening repeated (——date…会议上, 各位代表): over too
    termish_re: re.Pattern[str]  # what a term alone on its line holds: a quote, a digit, a Latin letter, a numeral
    term_label_re: re.Pattern[str]  # 关键词： before a term in a newspaper's list
    definition_label_re: re.Pattern[str]  # 名词解释： before its definition
    quote_label_re: re.Pattern[str]  # 报告强调： before a quotation of the report


def _spaced(words) -> str:
    """The words as one alternation allowing spaces between characters (PDF text:
    名 词 解 释), beginnings shared by several words written once
    (``名\\s*词\\s*(?:解\\s*释|注\\s*释)|注\\s*释``)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branches(node: dict) -> list[str]:
        out = []
        for ch, sub in node.items():
            if ch == "":
                continue
            rest = branches(sub)
            tail = ""
            if rest:
                tail = r"\s*" + (rest[0] if len(rest) == 1 else "(?:" + "|".join(rest) + ")")
                if "" in sub:
                    tail = f"(?:{tail})?"
            out.append(re.escape(ch) + tail)
        return out

    return "|".join(branches(trie))


def _build(v: Vocabulary) -> _Rules:
    t = "abbreviations."
    numerals = char_class(numeral_rules(v).numerals)
    leads = v.alt(t + "part_defining_words")
    return _Rules(
        heading_re=re.compile(
            rf"^[ \t\u3000]*{glossary_heading(v, _spaced(v.words('report.glossary_titles')))}[ \t\u3000]*$",
            re.MULTILINE),
        defining_re=re.compile(v.alt(t + "defining_words")),
        definition_start_re=re.compile(rf"^[ \t\u3000]*(?:{leads})"),
        level_prefix_re=re.compile(rf"^(?:{v.alt(t + 'level_prefixes')})(?=[{numerals}0-9])"),
        joiners="、" + "".join(w for w in v.words(t + "conjunctions") if len(w) == 1),
        chrome_re=re.compile(rf"^[ \t\u3000]*(?:{v.alt('report.page_chrome')}|(?:{v.alt('report.editor_credits')})[：:])"),
        field_re=re.compile(rf"^[ \t\u3000]*(?:{v.alt(t + 'glossary_field_labels')})[ \t\u3000]*[：:]"),
        title_re=re.compile("|".join(v.patterns("report.running_title"))),
        termish_re=re.compile(rf"[“\"0-9A-Za-z{numerals}]"),
        term_label_re=re.compile(rf"^[ \t\u3000]*(?:{v.alt(t + 'glossary_term_labels')})[ \t\u3000]*[：:][ \t\u3000]*",
                                   re.MULTILINE),
        definition_label_re=re.compile(
            rf"^[ \t\u3000]*(?:{v.alt(t + 'glossary_definition_labels')})[ \t\u3000]*[：:][ \t\u3000]*"),
        quote_label_re=re.compile(rf"^[ \t\u3000]*(?:{v.alt(t + 'glossary_quote_labels')})[ \t\u3000]*[：:]"),
        opening_re=re.compile("|".join([*v.patterns("report.subtitle_opening"), *v.patterns("report.subtitle_closing"),
                                        f"^(?:{v.alt('report.salutations')})"])),
    )


def _rules(vocab: Vocabulary | None) -> _Rules:
    return (vocab if vocab is not None else default_vocabulary()).compiled("extract.glossary", _build)


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary entry as written: its terms, heading and definition, and where it is."""

    number: int | None
    heading: str  # tidy heading as written, quotes kept: “三无”小区
    terms: tuple[str, ...]  # canonical terms defined: ("三无",)
    head: str  # what the heading adds to the terms: 小区, 党建, 工作体系
    definition: str  # tidy definition text
    text: str  # tidy text of the whole entry (the evidence sentence)
    start: int  # span of the entry in report.text
    end: int
    line: int  # 1-based line of report.text where the entry starts


@dataclass
class _Raw:
    number: int | None
    start: int
    end: int
    line: int
    parts: list[str]  # the entry without its number, line by line
    lead: str = ""  # the number as written (``12.``), for the evidence text
    note: bool = False  # numbered like a note (［3］): the term may stand in the body
    alone: bool = False  # the term alone on its line, the definition below it
    closed: bool = False  # what follows (a quotation of the report) is not the entry's


def glossary_span(report: Report, vocab: Vocabulary | None = None) -> tuple[int, int] | None:
    """Where the glossary is: the section the splitter marked ``glossary``, else the
    text after the last glossary heading line, else (a newspaper's list of terms, a
    page of notes without a heading) the text from the first run of at least
    :data:`kg.corpus.sections.MIN_RUN` consecutively numbered ``term：definition`` entries,
    else from the first of at least two term labels (关键词：). A report without one is
    normal."""
    G = _rules(vocab)
    starts = [sec.start for sec in report.sections if sec.kind == "glossary"][:1]
    if not starts:
        starts = [m.start() for m in G.heading_re.finditer(report.text)][-1:]
    run = glossary_entry_run(report.text)
    if run is not None:
        starts.append(run)
    for find in (_unnumbered_run, _alone_run):
        run = find(report.text, G)
        if run is not None:
            starts.append(run)
    labels = [m.start() for m in G.term_label_re.finditer(report.text)]
    if len(labels) >= 2:  # a newspaper's 关键词： blocks
        starts.append(labels[0])
    return (min(starts), len(report.text)) if starts else None


_HEAD_COLON_RE = re.compile(r"^[ \t\u3000]*([^，,。；;：:！？!?]{2,14})[：:](.{8,})")


def _unnumbered_run(text: str, G: _Rules) -> int | None:
    """The first of :data:`~kg.corpus.sections.MIN_RUN` consecutive lines ``term：definition``
    without numbers (a newspaper's list of terms): a short term, a definition of a few
    words, no appendix field (年度目标：) and no salutation (各位代表：)."""
    pos, start, count = 0, 0, 0
    for line in text.split("\n"):
        here = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        m = _HEAD_COLON_RE.match(line)
        if m and not G.field_re.match(line) and not G.opening_re.search(line) and not G.chrome_re.match(line):
            if count == 0:
                start = here
            count += 1
            if count >= MIN_RUN:
                return start
        else:
            count = 0
    return None


_SUBHEADING_RE = re.compile(r"^[ \t\u3000]*[（(][一二三四五六七八九十\d]{1,3}[）)]")


def _alone_run(text: str, G: _Rules) -> int | None:
    """The first of :data:`~kg.corpus.sections.MIN_RUN` terms alone on their lines, each
    followed by its paragraph (a newspaper's list of terms without a heading or numbers):
    a term line is short, has no sentence punctuation, and is quoted or holds a digit, a
    Latin letter or a Chinese numeral (“瞪羚”企业, 8+4, RCEP, 十大行动: the genre's terms are
    numeric abbreviations) — a report's own sub-headings are longer words."""
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
    start, count = 0, 0
    for i, (offset, line) in enumerate(lines):
        stripped = line.strip()
        following = lines[i + 1][1] if i + 1 < len(lines) else ""
        term = len(stripped) <= 16 and _term_line(line) and bool(G.termish_re.search(stripped)) \
            and not _CN_HEADING_RE.match(line) and not _SUBHEADING_RE.match(line)
        if term and _paragraph(following, G) and not _term_line(following):
            if count == 0:
                start = offset
            count += 1
            if count >= MIN_RUN:
                return start
        elif not (count and _paragraph(line, G)):
            count = 0
    return None


def parse_glossary(report: Report, vocab: Vocabulary | None = None) -> tuple[list[GlossaryEntry], list[str]]:
    """The entries of a report's glossary and a warning for everything that could not
    be read (``"<report id>: glossary line N: …"``)."""
    span = glossary_span(report, vocab)
    if span is None:
        return [], []
    start, end = span
    body_start = _skip_heading(report.text, start, end, _rules(vocab))
    return parse_entries(report.text, body_start, end, report.id, vocab)


def _skip_heading(text: str, start: int, end: int, G: _Rules) -> int:
    m = G.heading_re.match(text, start, end)
    if m:
        return m.end()
    return start


def parse_entries(text: str, start: int, end: int, report_id: str,
                  vocab: Vocabulary | None = None) -> tuple[list[GlossaryEntry], list[str]]:
    """Entries in ``text[start:end]`` (offsets stay those of ``text``).

    A line opens an entry when it is numbered, or when it is a ``term：`` /
    ``term（Pn）`` head after a finished entry; any other line continues the open entry.
    The glossary is over at what a glossary never holds: web-page chrome, the field of
    another appendix's item (年度目标：), a numbering that starts again at 1, a
    Chinese-numbered list (一、), the report's title repeated, or a short bare heading
    after a finished entry that is not followed by a definition."""
    G = _rules(vocab)
    warnings: list[str] = []
    raws: list[_Raw] = []
    lines = text[start:end].split("\n")
    expect_term = False
    line_no = text.count("\n", 0, start) + 1
    pos = start
    for i, line in enumerate(lines):
        here = pos
        pos += len(line) + 1
        this_line, line_no = line_no, line_no + 1
        if not line.strip():
            continue
        if expect_term:  # the line after a bare 关键词： is the term
            expect_term = False
            raws.append(_Raw(None, here, here + len(line), this_line, [line], alone=True))
            continue
        label = G.term_label_re.match(line)
        if label:  # 关键词：(term) — the term here or on the next line
            if raws:
                raws[-1].closed = True
            expect_term = not line[label.end():].strip()
            if not expect_term:
                raws.append(_Raw(None, here, here + len(line), this_line, [line[label.end():]], line[:label.end()],
                                 alone=True))
            continue
        if G.quote_label_re.match(line):
            if raws:
                raws[-1].closed = True
            continue
        defined = G.definition_label_re.match(line)
        if defined and raws and raws[-1].alone:
            raws[-1].parts.append(line)  # the label is dropped when the entry is read
            raws[-1].end = here + len(line)
            continue
        following = next((x for x in lines[i + 1:] if x.strip()), "")
        alone_layout = bool(raws) and all(r.alone for r in raws)
        if raws and _ends_glossary(line, following, raws, alone_layout, G):
            if G.field_re.match(line) and len(raws[-1].parts) == 1 and not _COLON_RE.search(raws[-1].parts[0]):
                raws.pop()  # the title of the appendix item, not an entry
            break
        number, rest_at, note = _entry_number(line, raws)
        if number is not None:
            raws.append(_Raw(number, here, here + len(line), this_line, [line[rest_at:]], line[:rest_at], note))
            continue
        if looks_like_head(line) and (not raws or _complete(raws[-1]) or raws[-1].closed):
            raws.append(_Raw(None, here, here + len(line), this_line, [line]))
            warnings.append(_warn(report_id, this_line, "entry without a number"))
            continue
        if (not raws or alone_layout) and _term_line(line) and _paragraph(following, G):
            raws.append(_Raw(None, here, here + len(line), this_line, [line], alone=True))
            continue
        if not raws:
            if not G.heading_re.match(line):
                warnings.append(_warn(report_id, this_line, "text before the first entry ignored"))
            continue
        if raws[-1].closed:
            continue
        raws[-1].parts.append(line)
        raws[-1].end = here + len(line)
    entries = []
    expected = 1
    marked = _marked_terms(text, start) if any(raw.note for raw in raws) else {}
    for raw in raws:
        if raw.number is not None:
            if raw.number != expected:
                warnings.append(_warn(report_id, raw.line, f"entry number {raw.number} where {expected} was expected"))
            expected = raw.number + 1
        else:
            expected += 1
        entry, problems = _read_entry(text, raw, G, marked)
        warnings.extend(_warn(report_id, raw.line, p) for p in problems)
        if entry is not None:
            entries.append(entry)
    return entries, warnings


def _marked_terms(text: str, end: int) -> dict[int, str]:
    """Note numbers and the quoted terms they follow in the body (“三单制”［22］, “两业融合”④):
    a note that does not repeat its term explains the term its marker follows."""
    found: dict[int, str] = {}
    for m in _MARKED_RE.finditer(text, 0, end):
        mark = next(g for g in m.groups()[1:] if g)
        number = ord(mark) - ord("①") + 1 if "①" <= mark <= "⑳" else int(mark)
        found.setdefault(number, m.group(1))
    return found


def _ends_glossary(line: str, following: str, raws: list[_Raw], alone_layout: bool, G: _Rules) -> bool:
    """Whether ``line`` (after at least one entry) is past the end of the glossary;
    ``following`` is the next non-blank line. In a list of terms alone on their lines
    (a newspaper's), a short bare line before a paragraph is the next term."""
    if G.chrome_re.match(line) or G.field_re.match(line) or _CN_HEADING_RE.match(line):
        return True
    stripped = line.strip()
    if G.title_re.search(stripped) or G.heading_re.match(line) or G.opening_re.search(stripped):
        return True
    m = _NUMBER_RE.match(line)
    if m:
        number = number_of(m)
        return number == 1 and len(raws) >= 2 and (raws[-1].number or 0) > 1
    if len(stripped) <= MAX_HEADING_LINE and not _PUNCT_RE.search(stripped) and \
            (_complete(raws[-1]) or raws[-1].closed):
        if alone_layout and _paragraph(following, G):
            return False
        return not G.definition_start_re.match(following)
    return False


def _term_line(line: str) -> bool:
    """A line that can be a term alone: short, no sentence punctuation, no final mark."""
    stripped = line.strip()
    return 2 <= len(stripped) <= MAX_HEAD and not re.search(r"[，,。；;！？!?]", stripped) \
        and not _FINAL_RE.search(stripped.rstrip("”’"))


def _paragraph(line: str, G: _Rules) -> bool:
    """A line that can be a definition below a term alone: long, or a finished sentence,
    or one that opens with a defining word or label."""
    stripped = line.strip()
    return len(stripped) > MAX_HEAD or bool(_FINAL_RE.search(stripped)) \
        or bool(G.definition_start_re.match(stripped)) or bool(G.definition_label_re.match(stripped))


def _warn(report_id: str, line: int, message: str) -> str:
    return f"{report_id}: glossary line {line}: {message}"


def _entry_number(line: str, raws: list[_Raw]) -> tuple[int | None, int, bool]:
    """The number that opens an entry, if the line opens one, where the entry's text
    starts, and whether the number is a note's (［3］). ``1.5亿元…`` continues a
    definition: after ``N.`` a digit only starts a term (``2.1+3工作体系``) when the
    number is the next one or the line has a term head."""
    m = _NUMBER_RE.match(line)
    if not m:
        return None, 0, False
    number = number_of(m)
    rest = line[m.end():]
    if number is None or not rest.strip():
        return None, 0, False
    expected = (raws[-1].number or 0) + 1 if raws else 1
    note = bool(m.group(1) or m.group(4))
    if m.group(3) and rest.lstrip()[:1].isdigit() and number != expected and not looks_like_head(rest):
        return None, 0, False
    if number > expected + 5 and not note and not looks_like_head(rest):
        return None, 0, False
    return number, m.end(), note


def _complete(raw: _Raw) -> bool:
    """Whether the open entry ends with final punctuation. Only its last non-blank line
    can hold the end (joining every line each time made long glossaries quadratic)."""
    last = next((part for part in reversed(raw.parts) if part.strip()), "")
    return bool(_FINAL_RE.search(last))


def _read_entry(text: str, raw: _Raw, G: _Rules,
                marked: dict[int, str] | None = None) -> tuple[GlossaryEntry | None, list[str]]:
    """Split one entry into heading and definition (page reference, else colon, else the
    term a note's marker follows in the body, else the first line alone, else a defining
    verb) and read the terms from the heading."""
    problems: list[str] = []
    joined = tidy("".join(raw.parts))
    head_zone = joined[:MAX_HEAD]
    page = _PAGE_RE.search(head_zone)
    colon = _COLON_RE.search(head_zone)
    by_marker = (marked or {}).get(raw.number) if raw.note and raw.number is not None else None
    if raw.alone and len(raw.parts) > 1:
        heading = tidy(raw.parts[0])  # the term alone on its line, the definition below
        later = raw.parts[1:]  # from its 名词解释： label when a stray line comes first
        k = next((i for i, part in enumerate(later) if G.definition_label_re.match(part)), 0)
        below = "".join(G.definition_label_re.sub("", part, count=1) for part in later[k:])
        definition = G.definition_start_re.sub("", tidy(below), count=1)
    elif by_marker and not page and not colon:
        heading, definition = f"“{by_marker}”", G.definition_start_re.sub("", joined, count=1)
    elif page:
        heading, definition = joined[: page.start()], joined[page.end():]
        if not definition.lstrip().startswith((":", "：")):
            problems.append("no colon after the page reference")
        definition = definition.lstrip(" :：")
    elif colon:
        heading, definition = joined[: colon.start()], joined[colon.end():]
    elif len(raw.parts) > 1 and len(tidy(raw.parts[0])) <= MAX_HEAD and not _FINAL_RE.search(raw.parts[0]):
        heading = tidy(raw.parts[0])  # the term alone on its line, the definition below
        definition = G.defining_re.sub("", tidy("".join(raw.parts[1:])), count=1) \
            if G.defining_re.match(tidy("".join(raw.parts[1:]))) else tidy("".join(raw.parts[1:]))
    else:
        verb = G.defining_re.search(joined[:30])
        if not verb or verb.start() == 0:
            problems.append("no colon: cannot tell the term from its definition; entry skipped")
            return None, problems
        heading, definition = joined[: verb.start()], joined[verb.start():]
        problems.append("no colon between term and definition")
    heading, definition = heading.strip(), definition.strip()
    if not definition:
        problems.append(f"entry {heading or '?'} has no definition; skipped")
        return None, problems
    terms, head = _split_heading(heading, G)
    if not terms:
        problems.append("entry has no term; skipped")
        return None, problems
    if not _FINAL_RE.search(definition):
        problems.append(f"entry {terms[0]} seems cut off (no final punctuation)")
    return GlossaryEntry(raw.number, heading, tuple(terms), head, definition, tidy(raw.lead) + joined,
                         raw.start, raw.end, raw.line), problems


def split_heading(heading: str, vocab: Vocabulary | None = None) -> tuple[list[str], str]:
    """Terms of a heading and what the heading adds to them.

    * quoted terms are the terms: ``“三无”小区`` -> 三无 (head 小区), ``党建“五化”``
      -> 五化 (head 党建), ``“两高”“一剩”`` -> 两高, 一剩;
    * else a leading plus-form is the term: ``1+3工作体系`` -> 1+3 (head 工作体系);
    * else the heading, cut at 、 into several terms, a level prefix dropped
      (``省五个200`` -> 五个200, ``市三基、五化`` -> 三基, 五化)."""
    return _split_heading(heading, _rules(vocab))


def _split_heading(heading: str, G: _Rules) -> tuple[list[str], str]:
    h = tidy(heading)
    quoted = [part for q in _QUOTED_RE.findall(h) for part in re.split(r"[、/]", q) if canonical_term(part)]
    if quoted:
        head = _QUOTED_RE.sub(" ", h)
        head = " ".join(p for p in head.split() if p.strip(G.joiners))
        if len(quoted) > 1 and head and re.search("”“".join(map(re.escape, quoted)), h.replace('"', "")):
            # “一廊”“两带”“三区”空间布局: parts of one term written back to back, one head
            return [canonical_term("".join(quoted))], head.strip()
        return _unique(canonical_term(q) for q in quoted), head.strip()
    h = _GLOSS_RE.sub("", h) or h  # 地区生产总值（GDP）: the bracket glosses the term
    terms: list[str] = []
    heads: list[str] = []
    for part in re.split(r"[、/]", h):
        part = part.strip()
        if not part:
            continue
        part = G.level_prefix_re.sub("", part)
        m = _PLUS_HEAD_RE.match(part)
        if m:
            terms.append(canonical_term(m.group(1)))
            if m.group(2).strip():
                heads.append(m.group(2).strip())
            continue
        terms.append(canonical_term(part))
    return _unique(terms), " ".join(heads)


def _unique(items) -> list[str]:
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out
