"""The build's lexicon: terms mined from the corpus, fed back into segmentation
and recognised wherever they occur.

Two sources: definitions (glossary and inline abbreviation definitions, mined before
extraction so every report's tokenizer knows them) and confident extractions (a name
an extractor typed from its context in one sentence is recognised in every other:
corpus-level bootstrapping). The lexicon is also written out as a jieba user
dictionary by ``kg lexicon``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kg.extract.context import LexiconEntry, first_char_re
from kg.genre import Vocabulary
from kg.model import Extraction, GlossaryReading, Mention, Report
from kg.quotes import QUOTE_MARKS

RECOGNISED_RULE = "lexicon"
_QUOTES = str.maketrans("", "", QUOTE_MARKS)
# Shorter names match inside too many unrelated words to be trusted out of context.
MIN_RECOGNISED_CHARS = {"Abbreviation": 2, "Enterprise": 3, "Project": 4, "Initiative": 4, "Place": 3}
#: Types their extractor reads in every report already (places: wherever the official
#: list has the name, with the guards a bare name match would skip): not recognised by
#: name, and their spans (often inside other names) do not block recognising others.
READ_EVERYWHERE = frozenset({"Place"})
_POS = {"Abbreviation": "nz", "Enterprise": "nt", "Project": "nz", "Initiative": "nz", "Place": "ns"}


def mine_report(report: Report, vocab: Vocabulary | None = None) -> Mined:
    """What one report defines, read once: its glossary (senses, for the abbreviation
    extractor) and every term it defines there or inline (for the build's lexicon)."""
    from kg.extract import abbreviations

    glossary = abbreviations.read_glossary(report, vocab)
    return Mined(tuple(abbreviations.mine(report, vocab=vocab, glossary=glossary)), glossary)


@dataclass(frozen=True)
class Mined:
    """A report's mining: the terms it defines and its glossary as read."""

    terms: tuple[LexiconEntry, ...]
    glossary: GlossaryReading


def merge_entries(per_report: Iterable[list[LexiconEntry]]) -> list[LexiconEntry]:
    """One entry per (term, type, pos), frequencies added, sorted."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for entries in per_report:
        for entry in entries:
            counts[(entry.term, entry.type, entry.pos)] += max(entry.freq, 1)
    return [LexiconEntry(t, ty, n, pos) for (t, ty, pos), n in sorted(counts.items())]


def entries_from_extractions(extractions: Iterable[Extraction]) -> list[LexiconEntry]:
    """Names the extractors typed from context, one type each (the most frequent;
    ties go to the first type in alphabetical order, so the result is deterministic)."""
    by_name: dict[str, Counter[str]] = {}
    for extraction in extractions:
        for m in extraction.mentions:
            if m.rule != RECOGNISED_RULE and m.type not in READ_EVERYWHERE:
                # An abbreviation is known by its term (“雪亮”工程 is written with a quote inside).
                name = m.text.translate(_QUOTES) if m.type == "Abbreviation" else m.text
                by_name.setdefault(name, Counter())[m.type] += 1
        for sense in extraction.senses:
            by_name.setdefault(sense.term, Counter())["Abbreviation"] += 1
    entries = []
    for name, types in sorted(by_name.items()):
        type_, freq = min(types.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(name) >= MIN_RECOGNISED_CHARS.get(type_, 3):
            entries.append(LexiconEntry(name, type_, freq, _POS.get(type_, "nz")))
    return entries


def recognise(report: Report, known: list[LexiconEntry] | dict,
              existing: list[Mention] | list[tuple[int, int]]) -> list[Mention]:
    """Mentions of known names that no extractor already covers (longest match first,
    outside the glossary, never overlapping an existing mention or ``(start, end)``
    span). ``known`` is a list of entries or, when scanning many reports, the trie
    :func:`build_trie` made of them once."""
    trie = known if isinstance(known, dict) else build_trie(known)
    if not trie:
        return []
    taken = bytearray(len(report.text) + 1)
    for m in existing:
        start, end = (m.start, m.end) if isinstance(m, Mention) else m
        taken[start:end] = b"\x01" * (end - start)
    glossary = [(s.start, s.end) for s in report.sections if s.kind == "glossary"]
    found: list[Mention] = []
    text = report.text
    # a match starts with a name's first character: jump from one such character to the next
    firsts = "".join(ch for ch in sorted(trie) if ch != _END)
    if not firsts:
        return []
    search = first_char_re(firsts).search
    n = len(text)
    i = 0
    while i < n:
        m = search(text, i)
        if m is None:
            break
        i = m.start()
        # the longest known name at i (_longest_match, inlined: this loop is hot)
        node, hit, j = trie, None, i
        while j < n:
            node = node.get(text[j])
            if node is None or not isinstance(node, dict):
                break
            j += 1
            entry = node.get(_END)
            if entry is not None:
                hit = (j, entry)
        if hit is None:
            i += 1
            continue
        end, entry = hit
        if any(taken[i:end]) or any(a <= i < b for a, b in glossary):
            i += 1
            continue
        found.append(Mention(
            report=report.id, start=i, end=end, text=text[i:end], type=entry.type,
            sentence=report.sentence_text(i), section=report.section_at(i), rule=RECOGNISED_RULE,
        ))
        i = end
    return found


_END = "\0"


def build_trie(entries: list[LexiconEntry]) -> dict:
    trie: dict = {}
    for entry in entries:
        node = trie
        for ch in entry.term:
            node = node.setdefault(ch, {})
        node[_END] = entry
    return trie


def _longest_match(trie: dict, text: str, start: int) -> tuple[int, LexiconEntry] | None:
    node, best, j = trie, None, start
    while j < len(text) and text[j] in node:
        node = node[text[j]]
        j += 1
        if _END in node:
            best = (j, node[_END])
    return best


def to_jieba_dict(entries: Iterable[LexiconEntry]) -> str:
    """A jieba user dictionary: ``term freq pos`` per line, sorted, no spaces in terms."""
    lines = sorted({f"{e.term} {max(e.freq, 1)} {e.pos}" for e in entries if " " not in e.term})
    return "".join(line + "\n" for line in lines)
