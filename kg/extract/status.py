"""A project mention's status, read where it stands: the verb that governs it and the
section it is in: 开工 in a plan section is planned; in a review section it happened.
Extraction decides it (:func:`with_status`); the link stage's timeline only collects it.
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

Besides the status (what happened: planned for everything a plan names), each reading
has a **stage** and a **modality**: the stage the clause speaks of, and whether it is
reported (it happened) or planned (a promise: 力争X开工 is a start promised; in a plan,
加快推进X建设 / 续建X, or a verb of building (建设, 实施, 打造: status.construction_verbs),
is work in progress that continues, 确保X建成投产 an operation promised; a plan's bare
mention is the stage planned).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from kg.corpus.script import fold
from kg.genre import Vocabulary, alternation
from kg.genre import default as default_vocabulary
from kg.model import PROJECT_STATUSES, Extraction, Mention

# When one report says several things of a project, the most advanced one stands.
RANK = {s: i for i, s in enumerate(PROJECT_STATUSES)}
CUE_WINDOW = 48  # at most this many characters between a name and the verb that governs it


@dataclass(frozen=True)
class StatusRules:
    """The status vocabulary (``kg/genre/status.toml``) with its regexes, per vocabulary."""

    cues: Mapping[str, str]
    cue_re: re.Pattern[str]
    clause_breaks: str
    chain_gap_re: re.Pattern[str]
    amount_re: re.Pattern[str]
    part_re: re.Pattern[str]
    imminent_re: re.Pattern[str]
    intent_re: re.Pattern[str]
    negated_re: re.Pattern[str]
    preliminary_re: re.Pattern[str]
    preliminary_verbs: tuple[str, ...]
    list_end: str
    building_re: re.Pattern[str]  # status.construction_verbs

    @classmethod
    def build(cls, v: Vocabulary) -> StatusRules:
        cues = v.map("status.cues")
        return cls(
            cues=cues,
            cue_re=re.compile(alternation(sorted(cues, key=lambda c: (-len(c), c)))),
            clause_breaks=v.chars("characters.status_clause_breaks"),
            chain_gap_re=re.compile(f"^(?:{v.alt('status.chain_gaps')})*$"),
            amount_re=re.compile("|".join(v.patterns("status.amount_after_verb"))),
            part_re=re.compile("|".join(v.patterns("status.part_before_verb"))),
            imminent_re=re.compile(v.alt("status.imminent")),
            intent_re=re.compile(v.alt("status.intent")),
            negated_re=re.compile(f"(?:{v.alt('status.negation')})$"),
            preliminary_re=re.compile("|".join(v.patterns("status.preliminary"))),
            preliminary_verbs=v.words("status.preliminary_verbs"),
            list_end=v.chars("lists.list_end"),
            building_re=re.compile(v.alt("status.construction_verbs")),
        )


def status_rules(vocab: Vocabulary) -> StatusRules:
    return vocab.compiled("extract.status", StatusRules.build)


@dataclass(frozen=True)
class Reading:
    """What a clause says of a project: the status, the verb it rests on, and why."""

    status: str | None
    cue: str | None
    reason: str = ""
    stage: str | None = None  # the verb's stage before an aspect turned it (力争开工: started)


def _clause(sr: StatusRules, sentence: str, at: int, end: int) -> tuple[str, int, int]:
    """The clause around ``sentence[at:end]`` and the name's offsets inside it."""
    lo = max((sentence.rfind(ch, 0, at) for ch in sr.clause_breaks), default=-1) + 1
    hits = [i for i in (sentence.find(ch, end) for ch in sr.clause_breaks) if i >= 0]
    hi = min(hits) if hits else len(sentence)
    return sentence[lo:hi], at - lo, end - lo


def _cues(sr: StatusRules, text: str) -> list[tuple[int, int, str]]:
    """Cue words in ``text``, leftmost-longest, as (start, end, cue)."""
    return [(m.start(), m.end(), m.group()) for m in sr.cue_re.finditer(text)]


def _chain(sr: StatusRules, text: str, cues: list[tuple[int, int, str]], i: int, step: int) -> list[tuple[int, int, str]]:
    """Cue ``i`` and the cues chained to it (only conjunctions between), walking ``step``."""
    chain = [cues[i]]
    j = i + step
    while 0 <= j < len(cues):
        a, b = (chain[-1], cues[j]) if step > 0 else (cues[j], chain[-1])
        if not sr.chain_gap_re.match(text[a[1]:b[0]]):
            break
        chain.append(cues[j])
        j += step
    return sorted(chain)


def _modified(sr: StatusRules, status: str, clause: str, chain: list[tuple[int, int, str]], lead: str,
              object_text: str) -> tuple[str | None, str]:
    """Apply the aspect of the clause to a chain's status. ``lead`` is the clause text
    before the chain's first verb; ``object_text`` what follows the name (for a verb
    before the name) or the verb (for a verb after it)."""
    first, last = chain[0], chain[-1]
    if sr.negated_re.search(lead):
        return None, "negated"
    if sr.intent_re.search(lead):
        return "planned", "intended"
    if sr.imminent_re.search(lead):
        if RANK[status] >= RANK["completed"]:
            return "in_progress", "imminent"
        if RANK[status] < RANK["in_progress"]:
            return "planned", "imminent"
        return status, "imminent"
    if first[2] in sr.preliminary_verbs and sr.preliminary_re.match(object_text):
        return "planned", "preliminary-work"
    if RANK[status] >= RANK["started"] and status != "in_progress" \
            and sr.amount_re.match(clause[last[1]:]):
        return "in_progress", "partial-amount"
    return status, ""


