"""Answers from the hub's content: what is new in an area, when the loudspeakers play, and the
short answers (greeting, help, thanks, out of scope, not understood)."""

from __future__ import annotations

from bot.dialogue import texts
from bot.dialogue.contacting import commune_of, contact_replies
from bot.dialogue.reply import Reply
from bot.dialogue.turn import Turn
from hub.areas.model import Area
from hub.bulletins import service as bulletins
from hub.bulletins.model import Bulletin
from hub.feedback.text import STOPWORDS, normalise
from hub.kit.time import local, utcnow

SHOWN = 3
# Words of a question that say nothing about what it asks ("cho hỏi có tin gì mới ở xã").
_QUESTION_WORDS = """
tin tuc thong bao moi nhat gan day hom mai tuan nam xem doc nghe biet oi nhe nha ak khong the nao gi ve
khu vuc dia phuong minh chung em chi ba bac chu loa phat dai truyen thanh lich thon buon to dan pho
hoi cho co o tai nay kia dau sao
"""
QUESTION_WORDS = frozenset(_QUESTION_WORDS.split())


def search_words(turn: Turn) -> list[str]:
    """The content words of the question, without the area, topic and date the NLU found in it."""
    if turn.is_payload:
        return []
    text = turn.text
    for entity in sorted(turn.parse.get("entities", ()), key=lambda e: -int(e.get("start", 0))):
        if entity.get("entity") in ("area", "topic", "date", "case_code") and "start" in entity:
            text = text[: int(entity["start"])] + " " + text[int(entity["end"]) :]
    words = [w for w in normalise(text).split() if len(w) > 1 and w not in STOPWORDS and w not in QUESTION_WORDS]
    return list(dict.fromkeys(words))[:4]


def info(turn: Turn, area: Area) -> list[Reply]:
    topic = turn.entity("topic")
    categories = (str(topic),) if topic else ()
    words = search_words(turn)
    return turn.config.recent.get(
        ("info", area.id, tuple(words), categories), lambda: _info(turn, area, words, categories)
    )


def _info(turn: Turn, area: Area, words: list[str], categories: tuple[str, ...]) -> list[Reply]:
    now = utcnow()
    found = bulletins.reaching(turn.uow, area, at=now, text=" ".join(words), categories=categories, limit=SHOWN)
    header = texts.INFO_HEADER.format(area=area.name)
    if not found and words:
        found = bulletins.reaching(turn.uow, area, at=now, categories=categories, limit=SHOWN)
        header = texts.INFO_NONE_FOR.format(words=" ".join(words), area=area.name)
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
                date=local(b.published_at or b.valid_from).strftime("%d/%m/%Y"),
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
