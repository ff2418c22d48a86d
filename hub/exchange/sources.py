"""Use cases of the provincial source systems that feed us (inbound messages 1–7).

A source system has a dedicated partner account; every message is handled with that account's
principal (channel `source`), so the usual role and area checks apply: it drafts bulletins and
operates devices inside its area, nothing more. Whether its bulletins are approved at once is a
per-priority setting (`TTCS_SOURCE_AUTO_APPROVE`); when they are, the approval is recorded under the
same account, with the source's area as the scope of that approval.

Each function runs in the caller's unit of work and either does everything a message asks or raises
(nothing half-imported). Idempotency (`remember`, `answered`) is by a hash of the message.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from hub.accounts.model import Principal, Role, Scope
from hub.areas import service as areas
from hub.areas.model import Area, AreaLevel
from hub.audio import service as audio
from hub.broadcasts import service as broadcasts
from hub.broadcasts.model import Recurrence
from hub.bulletins import service as bulletins
from hub.bulletins.model import Content, Priority, Status
from hub.config import Settings
from hub.db.uow import UnitOfWork
from hub.devices import service as devices
from hub.devices.model import Kind
from hub.exchange import source_format as fmt
from hub.exchange.media import Fetched
from hub.exchange.model import SourceBulletin, SourceCluster, SourceMessage, SourceSystem
from hub.exchange.repository import ExchangeRepository
from hub.exchange.settings import ExchangeSettings
from hub.kit.errors import Conflict, Forbidden, HubError, InvalidInput, NotFound
from hub.kit.time import VN_TZ, utcnow
from hub.streams import service as streams
from hub.streams.repository import StreamRepository

OK = 0
SECRET_FIELDS = frozenset({"MaTruyCapThietBi"})


def repo(uow: UnitOfWork) -> ExchangeRepository:
    return ExchangeRepository(uow.session)


def ok(detail: str, **fields: Any) -> dict[str, Any]:
    return {"TrangThaiGui": OK, "MoTa": detail, **fields}


def message_key(kind: str, data: Any) -> str:
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{kind}\n{canonical}".encode()).hexdigest()


def answered(uow: UnitOfWork, source: SourceSystem, key: str) -> dict[str, Any] | None:
    """The answer we gave to this very message before, if any."""
    found = repo(uow).message(source.id, key)
    return dict(found.answer) if found is not None else None


def remember(uow: UnitOfWork, source: SourceSystem, kind: str, key: str, answer: dict[str, Any]) -> None:
    """Store the answer for repeats, without secrets: a device token is shown once and kept only hashed."""
    kept = {name: value for name, value in answer.items() if name not in SECRET_FIELDS}
    repo(uow).add(SourceMessage(source.id, kind, key, utcnow(), kept))


@contextmanager
def field(name: str) -> Iterator[None]:
    """Errors of the services called inside name this message field (`TruongLoi`) unless they name one."""
    try:
        yield
    except fmt.FieldError:
        raise
    except HubError as exc:
        exc.extra["field"] = name
        raise


# -- the partner --------------------------------------------------------------------------------


def source_for(uow: UnitOfWork, principal: Principal, nguon_id: str) -> SourceSystem:
    """The source system of the calling partner account; `NguonId` must be its own."""
    source = repo(uow).source_of_user(principal.user_id) if principal.user_id else None
    if source is None:
        raise Forbidden("Tài khoản này không phải tài khoản của một hệ thống nguồn.", code="not_a_source")
    if nguon_id != source.code:
        raise Forbidden(
            f"NguonId “{nguon_id}” không phải của tài khoản này (tài khoản của nguồn {source.code}).",
            code="wrong_source",
            field="NguonId",
        )
    return source


def approver(uow: UnitOfWork, principal: Principal, source: SourceSystem) -> Principal:
    """The partner with the right to approve inside its own area (used only where the settings say so)."""
    area = uow.areas.get(source.area_id)
    assert area is not None
    return replace(principal, scopes=(*principal.scopes, Scope(Role.APPROVER, area.code, area.name, area.path)))


def auto_approved(settings: Settings, priority: Priority) -> bool:
    levels = {part.strip() for part in settings.of(ExchangeSettings).source_auto_approve.split(",") if part.strip()}
    return str(fmt.PRIORITY_CODE[priority]) in levels


# -- clusters (messages 1, 2, 4) --------------------------------------------------------------------


def _code_hash(code: int) -> str:
    return hashlib.sha256(str(code).encode()).hexdigest()


def register_cluster(uow: UnitOfWork, principal: Principal, msg: fmt.Cluster) -> dict[str, Any]:
    source = source_for(uow, principal, msg.source)
    assert msg.auth_code is not None
    link = repo(uow).cluster(source.id, msg.cluster_id)
    if link is not None:
        if link.code_hash != _code_hash(msg.auth_code):
            raise Conflict(
                f"Cụm loa {msg.cluster_id} đã được đăng ký với mã xác thực khác.", code="auth_code_mismatch",
                field="MaXacThuc",
            )  # fmt: skip
        return ok(f"Cụm loa {msg.cluster_id} đã được đăng ký trước đó.", CumLoaId=msg.cluster_id)
    area = uow.areas.get(source.area_id)
    assert area is not None
    existing = devices.repo(uow).by_imei(msg.cluster_id)
    token = ""
    with field("CumLoaId"):
        if existing is None:
            issued = devices.add(
                uow, principal, msg.cluster_id, name=f"Cụm loa {msg.cluster_id}", kind=Kind.LOUDSPEAKER,
                area_code=area.code, vendor=f"nguồn {source.code}",
            )  # fmt: skip
            device, token = issued.device, issued.token
        else:
            device = devices.get(uow, principal, msg.cluster_id)
            device_area = uow.areas.get(device.area_id)
            if device_area is None or not area.contains(device_area):
                raise Forbidden(
                    f"Cụm loa {msg.cluster_id} thuộc địa bàn ngoài phạm vi của nguồn {source.code}.",
                    code="outside_area",
                )
    repo(uow).add(SourceCluster(source.id, msg.cluster_id, device.id, _code_hash(msg.auth_code), utcnow()))
    extra = {"MaTruyCapThietBi": token} if token else {}
    return ok(f"Đã đăng ký cụm loa {msg.cluster_id}.", CumLoaId=msg.cluster_id, **extra)


def _linked_cluster(uow: UnitOfWork, source: SourceSystem, cluster_id: str) -> SourceCluster:
    link = repo(uow).cluster(source.id, cluster_id)
    if link is None:
        raise NotFound(
            f"Cụm loa {cluster_id} chưa được nguồn {source.code} đăng ký.", code="cluster_not_registered",
            field="CumLoaId",
        )  # fmt: skip
    return link


def set_area(uow: UnitOfWork, principal: Principal, msg: fmt.Cluster) -> dict[str, Any]:
    source = source_for(uow, principal, msg.source)
    _linked_cluster(uow, source, msg.cluster_id)
    with field("DiaBanQuanLy"):
        device = devices.update(uow, principal, msg.cluster_id, area_code=msg.area_code)
    return ok(f"Cụm loa {msg.cluster_id} phục vụ địa bàn {device.area_code}.", CumLoaId=msg.cluster_id)


def set_volume(uow: UnitOfWork, principal: Principal, msg: fmt.Cluster) -> dict[str, Any]:
    source = source_for(uow, principal, msg.source)
    _linked_cluster(uow, source, msg.cluster_id)
    with field("AmLuong"):
        devices.update(uow, principal, msg.cluster_id, volume=msg.volume)
    return ok(f"Đã đặt âm lượng cụm loa {msg.cluster_id} là {msg.volume}.", CumLoaId=msg.cluster_id)


# -- bulletins (messages 5, 6, 7) -------------------------------------------------------------------


def create_bulletin(
    uow: UnitOfWork, principal: Principal, settings: Settings, msg: fmt.NewBulletin, fetched: Fetched | None
) -> dict[str, Any]:
    source = source_for(uow, principal, msg.source)
    if repo(uow).bulletin_link(source.id, msg.ban_tin_id) is not None:
        raise Conflict(
            f"BanTinId “{msg.ban_tin_id}” đã được gửi trước đó với nội dung khác; dùng thông điệp đổi lịch hoặc hủy.",
            code="ban_tin_exists",
            field="BanTinId",
        )
    targets = areas.resolve(uow, msg.targets, field="DanhSachDiaBanNhan")
    with field("DiaBanTao"):
        creating = areas.get(uow, msg.creating_area)
    content = Content(
        title=msg.title,
        body=msg.summary,
        category=msg.topic,
        priority=msg.priority,
        valid_from=msg.timing.valid_from,
        valid_until=msg.timing.valid_until,
        target_codes=tuple(a.code for a in targets),
    )
    with field("DanhSachDiaBanNhan"):
        bulletin = bulletins.create(uow, principal, content, creating.code)
    bulletin.origin = f"nguồn {source.code}, bản tin {msg.ban_tin_id}"[:200]
    if fetched is not None:
        with field("NoiDung.Link"):
            audio.upload_recording(
                uow, principal, settings, bulletin.id, "vi", fetched.path,
                filename=fetched.filename, content_type=fetched.content_type,
            )  # fmt: skip
    bulletins.submit(uow, principal, bulletin.id)
    if auto_approved(settings, msg.priority):
        bulletins.approve(uow, approver(uow, principal, source), bulletin.id)
    link = SourceBulletin(source.id, msg.ban_tin_id, bulletin.id, utcnow())
    stream = next((c for c in msg.content if c.kind in STREAM_KINDS), None)
    if stream is not None:  # a live broadcast or an FM relay: the hub relays the stream at the bulletin's times
        with field("NoiDung.Link"):
            streams.relay_for_bulletin(uow, principal, bulletin.id, msg.title, stream.link, creating,
                                       _communes(uow, targets), _openings(msg.timing))  # fmt: skip
    else:
        link.schedule_ids = _schedule(uow, principal, bulletin.id, targets, msg.timing)
    repo(uow).add(link)
    return ok(
        f"Đã nhận bản tin {msg.ban_tin_id}.",
        BanTinId=msg.ban_tin_id,
        MaBanTin=bulletin.id,
        TrangThaiDuyet=str(bulletin.status),
    )


STREAM_KINDS = (5, 6)  # LoaiNoiDung: 5 live, 6 FM relay


def _openings(when: fmt.Timing) -> list[streams.Opening]:
    """When a streamed bulletin (content type 5 or 6) plays: a start and an end time each, in Vietnam's time."""
    first, last = _local_day(when.valid_from), _local_day(when.valid_until)
    if when.mode == fmt.AT_START:
        if when.valid_until - when.valid_from >= timedelta(days=1):
            raise fmt.FieldError(
                "NgayKetThuc", "Phát trực tiếp/tiếp sóng từ lúc bắt đầu: NgayKetThuc phải trong vòng 24 giờ."
            )
        start, end = when.valid_from.astimezone(VN_TZ), when.valid_until.astimezone(VN_TZ)
        return [streams.Opening(f"{start:%H:%M}", f"{end:%H:%M}", [], first, first)]
    plan = when.schedule
    if when.mode != fmt.BY_SCHEDULE or plan is None:
        raise fmt.FieldError("CheDoPhat", "Phát trực tiếp/tiếp sóng cần giờ phát: CheDoPhat 0 (theo lịch) hoặc 1.")
    if len(plan.ends) != len(plan.times):
        detail = "Phát trực tiếp/tiếp sóng cần thời điểm kết thúc cho mỗi lần phát."
        raise fmt.FieldError("LichPhat.ThoiDiemKetThuc", detail, code="field_missing")
    if plan.recurrence == Recurrence.MONTHLY:
        raise fmt.FieldError("LichPhat.KieuLich", "Phát trực tiếp/tiếp sóng theo lịch tháng chưa được hỗ trợ.")
    openings = []
    for opens, closes in zip(plan.times, plan.ends, strict=True):
        if plan.recurrence == Recurrence.ONCE:
            for day in plan.days:
                on = date.fromisoformat(day)
                openings.append(streams.Opening(opens[:5], closes[:5], [], on, on))
        else:
            days = [int(d) for d in plan.days] if plan.recurrence == Recurrence.WEEKLY else []
            openings.append(streams.Opening(opens[:5], closes[:5], days, first, last))
    return openings


