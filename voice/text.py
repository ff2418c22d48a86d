"""The search key of a spoken or typed word, for matching what a caller said against a menu.

The same folding as the hub's `hub.kit.text.fold` (a test keeps the two in agreement): written out
again here because `voice` is a library the hub uses and must not import the hub.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHE_RE = re.compile("[" + re.escape("'’‘`´ʼʻ′") + "]")
_SPACE_RE = re.compile(r"\s+")
_NON_WORD_RE = re.compile(r"[^\w\s]+")


def fold(text: str) -> str:
    """No tone or vowel marks ("đ" → "d"), no case, no apostrophes, no punctuation, single spaces."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    folded = bare.replace("đ", "d").replace("Đ", "D").lower()
    folded = _APOSTROPHE_RE.sub("", folded)
    folded = _NON_WORD_RE.sub(" ", folded)
    return _SPACE_RE.sub(" ", folded).strip()
