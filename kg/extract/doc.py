"""The one view of a report that every extractor component reads: its text, its clauses
and jieba tokens (each clause segmented once, by the build's own tokenizer), the
sentence of an offset, whether a string is a proper name, and the results earlier
components leave for later ones (:attr:`Doc.results`, what a component ``assigns``).
One :class:`Doc` is made per report by :func:`kg.extract.extract_report`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from kg.extract.context import ExtractContext
from kg.extract.patterns import (MAX_SENTENCE, NAME_TAGS, PLACE_PERSON_TAGS, PROPER_FREQ, Found, FoundLink, Rules, _CJK_RE,
                                 iter_clauses, rules)
from kg.extract.glossary import glossary_span
from kg.extract.numerals import Segmenter
from kg.model import Evidence, Mention, MentionLink, Report
from kg.segment import base_tokenizer

if TYPE_CHECKING:
    from kg.extract.abbreviations import View


@dataclass
class Doc:
    """One report plus the build's tokenizer and lexicon, with caches of its
    segmentation; one per report, shared by the extractor components."""

    report: Report
    context: ExtractContext
    _tokens: dict[tuple[int, int], list[tuple[int, int]]] = field(default_factory=dict)
    _sentences: dict[int, str] = field(default_factory=dict)
    _clauses: list[tuple[int, int]] | None = None
    _tags: dict[str, str] | None = None
    _starts: list[int] | None = None
    _ends: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    _words: dict[str, list[str]] = field(default_factory=dict)
    #: what components assign for later ones (name -> value), see :mod:`kg.extract`
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.report.text

    @cached_property
    def segmenter(self) -> Segmenter:
        """The build's segmentation (its tokenizer, jieba's base dictionary, the part-of-
        speech tagger), as the abbreviation and numeral readers use it."""
        return Segmenter(self.context.tokenizer, base_tokenizer(), self.context.pos_tokenizer)

    @cached_property
    def view(self) -> View:
        """The body text without PDF spaces and broken lines, straight quotes curly, the
        glossary left out, each character mapped to its offset in the text."""
        from kg.extract.abbreviations import make_view

        vocab = self.context.vocab
        return make_view(self.text, glossary_span(self.report, vocab), vocab)

    @cached_property
    def rules(self) -> Rules:
        """The build vocabulary's rules (what every extractor reads)."""
        return rules(self.context.vocab)

    def lexicon_terms(self, type_: str) -> frozenset[str]:
        return frozenset(t for t in self.context.terms_of(type_) if len(t) >= 2)

    # -- segmentation -----------------------------------------------------------

    def clauses(self) -> list[tuple[int, int]]:
        """Clause spans (start, end), each at most MAX_CLAUSE long."""
        if self._clauses is None:
            self._clauses = list(iter_clauses(self.text, self.rules))
        return self._clauses

    def tokens(self, start: int, end: int) -> list[tuple[int, int]]:
        """jieba tokens (absolute spans) of text[start:end], clipped to the window.

        Each clause is segmented once, in context, and windows are cut from it, so the
        cost stays one jieba pass over the text however many windows are asked for."""
        clauses = self.clauses()
        k = bisect.bisect_right(self._clause_starts(), start) - 1
        if k < 0 or end > clauses[k][1]:
            return self._cut(start, end)
        ctoks = self._cut(*clauses[k])
        i = bisect.bisect_right(self._tok_ends(clauses[k]), start)
        out = []
        while i < len(ctoks) and ctoks[i][0] < end:
            s, e = ctoks[i]
            out.append((max(s, start), min(e, end)))
            i += 1
        return out

    def _cut(self, start: int, end: int) -> list[tuple[int, int]]:
        key = (start, end)
        if key not in self._tokens:
            out, pos = [], start
            for word in self.segmenter.cut(self.text[start:end]):
                out.append((pos, pos + len(word)))
                pos += len(word)
            self._tokens[key] = out
        return self._tokens[key]

    def _clause_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [c[0] for c in self.clauses()]
        return self._starts

    def _tok_ends(self, clause: tuple[int, int]) -> list[int]:
        if clause not in self._ends:
            self._ends[clause] = [e for _, e in self._cut(*clause)]
        return self._ends[clause]

    def words(self, s: str) -> list[str]:
        """jieba words of a name (the same names are asked about again and again)."""
        words = self._words.get(s)
        if words is None:
            words = self._words[s] = self.segmenter.cut(s)
        return words

    @property
    def word_tags(self) -> dict[str, str]:
        """jieba's part-of-speech tag per dictionary word (ns place, nr person, nz other
        proper noun …), from the build's POS tokenizer."""
        if self._tags is None:
            self._tags = self.context.pos_tokenizer.word_tag_tab
        return self._tags

    def is_proper(self, name: str, tags: bool = False) -> bool:
        """True when the name holds material jieba does not know as a common word:
        single unknown characters, rare words or Latin letters (南钢, 远航, 施泰纳); with
        ``tags``, also a word jieba tags as a place or proper noun (浙江, 泰山)."""
        freq = self.context.tokenizer.FREQ
        for w in self.words(name):
            if (tags and _CJK_RE.search(w) and (freq.get(w) or 0) < 5000
                    and self.word_tags.get(w, "") in NAME_TAGS and w not in self.rules.common_name_like):
                return True
            if not _CJK_RE.search(w):
                if re.search(r"[A-Za-z]", w):
                    return True
                continue
            if len(w) == 1:
                if w not in self.rules.common_single_chars:
                    return True
                continue
            if (freq.get(w) or 0) < PROPER_FREQ:
                return True
        return False

    def has_place_or_person(self, name: str) -> bool:
        """A word of the name is a place or a person by jieba's tags (长城, 嵩山), less the
        genre's common words the dictionary tags so."""
        freq = self.context.tokenizer.FREQ
        return any(_CJK_RE.search(w) and (freq.get(w) or 0) < 5000 and self.word_tags.get(w, "") in PLACE_PERSON_TAGS
                   and w not in self.rules.common_name_like for w in self.words(name))

    def is_kind_word(self, name: str, tags: tuple[str, ...] | None = None) -> bool:
        """One word of the dictionary that is not tagged a name (演艺, 新能源, 楼宇, 滑雪):
        a list item so is a kind of thing or a field, not a thing's name (比亚迪, 嵩山 are
        tagged names; a name the dictionary does not know is several tokens). ``tags``:
        only words of these classes (nouns, say: 宏远, an adjective, can name a company)."""
        words = self.words(name)
        tag = self.word_tags.get(name, "")
        return len(words) == 1 and name in self.context.tokenizer.FREQ \
            and tag not in NAME_TAGS and (tags is None or tag in tags)

    # -- mentions ---------------------------------------------------------------

    def sentence(self, offset: int) -> str:
        """The sentence of ``offset``, clipped to a window when the splitter gave a
        huge one (a report on one line), and shared between mentions."""
        sent = self.report.sentence_at(offset)
        if sent.end - sent.start > MAX_SENTENCE:
            lo = max(sent.start, offset - MAX_SENTENCE // 2)
            hi = min(sent.end, lo + MAX_SENTENCE)
            key = lo
            if key not in self._sentences:
                self._sentences[key] = self.text[lo:hi]
            return self._sentences[key]
        if sent.start not in self._sentences:
            self._sentences[sent.start] = self.text[sent.start:sent.end]
        return self._sentences[sent.start]

    def mention(self, f: Found) -> Mention:
        return Mention(
            report=self.report.id, start=f.start, end=f.end, text=self.text[f.start:f.end],
            type=f.type, sentence=self.sentence(f.start), section=self.report.section_at(f.start),
            rule=f.rule, cue=f.cue,
        )

    def link(self, fl: FoundLink) -> MentionLink:
        s, o = self.mention(fl.subject), self.mention(fl.object)
        lo, hi = min(s.start, o.start), max(s.end, o.end)
        ev = Evidence(report=self.report.id, start=lo, end=hi, sentence=s.sentence, rule=fl.rule)
        return MentionLink(subject=s, predicate=fl.predicate, object=o, evidence=ev)


