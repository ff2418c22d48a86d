"""Exchange benchmark: inbound source-system messages (create-bulletin without audio, then cancel) and
the upward outbox (collect and send play logs to the loopback provincial system). In-process, SQLite
in a temporary directory, one client at a time: the figures are a floor. Prints JSON.

    .venv/bin/python bench/exchange.py [--messages 200] [--logs 5000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from hub.accounts.model import Principal  # noqa: E402
from hub.app import create_app  # noqa: E402
from hub.areas.seed import seed_province  # noqa: E402
from hub.bootstrap import build_hub  # noqa: E402
from hub.config import Settings  # noqa: E402
from hub.db.migrate import upgrade  # noqa: E402
from hub.demo.seed import seed_demo  # noqa: E402
from hub.exchange import partners, upstream  # noqa: E402
from tests.support.source_system import SourceSystem, bulletin_message  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--logs", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, SourceSystem() as province:
        settings = Settings(
            database_url=f"sqlite:///{tmp}/bench.sqlite3", var_dir=Path(tmp), secret_key="b" * 40,
            log_level="warning", embedded_worker=False, upstream_url=province.base, upstream_username="ttcs.66",
            upstream_password="mat-khau-cap-tren", upstream_batch_size=500,
        )  # fmt: skip
        hub = build_hub(settings)
        upgrade(hub.database.engine)
        with hub.database.uow() as uow:
            seed_province(uow, 66)
            seed_demo(uow, "ttcs-demo-2026")
            partners.add_source(uow, Principal.system("cli"), "66", "Nguồn", "66", "nguon.66", "mat-khau-nguon-66")
            uow.commit()
        with TestClient(create_app(settings, hub=hub)) as client:
            login = {"TenDangNhap": "nguon.66", "MatKhau": "mat-khau-nguon-66"}
            token = client.post("/api/nguon/v1/dang-nhap", json=login).json()["MaTruyCap"]
            headers = {"Authorization": f"Bearer {token}"}
            start = datetime.now() - timedelta(hours=1)
            create, cancel = [], []
            for i in range(args.messages):
                message = bulletin_message("66", f"BENCH-{i}", start, start + timedelta(days=2), link=None,
                                           targets=["24169"], times=["06:05:00.000000"], days=[], kind=1)  # fmt: skip
                t0 = time.perf_counter()
                assert client.post("/api/nguon/v1/ban-tin", json=message, headers=headers).json()["TrangThaiGui"] == 0
                create.append(time.perf_counter() - t0)
            for i in range(args.messages):
                t0 = time.perf_counter()
                body = {"NguonId": "66", "BanTinId": f"BENCH-{i}"}
                assert client.post("/api/nguon/v1/ban-tin/huy", json=body, headers=headers).json()["TrangThaiGui"] == 0
                cancel.append(time.perf_counter() - t0)
        with hub.database.engine.begin() as conn:
            device = conn.exec_driver_sql("SELECT id FROM device ORDER BY id LIMIT 1").scalar_one()
            t = datetime(2026, 11, 26, tzinfo=UTC).replace(tzinfo=None)  # SQLite stores UTC naive
            rows = [
                (device, f"b1r1@{i}", t + timedelta(seconds=i), t + timedelta(seconds=i + 30), t)
                for i in range(args.logs)
            ]
            conn.exec_driver_sql(
                "INSERT INTO play_log (device_id, item_id, started_at, ended_at, result, detail, received_at) "
                "VALUES (?, ?, ?, ?, 'played', '', ?)",
                rows,
            )
        t0 = time.perf_counter()
        with hub.database.uow() as uow:
            collected = upstream.collect(uow, settings)
            uow.commit()
        collect_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        sent = upstream.send(hub)
        send_s = time.perf_counter() - t0
        hub.database.dispose()
    print(json.dumps({
        "backend": "sqlite",
        "create_bulletin": {"messages": args.messages, "per_s": round(args.messages / sum(create), 1),
                            "p50_ms": round(statistics.median(create) * 1000, 1),
                            "p95_ms": round(percentile(create, 0.95) * 1000, 1)},
        "cancel_bulletin": {"messages": args.messages, "per_s": round(args.messages / sum(cancel), 1),
                            "p50_ms": round(statistics.median(cancel) * 1000, 1)},
        "upstream": {"collected": collected, "collect_s": round(collect_s, 2), "sent": sent.records,
                     "send_s": round(send_s, 2), "records_per_s": round(sent.records / send_s, 1),
                     "received_by_upstream": len(province.logs) + len(province.statuses)},
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
