"""The READ stage takes its words from the vocabulary (kg/genre): an overlay that adds a
word changes what it reads, and the package vocabulary builds every rule of the stage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.corpus import ReadError, report_from_bytes, report_from_text
from kg.corpus.genre import cues as genre_cues
from kg.corpus.genre import not_a_report_reason
from kg.corpus.metadata import extract_metadata
from kg.corpus.metadata import rules as metadata_rules
from kg.corpus.normalize import normalize as normalize_text
from kg.corpus.normalize import rules as normalize_rules
from kg.corpus.sections import rules as sections_rules
from kg.corpus.sections import split_sections
from kg.genre import Vocabulary, VocabularyError, default, load

# The tables this stage reads (report.toml, and the governments' tables of places.toml).
TABLES = (
    "report.strong_cues", "report.weak_cues", "report.continuation_markers", "report.running_headers",
    "report.editor_credits", "report.running_title", "report.notice_headings", "report.subtitle_opening",
    "report.subtitle_closing", "report.salutations", "report.spaced_glossary_titles", "report.annex",
    "report.glossary_titles", "report.self_titles", "report.review_titles", "report.plan_titles",
    "report.preamble_cues", "report.review_cues", "report.plan_cues", "report.title_subtitle",
    "report.plenary", "report.government", "report.speaking_for", "report.supervision",
    "report.self_pronouns", "report.renewal_epithets", "report.renewal_word", "report.self_name_tails", "report.city_brands",
    "report.not_name_start", "report.not_name_chars", "report.generic_self_words", "report.not_after_suffix",
    "report.province_cues", "report.review_year", "report.plan_year", "report.year_opening",
    "places.admin_suffixes", "places.suffix_levels", "places.levels", "places.head_titles",
    "places.title_levels", "places.acting_title_prefixes", "places.deputy_title_prefixes",
    "places.parent_suffixes", "places.city_suffix", "places.province_suffix",
    "places.city_parented_suffixes", "places.province_parented_suffixes", "places.rival_suffixes",
)

BUILDERS = (
    ("corpus.genre", genre_cues),
    ("corpus.normalize", normalize_rules),
    ("corpus.sections", sections_rules),
    ("corpus.metadata", metadata_rules),
)


def _overlay(tmp_path: Path, text: str) -> Vocabulary:
    path = tmp_path / "overlay.toml"
    path.write_text(text, encoding="utf-8")
    return load(path)


# --- (i) a word added by an overlay changes what the stage reads --------------------------

NOT_QUITE_A_REPORT = "全区蓝莓种植面积扩大到三万亩，蓝莓产业链产值突破十亿元，带动农户增收。\n"


def test_new_weak_cue_makes_a_text_a_report(tmp_path):
    vocab = _overlay(tmp_path, '[report.weak_cues]\nadd = ["蓝莓产业链"]\n')
    assert not_a_report_reason(NOT_QUITE_A_REPORT) is not None  # one weak cue (全区) only
    assert not_a_report_reason(NOT_QUITE_A_REPORT, vocab=vocab) is None
    data = NOT_QUITE_A_REPORT.encode("utf-8")
    with pytest.raises(ReadError, match="does not look like"):
        report_from_bytes(data, Path("blue.txt"), "blue.txt", {})
    report = report_from_bytes(data, Path("blue.txt"), "blue.txt", {}, vocab=vocab)
    assert report.text == NOT_QUITE_A_REPORT.strip()


TITLE_BLOCK = ("政府工作报告\n"
               "——2024年1月5日在青山区第三届人民代表大会第二次会议上\n"
               "主任 张三丰\n"
               "各位代表：\n"
               "过去一年，我们推动经济发展。\n")


def test_new_speaker_title_is_read(tmp_path):
    before = report_from_text(TITLE_BLOCK, "title.txt")
    assert before.meta.speaker is None and before.meta.speaker_title is None
    assert before.meta.level == "区"  # from the title block's 青山区

    vocab = _overlay(tmp_path, '[places.head_titles]\nadd = ["主任"]\n')
    after = report_from_text(TITLE_BLOCK, "title.txt", vocab=vocab)
    assert (after.meta.speaker_title, after.meta.speaker) == ("主任", "张三丰")
    assert after.meta.level == "区"  # 主任 gives no level: the title block's suffix does

    with_level = _overlay(tmp_path, '[places.head_titles]\nadd = ["主任"]\n'
                                    '[places.title_levels]\nadd = { "主任" = "县" }\n')
    meta, _ = extract_metadata(after.text, vocab=with_level)
    assert meta.speaker_title == "主任" and meta.level == "县"


def test_new_glossary_heading_opens_the_glossary(tmp_path):
    text = "各位代表：\n一、2023年工作回顾\n我们完成了任务。\n术语解释\n1.两新一重：新型基础设施。\n"
    assert [s.kind for s in split_sections(text)] == ["preamble", "review"]
    vocab = _overlay(tmp_path, '[report.glossary_titles]\nadd = ["术语解释"]\n')
    assert [s.kind for s in split_sections(text, vocab=vocab)] == ["preamble", "review", "glossary"]
    report = report_from_text(text, "g.txt", vocab=vocab)
    assert report.sections[-1].kind == "glossary" and report.sections[-1].title == "术语解释"


def test_new_editor_credit_is_dropped_as_debris(tmp_path):
    raw = "各位代表：\n我们完成了全年任务。\n值班编辑：王五\n"
    assert "值班编辑" in normalize_text(raw)
    vocab = _overlay(tmp_path, '[report.editor_credits]\nadd = ["值班编辑"]\n')
    assert normalize_text(raw, vocab=vocab) == "各位代表：\n我们完成了全年任务。"


def test_removed_word_is_no_longer_read(tmp_path):
    text = "各位代表：\n我们完成了任务。\n名词解释\n1.两新一重：新型基础设施。\n"
    assert split_sections(text)[-1].kind == "glossary"
    vocab = _overlay(tmp_path, '[report.glossary_titles]\nremove = ["名词解释"]\n'
                               '[report.spaced_glossary_titles]\nremove = ["名词解释"]\n')
    assert all(s.kind != "glossary" for s in split_sections(text, vocab=vocab))


def test_overlay_does_not_leak_into_the_default(tmp_path):
    vocab = _overlay(tmp_path, '[report.weak_cues]\nadd = ["蓝莓产业链"]\n')
    assert not_a_report_reason(NOT_QUITE_A_REPORT, vocab=vocab) is None
    assert not_a_report_reason(NOT_QUITE_A_REPORT) is not None
    assert not_a_report_reason(NOT_QUITE_A_REPORT, vocab=default()) is not None


def test_overlay_that_breaks_a_declared_relation_is_refused(tmp_path):
    # title_levels must be part of head_titles (checks.toml)
    with pytest.raises(VocabularyError, match="head_titles"):
        _overlay(tmp_path, '[places.title_levels]\nadd = { "主任" = "县" }\n')


# --- (ii) the package vocabulary loads and the builders compile --------------------------

def test_package_vocabulary_has_the_stage_tables():
    vocab = default()
    for name in TABLES:
        table = vocab.tables[name]
        assert table.doc, f"{name} has no doc line"
        assert len(table.value) > 0, f"{name} is empty"


@pytest.mark.parametrize("key,build", BUILDERS, ids=[k for k, _ in BUILDERS])
def test_builders_compile_once_per_vocabulary(key, build):
    vocab = default()
    built = vocab.compiled(key, build)
    assert vocab.compiled(key, build) is built
    fields = vars(built) if hasattr(built, "__dict__") else {f: getattr(built, f) for f in built.__dataclass_fields__}
    patterns = [v for v in fields.values() if isinstance(v, re.Pattern)]
    patterns += [p for v in fields.values() if isinstance(v, tuple) for p in v if isinstance(p, re.Pattern)]
    assert key == "corpus.genre" or patterns


def test_default_reading_is_unchanged_by_passing_the_default():
    text = TITLE_BLOCK + "一、2023年工作回顾\n全区地区生产总值增长5%。\n二、2024年工作安排\n重点抓好以下工作。\n"
    a = report_from_text(text, "t.txt")
    b = report_from_text(text, "t.txt", vocab=default())
    assert a == b
