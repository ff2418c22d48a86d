"""How numbers, durations and dates read in Vietnamese, in one place for the pages, the report and
the chat: a decimal comma and a thousands dot ("1.234,5"), durations without empty parts ("22 giây",
"3 phút", "1 giờ 5 phút", never "0 phút 22 giây"), and dates and times in Vietnam time."""

from __future__ import annotations

from datetime import date, datetime

from hub.kit.time import format_local, local


def number(value: float, digits: int = 0) -> str:
    """1.234,5 — Vietnamese thousands and decimal separators."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(value: float | None) -> str:
    """ "98,5 %"; "—" when there was nothing to measure."""
    return "—" if value is None else number(value * 100, 1) + " %"


def duration(seconds: float) -> str:
    """ "22 giây", "3 phút", "1 phút 5 giây", "2 giờ 10 phút": the parts that are not zero."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} giờ" if hours else "", f"{minutes} phút" if minutes else ""]
    if not hours:
        parts.append(f"{secs} giây" if secs else "")
    found = " ".join(p for p in parts if p)
    return found or "0 giây"


def minutes(value: float, digits: int = 1) -> str:
    """ "0,4 phút" — a length in minutes, with a decimal comma."""
    return f"{number(value, digits)} phút"


def day(value: date | datetime | None) -> str:
    """ "20/01/2026" (a datetime is read in Vietnam time)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local(value).date()
    return value.strftime("%d/%m/%Y")


def moment(value: datetime | None) -> str:
    """ "07:30 20/01/2026" in Vietnam time."""
    return format_local(value)
