"""What an extractor may use besides the report: the build's lexicon and its own
jieba tokenizer (never jieba's global one, so builds do not leak into each other)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import jieba


@dataclass(frozen=True)
class LexiconEntry:
    """A term the build knows: a word for the tokenizer and a name to recognise."""

    term: str
    type: str  # entity type, or "Term" for plain vocabulary
    freq: int = 1
    pos: str = "nz"


@dataclass
class ExtractContext:
    """Per-build state handed to every extractor. Picklable (the tokenizer is rebuilt lazily)."""

    lexicon: list[LexiconEntry] = field(default_factory=list)

    @cached_property
    def tokenizer(self) -> jieba.Tokenizer:
        tok = jieba.Tokenizer()
        tok.initialize()
        for entry in self.lexicon:
            tok.add_word(entry.term, freq=max(entry.freq, 1) * 1000, tag=entry.pos)
        return tok

    def terms_of(self, type_: str) -> list[str]:
        return sorted({e.term for e in self.lexicon if e.type == type_})

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("tokenizer", None)
        return state
