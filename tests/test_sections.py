"""split_sections() / split_sentences(): the parts of each sample, contiguity,
sentence coverage and linear time on huge unpunctuated input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.corpus.normalize import normalize
from kg.corpus.sections import MAX_SENTENCE, split_sections, split_sentences
from kg.model import SECTION_KINDS, Report

CORPUS = Path(__file__).parent.parent / "corpus"


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {p.name[:3]: normalize(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))}


EXPECTED = {
    "000": [("preamble", ""), ("review", "2023年工作回顾"), ("plan", "2024年工作任务"),
            ("self", "加强政府自身建设"), ("glossary", "名词解释")],
    "001": [("preamble", ""), ("review", "一、2018年工作回顾"), ("plan", "二、2019年工作部署"),
            ("self", "三、全面加强政府自身建设"), ("glossary", "名词解释：")],
    "002": [("preamble", ""), ("review", "一、2021年工作回顾"), ("plan", "二、2022年工作部署"),
            ("self", "三、驰而不息加强政府自身建设"), ("glossary", "名词解释")],
    "003": [("preamble", ""), ("review", "一、攻坚克难，2022年成绩来之不易"),
            ("plan", "二、抢抓机遇，扎实做好2023年工作"), ("self", "三、全面加强政府自身建设"),
            ("glossary", "名词解释")],
    # A newspaper page that starts inside the review and stops inside the plan: no
    # self-building part, no glossary on this page.
    "004": [("review", ""), ("plan", "二、深入贯彻党的二十大精神，扎扎实实做好2023年工作")],
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_sample_sections(texts, prefix):
    sections = split_sections(texts[prefix])
    assert [(s.kind, s.title) for s in sections] == EXPECTED[prefix]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_sections_contiguous_and_start_at_headings(texts, prefix):
    text = texts[prefix]
    sections = split_sections(text)
    assert sections[0].start == 0 and sections[-1].end == len(text)
    for a, b in zip(sections, sections[1:]):
        assert a.end == b.start and a.start < a.end
    for s in sections:
        assert s.kind in SECTION_KINDS
        if s.title:
            assert text[s.start:s.start + len(s.title)] == s.title
            assert s.start == 0 or text[s.start - 1] == "\n"


@pytest.mark.parametrize("prefix, first, last", [
    ("000", "1.发展六仗（P1）", "12.一带一心多点（P14）"),
    ("002", "1.“1+13”防控体系（P4）", "20.五懂五会（P13）"),
    ("003", "1.“三重压力”（P1）", "15.“VOCs”（P16）"),
])
def test_glossary_runs_to_the_end(texts, prefix, first, last):
    text = texts[prefix]
    glossary = split_sections(text)[-1]
    lines = text[glossary.start:glossary.end].splitlines()
    assert lines[1].startswith(first) and lines[-1].startswith(last)


def test_plan_lead_in_does_not_open_a_section(texts):
    sections = split_sections(texts["003"])
    plan = next(s for s in sections if s.kind == "plan")
    assert texts["003"].index("2023年重点抓好以下工作：") in range(plan.start, plan.end)


def test_sub_headings_do_not_open_sections(texts):
    assert not any(s.title.startswith("（") for k in texts for s in split_sections(texts[k]))


# --- sentences ---------------------------------------------------------------------

@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_sentences_cover_the_text(texts, prefix):
    text = texts[prefix]
    sections = split_sections(text)
    sentences = split_sentences(text, sections)
    report = Report(id=prefix, path=prefix, sha256="", encoding="utf-8", text=text,
                    sections=sections, sentences=sentences)
    covered = 0
    prev_end = 0
    for s in sentences:
        assert prev_end <= s.start < s.end <= len(text)
        chunk = text[s.start:s.end]
        assert chunk == chunk.strip() and "\n" not in chunk
        assert s.end - s.start <= MAX_SENTENCE
        assert s.section == report.section_at(s.start)
        covered += len(chunk)
        prev_end = s.end
    assert covered == sum(1 for ch in text if not ch.isspace())


def test_sentence_examples(texts):
    text = texts["003"]
    sentences = split_sentences(text, split_sections(text))
    spans = {text[s.start:s.end] for s in sentences}
    assert "2023年重点抓好以下工作：" in spans
    assert "二、抢抓机遇，扎实做好2023年工作" in spans
    assert "各位代表，路虽远，行则将至；" in spans
    closing = next(s for s in sentences if text[s.start:s.end].startswith("5.“三资”"))
    assert text[closing.start:closing.end] == "5.“三资”（P4）：国有资源、资产、资本。"
    assert closing.section == "glossary"


def test_closing_quote_stays_with_its_sentence():
    text = "他说：“这一年很难。”我们做到了！"
    spans = [text[s.start:s.end] for s in split_sentences(text, split_sections(text))]
    assert spans == ["他说：“这一年很难。”", "我们做到了！"]


def test_long_run_cut_at_a_comma():
    text = ("发展" * 200 + "，") * 3
    spans = [text[s.start:s.end] for s in split_sentences(text, split_sections(text))]
    assert all(len(s) <= MAX_SENTENCE for s in spans)
    assert spans[0].endswith("，") and "".join(spans) == text


def test_huge_unpunctuated_line_is_linear():
    text = "发展经济" * 5_000_000  # 20 million characters, no punctuation, one line
    start = time.perf_counter()
    sections = split_sections(text)
    sentences = split_sentences(text, sections)
    elapsed = time.perf_counter() - start
    assert len(sentences) == len(text) // MAX_SENTENCE
    assert sentences[-1].end == len(text)
    assert elapsed < 20


def test_empty_text():
    assert split_sections("") == [] and split_sentences("", []) == []


def test_text_without_cues_is_other():
    text = "这是一段没有任何线索的文字。"
    assert [s.kind for s in split_sections(text)] == ["other"]
    assert [s.section for s in split_sentences(text, split_sections(text))] == ["other"]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("一二三、回顾工作安排名词解释自身建设2023年。，！？；：\n “”（）")),
               max_size=300))
def test_property_sections_and_sentences_well_formed(raw):
    text = normalize(raw)
    sections = split_sections(text)
    if text:
        assert sections[0].start == 0 and sections[-1].end == len(text)
        assert all(a.end == b.start for a, b in zip(sections, sections[1:]))
    sentences = split_sentences(text, sections)
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:]))
    assert sum(s.end - s.start for s in sentences) <= len(text)
