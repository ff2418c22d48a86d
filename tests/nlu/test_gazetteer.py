import pytest

from nlu.gazetteer import AreaEntry, Gazetteer

CU_MGAR = "24280"


@pytest.fixture(scope="module")
def gazetteer(province):
    villages = [
        AreaEntry("24280-001", "Buôn Ea Pốk", "village", CU_MGAR),
        AreaEntry("24280-002", "Thôn 3", "village", CU_MGAR),
        AreaEntry("24169-002", "Thôn 3", "village", "24169"),
        AreaEntry("24169-001", "Buôn Ea Kao", "village", "24169"),
    ]
    with_alias = [
        AreaEntry(a.code, a.name, a.level, a.parent_code, ("Thành phố Buôn Ma Thuột (cũ)",))
        if a.code in ("24169", "24175")
        else a
        for a in province
    ]
    return Gazetteer(with_alias + villages, common_words={"khong", "a", "co", "ai"})


def codes(gazetteer, text):
    return [m.area.code if m.area else sorted(a.code for a in m.areas) for m in gazetteer.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "cu mgar",
        "Cư M'gar",
        "Cư M’gar",
        "CU MGAR",
        "xa cu mgar",
        "Xã Cư M’gar",
        "x. cu mgar",
        "cumgar",
        "cu m gar",
        "cư mgar",
        "cu mgarr",  # one typo
    ],
)
def test_every_spelling_names_cu_mgar(gazetteer, text):
    matches = gazetteer.find(f"loa o {text} may gio phat")
    assert [m.area.code for m in matches if m.area] == [CU_MGAR]
    assert matches[0].area.name == "Xã Cư M’gar"


def test_span_is_the_text_as_typed(gazetteer):
    text = "Cho hỏi lịch loa ở Xã Cư M'gar nhé"
    (match,) = gazetteer.find(text)
    assert text[match.start : match.end] == "Xã Cư M'gar"


def test_wards_provinces_and_prefixes(gazetteer):
    assert codes(gazetteer, "p.ea kao") == ["24169"]
    assert codes(gazetteer, "phuong buon ma thuot") == ["24133"]
    assert codes(gazetteer, "tinh dak lak") == ["66"]
    assert codes(gazetteer, "daklak") == ["66"]


def test_a_village_is_found_by_its_own_name_and_a_commune_settles_which(gazetteer):
    assert codes(gazetteer, "buon ea pok") == ["24280-001"]
    assert codes(gazetteer, "toi o thon 3") == [["24169-002", "24280-002"]]
    assert codes(gazetteer, "toi o thon 3 xa cu mgar") == ["24280-002", CU_MGAR]


def test_an_alias_for_several_communes_is_ambiguous_and_a_real_name_beats_an_alias(gazetteer):
    assert codes(gazetteer, "thanh pho buon ma thuot cu") == [["24169", "24175"]]
    assert codes(gazetteer, "buon ma thuot") == ["24133"]  # Phường Buôn Ma Thuột


@pytest.mark.parametrize(
    "text",
    ["không ạ, cảm ơn", "co ai khong a", "thông báo mất điện", "cảm ơn bạn nhiều", "lịch phát thanh", "1 2 3"],
)
def test_ordinary_words_are_not_areas(gazetteer, text):
    assert gazetteer.find(text) == []


def test_resolve_a_whole_value(gazetteer):
    assert gazetteer.resolve(CU_MGAR).area.code == CU_MGAR
    assert gazetteer.resolve("Cư M'gar").area.code == CU_MGAR
    assert gazetteer.resolve("cu mgar hom nay") is None


VAN_HOA = "22177"  # Xã Vân Hòa: "văn hóa" (culture) folds to its name
EA_KAO = "24169"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("văn hóa", []),  # typed with marks that are not the commune's
        ("Văn Hóa", []),
        ("vân hoà", [VAN_HOA]),  # its marks, either tone placement
        ("Vân Hòa", [VAN_HOA]),
        ("van hoa", [VAN_HOA]),  # without marks: the name
        ("vân hoa", [VAN_HOA]),  # marks on some words only
        ("Cư M’gar", [CU_MGAR]),
        ("cư mgar", [CU_MGAR]),
        ("cú mgar", []),
    ],
)
def test_marks_typed_must_agree_with_the_name(gazetteer, text, expected):
    assert codes(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hop o nha văn hóa thon 3 cu mgar", ["24280-002", CU_MGAR]),
        ("hop o nha van hoa", []),
        ("phong van hoa xa ea kao", [EA_KAO]),
        ("tram y te xa ea kao", [EA_KAO]),
        ("gui so van hoa roi", []),
        ("nha van hoa xa van hoa", [VAN_HOA]),  # a place named after the expression is still a place
    ],
)
def test_place_words_inside_common_expressions_are_not_areas(gazetteer, text, expected):
    assert codes(gazetteer, text) == expected


def test_an_exact_name_beats_a_one_typo_reading(gazetteer):
    assert codes(gazetteer, "xa ea kao") == [EA_KAO]  # not "Ea Kar" misspelt from "xaeakao"
    assert codes(gazetteer, "trạm y tế xã Ea Kao") == [EA_KAO]
    assert codes(gazetteer, "toi o cu mgarr nhung hoi cho ea kao") == [EA_KAO]
    assert codes(gazetteer, "toi o cu mgarr") == [CU_MGAR]  # alone, the typo still finds it
