"""Vietnamese text helpers for names and search.

Citizens and officials type "cu mgar", "Cư M'gar" or "CƯ M’GAR" for the same commune. `fold` maps
all of them to one key: NFC, lower case, no tone or vowel marks, "đ" → "d", apostrophes removed,
whitespace collapsed. The tables are written out here because `unicodedata` decomposition alone
leaves "đ" untouched and the apostrophe family is a matter of convention, not of Unicode.
"""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "'’‘`´ʼʻ′"
_APOSTROPHE_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_SPACE_RE = re.compile(r"\s+")
_NON_WORD_RE = re.compile(r"[^\w\s]+")

# Administrative prefixes that people omit when they name a unit ("Ea Kao" for "Phường Ea Kao").
UNIT_PREFIXES = (
    "thanh pho",
    "thi tran",
    "thi xa",
    "dac khu",
    "phuong",
    "huyen",
    "tinh",
    "xa",
    "thon",
    "buon",
    "to dan pho",
    "ap",
    "ban",
    "lang",
    "khoi",
    "to",
    "tp",
    "tx",
    "tt",
)


def clean_name(name: str) -> str:
    """Canonical display form of an official name: NFC, single spaces, the typographic apostrophe.

    The dataset writes "Phường  Tân An" (two spaces) and both "M’gar" and "M'gar"; we keep one form.
    """
    name = unicodedata.normalize("NFC", name)
    name = _APOSTROPHE_RE.sub("’", name)
    return _SPACE_RE.sub(" ", name).strip()


def strip_marks(text: str) -> str:
    """Remove Vietnamese tone and vowel marks ("Đắk Lắk" → "Dak Lak")."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return bare.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """The search key of a text: no marks, no case, no apostrophes, no punctuation, single spaces."""
    text = strip_marks(unicodedata.normalize("NFC", text)).lower()
    text = _APOSTROPHE_RE.sub("", text)
    text = _NON_WORD_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def strip_unit_prefix(folded: str) -> str:
    """Drop a leading administrative prefix from a folded name ("xa cu mgar" → "cu mgar")."""
    for prefix in UNIT_PREFIXES:
        if folded.startswith(prefix + " "):
            return folded[len(prefix) + 1 :]
    return folded


def compact(folded: str) -> str:
    """A folded text without spaces, so "cumgar" finds "cu mgar"."""
    return folded.replace(" ", "")
