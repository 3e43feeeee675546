"""Normalise the decoded text of a report; every offset in the project points into
the output of :func:`normalize`, so it is deterministic and idempotent
(``normalize(normalize(x)) == normalize(x)``) and never longer than its input.

Reports arrive as Word exports, PDF text and newspaper pages. What is undone here:

* encoding debris: BOM, ``\\r\\n``, NBSP / ideographic space, zero-width and control
  characters, full-width letters and digits (``ＡＢＣ１２３`` -> ``ABC123``, also ``＋ ％``);
* Word / newspaper debris: ``[bookmark: …]``, ``**bold**`` marks, continuation markers
  (``▲上接01版``, ``▶下转03版``, ``（下转第2版）``), running headers (``XX日报 2023年1月9日 第02版``,
  a bare ``政府工作报告`` line after the body began, ``责任编辑：…``) and a trailing block
  of unrelated notices from a short heading (``下列证件声明作废``, ``遗失声明``, ``公告`` …)
  that follows at least 1000 Han characters of text, to the end;
* PDF spacing: spaces are removed everywhere except between two Latin letters or
  digits (``New York``, ``GDP 4%``) and after Latin ``,.;:!?`` inside Latin text;
* broken lines: a line is joined to the next unless it ends with sentence-final
  punctuation (``。！？；：…`` optionally followed by closing quotes/brackets), is a
  heading or a title line, or the next line starts a block (heading, ``（一）``, list /
  glossary entry ``3.两新一重（P2）：``, ``——``, ``各位代表``). Blank lines carry no meaning
  (newspaper pages put them inside sentences), so the output has one paragraph or
  heading per line and no blank lines;
* punctuation in Chinese text: straight ``"`` pairs become ``“…”`` (alternating within a
  paragraph), ``「」『』`` become ``“”‘’``; an ASCII ``( )`` pair becomes ``（ ）`` when it
  holds a Han character or touches Chinese text (a lone one when it touches a Han
  character); a run of ASCII ``, : ; ? !`` touching Chinese text becomes ``，：；？！``.
  Other Chinese punctuation is left as it is;
* OCR slip ``l+N`` / ``I+6`` -> ``1+N`` / ``1+6`` (a lone l/I before ``+`` and a digit or capital).

Idempotency holds because every whole-line rule only fires on lines that the
joining rules keep on their own, and every character rule only looks at
neighbours that later rules do not change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.genre import Vocabulary
from kg.genre import default as default_vocabulary

# --- character classes -------------------------------------------------------------

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_HAN_RE = re.compile(f"[{_HAN}]")
# Chinese text context for parentheses: Han and CJK punctuation that no later rule
# produces or removes (so not ，：；？！ and not the brackets themselves).
_PAREN_CONTEXT_RE = re.compile(f"[{_HAN}、。“”‘’《》〈〉「」『』【】〔〕…—·]")
# Chinese text context for , : ; ? ! runs: Han and any CJK / full-width punctuation.
_CJK_RE = re.compile(f"[{_HAN}\u3000-\u303f\uff00-\uffef“”‘’…—·]")

_LINEBREAKS_RE = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
_SPACES_RE = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad]")
_FULLWIDTH_RE = re.compile("[０-９Ａ-Ｚａ-ｚ％＋＂]")

# --- debris ------------------------------------------------------------------------

_WORD_DEBRIS_RE = re.compile(r"\[(?:bookmark|image|footnoteRef|endnoteRef|comment)\s*[:：][^\]\n]*\]"
                             r"|\*\*")

# --- lines -------------------------------------------------------------------------

_PUNCT_ANY = "，,、。；;！!？?：:"
_HAS_PUNCT_RE = re.compile(f"[{_PUNCT_ANY}]")
_HAS_STOP_RE = re.compile("[。！!？?；;]")
_TERMINAL_RE = re.compile("[。！!？?；;：:…][”’」』）)】》〉\"'“‘]*$")
_CN_NUM = "一二三四五六七八九十"
_NUMBERED_HEADING_RE = re.compile(f"^(?:[{_CN_NUM}]{{1,3}}、|[（(][{_CN_NUM}]{{1,3}}[）)])")
_LIST_ITEM_RE = re.compile(r"\d{1,2}\s*[.．、]\s*(?!\d)")
_SHORT = 25  # a line this short without punctuation is a heading or title line
_MAX_HEADING = 40
_MAX_TITLE = 80  # no heading or title line is longer

# A notice heading only ends the report after this much Han text (a decision that
# depends only on what precedes the heading keeps the cut idempotent).
_NOTICE_MIN_PREFIX = 1000


@dataclass(frozen=True)
class Rules:
    """The regexes of :func:`normalize` that hold words of the genre, built from one
    vocabulary (``report.*`` tables) by :func:`rules`."""

    continuation: re.Pattern[str]  # report.continuation_markers
    debris: re.Pattern[str]  # Word debris or a continuation marker
    subtitle: re.Pattern[str]  # report.subtitle_opening
    subtitle_done: re.Pattern[str]  # report.subtitle_closing
    block_start: re.Pattern[str]
    header_lines: tuple[re.Pattern[str], ...]  # report.running_headers
    editor_line: re.Pattern[str]  # report.editor_credits
    running_title: re.Pattern[str]  # report.running_title
    notice: re.Pattern[str]  # report.notice_headings


def _spaced(word: str) -> str:
    """``word`` as PDF text may space it out (名 词 解 释)."""
    return r"\s*".join(map(re.escape, word))


def rules(vocab: Vocabulary) -> Rules:
    """Compile the rules for ``vocab`` (once per vocabulary: ``vocab.compiled``)."""
    continuation = re.compile("|".join(vocab.patterns("report.continuation_markers")))
    editors = vocab.alt("report.editor_credits")
    spaced = "|".join(_spaced(w) for w in vocab.words("report.spaced_glossary_titles")
                      + vocab.words("report.annex"))
    block_start = re.compile(
        f"^(?:[{_CN_NUM}]{{1,3}}、"  # 一、
        f"|[（(][{_CN_NUM}\\d]{{1,3}}[）)]"  # （一） (1)
        r"|\d{1,2}\s*[.．、]\s*(?!\d)"  # 3.两新一重 / 3、
        r"|\d{1,2}\s*[.．、].{0,40}?[（(]\s*[Pp]\s*\d+\s*[）)]"  # 2.1+6组织体系（P2）
        f"|[①-⑳]|——|{vocab.alt('report.salutations')}|{spaced}"
        f"|{editors})"
    )
    return Rules(
        continuation=continuation,
        debris=re.compile(f"{_WORD_DEBRIS_RE.pattern}|{continuation.pattern}"),
        subtitle=re.compile("|".join(vocab.patterns("report.subtitle_opening"))),
        subtitle_done=re.compile("|".join(vocab.patterns("report.subtitle_closing"))),
        block_start=block_start,
        header_lines=tuple(re.compile(p) for p in vocab.patterns("report.running_headers")),
        editor_line=re.compile(f"^(?:{editors})[：:]"),
        running_title=re.compile("|".join(vocab.patterns("report.running_title"))),
        notice=re.compile(f"(?:{vocab.alt('report.notice_headings')})[：:]?$"),
    )


# --- inline ------------------------------------------------------------------------

_HSPACE_RE = re.compile(" +")
_KEEP_AFTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%")
_KEEP_BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_LATIN_LETTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_ALNUM = _KEEP_BEFORE
_CORNER_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}
_CORNER_QUOTES_RE = re.compile("[「」『』]")
_ASCII_PAREN_RE = re.compile(r"[()]")
_PUNCT_RUN_RE = re.compile(r"[,:;?!]+")
_PUNCT_MAP = str.maketrans({",": "，", ":": "：", ";": "；", "?": "？", "!": "！"})
_OCR_ONE_RE = re.compile(r"(?<![A-Za-z0-9])[lI](?=\+[0-9A-Z])")


def normalize(text: str, vocab: Vocabulary | None = None) -> str:
    """Return the canonical form of a report's text (see the module docstring); the
    debris and block words are ``vocab``'s (default: the package vocabulary)."""
    r = (vocab if vocab is not None else default_vocabulary()).compiled("corpus.normalize", rules)
    text = _clean_characters(text)
    lines = [_strip_debris(_squeeze_spaces(line.strip(" ")), r) for line in text.split("\n")]
    lines = [line for line in lines if line]
    lines = _drop_running_headers(lines, r)
    lines = _cut_trailing_notices(lines, r)
    paragraphs = _join_lines(lines, r)
    return "\n".join(_fix_inline(p) for p in paragraphs)


