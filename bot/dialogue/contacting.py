"""Whom to call when the chat cannot help: the commune office and the hotline."""

from __future__ import annotations

from bot.dialogue import texts
from bot.dialogue.reply import Reply
from bot.dialogue.turn import Turn
from hub.areas import service as areas
from hub.areas.model import Area, AreaLevel
from hub.contacts import service as contacts


def commune_of(turn: Turn, area: Area | None) -> Area | None:
    """The commune of an area (itself, or the commune above a village)."""
    while area is not None and area.level == AreaLevel.VILLAGE and area.parent_id is not None:
        area = turn.uow.areas.get(area.parent_id)
    return area if area is not None and area.level == AreaLevel.COMMUNE else None


def contact_replies(turn: Turn, lead: str = "") -> list[Reply]:
    commune = commune_of(turn, contacts.remembered_area(turn.uow, turn.contact))
    lines = [lead] if lead else []
    if commune is not None:
        office = areas.office_of(turn.uow, commune)  # set by the commune's admins; else the configured number
        phone = (office.phone if office else "") or turn.config.office_phones.get(commune.code)
        lines.append(
            texts.CONTACT_OFFICE.format(office=f"UBND {commune.name}", phone=f" (số {phone})" if phone else "")
        )
        if office is not None and office.hours:
            lines.append(texts.OFFICE_HOURS.format(hours=office.hours))
    else:
        lines.append(texts.CONTACT_OFFICE.format(office="UBND xã, phường nơi bà con sinh sống", phone=""))
    if turn.config.hotline:
        lines.append(texts.CONTACT_HOTLINE.format(hotline=turn.config.hotline))
    return [Reply("\n".join(lines), texts.MENU)]
