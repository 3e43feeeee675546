"""The genre's vocabulary as data: every word list, cue table and stop list the rules
read, loaded once, checked, and handed to every stage as one frozen object.

Why TOML: a person edits it without knowing Python (one table per concept, a ``doc``
line saying what it is for, comments allowed, lists over many lines), the standard
library reads it (``tomllib``), and a syntax error names its line. The files live
beside this module, one per area of the pipeline (``characters``, ``projects``,
``enterprises``, ``initiatives``, ``status``, ``lists``, ``places``, ``report``,
``abbreviations``, ``link``); a table is addressed as ``file.table``.

A table holds exactly one of:

``words``
    a list of strings, in the order given (order matters where a rule takes the
    first match; elsewhere it is only for the reader);
``chars``
    a string of single characters (a character class);
``map``
    a table of quoted word -> value (a status, a level, a number);
``groups``
    the same, written grouped by value (``signed = ["签约", …]``): each word once;
``patterns``
    regular-expression phrasings of the genre (compiled and checked on load).

The loader checks what the rules assume: no word twice in a table, no word in two
tables declared disjoint, declared subsets really subsets, every value of a table
declared as statuses a known status (``[checks]`` in ``checks.toml``). Errors name the
file and line. A user overlay (:func:`load`'s ``overlay``; ``kg build --vocab``)
adds or removes entries with the same checks, without touching the package.

Python code keeps only grammar (how words combine); which words, it asks here.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
FILES = ("characters", "stoplists", "lists", "projects", "enterprises", "initiatives", "status", "places",
         "link", "report", "abbreviations", "indicators", "facts", "honours")
KINDS = ("words", "chars", "map", "groups", "patterns")
STATUSES = ("planned", "signed", "started", "in_progress", "completed", "operating")

T = TypeVar("T")


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Table:
    """One table: its kind, its value (tuple, str or read-only dict), where it came from."""

    name: str
    kind: str
    value: Any
    doc: str = ""
    source: str = ""


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The frozen vocabulary. Read tables with :meth:`words`, :meth:`chars`,
    :meth:`map` and :meth:`patterns`; :meth:`compiled` keeps what a module derives
    from it (its regexes), once per vocabulary and process."""

    tables: Mapping[str, Table]
    digest: str
    overlays: tuple[str, ...] = ()
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    # -- reading -------------------------------------------------------------------------

    def _get(self, name: str, *kinds: str) -> Table:
        table = self.tables.get(name)
        if table is None:
            raise KeyError(f"no vocabulary table {name!r}")
        if kinds and table.kind not in kinds:
            raise TypeError(f"vocabulary table {name!r} holds {table.kind}, not {'/'.join(kinds)}")
        return table

    def words(self, name: str) -> tuple[str, ...]:
        """A word list (or the keys of a map), in file order."""
        table = self._get(name, "words", "map", "groups", "chars")
        if table.kind == "chars":
            return tuple(table.value)
        return tuple(table.value)

    def chars(self, name: str) -> str:
        return self._get(name, "chars").value

    def map(self, name: str) -> Mapping[str, Any]:
        return self._get(name, "map", "groups").value

    def patterns(self, name: str) -> tuple[str, ...]:
        return self._get(name, "patterns").value

    def set(self, name: str) -> frozenset[str]:
        return frozenset(self.words(name))

    def alt(self, name: str, longest_first: bool = False) -> str:
        """The table as a regex alternation (escaped; file order, or longest first)."""
        return alternation(self.words(name), longest_first)

    def char_class(self, name: str) -> str:
        """The characters of a ``chars`` table, escaped for use inside ``[…]``."""
        return char_class(self.chars(name))

    # -- derived objects -----------------------------------------------------------------

    def compiled(self, key: str, build: Callable[[Vocabulary], T]) -> T:
        """``build(self)``, made once per vocabulary (and process) under ``key``: copies
        of one vocabulary (unpickled in a worker) share what was derived from it."""
        derived = self._derived
        if not derived:
            derived = _DERIVED.setdefault(self.digest, derived)
            object.__setattr__(self, "_derived", derived)
        value = derived.get(key)
        if value is None:
            value = derived[key] = build(self)
        return value

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vocabulary) and other.digest == self.digest

    def __getstate__(self) -> dict:
        # read-only mappings do not pickle: tables travel as plain dicts (to worker processes)
        tables = {n: (t.name, t.kind, dict(t.value) if isinstance(t.value, Mapping) else t.value, t.doc, t.source)
                  for n, t in self.tables.items()}
        return {"tables": tables, "digest": self.digest, "overlays": self.overlays}

    def __setstate__(self, state: dict) -> None:
        tables = {n: Table(name, kind, MappingProxyType(value) if isinstance(value, dict) else value, doc, source)
                  for n, (name, kind, value, doc, source) in state["tables"].items()}
        object.__setattr__(self, "tables", MappingProxyType(tables))
        object.__setattr__(self, "digest", state["digest"])
        object.__setattr__(self, "overlays", state["overlays"])
        object.__setattr__(self, "_derived", {})

    def __bool__(self) -> bool:
        return True  # ``vocab or default()`` must not count every word (__len__) on hot paths

    def __len__(self) -> int:
        """How many words the vocabulary holds (every entry of every table)."""
        return sum(len(t.value) for t in self.tables.values() if t.kind != "chars")


