"""Building the data a report counts, through the services, and reading the three formats back."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser

from openpyxl import load_workbook

from devices.protocol import PlayLogBatch, PlayLogEntry, PlayResult
from hub.accounts import service as accounts
from hub.broadcasts import service as broadcasts
from hub.broadcasts.model import Recurrence
from hub.bulletins import service as bulletins
from hub.bulletins.categories import Category
from hub.bulletins.model import Content, Priority
from hub.calls import service as calls
from hub.contacts import service as contacts
from hub.context import Hub
from hub.devices import access as device_access
from hub.devices import telemetry as device_api
from hub.feedback import service as feedback
from hub.feedback.config import feedback_config
from hub.feedback.intake import filing
from hub.kit.time import VN_TZ, utcnow
from hub.reports import service as reports
from hub.reports.model import AnnualReport
from hub.subscriptions import service as subscriptions
from tests.support.demo_devices import demo_device_token

EA_KAO, CU_MGAR = "24169", "24280"
SPEAKER = "860001000000011"  # the demo loudspeaker at the ward's office
TODAY = datetime.now(VN_TZ).date()
FIRST, LAST = TODAY - timedelta(days=45), TODAY + timedelta(days=20)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=VN_TZ)


def build(hub: Hub, area: str = EA_KAO, who: str = "duyet.eakao", now: datetime | None = None) -> AnnualReport:
    with hub.database.uow(write=False) as uow:
        principal = accounts.principal_for_user(uow, who, "api")
        return reports.build(uow, principal, area, first_day=FIRST, last_day=LAST, now=now)


@dataclass(frozen=True)
class Made:
    scheduled_bulletin: int
    priority_bulletin: int


def _content(title: str, category: Category, targets: list[str], priority: Priority = Priority.NORMAL) -> Content:
    start = local_midnight(TODAY + timedelta(days=1))
    return Content(
        title=title,
        body=f"{title}: nội dung thông báo gửi bà con.",
        category=category,
        priority=priority,
        valid_from=start,
        valid_until=start + timedelta(days=3),
        target_codes=tuple(targets),
    )


def make_year(hub: Hub) -> Made:
    """Three bulletins approved (and a draft, a rejected one), a daily schedule over three days, four
    plays, three hotline calls, five feedback cases (one answered on time, one late) and two subscribers."""
    now = utcnow()
    with hub.database.uow() as uow:
        editor = accounts.principal_for_user(uow, "bientap.eakao", "api")
        approver = accounts.principal_for_user(uow, "duyet.eakao", "api")
        ids = []
        for title, category, targets, priority in (
            ("Họp dân khu phố", Category.LOCAL_AFFAIRS, [EA_KAO], Priority.NORMAL),
            ("Phòng chống dịch", Category.DISASTER_EMERGENCY, [EA_KAO], Priority.PRIORITY),
            ("Ngày hội văn hóa buôn", Category.SOCIETY, [f"{EA_KAO}-001"], Priority.NORMAL),
        ):
            made = bulletins.create(uow, editor, _content(title, category, targets, priority))
            bulletins.submit(uow, editor, made.id)
            bulletins.approve(uow, approver, made.id)
            ids.append(made.id)
        bulletins.create(uow, editor, _content("Bản nháp", Category.SOCIETY, [EA_KAO]))
        rejected = bulletins.create(uow, editor, _content("Bị từ chối", Category.SOCIETY, [EA_KAO]))
        bulletins.submit(uow, editor, rejected.id)
        bulletins.reject(uow, approver, rejected.id, "Thiếu thông tin thời gian.")
        broadcasts.add_schedule(uow, editor, EA_KAO, ids[0], Recurrence.DAILY, ["06:10", "17:10"], [])

        identity = device_access.authenticate(uow, demo_device_token(hub.settings, SPEAKER))
        plays = [
            (ids[0], PlayResult.PLAYED, 120),
            (ids[0], PlayResult.PLAYED, 60),
            (ids[0], PlayResult.MISSED, 0),
            (ids[1], PlayResult.INTERRUPTED, 30),
        ]
        entries = [
            PlayLogEntry(
                item_id=f"b{bid}r1@test{i}",
                bulletin_id=bid,
                start=now - timedelta(hours=i + 1),
                end=now - timedelta(hours=i + 1) + timedelta(seconds=seconds),
                result=result,
            )
            for i, (bid, result, seconds) in enumerate(plays)
        ]
        device_api.play_logs(uow, identity, PlayLogBatch(device_id=SPEAKER, entries=entries))

        for number, area, case in (
            ("0905111001", EA_KAO, None),
            ("0905111002", EA_KAO, "PA-TEST"),
            ("0905111003", CU_MGAR, None),
        ):
            caller = contacts.identify(uow, "ivr", number)
            calls.record(
                uow,
                caller,
                uow.areas.get_by_code(area),
                call_ref=f"call-{number}",
                started_at=now - timedelta(seconds=95),
                ended_at=now,
                path=["greeting", "menu", "news"],
                result="feedback" if case else "news",
                case_code=case,
            )

        config = feedback_config(hub)
        codes = []
        for i, (area, days_ago) in enumerate(((EA_KAO, 0), (EA_KAO, 0), (EA_KAO, 0), (EA_KAO, 30), (CU_MGAR, 0))):
            citizen = contacts.identify(uow, "web", f"report-test-browser-{i:04d}")
            filed = filing.file_case(
                uow,
                config,
                citizen,
                f"Phản ánh số {i} về đường sá ở khu phố {i}, đề nghị phường kiểm tra.",
                area_code=area,
                category="infrastructure",
                now=now - timedelta(days=days_ago),
            )
            codes.append(filed.case.code)
        feedback.answer(uow, editor, codes[0], "Phường đã cử người kiểm tra và sửa chữa.")
        feedback.answer(uow, editor, codes[3], "Phường đã sửa xong, xin lỗi vì trả lời chậm.")

        for sender in ("report-sub-0001", "report-sub-0002"):
            subscriptions.subscribe(uow, contacts.identify(uow, "web", sender), EA_KAO)
        uow.commit()
    return Made(ids[0], ids[1])


def play_streams(hub: Hub, live_seconds: int = 180, relay_seconds: int = 300) -> None:
    """The ward's demo loudspeaker reports, as the device API stores it, a live broadcast it played
    until the operator stopped it and a relay window it played through (the manifest's stream ids)."""
    now = utcnow()
    with hub.database.uow() as uow:
        identity = device_access.authenticate(uow, demo_device_token(hub.settings, SPEAKER))
        entries = [
            PlayLogEntry(
                item_id="live:7",
                start=now - timedelta(minutes=30),
                end=now - timedelta(minutes=30) + timedelta(seconds=live_seconds),
                result=PlayResult.STOPPED,
                detail="live",
            ),
            PlayLogEntry(
                item_id="relay:3:0545",
                start=now - timedelta(minutes=20),
                end=now - timedelta(minutes=20) + timedelta(seconds=relay_seconds),
                result=PlayResult.PLAYED,
                detail="relay",
            ),
            PlayLogEntry(  # it never sounded: not counted
                item_id="relay:3:0600",
                start=now - timedelta(minutes=10),
                end=now - timedelta(minutes=10),
                result=PlayResult.FAILED,
                detail="relay",
            ),
        ]
        device_api.play_logs(uow, identity, PlayLogBatch(device_id=SPEAKER, entries=entries))
        uow.commit()


def sheet_values(content: bytes) -> dict[str, dict[str, list[object]]]:
    """{sheet: {label in column A: [the cells after it]}} of a workbook."""
    book = load_workbook(io.BytesIO(content), data_only=True)
    found: dict[str, dict[str, list[object]]] = {}
    for sheet in book.worksheets:
        rows: dict[str, list[object]] = {}
        for row in sheet.iter_rows(values_only=True):
            if row and isinstance(row[0], str):
                rows.setdefault(row[0], [c for c in row[1:] if c is not None])
        found[sheet.title] = rows
    return found


class TableReader(HTMLParser):
    """{table title: {row header: [cell texts]}} of the HTML report."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self._table = found.get("data-table") or ""
            self.tables[self._table] = {}
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []
        elif tag == "img":
            self.images.append(found.get("src") or "")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row and self._table is not None:
            self.tables[self._table].setdefault(self._row[0], self._row[1:])
            self._row = None
        elif tag == "table":
            self._table = None
