"""Places are official divisions: one entity per GB/T 2260 code.

The places extractor resolved every place span to a division (``Mention.ref``), so no
name matching is needed here: the code is the identity (two 新华区 stay two, 甲市
written in any report is one), the official name is the label, and the key
(``place/{code}``) is the same in every build whatever other reports it holds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from kg.corpus.gazetteer import get
from kg.link.names import place_key
from kg.model import Entity, Extraction, Mention


def place_entities(extractions: list[Extraction]) -> list[Entity]:
    """The places of a corpus's extractions, by code; place spans without a code are
    dropped (the extractor gives every span one)."""
    by_code: dict[str, list[Mention]] = defaultdict(list)
    for extraction in extractions:
        for m in extraction.mentions:
            if m.type == "Place" and m.ref:
                by_code[m.ref].append(m)
    out = []
    for code, mentions in sorted(by_code.items()):
        division = get(code)
        label = division.name if division is not None else mentions[0].text
        aliases = sorted({m.text for m in mentions} - {label})
        mentions.sort(key=lambda m: (m.report, m.start, m.end))
        out.append(Entity(key=place_key(code), type="Place", label=label, aliases=aliases, mentions=mentions))
    return out


def without_places(extractions: list[Extraction]) -> list[Extraction]:
    """The extractions less their place mentions, for name-based resolution."""
    return [replace(x, mentions=[m for m in x.mentions if m.type != "Place"]) for x in extractions]
