"""The fast paths of extraction give what the plain ones gave: the abbreviation view,
the lexicon restriction, the tokenizers copied from the base one."""

from __future__ import annotations

import random

import jieba
import jieba.posseg

from kg.extract.abbreviations import View, make_view
from kg.extract.context import ExtractContext, LexiconEntry
from kg.segment import USER_WORD_FREQ, base_pos_tokenizer, base_tokenizer, make_tokenizer


def _reference_view(text: str, skip: tuple[int, int] | None = None) -> View:
    """The view built one character at a time (the definition make_view must keep)."""
    chars: list[str] = []
    pos: list[int] = []
    opening = True
    n = len(text)
    for i, ch in enumerate(text):
        if skip and skip[0] <= i < skip[1]:
            if chars and chars[-1] != "\n":
                chars.append("\n")
                pos.append(i)
            continue
        if ch == "\n":
            prev = chars[-1] if chars else "\n"
            j = i + 1
            while j < n and text[j] in " \t\u3000\n":
                j += 1
            nxt = text[j] if j < n else ""
            if prev in "。！!？?；;：:”\n" or not nxt or nxt in "（(—0123456789一二三四五六七八九十" or prev.isascii():
                if prev != "\n":
                    chars.append("\n")
                    pos.append(i)
                    opening = True
            continue
        if ch in " \t\u3000\u00a0":
            prev = chars[-1] if chars else ""
            nxt = text[i + 1] if i + 1 < n else ""
            if prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum():
                chars.append(" ")
                pos.append(i)
            continue
        if ch == '"':
            ch = "“" if opening else "”"
            opening = not opening
        chars.append(ch)
        pos.append(i)
    return View("".join(chars), tuple(pos))


def test_view_matches_the_character_by_character_definition(sample_reports):
    from kg.extract.glossary import glossary_span

    for report in sample_reports.values():
        span = glossary_span(report)
        assert make_view(report.text, span) == _reference_view(report.text, span)
        assert make_view(report.text) == _reference_view(report.text)
    rng = random.Random(7)
    alphabet = list("甲乙丙。，；：”“\"\n \t\u3000\u00a0ab12（一—") + ["\r"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        a, b = rng.randint(-2, 32), rng.randint(-2, 32)
        for skip in (None, (a, b), (min(a, b), max(a, b))):
            assert make_view(text, skip) == _reference_view(text, skip), (text, skip)


def test_restriction_keeps_the_terms_in_the_text():
    terms = ["雪亮工程", "三高四新", "两型", "两型社会", "A B", "“”", "天网"]
    lexicon = [LexiconEntry(t, "Abbreviation") for t in terms] + [LexiconEntry("两型", "Initiative", 2, "nz")]
    context = ExtractContext(lexicon)
    for text in ("推进“雪亮”工程和两型社会建设", "没有", "A B 天 网", "三高四", "", "“两型”\0"):
        squeezed = text.translate(str.maketrans("", "", "“”\"‘’'「」『』 \t\u3000"))
        want = sorted({e for e in lexicon if e.term in text
                       or e.term.translate(str.maketrans("", "", "“”\"‘’'「」『』 \t\u3000")) in squeezed})
        assert context.restricted_to(text).lexicon == want, text


def test_a_copied_tokenizer_is_a_fresh_one():
    fresh = jieba.Tokenizer()
    fresh.initialize()
    words = [("三高四新", "nz"), ("雪亮工程", "nz")]
    for term, pos in words:
        fresh.add_word(term, freq=USER_WORD_FREQ, tag=pos)
    fresh.total = base_tokenizer().total
    copied = make_tokenizer(words)
    assert copied.FREQ == fresh.FREQ and copied.total == fresh.total
    assert copied.user_word_tag_tab == fresh.user_word_tag_tab
    assert base_pos_tokenizer().word_tag_tab == jieba.posseg.POSTokenizer(jieba.Tokenizer()).word_tag_tab
    text = "实施三高四新战略，推进雪亮工程建设"
    assert list(copied.cut(text, HMM=False)) == list(fresh.cut(text, HMM=False))


def test_fast_cut_is_jiebas_cut(sample_reports):
    from kg.extract.patterns import iter_clauses
    from kg.segment import cut

    tokenizers = [base_tokenizer(), make_tokenizer([("三高四新", "nz"), ("雪亮工程", "nz"), ("AB1", "nz")])]
    texts = [r.text for r in sample_reports.values()]
    texts += [r.text[lo:hi] for r in sample_reports.values() for lo, hi in iter_clauses(r.text)]
    rng = random.Random(11)
    alphabet = list("三高四新雪亮工程建设中心的了和。，\r\n \t-_.%#&+aB1２　") + ["\u00a0"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(3000)]
    for tok in tokenizers:
        for text in texts:
            assert cut(tok, text) == list(tok.cut(text, HMM=False)), text


def test_the_dictionary_cache_is_rebuilt_when_unusable(tmp_path, monkeypatch):
    import tempfile

    from kg import segment

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    segment._base_tables.cache_clear()
    try:
        fresh = segment._base_tables()
        (cached,) = tmp_path.glob("kg-jieba-*.pickle")
        segment._base_tables.cache_clear()
        assert segment._base_tables() == fresh  # read back from the cache
        cached.write_bytes(b"garbage")
        segment._base_tables.cache_clear()
        assert segment._base_tables() == fresh  # a broken cache is a miss
    finally:
        segment._base_tables.cache_clear()
        monkeypatch.undo()
        segment._base_tables()


def test_pos_tagger_is_jiebas_tagger_without_hmm(sample_reports):
    from kg.extract.patterns import iter_clauses
    from kg.segment import pos_tokenizer

    words = [("三高四新", "nz"), ("雪亮工程", "nt"), ("AB1", "nz"), ("中心", "ns")]
    ours = [base_pos_tokenizer(), pos_tokenizer(make_tokenizer(words))]
    theirs = [jieba.posseg.POSTokenizer(base_tokenizer()), jieba.posseg.POSTokenizer(make_tokenizer(words))]
    texts = [r.text[lo:hi] for r in sample_reports.values() for lo, hi in iter_clauses(r.text)]
    rng = random.Random(5)
    alphabet = list("三高四新雪亮工程建设中心的了和。，\r\n \t-_.%#&+aB1２　") + ["\u00a0"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(3000)]
    for mine, jiebas in zip(ours, theirs):
        for text in texts:
            got = [(p.word, p.flag) for p in mine.cut(text, HMM=False)]
            assert got == [(p.word, p.flag) for p in jiebas.cut(text, HMM=False)], text
        assert mine.word_tag_tab == jiebas.word_tag_tab