def _restream(uow: UnitOfWork, principal: Principal, bulletin_id: int, targets: list[Area], when: fmt.Timing) -> bool:
    """A streamed bulletin moved: its relay windows follow. False when it is not a streamed one."""
    windows = StreamRepository(uow.session).windows_of_bulletin(bulletin_id)
    if not windows:
        return False
    source = StreamRepository(uow.session).source(windows[0].source_id)
    assert source is not None  # a foreign key guarantees it
    creating = uow.areas.get_one(source.area_id)
    streams.remove_for_bulletin(uow, principal, bulletin_id)
    streams.relay_for_bulletin(uow, principal, bulletin_id, source.name, source.upstream_url, creating,
                               _communes(uow, targets), _openings(when))  # fmt: skip
    return True


def _communes(uow: UnitOfWork, targets: list[Area]) -> list[Area]:
    """The communes whose programmes a schedule goes into: each target's, or those inside a district or
    the province."""
    found: dict[str, Area] = {}
    for area in targets:
        if area.level in (AreaLevel.COMMUNE, AreaLevel.VILLAGE):
            commune = broadcasts.commune_of(uow, area)
            found[commune.code] = commune
        else:
            found.update((a.code, a) for a in uow.areas.subtree(area, level=AreaLevel.COMMUNE.value))
    return list(found.values())


