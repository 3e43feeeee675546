"""A project's status per report, from the verb that governs its mention and the
section it stands in: 开工 in a plan section is planned; in a review section it happened.
A project named in a plan section is planned even without a verb (the plan lists what
the government will push); in the review only a status verb says what happened.

Reading a clause (the text between two of ，。；！？：) follows the habits of the genre:

- the verb after the name governs it (X开工, X、Y等25个项目竣工), unless that verb opens a
  new coordinated predicate (建成X、推进Y: for X the verb is 建成, not 推进); in a list
  closed by 等 the verb after 等 governs every item, whatever verb-like words the items hold;
- else the nearest verb before it governs it and every name listed after it
  (启动A、B、C改扩建);
- chained verbs count as one, the most advanced wins (建成并投入使用, 竣工通车);
- aspect matters: progress phrases (加快推进, 建设中, 主体完工, 完成投资…) are in progress;
  a verb with a measured amount (开工建设2万平方米, 竣工交付3栋) or a verb that falls on
  one phase of the named project (X二期开工) reports partial works, so in progress;
- prospective words turn a verb into an intention: 即将建成 / 有望竣工 is still in
  progress, 力争开工 / 确保建成 is planned; 尚未开工 says nothing happened;
- 完成/启动 of preliminary work (前期工作, 规划设计) is not construction: planned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.corpus.script import fold
from kg.model import Entity, Evidence, Mention, StatusEvent

# Cue word (as extractors report it, or as read from the clause) -> status when the
# report says it happened.
CUE_STATUS: dict[str, str] = {
    # signed: the investment is secured
    "签约": "signed", "落户": "signed", "落地": "signed", "引进": "signed", "招引": "signed",
    # started
    "开工": "started", "动工": "started", "奠基": "started", "开建": "started", "破土": "started",
    "启动": "started", "启动建设": "started",
    # in progress: progress phrases and partial completion
    "在建": "in_progress", "续建": "in_progress", "推进": "in_progress", "加快": "in_progress",
    "加速": "in_progress", "提速": "in_progress", "建设中": "in_progress", "正在建设": "in_progress",
    "渐入": "in_progress", "初具规模": "in_progress", "完成主体": "in_progress",
    "主体完工": "in_progress", "主体竣工": "in_progress", "主体封顶": "in_progress",
    "封顶": "in_progress", "完成投资": "in_progress", "形象进度": "in_progress",
    # completed
    "竣工": "completed", "建成": "completed", "完工": "completed", "通车": "completed",
    "交房": "completed", "交付": "completed", "完成": "completed", "贯通": "completed",
    "拉通": "completed", "打通": "completed",
    # operating: in use
    "投产": "operating", "投入使用": "operating", "投用": "operating", "交付使用": "operating",
    "建成使用": "operating", "开业": "operating", "运营": "operating", "启用": "operating",
    "达产": "operating", "开园": "operating", "开学": "operating", "开馆": "operating",
}
# When one report says several things of a project, the most advanced one stands.
RANK = {s: i for i, s in enumerate(("planned", "signed", "started", "in_progress", "completed", "operating"))}

CLAUSE_BREAKS = "，。；！？：,;!?:\n"
CUE_WINDOW = 48  # at most this many characters between a name and the verb that governs it
_CUE_RE = re.compile("|".join(re.escape(c) for c in sorted(CUE_STATUS, key=lambda c: (-len(c), c))))
# Between two verbs of one chain: nothing, or a conjunction (建成并投入使用, 竣工、通车).
_CHAIN_GAP_RE = re.compile(r"^(?:并|并且|且|及|和|与|、|后|即|已|并已|即已|全面|正式|顺利)*$")
# A measured amount right after the verb: the verb covers part of the project.
_AMOUNT_RE = re.compile(
    r"^(?:建设|施工|改造|新建|面积)?(?:了|约|近|超|超过|达|达到|累计)?[\d.,一二三四五六七八九十百千两]+(?:多|余)?\s*(?:万|亿)?\s*"
    r"(?:平方米|平米|㎡|亩|米|公里|千米|栋|幢|套|户|间|%|％|成|元)"
)
# A phase or section of the named project between the name and its verb (X二期开工).
_PART_RE = re.compile(r"^[^、等]{0,6}?(?:[\d一二三四五六七八九十]+(?:-[\d]+)?期|标段)")
# Prospective words before a verb. Imminent ones leave a project in progress; intentions
# (said in a review too, when it lists what comes next) leave it planned.
_IMMINENT_RE = re.compile(r"即将|有望|预计|将于|将在")
_INTENT_RE = re.compile(r"力争|争取|确保|拟|明年|下一步|下阶段|计划于|计划在")
_NEGATED_RE = re.compile(r"(?:未|尚未|暂未|没有|未能)$")
# Preliminary work: finishing or starting it is not construction.
_PRELIMINARY_RE = re.compile(r"^[^，。；]{0,12}?(?:前期|规划设计|方案设计|可研|立项|选址|招标|征地报批)")


@dataclass(frozen=True)
class Reading:
    """What a clause says of a project: the status, the verb it rests on, and why."""

    status: str | None
    cue: str | None
    reason: str = ""


def _clause(sentence: str, at: int, end: int) -> tuple[str, int, int]:
    """The clause around ``sentence[at:end]`` and the name's offsets inside it."""
    lo = max((sentence.rfind(ch, 0, at) for ch in CLAUSE_BREAKS), default=-1) + 1
    hits = [i for i in (sentence.find(ch, end) for ch in CLAUSE_BREAKS) if i >= 0]
    hi = min(hits) if hits else len(sentence)
    return sentence[lo:hi], at - lo, end - lo


