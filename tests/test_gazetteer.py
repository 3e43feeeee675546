"""The gazetteer of China's administrative divisions (kg.corpus.gazetteer): every
province-level name and short form, the 直辖市 at province level, ambiguous names left
unresolved without a parent, made-up names not found, codes and chains of known divisions.
Names are typed here (the real reports are not read: CI has only this repository)."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.corpus import gazetteer as g

# (full name, short name, code, kind) of the 33 province-level divisions with a code.
PROVINCES = [
    ("北京市", "北京", "110000", "直辖市"), ("天津市", "天津", "120000", "直辖市"),
    ("河北省", "河北", "130000", "省"), ("山西省", "山西", "140000", "省"),
    ("内蒙古自治区", "内蒙古", "150000", "自治区"), ("辽宁省", "辽宁", "210000", "省"),
    ("吉林省", "吉林", "220000", "省"), ("黑龙江省", "黑龙江", "230000", "省"),
    ("上海市", "上海", "310000", "直辖市"), ("江苏省", "江苏", "320000", "省"),
    ("浙江省", "浙江", "330000", "省"), ("安徽省", "安徽", "340000", "省"),
    ("福建省", "福建", "350000", "省"), ("江西省", "江西", "360000", "省"),
    ("山东省", "山东", "370000", "省"), ("河南省", "河南", "410000", "省"),
    ("湖北省", "湖北", "420000", "省"), ("湖南省", "湖南", "430000", "省"),
    ("广东省", "广东", "440000", "省"), ("广西壮族自治区", "广西", "450000", "自治区"),
    ("海南省", "海南", "460000", "省"), ("重庆市", "重庆", "500000", "直辖市"),
    ("四川省", "四川", "510000", "省"), ("贵州省", "贵州", "520000", "省"),
    ("云南省", "云南", "530000", "省"), ("西藏自治区", "西藏", "540000", "自治区"),
    ("陕西省", "陕西", "610000", "省"), ("甘肃省", "甘肃", "620000", "省"),
    ("青海省", "青海", "630000", "省"), ("宁夏回族自治区", "宁夏", "640000", "自治区"),
    ("新疆维吾尔自治区", "新疆", "650000", "自治区"),
    ("香港特别行政区", "香港", "810000", "特别行政区"), ("澳门特别行政区", "澳门", "820000", "特别行政区"),
]


@pytest.mark.parametrize("full, short, code, kind", PROVINCES)
def test_every_province_level_name_and_short_form(full, short, code, kind):
    for name in (full, short):
        d = g.match(name)
        assert d is not None, name
        assert (d.code, d.name, d.short_name, d.level, d.kind, d.parent) == (code, full, short, "province", kind, None)
        assert d.chain() == (d,)
    assert g.match(full, level_hint="province") == g.get(code)


def test_the_table_holds_exactly_these_provinces():
    assert sorted(d.code for d in g.divisions() if d.level == "province") == sorted(p[2] for p in PROVINCES)


@pytest.mark.parametrize("name", ["北京市", "天津市", "上海市", "重庆市", "北京", "重庆"])
def test_the_four_municipalities_are_province_level(name):
    d = g.match(name)
    assert d.level == "province" and d.kind == "直辖市"
    assert g.match(name, level_hint="直辖市") == d
    assert g.match(name, level_hint="prefecture") is None  # never an ordinary city
    assert g.match(name, level_hint="地级市") is None


def test_autonomous_regions_by_full_short_and_bare_autonomous_name():
    for full, short in [("新疆维吾尔自治区", "新疆"), ("广西壮族自治区", "广西"), ("内蒙古自治区", "内蒙古"),
                        ("宁夏回族自治区", "宁夏"), ("西藏自治区", "西藏")]:
        d = g.match(full)
        assert g.match(short) == d and g.match(short + "自治区") == d and d.kind == "自治区"


def test_a_province_short_name_means_the_province_unless_a_hint_says_otherwise():
    assert g.match("吉林").code == "220000"
    assert g.match("吉林", level_hint="prefecture").code == "220200"  # 吉林市
    assert g.match("吉林市").code == "220200"
    assert g.match("海南").code == "460000"
    assert g.match("海南", level_hint="自治州").name == "海南藏族自治州"
    assert g.match("河北").code == "130000"
    assert g.match("河北", parent_hint="天津").name == "河北区"
    assert g.match("河南", parent_hint="青海").name == "河南蒙古族自治县"


def test_hailar_district_and_its_chain():
    d = g.match("海拉尔区")
    assert (d.code, d.short_name, d.level, d.kind) == ("150702", "海拉尔", "county", "市辖区")
    assert [x.code for x in d.chain()] == ["150000", "150700", "150702"]
    assert [x.name for x in d.chain()] == ["内蒙古自治区", "呼伦贝尔市", "海拉尔区"]
    assert d.full_name == str(d) == "内蒙古自治区呼伦贝尔市海拉尔区"
    assert d.ancestors() == (g.get("150700"), g.get("150000"))
    for name in ("海拉尔", "呼伦贝尔市海拉尔区", "内蒙古自治区呼伦贝尔市海拉尔区", "内蒙古海拉尔区", "呼伦贝尔海拉尔区"):
        assert g.match(name) == d, name
    for hint in ("呼伦贝尔市", "呼伦贝尔", "内蒙古", "内蒙古自治区", g.get("150700")):
        assert g.match("海拉尔区", parent_hint=hint) == d, hint
    assert g.match("海拉尔区", level_hint="county") == d
    assert g.match("海拉尔区", level_hint=("县", "市辖区")) == d
    assert g.match("海拉尔区", level_hint="县") is None


def test_an_ambiguous_district_needs_its_parent():
    assert g.match("朝阳区") is None  # 北京市朝阳区 and 长春市朝阳区: never a guess
    assert [d.code for d in g.candidates("朝阳区")] == ["110105", "220104"]
    assert g.match("朝阳区", parent_hint="北京市").code == "110105"
    assert g.match("朝阳区", parent_hint="北京").code == "110105"
    assert g.match("朝阳区", parent_hint="长春市").code == "220104"
    assert g.match("朝阳区", parent_hint="吉林").code == "220104"  # 吉林省 (吉林市 has none)
    assert g.match("朝阳区", parent_hint="上海市") is None  # a parent that has none
    assert g.match("朝阳区", parent_hint="化城市") is None  # a parent that is no division
    assert g.match("朝阳") is None  # 朝阳市, 朝阳县 and both 朝阳区
    assert g.match("朝阳", level_hint="prefecture").code == "211300"
    for name, parent, code in [("城关区", "兰州市", "620102"), ("城关区", "西藏", "540102"),
                               ("新华区", "石家庄", "130105"), ("新华区", "沧州市", "130902"),
                               ("鼓楼区", "南京市", "320106"), ("鼓楼区", "福州", "350102")]:
        assert g.match(name) is None, name
        assert g.match(name, parent_hint=parent).code == code, (name, parent)


@pytest.mark.parametrize("name", ["龙江省", "疆实自治区", "农业省", "农村自治区", "新疆省", "内蒙古省", "株洲省",
                                  "荷塘县", "中国", "", "   ", "台湾省", "莱芜市", "渝北区", "株洲市海拉尔区"])
def test_a_name_not_in_the_table_is_none(name):
    assert g.match(name) is None
    assert g.candidates(name) == ()


@pytest.mark.parametrize("code, name, kind, chain", [
    ("430202", "荷塘区", "市辖区", ["湖南省", "株洲市", "荷塘区"]),
    ("110105", "朝阳区", "市辖区", ["北京市", "朝阳区"]),
    ("500229", "城口县", "县", ["重庆市", "城口县"]),
    ("419001", "济源市", "县级市", ["河南省", "济源市"]),  # governed by its province
    ("429021", "神农架林区", "林区", ["湖北省", "神农架林区"]),
    ("610103", "碑林区", "市辖区", ["陕西省", "西安市", "碑林区"]),
    ("520203", "六枝特区", "特区", ["贵州省", "六盘水市", "六枝特区"]),
    ("222400", "延边朝鲜族自治州", "自治州", ["吉林省", "延边朝鲜族自治州"]),
    ("653200", "和田地区", "地区", ["新疆维吾尔自治区", "和田地区"]),
    ("152500", "锡林郭勒盟", "盟", ["内蒙古自治区", "锡林郭勒盟"]),
    ("150723", "鄂伦春自治旗", "自治旗", ["内蒙古自治区", "呼伦贝尔市", "鄂伦春自治旗"]),
    ("150621", "达拉特旗", "旗", ["内蒙古自治区", "鄂尔多斯市", "达拉特旗"]),
    ("450332", "恭城瑶族自治县", "自治县", ["广西壮族自治区", "桂林市", "恭城瑶族自治县"]),
    ("659001", "石河子市", "县级市", ["新疆维吾尔自治区", "石河子市"]),
    # changes of 2021-2025, as the 2025-12-31 table has them
    ("330113", "临平区", "市辖区", ["浙江省", "杭州市", "临平区"]),
    ("220184", "公主岭市", "县级市", ["吉林省", "长春市", "公主岭市"]),
    ("540581", "错那市", "县级市", ["西藏自治区", "山南市", "错那市"]),
    ("653228", "和康县", "县", ["新疆维吾尔自治区", "和田地区", "和康县"]),
    ("500157", "两江新区", "市辖区", ["重庆市", "两江新区"]),
])
def test_codes_kinds_and_chains_of_known_divisions(code, name, kind, chain):
    d = g.get(code)
    assert (d.name, d.kind) == (name, kind)
    assert [x.name for x in d.chain()] == chain
    assert g.match("".join(chain)) == d
    assert g.match(name, parent_hint=chain[0]) == d


@pytest.mark.parametrize("name, short", [
    ("荷塘区", "荷塘"), ("株洲市", "株洲"), ("浦东新区", "浦东"), ("清新区", "清新"), ("涉县", "涉县"), ("城区", "城区"),
    ("井陉矿区", "井陉矿区"), ("芒市", "芒市"), ("伊犁哈萨克自治州", "伊犁"), ("龙胜各族自治县", "龙胜"),
    ("积石山保安族东乡族撒拉族自治县", "积石山"), ("鄂温克族自治旗", "鄂温克"), ("神农架林区", "神农架"),
    ("和田地区", "和田"), ("锡林郭勒盟", "锡林郭勒"), ("六枝特区", "六枝"),
])
def test_short_names(name, short):
    assert {d.short_name for d in g.divisions() if d.name == name} == {short}


def test_every_division_is_found_by_its_name_under_its_parent_and_by_its_whole_chain():
    everything = list(g.divisions())
    assert len(everything) == sum(g.source()["counts"].values()) > 3000
    for d in everything:
        assert g.match(d.name, parent_hint=d.parent, level_hint=d.level) == d
        assert g.match(d.full_name) == d


def test_twins_under_one_parent_are_not_resolved_by_their_short_name():
    assert {d.name for d in g.candidates("临夏", parent_hint="临夏回族自治州")} == {"临夏市", "临夏县"}
    assert g.match("临夏", parent_hint="临夏回族自治州") is None
    assert g.match("临夏市").code == "622901"


def test_mentions_finds_the_longest_official_names():
    text = "2025年1月13日在黑龙江省第十四届人民代表大会第三次会议上，呼伦贝尔市海拉尔区人民政府"
    assert [m[2] for m in g.mentions(text)] == ["黑龙江省", "呼伦贝尔市", "海拉尔区"]
    start, end, name = g.mentions(text)[0]
    assert text[start:end] == name


def test_an_unknown_level_hint_is_an_error():
    with pytest.raises(ValueError, match="unknown level"):
        g.match("海拉尔区", level_hint="city")


def test_the_source_is_an_official_snapshot():
    info = g.source()
    assert "Civil Affairs" in info["authority"]
    assert dt.date.fromisoformat(info["data_as_of"]) >= dt.date(2025, 12, 31)
    assert info["counts"]["province"] == 33 and info["counts"]["prefecture"] > 300
