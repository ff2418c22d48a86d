"""The device protocol over HTTP (`devices.protocol`): manifest with ETag and long-poll, heartbeat,
play logs, commands, audio. Every route identifies the device by its bearer token first, so a
bad token is 401 whatever else is wrong with the request.

The routes are `async`: waiting devices cost a future on the event loop, not a thread; database
work runs in worker threads. Heartbeats and play logs are written in groups, one transaction for
the requests arriving together (`hub.devices.batching`).
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
from hub.audio.sending import send_audio
from hub.context import Hub
from hub.devices import telemetry
from hub.devices.access import Identity
from hub.devices.runtime import Runtime
from hub.http.params import Id
from hub.kit.errors import Unavailable
from hub.kit.time import utcnow

router = APIRouter(prefix="/api/v1/device", tags=["device protocol"])


async def runtime_of(request: Request) -> Runtime:
    # async on purpose: FastAPI runs a plain `def` dependency in its thread pool, which on the
    # devices' hot path (every poll) queues behind 40 threads and multiplies the tail latency.
    runtime = getattr(request.app.state, "devices", None)
    if runtime is None:
        raise Unavailable("Dịch vụ thiết bị chưa sẵn sàng.", code="devices_not_started")
    return runtime


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


async def device_identity(request: Request, runtime: RuntimeDep) -> Identity:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return await runtime.identify(token.strip() if scheme.lower() == "bearer" else "")


Device = Annotated[Identity, Depends(device_identity)]


def _hub(request: Request) -> Hub:
    return request.app.state.hub


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
    # The hot path (every device, every poll): a 304 from the change versions alone, without the
    # database; a changed manifest is rendered once per area and version (`hub.devices.runtime`).
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
    # Already the protocol model's JSON (`hub.devices.manifest.serialise`): returned as it is.
    return Response(await runtime.render(device), media_type="application/json", headers=headers)


def _in_thread(request: Request, fn, *args):
    """Run `fn(uow, *args)` in a write unit of work in a worker thread, committed when it returns."""

    def work():
        with _hub(request).database.uow() as uow:
            result = fn(uow, *args)
            uow.commit()
            return result

    return asyncio.to_thread(work)


@router.post("/heartbeat", response_model=HeartbeatAck, summary="Tình trạng thiết bị (nhịp tim)")
async def heartbeat(device: Device, runtime: RuntimeDep, beat: Heartbeat) -> HeartbeatAck:
    # written with the heartbeats arriving meanwhile, in one transaction (`hub.devices.batching`)
    found = await runtime.heartbeats.submit((device, beat, utcnow()))
    return HeartbeatAck(server_time=utcnow(), state=str(found.state))


@router.post("/playlog", response_model=PlayLogAck, summary="Nhật ký phát (gửi lại nhiều lần không bị đếm trùng)")
async def playlog(device: Device, runtime: RuntimeDep, batch: PlayLogBatch) -> PlayLogAck:
    stored, duplicates = await runtime.play_logs.submit((device, batch))
    return PlayLogAck(accepted=stored, duplicates=duplicates)


@router.get("/commands", response_model=list[Command], summary="Lệnh đang chờ thiết bị thực hiện")
async def commands(request: Request, device: Device) -> list[Command]:
    def read() -> list[Command]:
        with _hub(request).database.uow(write=False) as uow:
            return telemetry.pending_commands(uow, device)

    return await asyncio.to_thread(read)


@router.post("/commands/ack", summary="Xác nhận đã thực hiện lệnh")
async def ack(request: Request, device: Device, body: CommandAcks) -> dict[str, int]:
    return {"acknowledged": await _in_thread(request, telemetry.acknowledge, device, body)}


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
    runtime: RuntimeDep,
    lang: Annotated[str, Query(max_length=16)] = "vi",
    format: Annotated[str, Query(max_length=8)] = "mp3",
) -> Response:
    hub = _hub(request)
    ref = await runtime.audio(device, bulletin_id, lang, format)  # `access.audio`, cached per area and version
    etag = f'"{ref.sha256}"'
    headers = {"ETag": etag, "Cache-Control": "private, max-age=86400", "X-Audio-Duration-Ms": str(ref.duration_ms)}
    if etag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=304, headers=headers)
    return send_audio(hub.settings, ref.path, media_type=ref.media_type, headers=headers)
