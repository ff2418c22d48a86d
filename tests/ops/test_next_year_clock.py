"""The calendar check of `make test`: the SQLite pass runs with the clock moved to 23:30 Vietnam time on
a working day of next year, and Python still sleeps and waits under it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, threading, time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo
started = time.monotonic()
time.sleep(0.05)
threading.Event().wait(0.05)
now = datetime.now(UTC)
print(json.dumps({"utc": now.isoformat(), "local": now.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).isoformat(),
                  "waited": time.monotonic() - started}))
"""


def test_the_moved_clock_is_next_year_at_half_past_eleven_at_night_in_vietnam_on_a_wednesday():
    # This test may itself run under the moved clock: start from the real one.
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME")}
    real_year = int(subprocess.check_output(["date", "+%Y"], env={**env, "TZ": "Asia/Ho_Chi_Minh"}, text=True))
    done = subprocess.run(
        [str(ROOT / "scripts" / "next-year-clock.sh"), sys.executable, "-c", PROBE],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    seen = json.loads(done.stdout)
    local = seen["local"]
    assert local.startswith(f"{real_year + 1}-01-") and "T23:30" in local and local.endswith("+07:00")
    assert seen["utc"].split("T")[1].startswith("16:30")  # an evening in UTC
    assert date.fromisoformat(local[:10]).isoweekday() == 3  # a Wednesday: yesterday and tomorrow are working days
    assert seen["waited"] >= 0.1  # sleeping and timed waits work under libfaketime
