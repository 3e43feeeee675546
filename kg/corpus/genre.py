"""Is this text a government work report at all? Real corpora hold recipes, English
pages and notices beside the reports; those are skipped with a reason instead of
feeding the graph noise.

The cues are the vocabulary's ``report.strong_cues`` (phrases only this genre uses:
one is enough) and ``report.weak_cues`` (phrases of government prose in general: two
different ones are enough). A page that is only a report's glossary or a news list
of its terms (numbered ``term：definition`` lines, no heading) is one too: the glossary
reader reads it."""

from __future__ import annotations

from dataclasses import dataclass

from kg.corpus.sections import glossary_entry_run
from kg.genre import Vocabulary
from kg.genre import default as default_vocabulary


@dataclass(frozen=True)
class Cues:
    """What :func:`not_a_report_reason` reads, from one vocabulary."""

    strong: tuple[str, ...]
    weak: tuple[str, ...]


def cues(vocab: Vocabulary) -> Cues:
    return Cues(strong=vocab.words("report.strong_cues"), weak=vocab.words("report.weak_cues"))


def not_a_report_reason(text: str, vocab: Vocabulary | None = None) -> str | None:
    """Why ``text`` is not a work report, or None when it reads like one."""
    c = (vocab if vocab is not None else default_vocabulary()).compiled("corpus.genre", cues)
    if any(cue in text for cue in c.strong):
        return None
    weak = [cue for cue in c.weak if cue in text]
    if len(weak) >= 2 or glossary_entry_run(text) is not None:
        return None
    cjk = sum(1 for ch in text[:20000] if "\u4e00" <= ch <= "\u9fff")
    if cjk < 0.2 * min(len(text), 20000):
        return "does not look like a government work report (hardly any Chinese text)"
    return "does not look like a government work report (none of its usual phrases: 各位代表, 工作回顾, 人民政府 …)"
