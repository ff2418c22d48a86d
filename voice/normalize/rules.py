"""The reading rules: patterns with digits or symbols, turned into Vietnamese words.

Each rule is a regular expression and a function; they run in order (document numbers before
dates, phone numbers before plain numbers, …) over the whole text. We write these by hand: the
PyPI normalisers we evaluated get exactly these wrong for bulletins (see `voice/normalize/__init__`):
g2p-hamster reads "135/QĐ-TTg" as "… Q Đ-TTg", "31/12" as "ba một, mười hai", "m2" as "mét hai" and
has no "nghìn/ngàn" choice; vinormx reads "QĐ-TTg" as "… trừ tăng thiết giáp" and "120mm" as "métm".
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable
from dataclasses import dataclass

from voice.normalize.lexicon import Lexicon, spell
from voice.normalize.numbers import parse_grouped, read_decimal, read_digits, read_int, roman_to_int
from voice.normalize.places import ETHNIC, respell

NUM = r"\d+(?:[.,]\d+)*"
_WORD_BEFORE = re.compile(r"(\w+)\s*$")


@dataclass
class Context:
    region: str
    lexicon: Lexicon

    def int(self, n: int) -> str:
        return read_int(n, self.region)

    def number(self, token: str) -> str:
        """A numeric token as written in Vietnamese: "1.500.000", "1,5", "3.5", "01", "0262"."""
        token = token.strip()
        grouped = re.fullmatch(r"(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?", token)
        if grouped:
            value = parse_grouped(grouped.group(1))
            return read_decimal(str(value), grouped.group(2) or "", self.region)
        decimal = re.fullmatch(r"(\d+),(\d+)", token)
        if decimal:
            return read_decimal(decimal.group(1), decimal.group(2), self.region)
        if token.isdigit():
            if len(token) >= 3 and token.startswith("0"):
                return read_digits(token)
            return self.int(int(token))
        parts = re.split(r"[.,]", token)  # "1.2.3" (a clause number)
        return " chấm ".join(self.number(p) for p in parts if p)

    def month(self, n: builtins.int) -> str:
        return "tư" if n == 4 else self.int(n)


Rule = tuple[re.Pattern[str], Callable[[re.Match[str], Context], str]]


def _before(match: re.Match[str], n: int = 12) -> str:
    return match.string[max(0, match.start() - n) : match.start()].lower()


def _prefixed(match: re.Match[str], word: str, spoken: str) -> str:
    """Add "ngày"/"tháng" unless the text already says it just before."""
    previous = _WORD_BEFORE.search(_before(match, 16))
    if previous and previous.group(1) == word:
        return spoken
    return f"{word} {spoken}"


def _document(m: re.Match[str], c: Context) -> str:
    words = []
    if m.group("num"):
        words.append(c.int(int(m.group("num"))))
    if m.group("year"):
        words.append(f"năm {c.int(int(m.group('year')))}")
    words += [c.lexicon.document_part(p) for p in re.split(r"-", m.group("code")) if p]
    return " ".join(words)


def _phone(m: re.Match[str], c: Context) -> str:
    """A phone number in any local form: "0905.123.456", "0262 3852 123", "02623.852.123",
    "(0262) 3852 123", "+84 905 123 456", "+84905123456". Read digit by digit in the groups written,
    or 4-3-3 (mobile) / 4-4-3 (landline with its area code); an international "+84" is "cộng tám tư"."""
    raw = m.group(0)
    international = raw.startswith(("+", "(+"))
    body = re.sub(r"^(?:\+\s?84|\(\+84\))[ .-]?(?:\(0\)\s?)?", "", raw)
    groups = [g for g in re.split(r"[ .()-]+", body) if g]
    digits = "".join(groups)
    national = digits if digits.startswith("0") else "0" + digits
    if not (10 <= len(national) <= 11) or (international and digits.startswith("0")) or not national.startswith("0"):
        return raw
    if len(groups) == 1:
        sizes = {10: (4, 3, 3), 11: (4, 4, 3)}[len(national)]
        if international:  # the same groups without the leading zero
            sizes = (sizes[0] - 1, *sizes[1:])
        groups, at = [], 0
        for size in sizes:
            groups.append(digits[at : at + size])
            at += size
    spoken = ", ".join(read_digits(g) for g in _short_groups(groups))
    return f"cộng tám tư, {spoken}" if international else spoken


def _short_groups(groups: list[str]) -> list[str]:
    """A long group after the first is said in shorter ones, as people read numbers aloud: "3852123" → 4-3."""
    out = groups[:1]
    for group in groups[1:]:
        sizes = {5: (2, 3), 6: (3, 3), 7: (4, 3), 8: (4, 4)}.get(len(group), (len(group),))
        at = 0
        for size in sizes:
            out.append(group[at : at + size])
            at += size
    return out


def _service_number(m: re.Match[str], c: Context) -> str:
    """ "1900 1234", "1800.5678": the service numbers, digit by digit in the groups written."""
    groups = [g for g in re.split(r"[ .]", m.group(0)) if g]
    if len(groups) == 1:
        groups = [groups[0][:4], groups[0][4:]]
    return ", ".join(read_digits(g) for g in groups if g)


def _short_number(m: re.Match[str], c: Context) -> str:
    """Emergency numbers (113 police, 114 fire, 115 ambulance) are said digit by digit."""
    if re.search(r"gọi|số|đường dây|tổng đài|điện thoại|hotline|liên hệ", _before(m, 60)):
        return read_digits(m.group(0))
    return m.group(0)


def _valid_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _full_date(m: re.Match[str], c: Context) -> str:
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not _valid_date(day, month):
        return m.group(0)
    return _prefixed(m, "ngày", f"{c.int(day)} tháng {c.month(month)} năm {c.int(year)}")


def _day_range(m: re.Match[str], c: Context) -> str:
    first, last, month = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (_valid_date(first, month) and _valid_date(last, month)):
        return m.group(0)
    joiner = "và" if last == first + 1 else "đến"
    spoken = f"{c.int(first)} {joiner} {c.int(last)} tháng {c.month(month)}"
    if m.group(4):
        spoken += f" năm {c.int(int(m.group(4)))}"
    return _prefixed(m, "ngày", spoken)


def _day_month(m: re.Match[str], c: Context) -> str:
    day, month = int(m.group(1)), int(m.group(2))
    if not _valid_date(day, month):
        return f"{c.int(day)} trên {c.int(month)}"
    return _prefixed(m, "ngày", f"{c.int(day)} tháng {c.month(month)}")


def _month_year(m: re.Match[str], c: Context) -> str:
    month, year = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        return m.group(0)
    return _prefixed(m, "tháng", f"{c.month(month)} năm {c.int(year)}")


def _named_month(m: re.Match[str], c: Context) -> str:
    return f"{m.group(1)} {c.month(int(m.group(2)))}"


def _ordinal(m: re.Match[str], c: Context) -> str:
    n = int(m.group(2))
    return f"{m.group(1)} " + {1: "nhất", 4: "tư"}.get(n, c.int(n))


def _time(m: re.Match[str], c: Context) -> str:
    hour = int(m.group(1))
    minute = int(m.group(2) or 0) if m.re.groups > 1 else 0
    if hour > 24 or minute > 59:
        return m.group(0)
    spoken = f"{c.int(hour)} giờ"
    return f"{spoken} {c.int(minute)} phút" if minute else spoken


def _range(m: re.Match[str], c: Context) -> str:
    return f"{c.number(m.group(1))} đến {c.number(m.group(2))}"


def _money(m: re.Match[str], c: Context) -> str:
    return f"{c.number(m.group(1))} đồng"


def _dollars(m: re.Match[str], c: Context) -> str:
    return f"{c.number(m.group(1))} đô la"


def _percent(m: re.Match[str], c: Context) -> str:
    return f"{c.number(m.group(1))} phần trăm"


UNITS = {
    "km²": "ki lô mét vuông",
    "km2": "ki lô mét vuông",
    "m²": "mét vuông",
    "m2": "mét vuông",
    "m³": "mét khối",
    "m3": "mét khối",
    "cm": "xen ti mét",
    "mm": "mi li mét",
    "km/h": "ki lô mét một giờ",
    "km": "ki lô mét",
    "m": "mét",
    "ha": "héc ta",
    "kg": "ki lô gam",
    "mg": "mi li gam",
    "g": "gam",
    "ml": "mi li lít",
    "l": "lít",
    "°C": "độ xê",
    "ºC": "độ xê",
    "oC": "độ xê",
    "độ C": "độ xê",
    "kWh": "ki lô oát giờ",
    "kW": "ki lô oát",
    "MW": "mê ga oát",
}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))


def _unit(m: re.Match[str], c: Context) -> str:
    return f"{c.number(m.group(1))} {UNITS[m.group(2)]}"


def _unit_range(m: re.Match[str], c: Context) -> str:
    return f"{c.number(m.group(1))} đến {c.number(m.group(2))} {UNITS[m.group(3)]}"


ROADS = {
    "QL": "quốc lộ",
    "ĐT": "đường tỉnh",
    "TL": "tỉnh lộ",
    "ĐH": "đường huyện",
    "HL": "hương lộ",
    "ĐX": "đường xã",
    "ĐCT": "đường cao tốc",
    "CT": "cao tốc",
    "ĐĐT": "đường đô thị",
}
_ROAD_RE = "|".join(sorted(ROADS, key=len, reverse=True))


def _road(m: re.Match[str], c: Context) -> str:
    """ "QL26" → "quốc lộ hai mươi sáu", "QL14C" → "quốc lộ mười bốn xê", "ĐT697" → "đường tỉnh sáu trăm …"."""
    spoken = f"{ROADS[m.group(1)]} {c.int(int(m.group(2)))}"
    return f"{spoken} {spell(m.group(3))}" if m.group(3) else spoken


def _km_marker(m: re.Match[str], c: Context) -> str:
    """A kilometre marker on a road: "Km 15+200" → "ki lô mét mười lăm cộng hai trăm"."""
    spoken = f"ki lô mét {c.int(int(m.group(1)))}"
    return f"{spoken} cộng {c.int(int(m.group(2)))}" if m.group(2) else spoken


_ONE_LETTER = {"h": "huyện", "x": "xã", "p": "phường", "q": "quận"}


def _one_letter(m: re.Match[str], c: Context) -> str:
    """ "H. Krông Pắc" → "huyện Krông Pắc"; but "Lê X. Hùng" is a person's initial."""
    if re.search(
        r"\b[A-ZĐ][a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]+\s$",
        m.string[max(0, m.start() - 20) : m.start()],
    ):
        return m.group(0)
    return _ONE_LETTER[m.group(1).lower()] + " "