def _cues(text: str) -> list[tuple[int, int, str]]:
    """Cue words in ``text``, leftmost-longest, as (start, end, cue)."""
    return [(m.start(), m.end(), m.group()) for m in _CUE_RE.finditer(text)]


def _chain(text: str, cues: list[tuple[int, int, str]], i: int, step: int) -> list[tuple[int, int, str]]:
    """Cue ``i`` and the cues chained to it (only conjunctions between), walking ``step``."""
    chain = [cues[i]]
    j = i + step
    while 0 <= j < len(cues):
        a, b = (chain[-1], cues[j]) if step > 0 else (cues[j], chain[-1])
        if not _CHAIN_GAP_RE.match(text[a[1]:b[0]]):
            break
        chain.append(cues[j])
        j += step
    return sorted(chain)


def _modified(status: str, clause: str, chain: list[tuple[int, int, str]], lead: str,
              object_text: str) -> tuple[str | None, str]:
    """Apply the aspect of the clause to a chain's status. ``lead`` is the clause text
    before the chain's first verb; ``object_text`` what follows the name (for a verb
    before the name) or the verb (for a verb after it)."""
    first, last = chain[0], chain[-1]
    if _NEGATED_RE.search(lead):
        return None, "negated"
    if _INTENT_RE.search(lead):
        return "planned", "intended"
    if _IMMINENT_RE.search(lead):
        if RANK[status] >= RANK["completed"]:
            return "in_progress", "imminent"
        if RANK[status] < RANK["in_progress"]:
            return "planned", "imminent"
        return status, "imminent"
    if first[2] in ("完成", "启动", "启动建设", "开工") and _PRELIMINARY_RE.match(object_text):
        return "planned", "preliminary-work"
    if RANK[status] >= RANK["started"] and status != "in_progress" \
            and _AMOUNT_RE.match(clause[last[1]:]):
        return "in_progress", "partial-amount"
    return status, ""


