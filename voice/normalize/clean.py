"""Cleaning before reading: one Unicode form, one kind of space and dash, and characters no voice
can say (emoji, Chinese, Thai …) taken out with a note of what was dropped.

Text pasted from PDFs and OCR (the provincial plan in `shared/reference` is an example) breaks
lines in the middle of sentences and of document numbers ("135/QĐ-\\nTTg"); lines are joined
unless they end a sentence or the next one starts a list item.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'", "´": "'", "«": '"', "»": '"'})
_INVISIBLE = re.compile("[\ufe00-\ufe0f\u200c\u200d\u2060\ufeff\u00ad]")  # variation selectors, joiners, soft hyphen
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BROKEN_CODE = re.compile(r"([A-ZĐ][A-Za-zĐđ]*)-\s+(?=[A-ZĐ])")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
_LIST_START = re.compile(r"^\s*(?:[-+*•]|\d+[.)]|[IVX]+\.|[a-zđ][.)])\s")

# Punctuation and symbols a reader can say or that shape the reading.
_KEEP_SYMBOLS = set(".,;:!?-()/\"'%&+=@#$°²³ºª*_\n")


def clean(text: str) -> tuple[str, list[str]]:
    """Return the cleaned text and the characters dropped because no voice can say them."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES).translate(_QUOTES)
    text = _INVISIBLE.sub("", text)
    dropped: list[str] = []
    kept: list[str] = []
    for ch in text:
        if _sayable(ch):
            kept.append(ch)
        else:
            if ch not in dropped:
                dropped.append(ch)
            kept.append(" ")
    text = "".join(kept).replace("\r\n", "\n").replace("\r", "\n")
    text = _join_lines(text)
    text = _BROKEN_CODE.sub(r"\1-", text)
    return text.strip(), dropped


def _sayable(ch: str) -> bool:
    if ch.isspace() or (ch.isdigit() and ch.isascii()):
        return True
    if ch in _KEEP_SYMBOLS:
        return True
    category = unicodedata.category(ch)
    if category.startswith("L"):
        return "LATIN" in unicodedata.name(ch, "")
    return category.startswith("M")  # a combining mark NFC could not merge: harmless


def _join_lines(text: str) -> str:
    """Join the lines of a paragraph. A line break ends a paragraph only after the end of a
    sentence, before a list item, or around a heading in capitals: OCR and PDF copies break lines
    (and put blank lines) in the middle of sentences."""
    paragraphs: list[str] = []
    current: list[str] = []
    blank = False
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            blank = True
            continue
        if current:
            ended = _SENTENCE_END.search(current[-1]) is not None
            heading = line.isupper() or current[-1].isupper()
            if ended or _LIST_START.match(line) or (blank and heading):
                paragraphs.append(" ".join(current))
                current = []
        current.append(line)
        blank = False
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def describe_dropped(dropped: list[str]) -> str:
    """The warning shown to an official: which characters were left out of the speech."""
    shown = " ".join(dropped[:10]) + (" …" if len(dropped) > 10 else "")
    return f"Đã bỏ {len(dropped)} ký tự không đọc được (biểu tượng, chữ nước ngoài): {shown}"
