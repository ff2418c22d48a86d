#!/usr/bin/env bash
# Runs a command with the clock moved to 23:30 Vietnam time (16:30 UTC, where the local and the UTC dates
# differ) on a working day of next year, so a year or a UTC date typed into the code or the tests fails
# here rather than in the province on 1 January.
#   scripts/next-year-clock.sh .venv/bin/pytest tests/hub/web
# The day: the first Wednesday from 5 January of next year (clear of 1/1 and of Tết, mid-week so that
# yesterday and tomorrow are working days), computed from today's date: no year is written here.
# libfaketime is preloaded into the command and everything it starts (PostgreSQL, Mosquitto, Chromium,
# kamailio …). The clock is an offset from the real one, so it still advances and every process agrees on
# it; the monotonic clock is left alone (timeouts, timed waits and event loops keep working).
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG…]" >&2; exit 2; }
lib=""
for candidate in /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 /usr/lib/*/faketime/libfaketimeMT.so.1 \
  /usr/lib/faketime/libfaketimeMT.so.1; do
  [ -e "$candidate" ] && { lib=$candidate; break; }
done
[ -n "$lib" ] || { echo "libfaketime is missing: install the Debian package faketime (scripts/ensure-system.sh test)" >&2; exit 1; }

next_year=$(( $(TZ=Asia/Ho_Chi_Minh date +%Y) + 1 ))  # the year in Vietnam, where 1 January comes first
day=$(date -u -d "${next_year}-01-05" +%F)
while [ "$(date -u -d "$day" +%u)" != 3 ]; do day=$(date -u -d "$day + 1 day" +%F); done
target=$(date -u -d "$day 16:30:00" +%s)
offset=$(( target - $(date -u +%s) ))
echo "Clock moved to $day 23:30 Asia/Ho_Chi_Minh (${day} 16:30 UTC) for: $*" >&2
export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
export FAKETIME="+${offset}"
export FAKETIME_DONT_FAKE_MONOTONIC=1
# ... and Python's time.sleep, which libfaketime breaks in that mode, sleeps another way (see the file)
export PYTHONPATH="$(cd "$(dirname "$0")" && pwd)/faketime${PYTHONPATH:+:$PYTHONPATH}"
# Chromium and Rasa fail under libfaketime: the tests start them on the real clock (tests/support/clock.py).
exec "$@"