# --- characters --------------------------------------------------------------------

def _clean_characters(text: str) -> str:
    """Unify line breaks and spaces, drop invisible characters, fold full-width ASCII."""
    text = _LINEBREAKS_RE.sub("\n", text)
    text = _INVISIBLE_RE.sub("", text)
    text = _SPACES_RE.sub(" ", text)
    return _FULLWIDTH_RE.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)


def _strip_debris(line: str, r: Rules) -> str:
    """Remove Word debris and continuation markers; repeated because removing one can
    close up another (``上**接01版``)."""
    while True:
        stripped = r.debris.sub("", line)
        if stripped == line:
            return line.strip(" ")
        line = stripped


def _squeeze_spaces(line: str) -> str:
    """Drop spaces except between Latin words/numbers (PDF text spaces out Chinese)."""
    return _HSPACE_RE.sub(lambda m: " " if _keep_space(line, m.start(), m.end()) else "", line)


def _keep_space(line: str, start: int, end: int) -> bool:
    if start == 0 or end >= len(line) or line[end] not in _KEEP_BEFORE:
        return False
    prev = line[start - 1]
    if prev in _KEEP_AFTER:
        return True
    # "Hello, world" / "e.g. New": Latin punctuation after a Latin letter (not "2. 1").
    before = line[start - 2] if start >= 2 else ""
    if prev == ".":
        return before in _LATIN_LETTER
    return prev in ",;:!?" and before in _ASCII_ALNUM


