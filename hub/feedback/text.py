"""Reading a citizen's feedback: is it a complaint or denunciation, and is it the same as another?

Both work on the folded text (`hub.kit.text.fold`: no marks, no case), so "khieu nai" typed on a
phone without diacritics counts as "khiếu nại", and common chat abbreviations ("ko", "dc") are
expanded first.

Similarity: the syllables of Vietnamese are separated by spaces, so a feedback is described by its
content syllables (function words dropped) and the pairs of consecutive ones. Two texts are
compared by the overlap of both sets (Dice). The unigram hashes (`terms`) are stored in an
inverted index per commune, so candidates are found by index lookups, not by reading every case.
"""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import dataclass

from hub.kit.text import fold

TEENCODE = {
    "ko": "khong",
    "k": "khong",
    "kg": "khong",
    "hok": "khong",
    "dc": "duoc",
    "đc": "duoc",
    "j": "gi",
    "vs": "voi",
    "ng": "nguoi",
    "nc": "nuoc",
    "bt": "biet",
    "mn": "moi nguoi",
    "sdt": "so dien thoai",
    "ubnd": "uy ban",
}

# Function words and the words every feedback uses ("đề nghị xử lý"): they say nothing about which
# problem the citizen means.
_STOPWORD_LIST = """
a ah ai anh ba bac ban bao bi biet cac cach cai can cho chi chiu chua chung co con cua cung da dang
dau de den deu di do duoc em gi giai gio giup hay hai het hoac hoi hon khi khong kia kien la lai
len luc ma moi mot nao nay neu nghi nguoi nhan nhieu nhung nhu nua o ong phai phan qua quyet ra rat
roi sao se sinh so tai thay the thi thuc toi trong tu van ve vi voi xin xu ly vao vay nen nho mong
muon hien nay viec dong bao co quan chinh quyen may ngay hom luon lam xa phuong tuan thang suot lau
"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())

# Phrases that mark a complaint or denunciation ("khiếu nại, tố cáo"), folded. They follow the Law
# on Complaints and the Law on Denunciations rather than the feedback procedure, so intake flags them
# for an official to confirm.
COMPLAINT_PHRASES = (
    "khieu nai",
    "to cao",
    "to giac",
    "tham nhung",
    "hoi lo",
    "an hoi lo",
    "nhan hoi lo",
    "doi tien",
    "voi tien",
    "lam dung chuc vu",
    "lam dung quyen han",
    "sach nhieu",
    "nhung nhieu",
    "cua quyen",
    "tieu cuc",
    "bao che",
    "oan sai",
    "trai phap luat",
    "quyet dinh hanh chinh",
    "hanh vi hanh chinh",
    "thu hoi dat trai",
    "boi thuong khong thoa dang",
    "can bo vi pham",
    "can bo lam sai",
    "chiem doat",
    "bien thu",
)
_COMPLAINT_RE = re.compile(r"\b(" + "|".join(re.escape(p) for p in COMPLAINT_PHRASES) + r")\b")

MAX_TERMS = 48


def normalise(text: str) -> str:
    """Folded text with chat abbreviations expanded."""
    words = fold(text).split()
    return " ".join(TEENCODE.get(w, w) for w in words)


@dataclass(frozen=True)
class Suggestion:
    complaint: bool
    matched: tuple[str, ...]


def classify(text: str) -> Suggestion:
    """Complaint/denunciation when the text uses their vocabulary; feedback/proposal otherwise."""
    found = tuple(dict.fromkeys(m.group(1) for m in _COMPLAINT_RE.finditer(normalise(text))))
    return Suggestion(bool(found), found)


def content_words(text: str) -> list[str]:
    return [w for w in normalise(text).split() if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


@dataclass(frozen=True)
class Features:
    words: frozenset[str]
    pairs: frozenset[str]


def features(text: str) -> Features:
    words = content_words(text)
    return Features(frozenset(words), frozenset(f"{a} {b}" for a, b in itertools.pairwise(words)))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def similarity(a: Features, b: Features) -> float:
    """0 (nothing in common) … 1 (the same words in the same order)."""
    if not a.pairs or not b.pairs:
        return _dice(a.words, b.words)
    return 0.65 * _dice(a.words, b.words) + 0.35 * _dice(a.pairs, b.pairs)


def term_hash(word: str) -> int:
    """A stable signed 32-bit key for a word (the index stores integers, not strings)."""
    return zlib.crc32(word.encode()) - 2**31


def terms(text: str) -> list[int]:
    """The distinct index keys of a text's content words (at most MAX_TERMS, in order of first use)."""
    words = list(dict.fromkeys(content_words(text)))[:MAX_TERMS]
    return list(dict.fromkeys(term_hash(w) for w in words))
