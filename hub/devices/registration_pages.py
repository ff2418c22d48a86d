"""The device registration pages (issue 18, item 9): an operator registers a loudspeaker cluster or an
e-board (`/quan-tri/thiet-bi/dang-ky`), issues it a new token (`…/{imei}/doi-ma`) or retires it
(`…/{imei}/thu-hoi`, with a reason), all through `hub.devices.service` (audited there). A token is
shown once, on the answer to the request that issued it, never stored in the session."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from hub.accounts.access import can
from hub.accounts.model import Permission, Principal
from hub.db.uow import UnitOfWork
from hub.devices import service
from hub.devices.model import KIND_LABELS, Kind
from hub.http.deps import ReadUow, WriteUow
from hub.kit.errors import HubError, InvalidInput
from hub.reports.service import area_choices
from hub.web import forms
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

router = page_router("/quan-tri/thiet-bi")
PATH = "/quan-tri/thiet-bi"
NO_STORE = {"Cache-Control": "no-store"}


def _areas(uow: UnitOfWork, official: Principal) -> list[tuple[str, str]]:
    chosen = []
    for code, name in area_choices(uow, official):
        area = uow.areas.get_by_code(code)
        if area is not None and can(official, Permission.OPERATE_DEVICES, area):
            chosen.append((code, name.removeprefix("— ")))
    return chosen


def _form(
    request: Request, uow: UnitOfWork, official: Principal, error: HubError | None, values: dict[str, str]
) -> HTMLResponse:
    context: dict[str, Any] = {
        "title": "Đăng ký thiết bị",
        "current": "devices",
        "areas": _areas(uow, official),
        "kinds": [(k.value, label) for k, label in KIND_LABELS.items()],
        "error": error,
        "values": values,
    }
    return render(request, "devices/register.html", context, status=error.status if error else 200)


def _issued(request: Request, device: Any, token: str, heading: str) -> HTMLResponse:
    context = {"title": heading, "current": "devices", "device": device, "token": token, "heading": heading}
    response = render(request, "devices/token.html", context)
    response.headers.update(NO_STORE)
    return response


@router.get("/dang-ky", name="web.device.register")
def register_page(request: Request, official: Official, uow: ReadUow) -> HTMLResponse:
    return _form(request, uow, official, None, {"kind": Kind.LOUDSPEAKER.value})


@router.post("/dang-ky")
def register(request: Request, official: Official, uow: WriteUow, form: FormDep) -> Response:
    values = {k: forms.text(form, k) for k in ("imei", "name", "kind", "area", "location")}
    try:
        if values["kind"] not in {k.value for k in Kind}:
            raise InvalidInput("Hãy chọn loại thiết bị.", code="kind_invalid", field="kind")
        issued = service.add(
            uow,
            official,
            values["imei"],
            name=values["name"],
            kind=Kind(values["kind"]),
            area_code=values["area"],
            location=values["location"],
        )
    except HubError as exc:
        uow.rollback()
        return _form(request, uow, official, exc, values)
    return _issued(request, issued.device, issued.token, "Đã đăng ký thiết bị")


@router.post("/{imei}/doi-ma")
def rotate(request: Request, official: Official, uow: WriteUow, imei: str) -> Response:
    issued = service.rotate(uow, official, imei)
    return _issued(request, issued.device, issued.token, "Đã cấp mã thiết bị mới")


@router.post("/{imei}/thu-hoi")
def retire(official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep, imei: str) -> Response:
    device = service.revoke(uow, official, imei, forms.text(form, "reason"))
    session.flash(f"Đã thu hồi mã của thiết bị {device.name}: thiết bị không kết nối được nữa.")
    return see_other(f"{PATH}/{imei}")