def _schedule(
    uow: UnitOfWork, principal: Principal, bulletin_id: int, targets: list[Area], when: fmt.Timing
) -> list[int]:
    if when.mode == fmt.IN_WINDOWS:
        return []
    if when.mode == fmt.AT_START:
        start = when.valid_from.astimezone(VN_TZ)
        plan = fmt.Schedule(Recurrence.ONCE, [start.strftime("%H:%M:%S")], [start.date().isoformat()])
    else:
        assert when.schedule is not None
        plan = when.schedule
    ids = []
    for commune in _communes(uow, targets):
        try:
            item = broadcasts.add_schedule(
                uow, principal, commune.code, bulletin_id, plan.recurrence, plan.times, plan.days,
                starts_on=_local_day(when.valid_from), ends_on=_local_day(when.valid_until),
            )  # fmt: skip
        except InvalidInput as exc:
            name = {"times": "LichPhat.ThoiDiemBatDau", "days": "LichPhat.DanhSachNgayPhat"}.get(
                str(exc.extra.get("field")), "LichPhat"
            )
            raise fmt.FieldError(name, exc.detail, code=exc.code) from exc
        ids.append(item.id)
    return ids


def _local_day(moment: datetime):
    return moment.astimezone(VN_TZ).date()


def _link(uow: UnitOfWork, source: SourceSystem, ban_tin_id: str) -> SourceBulletin:
    link = repo(uow).bulletin_link(source.id, ban_tin_id, for_update=True)
    if link is None:
        raise NotFound(
            f"Không có bản tin BanTinId “{ban_tin_id}” của nguồn {source.code}.", code="ban_tin_not_found",
            field="BanTinId",
        )  # fmt: skip
    return link


