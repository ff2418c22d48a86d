"""The report laid out once, as titled tables of labelled figures, for every renderer to draw.

XLSX, PDF and HTML differ only in how they draw a `Section`; what is in it, in which order and with
which Vietnamese label is decided here, so the three formats cannot disagree. A cell is text, a
number, or a `Pct` (a ratio the renderer shows as a percentage, "—" when there was nothing to measure).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.kit.time import format_local
from hub.reports.model import AnnualReport, Row, number, percent

TARGET_LABEL = "Mục tiêu"


@dataclass(frozen=True)
class Pct:
    value: float | None


Cell = str | int | float | Pct | None


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    empty: str = "Chưa có số liệu trong kỳ."  # what a table with no rows says instead


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tables: list[Table]
    charts: list[str] = field(default_factory=list)
    note: str = ""
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (heading, text written by officials)


def _m(minutes: float) -> float:
    return round(minutes, 1)


def _h(hours: float) -> float:
    return round(hours, 1)


def _breakdown(title: str, rows: list[Row], what: str = "Số lượng", empty: str = "Chưa có số liệu trong kỳ.") -> Table:
    return Table(title, ("", what), [(r.label, r.count) for r in rows], empty)


def summary(report: AnnualReport) -> Section:
    b, bc, dv, r, c, f = (
        report.bulletins,
        report.broadcasts,
        report.devices,
        report.reach,
        report.calls,
        report.feedback,
    )
    targets = Table(
        "Chỉ tiêu của kế hoạch",
        ("Chỉ tiêu", "Đạt", "Chi tiết", TARGET_LABEL),
        [(t.label, Pct(t.value), t.detail, Pct(t.target)) for t in report.targets],
    )
    figures = Table(
        "Số liệu chính",
        ("Nội dung", "Số liệu"),
        [
            ("Tin được duyệt phát hành", b.total),
            ("Lượt phát theo lịch (kế hoạch)", bc.scheduled_plays),
            ("Lượt đã phát theo lịch", bc.played_on_schedule),
            ("Số phút đã phát trên loa", _m(bc.played_minutes)),
            ("Số phút phát trực tiếp", _m(bc.live_minutes)),
            ("Số phút tiếp sóng", _m(bc.relayed_minutes)),
            ("Số thiết bị (cụm loa, bảng tin)", dv.devices),
            ("Tỷ lệ thiết bị hoạt động", Pct(dv.availability)),
            ("Người dân đăng ký nhận tin", r.subscribers),
            ("Tin nhắn báo tin đã gửi đến người dân", r.news_delivered),
            ("Cuộc gọi đến tổng đài", c.calls),
            ("Phản ánh, kiến nghị nhận được", f.received),
            ("Phản ánh đã trả lời", f.answered),
            ("Phản ánh trả lời đúng hạn", f.answered_on_time),
            ("Lớp tập huấn cán bộ", report.training.courses),
            ("Cán bộ được tập huấn", report.training.trained),
        ],
    )
    trend = trend_table(report)
    if trend is None:
        return Section("summary", "Tổng hợp", [targets, figures], ["targets"])
    return Section("summary", "Tổng hợp", [targets, trend, figures], ["targets", "trend"])


def trend_table(report: AnnualReport) -> Table | None:
    """The targets reached in the earlier years' frozen figures and this year, side by side."""
    if not report.trend:
        return None
    years = [p.year for p in report.trend]
    earlier = [dict(p.values) for p in report.trend]
    return Table(
        "Xu hướng qua các năm",
        ("Chỉ tiêu", *(str(y) for y in years), str(report.year)),
        [(t.label, *(Pct(v.get(t.label)) for v in earlier), Pct(t.value)) for t in report.targets],
    )


def bulletins(report: AnnualReport) -> Section:
    b = report.bulletins
    return Section(
        "bulletins",
        "Bản tin",
        [
            Table("Tổng số", ("", "Số lượng"), [("Tin được duyệt phát hành trong kỳ", b.total)]),
            _breakdown("Theo cấp ban hành", b.by_level),
            _breakdown("Theo mức độ ưu tiên", b.by_priority),
            _breakdown("Theo lĩnh vực", b.by_category),
            _breakdown("Theo tháng", b.by_month),
        ],
        ["bulletins_by_month", "bulletins_by_category"],
        "Tin đến được địa bàn (gửi cho địa bàn, cho đơn vị trực thuộc hoặc cấp trên) được duyệt trong kỳ.",
    )


