"""The lists a short project name stands in: ``甲、乙等高速加快建设`` names 甲高速 and
乙高速, the head the list shares written once at its end. Extraction reads, for each
short project name, the list tails after it in its report (every occurrence, since a
name found in one sentence may stand in such a list in another) and the candidate
heads after the list's 等; the linker only looks those names up among known projects
(:func:`kg.link.resolve`'s ``list-shared-head`` joins)."""

from __future__ import annotations

import re
from dataclasses import replace

from kg.genre import Vocabulary
from kg.genre import default as default_vocabulary
from kg.link.names import canonical
from kg.model import Extraction, ListHead, Mention, Report

MAX_NAME = 8  # a bare list item is short (longer names carry their own head)
MAX_OCCURRENCES = 20  # occurrences of a bare list item read per report
MAX_HEAD = 4  # the shared head: up to four characters after 等


def _list_tail(vocab: Vocabulary) -> re.Pattern[str]:
    """The rest of an enumeration after one item, up to its 等 (、乙、丙等)."""
    def build(v: Vocabulary) -> re.Pattern[str]:
        conj, end = re.escape(v.chars("characters.conjunctions") + "、"), v.chars("lists.list_end")
        return re.compile(rf"(?:[{conj}][^，。；：！？,;:!?{conj}{end}]{{1,12}}?)*{end}")

    return vocab.compiled("extract.lists.tail", build)


def list_heads(report: Report, name: str, vocab: Vocabulary | None = None) -> tuple[ListHead, ...]:
    """Each list ``name`` closes or stands in (…name、乙、丙等HEAD…) with every head of
    1–4 characters after its 等, and the span and sentence that show it."""
    tail_re = _list_tail(vocab or default_vocabulary())
    out: list[ListHead] = []
    at = report.text.find(name)
    for _ in range(MAX_OCCURRENCES):
        if at < 0:
            break
        end = at + len(name)
        s = report.sentence_at(at)
        tail = report.text[end:s.end]
        lead = tail_re.match(tail)
        if lead is not None:
            for k in range(1, MAX_HEAD + 1):
                head = tail[lead.end():lead.end() + k]
                if len(head) < k or not head.strip():
                    break
                out.append(ListHead(head, at, end + lead.end() + k, report.shown(s.start, s.end)))
        at = report.text.find(name, end)
    return tuple(out)


def with_list_heads(report: Report, extraction: Extraction, vocab: Vocabulary | None = None) -> Extraction:
    """The extraction with every short project mention carrying its :func:`list_heads`."""
    memo: dict[str, tuple[ListHead, ...]] = {}

    def read(m: Mention) -> Mention:
        if m.type != "Project" or not m.text or len(canonical(m.text)) > MAX_NAME:
            return m
        heads = memo.get(m.text)
        if heads is None:
            heads = memo[m.text] = list_heads(report, m.text, vocab)
        return replace(m, list_heads=heads) if heads else m

    return replace(extraction, mentions=[read(m) for m in extraction.mentions],
                   links=[replace(k, subject=read(k.subject), object=read(k.object)) for k in extraction.links])
