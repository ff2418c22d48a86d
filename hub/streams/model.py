"""Streams: relays of an upstream station ("tiếp sóng") into the hub's streaming server, and the
recurring windows in which a commune's loudspeakers play them.

A relay source is an upstream URL (the provincial station, VOV1) registered by an admin; the hub
pulls it into its own Icecast mount so devices never depend on a far server. A relay window says
"this source plays on the loudspeakers of this area from 05:45 to 06:15" on every day or on chosen
weekdays, in Vietnam's time. Plain Python: no framework.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from hub.kit.errors import InvalidInput
from hub.kit.ids import ASSIGNED_ON_FLUSH

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

WEEKDAY_LABELS = {1: "Thứ Hai", 2: "Thứ Ba", 3: "Thứ Tư", 4: "Thứ Năm", 5: "Thứ Sáu", 6: "Thứ Bảy", 7: "Chủ Nhật"}


class RelayState(StrEnum):
    IDLE = "idle"  # no window now: nothing pulled
    UP = "up"  # pulled into its mount
    DOWN = "down"  # the upstream failed: devices fall back to their schedule


STATE_LABELS = {RelayState.IDLE: "Chờ giờ tiếp sóng", RelayState.UP: "Đang tiếp sóng", RelayState.DOWN: "Mất tín hiệu"}


def check_upstream(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", "rtmp", "rtsp", "icecast"} or not parts.netloc:
        raise InvalidInput(
            "Địa chỉ nguồn tiếp sóng phải là một địa chỉ luồng http(s)://, rtmp:// hoặc rtsp://.",
            code="relay_url_invalid",
        )
    if len(url) > 500:
        raise InvalidInput("Địa chỉ nguồn tiếp sóng dài quá 500 ký tự.", code="relay_url_invalid")
    return url


def check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise InvalidInput("Tên nguồn tiếp sóng phải có từ 1 đến 100 ký tự.", code="relay_name_invalid")
    return name


def parse_clock(value: str, what: str) -> time:
    try:
        hours, minutes = value.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise InvalidInput(f"Giờ {what} “{value}” không hợp lệ: viết theo dạng HH:MM, ví dụ 05:45.") from None


def check_days(days: list[int]) -> list[int]:
    if any(d not in WEEKDAY_LABELS for d in days):
        raise InvalidInput("Ngày trong tuần là số từ 1 (Thứ Hai) đến 7 (Chủ Nhật).", code="relay_days_invalid")
    return sorted(set(days))


@dataclass(eq=False)
class RelaySource:
    name: str
    upstream_url: str
    area_id: int
    area_code: str
    area_path: str
    created_at: datetime
    state: RelayState = RelayState.IDLE
    state_since: datetime | None = None
    last_error: str = ""
    active: bool = True
    id: int = ASSIGNED_ON_FLUSH

    @property
    def mount(self) -> str:
        """The hub's Icecast mount of this relay."""
        return f"/tiep-song-{self.id}.mp3"


@dataclass(eq=False)
class RelayWindow:
    source_id: int
    area_id: int
    area_code: str
    area_path: str
    starts: time
    ends: time
    days: list[int] = field(default_factory=list)  # ISO weekdays; empty: every day
    created_at: datetime | None = None
    starts_on: date | None = None  # first and last day it opens (Vietnam's dates); None: no limit
    ends_on: date | None = None
    bulletin_id: int | None = None  # set when a source system's bulletin (content type 5 or 6) made it
    id: int = ASSIGNED_ON_FLUSH

    @classmethod
    def create(
        cls, source_id: int, area_id: int, area_code: str, area_path: str, starts: str, ends: str, days: list[int]
    ) -> RelayWindow:
        begin, end = parse_clock(starts, "bắt đầu"), parse_clock(ends, "kết thúc")
        if begin == end:
            raise InvalidInput("Giờ kết thúc phải khác giờ bắt đầu.", code="relay_window_empty")
        return cls(source_id, area_id, area_code, area_path, begin, end, check_days(days))

    @property
    def label(self) -> str:
        days = "hằng ngày" if not self.days else ", ".join(WEEKDAY_LABELS[d] for d in self.days)
        if self.starts_on is not None and self.starts_on == self.ends_on:
            days = f"ngày {self.starts_on:%d/%m/%Y}"
        elif self.starts_on or self.ends_on:
            since = f" từ {self.starts_on:%d/%m/%Y}" if self.starts_on else ""
            until = f" đến {self.ends_on:%d/%m/%Y}" if self.ends_on else ""
            days += since + until
        return f"{self.starts:%H:%M}–{self.ends:%H:%M} {days}"

    def occurrences(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """The (start, end) UTC times of this window that overlap [start, end)."""
        found = []
        first = start.astimezone(VN_TZ).date() - timedelta(days=1)
        last = end.astimezone(VN_TZ).date()
        day = first
        while day <= last:
            in_range = (self.starts_on is None or day >= self.starts_on) and (
                self.ends_on is None or day <= self.ends_on
            )
            if in_range and (not self.days or day.isoweekday() in self.days):
                begins, ends = self._on(day)
                if begins < end and ends > start:
                    found.append((begins, ends))
            day += timedelta(days=1)
        return found

    def _on(self, day: date) -> tuple[datetime, datetime]:
        begins = datetime.combine(day, self.starts, VN_TZ)
        end_day = day if self.ends > self.starts else day + timedelta(days=1)  # a window across midnight
        ends = datetime.combine(end_day, self.ends, VN_TZ)
        return begins.astimezone(UTC), ends.astimezone(UTC)

    def active_at(self, moment: datetime, lead: timedelta = timedelta(0)) -> bool:
        return bool(self.occurrences(moment, moment + lead + timedelta(microseconds=1)))


LIVE_MAX = timedelta(hours=4)  # a live broadcast left running ends by itself after this


@dataclass(eq=False)
class LiveBroadcast:
    """An official speaking live ("phát trực tiếp") to the loudspeakers of chosen areas: the browser
    sends the microphone to the hub, which feeds the broadcast's own Icecast mount."""

    title: str
    area_codes: list[str]
    area_paths: list[str]
    interrupt: bool
    started_by: str
    started_at: datetime
    ingest_hash: str
    started_by_id: int | None = None
    ended_at: datetime | None = None
    recording: str = ""  # the recorded audio, relative to the hub's var dir
    id: int = ASSIGNED_ON_FLUSH

    @property
    def mount(self) -> str:
        return f"/truc-tiep-{self.id}.mp3"

    @property
    def live(self) -> bool:
        return self.ended_at is None

    @property
    def ends(self) -> datetime:
        return self.ended_at or self.started_at + LIVE_MAX

    def reaches(self, area_path: str) -> bool:
        """Devices of `area_path` hear it: the area is one of the chosen ones or inside one."""
        return any(area_path.startswith(p) for p in self.area_paths)
