"""What an extractor may use besides the report: the build's lexicon and a jieba
tokenizer that knows it (never jieba's global one, so builds do not leak into each other).

A report's extraction depends only on the report and on the lexicon terms that occur
in its text (:meth:`ExtractContext.restricted_to`). User words get one fixed frequency
and the tokenizer's total is kept at the base dictionary's, so a term that does not
occur in a text cannot change how that text is segmented. That is what lets a report's
extraction be cached and run in any process: adding a report to the corpus does not
change the extraction of the others unless it defines a term they use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jieba
import jieba.posseg

from kg.model import Report
from kg.segment import make_tokenizer as _make_tokenizer

_SQUEEZE = str.maketrans("", "", "“”\"‘’'「」『』 \t\u3000")


@dataclass(frozen=True, order=True)
class LexiconEntry:
    """A term the build knows: a word for the tokenizer and a name to recognise."""

    term: str
    type: str  # entity type, or "Term" for plain vocabulary
    freq: int = 1
    pos: str = "nz"


def make_tokenizer(entries: list[LexiconEntry]) -> jieba.Tokenizer:
    """A fresh jieba tokenizer with ``entries`` as user words (see the module docstring)."""
    return _make_tokenizer((e.term, e.pos) for e in entries)


@dataclass
class ExtractContext:
    """Per-build state handed to every extractor. Picklable: the tokenizer is rebuilt lazily."""

    lexicon: list[LexiconEntry] = field(default_factory=list)
    _tokenizer: jieba.Tokenizer | None = field(default=None, repr=False, compare=False)
    _pos: jieba.posseg.POSTokenizer | None = field(default=None, repr=False, compare=False)
    _memo: dict[tuple, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def tokenizer(self) -> jieba.Tokenizer:
        if self._tokenizer is None:
            self._tokenizer = make_tokenizer(self.lexicon)
        return self._tokenizer

    @property
    def pos_tokenizer(self) -> jieba.posseg.POSTokenizer:
        """Part-of-speech tagging over :attr:`tokenizer`; built once per build (reading
        jieba's tag table takes most of a second), shared by every report's context."""
        if self._pos is None:
            self._pos = jieba.posseg.POSTokenizer(self.tokenizer)
        return self._pos

    def shared(self, report: Report, name: str, make: Callable[[], Any]) -> Any:
        """What several extractors need of one report (its segmented view, its project
        spans), made once and shared. Kept with the context, which the pipeline makes
        per report, so nothing outlives the report's extraction there."""
        key = (name, report.id, report.sha256, len(report.text))
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def terms_of(self, type_: str) -> list[str]:
        return sorted({e.term for e in self.lexicon if e.type == type_})

    def restricted_to(self, text: str) -> ExtractContext:
        """The same tokenizer, with only the lexicon entries that occur in ``text``
        (also where quotes or spaces split them: “雪亮”工程)."""
        squeezed = text.translate(_SQUEEZE)
        present = sorted({e for e in self.lexicon if e.term in text or e.term.translate(_SQUEEZE) in squeezed})
        return ExtractContext(present, self.tokenizer, self.pos_tokenizer)

    def __getstate__(self) -> dict:
        return {"lexicon": self.lexicon, "_tokenizer": None, "_pos": None, "_memo": {}}
