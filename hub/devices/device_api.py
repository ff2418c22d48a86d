"""The device protocol over HTTP (`devices.protocol`): manifest with ETag and long-poll, heartbeat,
play logs, commands, audio. Every route identifies the device by its bearer token first, so a
bad token is 401 whatever else is wrong with the request.

The routes are `async`: waiting devices cost a future on the event loop, not a thread; database
work runs in worker threads.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, Response

from devices import protocol
from devices.protocol import (
    MAX_WAIT_SECONDS,
    Command,
    CommandAcks,
    Heartbeat,
    HeartbeatAck,
    PlayLogAck,
    PlayLogBatch,
)
from hub.audio.service import audio_for
from hub.context import Hub
from hub.devices import telemetry as reports
from hub.devices.runtime import Runtime
from hub.devices.telemetry import Identity
from hub.http import problems
from hub.http.params import Id
from hub.kit.errors import HubError, InvalidInput, NotFound, Unavailable
from hub.kit.time import utcnow

router = APIRouter(prefix="/api/v1/device", tags=["device protocol"])


def runtime_of(request: Request) -> Runtime:
    runtime = getattr(request.app.state, "devices", None)
    if runtime is None:
        raise Unavailable("Dịch vụ thiết bị chưa sẵn sàng.", code="devices_not_started")
    return runtime  # type: ignore[no-any-return]


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


async def device_identity(request: Request, runtime: RuntimeDep) -> Identity:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return await runtime.identify(token.strip() if scheme.lower() == "bearer" else "")


Device = Annotated[Identity, Depends(device_identity)]


def _hub(request: Request) -> Hub:
    return request.app.state.hub  # type: ignore[no-any-return]


async def fast_manifest(request: Request) -> Response:
    """The hot path (every device, every poll) as a plain Starlette route: no dependency injection,
    no response validation, the same answers as `get_manifest` below (which documents it)."""
    path = request.url.path
    try:
        runtime = runtime_of(request)
        identity = await device_identity(request, runtime)
        wait, version = _int_param(request, "wait", MAX_WAIT_SECONDS), _int_param(request, "version", 2**62)
    except HubError as exc:
        return problems.render(exc, path)
    return await _manifest(request, identity, runtime, wait, version)


def _int_param(request: Request, name: str, high: int) -> int:
    raw = request.query_params.get(name, "0")
    if not raw.isdigit() or int(raw) > high:
        raise InvalidInput(f"Tham số `{name}` phải là số nguyên từ 0 đến {high}.", code="invalid_parameter", field=name)
    return int(raw)


async def _manifest(request: Request, device: Identity, runtime: Runtime, wait: int, version: int) -> Response:
    if runtime.feed.dirty or version > runtime.feed.last:  # a change this process (or a notice) knows of
        await runtime.feed.refresh()
    etag = runtime.etag(device)
    headers = {"ETag": etag, "Cache-Control": "no-cache", protocol.HEADER: str(protocol.PROTOCOL_VERSION)}
    if etag in (request.headers.get("if-none-match") or ""):
        if wait:
            await runtime.wait_for_change(device, etag, wait)
            etag = runtime.etag(device)
            headers["ETag"] = etag
        if etag in (request.headers.get("if-none-match") or ""):
            return Response(status_code=304, headers=headers)
    body = await runtime.render(device)
    return Response(body, media_type="application/json", headers=headers)


router.add_route("/manifest", fast_manifest, methods=["GET"], include_in_schema=False)


@router.get(
    "/manifest",
    response_model=protocol.Manifest,
    summary="Lịch phát và nội dung hiển thị của thiết bị (ETag; ?wait=N chờ đến khi có thay đổi)",
    responses={304: {"description": "Không có gì mới"}},
)
async def get_manifest(
    request: Request,
    device: Device,
    runtime: RuntimeDep,
    wait: Annotated[int, Query(ge=0, le=MAX_WAIT_SECONDS, description="Chờ tối đa N giây nếu chưa có thay đổi.")] = 0,
    version: Annotated[
        int,
        Query(
            ge=0, le=2**62, description="Phiên bản một thông báo MQTT vừa báo: trả lời theo dữ liệu từ phiên bản đó."
        ),
    ] = 0,
) -> Response:
    return await _manifest(request, device, runtime, wait, version)  # served by `fast_manifest` above


def _in_thread(request: Request, fn, *args):  # type: ignore[no-untyped-def]
    """Run `fn(uow, *args)` in a write unit of work in a worker thread, committed when it returns."""

    def work():  # type: ignore[no-untyped-def]
        with _hub(request).database.uow() as uow:
            result = fn(uow, *args)
            uow.commit()
            return result

    return asyncio.to_thread(work)


@router.post("/heartbeat", response_model=HeartbeatAck, summary="Tình trạng thiết bị (nhịp tim)")
async def heartbeat(request: Request, device: Device, beat: Heartbeat) -> HeartbeatAck:
    found = await _in_thread(request, reports.heartbeat, device, beat)
    return HeartbeatAck(server_time=utcnow(), state=str(found.state))


@router.post("/playlog", response_model=PlayLogAck, summary="Nhật ký phát (gửi lại nhiều lần không bị đếm trùng)")
async def playlog(request: Request, device: Device, batch: PlayLogBatch) -> PlayLogAck:
    stored, duplicates = await _in_thread(request, reports.play_logs, device, batch)
    return PlayLogAck(accepted=stored, duplicates=duplicates)


@router.get("/commands", response_model=list[Command], summary="Lệnh đang chờ thiết bị thực hiện")
async def commands(request: Request, device: Device) -> list[Command]:
    def read() -> list[Command]:
        with _hub(request).database.uow(write=False) as uow:
            return reports.pending_commands(uow, device)

    return await asyncio.to_thread(read)


@router.post("/commands/ack", summary="Xác nhận đã thực hiện lệnh")
async def ack(request: Request, device: Device, body: CommandAcks) -> dict[str, int]:
    return {"acknowledged": await _in_thread(request, reports.acknowledge, device, body)}


@router.get(
    "/audio/{bulletin_id}",
    response_class=FileResponse,
    summary="Âm thanh một tin trong lịch của thiết bị (kể cả tin đã duyệt chưa đến giờ phát)",
    responses={200: {"content": {"audio/mpeg": {}, "audio/ogg": {}}}, 304: {}},
)
async def audio(
    request: Request,
    bulletin_id: Id,
    device: Device,
    lang: Annotated[str, Query(max_length=16)] = "vi",
    format: Annotated[str, Query(max_length=8)] = "mp3",
) -> Response:
    hub = _hub(request)

    def find():  # type: ignore[no-untyped-def]
        with hub.database.uow(write=False) as uow:
            bulletin = uow.bulletins.get(bulletin_id)
            reach = {p for p in _prefixes(device.area_path)}
            ok = (
                bulletin is not None
                and str(bulletin.status) in ("approved", "published")
                and any(t.area_path in reach or t.area_path.startswith(device.area_path) for t in bulletin.targets)
            )
            return audio_for(uow, hub.settings, bulletin_id, lang, format) if ok else None

    ref = await asyncio.to_thread(find)
    if ref is None:
        raise NotFound(
            f"Không có âm thanh của tin số {bulletin_id} cho thiết bị {device.imei}.", code="audio_not_found"
        )
    etag = f'"{ref.sha256}"'
    headers = {"ETag": etag, "Cache-Control": "private, max-age=86400", "X-Audio-Duration-Ms": str(ref.duration_ms)}
    if etag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=304, headers=headers)
    return FileResponse(ref.path, media_type=ref.media_type, headers=headers)


def _prefixes(path: str) -> list[str]:
    from hub.devices.change_feed import prefixes

    return prefixes(path)