def read_clause(mention: Mention, vocab: Vocabulary | None = None) -> Reading:
    """The status the mention's clause gives the project, if any (see the module doc).
    Read on simplified characters (the cue words are simplified): a mention of a
    traditional-script report keeps its own script, and folding keeps every offset."""
    sr = status_rules(vocab or default_vocabulary())
    sentence = fold(mention.sentence)
    at = sentence.find(fold(mention.text))
    if at < 0 or not mention.text:
        return Reading(None, None, "name-not-in-sentence")
    clause, at, end = _clause(sr, sentence, at, at + len(mention.text))
    cues = _cues(sr, clause)
    after = [k for k, c in enumerate(cues) if c[0] >= end and c[0] - end <= CUE_WINDOW]
    before = [k for k, c in enumerate(cues) if c[1] <= at and at - c[1] <= CUE_WINDOW]
    if after:
        after = _list_predicate(sr, clause, cues, after, end)
    if after and not clause[:cues[after[0]][0]].endswith("、"):
        chain = _chain(sr, clause, cues, after[0], +1)
        verb = max((sr.cues[c[2]] for c in chain), key=RANK.__getitem__)
        gap = clause[end:chain[0][0]]
        lead = clause[:chain[0][0]]
        status, reason = _modified(sr, verb, clause, chain, lead, clause[chain[-1][1]:])
        if status and not reason and RANK[status] >= RANK["started"] and status != "in_progress" \
                and sr.part_re.match(gap):
            status, reason = "in_progress", "part-of-project"
        return Reading(status, _top(sr, chain), reason, _stage(verb, status, reason))
    if before:
        chain = _chain(sr, clause, cues, before[-1], -1)
        verb = max((sr.cues[c[2]] for c in chain), key=RANK.__getitem__)
        status, reason = _modified(sr, verb, clause, chain, clause[:chain[0][0]], clause[end:])
        return Reading(status, _top(sr, chain), reason, _stage(verb, status, reason))
    return Reading(None, None, "no-verb")


def _list_predicate(sr: StatusRules, clause: str, cues: list[tuple[int, int, str]], after: list[int], end: int) -> list[int]:
    """In a list closed by 等 (A续建配套、B修复等水利工程完工) the verb after 等 governs every
    item; a cue word inside an item that another item follows is part of its name."""
    deng = clause.find(sr.list_end, end)
    first = cues[after[0]]
    if deng < 0 or first[0] > deng or "、" not in clause[first[1]:deng]:
        return after
    return [k for k in after if cues[k][0] > deng]


def _stage(verb: str, status: str | None, reason: str) -> str | None:
    """The stage a clause speaks of: the verb's own when an intention or an imminent
    event turned the status (力争开工 is a start promised), else the status."""
    return verb if reason in ("intended", "imminent") else status


#: Aspects that make a reading a promise rather than a report.
PROMISING = frozenset({"intended", "imminent", "plan-section"})


def _top(sr: StatusRules, chain: list[tuple[int, int, str]]) -> str:
    """The most advanced cue of a chain (the longest on a tie)."""
    return max((c[2] for c in chain), key=lambda c: (RANK[sr.cues[c]], len(c), c))


def reading_of(mention: Mention, vocab: Vocabulary | None = None) -> Reading:
    """A plan section plans whatever it names; elsewhere a status verb says what
    happened: the verb of the mention's clause, read with its aspect, else the
    extractor's cue."""
    if mention.section == "plan":
        clause = read_clause(mention, vocab)
        stage = clause.stage or ("in_progress" if _builds(mention, vocab) else "planned")
        return Reading("planned", clause.cue or mention.cue, "plan-section", stage)
    reading = read_clause(mention, vocab)
    cues = status_rules(vocab or default_vocabulary()).cues
    if reading.cue is None and mention.cue in cues:
        # The clause could not be read: trust the extractor's cue.
        return Reading(cues[mention.cue], mention.cue, "extractor-cue", cues[mention.cue])
    return reading


def _builds(mention: Mention, vocab: Vocabulary | None) -> bool:
    """Whether the mention's clause has a verb of building (建设, 实施, 打造 …:
    status.construction_verbs): in a plan, work on the project goes on."""
    sr = status_rules(vocab or default_vocabulary())
    sentence = fold(mention.sentence)
    at = sentence.find(fold(mention.text))
    if at < 0:
        return False
    clause, _at, _end = _clause(sr, sentence, at, at + len(mention.text))
    return sr.building_re.search(clause) is not None


def read_status(mention: Mention, vocab: Vocabulary | None = None) -> Mention:
    """A project mention carrying its status reading (``status``, ``status_cue``,
    ``aspect``); other mentions as they are."""
    if mention.type != "Project":
        return mention
    r = reading_of(mention, vocab)
    modality = "" if r.stage is None else ("planned" if r.reason in PROMISING else "reported")
    return replace(mention, status=r.status, status_cue=r.cue, aspect=r.reason, stage=r.stage, modality=modality)


def with_status(extraction: Extraction, vocab: Vocabulary | None = None) -> Extraction:
    """The extraction with every project mention carrying its status reading, so that
    linking only collects them."""
    def read(m: Mention) -> Mention:
        return read_status(m, vocab)

    mentions = [read(m) for m in extraction.mentions]
    links = [replace(k, subject=read(k.subject), object=read(k.object)) for k in extraction.links]
    return replace(extraction, mentions=mentions, links=links)
