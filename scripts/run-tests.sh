#!/usr/bin/env bash
# The whole suite, as `make test` runs it (arguments go to pytest):
# - on PostgreSQL, the tests that run per database backend, on the real clock;
# - on SQLite, every test, with the clock moved to 23:30 Vietnam time on a working day of next year
#   (scripts/next-year-clock.sh): a year or a UTC date typed into the code or the tests fails here, not
#   in the province on 1 January. Each test still runs once per backend, so this costs no extra time.
# TTCS_TEST_BACKENDS picks the backends as before (sqlite,postgresql); TTCS_TEST_CLOCK=real keeps the
# real clock for the SQLite pass too.
set -uo pipefail
cd "$(dirname "$0")/.."
backends=",${TTCS_TEST_BACKENDS:-sqlite,postgresql},"
backends=${backends// /}
pytest=.venv/bin/pytest
clock=(scripts/next-year-clock.sh)
[ "${TTCS_TEST_CLOCK:-moved}" = real ] && clock=()
status=0
if [[ $backends == *,postgresql,* && $backends == *,sqlite,* ]]; then
  TTCS_TEST_BACKENDS=postgresql TTCS_TEST_DATABASE_ONLY=1 "$pytest" "$@" || status=$?
  TTCS_TEST_BACKENDS=sqlite "${clock[@]}" "$pytest" "$@" || status=$?
elif [[ $backends == *,sqlite,* ]]; then
  TTCS_TEST_BACKENDS=sqlite "${clock[@]}" "$pytest" "$@" || status=$?
else
  "$pytest" "$@" || status=$?
fi
exit "$status"
