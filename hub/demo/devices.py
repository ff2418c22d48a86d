"""Demo loudspeaker clusters and e-boards in Ea Kao and Cư M’gar, their communes' operating rules
and a programme — created through the services, like everything in the demo.

Demo device tokens are random, made when the demo is seeded (each install has its own: a published
token would let anyone read a demo hub's manifests and post forged play logs). The hub keeps only their
hashes, like any device's; `ttcs seed --demo` prints them and keeps them in `{var_dir}/demo-devices.json`
(readable by the operator only) so it can print them again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from hub.accounts import service as accounts
from hub.broadcasts import service as broadcasts
from hub.broadcasts.model import InterruptPolicy, Recurrence
from hub.db.uow import UnitOfWork
from hub.devices import service as devices
from hub.devices.model import Kind

EA_KAO, CU_MGAR = "24169", "24280"


@dataclass(frozen=True)
class DemoDevice:
    imei: str
    name: str
    kind: Kind
    area_code: str
    location: str
    lat: float
    lon: float


DEMO_DEVICES = (
    DemoDevice(
        "860001000000011",
        "Cụm loa UBND phường Ea Kao",
        Kind.LOUDSPEAKER,
        EA_KAO,
        "Trụ sở UBND phường",
        12.6290,
        108.0830,
    ),
    DemoDevice(
        "860001000000012",
        "Cụm loa Buôn Ea Kao",
        Kind.LOUDSPEAKER,
        f"{EA_KAO}-001",
        "Nhà văn hóa buôn",
        12.6180,
        108.0710,
    ),
    DemoDevice(
        "860002000000021", "Cụm loa UBND xã Cư M’gar", Kind.LOUDSPEAKER, CU_MGAR, "Chợ trung tâm xã", 12.8470, 108.0890
    ),
    DemoDevice(
        "860001000000091", "Bảng tin điện tử phường Ea Kao", Kind.EBOARD, EA_KAO, "Cổng UBND phường", 12.6291, 108.0831
    ),
)


TOKENS_FILE = "demo-devices.json"


def save_tokens(var_dir: Path, tokens: dict[str, str]) -> Path:
    """Keep the tokens just issued where `ttcs seed --demo` finds them again (mode 0600)."""
    path = var_dir / TOKENS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(tokens, out, indent=2)
    return path


def load_tokens(var_dir: Path) -> dict[str, str]:
    path = var_dir / TOKENS_FILE
    if not path.exists():
        return {}
    return {str(k): str(v) for k, v in json.loads(path.read_text()).items()}


def seed_devices(uow: UnitOfWork) -> dict[str, str]:
    """Register the demo devices; their tokens (IMEI → token), issued now and shown only to the caller."""
    operator = accounts.principal_for_user(uow, "vanhanh.eakao", "cli")
    from hub.accounts.model import Principal

    system = Principal.system("cli")
    tokens: dict[str, str] = {}
    for d in DEMO_DEVICES:
        who = operator if d.area_code.startswith(EA_KAO) else system
        issued = devices.add(
            uow,
            who,
            d.imei,
            name=d.name,
            kind=d.kind,
            area_code=d.area_code,
            group_name="Đài truyền thanh cơ sở",
            vendor="Demo",
            location=d.location,
            lat=d.lat,
            lon=d.lon,
        )
        tokens[d.imei] = issued.token
    uow.session.flush()
    for code in (EA_KAO, CU_MGAR):
        broadcasts.set_rules(
            uow,
            system,
            code,
            windows=[["06:00", "06:30"], ["11:00", "11:30"], ["17:00", "17:30"]],
            quiet=[["21:30", "05:30"]],
            max_volume=85,
            interrupt_policy=InterruptPolicy.RESUME,
        )
    editor = accounts.principal_for_user(uow, "bientap.eakao", "cli")
    vaccination = _bulletin_id(uow, "Lịch tiêm chủng mở rộng")
    if vaccination is not None:
        broadcasts.add_schedule(uow, editor, EA_KAO, vaccination, Recurrence.DAILY, ["06:10", "17:10"], [])
    editor_cm = accounts.principal_for_user(uow, "bientap.cumgar", "cli")
    meeting = _bulletin_id(uow, "Họp dân bàn kế hoạch")
    if meeting is not None:
        broadcasts.add_schedule(uow, editor_cm, CU_MGAR, meeting, Recurrence.WEEKLY, ["17:05"], ["1", "3", "5"])
    return tokens


def _bulletin_id(uow: UnitOfWork, title_start: str) -> int | None:
    from sqlalchemy import select

    from hub.bulletins.tables import bulletin_table

    query = select(bulletin_table.c.id).where(bulletin_table.c.title.startswith(title_start)).limit(1)
    return uow.session.execute(query).scalar_one_or_none()
