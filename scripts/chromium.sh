#!/usr/bin/env bash
# Headless Chromium for the dashboard's browser tests, from Debian's packages when it is missing.
# Prints the browser's path (what the tests give Playwright as its executable); exits 1 without one.
#   scripts/chromium.sh
set -euo pipefail
find_browser() { command -v chromium || command -v chromium-browser || true; }
browser=$(find_browser)
if [ -z "$browser" ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "chromium.sh: Chromium is not installed and installing it needs root" >&2; exit 1; fi
  echo "chromium.sh: installing Chromium from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core </dev/null >/dev/null
  browser=$(find_browser)
fi
[ -n "$browser" ] || { echo "chromium.sh: no chromium after installing it" >&2; exit 1; }
# Debian's /usr/bin/chromium is a shell wrapper; Playwright wants the browser binary itself.
if [ -x /usr/lib/chromium/chromium ]; then browser=/usr/lib/chromium/chromium; fi
echo "$browser"
