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

import re

from dataclasses import dataclass, field
from functools import lru_cache

import jieba

from kg.genre import Vocabulary
from kg.genre import default as default_vocabulary
from kg.segment import make_tokenizer as _make_tokenizer
from kg.segment import PosTagger
from kg.segment import pos_tokenizer as _pos_tokenizer

_LEAF = 0  # trie key of the entries a path spells (never a character of the text)


def _squeeze(vocab: Vocabulary) -> dict[int, None]:
    """The translation that drops quotes and spaces (a term squeezed matches “雪亮”工程)."""
    return vocab.compiled("extract.context.squeeze", lambda v: str.maketrans(
        "", "", v.chars("characters.opening_quotes") + v.chars("characters.closing_quotes") + " \t\u3000"))


@lru_cache(maxsize=64)
def first_char_re(chars: str) -> re.Pattern[str]:
    """A regex finding the next of ``chars``: the scans for known terms jump from one
    possible first character to the next (compiled once per distinct set)."""
    return re.compile("[" + "".join(map(re.escape, chars)) + "]")


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
    vocab: Vocabulary = field(default_factory=default_vocabulary)
    _tokenizer: jieba.Tokenizer | None = field(default=None, repr=False, compare=False)
    _pos: PosTagger | None = field(default=None, repr=False, compare=False)
    _trie: tuple[dict, list[LexiconEntry]] | None = field(default=None, repr=False, compare=False)

    @property
    def tokenizer(self) -> jieba.Tokenizer:
        if self._tokenizer is None:
            self._tokenizer = make_tokenizer(self.lexicon)
        return self._tokenizer

    @property
    def pos_tokenizer(self) -> PosTagger:
        """Part-of-speech tagging over :attr:`tokenizer`; built once per build (reading
        jieba's tag table takes most of a second), shared by every report's context."""
        if self._pos is None:
            self._pos = _pos_tokenizer(self.tokenizer)
        return self._pos

    def terms_of(self, type_: str) -> list[str]:
        return sorted({e.term for e in self.lexicon if e.type == type_})

    def restricted_to(self, text: str) -> ExtractContext:
        """The same tokenizer, with only the lexicon entries that occur in ``text``
        (also where quotes or spaces split them: “雪亮”工程). One pass over the text
        with a trie of the squeezed terms, so the cost does not grow with the lexicon."""
        squeezed = text.translate(_squeeze(self.vocab))
        trie, always = self._term_trie()
        present: set[LexiconEntry] = set(always)
        if not trie:
            return ExtractContext(sorted(present), self.vocab, self.tokenizer, self.pos_tokenizer)
        # a term starts with one of the trie's first characters: jump between those
        first = first_char_re("".join(sorted(trie)))
        for m in first.finditer(squeezed):
            i = m.start()
            node = trie[squeezed[i]]
            j = i + 1
            while node is not None:
                hit = node.get(_LEAF)
                if hit is not None:
                    present.update(hit)
                if j == len(squeezed):
                    break
                node = node.get(squeezed[j])
                j += 1
        return ExtractContext(sorted(present), self.vocab, self.tokenizer, self.pos_tokenizer)

    def _term_trie(self) -> tuple[dict, list[LexiconEntry]]:
        """The lexicon's squeezed terms as a trie (leaves: the entries spelled so), built
        once per context; entries whose term squeezes to nothing occur in every text."""
        if self._trie is None:
            trie: dict = {}
            always: list[LexiconEntry] = []
            for e in self.lexicon:
                key = e.term.translate(_squeeze(self.vocab))
                if not key:
                    always.append(e)
                    continue
                node = trie
                for ch in key:
                    node = node.setdefault(ch, {})
                node.setdefault(_LEAF, []).append(e)
            self._trie = (trie, always)
        return self._trie

    def __getstate__(self) -> dict:
        return {"lexicon": self.lexicon, "vocab": self.vocab, "_tokenizer": None, "_pos": None, "_trie": None}
