"""HTTP and WebSocket endpoints of live broadcasts: thin wrappers over `hub.streams.live`."""

from __future__ import annotations

import asyncio
import logging
import subprocess
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect, status
from pydantic import BaseModel, Field, StringConstraints

from hub.accounts.model import Principal
from hub.context import Hub
from hub.http.deps import CurrentPrincipal, ReadUow, WriteUow
from hub.http.params import Id
from hub.streams import live
from hub.streams.model import LiveBroadcast
from hub.streams.repository import StreamRepository

log = logging.getLogger("ttcs.streams.live")
router = APIRouter(prefix="/api/v1/live", tags=["streams"])
INGEST_PATH = "/api/v1/live/{broadcast_id}/ingest"
MAX_CHUNK = 1 << 20


class LiveIn(BaseModel):
    area_codes: list[Annotated[str, StringConstraints(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=live.MAX_AREAS, description="Xã, phường, thôn nhận buổi phát."
    )
    interrupt: bool = Field(False, description="Ngắt mọi nội dung đang phát (khẩn cấp).")
    title: Annotated[str, StringConstraints(max_length=200)] = ""


class LiveOut(BaseModel):
    id: int
    title: str
    area_codes: list[str]
    interrupt: bool
    started_by: str
    started_at: datetime
    ended_at: datetime | None
    mount: str
    live: bool

    @classmethod
    def of(cls, b: LiveBroadcast) -> LiveOut:
        return cls(id=b.id, title=b.title, area_codes=list(b.area_codes), interrupt=b.interrupt,
                   started_by=b.started_by, started_at=b.started_at, ended_at=b.ended_at, mount=b.mount,
                   live=b.live)  # fmt: skip


class StartedOut(BaseModel):
    broadcast: LiveOut
    ingest_url: str = Field(description="WebSocket: gửi âm thanh (WebM/Opus) dạng nhị phân; khoá dùng một lần.")


@router.get("", response_model=list[LiveOut], summary="Các buổi phát trực tiếp gần đây")
def recent(uow: ReadUow, principal: CurrentPrincipal) -> list[LiveOut]:
    return [LiveOut.of(b) for b in live.recent(uow, principal)]


@router.post("", response_model=StartedOut, status_code=status.HTTP_201_CREATED, summary="Bắt đầu phát trực tiếp")
def start(body: LiveIn, uow: WriteUow, principal: CurrentPrincipal) -> StartedOut:
    started = live.start(uow, principal, body.area_codes, interrupt=body.interrupt, title=body.title)
    path = INGEST_PATH.format(broadcast_id=started.broadcast.id)
    return StartedOut(broadcast=LiveOut.of(started.broadcast), ingest_url=f"{path}?key={started.key}")


@router.post("/{broadcast_id}/stop", response_model=LiveOut, summary="Kết thúc phát trực tiếp")
def stop(broadcast_id: Id, uow: WriteUow, principal: CurrentPrincipal) -> LiveOut:
    return LiveOut.of(live.stop(uow, principal, broadcast_id))


@router.websocket("/{broadcast_id}/ingest")
async def ingest(websocket: WebSocket, broadcast_id: int, key: Annotated[str, Query(max_length=100)] = "") -> None:
    """The microphone: binary messages of the browser's MediaRecorder (WebM/Opus), piped through
    ffmpeg into the broadcast's mount. Closing the socket ends the broadcast if it is still live."""
    hub: Hub = websocket.app.state.hub
    with hub.database.uow(write=False) as uow:
        broadcast = live.admit(uow, broadcast_id, key)
    if broadcast is None:
        await websocket.close(code=4403, reason="live broadcast not found, ended, or wrong key")
        return
    await websocket.accept()
    ingest = hub.service(live.INGEST)
    process, recording = ingest.open(broadcast)
    with hub.database.uow() as uow:
        live.set_recording(uow, broadcast_id, recording)
        uow.commit()
    try:
        while True:
            chunk = await websocket.receive_bytes()
            if len(chunk) > MAX_CHUNK or process.stdin is None or process.poll() is not None:
                break
            await asyncio.to_thread(_write, process, chunk)
    except (WebSocketDisconnect, BrokenPipeError, OSError):
        pass
    finally:
        await asyncio.to_thread(ingest.close, broadcast_id)
        await asyncio.to_thread(_end, hub, broadcast_id)


def _write(process: subprocess.Popen[bytes], chunk: bytes) -> None:
    assert process.stdin is not None
    process.stdin.write(chunk)
    process.stdin.flush()


def _end(hub: Hub, broadcast_id: int) -> None:
    """The microphone went away: the broadcast ends (if the operator has not ended it already)."""
    with hub.database.uow() as uow:
        found = StreamRepository(uow.session).live(broadcast_id)
        if found is not None and found.live:
            live.stop(uow, Principal.system("web"), broadcast_id, reason="mất kết nối micrô")
            uow.commit()
