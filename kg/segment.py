"""jieba tokenizers, never jieba's global one: the build's own (its lexicon as user
words, see :mod:`kg.extract.context`) and a read-only one with the base dictionary,
shared by the stages that need plain Chinese word boundaries (built once per process
and never modified, so sharing it carries nothing from one build to another)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache

import jieba
import jieba.posseg

USER_WORD_FREQ = 10_000  # well above the product of a term's parts' frequencies: kept whole


def make_tokenizer(terms: Iterable[tuple[str, str]] = ()) -> jieba.Tokenizer:
    """A fresh tokenizer with ``(term, pos)`` user words. Every user word gets one fixed
    frequency and the total stays the base dictionary's, so a word that does not occur
    in a text cannot change how that text is segmented."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    total = tok.total
    for term, pos in sorted(set(terms)):
        if term and not any(ch.isspace() for ch in term):
            tok.add_word(term, freq=USER_WORD_FREQ, tag=pos)
    tok.total = total
    return tok


@lru_cache(maxsize=1)
def base_tokenizer() -> jieba.Tokenizer:
    """The read-only base-dictionary tokenizer of this process."""
    return make_tokenizer()


@lru_cache(maxsize=1)
def base_pos_tokenizer() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(base_tokenizer())
