"""Vietnamese numbers as they are spoken.

Rules (with the regional choices a loudspeaker audience notices):

- 10–19 are "mười …", 20–99 "… mươi …"; after "mươi" a 1 is "mốt" and a 4 is "tư"; after "mười"
  or "mươi" a 5 is "lăm".
- a zero in the tens after a hundred is "linh" (north) or "lẻ" (south): 105 → "một trăm linh năm".
- 1000 is "nghìn" (north) or "ngàn" (south); then "triệu", "tỷ", "nghìn tỷ" …
- inside a larger number an empty hundred is read: 2021 → "hai nghìn không trăm hai mươi mốt".

We write this by hand rather than use `vietnam-number` (which reads 105 as "một trăm lẽ năm", a
misspelling, and has no regional choice) or g2p-hamster's reader (no regional choice either): the
same reader must serve every pattern (dates, money, units) so a bulletin sounds consistent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Region = Literal["north", "south"]

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


@dataclass(frozen=True)
class Style:
    thousand: str
    zero_ten: str


STYLES: dict[str, Style] = {
    "north": Style(thousand="nghìn", zero_ten="linh"),
    "south": Style(thousand="ngàn", zero_ten="lẻ"),
}


def _tens(n: int, style: Style) -> list[str]:
    """0 < n < 100."""
    tens, unit = divmod(n, 10)
    if tens == 0:
        return [DIGITS[unit]]
    words = ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if unit == 0:
        return words
    if unit == 5:
        return [*words, "lăm"]
    if unit == 1 and tens > 1:
        return [*words, "mốt"]
    if unit == 4 and tens > 1:
        return [*words, "tư"]
    return [*words, DIGITS[unit]]


def _hundreds(n: int, style: Style, full: bool) -> list[str]:
    """0 <= n < 1000; `full` reads an empty hundred ("không trăm") inside a larger number."""
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
        if 0 < rest < 10:
            return [*words, style.zero_ten, DIGITS[rest]]
    if rest:
        words += _tens(rest, style)
    return words


def read_int(n: int, region: str = "north") -> str:
    """Any integer as words: 1005 → "một nghìn không trăm linh năm"."""
    style = STYLES.get(region, STYLES["north"])
    if n < 0:
        return "âm " + read_int(-n, region)
    if n == 0:
        return DIGITS[0]
    if n >= 1_000_000_000:
        billions, rest = divmod(n, 1_000_000_000)
        head = f"{read_int(billions, region)} tỷ"
        if rest == 0:
            return head
        return f"{head} {_below_billion(rest, style, full=True)}"
    return _below_billion(n, style, full=False)


def _below_billion(n: int, style: Style, full: bool) -> str:
    groups = [(n // 1_000_000) % 1000, (n // 1000) % 1000, n % 1000]
    names = ["triệu", style.thousand, ""]
    words: list[str] = []
    started = full
    for value, name in zip(groups, names, strict=True):
        if value == 0:
            continue
        words += _hundreds(value, style, full=started)
        if name:
            words.append(name)
        started = True
    return " ".join(words)


def read_digits(digits: str) -> str:
    """Digit by digit: "0262" → "không hai sáu hai"."""
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def read_decimal(integer: str, fraction: str, region: str = "north") -> str:
    """ "1,5" → "một phẩy năm"; "3,14" → "ba phẩy mười bốn"; "0,05" → "không phẩy không năm".

    A fraction of one or two digits without a leading zero is read as a number (how people say
    it); longer ones or those with a leading zero digit by digit.
    """
    head = read_int(int(integer or "0"), region)
    if not fraction:
        return head
    if len(fraction) <= 2 and not fraction.startswith("0"):
        tail = read_int(int(fraction), region)
    else:
        tail = read_digits(fraction)
    return f"{head} phẩy {tail}"


def parse_grouped(text: str) -> int | None:
    """ "1.500.000" or "1 500 000" or "1500000" → 1500000; None when the grouping is not thousands."""
    raw = text.replace("\u00a0", " ")
    for sep in (".", " "):
        if sep in raw:
            parts = raw.split(sep)
            if not parts[0] or len(parts[0]) > 3 or any(len(p) != 3 for p in parts[1:]):
                return None
            raw = "".join(parts)
    return int(raw) if raw.isdigit() else None


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(text: str) -> int | None:
    """ "IV" → 4; None for anything that is not a well-formed Roman numeral up to 3999."""
    if not text or any(ch not in ROMAN for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = ROMAN[ch]
        if i + 1 < len(text) and ROMAN[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total if 0 < total < 4000 and int_to_roman(total) == text else None


def int_to_roman(n: int) -> str:
    out = []
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)
