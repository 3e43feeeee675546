"""Split a normalised report into its top-level sections and its sentences.

Sections follow the shape of the genre: preamble (title block, salutation), review of
last year, plan for this year, government self-building, glossary. A section starts
at a top-level heading line: a Chinese-numeral heading (``一、…``) or a short bare line
that names a part (``2023年工作回顾``, ``加强政府自身建设``, ``名词解释``). Sub-headings
(``（一）…``) never start a section. The glossary runs to the end of the text.

Sentences end at ``。！？；`` (and their ASCII forms), keeping closing quotes and
brackets, and at every line break; ``：`` does not end a sentence inside a line, but a
heading ending with ``：`` is its own line and so its own sentence. A run longer than
:data:`MAX_SENTENCE` characters is cut at the last comma within the limit, or at the
limit, so that splitting stays linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.genre import Vocabulary, either
from kg.genre import default as default_vocabulary
from kg.model import Section, Sentence

MAX_SENTENCE = 500

_CN_NUM = "一二三四五六七八九十"
TOP_HEADING_RE = re.compile(f"[{_CN_NUM}]{{1,3}}、")
_MAX_TOP_HEADING = 40
_MAX_BARE_HEADING = 25
_STOP_RE = re.compile("[。！？；!?;]")
_BARE_PUNCT_RE = re.compile("[，,。！？；!?;]")


@dataclass(frozen=True)
class Rules:
    """What a heading of each kind says, and the cues of text before the first
    heading, built from one vocabulary (``report.*`` tables) by :func:`rules`."""

    glossary: re.Pattern[str]  # report.glossary_titles, report.annex
    self_building: re.Pattern[str]  # report.self_titles
    review: re.Pattern[str]  # report.review_titles
    plan: re.Pattern[str]  # report.plan_titles
    preamble_cue: re.Pattern[str]  # report.preamble_cues
    review_cue: re.Pattern[str]  # report.review_cues
    plan_cue: re.Pattern[str]  # report.plan_cues


def glossary_heading(vocab: Vocabulary, titles: str) -> str:
    """A glossary heading line, ``titles`` the alternation of its titles: an annex number
    (附件2：), a quoted title (《政府工作报告》) and a few more words (有关内容, 中的20个) may come
    before the title, a colon after it; nothing else is on the line."""
    annex = either(vocab.words("report.annex"))
    return (rf"(?:{annex}[{_CN_NUM}\d]*[：:、]?)?(?:《[^》\n]{{1,40}}》)?[^，,。；;：:！？!?“”\s]{{0,20}}?"
            rf"(?:{titles})[ \t\u3000]*[：:]?")


def rules(vocab: Vocabulary) -> Rules:
    """Compile the rules for ``vocab`` (once per vocabulary: ``vocab.compiled``)."""
    return Rules(
        glossary=re.compile(rf"^{glossary_heading(vocab, vocab.alt('report.glossary_titles'))}$"),
        self_building=re.compile(vocab.alt("report.self_titles")),
        review=re.compile("|".join(vocab.patterns("report.review_titles"))),
        plan=re.compile("|".join(vocab.patterns("report.plan_titles"))),
        preamble_cue=re.compile("|".join(vocab.patterns("report.preamble_cues"))),
        review_cue=re.compile("|".join(vocab.patterns("report.review_cues"))),
        plan_cue=re.compile(vocab.alt("report.plan_cues")),
    )


_SENTENCE_RE = re.compile("[^。！？；!?;\n]+(?:[。！？；!?;]+[”’」』）)》〉\"']*)?|[。！？；!?;]+[”’」』）)》〉\"']*")
_SOFT_BREAK = "，,、：:"


def split_sections(text: str, vocab: Vocabulary | None = None) -> list[Section]:
    """Contiguous sections covering ``text`` in order; ``[]`` for empty text. What a
    heading says is read from ``vocab`` (default: the package vocabulary)."""
    if not text:
        return []
    r = (vocab if vocab is not None else default_vocabulary()).compiled("corpus.sections", rules)
    starts: list[tuple[int, str, str]] = []  # (offset, kind, title)
    current = ""
    for offset, line in _lines(text):
        kind = _heading_kind(line, current, r)
        if kind is None:
            continue
        starts.append((offset, kind, line))
        current = kind
        if kind == "glossary":
            break
    if not starts or starts[0][0] > 0:
        head_end = starts[0][0] if starts else len(text)
        starts.insert(0, (0, _leading_kind(text[:head_end], bool(starts), r), ""))
    ends = [s[0] for s in starts[1:]] + [len(text)]
    return [Section(_kind_by_body(text, kind, start, end, r), title, start, end)
            for (start, kind, title), end in zip(starts, ends)]


_BODY_START = 3000  # a section's body cues are read in this many characters after its heading


def _kind_by_body(text: str, kind: str, start: int, end: int, r: Rules) -> str:
    """An ``other`` section (a slogan for a heading) takes the kind its first lines tell:
    the earliest review or plan cue of the body (一年来 …; 今年 …)."""
    if kind != "other":
        return kind
    body = text[start:min(end, start + _BODY_START)]
    review, plan = r.review_cue.search(body), r.plan_cue.search(body)
    if review and (not plan or review.start() < plan.start()):
        return "review"
    return "plan" if plan else kind


def split_sentences(text: str, sections: list[Section]) -> list[Sentence]:
    """Sorted, disjoint sentences covering the non-blank text, tagged with the kind of
    the section each starts in."""
    bounds = sorted((s.start, s.end, s.kind) for s in sections)
    out: list[Sentence] = []
    i = 0
    for start, end in _sentence_spans(text):
        while i < len(bounds) and bounds[i][1] <= start:
            i += 1
        kind = bounds[i][2] if i < len(bounds) and bounds[i][0] <= start else "other"
        out.append(Sentence(start, end, kind))
    return out


# --- sections ----------------------------------------------------------------------

def _lines(text: str):
    """(offset, line) for every line of ``text``, stripped of surrounding spaces."""
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            yield offset + len(raw) - len(raw.lstrip()), stripped
        offset += len(raw) + 1


def _heading_kind(line: str, current: str, r: Rules) -> str | None:
    """The kind of section ``line`` opens, or None when it is not a top-level heading.

    A numbered heading always opens a section; a bare one only when it changes the
    kind (``2023年重点抓好以下工作：`` inside a plan is not a new section)."""
    if r.glossary.match(line):
        return "glossary"
    if TOP_HEADING_RE.match(line) and len(line) <= _MAX_TOP_HEADING and not _STOP_RE.search(line):
        return _title_kind(line[line.index("、") + 1:], r) or "other"
    if len(line) > _MAX_BARE_HEADING or _BARE_PUNCT_RE.search(line):
        return None
    kind = _title_kind(line, r)
    return kind if kind and kind != current else None


def _title_kind(title: str, r: Rules) -> str | None:
    if r.glossary.match(title):
        return "glossary"
    if r.self_building.search(title):
        return "self"
    if r.review.search(title):
        return "review"
    if r.plan.search(title):
        return "plan"
    return None


def _leading_kind(head: str, has_headings: bool, r: Rules) -> str:
    """Text before the first heading: a preamble, or (a page that starts inside the
    report, e.g. a newspaper continuation) review or plan text when its cues say so."""
    if r.preamble_cue.search(head[:2000]):
        return "preamble"
    review = len(r.review_cue.findall(head))
    plan = len(r.plan_cue.findall(head))
    if review >= 2 and review > plan:
        return "review"
    if plan >= 2 and plan > review:
        return "plan"
    return "preamble" if has_headings and len(head) < 300 else "other"


# --- glossary entries (read here: the genre check and the glossary reader share them) ---

NUMBER_RE = re.compile(
    r"^[ \t\u3000]*(?:"
    r"[［\[〔【]\s*(\d{1,3})\s*[］\]〕】]"  # ［1］ 〔1〕 [1] 【1】: notes
    r"|[（(]\s*(\d{1,3})\s*[)）]"  # (1) （1）
    r"|[（(]?\s*(\d(?:\s?\d){0,2})\s*[.．、)）]"  # 1. 1． 1、 1)
    r"|([①-⑳])"  # ①
    r")[ \t\u3000]*")
MIN_RUN = 3  # numbered entries in a row that make a glossary without a heading
MAX_TERM_HEAD = 40  # a term heading is short; a colon further in belongs to the definition
PAGE_REF_RE = re.compile(r"[（(]\s*[PpＰｐ]\s*\d+(?:\s*[-—–,，]\s*\d+)?\s*[）)]")


def number_of(m: re.Match[str]) -> int | None:
    """The number of an entry-number match of :data:`NUMBER_RE` (① is 1)."""
    if m.group(4):
        return ord(m.group(4)) - ord("①") + 1
    digits = m.group(1) or m.group(2) or m.group(3)
    return int(re.sub(r"\s", "", digits)) if digits else None


def looks_like_head(line: str) -> bool:
    """``term（Pn）`` or a short ``term：`` at the start of a line."""
    head = line.strip()[:MAX_TERM_HEAD]
    if PAGE_REF_RE.search(head):
        return True
    m = re.search(r"[:：]", head)
    return bool(m) and 1 < m.start() <= 20 and not re.search(r"[，,。；;]", head[: m.start()])


def glossary_entry_run(text: str) -> int | None:
    """The offset of the first line of the first run of :data:`MIN_RUN` entries
    numbered 1, 2, 3 … (or continuing any number), each with a short term head;
    continuation lines may stand between them."""
    pos = 0
    run_start, expected, count = 0, 0, 0
    for line in text.split("\n"):
        here = pos
        pos += len(line) + 1
        m = NUMBER_RE.match(line)
        number = number_of(m) if m else None
        if number is not None and looks_like_head(line[m.end():]) and (count == 0 or number == expected):
            if count == 0:
                run_start = here
            count += 1
            expected = number + 1
            if count >= MIN_RUN:
                return run_start
            continue
        if number is not None or TOP_HEADING_RE.match(line.strip()):
            count = 0
    return None


# --- sentences ---------------------------------------------------------------------

def _sentence_spans(text: str):
    """(start, end) of every sentence, long runs cut at :data:`MAX_SENTENCE`."""
    for m in _SENTENCE_RE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start] in " \t":
            start += 1
        while end > start and text[end - 1] in " \t":
            end -= 1
        if start < end:
            yield from _cut_long(text, start, end)


def _cut_long(text: str, start: int, end: int):
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = max(text.rfind(c, start + 1, limit) for c in _SOFT_BREAK) + 1
        if cut <= start + 1:
            cut = limit
        yield start, cut
        start = cut
    yield start, end
