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

from kg.model import Section, Sentence

MAX_SENTENCE = 500

_CN_NUM = "一二三四五六七八九十"
_TOP_HEADING_RE = re.compile(f"[{_CN_NUM}]{{1,3}}、")
_MAX_TOP_HEADING = 40
_MAX_BARE_HEADING = 25
_STOP_RE = re.compile("[。！？；!?;]")
_BARE_PUNCT_RE = re.compile("[，,。！？；!?;]")

_GLOSSARY_RE = re.compile(r"^(?:附件[一二三四五六七八九十\d]*[：:]?)?(?:名词解释|名词注释|名词说明|注释|注解)[：:]?$")
_SELF_RE = re.compile(r"自身建设|政府建设")
_REVIEW_RE = re.compile(r"回顾|成绩|成就|过去[的一五]|一年来|(?<!做好)\d{4}年(?:的)?(?:工作)?(?:总结|情况)")
_PLAN_RE = re.compile(r"安排|部署|任务|打算|目标|重点工作|以下工作|总体要求|做好.{0,12}工作"
                      r"|今后|明年|\d{4}年(?:的)?(?:政府)?工作[：:]?$")
_PREAMBLE_CUE_RE = re.compile(r"向大会.{0,4}报告|请予审议|各位代表[：:]|人民代表大会.{0,12}会议上")
_REVIEW_CUE_RE = re.compile(r"一年来|过去一年|过去的一年|这一年|回顾|取得.{0,6}成[绩效就]")
_PLAN_CUE_RE = re.compile(r"重点抓好|主要预期目标|总体要求|指导思想|力争")

_SENTENCE_RE = re.compile("[^。！？；!?;\n]+(?:[。！？；!?;]+[”’」』）)》〉\"']*)?|[。！？；!?;]+[”’」』）)》〉\"']*")
_SOFT_BREAK = "，,、：:"


def split_sections(text: str) -> list[Section]:
    """Contiguous sections covering ``text`` in order; ``[]`` for empty text."""
    if not text:
        return []
    starts: list[tuple[int, str, str]] = []  # (offset, kind, title)
    current = ""
    for offset, line in _lines(text):
        kind = _heading_kind(line, current)
        if kind is None:
            continue
        starts.append((offset, kind, line))
        current = kind
        if kind == "glossary":
            break
    if not starts or starts[0][0] > 0:
        head_end = starts[0][0] if starts else len(text)
        starts.insert(0, (0, _leading_kind(text[:head_end], bool(starts)), ""))
    ends = [s[0] for s in starts[1:]] + [len(text)]
    return [Section(kind, title, start, end) for (start, kind, title), end in zip(starts, ends)]


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


def _heading_kind(line: str, current: str) -> str | None:
    """The kind of section ``line`` opens, or None when it is not a top-level heading.

    A numbered heading always opens a section; a bare one only when it changes the
    kind (``2023年重点抓好以下工作：`` inside a plan is not a new section)."""
    if _GLOSSARY_RE.match(line):
        return "glossary"
    if _TOP_HEADING_RE.match(line) and len(line) <= _MAX_TOP_HEADING and not _STOP_RE.search(line):
        return _title_kind(line[line.index("、") + 1:]) or "other"
    if len(line) > _MAX_BARE_HEADING or _BARE_PUNCT_RE.search(line):
        return None
    kind = _title_kind(line)
    return kind if kind and kind != current else None


def _title_kind(title: str) -> str | None:
    if _GLOSSARY_RE.match(title):
        return "glossary"
    if _SELF_RE.search(title):
        return "self"
    if _REVIEW_RE.search(title):
        return "review"
    if _PLAN_RE.search(title):
        return "plan"
    return None


def _leading_kind(head: str, has_headings: bool) -> str:
    """Text before the first heading: a preamble, or (a page that starts inside the
    report, e.g. a newspaper continuation) review or plan text when its cues say so."""
    if _PREAMBLE_CUE_RE.search(head[:2000]):
        return "preamble"
    review = len(_REVIEW_CUE_RE.findall(head))
    plan = len(_PLAN_CUE_RE.findall(head))
    if review >= 2 and review > plan:
        return "review"
    if plan >= 2 and plan > review:
        return "plan"
    return "preamble" if has_headings and len(head) < 300 else "other"


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
