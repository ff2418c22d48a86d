"""The `area` entity: every commune, ward and village, however a citizen spells it.

The caller supplies the areas (code, name, level, parent, aliases): the hub passes its live areas
table, a standalone user the `vietnam-provinces` dataset (`nlu.areas`). From each name the
gazetteer derives the spellings people use — with and without marks, case and apostrophe
("Cư M’gar", "cu mgar", "cu m gar", "cumgar"), with and without the unit prefix ("xã", "x.",
"phường", "p.") — and finds them in a message by longest match over folded tokens, with one typo
allowed in long names. A match resolves to the canonical area (code and name).

A spelling shared by several areas (an old district's name, "thôn 1" in two communes) is
ambiguous: another area named in the same message settles it when it contains one candidate.

What was typed is respected: a word typed with its marks must agree with the name's ("văn hóa" is not
"Vân Hòa", "vân hoà" is); an exact spelling beats a one-typo one anywhere in the message; and a name
inside a common expression ("nhà văn hóa", "trạm y tế") is not an area — a place named after the
expression still is ("nhà văn hóa thôn 3").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from nlu.text import APOSTROPHES, Folded, fold, fold_with_offsets, nfc

MAX_TOKENS = 7
FUZZY_MIN = 7  # characters (without spaces) of a typed name before one typo is forgiven

LEVEL_RANK = {"commune": 0, "province": 1, "village": 2}

# Unit words as they start official names, with the short forms people type before a name.
UNIT_PREFIXES: dict[str, tuple[str, ...]] = {
    "xa": ("xa", "x"),
    "phuong": ("phuong", "p"),
    "thi tran": ("thi tran", "tt"),
    "tinh": ("tinh", "t"),
    "thanh pho": ("thanh pho", "tp"),
    "thi xa": ("thi xa", "tx"),
    "huyen": ("huyen", "h"),
    "dac khu": ("dac khu",),
    "thon": ("thon",),
    "buon": ("buon",),
    "to dan pho": ("to dan pho", "tdp", "to"),
    "ap": ("ap",),
    "ban": ("ban",),
    "lang": ("lang",),
    "khoi": ("khoi",),
}
# Prefixes that may be dropped: a village's "thôn"/"buôn" is part of how it is called.
DROPPABLE = ("xa", "phuong", "thi tran", "tinh", "thanh pho", "thi xa", "huyen", "dac khu")
_FORMER_RE = re.compile(r"\((cũ|cu)\)\s*$", re.IGNORECASE)

# Common expressions (folded) whose words also spell an area's name ("văn hóa" folds to "Vân Hòa",
# "hòa bình" is peace): a name found inside one of them is not an area.
COMMON_EXPRESSIONS = frozenset(
    f"{head} {tail}"
    for tail, heads in {
        "van hoa": (
            "nha",
            "phong",
            "so",
            "bo",
            "trung tam",
            "hoat dong",
            "doi song",
            "thiet che",
            "di san",
            "khu",
            "cong chuc",
            "can bo",
            "gia dinh",
            "thon",
            "lang",
            "buon",
            "to dan pho",
            "khu dan cu",
            "le hoi",
            "san",
            "tu tuong",
            "nep song",
            "nen",
            "giao luu",
            "truong",
        ),
        "y te": (
            "tram",
            "trung tam",
            "phong",
            "so",
            "bo",
            "bao hiem",
            "can bo",
            "nhan vien",
            "co so",
            "nganh",
            "diem",
            "the",
            "dich vu",
        ),
        "hoa binh": ("hoa", "gin giu", "giu gin", "song", "thoi", "vi", "tinh"),
        "thong nhat": ("da", "su", "thong", "khong", "chua", "can"),
        "doan ket": ("khoi dai", "tinh than", "su", "ngay hoi", "toan dan"),
        "tan tien": ("hien dai", "ky thuat", "khoa hoc"),
    }.items()
    for head in heads
)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng
_APOSTROPHE_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")


def _marks(word: str) -> tuple[str, str] | None:
    """The marks of a typed word as (letters with vowel marks, tone), or None when it has none.

    The tone is taken apart so that both placements agree ("hoà" and "hòa", "thuý" and "thúy")."""
    word = _APOSTROPHE_RE.sub("", nfc(word).lower())
    if word == fold(word):
        return None
    decomposed = unicodedata.normalize("NFD", word)
    tone = "".join(c for c in decomposed if c in _TONES)
    letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return letters, tone


def _marked_words(name: str) -> dict[str, set[tuple[str, str] | None]]:
    """Folded word of a name → the marks it is written with."""
    words: dict[str, set[tuple[str, str] | None]] = {}
    for word in _FORMER_RE.sub("", name).split():
        for part in {word, *_APOSTROPHE_RE.split(word)}:
            if fold(part):
                words.setdefault(fold(part), set()).add(_marks(part))
    return words


@dataclass(frozen=True)
class AreaEntry:
    """One area as the caller knows it."""

    code: str
    name: str
    level: str = "commune"
    parent_code: str | None = None
    aliases: tuple[str, ...] = ()

    def info(self) -> dict[str, str | None]:
        return {"code": self.code, "name": self.name, "level": self.level, "parent_code": self.parent_code}


@dataclass(frozen=True)
class AreaMatch:
    start: int  # in the original text
    end: int
    areas: tuple[AreaEntry, ...]  # one when resolved; several when ambiguous
    via: str  # "name", "alias" or "typo"

    @property
    def area(self) -> AreaEntry | None:
        return self.areas[0] if len(self.areas) == 1 else None


@dataclass
class _Candidate:
    areas: dict[str, AreaEntry] = field(default_factory=dict)
    rank: tuple[int, int] = (99, 99)
    via: str = "name"

    def offer(self, area: AreaEntry, rank: tuple[int, int], via: str) -> None:
        if rank < self.rank:
            self.areas, self.rank, self.via = {area.code: area}, rank, via
        elif rank == self.rank:
            self.areas[area.code] = area


def spellings(name: str, *, droppable: bool = True) -> tuple[list[str], list[str]]:
    """Folded spellings of a name: (full forms, forms without the unit prefix)."""
    name = _FORMER_RE.sub("", name).strip()
    forms = {fold(name), fold(re.sub("['’‘`´ʼʻ′]", " ", name))}
    full: set[str] = set()
    bare: set[str] = set()
    for form in forms:
        full.add(form)
        for unit, shorts in UNIT_PREFIXES.items():
            if form.startswith(unit + " "):
                rest = form[len(unit) + 1 :]
                full.update(f"{short} {rest}" for short in shorts)
                if droppable and unit in DROPPABLE:
                    bare.add(rest)
                break
    return sorted(full), sorted(b for b in bare if _bare_ok(b))


def _bare_ok(key: str) -> bool:
    """A name without its prefix must still look like a name, not a number or a common word."""
    words = key.split()
    if any(w.isdigit() for w in words[:1]):
        return False
    return len(words) >= 2 or len(key) >= 5


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Gazetteer:
    def __init__(self, areas: Iterable[AreaEntry], common_words: Iterable[str] = ()) -> None:
        """`common_words` (folded) are never read as a misspelt name on their own ("khong a" is
        not "Krông Á")."""
        self.common_words = frozenset(common_words)
        self.areas: dict[str, AreaEntry] = {}
        self._keys: dict[str, _Candidate] = {}
        self._compact: dict[str, _Candidate] = {}
        self._fuzzy: dict[str, set[str]] = {}  # deletion variant → compact keys
        self._marked: dict[str, dict[str, set[tuple[str, str] | None]]] = {}  # area code → its words' marks
        for area in areas:
            self.areas[area.code] = area
            self._add_area(area)
        for compact in self._compact:
            if len(compact) >= FUZZY_MIN - 1:
                for variant in _deletions(compact) | {compact}:
                    self._fuzzy.setdefault(variant, set()).add(compact)

    def __len__(self) -> int:
        return len(self.areas)

    def _add_area(self, area: AreaEntry) -> None:
        level = LEVEL_RANK.get(area.level, 3)
        marked = self._marked.setdefault(area.code, {})
        for name in (area.name, *area.aliases):
            for word, marks in _marked_words(name).items():
                marked.setdefault(word, set()).update(marks)
        full, bare = spellings(area.name, droppable=area.level != "village")
        for key in full:
            self._offer(key, area, (0, level), "name")
        for key in bare:
            self._offer(key, area, (1, level), "name")
        for alias in area.aliases:
            a_full, a_bare = spellings(alias)
            for key in a_full:
                self._offer(key, area, (2, level), "alias")
            for key in a_bare:
                self._offer(key, area, (3, level), "alias")

    def _offer(self, key: str, area: AreaEntry, rank: tuple[int, int], via: str) -> None:
        if not key:
            return
        self._keys.setdefault(key, _Candidate()).offer(area, rank, via)
        squeezed = key.replace(" ", "")
        if len(squeezed) >= 5 and not squeezed.isdigit():
            self._compact.setdefault(squeezed, _Candidate()).offer(area, rank, via)

    def resolve(self, text: str) -> AreaMatch | None:
        """The area a whole text names (a Rasa entity value, a typed commune), if any."""
        if text in self.areas:
            area = self.areas[text]
            return AreaMatch(0, len(text), (area,), "name")
        folded = fold_with_offsets(text)
        found = self._scan(folded)
        if len(found) == 1 and found[0].start == 0 and found[0].end >= len(text.rstrip(" .!?")):
            return found[0]
        return None

    def find(self, text: str, folded: Folded | None = None) -> list[AreaMatch]:
        """Areas named in a message, left to right, longest spelling first."""
        return self._settle(self._scan(folded or fold_with_offsets(text)))

    def _scan(self, folded: Folded) -> list[AreaMatch]:
        tokens = folded.tokens()
        words = [t.text for t in tokens]
        typed = [folded.original[t.start : t.end] for t in tokens]
        inside = _in_expressions(words)
        cache: dict[int, tuple[int, _Candidate, str] | None] = {}

        def exact(k: int) -> tuple[int, _Candidate, str] | None:
            if k not in cache:
                cache[k] = self._exact(words, typed, k)
            return cache[k]

        found: list[AreaMatch] = []
        i = 0
        while i < len(tokens):
            hit = exact(i) or self._typo(words, typed, i)
            # A one-typo reading gives way to an exact name starting inside it ("xa ea kao" is Ea Kao,
            # not "Ea Kar" misspelt).
            if hit is not None and hit[2] == "typo" and any(exact(k) for k in range(i + 1, hit[0])):
                hit = None
            if hit is None or all(inside[k] for k in range(i, hit[0])):
                i += 1
                continue
            j, candidate, via = hit
            found.append(AreaMatch(tokens[i].start, tokens[j - 1].end, tuple(candidate.areas.values()), via))
            i = j
        if any(m.via != "typo" for m in found):  # an exact name beats a typo elsewhere in the message
            found = [m for m in found if m.via != "typo"]
        return found

    def _agreeing(self, candidate: _Candidate, typed: list[str]) -> _Candidate | None:
        """The candidate's areas whose names agree with the marks the citizen typed, if any."""
        marked = [(fold(word), m) for word in typed if (m := _marks(word)) is not None]
        if not marked:
            return candidate
        kept = _Candidate(rank=candidate.rank, via=candidate.via)
        for code, area in candidate.areas.items():
            words = self._marked.get(code, {})
            if all(word not in words or m in words[word] for word, m in marked):
                kept.areas[code] = area
        return kept if kept.areas else None

    def _exact(self, words: list[str], typed: list[str], i: int) -> tuple[int, _Candidate, str] | None:
        for j in range(min(len(words), i + MAX_TOKENS), i, -1):
            key = " ".join(words[i:j])
            candidate = self._keys.get(key)
            if candidate is None and len(key) > len(words[i]):
                candidate = self._compact.get(key.replace(" ", ""))
            if candidate is None and j == i + 1:
                candidate = self._compact.get(key)
            if candidate is not None:
                candidate = self._agreeing(candidate, typed[i:j])
            if candidate is not None:
                return j, candidate, candidate.via
        return None

    def _typo(self, words: list[str], typed: list[str], i: int) -> tuple[int, _Candidate, str] | None:
        for j in range(min(len(words), i + 4), i, -1):
            squeezed = "".join(words[i:j])
            if len(squeezed) < FUZZY_MIN or any(w.isdigit() for w in words[i:j]):
                continue
            if all(w in self.common_words for w in words[i:j]):
                continue
            keys: set[str] = set()
            for variant in _deletions(squeezed) | {squeezed}:
                keys |= self._fuzzy.get(variant, set())
            keys = {k for k in keys if k[0] == squeezed[0] and abs(len(k) - len(squeezed)) <= 1}
            if not keys:
                continue
            merged = _Candidate()
            for key in keys:
                for area in self._compact[key].areas.values():
                    merged.offer(area, self._compact[key].rank, "typo")
            agreeing = self._agreeing(merged, typed[i:j])
            if agreeing is None:
                continue
            return j, agreeing, "typo"
        return None

    def _settle(self, found: list[AreaMatch]) -> list[AreaMatch]:
        """Settle ambiguous matches with the other areas named in the message."""
        named = {m.area.code for m in found if m.area is not None}
        settled = []
        for match in found:
            if match.area is None and named:
                inside = tuple(a for a in match.areas if self._within(a, named))
                if inside:
                    match = AreaMatch(match.start, match.end, inside, match.via)
            settled.append(match)
        return settled

    def _within(self, area: AreaEntry, codes: set[str]) -> bool:
        seen = 0
        parent = area.parent_code
        while parent is not None and seen < 10:
            if parent in codes:
                return True
            parent = self.areas[parent].parent_code if parent in self.areas else None
            seen += 1
        return False


def _in_expressions(words: list[str]) -> list[bool]:
    """Which words are part of a common expression (`COMMON_EXPRESSIONS`)."""
    inside = [False] * len(words)
    for i in range(len(words)):
        for size in (5, 4, 3, 2):
            if " ".join(words[i : i + size]) in COMMON_EXPRESSIONS:
                inside[i : i + size] = [True] * size
                break
    return inside
