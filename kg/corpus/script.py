"""Traditional characters: reports from Hong Kong, Macao, Taiwan or old scans are
read in simplified characters for matching, and keep their own script for evidence.

Conversion must keep every offset valid, so it never changes the length of a text:
OpenCC's phrase-level t2s conversion when it keeps the length (it almost always
does), else character by character. Names are folded the same way in
:func:`kg.link.names.canonical`, so a name links across scripts.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import opencc

# Share of CJK characters that only exist in traditional writing above which a text is traditional.
TRADITIONAL_SHARE = 0.05
_CJK = (0x3400, 0xA000)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def char_table() -> dict[int, str]:
    """Traditional character -> simplified character, for characters that map one to one."""
    convert = _converter().convert
    table = {}
    for cp in range(*_CJK):
        ch = chr(cp)
        out = convert(ch)
        if out != ch and len(out) == 1:
            table[cp] = out
    return table


def fold(text: str) -> str:
    """Character-level traditional → simplified (same length); cheap enough for names."""
    return text.translate(char_table())


def is_traditional(text: str) -> bool:
    """Whether the text is written in traditional characters, judged on its first 20,000
    characters (a traditional text shows it on every line). It runs on every report read,
    so characters are counted once by ``Counter`` (C) and only distinct ones are looked up."""
    counts = Counter(text[:20_000])
    table = char_table()
    cjk = traditional = 0
    for ch, n in counts.items():
        cp = ord(ch)
        if _CJK[0] <= cp < _CJK[1]:
            cjk += n
            if cp in table:
                traditional += n
    return cjk >= 20 and traditional >= TRADITIONAL_SHARE * cjk


def to_simplified(text: str) -> str:
    """The simplified text, the same length as ``text`` (offsets stay valid)."""
    phrased = _converter().convert(text)
    return phrased if len(phrased) == len(text) else fold(text)
