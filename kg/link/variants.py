"""Name variants of the genre: what may be stripped from a name without changing what
it names, and what must never be (phases).

A name's *core* is its canonical form without a leading place (province, country, or
a government named in the corpus's own report metadata), a trailing generic head word
(项目 for projects; 活动/行动/改革/工程 for initiatives) or a legal-form suffix
(有限公司 for enterprises). Names with the same type, scope and core are one thing;
each stripped part is recorded as the rule that joined them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.genre import Vocabulary
from kg.genre import default as default_vocabulary
from kg.link.names import canonical

MIN_CORE_CHARS = 3


@dataclass(frozen=True)
class LinkRules:
    """The linker's vocabulary (``kg/genre/link.toml``, ``places.toml`` and the droppable
    heads of ``projects``/``initiatives``/``enterprises``), once per vocabulary."""

    provinces: tuple[str, ...]
    countries: tuple[str, ...]
    province_suffix: str
    admin_suffixes: tuple[str, ...]
    project_heads: tuple[str, ...]
    initiative_heads: tuple[str, ...]
    legal_suffixes: tuple[str, ...]
    rectification: re.Pattern[str]
    rectification_head: str
    phase: re.Pattern[str]
    coordinators: str
    distinguishing: frozenset[str]
    event_word: re.Pattern[str]
    event_suffix: str
    county_levels: frozenset[str]
    abbreviation_heads: tuple[str, ...]

    @classmethod
    def build(cls, v: Vocabulary) -> LinkRules:
        return cls(
            provinces=v.words("places.provinces"),
            countries=v.words("places.countries"),
            province_suffix=v.words("places.province_suffix")[0],
            admin_suffixes=v.words("places.name_suffixes"),
            project_heads=v.words("projects.droppable_heads"),
            initiative_heads=v.words("initiatives.droppable_heads"),
            legal_suffixes=v.words("enterprises.legal_suffixes"),
            rectification=re.compile(f"(?:{v.alt('link.rectification')}){v.alt('link.rectification_head')}$"),
            rectification_head=v.words("link.rectification_head")[0],
            phase=re.compile("|".join(v.patterns("link.phases"))),
            # 甲及乙X: a coordinated name, two things
            coordinators=v.chars("characters.conjunctions") + "、",
            distinguishing=frozenset(v.chars("link.distinguishing")),
            event_word=re.compile(f"(?:{v.alt('link.event_words')}){v.alt('link.event_suffix')}$"),
            event_suffix=v.words("link.event_suffix")[0],
            county_levels=v.set("places.county_levels"),
            abbreviation_heads=tuple(sorted(v.words("abbreviations.attached_heads"), key=len, reverse=True)),
        )


def link_rules(vocab: Vocabulary | None = None) -> LinkRules:
    """The :class:`LinkRules` of ``vocab`` (the package vocabulary by default)."""
    return (vocab or default_vocabulary()).compiled("link.variants", LinkRules.build)


@dataclass(frozen=True)
class Core:
    text: str
    stripped: tuple[str, ...]  # rules applied, e.g. ("place-prefix:湖南", "head-word:项目")


class Places(tuple):
    """:func:`place_names`' tuple (longest first), with its names by length, so that
    :func:`core_of` finds a name's leading place with one set probe per length instead
    of a scan of every place (the corpus names more places the larger it is, which made
    that scan grow with the corpus times the names)."""

    lengths: tuple[int, ...]
    names: frozenset[str]

    def __new__(cls, names: tuple[str, ...]) -> Places:
        self = super().__new__(cls, names)
        self.lengths = tuple(sorted({len(n) for n in names}, reverse=True))
        self.names = frozenset(names)
        return self


def _leading_place(text: str, places: tuple[str, ...]) -> str | None:
    """The first of ``places`` that ``text`` starts with and that leaves a core long enough.
    For a :class:`Places` (sorted longest first, then by text) the first such place is
    the longest prefix of ``text`` in it: one name per length can match."""
    if isinstance(places, Places):
        for length in places.lengths:
            if len(text) - length >= MIN_CORE_CHARS and text[:length] in places.names:
                return text[:length]
        return None
    for place in places:
        if text.startswith(place) and len(text) - len(place) >= MIN_CORE_CHARS:
            return place
    return None


def place_names(regions: list[tuple[str | None, str | None]], lr: LinkRules | None = None) -> tuple[str, ...]:
    """Every place a name may start with: provinces, countries, and each government
    the corpus's reports name as issuer or parent, with and without its level suffix."""
    lr = lr or link_rules()
    names: set[str] = set(lr.provinces) | set(lr.countries)
    names |= {p + lr.province_suffix for p in lr.provinces}
    for region, parent in regions:
        for name in (region, parent):
            if not name:
                continue
            names.add(name)
            for suffix in lr.admin_suffixes:
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    names.add(name[: -len(suffix)])
    return Places(tuple(sorted(names, key=lambda n: (-len(n), n))))