def broadcasts(report: AnnualReport) -> Section:
    bc = report.broadcasts
    plan = Table(
        "Phát theo lịch",
        ("Nội dung", "Kế hoạch", "Thực hiện", "Tỷ lệ"),
        [
            ("Lượt phát", bc.scheduled_plays, bc.played_on_schedule, Pct(bc.schedule_ratio)),
            ("Số phút", _m(bc.scheduled_minutes), _m(bc.played_on_schedule_minutes), Pct(bc.minutes_ratio)),
        ],
    )
    played = Table(
        "Số phút đã phát theo mức độ",
        ("Mức độ", "Số phút"),
        [*((label, _m(v)) for _, label, v in bc.played_minutes_by_priority), ("Tổng cộng", _m(bc.played_minutes))],
    )
    streams = Table(
        "Phát trực tiếp và tiếp sóng",
        ("Nội dung", "Số phút"),
        [("Số phút phát trực tiếp", _m(bc.live_minutes)), ("Số phút tiếp sóng", _m(bc.relayed_minutes))],
    )
    return Section(
        "broadcasts",
        "Phát thanh",
        [
            Table("Cụm loa", ("", "Số lượng"), [("Cụm loa hoạt động trong kỳ", bc.loudspeakers)]),
            plan,
            played,
            streams,
            _breakdown("Lượt phát theo kết quả", bc.plays_by_result),
        ],
        ["broadcast"],
        "Kế hoạch: các giờ phát xã, phường đã xếp lịch, nhân với số cụm loa của xã. Tin khẩn cấp và tin "
        "ưu tiên phát trong khung giờ không cần xếp lịch nên chỉ tính vào tổng số phút đã phát. Phát trực "
        "tiếp và tiếp sóng: số phút các cụm loa đã phát (cộng trên từng cụm loa), đã gồm trong tổng số "
        "phút đã phát.",
    )


def devices(report: AnnualReport) -> Section:
    dv = report.devices
    kinds = Table(
        "Thời gian hoạt động",
        ("Loại thiết bị", "Số thiết bị", "Giờ vận hành", "Giờ mất kết nối", "Lần mất kết nối", "Tỷ lệ hoạt động"),
        [
            (k.label, k.devices, _h(k.service_hours), _h(k.offline_hours), k.offline_alerts, Pct(k.availability))
            for k in dv.kinds
        ],
    )
    return Section(
        "devices",
        "Thiết bị",
        [kinds, _breakdown("Cảnh báo thiết bị trong kỳ", dv.alarms, "Số lần")],
    )


def citizens(report: AnnualReport) -> Section:
    r, c = report.reach, report.calls
    reach = Table(
        "Đăng ký nhận tin và tin nhắn",
        ("Nội dung", "Số lượng"),
        [
            ("Người dân đăng ký nhận tin (cuối kỳ)", r.subscribers),
            ("Đăng ký mới trong kỳ", r.new_subscribers),
            ("Tin nhắn báo tin cho người đăng ký", r.news_told),
            ("— đã gửi đến", r.news_delivered),
            ("Tin nhắn trả lời phản ánh", r.answers_sent),
            ("— đã gửi đến", r.answers_delivered),
        ],
    )
    calls = Table(
        "Tổng đài",
        ("Nội dung", "Số lượng"),
        [("Cuộc gọi", c.calls), ("Số phút gọi", _m(c.minutes)), ("Phản ánh gửi qua tổng đài", c.cases_filed)],
    )
    return Section(
        "citizens",
        "Người dân",
        [
            reach,
            _breakdown("Người đăng ký theo kênh", r.subscribers_by_channel),
            _breakdown("Tin nhắn theo trạng thái", r.messages_by_status),
            calls,
            _breakdown("Cuộc gọi theo kết quả", c.by_result, empty="Chưa có cuộc gọi trong kỳ."),
        ],
    )


