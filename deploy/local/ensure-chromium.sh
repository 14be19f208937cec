#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the web UI's browser tests (playwright-core drives
# it; Playwright's own browser download is not used). CHROMIUM_PATH may point at another build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
browser=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$browser" ]; then
  echo "[chromium] $browser missing: installing Debian's chromium"
  apt_install chromium
fi
echo "[chromium] $("$browser" --version 2>/dev/null | head -1)"
