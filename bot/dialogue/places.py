"""Where the citizen is: the commune named in the message, the one remembered, or asked once.

The NLU gives `area` entities as area codes (any spelling, with or without marks). A spelling that
names several areas comes with candidates, and a short reply that the NLU did not tag is looked up
in the areas table, so "ea kao" works as an answer to "which commune?".
"""

from __future__ import annotations

import json

from bot.dialogue import texts
from bot.dialogue.contacting import contact_replies
from bot.dialogue.reply import Choice, Reply
from bot.dialogue.turn import Turn
from hub.areas import service as areas
from hub.areas.model import Area, AreaLevel
from hub.contacts import service as contacts
from hub.kit.errors import NotFound

COMMUNE = "commune"
MAX_TRIES = 3


def named(turn: Turn, *, search: bool = False) -> tuple[Area | None, list[Area]]:
    """The area the message names, or the candidates when the name is ambiguous."""
    for entity in turn.entities("area"):
        candidates = (entity.get("additional_info") or {}).get("candidates")
        if candidates:
            found = [a for a in (_get(turn, c.get("code") if isinstance(c, dict) else c) for c in candidates) if a]
            if len(found) == 1:
                return found[0], []
            if found:
                return None, found
            continue
        area = _get(turn, str(entity.get("value", "")))
        if area is not None:
            return area, []
    if search and not turn.is_payload and 0 < len(turn.folded.split()) <= 6:
        matches = [m.area for m in areas.search(turn.uow, turn.text, limit=5) if m.area.parent_id is not None]
        best = [m for m in matches if m.level != AreaLevel.PROVINCE]
        if len(best) == 1:
            return best[0], []
        if best:
            return None, best[:5]
    return None, []


def _get(turn: Turn, code: str | None) -> Area | None:
    if not code:
        return None
    try:
        return areas.get(turn.uow, code)
    except NotFound:
        return None


def remembered(turn: Turn) -> Area | None:
    return contacts.remembered_area(turn.uow, turn.contact)


def choose(candidates: list[Area]) -> Reply:
    return Reply(texts.WHICH_AREA, tuple(Choice(a.name, payload(a)) for a in candidates))


def payload(area: Area) -> str:
    return "/inform_location" + json.dumps({"area": area.code}, separators=(",", ":"))


def ask(turn: Turn, then: str, **slots: object) -> list[Reply]:
    """Ask for the commune; `then` (an intent) is answered once it is known."""
    turn.conv.start(COMMUNE, "ask", then=then, tries=0, **slots)
    return [Reply(texts.ASK_COMMUNE)]


def remember(turn: Turn, area: Area) -> None:
    """Keep the citizen's commune (or village) so they are not asked again."""
    if turn.contact.area_id != area.id:
        contacts.remember_area(turn.uow, turn.contact, area.code)


def answer(turn: Turn) -> tuple[Area | None, list[Reply]]:
    """Read the reply to "which commune?": the area, or what to say instead."""
    area, candidates = named(turn, search=True)
    if area is not None and area.parent_id is None:
        return None, [Reply(texts.NEED_COMMUNE)]
    if area is not None:
        return area, []
    if candidates:
        return None, [choose(candidates)]
    tries = int(turn.conv.slots.get("tries", 0)) + 1
    turn.conv.goto(turn.conv.step, tries=tries)
    if tries >= MAX_TRIES:
        turn.conv.finish()
        return None, contact_replies(turn, texts.STILL_NOT_UNDERSTOOD)
    return None, [Reply(texts.ASK_COMMUNE_AGAIN.format(text=turn.text[:60]))]