# "/người", "/hộ/tháng", "/m2", "/kg": what a quantity is counted per.
_PER = rf"(?:/(?:(?:{_UNIT_RE})(?![\w²³])|[^\W\d_]+(?!\w)))+"


def _per_unit(m: re.Match[str], c: Context) -> str:
    """ "đồng/người/tháng" → "đồng một người một tháng"; a unit written with a slash ("km/h") stays."""
    quantity, units = m.group(1), m.group(2).split("/")[1:]
    if f"{quantity.strip()}/{units[0]}" in UNITS:
        return m.group(0)
    return quantity + "".join(f" một {UNITS.get(unit, unit)}" for unit in units)


_SHORTHAND = {"k": 1000, "tr": 1_000_000}


def _shorthand(m: re.Match[str], c: Context) -> str:
    """ "50k" → "năm mươi nghìn đồng", "1,5tr" → "một phẩy năm triệu đồng", "2tr5" → "hai triệu năm trăm nghìn đồng"."""
    number, unit, tail = m.group(1), m.group(2).lower(), m.group(3)
    if tail:  # "2tr5": two millions and five hundred thousands
        if not number.isdigit():
            return m.group(0)
        value = int(number) * _SHORTHAND[unit] + int(tail.ljust(3, "0")) * _SHORTHAND[unit] // 1000
        return f"{c.int(value)} đồng"
    word = c.int(1000).split()[-1] if unit == "k" else "triệu"
    return f"{c.number(number)} {word} đồng"


