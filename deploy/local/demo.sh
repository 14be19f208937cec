#!/usr/bin/env bash
# The guided demo against the running local stack (start it first with deploy/local/start.sh):
# mints a token, stores a credential, installs the demo MCP server, refreshes its catalog, creates
# an API key, runs a chat completion with a tool round trip, configures a WhatsApp app with one
# plugin, posts a signed webhook and shows the reply the fake Graph API received.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUN="$PWD/.local"
if [ ! -s "$RUN/stack.classpath" ]; then
  echo "The local stack is not built yet: run deploy/local/start.sh first." >&2
  exit 1
fi
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "test-support/target/classes:$(cat "$RUN/stack.classpath")" ai.crafted.testsupport.demo.DemoMain
