"""Answers from the hub's content: what is new in an area, when the loudspeakers play, and the
short answers (greeting, help, thanks, out of scope, not understood)."""

from __future__ import annotations

import re
import unicodedata

from bot.dialogue import texts
from bot.dialogue.contacting import commune_of, contact_replies
from bot.dialogue.reply import Reply
from bot.dialogue.turn import Turn
from hub.areas.model import Area
from hub.bulletins import service as bulletins
from hub.bulletins.model import Bulletin
from hub.bulletins.search import Question
from hub.feedback.text import STOPWORDS, normalise
from hub.kit import formats
from hub.kit.text import fold
from hub.kit.time import utcnow

SHOWN = 3
# Words of a question that say nothing about what it asks ("cho hỏi có tin gì mới ở xã").
_QUESTION_WORDS = """
tin tuc thong bao moi nhat gan day hom mai tuan nam xem doc nghe biet oi nhe nha ak khong the nao gi ve
khu vuc dia phuong minh chung em chi ba bac chu loa phat dai truyen thanh lich thon buon to dan pho
hoi cho co o tai nay kia dau sao
"""
QUESTION_WORDS = frozenset(_QUESTION_WORDS.split())


# The same words as typed with their marks: typed so, they are still function words; a word that
# folds to one of them but was typed with other marks ("dại", "chó") is what the question is about.
_MARKED_COMMON = frozenset(
    [
        "tin",
        "tức",
        "thông",
        "báo",
        "mới",
        "nhất",
        "gần",
        "đây",
        "hôm",
        "mai",
        "tuần",
        "năm",
        "xem",
        "đọc",
        "nghe",
        "biết",
        "ơi",
        "nhé",
        "nha",
        "à",
        "không",
        "thế",
        "nào",
        "gì",
        "về",
        "khu",
        "vực",
        "địa",
        "phương",
        "mình",
        "chúng",
        "em",
        "chị",
        "bà",
        "bác",
        "chú",
        "loa",
        "phát",
        "đài",
        "truyền",
        "thanh",
        "lịch",
        "thôn",
        "buôn",
        "tổ",
        "dân",
        "phố",
        "hỏi",
        "cho",
        "có",
        "ở",
        "tại",
        "này",
        "kia",
        "đâu",
        "sao",
        "khi",
        "bao",
        "giờ",
        "của",
        "tôi",
        "được",
        "là",
        "và",
        "với",
        "các",
        "những",
        "một",
        "thì",
        "mà",
        "nữa",
        "rồi",
        "ạ",
        "đã",
        "sẽ",
        "đang",
        "ai",
        "anh",
        "bạn",
        "cần",
        "chưa",
        "còn",
        "cũng",
        "đi",
        "đến",
        "để",
        "như",
        "nếu",
        "nhiều",
        "ra",
        "rất",
        "trong",
        "vào",
        "vậy",
        "xin",
        "giúp",
        "muốn",
    ]
)
_WORD_RE = re.compile(r"\w+")


def question(turn: Turn) -> Question:
    """What the citizen asks about: the content words of the message, without the area, date and
    case code the NLU found in it (the topic's words stay: "tiêm phòng" is what is asked), split into
    strong and weak words (`hub.bulletins.search`); the topic the NLU found is a preference."""
    topic = turn.entity("topic")
    categories = (str(topic),) if topic else ()
    if turn.is_payload:
        return Question(categories=categories)
    text = turn.text
    for entity in sorted(turn.parse.get("entities", ()), key=lambda e: -int(e.get("start", 0))):
        if entity.get("entity") in ("area", "date", "case_code") and "start" in entity:
            text = text[: int(entity["start"])] + " " + text[int(entity["end"]) :]
    strong: list[str] = []
    weak: list[str] = []
    for typed in _WORD_RE.findall(unicodedata.normalize("NFC", text).lower()):
        for word in normalise(typed).split():
            if len(word) < 2 and not word.isdigit():
                continue
            common = word in STOPWORDS or word in QUESTION_WORDS
            marked_otherwise = fold(typed) != typed and typed not in _MARKED_COMMON
            (strong if not common or marked_otherwise else weak).append(word)
    strong = list(dict.fromkeys(strong))[:8]
    weak = [w for w in dict.fromkeys(weak) if w not in strong][:8]
    return Question(tuple(strong), tuple(weak), categories)


def info(turn: Turn, area: Area) -> list[Reply]:
    asked = question(turn)
    return turn.config.recent.get(("info", area.id, asked), lambda: _info(turn, area, asked))


def _info(turn: Turn, area: Area, asked: Question) -> list[Reply]:
    now = utcnow()
    found = bulletins.answers(turn.uow, area, asked, at=now, limit=SHOWN)
    header = texts.INFO_HEADER.format(area=area.name)
    if not found and asked.words:
        found = bulletins.answers(turn.uow, area, Question(categories=asked.categories), at=now, limit=SHOWN)
        header = texts.INFO_NONE_FOR.format(words=" ".join(asked.words), area=area.name)
    if not found:
        return [Reply(texts.INFO_EMPTY.format(area=area.name), texts.MENU[2:])]
    return [Reply(header + "\n" + "\n".join(items(turn, area, found)), texts.MENU[1:])]


def items(turn: Turn, area: Area, found: list[Bulletin]) -> list[str]:
    """Title, date and issuing unit of each bulletin, with links to listen and to read it."""
    issuers = turn.uow.areas.by_ids({b.creating_area_id for b in found})
    base = turn.config.public_url.rstrip("/")
    page_area = commune_of(turn, area) or area
    lines = []
    for b in found:
        issuer = issuers.get(b.creating_area_id)
        lines.append(
            texts.INFO_ITEM.format(
                title=b.title,
                date=formats.day(b.published_at or b.valid_from),
                issuer=issuer.name if issuer else "",
                audio=f"{base}/api/v1/bulletins/{b.id}/audio",
                page=f"{base}/xa/{page_area.code}/tin/{b.id}",
            )
        )
    return lines


def menu(lead: str) -> list[Reply]:
    return [Reply(lead, texts.MENU)]


def fallback(turn: Turn, lead: str) -> list[Reply]:
    """Not understood (or out of scope): say so with the menu; the second time in a row, offer people
    to call instead."""
    turn.conv.misses += 1
    if turn.conv.misses >= 2:
        return contact_replies(turn, texts.STILL_NOT_UNDERSTOOD)
    return menu(lead)
