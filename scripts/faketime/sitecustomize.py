"""Loaded by every Python process started under scripts/next-year-clock.sh (it puts this folder on
PYTHONPATH): libfaketime 0.9.10 breaks `time.sleep` when the monotonic clock is left real
(`clock_nanosleep` on an absolute monotonic deadline fails with EINVAL), and faking the monotonic clock
instead hangs every timed wait of a lock (`sem_clockwait`, which it does not intercept). So the monotonic
clock stays real and sleeping waits in `select`, whose timeout is relative."""

from __future__ import annotations

import os
import select
import time

if os.environ.get("FAKETIME") and os.environ.get("FAKETIME_DONT_FAKE_MONOTONIC") == "1":
    _monotonic = time.monotonic

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        deadline = _monotonic() + seconds
        while (left := deadline - _monotonic()) > 0:
            select.select([], [], [], left)

    time.sleep = _sleep
