"""Web pages benchmark: render time of the officials' dashboard, bulletin list and feedback inbox,
and of the citizen portal's commune page, with N bulletins (default 10,000) and M feedback cases
(default 100,000), against one `ttcs serve` process. Prints JSON.

    .venv/bin/python bench/web.py [--bulletins 10000] [--cases 100000] [--requests 200] [--backends sqlite,postgresql]

The bulletins are prepared as in `bench/api.py` (the seeded province, 102 communes, bulletins in every
state), the cases as in `bench/feedback.py` (open cases over the last 60 days, a tenth of them in the
busy ward Ea Kao, so most are overdue). Requests are sequential (one official at a time), measured end
to end from a client on the same machine. The annual report figures come with that feature.

With `--devices N` (default 10,000) the devices page, a device page and the programme week calendar
are measured too: half the devices stand in Phường Ea Kao (its operator's page), the rest spread over
the province, a tenth offline and a fifth playing, each with coordinates (the map draws the 100 of a page).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api import PASSWORD, prepare  # noqa: E402
from feedback import load_cases, settings_for  # noqa: E402

from hub.areas.model import AreaLevel  # noqa: E402
from hub.areas.tables import area_table  # noqa: E402
from hub.devices.model import hash_token  # noqa: E402
from hub.devices.tables import device_table  # noqa: E402
from hub.kit.time import utcnow  # noqa: E402
from tests.support.postgres import throwaway_database  # noqa: E402
from tests.support.server import Server  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def signed_in(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=True)
    page = client.get("/quan-tri/dang-nhap")
    token = TOKEN.search(page.text).group(1)
    response = client.post(
        "/quan-tri/dang-nhap", data={"csrf_token": token, "username": username, "password": PASSWORD}
    )
    response.raise_for_status()
    return client


def timed(client: httpx.Client, path: str, count: int) -> dict[str, float]:
    for _ in range(5):  # warm up
        client.get(path).raise_for_status()
    latencies = []
    size = 0
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(path)
        latencies.append(time.perf_counter() - started)
        response.raise_for_status()
        size = len(response.content)
    latencies.sort()
    return {
        "requests": count,
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(count * 0.95) - 1] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
        "bytes": size,
    }


def add_devices(url: str, count: int) -> None:
    """Bench data written straight to the table, like the bulletins of `prepare` (fast; no audit)."""
    import random

    rng, now = random.Random(11), utcnow()
    engine = create_engine(url)
    with engine.begin() as conn:
        areas = conn.execute(
            select(area_table.c.id, area_table.c.code, area_table.c.path, area_table.c.level).where(
                area_table.c.level.in_([AreaLevel.COMMUNE.value, AreaLevel.VILLAGE.value])
            )
        ).all()
        ea_kao = [a for a in areas if a.code == "24169" or a.code.startswith("24169-")]
        rows = []
        for i in range(count):
            area = rng.choice(ea_kao) if i % 2 == 0 else rng.choice(areas)
            roll = rng.random()
            state = "offline" if roll < 0.1 else "online"
            status = {"operating_state": "playing" if roll > 0.8 else "idle", "volume": 70}
            rows.append({
                "imei": f"BENCH-{i:06d}", "name": f"Cụm loa {i}", "kind": "loudspeaker", "area_id": area.id,
                "area_code": area.code, "area_path": area.path, "group_name": "", "vendor": "Bench",
                "location": "", "lat": 12.6 + rng.random() * 0.1, "lon": 108.0 + rng.random() * 0.1,
                "volume": 70, "token_hash": hash_token(f"bench-{i}"), "state": state, "state_since": now,
                "last_seen_at": now, "status": status, "alarms": [], "app_version": "bench", "created_at": now,
            })  # fmt: skip
            if len(rows) == 1000:
                conn.execute(insert(device_table), rows)
                rows = []
        if rows:
            conn.execute(insert(device_table), rows)
    engine.dispose()


def measure_devices(base: str, count: int) -> dict[str, object]:
    province, operator = signed_in(base, "xem.tinh"), signed_in(base, "vanhanh.eakao")
    try:
        return {
            "devices_page_province": timed(province, "/quan-tri/thiet-bi", count),
            "devices_page_commune": timed(operator, "/quan-tri/thiet-bi", count),
            "devices_page_offline": timed(operator, "/quan-tri/thiet-bi?tinh_trang=offline", count),
            "devices_page_playing": timed(operator, "/quan-tri/thiet-bi?tinh_trang=playing", count),
            "device_page": timed(operator, "/quan-tri/thiet-bi/BENCH-000000", count),
            "programme_week_commune": timed(operator, "/quan-tri/lich-phat/24169", count),
        }
    finally:
        province.close()
        operator.close()


def measure(base: str, count: int, case_code: str) -> dict[str, object]:
    province, commune, citizen = (
        signed_in(base, "xem.tinh"),
        signed_in(base, "bientap.eakao"),
        httpx.Client(base_url=base),
    )
    try:
        return {
            "dashboard_province": timed(province, "/quan-tri/", count),
            "dashboard_commune": timed(commune, "/quan-tri/", count),
            "bulletin_list_province": timed(province, "/quan-tri/tin", count),
            "bulletin_list_filtered": timed(province, "/quan-tri/tin?status=published&q=tiem+chung", count),
            "bulletin_list_commune": timed(commune, "/quan-tri/tin", count),
            "portal_commune": timed(citizen, "/xa/24169", count),
            "inbox_province": timed(province, "/quan-tri/phan-anh", count),
            "inbox_commune": timed(commune, "/quan-tri/phan-anh", count),
            "inbox_commune_overdue_unanswered": timed(
                commune, "/quan-tri/phan-anh?due=qua-han&status=chua-tra-loi&category=other", count
            ),
            "inbox_province_search": timed(province, "/quan-tri/phan-anh?q=den+duong+khong+sang", count),
            "inbox_commune_last_page": timed(commune, "/quan-tri/phan-anh?page=400", count),
            "inbox_case": timed(commune, f"/quan-tri/phan-anh/{case_code}", count),
            "portal_case_status": timed(citizen, f"/tra-cuu/{case_code}", count),
        }
    finally:
        for client in (province, commune, citizen):
            client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bulletins", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--devices", type=int, default=10_000, help="0: skip the device pages")
    parser.add_argument("--only-devices", action="store_true", help="measure only the device and programme pages")
    args = parser.parse_args()
    results: dict[str, object] = {
        "bulletins": args.bulletins,
        "devices": args.devices,
        "cases": args.cases,
        "server_processes": 1,
        "cpu_cores": os.cpu_count(),
    }
    for backend in args.backends.split(","):
        with throwaway_database(backend, "ttcs-bench-web") as (url, work):
            prepare(url, work, args.bulletins)
            if args.devices:
                add_devices(url, args.devices)
            loaded, busy = 0.0, [""]
            if not args.only_devices:
                began = time.perf_counter()
                samples, _ = load_cases(settings_for(url, work), args.cases)
                loaded = round(time.perf_counter() - began, 1)
                busy = [code for _, _, area, code in samples if area == "24169"]  # a case of the busy ward
            env = {
                "TTCS_DATABASE_URL": url,
                "TTCS_VAR_DIR": str(work),
                "TTCS_SECRET_KEY": "b" * 40,
                "TTCS_EMBEDDED_WORKER": "false",
                "TTCS_LOG_LEVEL": "warning",
            }
            server = Server(env, work / "server.log", "--no-migrate").start()
            try:
                found = (
                    {} if args.only_devices else {"cases_load_s": loaded, **measure(server.url, args.requests, busy[0])}
                )
                if args.devices:
                    found.update(measure_devices(server.url, args.requests))
                results[backend] = found
            finally:
                server.stop()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
