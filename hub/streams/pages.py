"""The officials' pages of streams: "Phát trực tiếp" (speak live from the browser to the chosen
communes and villages) and "Tiếp sóng" (the relay sources and their windows). Every read and write
is a call to `hub.streams.live` or `hub.streams.service`, the implementations the API uses."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from hub.http.deps import ReadUow, WriteUow
from hub.http.params import Id
from hub.kit.errors import HubError, InvalidInput
from hub.kit.time import utcnow
from hub.streams import live, service
from hub.streams.live_endpoints import INGEST_PATH
from hub.streams.model import STATE_LABELS
from hub.web import forms
from hub.web.routing import FormDep, Official, WebSessionDep, page_router, see_other
from hub.web.templating import render

LIVE = "/quan-tri/truc-tiep"
RELAYS = "/quan-tri/tiep-song"
router = page_router()


def static_router() -> APIRouter:
    mounted = APIRouter(include_in_schema=False)
    mounted.mount("/static/streams", StaticFiles(directory=Path(__file__).parent / "static"), name="static-streams")
    return mounted


def _live_context(uow: ReadUow, official: Official, error: HubError | None = None) -> dict[str, object]:
    return {
        "title": "Phát trực tiếp",
        "current": "live",
        "choices": live.choosable(uow, official),
        "broadcasts": live.recent(uow, official),
        "minutes": service.stream_minutes(uow, official, utcnow() - timedelta(days=30), utcnow()),
        "error": error,
    }


@router.get(LIVE, name="web.live")
def live_page(request: Request, official: Official, uow: ReadUow) -> Response:
    return render(request, "streams/live.html", _live_context(uow, official))


@router.post(LIVE, name="web.live.start")
def start_live(request: Request, official: Official, uow: WriteUow, form: FormDep) -> Response:
    codes = form.getlist("areas")
    try:
        started = live.start(uow, official, [str(c) for c in codes], interrupt=forms.raw(form, "interrupt") == "1",
                             title=forms.raw(form, "title"))  # fmt: skip
    except HubError as exc:
        uow.rollback()
        return render(request, "streams/live.html", _live_context(uow, official, exc), status=exc.status)
    ingest = INGEST_PATH.format(broadcast_id=started.broadcast.id) + f"?key={started.key}"
    context = {"title": "Đang phát trực tiếp", "current": "live", "broadcast": started.broadcast, "ingest": ingest}
    return render(request, "streams/on_air.html", context, headers={"Cache-Control": "no-store"})


@router.post(LIVE + "/{broadcast_id}/dung", name="web.live.stop")
def stop_live(official: Official, uow: WriteUow, session: WebSessionDep, broadcast_id: Id) -> Response:
    broadcast = live.stop(uow, official, broadcast_id)
    minutes = max(1, round((broadcast.ends - broadcast.started_at).total_seconds() / 60))
    session.flash(f"Đã kết thúc phát trực tiếp (khoảng {minutes} phút). Loa trở lại lịch phát thường.")
    return see_other(LIVE)


def _relays_context(uow: ReadUow, official: Official, error: HubError | None = None) -> dict[str, object]:
    sources = service.list_sources(uow, official)
    return {
        "title": "Tiếp sóng",
        "current": "relays",
        "sources": sources,
        "names": {s.id: s.name for s in sources},
        "windows": service.list_windows(uow, official),
        "state_labels": STATE_LABELS,
        "error": error,
    }


@router.get(RELAYS, name="web.relays")
def relays_page(request: Request, official: Official, uow: ReadUow) -> Response:
    return render(request, "streams/relays.html", _relays_context(uow, official))


@router.post(RELAYS, name="web.relays.add")
def add_source(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep) -> Response:
    try:
        source = service.add_source(uow, official, forms.raw(form, "name"), forms.raw(form, "upstream_url"),
                                    forms.raw(form, "area_code"))  # fmt: skip
    except HubError as exc:
        uow.rollback()
        return render(request, "streams/relays.html", _relays_context(uow, official, exc), status=exc.status)
    session.flash(f"Đã đăng ký nguồn tiếp sóng “{source.name}”.")
    return see_other(RELAYS)


@router.post(RELAYS + "/gio", name="web.relays.window")
def add_window(request: Request, official: Official, uow: WriteUow, session: WebSessionDep, form: FormDep) -> Response:
    try:
        source_id = forms.raw(form, "source_id")
        if not source_id.isdigit():
            raise InvalidInput("Chọn nguồn tiếp sóng.", code="relay_not_chosen")
        days = [int(str(d)) for d in form.getlist("days") if str(d).isdigit()]
        window = service.add_window(uow, official, int(source_id), forms.raw(form, "area_code"),
                                    forms.raw(form, "starts"), forms.raw(form, "ends"), days)  # fmt: skip
    except HubError as exc:
        uow.rollback()
        return render(request, "streams/relays.html", _relays_context(uow, official, exc), status=exc.status)
    session.flash(f"Đã thêm giờ tiếp sóng {window.label} cho địa bàn {window.area_code}.")
    return see_other(RELAYS)


@router.post(RELAYS + "/gio/{window_id}/xoa", name="web.relays.window.remove")
def remove_window(official: Official, uow: WriteUow, session: WebSessionDep, window_id: Id) -> Response:
    service.remove_window(uow, official, window_id)
    session.flash("Đã bỏ giờ tiếp sóng.")
    return see_other(RELAYS)