_TIME = r"\d{1,2}\s?(?:h|g|:)\s?(?:\d{2})?(?:\s?(?:phút|p))?(?!\w)|\d{1,2}\s?giờ(?:\s?\d{1,2}(?:\s?phút)?)?"
_DATE = r"\d{1,2}/\d{1,2}(?:/\d{4})?"
_WHEN = rf"{_DATE}|{_TIME}"


def _spoken_when(text: str, c: Context) -> str:
    """One side of a range: the date and time rules on it alone."""
    for pattern, replace in _DATE_AND_TIME_RULES:
        text = pattern.sub(_with(replace, c), text)
    return text


def _when_range(m: re.Match[str], c: Context) -> str:
    first, last = (re.sub(r"^(\d{1,2})\s?g$", r"\1h", side) for side in (m.group(1), m.group(2)))
    if ("/" in first) != ("/" in last):
        return m.group(0)
    spoken = _spoken_when(first, c)
    previous = _WORD_BEFORE.search(_before(m, 16))
    if previous and spoken.startswith(previous.group(1) + " "):  # "từ ngày 15/8 - 20/8": one "ngày"
        spoken = spoken[len(previous.group(1)) + 1 :]
    return f"{spoken} đến {_spoken_when(last, c)}"


def _hour_range(m: re.Match[str], c: Context) -> str:
    first, last = int(m.group(1)), int(m.group(2))
    if first > 24 or last > 24:
        return m.group(0)
    return f"{c.int(first)} đến {c.int(last)} giờ"


