"""jieba tokenizers, never jieba's global one: the build's own (its lexicon as user
words, see :mod:`kg.extract.context`) and a read-only one with the base dictionary,
shared by the stages that need plain Chinese word boundaries (built once per process
and never modified, so sharing it carries nothing from one build to another).

Loading jieba's dictionary and its part-of-speech table is the fixed cost of every
process that segments (with ``--jobs``, of every worker), so each process does it once,
from a cache three times faster to load than jieba's own: a build's tokenizer is a copy
of the base one's tables plus its user words (copying takes milliseconds), not a
second load. :func:`cut` is jieba's dictionary cut, made faster.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Iterator
from functools import lru_cache
from math import log
from pathlib import Path
from typing import NamedTuple

import jieba

USER_WORD_FREQ = 10_000  # well above the product of a term's parts' frequencies: kept whole


@lru_cache(maxsize=1)
def base_tokenizer() -> jieba.Tokenizer:
    """The read-only base-dictionary tokenizer of this process."""
    freq, total, _tags = _base_tables()
    tok = jieba.Tokenizer()
    tok.FREQ = freq
    tok.total = total
    tok.initialized = True
    return tok


@lru_cache(maxsize=1)
def _base_tables() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's prefix dictionary, its total and its part-of-speech table, read once per
    process. jieba keeps the first two in a marshal file that takes over a second to
    load; the three are kept here as one pickle (about three times faster to load),
    next to jieba's own cache and keyed, like it, by the dictionary's content."""
    jieba.setLogLevel(logging.WARNING)
    probe = jieba.Tokenizer()
    f = probe.get_dict_file()
    try:
        data = f.read()
    finally:
        f.close()
    key = hashlib.sha256(jieba.__version__.encode("ascii") + b"\0" + data).hexdigest()[:20]
    path = Path(tempfile.gettempdir()) / f"kg-jieba-{key}.pickle"
    tables = _load_tables(path)
    if tables is None:
        probe.initialize()
        tables = (probe.FREQ, probe.total, _word_tags(data))
        _save_tables(path, tables)
    return tables


def _word_tags(data: bytes) -> dict[str, str]:
    """The tag per word of a jieba dictionary file (what POSTokenizer.load_word_tag reads)."""
    table: dict[str, str] = {}
    for line in data.split(b"\n"):
        line = line.strip()
        if line:
            word, _freq, tag = line.decode("utf-8").split(" ")
            table[word] = tag
    return table


def _load_tables(path: Path) -> tuple[dict[str, int], int, dict[str, str]] | None:
    """The cached tables, if the file is ours (same user, private) and whole."""
    try:
        st = path.stat()
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
            return None
        with open(path, "rb") as fh:
            tables = pickle.load(fh)
        freq, total, tags = tables
        if isinstance(freq, dict) and isinstance(total, int) and isinstance(tags, dict):
            return freq, total, tags
    except Exception:  # missing, truncated or foreign: rebuilt from jieba
        return None
    return None


def _save_tables(path: Path, tables: tuple[dict[str, int], int, dict[str, str]]) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kg-jieba-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        return  # without the cache the next process reads jieba's own files again


def make_tokenizer(terms: Iterable[tuple[str, str]] = ()) -> jieba.Tokenizer:
    """A fresh tokenizer with ``(term, pos)`` user words. Every user word gets one fixed
    frequency and the total stays the base dictionary's, so a word that does not occur
    in a text cannot change how that text is segmented."""
    base = base_tokenizer()
    tok = jieba.Tokenizer()
    tok.FREQ = dict(base.FREQ)  # the same tables as a fresh load, without reloading them
    tok.total = base.total
    tok.initialized = True
    for term, pos in sorted(set(terms)):
        if term and not any(ch.isspace() for ch in term):
            tok.add_word(term, freq=USER_WORD_FREQ, tag=pos)
    tok.total = base.total
    return tok


class Pair(NamedTuple):
    """A word and its part-of-speech tag (``jieba.posseg.pair``'s two fields)."""

    word: str
    flag: str


