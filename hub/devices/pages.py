"""The officials' device pages: the devices of one's areas with their state, last heartbeat and
volume, filters and a map that needs no tiles; a device's details, recent play log and commands.

Everything goes through `hub.devices.service` (the same calls as `/api/v1/devices`): the service
decides who sees and who commands which device, and audits each command.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from devices.protocol import CommandKind
from hub.accounts.access import can
from hub.accounts.model import Permission, Principal
from hub.areas import service as areas
from hub.areas.model import Area
from hub.bulletins import service as bulletins
from hub.db.uow import UnitOfWork
from hub.devices import mapview, service
from hub.devices.model import ACTIVITY_LABELS, ALERT_LABELS, KIND_LABELS, Activity, Device, Kind
from hub.http.deps import ReadUow, WriteUow
from hub.kit.errors import HubError, InvalidInput, NotFound
from hub.web import forms
from hub.web.extensions import ImpactSection
from hub.web.pages.compose import target_choices
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

PATH = "/quan-tri/thiet-bi"
PAGE_SIZE = 100
IMPACT_LISTED = 60  # devices named on the emergency confirmation; the rest are counted
router = page_router(PATH)

COMMAND_LABELS = {
    CommandKind.VOLUME.value: "Đặt âm lượng",
    CommandKind.STOP.value: "Dừng phát",
    CommandKind.REPLAY.value: "Phát lại",
    CommandKind.RESTART.value: "Khởi động lại",
}
COMMAND_DONE = {
    CommandKind.VOLUME.value: "Đã gửi lệnh đặt âm lượng {volume}.",
    CommandKind.STOP.value: "Đã gửi lệnh dừng phát.",
    CommandKind.REPLAY.value: "Đã gửi lệnh phát lại.",
    CommandKind.RESTART.value: "Đã gửi lệnh khởi động lại.",
}
COMMAND_STATUS = {"queued": "Đang chờ thiết bị nhận", "done": "Đã thực hiện", "failed": "Thiết bị báo lỗi"}
PLAY_RESULTS = {
    "played": "Đã phát",
    "interrupted": "Bị ngắt",
    "stopped": "Dừng theo lệnh",
    "missed": "Bỏ lỡ",
    "failed": "Lỗi",
}


def static_router() -> APIRouter:
    """The few styles of the device, programme and lexicon pages."""
    mounted = APIRouter(include_in_schema=False)
    mounted.mount("/static/fleet", StaticFiles(directory=Path(__file__).parent / "static"), name="static-fleet")
    return mounted


class _Names:
    """Area names for the rows shown (a page shows a few areas many times)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._known: dict[str, Area | None] = {}

    def __call__(self, code: str) -> str:
        if code not in self._known:
            try:
                self._known[code] = areas.get(self._uow, code)
            except HubError:
                self._known[code] = None
        area = self._known[code]
        return area.name if area else code


