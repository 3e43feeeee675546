"""What the sentences around an initiative's mentions say about it, so that one name
used by two campaigns can be told apart, and a merge can cite what the two share.

Three kinds of evidence, all read from the report text the mentions stand in:

- the **modifier** glued before the name (甲乙建设“丙丁”行动 → 甲乙建设): the words
  between the launching verb (开展, 推进, 实施 …) and the name, that say what the
  campaign is about;
- the **content words** of the sentences (character bigrams of the Chinese text,
  without the name itself and without the genre's generic words: 开展, 建设, 行动 …);
- the **co-mentioned** initiatives (names of other initiatives in the same sentences).

Two contexts *disagree* when one carries a modifier whose content the other never
echoes (甲乙建设“丙丁”行动 against a “丙丁行动” whose sentences say nothing of 甲乙):
a campaign named after its domain is another campaign than one of another domain.
They *support* each other when they share content words or co-mentioned initiatives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.genre import Vocabulary
from kg.genre import default as default_vocabulary
from kg.segment import base_pos_tokenizer

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_NOMINAL_FLAGS = frozenset({"vn", "an", "j", "l", "nz", "eng"})


@dataclass(frozen=True)
class ContextRules:
    """The words this module reads (``kg/genre/link.toml``), once per vocabulary."""

    clause_break: re.Pattern[str]  # clause boundaries and closing quotes: a modifier never crosses them
    opening_quotes: str
    launch: re.Pattern[str]  # what follows the last of these, up to the name, is the modifier
    edition: re.Pattern[str]  # which run of a campaign, not what it is about
    generic_words: frozenset[str]  # sharing them says nothing about what a campaign is about
    modifier_trail: str

    @classmethod
    def build(cls, v: Vocabulary) -> ContextRules:
        closing = "".join(c for c in v.chars("characters.closing_quotes") if c not in v.chars("characters.opening_quotes"))
        return cls(
            clause_break=re.compile(r"[，。；：！？,;:!?、（）()\[\]【】\s" + closing + r"\"'’》.．\d]"),
            opening_quotes=v.chars("characters.opening_quotes") + v.chars("characters.title_marks")[:1],
            launch=re.compile(v.alt("link.modifier_cut")),
            edition=re.compile("|".join(v.patterns("link.edition_words"))),
            generic_words=v.set("link.generic_words"),
            modifier_trail=v.chars("link.modifier_trail"),
        )


def context_rules(vocab: Vocabulary | None = None) -> ContextRules:
    return (vocab or default_vocabulary()).compiled("link.context", ContextRules.build)


@dataclass(frozen=True)
class Context:
    modifiers: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()

    def __or__(self, other: Context) -> Context:
        return Context(self.modifiers | other.modifiers, self.words | other.words, self.partners | other.partners)


def modifier_before(text: str, start: int, sentence_start: int = 0, cr: ContextRules | None = None) -> str:
    """The words glued before a name starting at ``start``: the clause's text after its
    last launching verb (全面推进甲乙建设“丙丁”行动 → 甲乙建设); empty when none."""
    cr = cr or context_rules()
    prefix = text[max(sentence_start, start - 40):start].rstrip(cr.opening_quotes)
    breaks = list(cr.clause_break.finditer(prefix))
    if breaks:
        prefix = prefix[breaks[-1].end():]
    verbs = list(cr.launch.finditer(prefix))
    if verbs:
        prefix = prefix[verbs[-1].end():]
    prefix = cr.edition.sub("", prefix)
    if not content_words(prefix, cr):
        return ""
    # A word class check: the modifier is the nominal phrase glued to the name; a verb
    # right before the name governs it (彰显“甲乙”成效), so there is no modifier.
    words = [(w.word, w.flag) for w in base_pos_tokenizer().cut(prefix)]
    while words and not _nominal(words[0][1]):
        words.pop(0)
    if not words or not _nominal(words[-1][1]):
        return ""
    modifier = "".join(w for w, _ in words).rstrip(cr.modifier_trail)
    # a lone character left over from a word the tagger split (培|塑) is no modifier
    return modifier if len(modifier) >= 2 and content_words(modifier, cr) else ""


def _nominal(flag: str) -> bool:
    return flag.startswith("n") or flag in _NOMINAL_FLAGS


def content_words(text: str, cr: ContextRules | None = None) -> set[str]:
    """Character bigrams of the Chinese runs of ``text``, generic words left out."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(map(str.__add__, run, run[1:]))  # its bigrams, made in C
    return out - (cr or context_rules()).generic_words


def _echoed(modifiers: frozenset[str], other: Context, cr: ContextRules | None) -> bool:
    return any(content_words(m, cr) & other.words for m in modifiers)


def disagreement(a: Context, b: Context, cr: ContextRules | None = None) -> str | None:
    """Why two contexts name different campaigns, or None: a modifier of one whose
    content the other's sentences never echo."""
    if a.modifiers and not _echoed(a.modifiers, b, cr):
        return f"modifier:{min(a.modifiers)}"
    if b.modifiers and not _echoed(b.modifiers, a, cr):
        return f"modifier:{min(b.modifiers)}"
    return None


def support(a: Context, b: Context) -> tuple[list[str], list[str]]:
    """Content words and co-mentioned initiatives the two contexts share (sorted)."""
    return sorted(a.words & b.words), sorted(a.partners & b.partners)


def describe(a: Context, b: Context) -> str:
    """A short evidence label: what the two contexts share, or that nothing conflicts."""
    words, partners = support(a, b)
    parts = []
    if partners:
        parts.append("co-mentioned=" + ",".join(partners[:3]))
    if words:
        parts.append("shared=" + ",".join(words[:5]))
    return "context:" + (";".join(parts) if parts else "no-conflict")
