#!/usr/bin/with-contenv bashio
# shellcheck shell=bash
# The App's start. homerhythm does the rest itself (src/app-options.ts): SUPERVISOR_TOKEN set and
# no HA_URL means it reads /data/options.json, connects through ws://supervisor/core/websocket,
# keeps its store under /data (in HA's backups) and logs to stdout (the App's log tab).
set -e
bashio::log.info "Starting homerhythm $(homerhythm --version)"
cd /data
exec homerhythm serve