#: What was derived from each vocabulary in this process, by digest (a memo: the same
#: vocabulary always derives the same rules).
_DERIVED: dict[str, dict] = {}


def standard_units(vocab: Vocabulary, name: str) -> Mapping[str, tuple[str, int]]:
    """A units table (``indicators.units``, ``facts.fact_units``: unit -> "QUDT path power")
    as unit -> (QUDT path, power of ten); ``("", 0)`` for a unit with no standard form."""
    out = {}
    for unit, spec in vocab.map(name).items():
        parts = spec.split()
        out[unit] = (parts[0], int(parts[1])) if parts else ("", 0)
    return MappingProxyType(out)


def alternation(words: Iterable[str], longest_first: bool = False) -> str:
    """``words`` as a regex alternation of escaped literals."""
    ws = list(words)
    if longest_first:
        ws = sorted(ws, key=len, reverse=True)
    return "|".join(map(re.escape, ws))


def char_class(chars: Iterable[str]) -> str:
    """Characters escaped for use inside ``[…]``."""
    return "".join(re.escape(c) for c in chars)


def either(words: Sequence[str]) -> str:
    """Words as one regex unit: the word itself, or a group of alternatives."""
    alt = alternation(words)
    return alt if len(words) == 1 else f"(?:{alt})"


# ---------------------------------------------------------------------------- loading

def _line_of(text: str, needle: str, start: int = 0) -> int:
    at = text.find(needle, start)
    return text.count("\n", 0, at) + 1 if at >= 0 else 0


def _where(source: str, text: str, needle: str, after: str = "") -> str:
    base = text.find(after) if after else 0
    line = _line_of(text, needle, max(base, 0))
    return f"{source}, line {line}" if line else source


