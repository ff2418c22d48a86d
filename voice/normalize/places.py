"""The province's ethnic place names (Ê Đê, M'nông, J'rai) respelled so the default voice reads them.

espeak-ng's Vietnamese voice reads a syllable it does not know as English: "Ea Kao" becomes
"(en)iː kaːw", "Krông Búk" ends in English "bʌk", "Cư M'gar" in "ɛmɡɑː". Locals say these names with
Vietnamese sounds, so each name is respelled with Vietnamese syllables before it reaches the voice:

- "Ea" (water) is said "Ê a";
- an apostrophe after a first consonant is a short "ơ": "M'Drắk" → "Mơ Đrắc", "H'leo" → "Hơ leo";
- a final "k" is written "c", a final "l" is said "n", a final "r" is not said
  ("Búk" → "Búc", "Mil" → "Min", "Cuôr" → "Cuô");
- "w" is "u" ("Wer" → "Ue", "Wy" → "Uy");
- a word of two syllables is said as two ("Ana" → "A na");
- a first consonant pair Vietnamese does not have and the voice cannot say ("Km", "Kt", "Pr") gets a
  short "ơ" between them ("Kmăl" → "Kơ măn").

The names of the province's communes and former districts are lexicon entries (officials can
override each one on the lexicon page); `ETHNIC` finds the names of other places with the same
shapes (after "Ea", "Krông", "Buôn", "Cư", "Đắk" …, or with an apostrophe) in bulletin text.
"""

from __future__ import annotations

import re

# Communes and wards (after 2025) and former districts of the province whose names the voice misreads.
PLACE_NAMES: tuple[str, ...] = (
    # former districts and towns
    "Buôn Ma Thuột",
    "Buôn Hồ",
    "Buôn Đôn",
    "Cư M'gar",
    "Cư Kuin",
    "Ea H'leo",
    "Ea Kar",
    "Ea Súp",
    "Krông Ana",
    "Krông Bông",
    "Krông Búk",
    "Krông Năng",
    "Krông Pắc",
    "Lắk",
    "M'Đrắk",
    "M'Drắk",
    # communes and wards
    "Cư Bao",
    "Cuôr Đăng",
    "Cư M'ta",
    "Cư Prao",
    "Cư Pui",
    "Cư Pơng",
    "Cư Yang",
    "Dang Kang",
    "Dliê Ya",
    "Dray Bhăng",
    "Dur Kmăl",
    "Ea Bung",
    "Ea Bá",
    "Ea Drông",
    "Ea Drăng",
    "Ea Hiao",
    "Ea Kao",
    "Ea Khăl",
    "Ea Kiết",
    "Ea Kly",
    "Ea Knuếc",
    "Ea Knốp",
    "Ea Ktur",
    "Ea Ly",
    "Ea M'Droh",
    "Ea Na",
    "Ea Ning",
    "Ea Nuôl",
    "Ea Phê",
    "Ea Păl",
    "Ea Riêng",
    "Ea Rốk",
    "Ea Trang",
    "Ea Tul",
    "Ea Wer",
    "Ea Wy",
    "Ea Ô",
    "Ia Lốp",
    "Ia Rvê",
    "Krông Nô",
    "Krông Á",
    "Liên Sơn Lắk",
    "Pơng Drang",
    "Yang Mao",
    "Đắk Liêng",
    "Đắk Phơi",
    # neighbours named in bulletins
    "Đắk Mil",
    "Đắk Nông",
    "Đắk R'lấp",
    "Đắk Song",
    "Krông Pa",
    "Ea Tam",
    "Ea Tiêu",
    "Ea Bar",
    "Ea Sol",
)

PREFIXES = "Ea|Ia|Krông|Buôn|Cư|Đắk|Đăk|Dak|Dray|Dur|Yang|Pơng|Chư|Kon|Dliê|Cuôr"
_NAME_WORD = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\w']*"
# "Ea Tam", "Krông Pa", "Cư M'gar", "Đắk R'lấp"; or a word with an apostrophe ("M'Đrắk", "H'leo").
ETHNIC = re.compile(
    rf"(?<![\w'])(?:(?:{PREFIXES})(?:\s+{_NAME_WORD}){{1,2}}|[A-ZĐ]'[\wĐđ]+(?:\s+{_NAME_WORD})?)(?![\w'])"
)

_VOWELS = "aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
# First consonant pairs espeak-ng's Vietnamese voice says as one sound (beside Vietnamese digraphs).
_SAYABLE_PAIRS = {"kr", "dr", "đr", "kl", "kn", "dl", "bh", "rv", "bl", "br", "pl", "hl", "hr", "mn", "mr", "ml", "dh"}
_DIGRAPHS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu")


def respell(name: str) -> str:
    """ "Ea Kao" → "Ê a Kao", "Cư M'gar" → "Cư Mơ gar" → "Cư Mơ ga", "Dur Kmăl" → "Du Kơ măn"."""
    name = name.replace("’", "'")
    words: list[str] = []
    for word in name.split():
        if word == "Ea":
            words += ["Ê", "a"]
            continue
        head, apostrophe, rest = word.partition("'")
        if apostrophe and len(head) == 1 and rest:
            words += [f"{head}ơ", _syllable(rest, keep_case=head.isupper() and rest[0].isupper())]
            continue
        words.append(_syllable(word))
    return " ".join(w for w in words if w)


def _syllable(word: str, keep_case: bool = True) -> str:
    if not word or not word[0].isalpha():
        return word
    capital = word[0].isupper()
    lower = word.lower()
    prefix = ""
    cluster = re.match(rf"([^{_VOWELS}]+)(?=[{_VOWELS}])", lower)
    onset = cluster.group(1) if cluster else ""
    if len(onset) >= 2 and not onset.startswith(_DIGRAPHS) and onset[:2] not in _SAYABLE_PAIRS:
        prefix, lower = onset[0] + "ơ ", lower[1:]
    # a word of two syllables ("Ana") is said as two ("A na")
    lower = re.sub(rf"(?<=[{_VOWELS}])([^{_VOWELS}\s]{{1,2}})(?=[{_VOWELS}])", r" \1", lower)
    lower = re.sub(r"\bw", "u", lower)
    lower = re.sub(r"\bj", "d", lower)
    lower = re.sub(rf"(?<=[{_VOWELS}])w", "u", lower)
    lower = re.sub(rf"(?<=[{_VOWELS}])k\b", "c", lower)
    lower = re.sub(rf"(?<=[{_VOWELS}])l\b", "n", lower)
    lower = re.sub(rf"(?<=[{_VOWELS}])r\b", "", lower)
    spoken = prefix + lower
    return spoken[0].upper() + spoken[1:] if capital and keep_case else spoken


def entries() -> dict[str, str]:
    """The lexicon entries of the province's names (those whose respelling differs)."""
    found: dict[str, str] = {}
    for name in PLACE_NAMES:
        spoken = respell(name)
        if spoken != name:
            found[name] = spoken
    return found
