"""Ranking the bulletins that answer a question: match (title before text, strong before weak words),
then recency, then the asked topic — never a filter by topic."""

from __future__ import annotations

from datetime import timedelta

from hub.bulletins.categories import Category
from hub.bulletins.model import Bulletin, BulletinTarget, Content, Priority
from hub.bulletins.search import Question, rank
from hub.kit.text import fold
from hub.kit.time import utcnow

NOW = utcnow()


def bulletin(n: int, title: str, body: str, category: Category = Category.SOCIETY, days: float = 1) -> Bulletin:
    when = NOW - timedelta(days=days)
    content = Content(title, body, category, Priority.NORMAL, when, ("24169",))
    made = Bulletin.draft(content, [BulletinTarget(2, "24169", "/66/24169/")], 2, None, when)[0]
    made.id, made.published_at = n, when
    return made


def ranked(question: Question, *bulletins: Bulletin) -> list[int]:
    return [b.id for b in rank(question, [(b, fold(f"{b.title} {b.body}")) for b in bulletins], NOW)]


def test_more_words_beat_fewer_and_the_title_beats_the_text():
    rabies = bulletin(1, "Tiêm phòng dại cho chó, mèo", "Tại nhà văn hóa.", days=1)
    measles = bulletin(2, "Tiêm phòng sởi", "Cho trẻ em.", days=1)
    in_text = bulletin(3, "Thông báo", "Tiêm phòng dại cho chó.", days=1)
    asked = Question(("tiem", "phong", "dai"), ("cho",))
    assert ranked(asked, measles, in_text, rabies) == [1, 3, 2]


def test_for_the_same_words_the_newer_comes_first_and_then_the_asked_topic():
    old = bulletin(1, "Cắt điện", "Thứ Bảy.", days=40)
    new = bulletin(2, "Cắt điện", "Chủ nhật.", days=2)
    assert ranked(Question(("cat", "dien")), old, new) == [2, 1]
    same_day = bulletin(3, "Cắt điện", "Thứ Hai.", Category.LOCAL_AFFAIRS, days=2)
    other = bulletin(4, "Cắt điện", "Thứ Ba.", Category.SOCIETY, days=2)
    assert ranked(Question(("cat", "dien"), categories=("local_affairs",)), other, same_day)[0] == 3
    assert ranked(Question(("cat", "dien"), categories=("society",)), same_day, other)[0] == 4


def test_a_word_matches_whole_not_inside_another_word():
    truck = bulletin(1, "Xe thu gom rác", "Chạy sáng thứ Hai.", days=9)
    watch = bulletin(2, "Mời xem lễ hội", "Xem đua voi.", days=1)  # "xem" is not "xe"
    assert ranked(Question(("xe",)), watch, truck) == [1, 2]
    cat = bulletin(3, "Tiêm cho mèo", "Mang sổ tiêm.", days=9)
    assert ranked(Question(("meo",)), watch, cat)[0] == 3  # "meo" finds "mèo"