class PosTagger:
    """jieba's part-of-speech tagging without its HMM (``POSTokenizer.cut(text,
    HMM=False)``): the dictionary cut of :func:`cut`, each word tagged from the
    dictionary's tag table. Importing ``jieba.posseg`` loads its HMM tables and its own
    copy of the tag table, a second or more per process that the extractors, which
    never tag with the HMM, need not pay; tests hold this to jieba's output."""

    def __init__(self, tokenizer: jieba.Tokenizer, word_tags: dict[str, str]) -> None:
        self.tokenizer = tokenizer
        self.word_tag_tab = word_tags

    def cut(self, text: str, HMM: bool = False) -> Iterator[Pair]:
        if HMM:
            raise ValueError("PosTagger tags without the HMM only")
        self._user_tags()
        return iter(self._tag(text))

    def lcut(self, text: str, HMM: bool = False) -> list[Pair]:
        return list(self.cut(text, HMM))

    def _user_tags(self) -> None:
        """The tokenizer's user words' tags, taken over as POSTokenizer does."""
        if self.tokenizer.user_word_tag_tab:
            self.word_tag_tab.update(self.tokenizer.user_word_tag_tab)
            self.tokenizer.user_word_tag_tab = {}

    def _tag(self, text: str) -> list[Pair]:
        if not self.tokenizer.initialized:
            self.tokenizer.initialize()
        freq = self.tokenizer.FREQ
        logtotal = log(self.tokenizer.total)
        tags = self.word_tag_tab
        out: list[Pair] = []
        for block in _POS_HAN_RE.split(text):
            if _POS_HAN_RE.match(block):
                nxt = _route(block, freq, logtotal)
                n = len(block)
                x = 0
                buf = ""
                while x < n:
                    y = nxt[x]
                    word = block[x:y]
                    if _ENG1_RE.match(word):
                        buf += word
                    else:
                        if buf:
                            out.append(Pair(buf, "eng"))
                            buf = ""
                        out.append(Pair(word, tags.get(word, "x")))
                    x = y
                if buf:
                    out.append(Pair(buf, "eng"))
                continue
            for piece in _POS_SKIP_RE.split(block):
                if _POS_SKIP_RE.match(piece):
                    out.append(Pair(piece, "x"))
                    continue
                for ch in piece:
                    if _NUM_RE.match(ch):
                        out.append(Pair(ch, "m"))
                    elif _ENGS_RE.match(piece):
                        out.append(Pair(ch, "eng"))
                    else:
                        out.append(Pair(ch, "x"))
        return out


def pos_tokenizer(tokenizer: jieba.Tokenizer) -> PosTagger:
    """Part-of-speech tagging over ``tokenizer`` (its user words' tags included), with
    its own copy of the base tag table."""
    return PosTagger(tokenizer, dict(_base_tables()[2]))


@lru_cache(maxsize=1)
def base_pos_tokenizer() -> PosTagger:
    return pos_tokenizer(base_tokenizer())


# jieba's own block, skip and letter patterns, so that cut() splits text as jieba does.
_HAN_RE = jieba.re_han_default
_SKIP_RE = jieba.re_skip_default
_ENG_RE = jieba.re_eng
# ... and jieba.posseg's (copied: importing that module is what PosTagger avoids).
_POS_HAN_RE = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_POS_SKIP_RE = re.compile("(\r\n|\\s)")
_ENG1_RE = re.compile("^[a-zA-Z0-9]$")
_ENGS_RE = re.compile("[a-zA-Z0-9]+")
_NUM_RE = re.compile("[\\.0-9]+")


def cut(tokenizer: jieba.Tokenizer, text: str) -> list[str]:
    """``list(tokenizer.cut(text, HMM=False))``, computed about twice as fast.

    The extractors segment every clause they look at, which makes jieba's pure-Python
    dictionary cut the largest single cost of extraction. This is the same algorithm
    (the same DAG of dictionary words, the same log-frequency route with the same
    tie-break, the same grouping of single ASCII letters and digits) without jieba's
    per-call dictionaries and generators; tests hold it to jieba's output."""
    if not tokenizer.initialized:
        tokenizer.initialize()
    freq = tokenizer.FREQ
    logtotal = log(tokenizer.total)
    out: list[str] = []
    for k, block in enumerate(_HAN_RE.split(text)):
        if not block:
            continue
        if k % 2:  # split() puts the captured (segmentable) blocks at odd positions
            _cut_block(block, freq, logtotal, out)
        else:
            for piece in _SKIP_RE.split(block):
                if _SKIP_RE.match(piece):
                    out.append(piece)
                else:
                    out.extend(piece)
    return out


def _cut_block(block: str, freq: dict[str, int], logtotal: float, out: list[str]) -> None:
    """jieba's ``__cut_DAG_NO_HMM`` of one block: the best route, with runs of single
    ASCII letters and digits joined into one word."""
    nxt = _route(block, freq, logtotal)
    n = len(block)
    x = 0
    buf = ""
    eng = _ENG_RE.match
    while x < n:
        y = nxt[x]
        word = block[x:y]
        if y - x == 1 and eng(word):
            buf += word
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(word)
        x = y
    if buf:
        out.append(buf)


def _route(block: str, freq: dict[str, int], logtotal: float) -> list[int]:
    """jieba's ``get_DAG`` and ``calc`` in one pass: for each position, where the best
    word starting there ends. Candidate words are found by extending the prefix while
    the dictionary knows it; the route is scored right to left with the same float
    operations as jieba's, and of equally good words the longest wins (jieba takes the
    ``max`` of ``(score, end)`` tuples)."""
    n = len(block)
    score = [0.0] * (n + 1)
    nxt = [0] * n
    for idx in range(n - 1, -1, -1):
        best: float | None = None
        end = idx
        i = idx
        frag = block[idx]
        while frag in freq:
            f = freq[frag]
            if f:
                v = log(f) - logtotal + score[i + 1]
                if best is None or v >= best:
                    best, end = v, i
            i += 1
            if i >= n:
                break
            frag = block[idx:i + 1]
        if best is None:
            best = log(freq.get(block[idx]) or 1) - logtotal + score[idx + 1]
            end = idx
        score[idx] = best
        nxt[idx] = end + 1
    return nxt
