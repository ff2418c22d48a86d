#!/bin/sh
# Fills the passwords from the environment into Icecast's config, then runs Icecast in the foreground.
set -eu
: "${ICECAST_SOURCE_PASSWORD:?set ICECAST_SOURCE_PASSWORD}"
: "${ICECAST_ADMIN_PASSWORD:?set ICECAST_ADMIN_PASSWORD}"
sed -e "s|@SOURCE_PASSWORD@|${ICECAST_SOURCE_PASSWORD}|g" \
    -e "s|@ADMIN_PASSWORD@|${ICECAST_ADMIN_PASSWORD}|g" \
    -e "s|@HOSTNAME@|${ICECAST_HOSTNAME:-localhost}|g" \
    /etc/icecast2/icecast.template.xml > /tmp/icecast.xml
exec icecast2 -c /tmp/icecast.xml