def _read_toml(path: Path, label: str) -> tuple[dict, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VocabularyError(f"{label}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabularyError(f"{label}: cannot be read as UTF-8 text ({exc})") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"{label}: not valid TOML: {exc}") from None


def _table(name: str, raw: Any, source: str, text: str) -> Table:
    """One table of a package file, checked for shape and duplicates."""
    header = "[" + name.split(".", 1)[1] + "]"
    if not isinstance(raw, dict):
        raise VocabularyError(f"{_where(source, text, name.split('.', 1)[1])}: {name} is not a table")
    kinds = [k for k in KINDS if k in raw]
    unknown = sorted(set(raw) - set(KINDS) - {"doc"})
    if len(kinds) != 1 or unknown:
        raise VocabularyError(
            f"{_where(source, text, header)}: table {name} must hold exactly one of "
            f"{', '.join(KINDS)} (and an optional doc); it holds {', '.join(sorted(set(raw) - {'doc'})) or 'nothing'}")
    kind = kinds[0]
    value = _value(name, kind, raw[kind], source, text, header)
    return Table(name, kind, value, str(raw.get("doc", "")), source)


def _value(name: str, kind: str, raw: Any, source: str, text: str, header: str) -> Any:
    where = lambda needle: _where(source, text, needle, header)  # noqa: E731
    if kind == "chars":
        if not isinstance(raw, str) or not raw:
            raise VocabularyError(f"{where(header)}: {name}.chars must be a non-empty string")
        dup = sorted({c for c in raw if raw.count(c) > 1})
        if dup:
            raise VocabularyError(f"{where(header)}: {name}.chars lists {''.join(dup)!r} more than once")
        return raw
    if kind in ("words", "patterns"):
        if not isinstance(raw, list) or not all(isinstance(w, str) and w for w in raw):
            raise VocabularyError(f"{where(header)}: {name}.{kind} must be a list of non-empty strings")
        seen: set[str] = set()
        for w in raw:
            if w in seen:
                raise VocabularyError(f"{where(json.dumps(w, ensure_ascii=False))}: {w!r} is listed twice in {name}")
            seen.add(w)
        if kind == "patterns":
            for p in raw:
                try:
                    re.compile(p)
                except re.error as exc:
                    raise VocabularyError(f"{where(p[:12])}: pattern {p!r} of {name} is not a regular expression ({exc})") from None
        return tuple(raw)
    if kind == "map":
        if not isinstance(raw, dict) or not all(isinstance(k, str) and k for k in raw):
            raise VocabularyError(f"{where(header)}: {name}.map must be a table of quoted words")
        return MappingProxyType(dict(raw))
    # groups: value -> [words]
    if not isinstance(raw, dict):
        raise VocabularyError(f"{where(header)}: {name}.groups must be a table of value = [words]")
    out: dict[str, str] = {}
    for value, ws in raw.items():
        if not isinstance(ws, list) or not all(isinstance(w, str) and w for w in ws):
            raise VocabularyError(f"{where(value)}: {name}.groups.{value} must be a list of non-empty strings")
        for w in ws:
            if w in out:
                raise VocabularyError(
                    f"{where(json.dumps(w, ensure_ascii=False))}: {w!r} is in {name} twice "
                    f"({out[w]} and {value})")
            out[w] = value
    return MappingProxyType(out)


def _load_package() -> tuple[dict[str, Table], dict, dict[str, str]]:
    tables: dict[str, Table] = {}
    texts: dict[str, str] = {}
    for stem in FILES:
        path = HERE / f"{stem}.toml"
        label = f"kg/genre/{stem}.toml"
        doc, text = _read_toml(path, label)
        texts[stem] = text
        for key, raw in doc.items():
            name = f"{stem}.{key}"
            tables[name] = _table(name, raw, label, text)
    checks, ctext = _read_toml(HERE / "checks.toml", "kg/genre/checks.toml")
    texts["checks"] = ctext
    return tables, checks, texts


def _check(tables: Mapping[str, Table], checks: dict, ctext: str, label: str) -> None:
    """The declared relations between tables (see ``checks.toml``)."""
    def words(name: str) -> tuple[str, ...]:
        t = tables.get(name)
        if t is None:
            raise VocabularyError(f"{_where('kg/genre/checks.toml', ctext, name)}: no table {name}")
        return tuple(t.value)

    for group in checks.get("disjoint", {}).get("tables", []):
        seen: dict[str, str] = {}
        for name in group:
            for w in words(name):
                if w in seen and seen[w] != name:
                    t = tables[name]
                    raise VocabularyError(
                        f"{label or t.source}: {w!r} is in both {seen[w]} and {name}, which must not share words")
                seen[w] = name
    for small, large in checks.get("subset", {}).get("tables", []):
        extra = [w for w in words(small) if w not in set(words(large))]
        if extra:
            raise VocabularyError(
                f"{label or tables[small].source}: {small} must be part of {large}, but {large} lacks {extra[0]!r}"
                + (f" and {len(extra) - 1} more" if len(extra) > 1 else ""))
    for name in checks.get("statuses", {}).get("tables", []):
        words(name)
        for w, v in tables[name].value.items():
            if v not in STATUSES:
                raise VocabularyError(
                    f"{label or tables[name].source}: {w!r} in {name} maps to {v!r}, not a status "
                    f"({', '.join(STATUSES)})")


def _digest(tables: Mapping[str, Table]) -> str:
    canon = {n: [t.kind, list(t.value) if t.kind != "map" and t.kind != "groups" else sorted(t.value.items())]
             for n, t in sorted(tables.items())}
    blob = json.dumps(canon, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _package() -> Vocabulary:
    tables, checks, texts = _load_package()
    _check(tables, checks, texts["checks"], "")
    return Vocabulary(MappingProxyType(tables), _digest(tables))


def _overlay(tables: dict[str, Table], path: Path) -> None:
    """Apply one user overlay file: per table, ``add`` and/or ``remove``."""
    label = str(path)
    doc, text = _read_toml(path, label)
    flat: list[tuple[str, Any]] = []
    for stem, sub in doc.items():
        if not isinstance(sub, dict):
            raise VocabularyError(f"{_where(label, text, stem)}: {stem} is not a table (write [file.table])")
        for key, ops in sub.items():
            flat.append((f"{stem}.{key}", ops))
    for name, ops in flat:
        where = _where(label, text, name.split(".", 1)[1])
        table = tables.get(name)
        if table is None:
            near = sorted(n for n in tables if n.split(".")[-1] == name.split(".")[-1])
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            raise VocabularyError(f"{where}: no vocabulary table {name}{hint}")
        if not isinstance(ops, dict) or not ops or set(ops) - {"add", "remove"}:
            raise VocabularyError(f"{where}: [{name}] takes add = [...] and/or remove = [...]")
        value = table.value
        if table.kind in ("map", "groups"):
            new = dict(value)
            for w in _strings(ops.get("remove", []), name, "remove", where):
                if w not in new:
                    raise VocabularyError(f"{where}: cannot remove {w!r}: it is not in {name}")
                del new[w]
            add = ops.get("add", {})
            if not isinstance(add, dict):
                raise VocabularyError(f"{where}: add to {name} is a table of \"word\" = value")
            for w, v in add.items():
                if w in new:
                    raise VocabularyError(f"{where}: {w!r} is already in {name}")
                new[w] = v
            tables[name] = Table(name, table.kind, MappingProxyType(new), table.doc, label)
            continue
        items = list(value)
        for w in _strings(ops.get("remove", []), name, "remove", where):
            if w not in items:
                raise VocabularyError(f"{where}: cannot remove {w!r}: it is not in {name}")
            items.remove(w)
        for w in _strings(ops.get("add", []), name, "add", where):
            if table.kind == "chars" and len(w) != 1:
                raise VocabularyError(f"{where}: {name} holds single characters, not {w!r}")
            if w in items:
                raise VocabularyError(f"{where}: {w!r} is already in {name}")
            if table.kind == "patterns":
                try:
                    re.compile(w)
                except re.error as exc:
                    raise VocabularyError(f"{where}: pattern {w!r} is not a regular expression ({exc})") from None
            items.append(w)
        new_value: Any = "".join(items) if table.kind == "chars" else tuple(items)
        tables[name] = Table(name, table.kind, new_value, table.doc, label)


def _strings(raw: Any, name: str, op: str, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(w, str) and w for w in raw):
        raise VocabularyError(f"{where}: {op} for {name} must be a list of non-empty strings")
    return raw


def load(overlay: Iterable[str | Path] | str | Path | None = None) -> Vocabulary:
    """The package vocabulary, with the user's overlay files applied in order (each
    checked like the package: a clear :class:`VocabularyError` naming file and line)."""
    base = _package()
    if overlay is None:
        return base
    paths = [overlay] if isinstance(overlay, (str, Path)) else list(overlay)
    if not paths:
        return base
    tables = dict(base.tables)
    for p in paths:
        _overlay(tables, Path(p))
    checks, ctext = _read_toml(HERE / "checks.toml", "kg/genre/checks.toml")
    _check(tables, checks, ctext, ", ".join(str(p) for p in paths))
    return Vocabulary(MappingProxyType(tables), _digest(tables), tuple(str(p) for p in paths))


def default() -> Vocabulary:
    """The package vocabulary (no overlay): what a build uses unless told otherwise."""
    return _package()
