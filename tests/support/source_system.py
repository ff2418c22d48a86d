"""A provincial source system on a loopback port, written from
`../shared/reference/source-system-interface.md`: the other side of TTCS's exchange.

- As the **upstream** our hub reports to: `POST /dang-nhap` (username/password → bearer token),
  `POST /cum-loa/trang-thai` (message 8, cluster status) and `POST /ban-tin/nhat-ky` (message 9,
  broadcast log), each a JSON array of records checked field by field against the format; answers
  carry `TrangThaiGui` 0. `down = True` makes it answer 503, as a system being restarted does.
- As the **source** that feeds the hub: it serves the audio its bulletins link to (`/media/<name>`),
  and `message(...)` builds the messages 1–7 with the format's field names and value rules.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime
from typing import Any

from tests.support.loopback import Loopback

TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,7}$")
STATUS_FIELDS = {"NguonId": str, "CumLoaId": str, "TrangThaiHoatDong": int, "TrangThaiKetNoi": str, "AmLuong": int}
LOG_FIELDS = {"NguonId": str, "BanTinId": str, "ThoiDiemGui": str, "LoaiNhatKy": int, "GiaTri": int}


def wire_time(moment: datetime) -> str:
    """2021-12-31T00:00:00.000000 (local time, as the format writes it)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


class SourceSystem(Loopback):
    def __init__(self, username: str = "ttcs.66", password: str = "mat-khau-cap-tren") -> None:
        super().__init__()
        self.username, self.password = username, password
        self.tokens: set[str] = set()
        self.down = False
        self.lose_answers = 0  # store the next N batches but answer 502, as if the answer were lost
        self.statuses: list[dict[str, Any]] = []
        self.logs: list[dict[str, Any]] = []
        self.batches: list[str] = []  # Idempotency-Key of every batch stored
        self.refused: list[str] = []
        self.media: dict[str, tuple[bytes, str]] = {}

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: bytes):
        if method == "GET" and path.startswith("/media/"):
            found = self.media.get(path.removeprefix("/media/"))
            if found is None:
                return 404, b"not found", {"Content-Type": "text/plain"}
            return 200, found[0], {"Content-Type": found[1]}
        if self.down:
            return 503, {"TrangThaiGui": 9, "MoTa": "Hệ thống đang bảo trì"}, {}
        data = json.loads(body or b"null")
        if path == "/dang-nhap":
            if data.get("TenDangNhap") != self.username or data.get("MatKhau") != self.password:
                return 401, {"TrangThaiGui": 2, "MoTa": "Sai tên đăng nhập hoặc mật khẩu"}, {}
            token = secrets.token_hex(16)
            with self.lock:
                self.tokens.add(token)
            return 200, {"TrangThaiGui": 0, "MaTruyCap": token}, {}
        auth = {k.lower(): v for k, v in headers.items()}
        if auth.get("authorization", "").removeprefix("Bearer ") not in self.tokens:
            return 401, {"TrangThaiGui": 2, "MoTa": "Chưa đăng nhập"}, {}
        fields, store = {
            "/cum-loa/trang-thai": (STATUS_FIELDS, self.statuses),
            "/ban-tin/nhat-ky": (LOG_FIELDS, self.logs),
        }[path]
        problem = self._check(data, fields)
        if problem:
            self.refused.append(problem)
            return 422, {"TrangThaiGui": 1, "MoTa": problem}, {}
        key = auth.get("idempotency-key", "")
        with self.lock:
            if key and key in self.batches:
                return 200, {"TrangThaiGui": 0, "MoTa": "Đã nhận trước đó"}, {}
            self.batches.append(key)
            store.extend(data)
            if self.lose_answers:
                self.lose_answers -= 1
                return 502, {"TrangThaiGui": 9, "MoTa": "Bad gateway"}, {}
        return 200, {"TrangThaiGui": 0, "MoTa": f"Đã nhận {len(data)} bản ghi"}, {}

    @staticmethod
    def _check(data: Any, fields: dict[str, type]) -> str:
        if not isinstance(data, list) or not data:
            return "Cần một danh sách bản ghi"
        for record in data:
            for name, kind in fields.items():
                if not isinstance(record.get(name), kind):
                    return f"Thiếu hoặc sai trường {name}"
            if "ThoiDiemGui" in record and not TIME_RE.match(record["ThoiDiemGui"]):
                return "ThoiDiemGui sai định dạng"
            if "GiaTri" in record and record["GiaTri"] not in (0, 1):
                return "GiaTri phải là 0 hoặc 1"
        return ""

    # -- as the source that feeds the hub --------------------------------------------------------

    def serve(self, name: str, data: bytes, content_type: str = "audio/mpeg") -> str:
        self.media[name] = (data, content_type)
        return f"{self.base}/media/{name}"


def bulletin_message(
    nguon: str, ban_tin: str, start: datetime, end: datetime, *, link: str | None, targets: list[str],
    times: list[str], days: list[str], kind: int = 0, mode: int = 0, priority: int = 3, creating: str = "66",
    title: str = "Thông báo lịch tiêm chủng mở rộng",
) -> dict[str, Any]:  # fmt: skip
    """Message 5, as a provincial source system writes it."""
    message: dict[str, Any] = {
        "NguonId": nguon,
        "BanTinId": ban_tin,
        "NgayBatDau": wire_time(start)[:-1],  # the format's five fractional digits
        "NgayKetThuc": wire_time(end)[:-1],
        "CheDoPhat": mode,
        "LichPhat": schedule(times, days, kind),
        "TieuDe": title,
        "LinhVuc": 4,
        "NoiDungTomTat": "Trạm y tế phường tổ chức tiêm chủng mở rộng cho trẻ dưới 5 tuổi vào sáng thứ Bảy.",
        "ThoiGianSanXuat": wire_time(start),
        "ThoiLuong": 60,
        "TacGia": "Trung tâm Văn hóa tỉnh",
        "DiaBanTao": creating,
        "DanhSachDiaBanNhan": targets,
        "MucDoUuTien": priority,
    }
    if link:
        message["NoiDung"] = {"Link": link, "tanso": 0, "thoigian": 60, "order": 1}
    return message


def schedule(times: list[str], days: list[str], kind: int = 0) -> dict[str, Any]:
    return {
        "ThoiDiemBatDau": times,
        "ThoiDiemKetThuc": [_plus_minute(t) for t in times],
        "KieuLich": kind,
        "DanhSachNgayPhat": days,
    }


def _plus_minute(value: str) -> str:
    hh, mm = int(value[:2]), int(value[3:5])
    total = (hh * 60 + mm + 1) % (24 * 60)
    end = f"{total // 60:02d}:{total % 60:02d}{value[5:]}"
    return end if end > value else "23:59:59.000000"
