#!/usr/bin/env bash
# What the tests need from the system beyond npm: a real influxd (the InfluxDB backend's tests),
# Chromium (the dashboard's browser tests), iproute2 (`ip`, for the LAN peer of
# test/http/lan.test.ts) and systemd-analyze (test/packaging/systemd.test.ts verifies the unit;
# Debian has it in `systemd`) and nginx (test/dashboard/ingress.test.ts: it plays HA's ingress proxy). Installs them from Debian when missing; a no-op when all are there.
# Needs root (CI runs as root) or sudo.
set -euo pipefail
missing=()
command -v influxd >/dev/null 2>&1 || missing+=(influxdb)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing from Debian: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
