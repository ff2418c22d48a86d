"""The provincial source-system format over HTTP, inbound (`/api/nguon/v1/…`).

Paths (the format names no paths; these are ours, documented in docs/exchange.md):

    POST /api/nguon/v1/dang-nhap            {TenDangNhap, MatKhau} → {TrangThaiGui, MaTruyCap, HetHan}
    POST /api/nguon/v1/cum-loa/dang-ky      1 register a cluster   {NguonId, CumLoaId, MaXacThuc}
    POST /api/nguon/v1/cum-loa/dia-ban      2 its area             {NguonId, CumLoaId, DiaBanQuanLy}
    POST /api/nguon/v1/cum-loa/am-luong     4 its volume           {NguonId, CumLoaId, AmLuong}
    POST /api/nguon/v1/ban-tin              5 create a bulletin
    POST /api/nguon/v1/ban-tin/huy          6 cancel               {NguonId, BanTinId}
    POST /api/nguon/v1/ban-tin/lich-phat    7 change its schedule

Every answer is JSON in the format's style: `TrangThaiGui` 0 for success; otherwise a non-zero code
(1 invalid field, 2 not signed in, 3 not allowed, 4 not found, 5 conflict, 9 our fault), `MoTa` in
Vietnamese and `TruongLoi` naming the field. The HTTP status says the same (200, 422, 401, 403 …).
A message is read whole, then handled in one transaction that is committed only if all of it worked.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from hub.accounts import service as accounts
from hub.accounts.model import Principal
from hub.context import Hub
from hub.exchange import service, sources
from hub.exchange import source_format as fmt
from hub.exchange.media import Fetched, fetch_audio
from hub.exchange.settings import ExchangeSettings
from hub.http.client import client_address
from hub.kit.errors import Conflict, Forbidden, HubError, InvalidInput, NotFound, Unauthorized

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/nguon/v1", tags=["source systems"])
CODES: list[tuple[type[HubError], int]] = [
    (InvalidInput, 1), (Unauthorized, 2), (Forbidden, 3), (NotFound, 4), (Conflict, 5),
]  # fmt: skip


def _example(body: dict[str, Any]) -> dict[str, Any]:
    """The request body as OpenAPI shows it (the routes read raw JSON to name bad fields themselves)."""
    return {"requestBody": {"required": True, "content": {"application/json": {"example": body}}}}


_TIMING = {
    "NgayBatDau": "2026-12-01T00:00:00.00000",
    "NgayKetThuc": "2026-12-03T00:00:00.00000",
    "CheDoPhat": 0,
    "LichPhat": {
        "ThoiDiemBatDau": ["06:05:00.000000"],
        "ThoiDiemKetThuc": ["06:10:00.000000"],
        "KieuLich": 0,
        "DanhSachNgayPhat": ["2026-12-02"],
    },
}
EXAMPLES: dict[str, dict[str, Any]] = {
    "login": {"TenDangNhap": "nguon.66", "MatKhau": "…"},
    "register": {"NguonId": "66", "CumLoaId": "860066000000001", "MaXacThuc": 204817},
    "area": {"NguonId": "66", "CumLoaId": "860066000000001", "DiaBanQuanLy": "24169"},
    "volume": {"NguonId": "66", "CumLoaId": "860066000000001", "AmLuong": 60},
    "create": {
        "NguonId": "66", "BanTinId": "BT-2026-0001", **_TIMING, "TieuDe": "Thông báo lịch tiêm chủng",
        "LinhVuc": 4, "NoiDungTomTat": "Tiêm chủng mở rộng sáng thứ Bảy.",
        "ThoiGianSanXuat": "2026-11-30T08:00:00.00000",
        "ThoiLuong": 60, "TacGia": "Trung tâm Văn hóa tỉnh",
        "NoiDung": {"Link": "https://nguon.example/tin.mp3", "tanso": 0, "thoigian": 60, "order": 1},
        "DiaBanTao": "66", "DanhSachDiaBanNhan": ["24169"], "MucDoUuTien": 3,
    },
    "cancel": {"NguonId": "66", "BanTinId": "BT-2026-0001"},
    "schedule": {"NguonId": "66", "BanTinId": "BT-2026-0001", **_TIMING},
}  # fmt: skip


def failure(exc: HubError) -> JSONResponse:
    code = next((n for kind, n in CODES if isinstance(exc, kind)), 9)
    body = {"TrangThaiGui": code, "MoTa": exc.detail, "MaLoi": exc.code}
    if exc.extra.get("field"):
        body["TruongLoi"] = exc.extra["field"]
    return JSONResponse(body, status_code=exc.status)


def _hub(request: Request) -> Hub:
    return request.app.state.hub


async def _body(request: Request) -> Any:
    try:
        return orjson.loads(await request.body())  # nesting limited: a deep document is refused, no RecursionError
    except ValueError as exc:
        raise fmt.FieldError("body", "Thông điệp không phải JSON hợp lệ.", code="body_invalid") from exc


def _principal(hub: Hub, request: Request) -> Principal:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Cần đăng nhập (Authorization: Bearer …) trước khi gửi.", code="not_authenticated")
    with hub.database.uow(write=False) as uow:
        return accounts.principal_for_token(uow, hub.signing_key, token.strip(), channel="source")


@router.post(
    "/dang-nhap",
    summary="Đăng nhập của hệ thống nguồn (tên đăng nhập, mật khẩu → mã truy cập)",
    openapi_extra=_example(EXAMPLES["login"]),
)
async def sign_in(request: Request) -> JSONResponse:
    hub = _hub(request)
    try:
        r = fmt.Reader(await _body(request))
        # Some source systems send English keys; a missing field is named by the document's Vietnamese key.
        username = (
            r.text("username", 64)
            if "TenDangNhap" not in r.data and "username" in r.data
            else r.text("TenDangNhap", 64)
        )
        password = (
            r.text("password", 256) if "MatKhau" not in r.data and "password" in r.data else r.text("MatKhau", 256)
        )
    except HubError as exc:
        return failure(exc)
    address = client_address(request)

    def work() -> dict[str, Any]:
        with hub.database.uow() as uow:
            try:
                done = service.sign_in(uow, hub.settings, hub.signing_key, username, password, address)
            finally:
                uow.commit()  # a failed attempt counts towards the lockout
            return sources.ok(
                "Đăng nhập thành công.", MaTruyCap=done.token, access_token=done.token, token_type="bearer",
                HetHan=done.expires_at.isoformat(), NguonId=done.source.code,
            )  # fmt: skip

    try:
        return JSONResponse(await asyncio.to_thread(work))
    except HubError as exc:
        return failure(exc)


async def _handle(
    request: Request, kind: str, read: Callable[[Any], Any], act: Callable[..., dict[str, Any]], fetch: bool = False
) -> JSONResponse:
    hub = _hub(request)
    try:
        principal = await asyncio.to_thread(_principal, hub, request)
        data = await _body(request)
        msg = read(data)
        key = sources.message_key(kind, data)
        nguon_id = fmt.Reader(data).text("NguonId", 64)

        def work() -> dict[str, Any]:
            with hub.database.uow() as uow:
                source = sources.source_for(uow, principal, nguon_id)
                before = sources.answered(uow, source, key)
                if before is not None:
                    return before
            fetched = _fetch(hub, msg) if fetch else None
            try:
                with hub.database.uow() as uow:
                    source = sources.source_for(uow, principal, nguon_id)
                    answer = act(uow, principal, msg, fetched) if fetch else act(uow, principal, msg)
                    sources.remember(uow, source, kind, key, answer)
                    try:
                        uow.commit()
                    except IntegrityError:  # the same message, handled meanwhile by another request
                        uow.rollback()
                        return sources.answered(uow, source, key) or answer
                    return answer
            finally:
                if fetched is not None:
                    fetched.path.unlink(missing_ok=True)

        return JSONResponse(await asyncio.to_thread(work))
    except HubError as exc:
        return failure(exc)


def _fetch(hub: Hub, msg: fmt.NewBulletin) -> Fetched | None:
    audio = next((c for c in msg.content if c.kind in (None, 3)), None)
    if audio is None:
        return None
    index = msg.content.index(audio)
    name = "NoiDung.Link" if len(msg.content) == 1 else f"NoiDung[{index}].Link"
    settings = hub.settings
    return fetch_audio(
        audio.link,
        name,
        max_bytes=settings.of(ExchangeSettings).source_audio_max_bytes,
        timeout=settings.of(ExchangeSettings).source_audio_timeout_seconds,
    )


@router.post(
    "/cum-loa/dang-ky", summary="1. Đăng ký cụm loa với mã xác thực", openapi_extra=_example(EXAMPLES["register"])
)
async def register_cluster(request: Request) -> JSONResponse:
    return await _handle(request, "register-cluster", lambda d: fmt.cluster(d, auth=True), service.register_cluster)


@router.post("/cum-loa/dia-ban", summary="2. Đặt địa bàn cụm loa phục vụ", openapi_extra=_example(EXAMPLES["area"]))
async def set_area(request: Request) -> JSONResponse:
    return await _handle(request, "set-area", lambda d: fmt.cluster(d, area=True), service.set_area)


@router.post("/cum-loa/am-luong", summary="4. Đặt âm lượng cụm loa", openapi_extra=_example(EXAMPLES["volume"]))
async def set_volume(request: Request) -> JSONResponse:
    return await _handle(request, "set-volume", lambda d: fmt.cluster(d, volume=True), service.set_volume)


@router.post("/ban-tin", summary="5. Tạo bản tin", openapi_extra=_example(EXAMPLES["create"]))
async def create_bulletin(request: Request) -> JSONResponse:
    settings = _hub(request).settings
    return await _handle(
        request,
        "create-bulletin",
        fmt.new_bulletin,
        lambda uow, principal, msg, fetched: service.create_bulletin(uow, principal, settings, msg, fetched),
        fetch=True,
    )


@router.post("/ban-tin/huy", summary="6. Hủy bản tin", openapi_extra=_example(EXAMPLES["cancel"]))
async def cancel_bulletin(request: Request) -> JSONResponse:
    return await _handle(
        request, "cancel-bulletin", fmt.bulletin_ref, lambda uow, p, msg: service.cancel_bulletin(uow, p, *msg)
    )


@router.post("/ban-tin/lich-phat", summary="7. Đổi lịch phát bản tin", openapi_extra=_example(EXAMPLES["schedule"]))
async def change_schedule(request: Request) -> JSONResponse:
    settings = _hub(request).settings
    return await _handle(
        request,
        "change-schedule",
        fmt.schedule_change,
        lambda uow, p, msg: service.change_schedule(uow, p, settings, *msg),
    )
