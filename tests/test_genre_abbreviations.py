"""The abbreviation and glossary readers take their words from the vocabulary (kg/genre,
``abbreviations.*``): an overlay that adds or removes a word changes what they read, and
the package vocabulary builds every rule of the three modules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.corpus import report_from_text
from kg.extract import abbreviations, glossary, numerals
from kg.extract.abbreviations import extract, glossary_senses, is_abbreviation, mine
from kg.extract.context import ExtractContext
from kg.extract.glossary import glossary_span, parse_glossary, split_heading
from kg.extract.numerals import parse_cn_number, shape, structure
from kg.genre import Vocabulary, VocabularyError, default, load
from kg.model import Report

BUILDERS = (
    ("extract.numerals", numerals._build),
    ("extract.abbreviations", abbreviations._build),
    ("extract.glossary", glossary._build),
)


def _overlay(tmp_path: Path, text: str) -> Vocabulary:
    path = tmp_path / "overlay.toml"
    path.write_text(text, encoding="utf-8")
    return load(path)


def _raw(text: str, name: str = "g.txt") -> Report:
    """A report as read, without the section splitter's glossary section."""
    return Report(id=name, path="", sha256="", encoding="utf-8", text=text)


# --- (i) a word added or removed by an overlay changes what the modules read -------------

INLINE = "各位代表：\n我们开展老旧小区整治，“三无”包括无物业、无主管、无人管。\n"


def test_removed_defining_word_leaves_an_inline_definition_unread(tmp_path):
    report = report_from_text(INLINE, "t.txt")
    before = extract(report, ExtractContext())
    assert [(s.term, s.components, s.evidence.rule) for s in before.senses] == \
        [("三无", ["无物业", "无主管", "无人管"], "inline-defining")]
    vocab = _overlay(tmp_path, '[abbreviations.inline_defining_words]\nremove = ["包括"]\n')
    after = extract(report, ExtractContext(vocab=vocab))
    assert after.senses == []
    assert [m.text for m in after.mentions] == [m.text for m in before.mentions]  # still mentioned
    assert mine(report, vocab=vocab) == [] and [e.term for e in mine(report)] == ["三无"]


NO_COLON = "各位代表：\n我们完成了任务。\n名词解释\n1.三无即无物业、无主管、无人管。\n"


def test_removed_defining_word_leaves_a_glossary_entry_without_colon_unread(tmp_path):
    report = report_from_text(NO_COLON, "g.txt")
    entries, warnings = parse_glossary(report)
    assert [e.terms for e in entries] == [("三无",)] and "no colon between term and definition" in warnings[0]
    vocab = _overlay(tmp_path, '[abbreviations.defining_words]\nremove = ["即"]\n')
    entries, warnings = parse_glossary(report, vocab)
    assert entries == [] and "cannot tell the term from its definition" in warnings[0]
    senses, _, _ = glossary_senses(report, vocab=vocab)
    assert senses == []


GLOSSARY = ("各位代表：\n我们完成了任务。\n术语解释\n"
            "1.两新一重：新型基础设施、新型城镇化和交通水利等重大工程。\n")


def test_new_glossary_heading_makes_a_glossary_found(tmp_path):
    report = _raw(GLOSSARY)
    assert glossary_span(report) is None and parse_glossary(report) == ([], [])
    vocab = _overlay(tmp_path, '[report.glossary_titles]\nadd = ["术语解释"]\n')
    start, end = glossary_span(report, vocab)
    assert report.text[start:end].startswith("术语解释")
    entries, warnings = parse_glossary(report, vocab)
    assert [e.terms for e in entries] == [("两新一重",)] and warnings == []
    ex = extract(report, ExtractContext(vocab=vocab))
    assert [s.term for s in ex.senses] == ["两新一重"]
    spaced = _raw(GLOSSARY.replace("术语解释", "术 语 解 释"))
    assert glossary_span(spaced, vocab) is not None  # spaces between characters, like 名 词 解 释


def test_level_prefix_and_heading_joiner_come_from_the_vocabulary(tmp_path):
    assert split_heading("省五个200") == (["五个200"], "")
    assert split_heading("“两高”或“一剩”") == (["两高", "一剩"], "或")
    vocab = _overlay(tmp_path, '[abbreviations.level_prefixes]\nremove = ["省"]\n'
                               '[abbreviations.conjunctions]\nadd = ["或"]\n')
    assert split_heading("省五个200", vocab) == (["省五个200"], "")
    assert split_heading("“两高”或“一剩”", vocab) == (["两高", "一剩"], "")


