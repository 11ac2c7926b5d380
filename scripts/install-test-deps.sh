#!/usr/bin/env bash
# Installs what the test suite drives for real (headless Chromium, PostgreSQL) when it is missing.
# Idempotent and quick when everything is present; needs root (as on CI) to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
[ -x "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/initdb" ] || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing test dependencies: ${missing[*]}. Install them (apt-get install ${missing[*]}) or run as root." >&2
    exit 1
  fi
  echo "Installing test dependencies: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
