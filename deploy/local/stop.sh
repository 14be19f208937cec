#!/usr/bin/env bash
# Stops exactly what deploy/local/start.sh started: the pids recorded in .local/pids, and only
# when that pid is still one of our java processes (a recycled pid is left alone).
set -uo pipefail
cd "$(dirname "$0")/../.."
RUN="$PWD/.local"

ours() { tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qE 'quarkus-run.jar|kafka.Kafka|DemoPeersMain|server-everything'; }

stopped=0
# Services first, Kafka last: a service whose broker is already gone spends its shutdown retrying.
for pidfile in $(ls "$RUN"/pids/*.pid 2>/dev/null | grep -v '/kafka.pid$') "$RUN/pids/kafka.pid"; do
  [ -e "$pidfile" ] || continue
  name=$(basename "$pidfile" .pid)
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null && ours "$pid"; then
    echo "stopping $name (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { echo "  $name did not stop in 60 s: killing"; kill -9 "$pid"; }
    stopped=$((stopped + 1))
  fi
  rm -f "$pidfile"
done
echo "stopped $stopped process(es); PostgreSQL is left running (it is shared)"