def test_new_measure_makes_a_numeral_measure_rather_than_count(tmp_path):
    assert is_abbreviation("三届") and shape("三届").expected == 3
    vocab = _overlay(tmp_path, '[abbreviations.measures]\nadd = ["届"]\n')
    assert not is_abbreviation("三届", vocab) and shape("三届", vocab).expected is None
    assert is_abbreviation("三届")  # the memo is per vocabulary: the default is unchanged


def test_new_digit_is_read_as_a_numeral(tmp_path):
    assert parse_cn_number("廿") is None
    vocab = _overlay(tmp_path, '[abbreviations.digits]\nadd = { "廿" = 20 }\n')
    assert parse_cn_number("廿", vocab) == 20
    assert shape("廿条", vocab).blocks[0].numeral == "廿"


def test_removed_conjunction_no_longer_cuts_a_definition(tmp_path):
    definition = "形式主义、官僚主义、享乐主义和奢靡之风。"
    assert structure("四风", definition).components == ["形式主义", "官僚主义", "享乐主义", "奢靡之风"]
    vocab = _overlay(tmp_path, '[abbreviations.conjunctions]\nremove = ["和"]\n')
    assert structure("四风", definition, vocab=vocab).check != "ok"


def test_new_generic_head_names_the_known_term(tmp_path):
    text = "各位代表：\n我们推进“三改一拆”，开展“三改一拆专项”。\n"
    report = report_from_text(text, "h.txt")
    terms = lambda ex: [abbreviations.canonical_term(m.text) for m in ex.mentions]  # noqa: E731
    assert terms(extract(report, ExtractContext())) == ["三改一拆", "三改一拆专项"]
    vocab = _overlay(tmp_path, '[abbreviations.generic_heads]\nadd = ["专项"]\n')
    assert terms(extract(report, ExtractContext(vocab=vocab))) == ["三改一拆", "三改一拆"]


def test_declared_relations_are_checked(tmp_path):
    # every defining word of a glossary is also a word that opens a term's definition
    with pytest.raises(VocabularyError, match="defining_words"):
        _overlay(tmp_path, '[abbreviations.term_defining_words]\nremove = ["即"]\n')
    with pytest.raises(VocabularyError, match="framing"):
        _overlay(tmp_path, '[abbreviations.framing]\nremove = ["包括"]\n')


def test_overlay_does_not_leak_into_the_default(tmp_path):
    vocab = _overlay(tmp_path, '[report.glossary_titles]\nadd = ["术语解释"]\n')
    assert glossary_span(_raw(GLOSSARY), vocab) is not None
    assert glossary_span(_raw(GLOSSARY)) is None
    assert glossary_span(_raw(GLOSSARY), default()) is None


# --- (ii) the package vocabulary loads and builds every rule ------------------------------

def test_package_vocabulary_builds_every_rule():
    vocab = default()
    for key, build in BUILDERS:
        rules = vocab.compiled(key, build)
        assert vocab.compiled(key, build) is rules  # once per vocabulary
        assert any(isinstance(v, re.Pattern) for v in vars(rules).values()), key
    assert numerals.rules(vocab) is numerals.rules() is numerals.rules(numerals.rules())
    num, abbr, glos = numerals.rules(), abbreviations._rules(None), glossary._rules(None)
    assert [m.group(0) for m in num.run_re.finditer("三改一拆")] == ["三", "一"]
    assert num.etc_re.search("甲、乙等8大产业") and num.conjunction_re.search("甲以及乙").group(0) == "以及"
    assert abbr.plus_re.search("构建1+3工作体系") and not abbr.plus_re.search("增长21+5%")
    assert abbr.defining_after.match("工作，即") and abbr.sub_re.match("两高，即高耗能、高排放")
    assert glos.heading_re.search("正文\n名 词 解 释：\n") and glos.heading_re.search("附注\n")
    assert glos.level_prefix_re.match("省五个200") and not glos.level_prefix_re.match("省级")


def test_every_table_of_the_file_is_read_and_exists():
    vocab = default()
    names = {n.split(".", 1)[1] for n in vocab.tables if n.startswith("abbreviations.")}
    sources = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (numerals, abbreviations, glossary))
    read = set(re.findall(r"""t \+ ['"](\w+)['"]""", sources))
    assert read == names, (read ^ names)
    for name in names:
        assert vocab.tables[f"abbreviations.{name}"].doc, name
