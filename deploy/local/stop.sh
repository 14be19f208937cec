#!/usr/bin/env bash
# Stops exactly what deploy/local/start.sh started: the pids recorded in .local/pids, and only
# when that pid is still one of our processes (a recycled pid is left alone). The four services
# are asked to stop at once (each needs a second or two: consumers close, requests under way
# finish, up to 60 s here); then the demo peers, since the demo model and MCP servers answer
# those requests (stopped together, a streamed chat was cut mid-answer); Kafka goes last, since a
# service whose broker is already gone spends its shutdown retrying.
set -uo pipefail
cd "$(dirname "$0")/../.."
RUN="$PWD/.local"

ours() { tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qE 'quarkus-run.jar|kafka.Kafka|DemoPeersMain|server-everything'; }

# Sends TERM to each named pid file's process, waits up to 60 s for all of them, then kills what is left.
stop_all() {
  local pids=() names=()
  for pidfile in "$@"; do
    [ -e "$pidfile" ] || continue
    local name pid
    name=$(basename "$pidfile" .pid)
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null && ours "$pid"; then
      echo "stopping $name (pid $pid)"
      kill "$pid"
      pids+=("$pid"); names+=("$name")
    fi
    rm -f "$pidfile"
  done
  for _ in $(seq 1 120); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then echo "  ${names[$i]} did not stop in 60 s: killing"; kill -9 "${pids[$i]}"; fi
  done
  stopped=$((stopped + ${#pids[@]}))
}

stopped=0
services=() peers=()
for pidfile in "$RUN"/pids/*.pid; do
  case "$(basename "$pidfile" .pid)" in
    kafka) ;;
    integrations-service|catalog-refresher|gateway-service|whatsapp-worker) services+=("$pidfile") ;;
    *) peers+=("$pidfile") ;;
  esac
done
stop_all "${services[@]}"
stop_all "${peers[@]}"
stop_all "$RUN/pids/kafka.pid"
echo "stopped $stopped process(es); PostgreSQL is left running (it is shared); Kafka's data in .local/kafka is kept for the next start"
