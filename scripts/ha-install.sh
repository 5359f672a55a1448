#!/usr/bin/env bash
# Home Assistant Core for the real-HA tests (test/real-ha/) and `npm run ha`: a Python 3.13 venv
# under .cache/ha-core/ (git-ignored) holding the pinned homeassistant release and the
# requirements of exactly the integrations the tests load, so `hass --skip-pip` starts without
# installing anything at run time. Idempotent: a no-op when the venv exists and has the pin.
# Needs Python 3.13 (pyenv's 3.13.0 when present) and PyPI.
set -euo pipefail
# The newest release that installs on Python 3.13.0 (2025.5 and later require 3.13.2).
HA_VERSION="2025.4.4"
REQUIREMENTS_VERSION=2 # bump when ha-requirements.py changes what it installs
# What the harness's configuration.yaml loads (src/testing/real-ha/config.ts; no default_config,
# which would pull in dozens more). ha-requirements.py adds what HA sets up at every start
# (frontend, backup, network, ...) and follows the manifests' dependencies.
INTEGRATIONS="api auth automation config history http input_boolean input_number input_select onboarding person recorder script sun template weather websocket_api"
cd "$(dirname "$0")/.."
root="${HOMERHYTHM_HA_DIR:-$PWD/.cache/ha-core}"
venv="$root/venv"
stamp="$root/installed"
want="homeassistant==$HA_VERSION requirements=$REQUIREMENTS_VERSION integrations=$INTEGRATIONS"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/hass" ]; then
  exit 0
fi
python=""
if command -v pyenv >/dev/null 2>&1 && pyenv prefix 3.13.0 >/dev/null 2>&1; then
  python="$(pyenv prefix 3.13.0)/bin/python3"
elif command -v python3.13 >/dev/null 2>&1; then
  python="$(command -v python3.13)"
else
  echo "ha-install: no Python 3.13 (pyenv 3.13.0 or python3.13 on PATH); Home Assistant $HA_VERSION needs it" >&2
  exit 1
fi
# pip, without the machine's notes about local mirrors that do not hold a package; fails when pip does
pip_install() {
  local log
  log="$(mktemp)"
  if ! "$venv/bin/pip" install --quiet "$@" >"$log" 2>&1; then
    grep -v '^WARNING: Location' "$log" >&2 || true
    rm -f "$log"
    echo "ha-install: pip install $* failed" >&2
    exit 1
  fi
  grep -v '^WARNING: Location' "$log" || true
  rm -f "$log"
}
echo "installing Home Assistant Core $HA_VERSION into $venv (once; a few minutes)"
rm -f "$stamp"
mkdir -p "$root"
# a venv of another Python (or a broken one) is made anew; a good one is only completed
if ! "$venv/bin/python" -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi
pip_install "homeassistant==$HA_VERSION"
"$venv/bin/python" -c "import homeassistant.const as c; assert c.__version__ == '$HA_VERSION', c.__version__"
# The integrations' own requirements (recorder: SQLAlchemy, fnv-hash-fast; sun: astral; …),
# pinned as HA's manifests pin them.
listed="$("$venv/bin/python" scripts/ha-requirements.py $INTEGRATIONS)"
mapfile -t reqs <<<"$listed"
if [ ${#reqs[@]} -gt 0 ]; then
  pip_install "homeassistant==$HA_VERSION" "${reqs[@]}"
fi
"$venv/bin/python" -c "import homeassistant.const as c; assert c.__version__ == '$HA_VERSION', c.__version__"
echo "$want" >"$stamp"
echo "Home Assistant Core $HA_VERSION installed ($venv)"
