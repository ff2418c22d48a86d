#!/usr/bin/env bash
# The whole suite, as `make test` runs it (arguments go to pytest):
# - on PostgreSQL, the tests that run per database backend, on the real clock;
# - on SQLite, every test, with the clock moved to 23:30 Vietnam time on a working day of next year
#   (scripts/next-year-clock.sh): a year or a UTC date typed into the code or the tests fails here, not
#   in the province on 1 January. Each test still runs once per backend, so this costs no extra time.
# TTCS_TEST_BACKENDS picks the backends as before (sqlite,postgresql); TTCS_TEST_CLOCK=real keeps the
# real clock for the SQLite pass too.
# Each pass runs in several processes (pytest-xdist; much of a test's time is spent waiting for a server,
# a player or a browser, not computing): TTCS_TEST_WORKERS of them (default: twice the cores, at most 6;
# 0 runs in one process). Whole files go to one worker (--dist loadfile), so a file's fixtures are made
# once; each worker has its own databases, PostgreSQL cluster and loopback ports (tests/support/ports.py:
# a block per worker below the kernel's ephemeral range, from TTCS_TEST_PORT_BASE, set per pass here).
# TTCS_TEST_PARALLEL=1 also runs the two passes side by side: the SQLite pass prints as it goes, the
# PostgreSQL pass's output follows it.
set -uo pipefail
cd "$(dirname "$0")/.."
backends=",${TTCS_TEST_BACKENDS:-sqlite,postgresql},"
backends=${backends// /}
cores=$(nproc 2>/dev/null || echo 2)
workers=${TTCS_TEST_WORKERS:-$(( cores * 2 ))}
workers=$(( workers > 6 ? 6 : workers ))  # six port blocks per pass (tests/support/ports.py)
pytest=(.venv/bin/pytest)
[ "$workers" -gt 0 ] && pytest+=(-n "$workers" --dist loadfile)
export TTCS_TEST_PORT_BASE=${TTCS_TEST_PORT_BASE:-20000}  # 20000-25999 for SQLite, 26000-31999 for PostgreSQL
pg_ports=$(( TTCS_TEST_PORT_BASE + 6000 ))
clock=(scripts/next-year-clock.sh)
[ "${TTCS_TEST_CLOCK:-moved}" = real ] && clock=()
status=0
if [[ $backends == *,postgresql,* && $backends == *,sqlite,* && ${TTCS_TEST_PARALLEL:-0} != 1 ]]; then
  TTCS_TEST_PORT_BASE=$pg_ports TTCS_TEST_BACKENDS=postgresql TTCS_TEST_DATABASE_ONLY=1 "${pytest[@]}" "$@" || status=$?
  TTCS_TEST_BACKENDS=sqlite "${clock[@]}" "${pytest[@]}" "$@" || status=$?
elif [[ $backends == *,postgresql,* && $backends == *,sqlite,* ]]; then
  mkdir -p var
  pg_log=var/test-postgresql.log
  echo "PostgreSQL pass running beside the SQLite pass; its output: $pg_log (shown at the end)"
  TTCS_TEST_PORT_BASE=$pg_ports TTCS_TEST_BACKENDS=postgresql TTCS_TEST_DATABASE_ONLY=1 "${pytest[@]}" "$@" >"$pg_log" 2>&1 &
  pg_pass=$!
  TTCS_TEST_BACKENDS=sqlite "${clock[@]}" "${pytest[@]}" "$@" || status=$?
  wait "$pg_pass" || status=$?
  echo "==================== PostgreSQL pass ($pg_log) ===================="
  cat "$pg_log"
elif [[ $backends == *,sqlite,* ]]; then
  TTCS_TEST_BACKENDS=sqlite "${clock[@]}" "${pytest[@]}" "$@" || status=$?
else
  "${pytest[@]}" "$@" || status=$?
fi
exit "$status"