def core_of(name: str, type_: str, places: tuple[str, ...], lr: LinkRules | None = None) -> Core:
    """The core of ``name`` for an entity of ``type_`` (see the module docstring); an
    abbreviation's core is the term without the head noun the report attached to it
    (四上企业 → 四上: one abbreviation, named both ways)."""
    lr = lr or link_rules()
    text = canonical(name)
    if type_ == "Abbreviation":
        head = next((h for h in lr.abbreviation_heads if text.endswith(h) and len(text) - len(h) >= 2), None)
        return Core(text[: -len(head)], (f"head-word:{head}",)) if head else Core(text, ())
    stripped: list[str] = []
    for _ in range(2):  # 某省某市XX: province then city
        place = _leading_place(text, places)
        if place is None:
            break
        text = text[len(place):]
        stripped.append(f"place-prefix:{place}")
    heads = {"Project": lr.project_heads, "Initiative": lr.initiative_heads}.get(type_, ())
    if type_ == "Enterprise":
        heads = lr.legal_suffixes
    for _ in range(2 if type_ == "Project" else 1):  # X改扩建工程 → X改扩建 → X
        head = next((h for h in heads if text.endswith(h) and len(text) - len(h) >= 2), None)
        if head is None:
            break
        text = text[: -len(head)]
        stripped.append(f"{'legal-suffix' if type_ == 'Enterprise' else 'head-word'}:{head}")
    if type_ == "Initiative":
        m = lr.rectification.search(text)
        if m and m.start() >= 2:
            text = text[: m.start()] + lr.rectification_head
            stripped.append(f"campaign-head:{m.group()}")
    return Core(text, tuple(stripped))


def phases(name: str, lr: LinkRules | None = None) -> tuple[str, ...]:
    return tuple((lr or link_rules()).phase.findall(canonical(name)))


def is_near_variant(a: str, b: str, lr: LinkRules | None = None) -> bool:
    """甲乙物流园 / 甲乙智慧物流园: one name is the other with a modifier of
    at most three characters inserted inside or in front (same head); long enough to be specific."""
    short, full = sorted((a, b), key=lambda n: (len(n), n))
    gap = len(full) - len(short)
    if len(short) < 4 or not 0 < gap <= 3 or short[-2:] != full[-2:]:
        return False
    lr = lr or link_rules()
    blocked = lr.distinguishing | set(lr.coordinators)  # a part, a direction, or another name joined by 及
    if len(short) >= 5 and full.endswith(short):  # a modifier in front: 智慧甲乙物流园
        return not set(full[:gap]) & blocked
    return short[:2] == full[:2] and any(
        short[:i] == full[:i] and short[i:] == full[i + gap:] and not set(full[i:i + gap]) & blocked
        for i in range(2, len(short) - 1))


def is_short_form(short: str, full: str) -> bool:
    """甲硬集团 for 甲乙硬质合金集团: same last character(s) (the head: 集团, 公司, 科技 …),
    same first character, and every character of the short form in order in the full one."""
    if len(short) < 3 or len(full) <= len(short) + 1 or short[0] != full[0] or short[-2:] != full[-2:]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


# --- variants of initiatives -------------------------------------------------------------

MIN_INSERTION_CORE = 7  # a shorter campaign name is too generic to take an inserted word
INTERPUNCTS = "·•・"


