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
    "CVP": "chánh văn phòng",
    "PCVP": "phó chánh văn phòng",
    # Places
    "TP.": "thành phố",
    "Tp.": "thành phố",
    "TP": "thành phố",
    "TX.": "thị xã",
    "TT.": "thị trấn",
    "Q.": "quận",
    "P.": "phường",
    "VN": "Việt Nam",
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
    # Citizens' papers and schools
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "BHTN": "bảo hiểm thất nghiệp",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "THPT": "trung học phổ thông",
    "THCS": "trung học cơ sở",
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
