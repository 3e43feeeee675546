"""Name normalisation shared by resolution and evaluation: the same name written
with other quotes, spaces or character widths is the same name."""

from __future__ import annotations

import hashlib
import unicodedata

from kg.corpus.script import fold
from kg.quotes import QUOTE_MARKS, TITLE_MARKS

_QUOTES = QUOTE_MARKS + TITLE_MARKS
# Enumeration marks inside a quoted name (“甲乙、丙丁、戊己” / “甲乙丙丁戊己”) are spelling too.
_STRIP = str.maketrans("", "", _QUOTES + "、·•・ \t\r\n\u3000\u00a0")


def canonical(name: str) -> str:
    """NFKC (full-width ASCII to half-width), no quotes, enumeration marks or white space,
    simplified characters."""
    return fold(unicodedata.normalize("NFKC", name).translate(_STRIP))


def entity_key(type_: str, canon: str) -> str:
    """Stable ASCII key of an entity: its type and a hash of its canonical name.

    The same name and type always give the same key, so adding reports never renames
    an existing entity; the graph builder turns keys into IRIs."""
    digest = hashlib.blake2b(f"{type_}\x1f{canon}".encode("utf-8"), digest_size=6).hexdigest()
    return f"{type_.lower()}/{digest}"


def place_key(code: str) -> str:
    """Key of the official division with this GB/T 2260 code: ``place/{code}``. The code
    is the division's identity (a name is not: several 新华区), and the graph builder gives
    the key the division's region IRI."""
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        raise ValueError(f"division code {code!r} must be six digits")
    return "place/" + code
