"""Rule-based extractors for `topic`, `date` and `case_code`, working on folded text.

`topic` phrases come from the training data (the `topic` synonyms and every annotated example),
so adding a phrase to `nlu/data/topics.yml` teaches both engines. Dates are the relative words and
numeric forms citizens use; the value is the phrase in its proper Vietnamese spelling or a
`dd/mm[/yyyy]` date. A case code is `PA-YYYY-NNNNNN`, however it is typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from nlu.text import Folded, fold, nfc

MAX_PHRASE = 6
SHORT_WORD = 4  # a one-word phrase this short must be typed with its marks

# The bulletin categories of Decree 49/2024/NĐ-CP, as `hub.bulletins.categories.Category` codes
# them (copied: `nlu` imports nothing of the hub; a test keeps the two in step).
TOPIC_CODES = (
    "policy_law",
    "local_affairs",
    "local_development",
    "society",
    "security_order",
    "disaster_emergency",
    "exemplary_people",
    "violations",
    "products",
)


@dataclass(frozen=True)
class Span:
    entity: str
    start: int  # in the original text
    end: int
    value: str
    extractor: str


class PhraseMatcher:
    """Longest match of phrases over folded tokens.

    A short one-word phrase ("bão", "lũ", "dịch") folds to a common word ("bao" as in "bao giờ"),
    so it counts only when typed with its marks.
    """

    def __init__(self, entity: str, phrases: Iterable[tuple[str, str]], extractor: str) -> None:
        self.entity = entity
        self.extractor = extractor
        self.phrases: dict[str, str] = {}
        self.marked: dict[str, str] = {}
        for phrase, value in phrases:
            key = fold(phrase)
            if not key or key.isdigit():
                continue
            if " " not in key and len(key) <= SHORT_WORD:
                if nfc(phrase).lower() != key:
                    self.marked.setdefault(nfc(phrase).lower(), value)
            else:
                self.phrases.setdefault(key, value)

    def find(self, folded: Folded) -> list[Span]:
        tokens = folded.tokens()
        words = [t.text for t in tokens]
        spans: list[Span] = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + MAX_PHRASE), i, -1):
                value = self.phrases.get(" ".join(words[i:j]))
                if value is None and j == i + 1 and not _collocation(words, i):
                    value = self.marked.get(nfc(folded.original[tokens[i].start : tokens[i].end]).lower())
                if value is not None:
                    spans.append(Span(self.entity, tokens[i].start, tokens[j - 1].end, value, self.extractor))
                    i = j
                    break
            else:
                i += 1
        return spans


# Common words that contain a short topic word ("dịch vụ" is a service, not an epidemic).
_COLLOCATIONS = {
    "dich vu",
    "giao dich",
    "phien dich",
    "dich thuat",
    "thong bao",
    "bao gio",
    "bao nhieu",
    "bao lau",
    "ban tin",
    "nuoc ngoai",
    "nha nuoc",
    "dat nuoc",
    "thue nha",
    "cho thue",
}


def _collocation(words: list[str], i: int) -> bool:
    before = f"{words[i - 1]} {words[i]}" if i > 0 else ""
    after = f"{words[i]} {words[i + 1]}" if i + 1 < len(words) else ""
    return before in _COLLOCATIONS or after in _COLLOCATIONS


# folded phrase → value in proper spelling. Ambiguous bare forms are checked against the marks
# the citizen typed (see `_MARKED_ONLY`).
_RELATIVE = {
    "hom nay": "hôm nay",
    "bua nay": "hôm nay",
    "ngay mai": "ngày mai",
    "mai": "ngày mai",
    "sang mai": "sáng mai",
    "chieu mai": "chiều mai",
    "toi mai": "tối mai",
    "sang nay": "sáng nay",
    "trua nay": "trưa nay",
    "chieu nay": "chiều nay",
    "toi nay": "tối nay",
    "dem nay": "đêm nay",
    "ngay kia": "ngày kia",
    "mot": "ngày mốt",
    "hom qua": "hôm qua",
    "hom kia": "hôm kia",
    "tuan nay": "tuần này",
    "tuan sau": "tuần sau",
    "tuan toi": "tuần tới",
    "tuan truoc": "tuần trước",
    "cuoi tuan": "cuối tuần",
    "thang nay": "tháng này",
    "thang sau": "tháng sau",
    "thang toi": "tháng tới",
    "chu nhat": "chủ nhật",
    "cn": "chủ nhật",
}
_WEEKDAYS = {"hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7}
for _word, _n in _WEEKDAYS.items():
    _RELATIVE[f"thu {_word}"] = f"thứ {['', '', 'hai', 'ba', 'tư', 'năm', 'sáu', 'bảy'][_n]}"
    _RELATIVE[f"thu {_n}"] = _RELATIVE[f"thu {_word}"]
    _RELATIVE[f"t{_n}"] = _RELATIVE[f"thu {_word}"]
# Folded forms that are dates only when typed as such: "mãi" (forever) and "một" (one) fold to
# "mai" and "mot" too, so with marks only these spellings count.
_MARKED_ONLY = {"mai": {"mai"}, "mot": {"mốt"}, "t2": set(), "cn": {"cn", "CN"}}

# On the original text: folding turns "/" into a space.
_NUMERIC_RE = re.compile(r"(?<![\w/-])(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}|\d{2}))?(?![\w/-])")
_WORDY_RE = re.compile(r"\b(?:ngay|mung|mong)\s+(\d{1,2})(?:\s+thang\s+(\d{1,2}))?(?:\s+nam\s+(\d{4}))?\b")


def find_dates(folded: Folded) -> list[Span]:
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for regex, text in ((_NUMERIC_RE, folded.original), (_WORDY_RE, folded.text)):
        for m in regex.finditer(text):
            day, month, year = int(m.group(1)), int(m.group(2) or 0), m.group(3)
            if not 1 <= day <= 31 or month > 12 or (regex is _NUMERIC_RE and month == 0):
                continue
            value = f"{day:02d}/{month:02d}" if month else f"ngày {day}"
            if year:
                value += f"/{int(year) + 2000 if len(year) == 2 else int(year)}"
            start, end = (m.start(), m.end()) if regex is _NUMERIC_RE else folded.span(m.start(), m.end())
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            spans.append(Span("date", start, end, value, "TTCSDateRules"))
    tokens = folded.tokens()
    words = [t.text for t in tokens]
    i = 0
    while i < len(words):
        for j in (i + 2, i + 1):
            key = " ".join(words[i:j])
            if j > len(words) or key not in _RELATIVE:
                continue
            start, end = tokens[i].start, tokens[j - 1].end
            typed = nfc(folded.original[start:end])
            if key in _MARKED_ONLY and typed.lower() not in {s.lower() for s in _MARKED_ONLY[key]}:
                continue
            if any(start < e and s < end for s, e in ((sp.start, sp.end) for sp in spans)):
                continue
            spans.append(Span("date", start, end, _RELATIVE[key], "TTCSDateRules"))
            i = j - 1
            break
        i += 1
    return sorted(spans, key=lambda s: s.start)


CASE_CODE_RE = re.compile(r"\bpa[\s_]*(20\d\d)[\s_]*(\d{1,6})\b")


def find_case_codes(folded: Folded) -> list[Span]:
    """`PA-2026-000123`, `pa 2026 123`, `PA2026000123` → `PA-2026-000123`."""
    spans = []
    for m in CASE_CODE_RE.finditer(folded.text):
        value = f"PA-{m.group(1)}-{int(m.group(2)):06d}"
        spans.append(Span("case_code", *folded.span(m.start(), m.end()), value, "TTCSRegex"))
    return spans
