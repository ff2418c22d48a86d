"""Fixtures of the exchange tests: the loopback provincial source system, a registered source with
its partner account, and a little real audio."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hub.accounts.model import Principal
from hub.exchange import partners
from tests.support.source_system import SourceSystem

NGUON, PARTNER, PARTNER_PASSWORD = "66", "nguon.66", "mat-khau-nguon-66"


def tone(path: Path, seconds: float) -> bytes:
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"sine=frequency=440:duration={seconds}", "-c:a", "libmp3lame", "-b:a", "64k", str(path)],
        check=True,
    )  # fmt: skip
    return path.read_bytes()


@pytest.fixture(scope="session")
def mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return tone(tmp_path_factory.mktemp("audio") / "tone.mp3", 3)


@pytest.fixture
def source_system() -> Iterator[SourceSystem]:
    with SourceSystem() as server:
        yield server


def add_partner(hub: Any, code: str = NGUON, area: str = "66", username: str = PARTNER) -> None:
    with hub.database.uow() as uow:
        partners.add_source(uow, Principal.system("cli"), code, f"Nguồn {code}", area, username, PARTNER_PASSWORD)
        uow.commit()


@pytest.fixture
def partner(hub: Any, client: Any) -> Callable[..., dict[str, str]]:
    """The source system 66 (the province) is registered; returns its sign-in → auth headers."""
    add_partner(hub)

    def sign_in(username: str = PARTNER, password: str = PARTNER_PASSWORD) -> dict[str, str]:
        answer = client.post("/api/nguon/v1/dang-nhap", json={"TenDangNhap": username, "MatKhau": password})
        assert answer.status_code == 200, answer.text
        assert answer.json()["TrangThaiGui"] == 0
        return {"Authorization": f"Bearer {answer.json()['MaTruyCap']}"}

    return sign_in
