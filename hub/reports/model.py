"""The annual report as plain figures: what the province sends to the ministry every December.

The plan (Decision 135/QĐ-TTg, Đắk Lắk 2020–2025) sets the reporting period from 15/12 of the
previous year to 14/12 of the reporting year, on Vietnam's calendar days. Each section is a frozen
dataclass of counts and ratios, built by `hub.reports.service` from aggregate queries and read by the
renderers (XLSX, PDF, HTML) without any further arithmetic, so every format shows the same numbers.
The definition of each figure is in `docs/report.md`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from hub.kit import formats
from hub.kit.errors import InvalidInput
from hub.kit.time import VN_TZ, format_local, local

FORMATS = ("xlsx", "pdf", "html")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
FIRST_YEAR, LAST_YEAR = 2000, 2100
TARGET = 1.0  # the plan's targets are all 100 %


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC, from local midnight of the first day to local midnight after the last."""

    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise InvalidInput("Ngày cuối kỳ báo cáo phải sau ngày đầu kỳ.", code="period_invalid", field="to")

    @classmethod
    def annual(cls, year: int) -> Period:
        """15/12 of the year before to 14/12 of `year`."""
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise InvalidInput(
                f"Năm báo cáo phải từ {FIRST_YEAR} đến {LAST_YEAR}.", code="year_invalid", field="year", year=year
            )
        return cls(date(year - 1, 12, 15), date(year, 12, 14))

    @staticmethod
    def year_of(moment: datetime) -> int:
        """The reporting year a moment falls in: from 15/12 it is already next year's."""
        day = local(moment).date()
        return day.year + 1 if (day.month, day.day) >= (12, 15) else day.year

    @property
    def start(self) -> datetime:
        return _midnight(self.first_day)

    @property
    def end(self) -> datetime:
        return _midnight(self.last_day + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def label(self) -> str:
        return f"{self.first_day:%d/%m/%Y} – {self.last_day:%d/%m/%Y}"

    def months(self) -> list[tuple[str, datetime]]:
        """(label "12/2025", start of that month's part of the period) for each month the period touches."""
        found, day = [], self.first_day
        while day <= self.last_day:
            found.append((f"{day.month:02d}/{day.year}", _midnight(day)))
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return found


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=VN_TZ).astimezone(UTC)


def ratio(part: float, whole: float) -> float | None:
    """part / whole, or None when there is nothing to measure against (shown as "—")."""
    return part / whole if whole else None


def percent(value: float | None) -> str:
    """ "98,5 %" as Vietnamese write it; "—" when there was nothing to measure."""
    return formats.percent(value)


@dataclass(frozen=True)
class Row:
    """A labelled count in a breakdown (by level, priority, category, channel, result …)."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class BulletinFigures:
    total: int
    by_level: list[Row]
    by_priority: list[Row]
    by_category: list[Row]
    by_month: list[Row]
    from_source: int = 0  # of `total`: received through the province's source system (hub.exchange)


@dataclass(frozen=True)
class BroadcastFigures:
    loudspeakers: int
    scheduled_plays: int
    scheduled_minutes: float
    played_on_schedule: int
    played_on_schedule_minutes: float
    plays_by_result: list[Row]
    played_minutes: float  # every play that sounded (played, interrupted, stopped), any priority
    played_minutes_by_priority: list[tuple[str, str, float]]
    scheduled_until: datetime | None = None  # mid-period: the plays counted are those due by then
    # Of `played_minutes`: loudspeaker-minutes of live broadcasts ("phát trực tiếp", play-log item ids
    # "live:…") and of relays ("tiếp sóng", "relay:…") that sounded, summed over the loudspeakers.
    live_minutes: float = 0.0
    relayed_minutes: float = 0.0

    @property
    def schedule_ratio(self) -> float | None:
        return ratio(self.played_on_schedule, self.scheduled_plays)

    @property
    def minutes_ratio(self) -> float | None:
        return ratio(self.played_on_schedule_minutes, self.scheduled_minutes)


@dataclass(frozen=True)
class DeviceKindFigures:
    kind: str
    label: str
    devices: int
    service_hours: float
    offline_hours: float
    offline_alerts: int

    @property
    def availability(self) -> float | None:
        return ratio(self.service_hours - self.offline_hours, self.service_hours)


@dataclass(frozen=True)
class DeviceFigures:
    kinds: list[DeviceKindFigures]
    alarms: list[Row]  # device alarms opened in the period, by kind (mains lost, speaker line …)

    @property
    def devices(self) -> int:
        return sum(k.devices for k in self.kinds)

    @property
    def availability(self) -> float | None:
        service = sum(k.service_hours for k in self.kinds)
        return ratio(service - sum(k.offline_hours for k in self.kinds), service)


@dataclass(frozen=True)
class ReachFigures:
    subscribers: int  # citizens subscribed at the end of the period
    new_subscribers: int
    subscribers_by_channel: list[Row]
    news_told: int  # bulletin notifications queued for subscribers in the period
    news_delivered: int
    answers_sent: int  # answers to feedback queued to citizens
    answers_delivered: int
    messages_by_status: list[Row]

    @property
    def news_ratio(self) -> float | None:
        return ratio(self.news_delivered, self.news_told)


@dataclass(frozen=True)
class CallFigures:
    calls: int
    minutes: float
    by_result: list[Row]
    cases_filed: int


@dataclass(frozen=True)
class FeedbackFigures:
    received: int
    merged: int
    answered: int
    answered_on_time: int
    closed_otherwise: int  # forwarded to another agency or rejected with a reason
    open_in_time: int
    open_overdue: int
    by_channel: list[Row]
    by_classification: list[Row]
    by_month: list[Row]

    @property
    def to_handle(self) -> int:
        return self.received - self.merged

    @property
    def handled(self) -> int:
        return self.answered + self.closed_otherwise

    @property
    def handled_ratio(self) -> float | None:
        return ratio(self.handled, self.to_handle)

    @property
    def on_time_ratio(self) -> float | None:
        return ratio(self.answered_on_time, self.answered)


@dataclass(frozen=True)
class Target:
    """One of the plan's 100 % targets, with what was reached."""

    label: str
    value: float | None
    detail: str
    target: float = TARGET


