"""The messages of the provincial source-system format, read field by field.

Each reader takes the decoded JSON of one message and returns a plain record, or raises
`FieldError` naming the Vietnamese field that is missing or malformed, so the answer can say which
(`TruongLoi`). Nothing here touches storage: a message is read whole before anything is done.

Value rules (`../shared/reference/source-system-interface.md`):
- date-times like `2021-12-31T00:00:00.00000` (up to 7 fractional digits; no offset = Vietnam time);
- times of day `HH:mm:ss.ffffff` (`HH:mm` and `HH:mm:ss` are accepted too);
- `KieuLich` 0 once, 1 daily, 2 weekly, 3 monthly; `DanhSachNgayPhat` dates for once, 1 (Monday) … 7
  (Sunday) for weekly, 1–31 for monthly;
- `CheDoPhat` 0 by `LichPhat`, 1 once at `NgayBatDau`, 2 in the commune's broadcast windows (no
  schedule of its own: it plays as its priority places it);
- `MucDoUuTien` 1 khẩn cấp, 2 ưu tiên, 3 thông thường; `LinhVuc` 1–6.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as default
from datetime import date, datetime
from typing import Any, Literal, overload

from hub.broadcasts.model import Recurrence, parse_time
from hub.bulletins.categories import Category
from hub.bulletins.model import Priority
from hub.kit.errors import InvalidInput
from hub.kit.time import as_utc

DATE_TIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?$")
KIEU_LICH = {0: Recurrence.ONCE, 1: Recurrence.DAILY, 2: Recurrence.WEEKLY, 3: Recurrence.MONTHLY}
MUC_DO_UU_TIEN = {1: Priority.EMERGENCY, 2: Priority.PRIORITY, 3: Priority.NORMAL}
PRIORITY_CODE = {v: k for k, v in MUC_DO_UU_TIEN.items()}
# LinhVuc → our category (the inverse of `source_topic`, choosing one category per topic).
LINH_VUC = {
    1: Category.LOCAL_AFFAIRS,
    2: Category.DISASTER_EMERGENCY,
    3: Category.POLICY_LAW,
    4: Category.LOCAL_AFFAIRS,
    5: Category.SOCIETY,
    6: Category.EXEMPLARY_PEOPLE,
}
BY_SCHEDULE, AT_START, IN_WINDOWS = 0, 1, 2
MAX_AREAS = 500


class FieldError(InvalidInput):
    """A missing or malformed field; `field` is its Vietnamese name as the source sent it."""

    def __init__(self, field: str, detail: str, *, code: str = "field_invalid") -> None:
        super().__init__(detail, code=code, field=field)
        self.field = field


class Reader:
    def __init__(self, data: Any, prefix: str = "") -> None:
        if not isinstance(data, dict):
            raise FieldError(prefix or "body", "Thông điệp phải là một đối tượng JSON.", code="body_invalid")
        self.data, self.prefix = data, prefix

    def _name(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def raw(self, name: str, required: bool = True) -> Any:
        value = self.data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise FieldError(self._name(name), f"Thiếu trường {self._name(name)}.", code="field_missing")
            return None
        return value

    def text(self, name: str, max_len: int = 200, required: bool = True) -> str:
        value = self.raw(name, required)
        if value is None:
            return ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise FieldError(self._name(name), f"Trường {self._name(name)} phải là chuỗi ký tự.")
        if len(value.strip()) > max_len:
            raise FieldError(self._name(name), f"Trường {self._name(name)} dài quá {max_len} ký tự.")
        return value.strip()

    @overload
    def integer(self, name: str, low: int, high: int | None = None, required: Literal[True] = True) -> int: ...
    @overload
    def integer(self, name: str, low: int, high: int | None = None, required: bool = True) -> int | None: ...
    def integer(self, name: str, low: int, high: int | None = None, required: bool = True) -> int | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise FieldError(self._name(name), f"Trường {self._name(name)} phải là số nguyên.")
        if value < low or (high is not None and value > high):
            span = f"từ {low} đến {high}" if high is not None else f"từ {low} trở lên"
            raise FieldError(self._name(name), f"Trường {self._name(name)} phải {span} (nhận được {value}).")
        return value

    def date_time(self, name: str, required: bool = True) -> datetime | None:
        value = self.raw(name, required)
        if value is None:
            return None
        found = DATE_TIME_RE.match(value.strip()) if isinstance(value, str) else None
        if not found:
            raise FieldError(
                self._name(name),
                f"Trường {self._name(name)} phải là ngày giờ dạng 2021-12-31T00:00:00.00000 (nhận được “{value}”).",
            )
        day, clock, fraction, offset = found.groups()
        micro = (fraction or "0")[:6].ljust(6, "0")
        seconds = "" if clock.count(":") == 2 else ":00"
        iso = f"{day}T{clock}{seconds}.{micro}{'+00:00' if offset == 'Z' else offset or ''}"
        try:
            return as_utc(datetime.fromisoformat(iso))
        except ValueError as exc:
            raise FieldError(self._name(name), f"Trường {self._name(name)}: ngày giờ “{value}” không có thật.") from exc

    def items(self, name: str, required: bool = True) -> list[Any]:
        value = self.raw(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise FieldError(self._name(name), f"Trường {self._name(name)} phải là một danh sách.")
        return value

    def child(self, name: str, required: bool = True) -> Reader | None:
        value = self.raw(name, required)
        return None if value is None else Reader(value, self._name(name))


# -- the messages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cluster:
    """Messages 1–4: register (MaXacThuc), set the area (DiaBanQuanLy), set the volume (AmLuong)."""

    source: str
    cluster_id: str
    auth_code: int | None = None
    area_code: str = ""
    volume: int | None = None


@dataclass(frozen=True)
class Schedule:
    recurrence: Recurrence
    times: list[str]
    days: list[str]
    ends: list[str] = default(default_factory=list)  # ThoiDiemKetThuc, when given (relays and live need them)


@dataclass(frozen=True)
class Timing:
    """NgayBatDau, NgayKetThuc, CheDoPhat, LichPhat: message 7, and part of message 5."""

    valid_from: datetime
    valid_until: datetime
    mode: int
    schedule: Schedule | None


@dataclass(frozen=True)
class Content:
    link: str
    kind: int | None


@dataclass(frozen=True)
class NewBulletin:
    source: str
    ban_tin_id: str
    timing: Timing
    title: str
    topic: Category
    summary: str
    produced_at: datetime | None
    duration_s: int
    author: str
    content: list[Content]
    creating_area: str
    targets: list[str]
    priority: Priority


def source_id(r: Reader) -> str:
    return r.text("NguonId", 64)


def cluster(data: Any, *, auth: bool = False, area: bool = False, volume: bool = False) -> Cluster:
    r = Reader(data)
    return Cluster(
        source=source_id(r),
        cluster_id=r.text("CumLoaId", 64),
        auth_code=r.integer("MaXacThuc", 0) if auth else None,
        area_code=r.text("DiaBanQuanLy", 64) if area else "",
        volume=r.integer("AmLuong", 0, 100) if volume else None,
    )


def bulletin_ref(data: Any) -> tuple[str, str]:
    r = Reader(data)
    return source_id(r), r.text("BanTinId", 100)


def _schedule(r: Reader) -> Schedule:
    kind = KIEU_LICH[r.integer("KieuLich", 0, 3)]
    starts, ends = r.items("ThoiDiemBatDau"), r.items("ThoiDiemKetThuc", required=False)
    if not starts:
        raise FieldError(r._name("ThoiDiemBatDau"), "Cần ít nhất một thời điểm bắt đầu phát.", code="field_missing")
    if ends and len(ends) != len(starts):
        raise FieldError(r._name("ThoiDiemKetThuc"), "Số thời điểm kết thúc phải bằng số thời điểm bắt đầu.")
    times = []
    for i, value in enumerate(starts):
        field = f"{r._name('ThoiDiemBatDau')}[{i}]"
        times.append(_time(value, field))
        if ends:
            end = _time(ends[i], f"{r._name('ThoiDiemKetThuc')}[{i}]")
            if parse_time(end) <= parse_time(times[-1]):
                raise FieldError(f"{r._name('ThoiDiemKetThuc')}[{i}]", "Thời điểm kết thúc phải sau thời điểm bắt đầu.")
    days_raw = r.items("DanhSachNgayPhat", required=kind != Recurrence.DAILY)
    days = []
    for i, value in enumerate(days_raw):
        field = f"{r._name('DanhSachNgayPhat')}[{i}]"
        if kind == Recurrence.ONCE:
            days.append(_day(value, field).isoformat())
            continue
        high = 7 if kind == Recurrence.WEEKLY else 31
        if not (isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())) or not (
            1 <= int(value) <= high
        ):
            raise FieldError(field, f"Ngày phát phải là số từ 1 đến {high} (nhận được “{value}”).")
        days.append(str(int(value)))
    if kind != Recurrence.DAILY and not days:
        raise FieldError(r._name("DanhSachNgayPhat"), "Cần ít nhất một ngày phát.", code="field_missing")
    ends_at = [_time(e, f"{r._name('ThoiDiemKetThuc')}[{i}]") for i, e in enumerate(ends)]
    return Schedule(kind, times, days, ends_at)


def _time(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise FieldError(field, f"{field} phải là giờ dạng HH:mm:ss.ffffff.")
    try:
        parse_time(value)
    except InvalidInput as exc:
        raise FieldError(field, f"{field}: giờ “{value}” không hợp lệ; dạng đúng HH:mm:ss.ffffff.") from exc
    return value.strip()


def _day(value: Any, field: str) -> date:
    if isinstance(value, str):
        text = value.strip()[:10]
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise FieldError(field, f"{field} phải là ngày dạng 2021-12-31 (nhận được “{value}”).")


def timing(r: Reader) -> Timing:
    valid_from = r.date_time("NgayBatDau")
    valid_until = r.date_time("NgayKetThuc")
    assert valid_from is not None and valid_until is not None
    if valid_until <= valid_from:
        raise FieldError("NgayKetThuc", "NgayKetThuc phải sau NgayBatDau.")
    mode = r.integer("CheDoPhat", 0, 2)
    lich = r.child("LichPhat", required=mode == BY_SCHEDULE)
    schedule = _schedule(lich) if lich is not None and mode == BY_SCHEDULE else None
    return Timing(valid_from, valid_until, mode, schedule)


def schedule_change(data: Any) -> tuple[str, str, Timing]:
    r = Reader(data)
    source, ban_tin = source_id(r), r.text("BanTinId", 100)
    return source, ban_tin, timing(r)


def new_bulletin(data: Any) -> NewBulletin:
    r = Reader(data)
    source, ban_tin = source_id(r), r.text("BanTinId", 100)
    when = timing(r)
    title = r.text("TieuDe", 200)
    topic = LINH_VUC[r.integer("LinhVuc", 1, 6)]
    summary = r.text("NoiDungTomTat", 20_000)
    produced = r.date_time("ThoiGianSanXuat", required=False)
    duration = r.integer("ThoiLuong", 0)
    author = r.text("TacGia", 200, required=False)
    content = _content(r)
    creating = r.text("DiaBanTao", 64)
    targets = r.items("DanhSachDiaBanNhan")
    if not targets:
        raise FieldError("DanhSachDiaBanNhan", "DanhSachDiaBanNhan phải có ít nhất một địa bàn.", code="field_missing")
    if len(targets) > MAX_AREAS:
        raise FieldError("DanhSachDiaBanNhan", f"Nhiều nhất {MAX_AREAS} địa bàn nhận.")
    codes = []
    for i, code in enumerate(targets):
        if not isinstance(code, str | int) or isinstance(code, bool) or not str(code).strip():
            raise FieldError(f"DanhSachDiaBanNhan[{i}]", "Mã địa bàn nhận phải là chuỗi mã hành chính.")
        codes.append(str(code).strip())
    level = r.integer("MucDoUuTien", 1, 3, required=False) or 3
    return NewBulletin(
        source, ban_tin, when, title, topic, summary, produced, duration or 0, author, content, creating,
        list(dict.fromkeys(codes)), MUC_DO_UU_TIEN[level],
    )  # fmt: skip


def _content(r: Reader) -> list[Content]:
    raw = r.raw("NoiDung", required=False)
    if raw is None:
        return []
    entries = raw if isinstance(raw, list) else [raw]
    out = []
    for i, entry in enumerate(entries):
        part = Reader(entry, f"NoiDung[{i}]" if isinstance(raw, list) else "NoiDung")
        link = part.text("Link", 2000)
        if not re.match(r"^https?://", link):
            raise FieldError(part._name("Link"), f"{part._name('Link')} phải là địa chỉ http(s).")
        order = part.integer("order", 0, required=False)
        out.append(
            (order if order is not None else i, Content(link, part.integer("LoaiNoiDung", 1, 6, required=False)))
        )
    return [c for _, c in sorted(out, key=lambda pair: pair[0])]
