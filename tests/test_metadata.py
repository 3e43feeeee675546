"""extract_metadata(): what each sample says about itself; unknowns stay None with a
warning; sidecar overrides; no sample name in the rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.corpus.metadata import apply_sidecar, extract_metadata, load_sidecar, rules
from kg.corpus.normalize import normalize
from kg.model import ReportMeta

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "corpus"


def _meta(prefix: str) -> tuple[ReportMeta, list[str]]:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    return extract_metadata(normalize(path.read_text(encoding="utf-8")))


EXPECTED = {
    "000": dict(region="荷塘区", parent="株洲市", level="区", year=2024, date=None, session=None,
                speaker=None, speaker_title=None, years_reviewed=[2023], years_planned=[2024]),
    "001": dict(region="荷塘区", parent="株洲市", level="区", year=2019, date=None, session=None,
                speaker=None, speaker_title=None, years_reviewed=[2018], years_planned=[2019]),
    "002": dict(region="荷塘区", parent="株洲市", level="区", year=2022, date="2022-02-24",
                session="第六届人民代表大会第二次会议", speaker="罗鹏程", speaker_title="区长",
                years_reviewed=[2021], years_planned=[2022]),
    "003": dict(region="天元区", parent="株洲市", level="区", year=2023, date="2023-01-09",
                session="第六届人民代表大会第三次会议", speaker="何柢", speaker_title="区长",
                years_reviewed=[2022], years_planned=[2023]),
    # 004 names its province in the text (获批湖南省国家中医药综合改革示范区…, 全省).
    "004": dict(region="株洲市", parent="湖南省", level="市", year=2023, date=None, session=None,
                speaker=None, speaker_title=None, years_reviewed=[], years_planned=[2023]),
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_sample_metadata(prefix):
    meta, _ = _meta(prefix)
    for name, value in EXPECTED[prefix].items():
        assert getattr(meta, name) == value, name


WARNINGS = {
    "region": "issuing government not stated in the text",
    "parent": "parent government not stated in the text",
    "level": "administrative level not stated in the text",
    "year": "year not stated in the text",
    "date": "date not stated in the text",
    "session": "congress session not stated in the text",
    "speaker": "speaker not stated in the text",
    "years_reviewed": "reviewed year not stated in the text",
    "years_planned": "planned year not stated in the text",
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_sources_and_warnings_match_what_is_known(prefix):
    meta, warnings = _meta(prefix)
    for name, value in EXPECTED[prefix].items():
        known = value not in (None, [])
        assert (meta.sources.get(name) == "text") == known, name
        if name in WARNINGS:
            assert (WARNINGS[name] in warnings) != known, name


def test_unknown_fields_warned_for_000():
    meta, warnings = _meta("000")
    assert "date not stated in the text" in warnings
    assert "speaker not stated in the text" in warnings
    assert "congress session not stated in the text" in warnings
    assert not any("year not stated" in w for w in warnings)
    assert meta.sources["region"] == "text" and "date" not in meta.sources


def test_004_has_no_review_year_warning():
    meta, warnings = _meta("004")
    assert meta.years_reviewed == []
    assert "reviewed year not stated in the text" in warnings


# --- generic rules on invented text ------------------------------------------------

def test_title_block_of_an_invented_county():
    text = normalize(
        "政 府 工 作 报 告\n——2021年3月5日在云山市青石县第十八届人民代表大会第五次会议上\n"
        "云山市青石县人民政府县长 王某某\n各位代表：\n现在，我代表县人民政府向大会报告工作。\n"
        "一、2020年工作回顾\n全县上下奋力拼搏。\n二、2021年工作安排\n推进项目建设。\n")
    meta, warnings = extract_metadata(text)
    assert (meta.region, meta.parent, meta.level) == ("青石县", "云山市", "县")
    assert (meta.date, meta.year, meta.session) == ("2021-03-05", 2021, "第十八届人民代表大会第五次会议")
    assert (meta.speaker, meta.speaker_title) == ("王某某", "县长")
    assert (meta.years_reviewed, meta.years_planned) == ([2020], [2021])
    # read right, but an invented county is in no official list: the one warning says so
    assert len(warnings) == 1 and "青石县 is not in the official list of divisions" in warnings[0]


def test_the_official_list_checks_the_government_read_and_changes_nothing():
    real = normalize("政 府 工 作 报 告\n——2021年3月5日在株洲市荷塘区第十八届人民代表大会第五次会议上\n"
                     "株洲市荷塘区人民政府区长 王某某\n各位代表：\n现在，我代表区人民政府向大会报告工作。\n")
    meta, warnings = extract_metadata(real)
    assert (meta.region, meta.parent) == ("荷塘区", "株洲市")
    assert not [w for w in warnings if "official list" in w]
    wrong_parent = normalize("政 府 工 作 报 告\n——2021年3月5日在长沙市荷塘区第十八届人民代表大会第五次会议上\n"
                             "长沙市荷塘区人民政府区长 王某某\n各位代表：\n现在，我代表区人民政府向大会报告工作。\n")
    meta, warnings = extract_metadata(wrong_parent)
    assert (meta.region, meta.parent) == ("荷塘区", "长沙市")  # kept as read
    (said,) = [w for w in warnings if "official list" in w]
    assert said.startswith("parent 长沙市 is not above 荷塘区 in the official list of divisions (")


def test_region_from_self_names_and_level_from_speaking_government():
    text = "\n".join([
        "各位代表：", "现在，我代表区人民政府，向大会报告工作。", "2022年工作回顾",
        "全区上下推动云溪高质量发展，市委、市政府和区委坚强领导。全市全市全市。",
        "2023年工作任务", "为建设美丽青城、幸福青城贡献云溪力量，加快建设现代化新云溪！",
        "成功举办青城市首届运动会。",
    ])
    meta, _ = extract_metadata(text)
    assert (meta.region, meta.level, meta.parent, meta.year) == ("云溪区", "区", "青城市", 2023)


def test_unknowns_are_none_with_warnings_not_guesses():
    meta, warnings = extract_metadata("各位代表：\n我们要把各项工作做好。")
    assert meta.region is None and meta.year is None and meta.level is None
    assert "year not stated in the text" in warnings
    assert "issuing government not stated in the text" in warnings
    assert meta.sources == {}


def test_invalid_date_is_not_reported():
    meta, warnings = extract_metadata("——2023年2月30日在某某区第一届人民代表大会第一次会议上\n正文。")
    assert meta.date is None and "date not stated in the text" in warnings
    assert meta.session == "第一届人民代表大会第一次会议"


def test_level_from_supervision_phrase():
    meta, _ = extract_metadata("一年来，在县人大和县政协的监督支持下，我们砥砺前行。")
    assert meta.level == "县"


def test_year_cue_disagreement_is_warned():
    text = "——2022年1月5日在某某区第一届人民代表大会第一次会议上\n二、2023年工作安排\n推进。"
    meta, warnings = extract_metadata(text)
    assert meta.year == 2022
    assert any("disagree" in w for w in warnings)


def test_extract_metadata_is_deterministic():
    text = normalize(next(CORPUS.glob("000_*.txt")).read_text(encoding="utf-8"))
    assert extract_metadata(text) == extract_metadata(text)


def test_no_sample_name_in_the_rules():
    names = ["荷塘", "天元", "株洲", "湖南", "罗鹏程", "何柢", "醴陵", "攸县", "仙庾"]
    for module in ("normalize", "metadata", "sections"):
        source = (ROOT / "kg" / "corpus" / f"{module}.py").read_text(encoding="utf-8")
        for name in names:
            assert name not in source, (module, name)


# --- sidecar -----------------------------------------------------------------------

def test_no_sidecar_gives_no_overrides(tmp_path):
    report = tmp_path / "a.txt"
    report.write_text("正文。", encoding="utf-8")
    assert load_sidecar(report) == {}


def test_per_file_sidecar_overrides_manifest(tmp_path):
    report = tmp_path / "a.txt"
    report.write_text("正文。", encoding="utf-8")
    (tmp_path / "reports.meta.json").write_text(json.dumps(
        {"a.txt": {"region": "甲区", "year": 2020}, "b.txt": {"region": "乙区"}}), encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text(json.dumps({"year": 2021}), encoding="utf-8")
    assert load_sidecar(report) == {"region": "甲区", "year": 2021}


def test_apply_sidecar_marks_sources():
    meta, _ = _meta("000")
    out = apply_sidecar(meta, {"parent": "某某市", "date": "2024-01-10", "years_planned": [2024]})
    assert (out.parent, out.date, out.years_planned) == ("某某市", "2024-01-10", [2024])
    assert out.sources["parent"] == out.sources["date"] == "sidecar"
    assert out.sources["region"] == "text"
    assert meta.parent == "株洲市" and meta.sources["parent"] == "text"  # input untouched


@pytest.mark.parametrize("overrides, message", [
    ({"regoin": "甲区"}, "unknown metadata field"),
    ({"sources": {}}, "unknown metadata field"),
    ({"year": "2020"}, "year must be"),
    ({"date": "2020/01/01"}, "ISO date"),
    ({"years_reviewed": 2020}, "list of years"),
    ({"region": 3}, "string or null"),
])
def test_apply_sidecar_rejects_bad_overrides(overrides, message):
    with pytest.raises(ValueError, match=message):
        apply_sidecar(ReportMeta(), overrides)


@pytest.mark.parametrize("content, message", [
    ("{not json", "malformed JSON"),
    ("[1, 2]", "JSON object"),
])
def test_load_sidecar_rejects_malformed_json(tmp_path, content, message):
    report = tmp_path / "a.txt"
    report.write_text("正文。", encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)):
        load_sidecar(report)


def test_manifest_entry_must_be_an_object(tmp_path):
    report = tmp_path / "a.txt"
    report.write_text("正文。", encoding="utf-8")
    (tmp_path / "reports.meta.json").write_text(json.dumps({"a.txt": 2020}), encoding="utf-8")
    with pytest.raises(ValueError, match="must be a JSON object"):
        load_sidecar(report)


def test_year_inside_running_text_is_not_a_cue():
    text = ("一、2018年工作回顾\n过去一年，我们较好地完成了2017年工作任务和2016年工作安排的扫尾。\n"
            "二、2019年工作部署\n推进。")
    meta, _ = extract_metadata(text)
    assert (meta.years_reviewed, meta.years_planned, meta.year) == ([2018], [2019], 2019)


@pytest.mark.parametrize("read, parent, text, want", [
    ("龙江省", None, "——2026年1月20日在黑龙江省第十四届人民代表大会第四次会议上", ("黑龙江省", None, "省")),
    ("疆实自治区", None, "新疆维吾尔自治区第十四届人民代表大会第三次会议", ("新疆维吾尔自治区", None, "省")),
    (None, None, "在江苏省第十四届人民代表大会第三次会议上", ("江苏省", None, "省")),
    ("海拉尔区", "化城市", "在呼伦贝尔市海拉尔区第十届人民代表大会第一次会议上", ("海拉尔区", "呼伦贝尔市", "区")),
])
def test_a_misread_government_is_repaired_from_the_title_block(read, parent, text, want):
    """The official names right before 第N届人民代表大会 replace a government the text
    heuristics misread (or missed), with a warning naming what was read."""
    from kg.corpus.metadata import _repair_from_gazetteer
    from kg.genre import default

    meta = ReportMeta(region=read, parent=parent, level="省")
    warnings = _repair_from_gazetteer(text, meta, default().compiled("corpus.metadata", rules))
    assert (meta.region, meta.parent, meta.level) == want
    assert len(warnings) == 1 and "official list of divisions" in warnings[0]


def test_a_government_in_the_list_or_unknown_to_it_is_left_alone():
    from kg.corpus.metadata import _repair_from_gazetteer
    from kg.genre import default

    r = default().compiled("corpus.metadata", rules)
    right = ReportMeta(region="荷塘区", parent="株洲市", level="区")
    assert _repair_from_gazetteer("在长沙市芙蓉区第十八届人民代表大会上", right, r) == []
    assert (right.region, right.parent) == ("荷塘区", "株洲市")
    invented = ReportMeta(region="青石县", parent="云山市", level="县")
    assert _repair_from_gazetteer("在云山市青石县第十八届人民代表大会上", invented, r) == []
    assert invented.region == "青石县"


def test_a_municipality_is_province_level():
    """上海市, 重庆市 (直辖市) are province-level governments, not cities like others."""
    text = normalize("政 府 工 作 报 告\n——2025年1月14日在上海市第十六届人民代表大会第三次会议上\n"
                     "上海市人民政府市长 龚某某\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n全市上下奋力拼搏。\n")
    meta, _warnings = extract_metadata(text)
    assert (meta.region, meta.level) == ("上海市", "省")
    assert meta.sources["level"] == "gazetteer"


# --- title blocks in the forms real reports write them (issue 16, part 4) ---------------

_BODY = ("\n各位代表：\n现在，我代表区人民政府向大会报告工作，请予审议。\n一、2021年工作回顾\n过去一年，我区经济增长。\n"
         "二、2022年工作安排\n今年我区将继续努力。\n")
_DISTRICT = ("荷塘区", "株洲市", "2022-02-24", "第六届人民代表大会第二次会议")
_PROVINCE = ("湖南省", None, "2023-01-14", "第十四届人民代表大会第一次会议")


@pytest.mark.parametrize("head, want, speaker", [
    ("株洲市荷塘区政府工作报告\n——2022年2月24日在株洲市荷塘区第六届人民代表大会第二次会议上\n荷塘区人民政府区长 罗鹏程\n",
     _DISTRICT, ("区长", "罗鹏程")),
    ("政 府 工 作 报 告\n——2022年2月24日在株洲市荷塘区第六届人民代表大会第二次会议上\n区长  罗 鹏 程\n",
     _DISTRICT, ("区长", "罗鹏程")),
    ("政府工作报告\n（2022年2月24日在株洲市荷塘区第六届人民代表大会第二次会议上）\n荷塘区人民政府代区长 罗鹏程\n",
     _DISTRICT, ("代区长", "罗鹏程")),
    ("政府工作报告\n——二〇二二年二月二十四日在株洲市荷塘区第六届人民代表大会第二次会议上\n代区长 罗鹏程\n",
     _DISTRICT, ("代区长", "罗鹏程")),
    ("政府工作报告\n——二○二二年二月二十四日在株洲市荷塘区六届人民代表大会第二次全体会议上\n",
     _DISTRICT, (None, None)),
    ("政府工作报告\n——在株洲市荷塘区第六届人民代表大会第二次会议上\n2022年2月24日\n荷塘区代理区长 罗鹏程\n",
     _DISTRICT, ("代理区长", "罗鹏程")),
    ("政府工作报告\n在株洲市荷塘区第六届人民代表大会第二次会议上\n（2022-02-24）\n区长 罗鹏程\n", _DISTRICT, ("区长", "罗鹏程")),
    ("政府工作报告\n----2022.2.24在株洲市荷塘区第六届人民代表大会第二次会议上\n", _DISTRICT, (None, None)),
    ("政府工作报告\n——2023年1月14日在湖南省第十四届人民代表大会第一次会议上\n湖南省代省长 毛伟明\n",
     _PROVINCE, ("代省长", "毛伟明")),
    ("政府工作报告\n湖南省省长 毛伟明\n——2023年1月14日在湖南省第十四届人民代表大会第一次会议上\n",
     _PROVINCE, ("省长", "毛伟明")),
    # web pages: source lines, the speaker inside the sentence, a later publication date
    ("2023年湖南省政府工作报告\n来源：湖南日报2023年1月14日在湖南省第十四届人民代表大会第一次会议上湖南省人民政府省长毛伟明作政府工作报告\n",
     _PROVINCE, ("省长", "毛伟明")),
    ("2023年湖南省政府工作报告\n——2023年1月14日省长毛伟明在湖南省第十四届人民代表大会第一次会议上的讲话\n",
     _PROVINCE, ("省长", "毛伟明")),
    ("2023年湖南省政府工作报告\n----2023年1月14日毛伟明省长在湖南省第十四届人民代表大会第一次会议的政府工作报告\n",
     _PROVINCE, ("省长", "毛伟明")),
    ("2023年湖南省政府工作报告\n——2023年1月14日在湖南省第十四届人民代表大会第一次会议上\n来源：湖南日报时间：2023-01-20\n"
     "湖南省省长毛伟明同志\n", _PROVINCE, ("省长", "毛伟明")),
])
def test_title_blocks_in_real_forms(head, want, speaker):
    meta, _warnings = extract_metadata(normalize(head + _BODY))
    assert (meta.region, meta.parent, meta.date, meta.session) == want
    assert (meta.speaker_title, meta.speaker) == speaker
    assert meta.year == int(want[2][:4])


def test_a_name_with_an_interpunct_and_a_province_that_ends_like_a_prefecture():
    text = ("2026年贵州省政府工作报告\n（2026年1月27日在贵州省第十四届人民代表大会第四次会议上）\n自治区主席艾尔肯·吐尼亚孜\n" + _BODY)
    meta, _warnings = extract_metadata(normalize(text))
    assert (meta.region, meta.code, meta.date) == ("贵州省", "520000", "2026-01-27")  # 州 ends 贵州 but 贵州省 is one name
    assert meta.speaker == "艾尔肯·吐尼亚孜"


def test_whole_real_reports_have_date_session_and_speaker():
    from kg.corpus import load_report

    want = {"2026_河南省.txt": ("2026-01-26", "王凯"), "2026_贵州省.txt": ("2026-01-27", "李炳军"),
            "海拉尔区_2013.txt": ("2013-02-28", "杜联合")}
    for path in sorted((ROOT / "tests" / "data" / "real" / "places").glob("*.txt")):
        meta = load_report(path).meta
        assert (meta.date, meta.speaker) == want[path.name], path.name
        assert meta.session and meta.year == int(meta.date[:4]) and meta.code


SHARED_REAL = ROOT.parent / "shared" / "corpus-real"


@pytest.mark.skipif(not SHARED_REAL.is_dir(), reason="the development corpus ../shared/corpus-real is not here (CI)")
def test_every_development_report_states_its_metadata():
    """The 48 real reports of the development corpus (20 provinces, 2025 and 2026; one
    district, 2012–2019): government confirmed by the official list, year, date, session
    and speaker all read (the copies in tests/data/real/places run everywhere)."""
    from kg.corpus import load_report

    paths = sorted(SHARED_REAL.rglob("*.txt"))
    assert len(paths) == 48
    for path in paths:
        meta = load_report(path).meta
        assert meta.code and meta.level and meta.session and meta.speaker, path.name
        assert meta.date and meta.year == int(meta.date[:4]), path.name
