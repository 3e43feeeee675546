"""The quotation marks the genre writes around names, in one place: extractors and the
linker strip the same set, so a name reads the same at every stage. The marks are the
vocabulary's (``kg/genre/characters.toml``); these constants are the package's."""

from kg.genre import default as _default

_V = _default()
#: Chinese and ASCII quotation marks and corner brackets (“甲”, "甲", ‘甲’, 「甲」, 『甲』).
QUOTE_MARKS = "".join(dict.fromkeys(_V.chars("characters.opening_quotes") + _V.chars("characters.closing_quotes")))
#: Title marks (《甲》, 〈甲〉): stripped only when names are compared.
TITLE_MARKS = _V.chars("characters.title_marks")