def deletion_variants(core: str, max_gap: int = 2, lr: LinkRules | None = None) -> list[tuple[str, str]]:
    """The names ``core`` would be with one inserted modifier (1–``max_gap`` characters)
    taken out, as ``(shorter name, inserted words)``: 甲乙问题丙丁整治 → 甲乙丙丁整治.
    The head (last two characters) stays; theme years (…年) and short names take none;
    inserted words naming a part, direction or number never count."""
    if core.endswith("年"):
        return []
    lr = lr or link_rules()
    out = []
    for gap in range(1, max_gap + 1):
        if len(core) - gap < MIN_INSERTION_CORE:
            continue
        for i in range(0, len(core) - gap - 1):
            inserted = core[i:i + gap]
            if set(inserted) & lr.distinguishing or any(ch.isdigit() for ch in inserted):
                continue
            out.append((core[:i] + core[i + gap:], inserted))
    return sorted(set(out))


def interpunct_series(name: str) -> str | None:
    """The series a dotted campaign name belongs to: “甲乙丙丁·戊己行动” → 甲乙丙丁 (the
    edition follows the dot); None without a dot or with a series under three characters."""
    for dot in INTERPUNCTS:
        if dot in name:
            series = canonical(name.split(dot, 1)[0])
            return series if len(series) >= MIN_CORE_CHARS else None
    return None


def is_event_abbreviation(short: str, full: str, lr: LinkRules | None = None) -> bool:
    """甲博会 for 甲乙丙丁博览会: a 会 name of three or four characters made of the first
    character of the full name, the first character of its event word (博览会, 交易会 …)
    and 会, with any other character found in order in between."""
    lr = lr or link_rules()
    if not 3 <= len(short) <= 4 or not short.endswith(lr.event_suffix) or len(full) < len(short) + 2:
        return False
    event = lr.event_word.search(full)
    if event is None or short[0] != full[0] or short[-2] != full[event.start()]:
        return False
    it = iter(full[1:event.start()])
    return all(ch in it for ch in short[1:-2])


# --- variants of projects ----------------------------------------------------------------

_BRACKETED_TAIL = re.compile(r"\([^()]{1,6}\)$")


def coordinated_expansions(canon: str, lr: LinkRules | None = None) -> list[tuple[str, str]]:
    """The single names a coordinated name stands for, with the head they share:
    甲乙及丙丁高速扩容（东线） → [(甲乙高速扩容, …), (丙丁高速扩容, …)], each as
    ``(name, conjunct)``; every split of the shared tail is offered (the caller keeps
    the ones that name a known project). A bracketed qualifier at the end is dropped."""
    coordinators = (lr or link_rules()).coordinators
    base = _BRACKETED_TAIL.sub("", canon)
    out: list[tuple[str, str]] = []
    for i, ch in enumerate(base):
        if ch not in coordinators or i < 2:
            continue
        first, rest = base[:i], base[i + 1:]
        if any(c in coordinators for c in first + rest):
            return []  # more than two conjuncts: a list, not a coordinated name
        for j in range(2, len(rest) - 1):
            second, tail = rest[:j], rest[j:]
            out.append((first + tail, first))
            out.append((second + tail, second))
        break
    return out


def is_substituted_modifier(a: str, b: str, lr: LinkRules | None = None) -> str | None:
    """甲乙综合丙丁戊己 / 甲乙系统丙丁戊己: the same name with one short modifier (one or
    two characters) in the same place replaced by another; the shared start (≥ 2
    characters) and end (≥ 5) must make the name specific. Returns the two modifiers."""
    if a == b or abs(len(a) - len(b)) > 1:
        return None
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    s = 0
    while s < min(len(a), len(b)) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    ma, mb = a[p:len(a) - s], b[p:len(b) - s]
    if p < 2 or s < 5 or not (1 <= len(ma) <= 2 and 1 <= len(mb) <= 2):
        return None
    if set(ma + mb) & (lr or link_rules()).distinguishing or any(ch.isdigit() for ch in ma + mb):
        return None
    return f"{ma}/{mb}"


def phase_split(canon: str, lr: LinkRules | None = None) -> tuple[str, str] | None:
    """甲乙三期丙丁 → (甲乙丙丁, 三期): a name with one phase inside it (not at the end: a
    trailing phase names the phase of a whole), else None."""
    found = list((lr or link_rules()).phase.finditer(canon))
    if len(found) != 1:
        return None
    m = found[0]
    if m.start() < 2 or len(canon) - m.end() < 2:
        return None
    return canon[: m.start()] + canon[m.end():], m.group()
