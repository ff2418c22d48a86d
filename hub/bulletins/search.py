"""Answering a citizen's question from the published bulletins: which ones say what was asked.

Words are matched whole, on folded text (no marks, no case), so "tiem phong dai cho cho" finds
"Tiêm phòng dại cho chó, mèo" and "meo" finds "mèo". A question has strong words (what it is about)
and weak ones (words that are also common function words: "cho" is "for" and "dog", "dai" the radio
station "đài" and rabies "dại"): a bulletin must hold a strong word to be an answer, and weak words
only help rank. Ranking: how well the words match (in the title more than in the text), then
recency, then the topic the question is about — a bulletin filed under another category is still an
answer, just after one filed under the asked topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from hub.bulletins.model import Bulletin
from hub.kit.text import fold

HALF_LIFE_DAYS = 30.0  # a bulletin this old weighs half as much as a new one for the same words
STRONG_TITLE, STRONG_TEXT = 3.0, 2.0
WEAK_TITLE, WEAK_TEXT = 1.0, 0.5


@dataclass(frozen=True)
class Question:
    words: tuple[str, ...] = ()  # folded, strong
    weak: tuple[str, ...] = ()  # folded, only ranking
    categories: tuple[str, ...] = ()  # preferred topics, not a filter


def _has(words: frozenset[str], text: str, word: str) -> bool:
    return (" " in word and f" {word} " in f" {text} ") or word in words


def score(question: Question, bulletin: Bulletin, searchable: str, now: datetime) -> float:
    title = fold(bulletin.title)
    title_words, text_words = frozenset(title.split()), frozenset(searchable.split())
    total = 0.0
    for words, in_title, in_text in (
        (question.words, STRONG_TITLE, STRONG_TEXT),
        (question.weak, WEAK_TITLE, WEAK_TEXT),
    ):
        for word in words:
            if _has(title_words, title, word):
                total += in_title
            elif _has(text_words, searchable, word):
                total += in_text
    when = bulletin.published_at or bulletin.valid_from
    age_days = max((now - when).total_seconds() / 86400, 0.0)
    return total + 0.5 ** (age_days / HALF_LIFE_DAYS)


def rank(question: Question, found: Sequence[tuple[Bulletin, str]], now: datetime) -> list[Bulletin]:
    """`found`: bulletins with their folded search text; the best answers first."""

    def key(item: tuple[Bulletin, str]) -> tuple[float, int, datetime, int]:
        bulletin, searchable = item
        preferred = int(bool(question.categories) and bulletin.category.value in question.categories)
        return (round(score(question, bulletin, searchable, now), 6), preferred, bulletin.valid_from, bulletin.id)

    return [b for b, _ in sorted(found, key=key, reverse=True)]
