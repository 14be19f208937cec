#!/usr/bin/env bash
# The test command: makes sure PostgreSQL runs (installing it on a fresh Debian machine), then
# runs every module's tests with Maven. Kafka needs nothing: the tests start their own broker.
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy/local/ensure-postgres.sh
exec ./mvnw -B verify "$@"