@dataclass(frozen=True)
class AreaLine:
    """One unit under the reported area (the communes of a province, the villages of a commune)."""

    code: str
    name: str
    bulletins: int
    played_minutes: float
    devices: int
    feedback_received: int
    feedback_on_time: int
    feedback_answered: int
    live_minutes: float = 0.0  # of `played_minutes`: live broadcasts and relays (`BroadcastFigures`)
    relayed_minutes: float = 0.0


@dataclass(frozen=True)
class TrainingFigures:
    officials: int  # in charge of grassroots information (editors, approvers, device operators)
    trained: int  # of them, attended a course held in the period
    courses: int  # courses recorded in the area in the period


@dataclass(frozen=True)
class TrendPoint:
    """The plan's targets as reached in one year (from that year's frozen figures)."""

    year: int
    values: list[tuple[str, float | None]]  # (target's label, ratio reached)


@dataclass(frozen=True)
class Narrative:
    """The parts of the report that officials write: what was done, difficulties, proposals."""

    done: str
    difficulties: str
    proposals: str

    def parts(self) -> list[tuple[str, str]]:
        return [
            ("Kết quả đã thực hiện", self.done),
            ("Khó khăn, vướng mắc", self.difficulties),
            ("Đề xuất, kiến nghị", self.proposals),
        ]


@dataclass(frozen=True)
class UnitNarrative:
    """A commune's submission as the province's compiled report quotes it."""

    code: str
    name: str
    submitted_at: datetime
    submitted_by: str
    narrative: Narrative


@dataclass(frozen=True)
class AnnualReport:
    area_code: str
    area_name: str
    year: int
    period: Period
    generated_at: datetime
    generated_by: str
    bulletins: BulletinFigures
    broadcasts: BroadcastFigures
    devices: DeviceFigures
    reach: ReachFigures
    calls: CallFigures
    feedback: FeedbackFigures
    units: list[AreaLine] = field(default_factory=list)
    # Set on a frozen (and submitted) report: when its figures were frozen, and the narrative parts.
    frozen_at: datetime | None = None
    narrative: Narrative | None = None
    communes: list[UnitNarrative] = field(default_factory=list)  # the province's compiled report
    trend: list[TrendPoint] = field(default_factory=list)  # previous years' frozen targets, oldest first
    training: TrainingFigures = field(default_factory=lambda: TrainingFigures(0, 0, 0))

    @property
    def title(self) -> str:
        return f"Báo cáo kết quả thực hiện công tác thông tin cơ sở năm {self.year}"

    @property
    def targets(self) -> list[Target]:
        fb, bc, b = self.feedback, self.broadcasts, self.bulletins
        return [
            Target(
                "Thông tin thiết yếu được cung cấp trên hệ thống thông tin nguồn",
                ratio(b.from_source, b.total),
                f"{b.from_source}/{b.total} tin",
            ),
            Target(
                "Phản ánh, kiến nghị của người dân được tiếp nhận, xử lý",
                fb.handled_ratio,
                f"{fb.handled}/{fb.to_handle} phản ánh",
            ),
            Target(
                "Phản ánh được trả lời đúng hạn",
                fb.on_time_ratio,
                f"{fb.answered_on_time}/{fb.answered} phản ánh đã trả lời",
            ),
            Target(
                "Lượt phát theo lịch được phát trên loa",
                bc.schedule_ratio,
                f"{bc.played_on_schedule}/{bc.scheduled_plays} lượt"
                + (f" đến hạn tính đến {format_local(bc.scheduled_until)}" if bc.scheduled_until else ""),
            ),
            Target(
                "Tin báo cho người đăng ký được gửi đến",
                self.reach.news_ratio,
                f"{self.reach.news_delivered}/{self.reach.news_told} tin nhắn",
            ),
            Target(
                "Cán bộ làm công tác thông tin cơ sở được bồi dưỡng, tập huấn",
                ratio(self.training.trained, self.training.officials),
                f"{self.training.trained}/{self.training.officials} cán bộ",
            ),
        ]

    def filename(self, fmt: str) -> str:
        return f"bao-cao-ttcs-{self.year}-{self.area_code}.{fmt}"


def hours(minutes: float) -> str:
    return formats.number(minutes / 60, 1)


def number(value: float, digits: int = 0) -> str:
    """1.234,5 — Vietnamese thousands and decimal separators (`hub.kit.formats`)."""
    return formats.number(value, digits)
