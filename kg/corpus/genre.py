"""Is this text a government work report at all? Real corpora hold recipes, English
pages and notices beside the reports; those are skipped with a reason instead of
feeding the graph noise."""

from __future__ import annotations

# Phrases only this genre uses: one is enough.
STRONG_CUES = ("政府工作报告", "各位代表", "人民代表大会", "请予审议", "向大会报告", "工作回顾", "名词解释")
# Phrases of government prose in general: two different ones are enough.
WEAK_CUES = ("人民政府", "全区", "全市", "全县", "全省", "全州", "全旗", "我区", "我市", "我县", "我省",
             "经济社会发展", "地区生产总值", "固定资产投资", "高质量发展", "乡村振兴", "重点项目", "招商引资",
             "民生实事", "工作安排", "主要预期目标")


def not_a_report_reason(text: str) -> str | None:
    """Why ``text`` is not a work report, or None when it reads like one."""
    if any(cue in text for cue in STRONG_CUES):
        return None
    weak = [cue for cue in WEAK_CUES if cue in text]
    if len(weak) >= 2:
        return None
    cjk = sum(1 for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff")
    if cjk < 0.2 * min(len(text), 20000):
        return "does not look like a government work report (hardly any Chinese text)"
    return "does not look like a government work report (none of its usual phrases: 各位代表, 工作回顾, 人民政府 …)"
