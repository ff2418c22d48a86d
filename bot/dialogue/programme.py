"""When the loudspeakers play: the commune's programme (`hub.broadcasts`), as a citizen asks it."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.dialogue import texts
from bot.dialogue.reply import Reply
from bot.dialogue.turn import Turn
from hub.areas.model import Area
from hub.broadcasts import service as broadcasts
from hub.broadcasts.model import Rules
from hub.broadcasts.placement import Slot
from hub.kit.errors import InvalidInput
from hub.kit.time import local, utcnow

AHEAD = timedelta(hours=36)
SHOWN = 4


def when(at: datetime, now: datetime) -> str:
    """ "17:00 hôm nay", "06:00 ngày mai", "06:00 28/11" (Vietnam time)."""
    day, today = local(at).date(), local(now).date()
    clock = local(at).strftime("%H:%M")
    if day == today:
        return f"{clock} hôm nay"
    if day == today + timedelta(days=1):
        return f"{clock} ngày mai"
    return f"{clock} {local(at).strftime('%d/%m')}"


def windows(rules: Rules) -> str:
    spans = [f"{start}–{end}" for start, end in rules.windows]
    return ", ".join(spans[:-1]) + " và " + spans[-1] if len(spans) > 1 else "".join(spans)


def upcoming(slots: list[Slot], now: datetime) -> list[str]:
    return [f"• {when(s.start, now)}: {s.title}" for s in slots if s.end >= now][:SHOWN]


def schedule(turn: Turn, area: Area) -> list[Reply]:
    return turn.config.recent.get(("schedule", area.id), lambda: _schedule(turn, area))


def _schedule(turn: Turn, area: Area) -> list[Reply]:
    try:
        commune = broadcasts.commune_of(turn.uow, area)
    except InvalidInput:
        return [Reply(texts.NEED_COMMUNE)]
    now = utcnow()
    plan, rules = broadcasts.plan_for(turn.uow, area, now, now + AHEAD)
    lines = [texts.SCHEDULE_WINDOWS.format(commune=commune.name, windows=windows(rules))]
    items = upcoming(plan.slots, now)
    lines.append(texts.SCHEDULE_NEXT + "\n" + "\n".join(items) if items else texts.SCHEDULE_NOTHING)
    return [Reply("\n".join(lines), texts.MENU[2:])]