# --- whole lines -------------------------------------------------------------------

def _drop_running_headers(lines: list[str], r: Rules) -> list[str]:
    """Drop newspaper running headers, editor credits and a repeated bare title."""
    kept: list[str] = []
    body_started = False
    for line in lines:
        if _is_header_line(line, body_started, r):
            continue
        kept.append(line)
        body_started = body_started or bool(_HAS_STOP_RE.search(line))
    return kept


def _is_header_line(line: str, body_started: bool, r: Rules) -> bool:
    if r.editor_line.match(line) and len(line) <= _MAX_HEADING:
        return True
    if len(line) > _SHORT or _HAS_PUNCT_RE.search(line):
        return False
    if any(h.match(line) for h in r.header_lines):
        return True
    return body_started and bool(r.running_title.match(line))


def _cut_trailing_notices(lines: list[str], r: Rules) -> list[str]:
    """Cut a trailing block of notices (声明作废 …) printed after the report on a page."""
    seen = 0
    for i, line in enumerate(lines):
        if seen < _NOTICE_MIN_PREFIX:
            seen += _han_count(line)
        elif (len(line) <= _SHORT and not _HAS_PUNCT_RE.search(line.rstrip("：:"))
              and r.notice.search(line)):
            return lines[:i]
    return lines


def _han_count(line: str) -> int:
    return len(line) - len(_HAN_RE.sub("", line))


def _join_lines(lines: list[str], r: Rules) -> list[str]:
    """Join lines broken inside a sentence; keep headings, titles and blocks apart.

    Paragraphs are built as lists of parts (linear time even for a huge paragraph)."""
    paragraphs: list[list[str]] = []
    length = 0  # of the last paragraph
    for line in lines:
        if paragraphs and _continues(paragraphs[-1], length, line, r):
            parts = paragraphs[-1]
            if parts[-1][-1] in _LATIN_LETTER and line[0] in _LATIN_LETTER:
                parts.append(" ")
                length += 1
            parts.append(line)
            length += len(line)
        else:
            paragraphs.append([line])
            length = len(line)
    return ["".join(parts) for parts in paragraphs]


