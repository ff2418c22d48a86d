#!/usr/bin/env bash
# Makes sure the system programs TTCS needs are present.
#   scripts/ensure-system.sh run    what `make run` needs
#   scripts/ensure-system.sh test   what `make test` needs (a superset)
# Missing programs are installed with apt-get when we are root on Debian/Ubuntu; otherwise we print
# exactly which packages to install and stop.
set -euo pipefail
profile=${1:-run}

# program -> Debian package. A program listed here is looked up on PATH (or at the given path).
run_needs=(
  "python3:python3"
  "espeak-ng:espeak-ng"
  "ffmpeg:ffmpeg"
  "ffprobe:ffmpeg"
  # relays ("tiếp sóng") and live broadcasts go through a loopback Icecast (`make run`: hub/streams/icecast.py;
  # the tests: tests/support/icecast.py)
  "icecast2:icecast2"
)
test_needs=(
  "/usr/lib/postgresql:postgresql"
  "mosquitto:mosquitto"
  "/usr/bin/chromium:chromium"
  # the hotline's tests: kamailio as SIP registrar and proxy; sipp (with its RFC 2833 DTMF captures) and the
  # baresip softphone as callers
  "/usr/sbin/kamailio:kamailio"
  "sipp:sip-tester"
  "baresip:baresip"
  # the calendar check: the suite runs once more with the clock moved to next year (see Makefile)
  "faketime:faketime"
  # the audio path of production: the hub authorises, nginx sends the file (X-Accel-Redirect)
  "/usr/sbin/nginx:nginx"
)

needs=("${run_needs[@]}")
[ "$profile" = test ] && needs+=("${test_needs[@]}")

missing=()
for pair in "${needs[@]}"; do
  prog=${pair%%:*}; pkg=${pair#*:}
  if [[ $prog == /* ]]; then [ -e "$prog" ] && continue
  else command -v "$prog" >/dev/null 2>&1 && continue; fi
  missing+=("$pkg")
done
# Fonts are not programs: check the files. Without Noto, Chromium cuts the marks above Vietnamese
# capitals in inputs and breaks Vietnamese in monospace (browser tests and their screenshots).
if [ "$profile" = test ]; then
  [ -e /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || missing+=("fonts-noto-core")
  [ -e /usr/share/fonts/truetype/noto/NotoMono-Regular.ttf ] || missing+=("fonts-noto-mono")
fi

[ ${#missing[@]} -eq 0 ] && exit 0
# unique
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "TTCS needs these system packages, which are missing: ${missing[*]}" >&2
echo "Install them, e.g.: sudo apt-get install ${missing[*]}" >&2
exit 1