@router.get("", name="web.devices")
def devices_page(
    request: Request,
    official: Official,
    uow: ReadUow,
    khu_vuc: str = "",
    tinh_trang: str = "",
    loai: str = "",
    q: str = "",
    trang: str = "1",
) -> HTMLResponse:
    chosen = {
        "khu_vuc": khu_vuc.strip()[:64],
        "tinh_trang": forms.one_of(tinh_trang, Activity),
        "loai": forms.one_of(loai, Kind),
        "q": q.strip()[:100],
    }
    page_no = forms.page_number(trang)
    error: HubError | None = None
    try:
        found = service.browse(
            uow,
            official,
            area_code=chosen["khu_vuc"] or None,
            activity=chosen["tinh_trang"] or None,
            kind=chosen["loai"] or None,
            search=chosen["q"],
            limit=PAGE_SIZE,
            offset=(page_no - 1) * PAGE_SIZE,
        )
    except NotFound as exc:  # an area no name or code matches: say so above an empty list
        error, found = exc, service.DevicePage([], 0, {})
    query = {k: v for k, v in chosen.items() if v}
    pages = max(1, -(-found.total // PAGE_SIZE))
    context = {
        "title": "Thiết bị",
        "current": "devices",
        "error": error,
        "page": found,
        "chosen": chosen,
        "page_no": page_no,
        "pages": pages,
        "page_link": lambda n: f"{PATH}?{urlencode({**query, 'trang': n})}",
        "activities": [(a.value, label) for a, label in ACTIVITY_LABELS.items()],
        "kinds": [(k.value, label) for k, label in KIND_LABELS.items()],
        "area_choices": [
            (a.code, ("— " if child else "") + a.name)
            for a, child in target_choices(uow, official, [], Permission.READ)
        ],
        "area_name": _Names(uow),
        "map": mapview.build(found.devices),
        **_labels(),
    }
    return render(request, "devices/list.html", context)


def _labels() -> dict[str, Any]:
    return {
        "activity_labels": {a.value: label for a, label in ACTIVITY_LABELS.items()},
        "kind_labels": {k.value: label for k, label in KIND_LABELS.items()},
        "alert_labels": {a.value: label for a, label in ALERT_LABELS.items()},
        "command_labels": COMMAND_LABELS,
        "command_status": COMMAND_STATUS,
        "play_results": PLAY_RESULTS,
    }


def _detail(
    uow: UnitOfWork, official: Principal, imei: str, error: HubError | None, values: dict[str, str]
) -> dict[str, Any]:
    device = service.get(uow, official, imei)
    area = areas.get(uow, device.area_code)
    logs = service.play_logs_of(uow, official, imei, limit=30)
    titles = {p.bulletin_id: _title(uow, official, p.bulletin_id) for p in logs if p.bulletin_id}
    playing_id, playing = item_label(str(device.status.get("current_item") or ""))
    if playing_id is not None:
        playing = titles.get(playing_id) or _title(uow, official, playing_id)
    return {
        "title": device.name,
        "current": "devices",
        "device": device,
        "area": area,
        "operates": can(official, Permission.OPERATE_DEVICES, area),
        "logs": logs,
        "titles": titles,
        "commands": service.commands_of(uow, official, imei)[:20],
        "map": mapview.build([device], width=360, height=220),
        "playing": (playing_id, playing),
        "connection": connection_label(str(device.status.get("connection") or "")),
        "item_label": lambda item_id: item_label(item_id)[1],
        "error": error,
        "values": values,
        **_labels(),
    }


def item_label(item_id: str) -> tuple[int | None, str]:
    """What a device says it plays or showed (`current_item`, a play log's `item_id`), for a page:
    the bulletin's id when the item is one ("board:13" from an e-board, "b13r2@…" from a loudspeaker),
    else a Vietnamese description — never the raw protocol id."""
    item_id = item_id.split("#", 1)[0].strip()
    if not item_id:
        return None, ""
    found = _BULLETIN_ITEM.fullmatch(item_id)
    if found:
        return int(found.group(1) or found.group(2)), f"Tin số {found.group(1) or found.group(2)}"
    if item_id.startswith("live:"):
        return None, "Phát trực tiếp"
    return None, "Tiếp sóng đài"


_BULLETIN_ITEM = re.compile(r"board:(\d+)|b(\d+)r\d+[@!].*")
_LINKS = {"wifi": "Wi-Fi", "wi-fi": "Wi-Fi", "ethernet": "Mạng dây", "lan": "Mạng dây", "eth": "Mạng dây"}


def connection_label(reported: str) -> str:
    """The link a device reports ("4G,-71dbm", "wifi") as a page shows it ("4G", "Wi-Fi"): the
    signal strength is shown from its own field."""
    link = reported.split(",", 1)[0].strip()
    return _LINKS.get(link.lower(), link)


def _title(uow: UnitOfWork, official: Principal, bulletin_id: int) -> str:
    try:
        return bulletins.get(uow, official, bulletin_id).title
    except HubError:  # a bulletin of an area above the official's, or deleted
        return f"Tin số {bulletin_id}"


@router.get("/{imei}", name="web.device")
def device_page(request: Request, official: Official, uow: ReadUow, imei: str) -> HTMLResponse:
    return render(request, "devices/detail.html", _detail(uow, official, imei, None, {}))


@router.post("/{imei}/lenh")
def command(
    request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep, imei: str
) -> Response:
    kind = forms.text(form, "lenh")
    values = {"volume": forms.text(form, "volume")}
    try:
        if kind not in COMMAND_LABELS:
            raise InvalidInput("Lệnh không hợp lệ.", code="command_invalid", field="lenh")
        args: dict[str, Any] = {}
        if kind == CommandKind.VOLUME.value:
            if not values["volume"].isdigit():
                raise InvalidInput("Âm lượng là một số từ 0 đến 100.", code="volume_invalid", field="volume")
            args["volume"] = int(values["volume"])
        service.queue_command(uow, official, imei, CommandKind(kind), args)
    except HubError as exc:
        uow.rollback()
        return render(request, "devices/detail.html", _detail(uow, official, imei, exc, values), status=exc.status)
    session.flash(COMMAND_DONE[kind].format(**args) + " Thiết bị thực hiện khi nhận được lệnh.")
    return see_other(f"{PATH}/{imei}")


def devices_interrupted(uow: UnitOfWork, official: Principal, receiving: list[Area]) -> ImpactSection | None:
    """For the emergency confirmation: the loudspeakers and e-boards the emergency interrupts."""
    found = service.interrupted_by(uow, official, receiving)
    if not found:
        return ImpactSection("Thiết bị sẽ bị ngắt", [], note="Các địa bàn này chưa có cụm loa hay bảng tin nào.")
    items = [_impact_line(d) for d in found[:IMPACT_LISTED]]
    offline = sum(1 for d in found if d.activity in (Activity.OFFLINE, Activity.NEW))
    notes = []
    if len(found) > IMPACT_LISTED:
        notes.append(f"và {len(found) - IMPACT_LISTED} thiết bị khác.")
    if offline:
        notes.append(
            f"{offline} thiết bị đang mất hoặc chưa kết nối: sẽ phát tin khi kết nối lại (nếu tin còn hiệu lực)."
        )
    return ImpactSection(f"Thiết bị sẽ bị ngắt ({len(found)})", items, note=" ".join(notes))


def _impact_line(device: Device) -> str:
    return (
        f"{device.name} — {KIND_LABELS[Kind(device.kind)]}, mã {device.imei}, "
        f"{ACTIVITY_LABELS[device.activity].lower()}"
    )
