"""Honours: a place, project or enterprise given a title or put on a list.

``甲市、乙市入选国家某某试点城市`` → 甲市 and 乙市 (places) each
``honouredAs`` 国家某某试点城市 (an Honour entity: the same title in
another report is the same node, so "which cities are pilots of X" is one query).

In one clause: *holders* — names other extractors found (projects, enterprises, places),
joined by 、/和/及 and written right before the verb (fillers such as 成功 or 分别 between) —
then a *verb* (入选, 获批, 获评, 被评为, 认定为, 创成, …), then the *honour*, which runs to
the end of the clause, ends with an honour head (城市, 试点, 示范区, 案例, 奖, 景区, 名单, …)
and names who gives it or how it ranks (国家, 全国, 首批, 世界, 5A, 示范, …). A name this
module did not find as a holder is never one: an honour the report's own government gets
(获批全国首个…) has no holder and is not read. Words: ``kg/genre/honours.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract import patterns as P
from kg.extract.context import ExtractContext
from kg.extract.doc import Doc
from kg.genre import Vocabulary
from kg.model import Evidence, Extraction, Mention, MentionLink, Report

NAME = "honours"
REQUIRES: tuple[str, ...] = ("project_spans", "enterprise_spans", "place_mentions")
ASSIGNS: tuple[str, ...] = ("Honour",)

HONOURED_AS = "honouredAs"  # the ontology's gr:honouredAs
RULE = "honour"
MAX_HONOUR = 40  # characters: longer is a sentence, not a title


@dataclass(frozen=True)
class _Rules:
    verb_re: re.Pattern[str]
    fillers_re: re.Pattern[str]  # fillers at the end of the holder text
    head_end_re: re.Pattern[str]
    mark_re: re.Pattern[str]
    separators: tuple[str, ...]
    leading: tuple[str, ...]
    counted_tail_re: re.Pattern[str]
    quotes: str  # the vocabulary's quotation marks (characters.opening/closing_quotes)

    @classmethod
    def build(cls, v: Vocabulary) -> _Rules:
        quotes = P.rules(v).quotes
        return cls(
            verb_re=re.compile(v.alt("honours.verbs", longest_first=True)),
            fillers_re=re.compile(f"(?:{v.alt('lists.holder_fillers', longest_first=True)})+$"),
            head_end_re=re.compile(f"(?:{v.alt('honours.heads', longest_first=True)})[{re.escape(quotes)}]*$"),
            mark_re=re.compile(v.alt("honours.marks", longest_first=True)),
            separators=tuple(sorted(v.words("lists.holder_separators"), key=len, reverse=True)),
            leading=tuple(sorted(v.words("honours.leading_words"), key=len, reverse=True)),
            counted_tail_re=re.compile("|".join(v.patterns("lists.holder_counted_tail"))),
            quotes=quotes,
        )


def _rules(doc: Doc) -> _Rules:
    return doc.context.vocab.compiled("extract.honours", _Rules.build)


def run(doc: Doc) -> Extraction:
    """Honour mentions of one report and the holders honoured with them."""
    rules, text = _rules(doc), doc.text
    known = named_spans(doc)
    out = Extraction(report=doc.report.id)
    for a, b in doc.clauses():
        for v in rules.verb_re.finditer(text, a, b):
            honour = _honour(rules, text, v.end(), _past_brackets(text, b))
            if honour is None:
                continue
            who = holders(rules, text, a, v.start(), known)
            if not who:
                continue
            h = doc.mention(P.Found(honour[0], honour[1], "Honour", RULE, None))
            out.mentions.append(h)
            for m in who:
                ev = Evidence(doc.report.id, min(m.start, h.start), h.end, m.sentence, RULE)
                out.links.append(MentionLink(m, HONOURED_AS, h, ev))
            break  # one honour per clause: the first verb that gives one
    return out


def named_spans(doc: Doc) -> dict[tuple[int, int], Mention]:
    """The projects, enterprises and places earlier extractors found in the report, by span
    (the mentions they made, so that links reach their entities)."""
    known: dict[tuple[int, int], Mention] = {}
    for f in (*doc.results["project_spans"], *doc.results["enterprise_spans"]):
        known.setdefault((f.start, f.end), doc.mention(f))
    for m in doc.results["place_mentions"]:
        known.setdefault((m.start, m.end), m)
    return known


_BRACKETED = re.compile(r"[（(][^（）()，。；]{1,8}[）)][^，。；！？、（(]{0,12}")


def _past_brackets(text: str, end: int) -> int:
    """A clause end that is a bracket inside a title (国家级知识产权示范（优势）企业) moves past
    the bracket and the rest of the title."""
    m = _BRACKETED.match(text, end)
    return m.end() if m else end


def _honour(rules: _Rules, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The honour after a verb: to the clause end, quotes around it dropped, ending with an
    honour head and holding a mark; None when the rest of the clause is not one."""
    while start < end and text[start] in rules.quotes:
        start += 1
    lead = next((w for w in rules.leading if text.startswith(w, start)), "")
    start += len(lead)
    while end > start and text[end - 1] in rules.quotes + "。；，、！？ ":
        end -= 1
    if text.count("“", start, end) > text.count("”", start, end) and text.startswith("”", end):
        end += 1  # 联合国“某某城市”: the closing quote belongs to the title opened inside it
    span = text[start:end]
    if not (2 < len(span) <= MAX_HONOUR) or not rules.head_end_re.search(span) or not rules.mark_re.search(span):
        return None
    return start, end


def holders(rules: _Rules, text: str, start: int, end: int,
            known: dict[tuple[int, int], Mention]) -> list[Mention]:
    """The names right before a verb (fillers such as 成功 and a count such as 等4家公司
    dropped): each a span another extractor found, joined by the separators."""
    stem = text[start:end]
    stem = rules.fillers_re.sub("", stem)
    stem = rules.counted_tail_re.sub("", stem)
    return P.names_before(text, start, start + len(stem), known, rules.separators)


def extract(report: Report, context: ExtractContext) -> Extraction:
    """:func:`run` on a report of its own, after what it requires (library and test use)."""
    from kg.extract import run_component

    return run_component(NAME, report, context)

