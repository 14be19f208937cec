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
# so on 2 cores two at a time beat one (e2e-tests still runs last, alone); a clean run took 22-24
# minutes at the last measurements.
# Tried and measured (2026-12-02): one build, then the modules' tests in four parallel lanes
# without Maven's dependency order. Every test class ran 2-3x slower (ApiKeyApiTest 117 s against
# 43 s) and integrations-service's lane alone outlasted the whole reactor run: the suite is bound
# by CPU on 2 cores, not by the reactor's order, so only less test work makes it shorter.
exec ./mvnw -B -T 2 verify "$@"
