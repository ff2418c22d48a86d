"""Vietnamese text → the words a voice should say.

    >>> normalize("Ngày 20/01/2020, UBND tỉnh họp lúc 7h30").text
    'Ngày hai mươi tháng một năm hai nghìn không trăm hai mươi, ủy ban nhân dân tỉnh họp lúc bảy giờ ba mươi phút'

The pipeline: `clean` (Unicode, OCR line breaks, unsayable characters dropped with a warning) →
our rules (`rules.py`: document numbers, phones, e-mail and web addresses, dates, times, ranges,
money, percent, units, Roman numerals, the abbreviation lexicon, numbers with the regional
"nghìn/ngàn", "linh/lẻ", codes like "H5N1") → symbols as words → tidy spaces.

Normalisers on PyPI that we evaluated (2026-11): `soe-vinorm` downloads its CRF weights from a
model hub at first use (impossible offline) and pins old numpy/onnxruntime; `vinormx` breaks
document numbers ("QĐ-TTg" → "trừ tăng thiết giáp"), money ("50.000đ") and units ("120mm" →
"métm"); `vietnam-number` only reads integers, misspells "lẻ" as "lẽ" and is GPL. g2p-hamster
(Apache-2.0, t0 layer) is the best of them — we measured it on the sentences of
`tests/voice/test_normalize.py` — but it has no regional choice, misreads document numbers
("135/QĐ-TTg" → "… Q Đ-TTg"), "31/12" ("ba một, mười hai"), "m2" ("mét hai"), "Quý II/2024", and
routes codes like "H5N1" to English ("H five N one"); as a fallback for our leftovers it rewrote
words we had already spelled out ("vn" → "Việt Nam"). Every pattern it gets right, ours get right
too, so we do not depend on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from voice.errors import EmptyText, TextTooLong
from voice.normalize.clean import clean, describe_dropped
from voice.normalize.lexicon import BUILTIN, Lexicon, spell
from voice.normalize.numbers import read_int
from voice.normalize.rules import Context, apply

__all__ = ["BUILTIN", "MAX_CHARS", "Lexicon", "Normalized", "Normalizer", "normalize", "read_int", "spell"]

MAX_CHARS = 25_000


@dataclass(frozen=True)
class Normalized:
    text: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class Normalizer:
    region: str = "north"
    lexicon: Lexicon = field(default_factory=Lexicon)
    max_chars: int = MAX_CHARS

    def __call__(self, text: str) -> Normalized:
        if len(text) > self.max_chars:
            raise TextTooLong(
                f"Văn bản dài {len(text)} ký tự, vượt giới hạn {self.max_chars} ký tự cho một lần đọc.",
                limit=self.max_chars,
            )
        cleaned, dropped = clean(text)
        warnings = [describe_dropped(dropped)] if dropped else []
        if not re.search(r"\w", cleaned):
            raise EmptyText("Không có nội dung để đọc: văn bản trống hoặc chỉ có ký hiệu.")
        spoken = apply(cleaned, Context(self.region, self.lexicon))
        return Normalized(_tidy(_symbols(spoken)), warnings)


def normalize(text: str, *, region: str = "north", lexicon: Lexicon | None = None) -> Normalized:
    return Normalizer(region, lexicon or Lexicon())(text)


_SYMBOLS = {"+": " cộng ", "=": " bằng ", "#": " số ", "&": " và ", "@": " a còng ", "*": " ", "_": " ", "\\": " "}
_SYMBOL_RE = re.compile("|".join(re.escape(k) for k in _SYMBOLS))


def _symbols(text: str) -> str:
    """Symbols left after the rules: said as words ("+" → "cộng") or dropped; "/" is a pause."""
    text = _SYMBOL_RE.sub(lambda m: _SYMBOLS[m.group(0)], text)
    return re.sub(r"\s*/\s*", ", ", text)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r" +([,.;:!?)])", r"\1", text)
    text = re.sub(r"([,;:])(?=\w)", r"\1 ", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"([,;:.])\1+", r"\1", text)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())