def read_clause(mention: Mention) -> Reading:
    """The status the mention's clause gives the project, if any (see the module doc).
    Read on simplified characters (the cue words are simplified): a mention of a
    traditional-script report keeps its own script, and folding keeps every offset."""
    sentence = fold(mention.sentence)
    at = sentence.find(fold(mention.text))
    if at < 0 or not mention.text:
        return Reading(None, None, "name-not-in-sentence")
    clause, at, end = _clause(sentence, at, at + len(mention.text))
    cues = _cues(clause)
    after = [k for k, c in enumerate(cues) if c[0] >= end and c[0] - end <= CUE_WINDOW]
    before = [k for k, c in enumerate(cues) if c[1] <= at and at - c[1] <= CUE_WINDOW]
    if after:
        after = _list_predicate(clause, cues, after, end)
    if after and not clause[:cues[after[0]][0]].endswith("、"):
        chain = _chain(clause, cues, after[0], +1)
        status = max((CUE_STATUS[c[2]] for c in chain), key=RANK.__getitem__)
        gap = clause[end:chain[0][0]]
        lead = clause[:chain[0][0]]
        status, reason = _modified(status, clause, chain, lead, clause[chain[-1][1]:])
        if status and not reason and RANK[status] >= RANK["started"] and status != "in_progress" \
                and _PART_RE.match(gap):
            status, reason = "in_progress", "part-of-project"
        return Reading(status, _top(chain), reason)
    if before:
        chain = _chain(clause, cues, before[-1], -1)
        status = max((CUE_STATUS[c[2]] for c in chain), key=RANK.__getitem__)
        status, reason = _modified(status, clause, chain, clause[:chain[0][0]], clause[end:])
        return Reading(status, _top(chain), reason)
    return Reading(None, None, "no-verb")


def _list_predicate(clause: str, cues: list[tuple[int, int, str]], after: list[int], end: int) -> list[int]:
    """In a list closed by 等 (A续建配套、B修复等水利工程完工) the verb after 等 governs every
    item; a cue word inside an item that another item follows is part of its name."""
    deng = clause.find("等", end)
    first = cues[after[0]]
    if deng < 0 or first[0] > deng or "、" not in clause[first[1]:deng]:
        return after
    return [k for k in after if cues[k][0] > deng]


def _top(chain: list[tuple[int, int, str]]) -> str:
    """The most advanced cue of a chain (the longest on a tie)."""
    return max((c[2] for c in chain), key=lambda c: (RANK[CUE_STATUS[c]], len(c), c))


def clause_cue(mention: Mention) -> str | None:
    """The status verb of the mention's clause: the most advanced of the verb chain after
    it (X开工, X等25个项目竣工, X建成投产), else of the chain before it (建成X)."""
    return read_clause(mention).cue


def _reading(mention: Mention) -> Reading:
    if mention.section == "plan":
        return Reading("planned", mention.cue, "plan-section")
    reading = read_clause(mention)
    if reading.cue is None and mention.cue in CUE_STATUS:
        # The clause could not be read: trust the extractor's cue.
        return Reading(CUE_STATUS[mention.cue], mention.cue, "extractor-cue")
    return reading


def status_of(mention: Mention) -> str | None:
    """A plan section plans whatever it names; elsewhere a status verb says what
    happened: the verb of the mention's clause, read with its aspect, else the
    extractor's cue."""
    return _reading(mention).status


def timeline_for(entity: Entity, years: dict[str, int | None]) -> list[StatusEvent]:
    """One event per report that says something of the project's status."""
    best: dict[str, tuple[str, Mention, Reading]] = {}
    for m in entity.mentions:
        reading = _reading(m)
        status = reading.status
        if status is None:
            continue
        held = best.get(m.report)
        if held is None or RANK[status] > RANK[held[0]]:
            best[m.report] = (status, m, reading)
    events = []
    for report, (status, m, reading) in best.items():
        year = years.get(report)
        rule = f"cue:{reading.cue}/{m.section}"
        if reading.reason and reading.reason != "plan-section":
            rule += f"/{reading.reason}"
        events.append(StatusEvent(
            report=report, year=year, status=status,
            evidence=Evidence(report, m.start, m.end, m.sentence, rule),
            note=None if year is not None else "the report's year is unknown",
        ))
    return sorted(events, key=lambda e: (e.year is None, e.year or 0, e.report))
