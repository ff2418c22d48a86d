"""Vietnamese text as the engine sees it: NFC, folded, tokenised, teencode expanded, offsets kept.

Citizens type "Cư M’gar", "cu mgar", "CƯ M'GAR" or a decomposed (NFD) "Cư" from an old phone
keyboard. The engine works on a *folded* copy of the message — NFC, lower case, no tone or vowel
marks, "đ" → "d", apostrophes dropped, punctuation as spaces — and keeps, for every folded
character, the index of the character of the original message it came from, so entities are
reported with `start`/`end` in the text the caller sent (Rasa's contract).

This module is self-contained on purpose (`nlu` imports nothing of the hub); `hub.kit.text.fold`
implements the same folding for the areas table, and a test keeps the two in step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

APOSTROPHES = "'’‘`´ʼʻ′"
_SPACE_RE = re.compile(r"\s+")
_TOKEN_RE = re.compile(r"\w+")

# Teencode and abbreviations as citizens type them, in folded form → folded expansion. Only
# unambiguous ones: "dk" is both "được" and "đăng ký", so it stays as typed and the classifier
# learns it from the examples.
TEENCODE: dict[str, str] = {
    "k": "khong",
    "ko": "khong",
    "kh": "khong",
    "khg": "khong",
    "kg": "khong",
    "hok": "khong",
    "hong": "khong",
    "hem": "khong",
    "k0": "khong",
    "dc": "duoc",
    "dx": "duoc",
    "j": "gi",
    "ji": "gi",
    "bn": "bao nhieu",
    "bnh": "bao nhieu",
    "ntn": "nhu the nao",
    "sdt": "so dien thoai",
    "dt": "dien thoai",
    "dthoai": "dien thoai",
    "tks": "cam on",
    "thks": "cam on",
    "thanks": "cam on",
    "thank": "cam on",
    "thankyou": "cam on",
    "camon": "cam on",
    "mk": "minh",
    "mik": "minh",
    "vs": "voi",
    "ng": "nguoi",
    "bh": "bao gio",
    "bjo": "bao gio",
    "bgio": "bao gio",
    "h": "gio",
    "r": "roi",
    "rui": "roi",
    "oy": "roi",
    "z": "vay",
    "zay": "vay",
    "cx": "cung",
    "bit": "biet",
    "bik": "biet",
    "hnay": "hom nay",
    "hqua": "hom qua",
    "oke": "ok",
    "okie": "ok",
    "oki": "ok",
    "okela": "ok",
    "okay": "ok",
    "uk": "u",
    "uh": "u",
    "um": "u",
    "lh": "lien he",
    "tl": "tra loi",
    "tt": "thong tin",
    "ttin": "thong tin",
    "trc": "truoc",
    "kq": "ket qua",
    "wa": "qua",
    "ubnd": "uy ban",
    "ub": "uy ban",
    "ad": "admin",
    "ib": "nhan tin",
    "nhiu": "nhieu",
    "ak": "a",
    "ah": "a",
    "dzay": "vay",
    "hk": "khong",
    "pa": "phan anh",
}


@dataclass(frozen=True)
class Token:
    """A folded word and the span of the original text it came from."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Folded:
    """A message in folded form with a map back to the original text.

    `origin[i]` is the index in the original text of folded character `i`; `origin[len(text)]`
    is the original length, so a folded span [a, b) maps back to [origin[a], origin_end(b)).
    """

    original: str
    text: str
    origin: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded characters [start, end)."""
        return self.origin[start], self.ends[end - 1]

    def tokens(self) -> list[Token]:
        return [Token(m.group(), *self.span(m.start(), m.end())) for m in _TOKEN_RE.finditer(self.text)]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# A few emoji carry a whole answer ("👍" after "is this your commune?").
EMOJI = {"👍": " ok ", "👌": " ok ", "🙏": " cam on ", "👋": " chao ", "👎": " khong "}


def _fold_char(ch: str) -> str:
    """The folded form of one NFC character (possibly empty or several characters)."""
    if ch in APOSTROPHES:
        return ""
    if ch in EMOJI:
        return EMOJI[ch]
    if ch in "đĐ":
        return "d"
    bare = "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
    bare = bare.lower()
    return "".join(c if (c.isalnum() or c == "_") else " " for c in bare)


def fold(text: str) -> str:
    """The diacritic-, case- and apostrophe-insensitive key of a text, single-spaced."""
    return _SPACE_RE.sub(" ", "".join(_fold_char(ch) for ch in nfc(text))).strip()


def _clusters(text: str) -> list[tuple[int, int]]:
    """Spans of a base character and the combining marks that follow it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.category(text[i]).startswith("M"):
            spans.append((start, i))
            start = i
    return spans if text else []


def fold_with_offsets(original: str) -> Folded:
    """Fold `original` and remember where every folded character came from.

    Each base character with its combining marks is normalised on its own, so a decomposed (NFD)
    "ư" maps back to both of its code points.
    """
    chars: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    for start, end in _clusters(original):
        for ch in nfc(original[start:end]):
            for folded in _fold_char(ch):
                chars.append(folded)
                origin.append(start)
                ends.append(end)
    return Folded(original, "".join(chars), (*origin, len(original)), (*ends, len(original)))


def expand(tokens: list[str]) -> list[str]:
    """Replace teencode tokens by what they stand for (folded words)."""
    out: list[str] = []
    for token in tokens:
        out.extend(TEENCODE.get(token, token).split())
    return out


def squeeze_repeats(word: str) -> str:
    """ "alooo" → "alo", "okkk" → "ok": letters held down for emphasis."""
    return re.sub(r"(\w)\1{2,}", r"\1", word)


def accented_words(text: str) -> list[str]:
    """Lower-case NFC words with their marks: the diacritics-aware view of a message."""
    return [squeeze_repeats(w) for w in _TOKEN_RE.findall(nfc(text).lower())]
