#!/usr/bin/env bash
# Debian packages the test suite uses: tshark as an independent dissector of every frame vipr
# writes. Installs only what is missing, so a prepared machine pays nothing.
set -euo pipefail
need=()
command -v tshark >/dev/null 2>&1 || need+=(tshark)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-test-deps: need root to install: ${need[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