def _continues(parts: list[str], length: int, line: str, r: Rules) -> bool:
    """Whether ``line`` goes on the sentence that the paragraph ``parts`` left unfinished.

    A paragraph longer than any heading or title is only judged by its end."""
    if length > _MAX_TITLE:
        return not _TERMINAL_RE.search(parts[-1]) and not _starts_block(line, r)
    prev = "".join(parts)
    if _is_open_subtitle(prev, r):
        return not _starts_list(line)
    if _TERMINAL_RE.search(prev) or _is_heading(prev, r):
        return False
    return not _starts_block(line, r)


def _is_open_subtitle(line: str, r: Rules) -> bool:
    """``——2022年2月24日在XX区`` broken before ``…会议上``."""
    return (len(line) <= 60 and bool(r.subtitle.match(line))
            and not r.subtitle_done.match(line) and not _HAS_STOP_RE.search(line))


def _is_heading(line: str, r: Rules) -> bool:
    """A line that stands on its own: numbered or short heading, title, salutation."""
    if r.subtitle_done.match(line) and len(line) <= _MAX_TITLE:
        return True
    if _NUMBERED_HEADING_RE.match(line):
        return len(line) <= _MAX_HEADING and not _HAS_STOP_RE.search(line)
    if len(line) > _SHORT:
        return False
    body = line[:-1] if line[-1] in "：:" else line
    return not _HAS_PUNCT_RE.search(body)


def _starts_list(line: str) -> bool:
    return bool(_NUMBERED_HEADING_RE.match(line) or _LIST_ITEM_RE.match(line))


def _starts_block(line: str, r: Rules) -> bool:
    return _is_heading(line, r) or bool(r.block_start.match(line))


# --- inline punctuation ------------------------------------------------------------

def _fix_inline(line: str) -> str:
    """Quotes, then brackets, then , : ; ? ! (each rule only reads what later ones keep)."""
    line = _fix_quotes(line)
    line = _fix_parens(line)
    line = _PUNCT_RUN_RE.sub(lambda m: _punct_run(line, m), line)
    return _OCR_ONE_RE.sub("1", line)


def _fix_quotes(line: str) -> str:
    """「」『』 -> “”‘’; straight double quotes in Chinese text alternate “ and ”."""
    line = _CORNER_QUOTES_RE.sub(lambda m: _CORNER_QUOTES[m.group()], line)
    if '"' not in line or not _HAN_RE.search(line):
        return line
    parts = line.split('"')
    out = [parts[0]]
    for i, part in enumerate(parts[1:]):
        out.append("“" if i % 2 == 0 else "”")
        out.append(part)
    return "".join(out)


def _fix_parens(line: str) -> str:
    """ASCII ( ) -> （ ） in Chinese text: a matched pair holding a Han character or
    touching Chinese text, a lone bracket touching a Han character."""
    if "(" not in line and ")" not in line:
        return line
    chars = list(line)
    stack: list[int] = []
    lone: list[int] = []
    for m in _ASCII_PAREN_RE.finditer(line):
        i = m.start()
        if line[i] == "(":
            stack.append(i)
        elif stack:
            _convert_pair(chars, line, stack.pop(), i)
        else:
            lone.append(i)
    for i in lone + stack:
        if _touches_han(line, i):
            chars[i] = "（" if chars[i] == "(" else "）"
    return "".join(chars)


def _convert_pair(chars: list[str], line: str, start: int, end: int) -> None:
    before = line[start - 1] if start else ""
    after = line[end + 1] if end + 1 < len(line) else ""
    if (_HAN_RE.search(line, start + 1, end) or _PAREN_CONTEXT_RE.fullmatch(before)
            or _PAREN_CONTEXT_RE.fullmatch(after)):
        chars[start], chars[end] = "（", "）"


def _touches_han(line: str, i: int) -> bool:
    return any(0 <= j < len(line) and _HAN_RE.fullmatch(line[j]) for j in (i - 1, i + 1))


def _punct_run(line: str, m: re.Match[str]) -> str:
    before = line[m.start() - 1] if m.start() else ""
    after = line[m.end()] if m.end() < len(line) else ""
    if _CJK_RE.fullmatch(before) or _CJK_RE.fullmatch(after):
        return m.group().translate(_PUNCT_MAP)
    return m.group()