def _unschedule(uow: UnitOfWork, principal: Principal, link: SourceBulletin) -> None:
    for schedule_id in link.schedule_ids:
        if broadcasts.repo(uow).schedule(schedule_id) is not None:
            broadcasts.remove_schedule(uow, principal, schedule_id)
    link.schedule_ids = []


def cancel_bulletin(uow: UnitOfWork, principal: Principal, nguon_id: str, ban_tin_id: str) -> dict[str, Any]:
    source = source_for(uow, principal, nguon_id)
    link = _link(uow, source, ban_tin_id)
    reason = f"Hệ thống nguồn {source.code} hủy bản tin {ban_tin_id}."
    bulletins.withdraw(uow, approver(uow, principal, source), link.bulletin_id, reason)
    _unschedule(uow, principal, link)
    streams.remove_for_bulletin(uow, principal, link.bulletin_id)
    return ok(f"Đã hủy bản tin {ban_tin_id}.", BanTinId=ban_tin_id, MaBanTin=link.bulletin_id)


def change_schedule(
    uow: UnitOfWork, principal: Principal, settings: Settings, nguon_id: str, ban_tin_id: str, when: fmt.Timing
) -> dict[str, Any]:
    """New window and schedule. A new window of an approved bulletin is a new revision: approved again
    at once when its priority is auto-approved, otherwise it waits for a local approver."""
    source = source_for(uow, principal, nguon_id)
    link = _link(uow, source, ban_tin_id)
    bulletin = bulletins.get(uow, principal, link.bulletin_id, for_update=True)
    if bulletin.status in (Status.WITHDRAWN, Status.EXPIRED, Status.REJECTED):
        raise Conflict(
            f"Bản tin {ban_tin_id} đã hủy, hết hiệu lực hoặc bị từ chối: không đổi lịch được.",
            code="ban_tin_closed",
            field="BanTinId",
        )
    if (bulletin.valid_from, bulletin.valid_until) != (when.valid_from, when.valid_until):
        content = Content(
            title=bulletin.title, body=bulletin.body, category=bulletin.category, priority=bulletin.priority,
            valid_from=when.valid_from, valid_until=when.valid_until, target_codes=tuple(bulletin.target_codes),
            summary=bulletin.summary, variants=tuple(bulletin.variants),
        )  # fmt: skip
        with field("NgayBatDau"):
            bulletin = bulletins.edit(uow, principal, bulletin.id, content)
        if bulletin.status == Status.SUBMITTED and auto_approved(settings, bulletin.priority):
            bulletins.approve(uow, approver(uow, principal, source), bulletin.id)
    _unschedule(uow, principal, link)
    targets = areas.resolve(uow, bulletin.target_codes)
    if not _restream(uow, principal, bulletin.id, targets, when):
        link.schedule_ids = _schedule(uow, principal, bulletin.id, targets, when)
    return ok(f"Đã đổi lịch phát bản tin {ban_tin_id}.", BanTinId=ban_tin_id, MaBanTin=bulletin.id)
