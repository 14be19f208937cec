#!/usr/bin/env bash
# Runs every benchmark and writes bench/RESULTS.md and bench/results.json (about 11 minutes).
# Needs PostgreSQL (ensured here) and the built services; starts its own Kafka, stubs and services.
# -Dbench.seconds / -Dbench.warmup (default 8 s each) can be passed in BENCH_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/local/ensure-postgres.sh
# nginx is the reference reverse proxy of the streaming case; without it that case reports its nginx rows as missing.
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q nginx-light >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q nginx-light >/dev/null; } \
      || echo "run.sh: could not install nginx-light; the streaming case reports its nginx rows as missing" >&2
  else
    echo "run.sh: nginx missing (as root: apt-get install nginx-light); the streaming case reports its nginx rows as missing" >&2
  fi
fi
./mvnw -B -q -DskipTests install
./mvnw -B -q -Pbench -DskipTests install -pl bench
./mvnw -B -q -Pbench -pl bench dependency:build-classpath -Dmdep.outputFile="$PWD/bench/target/classpath" >/dev/null
exec java ${BENCH_OPTS:-} -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "bench/target/classes:$(cat bench/target/classpath)" ai.crafted.bench.BenchMain "$PWD"
