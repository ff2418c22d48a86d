"""The normaliser on sentences from real bulletins: what a listener hears must be words, said the
way a Vietnamese announcer says them."""

import re
from pathlib import Path

import pytest

from voice.errors import EmptyText, TextTooLong
from voice.normalize import Lexicon, Normalizer, normalize, read_int

# The provincial plan of 2020 as OCR gave it (copied from shared/reference): broken lines, lost letters.
PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "ke-hoach-dak-lak-2020-2025.txt"


@pytest.mark.parametrize(
    ("number", "north", "south"),
    [
        (0, "không", "không"),
        (11, "mười một", "mười một"),
        (15, "mười lăm", "mười lăm"),
        (21, "hai mươi mốt", "hai mươi mốt"),
        (24, "hai mươi tư", "hai mươi tư"),
        (55, "năm mươi lăm", "năm mươi lăm"),
        (105, "một trăm linh năm", "một trăm lẻ năm"),
        (1005, "một nghìn không trăm linh năm", "một ngàn không trăm lẻ năm"),
        (2021, "hai nghìn không trăm hai mươi mốt", "hai ngàn không trăm hai mươi mốt"),
        (1_050_000, "một triệu không trăm năm mươi nghìn", "một triệu không trăm năm mươi ngàn"),
        (1_500_000_000, "một tỷ năm trăm triệu", "một tỷ năm trăm triệu"),
    ],
)
def test_numbers_follow_the_spoken_rules_of_each_region(number, north, south):
    assert read_int(number, "north") == north
    assert read_int(number, "south") == south


def test_the_example_of_the_issue_reads_as_proper_vietnamese():
    spoken = normalize("Ngày 20/01/2020, UBND tỉnh họp lúc 7h30, kinh phí 1,5 tỷ đồng").text
    assert spoken == (
        "Ngày hai mươi tháng một năm hai nghìn không trăm hai mươi, ủy ban nhân dân tỉnh họp lúc "
        "bảy giờ ba mươi phút, kinh phí một phẩy năm tỷ đồng"
    )


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("từ 01/12 đến 15/12/2026", "từ ngày một tháng mười hai đến ngày mười lăm tháng mười hai năm hai nghìn"),
        ("ngày 5-6/3", "ngày năm và sáu tháng ba"),
        ("tháng 4/2025", "tháng tư năm hai nghìn không trăm hai mươi lăm"),
        ("hạn chót 31/12", "hạn chót ngày ba mươi mốt tháng mười hai"),
        ("từ 7h30 đến 11h00", "từ bảy giờ ba mươi phút đến mười một giờ"),
        ("lúc 07:30 và 19 giờ", "lúc bảy giờ ba mươi phút và mười chín giờ"),
        ("giá 50.000đ", "giá năm mươi nghìn đồng"),
        ("200.000 VNĐ", "hai trăm nghìn đồng"),
        ("1,5 triệu đồng", "một phẩy năm triệu đồng"),
        ("tăng 12,5%", "tăng mười hai phẩy năm phần trăm"),
        ("nhiệt độ 20-25°C", "nhiệt độ hai mươi đến hai mươi lăm độ xê"),
        ("lượng mưa 120mm", "lượng mưa một trăm hai mươi mi li mét"),
        ("2.500 m² và 3 ha", "hai nghìn năm trăm mét vuông và ba héc ta"),
        ("cách 105 km", "cách một trăm linh năm ki lô mét"),
        ("bao 50 kg", "bao năm mươi ki lô gam"),
        ("Quý IV", "Quý bốn"),
        ("Chương II", "Chương hai"),
        ("Quý II/2024", "Quý hai năm hai nghìn không trăm hai mươi tư"),
        ("Quyết định số 135/QĐ-TTg", "Quyết định số một trăm ba mươi lăm quyết định Thủ tướng"),
        ("Nghị định 72/2015/NĐ-CP", "Nghị định bảy mươi hai năm hai nghìn không trăm mười lăm nghị định Chính phủ"),
        ("gọi 0262 3852 123", "gọi không hai sáu hai, ba tám năm hai, một hai ba"),
        ("hotline 0905123456", "hotline không chín không năm, một hai ba, bốn năm sáu"),
        ("gọi 113 hoặc 114", "gọi một một ba hoặc một một bốn"),
        ("giai đoạn 2020-2025", "giai đoạn hai nghìn không trăm hai mươi đến hai nghìn không trăm hai mươi lăm"),
        ("thứ 4", "thứ tư"),
        (
            "Sở TT&TT, BHYT, CCCD, THPT",
            "Sở thông tin và truyền thông, bảo hiểm y tế, căn cước công dân, trung học phổ thông",
        ),
        ("TP. Buôn Ma Thuột", "thành phố Buôn Ma Thuột"),
        ("HĐND xã", "hội đồng nhân dân xã"),
        ("dịch cúm H5N1", "dịch cúm hát năm en nờ một"),
        ("xem www.daklak.gov.vn", "xem daklak chấm gov chấm vn"),
    ],
)
def test_bulletin_phrases(written, spoken):
    assert normalize(written).text.startswith(spoken)


def test_south_reads_thousands_as_ngan():
    assert normalize("Hỗ trợ 1.005 hộ", region="south").text == "Hỗ trợ một ngàn không trăm lẻ năm hộ"


def test_officials_lexicon_wins_over_the_built_in_one_and_can_remove_terms():
    lexicon = Lexicon({"UBND": "ủy ban", "CSGT": "", "HTX": ""})
    assert normalize("UBND và HTX Ea Kao", lexicon=lexicon).text == "ủy ban và hát tê ích xì Ê a Kao"
    assert normalize("MTTQ", lexicon=Lexicon({"MTTQ": "Mặt trận"})).text == "Mặt trận"


def test_unknown_abbreviations_are_spelled_but_words_in_capitals_are_read():
    assert normalize("KẾ HOẠCH của BQX").text == "KẾ HOẠCH của bê quy ích xì"


def test_emoji_and_foreign_scripts_are_dropped_with_a_warning():
    result = normalize("Mưa lớn 🌧️ tại 大 xã")
    assert result.text == "Mưa lớn tại xã"
    assert len(result.warnings) == 1 and "🌧" in result.warnings[0]


def test_empty_text_and_text_over_the_limit_are_clear_errors():
    with pytest.raises(EmptyText):
        normalize("   🙂 ")
    with pytest.raises(TextTooLong) as raised:
        Normalizer(max_chars=100)("a" * 101)
    assert "100" in raised.value.detail


def test_the_provincial_plan_with_ocr_damage_reads_without_digits_or_raw_abbreviations():
    text = PLAN.read_text(encoding="utf-8")
    spoken = normalize(text).text
    assert not re.search(r"\d", spoken)
    assert "UBND" not in spoken and "QĐ-TTg" not in spoken
    assert "Quyết định số một trăm ba mươi lăm quyết định Thủ tướng ngày hai mươi tháng một năm" in spoken
    # a line broken by the PDF in the middle of a sentence is one sentence again
    assert "của Thủ tướng Chính phủ phê duyệt Đề án" in spoken