_FRACTION_BEFORE = re.compile(
    r"(?:khoảng|gần|hơn|chiếm|chiếm khoảng|trên|dưới|được|đạt|quá|hết|mất|bằng|tới|còn|thêm|giảm|tăng|"
    r"thu hồi|bồi thường|hỗ trợ|phải|cả|ít nhất|tối thiểu|tối đa)\s*$"
)
_FRACTION_AFTER = re.compile(
    r"\s*(?:diện tích|số|dân số|tổng|lượng|khối lượng|sản lượng|kế hoạch|chỉ tiêu|công suất|quãng|"
    r"thời gian|giá trị|kinh phí|đoạn|chiều|phần|mức|ngân sách|vốn|hộ|dân|cán bộ|học sinh|thành viên|lao động|"
    r"thôn|buôn|tổ|xã|phường|người|đơn vị|trường|lớp|diện|trường hợp)\b"
)


def _fraction(m: re.Match[str], c: Context) -> str:
    """ "2/3 diện tích" → "hai phần ba diện tích"; a date ("ngày 2/3", "từ 2/3") is left to the date rules."""
    top, bottom = int(m.group(1)), int(m.group(2))
    if bottom == 0 or top >= bottom or re.search(r"(?:ngày|hôm|từ|đến|sáng|chiều|tối|đêm|trưa)\s*$", _before(m, 16)):
        return m.group(0)
    after = m.string[m.end() : m.end() + 24].lower()
    if _valid_date(top, bottom) and not (_FRACTION_BEFORE.search(_before(m, 24)) or _FRACTION_AFTER.match(after)):
        return m.group(0)
    if not _valid_date(top, bottom) and bottom > 1000:
        return m.group(0)
    return f"{c.int(top)} phần {c.int(bottom)}"


ROMAN_CONTEXT = (
    "Quý|Chương|Phần|Mục|Điều|Khóa|Khoá|Kỳ|Thế kỷ|Đại hội|Tập|Lần|Hạng|Cấp|Giai đoạn|Phụ lục|Vùng|Quân khu|Đợt"
)


def _roman(m: re.Match[str], c: Context) -> str:
    value = roman_to_int(m.group(2))
    if value is None:
        return m.group(0)
    spoken = f"{m.group(1)} {c.int(value)}"
    if m.group(3):
        spoken += f" năm {c.int(int(m.group(3)))}"
    return spoken


def _heading(m: re.Match[str], c: Context) -> str:
    value = roman_to_int(m.group(2)) if not m.group(2).isdigit() else int(m.group(2))
    return m.group(0) if value is None else f"{m.group(1)}{c.int(value).capitalize()}."


def _email(m: re.Match[str], c: Context) -> str:
    user, host = m.group(1), m.group(2)
    return f"{spell(user) if user.isupper() else user} a còng " + " chấm ".join(host.split("."))


def _url(m: re.Match[str], c: Context) -> str:
    """A web address is said as its site only ("thuvienphapluat chấm vn"), not character by character."""
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", m.group(0)).split("/")[0]
    return " chấm ".join(p for p in host.split(".") if p)


def _plain_number(m: re.Match[str], c: Context) -> str:
    return c.number(m.group(0))


_VOWELS = "aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?[{_VOWELS}]{{1,3}}(?:ch|ng|nh|[cmnpt])?",
)


def _acronym(m: re.Match[str], c: Context) -> str:
    word = m.group(0)
    if _SYLLABLE.fullmatch(word.lower()):
        return word  # a word in capitals ("KẾ HOẠCH"), not an abbreviation
    return spell(word)


