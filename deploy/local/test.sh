#!/usr/bin/env bash
# The test command: makes sure PostgreSQL runs (installing it on a fresh Debian machine) and the
# npm test fixtures are installed (real MCP servers, the MCP conformance suite, playwright-core),
# and Debian's Chromium for the web UI's browser tests, then runs every module's tests with Maven.
# Kafka needs nothing: the tests start their own broker.
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy/local/ensure-postgres.sh
deploy/local/ensure-node.sh
deploy/local/ensure-chromium.sh
echo "[npm] installing test fixtures (test-support/npm)"
(cd test-support/npm && npm ci --no-audit --no-fund --loglevel=error)
# Two module builds at a time: the four services' tests wait on Kafka and HTTP much of the time,
# so on 2 cores the run takes about 15 minutes instead of 20 (e2e-tests still runs last, alone).
exec ./mvnw -B -T 2 verify "$@"
