#!/usr/bin/env bash
# Prints a development control-panel token (12 h) trusted by the local stack's dev profile:
#   deploy/local/mint-token.sh <organization-id> [admin|viewer] [subject]
set -euo pipefail
cd "$(dirname "$0")/../.."
org=${1:?usage: mint-token.sh <organization-id> [admin|viewer] [subject]}
role=${2:-admin}
subject=${3:-dev-user}
RUN="$PWD/.local"
if [ ! -s "$RUN/stack.classpath" ]; then
  mkdir -p "$RUN"
  ./mvnw -B -q -DskipTests install -pl test-support -am >/dev/null
  ./mvnw -B -q -pl test-support dependency:build-classpath -Dmdep.outputFile="$RUN/stack.classpath" >/dev/null
fi
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "test-support/target/classes:$(cat "$RUN/stack.classpath")" \
  ai.crafted.testsupport.auth.MintDevTokenMain "$subject" "$org=$role"