EARLY: list[Rule] = [
    (re.compile(r"\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)"), _email),
    (
        re.compile(
            r"(?i)\b(?:https?://\S+|www\.\S+|[a-z][\w-]*(?:\.[a-z][\w-]*)*\.(?:vn|com|net|org)(?:/\S*)?)(?<![.,;:])"
        ),
        _url,
    ),
    # Document numbers: "135/QĐ-TTg", "72/2015/NĐ-CP", "/KH-UBND" (number left blank in a template).
    (
        re.compile(
            r"(?<![\w/])(?:(?P<num>\d+)(?:/(?P<year>\d{4}))?)?/"
            r"(?P<code>[A-ZĐ][A-Za-zĐđ&]*(?:-[A-ZĐ][A-Za-zĐđ&]*)+|QĐ|NĐ|NQ|KH|CT|TB|BC|CV|TTr|HD)(?![\w-])"
        ),
        _document,
    ),
    # Phone numbers: read in the groups written, or 4-3-3 / 4-4-3.
    (
        re.compile(
            r"(?<![\w.,+/-])(?:(?:\+\s?84|\(\+84\))[ .-]?(?:\(0\)\s?)?[1-9]\d{1,3}(?:[ .-]?\d{1,4}){1,4}"
            r"|\(0\d{2,3}\)\s?[.-]?\s?\d{1,7}(?:[ .-]?\d{1,4}){0,3}"
            r"|0\d{2,4}(?:[ .-]\d{1,7}){1,4}|0\d{9,10})(?!\d|[.,]\d)"
        ),
        _phone,
    ),
    (re.compile(r"(?<![\d.,])1[89]00[ .]?(?:\d{3}[ .]?\d{3}|\d{4}(?:[ .]?\d{2})?)(?![\d,])"), _service_number),
    (re.compile(r"(?<![\d.,])11[1-5](?!\d|[.,]\d)"), _short_number),
    # "TP.Buôn Ma Thuột", "P.Tân Lợi": an abbreviation glued to the name it shortens.
    (re.compile(r"(?<![\w.])(TP|Tp|tp|TX|Tx|tx|TT|Tt|tt|P|Q|H|X)\.(?=[A-ZĐÂĂÊÔƠƯ])"), lambda m, c: m.group(0) + " "),
    # One letter and a dot before a place's name: "H. Krông Pắc", "x. Ea Kao" (not "tổng đài x.").
    (re.compile(r"(?<![\w.])([HhXxpq])\.\s?(?=[A-ZĐÂĂÊÔƠƯ])"), _one_letter),
    # Roads and kilometre markers: "QL26", "QL.14C", "ĐT697", "TL 8", "Km 15+200" (before the lexicon,
    # where "ĐT" is "điện thoại").
    (re.compile(rf"(?<![\w-])({_ROAD_RE})[ .]?(\d{{1,4}})([A-ZĐ])?(?![\w/])"), _road),
    (re.compile(r"(?<![\w.,])(?<!\d\s)[Kk][Mm][ .]?(\d{1,4})(?:\s?\+\s?(\d{1,3}))?(?![\w/²³]|[.,]\d)"), _km_marker),
]

