"""The abbreviation lexicon: how "UBND" or "TT&TT" is said.

The built-in entries cover what provincial bulletins use; officials add their own through the hub
(`/api/v1/audio/lexicon`), and their entries win over these. Terms match whole words, case
sensitively (so "TP." the city is not "tp" in a word), longest first. Unknown all-capital
abbreviations are spelled with Vietnamese letter names ("CSGT" without an entry → "xê ét xì giê tê").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from voice.normalize import places

BUILTIN: dict[str, str] = {
    # Authorities and bodies
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "UBMTTQ": "ủy ban Mặt trận Tổ quốc",
    "MTTQ": "Mặt trận Tổ quốc",
    "TW": "trung ương",
    "TƯ": "trung ương",
    "BCH": "ban chấp hành",
    "BCĐ": "ban chỉ đạo",
    "HTX": "hợp tác xã",
    "TTYT": "trung tâm y tế",
    "BVĐK": "bệnh viện đa khoa",
    "TTXVN": "Thông tấn xã Việt Nam",
    "ĐBQH": "đại biểu Quốc hội",
    "CA": "công an",
    "CSGT": "cảnh sát giao thông",
    "PCCC": "phòng cháy chữa cháy",
    "PCTT": "phòng chống thiên tai",
    "TKCN": "tìm kiếm cứu nạn",
    "PCT": "phó chủ tịch",
    "CT UBND": "chủ tịch ủy ban nhân dân",
    "BTV": "ban thường vụ",
    "UBKT": "ủy ban kiểm tra",
    "BQL": "ban quản lý",
    "BQLDA": "ban quản lý dự án",
    "BĐH": "ban điều hành",
    "BTC": "ban tổ chức",
    "HLHPN": "hội liên hiệp phụ nữ",
    "HPN": "hội phụ nữ",
    "HND": "hội nông dân",
    "HCCB": "hội cựu chiến binh",
    "CCB": "cựu chiến binh",
    "ĐTN": "đoàn thanh niên",
    "TNCS": "thanh niên cộng sản",
    "HCTĐ": "hội chữ thập đỏ",
    "VKSND": "viện kiểm sát nhân dân",
    "TAND": "tòa án nhân dân",
    "THADS": "thi hành án dân sự",
    "NHCSXH": "ngân hàng chính sách xã hội",
    "KBNN": "kho bạc nhà nước",
    "TTHC": "thủ tục hành chính",
    "DVC": "dịch vụ công",
    "KDC": "khu dân cư",
    "TDP": "tổ dân phố",
    "TDC": "tái định cư",
    "NTM": "nông thôn mới",
    "KCN": "khu công nghiệp",
    "CCN": "cụm công nghiệp",
    "GCN": "giấy chứng nhận",
    "QSDĐ": "quyền sử dụng đất",
    "GPMB": "giải phóng mặt bằng",
    "DN": "doanh nghiệp",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "CBCC": "cán bộ, công chức",
    "NLĐ": "người lao động",
    "NCC": "người có công",
    "BTXH": "bảo trợ xã hội",
    "ĐBDTTS": "đồng bào dân tộc thiểu số",
    "DTTS": "dân tộc thiểu số",
    # Forces: police, army, border guard, fire service
    "CAND": "công an nhân dân",
    "CAT": "công an tỉnh",
    "CAH": "công an huyện",
    "CAX": "công an xã",
    "CAP": "công an phường",
    "CATT": "công an thị trấn",
    "CSCĐ": "cảnh sát cơ động",
    "CSKV": "cảnh sát khu vực",
    "CSPCCC": "cảnh sát phòng cháy chữa cháy",
    "CNCH": "cứu nạn cứu hộ",
    "PCCC&CNCH": "phòng cháy chữa cháy và cứu nạn cứu hộ",
    "PCCC và CNCH": "phòng cháy chữa cháy và cứu nạn cứu hộ",
    "BCHQS": "ban chỉ huy quân sự",
    "CHQS": "chỉ huy quân sự",
    "UBMTTQVN": "ủy ban Mặt trận Tổ quốc Việt Nam",
    "MTTQVN": "Mặt trận Tổ quốc Việt Nam",
    "LHPN": "liên hiệp phụ nữ",
    "Hội ND": "hội nông dân",
    "Đoàn TN": "đoàn thanh niên",
    "HCM": "Hồ Chí Minh",
    "TNCS HCM": "thanh niên cộng sản Hồ Chí Minh",
    "BCH QS": "ban chỉ huy quân sự",
    "BCH Quân sự": "ban chỉ huy quân sự",
    "BCH quân sự": "ban chỉ huy quân sự",
    "BCH Bộ đội Biên phòng": "ban chỉ huy bộ đội biên phòng",
    "Đồn BP": "đồn biên phòng",
    "BCHBĐBP": "ban chỉ huy bộ đội biên phòng",
    "BĐBP": "bộ đội biên phòng",
    "BCHBP": "ban chỉ huy biên phòng",
    "QĐND": "quân đội nhân dân",
    "QSĐP": "quân sự địa phương",
    "QS": "quân sự",
    "DQTV": "dân quân tự vệ",
    "DQTT": "dân quân thường trực",
    "NVQS": "nghĩa vụ quân sự",
    "LLVT": "lực lượng vũ trang",
    "ANTT": "an ninh trật tự",
    "TTATXH": "trật tự an toàn xã hội",
    "ANQP": "an ninh quốc phòng",
    "QP-AN": "quốc phòng - an ninh",
    "QPAN": "quốc phòng an ninh",
    "ANCS": "an ninh cơ sở",
    "PCTT&TKCN": "phòng chống thiên tai và tìm kiếm cứu nạn",
    "CVP": "chánh văn phòng",
    "PCVP": "phó chánh văn phòng",
    # Places
    "TP.": "thành phố",
    "Tp.": "thành phố",
    "TP": "thành phố",
    "TX.": "thị xã",
    "Tp": "thành phố",
    "KP": "khu phố",
    "Tx.": "thị xã",
    "tx.": "thị xã",
    "TX": "thị xã",
    "tp.": "thành phố",
    "TT.": "thị trấn",
    "Tt.": "thị trấn",
    "tt.": "thị trấn",
    "Q.": "quận",
    "P.": "phường",
    "TDP.": "tổ dân phố",
    "VN": "Việt Nam",
    "ĐL": "Đắk Lắk",
    "ĐL.": "Đắk Lắk",
    "BMT": "Buôn Ma Thuột",
    "Tây Nguyên": "Tây Nguyên",
    "ĐBSCL": "đồng bằng sông Cửu Long",
    # Sectors and ministries
    "TT&TT": "thông tin và truyền thông",
    "TTTT": "thông tin và truyền thông",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "STTTT": "Sở Thông tin và Truyền thông",
    "TTCS": "thông tin cơ sở",
    "GD&ĐT": "giáo dục và đào tạo",
    "GDĐT": "giáo dục và đào tạo",
    "NN&PTNT": "nông nghiệp và phát triển nông thôn",
    "TN&MT": "tài nguyên và môi trường",
    "KH&ĐT": "kế hoạch và đầu tư",
    "KH&CN": "khoa học và công nghệ",
    "LĐ-TB&XH": "lao động, thương binh và xã hội",
    "VH-TT&DL": "văn hóa, thể thao và du lịch",
    "KT-XH": "kinh tế - xã hội",
    "CNTT": "công nghệ thông tin",
    "ATTP": "an toàn thực phẩm",
    "ATGT": "an toàn giao thông",
    "NN&MT": "nông nghiệp và môi trường",
    "NN&PTNT.": "nông nghiệp và phát triển nông thôn",
    "TNMT": "tài nguyên và môi trường",
    "VHTTDL": "văn hóa, thể thao và du lịch",
    "VH-XH": "văn hóa - xã hội",
    "VH-TT": "văn hóa - thông tin",
    "VHTT": "văn hóa thông tin",
    "VH": "văn hóa",
    "VHXH": "văn hóa - xã hội",
    "LĐTBXH": "lao động, thương binh và xã hội",
    "GTVT": "giao thông vận tải",
    "XD": "xây dựng",
    "TC-KH": "tài chính - kế hoạch",
    "TCKH": "tài chính - kế hoạch",
    "KT-HT": "kinh tế - hạ tầng",
    "KTHT": "kinh tế - hạ tầng",
    "VP HĐND và UBND": "văn phòng hội đồng nhân dân và ủy ban nhân dân",
    "VP": "văn phòng",
    # Citizens' papers and schools
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "BHTN": "bảo hiểm thất nghiệp",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "THPT": "trung học phổ thông",
    "THCS": "trung học cơ sở",
    "PTDTNT": "phổ thông dân tộc nội trú",
    "PTDTBT": "phổ thông dân tộc bán trú",
    "GDTX": "giáo dục thường xuyên",
    "GDNN": "giáo dục nghề nghiệp",
    "MN": "mầm non",
    "MG": "mẫu giáo",
    "TH": "tiểu học",
    "ĐH": "đại học",
    "CĐ": "cao đẳng",
    "TYT": "trạm y tế",
    "BV": "bệnh viện",
    "CDC": "trung tâm kiểm soát bệnh tật",
    "KCB": "khám chữa bệnh",
    "TCMR": "tiêm chủng mở rộng",
    "SXH": "sốt xuất huyết",
    "ATVSTP": "an toàn vệ sinh thực phẩm",
    "VSMT": "vệ sinh môi trường",
    "SĐT": "số điện thoại",
    "ĐT": "điện thoại",
    "STT": "số thứ tự",
    "v/v": "về việc",
    "V/v": "về việc",
    "đ/c": "đồng chí",
    "Đ/c": "đồng chí",
    "VNĐ": "đồng",
    "VND": "đồng",
    "COVID": "cô vít",
    "Covid": "cô vít",
    "USD": "đô la Mỹ",
    **places.entries(),
}

# Parts of document numbers ("135/QĐ-TTg", "72/2015/NĐ-CP").
DOCUMENT_PARTS: dict[str, str] = {
    "QĐ": "quyết định",
    "NĐ": "nghị định",
    "NQ": "nghị quyết",
    "TT": "thông tư",
    "CT": "chỉ thị",
    "KH": "kế hoạch",
    "CV": "công văn",
    "TB": "thông báo",
    "BC": "báo cáo",
    "TTr": "tờ trình",
    "HD": "hướng dẫn",
    "QH": "Quốc hội",
    "TTg": "Thủ tướng",
    "CP": "Chính phủ",
    "TU": "tỉnh ủy",
    "BTC": "Bộ Tài chính",
    "BYT": "Bộ Y tế",
    "SYT": "Sở Y tế",
    "VP": "văn phòng",
    "BNV": "Bộ Nội vụ",
    "SNV": "Sở Nội vụ",
}

LETTERS = {
    "A": "a",
    "Ă": "á",
    "Â": "ớ",
    "B": "bê",
    "C": "xê",
    "D": "dê",
    "Đ": "đê",
    "E": "e",
    "Ê": "ê",
    "F": "ép",
    "G": "giê",
    "H": "hát",
    "I": "i",
    "J": "gi",
    "K": "ca",
    "L": "e lờ",
    "M": "em mờ",
    "N": "en nờ",
    "O": "o",
    "Ô": "ô",
    "Ơ": "ơ",
    "P": "pê",
    "Q": "quy",
    "R": "e rờ",
    "S": "ét xì",
    "T": "tê",
    "U": "u",
    "Ư": "ư",
    "V": "vê",
    "W": "vê kép",
    "X": "ích xì",
    "Y": "i dài",
    "Z": "dét",
}


def spell(word: str) -> str:
    """Letter by letter with Vietnamese letter names: "CSGT" → "xê ét xì giê tê", "H5N1" → "hát năm en nờ một"."""
    from voice.normalize.numbers import DIGITS

    return " ".join(DIGITS[int(ch)] if ch.isdigit() else LETTERS.get(ch.upper(), ch) for ch in word if ch.isalnum())


@dataclass
class Lexicon:
    """Terms → spoken forms. `entries` override `BUILTIN`; an empty spoken form removes a term."""

    entries: Mapping[str, str] = field(default_factory=dict)
    version: int = 0

    def __post_init__(self) -> None:
        merged = dict(BUILTIN)
        for term, spoken in self.entries.items():
            if spoken:
                merged[term] = spoken
            else:
                merged.pop(term, None)
        self.terms = merged
        self._pattern = _compile(merged)

    def expand(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self.terms[m.group(0)], text)

    def document_part(self, part: str) -> str:
        return DOCUMENT_PARTS.get(part) or self.terms.get(part) or spell(part)

    @classmethod
    def of(cls, rows: Iterable[tuple[str, str]], version: int = 0) -> Lexicon:
        return cls(dict(rows), version)


def _compile(terms: Mapping[str, str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    # Whole words: no letter, digit, "&" or "/" glued on either side (a trailing "." is part of "TP.").
    return re.compile(rf"(?<![\w&/-])(?:{alternatives})(?![\w&/])")
