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

from kg.segment import base_pos_tokenizer

# Clause boundaries and closing quotes: a modifier never crosses them.
_CLAUSE_BREAK = re.compile(r"[，。；：！？,;:!?、（）()\[\]【】\s”」』\"'’》.．\d]")
_OPENING_QUOTES = "“「『\"‘'《"
# Verbs and adverbs that launch or push a campaign; what follows the last of them, up
# to the name, is the modifier.
_LAUNCH = re.compile(
    "开展|实施|推进|推动|深化|加快|加强|强化|落实|巩固|提升|启动|组织|举办|承办|打好|打赢|打响|抓好|做好|创建|"
    "争创|打造|完成|持续|深入|全面|扎实|大力|强力|全力|着力|积极|继续|常态化|纵深|坚决|认真|不断|进一步|"
    "通过|依托|围绕|结合|按照|以|在|和|与|及|等|的|了|为|将|把|对"
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Edition, round and level words say which run of a campaign, not what it is about.
_EDITION = re.compile(r"第[一二三四五六七八九十百千\d]+[季届期轮次批]|首届|新一轮|新一届|本轮|年度|"
                      r"[一二三四五六七八九十两\d]+年|全国|全省|全市|全区|全县|全域")
_NOMINAL_FLAGS = frozenset({"vn", "an", "j", "l", "nz", "eng"})
# Generic words of the genre: sharing them says nothing about what a campaign is about.
GENERIC_WORDS = frozenset("""
工作 建设 推进 开展 实施 全面 深入 持续 加快 加强 强化 提升 发展 行动 活动 改革 专项 整治 治理 项目 工程
扎实 坚决 全力 大力 着力 积极 继续 不断 成果 完成 全部 圆满 取得 成效 深化 巩固 落实 推动 打好 常态 态化
确保 力争 全市 全区 全省 全县 全国 新增 一批 以上 重点 重大 进一步 一步 集中 三年 攻坚 试点 机制 体系 水平
能力 质量 高质 质量 服务 管理 保障 安全 不断 有效 有力 稳定 一批 实现 达到 突破 推广 经验 开创 新局 局面
""".split())


@dataclass(frozen=True)
class Context:
    modifiers: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()

    def __or__(self, other: Context) -> Context:
        return Context(self.modifiers | other.modifiers, self.words | other.words, self.partners | other.partners)


def modifier_before(text: str, start: int, sentence_start: int = 0) -> str:
    """The words glued before a name starting at ``start``: the clause's text after its
    last launching verb (全面推进甲乙建设“丙丁”行动 → 甲乙建设); empty when none."""
    prefix = text[max(sentence_start, start - 40):start].rstrip(_OPENING_QUOTES)
    breaks = list(_CLAUSE_BREAK.finditer(prefix))
    if breaks:
        prefix = prefix[breaks[-1].end():]
    verbs = list(_LAUNCH.finditer(prefix))
    if verbs:
        prefix = prefix[verbs[-1].end():]
    prefix = _EDITION.sub("", prefix)
    if not content_words(prefix):
        return ""
    # A word class check: the modifier is the nominal phrase glued to the name; a verb
    # right before the name governs it (彰显“甲乙”成效), so there is no modifier.
    words = [(w.word, w.flag) for w in base_pos_tokenizer().cut(prefix)]
    while words and not _nominal(words[0][1]):
        words.pop(0)
    if not words or not _nominal(words[-1][1]):
        return ""
    modifier = "".join(w for w, _ in words).rstrip("暨及和与并")
    # a lone character left over from a word the tagger split (培|塑) is no modifier
    return modifier if len(modifier) >= 2 and content_words(modifier) else ""


def _nominal(flag: str) -> bool:
    return flag.startswith("n") or flag in _NOMINAL_FLAGS


def content_words(text: str) -> set[str]:
    """Character bigrams of the Chinese runs of ``text``, generic words left out."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        out.update(map(str.__add__, run, run[1:]))  # its bigrams, made in C
    return out - GENERIC_WORDS


def _echoed(modifiers: frozenset[str], other: Context) -> bool:
    return any(content_words(m) & other.words for m in modifiers)


def disagreement(a: Context, b: Context) -> str | None:
    """Why two contexts name different campaigns, or None: a modifier of one whose
    content the other's sentences never echo."""
    if a.modifiers and not _echoed(a.modifiers, b):
        return f"modifier:{min(a.modifiers)}"
    if b.modifiers and not _echoed(b.modifiers, a):
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
