#!/usr/bin/env bash
# The test command: makes sure PostgreSQL runs (installing it on a fresh Debian machine) and the
# npm test fixtures are installed (real MCP servers, the MCP conformance suite, the OpenAI client
# libraries, playwright-core), and Debian's Chromium for the web UI's browser tests, then builds
# every module once and runs every module's tests. Kafka needs nothing: the tests start their own
# broker.
#
# Why lanes and not one `mvn -T 2 verify`: Maven starts a module only after every module it
# depends on has run its tests, so the end-to-end tests waited for integrations-service's, which
# waited for the MCP libraries'. After one build (`install -DskipTests`) the modules' tests are
# independent: four Maven processes ("lanes", balanced by the modules' test times) run them side
# by side. Most tests wait on Kafka, HTTP and timers, so two cores carry four lanes.
#
# With arguments, runs `./mvnw -B -T 2 verify <arguments>` instead (e.g. -pl gateway-service).
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy/local/ensure-postgres.sh
deploy/local/ensure-node.sh
deploy/local/ensure-chromium.sh
echo "[npm] installing test fixtures (test-support/npm)"
(cd test-support/npm && npm ci --no-audit --no-fund --loglevel=error)
if [ "$#" -gt 0 ]; then
  exec ./mvnw -B -T 2 verify "$@"
fi

started=$(date +%s)
echo "[build] every module, tests compiled, not run (./mvnw -B -T 2 install -DskipTests)"
./mvnw -B -T 2 install -DskipTests

# Longest first; each lane's modules one after the other (-fae: a failure does not stop the lane).
lanes=(
  "integrations-service"
  "e2e-tests,mcp-client"
  "gateway-service,whatsapp-worker"
  "catalog-refresher,mcp-oauth,replayed-view,secrets,http-guards,tool-compiler,tool-naming,events,store-outage"
)
# A module with tests that no lane names would never run: refuse to start instead.
for module in $(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' pom.xml); do
  if [ -d "$module/src/test" ] && ! printf '%s\n' "${lanes[@]}" | tr ',' '\n' | grep -qx "$module"; then
    echo "[lanes] the module $module has tests but no lane runs them: add it to a lane in $0" >&2
    exit 1
  fi
done
logs=target/test-lanes
rm -rf "$logs" && mkdir -p "$logs"
pids=()
for i in "${!lanes[@]}"; do
  echo "[lane $i] ${lanes[$i]} (log: $logs/lane-$i.log)"
  ./mvnw -o -B -fae surefire:test -pl "${lanes[$i]}" > "$logs/lane-$i.log" 2>&1 &
  pids+=($!)
done

# Progress: test classes finished per lane, every minute.
(
  while sleep 60; do
    line="[progress] $(( ($(date +%s) - started) / 60 )) min:"
    for i in "${!lanes[@]}"; do
      line+=" lane $i $(grep -c -- '-- in ' "$logs/lane-$i.log" 2>/dev/null || true) classes;"
    done
    echo "$line"
  done
) &
progress=$!

failed=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then
    echo "[lane $i] passed: ${lanes[$i]}"
  else
    failed=1
    echo "[lane $i] FAILED: ${lanes[$i]}; its log follows"
    cat "$logs/lane-$i.log"
  fi
done
kill "$progress" 2>/dev/null || true
for i in "${!lanes[@]}"; do
  echo "[lane $i] $(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures' "$logs/lane-$i.log" | grep -v -- '-- in ' | tr '\n' ' ')"
done
echo "[tests] $( [ $failed = 0 ] && echo passed || echo FAILED ) in $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s"
exit $failed
