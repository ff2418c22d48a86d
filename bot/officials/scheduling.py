"""`/lich SỐ …`: the schedule an official types in chat, read into `hub.broadcasts.service.Plays`.

/lich 12 6:00,17:00 3 ngày     daily at 06:00 and 17:00, today and the next two days
/lich 12 6:00 hằng ngày        daily, with no end
/lich 12 6:00,17:00 t2,t4,t6   on Mondays, Wednesdays and Fridays
/lich 12 6:00 25/12            once, on 25/12 (this year, or next year when the day has passed)
/lich 12 6:00                  once, today (tomorrow when one of the times has passed)
/lich 12 khung tới             once, at the opening of the commune's next broadcast window
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hub.broadcasts.model import MAX_DAYS, Recurrence, ScheduleItem, parse_times
from hub.broadcasts.service import Plays
from hub.kit.errors import InvalidInput
from hub.kit.text import fold

# "/lich 12 6:00…" or "/lich 12 khung tới": a bulletin number, then a time or the next window.
ASKS = re.compile(r"^\s*#?(\d{1,18})\s+(?=\d{1,2}(?:[:hg]\d{0,2})?\b|khung|toi\b|tới\b)", re.IGNORECASE)
TIMES = re.compile(r"^\s*(\d{1,2}(?:[:hg]\d{0,2})?(?:\s*[,;]\s*\d{1,2}(?:[:hg]\d{0,2})?)*)\s*(.*)$", re.IGNORECASE)
WEEKDAYS = {"t2": "1", "t3": "2", "t4": "3", "t5": "4", "t6": "5", "t7": "6", "cn": "7"}
USAGE = (
    "Cách dùng: /lich SỐ GIỜ [KHI NÀO], ví dụ /lich 12 6:00,17:00 3 ngày; /lich 12 6:00 hằng ngày; "
    "/lich 12 6:00 t2,t4,t6; /lich 12 6:00 25/12; /lich 12 khung tới."
)


@dataclass(frozen=True)
class Asked:
    bulletin_id: int
    plays: Plays | None  # None: the next window


def asks_to_schedule(rest: str) -> bool:
    """Whether `/lich …` schedules (a bulletin number then a time) rather than reads an area's programme."""
    return ASKS.match(rest) is not None


def read(rest: str, now: datetime) -> Asked:
    """The schedule of `/lich SỐ …`; `now` is local (Vietnam) time."""
    found = ASKS.match(rest)
    if not found:
        raise InvalidInput(USAGE, code="command_usage")
    bid, spec = int(found.group(1)), rest[found.end() :].strip()
    if fold(spec) in ("khung toi", "toi", "khung", "khungtoi"):
        return Asked(bid, None)
    parts = TIMES.match(spec)
    if not parts:
        raise InvalidInput(USAGE, code="command_usage")
    times = parse_times(parts.group(1))
    when = fold(parts.group(2))
    today = now.date()
    if not when:
        passed = any(t <= now.strftime("%H:%M") for t in times)
        day = today + timedelta(days=1) if passed else today
        return Asked(bid, Plays(Recurrence.ONCE, times, [day.isoformat()]))
    if days := re.fullmatch(r"(\d{1,3}) ngay", when):
        count = int(days.group(1))
        if not 1 <= count <= MAX_DAYS:
            raise InvalidInput(f"Số ngày phát từ 1 đến {MAX_DAYS}.", code="days_invalid", field="days")
        return Asked(bid, Plays(Recurrence.DAILY, times, [], today, today + timedelta(days=count - 1)))
    if when in ("hang ngay", "moi ngay"):
        return Asked(bid, Plays(Recurrence.DAILY, times, [], today))
    words = when.replace("thu ", "t").split()
    if words and all(w in WEEKDAYS for w in words):
        return Asked(bid, Plays(Recurrence.WEEKLY, times, [WEEKDAYS[w] for w in words], today))
    if on := re.fullmatch(r"(\d{1,2}) (\d{1,2})(?: (\d{4}))?", when):
        return Asked(bid, Plays(Recurrence.ONCE, times, [_day(on, today).isoformat()]))
    raise InvalidInput(USAGE, code="command_usage")


def _day(found: re.Match[str], today: date) -> date:
    try:
        day = date(int(found.group(3) or today.year), int(found.group(2)), int(found.group(1)))
        if found.group(3) is None and day < today:
            day = day.replace(year=today.year + 1)
    except ValueError as exc:
        raise InvalidInput(f"Ngày “{found.group(0)}” không có thật.", code="day_invalid", field="days") from exc
    return day


WEEKDAY_NAMES = {"1": "thứ Hai", "2": "thứ Ba", "3": "thứ Tư", "4": "thứ Năm", "5": "thứ Sáu", "6": "thứ Bảy",
                 "7": "Chủ nhật"}  # fmt: skip


def describe(item: ScheduleItem) -> str:
    """ "hằng ngày lúc 06:00, 17:00 từ 03/12 đến 05/12" — a schedule as an official says it."""
    at = f"lúc {', '.join(item.times)}"
    if item.recurrence == Recurrence.ONCE:
        return f"một lần {at} ngày {', '.join(f'{d[8:10]}/{d[5:7]}' for d in item.days)}"
    span = f" từ {item.starts_on:%d/%m}" if item.starts_on else ""
    span += f" đến {item.ends_on:%d/%m}" if item.ends_on else ""
    if item.recurrence == Recurrence.WEEKLY:
        return f"{', '.join(WEEKDAY_NAMES[d] for d in item.days)} hằng tuần {at}{span}"
    if item.recurrence == Recurrence.MONTHLY:
        return f"ngày {', '.join(item.days)} hằng tháng {at}{span}"
    return f"hằng ngày {at}{span}"
