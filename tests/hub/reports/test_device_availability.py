"""Device availability from the heartbeat history (issue 18, item 8): the hours a device was heard in
over its hours in service; a device that never connected counts 0 %; before the history began, only
offline alerts tell. The report's devices section shows the figures."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from devices.protocol import Heartbeat
from hub.accounts import service as accounts
from hub.accounts.model import Principal
from hub.context import Hub
from hub.devices import access, telemetry
from hub.devices import service as devices
from hub.devices.model import Kind
from hub.kit.time import VN_TZ, utcnow
from hub.reports import render_html
from hub.reports import service as reports
from hub.reports.device_availability import figures
from hub.reports.model import Period
from hub.reports.repository import AlertRow, DeviceRow, SeenRow
from tests.hub.reports.helpers import TableReader

HOA_PHU = "24175"  # a ward without demo devices


def _period_from_tomorrow() -> Period:
    tomorrow = utcnow().astimezone(VN_TZ).date() + timedelta(days=1)
    return Period(tomorrow, tomorrow + timedelta(days=9))


def _kind(found, kind: str):
    return next(k for k in found.kinds if k.kind == kind)


def test_a_device_heard_in_3_of_4_hours_is_available_75_percent_and_one_never_heard_0() -> None:
    period = _period_from_tomorrow()
    start = period.start  # local midnight: on the hour
    listed = [
        DeviceRow(1, "loudspeaker", "/66/24175/", start - timedelta(days=3), None, start + timedelta(hours=3)),
        DeviceRow(2, "eboard", "/66/24175/", start - timedelta(days=3), None, None),  # never connected
    ]
    heard = [SeenRow(1, 3, start, start + timedelta(hours=3))]  # hours 0, 1 and 3; silent in hour 2
    found = figures(listed, [], period, start + timedelta(hours=4), seen=heard, history_since=start - timedelta(days=9))
    speakers, boards = _kind(found, "loudspeaker"), _kind(found, "eboard")
    assert speakers.service_hours == pytest.approx(4) and speakers.offline_hours == pytest.approx(1)
    assert speakers.availability == pytest.approx(0.75)
    assert boards.devices == 1 and boards.availability == 0.0
    assert found.availability == pytest.approx(3 / 8)


def test_partial_hours_count_only_the_time_in_service() -> None:
    period = _period_from_tomorrow()
    registered = period.start + timedelta(hours=2, minutes=30)  # heard in its first hour and the next
    listed = [DeviceRow(1, "loudspeaker", "/66/24175/", registered, None, registered + timedelta(hours=1))]
    heard = [SeenRow(1, 2, period.start + timedelta(hours=2), period.start + timedelta(hours=3))]
    found = figures(listed, [], period, registered + timedelta(hours=2), seen=heard, history_since=period.start)
    speakers = _kind(found, "loudspeaker")
    assert speakers.service_hours == pytest.approx(2)
    assert speakers.offline_hours == pytest.approx(0.5)  # 02:30–04:00 heard of 02:30–04:30


def test_before_the_history_began_offline_alerts_tell_and_their_count_stays() -> None:
    period = _period_from_tomorrow()
    start = period.start
    began = start + timedelta(days=1)  # the hub was upgraded: no history before this hour
    listed = [DeviceRow(1, "loudspeaker", "/66/24175/", start - timedelta(days=30), None, began)]
    alerts = [AlertRow(1, "offline", start + timedelta(hours=6), start + timedelta(hours=12))]
    heard = [SeenRow(1, 24, began, began + timedelta(hours=23))]  # heard every hour since
    found = figures(listed, alerts, period, began + timedelta(days=1), seen=heard, history_since=began)
    speakers = _kind(found, "loudspeaker")
    assert speakers.service_hours == pytest.approx(48)
    assert speakers.offline_hours == pytest.approx(6)  # the alert's six hours, before the history
    assert speakers.offline_alerts == 1


def test_heartbeats_make_the_history_and_the_reports_section_shows_the_availability(hub: Hub) -> None:
    period = _period_from_tomorrow()
    start = datetime.combine(period.first_day, time(0), tzinfo=VN_TZ)
    system = Principal.system("cli")
    with hub.database.uow() as uow:
        speaker = devices.add(uow, system, "860009000000175", name="Loa chợ Hòa Phú", kind=Kind.LOUDSPEAKER,
                              area_code=HOA_PHU)  # fmt: skip
        devices.add(uow, system, "860009000000176", name="Bảng tin Hòa Phú", kind=Kind.EBOARD, area_code=HOA_PHU)
        uow.commit()
    with hub.database.uow() as uow:
        identity = access.authenticate(uow, speaker.token)
        for minutes in (5, 35, 65, 185, 200):  # hours 0, 0, 1, 3, 3: nothing in hour 2
            at = start + timedelta(minutes=minutes)
            beat = Heartbeat(device_id=identity.imei, sent_at=at, operating_state="idle")
            telemetry.heartbeat(uow, identity, beat, now=at)
        uow.commit()

    with hub.database.uow(write=False) as uow:
        principal = accounts.principal_for_user(uow, "admin", "api")
        report = reports.build(uow, principal, HOA_PHU, first_day=period.first_day, last_day=period.last_day,
                               now=start + timedelta(hours=4))  # fmt: skip
    assert _kind(report.devices, "loudspeaker").availability == pytest.approx(0.75)
    assert _kind(report.devices, "eboard").availability == 0.0
    reader = TableReader()
    reader.feed(render_html.render(report).decode())
    section = reader.tables["devices:Thời gian hoạt động"]
    assert section["Cụm loa"] == ["1", "4,0", "1,0", "0", "75,0 %"]
    assert section["Bảng tin điện tử"] == ["1", "4,0", "4,0", "0", "0,0 %"]