# Ethnic place names are respelled after the lexicon, so an official's entry for a name wins.
LATE: list[Rule] = [
    (ETHNIC, lambda m, c: respell(m.group(0))),
    # Quantities per unit: "120.000 đồng/người", "3 lần/ngày", "2tr/hộ" ("một" for the slash).
    (re.compile(rf"(?<=\d)(\s?(?:{_UNIT_RE}|[^\W\d_]+))({_PER})"), _per_unit),
    # Shorthand amounts: "50k", "2tr", "1,5tr", "2tr5".
    (re.compile(rf"(?<![\w.,])({NUM})\s?(k|K|tr|Tr|TR)(\d{{1,3}})?(?!\w)(\s*(?:đồng|đ)(?!\w))?"), _shorthand),
    (re.compile(rf"(?<=\bđồng)()({_PER})"), _per_unit),
    # "thứ 2 - thứ 6", "tháng 10 - tháng 12"; "12.000-15.000 đồng"; "Km 15+200 - Km 16".
    (
        re.compile(r"(?i)\b(thứ|tháng)\s+(\d{1,2})\s*-\s*(thứ|tháng)\s+(?=\d)"),
        lambda m, c: f"{m.group(1)} {m.group(2)} đến {m.group(3)} ",
    ),
    (
        re.compile(rf"(?<![\w.,])({NUM})\s*-\s*(?=(?:{NUM})\s*(?:đồng|đ|VNĐ|VND|vnđ|nghìn|ngàn|triệu|tỷ)(?!\w))"),
        lambda m, c: f"{m.group(1)} đến ",
    ),
    (re.compile(r"\s+-\s+(?=ki lô mét \w)"), lambda m, c: " đến "),
    # Ranges between dates or times: "1/10-31/10", "7h–9h30", "7:30 - 11:00", "7-9h".
    (re.compile(rf"(?<![\d/.,:])({_WHEN})\s*-\s*({_WHEN})(?![\d/:]|[.,]\d)"), _when_range),
    (re.compile(r"(?<![\d/.,:])(\d{1,2})\s*-\s*(\d{1,2})\s*h(?!\w)"), _hour_range),
    # Fractions that are not dates: "2/3 diện tích", "khoảng 1/2 số hộ".
    (re.compile(r"(?<![\d/.,])(\d{1,3})/(\d{1,4})(?![\d/]|,\d)"), _fraction),
    # Dates.
    (re.compile(r"(?<![\d/.,])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/])"), _full_date),
    (re.compile(r"(?<![\d/.,])(\d{1,2})\s*-\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])"), _day_range),
    (re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{4})(?![\d/])"), _month_year),
    (re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})(?![\d/]|,\d)"), _day_month),
    (re.compile(r"(?i)\b(tháng)\s+(\d{1,2})(?!\d|[.,]\d)"), _named_month),
    (re.compile(r"(?i)\b(thứ)\s+(\d{1,2})(?!\d|[.,]\d)"), _ordinal),
    # Times: "7h30", "7h", "07:30", "7g30".
    (re.compile(r"(?<![\d:.,])(\d{1,2})\s*(?:h|g|:)\s*(\d{2})(?:\s*(?:phút|p|'))?(?![\d:])"), _time),
    (re.compile(r"(?<![\d:.,])(\d{1,2})\s*h(?![\w])"), _time),
    # Ranges with a unit, money, percent; then plain ranges.
    (re.compile(rf"(?<![\w.,])({NUM})\s*-\s*({NUM})\s*({_UNIT_RE})(?![\w²³/])"), _unit_range),
    (re.compile(rf"(?<![\w.,])({NUM})\s*(?:đồng|đ|VNĐ|VND|vnđ)(?![\w])"), _money),
    (re.compile(rf"\$\s*({NUM})"), _dollars),
    (re.compile(rf"(?<![\w.,])({NUM})\s*%"), _percent),
    (re.compile(rf"(?<![\w.,])({NUM})\s*({_UNIT_RE})(?![\w²³/])"), _unit),
    (re.compile(rf"(?<![\w.,])({NUM})\s*-\s*({NUM})(?!\w|[.,]\d)"), _range),
    # Roman numerals where a reader expects a number.
    (re.compile(rf"\b({ROMAN_CONTEXT}|{ROMAN_CONTEXT.lower()})\s+([IVXLC]+)\b(?:/(\d{{4}}))?"), _roman),
    (re.compile(r"(?m)^(\s*)([IVX]+|\d{1,2})\.(?=\s)"), _heading),
    # Codes mixing capitals and digits ("H5N1"): letter by letter, digit by digit.
    (re.compile(r"(?<![\w])(?=[A-ZĐ]*\d)(?=\d*[A-ZĐ])[A-ZĐ\d]{2,10}(?![\w])"), lambda m, c: spell(m.group(0))),
    # What is left: plain numbers.
    (re.compile(rf"(?<![\w]){NUM}|\d+"), _plain_number),
]

RULES: list[Rule] = EARLY + LATE
_DATE_AND_TIME_RULES: list[Rule] = [rule for rule in LATE if rule[1] in (_full_date, _day_month, _month_year, _time)]
BEFORE_LEXICON = len(EARLY)

ACRONYM = re.compile(r"(?<![\w&])[A-ZĐ]{2,6}(?![\w&])")


def _with(replace: Callable[[re.Match[str], Context], str], context: Context) -> Callable[[re.Match[str]], str]:
    """A rule's replacement bound to the context, as `re.sub` calls it."""
    return lambda match: replace(match, context)


def apply(text: str, context: Context) -> str:
    for pattern, replace in RULES[:BEFORE_LEXICON]:  # document and phone numbers carry abbreviations and digits
        text = pattern.sub(_with(replace, context), text)
    text = context.lexicon.expand(text)
    for pattern, replace in RULES[BEFORE_LEXICON:]:
        text = pattern.sub(_with(replace, context), text)
    return ACRONYM.sub(lambda m: _acronym(m, context), text)
