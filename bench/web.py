"""Web pages benchmark: render time of the officials' dashboard, bulletin list and feedback inbox,
and of the citizen portal's commune page, with N bulletins (default 10,000) and M feedback cases
(default 100,000), against one `ttcs serve` process. Prints JSON.

    .venv/bin/python bench/web.py [--bulletins 10000] [--cases 100000] [--requests 200] [--backends sqlite,postgresql]

The bulletins are prepared as in `bench/api.py` (the seeded province, 102 communes, bulletins in every
state), the cases as in `bench/feedback.py` (open cases over the last 60 days, a tenth of them in the
busy ward Ea Kao, so most are overdue). Requests are sequential (one official at a time), measured end
to end from a client on the same machine. The annual report figures come with that feature.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api import PASSWORD, prepare  # noqa: E402
from feedback import load_cases, settings_for  # noqa: E402

from tests.support.postgres import start_cluster  # noqa: E402
from tests.support.server import Server  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def signed_in(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=True)
    page = client.get("/quan-tri/dang-nhap")
    token = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
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
    args = parser.parse_args()
    results: dict[str, object] = {
        "bulletins": args.bulletins,
        "cases": args.cases,
        "server_processes": 1,
        "cpu_cores": os.cpu_count(),
    }
    for backend in args.backends.split(","):
        work = Path(tempfile.mkdtemp(prefix=f"ttcs-bench-web-{backend}-"))
        cluster = None
        if backend == "sqlite":
            url = f"sqlite:///{work / 'ttcs.sqlite3'}"
        else:
            cluster = start_cluster()
            url = cluster.url("postgres")
        try:
            prepare(url, work, args.bulletins)
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
                results[backend] = {"cases_load_s": loaded, **measure(server.url, args.requests, busy[0])}
            finally:
                server.stop()
        finally:
            if cluster is not None:
                cluster.destroy()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
