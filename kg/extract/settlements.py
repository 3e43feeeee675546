"""Settlements: named companies that settle in a named park or place.

``甲乙集团、丙丁公司落户甲市经开区`` → 甲乙集团 and 丙丁公司 each ``settlesIn`` 甲市经开区.
In one clause: *companies* other extractors found (joined by 、/和, with fillers such as 成功
and a count such as 等4家企业 dropped, and a tail such as 总部), right before a verb of
settling (``enterprises.settle_cues``: 落户, 入驻, 进驻 …), then — right after the verb, or
after 于/到/在 — a park or project span or a place the places extractor read. Lists of
firms with the park elsewhere in the sentence are the enterprise extractor's
(``list_settles_in``); a settling whose companies are not named (新入驻企业154家) has none.
Words: ``kg/genre/enterprises.toml`` and ``kg/genre/lists.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract import patterns as P
from kg.extract.context import ExtractContext
from kg.extract.doc import Doc
from kg.genre import Vocabulary
from kg.model import Evidence, Extraction, Mention, MentionLink, Report

NAME = "settlements"
REQUIRES: tuple[str, ...] = ("project_spans", "enterprise_spans", "place_mentions")
ASSIGNS: tuple[str, ...] = ("settle_links",)
RULE = "settles_in"


@dataclass(frozen=True)
class _Rules:
    verb_re: re.Pattern[str]
    strip_re: re.Pattern[str]  # fillers and a tail (总部) after the last company
    counted_re: re.Pattern[str]  # a count after it (等4家企业)
    before_place: tuple[str, ...]
    separators: tuple[str, ...]

    @classmethod
    def build(cls, v: Vocabulary) -> _Rules:
        fillers = v.alt("lists.holder_fillers", longest_first=True)
        tails = v.alt("enterprises.settle_holder_tails", longest_first=True)
        return cls(
            verb_re=re.compile(v.alt("enterprises.settle_cues", longest_first=True)),
            strip_re=re.compile(f"(?:{tails}|{fillers})+$"),
            counted_re=re.compile("|".join(v.patterns("lists.holder_counted_tail"))),
            before_place=tuple(sorted(v.words("enterprises.settle_before_place"), key=len, reverse=True)),
            separators=tuple(sorted(v.words("lists.holder_separators"), key=len, reverse=True)),
        )


def _rules(doc: Doc) -> _Rules:
    return doc.context.vocab.compiled("extract.settlements", _Rules.build)


def run(doc: Doc) -> Extraction:
    """Each named company's settling in the park or place right after the verb."""
    rules, text = _rules(doc), doc.text
    firms = {(f.start, f.end): doc.mention(f) for f in doc.results["enterprise_spans"]}
    places: dict[int, Mention] = {}
    for f in doc.results["project_spans"]:
        places.setdefault(f.start, doc.mention(f))
    for m in doc.results["place_mentions"]:
        places.setdefault(m.start, m)
    out = Extraction(report=doc.report.id)
    for a, b in doc.clauses():
        for v in rules.verb_re.finditer(text, a, b):
            at = v.end()
            lead = next((w for w in rules.before_place if text.startswith(w, at)), "")
            where = places.get(at + len(lead)) or places.get(at)
            if where is None:
                continue
            stem = rules.strip_re.sub("", rules.counted_re.sub("", rules.strip_re.sub("", text[a:v.start()])))
            for m in P.names_before(text, a, a + len(stem), firms, rules.separators):
                ev = Evidence(doc.report.id, m.start, where.end, m.sentence, RULE)
                out.links.append(MentionLink(m, P.PRED_SETTLES_IN, where, ev))
    doc.results["settle_links"] = tuple(out.links)
    return out


def extract(report: Report, context: ExtractContext) -> Extraction:
    """:func:`run` on a report of its own, after what it requires (library and test use)."""
    from kg.extract import run_component

    return run_component(NAME, report, context)
