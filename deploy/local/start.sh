#!/usr/bin/env bash
# Starts the whole local stack without Docker: PostgreSQL (installed/started if needed), a KRaft
# Kafka broker on 127.0.0.1:9092, a demo MCP server, the demo model (only without OPENAI_API_KEY /
# OPENAI_BASE_URL), a fake WhatsApp Graph API, and the four services on their documented ports,
# each awaited on /q/health/ready. Logs in .local/logs, pids in .local/pids; stop.sh stops them.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUN="$ROOT/.local"
mkdir -p "$RUN/logs" "$RUN/pids"

say() { printf '[%-20s] %s\n' "$1" "$2"; }

running=""
for pidfile in "$RUN"/pids/*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then running="$running $(basename "$pidfile" .pid)($pid)"; fi
done
if [ -n "$running" ]; then
  echo "The local stack is already running:$running" >&2
  echo "Stop it first with deploy/local/stop.sh" >&2
  exit 1
fi
rm -f "$RUN"/pids/*.pid

say postgres "ensuring PostgreSQL and the databases integrations, catalog, whatsapp, gateway"
deploy/local/ensure-postgres.sh integrations catalog whatsapp gateway

say node "ensuring Node.js and the demo MCP server (npm ci in test-support/npm)"
deploy/local/ensure-node.sh
(cd test-support/npm && npm ci --no-audit --no-fund --loglevel=error) > "$RUN/logs/npm.log" 2>&1 \
  || { say node "npm ci failed; see .local/logs/npm.log"; exit 1; }

# Tracing (README "Tracing") is off unless a collector is named: then the services export to it.
if [ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]; then
  export OTEL_SDK_DISABLED="${OTEL_SDK_DISABLED:-false}"
  say tracing "exporting traces to $OTEL_EXPORTER_OTLP_ENDPOINT (OTEL_SDK_DISABLED=$OTEL_SDK_DISABLED)"
fi

say build "building the services (./mvnw -DskipTests install; log: .local/logs/build.log)"
if ! ./mvnw -B -DskipTests install > "$RUN/logs/build.log" 2>&1; then
  say build "FAILED; last lines of .local/logs/build.log:"
  tail -30 "$RUN/logs/build.log"
  exit 1
fi
if ! ./mvnw -B -q -pl test-support dependency:build-classpath -Dmdep.outputFile="$RUN/stack.classpath" \
  >> "$RUN/logs/build.log" 2>&1; then
  say build "FAILED to compute the launcher's classpath; see .local/logs/build.log"
  exit 1
fi

exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "test-support/target/classes:$(cat "$RUN/stack.classpath")" \
  ai.crafted.testsupport.stack.LocalStackMain "$ROOT"