def feedback(report: AnnualReport) -> Section:
    f = report.feedback
    main = Table(
        "Tiếp nhận và xử lý",
        ("Nội dung", "Số lượng"),
        [
            ("Phản ánh, kiến nghị nhận được", f.received),
            ("— gộp vào phản ánh cùng nội dung", f.merged),
            ("Phải xử lý", f.to_handle),
            ("Đã trả lời", f.answered),
            ("— trả lời đúng hạn", f.answered_on_time),
            ("Chuyển cơ quan khác hoặc không tiếp nhận (có lý do)", f.closed_otherwise),
            ("Đang xử lý, còn hạn", f.open_in_time),
            ("Đang xử lý, quá hạn", f.open_overdue),
        ],
    )
    ratios = Table(
        "Tỷ lệ",
        ("Chỉ tiêu", "Đạt", TARGET_LABEL),
        [
            ("Được tiếp nhận, xử lý", Pct(f.handled_ratio), Pct(1.0)),
            ("Trả lời đúng hạn", Pct(f.on_time_ratio), Pct(1.0)),
        ],
    )
    return Section(
        "feedback",
        "Phản ánh",
        [
            main,
            ratios,
            _breakdown("Theo kênh gửi", f.by_channel),
            _breakdown("Theo loại", f.by_classification),
            _breakdown("Theo tháng", f.by_month),
        ],
        ["feedback_by_month"],
    )


def units(report: AnnualReport) -> Section | None:
    if not report.units:
        return None
    table = Table(
        "Theo địa bàn trực thuộc",
        (
            "Mã",
            "Địa bàn",
            "Tin",
            "Phút đã phát",
            "Phút trực tiếp",
            "Phút tiếp sóng",
            "Thiết bị",
            "Phản ánh",
            "Đã trả lời",
            "Đúng hạn",
            "Tỷ lệ đúng hạn",
        ),
        [
            (
                u.code,
                u.name,
                u.bulletins,
                _m(u.played_minutes),
                _m(u.live_minutes),
                _m(u.relayed_minutes),
                u.devices,
                u.feedback_received,
                u.feedback_answered,
                u.feedback_on_time,
                Pct(u.feedback_on_time / u.feedback_answered if u.feedback_answered else None),
            )
            for u in report.units
        ],
    )
    return Section("units", "Địa bàn", [table])


def narrative(report: AnnualReport) -> Section | None:
    """The parts the officials wrote when they submitted the report."""
    if report.narrative is None:
        return None
    return Section("narrative", "Tường trình", [], paragraphs=report.narrative.parts())


def communes(report: AnnualReport) -> Section | None:
    """The province's compiled report: which communes submitted, and what each wrote."""
    if not report.communes:
        return None
    table = Table(
        "Các xã, phường đã nộp báo cáo",
        ("Xã, phường", "Nộp lúc", "Người nộp"),
        [(f"{c.name} ({c.code})", format_local(c.submitted_at), c.submitted_by) for c in report.communes],
    )
    paragraphs = [(f"{c.name} — {label}", text) for c in report.communes for label, text in c.narrative.parts()]
    return Section("communes", "Báo cáo của các xã", [table], paragraphs=paragraphs)


def sections(report: AnnualReport) -> list[Section]:
    found = [summary(report), narrative(report), bulletins(report), broadcasts(report), devices(report)]
    found += [citizens(report), feedback(report), units(report), communes(report)]
    return [s for s in found if s is not None]


def heading(report: AnnualReport) -> list[tuple[str, str]]:
    """The lines above the first table: whose report, which period, when and by whom."""
    return [
        ("Địa bàn", f"{report.area_name} (mã {report.area_code})"),
        ("Kỳ báo cáo", report.period.label()),
        *([("Số liệu chốt lúc", format_local(report.frozen_at))] if report.frozen_at else []),
        ("Nộp lúc" if report.narrative else "Lập lúc", format_local(report.generated_at)),
        ("Người nộp" if report.narrative else "Người lập", report.generated_by),
    ]


def display(value: Cell) -> str:
    """A cell as people read it: 1.234 and 1.234,5 with Vietnamese separators, 98,5 %."""
    if isinstance(value, Pct):
        return percent(value.value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        return number(value, 1)
    return value
